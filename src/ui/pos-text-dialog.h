/* pos-text-dialog.h: a report (a day's close, the office's day) shown as monospace text in a
 * dialog with Print, and printed as it is shown.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A dialog over @parent titled @heading that shows @text (selectable) with Print… and Close. */
void pos_text_dialog_present (GtkWindow *parent,
                              const char *heading,
                              const char *text,
                              const char *job_name);
/* Shows the print dialog for @text (monospace, as many pages as it needs) without blocking; an
 * error is shown in a message dialog over @parent. */
void pos_text_print (GtkWindow *parent, const char *job_name, const char *text);

G_END_DECLS
