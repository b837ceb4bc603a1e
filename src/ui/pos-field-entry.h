/* pos-field-entry.h: a labelled text entry with a hint or an error message under it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define POS_TYPE_FIELD_ENTRY (pos_field_entry_get_type ())
G_DECLARE_FINAL_TYPE (PosFieldEntry, pos_field_entry, POS, FIELD_ENTRY, GtkWidget)

/* Properties:
 *   "label"             string: the field's name, with a mnemonic ("_Amount")
 *   "text"              string: the entry's text
 *   "hint"              string: a quiet line under the entry (e.g. "= $1,234.56"), or NULL
 *   "error"             string: the error under the entry, or NULL; shown instead of the hint,
 *                       and the entry gets the "error" style
 *   "placeholder-text"  string
 *   "input-purpose"     GtkInputPurpose
 *   "max-length"        int (0: no limit)
 * Signal "activate": Enter in the entry. */

GtkWidget *pos_field_entry_new (const char *label);

const char *pos_field_entry_get_text (PosFieldEntry *self);
void pos_field_entry_set_text (PosFieldEntry *self, const char *text);
const char *pos_field_entry_get_hint (PosFieldEntry *self);
void pos_field_entry_set_hint (PosFieldEntry *self, const char *hint);
const char *pos_field_entry_get_error (PosFieldEntry *self);
void pos_field_entry_set_error (PosFieldEntry *self, const char *error);
/* The entry itself (transfer none), e.g. for gtk_editable_set_text() in tests. */
GtkEditable *pos_field_entry_get_editable (PosFieldEntry *self);
/* The text of the message line as shown (the error, else the hint), or NULL when hidden. */
const char *pos_field_entry_get_message (PosFieldEntry *self);
/* Puts @widget (e.g. a GtkMenuButton) at the end of the entry's line. */
void pos_field_entry_add_suffix (PosFieldEntry *self, GtkWidget *widget);

G_END_DECLS
