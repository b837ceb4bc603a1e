/* test-ui-sign-in.c: signing in at the station: the sandbox strip, a wrong PIN, the right PIN,
 * an email typed by hand, signing out.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-ui-harness.h"

#include "pos-test-util.h"

static void
test_sandbox_by_default (UiFixture *fixture, gconstpointer data)
{
  PosRoster *roster = pos_station_get_roster (fixture->station);

  /* No configuration: sandbox, the in-process gateway, the demo roster and the strip. */
  g_assert_true (pos_station_get_is_sandbox (fixture->station));
  g_assert_nonnull (pos_station_get_client (fixture->station));
  g_assert_true (g_str_has_prefix (
    paystar_client_get_base_uri (pos_station_get_client (fixture->station)), "http://127.0.0.1:"));
  g_assert_cmpuint (pos_roster_get_n_agents (roster), ==, 2);
  g_assert_true (ui_sandbox_strip_visible (fixture->window));
  g_assert_null (ui_agent_text (fixture->window));
  g_assert_null (ui_notice_text (fixture->window));
}

static void
test_wrong_pin (UiFixture *fixture, gconstpointer data)
{
  PosSignInPage *page = ui_sign_in_page (fixture->window);
  GtkEditable *pin = GTK_EDITABLE (ui_child (page, "pin_row"));

  adw_combo_row_set_selected (ADW_COMBO_ROW (ui_child (page, "agent_row")), 0);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (ui_child (page, "sign_in_button"))));
  gtk_editable_set_text (pin, "1234");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (ui_child (page, "sign_in_button"))));
  gtk_editable_set_text (pin, "");
  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-sign-in.png");

  ui_enter_pin (fixture->window, 0, "9999");
  g_assert_cmpstr (pos_window_get_visible_page (fixture->window), ==, "sign-in");
  g_assert_cmpstr (ui_label_text (page, "message"), ==,
                   "Wrong PIN. 4 tries left before this agent is locked for 30 seconds.");
  /* The PIN never stays in the field. */
  g_assert_cmpstr (gtk_editable_get_text (pin), ==, "");

  ui_enter_pin (fixture->window, 0, "9998");
  g_assert_cmpstr (ui_label_text (page, "message"), ==,
                   "Wrong PIN. 3 tries left before this agent is locked for 30 seconds.");

  /* Not a PIN at all: a typo, not counted. */
  ui_enter_pin (fixture->window, 0, "12a4");
  g_assert_cmpstr (ui_label_text (page, "message"), ==, "A PIN has 4 to 12 digits. Type it again.");

  ui_enter_pin (fixture->window, 0, "9997");
  ui_enter_pin (fixture->window, 0, "9996");
  g_assert_cmpstr (ui_label_text (page, "message"), ==,
                   "Wrong PIN. 1 try left before this agent is locked for 30 seconds.");
  ui_enter_pin (fixture->window, 0, "9995");
  g_assert_true (g_str_has_prefix (ui_label_text (page, "message"),
                                   "Too many wrong PINs. This agent can try again in "));
  /* Even the right PIN waits now; another agent can still sign in. */
  gtk_editable_set_text (pin, "1234");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (ui_child (page, "sign_in_button"))));
  ui_sign_in (fixture->window, 1, "5678");
  g_assert_cmpstr (ui_agent_text (fixture->window), ==, "Ben Brooks");
}

static gboolean
message_is (gpointer user_data)
{
  UiFixture *fixture = user_data;

  return g_strcmp0 (ui_label_text (ui_sign_in_page (fixture->window), "message"),
                    "You can try your PIN again now.") == 0;
}

static void
test_lockout_from_roster (UiFixture *fixture, gconstpointer data)
{
  PosRoster *roster = pos_station_get_roster (fixture->station);
  g_autofree char *ava = g_strconcat ("ava", "@", "acme-utilities.example", NULL);
  gint64 now = g_get_real_time ();
  PosSignInPage *page;

  /* The roster's lockout runs on a clock the test moves. */
  pos_roster_set_clock (roster, pos_test_clock, &now);

  ui_enter_pin (fixture->window, 0, "9999");
  ui_enter_pin (fixture->window, 0, "9998");
  page = ui_sign_in_page (fixture->window);
  g_assert_cmpstr (ui_label_text (page, "message"), ==,
                   "Wrong PIN. 3 tries left before this agent is locked for 30 seconds.");

  /* A restart of the window does not forget the wrong PINs: the roster counts them. */
  ui_fixture_destroy_window (fixture);
  ui_fixture_new_window (fixture);
  page = ui_sign_in_page (fixture->window);
  ui_enter_pin (fixture->window, 0, "9997");
  g_assert_cmpstr (ui_label_text (page, "message"), ==,
                   "Wrong PIN. 2 tries left before this agent is locked for 30 seconds.");
  ui_enter_pin (fixture->window, 0, "9996");
  ui_enter_pin (fixture->window, 0, "9995");
  g_assert_true (g_str_has_prefix (ui_label_text (page, "message"),
                                   "Too many wrong PINs. This agent can try again in "));
  g_assert_cmpuint (pos_roster_get_lockout_remaining (roster, ava), ==, 30);

  /* The lockout runs out; the next one is twice as long, and the page says so. */
  now += 31 * G_USEC_PER_SEC;
  ui_wait_until (message_is, fixture, 5000, "the end of the lockout");
  ui_enter_pin (fixture->window, 0, "9994");
  g_assert_cmpstr (ui_label_text (page, "message"), ==,
                   "Wrong PIN. 4 tries left before this agent is locked for 60 seconds.");

  /* A correct PIN starts over. */
  ui_sign_in (fixture->window, 0, "1234");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sign-out", NULL);
  ui_enter_pin (fixture->window, 0, "9993");
  g_assert_cmpstr (ui_label_text (page, "message"), ==,
                   "Wrong PIN. 4 tries left before this agent is locked for 30 seconds.");
}

static void
test_sign_in_and_out (UiFixture *fixture, gconstpointer data)
{
  PosSalePage *sale_page = ui_sale_page (fixture->window);
  GtkWidget *focus;

  ui_sign_in (fixture->window, 0, "1234");
  g_assert_cmpstr (ui_agent_text (fixture->window), ==, "Ava Alvarez");
  g_assert_nonnull (pos_sale_page_get_sale (sale_page));
  /* A new sale starts with one empty charge to type into. */
  g_assert_nonnull (ui_charge_row (sale_page, 0));
  g_assert_null (ui_charge_row (sale_page, 1));
  /* The keyboard is in its amount, ready to type. */
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (
    focus,
    GTK_WIDGET (ui_charge_entry (ui_charge_row (sale_page, 0), POS_CHARGE_FIELD_AMOUNT_TEXT))));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sign-out", NULL);
  g_assert_cmpstr (pos_window_get_visible_page (fixture->window), ==, "sign-in");
  g_assert_null (ui_agent_text (fixture->window));
  g_assert_null (pos_window_get_agent (fixture->window));
}

static void
test_typed_email (UiFixture *fixture, gconstpointer data)
{
  PosSignInPage *page = ui_sign_in_page (fixture->window);
  AdwComboRow *agents = ADW_COMBO_ROW (ui_child (page, "agent_row"));
  GtkEditable *email = GTK_EDITABLE (ui_child (page, "email_row"));
  GtkEditable *pin = GTK_EDITABLE (ui_child (page, "pin_row"));
  /* Built from parts: typed addresses can be mangled in this environment. */
  g_autofree char *ben = g_strconcat ("BEN", "@", "acme-utilities.example", NULL);

  /* The last choice is "Other agent", which shows the email field. */
  adw_combo_row_set_selected (agents, 2);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (email)));
  gtk_editable_set_text (email, ben);
  gtk_editable_set_text (pin, "5678");
  gtk_widget_activate (GTK_WIDGET (ui_child (page, "sign_in_button")));
  ui_wait_for_page (fixture->window, "sale");
  g_assert_cmpstr (ui_agent_text (fixture->window), ==, "Ben Brooks");
}

static void
test_corrupt_journal (UiFixture *fixture, gconstpointer data)
{
  const char *notice = ui_notice_text (fixture->window);

  /* Moved aside, said so, and the station works on a fresh journal. */
  g_assert_nonnull (notice);
  g_assert_nonnull (strstr (notice, "journal.sqlite.corrupt-"));
  g_assert_nonnull (pos_station_get_journal (fixture->station));
  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-journal-notice.png");
  ui_sign_in (fixture->window, 0, "1234");
}

static void
test_shortcuts_window (void)
{
  g_autoptr (GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/paystar/Pos/gtk/help-overlay.ui");
  GObject *overlay = gtk_builder_get_object (builder, "help_overlay");

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));
}

int
main (int argc, char *argv[])
{
  ui_harness_init (&argc, &argv);

  UI_TEST_ADD ("/ui/sign-in/sandbox-by-default", NULL, test_sandbox_by_default);
  UI_TEST_ADD ("/ui/sign-in/wrong-pin", NULL, test_wrong_pin);
  UI_TEST_ADD ("/ui/sign-in/lockout-from-roster", NULL, test_lockout_from_roster);
  UI_TEST_ADD ("/ui/sign-in/sign-in-and-out", NULL, test_sign_in_and_out);
  UI_TEST_ADD ("/ui/sign-in/typed-email", NULL, test_typed_email);

  UI_TEST_ADD ("/ui/sign-in/corrupt-journal", UI_FIXTURE_CORRUPT_JOURNAL, test_corrupt_journal);
  g_test_add_func ("/ui/sign-in/shortcuts-window", test_shortcuts_window);

  return g_test_run ();
}
