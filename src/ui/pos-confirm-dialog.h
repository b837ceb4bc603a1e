/* pos-confirm-dialog.h: the question before something that cannot be undone.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A message dialog over @parent (may be NULL) asking @heading, @body below (may be NULL), with
 * two responses: "cancel" (@cancel_label, the default, and what Escape or closing gives) and
 * @response (@label, destructive). Connect to "response" and present it. */
AdwMessageDialog *pos_confirm_dialog_new (GtkWindow *parent,
                                          const char *heading,
                                          const char *body,
                                          const char *cancel_label,
                                          const char *response,
                                          const char *label);

G_END_DECLS
