/* paystar-event.c: the SDK's {event, data} messages, typed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "paystar-card.h"
#include "paystar-error-private.h"
#include "paystar-event.h"
#include "paystar-json-read-private.h"
#include "paystar-json.h"
#include "paystar-money.h"

/* The SDK hands its onEvent callback { event: NAME, data: OBJECT | null } (API-NOTES.md, "The JS
 * SDK"). For the three PAYMENT-SESSION events data is the session object: camelCase, money in
 * major units as JSON numbers, converted here to cents once with paystar_money_from_major().
 *
 * Choices made here:
 * - Every member of the session object is optional, and null counts as absent (the sandbox
 *   sends "paymentSource": null, "nickname": null, "customMeta": null). A member that is present
 *   with another type is an error naming it; so is an amount that is negative or beyond
 *   PAYSTAR_AMOUNT_MAX.
 * - Members nobody documented are ignored, at the top level and in the session alike.
 * - data must be an object or null for every event. It is read as a session object only for
 *   the PAYMENT-SESSION events: other events (and unknown ones) keep their name, and their data
 *   is not interpreted, since its shape is not published.
 * - status_text holds the status as received whenever there is one, not only for OTHER.
 * - accountNumberMasked is meant to be masked; if it arrives with more than four digits in it,
 *   only "****" and the last four digits are kept, so that a full card number can never reach
 *   the journal or the screen through this struct. */

typedef struct {
  const char *name;
  PaystarEventKind kind;
} KindName;

static const KindName kind_names[] = {
  { "FRAME.LOADED", PAYSTAR_EVENT_FRAME_LOADED },
  { "PAYMENT-SESSION.LOADED", PAYSTAR_EVENT_SESSION_LOADED },
  { "PAYMENT-SESSION.UPDATED", PAYSTAR_EVENT_SESSION_UPDATED },
  { "PAYMENT-SESSION.PROCESSED", PAYSTAR_EVENT_SESSION_PROCESSED },
  { "COMPONENT.DISMISS", PAYSTAR_EVENT_COMPONENT_DISMISS },
};

const char *
paystar_event_kind_to_string (PaystarEventKind kind)
{
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (kind_names); i++) {
    if (kind_names[i].kind == kind)
      return kind_names[i].name;
  }
  return "OTHER";
}

static PaystarEventKind
kind_from_name (const char *name)
{
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (kind_names); i++) {
    if (strcmp (kind_names[i].name, name) == 0)
      return kind_names[i].kind;
  }
  return PAYSTAR_EVENT_OTHER;
}

PaystarSessionStatus
paystar_session_status_from_string (const char *text)
{
  if (text == NULL)
    return PAYSTAR_SESSION_STATUS_NONE;
  if (strcmp (text, "Succeeded") == 0)
    return PAYSTAR_SESSION_STATUS_SUCCEEDED;
  if (strcmp (text, "Failed") == 0)
    return PAYSTAR_SESSION_STATUS_FAILED;
  if (strcmp (text, "Pending") == 0)
    return PAYSTAR_SESSION_STATUS_PENDING;
  return PAYSTAR_SESSION_STATUS_OTHER;
}

static void
line_item_free (gpointer data)
{
  PaystarLineItem *item = data;

  g_free (item->description);
  g_free (item);
}

void
paystar_event_free (PaystarEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->name);
  g_free (event->session_identifier);
  g_free (event->status_text);
  g_free (event->channel);
  g_clear_pointer (&event->line_items, g_ptr_array_unref);
  g_free (event->payment_source_type);
  g_free (event->account_number_masked);
  g_free (event->nickname);
  g_clear_pointer (&event->custom_meta, json_node_unref);
  g_free (event);
}

static PaystarEvent *
event_new (void)
{
  PaystarEvent *event = g_new0 (PaystarEvent, 1);

  event->line_items = g_ptr_array_new_with_free_func (line_item_free);
  return event;
}

/* Everything wrong with a message from the payment page is an invalid response. */
#define fail(error, ...) paystar_set_error ((error), PAYSTAR_ERROR_INVALID_RESPONSE, __VA_ARGS__)

/* Translators: in the messages below, %s is the name of a member of a message from Paystar's
 * payment page, like “data.subtotal”. */
#define MSG_NOT_TEXT     N_ ("The payment page sent “%s” with the wrong type: it must be text.")
#define MSG_NOT_NUMBER   N_ ("The payment page sent “%s” with the wrong type: it must be a number.")
#define MSG_NOT_OBJECT   N_ ("The payment page sent “%s” with the wrong type: it must be an object.")
#define MSG_NOT_ARRAY    N_ ("The payment page sent “%s” with the wrong type: it must be a list.")
#define MSG_MISSING      N_ ("The payment page sent a message without “%s”.")
#define MSG_NEGATIVE     N_ ("The payment page sent a negative amount in “%s”.")
#define MSG_OUT_OF_RANGE N_ ("The payment page sent an amount out of range in “%s”.")

static const PaystarReadWords words = {
  .not_text = MSG_NOT_TEXT,
  .not_number = MSG_NOT_NUMBER,
  .not_object = MSG_NOT_OBJECT,
  .not_array = MSG_NOT_ARRAY,
  .negative = MSG_NEGATIVE,
  .out_of_range = MSG_OUT_OF_RANGE,
};

#define is_absent(node)  paystar_read_is_absent (node)
#define read_string(...) paystar_read_string (&words, __VA_ARGS__)
#define read_money(...)  paystar_read_major (&words, __VA_ARGS__)
#define read_object(...) paystar_read_object (&words, __VA_ARGS__)

/* At most "****" and the last four digits of what arrived. */
static char *
mask_account_number (const char *text)
{
  guint digits;
  g_autofree char *last4 = paystar_card_last_four (text, &digits);

  if (digits <= 4)
    return g_strdup (text);
  return g_strconcat ("****", last4, NULL);
}

static gboolean
parse_line_items (PaystarEvent *event, JsonObject *session, GError **error)
{
  JsonArray *array;
  guint i, n;

  if (!paystar_read_array (&words, session, "lineItems", "data.lineItems", &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;
  n = json_array_get_length (array);
  for (i = 0; i < n; i++) {
    JsonNode *element = json_array_get_element (array, i);
    g_autofree char *path = g_strdup_printf ("data.lineItems[%u]", i);
    g_autofree char *description_path = g_strdup_printf ("data.lineItems[%u].description", i);
    g_autofree char *price_path = g_strdup_printf ("data.lineItems[%u].price", i);
    PaystarLineItem *item;
    JsonObject *object;

    if (!JSON_NODE_HOLDS_OBJECT (element))
      return fail (error, _ (MSG_NOT_OBJECT), path);
    object = json_node_get_object (element);

    item = g_new0 (PaystarLineItem, 1);
    g_ptr_array_add (event->line_items, item);
    if (!read_string (object, "description", description_path, &item->description, error))
      return FALSE;
    if (!read_money (object, "price", price_path, &item->has_price, &item->price, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
parse_session (PaystarEvent *event, JsonObject *session, GError **error)
{
  JsonObject *source;
  JsonObject *fee;
  JsonNode *meta;

  event->has_session = TRUE;

  if (!read_string (session, "sessionIdentifier", "data.sessionIdentifier",
                    &event->session_identifier, error))
    return FALSE;

  if (!read_string (session, "status", "data.status", &event->status_text, error))
    return FALSE;
  event->status = paystar_session_status_from_string (event->status_text);

  if (!read_string (session, "channel", "data.channel", &event->channel, error))
    return FALSE;
  if (!read_money (session, "subtotal", "data.subtotal", &event->has_subtotal, &event->subtotal,
                   error))
    return FALSE;
  if (!parse_line_items (event, session, error))
    return FALSE;

  if (!read_object (session, "paymentSource", "data.paymentSource", &source, error))
    return FALSE;
  if (source != NULL) {
    g_autofree char *masked = NULL;

    if (!read_string (source, "paymentSourceType", "data.paymentSource.paymentSourceType",
                      &event->payment_source_type, error) ||
        !read_string (source, "accountNumberMasked", "data.paymentSource.accountNumberMasked",
                      &masked, error) ||
        !read_string (source, "nickname", "data.paymentSource.nickname", &event->nickname, error))
      return FALSE;
    if (masked != NULL)
      event->account_number_masked = mask_account_number (masked);
  }

  if (!read_object (session, "serviceFeeCalculation", "data.serviceFeeCalculation", &fee, error))
    return FALSE;
  if (fee != NULL && !read_money (fee, "amount", "data.serviceFeeCalculation.amount",
                                  &event->has_fee, &event->fee, error))
    return FALSE;

  meta = json_object_get_member (session, "customMeta");
  if (!is_absent (meta)) {
    if (!JSON_NODE_HOLDS_OBJECT (meta))
      return fail (error, _ (MSG_NOT_OBJECT), "data.customMeta");
    event->custom_meta = json_node_copy (meta);
  }

  return TRUE;
}

PaystarEvent *
paystar_event_parse_node (JsonNode *node, GError **error)
{
  g_autoptr (PaystarEvent) event = NULL;
  JsonObject *root;
  JsonNode *name_node;
  JsonNode *data;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node)) {
    g_set_error_literal (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE,
                         _ ("The payment page sent a message that is not a JSON object."));
    return NULL;
  }
  root = json_node_get_object (node);

  name_node = json_object_get_member (root, "event");
  if (is_absent (name_node)) {
    fail (error, _ (MSG_MISSING), "event");
    return NULL;
  }
  if (!JSON_NODE_HOLDS_VALUE (name_node) || json_node_get_value_type (name_node) != G_TYPE_STRING) {
    fail (error, _ (MSG_NOT_TEXT), "event");
    return NULL;
  }

  event = event_new ();
  event->name = g_strdup (json_node_get_string (name_node));
  event->kind = kind_from_name (event->name);

  data = json_object_get_member (root, "data");
  if (is_absent (data))
    return g_steal_pointer (&event);
  if (!JSON_NODE_HOLDS_OBJECT (data)) {
    fail (error, _ (MSG_NOT_OBJECT), "data");
    return NULL;
  }

  switch (event->kind) {
    case PAYSTAR_EVENT_SESSION_LOADED:
    case PAYSTAR_EVENT_SESSION_UPDATED:
    case PAYSTAR_EVENT_SESSION_PROCESSED:
      if (!parse_session (event, json_node_get_object (data), error))
        return NULL;
      break;
    case PAYSTAR_EVENT_OTHER:
    case PAYSTAR_EVENT_FRAME_LOADED:
    case PAYSTAR_EVENT_COMPONENT_DISMISS:
    default:
      break;
  }

  return g_steal_pointer (&event);
}

PaystarEvent *
paystar_event_parse (const char *json, gssize length, GError **error)
{
  g_autoptr (JsonNode) node = NULL;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Errors of the strict reader keep their code, PAYSTAR_ERROR_INVALID_JSON. */
  node = paystar_json_parse (json, length, error);
  if (node == NULL)
    return NULL;
  return paystar_event_parse_node (node, error);
}
