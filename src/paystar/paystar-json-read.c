/* paystar-json-read.c: typed, optional members of Paystar's JSON objects.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "paystar-error-private.h"
#include "paystar-json-read-private.h"
#include "paystar-json.h"
#include "paystar-money.h"

gboolean
paystar_read_fail (GError **error, const char *format, const char *path)
{
  /* @format is one of the readers' own N_() strings with one %s (PaystarReadWords). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  return paystar_set_error (error, PAYSTAR_ERROR_INVALID_RESPONSE, _ (format), path);
#pragma GCC diagnostic pop
}

gboolean
paystar_read_is_absent (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static gboolean
holds_type (JsonNode *node, GType type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gboolean
paystar_read_string (const PaystarReadWords *words,
                     JsonObject *object,
                     const char *member,
                     const char *path,
                     char **out,
                     GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (paystar_read_is_absent (node))
    return TRUE;
  if (!holds_type (node, G_TYPE_STRING))
    return paystar_read_fail (error, words->not_text, path);
  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

gboolean
paystar_read_bool (const PaystarReadWords *words,
                   JsonObject *object,
                   const char *member,
                   const char *path,
                   gboolean *out_has,
                   gboolean *out,
                   GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (paystar_read_is_absent (node))
    return TRUE;
  if (!holds_type (node, G_TYPE_BOOLEAN))
    return paystar_read_fail (error, words->not_boolean, path);
  *out_has = TRUE;
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
paystar_read_minor (const PaystarReadWords *words,
                    JsonObject *object,
                    const char *member,
                    const char *path,
                    gboolean *out_has,
                    gint64 *out,
                    GError **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 value;

  if (paystar_read_is_absent (node))
    return TRUE;
  if (!paystar_json_get_int (object, member, &value))
    return paystar_read_fail (error, words->not_integer, path);
  if (value < 0 && words->negative != NULL)
    return paystar_read_fail (error, words->negative, path);
  if (value < 0 || value > PAYSTAR_AMOUNT_MAX)
    return paystar_read_fail (error, words->out_of_range, path);
  *out_has = TRUE;
  *out = value;
  return TRUE;
}

gboolean
paystar_read_major (const PaystarReadWords *words,
                    JsonObject *object,
                    const char *member,
                    const char *path,
                    gboolean *out_has,
                    gint64 *out_cents,
                    GError **error)
{
  JsonNode *node = json_object_get_member (object, member);
  double major;
  gint64 cents;

  if (paystar_read_is_absent (node))
    return TRUE;
  if (!paystar_json_get_number (object, member, &major))
    return paystar_read_fail (error, words->not_number, path);
  if (major < 0 && words->negative != NULL)
    return paystar_read_fail (error, words->negative, path);
  if (!(major >= 0) || !paystar_money_from_major (major, &cents))
    return paystar_read_fail (error, words->out_of_range, path);
  *out_has = TRUE;
  *out_cents = cents;
  return TRUE;
}

gboolean
paystar_read_object (const PaystarReadWords *words,
                     JsonObject *object,
                     const char *member,
                     const char *path,
                     JsonObject **out,
                     GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (paystar_read_is_absent (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return paystar_read_fail (error, words->not_object, path);
  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
paystar_read_array (const PaystarReadWords *words,
                    JsonObject *object,
                    const char *member,
                    const char *path,
                    JsonArray **out,
                    GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (paystar_read_is_absent (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return paystar_read_fail (error, words->not_array, path);
  *out = json_node_get_array (node);
  return TRUE;
}
