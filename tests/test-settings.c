/* test-settings.c: tests of PosSettings: defaults, environment endpoints, bindings, idle range,
 * the string lists, the Query API paths.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "pos.h"

typedef struct {
  GSettings *gsettings;
  PosSettings *settings;
  guint api_notifies;
  guint environment_notifies;
  guint charge_types_notifies;
  guint payment_fields_notifies;
} Fixture;

static void
on_notify (PosSettings *settings, GParamSpec *pspec, Fixture *fixture)
{
  if (g_str_equal (pspec->name, "api-base-uri"))
    fixture->api_notifies++;
  else if (g_str_equal (pspec->name, "environment"))
    fixture->environment_notifies++;
  else if (g_str_equal (pspec->name, "charge-types"))
    fixture->charge_types_notifies++;
  else if (g_str_equal (pspec->name, "payment-fields"))
    fixture->payment_fields_notifies++;
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  /* GSETTINGS_BACKEND=memory: each fixture starts from the schema's defaults. */
  g_autoptr (GSettingsBackend) backend = g_memory_settings_backend_new ();

  fixture->gsettings = g_settings_new_with_backend (POS_SETTINGS_SCHEMA_ID, backend);
  fixture->settings = pos_settings_new_with_settings (fixture->gsettings);
  g_signal_connect (fixture->settings, "notify", G_CALLBACK (on_notify), fixture);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_assert_finalize_object (fixture->settings);
  g_assert_finalize_object (fixture->gsettings);
}

static void
test_defaults (Fixture *fixture, gconstpointer data)
{
  PosSettings *settings = fixture->settings;
  const char *const *types = pos_settings_get_charge_types (settings);
  const char *const expected_types[] = { "Utility bill", "Deposit", "Fee", "Other", NULL };
  const char *const expected_fields[] = { "invoiceNumber", "memoLine", NULL };

  g_assert_cmpint (pos_settings_get_environment (settings), ==, POS_ENVIRONMENT_SANDBOX);
  g_assert_cmpstr (pos_settings_get_business_unit_slug (settings), ==, "acme-utilities");
  g_assert_cmpstr (pos_settings_get_station_name (settings), ==, "");
  g_assert_cmpuint (pos_settings_get_idle_lock_minutes (settings), ==, 5);
  g_assert_true (g_strv_equal (types, expected_types));
  g_assert_true (g_strv_equal (pos_settings_get_payment_fields (settings), expected_fields));
  g_assert_cmpint (pos_settings_get_payment_page_mode (settings), ==, POS_PAYMENT_PAGE_MODE_SDK);
  g_assert_cmpstr (pos_settings_get_success_url (settings), ==, POS_DEFAULT_SUCCESS_URL);
  g_assert_cmpstr (pos_settings_get_return_url (settings), ==, POS_DEFAULT_RETURN_URL);
  g_assert_false (pos_settings_get_kiosk_mode (settings));
  g_assert_cmpstr (pos_settings_get_api_key_file (settings), ==, "");
  g_assert_cmpstr (pos_settings_get_custom_api_base_uri (settings), ==, "");
  /* The sandbox's endpoints are unknown until the app starts it. */
  g_assert_null (pos_settings_get_api_base_uri (settings));
  g_assert_null (pos_settings_get_web_origin (settings));
  g_assert_null (pos_settings_get_sdk_loader_url (settings));
  g_assert_true (pos_settings_get_settings (settings) == fixture->gsettings);

  /* The default constructor reads the same schema (memory backend from the environment). */
  {
    g_autoptr (PosSettings) plain = pos_settings_new ();

    g_assert_cmpstr (pos_settings_get_business_unit_slug (plain), ==, "acme-utilities");
    g_assert_finalize_object (g_steal_pointer (&plain));
  }
}

static void
test_environments (Fixture *fixture, gconstpointer data)
{
  PosSettings *settings = fixture->settings;
  g_autofree char *loader = NULL;

  pos_settings_set_environment (settings, POS_ENVIRONMENT_DEVELOPMENT);
  g_assert_cmpuint (fixture->environment_notifies, ==, 1);
  g_assert_cmpuint (fixture->api_notifies, ==, 1);
  g_assert_cmpstr (pos_settings_get_api_base_uri (settings), ==, "https://dev-gateway.paystar.io");
  g_assert_cmpstr (pos_settings_get_web_origin (settings), ==, "https://dev.paystar.io");
  loader = pos_settings_get_sdk_loader_url (settings);
  g_assert_cmpstr (loader, ==, "https://dev.paystar.io/app/embedded.loader.js");
  g_clear_pointer (&loader, g_free);
  /* The facade wrote the key. */
  {
    g_autofree char *stored = g_settings_get_string (fixture->gsettings, "environment");

    g_assert_cmpstr (stored, ==, "development");
  }

  pos_settings_set_environment (settings, POS_ENVIRONMENT_DEVELOPMENT);
  g_assert_cmpuint (fixture->environment_notifies, ==, 1);

  pos_settings_set_environment (settings, POS_ENVIRONMENT_PRODUCTION);
  g_assert_cmpstr (pos_settings_get_api_base_uri (settings), ==, "https://secure.paystar.io");
  g_assert_cmpstr (pos_settings_get_web_origin (settings), ==, "https://secure.paystar.io");
  loader = pos_settings_get_sdk_loader_url (settings);
  g_assert_cmpstr (loader, ==, "https://secure.paystar.io/app/embedded.loader.js");
  g_clear_pointer (&loader, g_free);

  /* Custom: from the keys, trailing slashes dropped. */
  pos_settings_set_custom_api_base_uri (settings, "https://gateway.example.test/");
  pos_settings_set_custom_web_origin (settings, "https://pay.example.test");
  g_assert_cmpstr (pos_settings_get_api_base_uri (settings), ==, "https://secure.paystar.io");
  pos_settings_set_environment (settings, POS_ENVIRONMENT_CUSTOM);
  g_assert_cmpstr (pos_settings_get_api_base_uri (settings), ==, "https://gateway.example.test");
  g_assert_cmpstr (pos_settings_get_web_origin (settings), ==, "https://pay.example.test");
  loader = pos_settings_get_sdk_loader_url (settings);
  g_assert_cmpstr (loader, ==, "https://pay.example.test/app/embedded.loader.js");
  g_clear_pointer (&loader, g_free);

  /* Sandbox: set at runtime, never stored. */
  pos_settings_set_environment (settings, POS_ENVIRONMENT_SANDBOX);
  g_assert_null (pos_settings_get_api_base_uri (settings));
  pos_settings_set_sandbox_origin (settings, "http://127.0.0.1:41234");
  g_assert_cmpstr (pos_settings_get_api_base_uri (settings), ==, "http://127.0.0.1:41234");
  g_assert_cmpstr (pos_settings_get_web_origin (settings), ==, "http://127.0.0.1:41234");
  loader = pos_settings_get_sdk_loader_url (settings);
  g_assert_cmpstr (loader, ==, "http://127.0.0.1:41234/app/embedded.loader.js");

  g_assert_cmpstr (pos_environment_to_string (POS_ENVIRONMENT_CUSTOM), ==, "custom");
  g_assert_cmpstr (pos_environment_get_api_base_uri (POS_ENVIRONMENT_PRODUCTION), ==,
                   POS_PRODUCTION_API_BASE_URI);
  g_assert_null (pos_environment_get_web_origin (POS_ENVIRONMENT_SANDBOX));
}

static void
test_bindings (Fixture *fixture, gconstpointer data)
{
  PosSettings *settings = fixture->settings;
  const char *const types[] = { "Water", "Sewer", NULL };
  g_auto (GStrv) stored_types = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *mode = NULL;

  /* Key -> facade. */
  g_settings_set_string (fixture->gsettings, "environment", "production");
  g_assert_cmpint (pos_settings_get_environment (settings), ==, POS_ENVIRONMENT_PRODUCTION);
  g_assert_cmpstr (pos_settings_get_api_base_uri (settings), ==, "https://secure.paystar.io");
  g_settings_set_boolean (fixture->gsettings, "kiosk-mode", TRUE);
  g_assert_true (pos_settings_get_kiosk_mode (settings));
  g_assert_false (pos_settings_get_larger_text (settings));
  g_settings_set_boolean (fixture->gsettings, "larger-text", TRUE);
  g_assert_true (pos_settings_get_larger_text (settings));
  pos_settings_set_larger_text (settings, FALSE);
  g_assert_false (g_settings_get_boolean (fixture->gsettings, "larger-text"));
  g_settings_set_string (fixture->gsettings, "payment-page-mode", "redirect");
  g_assert_cmpint (pos_settings_get_payment_page_mode (settings), ==,
                   POS_PAYMENT_PAGE_MODE_REDIRECT);

  /* Facade -> key. */
  pos_settings_set_business_unit_slug (settings, "city-hall");
  slug = g_settings_get_string (fixture->gsettings, "business-unit-slug");
  g_assert_cmpstr (slug, ==, "city-hall");
  pos_settings_set_charge_types (settings, types);
  stored_types = g_settings_get_strv (fixture->gsettings, "charge-types");
  g_assert_true (g_strv_equal ((const char *const *) stored_types, types));
  pos_settings_set_payment_page_mode (settings, POS_PAYMENT_PAGE_MODE_SDK);
  mode = g_settings_get_string (fixture->gsettings, "payment-page-mode");
  g_assert_cmpstr (mode, ==, "sdk");
  g_object_set (settings, "station-name", "Front 1", "success-url", "https://s.example/ok",
                "return-url", "https://s.example/back", "api-key-file", "/etc/key", NULL);
  {
    g_autofree char *name = g_settings_get_string (fixture->gsettings, "station-name");
    g_autofree char *ok = g_settings_get_string (fixture->gsettings, "success-url");
    g_autofree char *back = g_settings_get_string (fixture->gsettings, "return-url");
    g_autofree char *key = g_settings_get_string (fixture->gsettings, "api-key-file");

    g_assert_cmpstr (name, ==, "Front 1");
    g_assert_cmpstr (ok, ==, "https://s.example/ok");
    g_assert_cmpstr (back, ==, "https://s.example/back");
    g_assert_cmpstr (key, ==, "/etc/key");
  }
}

/* The setters copy the new list before freeing the old one: a list made of the getter's own
 * strings (as a preferences dialog reordering or deleting rows builds it) must survive. */
static void
test_charge_types_own_strings (Fixture *fixture, gconstpointer data)
{
  PosSettings *settings = fixture->settings;
  const char *const *types = pos_settings_get_charge_types (settings);
  const char *const reordered[] = { types[2], types[0], NULL };
  const char *const expected[] = { "Fee", "Utility bill", NULL };
  const char *const *after;
  g_auto (GStrv) stored = NULL;

  g_assert_cmpuint (g_strv_length ((char **) types), ==, 4);
  pos_settings_set_charge_types (settings, reordered);
  after = pos_settings_get_charge_types (settings);
  g_assert_true (g_strv_equal (after, expected));
  g_assert_true (after[0] != expected[0]); /* a copy, not the caller's strings */
  g_assert_cmpuint (fixture->charge_types_notifies, ==, 1);
  stored = g_settings_get_strv (fixture->gsettings, "charge-types");
  g_assert_true (g_strv_equal ((const char *const *) stored, expected));

  /* The getter's own array, unchanged: nothing happens. */
  pos_settings_set_charge_types (settings, pos_settings_get_charge_types (settings));
  g_assert_true (g_strv_equal (pos_settings_get_charge_types (settings), expected));
  g_assert_cmpuint (fixture->charge_types_notifies, ==, 1);

  /* A tail of the getter's own array. */
  pos_settings_set_charge_types (settings, pos_settings_get_charge_types (settings) + 1);
  g_assert_cmpstrv (pos_settings_get_charge_types (settings),
                    ((const char *const[]){ "Utility bill", NULL }));
  g_assert_cmpuint (fixture->charge_types_notifies, ==, 2);

  /* NULL is the empty list. */
  pos_settings_set_charge_types (settings, NULL);
  g_assert_cmpuint (g_strv_length ((char **) pos_settings_get_charge_types (settings)), ==, 0);
  g_assert_cmpuint (fixture->charge_types_notifies, ==, 3);
}

static void
test_payment_fields (Fixture *fixture, gconstpointer data)
{
  PosSettings *settings = fixture->settings;
  const char *const fields[] = { "accountRef", "invoiceNumber", "dueMonth", NULL };
  const char *const from_key[] = { "permitNumber", NULL };
  const char *const *current;
  g_auto (GStrv) stored = NULL;
  g_auto (GStrv) via_property = NULL;

  /* Facade -> key. */
  pos_settings_set_payment_fields (settings, fields);
  g_assert_cmpstrv (pos_settings_get_payment_fields (settings), fields);
  g_assert_cmpuint (fixture->payment_fields_notifies, ==, 1);
  stored = g_settings_get_strv (fixture->gsettings, "payment-fields");
  g_assert_cmpstrv (stored, fields);
  /* Setting the same list again neither notifies nor writes. */
  pos_settings_set_payment_fields (settings, fields);
  g_assert_cmpuint (fixture->payment_fields_notifies, ==, 1);

  /* Key -> facade, and the property. */
  g_assert_true (g_settings_set_strv (fixture->gsettings, "payment-fields", from_key));
  g_assert_cmpstrv (pos_settings_get_payment_fields (settings), from_key);
  g_assert_cmpuint (fixture->payment_fields_notifies, ==, 2);
  g_object_get (settings, "payment-fields", &via_property, NULL);
  g_assert_cmpstrv (via_property, from_key);
  g_object_set (settings, "payment-fields", fields, NULL);
  g_clear_pointer (&stored, g_strfreev);
  stored = g_settings_get_strv (fixture->gsettings, "payment-fields");
  g_assert_cmpstrv (stored, fields);

  /* The getter's own strings, reordered. */
  current = pos_settings_get_payment_fields (settings);
  {
    const char *const reversed[] = { current[2], current[1], current[0], NULL };
    const char *const expected[] = { "dueMonth", "invoiceNumber", "accountRef", NULL };

    pos_settings_set_payment_fields (settings, reversed);
    g_assert_cmpstrv (pos_settings_get_payment_fields (settings), expected);
  }

  /* Back to the schema's default. */
  g_settings_reset (fixture->gsettings, "payment-fields");
  g_assert_cmpstrv (pos_settings_get_payment_fields (settings),
                    ((const char *const[]){ "invoiceNumber", "memoLine", NULL }));
}

static void
test_idle_minutes (Fixture *fixture, gconstpointer data)
{
  PosSettings *settings = fixture->settings;
  g_autoptr (GSettingsSchemaKey) key = NULL;
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GVariant) range = NULL;
  guint32 min = 0;
  guint32 max = 0;
  const char *kind = NULL;
  GVariant *bounds = NULL;

  g_object_get (fixture->gsettings, "settings-schema", &schema, NULL);
  key = g_settings_schema_get_key (schema, "idle-lock-minutes");
  range = g_settings_schema_key_get_range (key);
  g_variant_get (range, "(&sv)", &kind, &bounds);
  g_assert_cmpstr (kind, ==, "range");
  g_variant_get (bounds, "(uu)", &min, &max);
  g_variant_unref (bounds);
  g_assert_cmpuint (min, ==, 1);
  g_assert_cmpuint (max, ==, 15);
  {
    g_autoptr (GVariant) zero = g_variant_ref_sink (g_variant_new_uint32 (0));
    g_autoptr (GVariant) sixteen = g_variant_ref_sink (g_variant_new_uint32 (16));
    g_autoptr (GVariant) fifteen = g_variant_ref_sink (g_variant_new_uint32 (15));

    g_assert_false (g_settings_schema_key_range_check (key, zero));
    g_assert_false (g_settings_schema_key_range_check (key, sixteen));
    g_assert_true (g_settings_schema_key_range_check (key, fifteen));
  }

  /* The setter clamps. */
  pos_settings_set_idle_lock_minutes (settings, 0);
  g_assert_cmpuint (pos_settings_get_idle_lock_minutes (settings), ==, 1);
  pos_settings_set_idle_lock_minutes (settings, 60);
  g_assert_cmpuint (pos_settings_get_idle_lock_minutes (settings), ==, 15);
  g_assert_cmpuint (g_settings_get_uint (fixture->gsettings, "idle-lock-minutes"), ==, 15);
  pos_settings_set_idle_lock_minutes (settings, 7);
  g_assert_cmpuint (g_settings_get_uint (fixture->gsettings, "idle-lock-minutes"), ==, 7);
  g_settings_set_uint (fixture->gsettings, "idle-lock-minutes", 3);
  g_assert_cmpuint (pos_settings_get_idle_lock_minutes (settings), ==, 3);
}

static void
test_enum_nicks (void)
{
  /* The schema's enums must match the C enums (nick and value). */
  g_autoptr (GSettingsSchema) schema = g_settings_schema_source_lookup (
    g_settings_schema_source_get_default (), POS_SETTINGS_SCHEMA_ID, TRUE);
  const struct {
    const char *key;
    GType type;
  } keys[] = {
    { "environment", POS_TYPE_ENVIRONMENT },
    { "payment-page-mode", POS_TYPE_PAYMENT_PAGE_MODE },
  };

  g_assert_nonnull (schema);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++) {
    g_autoptr (GSettingsSchemaKey) key = g_settings_schema_get_key (schema, keys[i].key);
    g_autoptr (GVariant) range = g_settings_schema_key_get_range (key);
    g_autoptr (GVariant) values = NULL;
    g_autoptr (GEnumClass) klass = g_type_class_ref (keys[i].type);
    const char *kind = NULL;
    const char **nicks;
    gsize n = 0;

    g_variant_get (range, "(&s@v)", &kind, &values);
    g_assert_cmpstr (kind, ==, "enum");
    {
      g_autoptr (GVariant) array = g_variant_get_variant (values);

      nicks = g_variant_get_strv (array, &n);
      g_assert_cmpuint (n, ==, klass->n_values);
      for (gsize j = 0; j < n; j++) {
        GEnumValue *value = g_enum_get_value_by_nick (klass, nicks[j]);

        g_assert_nonnull (value);
        g_assert_cmpint (value->value, ==, (int) j);
      }
      g_free (nicks);
    }
  }
}

static void
on_query_notify (PosSettings *settings, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

static void
test_query_paths (Fixture *fixture, gconstpointer data)
{
  PosSettings *settings = fixture->settings;
  const char *bad_session[] = { "/sessions",
                                "sessions/{sessionIdentifier}",
                                "https://gateway.example/{sessionIdentifier}",
                                "//gateway.example/{sessionIdentifier}",
                                "/s/{sessionIdentifier}?x=1",
                                "/s/{sessionIdentifier}#top",
                                "/s t/{sessionIdentifier}" };
  const char *bad_reference[] = { "sessions",
                                  "/sessions?clientReference=", "/sessions/{sessionIdentifier}",
                                  "http://gateway.example/s" };
  guint session_notifies = 0;
  guint reference_notifies = 0;

  g_signal_connect (settings, "notify::query-session-path", G_CALLBACK (on_query_notify),
                    &session_notifies);
  g_signal_connect (settings, "notify::query-reference-path", G_CALLBACK (on_query_notify),
                    &reference_notifies);

  /* Off by default: Paystar has not published the paths. */
  g_assert_cmpstr (pos_settings_get_query_session_path (settings), ==, "");
  g_assert_cmpstr (pos_settings_get_query_reference_path (settings), ==, "");

  /* A valid path is stored in the key. */
  pos_settings_set_query_session_path (settings, "/query/sessions/{sessionIdentifier}");
  pos_settings_set_query_reference_path (settings, "/query/sessions");
  g_assert_cmpuint (session_notifies, ==, 1);
  g_assert_cmpuint (reference_notifies, ==, 1);
  {
    g_autofree char *session = g_settings_get_string (fixture->gsettings, "query-session-path");
    g_autofree char *reference = g_settings_get_string (fixture->gsettings, "query-reference-path");

    g_assert_cmpstr (session, ==, "/query/sessions/{sessionIdentifier}");
    g_assert_cmpstr (reference, ==, "/query/sessions");
  }

  /* Invalid paths are refused by the check and ignored by the setters, key and property alike. */
  for (guint i = 0; i < G_N_ELEMENTS (bad_session); i++) {
    g_autoptr (GError) error = NULL;
    g_autofree char *stored = NULL;

    g_assert_false (pos_settings_check_query_path (bad_session[i], TRUE, &error));
    g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_INPUT);
    pos_settings_set_query_session_path (settings, bad_session[i]);
    g_assert_cmpstr (pos_settings_get_query_session_path (settings), ==,
                     "/query/sessions/{sessionIdentifier}");
    stored = g_settings_get_string (fixture->gsettings, "query-session-path");
    g_assert_cmpstr (stored, ==, "/query/sessions/{sessionIdentifier}");
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad_reference); i++) {
    g_autoptr (GError) error = NULL;

    g_assert_false (pos_settings_check_query_path (bad_reference[i], FALSE, &error));
    g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_INPUT);
    pos_settings_set_query_reference_path (settings, bad_reference[i]);
    g_assert_cmpstr (pos_settings_get_query_reference_path (settings), ==, "/query/sessions");
  }
  g_assert_cmpuint (session_notifies, ==, 1);
  g_assert_cmpuint (reference_notifies, ==, 1);
  g_assert_true (pos_settings_check_query_path ("", TRUE, NULL));
  g_assert_true (pos_settings_check_query_path ("", FALSE, NULL));

  /* A key written from outside (dconf, gsettings) is followed when valid, ignored when not. */
  g_settings_set_string (fixture->gsettings, "query-session-path", "/v2/s/{sessionIdentifier}");
  g_assert_cmpstr (pos_settings_get_query_session_path (settings), ==, "/v2/s/{sessionIdentifier}");
  g_assert_cmpuint (session_notifies, ==, 2);
  g_settings_set_string (fixture->gsettings, "query-session-path", "https://evil.example/x");
  g_assert_cmpstr (pos_settings_get_query_session_path (settings), ==, "/v2/s/{sessionIdentifier}");
  g_assert_cmpuint (session_notifies, ==, 2);

  /* Empty turns a lookup off again; NULL means empty. */
  pos_settings_set_query_session_path (settings, "");
  pos_settings_set_query_reference_path (settings, NULL);
  g_assert_cmpstr (pos_settings_get_query_session_path (settings), ==, "");
  g_assert_cmpstr (pos_settings_get_query_reference_path (settings), ==, "");
  g_assert_cmpuint (session_notifies, ==, 3);
  g_assert_cmpuint (reference_notifies, ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pos/settings/defaults", Fixture, NULL, fixture_set_up, test_defaults,
              fixture_tear_down);
  g_test_add ("/pos/settings/environments", Fixture, NULL, fixture_set_up, test_environments,
              fixture_tear_down);
  g_test_add ("/pos/settings/bindings", Fixture, NULL, fixture_set_up, test_bindings,
              fixture_tear_down);
  g_test_add ("/pos/settings/charge-types-own-strings", Fixture, NULL, fixture_set_up,
              test_charge_types_own_strings, fixture_tear_down);
  g_test_add ("/pos/settings/payment-fields", Fixture, NULL, fixture_set_up, test_payment_fields,
              fixture_tear_down);
  g_test_add ("/pos/settings/idle-minutes", Fixture, NULL, fixture_set_up, test_idle_minutes,
              fixture_tear_down);
  g_test_add ("/pos/settings/query-paths", Fixture, NULL, fixture_set_up, test_query_paths,
              fixture_tear_down);
  g_test_add_func ("/pos/settings/enum-nicks", test_enum_nicks);

  return g_test_run ();
}
