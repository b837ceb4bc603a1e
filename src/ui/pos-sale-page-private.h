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
GtkWidget *pos_sale_page_get_retry_button (PosSalePage *self);
GtkWidget *pos_sale_page_get_reopen_button (PosSalePage *self);
/* "form" or "created": what the page's stack shows. */
const char *pos_sale_page_get_view (PosSalePage *self);
/* TRUE when the form takes input (draft and not-sent, not busy). */
gboolean pos_sale_page_get_form_editable (PosSalePage *self);
/* Label texts as shown; NULL where the label or its card is hidden. */
const char *pos_sale_page_get_total_text (PosSalePage *self);
const char *pos_sale_page_get_add_limit_text (PosSalePage *self);
const char *pos_sale_page_get_problems_text (PosSalePage *self);
const char *pos_sale_page_get_progress_text (PosSalePage *self);
/* The message box above the form (the checkout's message, request-wide errors). */
const char *pos_sale_page_get_general_message (PosSalePage *self);
/* "Restored sale, last edited at HH:MM". */
const char *pos_sale_page_get_restored_text (PosSalePage *self);
const char *pos_sale_page_get_reference_text (PosSalePage *self);
const char *pos_sale_page_get_unknown_title (PosSalePage *self);
const char *pos_sale_page_get_unknown_text (PosSalePage *self);
/* The card after the payment form (dismissed, declined, not confirmed, final). */
const char *pos_sale_page_get_after_title (PosSalePage *self);
const char *pos_sale_page_get_after_text (PosSalePage *self);
const char *pos_sale_page_get_after_note (PosSalePage *self);
const char *pos_sale_page_get_reference_message (PosSalePage *self);
const char *pos_sale_page_get_session_text (PosSalePage *self);
const char *pos_sale_page_get_link_text (PosSalePage *self);
PosFieldEntry *pos_sale_page_get_descriptor_field (PosSalePage *self);
PosPairsEditor *pos_sale_page_get_payment_fields_editor (PosSalePage *self);
PosPairsEditor *pos_sale_page_get_custom_meta_editor (PosSalePage *self);
/* Whether action @name ("sale.retry") is enabled now. */
gboolean pos_sale_page_get_action_enabled (PosSalePage *self, const char *name);

G_END_DECLS
