/* fuzz-request.c: libFuzzer harness for an initiate body read as the sandbox reads it: the strict
 * reader (with PAYSTAR_JSON_WIDE_INTEGERS), the request model and every validation rule.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Invariants: every reader and validation error names a path and says something; a request
 * serialised by paystar_request_to_json() is strict JSON that reads back without errors and
 * serialises to the same text; a copy serialises alike.
 */
#include "config.h"

#include "fuzz-util.h"
#include "paystar-json.h"
#include "paystar-request.h"

static const char *const pos_users[] = { "ava@acme-utilities.example", "ben@acme-utilities.example",
                                         NULL };
static const char *const known_users[] = { "ava@acme-utilities.example",
                                           "ben@acme-utilities.example",
                                           "cory@acme-utilities.example", NULL };
static const char *const payment_fields[] = { "invoiceNumber", "memoLine", NULL };

static gboolean
reference_taken (const char *reference, gpointer user_data)
{
  return g_strcmp0 (reference, "TAKEN-1") == 0;
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
check_errors (GPtrArray *errors)
{
  for (guint i = 0; i < errors->len; i++) {
    const PaystarFieldError *field = g_ptr_array_index (errors, i);

    fuzz_check (field->property_name != NULL, "an error names a path");
    fuzz_check (field->message != NULL && field->message[0] != '\0', "an error says something");
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const PaystarBusinessUnitProfile profile = {
    "acme-utilities", pos_users, known_users, payment_fields, reference_taken, NULL,
  };
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  g_autoptr (GPtrArray) again_errors = paystar_field_errors_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonNode) again_root = NULL;
  g_autoptr (PaystarRequest) request = NULL;
  g_autoptr (PaystarRequest) again = NULL;
  g_autoptr (PaystarRequest) copy = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again_text = NULL;
  g_autofree char *copy_text = NULL;

  root = paystar_json_parse_full (size > 0 ? (const char *) data : "", (gssize) size,
                                  PAYSTAR_JSON_DEFAULT_MAX_BYTES, PAYSTAR_JSON_DEFAULT_MAX_DEPTH,
                                  PAYSTAR_JSON_WIDE_INTEGERS, NULL);
  if (root == NULL)
    return 0;

  request = paystar_request_from_json_node (root, errors);
  if (request == NULL) {
    fuzz_check (!JSON_NODE_HOLDS_OBJECT (root), "only a non-object is no request");
    fuzz_check (errors->len == 1, "with one error");
    return 0;
  }
  paystar_request_validate_with_profile (request, &profile, errors);
  paystar_request_validate_with_profile (request, NULL, errors);
  check_errors (errors);
  paystar_request_total (request);

  /* What the model holds is a request the client could send: strict JSON, read back exactly. */
  text = paystar_request_to_json (request, NULL);
  again_root = paystar_json_parse (text, -1, NULL);
  fuzz_check (again_root != NULL, "a serialised request is strict JSON");
  again = paystar_request_from_json_node (again_root, again_errors);
  fuzz_check (again != NULL && again_errors->len == 0, "a serialised request reads back");
  again_text = paystar_request_to_json (again, NULL);
  fuzz_check (g_str_equal (text, again_text), "and serialises to the same text");

  copy = paystar_request_copy (request);
  copy_text = paystar_request_to_json (copy, NULL);
  fuzz_check (g_str_equal (text, copy_text), "a copy serialises alike");
  return 0;
}
