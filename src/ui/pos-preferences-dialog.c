/* pos-preferences-dialog.c: the station's preferences, opened only after an administrator's PIN.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-preferences-dialog.h"

#include <glib/gi18n.h>

#include "paystar.h"
#include "pos-confirm-dialog.h"
#include "pos-admin-gate.h"
#include "pos-account-book-group.h"
#include "pos-charge-types-editor.h"
#include "pos-office-db.h"
#include "pos-preferences-agent-row.h"
#include "pos-preferences-private.h"
#include "pos-preferences-unlock.h"

struct _PosPreferencesDialog {
  AdwPreferencesWindow parent_instance;

  PosSettings *settings;
  PosRoster *roster;
  /* Cancelled on dispose: API key stores and clears. */
  GCancellable *cancellable;
  /* Cancelled when a newer look-up starts (so that only the latest one updates the row) and on
   * dispose. */
  GCancellable *lookup_cancellable;

  AdwComboRow *environment_row;
  AdwEntryRow *api_base_uri_row;
  GtkWidget *api_base_uri_error;
  AdwEntryRow *web_origin_row;
  GtkWidget *web_origin_error;
  AdwEntryRow *slug_row;
  GtkWidget *slug_error;
  GtkWidget *query_group;
  AdwEntryRow *query_session_path_row;
  GtkWidget *query_session_path_error;
  AdwEntryRow *query_reference_path_row;
  GtkWidget *query_reference_path_error;
  GtkWidget *api_key_group;
  AdwActionRow *api_key_row;
  GtkWidget *api_key_clear_button;
  AdwPasswordEntryRow *api_key_entry;
  GtkWidget *api_key_error;
  AdwEntryRow *station_name_row;
  AdwEntryRow *office_database_row;
  AdwEntryRow *business_name_row;
  GtkWidget *business_name_error;
  GtkWidget *office_database_error;
  GtkWidget *station_name_error;
  GtkSpinButton *idle_spin;
  GtkSwitch *kiosk_switch;
  GtkSwitch *larger_text_switch;
  PosChargeTypesEditor *charge_types_editor;
  PosAccountBookGroup *account_book_group;
  AdwComboRow *payment_page_mode_row;
  AdwEntryRow *success_url_row;
  GtkWidget *success_url_error;
  AdwEntryRow *return_url_row;
  GtkWidget *return_url_error;
  GtkListBox *agents_list;
  AdwEntryRow *new_email_row;
  GtkWidget *new_email_error;
  AdwEntryRow *new_name_row;
  GtkWidget *new_name_error;
  AdwPasswordEntryRow *new_pin_row;
  AdwPasswordEntryRow *new_pin_confirm_row;
  GtkWidget *new_pin_error;
  GtkSwitch *new_admin_switch;
  GtkWidget *add_agent_button;
};

G_DEFINE_FINAL_TYPE (PosPreferencesDialog, pos_preferences_dialog, ADW_TYPE_PREFERENCES_WINDOW)

enum { PROP_0, PROP_SETTINGS, PROP_ROSTER, N_PROPS };

enum { SIGNAL_API_KEY_CHANGED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The quark under which each field keeps the error row below it, for on_field_changed(). */
#define ERROR_ROW_KEY "pos-preferences-error-row"

/* Validation. */

/* Why @uri cannot be Paystar's API base (or, with @origin_only, the payment page's origin), or
 * NULL when it can. The rules are the client's: https, or http for this computer only; an origin
 * is a scheme, a host and an optional port, nothing after but an optional "/". */
static const char *
check_paystar_address (const char *uri, gboolean origin_only)
{
  const char *invalid = origin_only ? _ ("Enter only the scheme and host of the payment page, "
                                         "like https://pay.example.com, without a path.")
                                    : _ ("Enter the full address of the API, starting with "
                                         "https://.");
  g_autoptr (GError) error = NULL;
  g_autoptr (GUri) parsed = NULL;
  const char *path;

  if (!paystar_client_check_base_uri (uri, &error)) {
    if (g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INSECURE))
      return _ ("Use an https:// address: plain http:// is only for this computer (localhost).");
    return invalid;
  }
  if (!origin_only)
    return NULL;
  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  path = g_uri_get_path (parsed);
  return path[0] == '\0' || g_str_equal (path, "/") ? NULL : invalid;
}

/* Paystar's slugs are short names like "acme-utilities"; they go into URL paths, so nothing that
 * would need escaping there is accepted. */
static gboolean
is_slug (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++) {
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  }
  return TRUE;
}

/* The setting took the trimmed text: show exactly that (the binding does not notify when only
 * white space around it changed). */
static void
show_applied (AdwEntryRow *row, const char *text)
{
  if (!g_str_equal (gtk_editable_get_text (GTK_EDITABLE (row)), text))
    gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static char *
get_trimmed_text (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

static void
on_field_changed (GtkEditable *field, PosPreferencesDialog *self)
{
  GtkWidget *error_row = g_object_get_data (G_OBJECT (field), ERROR_ROW_KEY);

  g_assert (POS_IS_PREFERENCES_DIALOG (self));

  if (error_row != NULL)
    pos_preferences_show_error (GTK_WIDGET (field), error_row, NULL);
}

/* Environment and the API key. */

static void
api_key_looked_up (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (PosPreferencesDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *subtitle = NULL;
  PosApiKeySource source = POS_API_KEY_SOURCE_NONE;
  char *api_key;

  api_key = pos_api_key_lookup_finish (result, &source, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->settings == NULL) {
    paystar_secret_free (api_key);
    return;
  }
  if (api_key != NULL) {
    masked = pos_api_key_mask (api_key);
    paystar_secret_free (api_key);
  }

  switch (source) {
    case POS_API_KEY_SOURCE_KEYRING:
      subtitle = g_strdup (masked);
      break;
    case POS_API_KEY_SOURCE_ENVIRONMENT:
      /* Translators: %s is the masked key, like "••••1234"; PAYSTAR_API_KEY is a variable name. */
      subtitle = g_strdup_printf (_ ("%s, from the PAYSTAR_API_KEY environment variable"), masked);
      break;
    case POS_API_KEY_SOURCE_FILE:
      /* Translators: %s is the masked key, like "••••1234". */
      subtitle = g_strdup_printf (_ ("%s, from the key file"), masked);
      break;
    case POS_API_KEY_SOURCE_NONE:
    default:
      if (g_error_matches (error, POS_ERROR, POS_ERROR_API_KEY_MISSING) || error == NULL)
        subtitle = g_strdup (_ ("No key is set for this environment"));
      else
        subtitle = g_strdup (error->message);
      break;
  }

  adw_action_row_set_subtitle (self->api_key_row, subtitle);
  gtk_widget_set_sensitive (self->api_key_clear_button, source == POS_API_KEY_SOURCE_KEYRING);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->api_key_entry),
                                 source == POS_API_KEY_SOURCE_NONE ? _ ("Key")
                                                                   : _ ("Replace With"));
}

static void
refresh_api_key (PosPreferencesDialog *self)
{
  PosEnvironment environment = pos_settings_get_environment (self->settings);

  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);

  /* The built-in sandbox accepts the station without a key of the administrator's. */
  gtk_widget_set_visible (self->api_key_group, environment != POS_ENVIRONMENT_SANDBOX);
  if (environment == POS_ENVIRONMENT_SANDBOX)
    return;

  self->lookup_cancellable = g_cancellable_new ();
  adw_action_row_set_subtitle (self->api_key_row, _ ("Looking for the key…"));
  gtk_widget_set_sensitive (self->api_key_clear_button, FALSE);
  pos_api_key_lookup_async (environment, pos_settings_get_api_key_file (self->settings),
                            self->lookup_cancellable, api_key_looked_up, g_object_ref (self));
}

static char *
get_key_file_path (PosPreferencesDialog *self)
{
  const char *path = pos_settings_get_api_key_file (self->settings);

  if (path != NULL && *path != '\0')
    return g_strdup (path);
  return pos_api_key_get_default_file_path ();
}

static void
api_key_stored (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (PosPreferencesDialog) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!pos_api_key_store_finish (result, &error)) {
    g_autofree char *path = NULL;
    g_autofree char *message = NULL;

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->settings == NULL)
      return;
    if (!g_error_matches (error, POS_ERROR, POS_ERROR_KEYRING)) {
      pos_preferences_show_error (GTK_WIDGET (self->api_key_entry), self->api_key_error,
                                  error->message);
      return;
    }
    path = get_key_file_path (self);
    message = g_strdup_printf (
      /* Translators: %s is a file path. PAYSTAR_API_KEY is a variable name; chmod 600 a command. */
      _ ("No keyring is available on this station, so the key was not saved. Start Paystar POS "
         "with the key in the PAYSTAR_API_KEY environment variable, or save the key alone in %s "
         "and make that file private with “chmod 600”."),
      path);
    pos_preferences_show_error (GTK_WIDGET (self->api_key_entry), self->api_key_error, message);
    return;
  }
  /* The key is stored even when the dialog was closed meanwhile; the window still has to know. */
  g_signal_emit (self, signals[SIGNAL_API_KEY_CHANGED], 0);
  if (self->settings == NULL)
    return;

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_ ("API key saved in the keyring")));
  refresh_api_key (self);
}

static void
on_api_key_apply (PosPreferencesDialog *self)
{
  char *api_key;

  g_assert (POS_IS_PREFERENCES_DIALOG (self));

  api_key = get_trimmed_text (self->api_key_entry);
  /* The key leaves the entry at once, whatever happens to it next. */
  gtk_editable_set_text (GTK_EDITABLE (self->api_key_entry), "");
  if (*api_key == '\0' || strlen (api_key) > POS_API_KEY_MAX_LENGTH) {
    paystar_secret_free (api_key);
    pos_preferences_show_error (GTK_WIDGET (self->api_key_entry), self->api_key_error,
                                _ ("Paste the API key Paystar gave you."));
    return;
  }
  pos_preferences_show_error (GTK_WIDGET (self->api_key_entry), self->api_key_error, NULL);
  pos_api_key_store_async (pos_settings_get_environment (self->settings), api_key,
                           self->cancellable, api_key_stored, g_object_ref (self));
  paystar_secret_free (api_key);
}

static void
api_key_cleared (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (PosPreferencesDialog) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!pos_api_key_clear_finish (result, &error)) {
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->settings != NULL)
      pos_preferences_show_error (NULL, self->api_key_error, error->message);
    return;
  }
  g_signal_emit (self, signals[SIGNAL_API_KEY_CHANGED], 0);
  if (self->settings == NULL)
    return;
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_ ("API key removed from the keyring")));
  refresh_api_key (self);
}

static void
on_clear_response (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  g_autoptr (PosPreferencesDialog) self = user_data;

  if (g_strcmp0 (response, "clear") != 0 || self->settings == NULL)
    return;
  pos_api_key_clear_async (pos_settings_get_environment (self->settings), self->cancellable,
                           api_key_cleared, g_object_ref (self));
}

static void
on_api_key_clear_clicked (PosPreferencesDialog *self)
{
  AdwMessageDialog *dialog;

  g_assert (POS_IS_PREFERENCES_DIALOG (self));

  dialog = pos_confirm_dialog_new (GTK_WINDOW (self), _ ("Remove the API Key?"),
                                   _ ("The station cannot take payments in this environment until "
                                      "a new key is set."),
                                   _ ("_Cancel"), "clear", _ ("_Remove"));
  g_signal_connect (dialog, "response", G_CALLBACK (on_clear_response), g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_environment_changed (PosPreferencesDialog *self)
{
  gboolean custom = pos_settings_get_environment (self->settings) == POS_ENVIRONMENT_CUSTOM;

  gtk_widget_set_visible (GTK_WIDGET (self->api_base_uri_row), custom);
  gtk_widget_set_visible (GTK_WIDGET (self->web_origin_row), custom);
  /* The built-in sandbox always answers lookups at its own paths. */
  gtk_widget_set_visible (self->query_group,
                          pos_settings_get_environment (self->settings) != POS_ENVIRONMENT_SANDBOX);
  if (!custom) {
    pos_preferences_show_error (GTK_WIDGET (self->api_base_uri_row), self->api_base_uri_error,
                                NULL);
    pos_preferences_show_error (GTK_WIDGET (self->web_origin_row), self->web_origin_error, NULL);
  }
  pos_preferences_show_error (GTK_WIDGET (self->api_key_entry), self->api_key_error, NULL);
  refresh_api_key (self);
}

static void
on_api_base_uri_apply (PosPreferencesDialog *self)
{
  g_autofree char *uri = get_trimmed_text (self->api_base_uri_row);
  const char *problem = check_paystar_address (uri, FALSE);

  g_assert (POS_IS_PREFERENCES_DIALOG (self));

  if (problem != NULL) {
    pos_preferences_show_error (GTK_WIDGET (self->api_base_uri_row), self->api_base_uri_error,
                                problem);
    return;
  }
  pos_settings_set_custom_api_base_uri (self->settings, uri);
  show_applied (self->api_base_uri_row, uri);
}

static void
on_web_origin_apply (PosPreferencesDialog *self)
{
  g_autofree char *origin = get_trimmed_text (self->web_origin_row);
  const char *problem = check_paystar_address (origin, TRUE);

  g_assert (POS_IS_PREFERENCES_DIALOG (self));

  if (problem != NULL) {
    pos_preferences_show_error (GTK_WIDGET (self->web_origin_row), self->web_origin_error, problem);
    return;
  }
  pos_settings_set_custom_web_origin (self->settings, origin);
  show_applied (self->web_origin_row, origin);
}

static void
on_slug_apply (PosPreferencesDialog *self)
{
  g_autofree char *slug = get_trimmed_text (self->slug_row);

  g_assert (POS_IS_PREFERENCES_DIALOG (self));

  if (!is_slug (slug)) {
    pos_preferences_show_error (GTK_WIDGET (self->slug_row), self->slug_error,
                                _ ("Enter the business unit's slug from Paystar, like "
                                   "acme-utilities: letters, digits, dots, dashes and "
                                   "underscores."));
    return;
  }
  pos_settings_set_business_unit_slug (self->settings, slug);
  show_applied (self->slug_row, slug);
}

static void
apply_query_path (PosPreferencesDialog *self,
                  AdwEntryRow *row,
                  GtkWidget *error_row,
                  gboolean session_path)
{
  g_autofree char *path = get_trimmed_text (row);
  g_autoptr (GError) error = NULL;

  if (!pos_settings_check_query_path (path, session_path, &error)) {
    pos_preferences_show_error (GTK_WIDGET (row), error_row, error->message);
    return;
  }
  if (session_path)
    pos_settings_set_query_session_path (self->settings, path);
  else
    pos_settings_set_query_reference_path (self->settings, path);
  show_applied (row, path);
}

static void
on_query_session_path_apply (PosPreferencesDialog *self)
{
  g_assert (POS_IS_PREFERENCES_DIALOG (self));

  apply_query_path (self, self->query_session_path_row, self->query_session_path_error, TRUE);
}

static void
on_query_reference_path_apply (PosPreferencesDialog *self)
{
  g_assert (POS_IS_PREFERENCES_DIALOG (self));

  apply_query_path (self, self->query_reference_path_row, self->query_reference_path_error, FALSE);
}

/* Station. */

static void
on_station_name_apply (PosPreferencesDialog *self)
{
  g_autofree char *name = get_trimmed_text (self->station_name_row);

  g_assert (POS_IS_PREFERENCES_DIALOG (self));

  /* The name ends up in every ClientReference and in the window title: keep it readable. */
  if (g_utf8_strlen (name, -1) > 40) {
    pos_preferences_show_error (GTK_WIDGET (self->station_name_row), self->station_name_error,
                                _ ("Use at most 40 characters."));
    return;
  }
  pos_settings_set_station_name (self->settings, name);
  show_applied (self->station_name_row, name);
}

static void
on_business_name_apply (PosPreferencesDialog *self)
{
  g_autofree char *name = get_trimmed_text (self->business_name_row);

  g_assert (POS_IS_PREFERENCES_DIALOG (self));

  /* It heads every receipt: one line of a receipt roll. */
  if (g_utf8_strlen (name, -1) > 40) {
    pos_preferences_show_error (GTK_WIDGET (self->business_name_row), self->business_name_error,
                                _ ("Use at most 40 characters."));
    return;
  }
  pos_settings_set_business_name (self->settings, name);
  show_applied (self->business_name_row, name);
}

/* The office database: checked as the station will check it (no password, TLS with certificate
 * checks for a network host) before it is stored. */
static void
on_office_database_apply (PosPreferencesDialog *self)
{
  g_autofree char *conninfo = get_trimmed_text (self->office_database_row);
  g_autoptr (GError) error = NULL;

  g_assert (POS_IS_PREFERENCES_DIALOG (self));

  if (*conninfo != '\0' && !pos_office_check_conninfo (conninfo, &error)) {
    pos_preferences_show_error (GTK_WIDGET (self->office_database_row), self->office_database_error,
                                error->message);
    return;
  }
  pos_settings_set_office_database (self->settings, conninfo);
  show_applied (self->office_database_row, conninfo);
}

/* Payment page. */

static void
on_payment_page_mode_changed (PosPreferencesDialog *self)
{
  gboolean redirect =
    pos_settings_get_payment_page_mode (self->settings) == POS_PAYMENT_PAGE_MODE_REDIRECT;

  gtk_widget_set_visible (GTK_WIDGET (self->success_url_row), redirect);
  gtk_widget_set_visible (GTK_WIDGET (self->return_url_row), redirect);
  if (!redirect) {
    pos_preferences_show_error (GTK_WIDGET (self->success_url_row), self->success_url_error, NULL);
    pos_preferences_show_error (GTK_WIDGET (self->return_url_row), self->return_url_error, NULL);
  }
}

/* The payment view recognises the two addresses by prefix, so neither may start with the other. */
static const char *
check_station_url (const char *url, const char *other)
{
  if (!paystar_is_valid_web_url (url))
    return _ ("Enter a full web address starting with https:// or http://.");
  if (other != NULL && (g_str_has_prefix (url, other) || g_str_has_prefix (other, url)))
    return _ ("Use an address different from the other one, and not one that starts with it.");
  return NULL;
}

static void
on_success_url_apply (PosPreferencesDialog *self)
{
  g_autofree char *url = get_trimmed_text (self->success_url_row);
  const char *problem = check_station_url (url, pos_settings_get_return_url (self->settings));

  g_assert (POS_IS_PREFERENCES_DIALOG (self));

  if (problem != NULL) {
    pos_preferences_show_error (GTK_WIDGET (self->success_url_row), self->success_url_error,
                                problem);
    return;
  }
  pos_settings_set_success_url (self->settings, url);
  show_applied (self->success_url_row, url);
}

static void
on_return_url_apply (PosPreferencesDialog *self)
{
  g_autofree char *url = get_trimmed_text (self->return_url_row);
  const char *problem = check_station_url (url, pos_settings_get_success_url (self->settings));

  g_assert (POS_IS_PREFERENCES_DIALOG (self));

  if (problem != NULL) {
    pos_preferences_show_error (GTK_WIDGET (self->return_url_row), self->return_url_error, problem);
    return;
  }
  pos_settings_set_return_url (self->settings, url);
  show_applied (self->return_url_row, url);
}

/* Agents. */

/* The roster announces every edit of an agent as that agent's item "changed". A list box bound
 * to the roster would then replace the row, in the middle of the row's own signal handler (the
 * admin switch) and losing its state (expanded, a message). So each agent keeps its row for as
 * long as it is on the roster, and the list sorts the rows in the roster's order. */
static guint
roster_position (PosRoster *roster, PosAgent *agent)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (roster));

  for (guint i = 0; i < n; i++) {
    g_autoptr (PosAgent) other = g_list_model_get_item (G_LIST_MODEL (roster), i);

    if (other == agent)
      return i;
  }
  return n;
}

static int
sort_agent_rows (GtkListBoxRow *row1, GtkListBoxRow *row2, gpointer user_data)
{
  PosPreferencesDialog *self = user_data;
  guint position1 = roster_position (
    self->roster, pos_preferences_agent_row_get_agent (POS_PREFERENCES_AGENT_ROW (row1)));
  guint position2 = roster_position (
    self->roster, pos_preferences_agent_row_get_agent (POS_PREFERENCES_AGENT_ROW (row2)));

  return position1 < position2 ? -1 : position1 > position2;
}

static void
sync_agent_rows (PosPreferencesDialog *self)
{
  GListModel *roster = G_LIST_MODEL (self->roster);
  guint n = g_list_model_get_n_items (roster);
  g_autoptr (GPtrArray) new_agents = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->agents_list));

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (new_agents, g_list_model_get_item (roster, i));

  while (row != NULL) {
    GtkWidget *next = gtk_widget_get_next_sibling (row);
    guint index;

    if (POS_IS_PREFERENCES_AGENT_ROW (row)) {
      PosAgent *agent = pos_preferences_agent_row_get_agent (POS_PREFERENCES_AGENT_ROW (row));

      if (g_ptr_array_find (new_agents, agent, &index))
        g_ptr_array_remove_index (new_agents, index);
      else
        gtk_list_box_remove (self->agents_list, row);
    }
    row = next;
  }
  for (guint i = 0; i < new_agents->len; i++)
    gtk_list_box_append (self->agents_list,
                         pos_preferences_agent_row_new (self->roster, new_agents->pdata[i]));
  gtk_list_box_invalidate_sort (self->agents_list);
}

static void
clear_new_agent_errors (PosPreferencesDialog *self)
{
  pos_preferences_show_error (GTK_WIDGET (self->new_email_row), self->new_email_error, NULL);
  pos_preferences_show_error (GTK_WIDGET (self->new_name_row), self->new_name_error, NULL);
  pos_preferences_show_error (GTK_WIDGET (self->new_pin_row), self->new_pin_error, NULL);
  pos_preferences_show_error (GTK_WIDGET (self->new_pin_confirm_row), self->new_pin_error, NULL);
}

static void
on_add_agent (PosPreferencesDialog *self)
{
  g_autofree char *email = get_trimmed_text (self->new_email_row);
  g_autofree char *name = get_trimmed_text (self->new_name_row);
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->new_pin_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->new_pin_confirm_row));
  gboolean is_admin = gtk_switch_get_active (self->new_admin_switch);
  g_autoptr (GError) error = NULL;
  g_autofree char *toast = NULL;
  GtkWidget *first_failed = NULL;

  g_assert (POS_IS_PREFERENCES_DIALOG (self));

  clear_new_agent_errors (self);

  /* Every field is checked, so that all the problems show at once. */
  if (!paystar_is_valid_email (email)) {
    pos_preferences_show_error (GTK_WIDGET (self->new_email_row), self->new_email_error,
                                _ ("Enter the email address the agent uses with Paystar."));
    first_failed = first_failed ? first_failed : GTK_WIDGET (self->new_email_row);
  } else if (pos_roster_lookup (self->roster, email) != NULL) {
    pos_preferences_show_error (GTK_WIDGET (self->new_email_row), self->new_email_error,
                                _ ("This agent is already on the roster."));
    first_failed = first_failed ? first_failed : GTK_WIDGET (self->new_email_row);
  }
  if (*name == '\0') {
    pos_preferences_show_error (GTK_WIDGET (self->new_name_row), self->new_name_error,
                                _ ("Enter the name shown for this agent."));
    first_failed = first_failed ? first_failed : GTK_WIDGET (self->new_name_row);
  }
  if (!pos_pin_is_valid (pin)) {
    pos_preferences_show_error (GTK_WIDGET (self->new_pin_row), self->new_pin_error,
                                _ ("A PIN is 4 to 12 digits."));
    first_failed = first_failed ? first_failed : GTK_WIDGET (self->new_pin_row);
  } else if (!g_str_equal (pin, confirm)) {
    pos_preferences_show_error (GTK_WIDGET (self->new_pin_confirm_row), self->new_pin_error,
                                _ ("The two PINs differ. Type the same PIN twice."));
    first_failed = first_failed ? first_failed : GTK_WIDGET (self->new_pin_confirm_row);
  }

  if (first_failed == NULL &&
      !pos_roster_add_agent (self->roster, email, name, pin, is_admin, &error)) {
    if (g_error_matches (error, POS_ERROR, POS_ERROR_INVALID_PIN)) {
      pos_preferences_show_error (GTK_WIDGET (self->new_pin_row), self->new_pin_error,
                                  error->message);
      first_failed = GTK_WIDGET (self->new_pin_row);
    } else {
      pos_preferences_show_error (GTK_WIDGET (self->new_email_row), self->new_email_error,
                                  error->message);
      first_failed = GTK_WIDGET (self->new_email_row);
    }
  }
  if (first_failed != NULL) {
    gtk_widget_grab_focus (first_failed);
    return;
  }

  /* Translators: %s is the new agent's display name. */
  toast = g_markup_printf_escaped (_ ("%s can now sign in"), name);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (toast));

  gtk_editable_set_text (GTK_EDITABLE (self->new_pin_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_pin_confirm_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_email_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_name_row), "");
  gtk_switch_set_active (self->new_admin_switch, FALSE);
  clear_new_agent_errors (self);
}

/* Bindings. */

static gboolean
enum_to_selected (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  g_value_set_uint (to, (guint) g_value_get_enum (from));
  return TRUE;
}

static gboolean
selected_to_enum (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  guint selected = g_value_get_uint (from);

  if (selected == GTK_INVALID_LIST_POSITION)
    return FALSE;
  g_value_set_enum (to, (int) selected);
  return TRUE;
}

static gboolean
string_to_text (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  const char *text = g_value_get_string (from);

  g_value_set_string (to, text != NULL ? text : "");
  return TRUE;
}

static void
bind_text (PosPreferencesDialog *self, const char *property, AdwEntryRow *row, GtkWidget *error_row)
{
  /* One way: the entry shows the setting; its apply button writes it back once it is valid. */
  g_object_bind_property_full (self->settings, property, row, "text", G_BINDING_SYNC_CREATE,
                               string_to_text, NULL, NULL, NULL);
  g_object_set_data (G_OBJECT (row), ERROR_ROW_KEY, error_row);
}

static void
pos_preferences_dialog_constructed (GObject *object)
{
  PosPreferencesDialog *self = POS_PREFERENCES_DIALOG (object);

  G_OBJECT_CLASS (pos_preferences_dialog_parent_class)->constructed (object);

  g_object_bind_property_full (self->settings, "environment", self->environment_row, "selected",
                               G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL, enum_to_selected,
                               selected_to_enum, NULL, NULL);
  g_object_bind_property_full (self->settings, "payment-page-mode", self->payment_page_mode_row,
                               "selected", G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL,
                               enum_to_selected, selected_to_enum, NULL, NULL);
  gtk_spin_button_set_range (self->idle_spin, POS_IDLE_LOCK_MINUTES_MIN, POS_IDLE_LOCK_MINUTES_MAX);
  g_object_bind_property (self->settings, "idle-lock-minutes", self->idle_spin, "value",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->settings, "kiosk-mode", self->kiosk_switch, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->settings, "larger-text", self->larger_text_switch, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);

  bind_text (self, "custom-api-base-uri", self->api_base_uri_row, self->api_base_uri_error);
  bind_text (self, "custom-web-origin", self->web_origin_row, self->web_origin_error);
  bind_text (self, "business-unit-slug", self->slug_row, self->slug_error);
  bind_text (self, "query-session-path", self->query_session_path_row,
             self->query_session_path_error);
  bind_text (self, "query-reference-path", self->query_reference_path_row,
             self->query_reference_path_error);
  bind_text (self, "station-name", self->station_name_row, self->station_name_error);
  bind_text (self, "office-database", self->office_database_row, self->office_database_error);
  bind_text (self, "business-name", self->business_name_row, self->business_name_error);
  bind_text (self, "success-url", self->success_url_row, self->success_url_error);
  bind_text (self, "return-url", self->return_url_row, self->return_url_error);
  g_object_set_data (G_OBJECT (self->api_key_entry), ERROR_ROW_KEY, self->api_key_error);
  g_object_set_data (G_OBJECT (self->new_email_row), ERROR_ROW_KEY, self->new_email_error);
  g_object_set_data (G_OBJECT (self->new_name_row), ERROR_ROW_KEY, self->new_name_error);
  g_object_set_data (G_OBJECT (self->new_pin_row), ERROR_ROW_KEY, self->new_pin_error);
  g_object_set_data (G_OBJECT (self->new_pin_confirm_row), ERROR_ROW_KEY, self->new_pin_error);

  g_signal_connect_object (self->settings, "notify::environment",
                           G_CALLBACK (on_environment_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::api-key-file", G_CALLBACK (refresh_api_key),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::payment-page-mode",
                           G_CALLBACK (on_payment_page_mode_changed), self, G_CONNECT_SWAPPED);

  pos_charge_types_editor_set_settings (self->charge_types_editor, self->settings);
  {
    g_autoptr (PosJournal) journal = NULL;

    /* The station's journal: the roster's. */
    g_object_get (self->roster, "journal", &journal, NULL);
    pos_account_book_group_set_journal (self->account_book_group, journal);
    pos_account_book_group_set_settings (self->account_book_group, self->settings);
  }
  gtk_list_box_set_sort_func (self->agents_list, sort_agent_rows, self, NULL);
  g_signal_connect_object (self->roster, "items-changed", G_CALLBACK (sync_agent_rows), self,
                           G_CONNECT_SWAPPED);
  sync_agent_rows (self);

  on_payment_page_mode_changed (self);
  on_environment_changed (self);
}

static void
pos_preferences_dialog_dispose (GObject *object)
{
  PosPreferencesDialog *self = POS_PREFERENCES_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->lookup_cancellable);
  /* The rows hold the roster; take them out explicitly, as a bound model would be. */
  if (self->agents_list != NULL) {
    GtkWidget *row;

    g_signal_handlers_disconnect_by_data (self->roster, self);
    while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->agents_list))) != NULL)
      gtk_list_box_remove (self->agents_list, row);
  }
  /* libadwaita 1.2 keeps a reference to the preferences groups the template binds (query_group,
   * api_key_group and this one outlive the dialog): let go of the journal here. */
  if (self->account_book_group != NULL) {
    pos_account_book_group_set_journal (self->account_book_group, NULL);
    pos_account_book_group_set_settings (self->account_book_group, NULL);
  }
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_PREFERENCES_DIALOG);
  g_clear_object (&self->lookup_cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->roster);

  G_OBJECT_CLASS (pos_preferences_dialog_parent_class)->dispose (object);
}

static void
pos_preferences_dialog_finalize (GObject *object)
{
  PosPreferencesDialog *self = POS_PREFERENCES_DIALOG (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pos_preferences_dialog_parent_class)->finalize (object);
}

static void
pos_preferences_dialog_get_property (GObject *object,
                                     guint prop_id,
                                     GValue *value,
                                     GParamSpec *pspec)
{
  PosPreferencesDialog *self = POS_PREFERENCES_DIALOG (object);

  switch (prop_id) {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_ROSTER:
      g_value_set_object (value, self->roster);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_preferences_dialog_set_property (GObject *object,
                                     guint prop_id,
                                     const GValue *value,
                                     GParamSpec *pspec)
{
  PosPreferencesDialog *self = POS_PREFERENCES_DIALOG (object);

  switch (prop_id) {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_ROSTER:
      self->roster = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_preferences_dialog_class_init (PosPreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pos_preferences_dialog_constructed;
  object_class->dispose = pos_preferences_dialog_dispose;
  object_class->finalize = pos_preferences_dialog_finalize;
  object_class->get_property = pos_preferences_dialog_get_property;
  object_class->set_property = pos_preferences_dialog_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, POS_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROSTER] =
    g_param_spec_object ("roster", NULL, NULL, POS_TYPE_ROSTER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_API_KEY_CHANGED] =
    g_signal_new ("api-key-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  g_type_ensure (POS_TYPE_PREFERENCES_AGENT_ROW);
  g_type_ensure (POS_TYPE_CHARGE_TYPES_EDITOR);
  g_type_ensure (POS_TYPE_ACCOUNT_BOOK_GROUP);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/paystar/Pos/pos-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, environment_row);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, api_base_uri_row);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, api_base_uri_error);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, web_origin_row);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, web_origin_error);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, slug_row);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, slug_error);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, query_group);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, query_session_path_row);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog,
                                        query_session_path_error);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog,
                                        query_reference_path_row);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog,
                                        query_reference_path_error);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, api_key_group);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, api_key_row);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, api_key_clear_button);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, api_key_entry);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, api_key_error);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, station_name_row);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, office_database_row);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, business_name_row);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, business_name_error);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, office_database_error);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, station_name_error);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, idle_spin);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, kiosk_switch);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, larger_text_switch);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, charge_types_editor);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, account_book_group);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, payment_page_mode_row);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, success_url_row);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, success_url_error);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, return_url_row);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, return_url_error);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, agents_list);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, new_email_row);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, new_email_error);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, new_name_row);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, new_name_error);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, new_pin_row);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, new_pin_confirm_row);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, new_pin_error);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, new_admin_switch);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesDialog, add_agent_button);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_api_base_uri_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_web_origin_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_slug_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_query_session_path_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_query_reference_path_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_api_key_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_api_key_clear_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_station_name_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_office_database_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_business_name_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_success_url_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_return_url_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_add_agent);
}

static void
pos_preferences_dialog_init (PosPreferencesDialog *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pos_preferences_dialog_new (GtkWindow *parent, PosSettings *settings, PosRoster *roster)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (POS_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (POS_IS_ROSTER (roster), NULL);

  return g_object_new (POS_TYPE_PREFERENCES_DIALOG, "transient-for", parent, "settings", settings,
                       "roster", roster, NULL);
}

/* What pos_preferences_dialog_open() remembers across the unlock. */
typedef struct {
  GtkWindow *parent; /* weak */
  PosSettings *settings;
  PosRoster *roster;
  GCallback on_api_key_changed;
  GObject *receiver; /* weak */
} OpenData;

#define OPEN_DIALOG_KEY "pos-preferences-dialog"

static void
open_data_free (OpenData *data)
{
  g_clear_weak_pointer (&data->parent);
  g_clear_weak_pointer (&data->receiver);
  g_clear_object (&data->settings);
  g_clear_object (&data->roster);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenData, open_data_free)

static void
on_open_dialog_destroyed (GtkWidget *dialog, GtkWindow *parent)
{
  if (g_object_get_data (G_OBJECT (parent), OPEN_DIALOG_KEY) == dialog)
    g_object_set_data (G_OBJECT (parent), OPEN_DIALOG_KEY, NULL);
}

static void
open_unlocked (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (OpenData) data = user_data;
  g_autoptr (PosAgent) admin = NULL;
  GtkWidget *dialog;

  admin = pos_admin_gate_require_finish (result, NULL);
  if (admin == NULL || data->parent == NULL)
    return;

  dialog = pos_preferences_dialog_new (data->parent, data->settings, data->roster);
  if (data->on_api_key_changed != NULL && data->receiver != NULL)
    g_signal_connect_object (dialog, "api-key-changed", data->on_api_key_changed, data->receiver,
                             G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (data->parent), OPEN_DIALOG_KEY, dialog);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_open_dialog_destroyed), data->parent,
                           0);
  pos_admin_gate_close_on_lock (data->parent, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
pos_preferences_dialog_open (GtkWindow *parent,
                             PosSettings *settings,
                             PosRoster *roster,
                             const char *agent_email,
                             GCallback on_api_key_changed,
                             gpointer receiver)
{
  GtkWindow *open;
  OpenData *data;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (POS_IS_SETTINGS (settings));
  g_return_if_fail (POS_IS_ROSTER (roster));
  g_return_if_fail (receiver == NULL || G_IS_OBJECT (receiver));

  open = g_object_get_data (G_OBJECT (parent), OPEN_DIALOG_KEY);
  if (open != NULL) {
    gtk_window_present (open);
    return;
  }

  data = g_new0 (OpenData, 1);
  g_set_weak_pointer (&data->parent, parent);
  g_set_weak_pointer (&data->receiver, receiver);
  data->settings = g_object_ref (settings);
  data->roster = g_object_ref (roster);
  data->on_api_key_changed = on_api_key_changed;
  pos_admin_gate_require_async (parent, roster, agent_email,
                                _ ("Only an administrator can change the preferences."), NULL,
                                open_unlocked, data);
}
