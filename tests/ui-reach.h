/* ui-reach.h: how the UI tests reach inside the app's widgets, through GTK's public interface
 * only, as GNOME Console's tests do: template children by the names the .ui files give them,
 * widget names, properties, and labels as they are shown. No getter exists for the tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pos-charge-row.h"
#include "pos-field-entry.h"
#include "pos-history-page.h"
#include "pos-outcome-page.h"
#include "pos-pairs-editor.h"
#include "pos-payment-page.h"
#include "pos-recovery-page.h"
#include "pos-sale-page.h"
#include "pos-sign-in-page.h"
#include "pos-window.h"

G_BEGIN_DECLS

/* The child @name of @widget's template (bound by its class); fails the test when there is none. */
gpointer ui_child (gpointer widget, const char *name);
/* The text of label @name in @widget's template; NULL while the label is hidden. */
const char *ui_label_text (gpointer widget, const char *name);
/* The same, NULL also while the label's card @card (a template child) is hidden. */
const char *ui_card_text (gpointer widget, const char *card, const char *name);
/* The first descendant of @root whose widget name is @name, or NULL. */
GtkWidget *ui_find_named (GtkWidget *root, const char *name);
/* Whether action @action ("sale.retry") is enabled, as the button that bears it shows it (GTK
 * makes an actionable widget insensitive while its action is disabled). Fails the test when no
 * button in @root bears the action. */
gboolean ui_action_enabled (GtkWidget *root, const char *action);

/* Records every state @page enters from now on (PosPaymentPageState values); the page owns the
 * array, which lives as long as it does. */
GArray *ui_record_payment_states (PosPaymentPage *page);
/* Whether @states (from ui_record_payment_states()) holds @state. */
gboolean ui_payment_states_include (GArray *states, PosPaymentPageState state);

/* The main window's pages. */
PosSignInPage *ui_sign_in_page (PosWindow *window);
PosRecoveryPage *ui_recovery_page (PosWindow *window);
PosSalePage *ui_sale_page (PosWindow *window);
PosPaymentPage *ui_payment_page (PosWindow *window);
PosOutcomePage *ui_outcome_page (PosWindow *window);
PosHistoryPage *ui_history_page (PosWindow *window);
/* The signed-in agent's name in the header, or NULL while it is hidden. */
const char *ui_agent_text (PosWindow *window);
/* The notice strip's text (e.g. the office's), or NULL while it is hidden. */
const char *ui_notice_text (PosWindow *window);
gboolean ui_sandbox_strip_visible (PosWindow *window);
/* The title of the toast on screen, or NULL when none is. */
const char *ui_toast_text (PosWindow *window);
/* The button of the toast on screen ("Undo"), or NULL. */
GtkWidget *ui_toast_button (PosWindow *window);

/* The sale page: the row of charge @index (zero-based), or NULL. */
PosChargeRow *ui_charge_row (PosSalePage *page, guint index);
/* "form" or "created": what the page's stack shows. */
const char *ui_sale_view (PosSalePage *page);
/* TRUE when the form takes input (its box is sensitive). */
gboolean ui_sale_form_editable (PosSalePage *page);

/* A charge row's text field @field (NULL for the two drop-downs). */
PosFieldEntry *ui_charge_entry (PosChargeRow *row, PosChargeField field);
/* The message shown at @field (error or hint), or NULL. */
const char *ui_charge_message (PosChargeRow *row, PosChargeField field);

/* The recovery page's buttons in each row, by their widget names. */
typedef enum {
  UI_RECOVERY_REOPEN,
  UI_RECOVERY_CHECK,
  UI_RECOVERY_RETRY,
  UI_RECOVERY_CLOSE,
} UiRecoveryAction;
/* The journal id of the sale in row @index (its widget name is "sale-ID"), 0 without a row. */
gint64 ui_recovery_row_id (PosRecoveryPage *page, guint index);
/* The row's label @part as shown: "reference", "total", "time", "state", "description" or
 * "note" (NULL while hidden or without a row). */
const char *ui_recovery_row_text (PosRecoveryPage *page, guint index, const char *part);
/* The row's button for @action (visible when the action applies to the sale), or NULL. */
GtkWidget *ui_recovery_row_button (PosRecoveryPage *page, guint index, UiRecoveryAction action);

/* The message a preferences error row (an AdwPreferencesRow holding a label) shows, or NULL
 * while it is hidden. */
const char *ui_preferences_error (gpointer error_row);

G_END_DECLS
