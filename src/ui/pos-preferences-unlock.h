/* pos-preferences-unlock.h: the small modal window that asks for an administrator's PIN.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pos.h"

G_BEGIN_DECLS

#define POS_TYPE_PREFERENCES_UNLOCK (pos_preferences_unlock_get_type ())
G_DECLARE_FINAL_TYPE (PosPreferencesUnlock,
                      pos_preferences_unlock,
                      POS,
                      PREFERENCES_UNLOCK,
                      AdwWindow)

/* Property "roster" (PosRoster, construct-only). Lists the roster's administrators; the PIN is
 * checked with pos_roster_sign_in(). Wrong PINs and lockouts are reported under the PIN.
 *
 * Signal "unlocked" (PosAgent *admin): emitted once, for a correct PIN, right before the window
 * closes itself. Closing it any other way means "cancelled".
 *
 * Widget action "unlock.unlock": check the PIN (the Unlock button, Enter in the PIN row).
 * Tests reach the rows with gtk_widget_get_template_child(): "admin_row", "pin_row",
 * "pin_error" and "purpose_label". */

/* @purpose: what the PIN is for, shown above the rows (NULL: changing the preferences). */
PosPreferencesUnlock *pos_preferences_unlock_new (GtkWindow *parent,
                                                  PosRoster *roster,
                                                  const char *agent_email,
                                                  const char *purpose);

G_END_DECLS
