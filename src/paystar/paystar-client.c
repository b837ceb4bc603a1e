/* paystar-client.c: the HTTP client of Paystar's Embedded API (POST .../embedded/initiate) and
 * of its Query API (GET a session by identifier or by ClientReference).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "paystar-client.h"
#include "paystar-error-private.h"
#include "paystar-error.h"
#include "paystar-session-info.h"

/* How the client behaves, and why:
 *
 * - One SoupSession per client, so connections (and their TLS handshakes) are reused between
 *   sales. TLS certificates are checked by GIO's default database; "accept-certificate" is never
 *   connected, so an invalid certificate always fails the request (PAYSTAR_ERROR_TLS).
 * - Nothing is ever sent twice. libsoup restarts a request on its own only for idempotent
 *   methods (and this POST is not one), redirects are switched off with SOUP_MESSAGE_NO_REDIRECT
 *   (a redirect could carry the API key to another host or turn the POST into a GET), and this
 *   file has no retry loop. Whether to submit again is the clerk's decision.
 * - Two clocks: libsoup's "timeout" bounds each socket operation (connecting, waiting for the
 *   answer), and a deadline of the same number of seconds bounds the whole exchange, so that a
 *   server trickling one byte a second cannot hold a sale forever.
 * - The response body is read in chunks of READ_CHUNK bytes and reading stops as soon as more
 *   than max-response-bytes have arrived, so at most max-response-bytes + READ_CHUNK are held.
 * - The API key is only ever written into the X-Paystar-Api-Key header. It has no getter, is
 *   wiped from memory when replaced, and no log line or error message is built from anything
 *   that could hold it: messages from the server are passed through scrub_secret() before they
 *   go into an error message.
 * - Every error says whether the request may have reached Paystar (paystar_error_get_delivery()).
 *   The client watches the message's "wrote-body" signal: a transport failure before the whole
 *   request was written is PAYSTAR_ERROR_NETWORK or _TLS (nothing Paystar could act on left the
 *   station), after it PAYSTAR_ERROR_CONNECTION_LOST or _TIMEOUT (it may have). An answer that
 *   arrives before the body was written (an early 401, say) is read as an answer.
 * - Cancellation by the caller is G_IO_ERROR_CANCELLED, as GIO's own calls report it.
 * - The Query API's paths are not published: both are settings (paystar_client_set_query_paths),
 *   off by default, and the client never guesses them. */

#define INITIATE_PATH "/integrations/embedded/initiate"
#define READ_CHUNK    16384
/* Our choice: a response envelope is a few hundred bytes; 64 MiB is far beyond any use and keeps
 * the body's length within a GByteArray's guint. */
#define MAX_RESPONSE_BYTES_LIMIT (64 * 1024 * 1024)
/* Our choice: idle keep-alive connections are dropped after at most this many seconds, well
 * below the 60 s or more that common servers and load balancers keep them, so a POST is not
 * sent on a connection the server is about to close (it would fail, and is never re-sent). */
#define MAX_IDLE_TIMEOUT 15
#define MAX_TIMEOUT      600
/* Our choice: how much of the server's own explanation goes into one error message. */
#define MAX_SERVER_TEXT_CHARS 300

struct _PaystarClient {
  GObject parent_instance;

  char *base_uri;
  char *base_trimmed; /* base_uri without trailing slashes; NULL when not acceptable */
  GUri *endpoint;     /* NULL when base_uri is not acceptable */
  GError *uri_error;  /* why base_uri is not acceptable */
  char *api_key;      /* NULL when unset */
  guint timeout;      /* seconds */
  gsize max_response_bytes;
  char *query_session_path;   /* NULL: off */
  char *query_reference_path; /* NULL: off */
  SoupSession *session;
};

G_DEFINE_FINAL_TYPE (PaystarClient, paystar_client, G_TYPE_OBJECT)

enum { PROP_0, PROP_BASE_URI, PROP_API_KEY, PROP_TIMEOUT, PROP_MAX_RESPONSE_BYTES, N_PROPS };

static GParamSpec *properties[N_PROPS];

typedef enum {
  OPERATION_INITIATE,
  OPERATION_LOOKUP,              /* by session identifier */
  OPERATION_LOOKUP_BY_REFERENCE, /* by ClientReference */
} Operation;

/* One request in flight. The client may run any number of these at once; they share only the
 * SoupSession. */
typedef struct {
  Operation operation;
  char *expected_identifier; /* a lookup by identifier: the answer must be about this session */
  SoupMessage *message;
  gulong wrote_body_id;
  gboolean wrote_body;       /* the whole request was written: Paystar may act on it from now on */
  GCancellable *cancellable; /* ours: handed to libsoup; fired by the caller or the deadline */
  GCancellable *caller_cancellable; /* the caller's, or NULL */
  gulong cancelled_id;
  GSource *deadline;
  gboolean timed_out;
  guint timeout;
  gsize max_bytes;
  char *api_key; /* for scrub_secret(); a copy, wiped when the request ends */
  GInputStream *stream;
  GByteArray *body;
  guint status;
} Request;

typedef struct {
  PaystarSession *session;  /* initiate */
  PaystarSessionInfo *info; /* lookups */
  GPtrArray *field_errors;  /* set with PAYSTAR_ERROR_REJECTED */
  GError *error;
} Outcome;

void
paystar_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static void
outcome_free (Outcome *outcome)
{
  g_clear_pointer (&outcome->session, paystar_session_free);
  g_clear_pointer (&outcome->info, paystar_session_info_free);
  g_clear_pointer (&outcome->field_errors, g_ptr_array_unref);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

static void
request_free (Request *request)
{
  if (request->caller_cancellable != NULL) {
    g_cancellable_disconnect (request->caller_cancellable, request->cancelled_id);
    g_clear_object (&request->caller_cancellable);
  }
  if (request->deadline != NULL) {
    g_source_destroy (request->deadline);
    g_clear_pointer (&request->deadline, g_source_unref);
  }
  g_clear_object (&request->stream);
  g_clear_object (&request->cancellable);
  if (request->message != NULL && request->wrote_body_id != 0)
    g_signal_handler_disconnect (request->message, request->wrote_body_id);
  g_clear_object (&request->message);
  g_free (request->expected_identifier);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_clear_pointer (&request->api_key, paystar_secret_free);
  g_free (request);
}

/* Replaces every occurrence of @secret in @text, so that a server echoing the key back cannot
 * get it into an error message. */
static char *
scrub_secret (const char *text, const char *secret)
{
  GString *out;
  const char *p = text;
  const char *hit;
  gsize secret_length;

  if (secret == NULL || *secret == '\0' || strstr (text, secret) == NULL)
    return g_strdup (text);

  secret_length = strlen (secret);
  out = g_string_new (NULL);
  while ((hit = strstr (p, secret)) != NULL) {
    g_string_append_len (out, p, hit - p);
    g_string_append (out, "[hidden]");
    p = hit + secret_length;
  }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

/* Base URI */

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr (GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  /* Only the textual forms inet_pton() accepts: "127.1" or "2130706433" are not taken for
   * loopback, which errs on the safe side. */
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* Checks @base_uri and builds the endpoint. A base URI with credentials, a query or a fragment is
 * refused: none has a meaning for this API, and credentials would be sent to the server. */
static GUri *
build_endpoint (const char *base_uri, char **out_trimmed, GError **error)
{
  g_autoptr (GUri) base = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *endpoint = NULL;
  const char *scheme;
  const char *host;
  gsize length;

  base = g_uri_parse (base_uri, G_URI_FLAGS_ENCODED, NULL);
  for (const char *p = base_uri; base != NULL && *p != '\0'; p++) {
    /* GUri lets spaces and control characters through; no usable address has them. */
    if ((guchar) *p <= 0x20 || (guchar) *p == 0x7f || *p == '\\')
      g_clear_pointer (&base, g_uri_unref);
  }
  if (base == NULL) {
    g_set_error_literal (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_INPUT,
                         _ ("The configured Paystar address is not a valid URL. Ask an "
                            "administrator to correct it in the station's settings."));
    return NULL;
  }

  scheme = g_uri_get_scheme (base);
  host = g_uri_get_host (base);
  if ((g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0) ||
      host == NULL || *host == '\0' || g_uri_get_userinfo (base) != NULL ||
      g_uri_get_query (base) != NULL || g_uri_get_fragment (base) != NULL) {
    g_set_error_literal (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_INPUT,
                         _ ("The configured Paystar address must be an https:// URL such as "
                            "https://secure.paystar.io. Ask an administrator to correct it in "
                            "the station's settings."));
    return NULL;
  }

  if (g_ascii_strcasecmp (scheme, "http") == 0 && !host_is_loopback (host)) {
    g_set_error_literal (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INSECURE,
                         _ ("The configured Paystar address uses plain http://, which is only "
                            "allowed for this computer (localhost). Ask an administrator to "
                            "change it to an https:// address."));
    return NULL;
  }

  trimmed = g_strdup (base_uri);
  length = strlen (trimmed);
  while (length > 0 && trimmed[length - 1] == '/')
    trimmed[--length] = '\0';
  endpoint = g_strconcat (trimmed, INITIATE_PATH, NULL);
  if (out_trimmed != NULL)
    *out_trimmed = g_steal_pointer (&trimmed);
  return g_uri_parse (endpoint, G_URI_FLAGS_ENCODED, error);
}

/* The API key goes into an HTTP header: it must be non-empty visible ASCII (RFC 9110 field
 * value, without the obs-text libsoup would refuse with a warning). */
static gboolean
api_key_is_usable (const char *api_key)
{
  if (api_key == NULL || *api_key == '\0')
    return FALSE;
  for (const char *p = api_key; *p != '\0'; p++) {
    if ((guchar) *p < 0x21 || (guchar) *p > 0x7e)
      return FALSE;
  }
  return TRUE;
}

/* GObject */

static void
paystar_client_constructed (GObject *object)
{
  PaystarClient *self = PAYSTAR_CLIENT (object);

  G_OBJECT_CLASS (paystar_client_parent_class)->constructed (object);

  if (self->base_uri == NULL)
    g_set_error_literal (&self->uri_error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_INPUT,
                         _ ("No Paystar address is configured. Ask an administrator to set it in "
                            "the station's settings."));
  else
    self->endpoint = build_endpoint (self->base_uri, &self->base_trimmed, &self->uri_error);

  self->session = soup_session_new_with_options ("user-agent", "paystar-pos/" PACKAGE_VERSION,
                                                 "timeout", self->timeout, "idle-timeout",
                                                 MIN (self->timeout, MAX_IDLE_TIMEOUT), NULL);
}

static void
paystar_client_dispose (GObject *object)
{
  PaystarClient *self = PAYSTAR_CLIENT (object);

  /* Requests hold a reference to the client, so none is in flight here. */
  g_clear_object (&self->session);

  G_OBJECT_CLASS (paystar_client_parent_class)->dispose (object);
}

static void
paystar_client_finalize (GObject *object)
{
  PaystarClient *self = PAYSTAR_CLIENT (object);

  g_free (self->base_uri);
  g_free (self->base_trimmed);
  g_free (self->query_session_path);
  g_free (self->query_reference_path);
  g_clear_pointer (&self->endpoint, g_uri_unref);
  g_clear_error (&self->uri_error);
  g_clear_pointer (&self->api_key, paystar_secret_free);

  G_OBJECT_CLASS (paystar_client_parent_class)->finalize (object);
}

static void
paystar_client_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PaystarClient *self = PAYSTAR_CLIENT (object);

  switch (prop_id) {
    case PROP_BASE_URI:
      g_value_set_string (value, self->base_uri);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_MAX_RESPONSE_BYTES:
      g_value_set_uint64 (value, self->max_response_bytes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
paystar_client_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  PaystarClient *self = PAYSTAR_CLIENT (object);

  switch (prop_id) {
    case PROP_BASE_URI:
      self->base_uri = g_value_dup_string (value);
      break;
    case PROP_API_KEY:
      paystar_client_set_api_key (self, g_value_get_string (value));
      break;
    case PROP_TIMEOUT:
      paystar_client_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_MAX_RESPONSE_BYTES:
      paystar_client_set_max_response_bytes (self, (gsize) g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
paystar_client_class_init (PaystarClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = paystar_client_constructed;
  object_class->dispose = paystar_client_dispose;
  object_class->finalize = paystar_client_finalize;
  object_class->get_property = paystar_client_get_property;
  object_class->set_property = paystar_client_set_property;

  properties[PROP_BASE_URI] =
    g_param_spec_string ("base-uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Write-only on purpose: nothing can read the key back out of the client. */
  properties[PROP_API_KEY] =
    g_param_spec_string ("api-key", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, MAX_TIMEOUT, PAYSTAR_CLIENT_DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MAX_RESPONSE_BYTES] =
    g_param_spec_uint64 ("max-response-bytes", NULL, NULL, 1, MAX_RESPONSE_BYTES_LIMIT,
                         PAYSTAR_CLIENT_DEFAULT_MAX_RESPONSE_BYTES,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
paystar_client_init (PaystarClient *self)
{
  self->timeout = PAYSTAR_CLIENT_DEFAULT_TIMEOUT;
  self->max_response_bytes = PAYSTAR_CLIENT_DEFAULT_MAX_RESPONSE_BYTES;
}

PaystarClient *
paystar_client_new (const char *base_uri, const char *api_key)
{
  g_return_val_if_fail (base_uri != NULL, NULL);

  return g_object_new (PAYSTAR_TYPE_CLIENT, "base-uri", base_uri, "api-key", api_key, NULL);
}

const char *
paystar_client_get_base_uri (PaystarClient *self)
{
  g_return_val_if_fail (PAYSTAR_IS_CLIENT (self), NULL);

  return self->base_uri;
}

gboolean
paystar_client_check_base_uri (const char *base_uri, GError **error)
{
  g_autoptr (GUri) endpoint = NULL;

  g_return_val_if_fail (base_uri != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  endpoint = build_endpoint (base_uri, NULL, error);
  return endpoint != NULL;
}

void
paystar_client_set_api_key (PaystarClient *self, const char *api_key)
{
  g_return_if_fail (PAYSTAR_IS_CLIENT (self));

  if (g_strcmp0 (self->api_key, api_key) == 0)
    return;
  g_clear_pointer (&self->api_key, paystar_secret_free);
  self->api_key = g_strdup (api_key);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_KEY]);
}

guint
paystar_client_get_timeout (PaystarClient *self)
{
  g_return_val_if_fail (PAYSTAR_IS_CLIENT (self), 0);

  return self->timeout;
}

void
paystar_client_set_timeout (PaystarClient *self, guint seconds)
{
  g_return_if_fail (PAYSTAR_IS_CLIENT (self));
  g_return_if_fail (seconds >= 1 && seconds <= MAX_TIMEOUT);

  if (self->timeout == seconds)
    return;
  self->timeout = seconds;
  if (self->session != NULL) {
    soup_session_set_timeout (self->session, seconds);
    soup_session_set_idle_timeout (self->session, MIN (seconds, MAX_IDLE_TIMEOUT));
  }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

gsize
paystar_client_get_max_response_bytes (PaystarClient *self)
{
  g_return_val_if_fail (PAYSTAR_IS_CLIENT (self), 0);

  return self->max_response_bytes;
}

void
paystar_client_set_max_response_bytes (PaystarClient *self, gsize max_bytes)
{
  g_return_if_fail (PAYSTAR_IS_CLIENT (self));
  g_return_if_fail (max_bytes >= 1 && max_bytes <= MAX_RESPONSE_BYTES_LIMIT);

  if (self->max_response_bytes == max_bytes)
    return;
  self->max_response_bytes = max_bytes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RESPONSE_BYTES]);
}

/* Query API paths */

gboolean
paystar_client_check_query_path (const char *path, gboolean needs_identifier, GError **error)
{
  const char *placeholder;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (path == NULL || *path == '\0')
    return TRUE;

  /* A path, not an address: "//host/..." would be read as another host by some parsers. */
  if (path[0] != '/' || path[1] == '/')
    return paystar_set_error (error, PAYSTAR_ERROR_INVALID_INPUT, "%s",
                              _ ("A Query API path must start with a single “/”, such as "
                                 "/sessions/{sessionIdentifier}, without a scheme or a host."));
  for (const char *p = path; *p != '\0'; p++) {
    if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7f || *p == '\\' || *p == '?' || *p == '#')
      return paystar_set_error (error, PAYSTAR_ERROR_INVALID_INPUT, "%s",
                                _ ("A Query API path cannot contain spaces, “?”, “#”, “\\” or "
                                   "characters outside ASCII."));
  }
  if (strstr (path, "://") != NULL)
    return paystar_set_error (error, PAYSTAR_ERROR_INVALID_INPUT, "%s",
                              _ ("A Query API path must start with a single “/”, such as "
                                 "/sessions/{sessionIdentifier}, without a scheme or a host."));

  placeholder = strstr (path, PAYSTAR_CLIENT_SESSION_IDENTIFIER_PLACEHOLDER);
  if (needs_identifier &&
      (placeholder == NULL ||
       strstr (placeholder + 1, PAYSTAR_CLIENT_SESSION_IDENTIFIER_PLACEHOLDER) != NULL))
    return paystar_set_error (error, PAYSTAR_ERROR_INVALID_INPUT, "%s",
                              _ ("The path of the lookup by session must contain "
                                 "{sessionIdentifier} once, where the session’s identifier goes."));
  if (!needs_identifier && placeholder != NULL)
    return paystar_set_error (error, PAYSTAR_ERROR_INVALID_INPUT, "%s",
                              _ ("The path of the lookup by reference cannot contain "
                                 "{sessionIdentifier}: the reference is added as "
                                 "?clientReference=…"));
  return TRUE;
}

static char *
empty_to_null (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

void
paystar_client_set_query_paths (PaystarClient *self,
                                const char *session_path,
                                const char *reference_path)
{
  g_return_if_fail (PAYSTAR_IS_CLIENT (self));

  g_free (self->query_session_path);
  self->query_session_path = empty_to_null (session_path);
  g_free (self->query_reference_path);
  self->query_reference_path = empty_to_null (reference_path);
}

const char *
paystar_client_get_query_session_path (PaystarClient *self)
{
  g_return_val_if_fail (PAYSTAR_IS_CLIENT (self), NULL);

  return self->query_session_path;
}

const char *
paystar_client_get_query_reference_path (PaystarClient *self)
{
  g_return_val_if_fail (PAYSTAR_IS_CLIENT (self), NULL);

  return self->query_reference_path;
}

gboolean
paystar_client_get_can_look_up (PaystarClient *self)
{
  g_return_val_if_fail (PAYSTAR_IS_CLIENT (self), FALSE);

  return self->query_session_path != NULL && self->query_reference_path != NULL &&
         paystar_client_check_query_path (self->query_session_path, TRUE, NULL) &&
         paystar_client_check_query_path (self->query_reference_path, FALSE, NULL);
}

/* Ending a request */

static void
close_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  /* Closing an abandoned body fails with G_IO_ERROR_CANCELLED by design; nothing to report. */
  g_input_stream_close_finish (G_INPUT_STREAM (source), result, NULL);
}

/* Lets go of the response stream without blocking: a body read to its end is closed normally
 * (its connection can be reused); any other is closed with our cancellable already fired, so
 * libsoup drops the connection instead of reading (and waiting for) the rest of the body. */
static void
release_stream (Request *request, gboolean at_end)
{
  g_autoptr (GInputStream) stream = g_steal_pointer (&request->stream);

  if (stream == NULL)
    return;
  if (!at_end)
    g_cancellable_cancel (request->cancellable);
  g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, at_end ? NULL : request->cancellable,
                              close_done, NULL);
}

static GError *
cancelled_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                              _ ("The request to Paystar was cancelled."));
}

static void
return_outcome (GTask *task, Outcome *outcome, gboolean at_end)
{
  Request *request = g_task_get_task_data (task);

  release_stream (request, at_end);
  if (request->deadline != NULL) {
    g_source_destroy (request->deadline);
    g_clear_pointer (&request->deadline, g_source_unref);
  }

  /* Whatever happened, a caller that cancelled gets G_IO_ERROR_CANCELLED, as GIO's own calls
   * do. */
  if (request->caller_cancellable != NULL &&
      g_cancellable_is_cancelled (request->caller_cancellable) &&
      !g_error_matches (outcome->error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    g_clear_pointer (&outcome->session, paystar_session_free);
    g_clear_pointer (&outcome->info, paystar_session_info_free);
    g_clear_pointer (&outcome->field_errors, g_ptr_array_unref);
    g_clear_error (&outcome->error);
    outcome->error = cancelled_error ();
  }

  g_task_return_pointer (task, outcome, (GDestroyNotify) outcome_free);
}

static void
return_error (GTask *task, GError *error)
{
  Outcome *outcome = g_new0 (Outcome, 1);

  outcome->error = error;
  return_outcome (task, outcome, FALSE);
}

static gboolean
is_lookup (const Request *request)
{
  return request->operation != OPERATION_INITIATE;
}

/* An answer that is there but cannot be used: after a POST, Paystar may have created the
 * session all the same. */
static GError *
invalid_response_error (Request *request, guint status)
{
  if (is_lookup (request))
    return g_error_new (PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE,
                        _ ("Paystar sent an answer about the session that the station cannot "
                           "read (HTTP %u). Try again later; if it keeps happening, contact "
                           "Paystar support."),
                        status);
  return g_error_new (PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE,
                      _ ("Paystar sent an answer the station cannot read (HTTP %u), so the sale "
                         "may or may not have reached it. Check the sale’s outcome before "
                         "submitting it again; if it keeps happening, contact Paystar support."),
                      status);
}

static GError *
server_error (Request *request, guint status)
{
  if (is_lookup (request))
    return g_error_new (PAYSTAR_ERROR, PAYSTAR_ERROR_SERVER,
                        _ ("Paystar answered the lookup with an error (HTTP %u). Wait a moment "
                           "and try again; if it keeps happening, contact Paystar support."),
                        status);
  return g_error_new (PAYSTAR_ERROR, PAYSTAR_ERROR_SERVER,
                      _ ("Paystar answered with an error (HTTP %u): the payment session may or "
                         "may not exist. Check the sale’s outcome before submitting it again; "
                         "if it keeps happening, contact Paystar support."),
                      status);
}

static GError *
request_refused_error (Request *request, guint status)
{
  if (is_lookup (request))
    return g_error_new (PAYSTAR_ERROR, PAYSTAR_ERROR_REQUEST_REFUSED,
                        _ ("Paystar refused the lookup (HTTP %u). Ask an administrator to check "
                           "the Query API paths in the station’s settings."),
                        status);
  return g_error_new (PAYSTAR_ERROR, PAYSTAR_ERROR_REQUEST_REFUSED,
                      _ ("Paystar refused the request (HTTP %u) and created no payment session. "
                         "Ask an administrator to check the Paystar address in the station’s "
                         "settings; if it keeps happening, contact Paystar support."),
                      status);
}

/* Before the whole request was written: nothing Paystar could act on left the station. */
static GError *
not_sent_error (Request *request, const char *reason)
{
  if (is_lookup (request))
    return g_error_new (PAYSTAR_ERROR, PAYSTAR_ERROR_NETWORK,
                        /* Translators: %s is one of the reasons below, such as "the server name
                         * could not be found." */
                        _ ("Paystar could not be reached, so the session was not looked up: %s "
                           "Check the station’s network connection and try again."),
                        reason);
  return g_error_new (PAYSTAR_ERROR, PAYSTAR_ERROR_NETWORK,
                      /* Translators: %s is one of the reasons below, such as "the server name
                       * could not be found." */
                      _ ("Paystar could not be reached, so the sale was not sent: %s Check the "
                         "station’s network connection and submit it again."),
                      reason);
}

static GError *
timeout_error (Request *request)
{
  if (!request->wrote_body) {
    g_autofree char *reason =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "no connection within %u second.",
                                    "no connection within %u seconds.", request->timeout),
                       request->timeout);

    return not_sent_error (request, reason);
  }
  if (is_lookup (request))
    return g_error_new (PAYSTAR_ERROR, PAYSTAR_ERROR_TIMEOUT,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "Paystar did not answer the lookup within %u second. Try "
                                     "again later.",
                                     "Paystar did not answer the lookup within %u seconds. Try "
                                     "again later.",
                                     request->timeout),
                        request->timeout);
  /* Paystar may have created the session before the answer was lost; the caller keeps the
   * sale (and its ClientReference) rather than starting over. */
  return g_error_new (PAYSTAR_ERROR, PAYSTAR_ERROR_TIMEOUT,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "The sale was sent, but Paystar did not answer within %u "
                                   "second; it may have received it. Check the sale’s outcome "
                                   "before submitting it again.",
                                   "The sale was sent, but Paystar did not answer within %u "
                                   "seconds; it may have received it. Check the sale’s outcome "
                                   "before submitting it again.",
                                   request->timeout),
                      request->timeout);
}

static GError *
connection_lost_error (Request *request)
{
  if (is_lookup (request))
    return g_error_new_literal (PAYSTAR_ERROR, PAYSTAR_ERROR_CONNECTION_LOST,
                                _ ("The connection to Paystar broke before its answer about the "
                                   "session arrived. Check the station’s network connection and "
                                   "try again."));
  return g_error_new_literal (PAYSTAR_ERROR, PAYSTAR_ERROR_CONNECTION_LOST,
                              _ ("The connection broke after the sale was sent; Paystar may have "
                                 "received it. Check the sale’s outcome before submitting it "
                                 "again."));
}

static GError *
too_large_error (Request *request)
{
  return g_error_new (PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE,
                      _ ("Paystar's answer is larger than the %lu bytes the station accepts (HTTP "
                         "%u). Try again; if it keeps happening, "
                         "contact Paystar support."),
                      (unsigned long) request->max_bytes, request->status);
}

static GError *
not_found_error (Request *request)
{
  if (request->operation == OPERATION_LOOKUP_BY_REFERENCE)
    return g_error_new_literal (PAYSTAR_ERROR, PAYSTAR_ERROR_NOT_FOUND,
                                _ ("Paystar has no payment session with this reference."));
  return g_error_new_literal (PAYSTAR_ERROR, PAYSTAR_ERROR_NOT_FOUND,
                              _ ("Paystar has no payment session with this identifier."));
}

/* Maps a failure of libsoup or of the body stream. @reading is TRUE once the response headers
 * have arrived. */
static GError *
transport_error (Request *request, const GError *error, gboolean reading)
{
  g_debug ("Request to Paystar failed: %s (%s %d), request %s", error->message,
           g_quark_to_string (error->domain), error->code,
           request->wrote_body ? "written" : "not written");

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    if (request->timed_out)
      return timeout_error (request);
    if (request->caller_cancellable != NULL &&
        g_cancellable_is_cancelled (request->caller_cancellable))
      return cancelled_error ();
    /* Nothing else cancels our cancellable while the request is running. */
  }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return timeout_error (request);

  if (reading) {
    /* The status line came; the body was cut off. The status still says what happened. */
    if (SOUP_STATUS_IS_SERVER_ERROR (request->status))
      return server_error (request, request->status);
    if (request->status == SOUP_STATUS_NOT_FOUND && is_lookup (request))
      return not_found_error (request);
    if (SOUP_STATUS_IS_CLIENT_ERROR (request->status))
      return request_refused_error (request, request->status);
    return g_error_new (PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE,
                        _ ("Paystar's answer was cut off (HTTP %u), so the station does not know "
                           "what it said. Check the outcome before trying again."),
                        request->status);
  }

  if (request->wrote_body && error->domain == SOUP_SESSION_ERROR)
    /* Something answered, but not in HTTP the station can read. */
    return g_error_new_literal (PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE,
                                is_lookup (request)
                                  ? _ ("Paystar sent an answer about the session that the station "
                                       "cannot read. Try again later; if it keeps happening, "
                                       "contact Paystar support.")
                                  : _ ("Paystar sent an answer the station cannot read, so the "
                                       "sale may or may not have reached it. Check the sale’s "
                                       "outcome before submitting it again."));
  if (request->wrote_body)
    return connection_lost_error (request);

  if (error->domain == G_TLS_ERROR)
    return g_error_new_literal (
      PAYSTAR_ERROR, PAYSTAR_ERROR_TLS,
      is_lookup (request)
        ? _ ("A secure connection to Paystar could not be established, so the session was not "
             "looked up: the server's certificate was not accepted. Check the station's date and "
             "time and the configured Paystar address; if both are right, contact Paystar "
             "support.")
        : _ ("A secure connection to Paystar could not be established, so the sale was not "
             "sent: the server's certificate was not accepted. Check the station's date and time "
             "and the configured Paystar address; if both are right, contact Paystar support."));

  if (error->domain == G_RESOLVER_ERROR)
    return not_sent_error (request, _ ("the server name could not be found."));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return not_sent_error (request, _ ("the connection was refused."));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    return not_sent_error (request, _ ("the network is unreachable."));
  return not_sent_error (request, _ ("the connection failed."));
}

/* Builds the REJECTED message. Errors that name a field are shown next to that field by the
 * caller; errors that name none are only visible here, so their text is included. */
static GError *
rejected_error (Request *request, GPtrArray *field_errors)
{
  g_autoptr (GString) general = g_string_new (NULL);
  g_autofree char *scrubbed = NULL;

  for (guint i = 0; i < field_errors->len; i++) {
    const PaystarFieldError *field_error = g_ptr_array_index (field_errors, i);

    if (*field_error->property_name != '\0')
      continue;
    if (general->len > 0)
      g_string_append_c (general, ' ');
    g_string_append (general, field_error->message);
  }

  if (general->len == 0)
    return g_error_new_literal (PAYSTAR_ERROR, PAYSTAR_ERROR_REJECTED,
                                is_lookup (request)
                                  ? _ ("Paystar refused the lookup. Ask an administrator to check "
                                       "the Query API paths in the station’s settings.")
                                  : _ ("Paystar did not accept the sale. Correct the fields shown "
                                       "and submit again."));

  /* Scrubbed first, then cut: cutting first could leave half a key that no longer matches. */
  scrubbed = scrub_secret (general->str, request->api_key);
  /* Keep a chatty server's text to a size a dialog can show; it is valid UTF-8 (the strict
   * reader checked). */
  if (g_utf8_strlen (scrubbed, -1) > MAX_SERVER_TEXT_CHARS) {
    g_autofree char *cut = g_utf8_substring (scrubbed, 0, MAX_SERVER_TEXT_CHARS);

    g_free (scrubbed);
    scrubbed = g_strconcat (cut, "…", NULL);
  }
  if (is_lookup (request))
    return g_error_new (PAYSTAR_ERROR, PAYSTAR_ERROR_REJECTED,
                        /* Translators: %s is Paystar's own explanation, in English. */
                        _ ("Paystar refused the lookup: “%s”."), scrubbed);
  return g_error_new (PAYSTAR_ERROR, PAYSTAR_ERROR_REJECTED,
                      /* Translators: %s is Paystar's own explanation, in English. */
                      _ ("Paystar did not accept the sale: “%s”. Correct the sale and submit "
                         "again."),
                      scrubbed);
}

/* The answer to a lookup. The Query API's error answers are not published, so (our choice):
 * HTTP 404 is "no such session" whatever the body; a 2xx envelope with hasErrors false and no
 * data is "no such session" too; hasErrors true with any other status is REJECTED (it is not
 * read for words like "not found"). */
static void
finish_lookup (Request *request, PaystarEnvelope *envelope, Outcome *outcome)
{
  g_autoptr (GError) parse_error = NULL;
  guint status = request->status;

  if (status == SOUP_STATUS_NOT_FOUND) {
    outcome->error = not_found_error (request);
    return;
  }
  if (envelope == NULL)
    return;
  if (envelope->has_errors) {
    outcome->field_errors = g_steal_pointer (&envelope->errors);
    outcome->error = rejected_error (request, outcome->field_errors);
    return;
  }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    return;
  if (envelope->data == NULL) {
    outcome->error = not_found_error (request);
    return;
  }

  outcome->info = paystar_session_info_from_data (envelope->data, &parse_error);
  if (outcome->info == NULL) {
    g_debug ("Paystar answered HTTP %u with unusable data: %s", status, parse_error->message);
    return;
  }
  if (request->expected_identifier != NULL &&
      g_strcmp0 (outcome->info->identifier, request->expected_identifier) != 0) {
    /* An answer about another session must not be taken for this one's. */
    g_debug ("Paystar answered a lookup with another session's data");
    g_clear_pointer (&outcome->info, paystar_session_info_free);
  }
}

static void
finish_initiate (Request *request, PaystarEnvelope *envelope, Outcome *outcome)
{
  g_autoptr (GError) parse_error = NULL;
  guint status = request->status;

  if (envelope == NULL)
    return;
  if (envelope->has_errors) {
    /* The only published error sample is HTTP 200 with hasErrors: true, and the status of
     * other errors is unknown, so hasErrors decides, whatever the status. */
    outcome->field_errors = g_steal_pointer (&envelope->errors);
    outcome->error = rejected_error (request, outcome->field_errors);
  } else if (SOUP_STATUS_IS_SUCCESSFUL (status)) {
    /* Our choice: hasErrors is the documented flag, so hasErrors: false with a usable session
     * is a success even if errors[] (wrongly) has entries; the session exists either way. */
    outcome->session = paystar_session_from_data (envelope->data, &parse_error);
    if (outcome->session == NULL)
      g_debug ("Paystar answered HTTP %u with unusable data: %s", status, parse_error->message);
  }
}

static void
finish_body (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr (PaystarEnvelope) envelope = NULL;
  g_autoptr (GError) parse_error = NULL;
  Outcome *outcome = g_new0 (Outcome, 1);
  guint status = request->status;

  envelope = paystar_envelope_parse ((const char *) request->body->data, request->body->len,
                                     request->max_bytes, &parse_error);
  if (envelope == NULL)
    g_debug ("Paystar answered HTTP %u with a body that is not an envelope: %s", status,
             parse_error->message);

  if (is_lookup (request))
    finish_lookup (request, envelope, outcome);
  else
    finish_initiate (request, envelope, outcome);

  if (outcome->session == NULL && outcome->info == NULL && outcome->error == NULL) {
    if (SOUP_STATUS_IS_SERVER_ERROR (status))
      outcome->error = server_error (request, status);
    else if (SOUP_STATUS_IS_CLIENT_ERROR (status))
      outcome->error = request_refused_error (request, status);
    else
      outcome->error = invalid_response_error (request, status);
  }

  return_outcome (task, outcome, TRUE);
}

static void read_next_chunk (GTask *task);

static void
read_chunk_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) chunk = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL) {
    return_error (task, transport_error (request, error, TRUE));
    return;
  }

  if (g_bytes_get_size (chunk) == 0) {
    finish_body (task);
    return;
  }

  g_byte_array_append (request->body, g_bytes_get_data (chunk, NULL),
                       (guint) g_bytes_get_size (chunk));
  if (request->body->len > request->max_bytes) {
    return_error (task, too_large_error (request));
    return;
  }

  read_next_chunk (task);
}

static void
read_next_chunk (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  /* Always a whole chunk: libsoup 3.2 fails an assertion when a chunked body is read a byte or
   * two at a time. So up to max_bytes + READ_CHUNK bytes are held before the cap is noticed,
   * which is still a fixed bound. */
  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   request->cancellable, read_chunk_cb, g_object_ref (task));
}

static void
send_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  SoupMessageHeaders *headers;
  goffset content_length;

  request->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (request->stream == NULL) {
    return_error (task, transport_error (request, error, FALSE));
    return;
  }

  request->status = soup_message_get_status (request->message);
  headers = soup_message_get_response_headers (request->message);
  g_debug ("Paystar answered HTTP %u", request->status);

  if (request->status == SOUP_STATUS_UNAUTHORIZED || request->status == SOUP_STATUS_FORBIDDEN) {
    return_error (task, g_error_new (PAYSTAR_ERROR, PAYSTAR_ERROR_UNAUTHORIZED,
                                     _ ("Paystar refused the station's API key (HTTP %u). Ask an "
                                        "administrator to check the API key in the station's "
                                        "settings."),
                                     request->status));
    return;
  }

  /* Redirects are not followed (see the top of this file), so a 3xx ends here. */
  if (SOUP_STATUS_IS_REDIRECTION (request->status) ||
      SOUP_STATUS_IS_INFORMATIONAL (request->status)) {
    return_error (task, invalid_response_error (request, request->status));
    return;
  }

  /* A declared length over the cap is refused before reading. With a Content-Encoding the
   * declared length is the compressed one, so only the bounded read decides. */
  content_length = soup_message_headers_get_content_length (headers);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_one (headers, "Content-Encoding") == NULL && content_length > 0 &&
      (guint64) content_length > request->max_bytes) {
    return_error (task, too_large_error (request));
    return;
  }

  request->body = g_byte_array_new ();
  read_next_chunk (task);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Request *request = user_data;

  /* The operation in flight then fails with G_IO_ERROR_CANCELLED, read as a timeout. */
  request->timed_out = TRUE;
  g_clear_pointer (&request->deadline, g_source_unref);
  g_cancellable_cancel (request->cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
cancel_in_context (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

typedef struct {
  GCancellable *target;
  GMainContext *context;
} CancelLink;

static void
cancel_link_free (gpointer data)
{
  CancelLink *link = data;

  g_object_unref (link->target);
  g_main_context_unref (link->context);
  g_free (link);
}

/* The caller's cancellable may fire in any thread, but libsoup must only be touched from the
 * thread running the request's main context, so the cancellation is passed there. */
static void
caller_cancelled_cb (GCancellable *caller_cancellable, gpointer user_data)
{
  CancelLink *link = user_data;

  if (g_main_context_is_owner (link->context)) {
    g_cancellable_cancel (link->target);
  } else {
    g_autoptr (GSource) source = g_idle_source_new ();

    g_source_set_priority (source, G_PRIORITY_HIGH);
    g_source_set_callback (source, cancel_in_context, g_object_ref (link->target), g_object_unref);
    g_source_attach (source, link->context);
  }
}

static void
wrote_body_cb (SoupMessage *message, gpointer user_data)
{
  Request *request = user_data;

  request->wrote_body = TRUE;
}

/* Creates the task and its request; returns NULL (having answered the task) when the call
 * cannot start: cancelled already, no usable address or no API key. Nothing is sent then. */
static GTask *
request_begin (PaystarClient *self,
               Operation operation,
               gpointer source_tag,
               GCancellable *cancellable,
               GAsyncReadyCallback callback,
               gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  Request *request;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  /* Cancellation is reported by return_outcome(), after the request's resources are let go. */
  g_task_set_check_cancellable (task, FALSE);

  request = g_new0 (Request, 1);
  request->operation = operation;
  request->timeout = self->timeout;
  request->max_bytes = self->max_response_bytes;
  request->cancellable = g_cancellable_new ();
  request->api_key = g_strdup (self->api_key);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if (cancellable != NULL && g_cancellable_is_cancelled (cancellable)) {
    return_error (task, cancelled_error ());
    return NULL;
  }
  if (self->endpoint == NULL) {
    return_error (task, g_error_copy (self->uri_error));
    return NULL;
  }
  if (!api_key_is_usable (self->api_key)) {
    return_error (task,
                  g_error_new_literal (PAYSTAR_ERROR, PAYSTAR_ERROR_NO_API_KEY,
                                       self->api_key == NULL || *self->api_key == '\0'
                                         ? _ ("No Paystar API key is configured, so nothing was "
                                              "sent. Ask an administrator to enter it in the "
                                              "station's settings.")
                                         : _ ("The configured Paystar API key contains characters "
                                              "an API key cannot have, so nothing was sent. Ask "
                                              "an administrator to enter it again in the station's "
                                              "settings.")));
    return NULL;
  }
  return g_steal_pointer (&task);
}

/* Sends @message (owned by the request from now on) with the key and the client's rules. */
static void
request_send (PaystarClient *self, GTask *task, SoupMessage *message, GCancellable *cancellable)
{
  Request *request = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  request->message = message;
  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "X-Paystar-Api-Key", self->api_key);
  request->wrote_body_id =
    g_signal_connect (request->message, "wrote-body", G_CALLBACK (wrote_body_cb), request);

  if (cancellable != NULL) {
    CancelLink *link = g_new0 (CancelLink, 1);

    link->target = g_object_ref (request->cancellable);
    link->context = g_main_context_ref (g_task_get_context (task));
    request->caller_cancellable = g_object_ref (cancellable);
    request->cancelled_id =
      g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb), link, cancel_link_free);
  }

  request->deadline = g_timeout_source_new (request->timeout * 1000);
  g_source_set_callback (request->deadline, deadline_cb, request, NULL);
  g_source_attach (request->deadline, g_task_get_context (task));

  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT,
                           request->cancellable, send_cb, g_object_ref (task));
}

void
paystar_client_initiate_payment_session_async (PaystarClient *self,
                                               const PaystarRequest *paystar_request,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GBytes) body = NULL;
  SoupMessage *message;
  char *json;
  gsize length = 0;

  g_return_if_fail (PAYSTAR_IS_CLIENT (self));
  g_return_if_fail (paystar_request != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = request_begin (self, OPERATION_INITIATE, paystar_client_initiate_payment_session_async,
                        cancellable, callback, user_data);
  if (task == NULL)
    return;

  json = paystar_request_to_json (paystar_request, &length);
  body = g_bytes_new_take (json, length);

  message = soup_message_new_from_uri (SOUP_METHOD_POST, self->endpoint);
  soup_message_set_request_body_from_bytes (message, "application/json", body);
  request_send (self, task, message, cancellable);
}

/* Takes the outcome out of @result: the caller gets what was asked for, the outcome is freed. */
static Outcome *
propagate_outcome (GAsyncResult *result, GPtrArray **field_errors, GError **error)
{
  Outcome *outcome;

  /* The outcome stays owned by the task; what the caller gets is taken out of it. */
  outcome = g_task_propagate_pointer (G_TASK (result), NULL);
  if (outcome == NULL)
    return NULL;

  if (outcome->error != NULL) {
    if (field_errors != NULL && outcome->field_errors != NULL)
      *field_errors = g_steal_pointer (&outcome->field_errors);
    g_propagate_error (error, g_steal_pointer (&outcome->error));
    outcome_free (outcome);
    return NULL;
  }
  return outcome;
}

PaystarSession *
paystar_client_initiate_payment_session_finish (PaystarClient *self,
                                                GAsyncResult *result,
                                                GPtrArray **field_errors,
                                                GError **error)
{
  Outcome *outcome;
  PaystarSession *session;

  if (field_errors != NULL)
    *field_errors = NULL;

  g_return_val_if_fail (PAYSTAR_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (
    g_task_get_source_tag (G_TASK (result)) == paystar_client_initiate_payment_session_async, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  outcome = propagate_outcome (result, field_errors, error);
  if (outcome == NULL)
    return NULL;
  session = g_steal_pointer (&outcome->session);
  outcome_free (outcome);
  return session;
}

/* Lookups */

static GError *
lookup_off_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                              _ ("Paystar’s session lookup is not set up on this station: "
                                 "Paystar has not published its paths."));
}

static void
lookup_start (PaystarClient *self,
              Operation operation,
              gpointer source_tag,
              const char *path,
              const char *argument,
              GCancellable *cancellable,
              GAsyncReadyCallback callback,
              gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *address = NULL;
  Request *request;

  task = request_begin (self, operation, source_tag, cancellable, callback, user_data);
  if (task == NULL)
    return;
  request = g_task_get_task_data (task);

  if (path == NULL) {
    return_error (task, lookup_off_error ());
    return;
  }
  if (!paystar_client_check_query_path (path, operation == OPERATION_LOOKUP, &error)) {
    return_error (task, g_steal_pointer (&error));
    return;
  }

  /* Everything but the unreserved characters is escaped, "/", "?", "&", "=" and "#" included. */
  escaped = g_uri_escape_string (argument, NULL, FALSE);
  if (operation == OPERATION_LOOKUP) {
    g_autoptr (GString) filled = g_string_new (path);

    g_string_replace (filled, PAYSTAR_CLIENT_SESSION_IDENTIFIER_PLACEHOLDER, escaped, 1);
    address = g_strconcat (self->base_trimmed, filled->str, NULL);
    request->expected_identifier = g_strdup (argument);
  } else {
    address = g_strconcat (self->base_trimmed, path, "?clientReference=", escaped, NULL);
  }

  uri = g_uri_parse (address, G_URI_FLAGS_ENCODED, &error);
  if (uri == NULL) {
    return_error (task, g_error_new_literal (PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_INPUT,
                                             _ ("The Query API path does not make a valid "
                                                "address. Ask an administrator to correct it in "
                                                "the station’s settings.")));
    return;
  }
  request_send (self, task, soup_message_new_from_uri (SOUP_METHOD_GET, uri), cancellable);
}

void
paystar_client_lookup_session_async (PaystarClient *self,
                                     const char *session_identifier,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  g_return_if_fail (PAYSTAR_IS_CLIENT (self));
  g_return_if_fail (session_identifier != NULL && *session_identifier != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  lookup_start (self, OPERATION_LOOKUP, paystar_client_lookup_session_async,
                self->query_session_path, session_identifier, cancellable, callback, user_data);
}

PaystarSessionInfo *
paystar_client_lookup_session_finish (PaystarClient *self, GAsyncResult *result, GError **error)
{
  Outcome *outcome;
  PaystarSessionInfo *info;

  g_return_val_if_fail (PAYSTAR_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (
    g_task_get_source_tag (G_TASK (result)) == paystar_client_lookup_session_async, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  outcome = propagate_outcome (result, NULL, error);
  if (outcome == NULL)
    return NULL;
  info = g_steal_pointer (&outcome->info);
  outcome_free (outcome);
  return info;
}

void
paystar_client_lookup_session_by_reference_async (PaystarClient *self,
                                                  const char *client_reference,
                                                  GCancellable *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer user_data)
{
  g_return_if_fail (PAYSTAR_IS_CLIENT (self));
  g_return_if_fail (client_reference != NULL && *client_reference != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  lookup_start (self, OPERATION_LOOKUP_BY_REFERENCE,
                paystar_client_lookup_session_by_reference_async, self->query_reference_path,
                client_reference, cancellable, callback, user_data);
}

PaystarSessionInfo *
paystar_client_lookup_session_by_reference_finish (PaystarClient *self,
                                                   GAsyncResult *result,
                                                   GError **error)
{
  Outcome *outcome;
  PaystarSessionInfo *info;

  g_return_val_if_fail (PAYSTAR_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                          paystar_client_lookup_session_by_reference_async,
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  outcome = propagate_outcome (result, NULL, error);
  if (outcome == NULL)
    return NULL;
  info = g_steal_pointer (&outcome->info);
  outcome_free (outcome);
  return info;
}
