/* pos-window-private.h: what the UI tests reach inside the window.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pos-history-page.h"
#include "pos-outcome-page.h"
#include "pos-payment-page.h"
#include "pos-recovery-page-private.h"
#include "pos-sale-page.h"
#include "pos-sign-in-page.h"
#include "pos-window.h"

G_BEGIN_DECLS

PosSignInPage *pos_window_get_sign_in_page (PosWindow *self);
PosRecoveryPage *pos_window_get_recovery_page (PosWindow *self);
PosSalePage *pos_window_get_sale_page (PosWindow *self);
PosPaymentPage *pos_window_get_payment_page (PosWindow *self);
PosOutcomePage *pos_window_get_outcome_page (PosWindow *self);
PosHistoryPage *pos_window_get_history_page (PosWindow *self);
/* The header's agent label, or NULL when hidden. */
const char *pos_window_get_agent_text (PosWindow *self);
/* TRUE when the "no real money moves" strip shows. */
gboolean pos_window_get_sandbox_strip_visible (PosWindow *self);
/* The journal notice strip's text, or NULL when hidden. */
const char *pos_window_get_notice_text (PosWindow *self);
/* Replaces the idle-lock interval (settings idle-lock-minutes) with @milliseconds; 0 goes back to
 * the settings. */
void pos_window_set_idle_timeout (PosWindow *self, guint milliseconds);
/* The text of the last toast shown, or NULL. */
const char *pos_window_get_last_toast (PosWindow *self);

/* Called with every payment view the window creates, before it loads anything (tests add their
 * own scripts to it). Drops a view warmed up before. */
typedef void (*PosWindowViewSetup) (PosPaymentView *view, gpointer user_data);
void pos_window_set_view_setup (PosWindow *self, PosWindowViewSetup setup, gpointer user_data);
/* FALSE: no warm-up; each payment creates its view at Submit (benchmarks compare the two). */
void pos_window_set_prewarm (PosWindow *self, gboolean prewarm);
/* TRUE when the window runs as a kiosk and asked to be fullscreen (without a window manager, as
 * under Xvfb, gtk_window_is_fullscreen() never turns TRUE). */
gboolean pos_window_get_kiosk (PosWindow *self);
/* The "kiosk" action group: "kiosk.leave", enabled while the station is a kiosk. */
GActionGroup *pos_window_get_kiosk_actions (PosWindow *self);
/* The view warmed up for the next payment, or NULL. */
PosPaymentView *pos_window_get_next_view (PosWindow *self);

G_END_DECLS
