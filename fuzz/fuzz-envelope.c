/* fuzz-envelope.c: libFuzzer harness for the response envelope {hasErrors, errors, data} and the
 * created session in its data (paystar-envelope), as the client reads Paystar's answers.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Invariants: a refusal is INVALID_JSON or INVALID_RESPONSE; an accepted envelope's errors all
 * have a path and a message, and rebuilding it with paystar_envelope_build_string() gives an
 * envelope that reads back with the same errors; a session read from its data has an
 * identifier, an http(s) link and a status.
 */
#include "config.h"

#include "fuzz-util.h"
#include "paystar-envelope.h"
#include "paystar-error.h"
#include "paystar-json.h"
#include "paystar-request.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarEnvelope) envelope = NULL;
  g_autoptr (PaystarEnvelope) rebuilt = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  envelope =
    paystar_envelope_parse ((const char *) data, size, PAYSTAR_JSON_DEFAULT_MAX_BYTES, &error);
  if (envelope == NULL) {
    fuzz_check (g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON) ||
                  g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE),
                "a refusal is INVALID_JSON or INVALID_RESPONSE");
    return 0;
  }
  fuzz_check (envelope->errors != NULL, "an envelope has an error list");
  for (guint i = 0; i < envelope->errors->len; i++) {
    const PaystarFieldError *field = g_ptr_array_index (envelope->errors, i);

    fuzz_check (field->property_name != NULL && field->message != NULL,
                "an error has a path and a message");
  }

  if (envelope->data != NULL) {
    g_autoptr (GError) session_error = NULL;
    g_autoptr (PaystarSession) session = paystar_session_from_data (envelope->data, &session_error);

    if (session != NULL) {
      g_autoptr (PaystarSession) copy = paystar_session_copy (session);

      fuzz_check (session->identifier != NULL && session->identifier[0] != '\0',
                  "a session has an identifier");
      /* Schemes compare without case (RFC 3986), so "HTTPS://" is one too. */
      fuzz_check (session->link != NULL &&
                    (g_ascii_strncasecmp (session->link, "https://", 8) == 0 ||
                     g_ascii_strncasecmp (session->link, "http://", 7) == 0),
                  "a session's link is http(s)");
      fuzz_check (session->status != NULL && session->status[0] != '\0', "a session has a status");
      fuzz_check (g_str_equal (copy->identifier, session->identifier), "a copy is equal");
    } else {
      fuzz_check (g_error_matches (session_error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE),
                  "a session refusal is INVALID_RESPONSE");
    }
  }

  /* What the sandbox builds from the same parts reads back alike. */
  text = paystar_envelope_build_string (envelope->errors, envelope->data, &length);
  rebuilt = paystar_envelope_parse (text, length, G_MAXSIZE, &error);
  fuzz_check (rebuilt != NULL, "a built envelope reads back");
  fuzz_check (rebuilt->errors->len == envelope->errors->len, "with the same number of errors");
  fuzz_check (rebuilt->has_errors == (envelope->errors->len > 0), "hasErrors follows the errors");
  for (guint i = 0; i < envelope->errors->len; i++) {
    const PaystarFieldError *a = g_ptr_array_index (envelope->errors, i);
    const PaystarFieldError *b = g_ptr_array_index (rebuilt->errors, i);

    fuzz_check (g_str_equal (a->property_name, b->property_name) &&
                  g_str_equal (a->message, b->message),
                "with the same errors");
  }
  fuzz_check ((envelope->data == NULL) == (rebuilt->data == NULL) &&
                (envelope->data == NULL || json_node_equal (envelope->data, rebuilt->data)),
              "with the same data");
  return 0;
}
