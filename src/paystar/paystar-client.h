/* paystar-client.h: the HTTP client of Paystar's Embedded API.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "paystar-envelope.h"
#include "paystar-request.h"
#include "paystar-session-info.h"

G_BEGIN_DECLS

#define PAYSTAR_CLIENT_DEFAULT_TIMEOUT            30 /* seconds */
#define PAYSTAR_CLIENT_DEFAULT_MAX_RESPONSE_BYTES (256 * 1024)
/* Where a lookup by session puts the (escaped) session identifier in its path. */
#define PAYSTAR_CLIENT_SESSION_IDENTIFIER_PLACEHOLDER "{sessionIdentifier}"

#define PAYSTAR_TYPE_CLIENT (paystar_client_get_type ())
G_DECLARE_FINAL_TYPE (PaystarClient, paystar_client, PAYSTAR, CLIENT, GObject)

/* @base_uri is the API base, e.g. "https://dev-gateway.paystar.io" or the sandbox's
 * "http://127.0.0.1:PORT". The API key is write-only: there is no getter, and it never appears
 * in a log line or an error message. */
PaystarClient *paystar_client_new (const char *base_uri, const char *api_key);
const char *paystar_client_get_base_uri (PaystarClient *self);
/* Checks @base_uri the way the client does before any request, e.g. for a settings dialog:
 * PAYSTAR_ERROR_INVALID_INPUT unless it is an absolute http(s) URL with a host and without
 * credentials, query or fragment; PAYSTAR_ERROR_INSECURE for http:// to a host that is not
 * loopback (127.0.0.0/8, ::1, localhost). */
gboolean paystar_client_check_base_uri (const char *base_uri, GError **error);
void paystar_client_set_api_key (PaystarClient *self, const char *api_key);
guint paystar_client_get_timeout (PaystarClient *self);
void paystar_client_set_timeout (PaystarClient *self, guint seconds);
gsize paystar_client_get_max_response_bytes (PaystarClient *self);
void paystar_client_set_max_response_bytes (PaystarClient *self, gsize max_bytes);

/* POST /integrations/embedded/initiate with @request serialised by paystar_request_to_json().
 * Plain http:// is refused (PAYSTAR_ERROR_INSECURE) unless the host is loopback; a client without
 * a usable API key fails with PAYSTAR_ERROR_NO_API_KEY before anything is sent. Never retried.
 * What an error means for the sale (sent or not) is paystar_error_get_delivery()'s answer;
 * cancellation is G_IO_ERROR_CANCELLED. */
void paystar_client_initiate_payment_session_async (PaystarClient *self,
                                                    const PaystarRequest *request,
                                                    GCancellable *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer user_data);
/* On PAYSTAR_ERROR_REJECTED, *@field_errors (when not NULL) receives the API's errors[] as
 * PaystarFieldError*; it is set to NULL otherwise. */
PaystarSession *paystar_client_initiate_payment_session_finish (PaystarClient *self,
                                                                GAsyncResult *result,
                                                                GPtrArray **field_errors,
                                                                GError **error);

/* Paystar documents two Query API operations (a session by sessionIdentifier in the path; a
 * session by clientReference as a query parameter) but not their URL paths: both are settings,
 * off by default, never guessed.
 *
 * @session_path: e.g. "/x/sessions/{sessionIdentifier}"; the escaped identifier replaces
 *   PAYSTAR_CLIENT_SESSION_IDENTIFIER_PLACEHOLDER. NULL or "" = off.
 * @reference_path: "?clientReference=<escaped>" is appended. NULL or "" = off.
 * Both are appended to the base URI (without its trailing slashes). Paths are checked when a
 * lookup starts (see paystar_client_check_query_path()); an invalid one fails that lookup with
 * PAYSTAR_ERROR_INVALID_INPUT. */
void paystar_client_set_query_paths (PaystarClient *self,
                                     const char *session_path,
                                     const char *reference_path);
/* NULL when off. */
const char *paystar_client_get_query_session_path (PaystarClient *self);
const char *paystar_client_get_query_reference_path (PaystarClient *self);
/* TRUE when BOTH lookups are configured with valid paths: reconciling a sale needs the lookup
 * by reference (an "outcome unknown" sale may have no session identifier) and the one by
 * identifier. Each lookup also works alone when its own path is set; the other then fails with
 * G_IO_ERROR_NOT_SUPPORTED. */
gboolean paystar_client_get_can_look_up (PaystarClient *self);
/* Checks a Query API path, e.g. for the settings: "" and NULL (off) are fine; otherwise an
 * absolute path starting with a single "/", printable ASCII without spaces, "\", "?", "#" or a
 * scheme; @needs_identifier: it contains "{sessionIdentifier}" exactly once (else it must not
 * contain it). PAYSTAR_ERROR_INVALID_INPUT with a translated message otherwise. */
gboolean
paystar_client_check_query_path (const char *path, gboolean needs_identifier, GError **error);

/* GET the session @session_identifier (with the API key, the same TLS, redirect and size rules
 * as initiate; never retried). Errors:
 *   G_IO_ERROR_NOT_SUPPORTED   the session path is not configured (nothing sent)
 *   PAYSTAR_ERROR_NOT_FOUND    Paystar has no such session: HTTP 404 (whatever the body), or a
 *                              2xx envelope with hasErrors false and data null or absent. Our
 *                              choice: hasErrors true with any other status is
 *                              PAYSTAR_ERROR_REJECTED, never read for "not found" in its text.
 *   PAYSTAR_ERROR_INVALID_RESPONSE  also when the answer is about another session
 *   otherwise the codes of initiate, G_IO_ERROR_CANCELLED included. */
void paystar_client_lookup_session_async (PaystarClient *self,
                                          const char *session_identifier,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data);
PaystarSessionInfo *
paystar_client_lookup_session_finish (PaystarClient *self, GAsyncResult *result, GError **error);
/* GET the session whose ClientReference is @client_reference; the same errors (the reference
 * path is the one that must be configured). */
void paystar_client_lookup_session_by_reference_async (PaystarClient *self,
                                                       const char *client_reference,
                                                       GCancellable *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer user_data);
PaystarSessionInfo *paystar_client_lookup_session_by_reference_finish (PaystarClient *self,
                                                                       GAsyncResult *result,
                                                                       GError **error);

/* Overwrites a secret's bytes (an API key, a PIN) before freeing them. NULL is fine. */
void paystar_secret_free (char *secret);
/* A string that holds a secret, for g_autoptr (PaystarSecret): wiped when it goes. */
typedef char PaystarSecret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PaystarSecret, paystar_secret_free)

G_END_DECLS
