/* pos-recovery-page.h: the agent's unfinished sales, shown after sign-in before a new sale.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pos-checkout.h"
#include "pos-station.h"

G_BEGIN_DECLS

#define POS_TYPE_RECOVERY_PAGE (pos_recovery_page_get_type ())
G_DECLARE_FINAL_TYPE (PosRecoveryPage, pos_recovery_page, POS, RECOVERY_PAGE, GtkWidget)

/* Properties: "station" (PosStation).
 *
 * Each sale of pos_checkout_list_unfinished() is listed with its reference, total, time, state
 * and what the state means, and what can be done with it:
 *   Re-open Form   created, not confirmed: "reopen-form" (the window's payment step)
 *   Check Outcome  asks Paystar (pos_checkout_reconcile_async()), with progress and the result
 *   Retry          outcome unknown (pos_checkout_retry_async()), with progress and the result
 *   Close Sale…    an administrator's PIN, then a reason (pos_checkout_close())
 *
 * Signals:
 *   "reopen-form" (PosCheckout *checkout)  the agent asks for the sale's payment form.
 *   "continue" ()  the agent goes on to the sale page.
 *
 * Actions: recovery.continue, recovery.refresh (F5). */

GtkWidget *pos_recovery_page_new (void);

void pos_recovery_page_set_station (PosRecoveryPage *self, PosStation *station);
/* Lists @agent_email's unfinished sales (NULL: nothing). @current, when not NULL, is a checkout
 * the station already holds (the sale page's): it is used for its own sale instead of loading it
 * again. Returns how many sales are listed. */
guint pos_recovery_page_show (PosRecoveryPage *self, const char *agent_email, PosCheckout *current);
/* Reads the list again (after the payment step of one of them). */
guint pos_recovery_page_refresh (PosRecoveryPage *self);
guint pos_recovery_page_get_n_sales (PosRecoveryPage *self);
void pos_recovery_page_focus_default (PosRecoveryPage *self);

G_END_DECLS
