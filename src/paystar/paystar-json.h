/* paystar-json.h: a strict RFC 8259 reader in front of json-glib for untrusted documents.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PAYSTAR_JSON_DEFAULT_MAX_BYTES (1024 * 1024)
#define PAYSTAR_JSON_DEFAULT_MAX_DEPTH 32

/* Checks that @data (of @length bytes, or NUL-terminated when @length is -1) is one strict
 * RFC 8259 value: at most @max_bytes bytes, nesting at most @max_depth deep, no comments, single
 * quotes, hex, octal, leading zeros, ".5", NaN, raw control characters, invalid UTF-8, or \u0000;
 * no duplicate keys in any object; integer literals within gint64. Only then is it handed to
 * json-glib. Errors are PAYSTAR_ERROR_INVALID_JSON with a message that names the byte offset
 * (counted from 0). Two limits no caller can raise: an object holds at most 1000 members
 * (json-glib's member table is easy to flood with colliding names) and @max_depth is clamped to
 * 1000 (json-glib recurses once per level). A byte-order mark and numbers beyond a double's range
 * are refused too. */
JsonNode *paystar_json_parse_strict (const char *data,
                                     gssize length,
                                     gsize max_bytes,
                                     guint max_depth,
                                     GError **error);

/**
 * PaystarJsonFlags:
 * @PAYSTAR_JSON_FLAGS_NONE: everything above is refused.
 * @PAYSTAR_JSON_WIDE_INTEGERS: an integer literal beyond gint64 does not make the document
 *   invalid: it reads as a floating-point node holding +infinity or -infinity (its sign), which
 *   no accepted literal can produce. For a server binding a typed model, which reports such a
 *   value at its field (paystar_request_from_json_node()) instead of refusing the whole body.
 */
typedef enum {
  PAYSTAR_JSON_FLAGS_NONE = 0,
  PAYSTAR_JSON_WIDE_INTEGERS = 1 << 0,
} PaystarJsonFlags;

/* paystar_json_parse_strict() with @flags. */
JsonNode *paystar_json_parse_full (const char *data,
                                   gssize length,
                                   gsize max_bytes,
                                   guint max_depth,
                                   PaystarJsonFlags flags,
                                   GError **error);

/* The same with PAYSTAR_JSON_DEFAULT_MAX_BYTES and PAYSTAR_JSON_DEFAULT_MAX_DEPTH. */
JsonNode *paystar_json_parse (const char *data, gssize length, GError **error);

/* Serialises @node compactly (no pretty printing), as sent on the wire. */
char *paystar_json_to_string (JsonNode *node, gsize *length);

/* Typed access for nodes that came through the strict reader. Each returns FALSE when the
 * member is absent or has another type; *out is left untouched then. Integers must be integer
 * nodes (G_TYPE_INT64): 1.0 is not an integer. */
gboolean paystar_json_get_string (JsonObject *object, const char *member, const char **out);
gboolean paystar_json_get_int (JsonObject *object, const char *member, gint64 *out);
gboolean paystar_json_get_bool (JsonObject *object, const char *member, gboolean *out);
/* Integer or floating-point number node, as a double (for SDK events in major units). */
gboolean paystar_json_get_number (JsonObject *object, const char *member, double *out);
/* An object member (not null, not another type). */
gboolean paystar_json_get_object (JsonObject *object, const char *member, JsonObject **out);

/* Sets @member of @object to the string @value, or to null when @value is NULL. */
void paystar_json_set_string_or_null (JsonObject *object, const char *member, const char *value);

/* Adds @member to the object @builder is building: the string @value, or null when @value is
 * NULL; the integer @value, or null when @has is FALSE; the boolean likewise. */
void paystar_json_builder_add_string (JsonBuilder *builder, const char *member, const char *value);
void
paystar_json_builder_add_int (JsonBuilder *builder, const char *member, gboolean has, gint64 value);
void paystar_json_builder_add_bool (JsonBuilder *builder,
                                    const char *member,
                                    gboolean has,
                                    gboolean value);

G_END_DECLS
