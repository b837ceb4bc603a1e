/* pos-ui.h: one-time set-up of the front end library (resources, types, a screen reader's names).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Registers the front end's GResource and its widget types, and names buttons with mnemonics
 * by their text for screen readers (pos-ui.c); safe to call more than once. The
 * application calls it at start-up, the UI tests after adw_init(). */
void pos_ui_init (void);

G_END_DECLS
