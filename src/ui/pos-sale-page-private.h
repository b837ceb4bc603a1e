/* pos-sale-page-private.h: what the UI tests reach inside the sale page.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pos-charge-row.h"
#include "pos-field-entry.h"
#include "pos-pairs-editor.h"
#include "pos-sale-page.h"

G_BEGIN_DECLS

/* The row of charge @index (zero-based), or NULL. */
PosChargeRow *pos_sale_page_get_charge_row (PosSalePage *self, guint index);
GtkWidget *pos_sale_page_get_add_button (PosSalePage *self);
GtkWidget *pos_sale_page_get_submit_button (PosSalePage *self);
/* Label texts as shown. */
const char *pos_sale_page_get_total_text (PosSalePage *self);
const char *pos_sale_page_get_add_limit_text (PosSalePage *self);
const char *pos_sale_page_get_problems_text (PosSalePage *self);
const char *pos_sale_page_get_progress_text (PosSalePage *self);
/* The message box above the form (request-wide errors), or NULL when hidden. */
const char *pos_sale_page_get_general_message (PosSalePage *self);
const char *pos_sale_page_get_unknown_text (PosSalePage *self);
const char *pos_sale_page_get_reference_message (PosSalePage *self);
const char *pos_sale_page_get_session_text (PosSalePage *self);
const char *pos_sale_page_get_link_text (PosSalePage *self);
PosFieldEntry *pos_sale_page_get_descriptor_field (PosSalePage *self);
PosPairsEditor *pos_sale_page_get_payment_fields_editor (PosSalePage *self);
PosPairsEditor *pos_sale_page_get_custom_meta_editor (PosSalePage *self);
/* The journal id of the sale being submitted or last submitted (0: none). */
gint64 pos_sale_page_get_journal_id (PosSalePage *self);
/* The debounce of draft saves, in milliseconds (default 300). */
void pos_sale_page_set_draft_delay (PosSalePage *self, guint delay_ms);

G_END_DECLS
