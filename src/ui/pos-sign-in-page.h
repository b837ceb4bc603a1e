/* pos-sign-in-page.h: choose an agent and enter the PIN, to sign in or to unlock the station.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pos.h"

G_BEGIN_DECLS

#define POS_TYPE_SIGN_IN_PAGE (pos_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (PosSignInPage, pos_sign_in_page, POS, SIGN_IN_PAGE, GtkWidget)

/* Properties: "roster" (PosRoster), "locked-agent" (PosAgent or NULL: the station is locked over
 * that agent's sale, and the page says so).
 * Signal "signed-in" (PosAgent *agent): the PIN was right. The page clears the PIN field itself
 * after every attempt. */

GtkWidget *pos_sign_in_page_new (void);

PosRoster *pos_sign_in_page_get_roster (PosSignInPage *self);
void pos_sign_in_page_set_roster (PosSignInPage *self, PosRoster *roster);
PosAgent *pos_sign_in_page_get_locked_agent (PosSignInPage *self);
void pos_sign_in_page_set_locked_agent (PosSignInPage *self, PosAgent *agent);
/* Preselects @email in the agent list (e.g. the last agent who signed in). */
void pos_sign_in_page_select_agent (PosSignInPage *self, const char *email);
/* Clears the PIN and any message, and focuses the PIN field. */
void pos_sign_in_page_reset (PosSignInPage *self);

G_END_DECLS
