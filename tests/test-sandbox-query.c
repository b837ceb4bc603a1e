/* test-sandbox-query.c: golden HTTP tests of the sandbox's Query API routes
 * (/_sandbox/query/sessions/{id} and ?clientReference=) against the real paystar-sandbox program,
 * and PaystarClient's lookups end to end: initiate, pay through the hosted page's pay route, look
 * the session up by identifier and by reference.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "paystar.h"
#include "sandbox-harness.h"
#include "test-wait.h"

#define QUERY_SESSION_PATH   "/_sandbox/query/sessions/{sessionIdentifier}"
#define QUERY_REFERENCE_PATH "/_sandbox/query/sessions"
#define GUARD_SECONDS        15

static SandboxHarness *harness;

static char *
create_session (const char *reference)
{
  g_autofree char *text = g_strdup_printf (
    "{'BusinessUnitSlug': 'acme-utilities', 'Channel': 'POS', 'PosUser': '%s', "
    "'ClientReference': '%s', 'Charges': [{'Amount': 12345, 'Description': 'Bill', "
    "'ChargeType': 'Utility bill', 'ClientAccount': {'AccountNumber': 'Q-1', 'Name': 'Lee'}}, "
    "{'Amount': 5}], 'CustomMeta': {'k': 'v'}}",
    SANDBOX_AVA, reference);
  g_autofree char *json = sandbox_json (text);

  return sandbox_harness_initiate_ok (harness, json);
}

/* Pays @identifier with the 4242 test card through the hosted page's pay route, as the page's
 * script does; returns the payment's reference number. */
static char *
pay (const char *identifier)
{
  g_autofree char *path =
    g_strdup_printf ("/app/embedded/acme-utilities/session/%s/pay", identifier);
  g_autofree char *body =
    sandbox_json ("{'cardNumber': '4242424242424242', 'expiry': '12/40', 'cvc': '123', "
                  "'name': 'Lee Park', 'zip': '12345', 'paymentFields': {'invoiceNumber': "
                  "'INV-1', 'memoLine': 'memo'}}");
  g_autoptr (SandboxResponse) response =
    sandbox_harness_request (harness, "POST", path, NULL, "application/json", body, -1);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (sandbox_json_string (response->json, "status"), ==, "Succeeded");
  return g_strdup (sandbox_json_string (response->json, "session.payment.referenceNumber"));
}

/* Asserts that @node is an object with exactly the members @names. */
static void
assert_members (JsonNode *node, const char *const *names)
{
  g_autoptr (GList) members = NULL;
  guint n = 0;

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  members = json_object_get_members (json_node_get_object (node));
  for (GList *l = members; l != NULL; l = l->next) {
    if (!g_strv_contains (names, l->data))
      g_error ("unexpected member %s", (const char *) l->data);
    n++;
  }
  g_assert_cmpuint (n, ==, g_strv_length ((char **) names));
}

static void
test_by_identifier (void)
{
  static const char *const data_members[] = {
    "paymentSession", "payment", "paymentSource", "lineItems", "canProcessSession",
    "customMeta",     NULL,
  };
  static const char *const session_members[] = {
    "identifier", "createdDateUtc", "businessUnitSlug",      "channel",
    "status",     "subtotal",       "serviceFeeCalculation", NULL,
  };
  static const char *const item_members[] = {
    "lineItemType", "description", "priceMinor", "accountNumber", "subAccountNumber", NULL,
  };
  g_autofree char *identifier = create_session ("Q-BY-ID");
  g_autofree char *path = g_strdup_printf ("/_sandbox/query/sessions/%s", identifier);
  g_autoptr (SandboxResponse) response = sandbox_harness_get (harness, path);
  JsonNode *data = sandbox_assert_success (response);

  /* The documented shape exactly: none of the sandbox's own inspection members. */
  assert_members (data, data_members);
  assert_members (sandbox_json_at (data, "paymentSession"), session_members);
  assert_members (sandbox_json_at (data, "lineItems[0]"), item_members);
  g_assert_cmpstr (sandbox_json_string (data, "paymentSession.identifier"), ==, identifier);
  g_assert_cmpstr (sandbox_json_string (data, "paymentSession.businessUnitSlug"), ==, SANDBOX_SLUG);
  g_assert_cmpstr (sandbox_json_string (data, "paymentSession.channel"), ==, "POS");
  g_assert_cmpstr (sandbox_json_string (data, "paymentSession.status"), ==,
                   "RequiresPaymentSource");
  g_assert_cmpfloat_with_epsilon (
    json_node_get_double (sandbox_json_at (data, "paymentSession.subtotal")), 123.5, 1e-9);
  g_assert_true (sandbox_json_is_null (data, "payment"));
  g_assert_true (sandbox_json_is_null (data, "paymentSource"));
  g_assert_cmpuint (sandbox_json_length (data, "lineItems"), ==, 2);
  g_assert_cmpstr (sandbox_json_string (data, "lineItems[0].lineItemType"), ==, "Utility bill");
  g_assert_cmpint (sandbox_json_int (data, "lineItems[0].priceMinor"), ==, 12345);
  g_assert_cmpstr (sandbox_json_string (data, "lineItems[0].accountNumber"), ==, "Q-1");
  g_assert_cmpint (sandbox_json_int (data, "lineItems[1].priceMinor"), ==, 5);
  g_assert_true (sandbox_json_is_null (data, "lineItems[1].accountNumber"));
  g_assert_true (sandbox_json_bool (data, "canProcessSession"));
  g_assert_cmpstr (sandbox_json_string (data, "customMeta.k"), ==, "v");
}

static void
test_by_reference (void)
{
  g_autofree char *identifier = create_session ("Q-BY-REF/1&x=y");
  g_autoptr (SandboxResponse) response = NULL;
  g_autoptr (SandboxResponse) missing = NULL;
  g_autoptr (SandboxResponse) empty = NULL;
  g_autoptr (SandboxResponse) unknown_slug = NULL;
  JsonNode *data;

  /* The reference is percent-encoded like any query value. */
  response =
    sandbox_harness_get (harness, "/_sandbox/query/sessions?clientReference=Q-BY-REF%2F1%26x%3Dy");
  data = sandbox_assert_success (response);
  g_assert_cmpstr (sandbox_json_string (data, "paymentSession.identifier"), ==, identifier);
  g_assert_null (sandbox_json_at (data, "clientReference"));

  missing = sandbox_harness_get (harness, "/_sandbox/query/sessions");
  sandbox_assert_envelope_error (missing, 400, "clientReference");
  empty = sandbox_harness_get (harness, "/_sandbox/query/sessions?clientReference=");
  sandbox_assert_envelope_error (empty, 400, "clientReference");
  unknown_slug = sandbox_harness_get (
    harness, "/_sandbox/query/sessions?clientReference=Q-BY-REF%2F1%26x%3Dy&businessUnitSlug=nope");
  sandbox_assert_envelope_error (unknown_slug, 404, "");
}

static void
test_not_found (void)
{
  g_autoptr (SandboxResponse) by_id =
    sandbox_harness_get (harness, "/_sandbox/query/sessions/0123456789abcdef0123456789abcdef");
  g_autoptr (SandboxResponse) by_reference =
    sandbox_harness_get (harness, "/_sandbox/query/sessions?clientReference=NO-SUCH-REF");

  /* 404 with the envelope: hasErrors, one error without a property, data null. */
  sandbox_assert_envelope_error (by_id, 404, "");
  g_assert_cmpuint (sandbox_json_length (by_id->json, "errors"), ==, 1);
  g_assert_nonnull (sandbox_json_string (by_id->json, "errors[0].errorMessage"));
  sandbox_assert_envelope_error (by_reference, 404, "");
  g_assert_cmpuint (sandbox_json_length (by_reference->json, "errors"), ==, 1);
}

static void
test_refusals (void)
{
  g_autofree char *identifier = create_session ("Q-REFUSALS");
  g_autofree char *path = g_strdup_printf ("/_sandbox/query/sessions/%s", identifier);
  g_autoptr (SandboxResponse) no_key =
    sandbox_harness_request (harness, "GET", path, NULL, NULL, NULL, 0);
  g_autoptr (SandboxResponse) wrong_key =
    sandbox_harness_request (harness, "GET", path, "not-the-key", NULL, NULL, 0);
  g_autoptr (SandboxResponse) post =
    sandbox_harness_request (harness, "POST", path, SANDBOX_KEY, "application/json", "{}", -1);
  g_autoptr (SandboxResponse) reference_no_key = sandbox_harness_request (
    harness, "GET", "/_sandbox/query/sessions?clientReference=Q-REFUSALS", NULL, NULL, NULL, 0);

  /* The API key is checked like initiate's. */
  sandbox_assert_envelope_error (no_key, 401, "");
  sandbox_assert_envelope_error (wrong_key, 401, "");
  sandbox_assert_envelope_error (reference_no_key, 401, "");
  g_assert_cmpuint (post->status, ==, 405);
  g_assert_cmpstr (soup_message_headers_get_one (post->headers, "Allow"), ==, "GET, HEAD");
}

/* PaystarClient end to end */

typedef struct {
  gboolean done;
  PaystarSession *session;
  PaystarSessionInfo *info;
  GError *error;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->session, paystar_session_free);
  g_clear_pointer (&result->info, paystar_session_info_free);
  g_clear_error (&result->error);
  result->done = FALSE;
}

static void
initiated_cb (GObject *source, GAsyncResult *async_result, gpointer user_data)
{
  Result *result = user_data;

  result->session = paystar_client_initiate_payment_session_finish (
    PAYSTAR_CLIENT (source), async_result, NULL, &result->error);
  result->done = TRUE;
}

static void
looked_up_cb (GObject *source, GAsyncResult *async_result, gpointer user_data)
{
  Result *result = user_data;

  result->info =
    paystar_client_lookup_session_finish (PAYSTAR_CLIENT (source), async_result, &result->error);
  result->done = TRUE;
}

static void
looked_up_by_reference_cb (GObject *source, GAsyncResult *async_result, gpointer user_data)
{
  Result *result = user_data;

  result->info = paystar_client_lookup_session_by_reference_finish (PAYSTAR_CLIENT (source),
                                                                    async_result, &result->error);
  result->done = TRUE;
}

static void
look_up (PaystarClient *client, const char *identifier, Result *result)
{
  result_clear (result);
  paystar_client_lookup_session_async (client, identifier, NULL, looked_up_cb, result);
  test_wait_until_done (&result->done, GUARD_SECONDS, "the exchange");
}

static void
look_up_by_reference (PaystarClient *client, const char *reference, Result *result)
{
  result_clear (result);
  paystar_client_lookup_session_by_reference_async (client, reference, NULL,
                                                    looked_up_by_reference_cb, result);
  test_wait_until_done (&result->done, GUARD_SECONDS, "the exchange");
}

static void
assert_paid (const PaystarSessionInfo *info, const char *identifier, const char *reference_number)
{
  g_autofree char *summary = paystar_session_info_to_json (info);

  g_assert_cmpstr (info->identifier, ==, identifier);
  g_assert_cmpint (info->status, ==, PAYSTAR_SESSION_STATUS_SUCCEEDED);
  g_assert_true (info->has_subtotal);
  g_assert_cmpint (info->subtotal, ==, 12350);
  g_assert_true (info->has_payment);
  g_assert_cmpint (info->payment_status, ==, PAYSTAR_SESSION_STATUS_SUCCEEDED);
  g_assert_cmpstr (info->reference_number, ==, reference_number);
  g_assert_nonnull (info->auth_code);
  g_assert_cmpstr (info->auth_code, !=, "");
  g_assert_true (info->has_amount);
  g_assert_cmpint (info->amount, ==, 12350);
  g_assert_cmpstr (info->account_number_last4, ==, "4242");
  g_assert_cmpuint (info->line_items->len, ==, 2);
  g_assert_true (info->has_can_process_session);
  g_assert_false (info->can_process_session);
  /* The journal's summary keeps the outcome, never the holder's name. */
  g_assert_nonnull (strstr (summary, reference_number));
  g_assert_null (strstr (summary, "Lee Park"));
}

static void
test_client_end_to_end (void)
{
  g_autoptr (PaystarClient) client = paystar_client_new (harness->base_uri, SANDBOX_KEY);
  g_autoptr (PaystarRequest) request = paystar_request_new ();
  g_autofree char *reference_number = NULL;
  g_autofree char *identifier = NULL;
  PaystarCharge *charge;
  Result result = { 0 };

  /* Off by default: nothing is guessed, nothing is sent. */
  g_assert_false (paystar_client_get_can_look_up (client));
  look_up (client, "0123456789abcdef0123456789abcdef", &result);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  look_up_by_reference (client, "E2E-REF-1", &result);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);

  paystar_client_set_query_paths (client, QUERY_SESSION_PATH, QUERY_REFERENCE_PATH);
  g_assert_true (paystar_client_get_can_look_up (client));

  request->business_unit_slug = g_strdup (SANDBOX_SLUG);
  request->channel = g_strdup ("POS");
  request->pos_user = g_strdup (SANDBOX_AVA);
  request->client_reference = g_strdup ("E2E-REF-1");
  charge = paystar_charge_new (12345);
  charge->description = g_strdup ("Bill");
  paystar_request_add_charge (request, charge);
  charge = paystar_charge_new (5);
  paystar_request_add_charge (request, charge);
  result_clear (&result);
  paystar_client_initiate_payment_session_async (client, request, NULL, initiated_cb, &result);
  test_wait_until_done (&result.done, GUARD_SECONDS, "the exchange");
  g_assert_no_error (result.error);
  identifier = g_strdup (result.session->identifier);

  /* Before the payment: the session is there, not paid. */
  look_up (client, identifier, &result);
  g_assert_no_error (result.error);
  g_assert_cmpint (result.info->status, ==, PAYSTAR_SESSION_STATUS_OTHER);
  g_assert_cmpstr (result.info->status_text, ==, "RequiresPaymentSource");
  g_assert_false (result.info->has_payment);
  g_assert_true (result.info->can_process_session);

  reference_number = pay (identifier);
  g_assert_nonnull (reference_number);

  look_up (client, identifier, &result);
  g_assert_no_error (result.error);
  assert_paid (result.info, identifier, reference_number);

  look_up_by_reference (client, "E2E-REF-1", &result);
  g_assert_no_error (result.error);
  assert_paid (result.info, identifier, reference_number);

  /* Unknown sessions are PAYSTAR_ERROR_NOT_FOUND: Paystar answered, nothing exists. */
  look_up_by_reference (client, "E2E-NO-SUCH-REF", &result);
  g_assert_error (result.error, PAYSTAR_ERROR, PAYSTAR_ERROR_NOT_FOUND);
  g_assert_cmpint (paystar_error_get_delivery (result.error), ==, PAYSTAR_DELIVERY_REFUSED);
  look_up (client, "0123456789abcdef0123456789abcdef", &result);
  g_assert_error (result.error, PAYSTAR_ERROR, PAYSTAR_ERROR_NOT_FOUND);

  /* The key is checked on lookups as on initiate. */
  paystar_client_set_api_key (client, "not-the-key");
  look_up (client, identifier, &result);
  g_assert_error (result.error, PAYSTAR_ERROR, PAYSTAR_ERROR_UNAUTHORIZED);

  result_clear (&result);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/query/by-identifier", test_by_identifier);
  g_test_add_func ("/sandbox/query/by-reference", test_by_reference);
  g_test_add_func ("/sandbox/query/not-found", test_not_found);
  g_test_add_func ("/sandbox/query/refusals", test_refusals);
  g_test_add_func ("/sandbox/query/client-end-to-end", test_client_end_to_end);

  harness = sandbox_harness_start (NULL, NULL);
  status = g_test_run ();
  sandbox_harness_free (harness);
  return status;
}
