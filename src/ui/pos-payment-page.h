/* pos-payment-page.h: the payment step of one journaled sale: its summary, Paystar's form in a
 * PosPaymentView, and what the form reports, written to the journal.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pos-payment-view.h"
#include "pos-station.h"

G_BEGIN_DECLS

typedef enum {
  POS_PAYMENT_PAGE_IDLE,     /* no payment on the page */
  POS_PAYMENT_PAGE_LOADING,  /* the form is on its way */
  POS_PAYMENT_PAGE_READY,    /* the form is there: the card is typed into it */
  POS_PAYMENT_PAGE_DECLINED, /* a card was declined; the form stays for another one */
  POS_PAYMENT_PAGE_CHECKING, /* redirect mode: asking the gateway how the session ended */
  POS_PAYMENT_PAGE_FAILED,   /* the view shows its own error page, with Try Again */
} PosPaymentPageState;

#define POS_TYPE_PAYMENT_PAGE (pos_payment_page_get_type ())
G_DECLARE_FINAL_TYPE (PosPaymentPage, pos_payment_page, POS, PAYMENT_PAGE, GtkWidget)

/* Properties: "station" (PosStation), "state" (int, a PosPaymentPageState, read-only).
 *
 * Signals (the journal is up to date when they are emitted; a handler may end the page):
 *   "loaded" ()  the form is ready (again, after a reload).
 *   "finished" (int status)  the payment is over: POS_SALE_STATUS_SUCCEEDED or _PENDING.
 *   "closed" (int status)  the form was left without a payment (the customer dismissed it, the
 *                redirect came back, or "Back to Sale"): POS_SALE_STATUS_DISMISSED, or
 *                POS_SALE_STATUS_FAILED when the last card tried was declined.
 *
 * Action: payment.back ("Back to Sale"). */

GtkWidget *pos_payment_page_new (void);

void pos_payment_page_set_station (PosPaymentPage *self, PosStation *station);

/* Shows the payment of @record (a journaled sale with a session) in @view, a new view nobody
 * else uses (the page owns it from now on), opens the record's link and marks the sale
 * "created" (awaiting payment) again if it was dismissed. @agent_name is shown in the summary. */
void pos_payment_page_begin (PosPaymentPage *self,
                             PosPaymentView *view,
                             PosSaleRecord *record,
                             const char *agent_name);
/* Leaves the form as "Back to Sale" does: journals the sale as dismissed (unless the last card
 * was declined) and emits "closed". Nothing happens when no payment is on the page. */
void pos_payment_page_close (PosPaymentPage *self);
/* Drops the view (and with it everything of this customer) without touching the journal. */
void pos_payment_page_end (PosPaymentPage *self);

PosPaymentPageState pos_payment_page_get_state (PosPaymentPage *self);
gboolean pos_payment_page_get_active (PosPaymentPage *self);
/* The journal id of the sale on the page, 0 when none. */
gint64 pos_payment_page_get_journal_id (PosPaymentPage *self);
PosPaymentView *pos_payment_page_get_view (PosPaymentPage *self);

/* For tests: the texts as shown. The message is NULL when hidden. */
const char *pos_payment_page_get_total_text (PosPaymentPage *self);
const char *pos_payment_page_get_details_text (PosPaymentPage *self);
const char *pos_payment_page_get_message (PosPaymentPage *self);

G_END_DECLS
