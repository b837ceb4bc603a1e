/* pos-keypad.h: an on-screen keypad that types into a field, for a customer without a keyboard.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define POS_TYPE_KEYPAD (pos_keypad_get_type ())
G_DECLARE_FINAL_TYPE (PosKeypad, pos_keypad, POS, KEYPAD, GtkWidget)

/* Properties: "entry" (GtkEditable), the field the keys type into; "extra-key" (construct-only
 * string), the key left of 0: "clear" (empties the field) or "." (the decimal point, for money).
 * The other keys are 1-9, 0 and Delete (the last character). No key takes the keyboard from the
 * field. */

GtkWidget *pos_keypad_new (GtkEditable *entry, const char *extra_key);

GtkEditable *pos_keypad_get_entry (PosKeypad *self);
void pos_keypad_set_entry (PosKeypad *self, GtkEditable *entry);

/* Sets the words of the keys that have words (Clear, Delete, Point) in the current language:
 * the digits say themselves. */
void pos_keypad_retranslate (PosKeypad *self);

G_END_DECLS
