/* pos-agent.h: one agent on the station's roster (the PIN hash stays inside the roster).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pos-types.h"

G_BEGIN_DECLS

#define POS_TYPE_AGENT (pos_agent_get_type ())
G_DECLARE_FINAL_TYPE (PosAgent, pos_agent, POS, AGENT, GObject)

/* Properties (all read-only outside the roster; change them through PosRoster):
 *   "email"         string: the agent's Paystar login, sent as PosUser
 *   "display-name"  string
 *   "is-admin"      gboolean: may change settings, manage the roster and leave kiosk mode */

const char *pos_agent_get_email (PosAgent *self);
const char *pos_agent_get_display_name (PosAgent *self);
gboolean pos_agent_get_is_admin (PosAgent *self);

G_END_DECLS
