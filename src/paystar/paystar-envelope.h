/* paystar-envelope.h: the API's response envelope {hasErrors, errors, data}.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct {
  gboolean has_errors;
  GPtrArray *errors; /* PaystarFieldError*; a plain-string error has property_name "" */
  JsonNode *data;    /* NULL when absent or null */
} PaystarEnvelope;

/* Reads an envelope through the strict JSON reader (capped at @max_bytes). Anything that is not
 * an object with a boolean hasErrors and, when present, an array errors of objects or strings is
 * PAYSTAR_ERROR_INVALID_RESPONSE; the result never crashes on hostile input. */
PaystarEnvelope *
paystar_envelope_parse (const char *body, gsize length, gsize max_bytes, GError **error);
void paystar_envelope_free (PaystarEnvelope *envelope);

/* Builds {"hasErrors": ..., "errors": [{"propertyName", "errorMessage"}...], "data": ...};
 * hasErrors is TRUE when @errors is non-empty. @data may be NULL (null). */
JsonNode *paystar_envelope_build (GPtrArray *errors, JsonNode *data);
/* Serialised as above; "errors" may be NULL (empty). */
char *paystar_envelope_build_string (GPtrArray *errors, JsonNode *data, gsize *length);

/* What a created session returns: data.PaymentSessionIdentifier, PaymentLogInLink, Status. */
typedef struct {
  char *identifier;
  char *link;
  char *status;
} PaystarSession;

/* Reads @data (PascalCase); each member must be a non-empty string and the link an absolute
 * http(s) URL, else PAYSTAR_ERROR_INVALID_RESPONSE. */
PaystarSession *paystar_session_from_data (JsonNode *data, GError **error);
PaystarSession *paystar_session_copy (const PaystarSession *session);
void paystar_session_free (PaystarSession *session);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PaystarEnvelope, paystar_envelope_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PaystarSession, paystar_session_free)

G_END_DECLS
