/* pos-settings.c: the station settings facade over the GSettings schema io.paystar.Pos.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pos-settings.h"

#include "paystar-client.h"
#include "paystar-compat.h"

struct _PosSettings {
  GObject parent_instance;

  GSettings *settings;

  PosEnvironment environment;
  char *custom_api_base_uri;
  char *custom_web_origin;
  char *sandbox_origin;
  char *api_base_uri; /* derived */
  char *web_origin;   /* derived */
  char *business_unit_slug;
  char *station_name;
  char *station_id;
  char *business_name;
  char *bill_barcode_layout;
  char *office_database;
  guint idle_lock_minutes;
  char **charge_types;
  char **payment_fields;
  PosPaymentPageMode payment_page_mode;
  char *success_url;
  char *return_url;
  gboolean kiosk_mode;
  gboolean larger_text;
  gboolean self_service;
  char *api_key_file;
  char *query_session_path;
  char *query_reference_path;
};

G_DEFINE_FINAL_TYPE (PosSettings, pos_settings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_ENVIRONMENT,
  PROP_CUSTOM_API_BASE_URI,
  PROP_CUSTOM_WEB_ORIGIN,
  PROP_SANDBOX_ORIGIN,
  PROP_API_BASE_URI,
  PROP_WEB_ORIGIN,
  PROP_BUSINESS_UNIT_SLUG,
  PROP_STATION_NAME,
  PROP_STATION_ID,
  PROP_BUSINESS_NAME,
  PROP_BILL_BARCODE_LAYOUT,
  PROP_OFFICE_DATABASE,
  PROP_IDLE_LOCK_MINUTES,
  PROP_CHARGE_TYPES,
  PROP_PAYMENT_FIELDS,
  PROP_PAYMENT_PAGE_MODE,
  PROP_SUCCESS_URL,
  PROP_RETURN_URL,
  PROP_KIOSK_MODE,
  PROP_LARGER_TEXT,
  PROP_SELF_SERVICE,
  PROP_API_KEY_FILE,
  PROP_QUERY_SESSION_PATH,
  PROP_QUERY_REFERENCE_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The properties bound to the GSettings key of the same name. */
static const guint bound_properties[] = {
  PROP_ENVIRONMENT,         PROP_CUSTOM_API_BASE_URI, PROP_CUSTOM_WEB_ORIGIN,
  PROP_BUSINESS_UNIT_SLUG,  PROP_STATION_NAME,        PROP_IDLE_LOCK_MINUTES,
  PROP_CHARGE_TYPES,        PROP_PAYMENT_FIELDS,      PROP_PAYMENT_PAGE_MODE,
  PROP_SUCCESS_URL,         PROP_RETURN_URL,          PROP_KIOSK_MODE,
  PROP_API_KEY_FILE,        PROP_QUERY_SESSION_PATH,  PROP_QUERY_REFERENCE_PATH,
  PROP_STATION_ID,          PROP_OFFICE_DATABASE,     PROP_BUSINESS_NAME,
  PROP_BILL_BARCODE_LAYOUT, PROP_LARGER_TEXT,         PROP_SELF_SERVICE,
};

const char *
pos_environment_get_api_base_uri (PosEnvironment environment)
{
  switch (environment) {
    case POS_ENVIRONMENT_DEVELOPMENT:
      return POS_DEVELOPMENT_API_BASE_URI;
    case POS_ENVIRONMENT_PRODUCTION:
      return POS_PRODUCTION_API_BASE_URI;
    case POS_ENVIRONMENT_SANDBOX:
    case POS_ENVIRONMENT_CUSTOM:
    default:
      return NULL;
  }
}

const char *
pos_environment_get_web_origin (PosEnvironment environment)
{
  switch (environment) {
    case POS_ENVIRONMENT_DEVELOPMENT:
      return POS_DEVELOPMENT_WEB_ORIGIN;
    case POS_ENVIRONMENT_PRODUCTION:
      return POS_PRODUCTION_WEB_ORIGIN;
    case POS_ENVIRONMENT_SANDBOX:
    case POS_ENVIRONMENT_CUSTOM:
    default:
      return NULL;
  }
}

const char *
pos_environment_to_string (PosEnvironment environment)
{
  GEnumClass *klass = g_type_class_ref (POS_TYPE_ENVIRONMENT);
  GEnumValue *value = g_enum_get_value (klass, environment);

  /* The class stays alive: GLib never unloads static enum types. */
  g_type_class_unref (klass);
  return value != NULL ? value->value_nick : NULL;
}

/* The charge-types default of data/io.paystar.Pos.gschema.xml, in that order. GSettings cannot
 * translate an array default, and the values are sent to Paystar as ChargeType, so they stay
 * English; only what the agent reads is translated. */
static const char *const builtin_charge_types[] = {
  /* Translators: a charge type offered on each charge (a bill for water, power, gas...). */
  NC_ ("charge type", "Utility bill"),
  /* Translators: a charge type offered on each charge (a security or service deposit). */
  NC_ ("charge type", "Deposit"),
  /* Translators: a charge type offered on each charge (a late fee, a connection fee...). */
  NC_ ("charge type", "Fee"),
  /* Translators: a charge type offered on each charge (anything else). */
  NC_ ("charge type", "Other"),
};

const char *
pos_charge_type_get_label (const char *charge_type)
{
  if (charge_type == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (builtin_charge_types); i++) {
    if (g_str_equal (charge_type, builtin_charge_types[i]))
      return g_dpgettext2 (GETTEXT_PACKAGE, "charge type", charge_type);
  }
  return charge_type;
}

/* NULL for NULL or "" (after trimming), else without trailing slashes. */
static char *
normalize_origin (const char *text)
{
  g_autofree char *copy = NULL;
  gsize len;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  len = strlen (copy);
  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';
  if (len == 0)
    return NULL;
  return g_steal_pointer (&copy);
}

static void
update_endpoints (PosSettings *self)
{
  g_autofree char *api = NULL;
  g_autofree char *web = NULL;

  switch (self->environment) {
    case POS_ENVIRONMENT_DEVELOPMENT:
    case POS_ENVIRONMENT_PRODUCTION:
      api = g_strdup (pos_environment_get_api_base_uri (self->environment));
      web = g_strdup (pos_environment_get_web_origin (self->environment));
      break;
    case POS_ENVIRONMENT_SANDBOX:
      /* The sandbox serves the API, the hosted page and the loader on one origin. */
      api = normalize_origin (self->sandbox_origin);
      web = normalize_origin (self->sandbox_origin);
      break;
    case POS_ENVIRONMENT_CUSTOM:
    default:
      api = normalize_origin (self->custom_api_base_uri);
      web = normalize_origin (self->custom_web_origin);
      break;
  }

  if (paystar_set_str (&self->api_base_uri, api))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_BASE_URI]);
  if (paystar_set_str (&self->web_origin, web))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WEB_ORIGIN]);
}

static void
set_string_property (PosSettings *self, char **field, const char *value, guint prop_id)
{
  if (value == NULL)
    value = "";
  if (paystar_set_str (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* Replaces *@field with a copy of @value (NULL: empty) and notifies, when they differ. */
static void
set_strv_property (PosSettings *self, char ***field, const char *const *value, guint prop_id)
{
  static const char *const empty[] = { NULL };
  char **copy;

  if (value == NULL)
    value = empty;
  if (g_strv_equal ((const char *const *) *field, value))
    return;
  /* Copy before freeing: @value may be (or point into) the current array, such as the getter's
   * own strings. */
  copy = g_strdupv ((char **) value);
  g_strfreev (*field);
  *field = copy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
pos_settings_constructed (GObject *object)
{
  PosSettings *self = POS_SETTINGS (object);

  G_OBJECT_CLASS (pos_settings_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = g_settings_new (POS_SETTINGS_SCHEMA_ID);

  for (guint i = 0; i < G_N_ELEMENTS (bound_properties); i++) {
    const char *name = g_param_spec_get_name (properties[bound_properties[i]]);

    g_settings_bind (self->settings, name, self, name, G_SETTINGS_BIND_DEFAULT);
  }
  update_endpoints (self);
}

static void
pos_settings_dispose (GObject *object)
{
  PosSettings *self = POS_SETTINGS (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pos_settings_parent_class)->dispose (object);
}

static void
pos_settings_finalize (GObject *object)
{
  PosSettings *self = POS_SETTINGS (object);

  g_free (self->custom_api_base_uri);
  g_free (self->custom_web_origin);
  g_free (self->sandbox_origin);
  g_free (self->api_base_uri);
  g_free (self->web_origin);
  g_free (self->business_unit_slug);
  g_free (self->station_name);
  g_free (self->station_id);
  g_free (self->business_name);
  g_free (self->bill_barcode_layout);
  g_free (self->office_database);
  g_strfreev (self->charge_types);
  g_strfreev (self->payment_fields);
  g_free (self->success_url);
  g_free (self->return_url);
  g_free (self->api_key_file);
  g_free (self->query_session_path);
  g_free (self->query_reference_path);

  G_OBJECT_CLASS (pos_settings_parent_class)->finalize (object);
}

static void
pos_settings_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosSettings *self = POS_SETTINGS (object);

  switch (prop_id) {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_ENVIRONMENT:
      g_value_set_enum (value, self->environment);
      break;
    case PROP_CUSTOM_API_BASE_URI:
      g_value_set_string (value, self->custom_api_base_uri);
      break;
    case PROP_CUSTOM_WEB_ORIGIN:
      g_value_set_string (value, self->custom_web_origin);
      break;
    case PROP_SANDBOX_ORIGIN:
      g_value_set_string (value, self->sandbox_origin);
      break;
    case PROP_API_BASE_URI:
      g_value_set_string (value, self->api_base_uri);
      break;
    case PROP_WEB_ORIGIN:
      g_value_set_string (value, self->web_origin);
      break;
    case PROP_BUSINESS_UNIT_SLUG:
      g_value_set_string (value, self->business_unit_slug);
      break;
    case PROP_STATION_NAME:
      g_value_set_string (value, self->station_name);
      break;
    case PROP_STATION_ID:
      g_value_set_string (value, self->station_id);
      break;
    case PROP_BUSINESS_NAME:
      g_value_set_string (value, self->business_name);
      break;
    case PROP_BILL_BARCODE_LAYOUT:
      g_value_set_string (value, self->bill_barcode_layout);
      break;
    case PROP_OFFICE_DATABASE:
      g_value_set_string (value, self->office_database);
      break;
    case PROP_IDLE_LOCK_MINUTES:
      g_value_set_uint (value, self->idle_lock_minutes);
      break;
    case PROP_CHARGE_TYPES:
      g_value_set_boxed (value, self->charge_types);
      break;
    case PROP_PAYMENT_FIELDS:
      g_value_set_boxed (value, self->payment_fields);
      break;
    case PROP_PAYMENT_PAGE_MODE:
      g_value_set_enum (value, self->payment_page_mode);
      break;
    case PROP_SUCCESS_URL:
      g_value_set_string (value, self->success_url);
      break;
    case PROP_RETURN_URL:
      g_value_set_string (value, self->return_url);
      break;
    case PROP_KIOSK_MODE:
      g_value_set_boolean (value, self->kiosk_mode);
      break;
    case PROP_LARGER_TEXT:
      g_value_set_boolean (value, self->larger_text);
      break;
    case PROP_SELF_SERVICE:
      g_value_set_boolean (value, self->self_service);
      break;
    case PROP_API_KEY_FILE:
      g_value_set_string (value, self->api_key_file);
      break;
    case PROP_QUERY_SESSION_PATH:
      g_value_set_string (value, self->query_session_path);
      break;
    case PROP_QUERY_REFERENCE_PATH:
      g_value_set_string (value, self->query_reference_path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_settings_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  PosSettings *self = POS_SETTINGS (object);

  switch (prop_id) {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_ENVIRONMENT:
      pos_settings_set_environment (self, g_value_get_enum (value));
      break;
    case PROP_CUSTOM_API_BASE_URI:
      pos_settings_set_custom_api_base_uri (self, g_value_get_string (value));
      break;
    case PROP_CUSTOM_WEB_ORIGIN:
      pos_settings_set_custom_web_origin (self, g_value_get_string (value));
      break;
    case PROP_SANDBOX_ORIGIN:
      pos_settings_set_sandbox_origin (self, g_value_get_string (value));
      break;
    case PROP_BUSINESS_UNIT_SLUG:
      pos_settings_set_business_unit_slug (self, g_value_get_string (value));
      break;
    case PROP_STATION_NAME:
      pos_settings_set_station_name (self, g_value_get_string (value));
      break;
    case PROP_STATION_ID:
      pos_settings_set_station_id (self, g_value_get_string (value));
      break;
    case PROP_BUSINESS_NAME:
      pos_settings_set_business_name (self, g_value_get_string (value));
      break;
    case PROP_BILL_BARCODE_LAYOUT:
      pos_settings_set_bill_barcode_layout (self, g_value_get_string (value));
      break;
    case PROP_OFFICE_DATABASE:
      pos_settings_set_office_database (self, g_value_get_string (value));
      break;
    case PROP_IDLE_LOCK_MINUTES:
      pos_settings_set_idle_lock_minutes (self, g_value_get_uint (value));
      break;
    case PROP_CHARGE_TYPES:
      pos_settings_set_charge_types (self, g_value_get_boxed (value));
      break;
    case PROP_PAYMENT_FIELDS:
      pos_settings_set_payment_fields (self, g_value_get_boxed (value));
      break;
    case PROP_PAYMENT_PAGE_MODE:
      pos_settings_set_payment_page_mode (self, g_value_get_enum (value));
      break;
    case PROP_SUCCESS_URL:
      pos_settings_set_success_url (self, g_value_get_string (value));
      break;
    case PROP_RETURN_URL:
      pos_settings_set_return_url (self, g_value_get_string (value));
      break;
    case PROP_KIOSK_MODE:
      pos_settings_set_kiosk_mode (self, g_value_get_boolean (value));
      break;
    case PROP_LARGER_TEXT:
      pos_settings_set_larger_text (self, g_value_get_boolean (value));
      break;
    case PROP_SELF_SERVICE:
      pos_settings_set_self_service (self, g_value_get_boolean (value));
      break;
    case PROP_API_KEY_FILE:
      pos_settings_set_api_key_file (self, g_value_get_string (value));
      break;
    case PROP_QUERY_SESSION_PATH:
      pos_settings_set_query_session_path (self, g_value_get_string (value));
      break;
    case PROP_QUERY_REFERENCE_PATH:
      pos_settings_set_query_reference_path (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

#define RW_FLAGS (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)
#define RO_FLAGS (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static void
pos_settings_class_init (PosSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = pos_settings_constructed;
  object_class->dispose = pos_settings_dispose;
  object_class->finalize = pos_settings_finalize;
  object_class->get_property = pos_settings_get_property;
  object_class->set_property = pos_settings_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENVIRONMENT] = g_param_spec_enum ("environment", NULL, NULL, POS_TYPE_ENVIRONMENT,
                                                    POS_ENVIRONMENT_SANDBOX, RW_FLAGS);
  properties[PROP_CUSTOM_API_BASE_URI] =
    g_param_spec_string ("custom-api-base-uri", NULL, NULL, "", RW_FLAGS);
  properties[PROP_CUSTOM_WEB_ORIGIN] =
    g_param_spec_string ("custom-web-origin", NULL, NULL, "", RW_FLAGS);
  properties[PROP_SANDBOX_ORIGIN] =
    g_param_spec_string ("sandbox-origin", NULL, NULL, NULL, RW_FLAGS);
  properties[PROP_API_BASE_URI] = g_param_spec_string ("api-base-uri", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_WEB_ORIGIN] = g_param_spec_string ("web-origin", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_BUSINESS_UNIT_SLUG] =
    g_param_spec_string ("business-unit-slug", NULL, NULL, "acme-utilities", RW_FLAGS);
  properties[PROP_STATION_NAME] = g_param_spec_string ("station-name", NULL, NULL, "", RW_FLAGS);
  properties[PROP_STATION_ID] = g_param_spec_string ("station-id", NULL, NULL, "", RW_FLAGS);
  properties[PROP_BUSINESS_NAME] = g_param_spec_string ("business-name", NULL, NULL, "", RW_FLAGS);
  properties[PROP_BILL_BARCODE_LAYOUT] =
    g_param_spec_string ("bill-barcode-layout", NULL, NULL, "", RW_FLAGS);
  properties[PROP_OFFICE_DATABASE] =
    g_param_spec_string ("office-database", NULL, NULL, "", RW_FLAGS);
  properties[PROP_IDLE_LOCK_MINUTES] =
    g_param_spec_uint ("idle-lock-minutes", NULL, NULL, POS_IDLE_LOCK_MINUTES_MIN,
                       POS_IDLE_LOCK_MINUTES_MAX, POS_IDLE_LOCK_MINUTES_DEFAULT, RW_FLAGS);
  properties[PROP_CHARGE_TYPES] =
    g_param_spec_boxed ("charge-types", NULL, NULL, G_TYPE_STRV, RW_FLAGS);
  properties[PROP_PAYMENT_FIELDS] =
    g_param_spec_boxed ("payment-fields", NULL, NULL, G_TYPE_STRV, RW_FLAGS);
  properties[PROP_PAYMENT_PAGE_MODE] =
    g_param_spec_enum ("payment-page-mode", NULL, NULL, POS_TYPE_PAYMENT_PAGE_MODE,
                       POS_PAYMENT_PAGE_MODE_SDK, RW_FLAGS);
  properties[PROP_SUCCESS_URL] =
    g_param_spec_string ("success-url", NULL, NULL, POS_DEFAULT_SUCCESS_URL, RW_FLAGS);
  properties[PROP_RETURN_URL] =
    g_param_spec_string ("return-url", NULL, NULL, POS_DEFAULT_RETURN_URL, RW_FLAGS);
  properties[PROP_KIOSK_MODE] = g_param_spec_boolean ("kiosk-mode", NULL, NULL, FALSE, RW_FLAGS);
  properties[PROP_LARGER_TEXT] = g_param_spec_boolean ("larger-text", NULL, NULL, FALSE, RW_FLAGS);
  properties[PROP_SELF_SERVICE] =
    g_param_spec_boolean ("self-service", NULL, NULL, FALSE, RW_FLAGS);
  properties[PROP_API_KEY_FILE] = g_param_spec_string ("api-key-file", NULL, NULL, "", RW_FLAGS);
  properties[PROP_QUERY_SESSION_PATH] =
    g_param_spec_string ("query-session-path", NULL, NULL, "", RW_FLAGS);
  properties[PROP_QUERY_REFERENCE_PATH] =
    g_param_spec_string ("query-reference-path", NULL, NULL, "", RW_FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pos_settings_init (PosSettings *self)
{
  /* The schema's defaults; g_settings_bind() replaces them in constructed(). */
  self->environment = POS_ENVIRONMENT_SANDBOX;
  self->custom_api_base_uri = g_strdup ("");
  self->custom_web_origin = g_strdup ("");
  self->business_unit_slug = g_strdup ("acme-utilities");
  self->station_name = g_strdup ("");
  self->station_id = g_strdup ("");
  self->business_name = g_strdup ("");
  self->bill_barcode_layout = g_strdup ("");
  self->office_database = g_strdup ("");
  self->idle_lock_minutes = POS_IDLE_LOCK_MINUTES_DEFAULT;
  self->charge_types = g_new0 (char *, 1);
  self->payment_fields = g_new0 (char *, 1);
  self->payment_page_mode = POS_PAYMENT_PAGE_MODE_SDK;
  self->success_url = g_strdup (POS_DEFAULT_SUCCESS_URL);
  self->return_url = g_strdup (POS_DEFAULT_RETURN_URL);
  self->api_key_file = g_strdup ("");
  self->query_session_path = g_strdup ("");
  self->query_reference_path = g_strdup ("");
}

PosSettings *
pos_settings_new (void)
{
  return g_object_new (POS_TYPE_SETTINGS, NULL);
}

PosSettings *
pos_settings_new_with_settings (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (POS_TYPE_SETTINGS, "settings", settings, NULL);
}

GSettings *
pos_settings_get_settings (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  return self->settings;
}

PosEnvironment
pos_settings_get_environment (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), POS_ENVIRONMENT_SANDBOX);

  return self->environment;
}

void
pos_settings_set_environment (PosSettings *self, PosEnvironment environment)
{
  g_return_if_fail (POS_IS_SETTINGS (self));
  g_return_if_fail (environment <= POS_ENVIRONMENT_CUSTOM);

  if (self->environment == environment)
    return;
  self->environment = environment;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENT]);
  update_endpoints (self);
}

const char *
pos_settings_get_custom_api_base_uri (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  return self->custom_api_base_uri;
}

void
pos_settings_set_custom_api_base_uri (PosSettings *self, const char *uri)
{
  g_return_if_fail (POS_IS_SETTINGS (self));

  set_string_property (self, &self->custom_api_base_uri, uri, PROP_CUSTOM_API_BASE_URI);
  update_endpoints (self);
}

const char *
pos_settings_get_custom_web_origin (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  return self->custom_web_origin;
}

void
pos_settings_set_custom_web_origin (PosSettings *self, const char *origin)
{
  g_return_if_fail (POS_IS_SETTINGS (self));

  set_string_property (self, &self->custom_web_origin, origin, PROP_CUSTOM_WEB_ORIGIN);
  update_endpoints (self);
}

const char *
pos_settings_get_sandbox_origin (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  return self->sandbox_origin;
}

void
pos_settings_set_sandbox_origin (PosSettings *self, const char *origin)
{
  g_return_if_fail (POS_IS_SETTINGS (self));

  if (paystar_set_str (&self->sandbox_origin, origin))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SANDBOX_ORIGIN]);
  update_endpoints (self);
}

const char *
pos_settings_get_api_base_uri (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  return self->api_base_uri;
}

const char *
pos_settings_get_web_origin (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  return self->web_origin;
}

char *
pos_settings_get_sdk_loader_url (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  if (self->web_origin == NULL)
    return NULL;
  return g_strconcat (self->web_origin, POS_SDK_LOADER_PATH, NULL);
}

const char *
pos_settings_get_business_unit_slug (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  return self->business_unit_slug;
}

void
pos_settings_set_business_unit_slug (PosSettings *self, const char *slug)
{
  g_return_if_fail (POS_IS_SETTINGS (self));

  set_string_property (self, &self->business_unit_slug, slug, PROP_BUSINESS_UNIT_SLUG);
}

const char *
pos_settings_get_business_name (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  return self->business_name;
}

void
pos_settings_set_business_name (PosSettings *self, const char *name)
{
  g_return_if_fail (POS_IS_SETTINGS (self));

  set_string_property (self, &self->business_name, name, PROP_BUSINESS_NAME);
}

const char *
pos_settings_get_bill_barcode_layout (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  return self->bill_barcode_layout;
}

void
pos_settings_set_bill_barcode_layout (PosSettings *self, const char *layout)
{
  g_return_if_fail (POS_IS_SETTINGS (self));

  set_string_property (self, &self->bill_barcode_layout, layout, PROP_BILL_BARCODE_LAYOUT);
}

char *
pos_settings_dup_receipt_heading (PosSettings *self)
{
  const char *business, *station;

  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  business = self->business_name != NULL ? self->business_name : "";
  station = self->station_name != NULL ? self->station_name : "";
  if (*business != '\0' && *station != '\0')
    return g_strdup_printf ("%s \u2013 %s", business, station);
  return g_strdup (*business != '\0' ? business : station);
}

const char *
pos_settings_get_station_id (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  return self->station_id;
}

void
pos_settings_set_station_id (PosSettings *self, const char *id)
{
  g_return_if_fail (POS_IS_SETTINGS (self));

  set_string_property (self, &self->station_id, id, PROP_STATION_ID);
}

const char *
pos_settings_ensure_station_id (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  if (self->station_id == NULL || *self->station_id == '\0') {
    g_autofree char *id = g_uuid_string_random ();

    pos_settings_set_station_id (self, id);
  }
  return self->station_id;
}

const char *
pos_settings_get_office_database (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  return self->office_database;
}

void
pos_settings_set_office_database (PosSettings *self, const char *conninfo)
{
  g_return_if_fail (POS_IS_SETTINGS (self));

  set_string_property (self, &self->office_database, conninfo, PROP_OFFICE_DATABASE);
}

const char *
pos_settings_get_station_name (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  return self->station_name;
}

void
pos_settings_set_station_name (PosSettings *self, const char *name)
{
  g_return_if_fail (POS_IS_SETTINGS (self));

  set_string_property (self, &self->station_name, name, PROP_STATION_NAME);
}

guint
pos_settings_get_idle_lock_minutes (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), POS_IDLE_LOCK_MINUTES_DEFAULT);

  return self->idle_lock_minutes;
}

void
pos_settings_set_idle_lock_minutes (PosSettings *self, guint minutes)
{
  g_return_if_fail (POS_IS_SETTINGS (self));

  minutes = CLAMP (minutes, POS_IDLE_LOCK_MINUTES_MIN, POS_IDLE_LOCK_MINUTES_MAX);
  if (self->idle_lock_minutes == minutes)
    return;
  self->idle_lock_minutes = minutes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_LOCK_MINUTES]);
}

const char *const *
pos_settings_get_charge_types (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  return (const char *const *) self->charge_types;
}

void
pos_settings_set_charge_types (PosSettings *self, const char *const *charge_types)
{
  g_return_if_fail (POS_IS_SETTINGS (self));

  set_strv_property (self, &self->charge_types, charge_types, PROP_CHARGE_TYPES);
}

const char *const *
pos_settings_get_payment_fields (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  return (const char *const *) self->payment_fields;
}

void
pos_settings_set_payment_fields (PosSettings *self, const char *const *payment_fields)
{
  g_return_if_fail (POS_IS_SETTINGS (self));

  set_strv_property (self, &self->payment_fields, payment_fields, PROP_PAYMENT_FIELDS);
}

PosPaymentPageMode
pos_settings_get_payment_page_mode (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), POS_PAYMENT_PAGE_MODE_SDK);

  return self->payment_page_mode;
}

void
pos_settings_set_payment_page_mode (PosSettings *self, PosPaymentPageMode mode)
{
  g_return_if_fail (POS_IS_SETTINGS (self));
  g_return_if_fail (mode <= POS_PAYMENT_PAGE_MODE_REDIRECT);

  if (self->payment_page_mode == mode)
    return;
  self->payment_page_mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAYMENT_PAGE_MODE]);
}

const char *
pos_settings_get_success_url (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  return self->success_url;
}

void
pos_settings_set_success_url (PosSettings *self, const char *url)
{
  g_return_if_fail (POS_IS_SETTINGS (self));

  set_string_property (self, &self->success_url, url, PROP_SUCCESS_URL);
}

const char *
pos_settings_get_return_url (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  return self->return_url;
}

void
pos_settings_set_return_url (PosSettings *self, const char *url)
{
  g_return_if_fail (POS_IS_SETTINGS (self));

  set_string_property (self, &self->return_url, url, PROP_RETURN_URL);
}

gboolean
pos_settings_get_kiosk_mode (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), FALSE);

  return self->kiosk_mode;
}

void
pos_settings_set_kiosk_mode (PosSettings *self, gboolean kiosk_mode)
{
  g_return_if_fail (POS_IS_SETTINGS (self));

  kiosk_mode = !!kiosk_mode;
  if (self->kiosk_mode == kiosk_mode)
    return;
  self->kiosk_mode = kiosk_mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIOSK_MODE]);
}

gboolean
pos_settings_get_larger_text (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), FALSE);

  return self->larger_text;
}

void
pos_settings_set_larger_text (PosSettings *self, gboolean larger_text)
{
  g_return_if_fail (POS_IS_SETTINGS (self));

  larger_text = !!larger_text;
  if (self->larger_text == larger_text)
    return;
  self->larger_text = larger_text;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LARGER_TEXT]);
}

gboolean
pos_settings_get_self_service (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), FALSE);

  return self->self_service;
}

void
pos_settings_set_self_service (PosSettings *self, gboolean self_service)
{
  g_return_if_fail (POS_IS_SETTINGS (self));

  self_service = !!self_service;
  if (self->self_service == self_service)
    return;
  self->self_service = self_service;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELF_SERVICE]);
}

/* The other self-service keys are read from GSettings when a customer begins: nothing shows them
 * as they change, so they are no properties. */
char *
pos_settings_dup_self_service_channel (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  return g_settings_get_string (self->settings, "self-service-channel");
}

char *
pos_settings_dup_self_service_pos_user (PosSettings *self)
{
  g_autofree char *user = NULL;

  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  user = g_strstrip (g_settings_get_string (self->settings, "self-service-pos-user"));
  return *user != '\0' ? g_steal_pointer (&user) : NULL;
}

char *
pos_settings_dup_self_service_taker (PosSettings *self)
{
  char *user = pos_settings_dup_self_service_pos_user (self);

  if (user != NULL)
    return user;
  /* Not an address (no domain): the journal's name for the station itself. Built from its parts
   * like every address in the code. */
  return g_strconcat ("self-service", "@",
                      *self->station_name != '\0' ? self->station_name : "station", NULL);
}

void
pos_settings_get_self_service_limits (PosSettings *self, gint64 *minimum, gint64 *maximum)
{
  guint low, high;

  g_return_if_fail (POS_IS_SETTINGS (self));

  low = g_settings_get_uint (self->settings, "self-service-minimum-cents");
  high = g_settings_get_uint (self->settings, "self-service-maximum-cents");
  /* Crossed limits: the narrower reading, a single amount. */
  *minimum = MIN (low, high);
  *maximum = MAX (low, high);
}

guint
pos_settings_get_self_service_idle_seconds (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), 60);

  return g_settings_get_uint (self->settings, "self-service-idle-seconds");
}

char *
pos_settings_dup_self_service_printer (PosSettings *self)
{
  g_autofree char *printer = NULL;

  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  printer = g_strstrip (g_settings_get_string (self->settings, "self-service-printer"));
  return *printer != '\0' ? g_steal_pointer (&printer) : NULL;
}

const char *
pos_settings_get_api_key_file (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  return self->api_key_file;
}

void
pos_settings_set_api_key_file (PosSettings *self, const char *path)
{
  g_return_if_fail (POS_IS_SETTINGS (self));

  set_string_property (self, &self->api_key_file, path, PROP_API_KEY_FILE);
}

gboolean
pos_settings_check_query_path (const char *path, gboolean session_path, GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The client's own rule, so that a path the settings accept is one the client sends. */
  return paystar_client_check_query_path (path, session_path, error);
}

/* Sets a Query API path when it is valid (NULL: ""); an invalid one, e.g. written into the
 * GSettings key by hand, is left out and the lookup stays as it was. */
static void
set_query_path (PosSettings *self,
                char **field,
                const char *path,
                gboolean session_path,
                guint prop_id)
{
  g_autoptr (GError) error = NULL;

  if (!pos_settings_check_query_path (path, session_path, &error)) {
    g_message ("Ignoring the Query API path setting “%s”: %s", path, error->message);
    return;
  }
  set_string_property (self, field, path, prop_id);
}

const char *
pos_settings_get_query_session_path (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  return self->query_session_path;
}

void
pos_settings_set_query_session_path (PosSettings *self, const char *path)
{
  g_return_if_fail (POS_IS_SETTINGS (self));

  set_query_path (self, &self->query_session_path, path, TRUE, PROP_QUERY_SESSION_PATH);
}

const char *
pos_settings_get_query_reference_path (PosSettings *self)
{
  g_return_val_if_fail (POS_IS_SETTINGS (self), NULL);

  return self->query_reference_path;
}

void
pos_settings_set_query_reference_path (PosSettings *self, const char *path)
{
  g_return_if_fail (POS_IS_SETTINGS (self));

  set_query_path (self, &self->query_reference_path, path, FALSE, PROP_QUERY_REFERENCE_PATH);
}
