/* test-sandbox-routes.c: golden HTTP tests of the inspection and control routes, the hosted page
 * and its assets, the Host check, CORS, the request log, session expiry and the session limit,
 * against the real paystar-sandbox program.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "paystar-json.h"
#include "sandbox-harness.h"

#define PAGE_CSP                                                                    \
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " \
  "connect-src 'self'; form-action 'self'; base-uri 'none'"

static SandboxHarness *harness;

static char *
create_session (SandboxHarness *h, const char *reference)
{
  g_autofree char *text = g_strdup_printf (
    "{'BusinessUnitSlug': 'acme-utilities', 'Channel': 'POS', 'PosUser': '" SANDBOX_BEN "', "
    "'Charges': [{'Amount': 4200, 'Description': 'Bill <b>&amp;</b> \\u2028 </script>', "
    "'ChargeType': 'water', 'ClientAccount': {'AccountNumber': 'ACC-9', 'Name': 'Kim', "
    "'Balance': 4200, 'DueDate': '2025-03-01'}}], 'PaymentDescriptor': 'ACME', "
    "'PaymentFields': {'invoiceNumber': 'INV-9'}, 'CustomMeta': {'till': '3'}%s%s%s}",
    reference != NULL ? ", 'ClientReference': '" : "", reference != NULL ? reference : "",
    reference != NULL ? "'" : "");
  g_autofree char *json = sandbox_json (text);

  return sandbox_harness_initiate_ok (h, json);
}

static void
test_health (void)
{
  g_autoptr (SandboxResponse) response =
    sandbox_harness_request (harness, "GET", "/_sandbox/health", NULL, NULL, NULL, 0);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (sandbox_json_string (response->json, "status"), ==, "ok");
  g_assert_cmpuint (sandbox_json_length (response->json, ""), ==, 1);
}

/* @text with "PORT" replaced by the sandbox's port. */
static char *
with_port (const char *text)
{
  g_auto (GStrv) parts = g_strsplit (text, "PORT", -1);
  g_autofree char *port = g_strdup_printf ("%u", harness->port);

  return g_strjoinv (port, parts);
}

static void
test_host_check (void)
{
  static const char *const refused[] = {
    "evil.example", "evil.example:PORT", "127.0.0.1", "127.0.0.1:1", "localhost.evil.example:PORT",
    "[::1]:PORT",   "127.0.0.2:PORT",    "",
  };
  static const char *const accepted[] = { "127.0.0.1:PORT", "localhost:PORT", "LOCALHOST:PORT" };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++) {
    g_autofree char *host = with_port (refused[i]);
    g_autofree char *request = g_strdup_printf ("GET /_sandbox/health HTTP/1.1\r\nHost: %s\r\n"
                                                "Connection: close\r\n\r\n",
                                                host);
    g_autofree char *answer = NULL;

    g_test_message ("Host: %s", host);
    g_assert_cmpuint (sandbox_harness_raw (harness, request, strlen (request), &answer), ==, 403);
    g_assert_nonnull (strstr (answer, "\"hasErrors\":true"));
  }
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++) {
    g_autofree char *host = with_port (accepted[i]);
    g_autofree char *request = g_strdup_printf ("GET /_sandbox/health HTTP/1.1\r\nHost: %s\r\n"
                                                "Connection: close\r\n\r\n",
                                                host);

    g_assert_cmpuint (sandbox_harness_raw (harness, request, strlen (request), NULL), ==, 200);
  }

  /* HTTP/1.0 without a Host header, and the page route (HTML style). */
  {
    const char *no_host = "GET /_sandbox/health HTTP/1.0\r\n\r\n";
    g_autofree char *page = g_strdup_printf ("GET /app/embedded.loader.js HTTP/1.1\r\n"
                                             "Host: rebind.example:%u\r\nConnection: close\r\n\r\n",
                                             harness->port);
    g_autofree char *answer = NULL;

    g_assert_cmpuint (sandbox_harness_raw (harness, no_host, strlen (no_host), NULL), ==, 403);
    g_assert_cmpuint (sandbox_harness_raw (harness, page, strlen (page), &answer), ==, 403);
    g_assert_nonnull (strstr (answer, "text/html"));
  }
}

static void
test_garbage_keeps_server_up (void)
{
  static const char *const garbage[] = {
    "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", /* a TLS ClientHello */
    "GARBAGE\r\n\r\n",
    "GET / HTTP/9.9\r\n\r\n",
    "POST /integrations/embedded/initiate HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n"
    "Connection: close\r\n\r\n",
  };
  g_autoptr (SandboxResponse) health = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    sandbox_harness_raw (harness, garbage[i], strlen (garbage[i]), NULL);
  health = sandbox_harness_request (harness, "GET", "/_sandbox/health", NULL, NULL, NULL, 0);
  g_assert_cmpuint (health->status, ==, 200);
}

static void
test_inspection_needs_key (void)
{
  static const char *const paths[] = {
    "/_sandbox/sessions/abc",
    "/_sandbox/sessions?clientReference=x",
    "/_sandbox/requests",
    "/_sandbox/accounts/acme-utilities/A",
    "/_sandbox/customers/acme-utilities/a@b.example",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++) {
    g_autoptr (SandboxResponse) none =
      sandbox_harness_request (harness, "GET", paths[i], NULL, NULL, NULL, 0);
    g_autoptr (SandboxResponse) wrong =
      sandbox_harness_request (harness, "GET", paths[i], "nope", NULL, NULL, 0);

    sandbox_assert_envelope_error (none, 401, "");
    sandbox_assert_envelope_error (wrong, 401, "");
  }
  {
    g_autoptr (SandboxResponse) reset = sandbox_harness_request (
      harness, "POST", "/_sandbox/reset", NULL, "application/json", "{}", -1);
    g_autoptr (SandboxResponse) complete =
      sandbox_harness_request (harness, "POST", "/_sandbox/sessions/x/complete", NULL,
                               "application/json", "{\"outcome\": \"succeeded\"}", -1);

    sandbox_assert_envelope_error (reset, 401, "");
    sandbox_assert_envelope_error (complete, 401, "");
  }
}

static void
test_session_lookup (void)
{
  g_autofree char *identifier = NULL;
  g_autofree char *path = NULL;
  g_autoptr (SandboxResponse) by_id = NULL;
  g_autoptr (SandboxResponse) by_reference = NULL;
  g_autoptr (SandboxResponse) by_reference_and_slug = NULL;
  g_autoptr (SandboxResponse) missing = NULL;
  g_autoptr (SandboxResponse) no_reference = NULL;
  g_autoptr (SandboxResponse) unknown_reference = NULL;
  JsonNode *data;

  sandbox_harness_reset (harness);
  identifier = create_session (harness, "LOOK-1");
  path = g_strdup_printf ("/_sandbox/sessions/%s", identifier);
  by_id = sandbox_harness_get (harness, path);
  data = sandbox_assert_success (by_id);
  g_assert_cmpstr (sandbox_json_string (data, "paymentSession.identifier"), ==, identifier);
  g_assert_nonnull (sandbox_json_string (data, "paymentSession.createdDateUtc"));
  g_assert_true (
    g_str_has_suffix (sandbox_json_string (data, "paymentSession.createdDateUtc"), "Z"));
  g_assert_cmpstr (sandbox_json_string (data, "paymentSession.businessUnitSlug"), ==, SANDBOX_SLUG);
  g_assert_cmpstr (sandbox_json_string (data, "paymentSession.channel"), ==, "POS");
  g_assert_cmpstr (sandbox_json_string (data, "paymentSession.status"), ==,
                   "RequiresPaymentSource");
  g_assert_nonnull (sandbox_json_at (data, "paymentSession.subtotal"));
  g_assert_nonnull (sandbox_json_at (data, "paymentSession.serviceFeeCalculation"));
  g_assert_true (sandbox_json_is_null (data, "payment"));
  g_assert_true (sandbox_json_is_null (data, "paymentSource"));
  g_assert_cmpuint (sandbox_json_length (data, "lineItems"), ==, 1);
  g_assert_cmpstr (sandbox_json_string (data, "lineItems[0].lineItemType"), ==, "water");
  g_assert_cmpint (sandbox_json_int (data, "lineItems[0].priceMinor"), ==, 4200);
  g_assert_cmpstr (sandbox_json_string (data, "lineItems[0].accountNumber"), ==, "ACC-9");
  g_assert_true (sandbox_json_bool (data, "canProcessSession"));
  g_assert_cmpstr (sandbox_json_string (data, "customMeta.till"), ==, "3");
  g_assert_cmpstr (sandbox_json_string (data, "posUser"), ==, SANDBOX_BEN);
  g_assert_cmpstr (sandbox_json_string (data, "clientReference"), ==, "LOOK-1");

  by_reference = sandbox_harness_get (harness, "/_sandbox/sessions?clientReference=LOOK-1");
  g_assert_cmpstr (
    sandbox_json_string (sandbox_assert_success (by_reference), "paymentSession.identifier"), ==,
    identifier);
  by_reference_and_slug = sandbox_harness_get (
    harness, "/_sandbox/sessions?clientReference=LOOK-1&businessUnitSlug=acme-utilities");
  sandbox_assert_success (by_reference_and_slug);

  missing = sandbox_harness_get (harness, "/_sandbox/sessions/0123456789abcdef0123456789abcdef");
  sandbox_assert_envelope_error (missing, 404, "");
  no_reference = sandbox_harness_get (harness, "/_sandbox/sessions");
  sandbox_assert_envelope_error (no_reference, 400, "clientReference");
  unknown_reference = sandbox_harness_get (harness, "/_sandbox/sessions?clientReference=NOPE");
  sandbox_assert_envelope_error (unknown_reference, 404, "clientReference");
}

static JsonNode *
complete (const char *identifier, const char *body, guint expected_status, SandboxResponse **out)
{
  g_autofree char *path = g_strdup_printf ("/_sandbox/sessions/%s/complete", identifier);
  SandboxResponse *response = sandbox_harness_post (harness, path, body);

  g_test_message ("complete %s: %u %s", body, response->status, response->body);
  g_assert_cmpuint (response->status, ==, expected_status);
  *out = response;
  return expected_status == 200 ? sandbox_assert_success (response) : NULL;
}

static void
test_complete (void)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *reference = NULL;
  SandboxResponse *response = NULL;
  JsonNode *data;

  sandbox_harness_reset (harness);
  a = create_session (harness, NULL);

  data = complete (a, "{\"outcome\": \"failed\"}", 200, &response);
  g_assert_cmpstr (sandbox_json_string (data, "paymentSession.status"), ==, "Failed");
  g_assert_cmpstr (sandbox_json_string (data, "payment.status"), ==, "Failed");
  g_assert_true (sandbox_json_is_null (data, "payment.referenceNumber"));
  g_assert_true (sandbox_json_bool (data, "canProcessSession"));
  sandbox_response_free (response);

  data = complete (a, "{\"outcome\": \"succeeded\"}", 200, &response);
  g_assert_cmpstr (sandbox_json_string (data, "paymentSession.status"), ==, "Succeeded");
  g_assert_cmpstr (sandbox_json_string (data, "payment.status"), ==, "Succeeded");
  g_assert_cmpint (sandbox_json_int (data, "payment.amountMinor"), ==, 4200);
  g_assert_cmpint (sandbox_json_int (data, "payment.serviceFeeAmountMinor"), ==, 0);
  g_assert_cmpstr (sandbox_json_string (data, "payment.paymentDescriptor"), ==, "ACME");
  g_assert_true (g_regex_match_simple (
    "^[A-Z]{6}-[A-Z]{5}$", sandbox_json_string (data, "payment.referenceNumber"), 0, 0));
  g_assert_true (
    g_regex_match_simple ("^[A-Z0-9]{6}$", sandbox_json_string (data, "payment.authCode"), 0, 0));
  g_assert_nonnull (sandbox_json_string (data, "payment.paymentDate"));
  g_assert_nonnull (sandbox_json_string (data, "payment.gatewayResponseDescription"));
  g_assert_cmpstr (sandbox_json_string (data, "paymentSource.paymentSourceType"), ==, "CreditCard");
  g_assert_cmpstr (sandbox_json_string (data, "paymentSource.accountNumberLast4"), ==, "4242");
  g_assert_cmpstr (sandbox_json_string (data, "paymentSource.accountHolderName"), ==, "Kim");
  g_assert_false (sandbox_json_bool (data, "canProcessSession"));
  sandbox_response_free (response);

  /* A succeeded session cannot be completed again. */
  complete (a, "{\"outcome\": \"failed\"}", 409, &response);
  sandbox_assert_envelope_error (response, 409, "");
  sandbox_response_free (response);

  /* Pending, then settled: the reference number stays. */
  b = create_session (harness, NULL);
  data = complete (b, "{\"outcome\": \"pending\"}", 200, &response);
  g_assert_cmpstr (sandbox_json_string (data, "paymentSession.status"), ==, "Pending");
  g_assert_false (sandbox_json_bool (data, "canProcessSession"));
  reference = g_strdup (sandbox_json_string (data, "payment.referenceNumber"));
  g_assert_nonnull (reference);
  sandbox_response_free (response);
  data = complete (b, "{\"outcome\": \"succeeded\"}", 200, &response);
  g_assert_cmpstr (sandbox_json_string (data, "payment.referenceNumber"), ==, reference);
  sandbox_response_free (response);

  /* Bad bodies and unknown sessions. */
  complete ("0123456789abcdef0123456789abcdef", "{\"outcome\": \"succeeded\"}", 404, &response);
  sandbox_response_free (response);
  a = (g_free (a), create_session (harness, NULL));
  complete (a, "{\"outcome\": \"paid\"}", 400, &response);
  sandbox_assert_envelope_error (response, 400, "outcome");
  sandbox_response_free (response);
  complete (a, "{}", 400, &response);
  sandbox_assert_envelope_error (response, 400, "outcome");
  sandbox_response_free (response);
  complete (a, "{\"outcome\": \"succeeded\", \"extra\": 1}", 400, &response);
  sandbox_assert_envelope_error (response, 400, "extra");
  sandbox_response_free (response);
  complete (a, "{\"outcome\": \"succeeded\",}", 400, &response);
  sandbox_assert_envelope_error (response, 400, "");
  sandbox_response_free (response);
  complete (a, "[]", 400, &response);
  sandbox_response_free (response);
}

static void
test_reset (void)
{
  g_autofree char *identifier = NULL;
  g_autofree char *path = NULL;
  g_autoptr (SandboxResponse) session = NULL;
  g_autoptr (SandboxResponse) account = NULL;
  g_autoptr (SandboxResponse) log = NULL;

  identifier = create_session (harness, "RESET-1");
  sandbox_harness_reset (harness);
  path = g_strdup_printf ("/_sandbox/sessions/%s", identifier);
  session = sandbox_harness_get (harness, path);
  sandbox_assert_envelope_error (session, 404, "");
  account = sandbox_harness_get (harness, "/_sandbox/accounts/acme-utilities/ACC-9");
  sandbox_assert_envelope_error (account, 404, "");
  /* The reference is free again. */
  g_free (create_session (harness, "RESET-1"));
  /* The log restarted with the reset itself. */
  log = sandbox_harness_get (harness, "/_sandbox/requests");
  g_assert_cmpuint (sandbox_json_length (sandbox_assert_success (log), "requests"), <=, 4);
}

static JsonNode *
find_logged (JsonNode *data, const char *method, const char *path_prefix)
{
  JsonArray *requests = json_node_get_array (sandbox_json_at (data, "requests"));
  JsonNode *found = NULL;

  for (guint i = 0; i < json_array_get_length (requests); i++) {
    JsonNode *entry = json_array_get_element (requests, i);

    if (g_strcmp0 (sandbox_json_string (entry, "method"), method) == 0 &&
        g_str_has_prefix (sandbox_json_string (entry, "path"), path_prefix))
      found = entry;
  }
  return found;
}

static void
test_request_log (void)
{
  g_autoptr (SandboxResponse) log = NULL;
  g_autoptr (SandboxResponse) bounded = NULL;
  g_autoptr (SandboxResponse) rejected = NULL;
  JsonNode *data, *entry;

  sandbox_harness_reset (harness);
  g_free (create_session (harness, "LOG-1"));
  rejected = sandbox_harness_request (harness, "POST", "/integrations/embedded/initiate",
                                      "wrong-secret-key", "application/json", "{}", -1);
  g_assert_cmpuint (rejected->status, ==, 401);

  log = sandbox_harness_get (harness, "/_sandbox/requests");
  data = sandbox_assert_success (log);
  g_assert_cmpint (sandbox_json_int (data, "max"), ==, 200);
  entry = find_logged (data, "POST", "/integrations/embedded/initiate");
  g_assert_nonnull (entry);
  g_assert_cmpint (sandbox_json_int (entry, "status"), ==, 401);
  g_assert_cmpstr (sandbox_json_string (entry, "headers.x-paystar-api-key"), ==, "[redacted]");
  g_assert_null (strstr (log->body, "wrong-secret-key"));
  g_assert_null (strstr (log->body, SANDBOX_KEY));
  g_assert_nonnull (sandbox_json_string (entry, "time"));
  g_assert_cmpstr (sandbox_json_string (entry, "path"), ==, "/integrations/embedded/initiate");
  g_assert_cmpstr (sandbox_json_string (entry, "method"), ==, "POST");

  /* The successful initiate is there with its body, as JSON. */
  {
    JsonArray *requests = json_node_get_array (sandbox_json_at (data, "requests"));
    gboolean seen = FALSE;

    for (guint i = 0; i < json_array_get_length (requests); i++) {
      JsonNode *e = json_array_get_element (requests, i);

      if (sandbox_json_int (e, "status") == 200 &&
          g_strcmp0 (sandbox_json_string (e, "body.ClientReference"), "LOG-1") == 0)
        seen = TRUE;
    }
    g_assert_true (seen);
  }

  /* Other credentials a client may send are redacted too. */
  {
    g_autofree char *request = g_strdup_printf (
      "GET /_sandbox/sessions/0123456789abcdef0123456789abcdef HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
      "X-Paystar-Api-Key: " SANDBOX_KEY "\r\nAuthorization: Bearer secret-bearer-token\r\n"
      "Cookie: session=secret-cookie-value\r\nConnection: close\r\n\r\n",
      harness->port);
    g_autoptr (SandboxResponse) again = NULL;
    JsonNode *logged;

    g_assert_cmpuint (sandbox_harness_raw (harness, request, strlen (request), NULL), ==, 404);
    again = sandbox_harness_get (harness, "/_sandbox/requests");
    logged = find_logged (sandbox_assert_success (again), "GET", "/_sandbox/sessions/0123");
    g_assert_nonnull (logged);
    g_assert_cmpint (sandbox_json_int (logged, "status"), ==, 404);
    g_assert_cmpstr (sandbox_json_string (logged, "headers.x-paystar-api-key"), ==, "[redacted]");
    g_assert_cmpstr (sandbox_json_string (logged, "headers.authorization"), ==, "[redacted]");
    g_assert_cmpstr (sandbox_json_string (logged, "headers.cookie"), ==, "[redacted]");
    g_assert_null (strstr (again->body, "secret-bearer-token"));
    g_assert_null (strstr (again->body, "secret-cookie-value"));
    g_assert_null (strstr (again->body, SANDBOX_KEY));
  }

  /* Bounded: 210 more requests leave the last 200. */
  for (guint i = 0; i < 210; i++) {
    g_autoptr (SandboxResponse) health =
      sandbox_harness_request (harness, "GET", "/_sandbox/health", NULL, NULL, NULL, 0);

    g_assert_cmpuint (health->status, ==, 200);
  }
  bounded = sandbox_harness_get (harness, "/_sandbox/requests");
  data = sandbox_assert_success (bounded);
  g_assert_cmpuint (sandbox_json_length (data, "requests"), ==, 200);
  g_assert_null (find_logged (data, "POST", "/integrations/embedded/initiate"));
}

static void
test_no_cors (void)
{
  g_autoptr (SandboxResponse) options = NULL;
  g_autoptr (SandboxResponse) get = NULL;
  g_autofree char *request = g_strdup_printf (
    "OPTIONS /integrations/embedded/initiate HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
    "Origin: https://evil.example\r\nAccess-Control-Request-Method: POST\r\n"
    "Access-Control-Request-Headers: x-paystar-api-key\r\nConnection: close\r\n\r\n",
    harness->port);
  g_autofree char *answer = NULL;

  g_assert_cmpuint (sandbox_harness_raw (harness, request, strlen (request), &answer), ==, 405);
  g_assert_null (g_strstr_len (answer, -1, "Access-Control-"));
  g_assert_null (g_strstr_len (answer, -1, "access-control-"));

  get = sandbox_harness_get (harness, "/_sandbox/health");
  g_assert_null (soup_message_headers_get_one (get->headers, "Access-Control-Allow-Origin"));
  g_assert_cmpstr (soup_message_headers_get_one (get->headers, "X-Content-Type-Options"), ==,
                   "nosniff");
  g_assert_cmpstr (soup_message_headers_get_one (get->headers, "Cache-Control"), ==, "no-store");
}

static void
test_not_found_and_methods (void)
{
  static const char *const missing[] = {
    "/",
    "/_sandbox",
    "/_sandbox/",
    "/_sandbox/health/",
    "/integrations/embedded/initiate/x",
    "/app/embedded/assets/other.js",
    "/app/embedded//session/x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (missing); i++) {
    g_autoptr (SandboxResponse) response = sandbox_harness_get (harness, missing[i]);

    g_test_message ("GET %s: %u", missing[i], response->status);
    g_assert_cmpuint (response->status, ==, 404);
  }
  {
    /* An encoded NUL: libsoup itself may refuse it (400) before the sandbox sees it (404). */
    g_autoptr (SandboxResponse) nul = sandbox_harness_get (harness, "/app/embedded/a/session/%00");

    g_assert_true (nul->status == 400 || nul->status == 404);
  }
  {
    g_autoptr (SandboxResponse) post_health = sandbox_harness_request (
      harness, "POST", "/_sandbox/health", NULL, "application/json", "{}", -1);
    g_autoptr (SandboxResponse) delete_session = sandbox_harness_request (
      harness, "DELETE", "/_sandbox/sessions/x", SANDBOX_KEY, NULL, NULL, 0);

    sandbox_assert_envelope_error (post_health, 405, "");
    g_assert_cmpstr (soup_message_headers_get_one (post_health->headers, "Allow"), ==, "GET, HEAD");
    sandbox_assert_envelope_error (delete_session, 405, "");
  }
}

static char *
page_path (const char *slug, const char *identifier)
{
  return g_strdup_printf ("/app/embedded/%s/session/%s", slug, identifier);
}

static JsonNode *
page_session_json (SandboxResponse *response)
{
  const char *open_tag = "<script type=\"application/json\" id=\"paystar-session\">";
  const char *start = strstr (response->body, open_tag);
  const char *end;
  g_autofree char *json = NULL;

  g_assert_nonnull (start);
  start += strlen (open_tag);
  end = strstr (start, "</script>");
  g_assert_nonnull (end);
  json = g_strndup (start, end - start);
  /* The escaping keeps every '<' out of the element. */
  g_assert_null (strchr (json, '<'));
  g_assert_null (strchr (json, '>'));
  g_assert_null (strchr (json, '&'));
  g_assert_null (strstr (json, "\xe2\x80\xa8"));
  return paystar_json_parse (json, -1, NULL);
}

/* TRUE when @html loads or links anything from another origin: an absolute or
 * scheme-relative URL in src, href or action, a CSS url() or an @import. */
static gboolean
has_external_reference (const char *html)
{
  return g_regex_match_simple ("(src|href|action)\\s*=\\s*[\"']?\\s*([a-z][a-z0-9+.-]*:|//)", html,
                               G_REGEX_CASELESS, 0) ||
         g_regex_match_simple ("url\\(\\s*[\"']?\\s*([a-z][a-z0-9+.-]*:|//)", html,
                               G_REGEX_CASELESS, 0) ||
         g_regex_match_simple ("@import", html, 0, 0);
}

/* The small HTML page the sandbox answers with instead of the payment page. */
static void
assert_message_page (SandboxResponse *response, guint status, const char *title)
{
  g_autofree char *heading = g_strdup_printf ("<h1>%s</h1>", title);

  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "text/html");
  g_assert_nonnull (strstr (response->body, heading));
  g_assert_nonnull (strstr (response->body, "Ask for a new one."));
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Content-Security-Policy"), ==,
                   "default-src 'none'; base-uri 'none'; form-action 'none'");
  g_assert_false (has_external_reference (response->body));
  g_assert_null (strstr (response->body, "<script"));
}

static void
test_page (void)
{
  g_autofree char *identifier = NULL;
  g_autofree char *path = NULL;
  g_autofree char *wrong_slug = NULL;
  g_autoptr (SandboxResponse) page = NULL;
  g_autoptr (SandboxResponse) with_origin = NULL;
  g_autoptr (SandboxResponse) unknown = NULL;
  g_autoptr (SandboxResponse) mismatch = NULL;
  g_autoptr (JsonNode) session = NULL;

  sandbox_harness_reset (harness);
  identifier = create_session (harness, NULL);
  path = page_path (SANDBOX_SLUG, identifier);
  page = sandbox_harness_request (harness, "GET", path, NULL, NULL, NULL, 0);
  g_assert_cmpuint (page->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (page->headers, NULL), ==, "text/html");
  g_assert_cmpstr (soup_message_headers_get_one (page->headers, "Content-Security-Policy"), ==,
                   PAGE_CSP);
  g_assert_cmpstr (soup_message_headers_get_one (page->headers, "Cache-Control"), ==, "no-store");
  g_assert_cmpstr (soup_message_headers_get_one (page->headers, "Referrer-Policy"), ==,
                   "no-referrer");
  g_assert_cmpstr (soup_message_headers_get_one (page->headers, "X-Content-Type-Options"), ==,
                   "nosniff");
  g_assert_null (strstr (page->body, "{{SESSION_JSON}}"));
  /* Self-contained: its script and style come from the sandbox itself, nothing from elsewhere. */
  g_assert_false (has_external_reference (page->body));
  g_assert_nonnull (strstr (page->body, "src=\"/app/embedded/assets/page.js\""));
  g_assert_nonnull (strstr (page->body, "href=\"/app/embedded/assets/page.css\""));
  g_assert_null (strstr (page->body, "<iframe"));
  /* The card form (number, expiry, CVC, name, ZIP), Pay, Cancel, the test-card list and the
   * confirmation's "I'm done" and "Go back". */
  {
    static const char *const elements[] = {
      "id=\"card-number\"",   "id=\"card-expiry\"",      "id=\"card-cvc\"",
      "id=\"card-name\"",     "id=\"card-zip\"",         "id=\"pay-button\"",
      "id=\"cancel-button\"", "id=\"test-card-list\"",   "id=\"done-link\"",
      "id=\"back-link\"",     "id=\"reference-number\"", "id=\"masked-card\"",
    };

    for (guint i = 0; i < G_N_ELEMENTS (elements); i++) {
      g_test_message ("page element %s", elements[i]);
      g_assert_nonnull (strstr (page->body, elements[i]));
    }
  }

  session = page_session_json (page);
  g_assert_nonnull (session);
  g_assert_cmpstr (sandbox_json_string (session, "identifier"), ==, identifier);
  g_assert_cmpstr (sandbox_json_string (session, "businessUnitSlug"), ==, SANDBOX_SLUG);
  g_assert_cmpstr (sandbox_json_string (session, "businessUnitName"), ==, "Acme Utilities");
  g_assert_cmpstr (sandbox_json_string (session, "channel"), ==, "POS");
  g_assert_cmpstr (sandbox_json_string (session, "posUser"), ==, SANDBOX_BEN);
  g_assert_cmpstr (sandbox_json_string (session, "status"), ==, "RequiresPaymentSource");
  g_assert_cmpint (sandbox_json_int (session, "subtotalMinor"), ==, 4200);
  g_assert_cmpstr (sandbox_json_string (session, "paymentDescriptor"), ==, "ACME");
  g_assert_cmpstr (sandbox_json_string (session, "lineItems[0].description"), ==,
                   "Bill <b>&amp;</b> \xe2\x80\xa8 </script>");
  g_assert_cmpint (sandbox_json_int (session, "lineItems[0].priceMinor"), ==, 4200);
  g_assert_cmpstr (sandbox_json_string (session, "lineItems[0].chargeType"), ==, "water");
  g_assert_cmpstr (sandbox_json_string (session, "lineItems[0].account.accountNumber"), ==,
                   "ACC-9");
  g_assert_true (sandbox_json_is_null (session, "lineItems[0].account.subAccountNumber"));
  g_assert_cmpstr (sandbox_json_string (session, "lineItems[0].account.name"), ==, "Kim");
  g_assert_cmpint (sandbox_json_int (session, "lineItems[0].account.balanceMinor"), ==, 4200);
  g_assert_cmpstr (sandbox_json_string (session, "lineItems[0].account.dueDate"), ==, "2025-03-01");
  g_assert_cmpuint (sandbox_json_length (session, "paymentFields"), ==, 2);
  g_assert_cmpstr (sandbox_json_string (session, "paymentFields[0].key"), ==, "invoiceNumber");
  g_assert_cmpstr (sandbox_json_string (session, "paymentFields[0].value"), ==, "INV-9");
  g_assert_cmpstr (sandbox_json_string (session, "paymentFields[1].key"), ==, "memoLine");
  g_assert_true (sandbox_json_is_null (session, "paymentFields[1].value"));
  g_assert_true (sandbox_json_is_null (session, "successUrl"));
  g_assert_true (sandbox_json_is_null (session, "returnUrl"));
  g_assert_true (sandbox_json_is_null (session, "payment"));
  g_assert_true (sandbox_json_is_null (session, "lastDecline"));
  g_assert_cmpstr (sandbox_json_string (session, "sdkSession.sessionIdentifier"), ==, identifier);
  g_assert_cmpstr (sandbox_json_string (session, "sdkSession.status"), ==, "RequiresPaymentSource");
  g_assert_cmpstr (sandbox_json_string (session, "sdkSession.channel"), ==, "POS");
  g_assert_cmpfloat_with_epsilon (
    json_node_get_double (sandbox_json_at (session, "sdkSession.subtotal")), 42.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (
    json_node_get_double (sandbox_json_at (session, "sdkSession.lineItems[0].price")), 42.0, 1e-9);
  g_assert_true (sandbox_json_is_null (session, "sdkSession.paymentSource"));
  g_assert_cmpstr (sandbox_json_string (session, "sdkSession.customMeta.till"), ==, "3");

  {
    g_autofree char *query = g_strconcat (path, "?parentOrigin=http%3A%2F%2F127.0.0.1%3A9", NULL);

    with_origin = sandbox_harness_request (harness, "GET", query, NULL, NULL, NULL, 0);
    g_assert_cmpuint (with_origin->status, ==, 200);
  }

  unknown = sandbox_harness_request (
    harness, "GET", "/app/embedded/acme-utilities/session/0123456789abcdef", NULL, NULL, NULL, 0);
  assert_message_page (unknown, 404, "Payment not found");
  wrong_slug = page_path ("other-unit", identifier);
  mismatch = sandbox_harness_request (harness, "GET", wrong_slug, NULL, NULL, NULL, 0);
  assert_message_page (mismatch, 404, "Payment not found");
}

static void
test_assets (void)
{
  static const struct {
    const char *path;
    const char *type;
  } assets[] = {
    { "/app/embedded.loader.js", "application/javascript" },
    { "/app/embedded/assets/page.js", "application/javascript" },
    { "/app/embedded/assets/page.css", "text/css" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (assets); i++) {
    g_autoptr (SandboxResponse) response =
      sandbox_harness_request (harness, "GET", assets[i].path, NULL, NULL, NULL, 0);

    g_assert_cmpuint (response->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                     assets[i].type);
    g_assert_cmpuint (response->length, >, 0);
    g_assert_cmpstr (soup_message_headers_get_one (response->headers, "X-Content-Type-Options"), ==,
                     "nosniff");
    g_assert_null (soup_message_headers_get_one (response->headers, "Access-Control-Allow-Origin"));
  }
  /* The page lists the four documented test cards with their outcomes. */
  {
    g_autoptr (SandboxResponse) script =
      sandbox_harness_request (harness, "GET", "/app/embedded/assets/page.js", NULL, NULL, NULL, 0);
    static const char *const cards[] = {
      "4242424242424242", "4000000000000002",   "4000000000009995",
      "4000000000000069", "insufficient funds", "expired card",
    };

    for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
      g_assert_nonnull (strstr (script->body, cards[i]));
  }
  /* The loader implements the snippet's five methods. */
  {
    g_autoptr (SandboxResponse) loader =
      sandbox_harness_request (harness, "GET", "/app/embedded.loader.js", NULL, NULL, NULL, 0);
    static const char *const methods[] = { "initialize", "completePayment", "startFlow",
                                           "subscribe", "destroy" };

    for (guint i = 0; i < G_N_ELEMENTS (methods); i++) {
      g_autofree char *member = g_strdup_printf ("%s: function", methods[i]);

      g_assert_nonnull (strstr (loader->body, member));
    }
  }
}

/* Moves the sandbox's clock (started with --test-clock) @seconds forward. */
static void
advance_clock (SandboxHarness *sandbox, guint seconds)
{
  g_autofree char *body = g_strdup_printf ("{\"advanceSeconds\": %u}", seconds);
  g_autoptr (SandboxResponse) response = sandbox_harness_post (sandbox, "/_sandbox/clock", body);
  JsonNode *data = sandbox_assert_success (response);

  g_assert_nonnull (sandbox_json_string (data, "now"));
}

static void
test_clock_route (void)
{
  g_autoptr (SandboxHarness) clocked = sandbox_harness_start ("--test-clock", NULL);
  g_autoptr (SandboxResponse) absent = NULL;
  g_autoptr (SandboxResponse) backwards = NULL;
  g_autoptr (SandboxResponse) not_a_number = NULL;
  g_autoptr (SandboxResponse) extra = NULL;
  g_autoptr (SandboxResponse) no_key = NULL;

  /* Only a sandbox started for it has the route. */
  absent = sandbox_harness_post (harness, "/_sandbox/clock", "{\"advanceSeconds\": 60}");
  sandbox_assert_envelope_error (absent, 404, "");

  /* Forward only, whole seconds, nothing else in the body, and the key like every control. */
  backwards = sandbox_harness_post (clocked, "/_sandbox/clock", "{\"advanceSeconds\": -1}");
  sandbox_assert_envelope_error (backwards, 400, "advanceSeconds");
  not_a_number = sandbox_harness_post (clocked, "/_sandbox/clock", "{\"advanceSeconds\": 1.5}");
  sandbox_assert_envelope_error (not_a_number, 400, "advanceSeconds");
  extra =
    sandbox_harness_post (clocked, "/_sandbox/clock", "{\"advanceSeconds\": 1, \"rewind\": true}");
  sandbox_assert_envelope_error (extra, 400, "advanceSeconds");
  no_key = sandbox_harness_request (clocked, "POST", "/_sandbox/clock", NULL, "application/json",
                                    "{\"advanceSeconds\": 1}", -1);
  g_assert_cmpuint (no_key->status, ==, 401);
  advance_clock (clocked, 60);
  g_assert_cmpint (sandbox_harness_stop (clocked, SIGTERM), ==, 0);
}

static void
test_expiry (void)
{
  /* The default lifetime, 30 minutes, on a clock the test moves. */
  g_autoptr (SandboxHarness) quick = sandbox_harness_start ("--test-clock", NULL);
  g_autofree char *identifier = create_session (quick, NULL);
  g_autofree char *page = page_path (SANDBOX_SLUG, identifier);
  g_autofree char *pay = g_strconcat (page, "/pay", NULL);
  g_autofree char *inspect = g_strdup_printf ("/_sandbox/sessions/%s", identifier);
  g_autofree char *done = create_session (quick, NULL);
  g_autofree char *done_page = page_path (SANDBOX_SLUG, done);
  g_autofree char *complete_path = g_strdup_printf ("/_sandbox/sessions/%s/complete", done);
  g_autoptr (SandboxResponse) before = NULL;
  g_autoptr (SandboxResponse) completed = NULL;
  g_autoptr (SandboxResponse) after = NULL;
  g_autoptr (SandboxResponse) paid = NULL;
  g_autoptr (SandboxResponse) inspected = NULL;
  g_autoptr (SandboxResponse) done_after = NULL;
  g_autoptr (SandboxResponse) complete_after = NULL;
  g_autofree char *complete_expired =
    g_strdup_printf ("/_sandbox/sessions/%s/complete", identifier);
  JsonNode *data;

  /* Ten seconds before the end of its life (far more than the test takes), still open. */
  advance_clock (quick, 30 * 60 - 10);
  before = sandbox_harness_request (quick, "GET", page, NULL, NULL, NULL, 0);
  g_assert_cmpuint (before->status, ==, 200);
  completed = sandbox_harness_post (quick, complete_path, "{\"outcome\": \"succeeded\"}");
  sandbox_assert_success (completed);

  advance_clock (quick, 10);

  after = sandbox_harness_request (quick, "GET", page, NULL, NULL, NULL, 0);
  assert_message_page (after, 410, "Payment link expired");
  paid = sandbox_harness_request (quick, "POST", pay, NULL, "application/json",
                                  "{\"cardNumber\": \"4242424242424242\", \"expiry\": \"12/40\", "
                                  "\"cvc\": \"123\", \"name\": \"Kim\", \"zip\": \"12345\"}",
                                  -1);
  g_assert_cmpuint (paid->status, ==, 410);
  g_assert_nonnull (sandbox_json_string (paid->json, "error"));
  inspected = sandbox_harness_get (quick, inspect);
  data = sandbox_assert_success (inspected);
  g_assert_true (sandbox_json_bool (data, "expired"));
  g_assert_false (sandbox_json_bool (data, "canProcessSession"));
  complete_after = sandbox_harness_post (quick, complete_expired, "{\"outcome\": \"succeeded\"}");
  sandbox_assert_envelope_error (complete_after, 410, "");

  /* A paid session keeps its confirmation page. */
  done_after = sandbox_harness_request (quick, "GET", done_page, NULL, NULL, NULL, 0);
  g_assert_cmpuint (done_after->status, ==, 200);

  g_assert_cmpint (sandbox_harness_stop (quick, SIGTERM), ==, 0);
}

static void
test_session_limit (void)
{
  g_autoptr (SandboxHarness) small =
    sandbox_harness_start ("--max-sessions", "2", "--test-clock", NULL);
  g_autofree char *json = sandbox_json ("{'BusinessUnitSlug': 'acme-utilities', 'Charges': "
                                        "[{'Amount': 1}]}");
  g_autoptr (SandboxResponse) full = NULL;
  g_autofree char *first = sandbox_harness_initiate_ok (small, json);
  g_autofree char *second = sandbox_harness_initiate_ok (small, json);
  g_autofree char *third = NULL;
  g_autofree char *first_path = g_strdup_printf ("/_sandbox/sessions/%s", first);
  g_autoptr (SandboxResponse) evicted = NULL;

  full = sandbox_harness_initiate (small, json);
  sandbox_assert_envelope_error (full, 503, "");
  advance_clock (small, 30 * 60);
  /* Expired unpaid sessions make room. */
  third = sandbox_harness_initiate_ok (small, json);
  g_assert_nonnull (third);
  evicted = sandbox_harness_get (small, first_path);
  sandbox_assert_envelope_error (evicted, 404, "");
  g_assert_cmpint (sandbox_harness_stop (small, SIGTERM), ==, 0);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/routes/health", test_health);
  g_test_add_func ("/sandbox/routes/host-check", test_host_check);
  g_test_add_func ("/sandbox/routes/garbage-keeps-server-up", test_garbage_keeps_server_up);
  g_test_add_func ("/sandbox/routes/inspection-needs-key", test_inspection_needs_key);
  g_test_add_func ("/sandbox/routes/session-lookup", test_session_lookup);
  g_test_add_func ("/sandbox/routes/complete", test_complete);
  g_test_add_func ("/sandbox/routes/reset", test_reset);
  g_test_add_func ("/sandbox/routes/request-log", test_request_log);
  g_test_add_func ("/sandbox/routes/no-cors", test_no_cors);
  g_test_add_func ("/sandbox/routes/not-found-and-methods", test_not_found_and_methods);
  g_test_add_func ("/sandbox/routes/page", test_page);
  g_test_add_func ("/sandbox/routes/assets", test_assets);
  g_test_add_func ("/sandbox/routes/clock", test_clock_route);
  g_test_add_func ("/sandbox/routes/expiry", test_expiry);
  g_test_add_func ("/sandbox/routes/session-limit", test_session_limit);

  harness = sandbox_harness_start_argv (NULL);
  status = g_test_run ();
  g_assert_cmpint (sandbox_harness_stop (harness, SIGTERM), ==, 0);
  sandbox_harness_free (harness);
  return status;
}
