/* pos-preferences-agent-row.h: one agent of the roster in the preferences, with its actions.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pos.h"

G_BEGIN_DECLS

#define POS_TYPE_PREFERENCES_AGENT_ROW (pos_preferences_agent_row_get_type ())
G_DECLARE_FINAL_TYPE (PosPreferencesAgentRow,
                      pos_preferences_agent_row,
                      POS,
                      PREFERENCES_AGENT_ROW,
                      AdwExpanderRow)

/* Properties "roster" (PosRoster) and "agent" (PosAgent), both construct-only.
 *
 * Expanded, the row lets an administrator rename the agent, make or unmake them an administrator,
 * set a new PIN and remove them (after a confirmation). Every change goes straight to the roster;
 * what the roster refuses (the last administrator, a PIN that is not 4 to 12 digits) is shown in
 * the row, at the field.
 *
 * Widget action "agent.remove": asks for confirmation in an AdwMessageDialog (responses "cancel"
 * and "remove"), or, for the last administrator, refuses at once with a message in the row.
 * Tests reach the rows with gtk_widget_get_template_child(): "name_row", "admin_switch",
 * "pin_row", "pin_error", "remove_error". */

GtkWidget *pos_preferences_agent_row_new (PosRoster *roster, PosAgent *agent);

PosAgent *pos_preferences_agent_row_get_agent (PosPreferencesAgentRow *self);

G_END_DECLS
