/* pos-sale-page.h: the sale being keyed: charges, options, total and submit.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pos-station.h"

G_BEGIN_DECLS

typedef enum {
  POS_SALE_PAGE_EDITING,    /* keying the sale (or back from its payment form, re-openable) */
  POS_SALE_PAGE_SUBMITTING, /* journaled, the request is on its way */
  POS_SALE_PAGE_CREATED,    /* the API created the payment session; the payment step has it */
  POS_SALE_PAGE_UNKNOWN,    /* no answer: Retry (same ClientReference) or Discard */
} PosSalePageState;

#define POS_TYPE_SALE_PAGE (pos_sale_page_get_type ())
G_DECLARE_FINAL_TYPE (PosSalePage, pos_sale_page, POS, SALE_PAGE, GtkWidget)

/* Properties: "station" (PosStation), "agent" (PosAgent, read-only: set by
 * pos_sale_page_begin()), "sale" (PosSale, read-only), "state" (int, a PosSalePageState,
 * read-only), "busy" (gboolean, read-only: a request is in flight).
 *
 * Signals:
 *   "session-created" (gint64 journal_id)  Paystar created the payment session of the sale
 *                 (journaled "created"); the page shows the link until someone takes over.
 *   "reopen-payment" (gint64 journal_id)  the agent asks for the form of a sale that came back
 *                 from its payment step unpaid (sale.reopen-payment, or Submit on that sale).
 *
 * Actions: sale.add-charge, sale.submit (Ctrl+Enter), sale.new (Ctrl+N), sale.retry,
 * sale.discard, sale.show-problems, sale.new-reference, sale.reopen-payment. */

GtkWidget *pos_sale_page_new (void);

PosStation *pos_sale_page_get_station (PosSalePage *self);
void pos_sale_page_set_station (PosSalePage *self, PosStation *station);

/* Shows @agent's sale: a submission whose outcome is unknown, else the saved draft, else a new
 * sale. The previous agent's draft is saved first. */
void pos_sale_page_begin (PosSalePage *self, PosAgent *agent);
/* Saves the draft now (a pending debounced save included) and forgets the agent: the page shows
 * nothing until the next pos_sale_page_begin(). */
void pos_sale_page_end (PosSalePage *self);
/* Puts the keyboard where the agent goes on: the first charge without an amount, Retry after an
 * unknown outcome, New Sale after a created session. */
void pos_sale_page_focus_default (PosSalePage *self);
/* Saves a pending draft now. */
void pos_sale_page_flush_draft (PosSalePage *self);

/* The payment step of the sale @journal_id (the page's own, in state CREATED) ended without a
 * payment: @status is POS_SALE_STATUS_DISMISSED or _FAILED (declined). The sale comes back
 * intact for editing, with its session offered for re-opening until the sale is changed. Other
 * ids are ignored. */
void pos_sale_page_payment_left (PosSalePage *self, gint64 journal_id, PosSaleStatus status);
/* The session of @journal_id is open again: back to CREATED. Other ids are ignored. */
void pos_sale_page_payment_reopened (PosSalePage *self, gint64 journal_id);
/* The journal id of the re-openable session, 0 when there is none. */
gint64 pos_sale_page_get_reopen_id (PosSalePage *self);

PosAgent *pos_sale_page_get_agent (PosSalePage *self);
PosSale *pos_sale_page_get_sale (PosSalePage *self);
PosSalePageState pos_sale_page_get_state (PosSalePage *self);
gboolean pos_sale_page_get_busy (PosSalePage *self);

G_END_DECLS
