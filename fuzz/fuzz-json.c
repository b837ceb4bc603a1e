/* fuzz-json.c: libFuzzer harness for the strict JSON reader (paystar-json).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Invariants: the scanner, not json-glib, refuses what is refused; what is accepted survives a
 * round trip through paystar_json_to_string() unchanged; PAYSTAR_JSON_WIDE_INTEGERS accepts
 * everything the strict reader accepts, with the same tree.
 */
#include "config.h"

#include "fuzz-util.h"
#include "paystar-error.h"
#include "paystar-json.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

/* The typed getters on every member of an object, as the model code uses them. */
static void
read_members (JsonNode *node)
{
  JsonObject *object;
  g_autoptr (GList) members = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next) {
    const char *text = NULL;
    gint64 integer = 0;
    gboolean boolean = FALSE;
    double number = 0;

    paystar_json_get_string (object, l->data, &text);
    paystar_json_get_int (object, l->data, &integer);
    paystar_json_get_bool (object, l->data, &boolean);
    paystar_json_get_number (object, l->data, &number);
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *text = (const char *) data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) wide_error = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) wide = NULL;

  node = paystar_json_parse (text, (gssize) size, &error);
  wide = paystar_json_parse_full (text, (gssize) size, PAYSTAR_JSON_DEFAULT_MAX_BYTES,
                                  PAYSTAR_JSON_DEFAULT_MAX_DEPTH, PAYSTAR_JSON_WIDE_INTEGERS,
                                  &wide_error);
  if (wide == NULL) {
    fuzz_check (g_error_matches (wide_error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON),
                "a refusal is INVALID_JSON");
    fuzz_check (!g_str_has_prefix (wide_error->message, "The JSON document could not be read"),
                "json-glib refused what the scanner accepted");
  } else {
    read_members (wide);
  }

  if (node == NULL) {
    fuzz_check (g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON),
                "a refusal is INVALID_JSON");
    fuzz_check (!g_str_has_prefix (error->message, "The JSON document could not be read"),
                "json-glib refused what the scanner accepted");
  } else {
    g_autofree char *serialised = paystar_json_to_string (node, NULL);
    g_autoptr (GError) again_error = NULL;
    g_autoptr (JsonNode) again = paystar_json_parse (serialised, -1, &again_error);

    fuzz_check (again != NULL, "the reader accepts what it wrote");
    fuzz_check (json_node_equal (node, again), "a round trip keeps the document");
    fuzz_check (wide != NULL && json_node_equal (node, wide),
                "the wide-integer reader accepts the same document alike");
    read_members (node);
  }
  return 0;
}
