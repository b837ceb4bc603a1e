/* pos-sale-record.h: one submitted sale as the journal holds it (an immutable snapshot).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pos-types.h"

G_BEGIN_DECLS

#define POS_TYPE_SALE_RECORD (pos_sale_record_get_type ())
G_DECLARE_FINAL_TYPE (PosSaleRecord, pos_sale_record, POS, SALE_RECORD, GObject)

/* Read-only properties, one per getter below: "id" (gint64), "client-reference", "agent-email",
 * "created" and "updated" (gint64, microseconds since the epoch), "status" (PosSaleStatus),
 * "session-identifier", "session-link", "error-text", "total" (gint64 cents), "card-last4"
 * (the last four digits only, or NULL), "accounts" (the account numbers of the request's charges,
 * space-separated, for display and search), "request-json", "response-json", "draft-json" (the
 * sale as keyed, pos_sale_to_json()), "edited" (gint64, the last change to the sale as keyed),
 * "closed-by" and "closed-reason" (who closed the sale, and why). Strings are NULL
 * when unknown. A record does not change: look the sale up again to see later updates. */

gint64 pos_sale_record_get_id (PosSaleRecord *self);
const char *pos_sale_record_get_client_reference (PosSaleRecord *self);
const char *pos_sale_record_get_agent_email (PosSaleRecord *self);
gint64 pos_sale_record_get_created (PosSaleRecord *self);
gint64 pos_sale_record_get_updated (PosSaleRecord *self);
PosSaleStatus pos_sale_record_get_status (PosSaleRecord *self);
const char *pos_sale_record_get_session_identifier (PosSaleRecord *self);
const char *pos_sale_record_get_session_link (PosSaleRecord *self);
const char *pos_sale_record_get_error_text (PosSaleRecord *self);
gint64 pos_sale_record_get_total (PosSaleRecord *self);
const char *pos_sale_record_get_card_last4 (PosSaleRecord *self);
/* "••••1234", or "Visa ••••1234" when Paystar named the brand (its Query API does, as
 * paymentSource.accountType; its SDK events do not), or NULL when the last four digits are
 * unknown. */
char *pos_sale_record_dup_masked_card (PosSaleRecord *self);
const char *pos_sale_record_get_accounts (PosSaleRecord *self);
const char *pos_sale_record_get_request_json (PosSaleRecord *self);
const char *pos_sale_record_get_response_json (PosSaleRecord *self);
const char *pos_sale_record_get_draft_json (PosSaleRecord *self);
gint64 pos_sale_record_get_edited (PosSaleRecord *self);
const char *pos_sale_record_get_closed_by (PosSaleRecord *self);
const char *pos_sale_record_get_closed_reason (PosSaleRecord *self);
/* The station's name for a sale read from the office database (History's "All stations"); NULL
 * for the station's own sales. */
const char *pos_sale_record_get_station (PosSaleRecord *self);
/* What Paystar said of the payment, from the stored response (the SDK's session object or a Query
 * API summary): @member ("referenceNumber": Paystar's payment reference, "authCode": the card
 * authorisation code) at its top level or under "payment". NULL when Paystar did not say. */
char *pos_sale_record_dup_payment_field (PosSaleRecord *self, const char *member);

G_END_DECLS
