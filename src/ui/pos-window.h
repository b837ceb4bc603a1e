/* pos-window.h: the station's window: header, sandbox strip, sign-in, the sale with its payment
 * step and outcome, the History, and the idle lock.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pos-payment-view.h"
#include "pos-station.h"

G_BEGIN_DECLS

#define POS_TYPE_WINDOW (pos_window_get_type ())
G_DECLARE_FINAL_TYPE (PosWindow, pos_window, POS, WINDOW, AdwApplicationWindow)

/* Properties: "station" (PosStation, construct-only), "agent" (PosAgent or NULL, read-only: who
 * is signed in), "locked" (gboolean, read-only), "visible-page" (string, read-only: see
 * pos_window_get_visible_page()), "kiosk" (gboolean: bound to the settings' kiosk-mode; TRUE
 * makes the window fullscreen, closing it and leaving fullscreen then need an administrator's
 * PIN, and an idle station discards the sale and signs out instead of locking).
 *
 * Actions: win.sign-out (Ctrl+Shift+Q), win.lock (Ctrl+L), win.new-sale (Ctrl+N: also from the
 * payment step and its outcome), win.submit (Ctrl+Enter), win.add-charge (Ctrl+Shift+N),
 * win.show-history (Ctrl+H, toggles), win.show-recovery (the agent's unfinished sales),
 * win.leave-kiosk (an administrator's PIN turns kiosk-mode off; enabled while it is on). The window starts the station when it is not started yet, and shows its sign-in page
 * once the station is ready. */

/* @application may be NULL (tests). */
PosWindow *pos_window_new (GtkApplication *application, PosStation *station);

PosStation *pos_window_get_station (PosWindow *self);
PosAgent *pos_window_get_agent (PosWindow *self);
gboolean pos_window_get_locked (PosWindow *self);
/* "starting", "failed", "sign-in", "recovery" (the agent's unfinished sales), "sale",
 * "payment", "outcome" or "history". */
const char *pos_window_get_visible_page (PosWindow *self);
/* Locks the station over the sale (as the idle timer does). */
void pos_window_lock (PosWindow *self);
/* Shows a short message at the bottom of the window. */
void pos_window_toast (PosWindow *self, const char *message);

/* Hooks for programs that drive the window (the UI tests, the benchmarks). */
typedef void (*PosWindowViewSetup) (PosPaymentView *view, gpointer user_data);
/* Called with every payment view the window creates, before it loads anything (tests add their
 * own scripts to it). Drops a view warmed up before. */
void pos_window_set_view_setup (PosWindow *self, PosWindowViewSetup setup, gpointer user_data);
/* FALSE: no warm-up; each payment creates its view at Submit (benchmarks compare the two). */
void pos_window_set_prewarm (PosWindow *self, gboolean prewarm);
/* Replaces the idle-lock interval (settings idle-lock-minutes) with @milliseconds; 0 goes back to
 * the settings. */
void pos_window_set_idle_timeout (PosWindow *self, guint milliseconds);

G_END_DECLS
