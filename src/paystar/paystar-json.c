/* paystar-json.c: a strict RFC 8259 reader in front of json-glib for untrusted documents.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "paystar-error-private.h"
#include "paystar-json.h"

/* json-glib 1.6 is lenient where it should not be: it reads 99999999999999999999 as -1,
 * accepts comments, single quotes, hex and octal, cuts strings at \u0000, keeps the last of
 * two equal keys and recurses once per nesting level. So every document from outside first
 * goes through the scanner below, which accepts exactly the RFC 8259 grammar and nothing else.
 *
 * The scanner is a loop over an explicit stack (one frame per open container, at most
 * max_depth of them), so hostile nesting costs no C stack. Keys of each open object are kept,
 * decoded, in a balanced tree: "a" and "\u0061" are the same key, and a tree cannot be
 * flooded with colliding hashes the way a hash table can.
 *
 * json-glib keeps members in a GHashTable keyed with g_str_hash, whose collisions are easy to
 * make ("Ez" and "FY" hash alike): a 1 MiB object of colliding names takes json-glib seconds to
 * build. An object may therefore hold at most MAX_MEMBERS members, far more than any Paystar
 * document needs.
 *
 * Byte offsets in messages count from 0, the first byte of the document. A byte-order mark
 * is refused: RFC 8259 forbids sending one, and nobody we talk to does. */

#define MAX_MEMBERS 1000

/* json-glib builds the tree by recursion, one C call per level: whatever depth a caller asks
 * for, more than this many levels never reach it. */
#define HARD_MAX_DEPTH 1000

typedef struct {
  gboolean is_object;
  guint n_members;
  GTree *keys; /* the decoded names seen so far (owned); objects only */
} Frame;

/* Where an integer literal beyond gint64 sits in the document. */
typedef struct {
  gsize start;
  gsize length;
  gboolean negative;
} WideInteger;

typedef struct {
  const guchar *data;
  gsize length;
  gsize pos;
  guint max_depth;
  GArray *stack; /* Frame */
  GString *key;  /* scratch buffer for the decoded key being read */
  GArray *wide;  /* WideInteger; NULL when such integers are refused */
} Scanner;

typedef enum {
  STATE_VALUE,       /* a value must come next */
  STATE_KEY,         /* a member name must come next */
  STATE_AFTER_VALUE, /* a value just ended */
  STATE_DONE,
} State;

static int
compare_keys (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return strcmp (a, b);
}

static void
clear_frame (gpointer data)
{
  Frame *frame = data;

  g_clear_pointer (&frame->keys, g_tree_unref);
}

/* Everything the reader refuses is invalid JSON. */
#define fail(error, ...) paystar_set_error ((error), PAYSTAR_ERROR_INVALID_JSON, __VA_ARGS__)

/* A short, printable rendering of a key from the document for an error message: keys are
 * untrusted, so control characters are escaped and long ones cut. The key is valid UTF-8. */
static char *
quote_key (const char *key)
{
  GString *out = g_string_new (NULL);
  const char *p = key;
  guint chars = 0;

  while (*p != '\0' && chars < 40) {
    const char *next = g_utf8_next_char (p);
    guchar c = (guchar) *p;

    if (c < 0x20 || c == 0x7f)
      g_string_append_printf (out, "\\x%02X", c);
    else
      g_string_append_len (out, p, next - p);
    p = next;
    chars++;
  }
  if (*p != '\0')
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static void
skip_whitespace (Scanner *self)
{
  while (self->pos < self->length) {
    guchar c = self->data[self->pos];

    if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
      break;
    self->pos++;
  }
}

static gboolean
at_end (Scanner *self)
{
  return self->pos >= self->length;
}

static gboolean
fail_unexpected_end (Scanner *self, GError **error)
{
  return fail (error, _ ("The document ends too early at byte %lu."), (unsigned long) self->pos);
}

/* Describes the byte at the current position for "unexpected" errors without echoing
 * arbitrary bytes back. */
static gboolean
fail_unexpected (Scanner *self, const char *expected, GError **error)
{
  guchar c = self->data[self->pos];

  if (c == '/')
    return fail (error, _ ("Comments are not allowed in JSON (byte %lu)."),
                 (unsigned long) self->pos);
  if (c == '\'')
    return fail (error, _ ("Single quotes are not allowed in JSON at byte %lu; use double quotes."),
                 (unsigned long) self->pos);
  if (c >= 0x21 && c < 0x7f)
    /* Translators: the first %s is a character, the last one says what was expected
     * instead, e.g. "a value" or "“,” or “]”". */
    return fail (error, _ ("Unexpected “%c” at byte %lu; expected %s."), c,
                 (unsigned long) self->pos, expected);
  return fail (error, _ ("Unexpected byte 0x%02X at byte %lu; expected %s."), c,
               (unsigned long) self->pos, expected);
}

/* Checks one UTF-8 sequence at the current position (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF) and moves past it. */
static gboolean
scan_utf8 (Scanner *self, GString *out, GError **error)
{
  const guchar *p = self->data + self->pos;
  gsize left = self->length - self->pos;
  guchar c = p[0];
  guchar lo = 0x80, hi = 0xbf;
  gsize need, i;

  if (c >= 0xc2 && c <= 0xdf) {
    need = 1;
  } else if (c >= 0xe0 && c <= 0xef) {
    need = 2;
    if (c == 0xe0)
      lo = 0xa0; /* overlong below U+0800 */
    else if (c == 0xed)
      hi = 0x9f; /* UTF-16 surrogates */
  } else if (c >= 0xf0 && c <= 0xf4) {
    need = 3;
    if (c == 0xf0)
      lo = 0x90; /* overlong below U+10000 */
    else if (c == 0xf4)
      hi = 0x8f; /* above U+10FFFF */
  } else {
    return fail (error, _ ("Invalid UTF-8 at byte %lu."), (unsigned long) self->pos);
  }

  for (i = 1; i <= need; i++) {
    guchar min = (i == 1) ? lo : 0x80;
    guchar max = (i == 1) ? hi : 0xbf;

    if (i >= left || p[i] < min || p[i] > max)
      return fail (error, _ ("Invalid UTF-8 at byte %lu."), (unsigned long) self->pos);
  }

  if (out != NULL)
    g_string_append_len (out, (const char *) p, need + 1);
  self->pos += need + 1;
  return TRUE;
}

static gboolean
read_hex4 (Scanner *self, gunichar *out, GError **error)
{
  gunichar value = 0;
  gsize i;

  /* self->pos is at the "u" of "\u". */
  for (i = 1; i <= 4; i++) {
    int digit;

    if (self->pos + i >= self->length)
      return fail_unexpected_end (self, error);
    digit = g_ascii_xdigit_value (self->data[self->pos + i]);
    if (digit < 0)
      return fail (error, _ ("A \\u escape needs four hexadecimal digits (byte %lu)."),
                   (unsigned long) (self->pos - 1));
    value = value * 16 + digit;
  }
  self->pos += 5;
  *out = value;
  return TRUE;
}

/* Reads a string starting at its opening quote. When @out is given, the decoded text is
 * appended to it. */
static gboolean
scan_string (Scanner *self, GString *out, GError **error)
{
  gsize start = self->pos;

  g_assert (self->data[self->pos] == '"');
  self->pos++;

  for (;;) {
    guchar c;

    if (at_end (self))
      return fail (error, _ ("The string that starts at byte %lu is not closed."),
                   (unsigned long) start);
    c = self->data[self->pos];

    if (c == '"') {
      self->pos++;
      return TRUE;
    } else if (c < 0x20) {
      return fail (error,
                   _ ("Control character 0x%02X inside a string at byte %lu; it must be escaped."),
                   c, (unsigned long) self->pos);
    } else if (c >= 0x80) {
      if (!scan_utf8 (self, out, error))
        return FALSE;
    } else if (c != '\\') {
      /* Plain ASCII runs are the common case: take them in one go. */
      gsize run = self->pos + 1;

      while (run < self->length && self->data[run] >= 0x20 && self->data[run] < 0x80 &&
             self->data[run] != '"' && self->data[run] != '\\')
        run++;
      if (out != NULL)
        g_string_append_len (out, (const char *) self->data + self->pos, run - self->pos);
      self->pos = run;
    } else {
      gsize escape_at = self->pos;
      gunichar ch;

      self->pos++;
      if (at_end (self))
        return fail_unexpected_end (self, error);
      c = self->data[self->pos];
      switch (c) {
        case '"':
        case '\\':
        case '/':
          ch = c;
          break;
        case 'b':
          ch = '\b';
          break;
        case 'f':
          ch = '\f';
          break;
        case 'n':
          ch = '\n';
          break;
        case 'r':
          ch = '\r';
          break;
        case 't':
          ch = '\t';
          break;
        case 'u':
          if (!read_hex4 (self, &ch, error))
            return FALSE;
          if (ch == 0)
            return fail (error, _ ("The escape \\u0000 at byte %lu is not allowed."),
                         (unsigned long) escape_at);
          if (ch >= 0xdc00 && ch <= 0xdfff)
            return fail (error, _ ("Unpaired UTF-16 surrogate escape at byte %lu."),
                         (unsigned long) escape_at);
          if (ch >= 0xd800 && ch <= 0xdbff) {
            gunichar low;

            if (self->pos + 1 >= self->length || self->data[self->pos] != '\\' ||
                self->data[self->pos + 1] != 'u')
              return fail (error, _ ("Unpaired UTF-16 surrogate escape at byte %lu."),
                           (unsigned long) escape_at);
            self->pos++;
            if (!read_hex4 (self, &low, error))
              return FALSE;
            if (low < 0xdc00 || low > 0xdfff)
              return fail (error, _ ("Unpaired UTF-16 surrogate escape at byte %lu."),
                           (unsigned long) escape_at);
            ch = 0x10000 + ((ch - 0xd800) << 10) + (low - 0xdc00);
          }
          if (out != NULL)
            g_string_append_unichar (out, ch);
          continue;
        default:
          return fail (error, _ ("Unknown escape sequence at byte %lu."),
                       (unsigned long) escape_at);
      }
      if (out != NULL)
        g_string_append_c (out, (char) ch);
      self->pos++;
    }
  }
}

static gboolean
is_digit (Scanner *self)
{
  return !at_end (self) && g_ascii_isdigit (self->data[self->pos]);
}

static gboolean
scan_number (Scanner *self, GError **error)
{
  gsize start = self->pos;
  gboolean negative = FALSE;
  gboolean is_integer = TRUE;
  guint64 magnitude = 0;
  guint64 limit;
  gboolean overflow = FALSE;

  if (self->data[self->pos] == '-') {
    negative = TRUE;
    self->pos++;
    if (!is_digit (self))
      return fail (error, _ ("A digit must follow “-” at byte %lu."), (unsigned long) start);
  }

  /* The magnitude of G_MININT64 is one more than G_MAXINT64. */
  limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;

  if (self->data[self->pos] == '0') {
    self->pos++;
    if (is_digit (self))
      return fail (error, _ ("Numbers must not have leading zeros (byte %lu)."),
                   (unsigned long) start);
    if (!at_end (self) && (self->data[self->pos] == 'x' || self->data[self->pos] == 'X'))
      return fail (error, _ ("Hexadecimal numbers are not allowed in JSON (byte %lu)."),
                   (unsigned long) start);
  } else {
    while (is_digit (self)) {
      guint digit = self->data[self->pos] - '0';

      if (magnitude > (limit - digit) / 10)
        overflow = TRUE;
      else
        magnitude = magnitude * 10 + digit;
      self->pos++;
    }
  }

  if (!at_end (self) && self->data[self->pos] == '.') {
    is_integer = FALSE;
    self->pos++;
    if (!is_digit (self))
      return fail (error, _ ("A digit must follow the decimal point at byte %lu."),
                   (unsigned long) (self->pos - 1));
    while (is_digit (self))
      self->pos++;
  }

  if (!at_end (self) && (self->data[self->pos] == 'e' || self->data[self->pos] == 'E')) {
    is_integer = FALSE;
    self->pos++;
    if (!at_end (self) && (self->data[self->pos] == '+' || self->data[self->pos] == '-'))
      self->pos++;
    if (!is_digit (self))
      return fail (error, _ ("A digit must follow the exponent at byte %lu."),
                   (unsigned long) self->pos);
    while (is_digit (self))
      self->pos++;
  }

  if (is_integer && overflow) {
    WideInteger wide = { start, self->pos - start, negative };

    if (self->wide == NULL)
      return fail (error, _ ("The integer at byte %lu is out of range (64 bits)."),
                   (unsigned long) start);
    g_array_append_val (self->wide, wide);
  }

  if (!is_integer) {
    /* json-glib would turn 1e999 into infinity, which no JSON document can mean. */
    g_autofree char *literal = g_strndup ((const char *) self->data + start, self->pos - start);

    if (!isfinite (g_ascii_strtod (literal, NULL)))
      return fail (error, _ ("The number at byte %lu is out of range."), (unsigned long) start);
  }

  return TRUE;
}

static gboolean
scan_word (Scanner *self, GError **error)
{
  static const char *const words[] = { "true", "false", "null" };
  gsize i;
  gsize end = self->pos;

  for (i = 0; i < G_N_ELEMENTS (words); i++) {
    gsize len = strlen (words[i]);

    if (self->length - self->pos >= len && memcmp (self->data + self->pos, words[i], len) == 0) {
      self->pos += len;
      return TRUE;
    }
  }

  while (end < self->length && end - self->pos < 16 && g_ascii_isalpha (self->data[end]))
    end++;
  {
    g_autofree char *word = g_strndup ((const char *) self->data + self->pos, end - self->pos);

    /* Translators: %s is a word such as NaN or Infinity found in the document. */
    return fail (error, _ ("Unknown word “%s” at byte %lu; only true, false and null are allowed."),
                 word, (unsigned long) self->pos);
  }
}

static Frame *
top_frame (Scanner *self)
{
  if (self->stack->len == 0)
    return NULL;
  return &g_array_index (self->stack, Frame, self->stack->len - 1);
}

static gboolean
push_frame (Scanner *self, gboolean is_object, GError **error)
{
  Frame frame = { is_object, 0, NULL };

  if (self->stack->len >= self->max_depth)
    return fail (error, _ ("The document is nested too deeply at byte %lu (at most %u levels)."),
                 (unsigned long) self->pos, self->max_depth);
  g_array_append_val (self->stack, frame);
  self->pos++;
  return TRUE;
}

static void
pop_frame (Scanner *self)
{
  g_array_set_size (self->stack, self->stack->len - 1);
  self->pos++;
}

static gboolean
scan_value (Scanner *self, State *state, GError **error)
{
  guchar c;

  skip_whitespace (self);
  if (at_end (self)) {
    if (self->pos == 0 || self->stack->len == 0)
      return fail (error, _ ("The document is empty."));
    return fail_unexpected_end (self, error);
  }

  c = self->data[self->pos];
  switch (c) {
    case '{':
      if (!push_frame (self, TRUE, error))
        return FALSE;
      skip_whitespace (self);
      if (!at_end (self) && self->data[self->pos] == '}') {
        pop_frame (self);
        *state = STATE_AFTER_VALUE;
      } else {
        *state = STATE_KEY;
      }
      return TRUE;
    case '[':
      if (!push_frame (self, FALSE, error))
        return FALSE;
      skip_whitespace (self);
      if (!at_end (self) && self->data[self->pos] == ']') {
        pop_frame (self);
        *state = STATE_AFTER_VALUE;
      } else {
        *state = STATE_VALUE;
      }
      return TRUE;
    case '"':
      *state = STATE_AFTER_VALUE;
      return scan_string (self, NULL, error);
    case '-':
    case '0' ... '9':
      *state = STATE_AFTER_VALUE;
      return scan_number (self, error);
    case '+':
      return fail (error, _ ("Numbers must not start with “+” (byte %lu)."),
                   (unsigned long) self->pos);
    case '.':
      return fail (error, _ ("Numbers must start with a digit, like 0.5 (byte %lu)."),
                   (unsigned long) self->pos);
    case 'a' ... 'z':
    case 'A' ... 'Z':
      *state = STATE_AFTER_VALUE;
      return scan_word (self, error);
    default:
      /* Translators: completes "Unexpected “x” at byte 3; expected ...". */
      return fail_unexpected (self, _ ("a value"), error);
  }
}

static gboolean
scan_key (Scanner *self, State *state, GError **error)
{
  Frame *frame = top_frame (self);
  gsize key_at;

  skip_whitespace (self);
  if (at_end (self))
    return fail_unexpected_end (self, error);
  if (self->data[self->pos] != '"')
    /* Translators: completes "Unexpected “x” at byte 3; expected ...". */
    return fail_unexpected (self, _ ("a member name in double quotes"), error);

  key_at = self->pos;
  if (++frame->n_members > MAX_MEMBERS)
    return fail (error, _ ("Too many members in one object at byte %lu (at most %u)."),
                 (unsigned long) key_at, (guint) MAX_MEMBERS);
  g_string_truncate (self->key, 0);
  if (!scan_string (self, self->key, error))
    return FALSE;

  /* Created on the first name: empty objects, many of them in some documents, cost nothing. */
  if (frame->keys == NULL)
    frame->keys = g_tree_new_full (compare_keys, NULL, g_free, NULL);
  else if (g_tree_lookup_extended (frame->keys, self->key->str, NULL, NULL)) {
    g_autofree char *quoted = quote_key (self->key->str);

    /* Translators: %s is a member name from the document. */
    return fail (error, _ ("Duplicate key “%s” at byte %lu."), quoted, (unsigned long) key_at);
  }
  g_tree_insert (frame->keys, g_strndup (self->key->str, self->key->len), NULL);

  skip_whitespace (self);
  if (at_end (self))
    return fail_unexpected_end (self, error);
  if (self->data[self->pos] != ':')
    /* Translators: completes "Unexpected “x” at byte 3; expected ...". */
    return fail_unexpected (self, _ ("“:”"), error);
  self->pos++;
  *state = STATE_VALUE;
  return TRUE;
}

static gboolean
scan_after_value (Scanner *self, State *state, GError **error)
{
  Frame *frame = top_frame (self);
  guchar c;

  skip_whitespace (self);
  if (frame == NULL) {
    if (!at_end (self) && self->data[self->pos] == '/')
      return fail_unexpected (self, "", error);
    if (!at_end (self))
      return fail (error, _ ("Unexpected data after the end of the document at byte %lu."),
                   (unsigned long) self->pos);
    *state = STATE_DONE;
    return TRUE;
  }

  if (at_end (self))
    return fail_unexpected_end (self, error);

  c = self->data[self->pos];
  if (c == ',') {
    self->pos++;
    skip_whitespace (self);
    if (!at_end (self) && (self->data[self->pos] == ']' || self->data[self->pos] == '}'))
      return fail (error, _ ("Trailing comma before byte %lu."), (unsigned long) self->pos);
    *state = frame->is_object ? STATE_KEY : STATE_VALUE;
    return TRUE;
  }
  if ((frame->is_object && c == '}') || (!frame->is_object && c == ']')) {
    pop_frame (self);
    *state = STATE_AFTER_VALUE;
    return TRUE;
  }

  if (frame->is_object)
    /* Translators: completes "Unexpected “x” at byte 3; expected ...". */
    return fail_unexpected (self, _ ("“,” or “}”"), error);
  /* Translators: completes "Unexpected “x” at byte 3; expected ...". */
  return fail_unexpected (self, _ ("“,” or “]”"), error);
}

static gboolean
scan_document (const guchar *data, gsize length, guint max_depth, GArray *wide, GError **error)
{
  Scanner scanner = { data, length, 0, max_depth, NULL, NULL, wide };
  State state = STATE_VALUE;
  gboolean ok = TRUE;

  scanner.stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  g_array_set_clear_func (scanner.stack, clear_frame);
  scanner.key = g_string_new (NULL);

  if (length >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf) {
    ok = fail (error, _ ("The document starts with a byte-order mark, which JSON forbids."));
    state = STATE_DONE;
  }

  while (ok && state != STATE_DONE) {
    switch (state) {
      case STATE_VALUE:
        ok = scan_value (&scanner, &state, error);
        break;
      case STATE_KEY:
        ok = scan_key (&scanner, &state, error);
        break;
      case STATE_AFTER_VALUE:
        ok = scan_after_value (&scanner, &state, error);
        break;
      case STATE_DONE:
      default:
        g_assert_not_reached ();
    }
  }

  g_array_unref (scanner.stack);
  g_string_free (scanner.key, TRUE);
  return ok;
}

/* A copy of @data in which each wide integer is overwritten with 1e999 or -1e999 and padded with
 * spaces: json-glib reads those as infinities (and wide integers themselves as -1). A wide
 * integer has at least 19 digits, so the marker always fits in its place. */
static char *
mark_wide_integers (const char *data, gsize size, GArray *wide)
{
  char *copy = g_malloc (size + 1);

  memcpy (copy, data, size);
  copy[size] = '\0';
  for (guint i = 0; i < wide->len; i++) {
    const WideInteger *w = &g_array_index (wide, WideInteger, i);
    const char *marker = w->negative ? "-1e999" : "1e999";
    gsize marker_length = strlen (marker);

    g_assert (w->length >= marker_length && w->start + w->length <= size);
    memset (copy + w->start, ' ', w->length);
    memcpy (copy + w->start, marker, marker_length);
  }
  return copy;
}

JsonNode *
paystar_json_parse_strict (const char *data,
                           gssize length,
                           gsize max_bytes,
                           guint max_depth,
                           GError **error)
{
  return paystar_json_parse_full (data, length, max_bytes, max_depth, PAYSTAR_JSON_FLAGS_NONE,
                                  error);
}

JsonNode *
paystar_json_parse_full (const char *data,
                         gssize length,
                         gsize max_bytes,
                         guint max_depth,
                         PaystarJsonFlags flags,
                         GError **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GArray) wide = NULL;
  g_autofree char *marked = NULL;
  JsonNode *root;
  gsize size;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0 && max_bytes < G_MAXSSIZE)
    /* Look no further than one byte past the cap: a huge string is refused without being
     * measured in full. */
    size = strnlen (data, max_bytes + 1);
  else if (length < 0)
    size = strlen (data);
  else
    size = (gsize) length;

  if (size > max_bytes) {
    fail (error, _ ("The document is larger than %lu bytes."), (unsigned long) max_bytes);
    return NULL;
  }

  if (flags & PAYSTAR_JSON_WIDE_INTEGERS)
    wide = g_array_new (FALSE, FALSE, sizeof (WideInteger));
  if (!scan_document ((const guchar *) data, size, MIN (max_depth, HARD_MAX_DEPTH), wide, error))
    return NULL;
  if (wide != NULL && wide->len > 0) {
    marked = mark_wide_integers (data, size, wide);
    data = marked;
  }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, size > 0 ? data : "", size, &local_error)) {
    /* The scanner accepted it, so this should not happen; say so rather than guess. */
    fail (error, _ ("The JSON document could not be read: %s"), local_error->message);
    return NULL;
  }

  root = json_parser_steal_root (parser);
  if (root == NULL) {
    fail (error, _ ("The document is empty."));
    return NULL;
  }
  return root;
}

JsonNode *
paystar_json_parse (const char *data, gssize length, GError **error)
{
  return paystar_json_parse_strict (data, length, PAYSTAR_JSON_DEFAULT_MAX_BYTES,
                                    PAYSTAR_JSON_DEFAULT_MAX_DEPTH, error);
}

/* json-glib 1.6 writes a double with g_ascii_dtostr() and appends ".0" whenever the text has no
 * decimal point, so that it reads back as a double; for a number in exponent form that makes
 * "2e+208.0" or "1e-07.0", which is not JSON (our reader refuses it, as any strict one does).
 * Found by fuzz/fuzz-json. A number never has a "." after its exponent, so outside strings that
 * ".0" is dropped again: "2e+208" reads back as the same double. */
static void
drop_dot_after_exponent (char *text, gsize *length)
{
  gsize in = 0, out = 0;
  gboolean in_string = FALSE;

  while (in < *length) {
    char c = text[in];

    if (in_string) {
      text[out++] = text[in++];
      if (c == '\\' && in < *length)
        text[out++] = text[in++];
      else if (c == '"')
        in_string = FALSE;
    } else if (c == '"') {
      in_string = TRUE;
      text[out++] = text[in++];
    } else if (c == '-' || g_ascii_isdigit (c)) {
      gboolean exponent = FALSE;

      while (in < *length && text[in] != '\0' &&
             (g_ascii_isdigit (text[in]) || strchr ("+-.eE", text[in]) != NULL)) {
        if (text[in] == 'e' || text[in] == 'E')
          exponent = TRUE;
        if (text[in] == '.' && exponent) {
          /* The ".0" json-glib appended: skip it and the zeros after the point. */
          in++;
          while (in < *length && text[in] == '0')
            in++;
          continue;
        }
        text[out++] = text[in++];
      }
    } else {
      text[out++] = text[in++];
    }
  }
  text[out] = '\0';
  *length = out;
}

char *
paystar_json_to_string (JsonNode *node, gsize *length)
{
  g_autoptr (JsonGenerator) generator = NULL;
  char *text;
  gsize text_length = 0;

  g_return_val_if_fail (node != NULL, NULL);

  generator = json_generator_new ();
  json_generator_set_pretty (generator, FALSE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &text_length);
  drop_dot_after_exponent (text, &text_length);
  if (length != NULL)
    *length = text_length;
  return text;
}

static JsonNode *
get_value_node (JsonObject *object, const char *member, GType type)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (type != G_TYPE_INVALID && json_node_get_value_type (node) != type)
    return NULL;
  return node;
}

gboolean
paystar_json_get_string (JsonObject *object, const char *member, const char **out)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  node = get_value_node (object, member, G_TYPE_STRING);
  if (node == NULL)
    return FALSE;
  if (out != NULL)
    *out = json_node_get_string (node);
  return TRUE;
}

gboolean
paystar_json_get_int (JsonObject *object, const char *member, gint64 *out)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  node = get_value_node (object, member, G_TYPE_INT64);
  if (node == NULL)
    return FALSE;
  if (out != NULL)
    *out = json_node_get_int (node);
  return TRUE;
}

gboolean
paystar_json_get_bool (JsonObject *object, const char *member, gboolean *out)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  node = get_value_node (object, member, G_TYPE_BOOLEAN);
  if (node == NULL)
    return FALSE;
  if (out != NULL)
    *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
paystar_json_get_number (JsonObject *object, const char *member, double *out)
{
  JsonNode *node;
  GType type;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  node = get_value_node (object, member, G_TYPE_INVALID);
  if (node == NULL)
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64) {
    if (out != NULL)
      *out = (double) json_node_get_int (node);
    return TRUE;
  }
  if (type == G_TYPE_DOUBLE) {
    if (out != NULL)
      *out = json_node_get_double (node);
    return TRUE;
  }
  return FALSE;
}

gboolean
paystar_json_get_object (JsonObject *object, const char *member, JsonObject **out)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  if (out != NULL)
    *out = json_node_get_object (node);
  return TRUE;
}

void
paystar_json_set_string_or_null (JsonObject *object, const char *member, const char *value)
{
  g_return_if_fail (object != NULL);
  g_return_if_fail (member != NULL);

  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

void
paystar_json_builder_add_string (JsonBuilder *builder, const char *member, const char *value)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (member != NULL);

  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
paystar_json_builder_add_int (JsonBuilder *builder, const char *member, gboolean has, gint64 value)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (member != NULL);

  json_builder_set_member_name (builder, member);
  if (has)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
paystar_json_builder_add_bool (JsonBuilder *builder,
                               const char *member,
                               gboolean has,
                               gboolean value)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (member != NULL);

  json_builder_set_member_name (builder, member);
  if (has)
    json_builder_add_boolean_value (builder, value);
  else
    json_builder_add_null_value (builder);
}
