/* test-client.c: tests of the HTTP client against a SoupServer and raw sockets on loopback.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "paystar.h"
#include "test-wait.h"

/* A key that cannot appear by chance in any message. */
#define API_KEY "sk_test_Qz8Ow3Vr2Kx7Pm4Nn1Lb"

/* Longest any single exchange may take before the test fails instead of hanging. */
#define GUARD_SECONDS 15

#define GOOD_DATA                                                                               \
  "{\"PaymentSessionIdentifier\":\"abc123-def456\","                                            \
  "\"PaymentLogInLink\":\"https://dev.paystar.io/app/embedded/acme-utilities/session/abc123\"," \
  "\"Status\":\"RequiresPaymentSource\"}"
#define GOOD_ENVELOPE "{\"hasErrors\":false,\"errors\":[],\"data\":" GOOD_DATA "}"

/* Every log line of the library is checked for the key too. */
static guint debug_lines;

static void
check_log_line (const char *log_domain,
                GLogLevelFlags log_level,
                const char *message,
                gpointer user_data)
{
  debug_lines++;
  g_assert_null (strstr (message, API_KEY));
  g_test_message ("log: %s", message);
}

typedef struct {
  char *method;
  char *path;
  char *api_key;
  char *content_type;
  char *user_agent;
  char *accept;
  GBytes *body;
} Received;

static void
received_free (Received *received)
{
  g_free (received->method);
  g_free (received->path);
  g_free (received->api_key);
  g_free (received->content_type);
  g_free (received->user_agent);
  g_free (received->accept);
  g_bytes_unref (received->body);
  g_free (received);
}

typedef struct {
  gboolean done;
  PaystarSession *session;
  GPtrArray *field_errors;
  GError *error;
  gint64 elapsed_usec;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->session, paystar_session_free);
  g_clear_pointer (&result->field_errors, g_ptr_array_unref);
  g_clear_error (&result->error);
  result->done = FALSE;
}

typedef struct Fixture Fixture;

typedef void (*ReplyFunc) (Fixture *f, SoupServerMessage *msg, Received *received);

struct Fixture {
  GMainLoop *loop;
  SoupServer *server;
  char *base_uri;
  PaystarClient *client;
  PaystarRequest *request;
  GPtrArray *received; /* Received* */
  GPtrArray *paused;   /* SoupServerMessage* held until teardown */

  /* What the server answers. */
  guint status;
  const char *content_type;
  const char *body;
  gsize body_length; /* 0: strlen (body) */
  gboolean chunked;
  gboolean pause;
  ReplyFunc reply; /* when set, answers instead of the fields above */

  GCancellable *cancel_on_request; /* cancelled once the server has the request */
  guint endless_chunks;            /* chunks of an endless body written so far */
  Result result;
  PaystarSessionInfo *lookup_info; /* what the last lookup returned */
  char *last_query_reference;      /* the clientReference of the last request, decoded */
};

static void
server_callback (SoupServer *server,
                 SoupServerMessage *msg,
                 const char *path,
                 GHashTable *query,
                 gpointer user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr (GBytes) flat = soup_message_body_flatten (request_body);
  Received *received = g_new0 (Received, 1);

  received->method = g_strdup (soup_server_message_get_method (msg));
  received->path = g_strdup (path);
  received->api_key =
    g_strdup (soup_message_headers_get_one (request_headers, "X-Paystar-Api-Key"));
  received->content_type =
    g_strdup (soup_message_headers_get_one (request_headers, "Content-Type"));
  received->user_agent = g_strdup (soup_message_headers_get_one (request_headers, "User-Agent"));
  received->accept = g_strdup (soup_message_headers_get_one (request_headers, "Accept"));
  received->body = g_bytes_ref (flat);
  g_ptr_array_add (f->received, received);
  g_free (f->last_query_reference);
  f->last_query_reference =
    g_strdup (query != NULL ? g_hash_table_lookup (query, "clientReference") : NULL);

  if (f->cancel_on_request != NULL)
    g_cancellable_cancel (f->cancel_on_request);

  if (f->reply != NULL) {
    f->reply (f, msg, received);
    return;
  }

  if (f->pause) {
    g_ptr_array_add (f->paused, g_object_ref (msg));
    soup_server_message_pause (msg);
    return;
  }

  soup_server_message_set_status (msg, f->status, NULL);
  if (f->chunked) {
    SoupMessageBody *response_body = soup_server_message_get_response_body (msg);
    gsize length = f->body_length > 0 ? f->body_length : strlen (f->body);

    soup_message_headers_set_encoding (response_headers, SOUP_ENCODING_CHUNKED);
    soup_message_headers_set_content_type (response_headers, f->content_type, NULL);
    for (gsize offset = 0; offset < length; offset += 4096)
      soup_message_body_append (response_body, SOUP_MEMORY_COPY, f->body + offset,
                                MIN (4096, length - offset));
    soup_message_body_complete (response_body);
  } else if (f->body != NULL) {
    soup_server_message_set_response (msg, f->content_type, SOUP_MEMORY_COPY, f->body,
                                      f->body_length > 0 ? f->body_length : strlen (f->body));
  }
}

static PaystarRequest *
make_request (const char *client_reference)
{
  PaystarRequest *request = paystar_request_new ();
  PaystarCharge *charge = paystar_charge_new (15000);

  request->business_unit_slug = g_strdup ("acme-utilities");
  request->channel = g_strdup ("POS");
  request->pos_user = g_strdup ("ava@acme-utilities.example");
  request->client_reference = g_strdup (client_reference);
  charge->description = g_strdup ("Walk-in payment \"é\"");
  paystar_request_add_charge (request, charge);
  return request;
}

static void
fixture_set_up (Fixture *f, gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  GSList *uris;

  f->loop = g_main_loop_new (NULL, FALSE);
  f->received = g_ptr_array_new_with_free_func ((GDestroyNotify) received_free);
  f->paused = g_ptr_array_new_with_free_func (g_object_unref);
  f->status = SOUP_STATUS_OK;
  f->content_type = "application/json";
  f->body = GOOD_ENVELOPE;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_callback, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  g_assert_nonnull (uris);
  f->base_uri = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  f->client = paystar_client_new (f->base_uri, API_KEY);
  f->request = make_request ("REF-0001");
}

static void
fixture_tear_down (Fixture *f, gconstpointer user_data)
{
  result_clear (&f->result);
  g_clear_pointer (&f->lookup_info, paystar_session_info_free);
  g_clear_pointer (&f->last_query_reference, g_free);
  g_clear_object (&f->cancel_on_request);
  g_assert_finalize_object (f->client);
  g_clear_pointer (&f->request, paystar_request_free);
  g_ptr_array_unref (f->paused);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_ptr_array_unref (f->received);
  g_free (f->base_uri);

  /* Let closes and disconnections scheduled by the client and the server run out. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_main_loop_unref (f->loop);
}

typedef struct {
  Result *result;
  GMainLoop *loop;
  gint64 started;
} Pending;

static void
check_result (Result *result)
{
  if (result->error != NULL) {
    g_assert_nonnull (result->error->message);
    g_assert_cmpstr (result->error->message, !=, "");
    g_assert_null (strstr (result->error->message, API_KEY));
    g_test_message ("error %d: %s", result->error->code, result->error->message);
    g_assert_null (result->session);
    if (!g_error_matches (result->error, PAYSTAR_ERROR, PAYSTAR_ERROR_REJECTED))
      g_assert_null (result->field_errors);
  } else {
    g_assert_nonnull (result->session);
    g_assert_null (result->field_errors);
  }
}

static void
initiate_cb (GObject *source, GAsyncResult *async_result, gpointer user_data)
{
  Pending *pending = user_data;
  Result *result = pending->result;

  g_assert_false (result->done);
  result->session = paystar_client_initiate_payment_session_finish (
    PAYSTAR_CLIENT (source), async_result, &result->field_errors, &result->error);
  result->elapsed_usec = g_get_monotonic_time () - pending->started;
  result->done = TRUE;
  check_result (result);
  if (pending->loop != NULL)
    g_main_loop_quit (pending->loop);
  g_free (pending);
}

static void
start (PaystarClient *client,
       const PaystarRequest *request,
       GCancellable *cancellable,
       Result *result,
       GMainLoop *loop)
{
  Pending *pending = g_new0 (Pending, 1);

  result_clear (result);
  pending->result = result;
  pending->loop = loop;
  pending->started = g_get_monotonic_time ();
  paystar_client_initiate_payment_session_async (client, request, cancellable, initiate_cb,
                                                 pending);
}

static void
run (Fixture *f, GCancellable *cancellable)
{
  start (f->client, f->request, cancellable, &f->result, NULL);
  test_wait_until_done (&f->result.done, GUARD_SECONDS, "the exchange");
}

static void
assert_error (Fixture *f, PaystarError code)
{
  if (f->result.error == NULL)
    g_error ("expected error %d, got a session", code);
  g_assert_error (f->result.error, PAYSTAR_ERROR, (int) code);
}

/* Asserts the error's code and what it means for the request: every failure class of the
 * client is checked both ways. */
static void
assert_class (Fixture *f, PaystarError code, PaystarDelivery delivery)
{
  assert_error (f, code);
  g_assert_cmpint (paystar_error_get_delivery (f->result.error), ==, delivery);
}

static void
assert_cancelled (Fixture *f)
{
  if (f->result.error == NULL)
    g_error ("expected G_IO_ERROR_CANCELLED, got a session");
  g_assert_error (f->result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Only the caller knows whether it cancelled before the request left. */
  g_assert_cmpint (paystar_error_get_delivery (f->result.error), ==, PAYSTAR_DELIVERY_UNKNOWN);
}

/* Asserts that @received is exactly the request the client must send for @request: POST to
 * @path with the key, JSON content type, Accept, User-Agent and the serialised request as the
 * body, byte for byte. */
static void
assert_exact_request (Received *received, const PaystarRequest *request, const char *path)
{
  g_autofree char *expected = NULL;
  gsize expected_length = 0;

  g_assert_cmpstr (received->method, ==, "POST");
  g_assert_cmpstr (received->path, ==, path);
  g_assert_cmpstr (received->api_key, ==, API_KEY);
  g_assert_cmpstr (received->content_type, ==, "application/json");
  g_assert_cmpstr (received->accept, ==, "application/json");
  g_assert_nonnull (received->user_agent);
  g_assert_cmpstr (received->user_agent, ==, "paystar-pos/" PACKAGE_VERSION);

  expected = paystar_request_to_json (request, &expected_length);
  g_assert_cmpmem (g_bytes_get_data (received->body, NULL), g_bytes_get_size (received->body),
                   expected, expected_length);
}

/* Asserts that the server got @count requests, each of them exact. */
static void
assert_requests_exact (Fixture *f, guint count, const char *path)
{
  g_assert_cmpuint (f->received->len, ==, count);
  for (guint i = 0; i < f->received->len; i++)
    assert_exact_request (g_ptr_array_index (f->received, i), f->request, path);
}

static void
assert_request_received (Fixture *f, const char *path)
{
  assert_requests_exact (f, 1, path);
}

/* The request every test of the initiate endpoint must have seen, once. */
static void
assert_initiate_received (Fixture *f)
{
  assert_request_received (f, "/integrations/embedded/initiate");
}

/* Success and the request on the wire */

static void
test_success (Fixture *f, gconstpointer user_data)
{
  run (f, NULL);

  g_assert_no_error (f->result.error);
  g_assert_cmpstr (f->result.session->identifier, ==, "abc123-def456");
  g_assert_cmpstr (f->result.session->link, ==,
                   "https://dev.paystar.io/app/embedded/acme-utilities/session/abc123");
  g_assert_cmpstr (f->result.session->status, ==, "RequiresPaymentSource");
  assert_request_received (f, "/integrations/embedded/initiate");

  /* The client stays usable, and the second request is as exact as the first. */
  g_ptr_array_set_size (f->received, 0);
  run (f, NULL);
  g_assert_no_error (f->result.error);
  assert_request_received (f, "/integrations/embedded/initiate");
}

static void
test_success_created (Fixture *f, gconstpointer user_data)
{
  f->status = SOUP_STATUS_CREATED;
  run (f, NULL);
  g_assert_no_error (f->result.error);
  g_assert_cmpstr (f->result.session->identifier, ==, "abc123-def456");
}

static void
test_base_path (Fixture *f, gconstpointer user_data)
{
  g_autofree char *base = g_strconcat (f->base_uri, "gateway/", NULL);

  /* A base with a path keeps it; trailing slashes do not double. */
  g_clear_object (&f->client);
  f->client = paystar_client_new (base, API_KEY);
  g_assert_cmpstr (paystar_client_get_base_uri (f->client), ==, base);
  run (f, NULL);
  g_assert_no_error (f->result.error);
  assert_request_received (f, "/gateway/integrations/embedded/initiate");
}

static void
test_properties (Fixture *f, gconstpointer user_data)
{
  g_autofree char *base = NULL;
  guint timeout = 0;
  guint64 max_bytes = 0;
  GParamSpec *pspec;

  g_assert_cmpuint (paystar_client_get_timeout (f->client), ==, PAYSTAR_CLIENT_DEFAULT_TIMEOUT);
  g_assert_cmpuint (paystar_client_get_max_response_bytes (f->client), ==,
                    PAYSTAR_CLIENT_DEFAULT_MAX_RESPONSE_BYTES);

  paystar_client_set_timeout (f->client, 7);
  paystar_client_set_max_response_bytes (f->client, 4096);
  g_object_get (f->client, "base-uri", &base, "timeout", &timeout, "max-response-bytes", &max_bytes,
                NULL);
  g_assert_cmpstr (base, ==, f->base_uri);
  g_assert_cmpuint (timeout, ==, 7);
  g_assert_cmpuint (max_bytes, ==, 4096);

  /* The key can be written, never read. */
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (f->client), "api-key");
  g_assert_nonnull (pspec);
  g_assert_true (pspec->flags & G_PARAM_WRITABLE);
  g_assert_false (pspec->flags & G_PARAM_READABLE);

  g_object_set (f->client, "api-key", "another-key", NULL);
  run (f, NULL);
  g_assert_no_error (f->result.error);
  g_assert_cmpstr (((Received *) g_ptr_array_index (f->received, 0))->api_key, ==, "another-key");
}

/* Rejections */

#define REJECTION                                                                                \
  "{\"hasErrors\":true,\"errors\":["                                                             \
  "{\"propertyName\":\"Charges[0].Amount\",\"errorMessage\":\"Amount must be greater than 0\"}," \
  "{\"propertyName\":\"PosUser\",\"errorMessage\":\"User does not have POS permission\"}],"      \
  "\"data\":null}"

static void
assert_rejection (Fixture *f)
{
  const PaystarFieldError *field_error;

  assert_class (f, PAYSTAR_ERROR_REJECTED, PAYSTAR_DELIVERY_REFUSED);
  g_assert_nonnull (f->result.field_errors);
  g_assert_cmpuint (f->result.field_errors->len, ==, 2);
  field_error = g_ptr_array_index (f->result.field_errors, 0);
  g_assert_cmpstr (field_error->property_name, ==, "Charges[0].Amount");
  g_assert_cmpstr (field_error->message, ==, "Amount must be greater than 0");
  field_error = g_ptr_array_index (f->result.field_errors, 1);
  g_assert_cmpstr (field_error->property_name, ==, "PosUser");
  g_assert_cmpstr (field_error->message, ==, "User does not have POS permission");
}

/* A usable envelope with hasErrors decides whatever the status, even a 5xx (user_data). */
static void
test_rejected (Fixture *f, gconstpointer user_data)
{
  f->status = GPOINTER_TO_UINT (user_data);
  f->body = REJECTION;
  run (f, NULL);
  assert_rejection (f);
  assert_initiate_received (f);
}

static void
test_rejected_general (Fixture *f, gconstpointer user_data)
{
  const PaystarFieldError *field_error;

  /* Errors without a field are shown in the message itself. */
  f->body = "{\"hasErrors\":true,\"errors\":[\"Business unit not found\"]}";
  run (f, NULL);
  assert_error (f, PAYSTAR_ERROR_REJECTED);
  g_assert_cmpuint (f->result.field_errors->len, ==, 1);
  field_error = g_ptr_array_index (f->result.field_errors, 0);
  g_assert_cmpstr (field_error->property_name, ==, "");
  g_assert_cmpstr (field_error->message, ==, "Business unit not found");
  g_assert_nonnull (strstr (f->result.error->message, "Business unit not found"));
}

static void
test_rejected_echoes_key (Fixture *f, gconstpointer user_data)
{
  const PaystarFieldError *field_error;

  /* A server that echoes the key back cannot get it into an error message. */
  f->body = "{\"hasErrors\":true,\"errors\":[\"Key " API_KEY " is not valid here\","
            "{\"propertyName\":\"\",\"errorMessage\":\"" API_KEY "\"}]}";
  run (f, NULL);
  assert_error (f, PAYSTAR_ERROR_REJECTED);
  g_assert_null (strstr (f->result.error->message, API_KEY));
  g_assert_nonnull (strstr (f->result.error->message, "is not valid here"));
  /* The field errors are the server's own words, handed over as they came. */
  g_assert_cmpuint (f->result.field_errors->len, ==, 2);
  field_error = g_ptr_array_index (f->result.field_errors, 0);
  g_assert_cmpstr (field_error->message, ==, "Key " API_KEY " is not valid here");

  /* A long explanation is cut, and never in the middle of the key. */
  {
    g_autoptr (GString) body = g_string_new ("{\"hasErrors\":true,\"errors\":[\"");
    g_autofree char *key_start = g_strndup (API_KEY, 8);

    for (guint i = 0; i < 290; i++)
      g_string_append_c (body, 'a');
    g_string_append (body, API_KEY);
    for (guint i = 0; i < 2000; i++)
      g_string_append_c (body, 'b');
    g_string_append (body, "\"]}");
    f->body = body->str;
    run (f, NULL);
    assert_error (f, PAYSTAR_ERROR_REJECTED);
    g_assert_null (strstr (f->result.error->message, key_start));
    g_assert_cmpuint (strlen (f->result.error->message), <, 1000);
    f->body = NULL;
  }
}

/* Authorisation */

static void
test_unauthorized_401 (Fixture *f, gconstpointer user_data)
{
  f->status = SOUP_STATUS_UNAUTHORIZED;
  f->body = NULL;
  run (f, NULL);
  assert_class (f, PAYSTAR_ERROR_UNAUTHORIZED, PAYSTAR_DELIVERY_REFUSED);
  g_assert_nonnull (strstr (f->result.error->message, "401"));
  g_assert_null (f->result.field_errors);
  assert_initiate_received (f);
}

static void
test_unauthorized_403 (Fixture *f, gconstpointer user_data)
{
  /* Even with an envelope in the body, 403 means the key. */
  f->status = SOUP_STATUS_FORBIDDEN;
  f->body = REJECTION;
  run (f, NULL);
  assert_error (f, PAYSTAR_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (f->result.error->message, "403"));
  g_assert_null (f->result.field_errors);
  assert_initiate_received (f);
}

static void
test_no_api_key (Fixture *f, gconstpointer user_data)
{
  /* Refused before any connection. */
  paystar_client_set_api_key (f->client, NULL);
  run (f, NULL);
  assert_class (f, PAYSTAR_ERROR_NO_API_KEY, PAYSTAR_DELIVERY_NOT_SENT);

  paystar_client_set_api_key (f->client, "");
  run (f, NULL);
  assert_class (f, PAYSTAR_ERROR_NO_API_KEY, PAYSTAR_DELIVERY_NOT_SENT);

  paystar_client_set_api_key (f->client, "bad\r\nX-Injected: 1");
  run (f, NULL);
  assert_class (f, PAYSTAR_ERROR_NO_API_KEY, PAYSTAR_DELIVERY_NOT_SENT);
  g_assert_null (strstr (f->result.error->message, "Injected"));

  g_assert_cmpuint (f->received->len, ==, 0);
}

/* Answers that cannot be read */

static void
test_server_error_html (Fixture *f, gconstpointer user_data)
{
  f->status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  f->content_type = "text/html";
  f->body = "<html><body><h1>500 Internal Server Error</h1></body></html>";
  run (f, NULL);
  assert_class (f, PAYSTAR_ERROR_SERVER, PAYSTAR_DELIVERY_UNKNOWN);
  g_assert_nonnull (strstr (f->result.error->message, "HTTP 500"));
  /* Paystar did answer: the message must not say otherwise. */
  g_assert_null (strstr (f->result.error->message, "did not answer"));
  g_assert_null (f->result.field_errors);
  assert_initiate_received (f);
}

static void
test_server_error_empty (Fixture *f, gconstpointer user_data)
{
  f->status = SOUP_STATUS_SERVICE_UNAVAILABLE;
  f->body = NULL;
  run (f, NULL);
  assert_class (f, PAYSTAR_ERROR_SERVER, PAYSTAR_DELIVERY_UNKNOWN);
  g_assert_nonnull (strstr (f->result.error->message, "503"));
}

static void
test_server_error_without_errors (Fixture *f, gconstpointer user_data)
{
  /* An envelope that reports no error is no success on a 5xx. */
  f->status = SOUP_STATUS_BAD_GATEWAY;
  run (f, NULL);
  assert_class (f, PAYSTAR_ERROR_SERVER, PAYSTAR_DELIVERY_UNKNOWN);
}

static void
test_bad_gateway_html (Fixture *f, gconstpointer user_data)
{
  /* What a proxy in front of Paystar sends: the request may have gone through. */
  f->status = SOUP_STATUS_BAD_GATEWAY;
  f->content_type = "text/html";
  f->body = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad "
            "Gateway</h1></center><hr><center>nginx</center></body></html>";
  run (f, NULL);
  assert_class (f, PAYSTAR_ERROR_SERVER, PAYSTAR_DELIVERY_UNKNOWN);
  g_assert_nonnull (strstr (f->result.error->message, "HTTP 502"));
  g_assert_null (strstr (f->result.error->message, "did not answer"));
  assert_initiate_received (f);
}

static void
test_garbage_200 (Fixture *f, gconstpointer user_data)
{
  f->content_type = "application/json";
  f->body = "\x01\x02garbage{{{";
  run (f, NULL);
  assert_class (f, PAYSTAR_ERROR_INVALID_RESPONSE, PAYSTAR_DELIVERY_UNKNOWN);
  g_assert_nonnull (strstr (f->result.error->message, "HTTP 200"));
  assert_initiate_received (f);
}

static void
test_malformed_json (Fixture *f, gconstpointer user_data)
{
  const char *bodies[] = {
    "{\"hasErrors\":false,\"errors\":[],\"data\":{\"PaymentSessionIdentifier\":\"x\"",
    "{\"hasErrors\":false,\"hasErrors\":false,\"data\":" GOOD_DATA "}",
    "{'hasErrors':false}",
    "",
    "[]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++) {
    f->body = bodies[i];
    run (f, NULL);
    assert_error (f, PAYSTAR_ERROR_INVALID_RESPONSE);
    g_assert_nonnull (strstr (f->result.error->message, "HTTP 200"));
  }
  /* One exact request per attempt: nothing is retried behind the caller's back. */
  assert_requests_exact (f, G_N_ELEMENTS (bodies), "/integrations/embedded/initiate");
}

static void
test_html_on_200 (Fixture *f, gconstpointer user_data)
{
  f->content_type = "text/html";
  f->body = "<!DOCTYPE html><html><body>Welcome</body></html>";
  run (f, NULL);
  assert_error (f, PAYSTAR_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (f->result.error->message, "200"));
}

static void
test_wrong_shape (Fixture *f, gconstpointer user_data)
{
  const char *bodies[] = {
    "{\"hasErrors\":false,\"errors\":[],\"data\":null}",
    "{\"hasErrors\":false,\"errors\":[]}",
    "{\"hasErrors\":\"false\",\"data\":" GOOD_DATA "}",
    "{\"hasErrors\":false,\"data\":{\"PaymentSessionIdentifier\":\"x\",\"Status\":\"s\","
    "\"PaymentLogInLink\":\"javascript:alert(1)\"}}",
    "{\"hasErrors\":false,\"data\":{\"PaymentSessionIdentifier\":\"x\",\"Status\":\"s\"}}",
    "{\"hasErrors\":false,\"errors\":[],\"data\":[" GOOD_DATA "]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++) {
    f->body = bodies[i];
    run (f, NULL);
    assert_error (f, PAYSTAR_ERROR_INVALID_RESPONSE);
  }
}

static void
test_other_4xx (Fixture *f, gconstpointer user_data)
{
  /* Paystar answered and created nothing. */
  f->status = SOUP_STATUS_NOT_FOUND;
  f->content_type = "text/plain";
  f->body = "Not Found";
  run (f, NULL);
  assert_class (f, PAYSTAR_ERROR_REQUEST_REFUSED, PAYSTAR_DELIVERY_REFUSED);
  g_assert_nonnull (strstr (f->result.error->message, "404"));

  f->status = 429;
  f->body = NULL;
  run (f, NULL);
  assert_class (f, PAYSTAR_ERROR_REQUEST_REFUSED, PAYSTAR_DELIVERY_REFUSED);
}

static void
reply_redirect (Fixture *f, SoupServerMessage *msg, Received *received)
{
  if (g_str_equal (received->path, "/elsewhere")) {
    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, GOOD_ENVELOPE,
                                      strlen (GOOD_ENVELOPE));
    return;
  }
  soup_server_message_set_redirect (msg, f->status, "/elsewhere");
}

static void
test_redirect_not_followed (Fixture *f, gconstpointer user_data)
{
  const guint statuses[] = { 301, 302, 303, 307, 308 };

  /* A redirect could carry the key elsewhere or turn the POST into a GET: it is an answer the
   * client cannot use, and it is never followed. */
  f->reply = reply_redirect;
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++) {
    g_ptr_array_set_size (f->received, 0);
    f->status = statuses[i];
    run (f, NULL);
    assert_error (f, PAYSTAR_ERROR_INVALID_RESPONSE);
    g_assert_cmpuint (f->received->len, ==, 1);
  }
}

/* Size cap */

static char *
big_envelope (gsize size)
{
  GString *json =
    g_string_new ("{\"hasErrors\":false,\"errors\":[],\"data\":" GOOD_DATA ",\"padding\":\"");

  while (json->len < size - 2)
    g_string_append_c (json, 'x');
  g_string_append (json, "\"}");
  return g_string_free (json, FALSE);
}

static void
test_over_cap_content_length (Fixture *f, gconstpointer user_data)
{
  g_autofree char *body = big_envelope (4 * 1024 * 1024);

  paystar_client_set_max_response_bytes (f->client, 1024);
  f->body = body;
  run (f, NULL);
  assert_error (f, PAYSTAR_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (f->result.error->message, "larger than the 1024 bytes"));
  assert_initiate_received (f);
}

static void
test_over_cap_chunked (Fixture *f, gconstpointer user_data)
{
  g_autofree char *body = big_envelope (4 * 1024 * 1024);

  /* No length is announced: only the bounded read can stop it. */
  paystar_client_set_max_response_bytes (f->client, 1024);
  f->body = body;
  f->chunked = TRUE;
  run (f, NULL);
  assert_error (f, PAYSTAR_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (f->result.error->message, "larger than the 1024 bytes"));
  assert_initiate_received (f);
}

#define ENDLESS_CHUNK_SIZE 16384
/* Where the server gives up: 128 MiB, far beyond a bounded reader plus the socket buffers
 * (a few MiB each way on loopback). */
#define ENDLESS_MAX_CHUNKS 8192

static char endless_chunk[ENDLESS_CHUNK_SIZE];

static void
append_endless_chunk (SoupServerMessage *msg, gpointer user_data)
{
  Fixture *f = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  if (++f->endless_chunks > ENDLESS_MAX_CHUNKS) {
    soup_message_body_complete (body);
    return;
  }
  soup_message_body_append (body, SOUP_MEMORY_STATIC, endless_chunk, sizeof endless_chunk);
}

static void
reply_endless (Fixture *f, SoupServerMessage *msg, Received *received)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  memset (endless_chunk, ' ', sizeof endless_chunk);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (append_endless_chunk), f);
  append_endless_chunk (msg, f);
}

static void
test_over_cap_endless (Fixture *f, gconstpointer user_data)
{
  /* A body of JSON whitespace with no end in sight: the client must stop reading once it has
   * more than the cap, not buffer the lot and refuse it afterwards. What the server managed to
   * write is bounded by the cap, a read chunk and the socket buffers, far below its 128 MiB. */
  paystar_client_set_max_response_bytes (f->client, 64 * 1024);
  f->reply = reply_endless;
  run (f, NULL);
  assert_error (f, PAYSTAR_ERROR_INVALID_RESPONSE);
  g_test_message ("the server wrote %u chunks", f->endless_chunks);
  g_assert_cmpuint (f->endless_chunks, <, ENDLESS_MAX_CHUNKS / 4);
}

static void
test_at_cap (Fixture *f, gconstpointer user_data)
{
  g_autofree char *body = big_envelope (3000);
  gsize length = strlen (body);

  /* Exactly at the cap is fine, one byte over is not, with or without a declared length. */
  for (guint chunked = 0; chunked < 2; chunked++) {
    f->body = body;
    f->chunked = chunked;
    paystar_client_set_max_response_bytes (f->client, length);
    run (f, NULL);
    g_assert_no_error (f->result.error);
    g_assert_cmpstr (f->result.session->identifier, ==, "abc123-def456");

    paystar_client_set_max_response_bytes (f->client, length - 1);
    run (f, NULL);
    assert_error (f, PAYSTAR_ERROR_INVALID_RESPONSE);
  }
}

/* Time */

static void
test_timeout (Fixture *f, gconstpointer user_data)
{
  f->pause = TRUE;
  paystar_client_set_timeout (f->client, 1);
  run (f, NULL);
  assert_class (f, PAYSTAR_ERROR_TIMEOUT, PAYSTAR_DELIVERY_UNKNOWN);
  assert_initiate_received (f);
  g_assert_cmpint (f->result.elapsed_usec, >=, 900 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (f->result.elapsed_usec, <, 5 * G_TIME_SPAN_SECOND);
  g_assert_nonnull (strstr (f->result.error->message, "1 second"));
}

/* Cancellation */

static void
test_cancel_in_flight (Fixture *f, gconstpointer user_data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();

  f->pause = TRUE;
  f->cancel_on_request = g_object_ref (cancellable);
  run (f, cancellable);
  assert_cancelled (f);
  assert_initiate_received (f);
  g_assert_cmpint (f->result.elapsed_usec, <, 5 * G_TIME_SPAN_SECOND);

  /* The client goes on working. */
  g_clear_object (&f->cancel_on_request);
  f->pause = FALSE;
  run (f, NULL);
  g_assert_no_error (f->result.error);
}

static void
test_cancel_before (Fixture *f, gconstpointer user_data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();

  g_cancellable_cancel (cancellable);
  run (f, cancellable);
  assert_cancelled (f);
  g_assert_cmpuint (f->received->len, ==, 0);
}

typedef struct {
  GCancellable *cancellable;
  GMutex mutex;
  GCond cond;
  gboolean go;
} ThreadCancel;

static gpointer
cancel_thread (gpointer data)
{
  ThreadCancel *tc = data;

  g_mutex_lock (&tc->mutex);
  while (!tc->go)
    g_cond_wait (&tc->cond, &tc->mutex);
  g_mutex_unlock (&tc->mutex);
  g_cancellable_cancel (tc->cancellable);
  return NULL;
}

static void
reply_signal_thread (Fixture *f, SoupServerMessage *msg, Received *received)
{
  ThreadCancel *tc = g_object_get_data (G_OBJECT (f->server), "thread-cancel");

  g_ptr_array_add (f->paused, g_object_ref (msg));
  soup_server_message_pause (msg);
  g_mutex_lock (&tc->mutex);
  tc->go = TRUE;
  g_cond_signal (&tc->cond);
  g_mutex_unlock (&tc->mutex);
}

static void
test_cancel_from_thread (Fixture *f, gconstpointer user_data)
{
  ThreadCancel tc = { 0 };
  GThread *thread;

  /* A cancellable fired in another thread still ends the request in this one. */
  tc.cancellable = g_cancellable_new ();
  g_mutex_init (&tc.mutex);
  g_cond_init (&tc.cond);
  g_object_set_data (G_OBJECT (f->server), "thread-cancel", &tc);
  f->reply = reply_signal_thread;
  thread = g_thread_new ("cancel", cancel_thread, &tc);

  run (f, tc.cancellable);
  assert_cancelled (f);

  g_thread_join (thread);
  g_object_set_data (G_OBJECT (f->server), "thread-cancel", NULL);
  g_mutex_clear (&tc.mutex);
  g_cond_clear (&tc.cond);
  g_object_unref (tc.cancellable);
}

/* Concurrency */

typedef struct {
  Fixture *f;
  SoupServerMessage *msg;
  char *reference;
} DelayedReply;

static gboolean
send_delayed_reply (gpointer data)
{
  DelayedReply *delayed = data;
  g_autofree char *body = NULL;

  body = g_strdup_printf ("{\"hasErrors\":false,\"errors\":[],\"data\":{"
                          "\"PaymentSessionIdentifier\":\"S-%s\","
                          "\"PaymentLogInLink\":\"http://127.0.0.1/app/embedded/a/session/S-%s\","
                          "\"Status\":\"RequiresPaymentSource\"}}",
                          delayed->reference, delayed->reference);
  soup_server_message_set_status (delayed->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (delayed->msg, "application/json", SOUP_MEMORY_COPY, body,
                                    strlen (body));
  soup_server_message_unpause (delayed->msg);
  g_object_unref (delayed->msg);
  g_free (delayed->reference);
  g_free (delayed);
  return G_SOURCE_REMOVE;
}

static void
reply_by_reference (Fixture *f, SoupServerMessage *msg, Received *received)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  DelayedReply *delayed = g_new0 (DelayedReply, 1);
  const char *reference = NULL;
  guint delay;

  root = paystar_json_parse (g_bytes_get_data (received->body, NULL),
                             (gssize) g_bytes_get_size (received->body), &error);
  g_assert_no_error (error);
  g_assert_true (
    paystar_json_get_string (json_node_get_object (root), "ClientReference", &reference));

  /* Later requests are answered sooner, so the answers cross. */
  delay = 300 - 50 * (guint) MIN (f->received->len, 5);
  delayed->f = f;
  delayed->msg = g_object_ref (msg);
  delayed->reference = g_strdup (reference);
  soup_server_message_pause (msg);
  g_timeout_add (delay, send_delayed_reply, delayed);
}

static void
test_concurrent (Fixture *f, gconstpointer user_data)
{
  enum { N = 5 };
  Result results[N] = { { 0 } };
  PaystarRequest *requests[N];
  gboolean all_done = FALSE;

  f->reply = reply_by_reference;
  for (guint i = 0; i < N; i++) {
    g_autofree char *reference = g_strdup_printf ("REF-%u", i);

    requests[i] = make_request (reference);
    start (f->client, requests[i], NULL, &results[i], NULL);
  }

  {
    guint guard = test_wait_guard (GUARD_SECONDS, "every exchange");

    while (!all_done) {
      g_main_context_iteration (NULL, TRUE);
      all_done = TRUE;
      for (guint i = 0; i < N; i++)
        all_done = all_done && results[i].done;
    }
    g_source_remove (guard);
  }

  g_assert_cmpuint (f->received->len, ==, N);
  for (guint i = 0; i < N; i++) {
    g_autofree char *expected = g_strdup_printf ("S-REF-%u", i);

    g_assert_no_error (results[i].error);
    g_assert_cmpstr (results[i].session->identifier, ==, expected);
    result_clear (&results[i]);
    paystar_request_free (requests[i]);
  }
}

/* Raw sockets: answers no well-behaved server sends */

typedef struct {
  const char *response;
  gsize response_length;
  GByteArray *request; /* what the client sent; written by the worker before "finished" */
  int finished;        /* atomic: the worker thread is done with the connection */
} RawReply;

static void
raw_reply_free (gpointer data, GClosure *closure)
{
  RawReply *reply = data;

  g_clear_pointer (&reply->request, g_byte_array_unref);
  g_free (reply);
}

/* Reads the request (headers, then Content-Length bytes of body) so that closing the socket
 * afterwards is an orderly end, not a reset caused by unread data; returns what was read. */
static GByteArray *
read_request (GInputStream *input)
{
  g_autoptr (GByteArray) data = g_byte_array_new ();
  char buffer[4096];
  gssize n;
  gsize body_start = 0;
  gsize content_length = 0;

  while ((n = g_input_stream_read (input, buffer, sizeof buffer, NULL, NULL)) > 0) {
    g_byte_array_append (data, (const guint8 *) buffer, (guint) n);
    if (body_start == 0) {
      g_autofree char *text = g_strndup ((const char *) data->data, data->len);
      const char *end = strstr (text, "\r\n\r\n");
      const char *length_header;

      if (end == NULL)
        continue;
      body_start = (gsize) (end - text) + 4;
      length_header = strstr (text, "Content-Length: ");
      if (length_header != NULL)
        content_length = g_ascii_strtoull (length_header + strlen ("Content-Length: "), NULL, 10);
    }
    if (data->len >= body_start + content_length)
      break;
  }
  return g_steal_pointer (&data);
}

/* Asserts that the bytes a raw server read are exactly the request the client must send: the
 * request line, the key, the content type and the serialised request as the body. */
static void
assert_raw_request_exact (GByteArray *raw, const PaystarRequest *request)
{
  g_autofree char *text = NULL;
  g_autofree char *head = NULL;
  g_autofree char *expected = NULL;
  g_auto (GStrv) lines = NULL;
  const char *end;
  const char *body;
  gsize expected_length = 0;
  guint n_keys = 0;
  gboolean json_type = FALSE;

  g_assert_nonnull (raw);
  text = g_strndup ((const char *) raw->data, raw->len);
  end = strstr (text, "\r\n\r\n");
  g_assert_nonnull (end);
  head = g_strndup (text, end - text);
  lines = g_strsplit (head, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "POST /integrations/embedded/initiate HTTP/1.1");
  for (guint i = 1; lines[i] != NULL; i++) {
    const char *colon = strchr (lines[i], ':');
    g_autofree char *name = NULL;
    g_autofree char *value = NULL;

    g_assert_nonnull (colon);
    name = g_strndup (lines[i], colon - lines[i]);
    value = g_strstrip (g_strdup (colon + 1));
    if (g_ascii_strcasecmp (name, "X-Paystar-Api-Key") == 0) {
      g_assert_cmpstr (value, ==, API_KEY);
      n_keys++;
    } else if (g_ascii_strcasecmp (name, "Content-Type") == 0) {
      g_assert_cmpstr (value, ==, "application/json");
      json_type = TRUE;
    }
  }
  g_assert_cmpuint (n_keys, ==, 1);
  g_assert_true (json_type);

  body = end + 4;
  expected = paystar_request_to_json (request, &expected_length);
  g_assert_cmpmem (body, raw->len - (gsize) (body - text), expected, expected_length);
}

static gboolean
raw_run (GThreadedSocketService *service,
         GSocketConnection *connection,
         GObject *source_object,
         gpointer user_data)
{
  RawReply *reply = user_data;
  GIOStream *stream = G_IO_STREAM (connection);

  reply->request = read_request (g_io_stream_get_input_stream (stream));
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), reply->response,
                             reply->response_length, NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
  g_atomic_int_set (&reply->finished, TRUE);
  return TRUE;
}

static void
run_raw (Fixture *f, const char *response)
{
  /* No thread limit: a limited service stops and restarts itself from its worker thread,
   * which races with stopping it here. */
  g_autoptr (GSocketService) service = g_threaded_socket_service_new (-1);
  g_autoptr (GError) error = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (PaystarClient) client = NULL;
  g_autofree char *base = NULL;
  RawReply *reply = g_new0 (RawReply, 1);
  gint64 started = g_get_monotonic_time ();

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  /* The reply lives as long as the service, which its worker threads keep alive. */
  reply->response = response;
  reply->response_length = strlen (response);
  g_signal_connect_data (service, "run", G_CALLBACK (raw_run), reply, raw_reply_free, 0);
  g_socket_service_start (service);

  base = g_strdup_printf ("http://127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  client = paystar_client_new (base, API_KEY);
  start (client, f->request, NULL, &f->result, NULL);
  test_wait_until_done (&f->result.done, GUARD_SECONDS, "the exchange");

  /* Stop accepting (the pending accept ends as cancelled) before the listener closes. */
  while (!g_atomic_int_get (&reply->finished)) {
    g_assert_cmpint (g_get_monotonic_time () - started, <, GUARD_SECONDS * G_TIME_SPAN_SECOND);
    g_main_context_iteration (NULL, FALSE);
    g_usleep (1000);
  }
  /* Whatever the answer, the request that went out was the exact one. */
  assert_raw_request_exact (reply->request, f->request);
  g_socket_service_stop (service);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

static void
test_truncated_content_length (Fixture *f, gconstpointer user_data)
{
  /* Declares 400 bytes, sends 40, closes. */
  run_raw (f, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n"
              "{\"hasErrors\":false,\"errors\":[],\"data\":{");
  assert_error (f, PAYSTAR_ERROR_INVALID_RESPONSE);
}

static void
test_truncated_close (Fixture *f, gconstpointer user_data)
{
  /* No length: the close ends the body, which is cut in the middle of the data. */
  run_raw (f, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
              "{\"hasErrors\":false,\"errors\":[],\"data\":{\"PaymentSessionIdentifier\":\"abc");
  assert_error (f, PAYSTAR_ERROR_INVALID_RESPONSE);
}

static void
test_truncated_chunked (Fixture *f, gconstpointer user_data)
{
  run_raw (f, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
              "Transfer-Encoding: chunked\r\n\r\n"
              "10\r\n{\"hasErrors\":fal\r\n");
  assert_error (f, PAYSTAR_ERROR_INVALID_RESPONSE);
}

static void
test_garbage_status_line (Fixture *f, gconstpointer user_data)
{
  run_raw (f, "SSH-2.0-OpenSSH_9.2\r\n\r\n");
  assert_class (f, PAYSTAR_ERROR_INVALID_RESPONSE, PAYSTAR_DELIVERY_UNKNOWN);
}

static void
test_closed_without_answer (Fixture *f, gconstpointer user_data)
{
  /* The server read the whole request, then closed: Paystar may have acted on it. */
  run_raw (f, "");
  assert_class (f, PAYSTAR_ERROR_CONNECTION_LOST, PAYSTAR_DELIVERY_UNKNOWN);
}

/* Connections that fail */

static void
test_connection_refused (Fixture *f, gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (PaystarClient) client = NULL;
  g_autofree char *base = NULL;

  /* A port that was just free and is closed again: nothing listens there. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  base = g_strdup_printf ("http://127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, &error);
  g_assert_no_error (error);

  client = paystar_client_new (base, API_KEY);
  start (client, f->request, NULL, &f->result, NULL);
  test_wait_until_done (&f->result.done, GUARD_SECONDS, "the exchange");
  assert_class (f, PAYSTAR_ERROR_NETWORK, PAYSTAR_DELIVERY_NOT_SENT);
  g_assert_nonnull (strstr (f->result.error->message, "not sent"));
}

static void
test_name_not_resolved (Fixture *f, gconstpointer user_data)
{
  g_autoptr (PaystarClient) client = NULL;

  /* The reserved .invalid domain never resolves (RFC 6761): the resolver says so at once, with
   * or without a network. */
  client = paystar_client_new ("https://nonexistent.invalid", API_KEY);
  start (client, f->request, NULL, &f->result, NULL);
  test_wait_until_done (&f->result.done, GUARD_SECONDS, "the exchange");
  assert_class (f, PAYSTAR_ERROR_NETWORK, PAYSTAR_DELIVERY_NOT_SENT);
  g_assert_nonnull (strstr (f->result.error->message, "not sent"));
}

static void
test_connect_timeout (Fixture *f, gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) listener = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GPtrArray) fillers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (PaystarClient) client = NULL;
  g_autofree char *base = NULL;

  /* A listener that never accepts, with its queue full: the kernel drops further SYNs, so a
   * connection cannot even be made. Nothing was sent. */
  listener =
    g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_set_listen_backlog (listener, 0);
  g_socket_bind (listener, address, FALSE, &error);
  g_assert_no_error (error);
  g_socket_listen (listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (listener, &error);
  g_assert_no_error (error);

  /* Fill the accept queue: connects that complete at once take the free places. */
  for (guint i = 0; i < 8; i++) {
    g_autoptr (GSocket) filler =
      g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

    g_assert_no_error (error);
    g_socket_set_blocking (filler, FALSE);
    g_socket_connect (filler, bound, NULL, NULL);
    g_ptr_array_add (fillers, g_steal_pointer (&filler));
  }

  base = g_strdup_printf ("http://127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  client = paystar_client_new (base, API_KEY);
  paystar_client_set_timeout (client, 1);
  start (client, f->request, NULL, &f->result, NULL);
  test_wait_until_done (&f->result.done, GUARD_SECONDS, "the exchange");
  assert_class (f, PAYSTAR_ERROR_NETWORK, PAYSTAR_DELIVERY_NOT_SENT);
}

static const char test_certificate[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBTDCB86ADAgECAhQpyAr9rfwBxY88fMxYbLC5gXXGIDAKBggqhkjOPQQDAjAU\n"
  "MRIwEAYDVQQDDAkxMjcuMC4wLjEwIBcNMDAwMTAxMDAwMDAwWhgPMjA5OTEyMzEw\n"
  "MDAwMDBaMBQxEjAQBgNVBAMMCTEyNy4wLjAuMTBZMBMGByqGSM49AgEGCCqGSM49\n"
  "AwEHA0IABEbrXbgJPuZKWms9jN3aq9ZuUy8FuwWHjz6ib9zSXIQbh253w/w85Orp\n"
  "/AwTmCWwdV9rlbVB8JZC0R7VlaPpmK+jITAfMA8GA1UdEQQIMAaHBH8AAAEwDAYD\n"
  "VR0TAQH/BAIwADAKBggqhkjOPQQDAgNIADBFAiEAro6eHJb22lz4oarXGJGBy6mG\n"
  "1FhENr7PqG6Lx8WaN1oCIFBzE7oYnoPWPiMjxrBv908fMPFKHdlqD7ueTLey4Zwy\n"
  "-----END CERTIFICATE-----\n"
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg8T1E0VeyJ9kPh/ey\n"
  "Y0Op+Lox0YLJPoBapPRvu0kgOGOhRANCAARG6124CT7mSlprPYzd2qvWblMvBbsF\n"
  "h48+om/c0lyEG4dud8P8POTq6fwME5glsHVfa5W1QfCWQtEe1ZWj6Ziv\n"
  "-----END PRIVATE KEY-----\n";

static void
test_tls_untrusted (Fixture *f, gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GTlsCertificate) certificate = NULL;
  g_autoptr (SoupServer) server = NULL;
  g_autoptr (PaystarClient) client = NULL;
  g_autofree char *base = NULL;
  GSList *uris;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ())) {
    g_test_skip ("No TLS backend (glib-networking) is installed");
    return;
  }

  /* A self-signed certificate for 127.0.0.1: right name, right dates, no trust. */
  certificate = g_tls_certificate_new_from_pem (test_certificate, -1, &error);
  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, server_callback, f, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS,
                            &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_assert_true (g_str_has_prefix (base, "https://127.0.0.1:"));

  client = paystar_client_new (base, API_KEY);
  start (client, f->request, NULL, &f->result, NULL);
  test_wait_until_done (&f->result.done, GUARD_SECONDS, "the exchange");
  assert_class (f, PAYSTAR_ERROR_TLS, PAYSTAR_DELIVERY_NOT_SENT);
  /* The request, and with it the key, never left the station. */
  g_assert_cmpuint (f->received->len, ==, 0);

  soup_server_disconnect (server);
}

/* Base URIs */

static void
assert_refused_base (Fixture *f, const char *base, PaystarError code)
{
  g_autoptr (PaystarClient) client = paystar_client_new (base, API_KEY);

  start (client, f->request, NULL, &f->result, NULL);
  /* Refused before any connection: the answer comes without waiting for the network. */
  test_wait_until_done (&f->result.done, GUARD_SECONDS, "the exchange");
  if (f->result.error == NULL)
    g_error ("accepted base URI %s", base);
  g_assert_error (f->result.error, PAYSTAR_ERROR, (int) code);
  g_assert_cmpint (paystar_error_get_delivery (f->result.error), ==, PAYSTAR_DELIVERY_NOT_SENT);
  g_assert_cmpint (f->result.elapsed_usec, <, G_TIME_SPAN_SECOND);
}

static void
test_insecure_refused (Fixture *f, gconstpointer user_data)
{
  const char *insecure[] = {
    "http://dev-gateway.paystar.io", "http://192.0.2.1:8080",        "http://10.0.0.1",
    "http://127.0.0.1.example.com",  "http://localhost.example.com", "http://[2001:db8::1]:80",
    "HTTP://gateway.paystar.io/",
  };
  const char *invalid[] = {
    "",
    "dev-gateway.paystar.io",
    "ftp://dev-gateway.paystar.io",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "https://",
    "https://user:password@dev-gateway.paystar.io",
    "https://dev-gateway.paystar.io/?x=1",
    "https://dev-gateway.paystar.io/#x",
    "https://dev gateway.paystar.io",
  };

  const char *good[] = {
    "https://dev-gateway.paystar.io",
    "https://secure.paystar.io/",
    "https://gateway.example:8443/api",
    "http://127.0.0.1:8080",
    "http://localhost",
    "http://[::1]:8080/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (insecure); i++) {
    g_autoptr (GError) error = NULL;

    assert_refused_base (f, insecure[i], PAYSTAR_ERROR_INSECURE);
    g_assert_false (paystar_client_check_base_uri (insecure[i], &error));
    g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INSECURE);
  }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++) {
    g_autoptr (GError) error = NULL;

    assert_refused_base (f, invalid[i], PAYSTAR_ERROR_INVALID_INPUT);
    g_assert_false (paystar_client_check_base_uri (invalid[i], &error));
    g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_INPUT);
  }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++) {
    g_autoptr (GError) error = NULL;

    g_assert_true (paystar_client_check_base_uri (good[i], &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (f->received->len, ==, 0);
}

static void
test_loopback_allowed (Fixture *f, gconstpointer user_data)
{
  g_autofree char *port = g_strdup (strrchr (f->base_uri, ':') + 1);
  g_autofree char *localhost = NULL;
  const char *others[] = { "http://127.0.0.2:1", "http://[::1]:1" };

  /* localhost is allowed over http. */
  *strchr (port, '/') = '\0';
  localhost = g_strdup_printf ("http://LocalHost:%s", port);
  g_clear_object (&f->client);
  f->client = paystar_client_new (localhost, API_KEY);
  run (f, NULL);
  if (f->result.error != NULL)
    /* Where localhost resolves to ::1 first and only IPv4 listens, the connection fails; it
     * must still not be refused as insecure. */
    g_assert_error (f->result.error, PAYSTAR_ERROR, PAYSTAR_ERROR_NETWORK);

  /* Other loopback addresses are not refused as insecure either (nothing listens there). */
  for (guint i = 0; i < G_N_ELEMENTS (others); i++) {
    g_autoptr (PaystarClient) client = paystar_client_new (others[i], API_KEY);

    start (client, f->request, NULL, &f->result, NULL);
    test_wait_until_done (&f->result.done, GUARD_SECONDS, "the exchange");
    g_assert_nonnull (f->result.error);
    g_assert_false (g_error_matches (f->result.error, PAYSTAR_ERROR, PAYSTAR_ERROR_INSECURE));
    g_assert_false (g_error_matches (f->result.error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_INPUT));
  }
}

/* Query API lookups */

#define SESSION_DATA                                                                             \
  "{\"paymentSession\":{\"identifier\":\"S/1 ?&\",\"status\":\"Succeeded\",\"subtotal\":150.0}," \
  "\"payment\":{\"status\":\"Succeeded\",\"amountMinor\":15000,\"referenceNumber\":\"NYDVNT-"    \
  "WSQPG\","                                                                                     \
  "\"authCode\":\"A1\"},\"paymentSource\":{\"accountNumberLast4\":\"4242\"},\"lineItems\":[],"   \
  "\"canProcessSession\":false}"
#define SESSION_ENVELOPE "{\"hasErrors\":false,\"errors\":[],\"data\":" SESSION_DATA "}"

static void
lookup_cb (GObject *source, GAsyncResult *async_result, gpointer user_data)
{
  Fixture *f = user_data;

  g_assert_false (f->result.done);
  g_clear_pointer (&f->lookup_info, paystar_session_info_free);
  if (g_task_get_source_tag (G_TASK (async_result)) == paystar_client_lookup_session_async)
    f->lookup_info = paystar_client_lookup_session_finish (PAYSTAR_CLIENT (source), async_result,
                                                           &f->result.error);
  else
    f->lookup_info = paystar_client_lookup_session_by_reference_finish (
      PAYSTAR_CLIENT (source), async_result, &f->result.error);
  g_assert_true ((f->lookup_info == NULL) != (f->result.error == NULL));
  if (f->result.error != NULL) {
    g_assert_null (strstr (f->result.error->message, API_KEY));
    g_test_message ("error %s %d: %s", g_quark_to_string (f->result.error->domain),
                    f->result.error->code, f->result.error->message);
  }
  f->result.done = TRUE;
}

static void
run_lookup (Fixture *f, const char *identifier, const char *reference)
{
  result_clear (&f->result);
  if (identifier != NULL)
    paystar_client_lookup_session_async (f->client, identifier, NULL, lookup_cb, f);
  else
    paystar_client_lookup_session_by_reference_async (f->client, reference, NULL, lookup_cb, f);
  test_wait_until_done (&f->result.done, GUARD_SECONDS, "the exchange");
}

static void
test_lookup (Fixture *f, gconstpointer user_data)
{
  Received *received;

  paystar_client_set_query_paths (f->client, "/q/sessions/{sessionIdentifier}/info", "/q/find");
  g_assert_true (paystar_client_get_can_look_up (f->client));
  g_assert_cmpstr (paystar_client_get_query_session_path (f->client), ==,
                   "/q/sessions/{sessionIdentifier}/info");
  f->body = SESSION_ENVELOPE;

  run_lookup (f, "S/1 ?&", NULL);
  g_assert_no_error (f->result.error);
  g_assert_cmpstr (f->lookup_info->identifier, ==, "S/1 ?&");
  g_assert_cmpint (f->lookup_info->status, ==, PAYSTAR_SESSION_STATUS_SUCCEEDED);
  g_assert_cmpint (f->lookup_info->subtotal, ==, 15000);
  g_assert_cmpstr (f->lookup_info->reference_number, ==, "NYDVNT-WSQPG");
  g_assert_cmpuint (f->received->len, ==, 1);
  received = g_ptr_array_index (f->received, 0);
  /* A GET with the key and no body; the identifier escaped into one path segment (libsoup's
   * server hands the path over decoded). */
  g_assert_cmpstr (received->method, ==, "GET");
  g_assert_cmpstr (received->api_key, ==, API_KEY);
  g_assert_cmpstr (received->accept, ==, "application/json");
  g_assert_cmpuint (g_bytes_get_size (received->body), ==, 0);
  g_assert_cmpstr (received->path, ==, "/q/sessions/S/1 ?&/info");

  run_lookup (f, NULL, "REF 1&x=y");
  g_assert_no_error (f->result.error);
  g_assert_cmpuint (f->received->len, ==, 2);
  received = g_ptr_array_index (f->received, 1);
  g_assert_cmpstr (received->path, ==, "/q/find");
  g_assert_cmpstr (f->last_query_reference, ==, "REF 1&x=y");
}

static void
test_lookup_not_found (Fixture *f, gconstpointer user_data)
{
  paystar_client_set_query_paths (f->client, "/q/{sessionIdentifier}", "/q");

  /* 404, with or without an envelope. */
  f->status = SOUP_STATUS_NOT_FOUND;
  f->body = "{\"hasErrors\":true,\"errors\":[{\"propertyName\":\"\",\"errorMessage\":\"No\"}],"
            "\"data\":null}";
  run_lookup (f, "abc", NULL);
  assert_class (f, PAYSTAR_ERROR_NOT_FOUND, PAYSTAR_DELIVERY_REFUSED);
  f->content_type = "text/html";
  f->body = "<h1>Not Found</h1>";
  run_lookup (f, NULL, "REF-1");
  assert_class (f, PAYSTAR_ERROR_NOT_FOUND, PAYSTAR_DELIVERY_REFUSED);

  /* A 200 envelope without data. */
  f->status = SOUP_STATUS_OK;
  f->content_type = "application/json";
  f->body = "{\"hasErrors\":false,\"errors\":[],\"data\":null}";
  run_lookup (f, NULL, "REF-1");
  assert_class (f, PAYSTAR_ERROR_NOT_FOUND, PAYSTAR_DELIVERY_REFUSED);

  /* hasErrors with another status is a rejection, whatever its words say. */
  f->body = "{\"hasErrors\":true,\"errors\":[\"Session not found\"],\"data\":null}";
  run_lookup (f, "abc", NULL);
  assert_class (f, PAYSTAR_ERROR_REJECTED, PAYSTAR_DELIVERY_REFUSED);
  g_assert_nonnull (strstr (f->result.error->message, "Session not found"));
}

static void
test_lookup_errors (Fixture *f, gconstpointer user_data)
{
  paystar_client_set_query_paths (f->client, "/q/{sessionIdentifier}", "/q");

  /* An answer about another session is not this one's. */
  f->body = SESSION_ENVELOPE;
  run_lookup (f, "another", NULL);
  assert_class (f, PAYSTAR_ERROR_INVALID_RESPONSE, PAYSTAR_DELIVERY_UNKNOWN);

  f->body = "{\"hasErrors\":false,\"data\":{\"paymentSession\":{\"identifier\":7}}}";
  run_lookup (f, NULL, "REF-1");
  assert_class (f, PAYSTAR_ERROR_INVALID_RESPONSE, PAYSTAR_DELIVERY_UNKNOWN);

  f->status = SOUP_STATUS_BAD_GATEWAY;
  f->content_type = "text/html";
  f->body = "<h1>502</h1>";
  run_lookup (f, NULL, "REF-1");
  assert_class (f, PAYSTAR_ERROR_SERVER, PAYSTAR_DELIVERY_UNKNOWN);

  f->status = SOUP_STATUS_UNAUTHORIZED;
  run_lookup (f, NULL, "REF-1");
  assert_class (f, PAYSTAR_ERROR_UNAUTHORIZED, PAYSTAR_DELIVERY_REFUSED);

  f->status = SOUP_STATUS_BAD_REQUEST;
  f->body = NULL;
  run_lookup (f, NULL, "REF-1");
  assert_class (f, PAYSTAR_ERROR_REQUEST_REFUSED, PAYSTAR_DELIVERY_REFUSED);

  f->pause = TRUE;
  paystar_client_set_timeout (f->client, 1);
  run_lookup (f, "abc", NULL);
  assert_class (f, PAYSTAR_ERROR_TIMEOUT, PAYSTAR_DELIVERY_UNKNOWN);
  g_assert_cmpuint (f->received->len, ==, 6);
}

static void
test_lookup_off (Fixture *f, gconstpointer user_data)
{
  /* Off by default; nothing is guessed and nothing is sent. */
  g_assert_false (paystar_client_get_can_look_up (f->client));
  g_assert_null (paystar_client_get_query_session_path (f->client));
  run_lookup (f, "abc", NULL);
  g_assert_error (f->result.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  run_lookup (f, NULL, "REF-1");
  g_assert_error (f->result.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);

  /* One path alone: that lookup works, the other is off, and the pair is not enough. */
  paystar_client_set_query_paths (f->client, "", "/q");
  g_assert_false (paystar_client_get_can_look_up (f->client));
  run_lookup (f, "abc", NULL);
  g_assert_error (f->result.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);

  /* An invalid path fails its lookup before anything is sent. */
  paystar_client_set_query_paths (f->client, "/q/no-placeholder", "/q?x=1");
  g_assert_false (paystar_client_get_can_look_up (f->client));
  run_lookup (f, "abc", NULL);
  assert_class (f, PAYSTAR_ERROR_INVALID_INPUT, PAYSTAR_DELIVERY_NOT_SENT);
  run_lookup (f, NULL, "REF-1");
  assert_class (f, PAYSTAR_ERROR_INVALID_INPUT, PAYSTAR_DELIVERY_NOT_SENT);

  /* No key: not sent. */
  paystar_client_set_query_paths (f->client, "/q/{sessionIdentifier}", "/q");
  paystar_client_set_api_key (f->client, NULL);
  run_lookup (f, "abc", NULL);
  assert_class (f, PAYSTAR_ERROR_NO_API_KEY, PAYSTAR_DELIVERY_NOT_SENT);
  g_assert_cmpuint (f->received->len, ==, 0);
}

static void
test_check_query_path (Fixture *f, gconstpointer user_data)
{
  const char *good_session[] = { "", "/x/sessions/{sessionIdentifier}", "/{sessionIdentifier}",
                                 "/a/{sessionIdentifier}/b.json" };
  const char *bad_session[] = { "/x/sessions",
                                "x/{sessionIdentifier}",
                                "//host/{sessionIdentifier}",
                                "https://host/{sessionIdentifier}",
                                "/x/{sessionIdentifier}?a=1",
                                "/x/{sessionIdentifier}#f",
                                "/x y/{sessionIdentifier}",
                                "/x/{sessionIdentifier}/{sessionIdentifier}",
                                "/x\\{sessionIdentifier}",
                                "/é/{sessionIdentifier}" };
  const char *good_reference[] = { "", "/x/sessions", "/" };
  const char *bad_reference[] = { "x/sessions", "/x?clientReference=", "/x/{sessionIdentifier}",
                                  "http://x/sessions", "/x/../y:\\" };

  for (guint i = 0; i < G_N_ELEMENTS (good_session); i++)
    g_assert_true (paystar_client_check_query_path (good_session[i], TRUE, NULL));
  g_assert_true (paystar_client_check_query_path (NULL, TRUE, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad_session); i++) {
    g_autoptr (GError) error = NULL;

    if (paystar_client_check_query_path (bad_session[i], TRUE, &error))
      g_error ("accepted %s", bad_session[i]);
    g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_INPUT);
  }
  for (guint i = 0; i < G_N_ELEMENTS (good_reference); i++)
    g_assert_true (paystar_client_check_query_path (good_reference[i], FALSE, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad_reference); i++) {
    g_autoptr (GError) error = NULL;

    if (paystar_client_check_query_path (bad_reference[i], FALSE, &error))
      g_error ("accepted %s", bad_reference[i]);
    g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_INPUT);
  }
}

static void
add_with_data (const char *path, void (*test) (Fixture *, gconstpointer), gconstpointer data)
{
  g_test_add (path, Fixture, data, fixture_set_up, test, fixture_tear_down);
}

static void
add (const char *path, void (*test) (Fixture *, gconstpointer))
{
  add_with_data (path, test, NULL);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_log_set_handler ("Paystar", G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO | G_LOG_LEVEL_MESSAGE,
                     check_log_line, NULL);

  add ("/client/success", test_success);
  add ("/client/success-created", test_success_created);
  add ("/client/base-path", test_base_path);
  add ("/client/properties", test_properties);
  add_with_data ("/client/rejected-200", test_rejected, GUINT_TO_POINTER (SOUP_STATUS_OK));
  add_with_data ("/client/rejected-400", test_rejected, GUINT_TO_POINTER (SOUP_STATUS_BAD_REQUEST));
  add_with_data ("/client/rejected-500", test_rejected,
                 GUINT_TO_POINTER (SOUP_STATUS_INTERNAL_SERVER_ERROR));
  add ("/client/rejected-general", test_rejected_general);
  add ("/client/rejected-echoes-key", test_rejected_echoes_key);
  add ("/client/unauthorized-401", test_unauthorized_401);
  add ("/client/unauthorized-403", test_unauthorized_403);
  add ("/client/no-api-key", test_no_api_key);
  add ("/client/server-error-html", test_server_error_html);
  add ("/client/server-error-empty", test_server_error_empty);
  add ("/client/server-error-without-errors", test_server_error_without_errors);
  add ("/client/bad-gateway-html", test_bad_gateway_html);
  add ("/client/garbage-200", test_garbage_200);
  add ("/client/malformed-json", test_malformed_json);
  add ("/client/html-on-200", test_html_on_200);
  add ("/client/wrong-shape", test_wrong_shape);
  add ("/client/other-4xx", test_other_4xx);
  add ("/client/redirect-not-followed", test_redirect_not_followed);
  add ("/client/over-cap-content-length", test_over_cap_content_length);
  add ("/client/over-cap-chunked", test_over_cap_chunked);
  add ("/client/over-cap-endless", test_over_cap_endless);
  add ("/client/at-cap", test_at_cap);
  add ("/client/timeout", test_timeout);
  add ("/client/cancel-in-flight", test_cancel_in_flight);
  add ("/client/cancel-before", test_cancel_before);
  add ("/client/cancel-from-thread", test_cancel_from_thread);
  add ("/client/concurrent", test_concurrent);
  add ("/client/truncated-content-length", test_truncated_content_length);
  add ("/client/truncated-close", test_truncated_close);
  add ("/client/truncated-chunked", test_truncated_chunked);
  add ("/client/garbage-status-line", test_garbage_status_line);
  add ("/client/closed-without-answer", test_closed_without_answer);
  add ("/client/connection-refused", test_connection_refused);
  add ("/client/name-not-resolved", test_name_not_resolved);
  add ("/client/connect-timeout", test_connect_timeout);
  add ("/client/tls-untrusted", test_tls_untrusted);
  add ("/client/insecure-refused", test_insecure_refused);
  add ("/client/loopback-allowed", test_loopback_allowed);
  add ("/client/lookup", test_lookup);
  add ("/client/lookup-not-found", test_lookup_not_found);
  add ("/client/lookup-errors", test_lookup_errors);
  add ("/client/lookup-off", test_lookup_off);
  add ("/client/check-query-path", test_check_query_path);

  status = g_test_run ();
  return status;
}
