/* pos-charge-types-editor.h: the list of charge types an administrator edits in the preferences.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pos.h"

G_BEGIN_DECLS

#define POS_TYPE_CHARGE_TYPES_EDITOR (pos_charge_types_editor_get_type ())
G_DECLARE_FINAL_TYPE (PosChargeTypesEditor,
                      pos_charge_types_editor,
                      POS,
                      CHARGE_TYPES_EDITOR,
                      GtkWidget)

/* Property "settings" (PosSettings): the station's settings whose "charge-types" it shows and
 * changes, at once: a row per type (its label, what Paystar receives when that differs, Move Up
 * and Remove) and an entry row that adds one, refusing an empty name or one already listed
 * (any case) with a message under it.
 *
 * Tests reach the rows with gtk_widget_get_template_child(): "charge_types_list",
 * "new_charge_type_row" and "new_charge_type_error". */

void pos_charge_types_editor_set_settings (PosChargeTypesEditor *self, PosSettings *settings);

G_END_DECLS
