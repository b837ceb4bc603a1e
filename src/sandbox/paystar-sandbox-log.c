/* paystar-sandbox-log.c: the bounded log of recent requests behind GET /_sandbox/requests, with
 * API keys and card data taken out before anything is kept.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "paystar-sandbox-log.h"

#include <string.h>

#include "paystar-card.h"
#include "paystar-json.h"
#include "paystar-sandbox-cards.h"
#include "paystar-sandbox-render.h"

#define TEXT_BODY_MAX_BYTES 4096
#define REDACTED            "[redacted]"

struct _PaystarSandboxLog {
  GQueue entries; /* JsonNode*, oldest first */
  guint max_entries;
};

PaystarSandboxLog *
paystar_sandbox_log_new (guint max_entries)
{
  PaystarSandboxLog *self = g_new0 (PaystarSandboxLog, 1);

  g_queue_init (&self->entries);
  self->max_entries = MAX (max_entries, 1);
  return self;
}

void
paystar_sandbox_log_free (PaystarSandboxLog *self)
{
  if (self == NULL)
    return;
  paystar_sandbox_log_clear (self);
  g_free (self);
}

void
paystar_sandbox_log_clear (PaystarSandboxLog *self)
{
  g_return_if_fail (self != NULL);

  g_queue_clear_full (&self->entries, (GDestroyNotify) json_node_unref);
}

static char *
scrubbed_copy (const char *text)
{
  char *copy = g_utf8_make_valid (text, -1);

  paystar_sandbox_card_scrub (copy);
  return copy;
}

static gboolean
is_secret_header (const char *name)
{
  return g_ascii_strcasecmp (name, "X-Paystar-Api-Key") == 0 ||
         g_ascii_strcasecmp (name, "Authorization") == 0 ||
         g_ascii_strcasecmp (name, "Proxy-Authorization") == 0 ||
         g_ascii_strcasecmp (name, "Cookie") == 0;
}

static JsonObject *
headers_object (SoupMessageHeaders *headers)
{
  JsonObject *object = json_object_new ();
  SoupMessageHeadersIter iter;
  const char *name, *value;

  if (headers == NULL)
    return object;
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value)) {
    g_autofree char *clean = is_secret_header (name) ? g_strdup (REDACTED) : scrubbed_copy (value);
    g_autofree char *lower = g_ascii_strdown (name, -1);

    /* A repeated header keeps its last value: the log is for reading, not for replaying. */
    json_object_set_string_member (object, lower, clean);
  }
  return object;
}

static gboolean
digits_could_be_card (gint64 value)
{
  char digits[32];

  g_snprintf (digits, sizeof digits, "%" G_GINT64_FORMAT, value < 0 ? -value : value);
  return strlen (digits) >= 12 && paystar_card_luhn_valid (digits);
}

/* Masks, in place, every string and integer of @node that could hold a card number. */
static void
scrub_node (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node)) {
    JsonObject *object = json_node_get_object (node);
    g_autoptr (GList) members = json_object_get_members (object);

    for (GList *l = members; l != NULL; l = l->next)
      scrub_node (json_object_get_member (object, l->data));
  } else if (JSON_NODE_HOLDS_ARRAY (node)) {
    JsonArray *array = json_node_get_array (node);

    for (guint i = 0; i < json_array_get_length (array); i++)
      scrub_node (json_array_get_element (array, i));
  } else if (JSON_NODE_HOLDS_VALUE (node)) {
    GType type = json_node_get_value_type (node);

    if (type == G_TYPE_STRING) {
      g_autofree char *copy = g_strdup (json_node_get_string (node));

      if (paystar_sandbox_card_scrub (copy))
        json_node_set_string (node, copy);
    } else if (type == G_TYPE_INT64 && digits_could_be_card (json_node_get_int (node))) {
      json_node_set_string (node, REDACTED);
    }
  }
}

static void
drop_card_members (JsonNode *root)
{
  JsonObject *object;
  const char *number = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return;
  object = json_node_get_object (root);
  if (paystar_json_get_string (object, "cardNumber", &number)) {
    g_autofree char *digits = NULL;
    gsize n = 0;

    /* Keep only what the store keeps too: the last four digits. */
    for (const char *p = number; *p != '\0'; p++) {
      if (g_ascii_isdigit (*p))
        n++;
    }
    if (n >= 4) {
      digits = g_malloc (n + 1);
      n = 0;
      for (const char *p = number; *p != '\0'; p++) {
        if (g_ascii_isdigit (*p))
          digits[n++] = *p;
      }
      digits[n] = '\0';
      json_object_set_string_member (object, "cardNumberLast4", digits + n - 4);
    }
  }
  if (json_object_has_member (object, "cardNumber"))
    json_object_remove_member (object, "cardNumber");
  if (json_object_has_member (object, "expiry"))
    json_object_remove_member (object, "expiry");
  if (json_object_has_member (object, "cvc"))
    json_object_remove_member (object, "cvc");
}

static void
set_body (JsonObject *entry, const PaystarSandboxLogRequest *request)
{
  g_autoptr (JsonNode) root = NULL;

  json_object_set_int_member (entry, "bodyBytes", (gint64) request->body_received);
  if (request->body == NULL || request->body_length == 0) {
    json_object_set_null_member (entry, "body");
    return;
  }
  if (request->body_received > request->body_length ||
      request->body_length > PAYSTAR_SANDBOX_LOG_MAX_BODY_BYTES) {
    json_object_set_null_member (entry, "body");
    json_object_set_string_member (entry, "bodyOmitted", "too large");
    return;
  }

  root = paystar_json_parse_strict (request->body, (gssize) request->body_length,
                                    PAYSTAR_SANDBOX_LOG_MAX_BODY_BYTES,
                                    PAYSTAR_JSON_DEFAULT_MAX_DEPTH, NULL);
  if (root != NULL) {
    if (request->has_card_data)
      drop_card_members (root);
    scrub_node (root);
    json_object_set_member (entry, "body", g_steal_pointer (&root));
  } else if (request->has_card_data) {
    /* Unreadable card data has no members to drop; keeping none of it is the safe choice. */
    json_object_set_null_member (entry, "body");
    json_object_set_string_member (entry, "bodyOmitted", "not JSON");
  } else {
    g_autofree char *text =
      g_strndup (request->body, MIN (request->body_length, TEXT_BODY_MAX_BYTES));
    g_autofree char *clean = scrubbed_copy (text);

    json_object_set_null_member (entry, "body");
    json_object_set_string_member (entry, "bodyText", clean);
  }
}

void
paystar_sandbox_log_add (PaystarSandboxLog *self, const PaystarSandboxLogRequest *request)
{
  JsonObject *entry;
  JsonNode *node;
  g_autofree char *time = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (request != NULL);

  entry = json_object_new ();
  time = paystar_sandbox_render_time (request->time);
  path = scrubbed_copy (request->path != NULL ? request->path : "");
  json_object_set_string_member (entry, "time", time);
  json_object_set_string_member (entry, "method", request->method != NULL ? request->method : "");
  json_object_set_string_member (entry, "path", path);
  if (request->query != NULL) {
    g_autofree char *query = scrubbed_copy (request->query);

    json_object_set_string_member (entry, "query", query);
  } else {
    json_object_set_null_member (entry, "query");
  }
  json_object_set_int_member (entry, "status", request->status);
  /* An integer: json-glib writes doubles with 17 significant digits, and "0.34000000000000002"
   * holds a run that reads like a test card number to anyone scanning the log for one. */
  json_object_set_int_member (entry, "durationUs", request->duration);
  json_object_set_object_member (entry, "headers", headers_object (request->headers));
  set_body (entry, request);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, entry);
  g_queue_push_tail (&self->entries, node);
  while (g_queue_get_length (&self->entries) > self->max_entries)
    json_node_unref (g_queue_pop_head (&self->entries));
}

JsonNode *
paystar_sandbox_log_to_json (PaystarSandboxLog *self)
{
  JsonObject *object;
  JsonArray *requests;
  JsonNode *node;

  g_return_val_if_fail (self != NULL, NULL);

  object = json_object_new ();
  requests = json_array_sized_new (g_queue_get_length (&self->entries));
  for (GList *l = self->entries.head; l != NULL; l = l->next)
    json_array_add_element (requests, json_node_copy (l->data));
  json_object_set_int_member (object, "max", self->max_entries);
  json_object_set_array_member (object, "requests", requests);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}
