/* pos-type-ahead.h: typing picks the matching choice of a closed drop-down.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* While @drop_down has the keyboard, typed characters pick the first choice whose text begins
 * with them, case aside: "T" then "X" picks "TX". They add up while some choice begins with all
 * of them; a character that would match none starts afresh ("TX" then "C" picks "CA"). The text
 * of a choice is the drop-down's expression evaluated on it, or a GtkStringObject's string.
 * Keys with Ctrl, Alt or Super, and keys that are not characters, are left alone. */
void pos_type_ahead_attach (GtkDropDown *drop_down);

G_END_DECLS
