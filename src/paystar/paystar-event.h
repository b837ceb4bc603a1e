/* paystar-event.h: the SDK's {event, data} messages, typed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  PAYSTAR_EVENT_OTHER,
  PAYSTAR_EVENT_FRAME_LOADED,      /* "FRAME.LOADED" */
  PAYSTAR_EVENT_SESSION_LOADED,    /* "PAYMENT-SESSION.LOADED" */
  PAYSTAR_EVENT_SESSION_UPDATED,   /* "PAYMENT-SESSION.UPDATED" */
  PAYSTAR_EVENT_SESSION_PROCESSED, /* "PAYMENT-SESSION.PROCESSED" */
  PAYSTAR_EVENT_COMPONENT_DISMISS, /* "COMPONENT.DISMISS" */
} PaystarEventKind;

typedef enum {
  PAYSTAR_SESSION_STATUS_NONE, /* absent */
  PAYSTAR_SESSION_STATUS_SUCCEEDED,
  PAYSTAR_SESSION_STATUS_FAILED,
  PAYSTAR_SESSION_STATUS_PENDING,
  PAYSTAR_SESSION_STATUS_OTHER, /* present with another value, kept in status_text */
} PaystarSessionStatus;

/* "Succeeded", "Failed" and "Pending" (exactly, as Paystar spells them) to their value; NULL to
 * NONE; any other text to OTHER. Shared by SDK events and Query API answers. */
PaystarSessionStatus paystar_session_status_from_string (const char *text);

typedef struct {
  char *description;
  gboolean has_price;
  gint64 price; /* cents, converted once from major units */
} PaystarLineItem;

typedef struct {
  PaystarEventKind kind;
  char *name; /* the event name as received */
  gboolean has_session;
  char *session_identifier;
  PaystarSessionStatus status;
  char *status_text;
  char *channel;
  gboolean has_subtotal;
  gint64 subtotal; /* cents */
  gboolean has_fee;
  gint64 fee;            /* serviceFeeCalculation.amount, cents */
  GPtrArray *line_items; /* PaystarLineItem*, never NULL */
  char *payment_source_type;
  char *account_number_masked;
  char *nickname;
  JsonNode *custom_meta; /* customMeta when the event carries it, else NULL */
} PaystarEvent;

/* Parses a message from the SDK (already a JSON node, e.g. from a WebKit script message that went
 * through the strict reader). Missing optional members are fine; wrong types are
 * PAYSTAR_ERROR_INVALID_RESPONSE. Unknown event names give PAYSTAR_EVENT_OTHER with their name. */
PaystarEvent *paystar_event_parse_node (JsonNode *node, GError **error);
/* Runs @json through the strict reader first. */
PaystarEvent *paystar_event_parse (const char *json, gssize length, GError **error);
void paystar_event_free (PaystarEvent *event);
const char *paystar_event_kind_to_string (PaystarEventKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PaystarEvent, paystar_event_free)

G_END_DECLS
