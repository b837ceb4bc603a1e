/* pos-web-loader.h: the program's side of its payment form module, paystar-pos-web.so.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Loads the module in a thread of its own once @application's first window has painted its
 * first frame: the sign-in page never waits for WebKit, and the first payment form does not
 * wait for the module either (pos_payment_view_*() wait for a load under way, or load it). */
void pos_web_loader_preload_after_first_frame (GtkApplication *application);

G_END_DECLS
