/* test-checkout.c: PosCheckout, the sale's lifecycle, headless: every transition (and the illegal
 * ones refused), the error classes with the journal state and the clerk's message, lookups and
 * SDK events, and a child process killed with SIGKILL at each step of a submit, against a real
 * journal and the real paystar-sandbox program.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "pos-journal-private.h"
#include "pos-test-util.h"
#include "pos.h"
#include "sandbox-harness.h"

#define STATION         "Front 1"
#define QUERY_SESSION   "/_sandbox/query/sessions/{sessionIdentifier}"
#define QUERY_REFERENCE "/_sandbox/query/sessions"
#define APPROVED_CARD   "4242424242424242"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

typedef struct {
  PosTestFixture base;
  SandboxHarness *sandbox;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  /* A child of test_killed() works on its parent's journal and sandbox. */
  if (g_test_subprocess ())
    return;
  pos_test_fixture_set_up (&fixture->base, "test-checkout-XXXXXX", 1767225600000000);
  fixture->base.journal = pos_test_journal_open (fixture->base.path, &fixture->base.now);
  fixture->sandbox = sandbox_harness_start (NULL, NULL);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  if (g_test_subprocess ())
    return;
  sandbox_harness_stop (fixture->sandbox, SIGTERM);
  sandbox_harness_free (fixture->sandbox);
  pos_test_fixture_tear_down (&fixture->base);
}

/* The sandbox's POS agent: the PosUser it accepts. */
static const char *
agent (void)
{
  return SANDBOX_AVA;
}

static PaystarClient *
sandbox_client (Fixture *fixture, gboolean lookups)
{
  PaystarClient *client = paystar_client_new (fixture->sandbox->base_uri, SANDBOX_KEY);

  if (lookups)
    paystar_client_set_query_paths (client, QUERY_SESSION, QUERY_REFERENCE);
  return client;
}

static PosCheckoutOptions
options_for (Fixture *fixture)
{
  PosCheckoutOptions options = {
    .business_unit_slug = SANDBOX_SLUG,
    .web_origin = fixture->sandbox->base_uri,
  };

  return options;
}

static void
type_sale (PosCheckout *checkout, const char *amount, const char *account)
{
  PosSale *sale = pos_checkout_get_sale (checkout);
  PosCharge *charge = pos_sale_get_charge (sale, 0);

  pos_charge_set_amount_text (charge, amount);
  pos_charge_set_description (charge, "Water bill");
  if (account != NULL) {
    pos_charge_set_has_account (charge, TRUE);
    pos_charge_set_field (charge, POS_CHARGE_FIELD_ACCOUNT_NUMBER, account);
    pos_charge_set_field (charge, POS_CHARGE_FIELD_ACCOUNT_NAME, "Lee Park");
  }
}

static void
wait_async (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
on_result (GObject *object, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
submit (PosCheckout *checkout, PaystarClient *client, PosCheckoutOptions *options, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pos_checkout_submit_async (checkout, client, options, NULL, on_result, &result);
  wait_async (&result);
  return pos_checkout_submit_finish (checkout, result, error);
}

static gboolean
retry (PosCheckout *checkout, PaystarClient *client, PosCheckoutOptions *options, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pos_checkout_retry_async (checkout, client, options, NULL, on_result, &result);
  wait_async (&result);
  return pos_checkout_retry_finish (checkout, result, error);
}

static gboolean
reconcile (PosCheckout *checkout,
           PaystarClient *client,
           PosCheckoutOptions *options,
           GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pos_checkout_reconcile_async (checkout, client, options, NULL, on_result, &result);
  wait_async (&result);
  return pos_checkout_reconcile_finish (checkout, result, error);
}

/* Rows of the journal with @reference, whatever their status (drafts included). */
static int
count_rows (PosJournal *journal, const char *reference)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  sqlite3 *db = pos_journal_get_db (journal);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM sales WHERE client_reference = ?1",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, reference, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int (stmt, 0);
}

/* The call answered @accepted: it must have refused (FALSE, NULL) with POS_ERROR_INVALID_STATE;
 * the error is cleared for the next one. */
static void
assert_refused (gboolean accepted, GError **error)
{
  g_assert_false (accepted);
  g_assert_error (*error, POS_ERROR, POS_ERROR_INVALID_STATE);
  g_clear_error (error);
}

static PosSaleStatus
journal_status (PosJournal *journal, gint64 id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosSaleRecord) record = pos_journal_lookup (journal, id, &error);

  g_assert_no_error (error);
  return pos_sale_record_get_status (record);
}

/* @checkout is in @status, and so is its entry in @journal. */
static void
assert_status (PosJournal *journal, PosCheckout *checkout, PosSaleStatus status)
{
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, status);
  g_assert_cmpint (journal_status (journal, pos_checkout_get_id (checkout)), ==, status);
}

static SandboxResponse *
pay (Fixture *fixture, const char *identifier, const char *card)
{
  g_autofree char *path =
    g_strdup_printf ("/app/embedded/" SANDBOX_SLUG "/session/%s/pay", identifier);
  g_autofree char *body =
    g_strdup_printf ("{\"cardNumber\": \"%s\", \"expiry\": \"12/40\", \"cvc\": \"123\", "
                     "\"name\": \"Lee Park\", \"zip\": \"78701\", "
                     "\"paymentFields\": {\"invoiceNumber\": \"INV-1\", \"memoLine\": \"memo\"}}",
                     card);

  SandboxResponse *response =
    sandbox_harness_request (fixture->sandbox, "POST", path, NULL, "application/json", body, -1);

  if (response->status != 200)
    g_test_message ("pay: %u %s", response->status, response->body);
  return response;
}

/* A server on loopback that reads each request to its end and then says nothing: the request
 * reached "Paystar", no answer comes back. */
typedef struct {
  GSocketService *service;
  guint port;
  guint requests;
  GPtrArray *connections;
} SilentServer;

static gboolean
on_incoming (GSocketService *service,
             GSocketConnection *connection,
             GObject *source,
             gpointer user_data)
{
  SilentServer *server = user_data;

  /* Keeping the connection open (and unread) keeps the client waiting; the kernel has the
   * bytes, which is all "the request reached the server" means. */
  g_ptr_array_add (server->connections, g_object_ref (connection));
  server->requests++;
  return TRUE;
}

static SilentServer *
silent_server_new (void)
{
  SilentServer *server = g_new0 (SilentServer, 1);
  g_autoptr (GError) error = NULL;

  server->connections = g_ptr_array_new_with_free_func (g_object_unref);
  server->service = g_socket_service_new ();
  server->port =
    g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (server->service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (server->service, "incoming", G_CALLBACK (on_incoming), server);
  g_socket_service_start (server->service);
  return server;
}

static void
silent_server_free (SilentServer *server)
{
  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  g_object_unref (server->service);
  g_ptr_array_unref (server->connections);
  g_free (server);
}

static char *
silent_uri (SilentServer *server)
{
  return g_strdup_printf ("http://127.0.0.1:%u", server->port);
}

/* A port nobody listens on: bound, then closed. */
static guint
closed_port (void)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GError) error = NULL;
  guint port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return port;
}

/* Drafts */

static void
test_draft_saved_and_restored (Fixture *fixture, gconstpointer data)
{
  PosJournal *journal = fixture->base.journal;
  g_autoptr (PosCheckout) checkout = pos_checkout_new (journal, agent (), STATION);
  g_autoptr (PosCheckout) restored = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *reference = NULL;
  PosCharge *charge;

  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_DRAFT);
  g_assert_true (pos_checkout_get_editable (checkout));
  g_assert_false (pos_checkout_get_restored (checkout));
  g_assert_cmpint (pos_checkout_get_id (checkout), ==, 0);

  pos_checkout_set_draft_delay (checkout, 10);
  type_sale (checkout, "150.25", "ACC-1");
  /* Saved on its own within the delay: wait for it, then check the row. */
  while (pos_checkout_get_id (checkout) == 0)
    g_main_context_iteration (NULL, TRUE);
  reference = g_strdup (pos_checkout_get_client_reference (checkout));
  g_assert_cmpint (count_rows (journal, reference), ==, 1);
  g_assert_cmpint (journal_status (journal, pos_checkout_get_id (checkout)), ==,
                   POS_SALE_STATUS_DRAFT);
  g_assert_cmpint (pos_checkout_get_edited (checkout), ==, fixture->base.now);

  /* A later edit goes to the same row. */
  fixture->base.now += G_USEC_PER_SEC;
  charge = pos_sale_get_charge (pos_checkout_get_sale (checkout), 0);
  pos_charge_set_amount_text (charge, "99.99");
  g_assert_true (pos_checkout_flush (checkout, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (journal, reference), ==, 1);

  /* Drafts are not history. */
  {
    g_autoptr (GListModel) history = pos_journal_list (journal, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (history), ==, 0);
  }

  restored = pos_checkout_resume (journal, agent (), STATION, &error);
  g_assert_no_error (error);
  g_assert_nonnull (restored);
  g_assert_true (pos_checkout_get_restored (restored));
  g_assert_cmpstr (pos_checkout_get_client_reference (restored), ==, reference);
  g_assert_cmpint (pos_checkout_get_edited (restored), ==, fixture->base.now);
  g_assert_cmpstr (
    pos_charge_get_amount_text (pos_sale_get_charge (pos_checkout_get_sale (restored), 0)), ==,
    "99.99");
  g_assert_cmpint (pos_sale_get_total (pos_checkout_get_sale (restored)), ==, 9999);

  /* Another agent has no draft. */
  g_assert_null (pos_checkout_resume (journal, SANDBOX_BEN, STATION, &error));
  g_assert_no_error (error);
}

static void
test_draft_refuses_card_number (Fixture *fixture, gconstpointer data)
{
  g_autoptr (PosCheckout) checkout = pos_checkout_new (fixture->base.journal, agent (), STATION);
  g_autoptr (GError) error = NULL;

  type_sale (checkout, "10", NULL);
  pos_charge_set_description (pos_sale_get_charge (pos_checkout_get_sale (checkout), 0),
                              "card 4111 1111 1111 1111");
  g_assert_false (pos_checkout_flush (checkout, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_SENSITIVE_DATA);
  g_assert_nonnull (strstr (pos_checkout_get_message (checkout), "card number"));
  g_assert_cmpint (pos_checkout_get_id (checkout), ==, 0);
}

static void
test_discard (Fixture *fixture, gconstpointer data)
{
  g_autoptr (PosCheckout) checkout = pos_checkout_new (fixture->base.journal, agent (), STATION);
  g_autoptr (GError) error = NULL;
  g_autofree char *reference = NULL;

  type_sale (checkout, "10", NULL);
  g_assert_true (pos_checkout_flush (checkout, &error));
  reference = g_strdup (pos_checkout_get_client_reference (checkout));
  g_assert_cmpint (count_rows (fixture->base.journal, reference), ==, 1);
  g_assert_true (pos_checkout_discard (checkout, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->base.journal, reference), ==, 0);
  g_assert_false (pos_checkout_get_editable (checkout));
}

/* Submitting */

static void
test_submit_created (Fixture *fixture, gconstpointer data)
{
  PosJournal *journal = fixture->base.journal;
  g_autoptr (PosCheckout) checkout = pos_checkout_new (journal, agent (), STATION);
  g_autoptr (PaystarClient) client = sandbox_client (fixture, FALSE);
  PosCheckoutOptions options = options_for (fixture);
  g_autoptr (PosSaleRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *link = NULL;

  type_sale (checkout, "150", "ACC-1");
  g_assert_true (submit (checkout, client, &options, &error));
  g_assert_no_error (error);

  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_CREATED);
  g_assert_false (pos_checkout_get_editable (checkout));
  g_assert_false (pos_checkout_get_busy (checkout));
  g_assert_nonnull (pos_checkout_get_session_identifier (checkout));
  link = g_strdup_printf ("%s/app/embedded/" SANDBOX_SLUG "/session/%s", fixture->sandbox->base_uri,
                          pos_checkout_get_session_identifier (checkout));
  g_assert_cmpstr (pos_checkout_get_session_link (checkout), ==, link);

  /* One row, holding what was sent and the sale as keyed; no editable draft beside it. */
  g_assert_cmpint (count_rows (journal, pos_checkout_get_client_reference (checkout)), ==, 1);
  record = pos_checkout_dup_record (checkout);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_CREATED);
  g_assert_cmpstr (pos_sale_record_get_accounts (record), ==, "ACC-1");
  g_assert_cmpint (pos_sale_record_get_total (record), ==, 15000);
  g_assert_nonnull (strstr (pos_sale_record_get_request_json (record), "\"PosUser\""));
  g_assert_nonnull (pos_sale_record_get_draft_json (record));
  g_assert_null (pos_checkout_resume (journal, agent (), STATION, &error));
  g_assert_no_error (error);

  /* Awaiting payment is unfinished: the agent sees it before a new sale. */
  {
    g_autoptr (GListModel) unfinished = pos_checkout_list_unfinished (journal, agent (), &error);
    g_autoptr (PosSaleRecord) first = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (unfinished), ==, 1);
    first = g_list_model_get_item (unfinished, 0);
    g_assert_cmpint (pos_sale_record_get_id (first), ==, pos_checkout_get_id (checkout));
  }
}

/* A customer's own payment (self-service): the QuickPay channel, no PosUser, the taker kept in
 * the journal; a channel Paystar does not know is a field error, and nothing is sent. */
static void
test_quickpay_channel (Fixture *fixture, gconstpointer data)
{
  PosJournal *journal = fixture->base.journal;
  g_autoptr (PosCheckout) checkout = pos_checkout_new (journal, agent (), STATION);
  g_autoptr (PosCheckout) wrong = pos_checkout_new (journal, agent (), STATION);
  g_autoptr (PaystarClient) client = sandbox_client (fixture, FALSE);
  PosCheckoutOptions options = options_for (fixture);
  g_autoptr (PosSaleRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *errors;

  options.channel = "QuickPay";
  type_sale (checkout, "42", "ACC-7");
  g_assert_true (submit (checkout, client, &options, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_CREATED);
  record = pos_checkout_dup_record (checkout);
  g_assert_nonnull (strstr (pos_sale_record_get_request_json (record), "\"Channel\":\"QuickPay\""));
  g_assert_null (strstr (pos_sale_record_get_request_json (record), "PosUser"));
  g_assert_cmpstr (pos_sale_record_get_agent_email (record), ==, agent ());

  options.channel = "Kiosk";
  type_sale (wrong, "42", "ACC-7");
  g_assert_false (submit (wrong, client, &options, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (pos_checkout_get_state (wrong), ==, POS_SALE_STATUS_DRAFT);
  errors = pos_checkout_get_field_errors (wrong);
  g_assert_cmpuint (errors->len, >, 0);
  g_assert_cmpstr (((PaystarFieldError *) g_ptr_array_index (errors, 0))->property_name, ==,
                   "Channel");
}

static void
test_local_field_errors (Fixture *fixture, gconstpointer data)
{
  g_autoptr (PosCheckout) checkout = pos_checkout_new (fixture->base.journal, agent (), STATION);
  g_autoptr (PaystarClient) client = sandbox_client (fixture, FALSE);
  PosCheckoutOptions options = options_for (fixture);
  g_autoptr (GError) error = NULL;
  GPtrArray *errors;

  type_sale (checkout, "1.234", NULL);
  g_assert_false (submit (checkout, client, &options, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_INVALID_SALE);
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_DRAFT);
  g_assert_true (pos_checkout_get_editable (checkout));
  errors = pos_checkout_get_field_errors (checkout);
  g_assert_cmpuint (errors->len, >=, 1);
  g_assert_cmpstr (((PaystarFieldError *) g_ptr_array_index (errors, 0))->property_name, ==,
                   "Charges[0].Amount");
  /* Nothing was sent: the row is the draft. */
  g_assert_cmpint (journal_status (fixture->base.journal, pos_checkout_get_id (checkout)), ==,
                   POS_SALE_STATUS_DRAFT);
}

static void
test_refused_by_paystar (Fixture *fixture, gconstpointer data)
{
  /* cory is known to the sandbox but has no POS permission: Paystar answers with a field error. */
  g_autoptr (PosCheckout) checkout =
    pos_checkout_new (fixture->base.journal, SANDBOX_CORY, STATION);
  g_autoptr (PaystarClient) client = sandbox_client (fixture, FALSE);
  PosCheckoutOptions options = options_for (fixture);
  g_autoptr (GError) error = NULL;
  g_autofree char *reference = NULL;

  type_sale (checkout, "20", NULL);
  reference = g_strdup (pos_checkout_get_client_reference (checkout));
  g_assert_false (submit (checkout, client, &options, &error));
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_REJECTED);
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_DRAFT);
  g_assert_true (pos_checkout_get_editable (checkout));
  g_assert_cmpuint (pos_checkout_get_field_errors (checkout)->len, >=, 1);
  g_assert_cmpstr (pos_checkout_get_client_reference (checkout), ==, reference);
  g_assert_nonnull (strstr (pos_checkout_get_message (checkout), "field"));
  g_assert_cmpint (count_rows (fixture->base.journal, reference), ==, 1);
}

static void
test_not_sent_then_sent (Fixture *fixture, gconstpointer data)
{
  PosJournal *journal = fixture->base.journal;
  g_autoptr (PosCheckout) checkout = pos_checkout_new (journal, agent (), STATION);
  g_autofree char *refused_uri = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
  g_autoptr (PaystarClient) refused = paystar_client_new (refused_uri, SANDBOX_KEY);
  g_autoptr (PaystarClient) client = sandbox_client (fixture, FALSE);
  PosCheckoutOptions options = options_for (fixture);
  g_autoptr (GError) error = NULL;
  g_autofree char *reference = NULL;

  type_sale (checkout, "20", NULL);
  reference = g_strdup (pos_checkout_get_client_reference (checkout));
  g_assert_false (submit (checkout, refused, &options, &error));
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_NETWORK);
  g_assert_cmpint (paystar_error_get_delivery (error), ==, PAYSTAR_DELIVERY_NOT_SENT);
  g_clear_error (&error);

  /* Back to editing with the same reference, and the clerk is told nothing left. */
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_NOT_SENT);
  g_assert_true (pos_checkout_get_editable (checkout));
  g_assert_cmpstr (pos_checkout_get_client_reference (checkout), ==, reference);
  g_assert_true (g_str_has_prefix (pos_checkout_get_message (checkout), "Not sent"));
  g_assert_null (strstr (pos_checkout_get_message (checkout), "did not answer"));
  g_assert_cmpint (journal_status (journal, pos_checkout_get_id (checkout)), ==,
                   POS_SALE_STATUS_NOT_SENT);
  /* Not history, and not an unfinished sale either: it is the agent's sale on screen. */
  {
    g_autoptr (GListModel) unfinished = pos_checkout_list_unfinished (journal, agent (), &error);

    g_assert_cmpuint (g_list_model_get_n_items (unfinished), ==, 0);
  }

  /* Editing goes on, and the next submit goes out with the same reference. */
  pos_charge_set_amount_text (pos_sale_get_charge (pos_checkout_get_sale (checkout), 0), "25");
  g_assert_true (submit (checkout, client, &options, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_CREATED);
  g_assert_cmpstr (pos_checkout_get_client_reference (checkout), ==, reference);
  g_assert_null (pos_checkout_get_message (checkout));
  g_assert_cmpint (count_rows (journal, reference), ==, 1);
}

static void
test_no_client_is_not_sent (Fixture *fixture, gconstpointer data)
{
  g_autoptr (PosCheckout) checkout = pos_checkout_new (fixture->base.journal, agent (), STATION);
  PosCheckoutOptions options = options_for (fixture);
  g_autoptr (GError) error = NULL;

  type_sale (checkout, "20", NULL);
  g_assert_false (submit (checkout, NULL, &options, &error));
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_NO_API_KEY);
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_NOT_SENT);
  g_assert_true (pos_checkout_get_editable (checkout));
  g_assert_nonnull (strstr (pos_checkout_get_message (checkout), "API key"));
}

static void
test_unknown_then_retry_same_reference (Fixture *fixture, gconstpointer data)
{
  PosJournal *journal = fixture->base.journal;
  g_autoptr (PosCheckout) checkout = pos_checkout_new (journal, agent (), STATION);
  SilentServer *silent = silent_server_new ();
  g_autofree char *silent_base = silent_uri (silent);
  g_autoptr (PaystarClient) slow = paystar_client_new (silent_base, SANDBOX_KEY);
  g_autoptr (PaystarClient) client = sandbox_client (fixture, FALSE);
  PosCheckoutOptions options = options_for (fixture);
  g_autoptr (GError) error = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *sent = NULL;
  g_autoptr (PosSaleRecord) record = NULL;

  paystar_client_set_timeout (slow, 1);
  type_sale (checkout, "20", NULL);
  reference = g_strdup (pos_checkout_get_client_reference (checkout));
  g_assert_false (submit (checkout, slow, &options, &error));
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_TIMEOUT);
  g_assert_cmpint (paystar_error_get_delivery (error), ==, PAYSTAR_DELIVERY_UNKNOWN);
  g_clear_error (&error);
  g_assert_cmpuint (silent->requests, ==, 1);

  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_UNKNOWN);
  g_assert_false (pos_checkout_get_editable (checkout));
  g_assert_nonnull (strstr (pos_checkout_get_message (checkout), "Retry uses the same reference"));
  record = pos_checkout_dup_record (checkout);
  sent = g_strdup (pos_sale_record_get_request_json (record));
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_UNKNOWN);

  /* Nothing but retry (or an administrator) moves it: no new submit, no discard, no copy. */
  assert_refused (pos_checkout_discard (checkout, &error), &error);
  assert_refused (pos_checkout_copy_as_new (checkout, &error) != NULL, &error);

  /* Without lookups, the retry sends the very same request. */
  g_assert_true (retry (checkout, client, &options, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_CREATED);
  g_assert_cmpstr (pos_checkout_get_client_reference (checkout), ==, reference);
  g_clear_object (&record);
  record = pos_checkout_dup_record (checkout);
  g_assert_cmpstr (pos_sale_record_get_request_json (record), ==, sent);
  g_assert_cmpint (count_rows (journal, reference), ==, 1);

  silent_server_free (silent);
}

static void
answer_502 (SoupServer *server,
            SoupServerMessage *msg,
            const char *path,
            GHashTable *query,
            gpointer user_data)
{
  static const char page[] = "<html><body>Bad Gateway</body></html>";

  soup_server_message_set_status (msg, 502, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
}

static void
test_server_error_is_unknown (Fixture *fixture, gconstpointer data)
{
  g_autoptr (PosCheckout) checkout = pos_checkout_new (fixture->base.journal, agent (), STATION);
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (PaystarClient) client = NULL;
  PosCheckoutOptions options = options_for (fixture);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSList) uris = NULL;
  g_autofree char *base = NULL;

  soup_server_add_handler (server, NULL, answer_502, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  client = paystar_client_new (base, SANDBOX_KEY);

  type_sale (checkout, "20", NULL);
  g_assert_false (submit (checkout, client, &options, &error));
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_SERVER);
  g_assert_cmpint (paystar_error_get_delivery (error), ==, PAYSTAR_DELIVERY_UNKNOWN);
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_UNKNOWN);
  g_assert_nonnull (strstr (pos_checkout_get_message (checkout), "Retry uses the same reference"));
  g_assert_null (strstr (pos_checkout_get_message (checkout), "did not answer"));
  g_assert_cmpint (journal_status (fixture->base.journal, pos_checkout_get_id (checkout)), ==,
                   POS_SALE_STATUS_UNKNOWN);
}

/* The request reached Paystar (a session exists for the reference) but its answer was lost:
 * a retry finds the session by reference and takes it instead of sending again. */
static void
test_retry_finds_session_by_reference (Fixture *fixture, gconstpointer data)
{
  PosJournal *journal = fixture->base.journal;
  g_autoptr (PosCheckout) checkout = pos_checkout_new (journal, agent (), STATION);
  SilentServer *silent = silent_server_new ();
  g_autofree char *silent_base = silent_uri (silent);
  g_autoptr (PaystarClient) slow = paystar_client_new (silent_base, SANDBOX_KEY);
  g_autoptr (PaystarClient) client = sandbox_client (fixture, TRUE);
  PosCheckoutOptions options = options_for (fixture);
  g_autoptr (GError) error = NULL;
  g_autoptr (PosSaleRecord) record = NULL;
  g_autofree char *identifier = NULL;
  g_autofree char *link = NULL;

  paystar_client_set_timeout (slow, 1);
  type_sale (checkout, "42", "ACC-9");
  g_assert_false (submit (checkout, slow, &options, &error));
  g_clear_error (&error);
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_UNKNOWN);

  /* What "reached Paystar" means: the very request the journal holds, at the gateway. */
  record = pos_checkout_dup_record (checkout);
  identifier =
    sandbox_harness_initiate_ok (fixture->sandbox, pos_sale_record_get_request_json (record));

  g_assert_true (retry (checkout, client, &options, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_CREATED);
  g_assert_cmpstr (pos_checkout_get_session_identifier (checkout), ==, identifier);
  link = g_strdup_printf ("%s/app/embedded/" SANDBOX_SLUG "/session/%s", fixture->sandbox->base_uri,
                          identifier);
  g_assert_cmpstr (pos_checkout_get_session_link (checkout), ==, link);
  /* The link Paystar would have given opens. */
  {
    g_autofree char *path = g_strdup (link + strlen (fixture->sandbox->base_uri));
    g_autoptr (SandboxResponse) page =
      sandbox_harness_request (fixture->sandbox, "GET", path, NULL, NULL, NULL, 0);

    g_assert_cmpuint (page->status, ==, 200);
  }
  silent_server_free (silent);
}

/* Outcome unknown, and Paystar has nothing for the reference: the sale was not sent after all. */
static void
test_reconcile_not_found_is_not_sent (Fixture *fixture, gconstpointer data)
{
  g_autoptr (PosCheckout) checkout = pos_checkout_new (fixture->base.journal, agent (), STATION);
  SilentServer *silent = silent_server_new ();
  g_autofree char *silent_base = silent_uri (silent);
  g_autoptr (PaystarClient) slow = paystar_client_new (silent_base, SANDBOX_KEY);
  g_autoptr (PaystarClient) client = sandbox_client (fixture, TRUE);
  PosCheckoutOptions options = options_for (fixture);
  g_autoptr (GError) error = NULL;

  paystar_client_set_timeout (slow, 1);
  type_sale (checkout, "42", NULL);
  g_assert_false (submit (checkout, slow, &options, &error));
  g_clear_error (&error);

  g_assert_true (reconcile (checkout, client, &options, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_NOT_SENT);
  g_assert_true (pos_checkout_get_editable (checkout));
  silent_server_free (silent);
}

static void
test_reconcile_without_lookup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (PosCheckout) checkout = pos_checkout_new (fixture->base.journal, agent (), STATION);
  g_autoptr (PaystarClient) client = sandbox_client (fixture, FALSE);
  PosCheckoutOptions options = options_for (fixture);
  g_autoptr (GError) error = NULL;

  type_sale (checkout, "42", NULL);
  g_assert_true (submit (checkout, client, &options, &error));
  g_assert_false (reconcile (checkout, client, &options, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_CREATED);
}

/* Paid while the station was away: the lookup says so. */
static void
test_reconcile_paid_session (Fixture *fixture, gconstpointer data)
{
  PosJournal *journal = fixture->base.journal;
  g_autoptr (PosCheckout) checkout = pos_checkout_new (journal, agent (), STATION);
  g_autoptr (PosCheckout) loaded = NULL;
  g_autoptr (PaystarClient) client = sandbox_client (fixture, TRUE);
  PosCheckoutOptions options = options_for (fixture);
  g_autoptr (GError) error = NULL;
  g_autoptr (SandboxResponse) paid = NULL;
  g_autoptr (PosSaleRecord) record = NULL;
  gint64 id;

  type_sale (checkout, "150", "ACC-1");
  g_assert_true (submit (checkout, client, &options, &error));
  id = pos_checkout_get_id (checkout);
  paid = pay (fixture, pos_checkout_get_session_identifier (checkout), APPROVED_CARD);
  g_assert_cmpuint (paid->status, ==, 200);
  g_clear_object (&checkout);

  loaded = pos_checkout_load (journal, id, STATION, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pos_checkout_get_state (loaded), ==, POS_SALE_STATUS_CREATED);
  g_assert_true (reconcile (loaded, client, &options, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pos_checkout_get_state (loaded), ==, POS_SALE_STATUS_SUCCEEDED);
  g_assert_cmpstr (pos_checkout_get_card_last4 (loaded), ==, "4242");
  record = pos_journal_lookup (journal, id, &error);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_SUCCEEDED);
  g_assert_cmpstr (pos_sale_record_get_card_last4 (record), ==, "4242");
  g_assert_nonnull (strstr (pos_sale_record_get_response_json (record), "query-api"));
  g_assert_null (strstr (pos_sale_record_get_response_json (record), APPROVED_CARD));
}

/* SDK events */

static PaystarEvent *
event (const char *name, const char *session, const char *status, const char *masked)
{
  g_autoptr (GString) json = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  PaystarEvent *parsed;

  g_string_printf (json, "{\"event\": \"%s\"", name);
  if (session != NULL) {
    g_string_append_printf (json,
                            ", \"data\": {\"sessionIdentifier\": \"%s\", \"subtotal\": 150.0, "
                            "\"channel\": \"POS\", \"lineItems\": []",
                            session);
    if (status != NULL)
      g_string_append_printf (json, ", \"status\": \"%s\"", status);
    if (masked != NULL)
      g_string_append_printf (json,
                              ", \"paymentSource\": {\"paymentSourceType\": \"CreditCard\", "
                              "\"accountNumberMasked\": \"%s\"}",
                              masked);
    g_string_append (json, "}");
  }
  g_string_append (json, "}");
  parsed = paystar_event_parse (json->str, -1, &error);
  g_assert_no_error (error);
  return parsed;
}

static PosCheckout *
created_checkout (Fixture *fixture)
{
  PosCheckout *checkout = pos_checkout_new (fixture->base.journal, agent (), STATION);
  g_autoptr (PaystarClient) client = sandbox_client (fixture, FALSE);
  PosCheckoutOptions options = options_for (fixture);
  g_autoptr (GError) error = NULL;

  type_sale (checkout, "150", NULL);
  g_assert_true (submit (checkout, client, &options, &error));
  g_assert_no_error (error);
  return checkout;
}

static void
test_events (Fixture *fixture, gconstpointer data)
{
  g_autoptr (PosCheckout) checkout = created_checkout (fixture);
  const char *session = pos_checkout_get_session_identifier (checkout);
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarEvent) loaded =
    event ("PAYMENT-SESSION.LOADED", session, "RequiresPaymentSource", NULL);
  g_autoptr (PaystarEvent) failed =
    event ("PAYMENT-SESSION.PROCESSED", session, "Failed", "****0002");
  g_autoptr (PaystarEvent) succeeded =
    event ("PAYMENT-SESSION.PROCESSED", session, "Succeeded", "****4242");
  g_autoptr (PaystarEvent) dismiss = event ("COMPONENT.DISMISS", NULL, NULL, NULL);
  g_autoptr (PaystarEvent) other =
    event ("PAYMENT-SESSION.PROCESSED", "someone-else", "Succeeded", "****4242");

  g_assert_true (pos_checkout_record_event (checkout, loaded, &error));
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_CREATED);

  assert_refused (pos_checkout_record_event (checkout, other, &error), &error);
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_CREATED);

  g_assert_true (pos_checkout_record_event (checkout, failed, &error));
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_FAILED);
  g_assert_cmpstr (pos_checkout_get_card_last4 (checkout), ==, "0002");
  g_assert_nonnull (strstr (pos_checkout_get_message (checkout), "Declined"));

  /* Another card on the same form. */
  g_assert_true (pos_checkout_record_event (checkout, succeeded, &error));
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_SUCCEEDED);
  g_assert_cmpstr (pos_checkout_get_card_last4 (checkout), ==, "4242");

  /* Paid stays paid. */
  g_assert_true (pos_checkout_record_event (checkout, dismiss, &error));
  g_assert_true (pos_checkout_form_closed (checkout, &error));
  assert_status (fixture->base.journal, checkout, POS_SALE_STATUS_SUCCEEDED);
}

/* A re-opened session that loads as Succeeded (paid while the station was away) is recorded as
 * succeeded from the SDK's session object. */
static void
test_loaded_as_succeeded (Fixture *fixture, gconstpointer data)
{
  g_autoptr (PosCheckout) checkout = created_checkout (fixture);
  g_autoptr (PosCheckout) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarEvent) event_loaded = NULL;
  gint64 id = pos_checkout_get_id (checkout);

  g_assert_true (pos_checkout_form_closed (checkout, &error));
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_UNCONFIRMED);
  g_clear_object (&checkout);

  loaded = pos_checkout_load (fixture->base.journal, id, STATION, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pos_checkout_get_state (loaded), ==, POS_SALE_STATUS_UNCONFIRMED);
  g_assert_true (pos_checkout_open_form (loaded, &error));
  g_assert_cmpint (pos_checkout_get_state (loaded), ==, POS_SALE_STATUS_CREATED);
  event_loaded = event ("PAYMENT-SESSION.LOADED", pos_checkout_get_session_identifier (loaded),
                        "Succeeded", "****4242");
  g_assert_true (pos_checkout_record_event (loaded, event_loaded, &error));
  assert_status (fixture->base.journal, loaded, POS_SALE_STATUS_SUCCEEDED);
}

static void
test_dismiss_and_close_form (Fixture *fixture, gconstpointer data)
{
  g_autoptr (PosCheckout) checkout = created_checkout (fixture);
  g_autoptr (PaystarEvent) dismiss = event ("COMPONENT.DISMISS", NULL, NULL, NULL);
  g_autoptr (GError) error = NULL;

  /* Closed by the station without an event: never "dismissed". */
  g_assert_true (pos_checkout_form_closed (checkout, &error));
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_UNCONFIRMED);
  g_assert_nonnull (strstr (pos_checkout_get_message (checkout), "may or may not"));
  {
    g_autoptr (GListModel) unfinished =
      pos_checkout_list_unfinished (fixture->base.journal, agent (), &error);

    g_assert_cmpuint (g_list_model_get_n_items (unfinished), ==, 1);
  }

  g_assert_true (pos_checkout_open_form (checkout, &error));
  g_assert_true (pos_checkout_record_event (checkout, dismiss, &error));
  assert_status (fixture->base.journal, checkout, POS_SALE_STATUS_DISMISSED);
  /* Re-openable. */
  g_assert_true (pos_checkout_open_form (checkout, &error));
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_CREATED);
}

/* Illegal transitions are refused and change nothing. */
static void
test_illegal_transitions (Fixture *fixture, gconstpointer data)
{
  g_autoptr (PosCheckout) draft = pos_checkout_new (fixture->base.journal, agent (), STATION);
  g_autoptr (PosCheckout) created = created_checkout (fixture);
  g_autoptr (PaystarClient) client = sandbox_client (fixture, TRUE);
  PosCheckoutOptions options = options_for (fixture);
  g_autoptr (PaystarEvent) succeeded = NULL;
  g_autoptr (GError) error = NULL;

  type_sale (draft, "5", NULL);
  g_assert_true (pos_checkout_flush (draft, &error));

  /* A draft has no form, no outcome, nothing to close or copy. */
  assert_refused (pos_checkout_open_form (draft, &error), &error);
  succeeded = event ("PAYMENT-SESSION.PROCESSED", "x", "Succeeded", NULL);
  assert_refused (pos_checkout_record_event (draft, succeeded, &error), &error);
  assert_refused (pos_checkout_close (draft, SANDBOX_BEN, "test", &error), &error);
  assert_refused (pos_checkout_copy_as_new (draft, &error) != NULL, &error);
  assert_refused (retry (draft, client, &options, &error), &error);
  assert_refused (reconcile (draft, client, &options, &error), &error);
  g_assert_cmpint (pos_checkout_get_state (draft), ==, POS_SALE_STATUS_DRAFT);

  /* A created session cannot be sent again, discarded, copied or retried. */
  assert_refused (submit (created, client, &options, &error), &error);
  assert_refused (pos_checkout_discard (created, &error), &error);
  assert_refused (pos_checkout_copy_as_new (created, &error) != NULL, &error);
  assert_refused (retry (created, client, &options, &error), &error);
  assert_status (fixture->base.journal, created, POS_SALE_STATUS_CREATED);
}

static void
test_admin_close_and_copy (Fixture *fixture, gconstpointer data)
{
  g_autoptr (PosCheckout) checkout = created_checkout (fixture);
  g_autoptr (PosCheckout) copy = NULL;
  g_autoptr (PosSaleRecord) record = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (pos_checkout_form_closed (checkout, &error));
  g_assert_false (pos_checkout_close (checkout, SANDBOX_BEN, "   ", &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_UNCONFIRMED);

  g_assert_true (pos_checkout_close (checkout, SANDBOX_BEN, "Customer paid cash instead", &error));
  g_assert_no_error (error);
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_CLOSED);
  record = pos_checkout_dup_record (checkout);
  g_assert_cmpstr (pos_sale_record_get_closed_by (record), ==, SANDBOX_BEN);
  g_assert_cmpstr (pos_sale_record_get_closed_reason (record), ==, "Customer paid cash instead");
  g_assert_true (pos_sale_status_is_final (pos_sale_record_get_status (record)));

  /* Over: the same goods may be keyed again, as a new sale with a new reference. */
  copy = pos_checkout_copy_as_new (checkout, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pos_checkout_get_state (copy), ==, POS_SALE_STATUS_DRAFT);
  g_assert_cmpstr (pos_checkout_get_client_reference (copy), !=,
                   pos_checkout_get_client_reference (checkout));
  g_assert_cmpint (pos_sale_get_total (pos_checkout_get_sale (copy)), ==, 15000);
  g_assert_cmpint (pos_checkout_get_id (copy), !=, 0);
}

/* The customer left the form; the clerk changes the sale: the left session is closed, never
 * re-openable beside the new one. */
static void
test_change_dismissed_sale (Fixture *fixture, gconstpointer data)
{
  g_autoptr (PosCheckout) checkout = created_checkout (fixture);
  g_autoptr (PaystarEvent) dismiss = event ("COMPONENT.DISMISS", NULL, NULL, NULL);
  g_autoptr (PosCheckout) copy = NULL;
  g_autoptr (PosSaleRecord) record = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (pos_checkout_record_event (checkout, dismiss, &error));
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_DISMISSED);
  copy = pos_checkout_copy_as_new (checkout, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_CLOSED);
  record = pos_checkout_dup_record (checkout);
  g_assert_cmpstr (pos_sale_record_get_closed_by (record), ==, agent ());
  g_assert_nonnull (
    strstr (pos_sale_record_get_closed_reason (record), pos_checkout_get_client_reference (copy)));
  g_assert_false (pos_checkout_open_form (checkout, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_INVALID_STATE);
}

/* A station that starts finds the sales an earlier run left "submitting" as "outcome unknown". */
static void
test_recover_interrupted (Fixture *fixture, gconstpointer data)
{
  PosJournal *journal = fixture->base.journal;
  g_autoptr (GError) error = NULL;
  g_autoptr (PosSaleRecord) record = NULL;
  gint64 id;

  id = pos_test_add_sale (journal, agent (), "POS-LEFT-1", "{}", 100, POS_SALE_STATUS_SUBMITTING,
                          NULL, NULL);
  g_assert_cmpint (journal_status (journal, id), ==, POS_SALE_STATUS_SUBMITTING);
  g_assert_true (pos_checkout_recover_interrupted (journal, &error));
  g_assert_no_error (error);
  record = pos_journal_lookup (journal, id, &error);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_UNKNOWN);
  g_assert_nonnull (strstr (pos_sale_record_get_error_text (record), "stopped"));
}

/* Killed at each step. */

typedef struct {
  const char *step; /* the "step" signal at which the child kills itself */
  guint occurrence; /* the how-manyth emission of it */
  gboolean silent;  /* the child submits to a server that never answers */
} KillPoint;

static const KillPoint kill_points[] = {
  { "commit", 1, FALSE },    /* before the journal commit of the submit */
  { "sending", 1, FALSE },   /* after the commit, before the request */
  { "sent", 1, TRUE },       /* after the request, before the answer */
  { "answered", 1, FALSE },  /* after the answer, before the journal update */
  { "committed", 2, FALSE }, /* awaiting payment: "created" is committed */
};

typedef struct {
  const KillPoint *point;
  guint seen;
} ChildState;

static void
on_child_step (PosCheckout *checkout, const char *name, ChildState *state)
{
  if (g_strcmp0 (name, state->point->step) == 0 && ++state->seen == state->point->occurrence)
    raise (SIGKILL);
}

static gboolean
on_silent_incoming (GSocketService *service,
                    GSocketConnection *connection,
                    GObject *source,
                    gpointer user_data)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  char buffer[8192];
  gsize total = 0;

  /* The whole request reached the server: headers and the body, whose end is the JSON's last
   * closing brace. Then the station dies before any answer. */
  for (;;) {
    gssize n = g_input_stream_read (input, buffer, sizeof buffer, NULL, NULL);

    if (n <= 0)
      break;
    total += n;
    if (buffer[n - 1] == '}')
      raise (SIGKILL);
  }
  g_assert_not_reached ();
  return TRUE;
}

static void
run_child (const KillPoint *point)
{
  const char *journal_path = g_getenv ("CHECKOUT_TEST_JOURNAL");
  const char *base_uri = g_getenv ("CHECKOUT_TEST_SANDBOX");
  g_autoptr (PosJournal) journal = NULL;
  g_autoptr (PosCheckout) checkout = NULL;
  g_autoptr (PaystarClient) client = NULL;
  g_autoptr (GSocketService) service = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  PosCheckoutOptions options = { .business_unit_slug = SANDBOX_SLUG, .web_origin = base_uri };
  ChildState state = { point, 0 };

  journal = pos_journal_open (journal_path, &error);
  g_assert_no_error (error);
  checkout = pos_checkout_new (journal, agent (), STATION);
  type_sale (checkout, "77.50", "ACC-7");
  g_assert_true (pos_checkout_flush (checkout, &error));

  if (point->silent) {
    g_autofree char *uri = NULL;
    guint port;

    service = g_threaded_socket_service_new (1);
    port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
    g_assert_no_error (error);
    g_signal_connect (service, "run", G_CALLBACK (on_silent_incoming), NULL);
    g_socket_service_start (service);
    uri = g_strdup_printf ("http://127.0.0.1:%u", port);
    client = paystar_client_new (uri, SANDBOX_KEY);
  } else {
    client = paystar_client_new (base_uri, SANDBOX_KEY);
  }

  g_signal_connect (checkout, "step", G_CALLBACK (on_child_step), &state);
  pos_checkout_submit_async (checkout, client, &options, NULL, on_result, &result);
  for (;;)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_killed (Fixture *fixture, gconstpointer data)
{
  const KillPoint *point = data;
  PosJournal *journal;
  g_autoptr (PosJournal) reopened = NULL;
  g_autoptr (GListModel) unfinished = NULL;
  g_autoptr (PosCheckout) resumed = NULL;
  g_autoptr (PosCheckout) loaded = NULL;
  g_autoptr (PaystarClient) client = NULL;
  PosCheckoutOptions options;
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *reference = NULL;
  PosSaleStatus status;
  gint64 id;

  if (g_test_subprocess ()) {
    run_child (point);
    return;
  }
  client = sandbox_client (fixture, TRUE);
  options = options_for (fixture);

  /* The child opens the same file: close ours first. */
  g_clear_object (&fixture->base.journal);
  g_setenv ("CHECKOUT_TEST_JOURNAL", fixture->base.path, TRUE);
  g_setenv ("CHECKOUT_TEST_SANDBOX", fixture->sandbox->base_uri, TRUE);
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr_unmatched ("*CRITICAL*");

  reopened = pos_test_journal_open (fixture->base.path, &fixture->base.now);
  journal = reopened;

  /* Exactly one record, whatever instant the station died. */
  g_assert_cmpint (sqlite3_prepare_v2 (pos_journal_get_db (journal),
                                       "SELECT id, client_reference, status FROM sales", -1, &stmt,
                                       NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  id = sqlite3_column_int64 (stmt, 0);
  reference = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  g_assert_true (
    pos_sale_status_from_string ((const char *) sqlite3_column_text (stmt, 2), &status));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);

  unfinished = pos_checkout_list_unfinished (journal, agent (), &error);
  g_assert_no_error (error);
  resumed = pos_checkout_resume (journal, agent (), STATION, &error);
  g_assert_no_error (error);

  if (g_str_equal (point->step, "commit")) {
    /* Died before the commit: the sale is the editable draft it was, restored. */
    g_assert_cmpint (status, ==, POS_SALE_STATUS_DRAFT);
    g_assert_nonnull (resumed);
    g_assert_true (pos_checkout_get_restored (resumed));
    g_assert_cmpstr (pos_checkout_get_client_reference (resumed), ==, reference);
    g_assert_cmpint (pos_sale_get_total (pos_checkout_get_sale (resumed)), ==, 7750);
    g_assert_cmpuint (g_list_model_get_n_items (unfinished), ==, 0);
    return;
  }

  /* Past the commit there is never an editable draft beside the sent sale. */
  g_assert_null (resumed);
  g_assert_cmpuint (g_list_model_get_n_items (unfinished), ==, 1);

  if (g_str_equal (point->step, "committed")) {
    g_assert_cmpint (status, ==, POS_SALE_STATUS_CREATED);
    loaded = pos_checkout_load (journal, id, STATION, &error);
    g_assert_no_error (error);
    g_assert_cmpint (pos_checkout_get_state (loaded), ==, POS_SALE_STATUS_CREATED);
    /* Paid while the station was dead: the check finds it. */
    {
      g_autoptr (SandboxResponse) paid =
        pay (fixture, pos_checkout_get_session_identifier (loaded), APPROVED_CARD);

      g_assert_cmpuint (paid->status, ==, 200);
    }
    g_assert_true (reconcile (loaded, client, &options, &error));
    g_assert_no_error (error);
    g_assert_cmpint (pos_checkout_get_state (loaded), ==, POS_SALE_STATUS_SUCCEEDED);
    return;
  }

  /* Sent or about to be: "submitting" in the journal, "outcome unknown" once loaded. */
  g_assert_cmpint (status, ==, POS_SALE_STATUS_SUBMITTING);
  loaded = pos_checkout_load (journal, id, STATION, &error);
  g_assert_no_error (error);
  assert_status (journal, loaded, POS_SALE_STATUS_UNKNOWN);
  g_assert_nonnull (pos_checkout_get_message (loaded));

  /* Retry asks Paystar first: where the gateway has the session, it is taken; where it has
   * nothing, the same request goes again. Either way one session, one record. */
  g_assert_true (retry (loaded, client, &options, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pos_checkout_get_state (loaded), ==, POS_SALE_STATUS_CREATED);
  g_assert_cmpstr (pos_checkout_get_client_reference (loaded), ==, reference);
  g_assert_cmpint (count_rows (journal, reference), ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/checkout/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("draft/saved-and-restored", test_draft_saved_and_restored);
  ADD ("draft/refuses-card-number", test_draft_refuses_card_number);
  ADD ("draft/discard", test_discard);
  ADD ("submit/created", test_submit_created);
  ADD ("submit/quickpay-channel", test_quickpay_channel);
  ADD ("submit/local-field-errors", test_local_field_errors);
  ADD ("submit/refused-by-paystar", test_refused_by_paystar);
  ADD ("submit/not-sent-then-sent", test_not_sent_then_sent);
  ADD ("submit/no-client", test_no_client_is_not_sent);
  ADD ("submit/unknown-then-retry", test_unknown_then_retry_same_reference);
  ADD ("submit/server-error-is-unknown", test_server_error_is_unknown);
  ADD ("retry/finds-session-by-reference", test_retry_finds_session_by_reference);
  ADD ("reconcile/not-found-is-not-sent", test_reconcile_not_found_is_not_sent);
  ADD ("reconcile/without-lookup", test_reconcile_without_lookup);
  ADD ("reconcile/paid-session", test_reconcile_paid_session);
  ADD ("events/decline-then-success", test_events);
  ADD ("events/loaded-as-succeeded", test_loaded_as_succeeded);
  ADD ("events/dismiss-and-close-form", test_dismiss_and_close_form);
  ADD ("transitions/illegal", test_illegal_transitions);
  ADD ("close/admin-and-copy", test_admin_close_and_copy);
  ADD ("close/change-dismissed-sale", test_change_dismissed_sale);
  ADD ("recover/interrupted", test_recover_interrupted);
#undef ADD
  for (guint i = 0; i < G_N_ELEMENTS (kill_points); i++) {
    g_autofree char *path =
      g_strdup_printf ("/checkout/killed/%s-%u", kill_points[i].step, kill_points[i].occurrence);

    g_test_add (path, Fixture, &kill_points[i], fixture_set_up, test_killed, fixture_tear_down);
  }
  return g_test_run ();
}
