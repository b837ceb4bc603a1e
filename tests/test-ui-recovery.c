/* test-ui-recovery.c: the agent's unfinished sales after a restart (the recovery page: each sale
 * with its state and only the actions that cannot charge twice), the sale page's states after
 * the payment form, and screenshots of both.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The journal's state is made with PosCheckout itself, against the real in-process sandbox and
 * a server that never answers; then the window is restarted and the agent signs in, as after a
 * crash.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <locale.h>

#include "pos-preferences-unlock.h"
#include "pos-station-checkout.h"
#include "test-ui-harness.h"

static const char *
ava (void)
{
  static char *email;

  if (email == NULL)
    email = g_strconcat ("ava", "@", "acme-utilities.example", NULL);
  return email;
}

/* A sale of Ava's for @amount, submitted through @client; waits for the answer. */
static PosCheckout *
make_sale (UiFixture *fixture, PaystarClient *client, const char *amount, PosSaleStatus expected)
{
  PosJournal *journal = pos_station_get_journal (fixture->station);
  PosCheckout *checkout;
  PosSale *sale;

  checkout = pos_checkout_new (journal, ava (), pos_settings_get_station_name (fixture->settings));
  sale = pos_checkout_get_sale (checkout);
  pos_charge_set_amount_text (pos_sale_get_charge (sale, 0), amount);
  pos_charge_set_description (pos_sale_get_charge (sale, 0), "Water bill");
  ui_submit_and_wait (fixture->station, checkout, client, NULL);
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, expected);
  return checkout;
}

static void
restart_and_sign_in (UiFixture *fixture, const char *page)
{
  ui_fixture_destroy_window (fixture);
  ui_fixture_new_window (fixture);
  ui_sign_in_wait_page (fixture->window, 0, "1234", page);
}

typedef struct {
  PosRecoveryPage *page;
  guint index;
  const char *part;
  const char *text;
} RowWait;

static gboolean
row_text_is (gpointer user_data)
{
  RowWait *wait = user_data;

  return g_strcmp0 (ui_recovery_row_text (wait->page, wait->index, wait->part), wait->text) == 0;
}

static void
wait_for_row_text (PosRecoveryPage *page, guint index, const char *part, const char *text)
{
  RowWait wait = { page, index, part, text };
  g_autofree char *what = g_strdup_printf ("row %u's %s to be “%s”", index, part, text);

  ui_wait_until (row_text_is, &wait, 15000, what);
}

static gboolean
button_shown (GtkWidget *button)
{
  return gtk_widget_get_visible (button) && gtk_widget_is_sensitive (button);
}

static void
test_unfinished_after_restart (UiFixture *fixture, gconstpointer data)
{
  g_autoptr (SoupServer) server = NULL;
  g_autoptr (PaystarClient) silent = NULL;
  g_autoptr (PosCheckout) created = NULL;
  g_autoptr (PosCheckout) unknown = NULL;
  g_autofree char *base = NULL;
  g_autofree char *created_reference = NULL;
  g_autofree char *unknown_reference = NULL;
  PosRecoveryPage *page;
  gint64 created_id, unknown_id;

  created =
    make_sale (fixture, pos_station_get_client (fixture->station), "42", POS_SALE_STATUS_CREATED);
  server = ui_start_silent_server (NULL, &base);
  silent = paystar_client_new (base, "sandbox-key");
  paystar_client_set_timeout (silent, 1);
  unknown = make_sale (fixture, silent, "17.50", POS_SALE_STATUS_UNKNOWN);
  created_id = pos_checkout_get_id (created);
  unknown_id = pos_checkout_get_id (unknown);
  created_reference = g_strdup (pos_checkout_get_client_reference (created));
  unknown_reference = g_strdup (pos_checkout_get_client_reference (unknown));
  g_clear_object (&created);
  g_clear_object (&unknown);

  /* A crash: the next sign-in shows both sales before anything else, newest first. */
  restart_and_sign_in (fixture, "recovery");
  page = ui_recovery_page (fixture->window);
  g_assert_cmpuint (pos_recovery_page_get_n_sales (page), ==, 2);
  g_assert_null (ui_label_text (page, "empty_label"));

  g_assert_cmpint (ui_recovery_row_id (page, 0), ==, unknown_id);
  g_assert_cmpstr (ui_recovery_row_text (page, 0, "reference"), ==, unknown_reference);
  g_assert_cmpstr (ui_recovery_row_text (page, 0, "total"), ==, "$17.50");
  g_assert_cmpstr (ui_recovery_row_text (page, 0, "state"), ==,
                   pos_sale_status_get_label (POS_SALE_STATUS_UNKNOWN));
  g_assert_cmpstr (ui_recovery_row_text (page, 0, "description"), ==,
                   pos_checkout_describe_state (POS_SALE_STATUS_UNKNOWN));
  g_assert_nonnull (ui_recovery_row_text (page, 0, "time"));
  /* Outcome unknown: Retry (same reference), Check Outcome, Close Sale…; no form to re-open. */
  g_assert_true (button_shown (ui_recovery_row_button (page, 0, UI_RECOVERY_RETRY)));
  g_assert_true (button_shown (ui_recovery_row_button (page, 0, UI_RECOVERY_CHECK)));
  g_assert_true (button_shown (ui_recovery_row_button (page, 0, UI_RECOVERY_CLOSE)));
  g_assert_false (gtk_widget_get_visible (ui_recovery_row_button (page, 0, UI_RECOVERY_REOPEN)));

  g_assert_cmpint (ui_recovery_row_id (page, 1), ==, created_id);
  g_assert_cmpstr (ui_recovery_row_text (page, 1, "reference"), ==, created_reference);
  g_assert_cmpstr (ui_recovery_row_text (page, 1, "total"), ==, "$42.00");
  g_assert_cmpstr (ui_recovery_row_text (page, 1, "state"), ==,
                   pos_sale_status_get_label (POS_SALE_STATUS_CREATED));
  g_assert_cmpstr (ui_recovery_row_text (page, 1, "description"), ==,
                   pos_checkout_describe_state (POS_SALE_STATUS_CREATED));
  /* Awaiting payment: its form again, or asking Paystar; never a retry. */
  g_assert_true (button_shown (ui_recovery_row_button (page, 1, UI_RECOVERY_REOPEN)));
  g_assert_true (button_shown (ui_recovery_row_button (page, 1, UI_RECOVERY_CHECK)));
  g_assert_true (button_shown (ui_recovery_row_button (page, 1, UI_RECOVERY_CLOSE)));
  g_assert_false (gtk_widget_get_visible (ui_recovery_row_button (page, 1, UI_RECOVERY_RETRY)));

  /* Retry now that Paystar answers: the same sale gets its session, under the same reference. */
  ui_click (ui_recovery_row_button (page, 0, UI_RECOVERY_RETRY));
  wait_for_row_text (page, 0, "state", pos_sale_status_get_label (POS_SALE_STATUS_CREATED));
  g_assert_nonnull (ui_recovery_row_text (page, 0, "note"));
  g_assert_cmpstr (ui_recovery_row_text (page, 0, "reference"), ==, unknown_reference);
  g_assert_true (button_shown (ui_recovery_row_button (page, 0, UI_RECOVERY_REOPEN)));
  g_assert_false (gtk_widget_get_visible (ui_recovery_row_button (page, 0, UI_RECOVERY_RETRY)));

  /* On to the sale page: a new sale, its own reference. */
  ui_click (GTK_WIDGET (ui_child (page, "continue_button")));
  ui_wait_for_page (fixture->window, "sale");
  g_assert_cmpint (
    pos_checkout_get_state (pos_sale_page_get_checkout (ui_sale_page (fixture->window))), ==,
    POS_SALE_STATUS_DRAFT);
  g_assert_cmpstr (
    pos_sale_get_client_reference (pos_sale_page_get_sale (ui_sale_page (fixture->window))), !=,
    unknown_reference);

  /* The menu brings the list back. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-recovery", NULL);
  ui_wait_for_page (fixture->window, "recovery");
  g_assert_cmpuint (pos_recovery_page_get_n_sales (page), ==, 2);
}

/* The administrator's PIN prompt, then the reason dialog, as an administrator answers them. */

static GtkWindow *
find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++) {
    g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

    if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
      return GTK_WINDOW (window);
  }
  return NULL;
}

static gboolean
unlock_shows (gpointer user_data)
{
  return find_window (POS_TYPE_PREFERENCES_UNLOCK) != NULL;
}

static gboolean
reason_dialog_shows (gpointer user_data)
{
  return find_window (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static void
close_as_admin (const char *pin, const char *reason)
{
  GtkWindow *unlock;
  AdwMessageDialog *dialog;
  GtkEditable *editable;

  ui_wait_until (unlock_shows, NULL, 5000, "the administrator's PIN prompt");
  unlock = find_window (POS_TYPE_PREFERENCES_UNLOCK);
  editable = GTK_EDITABLE (
    gtk_widget_get_template_child (GTK_WIDGET (unlock), POS_TYPE_PREFERENCES_UNLOCK, "pin_row"));
  gtk_editable_set_text (editable, pin);
  gtk_widget_activate_action (GTK_WIDGET (unlock), "unlock.unlock", NULL);

  ui_wait_until (reason_dialog_shows, NULL, 5000, "the reason dialog");
  dialog = ADW_MESSAGE_DIALOG (find_window (ADW_TYPE_MESSAGE_DIALOG));
  /* No closing without a reason. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "close"));
  editable = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  gtk_editable_set_text (editable, reason);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "close"));
  adw_message_dialog_response (dialog, "close");
}

static void
test_reopen_and_close (UiFixture *fixture, gconstpointer data)
{
  g_autoptr (PosCheckout) created = NULL;
  g_autoptr (PosSaleRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  PosRecoveryPage *page;
  gint64 id;

  created =
    make_sale (fixture, pos_station_get_client (fixture->station), "42", POS_SALE_STATUS_CREATED);
  id = pos_checkout_get_id (created);
  g_clear_object (&created);
  restart_and_sign_in (fixture, "recovery");
  page = ui_recovery_page (fixture->window);
  g_assert_cmpint (ui_recovery_row_id (page, 0), ==, id);

  /* Re-open Form: the window's payment step; Back comes back here, the sale not confirmed. */
  ui_click (ui_recovery_row_button (page, 0, UI_RECOVERY_REOPEN));
  ui_wait_for_page (fixture->window, "payment");
  g_assert_cmpint (
    pos_checkout_get_id (pos_payment_page_get_checkout (ui_payment_page (fixture->window))), ==,
    id);
  gtk_widget_activate_action (GTK_WIDGET (ui_payment_page (fixture->window)), "payment.back", NULL);
  ui_wait_for_page (fixture->window, "recovery");
  g_assert_cmpint (ui_recovery_row_id (page, 0), ==, id);
  g_assert_cmpstr (ui_recovery_row_text (page, 0, "state"), ==,
                   pos_sale_status_get_label (POS_SALE_STATUS_UNCONFIRMED));
  g_assert_true (button_shown (ui_recovery_row_button (page, 0, UI_RECOVERY_REOPEN)));

  /* History's Check Outcome goes through the window, which says what Paystar answered. */
  record = pos_journal_lookup (pos_station_get_journal (fixture->station), id, &error);
  g_assert_no_error (error);
  g_signal_emit_by_name (ui_history_page (fixture->window), "check-outcome", record);
  /* The toast names the sale. */
  g_test_message (
    "History's Check Outcome: %s",
    ui_wait_for_toast (fixture->window, pos_sale_record_get_client_reference (record)));
  g_clear_object (&record);

  /* Close Sale…: an administrator's PIN, then the reason; the journal keeps both. */
  ui_click (ui_recovery_row_button (page, 0, UI_RECOVERY_CLOSE));
  close_as_admin ("1234", "Customer paid cash instead");
  wait_for_row_text (page, 0, "note", "Closed. The journal keeps the reason.");
  g_assert_cmpstr (ui_recovery_row_text (page, 0, "state"), ==,
                   pos_sale_status_get_label (POS_SALE_STATUS_CLOSED));
  for (guint i = UI_RECOVERY_REOPEN; i <= UI_RECOVERY_CLOSE; i++)
    g_assert_false (gtk_widget_get_visible (ui_recovery_row_button (page, 0, i)));
  record = pos_journal_lookup (pos_station_get_journal (fixture->station), id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_CLOSED);
  g_assert_cmpstr (pos_sale_record_get_closed_by (record), ==, ava ());
  g_assert_cmpstr (pos_sale_record_get_closed_reason (record), ==, "Customer paid cash instead");

  /* Nothing is unfinished any more. */
  g_assert_cmpuint (pos_recovery_page_refresh (page), ==, 0);
  g_assert_nonnull (ui_label_text (page, "empty_label"));
}

static void
test_nothing_unfinished (UiFixture *fixture, gconstpointer data)
{
  PosRecoveryPage *page;

  /* Straight to the sale page; the menu's list says there is nothing. */
  ui_sign_in (fixture->window, 0, "1234");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-recovery", NULL);
  ui_wait_for_page (fixture->window, "recovery");
  page = ui_recovery_page (fixture->window);
  g_assert_cmpuint (pos_recovery_page_get_n_sales (page), ==, 0);
  g_assert_nonnull (ui_label_text (page, "empty_label"));
  ui_click (GTK_WIDGET (ui_child (page, "continue_button")));
  ui_wait_for_page (fixture->window, "sale");
}

/* Screenshots */

static const char *language_suffix = "";

/* ui-NAME-1280.png and ui-NAME-800.png (with "-es" in Spanish). */
static void
shoot (UiFixture *fixture, const char *name)
{
  static const int sizes[][2] = { { 1280, 900 }, { 800, 600 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++) {
    g_autofree char *file = NULL;

    ui_resize (GTK_WINDOW (fixture->window), sizes[i][0], sizes[i][1]);
    file = g_strdup_printf ("ui-%s-%d%s.png", name, sizes[i][0], language_suffix);
    ui_save_screenshot (GTK_WIDGET (fixture->window), file);
  }
  ui_resize (GTK_WINDOW (fixture->window), sizes[0][0], sizes[0][1]);
}

typedef struct {
  PosCheckout *checkout;
  PosSaleStatus state;
  gboolean busy;
} StateWait;

static gboolean
state_is (gpointer user_data)
{
  StateWait *wait = user_data;

  return pos_checkout_get_state (wait->checkout) == wait->state &&
         pos_checkout_get_busy (wait->checkout) == wait->busy;
}

static void
wait_for_state (PosCheckout *checkout, PosSaleStatus state, gboolean busy)
{
  StateWait wait = { checkout, state, busy };

  ui_wait_until (state_is, &wait, 15000, "the checkout's state");
}

static PosCheckout *
page_checkout (UiFixture *fixture)
{
  return pos_sale_page_get_checkout (ui_sale_page (fixture->window));
}

/* Each state of the sale page and the recovery page, at both sizes; the assertions are on
 * what shows, not on English text, so that the test runs in Spanish too. */
static void
test_screenshots (UiFixture *fixture, gconstpointer data)
{
  g_autoptr (SoupServer) server = NULL;
  g_autoptr (PaystarClient) silent = NULL;
  g_autoptr (PaystarClient) refused = NULL;
  g_autoptr (PosCheckout) unconfirmed = NULL;
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GInetAddress) loopback = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *closed_base = NULL;
  PosSalePage *sale_page;
  PaystarClient *sandbox;

  sandbox = g_object_ref (pos_station_get_client (fixture->station));

  /* Unfinished sales for the recovery page: awaiting payment, not confirmed. */
  g_object_unref (make_sale (fixture, sandbox, "42", POS_SALE_STATUS_CREATED));
  unconfirmed = make_sale (fixture, sandbox, "1,250.75", POS_SALE_STATUS_CREATED);
  g_assert_true (pos_checkout_form_closed (unconfirmed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pos_checkout_get_state (unconfirmed), ==, POS_SALE_STATUS_UNCONFIRMED);

  /* A draft of Ava's, as an earlier run left it. */
  {
    g_autoptr (PosCheckout) draft =
      pos_checkout_new (pos_station_get_journal (fixture->station), ava (), "");
    PosSale *sale = pos_checkout_get_sale (draft);

    pos_charge_set_amount_text (pos_sale_get_charge (sale, 0), "87.10");
    pos_charge_set_description (pos_sale_get_charge (sale, 0), "Water, January");
    g_assert_true (pos_checkout_flush (draft, &error));
    g_assert_no_error (error);
  }

  restart_and_sign_in (fixture, "recovery");
  g_assert_cmpuint (pos_recovery_page_get_n_sales (ui_recovery_page (fixture->window)), ==, 2);
  shoot (fixture, "recovery");

  /* The restored draft, with its banner. */
  ui_click (GTK_WIDGET (ui_child (ui_recovery_page (fixture->window), "continue_button")));
  ui_wait_for_page (fixture->window, "sale");
  sale_page = ui_sale_page (fixture->window);
  g_assert_nonnull (ui_card_text (sale_page, "restored_box", "restored_label"));
  g_assert_true (ui_sale_form_editable (sale_page));
  shoot (fixture, "sale-restored");

  /* Not sent: nothing listens on the port. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_clear_object (&address);
  address = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  closed_base = g_strdup_printf ("http://127.0.0.1:%u",
                                 g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
  g_socket_close (socket, NULL);
  refused = paystar_client_new (closed_base, "sandbox-key");
  pos_station_set_client (fixture->station, refused);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.submit", NULL);
  wait_for_state (page_checkout (fixture), POS_SALE_STATUS_NOT_SENT, FALSE);
  g_assert_nonnull (ui_label_text (sale_page, "general_message"));
  g_assert_true (ui_sale_form_editable (sale_page));
  shoot (fixture, "sale-not-sent");

  /* Submitting, then outcome unknown: a server that never answers. */
  server = ui_start_silent_server (NULL, &base);
  silent = paystar_client_new (base, "sandbox-key");
  paystar_client_set_timeout (silent, 8);
  pos_station_set_client (fixture->station, silent);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.submit", NULL);
  g_assert_true (pos_checkout_get_busy (page_checkout (fixture)));
  g_assert_false (ui_sale_form_editable (sale_page));
  g_assert_nonnull (ui_label_text (sale_page, "progress_label"));
  ui_save_screenshot (GTK_WIDGET (fixture->window), language_suffix[0] != '\0'
                                                      ? "ui-sale-submitting-1280-es.png"
                                                      : "ui-sale-submitting-1280.png");
  wait_for_state (page_checkout (fixture), POS_SALE_STATUS_UNKNOWN, FALSE);
  g_assert_nonnull (ui_card_text (sale_page, "unknown_box", "unknown_text"));
  g_assert_true (ui_action_enabled (GTK_WIDGET (sale_page), "sale.retry"));
  shoot (fixture, "sale-unknown");

  /* After the payment form: not confirmed, read-only, with its next steps. */
  pos_station_set_client (fixture->station, sandbox);
  pos_sale_page_set_checkout (sale_page, unconfirmed);
  g_assert_nonnull (ui_card_text (sale_page, "after_box", "after_title"));
  g_assert_true (ui_action_enabled (GTK_WIDGET (sale_page), "sale.reopen-payment"));
  shoot (fixture, "sale-unconfirmed");

  g_object_unref (sandbox);
}

int
main (int argc, char *argv[])
{
  const char *localedir = g_getenv ("PAYSTAR_POS_LOCALEDIR");
  const char *messages;

  ui_harness_init (&argc, &argv);
  /* Screenshots in Spanish: run with LANGUAGE=es LANG=es_ES.UTF-8 and PAYSTAR_POS_LOCALEDIR
   * pointing at the build's po directory. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  messages = setlocale (LC_MESSAGES, NULL);
  if (messages != NULL && g_str_has_prefix (messages, "es"))
    language_suffix = "-es";

  UI_TEST_ADD ("/ui/recovery/unfinished-after-restart", NULL, test_unfinished_after_restart);
  UI_TEST_ADD ("/ui/recovery/reopen-and-close", NULL, test_reopen_and_close);
  UI_TEST_ADD ("/ui/recovery/nothing-unfinished", NULL, test_nothing_unfinished);
  UI_TEST_ADD ("/ui/recovery/screenshots", NULL, test_screenshots);

  return g_test_run ();
}
