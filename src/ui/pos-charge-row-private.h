/* pos-charge-row-private.h: what the UI tests reach inside a charge row.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pos-charge-row.h"
#include "pos-field-entry.h"

G_BEGIN_DECLS

/* The entry of a text field (NULL for POS_CHARGE_FIELD_CHARGE_TYPE and POS_CHARGE_FIELD_STATE,
 * which are dropdowns). */
PosFieldEntry *pos_charge_row_get_field_entry (PosChargeRow *self, PosChargeField field);
GtkDropDown *pos_charge_row_get_type_dropdown (PosChargeRow *self);
GtkDropDown *pos_charge_row_get_state_dropdown (PosChargeRow *self);
GtkExpander *pos_charge_row_get_account_expander (PosChargeRow *self);
/* The message shown at @field (error or hint), or NULL. */
const char *pos_charge_row_get_field_message (PosChargeRow *self, PosChargeField field);
/* The row-wide message (errors about the charge as a whole), or NULL. */
const char *pos_charge_row_get_row_message (PosChargeRow *self);

G_END_DECLS
