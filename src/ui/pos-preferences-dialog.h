/* pos-preferences-dialog.h: the station's preferences, opened only after an administrator's PIN.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pos.h"

G_BEGIN_DECLS

#define POS_TYPE_PREFERENCES_DIALOG (pos_preferences_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PosPreferencesDialog,
                      pos_preferences_dialog,
                      POS,
                      PREFERENCES_DIALOG,
                      AdwPreferencesWindow)

/* Properties: "settings" (PosSettings) and "roster" (PosRoster), both construct-only.
 *
 * Every change applies at once: combo rows, switches and the spin button through bindings to the
 * PosSettings facade; text rows when their apply button (or Enter) is pressed and the text passed
 * validation, which otherwise is reported right under the row; roster changes immediately.
 *
 * Signal "api-key-changed" (void): the API key of some environment was stored or cleared. The
 * window connects it to pos_station_reload_client(); settings changes need nothing (the station
 * follows them on its own). */

/* A new dialog, modal for and transient for @parent. Call it only after
 * pos_admin_gate_require_async() succeeded, or use pos_preferences_dialog_open(). */
GtkWidget *pos_preferences_dialog_new (GtkWindow *parent, PosSettings *settings, PosRoster *roster);

/* What the "app.preferences" action calls: asks for an administrator's PIN, then presents a new
 * dialog (or the one already open for @parent, without asking again). When @parent has a boolean
 * "locked" property (PosWindow), the PIN prompt and the dialog close as soon as it turns TRUE.
 * When @on_api_key_changed is not NULL it is connected to the dialog's "api-key-changed", swapped
 * and for as long as @receiver lives: pass pos_station_reload_client and the station. */
void pos_preferences_dialog_open (GtkWindow *parent,
                                  PosSettings *settings,
                                  PosRoster *roster,
                                  const char *agent_email,
                                  GCallback on_api_key_changed,
                                  gpointer receiver);

G_END_DECLS
