/* paystar-session-info.h: what Paystar's Query API says about a payment session, typed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "paystar-event.h"

G_BEGIN_DECLS

/* data.lineItems[] */
typedef struct {
  char *line_item_type;
  char *description;
  gboolean has_price;
  gint64 price; /* priceMinor: cents */
  char *account_number;
  char *sub_account_number;
} PaystarSessionInfoLineItem;

/* Every documented member of the Query API's answer (API-NOTES.md, "Query API"). Strings are
 * NULL when absent or null; numbers have a has_* flag; money is in cents. */
typedef struct {
  /* data.paymentSession (required, with a non-empty identifier) */
  char *identifier;
  char *created_date_utc; /* as sent, e.g. "2025-02-01T12:34:56.789Z" */
  char *business_unit_slug;
  char *channel;
  PaystarSessionStatus status;
  char *status_text; /* the status as sent, whenever there is one */
  gboolean has_subtotal;
  gint64 subtotal; /* cents, converted once (rounded) from the major units Paystar sends */
  gboolean has_service_fee;
  gint64 service_fee; /* serviceFeeCalculation.amount: cents, converted the same way */

  /* data.payment (has_payment FALSE when null or absent: not paid yet) */
  gboolean has_payment;
  PaystarSessionStatus payment_status;
  char *payment_status_text;
  char *payment_date;
  gboolean has_amount;
  gint64 amount; /* amountMinor: cents */
  gboolean has_service_fee_amount;
  gint64 service_fee_amount; /* serviceFeeAmountMinor: cents */
  char *payment_descriptor;
  char *reference_number;
  char *auth_code;
  char *gateway_response_description;

  /* data.paymentSource (has_payment_source FALSE when null or absent) */
  gboolean has_payment_source;
  char *payment_source_type;
  char *account_holder_name; /* kept for the screen; never in paystar_session_info_to_json() */
  char *account_type;
  char *account_number_last4; /* at most the last four digits, whatever was sent */

  GPtrArray *line_items; /* PaystarSessionInfoLineItem*, never NULL */

  gboolean has_can_process_session;
  gboolean can_process_session;
} PaystarSessionInfo;

/* Reads an answer's data (camelCase). data and data.paymentSession must be objects and
 * paymentSession.identifier a non-empty string; every other member is optional and null counts
 * as absent. A member with the wrong type, a negative amount, an amount beyond
 * PAYSTAR_AMOUNT_MAX, or a major-unit amount that is not a finite number is
 * PAYSTAR_ERROR_INVALID_RESPONSE naming the member. Members nobody documented are ignored. */
PaystarSessionInfo *paystar_session_info_from_data (JsonNode *data, GError **error);
/* The same from the data object's JSON text, through the strict reader first (its errors keep
 * their code, PAYSTAR_ERROR_INVALID_JSON). */
PaystarSessionInfo *paystar_session_info_parse (const char *json, gssize length, GError **error);
PaystarSessionInfo *paystar_session_info_copy (const PaystarSessionInfo *info);
void paystar_session_info_free (PaystarSessionInfo *info);

/* A compact JSON summary for the journal: {"source": "query-api", "sessionIdentifier", "status",
 * "channel", "createdDateUtc", "subtotalMinor", "serviceFeeMinor", "canProcessSession",
 * "payment": {...} or null, "paymentSource": {"paymentSourceType", "accountType",
 * "accountNumberLast4"} or null, "lineItems": [...]}. Never more card data than the last four
 * digits, and no card holder name. */
char *paystar_session_info_to_json (const PaystarSessionInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PaystarSessionInfo, paystar_session_info_free)

G_END_DECLS
