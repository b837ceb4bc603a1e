/* pos-charge-row.h: one charge of the sale: amount, description, type and customer account.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pos.h"

G_BEGIN_DECLS

#define POS_TYPE_CHARGE_ROW (pos_charge_row_get_type ())
G_DECLARE_FINAL_TYPE (PosChargeRow, pos_charge_row, POS, CHARGE_ROW, GtkListBoxRow)

/* The row edits @charge, which belongs to @sale (for remove, duplicate and "use this account for
 * every charge"). Its actions: charge.duplicate, charge.remove, charge.use-account-for-all,
 * charge.clear-account. */
GtkWidget *pos_charge_row_new (PosSale *sale, PosCharge *charge);
PosCharge *pos_charge_row_get_charge (PosChargeRow *self);

/* "Charge 3": @number is one-based. */
void pos_charge_row_set_number (PosChargeRow *self, guint number);
/* The configured charge types (settings charge-types); the dropdown's first choice is "None". */
void pos_charge_row_set_charge_types (PosChargeRow *self, const char *const *charge_types);
/* The journal whose account book the account number and name fields look up as the agent types
 * (a match picked fills the account and offers its balance as the amount); NULL: none. */
void pos_charge_row_set_account_book (PosChargeRow *self, PosJournal *journal);

/* The local validation's errors for this charge: PaystarFieldError* whose paths are relative to
 * the charge ("Amount", "ClientAccount.Name"; "" or "ClientAccount" for the charge as a whole).
 * Replaces the previous ones. A field shows its local error once it has been edited, or after
 * pos_charge_row_reveal_errors(). */
void pos_charge_row_set_local_errors (PosChargeRow *self, GPtrArray *errors);
/* An error the server reported for @path (relative, as above): shown at once, and until the
 * field is edited. Returns FALSE when @path names nothing in the row. */
gboolean
pos_charge_row_set_server_error (PosChargeRow *self, const char *path, const char *message);
void pos_charge_row_clear_server_errors (PosChargeRow *self);
/* Shows the local errors of fields not edited yet (e.g. "is required"). */
void pos_charge_row_reveal_errors (PosChargeRow *self);
/* Focuses the first field that shows an error (opening the account section when needed);
 * FALSE when none does. */
gboolean pos_charge_row_focus_first_error (PosChargeRow *self);
void pos_charge_row_focus_amount (PosChargeRow *self);

G_END_DECLS
