/* pos-pairs-editor.h: edits a sale's PaymentFields or CustomMeta as rows of name and value.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pos.h"

G_BEGIN_DECLS

#define POS_TYPE_PAIRS_EDITOR (pos_pairs_editor_get_type ())
G_DECLARE_FINAL_TYPE (PosPairsEditor, pos_pairs_editor, POS, PAIRS_EDITOR, GtkWidget)

/* Properties:
 *   "target"        string, construct-only: "payment-fields" or "custom-meta"
 *   "sale"          PosSale or NULL
 *   "add-label"     string: the add button's label (with a mnemonic)
 *   "n-problems"    guint, read-only: rows that cannot be sent as they are (a value without a
 *                   name, a name used twice)
 * Rows with a name and a value go into the sale at once; a row whose value is empty is not sent
 * (for PaymentFields, Paystar then asks the customer for it). */

PosSale *pos_pairs_editor_get_sale (PosPairsEditor *self);
void pos_pairs_editor_set_sale (PosPairsEditor *self, PosSale *sale);
/* Names offered as empty rows when the sale does not have them (e.g. the PaymentFields the
 * business unit configured with Paystar). */
void pos_pairs_editor_set_suggested_keys (PosPairsEditor *self, const char *const *keys);
guint pos_pairs_editor_get_n_problems (PosPairsEditor *self);
/* The first problem as a sentence, or NULL. */
const char *pos_pairs_editor_get_first_problem (PosPairsEditor *self);

/* Shows the server's @message at the row named @key (NULL or unknown: under the list). */
void pos_pairs_editor_set_server_error (PosPairsEditor *self, const char *key, const char *message);
void pos_pairs_editor_clear_server_errors (PosPairsEditor *self);
/* Focuses the first row with a problem or error; FALSE when none has one. */
gboolean pos_pairs_editor_focus_first_error (PosPairsEditor *self);

/* For tests: appends a row with @key and @value (as if typed). */
void pos_pairs_editor_add_pair (PosPairsEditor *self, const char *key, const char *value);
/* For tests: the message shown at the row named @key (NULL: the message under the list). */
const char *pos_pairs_editor_get_message (PosPairsEditor *self, const char *key);

G_END_DECLS
