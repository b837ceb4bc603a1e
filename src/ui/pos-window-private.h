/* pos-window-private.h: what the UI tests reach inside the window.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pos-sale-page.h"
#include "pos-sign-in-page.h"
#include "pos-window.h"

G_BEGIN_DECLS

PosSignInPage *pos_window_get_sign_in_page (PosWindow *self);
PosSalePage *pos_window_get_sale_page (PosWindow *self);
/* "starting", "failed", "sign-in" or "sale". */
const char *pos_window_get_visible_page (PosWindow *self);
/* The header's agent label, or NULL when hidden. */
const char *pos_window_get_agent_text (PosWindow *self);
/* TRUE when the "no real money moves" strip shows. */
gboolean pos_window_get_sandbox_strip_visible (PosWindow *self);
/* The journal notice strip's text, or NULL when hidden. */
const char *pos_window_get_notice_text (PosWindow *self);
/* Replaces the idle-lock interval (settings idle-lock-minutes) with @milliseconds; 0 goes back to
 * the settings. */
void pos_window_set_idle_timeout (PosWindow *self, guint milliseconds);

G_END_DECLS
