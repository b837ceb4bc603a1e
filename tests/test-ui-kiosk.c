/* test-ui-kiosk.c: kiosk mode: fullscreen, closing and leaving only with an administrator's PIN,
 * and an idle kiosk that discards the sale and signs out instead of locking.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-application.h"
#include "test-ui-harness.h"

static void
kiosk_set_up (UiFixture *fixture, gconstpointer data)
{
  ui_fixture_set_up (fixture, data);
  pos_settings_set_kiosk_mode (fixture->settings, TRUE);
}

static gboolean
unlock_shows (gpointer user_data)
{
  return ui_find_admin_prompt () != NULL;
}

static gboolean
unlock_gone (gpointer user_data)
{
  return ui_find_admin_prompt () == NULL;
}

/* Fullscreen, or asked for: Xvfb has no window manager to grant it. */
static gboolean
is_fullscreen (gpointer user_data)
{
  gboolean kiosk = FALSE;

  /* "kiosk": the window runs as a kiosk and asked to be fullscreen. */
  g_object_get (user_data, "kiosk", &kiosk, NULL);
  return gtk_window_is_fullscreen (GTK_WINDOW (user_data)) || kiosk;
}

static gboolean
is_windowed (gpointer user_data)
{
  return !is_fullscreen (user_data);
}

/* The window was closed and finalized (the fixture holds a weak pointer). */
static gboolean
window_gone (gpointer user_data)
{
  UiFixture *fixture = user_data;

  return fixture->window == NULL;
}

/* Closes the kiosk window again until it asks again: a close is ignored while the window still
 * waits for the answer of the prompt before (it comes from an idle callback), so a prompt that
 * shows proves that answer arrived. */
static gboolean
close_asks_again (gpointer user_data)
{
  UiFixture *fixture = user_data;

  if (fixture->window == NULL)
    return TRUE;
  if (ui_find_admin_prompt () == NULL)
    gtk_window_close (GTK_WINDOW (fixture->window));
  return ui_find_admin_prompt () != NULL;
}

/* The wrong-PIN message under the PIN field of the prompt. */
static gboolean
pin_error_shows (PosPreferencesUnlock *unlock)
{
  GObject *error =
    gtk_widget_get_template_child (GTK_WIDGET (unlock), POS_TYPE_PREFERENCES_UNLOCK, "pin_error");

  return gtk_widget_get_visible (GTK_WIDGET (error));
}

/* A window action (GtkApplicationWindow's "win" group, which the window is). */
static gboolean
action_enabled (PosWindow *window, const char *name)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), name);
}

/* Minimize, Maximize and Close in the header. */
static gboolean
title_buttons_shown (PosWindow *window)
{
  AdwHeaderBar *header = ADW_HEADER_BAR (
    gtk_widget_get_template_child (GTK_WIDGET (window), POS_TYPE_WINDOW, "header_bar"));

  return adw_header_bar_get_show_start_title_buttons (header) ||
         adw_header_bar_get_show_end_title_buttons (header);
}

static void
test_fullscreen_and_close (UiFixture *fixture, gconstpointer data)
{
  /* Fullscreen as soon as the setting says kiosk, with no window controls. */
  ui_wait_until (is_fullscreen, fixture->window, 5000, "the window to go fullscreen");
  g_assert_true (action_enabled (fixture->window, "leave-kiosk"));
  g_assert_false (title_buttons_shown (fixture->window));

  /* Closing asks for an administrator; without one, the window stays. */
  gtk_window_close (GTK_WINDOW (fixture->window));
  ui_wait_until (unlock_shows, NULL, 5000, "the administrator's PIN prompt");
  g_assert_nonnull (fixture->window);
  ui_enter_admin_pin ("0000");
  /* The PIN is checked as Unlock is pressed: refused, said so, and the prompt stays. */
  g_assert_nonnull (ui_find_admin_prompt ());
  g_assert_true (pin_error_shows (ui_find_admin_prompt ()));
  gtk_window_close (GTK_WINDOW (ui_find_admin_prompt ()));
  ui_wait_until (unlock_gone, NULL, 5000, "the prompt to close");
  /* Its answer ("cancelled") arrives from an idle callback: once a new close asks again, it
   * has arrived, and it left the window open. */
  ui_wait_until (close_asks_again, fixture, 5000, "the window to ask again on close");
  g_assert_nonnull (fixture->window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));

  /* With Ava's PIN (an administrator) the window closes. */
  ui_enter_admin_pin ("1234");
  ui_wait_until (window_gone, fixture, 5000, "the kiosk window to close");
}

static gboolean
kiosk_off (gpointer user_data)
{
  return !pos_settings_get_kiosk_mode (POS_SETTINGS (user_data));
}

static void
test_leave_kiosk (UiFixture *fixture, gconstpointer data)
{
  ui_wait_until (is_fullscreen, fixture->window, 5000, "the window to go fullscreen");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.leave-kiosk", NULL);
  ui_enter_admin_pin ("1234");
  ui_wait_until (kiosk_off, fixture->settings, 5000, "kiosk mode to end");
  g_assert_null (ui_find_admin_prompt ());
  g_assert_false (action_enabled (fixture->window, "leave-kiosk"));
  ui_wait_until (is_windowed, fixture->window, 5000, "the window to leave fullscreen");
  g_assert_true (title_buttons_shown (fixture->window));
  /* Not a kiosk any more: the window closes without asking. */
  gtk_window_close (GTK_WINDOW (fixture->window));
  ui_wait_until (window_gone, fixture, 5000, "the window to close");
  g_assert_null (ui_find_admin_prompt ());
}

static gboolean
history_shows (gpointer user_data)
{
  return g_strcmp0 (pos_window_get_visible_page (POS_WINDOW (user_data)), "history") == 0;
}

/* Picks the History's tab, unless a prompt already shows; TRUE once the prompt shows. */
static gboolean
tab_asks_again (gpointer main_stack)
{
  if (ui_find_admin_prompt () == NULL)
    adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (main_stack), "history");
  return ui_find_admin_prompt () != NULL;
}

/* The History (every sale of the day) opens at a kiosk only with an administrator's PIN, each
 * time, by Ctrl+H's action or by its tab, and the prompt says what the PIN is for. */
static void
test_history_needs_admin (UiFixture *fixture, gconstpointer data)
{
  GtkWidget *main_stack = GTK_WIDGET (
    gtk_widget_get_template_child (GTK_WIDGET (fixture->window), POS_TYPE_WINDOW, "main_stack"));
  GtkLabel *purpose;

  ui_sign_in (fixture->window, 0, "1234");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-history", NULL);
  ui_wait_until (unlock_shows, NULL, 5000, "the administrator's PIN prompt");
  g_assert_false (history_shows (fixture->window));
  purpose = GTK_LABEL (gtk_widget_get_template_child (
    GTK_WIDGET (ui_find_admin_prompt ()), POS_TYPE_PREFERENCES_UNLOCK, "purpose_label"));
  g_assert_cmpstr (gtk_label_get_label (purpose), ==,
                   "Only an administrator can open the History at a kiosk.");
  /* Cancelled: the sale stays in front. */
  gtk_window_close (GTK_WINDOW (ui_find_admin_prompt ()));
  ui_wait_until (unlock_gone, NULL, 5000, "the prompt to close");
  g_assert_false (history_shows (fixture->window));

  /* The tab asks too (once the cancelled prompt's answer has arrived, from an idle callback);
   * with the PIN, the History shows. */
  ui_wait_until (tab_asks_again, main_stack, 5000, "the History's tab to ask again");
  g_assert_false (history_shows (fixture->window));
  ui_enter_admin_pin ("1234");
  ui_wait_until (history_shows, fixture->window, 5000, "the History to show");

  /* Left, and asked for again. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-history", NULL);
  g_assert_false (history_shows (fixture->window));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-history", NULL);
  ui_wait_until (unlock_shows, NULL, 5000, "the administrator's PIN prompt again");
  g_assert_false (history_shows (fixture->window));
}

static gboolean
signed_out (gpointer user_data)
{
  return pos_window_get_agent (POS_WINDOW (user_data)) == NULL;
}

/* Signing out of a kiosk discards the sale on screen: the agent confirms first. */
static void
test_sign_out_asks (UiFixture *fixture, gconstpointer data)
{
  PosJournal *journal = pos_station_get_journal (fixture->station);
  g_autofree char *ava = g_strconcat ("ava", "@", "acme-utilities.example", NULL);
  PosSalePage *page = ui_sale_page (fixture->window);
  AdwMessageDialog *dialog;

  ui_sign_in (fixture->window, 0, "1234");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "42");
  pos_sale_page_flush_draft (page);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sign-out", NULL);
  ui_wait_until (ui_message_dialog_shows, NULL, 5000, "the sign-out question");
  dialog = ui_find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Discard the Sale and Sign Out?");
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_nonnull (pos_window_get_agent (fixture->window));

  /* Keep Editing: nothing changed. */
  adw_message_dialog_response (dialog, "cancel");
  g_assert_nonnull (pos_window_get_agent (fixture->window));
  g_assert_nonnull (pos_journal_load_draft (journal, ava, NULL));
  g_assert_cmpstr (
    pos_charge_get_amount_text (pos_sale_get_charge (pos_sale_page_get_sale (page), 0)), ==, "42");

  /* Discard and Sign Out. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sign-out", NULL);
  ui_wait_until (ui_message_dialog_shows, NULL, 5000, "the sign-out question again");
  adw_message_dialog_response (ui_find_message_dialog (), "discard");
  ui_wait_until (signed_out, fixture->window, 5000, "the agent to be signed out");
  g_assert_null (pos_journal_load_draft (journal, ava, NULL));
}

static void
test_idle_discards_sale (UiFixture *fixture, gconstpointer data)
{
  PosJournal *journal = pos_station_get_journal (fixture->station);
  g_autofree char *ava = g_strconcat ("ava", "@", "acme-utilities.example", NULL);
  g_autofree char *reference = NULL;
  g_autofree char *draft = NULL;
  PosSalePage *page = ui_sale_page (fixture->window);
  PosSale *sale;

  ui_sign_in (fixture->window, 0, "1234");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "42");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_DESCRIPTION, "Lobby customer");
  reference = g_strdup (pos_sale_get_client_reference (pos_sale_page_get_sale (page)));
  pos_sale_page_flush_draft (page);
  draft = pos_journal_load_draft (journal, ava, NULL);
  g_assert_nonnull (draft);

  /* Left idle: not locked over the sale, but signed out with the sale gone. */
  pos_window_set_idle_timeout (fixture->window, 300);
  ui_wait_until (signed_out, fixture->window, 5000, "the idle kiosk to sign out");
  g_assert_false (pos_window_get_locked (fixture->window));
  g_assert_cmpstr (pos_window_get_visible_page (fixture->window), ==, "sign-in");
  g_assert_null (pos_sign_in_page_get_locked_agent (ui_sign_in_page (fixture->window)));
  g_assert_null (pos_journal_load_draft (journal, ava, NULL));
  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-kiosk-idle.png");

  /* The next sign-in starts a new sale. */
  pos_window_set_idle_timeout (fixture->window, 60 * 1000);
  ui_sign_in (fixture->window, 0, "1234");
  sale = pos_sale_page_get_sale (page);
  g_assert_cmpstr (pos_sale_get_client_reference (sale), !=, reference);
  g_assert_cmpstr (pos_charge_get_amount_text (pos_sale_get_charge (sale, 0)), ==, "");
}

/* The keys a customer at a kiosk might try, as real key events: none leaves the kiosk, closes
 * the window, signs the agent out or loses the sale on screen. (Alt+F4 and Super belong to a
 * window manager, which asks the window to close: /ui/kiosk/fullscreen-and-close; Ctrl+Q is the
 * application's quit, which closes the window the same way.) */
static void
test_escape_keys (UiFixture *fixture, gconstpointer data)
{
  static const struct {
    guint keyval;
    GdkModifierType mods;
  } keys[] = {
    { GDK_KEY_Escape, 0 },           { GDK_KEY_F11, 0 },
    { GDK_KEY_w, GDK_CONTROL_MASK }, { GDK_KEY_F4, GDK_ALT_MASK },
    { GDK_KEY_q, GDK_CONTROL_MASK }, { GDK_KEY_Escape, GDK_SHIFT_MASK },
  };
  GtkWidget *window = GTK_WIDGET (fixture->window);
  PosSalePage *page = ui_sale_page (fixture->window);
  gboolean kiosk = FALSE;

  ui_wait_until (is_fullscreen, fixture->window, 5000, "the window to go fullscreen");
  ui_sign_in (fixture->window, 0, "1234");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "42");

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++) {
    ui_press_key (window, keys[i].keyval, keys[i].mods);
    g_assert_nonnull (fixture->window);
    g_assert_true (gtk_widget_get_visible (window));
    g_object_get (fixture->window, "kiosk", &kiosk, NULL);
    g_assert_true (kiosk);
    g_assert_false (title_buttons_shown (fixture->window));
    g_assert_nonnull (pos_window_get_agent (fixture->window));
    g_assert_cmpstr (pos_window_get_visible_page (fixture->window), ==, "sale");
    g_assert_null (ui_find_message_dialog ());
    g_assert_null (ui_find_admin_prompt ());
    g_assert_cmpstr (
      pos_charge_get_amount_text (pos_sale_get_charge (pos_sale_page_get_sale (page), 0)), ==,
      "42");
  }

  /* The keys did reach the window: the sign-out key asks its question. */
  ui_press_key (window, GDK_KEY_q, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  ui_wait_until (ui_message_dialog_shows, NULL, 5000, "the sign-out question");
  g_assert_cmpstr (adw_message_dialog_get_heading (ui_find_message_dialog ()), ==,
                   "Discard the Sale and Sign Out?");
  adw_message_dialog_response (ui_find_message_dialog (), "cancel");
  g_assert_nonnull (pos_window_get_agent (fixture->window));
}

/* About's links would open a browser: the application turns it off under either lockdown. */
static void
test_about_off (void)
{
  g_autoptr (PosApplication) application = pos_application_new ();
  g_autoptr (GError) error = NULL;
  PosSettings *settings;

  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  settings = pos_station_get_settings (pos_application_get_station (application));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (application), "about"));
  pos_settings_set_kiosk_mode (settings, TRUE);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (application), "about"));
  pos_settings_set_kiosk_mode (settings, FALSE);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (application), "about"));
  pos_settings_set_self_service (settings, TRUE);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (application), "about"));
  pos_settings_set_self_service (settings, FALSE);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (application), "about"));
}

int
main (int argc, char *argv[])
{
  ui_harness_init (&argc, &argv);

  g_test_add ("/ui/kiosk/fullscreen-and-close", UiFixture, NULL, kiosk_set_up,
              test_fullscreen_and_close, ui_fixture_tear_down);
  g_test_add ("/ui/kiosk/leave", UiFixture, NULL, kiosk_set_up, test_leave_kiosk,
              ui_fixture_tear_down);
  g_test_add ("/ui/kiosk/history-needs-admin", UiFixture, NULL, kiosk_set_up,
              test_history_needs_admin, ui_fixture_tear_down);
  g_test_add ("/ui/kiosk/sign-out-asks", UiFixture, NULL, kiosk_set_up, test_sign_out_asks,
              ui_fixture_tear_down);
  g_test_add ("/ui/kiosk/idle-discards-sale", UiFixture, NULL, kiosk_set_up,
              test_idle_discards_sale, ui_fixture_tear_down);
  g_test_add_func ("/ui/kiosk/about-off", test_about_off);
  g_test_add ("/ui/kiosk/escape-keys", UiFixture, NULL, kiosk_set_up, test_escape_keys,
              ui_fixture_tear_down);

  return g_test_run ();
}
