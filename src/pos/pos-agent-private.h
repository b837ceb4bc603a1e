/* pos-agent-private.h: what the roster may change on an agent.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pos-agent.h"

G_BEGIN_DECLS

PosAgent *pos_agent_new (const char *email, const char *display_name, gboolean is_admin);
void pos_agent_set_display_name (PosAgent *self, const char *display_name);
void pos_agent_set_is_admin (PosAgent *self, gboolean is_admin);

G_END_DECLS
