/* pos-sign-in-page-private.h: what the UI tests reach inside the sign-in page.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pos-sign-in-page.h"

G_BEGIN_DECLS

/* The agent chooser; its last item is "Other agent", which reveals the email field. */
AdwComboRow *pos_sign_in_page_get_agent_row (PosSignInPage *self);
GtkEditable *pos_sign_in_page_get_email_editable (PosSignInPage *self);
GtkEditable *pos_sign_in_page_get_pin_editable (PosSignInPage *self);
GtkWidget *pos_sign_in_page_get_sign_in_button (PosSignInPage *self);
/* The message under the PIN ("Wrong PIN. …"), or NULL when none is shown. */
const char *pos_sign_in_page_get_message (PosSignInPage *self);

G_END_DECLS
