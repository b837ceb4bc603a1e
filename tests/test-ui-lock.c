/* test-ui-lock.c: the idle lock (PCI DSS 8.2.8): the station locks over the sale, the same
 * agent's PIN unlocks it intact, another agent's sign-in keeps the first agent's sale as a draft.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-ui-harness.h"

static gboolean
is_locked (gpointer user_data)
{
  return pos_window_get_locked (POS_WINDOW (user_data));
}

static void
lock_by_idling (UiFixture *fixture)
{
  /* The settings say one minute (the shortest); the test shortens the minute. */
  pos_settings_set_idle_lock_minutes (fixture->settings, 1);
  g_assert_cmpuint (pos_settings_get_idle_lock_minutes (fixture->settings), ==, 1);
  pos_window_set_idle_timeout (fixture->window, 300);
  ui_wait_until (is_locked, fixture->window, 5000, "the idle lock");
  g_assert_cmpstr (pos_window_get_visible_page (fixture->window), ==, "sign-in");
  g_assert_null (ui_agent_text (fixture->window));
}

static void
test_idle_lock_same_agent (UiFixture *fixture, gconstpointer data)
{
  PosSignInPage *sign_in;
  PosSalePage *page;
  PosSale *sale;

  ui_sign_in (fixture->window, 0, "1234");
  page = ui_sale_page (fixture->window);
  sale = pos_sale_page_get_sale (page);
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "42");

  lock_by_idling (fixture);
  sign_in = ui_sign_in_page (fixture->window);
  g_assert_true (pos_sign_in_page_get_locked_agent (sign_in) ==
                 pos_window_get_agent (fixture->window));
  /* Nothing of the sale is reachable while locked. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-sale", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.submit", NULL);
  g_assert_true (pos_sale_page_get_sale (page) == sale);
  g_assert_cmpint (pos_checkout_get_state (pos_sale_page_get_checkout (page)), ==,
                   POS_SALE_STATUS_DRAFT);
  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-locked.png");

  ui_enter_pin (fixture->window, 0, "0000");
  g_assert_true (pos_window_get_locked (fixture->window));
  g_assert_cmpstr (ui_label_text (sign_in, "message"), ==,
                   "Wrong PIN. 4 tries left before this agent is locked for 30 seconds.");

  ui_sign_in (fixture->window, 0, "1234");
  g_assert_false (pos_window_get_locked (fixture->window));
  g_assert_cmpstr (ui_agent_text (fixture->window), ==, "Ava Alvarez");
  /* The very same sale, as it was. */
  g_assert_true (pos_sale_page_get_sale (page) == sale);
  g_assert_cmpstr (pos_charge_get_amount_text (pos_sale_get_charge (sale, 0)), ==, "42");
  g_assert_cmpstr (ui_label_text (page, "total_label"), ==, "Total $42.00");

  /* The timer runs again after the unlock. */
  ui_wait_until (is_locked, fixture->window, 5000, "the idle lock again");
}

static void
test_idle_lock_other_agent (UiFixture *fixture, gconstpointer data)
{
  PosJournal *journal = pos_station_get_journal (fixture->station);
  g_autofree char *ava = g_strconcat ("ava", "@", "acme-utilities.example", NULL);
  g_autofree char *draft = NULL;
  g_autofree char *reference = NULL;
  PosSalePage *page;
  PosSale *sale;

  ui_sign_in (fixture->window, 0, "1234");
  page = ui_sale_page (fixture->window);
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "42");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_DESCRIPTION, "Ava's customer");
  reference = g_strdup (pos_sale_get_client_reference (pos_sale_page_get_sale (page)));

  lock_by_idling (fixture);
  /* Locking saved the sale at once, whatever the debounce. */
  draft = pos_journal_load_draft (journal, ava, NULL);
  g_assert_nonnull (draft);
  g_assert_nonnull (strstr (draft, "Ava's customer"));

  /* Ben takes over the station: his own (new) sale, Ava's stays hers. */
  pos_window_set_idle_timeout (fixture->window, 60 * 1000);
  ui_sign_in (fixture->window, 1, "5678");
  g_assert_cmpstr (ui_agent_text (fixture->window), ==, "Ben Brooks");
  sale = pos_sale_page_get_sale (page);
  g_assert_cmpstr (pos_sale_get_client_reference (sale), !=, reference);
  g_assert_cmpstr (pos_charge_get_amount_text (pos_sale_get_charge (sale, 0)), ==, "");

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sign-out", NULL);
  ui_sign_in (fixture->window, 0, "1234");
  sale = pos_sale_page_get_sale (page);
  g_assert_cmpstr (pos_sale_get_client_reference (sale), ==, reference);
  g_assert_cmpstr (pos_charge_get_description (pos_sale_get_charge (sale, 0)), ==,
                   "Ava's customer");
}

static gboolean
is_visible (gpointer user_data)
{
  return gtk_widget_get_visible (GTK_WIDGET (user_data));
}

static void
test_idle_other_windows (UiFixture *fixture, gconstpointer data)
{
  g_autoptr (GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/paystar/Pos/gtk/help-overlay.ui");
  GtkWindow *shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
  GtkWidget *dialog;
  GtkWidget *sale_page = GTK_WIDGET (ui_sale_page (fixture->window));
  gint64 end;

  ui_sign_in (fixture->window, 0, "1234");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "42");

  /* The shortcuts window, and a dialog over it (as the preferences' dialogs are). */
  g_object_ref (shortcuts);
  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (fixture->window));
  gtk_window_present (shortcuts);
  dialog = adw_message_dialog_new (shortcuts, "A question", NULL);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", "Close");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  ui_wait_until (is_visible, dialog, 5000, "the dialog");
  ui_wait (200);

  /* Moving the pointer in the dialog keeps the station open well past the idle interval. */
  pos_window_set_idle_timeout (fixture->window, 1500);
  end = g_get_monotonic_time () + 3500 * 1000;
  for (int i = 0; g_get_monotonic_time () < end; i++) {
    if (!ui_move_pointer (dialog, 20 + i % 40, 20 + i % 3)) {
      gtk_window_destroy (GTK_WINDOW (dialog));
      gtk_window_destroy (shortcuts);
      g_object_unref (shortcuts);
      g_test_skip ("Not an X11 display: no pointer to move");
      return;
    }
    ui_wait (100);
    g_assert_false (pos_window_get_locked (fixture->window));
  }
  g_assert_true (gtk_widget_get_visible (dialog));

  /* Left alone, it locks; the other windows close with the lock and the sale is not on screen. */
  ui_wait_until (is_locked, fixture->window, 5000, "the idle lock");
  g_assert_false (gtk_stack_get_transition_running (
    GTK_STACK (gtk_widget_get_ancestor (sale_page, GTK_TYPE_STACK))));
  g_assert_false (gtk_widget_get_mapped (sale_page));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
  g_assert_true (dialog == NULL || !gtk_widget_get_visible (dialog));
  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-locked-other-windows.png");

  gtk_window_destroy (shortcuts);
  g_object_unref (shortcuts);
  ui_sign_in (fixture->window, 0, "1234");
  g_assert_cmpstr (ui_label_text (ui_sale_page (fixture->window), "total_label"), ==,
                   "Total $42.00");
}

static void
test_lock_action (UiFixture *fixture, gconstpointer data)
{
  ui_sign_in (fixture->window, 1, "5678");
  /* Ctrl+L. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.lock", NULL);
  g_assert_true (pos_window_get_locked (fixture->window));
  ui_sign_in (fixture->window, 1, "5678");
  g_assert_false (pos_window_get_locked (fixture->window));
}

int
main (int argc, char *argv[])
{
  ui_harness_init (&argc, &argv);

  UI_TEST_ADD ("/ui/lock/idle-same-agent", NULL, test_idle_lock_same_agent);
  UI_TEST_ADD ("/ui/lock/idle-other-agent", NULL, test_idle_lock_other_agent);
  UI_TEST_ADD ("/ui/lock/idle-other-windows", NULL, test_idle_other_windows);
  UI_TEST_ADD ("/ui/lock/lock-action", NULL, test_lock_action);

  return g_test_run ();
}
