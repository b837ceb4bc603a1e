/* pos-admin-gate.h: an administrator's PIN before an administrator's action.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pos.h"

G_BEGIN_DECLS

/* Asks for an administrator's PIN in a small modal window over @parent that says @purpose (what
 * the PIN is for, e.g. "Enter an administrator's PIN to close the app."): the administrator is
 * picked from the roster (preselected: @agent_email when that agent is an administrator) and the
 * PIN checked with pos_roster_sign_in(), so wrong PINs count towards the roster's lockout. The
 * callback runs once the window is gone (also when @parent's "locked" turns TRUE, see
 * pos_admin_gate_close_on_lock()). */
void pos_admin_gate_require_async (GtkWindow *parent,
                                   PosRoster *roster,
                                   const char *agent_email,
                                   const char *purpose,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
/* The administrator who unlocked (transfer full), or NULL with G_IO_ERROR_CANCELLED when the
 * window was closed without a correct PIN (or @cancellable was cancelled). */
PosAgent *pos_admin_gate_require_finish (GAsyncResult *result, GError **error);

/* A station that locks (idle, or by hand) must not leave a PIN prompt or the preferences open
 * above the lock: when @parent has a boolean "locked" property (PosWindow does), @window goes
 * away as soon as it turns TRUE. */
void pos_admin_gate_close_on_lock (GtkWindow *parent, GtkWindow *window);

G_END_DECLS
