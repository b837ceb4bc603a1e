/* test-json.c: tests for the strict JSON reader (paystar-json) and its typed getters.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "paystar-error.h"
#include "paystar-json.h"

/* A document the reader must refuse. @length is -1 for NUL-terminated text; @fragment must
 * appear in the error message (it names the problem and the byte offset). */
typedef struct {
  const char *name;
  const char *input;
  gssize length;
  const char *fragment;
} RejectCase;

static const RejectCase reject_cases[] = {
  /* json-glib 1.6 reads this as -1. */
  { "int-overflow", "99999999999999999999", -1, "integer at byte 0 is out of range" },
  { "int-overflow-negative", "-9223372036854775809", -1, "integer at byte 0 is out of range" },
  { "int-overflow-by-one", "9223372036854775808", -1, "integer at byte 0 is out of range" },
  { "int-overflow-nested", "{\"amount\": [1, 99999999999999999999]}", -1,
    "integer at byte 15 is out of range" },
  { "float-overflow", "1e999", -1, "number at byte 0 is out of range" },
  { "float-overflow-negative", "[-1e400]", -1, "number at byte 1 is out of range" },
  /* json-glib 1.6 accepts comments. */
  { "comment-line", "// hello\n1", -1, "Comments are not allowed in JSON (byte 0)" },
  { "comment-block", "/* hello */ 1", -1, "Comments are not allowed in JSON (byte 0)" },
  { "comment-after-value", "1 // x", -1, "Comments are not allowed in JSON (byte 2)" },
  { "comment-in-array", "[1 /* x */]", -1, "Comments are not allowed in JSON (byte 3)" },
  { "comment-in-object", "{\"a\": 1, /* x */ \"b\": 2}", -1, "Comments are not allowed" },
  /* json-glib 1.6 accepts single quotes. */
  { "single-quote-value", "'a'", -1, "Single quotes are not allowed in JSON at byte 0" },
  { "single-quote-key", "{'a': 1}", -1, "Single quotes are not allowed in JSON at byte 1" },
  { "single-quote-in-array", "[\"a\", 'b']", -1,
    "Single quotes are not allowed in JSON at byte 6" },
  /* json-glib 1.6 accepts hex and octal. */
  { "hex", "0x10", -1, "Hexadecimal numbers are not allowed in JSON (byte 0)" },
  { "hex-upper", "[0X1F]", -1, "Hexadecimal numbers are not allowed in JSON (byte 1)" },
  { "hex-negative", "-0x1", -1, "Hexadecimal numbers are not allowed in JSON (byte 0)" },
  { "octal", "017", -1, "leading zeros (byte 0)" },
  { "leading-zeros", "[00]", -1, "leading zeros (byte 1)" },
  { "leading-zero-negative", "-01", -1, "leading zeros (byte 0)" },
  /* json-glib 1.6 cuts strings at \u0000. */
  { "nul-escape", "\"a\\u0000b\"", -1, "\\u0000 at byte 2 is not allowed" },
  { "nul-escape-key", "{\"a\\u0000b\": 1}", -1, "\\u0000 at byte 3 is not allowed" },
  /* json-glib 1.6 keeps the last of two equal keys. */
  { "duplicate-key", "{\"a\": 1, \"a\": 2}", -1, "Duplicate key “a” at byte 9" },
  { "duplicate-key-nested", "{\"o\": {\"b\": 1, \"b\": 2}}", -1, "Duplicate key “b” at byte 15" },
  { "duplicate-key-escaped", "{\"a\": 1, \"\\u0061\": 2}", -1, "Duplicate key “a” at byte 9" },
  { "duplicate-key-escaped-first", "{\"\\u0061\":1,\"a\":2}", -1, "Duplicate key “a” at byte 12" },
  { "duplicate-key-unicode", "{\"\xc3\xa9\": 1, \"\\u00E9\": 2}", -1, "Duplicate key “é”" },
  { "duplicate-key-surrogates", "{\"\xf0\x9f\x98\x80\":1,\"\\ud83d\\ude00\":2}", -1,
    "Duplicate key “\xf0\x9f\x98\x80” at byte 10" },
  { "duplicate-key-solidus", "{\"a/b\":1,\"a\\/b\":2}", -1, "Duplicate key “a/b” at byte 9" },
  { "duplicate-key-second-object", "[{\"a\": 1}, {\"a\": 1, \"a\": 2}]", -1,
    "Duplicate key “a” at byte 20" },
  { "duplicate-key-empty", "{\"\": 1, \"\": 2}", -1, "Duplicate key “” at byte 8" },
  { "duplicate-key-after-nested", "{\"a\": {\"x\": 1}, \"b\": [], \"a\": 3}", -1,
    "Duplicate key “a” at byte 25" },
  { "duplicate-key-control-escaped", "{\"\\n\": 1, \"\\n\": 2}", -1, "Duplicate key “\\x0A”" },
  /* Exactly one root value. */
  { "trailing-garbage", "{} x", -1, "after the end of the document at byte 3" },
  { "trailing-word", "nullx", -1, "after the end of the document at byte 4" },
  { "trailing-word-in-array", "[truex]", -1, "Unexpected “x” at byte 5" },
  { "two-roots", "{} {}", -1, "after the end of the document at byte 3" },
  { "two-numbers", "1 2", -1, "after the end of the document at byte 2" },
  { "two-strings", "\"a\"\"b\"", -1, "after the end of the document at byte 3" },
  { "trailing-comma-root", "[1] ,", -1, "after the end of the document at byte 4" },
  { "empty", "", -1, "The document is empty" },
  { "empty-with-length", "{}", 0, "The document is empty" },
  { "whitespace-only", " \t\r\n ", -1, "The document is empty" },
  /* Strings. */
  { "lone-high-surrogate", "\"\\ud800\"", -1, "Unpaired UTF-16 surrogate escape at byte 1" },
  { "lone-low-surrogate", "\"\\udc00\"", -1, "Unpaired UTF-16 surrogate escape at byte 1" },
  { "high-surrogate-then-letter", "\"\\ud83dx\"", -1, "Unpaired UTF-16 surrogate escape" },
  { "high-surrogate-then-bmp", "\"\\ud83d\\u0041\"", -1, "Unpaired UTF-16 surrogate escape" },
  { "two-high-surrogates", "\"\\ud83d\\ud83d\"", -1, "Unpaired UTF-16 surrogate escape" },
  { "raw-newline", "\"a\nb\"", -1, "Control character 0x0A inside a string at byte 2" },
  { "raw-tab", "[\"a\tb\"]", -1, "Control character 0x09 inside a string at byte 3" },
  { "raw-control", "\"\x01\"", -1, "Control character 0x01 inside a string at byte 1" },
  { "raw-nul-in-string", "\"a\0b\"", 5, "Control character 0x00 inside a string at byte 2" },
  { "nul-after-value", "1\0", 2, "after the end of the document at byte 1" },
  { "unknown-escape", "\"\\x41\"", -1, "Unknown escape sequence at byte 1" },
  { "escape-single-quote", "\"\\'\"", -1, "Unknown escape sequence at byte 1" },
  { "short-unicode-escape", "\"\\u12\"", -1, "four hexadecimal digits (byte 1)" },
  { "bad-unicode-escape", "\"\\u12G4\"", -1, "four hexadecimal digits (byte 1)" },
  { "unterminated-string", "\"abc", -1, "string that starts at byte 0 is not closed" },
  { "unterminated-escape", "\"abc\\", -1, "ends too early" },
  /* UTF-8. */
  { "utf8-invalid-byte", "\"\xff\"", -1, "Invalid UTF-8 at byte 1" },
  { "utf8-lone-continuation", "\"a\x80\"", -1, "Invalid UTF-8 at byte 2" },
  { "utf8-overlong-2", "\"\xc0\xaf\"", -1, "Invalid UTF-8 at byte 1" },
  { "utf8-overlong-slash", "\"\xc1\xbf\"", -1, "Invalid UTF-8 at byte 1" },
  { "utf8-overlong-3", "\"\xe0\x80\xaf\"", -1, "Invalid UTF-8 at byte 1" },
  { "utf8-overlong-4", "\"\xf0\x80\x80\xaf\"", -1, "Invalid UTF-8 at byte 1" },
  { "utf8-surrogate", "\"\xed\xa0\x80\"", -1, "Invalid UTF-8 at byte 1" },
  { "utf8-above-max", "\"\xf4\x90\x80\x80\"", -1, "Invalid UTF-8 at byte 1" },
  { "utf8-f5", "\"\xf5\x80\x80\x80\"", -1, "Invalid UTF-8 at byte 1" },
  { "utf8-truncated", "\"\xe2\x82\"", -1, "Invalid UTF-8 at byte 1" },
  { "utf8-truncated-at-end", "\"\xe2\x82", -1, "Invalid UTF-8 at byte 1" },
  { "utf8-in-key", "{\"\xc3\": 1}", -1, "Invalid UTF-8 at byte 2" },
  { "utf8-outside-string", "\xc3\xa9", -1, "Unexpected byte 0xC3 at byte 0" },
  { "byte-order-mark", "\xef\xbb\xbf{}", -1, "byte-order mark" },
  /* Numbers. */
  { "nan", "NaN", -1, "Unknown word “NaN” at byte 0" },
  { "infinity", "[Infinity]", -1, "Unknown word “Infinity” at byte 1" },
  { "minus-infinity", "-Infinity", -1, "A digit must follow “-” at byte 0" },
  { "plus", "+1", -1, "must not start with “+” (byte 0)" },
  { "leading-point", ".5", -1, "must start with a digit, like 0.5 (byte 0)" },
  { "leading-point-negative", "-.5", -1, "A digit must follow “-” at byte 0" },
  { "trailing-point", "1.", -1, "A digit must follow the decimal point at byte 1" },
  { "trailing-point-exponent", "1.e5", -1, "A digit must follow the decimal point at byte 1" },
  { "empty-exponent", "1e", -1, "A digit must follow the exponent at byte 2" },
  { "empty-exponent-sign", "[1e+]", -1, "A digit must follow the exponent at byte 4" },
  { "lone-minus", "-", -1, "A digit must follow “-” at byte 0" },
  { "double-minus", "--1", -1, "A digit must follow “-” at byte 0" },
  { "minus-space", "- 1", -1, "A digit must follow “-” at byte 0" },
  { "two-points", "1.5.2", -1, "after the end of the document at byte 3" },
  { "two-points-in-array", "[1.5.2]", -1, "Unexpected “.” at byte 4" },
  /* Grammar. */
  { "trailing-comma-array", "[1,]", -1, "Trailing comma before byte 3" },
  { "trailing-comma-object", "{\"a\": 1,}", -1, "Trailing comma before byte 8" },
  { "leading-comma", "[,1]", -1, "Unexpected “,” at byte 1; expected a value" },
  { "empty-member", "{,}", -1, "Unexpected “,” at byte 1; expected a member name" },
  { "missing-colon", "{\"a\" 1}", -1, "Unexpected “1” at byte 5; expected “:”" },
  { "missing-value", "{\"a\":}", -1, "Unexpected “}” at byte 5; expected a value" },
  { "unquoted-key", "{a: 1}", -1, "Unexpected “a” at byte 1; expected a member name" },
  { "number-key", "{1: 2}", -1, "Unexpected “1” at byte 1; expected a member name" },
  { "missing-comma-array", "[1 2]", -1, "Unexpected “2” at byte 3; expected “,” or “]”" },
  { "missing-comma-object", "{\"a\": 1 \"b\": 2}", -1, "Unexpected “\"” at byte 8" },
  { "mismatched-close", "[1}", -1, "Unexpected “}” at byte 2; expected “,” or “]”" },
  { "unclosed-array", "[1", -1, "The document ends too early at byte 2" },
  { "unclosed-object", "{\"a\": 1", -1, "The document ends too early at byte 7" },
  { "unclosed-key", "{\"a\"", -1, "The document ends too early at byte 4" },
  { "open-only", "[", -1, "The document ends too early at byte 1" },
  { "close-only", "]", -1, "Unexpected “]” at byte 0; expected a value" },
  { "colon-only", ":", -1, "Unexpected “:” at byte 0" },
  { "true-truncated", "tru", -1, "Unknown word “tru” at byte 0" },
  { "true-capital", "True", -1, "Unknown word “True” at byte 0" },
  { "undefined", "undefined", -1, "Unknown word “undefined” at byte 0" },
  { "form-feed-space", "\f1", -1, "Unexpected byte 0x0C at byte 0" },
  { "nbsp-space",
    "\xc2\xa0"
    "1",
    -1, "Unexpected byte 0xC2 at byte 0" },
  { "nul-byte", "[\0]", 3, "Unexpected byte 0x00 at byte 1" },
};

/* A document the reader must accept, and its compact form as json-glib writes it back. */
typedef struct {
  const char *name;
  const char *input;
  const char *compact;
} AcceptCase;

static const AcceptCase accept_cases[] = {
  { "empty-object", "{}", "{}" },
  { "empty-array", "[]", "[]" },
  { "whitespace", " \t\r\n{ \"a\" : [ 1 , 2 ] }\n ", "{\"a\":[1,2]}" },
  { "true", "true", "true" },
  { "false", "false", "false" },
  { "null", "null", "null" },
  { "zero", "0", "0" },
  { "negative-zero", "-0", "0" },
  { "integer", "150", "150" },
  { "negative", "-42", "-42" },
  { "int64-max", "9223372036854775807", "9223372036854775807" },
  { "int64-min", "-9223372036854775808", "-9223372036854775808" },
  { "float", "1.5", "1.5" },
  { "exponent", "[1e3, 1E+3, 25e-1]", "[1000.0,1000.0,2.5]" },
  { "empty-string", "\"\"", "\"\"" },
  { "string", "\"hello\"", "\"hello\"" },
  { "del-character", "\"\x7f\"", "\"\\u007f\"" },
  { "utf8", "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"",
    "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"" },
  { "unicode-escapes", "\"\\u00e9\\u20AC\\ud83d\\ude00\"",
    "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"" },
  { "nested-arrays", "[[[1]], [2, [3, []]], []]", "[[[1]],[2,[3,[]]],[]]" },
  { "nested-objects", "{\"a\": {\"a\": {\"a\": null}}}", "{\"a\":{\"a\":{\"a\":null}}}" },
  { "same-key-in-siblings", "[{\"a\": 1}, {\"a\": 2}]", "[{\"a\":1},{\"a\":2}]" },
  { "empty-key", "{\"\": 1}", "{\"\":1}" },
  { "keys-differ-by-case", "{\"a\": 1, \"A\": 2}", "{\"a\":1,\"A\":2}" },
  { "member-order-kept", "{\"b\": 1, \"a\": 2, \"c\": 3}", "{\"b\":1,\"a\":2,\"c\":3}" },
};

static void
test_reject (gconstpointer data)
{
  const RejectCase *rc = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;

  node = paystar_json_parse (rc->input, rc->length, &error);
  g_assert_null (node);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON);
  if (strstr (error->message, rc->fragment) == NULL) {
    g_test_message ("message “%s” lacks “%s”", error->message, rc->fragment);
    g_test_fail ();
  }
}

static void
test_accept (gconstpointer data)
{
  const AcceptCase *ac = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  node = paystar_json_parse (ac->input, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  text = paystar_json_to_string (node, &length);
  g_assert_cmpstr (text, ==, ac->compact);
  g_assert_cmpuint (length, ==, strlen (ac->compact));
}

/* The exact wording of a few messages, as the user (and the log) sees them. */
static void
test_messages (void)
{
  static const struct {
    const char *input;
    const char *message;
  } cases[] = {
    { "{\"a\": 1, \"a\": 2}", "Duplicate key “a” at byte 9." },
    { "[1,]", "Trailing comma before byte 3." },
    { "99999999999999999999", "The integer at byte 0 is out of range (64 bits)." },
    { "", "The document is empty." },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (JsonNode) node = paystar_json_parse (cases[i].input, -1, &error);

    g_assert_null (node);
    g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON);
    g_assert_cmpstr (error->message, ==, cases[i].message);
  }
}

/* Long hostile keys are cut in the message, and control characters never reach it raw. */
static void
test_duplicate_key_message_is_short (void)
{
  g_autoptr (GString) doc = g_string_new ("{\"");
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *key = g_strnfill (500, 'k');

  g_string_append_printf (doc, "%s\\u0007\": 1, \"%s\\u0007\": 2}", key, key);
  node = paystar_json_parse (doc->str, doc->len, &error);
  g_assert_null (node);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON);
  g_assert_true (g_str_has_prefix (error->message, "Duplicate key “kkkk"));
  g_assert_nonnull (strstr (error->message, "…”"));
  g_assert_cmpuint (strlen (error->message), <, 120);
  g_assert_null (strchr (error->message, '\a'));
}

static char *
nested_arrays (guint depth)
{
  GString *doc = g_string_new (NULL);
  guint i;

  for (i = 0; i < depth; i++)
    g_string_append_c (doc, '[');
  g_string_append_c (doc, '1');
  for (i = 0; i < depth; i++)
    g_string_append_c (doc, ']');
  return g_string_free (doc, FALSE);
}

static char *
nested_objects (guint depth)
{
  GString *doc = g_string_new (NULL);
  guint i;

  for (i = 0; i < depth; i++)
    g_string_append (doc, "{\"a\":");
  g_string_append (doc, "null");
  for (i = 0; i < depth; i++)
    g_string_append_c (doc, '}');
  return g_string_free (doc, FALSE);
}

static void
test_depth_limit (void)
{
  g_autofree char *arrays_32 = nested_arrays (32);
  g_autofree char *arrays_33 = nested_arrays (33);
  g_autofree char *objects_32 = nested_objects (32);
  g_autofree char *objects_33 = nested_objects (33);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  JsonNode *inner;
  guint depth = 0;

  g_assert_cmpint (PAYSTAR_JSON_DEFAULT_MAX_DEPTH, ==, 32);

  node = paystar_json_parse (arrays_32, -1, &error);
  g_assert_no_error (error);
  /* All 32 levels arrived. */
  for (inner = node; JSON_NODE_HOLDS_ARRAY (inner);
       inner = json_array_get_element (json_node_get_array (inner), 0))
    depth++;
  g_assert_cmpuint (depth, ==, 32);
  g_assert_cmpint (json_node_get_int (inner), ==, 1);
  g_clear_pointer (&node, json_node_unref);

  node = paystar_json_parse (objects_32, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_clear_pointer (&node, json_node_unref);

  node = paystar_json_parse (arrays_33, -1, &error);
  g_assert_null (node);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON);
  g_assert_cmpstr (error->message, ==,
                   "The document is nested too deeply at byte 32 (at most 32 levels).");
  g_clear_error (&error);

  node = paystar_json_parse (objects_33, -1, &error);
  g_assert_null (node);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON);
  g_assert_nonnull (strstr (error->message, "nested too deeply"));
  g_clear_error (&error);

  /* A caller's own limit. */
  node = paystar_json_parse_strict ("[[1]]", -1, 100, 1, &error);
  g_assert_null (node);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON);
  g_clear_error (&error);
  node = paystar_json_parse_strict ("[[1]]", -1, 100, 2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_clear_pointer (&node, json_node_unref);
  node = paystar_json_parse_strict ("1", -1, 100, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
}

/* json-glib 1.6 recurses once per level and runs out of stack on this. The scanner refuses it
 * at the 33rd opening bracket, without looking further (the offset in the message shows where
 * it stopped); no timing here, the benchmarks measure speed. */
static void
test_deep_nesting_refused (void)
{
  g_autofree char *arrays = nested_arrays (100000);
  g_autofree char *objects = nested_objects (100000);
  g_autofree char *open_only = g_strnfill (100000, '[');
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;

  node = paystar_json_parse (arrays, -1, &error);
  g_assert_null (node);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON);
  g_assert_nonnull (strstr (error->message, "nested too deeply at byte 32 "));
  g_clear_error (&error);

  node = paystar_json_parse (objects, -1, &error);
  g_assert_null (node);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON);
  g_assert_nonnull (strstr (error->message, "nested too deeply at byte 160 "));
  g_clear_error (&error);

  node = paystar_json_parse (open_only, -1, &error);
  g_assert_null (node);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON);
  g_clear_error (&error);

  /* Even a caller who allows any depth cannot hand json-glib 100000 levels. */
  node = paystar_json_parse_strict (arrays, -1, G_MAXSIZE, G_MAXUINT, &error);
  g_assert_null (node);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON);
  g_assert_nonnull (strstr (error->message, "nested too deeply"));
}

static void
test_byte_cap (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GString) big = g_string_new ("\"");

  /* Exactly at the cap: accepted, both NUL-terminated and with a length. */
  node = paystar_json_parse_strict ("[1,2,3,45]", -1, 10, 32, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_clear_pointer (&node, json_node_unref);
  node = paystar_json_parse_strict ("[1,2,3,45]", 10, 10, 32, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_clear_pointer (&node, json_node_unref);

  /* One byte over: refused, whitespace counts too. */
  node = paystar_json_parse_strict ("[1,2,3,456]", -1, 10, 32, &error);
  g_assert_null (node);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON);
  g_assert_cmpstr (error->message, ==, "The document is larger than 10 bytes.");
  g_clear_error (&error);
  node = paystar_json_parse_strict ("[1,2,3,45] ", 11, 10, 32, &error);
  g_assert_null (node);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON);
  g_clear_error (&error);

  /* The default cap is 1 MiB. */
  g_assert_cmpint (PAYSTAR_JSON_DEFAULT_MAX_BYTES, ==, 1024 * 1024);
  while (big->len < PAYSTAR_JSON_DEFAULT_MAX_BYTES - 1)
    g_string_append_c (big, 'x');
  g_string_append_c (big, '"');
  g_assert_cmpuint (big->len, ==, PAYSTAR_JSON_DEFAULT_MAX_BYTES);
  node = paystar_json_parse (big->str, big->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (json_node_get_string (node)), ==, PAYSTAR_JSON_DEFAULT_MAX_BYTES - 2);
  g_clear_pointer (&node, json_node_unref);

  g_string_insert_c (big, 1, 'x');
  node = paystar_json_parse (big->str, -1, &error);
  g_assert_null (node);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON);
  g_assert_nonnull (strstr (error->message, "larger than 1048576 bytes"));
}

/* With an explicit length, bytes after it are not part of the document. */
static void
test_explicit_length (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;

  node = paystar_json_parse ("[1]garbage", 3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_array_get_int_element (json_node_get_array (node), 0), ==, 1);
  g_clear_pointer (&node, json_node_unref);

  node = paystar_json_parse ("12345", 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_node_get_int (node), ==, 12);
}

static void
test_too_many_members (void)
{
  g_autoptr (GString) doc = g_string_new ("{");
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  guint i;

  for (i = 0; i < 1000; i++)
    g_string_append_printf (doc, "%s\"k%u\":%u", i > 0 ? "," : "", i, i);
  g_string_append_c (doc, '}');
  node = paystar_json_parse (doc->str, doc->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (node)), ==, 1000);
  g_clear_pointer (&node, json_node_unref);

  g_string_truncate (doc, doc->len - 1);
  g_string_append (doc, ",\"one-more\":1}");
  node = paystar_json_parse (doc->str, doc->len, &error);
  g_assert_null (node);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON);
  g_assert_nonnull (strstr (error->message, "Too many members"));
}

static void
test_values_read_back (void)
{
  const char *doc = "{ \"max\": 9223372036854775807, \"min\": -9223372036854775808,"
                    "  \"text\": \"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t\","
                    "  \"raw\": \"caf\xc3\xa9\", \"float\": 150.25, \"exp\": -2.5E-3,"
                    "  \"yes\": true, \"no\": false, \"nothing\": null,"
                    "  \"nested\": [[1, [2, [3]]], {\"k\": [\"v\"]}], \"\\u006b\\u0065y\": 7 }";
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  JsonObject *object;
  JsonArray *nested, *inner;

  node = paystar_json_parse (doc, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);

  g_assert_cmpint (json_object_get_int_member (object, "max"), ==, G_MAXINT64);
  g_assert_cmpint (json_object_get_int_member (object, "min"), ==, G_MININT64);
  g_assert_cmpstr (json_object_get_string_member (object, "text"), ==,
                   "caf\xc3\xa9 \xf0\x9f\x98\x80 \"q\" \\ / \b\f\n\r\t");
  g_assert_cmpstr (json_object_get_string_member (object, "raw"), ==, "caf\xc3\xa9");
  g_assert_cmpfloat (json_object_get_double_member (object, "float"), ==, 150.25);
  g_assert_cmpfloat (json_object_get_double_member (object, "exp"), ==, -0.0025);
  g_assert_true (json_object_get_boolean_member (object, "yes"));
  g_assert_false (json_object_get_boolean_member (object, "no"));
  g_assert_true (json_object_get_null_member (object, "nothing"));
  g_assert_cmpint (json_object_get_int_member (object, "key"), ==, 7);

  nested = json_object_get_array_member (object, "nested");
  g_assert_cmpuint (json_array_get_length (nested), ==, 2);
  inner = json_array_get_array_element (nested, 0);
  g_assert_cmpint (json_array_get_int_element (inner, 0), ==, 1);
  inner = json_array_get_array_element (inner, 1);
  g_assert_cmpint (json_array_get_int_element (inner, 0), ==, 2);
  inner = json_array_get_array_element (inner, 1);
  g_assert_cmpint (json_array_get_int_element (inner, 0), ==, 3);
  g_assert_cmpstr (
    json_array_get_string_element (
      json_object_get_array_member (json_array_get_object_element (nested, 1), "k"), 0),
    ==, "v");
}

/* Integers stay integers and decimals stay doubles: money code relies on it. */
static void
test_number_types (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  JsonArray *array;

  node = paystar_json_parse ("[15000, 150.0, 1e2, -0, 0.1]", -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (node);
  g_assert_true (json_node_get_value_type (json_array_get_element (array, 0)) == G_TYPE_INT64);
  g_assert_true (json_node_get_value_type (json_array_get_element (array, 1)) == G_TYPE_DOUBLE);
  g_assert_true (json_node_get_value_type (json_array_get_element (array, 2)) == G_TYPE_DOUBLE);
  g_assert_true (json_node_get_value_type (json_array_get_element (array, 3)) == G_TYPE_INT64);
  g_assert_cmpfloat (json_array_get_double_element (array, 4), ==, 0.1);
}

/* With PAYSTAR_JSON_WIDE_INTEGERS an integer beyond 64 bits reads as an infinity of its sign
 * (json-glib alone reads it as -1); everything else is as strict as without the flag, and a
 * literal that means infinity (1e999) is still refused, so an infinity always was a wide integer. */
static void
test_wide_integers (void)
{
  g_autofree char *long_digits = g_strnfill (2000, '7');
  g_autofree char *long_doc = g_strdup_printf ("[-%s]", long_digits);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) edges = NULL;
  g_autoptr (JsonNode) longest = NULL;
  JsonArray *array;
  JsonObject *object;
  gint64 value = 0;

  node =
    paystar_json_parse_full ("{\"a\": [1, 99999999999999999999, -99999999999999999999],"
                             " \"b\": 9223372036854775808}",
                             -1, PAYSTAR_JSON_DEFAULT_MAX_BYTES, PAYSTAR_JSON_DEFAULT_MAX_DEPTH,
                             PAYSTAR_JSON_WIDE_INTEGERS, &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);
  array = json_object_get_array_member (object, "a");
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpint (json_array_get_int_element (array, 0), ==, 1);
  g_assert_true (json_node_get_value_type (json_array_get_element (array, 1)) == G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_array_get_double_element (array, 1), ==, INFINITY);
  g_assert_cmpfloat (json_array_get_double_element (array, 2), ==, -INFINITY);
  g_assert_cmpfloat (json_object_get_double_member (object, "b"), ==, INFINITY);
  /* Not an integer node: the typed getter does not hand out a made-up value. */
  g_assert_false (paystar_json_get_int (object, "b", &value));
  g_assert_cmpint (value, ==, 0);

  /* The limits themselves are ordinary integers. */
  edges = paystar_json_parse_full ("[9223372036854775807, -9223372036854775808]", -1,
                                   PAYSTAR_JSON_DEFAULT_MAX_BYTES, PAYSTAR_JSON_DEFAULT_MAX_DEPTH,
                                   PAYSTAR_JSON_WIDE_INTEGERS, &error);
  g_assert_no_error (error);
  array = json_node_get_array (edges);
  g_assert_cmpint (json_array_get_int_element (array, 0), ==, G_MAXINT64);
  g_assert_cmpint (json_array_get_int_element (array, 1), ==, G_MININT64);

  /* Beyond a double's range too. */
  longest =
    paystar_json_parse_full (long_doc, -1, PAYSTAR_JSON_DEFAULT_MAX_BYTES,
                             PAYSTAR_JSON_DEFAULT_MAX_DEPTH, PAYSTAR_JSON_WIDE_INTEGERS, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (json_array_get_double_element (json_node_get_array (longest), 0), ==,
                     -INFINITY);

  /* Still refused with the flag: infinities spelled as numbers, and every other rule. */
  g_assert_null (paystar_json_parse_full ("[1e999]", -1, PAYSTAR_JSON_DEFAULT_MAX_BYTES,
                                          PAYSTAR_JSON_DEFAULT_MAX_DEPTH,
                                          PAYSTAR_JSON_WIDE_INTEGERS, &error));
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON);
  g_assert_nonnull (strstr (error->message, "number at byte 1 is out of range"));
  g_clear_error (&error);
  g_assert_null (
    paystar_json_parse_full ("[99999999999999999999, 01]", -1, PAYSTAR_JSON_DEFAULT_MAX_BYTES,
                             PAYSTAR_JSON_DEFAULT_MAX_DEPTH, PAYSTAR_JSON_WIDE_INTEGERS, &error));
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON);
  g_clear_error (&error);

  /* Without the flag (every client-side caller) the document stays invalid. */
  g_assert_null (
    paystar_json_parse_full ("[99999999999999999999]", -1, PAYSTAR_JSON_DEFAULT_MAX_BYTES,
                             PAYSTAR_JSON_DEFAULT_MAX_DEPTH, PAYSTAR_JSON_FLAGS_NONE, &error));
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON);
  g_assert_nonnull (strstr (error->message, "integer at byte 1 is out of range"));
}

/* json-glib 1.6 writes 2e208 as "2e+208.0", which is not JSON: what paystar_json_to_string()
 * writes must read back, as the same values (found by fuzz/fuzz-json). */
static void
test_to_string_exponents (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = paystar_json_parse (
    "{\"a\": [2e208, 1e-7, -1E20, 1.5e300, 0.5, 100.0, 1e2, 7], \"e\": \"1e5.0 \\\" 2e3.0\"}", -1,
    &error);
  g_autofree char *text = NULL;
  g_autoptr (JsonNode) again = NULL;
  gsize length = 0;

  g_assert_no_error (error);
  text = paystar_json_to_string (node, &length);
  g_assert_cmpuint (length, ==, strlen (text));
  g_assert_null (strstr (text, "e+208.0"));
  /* Strings keep their text, whatever it looks like. */
  g_assert_nonnull (strstr (text, "\"1e5.0 \\\" 2e3.0\""));
  again = paystar_json_parse (text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (node, again));
}

static void
test_to_string_compact (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  gsize length = 0;

  node = paystar_json_parse ("{\n  \"Charges\" : [ { \"Amount\" : 15000 } ],\n"
                             "  \"Note\" : \"a\\\"b\\n\\u0001\"\n}",
                             -1, &error);
  g_assert_no_error (error);
  text = paystar_json_to_string (node, &length);
  g_assert_cmpstr (text, ==, "{\"Charges\":[{\"Amount\":15000}],\"Note\":\"a\\\"b\\n\\u0001\"}");
  g_assert_cmpuint (length, ==, strlen (text));

  /* What we write, we read back. */
  again = paystar_json_parse (text, length, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (node, again));

  text2 = paystar_json_to_string (again, NULL);
  g_assert_cmpstr (text2, ==, text);
}

static void
test_getters (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  JsonObject *object;
  JsonObject *o = NULL;
  const char *s = "untouched";
  gint64 i = 77;
  gboolean b = 77;
  double d = 77.0;

  node = paystar_json_parse ("{\"s\": \"text\", \"i\": -5, \"big\": 9223372036854775807,"
                             " \"d\": 1.25, \"one\": 1.0, \"t\": true, \"f\": false,"
                             " \"n\": null, \"o\": {}, \"a\": [], \"si\": \"5\"}",
                             -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);

  /* Strings must be string nodes. */
  g_assert_true (paystar_json_get_string (object, "s", &s));
  g_assert_cmpstr (s, ==, "text");
  s = "untouched";
  g_assert_false (paystar_json_get_string (object, "i", &s));
  g_assert_false (paystar_json_get_string (object, "n", &s));
  g_assert_false (paystar_json_get_string (object, "o", &s));
  g_assert_false (paystar_json_get_string (object, "a", &s));
  g_assert_false (paystar_json_get_string (object, "t", &s));
  g_assert_false (paystar_json_get_string (object, "missing", &s));
  g_assert_cmpstr (s, ==, "untouched");

  /* Integers must be integer nodes: 1.0 and "5" are not. */
  g_assert_true (paystar_json_get_int (object, "i", &i));
  g_assert_cmpint (i, ==, -5);
  g_assert_true (paystar_json_get_int (object, "big", &i));
  g_assert_cmpint (i, ==, G_MAXINT64);
  i = 77;
  g_assert_false (paystar_json_get_int (object, "one", &i));
  g_assert_false (paystar_json_get_int (object, "d", &i));
  g_assert_false (paystar_json_get_int (object, "si", &i));
  g_assert_false (paystar_json_get_int (object, "t", &i));
  g_assert_false (paystar_json_get_int (object, "n", &i));
  g_assert_false (paystar_json_get_int (object, "missing", &i));
  g_assert_cmpint (i, ==, 77);

  g_assert_true (paystar_json_get_bool (object, "t", &b));
  g_assert_true (b);
  g_assert_true (paystar_json_get_bool (object, "f", &b));
  g_assert_false (b);
  b = 77;
  g_assert_false (paystar_json_get_bool (object, "i", &b));
  g_assert_false (paystar_json_get_bool (object, "s", &b));
  g_assert_false (paystar_json_get_bool (object, "n", &b));
  g_assert_false (paystar_json_get_bool (object, "missing", &b));
  g_assert_cmpint (b, ==, 77);

  /* Objects: not null, not an array, not a value. */
  g_assert_true (paystar_json_get_object (object, "o", &o));
  g_assert_nonnull (o);
  o = NULL;
  g_assert_false (paystar_json_get_object (object, "a", &o));
  g_assert_false (paystar_json_get_object (object, "n", &o));
  g_assert_false (paystar_json_get_object (object, "s", &o));
  g_assert_false (paystar_json_get_object (object, "missing", &o));
  g_assert_null (o);

  /* Numbers: integers or doubles. */
  g_assert_true (paystar_json_get_number (object, "d", &d));
  g_assert_cmpfloat (d, ==, 1.25);
  g_assert_true (paystar_json_get_number (object, "i", &d));
  g_assert_cmpfloat (d, ==, -5.0);
  g_assert_true (paystar_json_get_number (object, "one", &d));
  g_assert_cmpfloat (d, ==, 1.0);
  d = 77.0;
  g_assert_false (paystar_json_get_number (object, "si", &d));
  g_assert_false (paystar_json_get_number (object, "t", &d));
  g_assert_false (paystar_json_get_number (object, "n", &d));
  g_assert_false (paystar_json_get_number (object, "o", &d));
  g_assert_false (paystar_json_get_number (object, "missing", &d));
  g_assert_cmpfloat (d, ==, 77.0);
}

/* Random bytes and mutations of a valid document: the reader either accepts (and json-glib
 * agrees) or refuses with INVALID_JSON; it never crashes or warns. */
static void
test_fuzz (void)
{
  const char *seed = "{\"event\":\"PAYMENT-SESSION.PROCESSED\",\"data\":{\"subtotal\":150.00,"
                     "\"lineItems\":[{\"description\":\"caf\\u00e9\",\"price\":-1e2}],"
                     "\"ok\":[true,false,null,0,\"\xc3\xa9\"]}}";
  static const char alphabet[] = "{}[]\":,.-+eE0123456789 \\/u'tfnrlasx\n\t\x80\xc3\xff";
  g_autoptr (GRand) rand = g_rand_new_with_seed (20240501);
  gsize seed_len = strlen (seed);
  guint round;

  for (round = 0; round < 20000; round++) {
    g_autofree char *doc = g_memdup2 (seed, seed_len + 1);
    g_autoptr (GError) error = NULL;
    g_autoptr (JsonNode) node = NULL;
    guint mutations = g_rand_int_range (rand, 1, 4);
    guint m;

    for (m = 0; m < mutations; m++)
      doc[g_rand_int_range (rand, 0, seed_len)] =
        alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];

    node = paystar_json_parse (doc, seed_len, &error);
    if (node == NULL) {
      g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON);
      /* The scanner, not json-glib, must be the one that refuses. */
      g_assert_false (g_str_has_prefix (error->message, "The JSON document could not be read"));
    } else {
      g_autofree char *text = paystar_json_to_string (node, NULL);
      g_autoptr (JsonNode) again = paystar_json_parse (text, -1, &error);

      g_assert_no_error (error);
      g_assert_true (json_node_equal (node, again));
    }
  }
}

int
main (int argc, char **argv)
{
  gsize i;

  g_test_init (&argc, &argv, NULL);

  for (i = 0; i < G_N_ELEMENTS (reject_cases); i++) {
    g_autofree char *path = g_strdup_printf ("/json/reject/%s", reject_cases[i].name);

    g_test_add_data_func (path, &reject_cases[i], test_reject);
  }
  for (i = 0; i < G_N_ELEMENTS (accept_cases); i++) {
    g_autofree char *path = g_strdup_printf ("/json/accept/%s", accept_cases[i].name);

    g_test_add_data_func (path, &accept_cases[i], test_accept);
  }
  g_test_add_func ("/json/messages", test_messages);
  g_test_add_func ("/json/duplicate-key-message-is-short", test_duplicate_key_message_is_short);
  g_test_add_func ("/json/depth-limit", test_depth_limit);
  g_test_add_func ("/json/deep-nesting-refused", test_deep_nesting_refused);
  g_test_add_func ("/json/byte-cap", test_byte_cap);
  g_test_add_func ("/json/explicit-length", test_explicit_length);
  g_test_add_func ("/json/too-many-members", test_too_many_members);
  g_test_add_func ("/json/values-read-back", test_values_read_back);
  g_test_add_func ("/json/number-types", test_number_types);
  g_test_add_func ("/json/wide-integers", test_wide_integers);
  g_test_add_func ("/json/to-string-compact", test_to_string_compact);
  g_test_add_func ("/json/to-string-exponents", test_to_string_exponents);
  g_test_add_func ("/json/getters", test_getters);
  g_test_add_func ("/json/fuzz", test_fuzz);

  return g_test_run ();
}
