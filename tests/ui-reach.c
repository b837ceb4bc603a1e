/* ui-reach.c: how the UI tests reach inside the app's widgets, through GTK's public interface.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ui-reach.h"

#include <string.h>

gpointer
ui_child (gpointer widget, const char *name)
{
  GObject *child;

  g_assert_true (GTK_IS_WIDGET (widget));
  child = gtk_widget_get_template_child (GTK_WIDGET (widget), G_OBJECT_TYPE (widget), name);
  if (child == NULL)
    g_error ("%s has no template child \"%s\"", G_OBJECT_TYPE_NAME (widget), name);
  return child;
}

static const char *
shown_text (GtkLabel *label)
{
  g_assert_true (GTK_IS_LABEL (label));
  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : NULL;
}

const char *
ui_label_text (gpointer widget, const char *name)
{
  return shown_text (ui_child (widget, name));
}

const char *
ui_card_text (gpointer widget, const char *card, const char *name)
{
  return gtk_widget_get_visible (ui_child (widget, card)) ? ui_label_text (widget, name) : NULL;
}

GtkWidget *
ui_find_named (GtkWidget *root, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child)) {
    GtkWidget *found = ui_find_named (child, name);

    if (found != NULL)
      return found;
  }
  return NULL;
}

static GtkWidget *
find_actionable (GtkWidget *root, const char *action)
{
  if (GTK_IS_ACTIONABLE (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child)) {
    GtkWidget *found = find_actionable (child, action);

    if (found != NULL)
      return found;
  }
  return NULL;
}

gboolean
ui_action_enabled (GtkWidget *root, const char *action)
{
  GtkWidget *button = find_actionable (root, action);

  if (button == NULL)
    g_error ("no button in %s bears the action %s", G_OBJECT_TYPE_NAME (root), action);
  return gtk_widget_get_sensitive (button);
}

/* The main window */

PosSignInPage *
ui_sign_in_page (PosWindow *window)
{
  return POS_SIGN_IN_PAGE (ui_child (window, "sign_in_page"));
}

PosRecoveryPage *
ui_recovery_page (PosWindow *window)
{
  return POS_RECOVERY_PAGE (ui_child (window, "recovery_page"));
}

PosSalePage *
ui_sale_page (PosWindow *window)
{
  return POS_SALE_PAGE (ui_child (window, "sale_page"));
}

PosPaymentPage *
ui_payment_page (PosWindow *window)
{
  return POS_PAYMENT_PAGE (ui_child (window, "payment_page"));
}

PosOutcomePage *
ui_outcome_page (PosWindow *window)
{
  return POS_OUTCOME_PAGE (ui_child (window, "outcome_page"));
}

PosHistoryPage *
ui_history_page (PosWindow *window)
{
  return POS_HISTORY_PAGE (ui_child (window, "history_page"));
}

const char *
ui_agent_text (PosWindow *window)
{
  return ui_card_text (window, "agent_box", "agent_label");
}

const char *
ui_notice_text (PosWindow *window)
{
  return ui_card_text (window, "notice_strip", "notice_label");
}

gboolean
ui_sandbox_strip_visible (PosWindow *window)
{
  return gtk_widget_get_visible (ui_child (window, "sandbox_strip"));
}

/* libadwaita 1.2 draws a toast as an AdwToastWidget whose first label is the title. */
static const char *
find_toast_title (GtkWidget *root, gboolean in_toast)
{
  in_toast = in_toast || g_str_equal (G_OBJECT_TYPE_NAME (root), "AdwToastWidget");
  if (in_toast && GTK_IS_LABEL (root) && gtk_widget_get_visible (root))
    return gtk_label_get_text (GTK_LABEL (root));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child)) {
    const char *found = find_toast_title (child, in_toast);

    if (found != NULL)
      return found;
  }
  return NULL;
}

const char *
ui_toast_text (PosWindow *window)
{
  return find_toast_title (ui_child (window, "toast_overlay"), FALSE);
}

static GtkWidget *
find_toast_button (GtkWidget *root, gboolean in_toast)
{
  in_toast = in_toast || g_str_equal (G_OBJECT_TYPE_NAME (root), "AdwToastWidget");
  if (in_toast && GTK_IS_BUTTON (root) && gtk_button_get_label (GTK_BUTTON (root)) != NULL)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child)) {
    GtkWidget *found = find_toast_button (child, in_toast);

    if (found != NULL)
      return found;
  }
  return NULL;
}

GtkWidget *
ui_toast_button (PosWindow *window)
{
  return find_toast_button (ui_child (window, "toast_overlay"), FALSE);
}

/* The sale page */

PosChargeRow *
ui_charge_row (PosSalePage *page, guint index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (ui_child (page, "charges_list"), (int) index);

  return POS_IS_CHARGE_ROW (row) ? POS_CHARGE_ROW (row) : NULL;
}

const char *
ui_sale_view (PosSalePage *page)
{
  return gtk_stack_get_visible_child_name (ui_child (page, "stack"));
}

gboolean
ui_sale_form_editable (PosSalePage *page)
{
  GtkWidget *form = ui_child (page, "form_box");

  return gtk_widget_get_sensitive (form) && gtk_widget_is_sensitive (form);
}

/* A charge row */

static const char *const entry_names[POS_CHARGE_N_FIELDS] = {
  [POS_CHARGE_FIELD_AMOUNT_TEXT] = "amount_field",
  [POS_CHARGE_FIELD_DESCRIPTION] = "description_field",
  [POS_CHARGE_FIELD_ACCOUNT_NUMBER] = "account_number_field",
  [POS_CHARGE_FIELD_SUB_ACCOUNT_NUMBER] = "sub_account_number_field",
  [POS_CHARGE_FIELD_ACCOUNT_NAME] = "account_name_field",
  [POS_CHARGE_FIELD_BALANCE_TEXT] = "balance_field",
  [POS_CHARGE_FIELD_PHONE_NUMBER] = "phone_number_field",
  [POS_CHARGE_FIELD_DUE_DATE] = "due_date_field",
  [POS_CHARGE_FIELD_ISSUE_DATE] = "issue_date_field",
  [POS_CHARGE_FIELD_NOTE] = "note_field",
  [POS_CHARGE_FIELD_STREET_ADDRESS] = "street_address_field",
  [POS_CHARGE_FIELD_STREET_ADDRESS2] = "street_address2_field",
  [POS_CHARGE_FIELD_CITY] = "city_field",
  [POS_CHARGE_FIELD_ZIP_CODE] = "zip_code_field",
};

PosFieldEntry *
ui_charge_entry (PosChargeRow *row, PosChargeField field)
{
  g_assert_cmpint (field, <, POS_CHARGE_N_FIELDS);
  return entry_names[field] != NULL ? POS_FIELD_ENTRY (ui_child (row, entry_names[field])) : NULL;
}

const char *
ui_charge_message (PosChargeRow *row, PosChargeField field)
{
  if (field == POS_CHARGE_FIELD_CHARGE_TYPE)
    return ui_label_text (row, "type_message");
  if (field == POS_CHARGE_FIELD_STATE)
    return ui_label_text (row, "state_message");
  return pos_field_entry_get_message (ui_charge_entry (row, field));
}

/* The recovery page */

#define ROW_NAME_PREFIX "sale-"

static GtkWidget *
recovery_row (PosRecoveryPage *page, guint index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (ui_child (page, "list"), (int) index);

  if (row == NULL || !g_str_has_prefix (gtk_widget_get_name (GTK_WIDGET (row)), ROW_NAME_PREFIX))
    return NULL;
  return GTK_WIDGET (row);
}

gint64
ui_recovery_row_id (PosRecoveryPage *page, guint index)
{
  GtkWidget *row = recovery_row (page, index);

  if (row == NULL)
    return 0;
  return g_ascii_strtoll (gtk_widget_get_name (row) + strlen (ROW_NAME_PREFIX), NULL, 10);
}

const char *
ui_recovery_row_text (PosRecoveryPage *page, guint index, const char *part)
{
  GtkWidget *row = recovery_row (page, index);
  GtkWidget *label;

  if (row == NULL)
    return NULL;
  label = ui_find_named (row, part);
  if (label == NULL)
    g_error ("a recovery row has no label \"%s\"", part);
  return shown_text (GTK_LABEL (label));
}

GtkWidget *
ui_recovery_row_button (PosRecoveryPage *page, guint index, UiRecoveryAction action)
{
  static const char *const names[] = {
    [UI_RECOVERY_REOPEN] = "reopen",
    [UI_RECOVERY_CHECK] = "check",
    [UI_RECOVERY_RETRY] = "retry",
    [UI_RECOVERY_CLOSE] = "close",
  };
  GtkWidget *row = recovery_row (page, index);

  return row != NULL ? ui_find_named (row, names[action]) : NULL;
}

/* Preferences */

const char *
ui_preferences_error (gpointer error_row)
{
  g_assert_true (ADW_IS_PREFERENCES_ROW (error_row));
  if (!gtk_widget_get_visible (error_row))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (error_row)));
}

static void
on_payment_state (PosPaymentPage *page, GParamSpec *pspec, GArray *states)
{
  PosPaymentPageState state = pos_payment_page_get_state (page);

  g_array_append_val (states, state);
}

GArray *
ui_record_payment_states (PosPaymentPage *page)
{
  GArray *states = g_array_new (FALSE, FALSE, sizeof (PosPaymentPageState));

  g_object_set_data_full (G_OBJECT (page), "ui-payment-states", states,
                          (GDestroyNotify) g_array_unref);
  g_signal_connect (page, "notify::state", G_CALLBACK (on_payment_state), states);
  return states;
}

gboolean
ui_payment_states_include (GArray *states, PosPaymentPageState state)
{
  for (guint i = 0; i < states->len; i++) {
    if (g_array_index (states, PosPaymentPageState, i) == state)
      return TRUE;
  }
  return FALSE;
}
