/* test-ui-a11y.c: what a screen reader hears, page by page: every control has a name.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test reads its own window the way Orca does: through the AT-SPI tree on the accessibility
 * bus (GTK's own AT-SPI backend, not a stand-in), over D-Bus, asynchronously (GTK answers the
 * questions on this very main loop). On each page (sign-in, sale with an account open, the
 * recovery list, the payment step, History, the success screen, Preferences) it fails on any showing button, entry,
 * toggle, drop-down, list item or link whose name is empty, is a type name ("GtkImage"), shows
 * a mnemonic underscore ("_Sign In") or repeats itself ("Sign In Sign In").
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pos-preferences-dialog.h"
#include "pos-test-util.h"
#include "test-ui-harness.h"

/* AT-SPI's state bits (AtspiStateType). */
#define STATE_VISIBLE 30

/* The roles a person operates: each must have a usable name. */
/* The roles a person operates, as GTK names them: each must have a usable name. */
static const char *const operable_roles[] = {
  "button",     "toggle button", "check box",           "radio",           "switch", "text box",
  "search box", "spin button",   "combo box",           "list item",       "row",    "tab",
  "link",       "menu item",     "menu item check box", "menu item radio", "slider",
};

typedef struct {
  GDBusConnection *bus; /* the accessibility bus */
  char *app_name;       /* this process's name on it */
  GString *report;      /* one line per control, for the test's log and its failures */
  GPtrArray *problems;
  guint controls;
} Walk;

typedef struct {
  GVariant *reply;
  GError *error;
  gboolean done;
} Call;

static void
call_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Call *call = user_data;

  call->reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &call->error);
  call->done = TRUE;
}

static gboolean
call_finished (gpointer user_data)
{
  return ((Call *) user_data)->done;
}

/* A D-Bus call answered while the main loop runs: GTK answers AT-SPI on this thread. */
static GVariant *
call (GDBusConnection *bus,
      const char *name,
      const char *path,
      const char *interface,
      const char *method,
      GVariant *parameters,
      const GVariantType *reply_type)
{
  Call result = { NULL, NULL, FALSE };

  g_dbus_connection_call (bus, name, path, interface, method, parameters, reply_type,
                          G_DBUS_CALL_FLAGS_NONE, 10000, NULL, call_done, &result);
  ui_wait_until (call_finished, &result, 15000, method);
  if (result.error != NULL)
    g_error ("%s.%s on %s %s: %s", interface, method, name, path, result.error->message);
  return result.reply;
}

static char *
accessible_string (Walk *walk, const char *name, const char *path, const char *property)
{
  g_autoptr (GVariant) reply =
    call (walk->bus, name, path, "org.freedesktop.DBus.Properties", "Get",
          g_variant_new ("(ss)", "org.a11y.atspi.Accessible", property), G_VARIANT_TYPE ("(v)"));
  g_autoptr (GVariant) value = NULL;

  g_variant_get (reply, "(v)", &value);
  return g_variant_dup_string (value, NULL);
}

static gboolean
has_state (GVariant *states, guint bit)
{
  g_autoptr (GVariant) words = g_variant_get_child_value (states, 0);
  gsize n = g_variant_n_children (words);
  guint32 word;

  if (bit / 32 >= n)
    return FALSE;
  g_variant_get_child (words, bit / 32, "u", &word);
  return (word & (1u << (bit % 32))) != 0;
}

static gboolean
has_size (Walk *walk, const char *name, const char *path)
{
  g_autoptr (GVariant) extents =
    call (walk->bus, name, path, "org.a11y.atspi.Component", "GetExtents",
          g_variant_new ("(u)", 1 /* ATSPI_COORD_TYPE_WINDOW */), G_VARIANT_TYPE ("((iiii))"));
  int x, y, width, height;

  g_variant_get (extents, "((iiii))", &x, &y, &width, &height);
  return width > 0 && height > 0;
}

static gboolean
operable (const char *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (operable_roles); i++) {
    if (g_str_equal (role, operable_roles[i]))
      return TRUE;
  }
  return FALSE;
}

/* What is wrong with @accessible_name for a control, or NULL. */
static const char *
name_problem (const char *accessible_name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (accessible_name));
  gsize len = strlen (stripped);

  if (len == 0)
    return "no name";
  if (g_regex_match_simple ("^(Gtk|Adw|Pos|WebKit)[A-Z][A-Za-z]*$", stripped, 0, 0))
    return "a type name";
  if (g_regex_match_simple ("(^|\\s)_\\w", stripped, 0, 0))
    return "a mnemonic underscore";
  /* "Sign In Sign In": the same words twice. */
  if (len % 2 == 1 && stripped[len / 2] == ' ' &&
      strncmp (stripped, stripped + len / 2 + 1, len / 2) == 0)
    return "the label twice";
  return NULL;
}

static void
walk_object (Walk *walk, const char *name, const char *path, guint depth)
{
  g_autoptr (GVariant) states = call (walk->bus, name, path, "org.a11y.atspi.Accessible",
                                      "GetState", NULL, G_VARIANT_TYPE ("(au)"));
  g_autoptr (GVariant) role_reply = NULL;
  g_autoptr (GVariant) children = NULL;
  g_autoptr (GVariantIter) iter = NULL;
  g_autofree char *accessible_name = NULL;
  const char *role;
  const char *child_name;
  const char *child_path;

  /* What is not on screen is not heard: a page of a stack that is not shown, a closed popover
   * (GTK 4.8 gives no "showing" state; such objects have no size). */
  if (depth > 0 && (!has_state (states, STATE_VISIBLE) || !has_size (walk, name, path)))
    return;
  g_assert_cmpuint (depth, <, 64);

  role_reply = call (walk->bus, name, path, "org.a11y.atspi.Accessible", "GetRoleName", NULL,
                     G_VARIANT_TYPE ("(s)"));
  g_variant_get (role_reply, "(&s)", &role);
  accessible_name = accessible_string (walk, name, path, "Name");
  if (operable (role)) {
    const char *problem = name_problem (accessible_name);

    walk->controls++;
    g_string_append_printf (walk->report, "%*s%s \"%s\"%s%s\n", (int) depth, "", role,
                            accessible_name, problem ? ": " : "", problem ? problem : "");
    if (problem != NULL)
      g_ptr_array_add (walk->problems,
                       g_strdup_printf ("%s \"%s\": %s", role, accessible_name, problem));
  }

  children = call (walk->bus, name, path, "org.a11y.atspi.Accessible", "GetChildren", NULL,
                   G_VARIANT_TYPE ("(a(so))"));
  g_variant_get (children, "(a(so))", &iter);
  while (g_variant_iter_loop (iter, "(&s&o)", &child_name, &child_path))
    walk_object (walk, child_name, child_path, depth + 1);
}

/* This process's application on the accessibility bus. */
static char *
find_application (GDBusConnection *bus)
{
  g_autoptr (GVariant) apps =
    call (bus, "org.a11y.atspi.Registry", "/org/a11y/atspi/accessible/root",
          "org.a11y.atspi.Accessible", "GetChildren", NULL, G_VARIANT_TYPE ("(a(so))"));
  g_autoptr (GVariantIter) iter = NULL;
  const char *name;
  const char *path;

  g_variant_get (apps, "(a(so))", &iter);
  while (g_variant_iter_loop (iter, "(&s&o)", &name, &path)) {
    g_autoptr (GVariant) pid =
      call (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
            "GetConnectionUnixProcessID", g_variant_new ("(s)", name), G_VARIANT_TYPE ("(u)"));
    guint32 value;

    g_variant_get (pid, "(u)", &value);
    if (value == (guint32) getpid ())
      return g_strdup (name);
  }
  return NULL;
}

static gboolean
application_found (gpointer user_data)
{
  Walk *walk = user_data;

  g_free (walk->app_name);
  walk->app_name = find_application (walk->bus);
  return walk->app_name != NULL;
}

static void
walk_open (Walk *walk)
{
  g_autoptr (GDBusConnection) session = NULL;
  g_autoptr (GVariant) address = NULL;
  g_autoptr (GError) error = NULL;
  const char *text;

  session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  address = call (session, "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress", NULL,
                  G_VARIANT_TYPE ("(s)"));
  g_variant_get (address, "(&s)", &text);
  walk->bus = g_dbus_connection_new_for_address_sync (
    text,
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);
  ui_wait_until (application_found, walk, 15000, "this process on the accessibility bus");
}

static void
walk_close (Walk *walk)
{
  g_clear_object (&walk->bus);
  g_clear_pointer (&walk->app_name, g_free);
}

/* Walks everything the process shows now; adds a line for each control without a usable name
 * to @failures. */
static void
check_names (Walk *walk, const char *page, GString *failures)
{
  walk->report = g_string_new (NULL);
  walk->problems = g_ptr_array_new_with_free_func (g_free);
  walk->controls = 0;
  walk_object (walk, walk->app_name, "/org/a11y/atspi/accessible/root", 0);
  g_test_message ("%s: %u controls\n%s", page, walk->controls, walk->report->str);
  for (guint i = 0; i < walk->problems->len; i++)
    g_string_append_printf (failures, "\n  %s: %s", page,
                            (char *) g_ptr_array_index (walk->problems, i));
  /* A walk that finds nothing is a broken walk. */
  g_assert_cmpuint (walk->controls, >, 3);
  g_string_free (walk->report, TRUE);
  g_ptr_array_unref (walk->problems);
}

static gboolean
page_shown (gpointer user_data)
{
  GtkWidget *widget = user_data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static gboolean
form_ready (gpointer user_data)
{
  return pos_payment_page_get_state (POS_PAYMENT_PAGE (user_data)) == POS_PAYMENT_PAGE_READY;
}

static void
test_pages (UiFixture *f, gconstpointer data)
{
  g_autoptr (GString) failures = g_string_new (NULL);
  g_autofree char *ava = pos_test_agent_email ("ava");
  g_autoptr (GError) error = NULL;
  g_autoptr (PosSaleRecord) record = NULL;
  PosSalePage *sale_page;
  gint64 id;
  gint64 paid;
  GtkWidget *preferences;
  GtkWidget *outcome_window;
  GtkWidget *outcome;
  Walk walk = { 0 };

  walk_open (&walk);
  check_names (&walk, "sign-in", failures);

  /* A sale an earlier run left without an outcome: the recovery list after sign-in, then a
   * row of History. */
  id = pos_journal_begin_submit (pos_station_get_journal (f->station), ava, "{}", "POS-A11Y-1",
                                 4200, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  ui_sign_in_wait_page (f->window, 0, "1234", "recovery");
  check_names (&walk, "recovery", failures);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui_recovery_page (f->window)),
                                             "recovery.continue", NULL));
  ui_wait_for_page (f->window, "sale");

  /* The sale, with a customer account open on its first charge. */
  sale_page = ui_sale_page (f->window);
  gtk_expander_set_expanded (
    GTK_EXPANDER (ui_child (ui_charge_row (sale_page, 0), "account_expander")), TRUE);
  ui_set_charge_field (f->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "12.50");
  check_names (&walk, "sale", failures);

  /* The payment step: the page around the form. (WebKit's content does not appear in the
   * window's AT-SPI tree here; see the README.) */
  ui_set_charge_field (f->window, 0, POS_CHARGE_FIELD_DESCRIPTION, "Water service");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.submit", NULL));
  ui_wait_until (form_ready, ui_payment_page (f->window), 30000, "the payment form");
  check_names (&walk, "payment", failures);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-sale", NULL));
  ui_wait_for_page (f->window, "sale");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-history", NULL));
  ui_wait_for_page (f->window, "history");
  check_names (&walk, "history", failures);

  /* The success screen of a paid sale, in a window of its own. */
  paid = pos_test_add_sale (pos_station_get_journal (f->station), ava, "POS-A11Y-2",
                            "{\"Charges\":[{\"Amount\":1250}],\"ClientReference\":\"POS-A11Y-2\"}",
                            1250, POS_SALE_STATUS_SUCCEEDED, NULL, "4242");
  record = pos_journal_lookup (pos_station_get_journal (f->station), paid, &error);
  g_assert_no_error (error);
  outcome_window = gtk_window_new ();
  outcome = pos_outcome_page_new ();
  gtk_window_set_child (GTK_WINDOW (outcome_window), outcome);
  pos_outcome_page_set_record (POS_OUTCOME_PAGE (outcome), record, "Ava Alvarez", "Acme Utilities");
  gtk_window_present (GTK_WINDOW (outcome_window));
  ui_wait_until (page_shown, outcome, 5000, "the success screen");
  check_names (&walk, "outcome", failures);
  gtk_window_destroy (GTK_WINDOW (outcome_window));

  preferences = pos_preferences_dialog_new (GTK_WINDOW (f->window), f->settings,
                                            pos_station_get_roster (f->station));
  gtk_window_present (GTK_WINDOW (preferences));
  ui_wait_until (page_shown, preferences, 5000, "the preferences");
  check_names (&walk, "preferences", failures);
  gtk_window_destroy (GTK_WINDOW (preferences));

  walk_close (&walk);
  if (failures->len > 0)
    g_error ("controls without a usable name:%s", failures->str);
}

int
main (int argc, char *argv[])
{
  /* The tests' environment turns accessibility off (GTK_A11Y=none); this one reads it. */
  g_unsetenv ("GTK_A11Y");
  ui_harness_init (&argc, &argv);

  g_test_add ("/ui/a11y/pages", UiFixture, NULL, ui_fixture_set_up, test_pages,
              ui_fixture_tear_down);

  return g_test_run ();
}
