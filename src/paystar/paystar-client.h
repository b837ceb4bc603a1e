/* paystar-client.h: the HTTP client of Paystar's Embedded API.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "paystar-envelope.h"
#include "paystar-request.h"

G_BEGIN_DECLS

#define PAYSTAR_CLIENT_DEFAULT_TIMEOUT            30 /* seconds */
#define PAYSTAR_CLIENT_DEFAULT_MAX_RESPONSE_BYTES (256 * 1024)

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
 * Plain http:// is refused (PAYSTAR_ERROR_INSECURE) unless the host is loopback. */
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

G_END_DECLS
