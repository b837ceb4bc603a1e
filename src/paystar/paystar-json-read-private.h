/* paystar-json-read-private.h: typed, optional members of Paystar's JSON objects, for the
 * library's readers of session objects (paystar-event.c, paystar-session-info.c).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every reader here treats an absent member and a null one alike (nothing is read, TRUE), and a
 * member of another type as an error naming its path ("data.lineItems[2].price"), worded for
 * whoever sent the object (@words). Errors are PAYSTAR_ERROR_INVALID_RESPONSE.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Untranslated formats (N_()), each with one %s for the member's path. */
typedef struct {
  const char *not_text;
  const char *not_integer;
  const char *not_number;
  const char *not_boolean;
  const char *not_object;
  const char *not_array;
  const char *negative; /* NULL: a negative amount is out of range */
  const char *out_of_range;
} PaystarReadWords;

/* Sets @error to @format (one of @words') with @path, and returns FALSE. */
gboolean paystar_read_fail (GError **error, const char *format, const char *path);

gboolean paystar_read_is_absent (JsonNode *node);

/* Text: replaces *@out. */
gboolean paystar_read_string (const PaystarReadWords *words,
                              JsonObject *object,
                              const char *member,
                              const char *path,
                              char **out,
                              GError **error);
gboolean paystar_read_bool (const PaystarReadWords *words,
                            JsonObject *object,
                            const char *member,
                            const char *path,
                            gboolean *out_has,
                            gboolean *out,
                            GError **error);
/* An amount in cents: a whole number within 0..PAYSTAR_AMOUNT_MAX. */
gboolean paystar_read_minor (const PaystarReadWords *words,
                             JsonObject *object,
                             const char *member,
                             const char *path,
                             gboolean *out_has,
                             gint64 *out,
                             GError **error);
/* An amount in major units (a JSON number), converted to cents once. */
gboolean paystar_read_major (const PaystarReadWords *words,
                             JsonObject *object,
                             const char *member,
                             const char *path,
                             gboolean *out_has,
                             gint64 *out_cents,
                             GError **error);
/* The member as an object or an array in *@out (NULL when absent or null); FALSE with @error when
 * it is of another type. */
gboolean paystar_read_object (const PaystarReadWords *words,
                              JsonObject *object,
                              const char *member,
                              const char *path,
                              JsonObject **out,
                              GError **error);
gboolean paystar_read_array (const PaystarReadWords *words,
                             JsonObject *object,
                             const char *member,
                             const char *path,
                             JsonArray **out,
                             GError **error);

G_END_DECLS
