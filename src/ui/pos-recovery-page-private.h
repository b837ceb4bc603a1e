/* pos-recovery-page-private.h: what the UI tests reach inside the recovery page.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pos-recovery-page.h"

G_BEGIN_DECLS

typedef enum {
  POS_RECOVERY_ACTION_REOPEN,
  POS_RECOVERY_ACTION_CHECK,
  POS_RECOVERY_ACTION_RETRY,
  POS_RECOVERY_ACTION_CLOSE,
} PosRecoveryAction;

/* The journal id of the sale in row @index, 0 when there is no such row. */
gint64 pos_recovery_page_get_row_id (PosRecoveryPage *self, guint index);
/* The row's texts as shown: "reference", "total", "time", "state", "description" or "note"
 * (NULL while hidden). */
const char *pos_recovery_page_get_row_text (PosRecoveryPage *self, guint index, const char *part);
/* The row's button for @action; it is visible when the action applies to the sale. */
GtkWidget *
pos_recovery_page_get_row_button (PosRecoveryPage *self, guint index, PosRecoveryAction action);
GtkWidget *pos_recovery_page_get_continue_button (PosRecoveryPage *self);
/* The text shown when nothing is listed, or NULL while sales are listed. */
const char *pos_recovery_page_get_empty_text (PosRecoveryPage *self);

G_END_DECLS
