/* test-ui-submit.c: what the sale page shows for each outcome of a submit: created by the
 * in-process sandbox (the payment step takes over; tests/test-ui-payment.c follows it to the
 * end), refused with Paystar's errors at the right fields, not sent (the same reference, the
 * form editable again), and outcome unknown (Retry, never a new reference).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lifecycle itself (the journal, the classification of errors) is PosCheckout's and tested
 * headless in tests/test-checkout.c; here the assertions are on what the screen shows.
 */
#include "config.h"

#include <libsoup/soup.h>

#include "test-ui-harness.h"

typedef struct {
  PosSalePage *page;
  PosSaleStatus state;
} StateWait;

static gboolean
state_is (gpointer user_data)
{
  StateWait *wait = user_data;
  PosCheckout *checkout = pos_sale_page_get_checkout (wait->page);

  return checkout != NULL && pos_checkout_get_state (checkout) == wait->state &&
         !pos_checkout_get_busy (checkout);
}

static void
wait_for_state (PosSalePage *page, PosSaleStatus state)
{
  StateWait wait = { page, state };
  g_autofree char *what =
    g_strdup_printf ("the sale page to show “%s”", pos_sale_status_to_string (state));

  ui_wait_until (state_is, &wait, 15000, what);
}

static PosSaleStatus
page_state (PosSalePage *page)
{
  return pos_checkout_get_state (pos_sale_page_get_checkout (page));
}

static gboolean
payment_form_ready (gpointer user_data)
{
  return pos_payment_page_get_state (POS_PAYMENT_PAGE (user_data)) == POS_PAYMENT_PAGE_READY;
}

static void
submit (UiFixture *fixture)
{
  /* Ctrl+Enter is bound to this window action. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.submit", NULL);
}

static gboolean
enabled (PosSalePage *page, const char *action)
{
  return ui_action_enabled (GTK_WIDGET (page), action);
}

/* A server that accepts the connection and never answers. */
/* An address on which nothing listens: a port that was bound and closed again. */
static char *
closed_port_base (void)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

static void
key_sale (UiFixture *fixture, const char *amount)
{
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, amount);
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_DESCRIPTION, "Walk-in payment");
}

static void
test_created (UiFixture *fixture, gconstpointer data)
{
  PosSalePage *page;
  PosPaymentPage *payment;
  PosCheckout *checkout;
  g_autofree char *reference = NULL;
  const char *base_uri;

  ui_sign_in (fixture->window, 0, "1234");
  page = ui_sale_page (fixture->window);
  key_sale (fixture, "150");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_ACCOUNT_NUMBER, "ACC-12345");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_ACCOUNT_NAME, "John Doe");
  pos_pairs_editor_add_pair (POS_PAIRS_EDITOR (ui_child (page, "custom_meta_editor")), "department",
                             "Water");
  checkout = pos_sale_page_get_checkout (page);
  reference = g_strdup (pos_checkout_get_client_reference (checkout));
  g_assert_true (ui_sale_form_editable (page));
  g_assert_true (enabled (page, "sale.submit"));

  submit (fixture);
  /* In flight: progress, the form insensitive, nothing to send twice. */
  g_assert_true (pos_sale_page_get_busy (page));
  g_assert_cmpstr (ui_label_text (page, "progress_label"), ==, "Creating payment session…");
  g_assert_false (ui_sale_form_editable (page));
  g_assert_false (enabled (page, "sale.submit"));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (ui_child (page, "submit_button"))));

  /* Created: the payment step takes over with Paystar's form for this very checkout. */
  ui_wait_for_page (fixture->window, "payment");
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_CREATED);
  g_assert_null (ui_label_text (page, "progress_label"));
  payment = ui_payment_page (fixture->window);
  g_assert_true (pos_payment_page_get_checkout (payment) == checkout);
  base_uri = paystar_client_get_base_uri (pos_station_get_client (fixture->station));
  g_assert_true (g_str_has_prefix (pos_checkout_get_session_link (checkout), base_uri));
  g_assert_cmpstr (ui_sale_view (page), ==, "created");
  g_assert_cmpstr (ui_label_text (page, "link_label"), ==,
                   pos_checkout_get_session_link (checkout));
  g_assert_cmpstr (ui_label_text (page, "session_label"), ==,
                   pos_checkout_get_session_identifier (checkout));
  ui_wait_until (payment_form_ready, payment, 15000, "the payment form");
  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-created.png");

  /* New Sale: a fresh draft with its own reference; the form left open is kept re-openable. */
  g_object_ref (checkout);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-sale", NULL);
  g_assert_cmpstr (pos_window_get_visible_page (fixture->window), ==, "sale");
  g_assert_true (pos_sale_page_get_checkout (page) != checkout);
  g_assert_cmpint (page_state (page), ==, POS_SALE_STATUS_DRAFT);
  g_assert_cmpstr (pos_sale_get_client_reference (pos_sale_page_get_sale (page)), !=, reference);
  g_assert_cmpstr (ui_label_text (page, "total_label"), ==, "Total $0.00");
  /* Left without an event: not confirmed, never "dismissed". */
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_UNCONFIRMED);
  g_object_unref (checkout);
}

static void
test_rejected_payment_field (UiFixture *fixture, gconstpointer data)
{
  PosSalePage *page;
  PosPairsEditor *fields;
  g_autofree char *reference = NULL;

  ui_sign_in (fixture->window, 0, "1234");
  page = ui_sale_page (fixture->window);
  fields = POS_PAIRS_EDITOR (ui_child (page, "payment_fields_editor"));
  key_sale (fixture, "42.00");
  /* The business unit has invoiceNumber and memoLine; only the server knows that. */
  pos_pairs_editor_add_pair (fields, "bogusField", "X-1");
  reference = g_strdup (pos_sale_get_client_reference (pos_sale_page_get_sale (page)));

  submit (fixture);
  wait_for_state (page, POS_SALE_STATUS_DRAFT);
  /* The error at its field, the form editable again, the same reference. */
  g_assert_cmpstr (pos_pairs_editor_get_message (fields, "bogusField"), ==,
                   "This payment field is not configured for the business unit.");
  g_assert_true (ui_sale_form_editable (page));
  g_assert_cmpstr (ui_label_text (page, "reference_label"), ==, reference);

  /* Fixing the field clears its message; the corrected sale goes through. */
  pos_pairs_editor_clear_server_errors (fields);
  pos_pairs_editor_set_sale (fields, NULL);
  pos_sale_set_payment_field (pos_sale_page_get_sale (page), "bogusField", NULL);
  pos_pairs_editor_set_sale (fields, pos_sale_page_get_sale (page));
  g_assert_null (pos_pairs_editor_get_message (fields, "bogusField"));
  submit (fixture);
  ui_wait_for_page (fixture->window, "payment");
  g_assert_cmpint (page_state (page), ==, POS_SALE_STATUS_CREATED);
  g_assert_cmpstr (pos_checkout_get_client_reference (pos_sale_page_get_checkout (page)), ==,
                   reference);
}

static void
test_rejected_agent (UiFixture *fixture, gconstpointer data)
{
  PosRoster *roster = pos_station_get_roster (fixture->station);
  g_autofree char *cory = g_strconcat ("cory", "@", "acme-utilities.example", NULL);
  g_autoptr (GError) error = NULL;
  PosSalePage *page;
  PosChargeRow *row;

  /* Known to Paystar, but without POS permission. */
  g_assert_true (pos_roster_add_agent (roster, cory, "Cory Cole", "2468", FALSE, &error));
  g_assert_no_error (error);
  ui_sign_in (fixture->window, 2, "2468");
  g_assert_cmpstr (ui_agent_text (fixture->window), ==, "Cory Cole");
  page = ui_sale_page (fixture->window);
  key_sale (fixture, "10");
  submit (fixture);
  wait_for_state (page, POS_SALE_STATUS_DRAFT);
  g_assert_nonnull (ui_label_text (page, "general_message"));
  g_assert_nonnull (strstr (ui_label_text (page, "general_message"), cory));
  g_assert_nonnull (strstr (ui_label_text (page, "general_message"), "POS permission"));
  g_assert_true (ui_sale_form_editable (page));

  /* A server error for Charges[0].ClientAccount.Name lands at that field of the first charge
   * (the same mapping a real answer goes through). */
  row = ui_charge_row (page, 0);
  g_assert_true (pos_charge_row_set_server_error (row, "clientAccount.name", "Too long."));
  g_assert_cmpstr (ui_charge_message (row, POS_CHARGE_FIELD_ACCOUNT_NAME), ==, "Too long.");
  g_assert_true (gtk_expander_get_expanded (GTK_EXPANDER (ui_child (row, "account_expander"))));
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_ACCOUNT_NAME, "Kim");
  g_assert_cmpstr (ui_charge_message (row, POS_CHARGE_FIELD_ACCOUNT_NAME), !=, "Too long.");
}

/* The station's own client again (Paystar answers): Ctrl+Enter sends @checkout's sale under the
 * same @reference, and its session is created. */
static void
assert_created_when_back (UiFixture *fixture, PosCheckout *checkout, const char *reference)
{
  pos_station_reload_client (fixture->station);
  submit (fixture);
  ui_wait_for_page (fixture->window, "payment");
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_CREATED);
  g_assert_cmpstr (pos_checkout_get_client_reference (checkout), ==, reference);
}

static void
test_not_sent (UiFixture *fixture, gconstpointer data)
{
  g_autofree char *base = closed_port_base ();
  g_autoptr (PaystarClient) client = paystar_client_new (base, "sandbox-key");
  g_autofree char *reference = NULL;
  PosSalePage *page;
  PosCheckout *checkout;

  pos_station_set_client (fixture->station, client);
  ui_sign_in (fixture->window, 0, "1234");
  page = ui_sale_page (fixture->window);
  key_sale (fixture, "30");
  checkout = pos_sale_page_get_checkout (page);
  reference = g_strdup (pos_checkout_get_client_reference (checkout));

  submit (fixture);
  wait_for_state (page, POS_SALE_STATUS_NOT_SENT);
  /* Nothing left the station: the form is back, with the checkout's message, same reference. */
  g_assert_true (pos_sale_page_get_checkout (page) == checkout);
  g_assert_nonnull (pos_checkout_get_message (checkout));
  g_assert_nonnull (ui_label_text (page, "general_message"));
  g_assert_nonnull (
    strstr (ui_label_text (page, "general_message"), pos_checkout_get_message (checkout)));
  g_assert_cmpstr (ui_label_text (page, "reference_label"), ==, reference);
  g_assert_cmpstr (pos_checkout_get_client_reference (checkout), ==, reference);
  g_assert_true (ui_sale_form_editable (page));
  g_assert_true (enabled (page, "sale.submit"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (ui_child (page, "submit_button"))));
  g_assert_null (ui_card_text (page, "unknown_box", "unknown_text"));
  g_assert_false (enabled (page, "sale.retry"));

  /* Paystar is reachable again: the same reference goes out and is created. */
  assert_created_when_back (fixture, checkout, reference);
}

static void
test_outcome_unknown (UiFixture *fixture, gconstpointer data)
{
  g_autoptr (SoupServer) server = NULL;
  g_autoptr (PaystarClient) client = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *base = NULL;
  PosSalePage *page;
  PosCheckout *checkout;
  guint hits = 0;

  server = ui_start_silent_server (&hits, &base);
  client = paystar_client_new (base, "sandbox-key");
  paystar_client_set_timeout (client, 1);
  pos_station_set_client (fixture->station, client);

  ui_sign_in (fixture->window, 0, "1234");
  page = ui_sale_page (fixture->window);
  key_sale (fixture, "75.25");
  checkout = pos_sale_page_get_checkout (page);
  reference = g_strdup (pos_checkout_get_client_reference (checkout));

  submit (fixture);
  wait_for_state (page, POS_SALE_STATUS_UNKNOWN);
  g_assert_cmpuint (hits, ==, 1);
  /* "Outcome unknown": the message, the reference, Retry and Close Sale…; the form read-only;
   * no submit and no new reference for a sale that may have reached Paystar. */
  g_assert_cmpstr (ui_card_text (page, "unknown_box", "unknown_title"), ==, "Outcome Unknown");
  g_assert_nonnull (ui_card_text (page, "unknown_box", "unknown_text"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (ui_child (page, "retry_button"))));
  g_assert_true (enabled (page, "sale.retry"));
  g_assert_true (enabled (page, "sale.close-sale"));
  g_assert_false (enabled (page, "sale.change-sale"));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "sale.new-reference", NULL));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (ui_child (page, "submit_button"))));
  g_assert_false (ui_sale_form_editable (page));
  g_assert_null (ui_label_text (page, "general_message"));
  g_assert_cmpstr (pos_checkout_get_client_reference (checkout), ==, reference);
  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-outcome-unknown.png");

  /* Retry against the same silent server: progress, then unknown again, same reference. */
  gtk_widget_activate_action (GTK_WIDGET (page), "sale.retry", NULL);
  g_assert_true (pos_sale_page_get_busy (page));
  g_assert_nonnull (ui_label_text (page, "progress_label"));
  g_assert_false (enabled (page, "sale.retry"));
  wait_for_state (page, POS_SALE_STATUS_UNKNOWN);
  g_assert_cmpuint (hits, >=, 2);
  g_assert_true (pos_sale_page_get_checkout (page) == checkout);
  g_assert_cmpstr (pos_checkout_get_client_reference (checkout), ==, reference);

  /* Paystar answers again: Ctrl+Enter is Retry here, and the session is created. */
  assert_created_when_back (fixture, checkout, reference);
}

static void
test_unauthorized (UiFixture *fixture, gconstpointer data)
{
  g_autoptr (PaystarClient) client = NULL;
  PosSalePage *page;

  /* The sandbox itself, with a key it does not accept. */
  client = paystar_client_new (
    paystar_client_get_base_uri (pos_station_get_client (fixture->station)), "not-the-key");
  pos_station_set_client (fixture->station, client);

  ui_sign_in (fixture->window, 0, "1234");
  page = ui_sale_page (fixture->window);
  key_sale (fixture, "12");
  submit (fixture);
  wait_for_state (page, POS_SALE_STATUS_DRAFT);
  g_assert_nonnull (ui_label_text (page, "general_message"));
  g_assert_true (ui_sale_form_editable (page));
  g_assert_null (ui_card_text (page, "unknown_box", "unknown_text"));
}

static gboolean
check_done (gpointer user_data)
{
  PosSalePage *page = user_data;

  return !pos_sale_page_get_busy (page) && ui_card_text (page, "after_box", "after_note") != NULL;
}

/* After the payment form: the sale read-only with what comes next. */
static void
test_unconfirmed (UiFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  PosSalePage *page;
  PosCheckout *checkout;

  ui_sign_in (fixture->window, 0, "1234");
  page = ui_sale_page (fixture->window);
  key_sale (fixture, "64");
  checkout = pos_sale_page_get_checkout (page);
  submit (fixture);
  ui_wait_for_page (fixture->window, "payment");

  /* Back from the form without an event: not confirmed, never "dismissed". */
  gtk_widget_activate_action (GTK_WIDGET (ui_payment_page (fixture->window)), "payment.back", NULL);
  ui_wait_for_page (fixture->window, "sale");
  g_assert_true (pos_sale_page_get_checkout (page) == checkout);
  g_assert_cmpint (page_state (page), ==, POS_SALE_STATUS_UNCONFIRMED);
  g_assert_cmpstr (ui_sale_view (page), ==, "form");
  g_assert_cmpstr (ui_card_text (page, "after_box", "after_title"), ==, "Outcome Not Confirmed");
  g_assert_false (ui_sale_form_editable (page));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (ui_child (page, "reopen_submit_button"))));
  g_assert_true (enabled (page, "sale.reopen-payment"));
  g_assert_true (enabled (page, "sale.check-outcome"));
  g_assert_true (enabled (page, "sale.close-sale"));
  /* Its session may still be paid: no copy with a new reference. */
  g_assert_false (enabled (page, "sale.change-sale"));
  g_assert_null (pos_checkout_copy_as_new (checkout, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_INVALID_STATE);

  /* Check Outcome asks Paystar and says what it found (or why it could not ask). */
  gtk_widget_activate_action (GTK_WIDGET (page), "sale.check-outcome", NULL);
  ui_wait_until (check_done, page, 15000, "the outcome check");
  g_assert_nonnull (ui_card_text (page, "after_box", "after_note"));

  /* Re-open Form (Ctrl+Enter): the same session's form again. */
  submit (fixture);
  ui_wait_for_page (fixture->window, "payment");
  g_assert_true (pos_payment_page_get_checkout (ui_payment_page (fixture->window)) == checkout);
}

int
main (int argc, char *argv[])
{
  ui_harness_init (&argc, &argv);

  UI_TEST_ADD ("/ui/submit/created", NULL, test_created);
  UI_TEST_ADD ("/ui/submit/rejected-payment-field", NULL, test_rejected_payment_field);
  UI_TEST_ADD ("/ui/submit/rejected-agent", NULL, test_rejected_agent);
  UI_TEST_ADD ("/ui/submit/not-sent", NULL, test_not_sent);
  UI_TEST_ADD ("/ui/submit/outcome-unknown", NULL, test_outcome_unknown);
  UI_TEST_ADD ("/ui/submit/unauthorized", NULL, test_unauthorized);
  UI_TEST_ADD ("/ui/submit/unconfirmed", NULL, test_unconfirmed);

  return g_test_run ();
}
