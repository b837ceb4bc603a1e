/* pos-a11y.h: names a screen reader says for controls GTK 4.8 leaves without a usable one.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Watches every widget of the application as it is shown (pos_ui_init() calls it once). */
void pos_a11y_init (void);

G_END_DECLS
