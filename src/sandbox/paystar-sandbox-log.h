/* paystar-sandbox-log.h: the bounded log of recent requests behind GET /_sandbox/requests, with
 * API keys and card data taken out before anything is kept.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define PAYSTAR_SANDBOX_LOG_MAX_ENTRIES    200
#define PAYSTAR_SANDBOX_LOG_MAX_BODY_BYTES (16 * 1024)

typedef struct _PaystarSandboxLog PaystarSandboxLog;

typedef struct {
  const char *method;
  const char *path;  /* as received, still percent-encoded */
  const char *query; /* as received, or NULL */
  guint status;
  gint64 time;     /* unix time, microseconds, when the request arrived */
  gint64 duration; /* microseconds */
  SoupMessageHeaders *headers;
  const char *body; /* may be NULL */
  gsize body_length;
  gsize body_received;    /* bytes that arrived; more than body_length when it was cut */
  gboolean has_card_data; /* the hosted page's pay body: card members are dropped */
} PaystarSandboxLogRequest;

PaystarSandboxLog *paystar_sandbox_log_new (guint max_entries);
void paystar_sandbox_log_free (PaystarSandboxLog *self);
/* Records @request, evicting the oldest entry past the maximum. Values of X-Paystar-Api-Key,
 * Authorization, Proxy-Authorization and Cookie become "[redacted]"; a JSON body keeps its shape
 * with cardNumber, expiry and cvc removed (when @has_card_data) and every digit sequence that
 * could be a card number masked; other bodies are kept as text, masked and cut at 4 KiB, except
 * pay bodies, which are dropped. */
void paystar_sandbox_log_add (PaystarSandboxLog *self, const PaystarSandboxLogRequest *request);
void paystar_sandbox_log_clear (PaystarSandboxLog *self);
/* {"max": N, "requests": [oldest ... newest]} */
JsonNode *paystar_sandbox_log_to_json (PaystarSandboxLog *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PaystarSandboxLog, paystar_sandbox_log_free)

G_END_DECLS
