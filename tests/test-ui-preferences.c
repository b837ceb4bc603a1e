/* test-ui-preferences.c: the preferences dialog and the administrator unlock, driven through
 * their widgets against a memory-backend PosSettings and a roster in a temporary journal.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pos-account-book-group.h"
#include "pos-admin-gate.h"
#include "pos-charge-types-editor.h"
#include "pos-preferences-agent-row.h"
#include "pos-preferences-dialog.h"
#include "pos-preferences-unlock.h"
#include "pos.h"
#include "test-ui-harness.h"

/* Built from parts: in some editors a typed address turns into something else. */
#define EMAIL_DOMAIN "example.org"
#define ADMIN_PIN    "1234"
/* The unique part of the test key; the key is KEY_PREFIX KEY_SECRET. */
#define KEY_PREFIX "sk_test_"
#define KEY_SECRET "q7Zr2wVx9LmN4kT86789"

typedef struct {
  char *tmpdir;
  char *journal_path;
  PosJournal *journal;
  PosRoster *roster;
  GSettings *gsettings;
  PosSettings *settings;
  PosPreferencesDialog *dialog;
  char *ava;
  char *ben;
} Fixture;

static char *
make_email (const char *user)
{
  return g_strconcat (user, "@", EMAIL_DOMAIN, NULL);
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Runs the main loop until *@done is non-zero, failing after a few seconds. */
static void
wait_for (gboolean *done, const char *what)
{
  ui_wait_until (is_true, done, 10000, what);
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gpointer
child (Fixture *f, const char *name)
{
  GObject *object =
    gtk_widget_get_template_child (GTK_WIDGET (f->dialog), POS_TYPE_PREFERENCES_DIALOG, name);

  g_assert_nonnull (object);
  return object;
}

static void
apply (gpointer entry_row, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry_row), text);
  g_signal_emit_by_name (entry_row, "apply");
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr (GError) error = NULL;

  f->tmpdir = g_dir_make_tmp ("test-ui-preferences-XXXXXX", &error);
  g_assert_no_error (error);
  f->journal_path = g_build_filename (f->tmpdir, "journal.sqlite", NULL);
  f->journal = pos_journal_open (f->journal_path, &error);
  g_assert_no_error (error);
  f->roster = pos_roster_new (f->journal, &error);
  g_assert_no_error (error);

  f->ava = make_email ("ava");
  f->ben = make_email ("ben");
  pos_roster_add_agent (f->roster, f->ava, "Ava Alvarez", ADMIN_PIN, TRUE, &error);
  g_assert_no_error (error);
  /* Markup characters in a name must come out as text, not as a Pango warning. */
  pos_roster_add_agent (f->roster, f->ben, "Ben <Brooks> & Co", "5678", FALSE, &error);
  g_assert_no_error (error);

  f->gsettings = g_settings_new_with_backend (POS_SETTINGS_SCHEMA_ID, backend);
  f->settings = pos_settings_new_with_settings (f->gsettings);

  f->dialog = POS_PREFERENCES_DIALOG (pos_preferences_dialog_new (NULL, f->settings, f->roster));
  gtk_window_present (GTK_WINDOW (f->dialog));
  iterate ();
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  PosPreferencesDialog *dialog = f->dialog;

  /* Pending API key look-ups hold the dialog until they return (cancelled). */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &f->dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_wait_until (is_null, &f->dialog, 10000, "the dialog to be finalized");

  g_assert_finalize_object (f->settings);
  g_assert_finalize_object (f->gsettings);
  g_assert_finalize_object (f->roster);
  g_assert_finalize_object (f->journal);

  {
    g_autoptr (GDir) dir = g_dir_open (f->tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
      g_autofree char *path = g_build_filename (f->tmpdir, name, NULL);

      g_unlink (path);
    }
  }
  g_rmdir (f->tmpdir);
  g_free (f->tmpdir);
  g_free (f->journal_path);
  g_free (f->ava);
  g_free (f->ben);
}

static void
test_idle_minutes (Fixture *f, gconstpointer data)
{
  GtkSpinButton *spin = child (f, "idle_spin");

  g_assert_cmpuint (pos_settings_get_idle_lock_minutes (f->settings), ==, 5);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 5);

  gtk_spin_button_set_value (spin, 12);
  g_assert_cmpuint (pos_settings_get_idle_lock_minutes (f->settings), ==, 12);
  g_assert_cmpuint (g_settings_get_uint (f->gsettings, "idle-lock-minutes"), ==, 12);

  /* Typed by hand past the PCI limit: the spin button holds it at 15. */
  gtk_editable_set_text (GTK_EDITABLE (spin), "40");
  gtk_spin_button_update (spin);
  g_assert_cmpuint (pos_settings_get_idle_lock_minutes (f->settings), ==, 15);

  gtk_spin_button_spin (spin, GTK_SPIN_STEP_BACKWARD, 1);
  g_assert_cmpuint (g_settings_get_uint (f->gsettings, "idle-lock-minutes"), ==, 14);

  /* And a change from elsewhere shows in the dialog. */
  g_settings_set_uint (f->gsettings, "idle-lock-minutes", 3);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 3);

  /* Larger Text, beside it in the station's group. */
  g_assert_false (gtk_switch_get_active (child (f, "larger_text_switch")));
  gtk_switch_set_active (child (f, "larger_text_switch"), TRUE);
  g_assert_true (g_settings_get_boolean (f->gsettings, "larger-text"));
}

static void
test_environment (Fixture *f, gconstpointer data)
{
  AdwComboRow *environment = child (f, "environment_row");
  GtkWidget *api_base_uri = child (f, "api_base_uri_row");
  GtkWidget *web_origin = child (f, "web_origin_row");

  g_assert_cmpint (pos_settings_get_environment (f->settings), ==, POS_ENVIRONMENT_SANDBOX);
  g_assert_false (gtk_widget_get_visible (api_base_uri));
  g_assert_false (gtk_widget_get_visible (child (f, "api_key_group")));

  adw_combo_row_set_selected (environment, POS_ENVIRONMENT_PRODUCTION);
  g_assert_cmpint (pos_settings_get_environment (f->settings), ==, POS_ENVIRONMENT_PRODUCTION);
  {
    g_autofree char *nick = g_settings_get_string (f->gsettings, "environment");

    g_assert_cmpstr (nick, ==, "production");
  }
  g_assert_false (gtk_widget_get_visible (api_base_uri));
  g_assert_true (gtk_widget_get_visible (child (f, "api_key_group")));

  adw_combo_row_set_selected (environment, POS_ENVIRONMENT_CUSTOM);
  g_assert_cmpint (pos_settings_get_environment (f->settings), ==, POS_ENVIRONMENT_CUSTOM);
  g_assert_true (gtk_widget_get_visible (api_base_uri));
  g_assert_true (gtk_widget_get_visible (web_origin));

  /* Not an http(s) address: refused at the field, the setting untouched. */
  apply (api_base_uri, "ftp://gateway.example.org");
  g_assert_nonnull (ui_preferences_error (child (f, "api_base_uri_error")));
  g_assert_true (gtk_widget_has_css_class (api_base_uri, "error"));
  g_assert_cmpstr (pos_settings_get_custom_api_base_uri (f->settings), ==, "");
  /* Editing clears the message. */
  gtk_editable_set_text (GTK_EDITABLE (api_base_uri), "https://");
  g_assert_null (ui_preferences_error (child (f, "api_base_uri_error")));
  g_assert_false (gtk_widget_has_css_class (api_base_uri, "error"));

  apply (api_base_uri, "  https://gateway.example.org  ");
  g_assert_null (ui_preferences_error (child (f, "api_base_uri_error")));
  g_assert_cmpstr (pos_settings_get_custom_api_base_uri (f->settings), ==,
                   "https://gateway.example.org");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (api_base_uri)), ==,
                   "https://gateway.example.org");

  /* Plain http only for this computer. */
  apply (api_base_uri, "http://gateway.example.org");
  g_assert_nonnull (strstr (ui_preferences_error (child (f, "api_base_uri_error")), "https"));
  g_assert_cmpstr (pos_settings_get_custom_api_base_uri (f->settings), ==,
                   "https://gateway.example.org");
  apply (api_base_uri, "http://127.0.0.1:8080");
  g_assert_null (ui_preferences_error (child (f, "api_base_uri_error")));
  apply (api_base_uri, "https://gateway.example.org");

  /* An origin has no path. */
  apply (web_origin, "https://pay.example.org/app");
  g_assert_nonnull (ui_preferences_error (child (f, "web_origin_error")));
  apply (web_origin, "https://pay.example.org");
  g_assert_null (ui_preferences_error (child (f, "web_origin_error")));
  g_assert_cmpstr (pos_settings_get_web_origin (f->settings), ==, "https://pay.example.org");

  apply (child (f, "slug_row"), "acme utilities/x");
  g_assert_nonnull (ui_preferences_error (child (f, "slug_error")));
  g_assert_cmpstr (pos_settings_get_business_unit_slug (f->settings), ==, "acme-utilities");
  apply (child (f, "slug_row"), "city-hall");
  g_assert_cmpstr (pos_settings_get_business_unit_slug (f->settings), ==, "city-hall");

  apply (child (f, "station_name_row"), "Front Desk 2");
  g_assert_cmpstr (pos_settings_get_station_name (f->settings), ==, "Front Desk 2");

  /* The business heads every receipt, then the station. */
  apply (child (f, "business_name_row"), "  Acme Utilities ");
  g_assert_cmpstr (pos_settings_get_business_name (f->settings), ==, "Acme Utilities");
  {
    g_autofree char *heading = pos_settings_dup_receipt_heading (f->settings);

    g_assert_cmpstr (heading, ==, "Acme Utilities \u2013 Front Desk 2");
  }
  apply (child (f, "business_name_row"), "An Extremely Long Business Name That Does Not Fit");
  g_assert_nonnull (ui_preferences_error (child (f, "business_name_error")));
  g_assert_cmpstr (pos_settings_get_business_name (f->settings), ==, "Acme Utilities");

  /* The office database: a network host without certificate checks, or a password, is refused
   * at the field with what to do; a Unix socket is taken; empty is a stand-alone station. */
  apply (child (f, "office_database_row"), "host=db.example.org dbname=paystar");
  g_assert_nonnull (
    strstr (ui_preferences_error (child (f, "office_database_error")), "sslmode=verify-full"));
  g_assert_cmpstr (pos_settings_get_office_database (f->settings), ==, "");
  apply (child (f, "office_database_row"), "host=localhost password=hunter2");
  g_assert_nonnull (
    strstr (ui_preferences_error (child (f, "office_database_error")), "~/.pgpass"));
  g_assert_cmpstr (pos_settings_get_office_database (f->settings), ==, "");
  apply (child (f, "office_database_row"), " host=/run/postgresql dbname=paystar ");
  g_assert_null (ui_preferences_error (child (f, "office_database_error")));
  g_assert_cmpstr (pos_settings_get_office_database (f->settings), ==,
                   "host=/run/postgresql dbname=paystar");
  apply (child (f, "office_database_row"), "");
  g_assert_cmpstr (pos_settings_get_office_database (f->settings), ==, "");

  ui_save_screenshot (GTK_WIDGET (f->dialog), "preferences-station.png");

  /* Back to the sandbox: the custom rows and their errors go away. */
  apply (web_origin, "nonsense");
  adw_combo_row_set_selected (environment, POS_ENVIRONMENT_SANDBOX);
  g_assert_cmpint (pos_settings_get_environment (f->settings), ==, POS_ENVIRONMENT_SANDBOX);
  g_assert_false (gtk_widget_get_visible (web_origin));
  g_assert_null (ui_preferences_error (child (f, "web_origin_error")));

  /* A change from elsewhere moves the combo. */
  pos_settings_set_environment (f->settings, POS_ENVIRONMENT_DEVELOPMENT);
  g_assert_cmpuint (adw_combo_row_get_selected (environment), ==, POS_ENVIRONMENT_DEVELOPMENT);
}

static void
test_payment_page (Fixture *f, gconstpointer data)
{
  AdwComboRow *mode = child (f, "payment_page_mode_row");
  GtkWidget *success = child (f, "success_url_row");
  GtkWidget *return_row = child (f, "return_url_row");

  g_assert_false (gtk_widget_get_visible (success));
  adw_combo_row_set_selected (mode, POS_PAYMENT_PAGE_MODE_REDIRECT);
  g_assert_cmpint (pos_settings_get_payment_page_mode (f->settings), ==,
                   POS_PAYMENT_PAGE_MODE_REDIRECT);
  g_assert_true (gtk_widget_get_visible (success));
  g_assert_true (gtk_widget_get_visible (return_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (success)), ==, POS_DEFAULT_SUCCESS_URL);

  apply (success, "station/success");
  g_assert_nonnull (ui_preferences_error (child (f, "success_url_error")));
  apply (success, "javascript:alert(1)");
  g_assert_nonnull (ui_preferences_error (child (f, "success_url_error")));
  /* The view tells the two apart by prefix: one may not start with the other. */
  apply (success, POS_DEFAULT_RETURN_URL "/ok");
  g_assert_nonnull (ui_preferences_error (child (f, "success_url_error")));
  g_assert_cmpstr (pos_settings_get_success_url (f->settings), ==, POS_DEFAULT_SUCCESS_URL);

  apply (success, "https://station.example.org/paid");
  g_assert_null (ui_preferences_error (child (f, "success_url_error")));
  g_assert_cmpstr (pos_settings_get_success_url (f->settings), ==,
                   "https://station.example.org/paid");
  apply (return_row, "http://localhost:8080/back");
  g_assert_cmpstr (pos_settings_get_return_url (f->settings), ==, "http://localhost:8080/back");

  adw_combo_row_set_selected (mode, POS_PAYMENT_PAGE_MODE_SDK);
  g_assert_cmpint (pos_settings_get_payment_page_mode (f->settings), ==, POS_PAYMENT_PAGE_MODE_SDK);
  g_assert_false (gtk_widget_get_visible (success));
}

static GtkWidget *
find_button_with_tooltip (GtkWidget *root, const char *tooltip)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL;
       w = gtk_widget_get_next_sibling (w)) {
    GtkWidget *found;

    if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_widget_get_tooltip_text (w), tooltip) == 0)
      return w;
    if ((found = find_button_with_tooltip (w, tooltip)) != NULL)
      return found;
  }
  return NULL;
}

static void
test_charge_types (Fixture *f, gconstpointer data)
{
  GtkWidget *editor = child (f, "charge_types_editor");
  GtkListBox *list = GTK_LIST_BOX (
    gtk_widget_get_template_child (editor, POS_TYPE_CHARGE_TYPES_EDITOR, "charge_types_list"));
  GtkWidget *entry = GTK_WIDGET (
    gtk_widget_get_template_child (editor, POS_TYPE_CHARGE_TYPES_EDITOR, "new_charge_type_row"));
  GtkWidget *error = GTK_WIDGET (
    gtk_widget_get_template_child (editor, POS_TYPE_CHARGE_TYPES_EDITOR, "new_charge_type_error"));
  const char *const *types;
  GtkWidget *button;

  types = pos_settings_get_charge_types (f->settings);
  g_assert_cmpuint (g_strv_length ((char **) types), ==, 4);
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 3));
  g_assert_null (gtk_list_box_get_row_at_index (list, 4));

  apply (entry, "  Water & Sewer ");
  types = pos_settings_get_charge_types (f->settings);
  g_assert_cmpuint (g_strv_length ((char **) types), ==, 5);
  g_assert_cmpstr (types[4], ==, "Water & Sewer");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpstr (
    adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (list, 4))),
    ==, "Water & Sewer");

  apply (entry, "water & sewer");
  g_assert_nonnull (ui_preferences_error (error));
  apply (entry, "   ");
  g_assert_nonnull (ui_preferences_error (error));
  g_assert_cmpuint (g_strv_length ((char **) pos_settings_get_charge_types (f->settings)), ==, 5);

  /* Move the new type to the front, one step at a time, then remove the first type. */
  for (int i = 4; i > 0; i--) {
    button =
      find_button_with_tooltip (GTK_WIDGET (gtk_list_box_get_row_at_index (list, i)), "Move Up");
    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
  }
  types = pos_settings_get_charge_types (f->settings);
  g_assert_cmpstr (types[0], ==, "Water & Sewer");
  g_assert_cmpstr (types[1], ==, "Utility bill");
  g_assert_false (gtk_widget_get_sensitive (
    find_button_with_tooltip (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0)), "Move Up")));

  button =
    find_button_with_tooltip (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 1)), "Remove");
  g_signal_emit_by_name (button, "clicked");
  types = pos_settings_get_charge_types (f->settings);
  g_assert_cmpuint (g_strv_length ((char **) types), ==, 4);
  g_assert_cmpstr (types[0], ==, "Water & Sewer");
  g_assert_cmpstr (types[1], ==, "Deposit");

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (f->dialog), "sales");
  ui_save_screenshot (GTK_WIDGET (f->dialog), "preferences-sales.png");
}

/* The agent's PIN hash as stored in the journal, read with SQLite directly. */
static char *
read_pin_hash (Fixture *f, const char *email)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *hash = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->journal_path, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (
    sqlite3_prepare_v2 (db, "SELECT pin_hash FROM agents WHERE email = ?", -1, &stmt, NULL), ==,
    SQLITE_OK);
  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    hash = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return hash;
}

static PosPreferencesAgentRow *
find_agent_row (Fixture *f, const char *email)
{
  GtkListBox *list = child (f, "agents_list");
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++) {
    PosAgent *agent = pos_preferences_agent_row_get_agent (POS_PREFERENCES_AGENT_ROW (row));

    if (g_ascii_strcasecmp (pos_agent_get_email (agent), email) == 0)
      return POS_PREFERENCES_AGENT_ROW (row);
  }
  return NULL;
}

static gpointer
agent_row_child (PosPreferencesAgentRow *row, const char *name)
{
  GObject *object =
    gtk_widget_get_template_child (GTK_WIDGET (row), POS_TYPE_PREFERENCES_AGENT_ROW, name);

  g_assert_nonnull (object);
  return object;
}

typedef struct {
  AdwActionRow *row;
  const char *subtitle;
} SubtitleWait;

static gboolean
subtitle_is (gpointer user_data)
{
  SubtitleWait *wait = user_data;

  return g_strcmp0 (adw_action_row_get_subtitle (wait->row), wait->subtitle) == 0;
}

/* Imports @csv as a file through the group, as Import… does after the file chooser, and waits
 * for the count to say @expected_count again. */
static void
import_file (Fixture *f, GtkWidget *group, const char *csv, const char *expected_count)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "accounts.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  SubtitleWait wait = {
    ADW_ACTION_ROW (
      gtk_widget_get_template_child (group, POS_TYPE_ACCOUNT_BOOK_GROUP, "count_row")),
    expected_count,
  };

  g_assert_true (g_file_set_contents (path, csv, -1, &error));
  g_assert_no_error (error);
  pos_account_book_group_import_file (POS_ACCOUNT_BOOK_GROUP (group), file);
  /* "Importing…" while the file is read. */
  g_assert_cmpstr (adw_action_row_get_subtitle (wait.row), ==, "Importing…");
  ui_wait_until (subtitle_is, &wait, 10000, "the import to end");
}

/* The account book's group: the count, an import that adds, one that is refused whole with its
 * problems under the row. */
static void
test_account_book (Fixture *f, gconstpointer data)
{
  GtkWidget *group = child (f, "account_book_group");
  GtkWidget *error_row =
    GTK_WIDGET (gtk_widget_get_template_child (group, POS_TYPE_ACCOUNT_BOOK_GROUP, "import_error"));
  AdwActionRow *count_row = ADW_ACTION_ROW (
    gtk_widget_get_template_child (group, POS_TYPE_ACCOUNT_BOOK_GROUP, "count_row"));
  const char *message;

  g_assert_cmpstr (adw_action_row_get_subtitle (count_row), ==, "0 accounts");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (
    gtk_widget_get_template_child (group, POS_TYPE_ACCOUNT_BOOK_GROUP, "import_button"))));

  import_file (f, group, "AccountNumber,Name,Balance\n10-4432,Dana Lee,1200.50\nA-1,Ann,\n",
               "2 accounts");
  g_assert_null (ui_preferences_error (error_row));
  g_assert_cmpint (pos_account_book_count (f->journal, NULL), ==, 2);

  import_file (f, group, "AccountNumber,Name,Balance\nB-1,Bo,10\nB-2,Bad,12abc\n", "2 accounts");
  message = ui_preferences_error (error_row);
  g_assert_nonnull (message);
  g_assert_true (g_str_has_prefix (message, "Nothing was imported."));
  g_assert_nonnull (strstr (message, "Line 3: Balance:"));
  g_assert_cmpint (pos_account_book_count (f->journal, NULL), ==, 2);
}

static void
apply_text (GtkWidget *row, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
}

/* The bill barcode layout: a bad one refused with what to change (the setting kept), a good one
 * applied; the try row reads a barcode with it. */
static void
test_bill_barcode (Fixture *f, gconstpointer data)
{
  GtkWidget *group = child (f, "account_book_group");
  GtkWidget *layout_row =
    GTK_WIDGET (gtk_widget_get_template_child (group, POS_TYPE_ACCOUNT_BOOK_GROUP, "layout_row"));
  GtkWidget *layout_error =
    GTK_WIDGET (gtk_widget_get_template_child (group, POS_TYPE_ACCOUNT_BOOK_GROUP, "layout_error"));
  GtkWidget *try_row =
    GTK_WIDGET (gtk_widget_get_template_child (group, POS_TYPE_ACCOUNT_BOOK_GROUP, "try_row"));
  AdwActionRow *try_result = ADW_ACTION_ROW (
    gtk_widget_get_template_child (group, POS_TYPE_ACCOUNT_BOOK_GROUP, "try_result"));

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (layout_row)), ==, "");
  gtk_editable_set_text (GTK_EDITABLE (try_row), "0010443299");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (try_result)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (try_result), "Apply a layout first"));

  apply_text (layout_row, "{acount:10}");
  g_assert_nonnull (strstr (ui_preferences_error (layout_error), "is not a part"));
  g_assert_true (gtk_widget_has_css_class (layout_row, "error"));
  g_assert_cmpstr (pos_settings_get_bill_barcode_layout (f->settings), ==, "");

  apply_text (layout_row, " {account:10}{amount:8}{due:8} ");
  g_assert_null (ui_preferences_error (layout_error));
  g_assert_false (gtk_widget_has_css_class (layout_row, "error"));
  g_assert_cmpstr (pos_settings_get_bill_barcode_layout (f->settings), ==,
                   "{account:10}{amount:8}{due:8}");

  gtk_editable_set_text (GTK_EDITABLE (try_row), "00104432990001205020261217");
  g_assert_cmpstr (adw_action_row_get_subtitle (try_result), ==,
                   "Account 0010443299, amount $120.50, due 2026-12-17");
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (f->dialog), "sales");
  gtk_widget_grab_focus (try_row);
  ui_save_screenshot (GTK_WIDGET (f->dialog), "ui-preferences-bill-barcode.png");
  gtk_editable_set_text (GTK_EDITABLE (try_row), "0010443299");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (try_result), "shorter"));
  gtk_editable_set_text (GTK_EDITABLE (try_row), "");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (try_result)));

  /* Empty turns scanning off. */
  apply_text (layout_row, "");
  g_assert_cmpstr (pos_settings_get_bill_barcode_layout (f->settings), ==, "");
}

static void
test_add_agent (Fixture *f, gconstpointer data)
{
  g_autofree char *cory = make_email ("cory");
  g_autofree char *hash = NULL;
  g_autoptr (PosAgent) signed_in = NULL;
  g_autoptr (GError) error = NULL;
  const char *pin = "86420975";
  PosAgent *agent;

  g_assert_cmpuint (pos_roster_get_n_agents (f->roster), ==, 2);
  g_assert_nonnull (find_agent_row (f, f->ava));
  g_assert_nonnull (find_agent_row (f, f->ben));

  /* Everything wrong at once: every field says so, and nothing is added. */
  gtk_editable_set_text (child (f, "new_email_row"), "cory-at-example");
  gtk_editable_set_text (child (f, "new_name_row"), "  ");
  gtk_editable_set_text (child (f, "new_pin_row"), "12a4");
  g_signal_emit_by_name (child (f, "add_agent_button"), "clicked");
  g_assert_nonnull (ui_preferences_error (child (f, "new_email_error")));
  g_assert_nonnull (ui_preferences_error (child (f, "new_name_error")));
  g_assert_nonnull (ui_preferences_error (child (f, "new_pin_error")));
  g_assert_cmpuint (pos_roster_get_n_agents (f->roster), ==, 2);

  /* An agent already on the roster. */
  gtk_editable_set_text (child (f, "new_email_row"), f->ben);
  gtk_editable_set_text (child (f, "new_name_row"), "Ben Again");
  gtk_editable_set_text (child (f, "new_pin_row"), pin);
  gtk_editable_set_text (child (f, "new_pin_confirm_row"), pin);
  g_signal_emit_by_name (child (f, "add_agent_button"), "clicked");
  g_assert_nonnull (ui_preferences_error (child (f, "new_email_error")));
  g_assert_null (ui_preferences_error (child (f, "new_pin_error")));

  /* PINs that differ. */
  gtk_editable_set_text (child (f, "new_email_row"), cory);
  gtk_editable_set_text (child (f, "new_name_row"), "Cory Chen");
  gtk_editable_set_text (child (f, "new_pin_confirm_row"), "86420976");
  g_signal_emit_by_name (child (f, "add_agent_button"), "clicked");
  g_assert_nonnull (ui_preferences_error (child (f, "new_pin_error")));
  g_assert_null (pos_roster_lookup (f->roster, cory));

  gtk_editable_set_text (child (f, "new_pin_confirm_row"), pin);
  gtk_switch_set_active (child (f, "new_admin_switch"), TRUE);
  g_signal_emit_by_name (child (f, "add_agent_button"), "clicked");
  g_assert_null (ui_preferences_error (child (f, "new_email_error")));
  g_assert_null (ui_preferences_error (child (f, "new_pin_error")));

  agent = pos_roster_lookup (f->roster, cory);
  g_assert_nonnull (agent);
  g_assert_cmpstr (pos_agent_get_display_name (agent), ==, "Cory Chen");
  g_assert_true (pos_agent_get_is_admin (agent));
  g_assert_cmpuint (pos_roster_get_n_agents (f->roster), ==, 3);
  g_assert_nonnull (find_agent_row (f, cory));

  /* The form is empty again: the PIN does not linger in an entry. */
  g_assert_cmpstr (gtk_editable_get_text (child (f, "new_pin_row")), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (child (f, "new_pin_confirm_row")), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (child (f, "new_email_row")), ==, "");
  g_assert_false (gtk_switch_get_active (child (f, "new_admin_switch")));

  /* Stored as a libxcrypt hash, never as the PIN. */
  hash = read_pin_hash (f, cory);
  g_assert_nonnull (hash);
  g_assert_true (g_str_has_prefix (hash, "$y$") || g_str_has_prefix (hash, "$6$"));
  g_assert_null (strstr (hash, pin));
  g_assert_true (pos_pin_verify (pin, hash));
  signed_in = pos_roster_sign_in (f->roster, cory, pin, &error);
  g_assert_no_error (error);
  g_assert_nonnull (signed_in);

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (f->dialog), "agents");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (find_agent_row (f, cory)), TRUE);
  ui_save_screenshot (GTK_WIDGET (f->dialog), "preferences-agents.png");
}

static void
test_agent_row (Fixture *f, gconstpointer data)
{
  PosPreferencesAgentRow *row = find_agent_row (f, f->ben);
  g_autoptr (GError) error = NULL;
  g_autoptr (PosAgent) signed_in = NULL;
  g_autofree char *hash = NULL;

  /* A new PIN: too short is refused at the field, then a good one works. */
  apply (agent_row_child (row, "pin_row"), "12");
  g_assert_nonnull (ui_preferences_error (agent_row_child (row, "pin_error")));
  apply (agent_row_child (row, "pin_row"), "97531");
  g_assert_null (ui_preferences_error (agent_row_child (row, "pin_error")));
  g_assert_cmpstr (gtk_editable_get_text (agent_row_child (row, "pin_row")), ==, "");
  signed_in = pos_roster_sign_in (f->roster, f->ben, "97531", &error);
  g_assert_no_error (error);
  hash = read_pin_hash (f, f->ben);
  g_assert_null (strstr (hash, "97531"));

  /* Make Ben an administrator, and take it back. */
  gtk_switch_set_active (agent_row_child (row, "admin_switch"), TRUE);
  g_assert_true (pos_agent_get_is_admin (pos_roster_lookup (f->roster, f->ben)));
  row = find_agent_row (f, f->ben);
  gtk_switch_set_active (agent_row_child (row, "admin_switch"), FALSE);
  g_assert_false (pos_agent_get_is_admin (pos_roster_lookup (f->roster, f->ben)));

  /* Rename. */
  row = find_agent_row (f, f->ben);
  apply (agent_row_child (row, "name_row"), "");
  g_assert_nonnull (ui_preferences_error (agent_row_child (row, "name_error")));
  apply (agent_row_child (row, "name_row"), "Benjamin Brooks");
  g_assert_cmpstr (pos_agent_get_display_name (pos_roster_lookup (f->roster, f->ben)), ==,
                   "Benjamin Brooks");
}

static void
test_last_admin (Fixture *f, gconstpointer data)
{
  PosPreferencesAgentRow *row = find_agent_row (f, f->ava);
  AdwMessageDialog *dialog;

  /* Ava is the only administrator: no confirmation even, the row says why. */
  gtk_widget_activate_action (GTK_WIDGET (row), "agent.remove", NULL);
  iterate ();
  g_assert_null (ui_find_message_dialog ());
  g_assert_nonnull (ui_preferences_error (agent_row_child (row, "remove_error")));
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
  g_assert_nonnull (pos_roster_lookup (f->roster, f->ava));

  /* Nor can she stop being one. */
  gtk_switch_set_active (agent_row_child (row, "admin_switch"), FALSE);
  g_assert_true (gtk_switch_get_active (agent_row_child (row, "admin_switch")));
  g_assert_nonnull (ui_preferences_error (agent_row_child (row, "admin_error")));
  g_assert_true (pos_agent_get_is_admin (pos_roster_lookup (f->roster, f->ava)));
  g_assert_true (pos_roster_has_admin (f->roster));

  /* Ben can go, after a confirmation; "cancel" first keeps him. */
  row = find_agent_row (f, f->ben);
  gtk_widget_activate_action (GTK_WIDGET (row), "agent.remove", NULL);
  iterate ();
  dialog = ui_find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "cancel");
  iterate ();
  g_assert_nonnull (pos_roster_lookup (f->roster, f->ben));

  gtk_widget_activate_action (GTK_WIDGET (row), "agent.remove", NULL);
  iterate ();
  dialog = ui_find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "remove");
  iterate ();
  g_assert_null (pos_roster_lookup (f->roster, f->ben));
  g_assert_null (find_agent_row (f, f->ben));
  g_assert_cmpuint (pos_roster_get_n_agents (f->roster), ==, 1);
}

/* TRUE when any text the dialog shows (labels, entries, row titles and subtitles) contains
 * @needle. */
static gboolean
widget_tree_shows (GtkWidget *widget, const char *needle)
{
  const char *texts[3] = { NULL, NULL, NULL };

  if (GTK_IS_LABEL (widget))
    texts[0] = gtk_label_get_text (GTK_LABEL (widget));
  if (GTK_IS_EDITABLE (widget))
    texts[1] = gtk_editable_get_text (GTK_EDITABLE (widget));
  if (ADW_IS_PREFERENCES_ROW (widget))
    texts[2] = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++) {
    if (texts[i] != NULL && strstr (texts[i], needle) != NULL)
      return TRUE;
  }
  if (ADW_IS_ACTION_ROW (widget)) {
    const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (widget));

    if (subtitle != NULL && strstr (subtitle, needle) != NULL)
      return TRUE;
  }

  for (GtkWidget *w = gtk_widget_get_first_child (widget); w != NULL;
       w = gtk_widget_get_next_sibling (w)) {
    if (widget_tree_shows (w, needle))
      return TRUE;
  }
  return FALSE;
}

static gboolean
shows_error (gpointer error_row)
{
  return ui_preferences_error (error_row) != NULL;
}

static gboolean
lookup_done (AdwActionRow *row)
{
  const char *subtitle = adw_action_row_get_subtitle (row);

  return subtitle != NULL && *subtitle != '\0' && strstr (subtitle, "…") == NULL;
}

static void
on_subtitle_notify (AdwActionRow *row, GParamSpec *pspec, gboolean *done)
{
  *done = lookup_done (row);
}

static void
test_api_key (Fixture *f, gconstpointer data)
{
  AdwActionRow *key_row = child (f, "api_key_row");
  GtkWidget *entry = child (f, "api_key_entry");
  gboolean done = FALSE;
  const char *subtitle;
  gulong id;

  id = g_signal_connect (key_row, "notify::subtitle", G_CALLBACK (on_subtitle_notify), &done);
  adw_combo_row_set_selected (child (f, "environment_row"), POS_ENVIRONMENT_PRODUCTION);
  done = lookup_done (key_row);
  wait_for (&done, "the API key look-up");
  g_signal_handler_disconnect (key_row, id);

  /* The key comes from PAYSTAR_API_KEY (set in main()): masked, and said where it is from. */
  subtitle = adw_action_row_get_subtitle (key_row);
  g_assert_nonnull (strstr (subtitle, "••••6789"));
  g_assert_nonnull (strstr (subtitle, "PAYSTAR_API_KEY"));
  g_assert_false (widget_tree_shows (GTK_WIDGET (f->dialog), KEY_SECRET));
  g_assert_false (widget_tree_shows (GTK_WIDGET (f->dialog), KEY_PREFIX "q7Z"));
  /* Only the keyring's key can be cleared from here. */
  g_assert_false (gtk_widget_get_sensitive (child (f, "api_key_clear_button")));

  /* A new key leaves the entry at once. There is no keyring in the test's session, so the
   * dialog says where else the key can go. */
  apply (entry, "  sk_live_" KEY_SECRET "  ");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_false (widget_tree_shows (GTK_WIDGET (f->dialog), KEY_SECRET));
  ui_wait_until (shows_error, child (f, "api_key_error"), 10000, "the keyring to refuse");
  g_assert_nonnull (strstr (ui_preferences_error (child (f, "api_key_error")), "PAYSTAR_API_KEY"));
  g_assert_nonnull (strstr (ui_preferences_error (child (f, "api_key_error")), "chmod 600"));
  g_assert_false (widget_tree_shows (GTK_WIDGET (f->dialog), KEY_SECRET));

  /* An empty key is refused at the field. */
  apply (entry, "   ");
  g_assert_nonnull (strstr (ui_preferences_error (child (f, "api_key_error")), "Paste"));

  ui_save_screenshot (GTK_WIDGET (f->dialog), "preferences-api-key.png");
}

typedef struct {
  gboolean done;
  PosAgent *admin;
  GError *error;
} UnlockResult;

static void
on_unlock_finished (GObject *object, GAsyncResult *result, gpointer user_data)
{
  UnlockResult *r = user_data;

  r->admin = pos_admin_gate_require_finish (result, &r->error);
  r->done = TRUE;
}

static PosPreferencesUnlock *
find_unlock (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++) {
    g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

    if (POS_IS_PREFERENCES_UNLOCK (window))
      return POS_PREFERENCES_UNLOCK (window);
  }
  return NULL;
}

static void
test_require_admin (Fixture *f, gconstpointer data)
{
  UnlockResult r = { FALSE, NULL, NULL };
  PosPreferencesUnlock *unlock;
  GtkEditable *pin;
  GtkWidget *pin_error;
  AdwComboRow *admins;

  /* Ben is signed in but is no administrator: the list offers administrators only. The prompt
   * says what the PIN is for. */
  pos_admin_gate_require_async (GTK_WINDOW (f->dialog), f->roster, f->ben,
                                "Only an administrator can close a sale.", NULL, on_unlock_finished,
                                &r);
  iterate ();
  unlock = find_unlock ();
  g_assert_nonnull (unlock);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (
                     GTK_WIDGET (unlock), POS_TYPE_PREFERENCES_UNLOCK, "purpose_label"))),
                   ==, "Only an administrator can close a sale.");
  admins = ADW_COMBO_ROW (
    gtk_widget_get_template_child (GTK_WIDGET (unlock), POS_TYPE_PREFERENCES_UNLOCK, "admin_row"));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (admins)), ==, 1);
  g_assert_cmpstr (pos_agent_get_email (adw_combo_row_get_selected_item (admins)), ==, f->ava);

  pin = GTK_EDITABLE (
    gtk_widget_get_template_child (GTK_WIDGET (unlock), POS_TYPE_PREFERENCES_UNLOCK, "pin_row"));
  pin_error = GTK_WIDGET (
    gtk_widget_get_template_child (GTK_WIDGET (unlock), POS_TYPE_PREFERENCES_UNLOCK, "pin_error"));

  /* A wrong PIN: said under the PIN, which is cleared; the window stays. */
  gtk_editable_set_text (pin, "0000");
  gtk_widget_activate_action (GTK_WIDGET (unlock), "unlock.unlock", NULL);
  iterate ();
  g_assert_false (r.done);
  g_assert_nonnull (ui_preferences_error (pin_error));
  g_assert_cmpstr (gtk_editable_get_text (pin), ==, "");
  ui_save_screenshot (GTK_WIDGET (unlock), "preferences-unlock.png");

  gtk_editable_set_text (pin, ADMIN_PIN);
  gtk_widget_activate_action (GTK_WIDGET (unlock), "unlock.unlock", NULL);
  wait_for (&r.done, "the unlock to finish");
  g_assert_no_error (r.error);
  g_assert_nonnull (r.admin);
  g_assert_cmpstr (pos_agent_get_email (r.admin), ==, f->ava);
  g_clear_object (&r.admin);
  iterate ();
  g_assert_null (find_unlock ());

  /* Closed without a PIN: cancelled. */
  r.done = FALSE;
  pos_admin_gate_require_async (GTK_WINDOW (f->dialog), f->roster, f->ava, NULL, NULL,
                                on_unlock_finished, &r);
  iterate ();
  unlock = find_unlock ();
  g_assert_nonnull (unlock);
  gtk_window_close (GTK_WINDOW (unlock));
  wait_for (&r.done, "the unlock to finish");
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (r.admin);
  g_clear_error (&r.error);

  /* Cancelled by the caller (the station locked meanwhile). */
  {
    g_autoptr (GCancellable) cancellable = g_cancellable_new ();

    r.done = FALSE;
    pos_admin_gate_require_async (GTK_WINDOW (f->dialog), f->roster, f->ava, NULL, cancellable,
                                  on_unlock_finished, &r);
    iterate ();
    g_assert_nonnull (find_unlock ());
    g_cancellable_cancel (cancellable);
    wait_for (&r.done, "the unlock to finish");
    g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&r.error);
    iterate ();
    g_assert_null (find_unlock ());
  }
}

/* A window with a "locked" property, standing in for PosWindow. */
#define TEST_TYPE_LOCKABLE (test_lockable_get_type ())
G_DECLARE_FINAL_TYPE (TestLockable, test_lockable, TEST, LOCKABLE, GtkWindow)

struct _TestLockable {
  GtkWindow parent_instance;
  gboolean locked;
};

G_DEFINE_FINAL_TYPE (TestLockable, test_lockable, GTK_TYPE_WINDOW)

static void
test_lockable_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  g_value_set_boolean (value, TEST_LOCKABLE (object)->locked);
}

static void
test_lockable_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  TEST_LOCKABLE (object)->locked = g_value_get_boolean (value);
}

static void
test_lockable_class_init (TestLockableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_lockable_get_property;
  object_class->set_property = test_lockable_set_property;
  g_object_class_install_property (
    object_class, 1,
    g_param_spec_boolean ("locked", NULL, NULL, FALSE, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
}

static void
test_lockable_init (TestLockable *self)
{
}

/* The preferences dialog other than the fixture's, or NULL. */
static PosPreferencesDialog *
find_opened_dialog (Fixture *f)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++) {
    g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

    if (POS_IS_PREFERENCES_DIALOG (window) && window != G_OBJECT (f->dialog))
      return POS_PREFERENCES_DIALOG (window);
  }
  return NULL;
}

static void
unlock_with (PosPreferencesUnlock *unlock, const char *pin)
{
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (
                           GTK_WIDGET (unlock), POS_TYPE_PREFERENCES_UNLOCK, "pin_row")),
                         pin);
  gtk_widget_activate_action (GTK_WIDGET (unlock), "unlock.unlock", NULL);
}

static void
test_open_and_lock (Fixture *f, gconstpointer data)
{
  GtkWindow *parent = g_object_new (TEST_TYPE_LOCKABLE, NULL);
  PosPreferencesDialog *opened;

  gtk_window_present (parent);
  iterate ();

  /* The PIN first, then the dialog. */
  pos_preferences_dialog_open (parent, f->settings, f->roster, f->ava, NULL, NULL);
  iterate ();
  g_assert_null (find_opened_dialog (f));
  g_assert_nonnull (find_unlock ());
  unlock_with (find_unlock (), ADMIN_PIN);
  iterate ();
  g_assert_null (find_unlock ());
  opened = find_opened_dialog (f);
  g_assert_nonnull (opened);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (opened)) == parent);

  /* Asked again while it is open: the same dialog, no second PIN. */
  pos_preferences_dialog_open (parent, f->settings, f->roster, f->ava, NULL, NULL);
  iterate ();
  g_assert_null (find_unlock ());
  g_assert_true (find_opened_dialog (f) == opened);

  /* The station locks: the preferences go. */
  g_object_set (parent, "locked", TRUE, NULL);
  iterate ();
  g_assert_null (find_opened_dialog (f));

  /* And so does a PIN prompt. */
  g_object_set (parent, "locked", FALSE, NULL);
  pos_preferences_dialog_open (parent, f->settings, f->roster, f->ava, NULL, NULL);
  iterate ();
  g_assert_nonnull (find_unlock ());
  g_object_set (parent, "locked", TRUE, NULL);
  iterate ();
  g_assert_null (find_unlock ());
  g_assert_null (find_opened_dialog (f));

  gtk_window_destroy (parent);
  iterate ();
}

int
main (int argc, char *argv[])
{
  /* No keyring for these tests, whatever the session offers: libsecret fails fast and the
   * dialog takes its no-keyring path. The key comes from the environment. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/test-ui-preferences", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  ui_harness_init (&argc, &argv);
  /* After the harness, which clears it for the other tests. */
  g_setenv (POS_API_KEY_ENV_VAR, KEY_PREFIX KEY_SECRET, TRUE);
  g_type_ensure (POS_TYPE_PREFERENCES_DIALOG);
  g_type_ensure (POS_TYPE_PREFERENCES_UNLOCK);

#define ADD(path, func) \
  g_test_add ("/ui/preferences/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("idle-minutes", test_idle_minutes);
  ADD ("environment", test_environment);
  ADD ("payment-page", test_payment_page);
  ADD ("charge-types", test_charge_types);
  ADD ("account-book", test_account_book);
  ADD ("bill-barcode", test_bill_barcode);
  ADD ("add-agent", test_add_agent);
  ADD ("agent-row", test_agent_row);
  ADD ("last-admin", test_last_admin);
  ADD ("api-key", test_api_key);
  ADD ("require-admin", test_require_admin);
  ADD ("open-and-lock", test_open_and_lock);
#undef ADD

  return g_test_run ();
}
