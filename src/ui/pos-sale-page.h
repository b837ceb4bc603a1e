/* pos-sale-page.h: the sale of a PosCheckout: its charges, options and total, and its state.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pos-checkout.h"
#include "pos-station.h"

G_BEGIN_DECLS

#define POS_TYPE_SALE_PAGE (pos_sale_page_get_type ())
G_DECLARE_FINAL_TYPE (PosSalePage, pos_sale_page, POS, SALE_PAGE, GtkWidget)

/* Properties: "station" (PosStation), "checkout" (PosCheckout or NULL: the sale on the page),
 * "busy" (gboolean, read-only: the checkout has a request in flight).
 *
 * The page draws the checkout's state and calls its methods; the checkout journals everything
 * (drafts included) itself:
 *   draft, not-sent  the form, editable (not-sent with the checkout's message, same reference)
 *   submitting       the form, insensitive, with progress
 *   unknown          "Outcome unknown": the message, Retry and Close Sale… (administrator)
 *   created          the session's link, until the window's payment step takes over
 *   dismissed, failed, unconfirmed  the sale read-only with Re-open Form; Change Sale (a copy
 *                    with a new reference) after dismissed or failed, Check Outcome after
 *                    unconfirmed
 *   succeeded, pending, closed  the sale read-only with New Sale
 *
 * Signals:
 *   "session-created" (PosCheckout *checkout)  a submit or retry on this page created the
 *                 payment session; the page shows the link until someone takes over.
 *   "reopen-payment" (PosCheckout *checkout)  the agent asks for the sale's payment form again.
 *
 * Actions: sale.submit (Ctrl+Enter; the next step of the state: Retry, Re-open Form),
 * sale.add-charge (Ctrl+Shift+N), sale.new (Ctrl+N), sale.retry, sale.close-sale,
 * sale.reopen-payment, sale.change-sale, sale.check-outcome, sale.show-problems,
 * sale.copy-link. */

GtkWidget *pos_sale_page_new (void);

PosStation *pos_sale_page_get_station (PosSalePage *self);
void pos_sale_page_set_station (PosSalePage *self, PosStation *station);

/* Shows @checkout's sale (NULL: nothing). A pending draft save of the previous one is flushed. */
void pos_sale_page_set_checkout (PosSalePage *self, PosCheckout *checkout);
PosCheckout *pos_sale_page_get_checkout (PosSalePage *self);
/* Puts the keyboard where the agent goes on: the first charge without an amount, Retry after an
 * unknown outcome, New Sale after a created session, Re-open Form after the form was left. */
void pos_sale_page_focus_default (PosSalePage *self);
/* Saves a pending draft change now. */
void pos_sale_page_flush_draft (PosSalePage *self);

PosSale *pos_sale_page_get_sale (PosSalePage *self);
gboolean pos_sale_page_get_busy (PosSalePage *self);
/* TRUE when the sale on screen was keyed (or restored) and has not been sent: discarding it
 * loses the clerk's work. */
gboolean pos_sale_page_get_has_unsent_work (PosSalePage *self);

G_END_DECLS
