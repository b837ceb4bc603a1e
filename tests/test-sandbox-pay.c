/* test-sandbox-pay.c: golden HTTP tests of the hosted page's pay endpoint with each test card, no
 * browser, against the real paystar-sandbox program; and proof that card numbers end up nowhere:
 * not in /_sandbox/requests, not in the program's output, not in its database.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sandbox-harness.h"

static SandboxHarness *harness;
static char *data_dir;

static char *
create_session (const char *payment_fields)
{
  g_autofree char *text = g_strdup_printf (
    "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 12345, 'Description': 'Bill', "
    "'ClientAccount': {'AccountNumber': 'P-1', 'Name': 'Lee'}}], 'CustomMeta': {'k': 'v'}%s%s}",
    payment_fields != NULL ? ", 'PaymentFields': " : "",
    payment_fields != NULL ? payment_fields : "");
  g_autofree char *json = sandbox_json (text);

  return sandbox_harness_initiate_ok (harness, json);
}

static SandboxResponse *
pay_with_origin (const char *identifier, const char *body, const char *origin)
{
  g_autofree char *path =
    g_strdup_printf ("/app/embedded/acme-utilities/session/%s/pay", identifier);
  g_autofree char *uri = g_strconcat (harness->base_uri, path, NULL);
  g_autofree char *json = sandbox_json (body);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr (GBytes) request = g_bytes_new (json, strlen (json));
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  SandboxResponse *response;

  if (origin != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Origin", origin);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  bytes = soup_session_send_and_read (harness->session, msg, NULL, &error);
  g_assert_no_error (error);
  response = g_new0 (SandboxResponse, 1);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  response->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  response->length = g_bytes_get_size (bytes);
  response->json = json_from_string (response->body, NULL);
  g_test_message ("pay %s: %u %s", json, response->status, response->body);
  return response;
}

static SandboxResponse *
pay (const char *identifier, const char *body)
{
  return pay_with_origin (identifier, body, NULL);
}

static char *
card_body (const char *number, const char *extra)
{
  return g_strdup_printf (
    "{'cardNumber': '%s', 'expiry': '12/40', 'cvc': '123', 'name': 'Lee Park', "
    "'zip': '12345', 'paymentFields': {'memoLine': 'memo'}%s}",
    number, extra != NULL ? extra : "");
}

static JsonNode *
inspect (const char *identifier, SandboxResponse **out)
{
  g_autofree char *path = g_strdup_printf ("/_sandbox/sessions/%s", identifier);

  *out = sandbox_harness_get (harness, path);
  return sandbox_assert_success (*out);
}

static void
test_approve (void)
{
  g_autofree char *identifier = create_session ("{'invoiceNumber': 'INV-1'}");
  g_autofree char *body = card_body ("4242424242424242", NULL);
  g_autoptr (SandboxResponse) response = pay (identifier, body);
  g_autoptr (SandboxResponse) again = NULL;
  SandboxResponse *inspected = NULL;
  JsonNode *data;
  const char *reference;

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (sandbox_json_string (response->json, "status"), ==, "Succeeded");
  g_assert_true (sandbox_json_is_null (response->json, "declineReason"));
  g_assert_nonnull (sandbox_json_at (response->json, "declineReason"));
  reference = sandbox_json_string (response->json, "session.payment.referenceNumber");
  g_assert_true (g_regex_match_simple ("^[A-Z]{6}-[A-Z]{5}$", reference, 0, 0));
  g_assert_cmpstr (sandbox_json_string (response->json, "session.payment.accountNumberMasked"), ==,
                   "****4242");
  g_assert_cmpint (sandbox_json_int (response->json, "session.payment.amountMinor"), ==, 12345);
  g_assert_cmpstr (sandbox_json_string (response->json, "session.payment.status"), ==, "Succeeded");
  g_assert_nonnull (sandbox_json_string (response->json, "session.payment.paymentDate"));
  g_assert_cmpstr (sandbox_json_string (response->json, "session.status"), ==, "Succeeded");
  g_assert_cmpstr (sandbox_json_string (response->json, "session.paymentFields[1].value"), ==,
                   "memo");
  g_assert_cmpstr (sandbox_json_string (response->json, "event.sessionIdentifier"), ==, identifier);
  g_assert_cmpstr (sandbox_json_string (response->json, "event.status"), ==, "Succeeded");
  g_assert_cmpstr (sandbox_json_string (response->json, "event.paymentSource.paymentSourceType"),
                   ==, "CreditCard");
  g_assert_cmpstr (sandbox_json_string (response->json, "event.paymentSource.accountNumberMasked"),
                   ==, "****4242");
  g_assert_cmpfloat_with_epsilon (
    json_node_get_double (sandbox_json_at (response->json, "event.subtotal")), 123.45, 1e-9);
  g_assert_cmpstr (sandbox_json_string (response->json, "event.customMeta.k"), ==, "v");

  data = inspect (identifier, &inspected);
  g_assert_cmpstr (sandbox_json_string (data, "paymentSession.status"), ==, "Succeeded");
  g_assert_cmpstr (sandbox_json_string (data, "payment.referenceNumber"), ==, reference);
  g_assert_cmpstr (sandbox_json_string (data, "paymentSource.accountNumberLast4"), ==, "4242");
  g_assert_cmpstr (sandbox_json_string (data, "paymentSource.accountType"), ==, "Visa");
  g_assert_cmpstr (sandbox_json_string (data, "paymentSource.accountHolderName"), ==, "Lee Park");
  g_assert_cmpstr (sandbox_json_string (data, "paymentFields.invoiceNumber"), ==, "INV-1");
  g_assert_cmpstr (sandbox_json_string (data, "paymentFields.memoLine"), ==, "memo");
  g_assert_false (sandbox_json_bool (data, "canProcessSession"));
  sandbox_response_free (inspected);

  /* A succeeded session cannot be paid again. */
  again = pay (identifier, body);
  g_assert_cmpuint (again->status, ==, 409);
  g_assert_nonnull (sandbox_json_string (again->json, "error"));
}

static void
test_declines (void)
{
  static const struct {
    const char *number;
    const char *words; /* in the decline reason */
  } declines[] = {
    { "4000000000000002", "declined" },
    { "4000000000009995", "insufficient funds" },
    { "4000000000000069", "expired" },
  };
  g_autofree char *identifier = create_session ("{'invoiceNumber': 'INV-2'}");
  g_autofree char *good = card_body ("4242 4242 4242 4242", NULL);
  g_autoptr (SandboxResponse) approved = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (declines); i++) {
    g_autofree char *body = card_body (declines[i].number, NULL);
    g_autoptr (SandboxResponse) response = pay (identifier, body);
    SandboxResponse *inspected = NULL;
    const char *reason;
    JsonNode *data;

    g_assert_cmpuint (response->status, ==, 200);
    g_assert_cmpstr (sandbox_json_string (response->json, "status"), ==, "Failed");
    reason = sandbox_json_string (response->json, "declineReason");
    g_assert_nonnull (reason);
    g_assert_nonnull (strstr (reason, declines[i].words));
    g_assert_cmpstr (sandbox_json_string (response->json, "session.lastDecline"), ==, reason);
    g_assert_true (sandbox_json_is_null (response->json, "session.payment"));
    g_assert_cmpstr (sandbox_json_string (response->json, "event.status"), ==, "Failed");

    data = inspect (identifier, &inspected);
    g_assert_cmpstr (sandbox_json_string (data, "paymentSession.status"), ==, "Failed");
    g_assert_cmpstr (sandbox_json_string (data, "payment.status"), ==, "Failed");
    g_assert_true (sandbox_json_is_null (data, "payment.referenceNumber"));
    g_assert_cmpstr (sandbox_json_string (data, "paymentSource.accountNumberLast4"), ==,
                     declines[i].number + 12);
    g_assert_true (sandbox_json_bool (data, "canProcessSession"));
    sandbox_response_free (inspected);
  }

  /* After a decline another card may be tried. */
  approved = pay (identifier, good);
  g_assert_cmpuint (approved->status, ==, 200);
  g_assert_cmpstr (sandbox_json_string (approved->json, "status"), ==, "Succeeded");
  g_assert_true (sandbox_json_is_null (approved->json, "session.lastDecline"));
}

static void
test_other_valid_cards (void)
{
  static const struct {
    const char *number;
    const char *cvc;
    const char *brand;
  } cards[] = {
    { "5555555555554444", "123", "Mastercard" },
    { "378282246310005", "1234", "American Express" },
    { "6011111111111117", "123", "Discover" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cards); i++) {
    g_autofree char *identifier = create_session ("{'memoLine': 'm'}");
    g_autofree char *body = g_strdup_printf ("{'cardNumber': '%s', 'expiry': '01/39', 'cvc': '%s', "
                                             "'name': 'A', 'zip': '12345-6789', 'paymentFields': "
                                             "{'invoiceNumber': 'I'}}",
                                             cards[i].number, cards[i].cvc);
    g_autoptr (SandboxResponse) response = pay (identifier, body);
    SandboxResponse *inspected = NULL;
    JsonNode *data;

    g_assert_cmpuint (response->status, ==, 200);
    g_assert_cmpstr (sandbox_json_string (response->json, "status"), ==, "Succeeded");
    data = inspect (identifier, &inspected);
    g_assert_cmpstr (sandbox_json_string (data, "paymentSource.accountType"), ==, cards[i].brand);
    sandbox_response_free (inspected);
  }
}

static void
test_validation (void)
{
  static const struct {
    const char *body;
    const char *field; /* NULL: "field" is null */
  } cases[] = {
    { "{'expiry': '12/40', 'cvc': '123', 'name': 'A', 'zip': '12345'}", "cardNumber" },
    { "{'cardNumber': '', 'expiry': '12/40', 'cvc': '123', 'name': 'A', 'zip': '12345'}",
      "cardNumber" },
    { "{'cardNumber': '4242424242424241', 'expiry': '12/40', 'cvc': '123', 'name': 'A', 'zip': "
      "'12345'}",
      "cardNumber" },
    { "{'cardNumber': '4242-4242-4242-4242', 'expiry': '12/40', 'cvc': '123', 'name': 'A', 'zip': "
      "'12345'}",
      "cardNumber" },
    { "{'cardNumber': '42424242', 'expiry': '12/40', 'cvc': '123', 'name': 'A', 'zip': '12345'}",
      "cardNumber" },
    { "{'cardNumber': 4242424242424242, 'expiry': '12/40', 'cvc': '123', 'name': 'A', 'zip': "
      "'12345'}",
      "cardNumber" },
    { "{'cardNumber': '4242424242424242', 'cvc': '123', 'name': 'A', 'zip': '12345'}", "expiry" },
    { "{'cardNumber': '4242424242424242', 'expiry': '13/40', 'cvc': '123', 'name': 'A', 'zip': "
      "'12345'}",
      "expiry" },
    { "{'cardNumber': '4242424242424242', 'expiry': '01/20', 'cvc': '123', 'name': 'A', 'zip': "
      "'12345'}",
      "expiry" },
    { "{'cardNumber': '4242424242424242', 'expiry': '1240', 'cvc': '123', 'name': 'A', 'zip': "
      "'12345'}",
      "expiry" },
    { "{'cardNumber': '4242424242424242', 'expiry': '12/40', 'cvc': '12', 'name': 'A', 'zip': "
      "'12345'}",
      "cvc" },
    { "{'cardNumber': '4242424242424242', 'expiry': '12/40', 'cvc': 'abc', 'name': 'A', 'zip': "
      "'12345'}",
      "cvc" },
    { "{'cardNumber': '378282246310005', 'expiry': '12/40', 'cvc': '123', 'name': 'A', 'zip': "
      "'12345'}",
      "cvc" },
    { "{'cardNumber': '4242424242424242', 'expiry': '12/40', 'cvc': '123', 'name': '  ', 'zip': "
      "'12345'}",
      "name" },
    { "{'cardNumber': '4242424242424242', 'expiry': '12/40', 'cvc': '123', 'zip': '12345'}",
      "name" },
    { "{'cardNumber': '4242424242424242', 'expiry': '12/40', 'cvc': '123', 'name': 'A', 'zip': "
      "'1234'}",
      "zip" },
    { "{'cardNumber': '4242424242424242', 'expiry': '12/40', 'cvc': '123', 'name': 'A'}", "zip" },
    { "{'cardNumber': '4242424242424242', 'expiry': '12/40', 'cvc': '123', 'name': 'A', 'zip': "
      "'12345'}",
      "paymentFields.memoLine" },
    { "{'cardNumber': '4242424242424242', 'expiry': '12/40', 'cvc': '123', 'name': 'A', 'zip': "
      "'12345', 'paymentFields': {'memoLine': ' '}}",
      "paymentFields.memoLine" },
    { "{'cardNumber': '4242424242424242', 'expiry': '12/40', 'cvc': '123', 'name': 'A', 'zip': "
      "'12345', 'paymentFields': {'memoLine': 'm', 'colour': 'x'}}",
      "paymentFields.colour" },
    { "{'cardNumber': '4242424242424242', 'expiry': '12/40', 'cvc': '123', 'name': 'A', 'zip': "
      "'12345', 'paymentFields': {'memoLine': 5}}",
      "paymentFields.memoLine" },
    { "{'cardNumber': '4242424242424242', 'expiry': '12/40', 'cvc': '123', 'name': 'A', 'zip': "
      "'12345', 'paymentFields': 'x'}",
      "paymentFields" },
    { "{'cardNumber': '4242424242424242', 'expiry': '12/40', 'cvc': '123', 'name': 'A', 'zip': "
      "'12345', 'paymentFields': {'memoLine': 'm'}, 'pin': '1234'}",
      NULL },
    { "[]", NULL },
    { "{'cardNumber': '4242424242424242',}", NULL },
  };
  /* invoiceNumber comes with the request; memoLine must come from the page. */
  g_autofree char *identifier = create_session ("{'invoiceNumber': 'INV-3'}");
  SandboxResponse *inspected = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (SandboxResponse) response = pay (identifier, cases[i].body);

    g_assert_cmpuint (response->status, ==, 400);
    g_assert_nonnull (response->json);
    g_assert_nonnull (sandbox_json_string (response->json, "error"));
    if (cases[i].field != NULL)
      g_assert_cmpstr (sandbox_json_string (response->json, "field"), ==, cases[i].field);
    else
      g_assert_true (sandbox_json_is_null (response->json, "field"));
  }
  /* None of that changed the session. */
  g_assert_cmpstr (sandbox_json_string (inspect (identifier, &inspected), "paymentSession.status"),
                   ==, "RequiresPaymentSource");
  sandbox_response_free (inspected);
}

static void
test_request_fields_win (void)
{
  g_autofree char *identifier = create_session ("{'invoiceNumber': 'FROM-REQUEST'}");
  g_autofree char *body = card_body ("4242424242424242", NULL);
  g_autofree char *override = g_strdup_printf (
    "{'cardNumber': '4242424242424242', 'expiry': '12/40', 'cvc': '123', 'name': 'A', 'zip': "
    "'12345', 'paymentFields': {'memoLine': 'm', 'invoiceNumber': 'FROM-PAGE'}}");
  g_autoptr (SandboxResponse) response = pay (identifier, override);
  SandboxResponse *inspected = NULL;

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (
    sandbox_json_string (inspect (identifier, &inspected), "paymentFields.invoiceNumber"), ==,
    "FROM-REQUEST");
  sandbox_response_free (inspected);
}

static void
test_refusals (void)
{
  g_autofree char *identifier = create_session (NULL);
  g_autofree char *body = card_body ("4242424242424242", ", 'extra': 1");
  g_autofree char *good = g_strdup_printf ("{'cardNumber': '4242424242424242', 'expiry': '12/40', "
                                           "'cvc': '123', 'name': 'A', 'zip': '12345', "
                                           "'paymentFields': {'memoLine': 'm', 'invoiceNumber': "
                                           "'i'}}");
  g_autofree char *wrong_slug = g_strdup_printf ("/app/embedded/other/session/%s/pay", identifier);
  g_autofree char *own_origin = NULL;
  g_autofree char *big = NULL;
  g_autoptr (SandboxResponse) foreign = NULL;
  g_autoptr (SandboxResponse) unknown = NULL;
  g_autoptr (SandboxResponse) mismatch = NULL;
  g_autoptr (SandboxResponse) plain = NULL;
  g_autoptr (SandboxResponse) too_large = NULL;
  g_autoptr (SandboxResponse) get = NULL;
  g_autoptr (SandboxResponse) own = NULL;
  g_autofree char *good_json = sandbox_json (good);

  foreign = pay_with_origin (identifier, good, "https://evil.example");
  g_assert_cmpuint (foreign->status, ==, 403);
  g_assert_nonnull (sandbox_json_string (foreign->json, "error"));
  unknown = pay ("0123456789abcdef0123456789abcdef", good);
  g_assert_cmpuint (unknown->status, ==, 404);
  mismatch =
    sandbox_harness_request (harness, "POST", wrong_slug, NULL, "application/json", good_json, -1);
  g_assert_cmpuint (mismatch->status, ==, 404);
  {
    g_autofree char *path =
      g_strdup_printf ("/app/embedded/acme-utilities/session/%s/pay", identifier);

    plain = sandbox_harness_request (harness, "POST", path, NULL, "text/plain", good_json, -1);
    g_assert_cmpuint (plain->status, ==, 415);
    big = g_strnfill (16 * 1024 + 1, ' ');
    big[0] = '{';
    big[16 * 1024] = '}';
    too_large = sandbox_harness_request (harness, "POST", path, NULL, "application/json", big, -1);
    g_assert_cmpuint (too_large->status, ==, 413);
    g_assert_nonnull (sandbox_json_string (too_large->json, "error"));
    get = sandbox_harness_request (harness, "GET", path, NULL, NULL, NULL, 0);
    g_assert_cmpuint (get->status, ==, 405);
  }
  /* The pay endpoint needs no API key, and its own origin is welcome. */
  own_origin = g_strdup (harness->base_uri);
  own = pay_with_origin (identifier, good, own_origin);
  g_assert_cmpuint (own->status, ==, 200);
  g_assert_cmpstr (sandbox_json_string (own->json, "status"), ==, "Succeeded");
}

static gboolean
contains_card (const char *text)
{
  static const char *const numbers[] = {
    "4242424242424242", "4000000000000002", "4000000000009995", "4000000000000069",
    "5555555555554444", "378282246310005",  "6011111111111117",
  };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++) {
    if (strstr (text, numbers[i]) != NULL)
      return TRUE;
  }
  return FALSE;
}

static void
test_card_numbers_not_logged (void)
{
  g_autoptr (SandboxResponse) log = NULL;
  JsonNode *data;
  JsonArray *requests;
  guint n_pay = 0;

  /* The earlier tests paid with every card; check what was kept of them. */
  log = sandbox_harness_get (harness, "/_sandbox/requests");
  data = sandbox_assert_success (log);
  g_assert_false (contains_card (log->body));
  g_assert_null (strstr (log->body, "4242 4242 4242 4242"));
  requests = json_node_get_array (sandbox_json_at (data, "requests"));
  for (guint i = 0; i < json_array_get_length (requests); i++) {
    JsonNode *entry = json_array_get_element (requests, i);

    if (!g_str_has_suffix (sandbox_json_string (entry, "path"), "/pay") ||
        sandbox_json_is_null (entry, "body"))
      continue;
    n_pay++;
    g_assert_null (sandbox_json_at (entry, "body.cardNumber"));
    g_assert_null (sandbox_json_at (entry, "body.cvc"));
    g_assert_null (sandbox_json_at (entry, "body.expiry"));
  }
  g_assert_cmpuint (n_pay, >, 5);
}

static void
test_card_numbers_nowhere_on_disk (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GDir) dir = NULL;
  const char *name;
  guint n_files = 0;

  g_assert_cmpint (sandbox_harness_stop (harness, SIGTERM), ==, 0);
  out = sandbox_harness_read_stdout (harness);
  err = sandbox_harness_read_stderr (harness);
  g_assert_true (g_str_has_prefix (out, "paystar-sandbox listening on http://127.0.0.1:"));
  g_assert_false (contains_card (out));
  g_assert_false (contains_card (err));
  /* The debug output was on: it must have said something, and nothing about cards. */
  g_assert_nonnull (strstr (err, "/pay -> "));

  dir = g_dir_open (data_dir, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL) {
    g_autofree char *path = g_build_filename (data_dir, name, NULL);
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
    /* Binary file: look at every byte, not up to the first NUL. */
    for (gsize i = 0; i < length; i++) {
      if (contents[i] == '\0')
        contents[i] = ' ';
    }
    g_assert_false (contains_card (contents));
    n_files++;
  }
  g_assert_cmpuint (n_files, >=, 1);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autofree char *db = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/pay/approve", test_approve);
  g_test_add_func ("/sandbox/pay/declines", test_declines);
  g_test_add_func ("/sandbox/pay/other-valid-cards", test_other_valid_cards);
  g_test_add_func ("/sandbox/pay/validation", test_validation);
  g_test_add_func ("/sandbox/pay/request-fields-win", test_request_fields_win);
  g_test_add_func ("/sandbox/pay/refusals", test_refusals);
  g_test_add_func ("/sandbox/pay/card-numbers-not-logged", test_card_numbers_not_logged);
  g_test_add_func ("/sandbox/pay/card-numbers-nowhere-on-disk", test_card_numbers_nowhere_on_disk);

  data_dir = g_dir_make_tmp ("paystar-sandbox-pay-XXXXXX", &error);
  g_assert_no_error (error);
  harness = sandbox_harness_start ("--data-dir", data_dir, NULL);
  status = g_test_run ();
  sandbox_harness_free (harness);

  db = g_build_filename (data_dir, "paystar-sandbox.db", NULL);
  g_unlink (db);
  g_free (db);
  db = g_build_filename (data_dir, "paystar-sandbox.db-wal", NULL);
  g_unlink (db);
  g_free (db);
  db = g_build_filename (data_dir, "paystar-sandbox.db-shm", NULL);
  g_unlink (db);
  g_rmdir (data_dir);
  g_free (data_dir);
  return status;
}
