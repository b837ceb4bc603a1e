/* pos-payment-page.h: the payment step of one sale: its summary, Paystar's form in a
 * PosPaymentView, and what the form reports, handed to the sale's PosCheckout.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pos-checkout.h"
#include "pos-payment-view.h"
#include "pos-station.h"

G_BEGIN_DECLS

typedef enum {
  POS_PAYMENT_PAGE_IDLE,     /* no payment on the page */
  POS_PAYMENT_PAGE_LOADING,  /* the form is on its way (and may yet say the session is paid) */
  POS_PAYMENT_PAGE_READY,    /* Paystar said the session is payable: the card is typed now */
  POS_PAYMENT_PAGE_DECLINED, /* a card was declined; the form stays for another one */
  POS_PAYMENT_PAGE_CHECKING, /* redirect mode: asking the gateway how the session ended */
  POS_PAYMENT_PAGE_FAILED,   /* the view shows its own error page with Try Again, or the sale's
                              * form cannot be opened in its state (see the message) */
  POS_PAYMENT_PAGE_FINISHED, /* the payment is over and recorded ("finished" was emitted) */
  POS_PAYMENT_PAGE_CLOSED,   /* the form was left and that is recorded ("closed" was emitted) */
} PosPaymentPageState;

#define POS_TYPE_PAYMENT_PAGE (pos_payment_page_get_type ())
G_DECLARE_FINAL_TYPE (PosPaymentPage, pos_payment_page, POS, PAYMENT_PAGE, GtkWidget)

/* Properties: "station" (PosStation), "state" (int, a PosPaymentPageState, read-only).
 *
 * The page writes nothing itself: every SDK event, redirect and "Back" goes to the checkout,
 * whose state is what the page then shows. The session object of PAYMENT-SESSION.LOADED,
 * .UPDATED and .PROCESSED is authoritative, so a re-opened session that was paid meanwhile ends
 * the step at once, as succeeded (or pending).
 *
 * Signals (the journal is up to date when they are emitted; a handler may end the page):
 *   "loaded" ()  the form is ready (again, after a reload) and the session is payable.
 *   "finished" (int status)  the payment is over: the checkout's state, POS_SALE_STATUS_SUCCEEDED
 *                or _PENDING.
 *   "closed" (int status)  the form was left without a payment; the checkout's state:
 *                POS_SALE_STATUS_DISMISSED (COMPONENT.DISMISS, the customer closed the form),
 *                POS_SALE_STATUS_UNCONFIRMED ("Back to Sale", pos_payment_page_close() or a
 *                redirect back without a known outcome: never "dismissed" without the event),
 *                POS_SALE_STATUS_FAILED when the last card tried was declined, or the state the
 *                sale was in when its form could not be opened.
 *
 * Action: payment.back ("Back to Sale"). */

GtkWidget *pos_payment_page_new (void);

void pos_payment_page_set_station (PosPaymentPage *self, PosStation *station);

/* Shows the payment of @checkout (a sale with a session) in @view, a new view nobody else uses
 * (the page owns it from now on): pos_checkout_open_form() ("created" again when the sale was
 * dismissed, declined or left unconfirmed), then the checkout's session link in the view.
 * @agent_name is shown in the summary (the agent's email when NULL). When the checkout refuses
 * to open the form, the page shows why (state FAILED) and Back to Sale emits "closed". */
void pos_payment_page_begin (PosPaymentPage *self,
                             PosPaymentView *view,
                             PosCheckout *checkout,
                             const char *agent_name);
/* Leaves the form as "Back to Sale" does: pos_checkout_form_closed() (an open session becomes
 * "unconfirmed", never "dismissed") and "closed" with the checkout's state. Nothing happens
 * when no payment is on the page. */
void pos_payment_page_close (PosPaymentPage *self);
/* Drops the view (and with it everything of this customer) and the checkout without touching
 * the journal. */
void pos_payment_page_end (PosPaymentPage *self);

/* The words of "Back to Sale" (with a mnemonic) and its tooltip, for a page without a sale page
 * behind it (self-service). */
void pos_payment_page_set_back_label (PosPaymentPage *self, const char *label, const char *tooltip);

PosPaymentPageState pos_payment_page_get_state (PosPaymentPage *self);
gboolean pos_payment_page_get_active (PosPaymentPage *self);
/* The sale on the page (transfer none), NULL when none. */
PosCheckout *pos_payment_page_get_checkout (PosPaymentPage *self);
/* The journal id of the sale on the page, 0 when none. */
gint64 pos_payment_page_get_journal_id (PosPaymentPage *self);
PosPaymentView *pos_payment_page_get_view (PosPaymentPage *self);

/* For tests: the texts as shown. The message is NULL when hidden. */
const char *pos_payment_page_get_total_text (PosPaymentPage *self);
const char *pos_payment_page_get_status_text (PosPaymentPage *self);
const char *pos_payment_page_get_details_text (PosPaymentPage *self);
const char *pos_payment_page_get_message (PosPaymentPage *self);

G_END_DECLS
