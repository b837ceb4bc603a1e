/* test-ui-submit.c: submitting a sale: created by the in-process sandbox (the payment step takes
 * over; tests/test-ui-payment.c follows it to the end), rejected with the server's errors at the
 * right fields, and "outcome unknown" after a timeout, where Retry sends the same
 * ClientReference.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "test-ui-harness.h"

typedef struct {
  PosSalePage *page;
  PosSalePageState state;
} StateWait;

static gboolean
state_is (gpointer user_data)
{
  StateWait *wait = user_data;

  return pos_sale_page_get_state (wait->page) == wait->state;
}

static void
wait_for_state (PosSalePage *page, PosSalePageState state, guint timeout_ms)
{
  StateWait wait = { page, state };

  ui_wait_until (state_is, &wait, timeout_ms, "the sale page state");
}

static gboolean
payment_form_ready (gpointer user_data)
{
  return pos_payment_page_get_state (POS_PAYMENT_PAGE (user_data)) == POS_PAYMENT_PAGE_READY;
}

static PosSaleRecord *
lookup (UiFixture *fixture, gint64 id)
{
  g_autoptr (GError) error = NULL;
  PosSaleRecord *record =
    pos_journal_lookup (pos_station_get_journal (fixture->station), id, &error);

  g_assert_no_error (error);
  return record;
}

static guint
count_journal_rows (UiFixture *fixture)
{
  g_autoptr (GListModel) records = NULL;
  g_autoptr (GError) error = NULL;

  records = pos_journal_list (pos_station_get_journal (fixture->station), NULL, &error);
  g_assert_no_error (error);
  return g_list_model_get_n_items (records);
}

static void
submit (UiFixture *fixture)
{
  /* Ctrl+Enter is bound to this window action. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.submit", NULL);
}

static void
test_created (UiFixture *fixture, gconstpointer data)
{
  PosSalePage *page;
  g_autoptr (PosSaleRecord) record = NULL;
  g_autofree char *reference = NULL;
  const char *base_uri;
  gint64 id;

  ui_sign_in (fixture->window, 0, "1234");
  page = pos_window_get_sale_page (fixture->window);
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "150");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_DESCRIPTION, "Walk-in payment");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_ACCOUNT_NUMBER, "ACC-12345");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_ACCOUNT_NAME, "John Doe");
  pos_pairs_editor_add_pair (pos_sale_page_get_custom_meta_editor (page), "department", "Water");
  reference = g_strdup (pos_sale_get_client_reference (pos_sale_page_get_sale (page)));

  submit (fixture);
  /* Journaled before the request left, and it cannot be sent twice. */
  g_assert_cmpint (pos_sale_page_get_state (page), ==, POS_SALE_PAGE_SUBMITTING);
  g_assert_cmpstr (pos_sale_page_get_progress_text (page), ==, "Creating payment session…");
  g_assert_false (gtk_widget_get_sensitive (pos_sale_page_get_submit_button (page)));
  id = pos_sale_page_get_journal_id (page);
  g_assert_cmpint (id, >, 0);
  record = lookup (fixture, id);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_SUBMITTING);
  g_clear_object (&record);
  submit (fixture);
  g_assert_cmpuint (count_journal_rows (fixture), ==, 1);

  wait_for_state (page, POS_SALE_PAGE_CREATED, 10000);
  base_uri = paystar_client_get_base_uri (pos_station_get_client (fixture->station));
  g_assert_cmpstr (pos_sale_page_get_session_text (page), !=, "");
  g_assert_true (g_str_has_prefix (pos_sale_page_get_link_text (page), base_uri));
  g_assert_nonnull (strstr (pos_sale_page_get_link_text (page), "/app/embedded/acme-utilities/"));

  record = lookup (fixture, id);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_CREATED);
  g_assert_cmpstr (pos_sale_record_get_client_reference (record), ==, reference);
  g_assert_cmpstr (pos_sale_record_get_session_identifier (record), ==,
                   pos_sale_page_get_session_text (page));
  g_assert_cmpint (pos_sale_record_get_total (record), ==, 15000);
  g_assert_nonnull (strstr (pos_sale_record_get_request_json (record), "\"Channel\":\"POS\""));

  /* The payment step takes over: Paystar's form for this session, with the sale's summary. */
  ui_wait_for_page (fixture->window, "payment");
  g_assert_cmpint (pos_payment_page_get_journal_id (pos_window_get_payment_page (fixture->window)),
                   ==, id);
  g_assert_cmpstr (pos_payment_page_get_total_text (pos_window_get_payment_page (fixture->window)),
                   ==, "Total $150.00");
  /* The screenshot shows Paystar's form itself, not its spinner. */
  ui_wait_until (payment_form_ready, pos_window_get_payment_page (fixture->window), 15000,
                 "the payment form");
  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-created.png");

  /* The sale is done: no draft is left, and New Sale starts a fresh one; the form that was left
   * open stays re-openable. */
  g_assert_null (
    pos_journal_load_draft (pos_station_get_journal (fixture->station),
                            pos_agent_get_email (pos_window_get_agent (fixture->window)), NULL));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-sale", NULL);
  g_assert_cmpstr (pos_window_get_visible_page (fixture->window), ==, "sale");
  g_assert_cmpint (pos_sale_page_get_state (page), ==, POS_SALE_PAGE_EDITING);
  g_assert_cmpstr (pos_sale_get_client_reference (pos_sale_page_get_sale (page)), !=, reference);
  g_assert_cmpstr (pos_sale_page_get_total_text (page), ==, "Total $0.00");
  g_clear_object (&record);
  record = lookup (fixture, id);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_DISMISSED);
}

static void
test_rejected_payment_field (UiFixture *fixture, gconstpointer data)
{
  PosSalePage *page;
  PosPairsEditor *fields;
  g_autoptr (PosSaleRecord) record = NULL;
  g_autofree char *reference = NULL;
  gint64 id;

  ui_sign_in (fixture->window, 0, "1234");
  page = pos_window_get_sale_page (fixture->window);
  fields = pos_sale_page_get_payment_fields_editor (page);
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "42.00");
  /* The business unit has invoiceNumber and memoLine; only the server knows that. */
  pos_pairs_editor_add_pair (fields, "bogusField", "X-1");
  reference = g_strdup (pos_sale_get_client_reference (pos_sale_page_get_sale (page)));

  submit (fixture);
  wait_for_state (page, POS_SALE_PAGE_EDITING, 10000);
  g_assert_cmpstr (pos_pairs_editor_get_message (fields, "bogusField"), ==,
                   "This payment field is not configured for the business unit.");
  g_assert_null (pos_sale_page_get_general_message (page));

  id = pos_sale_page_get_journal_id (page);
  record = lookup (fixture, id);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_ERROR);
  g_assert_nonnull (strstr (pos_sale_record_get_error_text (record), "PaymentFields.bogusField"));

  /* Fixing the field clears its message; the corrected sale goes through. */
  pos_pairs_editor_clear_server_errors (fields);
  pos_pairs_editor_set_sale (fields, NULL);
  pos_sale_set_payment_field (pos_sale_page_get_sale (page), "bogusField", NULL);
  pos_pairs_editor_set_sale (fields, pos_sale_page_get_sale (page));
  g_assert_null (pos_pairs_editor_get_message (fields, "bogusField"));
  submit (fixture);
  wait_for_state (page, POS_SALE_PAGE_CREATED, 10000);
  /* A rejected request created nothing, so the sale kept its reference. */
  g_assert_cmpstr (pos_sale_get_client_reference (pos_sale_page_get_sale (page)), ==, reference);
}

static void
test_rejected_agent_and_field (UiFixture *fixture, gconstpointer data)
{
  PosRoster *roster = pos_station_get_roster (fixture->station);
  g_autofree char *cory = g_strconcat ("cory", "@", "acme-utilities.example", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  PosSalePage *page;
  PosChargeRow *row;

  /* Known to Paystar, but without POS permission. */
  g_assert_true (pos_roster_add_agent (roster, cory, "Cory Cole", "2468", FALSE, &error));
  g_assert_no_error (error);
  ui_sign_in (fixture->window, 2, "2468");
  g_assert_cmpstr (pos_window_get_agent_text (fixture->window), ==, "Cory Cole");
  page = pos_window_get_sale_page (fixture->window);
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "10");
  submit (fixture);
  wait_for_state (page, POS_SALE_PAGE_EDITING, 10000);
  g_assert_nonnull (pos_sale_page_get_general_message (page));
  g_assert_nonnull (strstr (pos_sale_page_get_general_message (page), cory));
  g_assert_nonnull (strstr (pos_sale_page_get_general_message (page), "POS permission"));

  /* A server error for Charges[0].ClientAccount.Name lands at that field of the first charge
   * (the same mapping a real answer goes through). */
  row = pos_sale_page_get_charge_row (page, 0);
  g_assert_true (pos_charge_row_set_server_error (row, "clientAccount.name", "Too long."));
  g_assert_cmpstr (pos_charge_row_get_field_message (row, POS_CHARGE_FIELD_ACCOUNT_NAME), ==,
                   "Too long.");
  g_assert_true (gtk_expander_get_expanded (pos_charge_row_get_account_expander (row)));
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_ACCOUNT_NAME, "Kim");
  g_assert_cmpstr (pos_charge_row_get_field_message (row, POS_CHARGE_FIELD_ACCOUNT_NAME), !=,
                   "Too long.");
}

/* A server that accepts the connection and never answers. */
static void
never_answer (SoupServer *server,
              SoupServerMessage *message,
              const char *path,
              GHashTable *query,
              gpointer user_data)
{
  guint *hits = user_data;

  (*hits)++;
  soup_server_message_pause (message);
}

static void
test_timeout_outcome_unknown (UiFixture *fixture, gconstpointer data)
{
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (PaystarClient) client = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PosSaleRecord) record = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *base = NULL;
  GSList *uris;
  PosSalePage *page;
  guint hits = 0;
  gint64 id;

  soup_server_add_handler (server, NULL, never_answer, &hits, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  client = paystar_client_new (base, "sandbox-key");
  paystar_client_set_timeout (client, 1);
  pos_station_set_client (fixture->station, client);

  ui_sign_in (fixture->window, 0, "1234");
  page = pos_window_get_sale_page (fixture->window);
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "75.25");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_DESCRIPTION, "Counter payment");
  reference = g_strdup (pos_sale_get_client_reference (pos_sale_page_get_sale (page)));

  submit (fixture);
  id = pos_sale_page_get_journal_id (page);
  wait_for_state (page, POS_SALE_PAGE_UNKNOWN, 10000);
  g_assert_cmpuint (hits, ==, 1);
  g_assert_nonnull (pos_sale_page_get_unknown_text (page));
  g_assert_nonnull (strstr (pos_sale_page_get_unknown_text (page), reference));
  record = lookup (fixture, id);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_UNKNOWN);
  g_clear_object (&record);
  /* Never a silent second session: nothing but Retry and Discard. */
  g_assert_false (gtk_widget_get_visible (pos_sale_page_get_submit_button (page)));
  submit (fixture);
  g_assert_cmpint (pos_sale_page_get_state (page), ==, POS_SALE_PAGE_UNKNOWN);
  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-outcome-unknown.png");

  /* Retry against the same silent server: the same row, the same reference. */
  gtk_widget_activate_action (GTK_WIDGET (page), "sale.retry", NULL);
  g_assert_cmpint (pos_sale_page_get_state (page), ==, POS_SALE_PAGE_SUBMITTING);
  wait_for_state (page, POS_SALE_PAGE_UNKNOWN, 10000);
  g_assert_cmpuint (hits, ==, 2);
  g_assert_cmpint (pos_sale_page_get_journal_id (page), ==, id);

  /* After a restart the sale comes back in the same state. */
  ui_fixture_destroy_window (fixture);
  ui_fixture_new_window (fixture);
  ui_sign_in (fixture->window, 0, "1234");
  page = pos_window_get_sale_page (fixture->window);
  g_assert_cmpint (pos_sale_page_get_state (page), ==, POS_SALE_PAGE_UNKNOWN);
  g_assert_cmpstr (pos_sale_get_client_reference (pos_sale_page_get_sale (page)), ==, reference);

  /* Paystar answers again: Retry creates the session under the same reference. */
  pos_station_reload_client (fixture->station);
  g_assert_true (g_str_has_prefix (
    paystar_client_get_base_uri (pos_station_get_client (fixture->station)), "http://127.0.0.1:"));
  gtk_widget_activate_action (GTK_WIDGET (page), "sale.retry", NULL);
  wait_for_state (page, POS_SALE_PAGE_CREATED, 10000);
  record =
    pos_journal_lookup_by_reference (pos_station_get_journal (fixture->station), reference, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pos_sale_record_get_id (record), ==, id);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_CREATED);
  g_assert_cmpuint (count_journal_rows (fixture), ==, 1);
}

static void
test_discard_unknown (UiFixture *fixture, gconstpointer data)
{
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (PaystarClient) client = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PosSaleRecord) record = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *base = NULL;
  GSList *uris;
  PosSalePage *page;
  guint hits = 0;

  soup_server_add_handler (server, NULL, never_answer, &hits, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  client = paystar_client_new (base, "sandbox-key");
  paystar_client_set_timeout (client, 1);
  pos_station_set_client (fixture->station, client);

  ui_sign_in (fixture->window, 1, "5678");
  page = pos_window_get_sale_page (fixture->window);
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "5");
  reference = g_strdup (pos_sale_get_client_reference (pos_sale_page_get_sale (page)));
  submit (fixture);
  wait_for_state (page, POS_SALE_PAGE_UNKNOWN, 10000);

  gtk_widget_activate_action (GTK_WIDGET (page), "sale.discard", NULL);
  g_assert_cmpint (pos_sale_page_get_state (page), ==, POS_SALE_PAGE_EDITING);
  g_assert_cmpstr (pos_sale_get_client_reference (pos_sale_page_get_sale (page)), !=, reference);
  /* The journal keeps the truth: nobody knows what happened to it. */
  record =
    pos_journal_lookup_by_reference (pos_station_get_journal (fixture->station), reference, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_UNKNOWN);
}

static void
test_unauthorized (UiFixture *fixture, gconstpointer data)
{
  g_autoptr (PaystarClient) client = NULL;
  g_autoptr (PosSaleRecord) record = NULL;
  PosSalePage *page;

  /* The sandbox itself, with a key it does not accept. */
  client = paystar_client_new (
    paystar_client_get_base_uri (pos_station_get_client (fixture->station)), "not-the-key");
  pos_station_set_client (fixture->station, client);

  ui_sign_in (fixture->window, 0, "1234");
  page = pos_window_get_sale_page (fixture->window);
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "12");
  submit (fixture);
  wait_for_state (page, POS_SALE_PAGE_EDITING, 10000);
  g_assert_nonnull (pos_sale_page_get_general_message (page));
  g_assert_nonnull (strstr (pos_sale_page_get_general_message (page), "API key"));
  g_assert_nonnull (strstr (pos_sale_page_get_general_message (page), "administrator"));
  record = lookup (fixture, pos_sale_page_get_journal_id (page));
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_ERROR);
}

int
main (int argc, char *argv[])
{
  ui_harness_init (&argc, &argv);

  g_test_add ("/ui/submit/created", UiFixture, NULL, ui_fixture_set_up, test_created,
              ui_fixture_tear_down);
  g_test_add ("/ui/submit/rejected-payment-field", UiFixture, NULL, ui_fixture_set_up,
              test_rejected_payment_field, ui_fixture_tear_down);
  g_test_add ("/ui/submit/rejected-agent-and-field", UiFixture, NULL, ui_fixture_set_up,
              test_rejected_agent_and_field, ui_fixture_tear_down);
  g_test_add ("/ui/submit/timeout-outcome-unknown", UiFixture, NULL, ui_fixture_set_up,
              test_timeout_outcome_unknown, ui_fixture_tear_down);
  g_test_add ("/ui/submit/unauthorized", UiFixture, NULL, ui_fixture_set_up, test_unauthorized,
              ui_fixture_tear_down);
  g_test_add ("/ui/submit/discard-unknown", UiFixture, NULL, ui_fixture_set_up,
              test_discard_unknown, ui_fixture_tear_down);

  return g_test_run ();
}
