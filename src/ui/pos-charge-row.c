/* pos-charge-row.c: one charge of the sale: amount, description, type and customer account.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-charge-row.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "pos-account-suggestions.h"
#include "pos-field-entry.h"
#include "pos-type-ahead.h"

struct _PosChargeRow {
  GtkListBoxRow parent_instance;

  GtkLabel *number_label;
  GtkLabel *row_message;
  GtkWidget *duplicate_button;
  GtkWidget *remove_button;
  PosFieldEntry *amount_field;
  PosFieldEntry *description_field;
  GtkDropDown *type_dropdown;
  GtkStringList *type_names;
  GtkLabel *type_message;
  GtkExpander *account_expander;
  GtkLabel *account_summary;
  PosFieldEntry *account_number_field;
  PosFieldEntry *sub_account_number_field;
  PosFieldEntry *account_name_field;
  PosFieldEntry *balance_field;
  PosFieldEntry *phone_number_field;
  PosFieldEntry *due_date_field;
  PosFieldEntry *issue_date_field;
  PosFieldEntry *note_field;
  PosFieldEntry *street_address_field;
  PosFieldEntry *street_address2_field;
  PosFieldEntry *city_field;
  GtkDropDown *state_dropdown;
  GtkStringList *state_names;
  GtkLabel *state_message;
  PosFieldEntry *zip_code_field;

  PosSale *sale;
  PosCharge *charge;
  /* Indexed by PosChargeField; NULL for the two dropdowns. */
  PosFieldEntry *entries[POS_CHARGE_N_FIELDS];
  /* The account book's matches under the account number and the name (children of the fields). */
  PosAccountSuggestions *number_suggestions;
  PosAccountSuggestions *name_suggestions;
  char *local_errors[POS_CHARGE_N_FIELDS];
  char *server_errors[POS_CHARGE_N_FIELDS];
  gboolean touched[POS_CHARGE_N_FIELDS];
  char *row_local_error;
  char *row_server_error;
  GStrv charge_types;

  guint reveal : 1;
  guint syncing : 1;
  guint constructing : 1;
};

G_DEFINE_FINAL_TYPE (PosChargeRow, pos_charge_row, GTK_TYPE_LIST_BOX_ROW)

static const PosChargeField account_fields[] = {
  POS_CHARGE_FIELD_ACCOUNT_NUMBER, POS_CHARGE_FIELD_SUB_ACCOUNT_NUMBER,
  POS_CHARGE_FIELD_ACCOUNT_NAME,   POS_CHARGE_FIELD_BALANCE_TEXT,
  POS_CHARGE_FIELD_PHONE_NUMBER,   POS_CHARGE_FIELD_DUE_DATE,
  POS_CHARGE_FIELD_ISSUE_DATE,     POS_CHARGE_FIELD_NOTE,
  POS_CHARGE_FIELD_STREET_ADDRESS, POS_CHARGE_FIELD_STREET_ADDRESS2,
  POS_CHARGE_FIELD_CITY,           POS_CHARGE_FIELD_STATE,
  POS_CHARGE_FIELD_ZIP_CODE,
};

static gboolean
is_account_field (PosChargeField field)
{
  return field >= POS_CHARGE_FIELD_ACCOUNT_NUMBER;
}

static const char *
shown_error (PosChargeRow *self, PosChargeField field)
{
  if (self->server_errors[field] != NULL)
    return self->server_errors[field];
  if (self->touched[field] || self->reveal)
    return self->local_errors[field];
  return NULL;
}

static void
show_label_message (GtkLabel *label, const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
update_field_display (PosChargeRow *self, PosChargeField field)
{
  const char *error = shown_error (self, field);

  if (field == POS_CHARGE_FIELD_CHARGE_TYPE) {
    show_label_message (self->type_message, error);
    return;
  }
  if (field == POS_CHARGE_FIELD_STATE) {
    show_label_message (self->state_message, error);
    if (error != NULL)
      gtk_widget_add_css_class (GTK_WIDGET (self->state_dropdown), "error");
    else
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_dropdown), "error");
    return;
  }

  pos_field_entry_set_error (self->entries[field], error);

  /* The parsed amount as the customer will see it, while typing. */
  if (field == POS_CHARGE_FIELD_AMOUNT_TEXT || field == POS_CHARGE_FIELD_BALANCE_TEXT) {
    const char *text = pos_charge_get_field (self->charge, field);
    g_autofree char *hint = NULL;
    gint64 cents = 0;

    if (text != NULL && *text != '\0' && paystar_money_parse (text, &cents, NULL)) {
      g_autofree char *formatted = paystar_money_format (cents);

      /* Translators: the parsed amount shown under the amount entry, e.g. "= $1,234.56" */
      hint = g_strdup_printf (_ ("= %s"), formatted);
    } else if (text != NULL && *text != '\0' && error == NULL) {
      g_autoptr (GError) parse_error = NULL;

      /* Say what is wrong with the amount at once, even before the field is left. */
      paystar_money_parse (text, &cents, &parse_error);
      pos_field_entry_set_error (self->entries[field], parse_error->message);
    }
    pos_field_entry_set_hint (self->entries[field], hint);
  }
}

static void
update_row_message (PosChargeRow *self)
{
  const char *text = self->row_server_error;

  if (text == NULL && self->reveal)
    text = self->row_local_error;
  show_label_message (self->row_message, text);
}

static void
update_all_displays (PosChargeRow *self)
{
  for (guint i = 0; i < POS_CHARGE_N_FIELDS; i++)
    update_field_display (self, i);
  update_row_message (self);
}

static void
update_account (PosChargeRow *self)
{
  gboolean any = FALSE;
  const char *number = pos_charge_get_field (self->charge, POS_CHARGE_FIELD_ACCOUNT_NUMBER);
  const char *name = pos_charge_get_field (self->charge, POS_CHARGE_FIELD_ACCOUNT_NAME);

  for (guint i = 0; i < G_N_ELEMENTS (account_fields); i++) {
    const char *text = pos_charge_get_field (self->charge, account_fields[i]);

    if (text != NULL && *text != '\0')
      any = TRUE;
  }

  /* The account goes with the charge as soon as any of its fields is filled in; an empty account
   * section sends none. */
  if (pos_charge_get_has_account (self->charge) != any)
    pos_charge_set_has_account (self->charge, any);

  if (!any) {
    gtk_label_set_text (self->account_summary, _ ("None"));
  } else {
    g_autofree char *summary = NULL;

    /* Translators: account number and account holder name, e.g. "10-4432 · Dana Lee" */
    summary = g_strdup_printf (_ ("%s · %s"), number != NULL && *number ? number : "—",
                               name != NULL && *name ? name : "—");
    gtk_label_set_text (self->account_summary, summary);
  }
}

static void
sync_type_dropdown (PosChargeRow *self)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  const char *current = pos_charge_get_charge_type (self->charge);
  guint selected = 0;
  gboolean found = FALSE;

  /* Translators: the charge type choice for "no charge type" */
  g_ptr_array_add (names, (gpointer) C_ ("charge type", "None"));
  /* The built-in types are shown translated; the charge keeps the setting's value. */
  for (guint i = 0; self->charge_types != NULL && self->charge_types[i] != NULL; i++) {
    g_ptr_array_add (names, (gpointer) pos_charge_type_get_label (self->charge_types[i]));
    if (!found && current != NULL && g_strcmp0 (current, self->charge_types[i]) == 0) {
      selected = names->len - 1;
      found = TRUE;
    }
  }
  /* A type no longer configured (from a draft) stays visible and selected. */
  if (!found && current != NULL && *current != '\0') {
    g_ptr_array_add (names, (gpointer) pos_charge_type_get_label (current));
    selected = names->len - 1;
  }
  g_ptr_array_add (names, NULL);

  self->syncing = TRUE;
  gtk_string_list_splice (self->type_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->type_names)),
                          (const char *const *) names->pdata);
  gtk_drop_down_set_selected (self->type_dropdown, selected);
  self->syncing = FALSE;
}

static void
sync_state_dropdown (PosChargeRow *self)
{
  const char *current = pos_charge_get_field (self->charge, POS_CHARGE_FIELD_STATE);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->state_names));
  guint selected = 0;

  if (current != NULL && *current != '\0') {
    for (guint i = 1; i < n; i++) {
      if (g_ascii_strcasecmp (gtk_string_list_get_string (self->state_names, i), current) == 0) {
        selected = i;
        break;
      }
    }
    if (selected == 0) {
      /* Not a known abbreviation (a draft from elsewhere): keep it, the validator says why. */
      gtk_string_list_append (self->state_names, current);
      selected = n;
    }
  }

  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->state_dropdown, selected);
  self->syncing = FALSE;
}

static void
on_type_selected (PosChargeRow *self)
{
  guint selected;
  guint n_types;

  g_assert (POS_IS_CHARGE_ROW (self));

  if (self->syncing || self->charge == NULL)
    return;
  selected = gtk_drop_down_get_selected (self->type_dropdown);
  n_types = self->charge_types != NULL ? g_strv_length (self->charge_types) : 0;
  /* The list shows labels: map the position back to the setting's value. Past the configured
   * types is the charge's own type, kept from a draft (see sync_type_dropdown()). */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    pos_charge_set_charge_type (self->charge, "");
  else if (selected - 1 < n_types)
    pos_charge_set_charge_type (self->charge, self->charge_types[selected - 1]);
}

static void
on_state_selected (PosChargeRow *self)
{
  guint selected;

  g_assert (POS_IS_CHARGE_ROW (self));

  if (self->syncing || self->charge == NULL)
    return;
  selected = gtk_drop_down_get_selected (self->state_dropdown);
  pos_charge_set_field (self->charge, POS_CHARGE_FIELD_STATE,
                        selected == 0 || selected == GTK_INVALID_LIST_POSITION
                          ? ""
                          : gtk_string_list_get_string (self->state_names, selected));
}

static void
field_edited (PosChargeRow *self, PosChargeField field)
{
  if (!self->constructing)
    self->touched[field] = TRUE;
  /* The server's verdict was about the old value. */
  g_clear_pointer (&self->server_errors[field], g_free);
  if (is_account_field (field))
    update_account (self);
  update_field_display (self, field);
}

static void
on_charge_notify (PosChargeRow *self, GParamSpec *pspec)
{
  g_assert (POS_IS_CHARGE_ROW (self));

  for (guint i = 0; i < POS_CHARGE_N_FIELDS; i++) {
    if (g_strcmp0 (pspec->name, pos_charge_field_get_property_name (i)) == 0) {
      if (i == POS_CHARGE_FIELD_CHARGE_TYPE)
        sync_type_dropdown (self);
      else if (i == POS_CHARGE_FIELD_STATE)
        sync_state_dropdown (self);
      field_edited (self, i);
      return;
    }
  }
}

static guint
find_position (PosChargeRow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sale));

  for (guint i = 0; i < n; i++) {
    g_autoptr (PosCharge) charge = g_list_model_get_item (G_LIST_MODEL (self->sale), i);

    if (charge == self->charge)
      return i;
  }
  return GTK_INVALID_LIST_POSITION;
}

static void
duplicate_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosChargeRow *self = POS_CHARGE_ROW (widget);
  g_autoptr (GError) error = NULL;
  guint position = find_position (self);

  if (position == GTK_INVALID_LIST_POSITION)
    return;
  if (pos_sale_duplicate_charge (self->sale, position, &error) == NULL)
    g_debug ("Could not duplicate charge %u: %s", position + 1, error->message);
}

static void
remove_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosChargeRow *self = POS_CHARGE_ROW (widget);
  /* Removing the charge destroys this row: keep it alive until the action returns. */
  g_autoptr (GObject) hold = g_object_ref (G_OBJECT (self));
  guint position = find_position (self);

  if (position == GTK_INVALID_LIST_POSITION)
    return;
  /* The sale page removes it (and offers Undo); a row on its own removes it itself. */
  if (!gtk_widget_activate_action (widget, "sale.remove-charge", "u", position))
    pos_sale_remove_charge (self->sale, position);
}

static void
use_account_for_all_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosChargeRow *self = POS_CHARGE_ROW (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sale));

  for (guint i = 0; i < n; i++) {
    g_autoptr (PosCharge) charge = g_list_model_get_item (G_LIST_MODEL (self->sale), i);

    if (charge == self->charge)
      continue;
    for (guint j = 0; j < G_N_ELEMENTS (account_fields); j++)
      pos_charge_set_field (charge, account_fields[j],
                            pos_charge_get_field (self->charge, account_fields[j]));
    pos_charge_set_has_account (charge, pos_charge_get_has_account (self->charge));
  }
}

static void
clear_account_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosChargeRow *self = POS_CHARGE_ROW (widget);

  for (guint j = 0; j < G_N_ELEMENTS (account_fields); j++)
    pos_charge_set_field (self->charge, account_fields[j], "");
  pos_charge_set_has_account (self->charge, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->account_number_field));
}

static void
update_can_add (PosChargeRow *self)
{
  g_assert (POS_IS_CHARGE_ROW (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "charge.duplicate",
                                 pos_sale_get_can_add (self->sale));
}

static void
on_calendar_day_selected (GtkCalendar *calendar, PosFieldEntry *field)
{
  g_autoptr (GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  pos_field_entry_set_text (field, text);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
  /* Back to the date field, where the keyboard was before Alt+Down. */
  gtk_widget_grab_focus (GTK_WIDGET (field));
}

/* The calendar's keys: the arrows move the chosen day (a week up and down), Page Up and Down a
 * month, Enter or Space takes it, Escape closes (the popover's own). GTK 4.8's calendar starts its
 * keyboard focus at the first cell of the month, not at the chosen day, so the keys are ours. */
static gboolean
on_calendar_key (GtkEventControllerKey *controller,
                 guint keyval,
                 guint keycode,
                 GdkModifierType state,
                 PosFieldEntry *field)
{
  GtkCalendar *calendar =
    GTK_CALENDAR (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
  g_autoptr (GDateTime) date = gtk_calendar_get_date (calendar);
  g_autoptr (GDateTime) moved = NULL;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  switch (keyval) {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      moved = g_date_time_add_days (date, -1);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      moved = g_date_time_add_days (date, 1);
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      moved = g_date_time_add_days (date, -7);
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      moved = g_date_time_add_days (date, 7);
      break;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      moved = g_date_time_add_months (date, -1);
      break;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      moved = g_date_time_add_months (date, 1);
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      on_calendar_day_selected (calendar, field);
      return TRUE;
    default:
      return FALSE;
  }
  if (moved == NULL)
    return TRUE; /* past the calendar's range */
  /* Moving is not choosing: the field takes the day at Enter. */
  g_signal_handlers_block_by_func (calendar, on_calendar_day_selected, field);
  gtk_calendar_select_day (calendar, moved);
  g_signal_handlers_unblock_by_func (calendar, on_calendar_day_selected, field);
  return TRUE;
}

/* Alt+Down in a date field opens its calendar (the button beside it is no Tab stop). */
static gboolean
on_open_calendar (GtkWidget *field, GVariant *args, gpointer user_data)
{
  gtk_menu_button_popup (GTK_MENU_BUTTON (user_data));
  return TRUE;
}

static void
on_calendar_popover_show (GtkPopover *popover, PosFieldEntry *field)
{
  GtkCalendar *calendar = GTK_CALENDAR (gtk_popover_get_child (popover));
  const char *text = pos_field_entry_get_text (field);
  int year, month, day;

  /* Open on the date already typed, when it is one. */
  if (text != NULL && sscanf (text, "%4d-%2d-%2d", &year, &month, &day) == 3 &&
      g_date_valid_dmy (day, month, year)) {
    g_autoptr (GDateTime) date = g_date_time_new_local (year, month, day, 0, 0, 0);

    g_signal_handlers_block_by_func (calendar, on_calendar_day_selected, field);
    gtk_calendar_select_day (calendar, date);
    g_signal_handlers_unblock_by_func (calendar, on_calendar_day_selected, field);
  }
}

static void
add_calendar (PosFieldEntry *field, const char *tooltip)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();
  GtkEventController *controller;

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  g_signal_connect_object (calendar, "day-selected", G_CALLBACK (on_calendar_day_selected), field,
                           0);
  g_signal_connect_object (popover, "show", G_CALLBACK (on_calendar_popover_show), field, 0);
  pos_field_entry_add_suffix (field, button);

  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (
      gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Down, GDK_ALT_MASK),
                                   gtk_keyval_trigger_new (GDK_KEY_KP_Down, GDK_ALT_MASK)),
      gtk_callback_action_new (on_open_calendar, button, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (field), controller);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_calendar_key), field, 0);
  gtk_widget_add_controller (calendar, controller);
}

/* An account taken from the book: every account field, the balance offered as the amount; the
 * keyboard goes to the amount, to confirm or change it. */
static void
on_account_picked (PosChargeRow *self, const PosBookAccount *account)
{
  if (self->charge == NULL)
    return;
  pos_book_account_fill_charge (account, self->charge);
  gtk_widget_grab_focus (GTK_WIDGET (self->amount_field));
}

static void
pos_charge_row_dispose (GObject *object)
{
  PosChargeRow *self = POS_CHARGE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_CHARGE_ROW);
  g_clear_object (&self->charge);
  g_clear_object (&self->sale);

  G_OBJECT_CLASS (pos_charge_row_parent_class)->dispose (object);
}

static void
pos_charge_row_finalize (GObject *object)
{
  PosChargeRow *self = POS_CHARGE_ROW (object);

  for (guint i = 0; i < POS_CHARGE_N_FIELDS; i++) {
    g_clear_pointer (&self->local_errors[i], g_free);
    g_clear_pointer (&self->server_errors[i], g_free);
  }
  g_clear_pointer (&self->row_local_error, g_free);
  g_clear_pointer (&self->row_server_error, g_free);
  g_clear_pointer (&self->charge_types, g_strfreev);

  G_OBJECT_CLASS (pos_charge_row_parent_class)->finalize (object);
}

static void
pos_charge_row_class_init (PosChargeRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_charge_row_dispose;
  object_class->finalize = pos_charge_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/paystar/Pos/pos-charge-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, number_label);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, row_message);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, duplicate_button);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, amount_field);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, description_field);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, type_names);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, type_message);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, account_expander);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, account_summary);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, account_number_field);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, sub_account_number_field);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, account_name_field);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, balance_field);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, phone_number_field);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, due_date_field);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, issue_date_field);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, note_field);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, street_address_field);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, street_address2_field);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, city_field);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, state_names);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, state_message);
  gtk_widget_class_bind_template_child (widget_class, PosChargeRow, zip_code_field);
  gtk_widget_class_bind_template_callback (widget_class, on_type_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_state_selected);

  gtk_widget_class_install_action (widget_class, "charge.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "charge.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "charge.use-account-for-all", NULL,
                                   use_account_for_all_action);
  gtk_widget_class_install_action (widget_class, "charge.clear-account", NULL,
                                   clear_account_action);
}

static void
pos_charge_row_init (PosChargeRow *self)
{
  const char *const *states = paystar_state_abbreviations ();
  g_autoptr (GtkExpression) expression = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->number_suggestions =
    pos_account_suggestions_new (self->account_number_field, POS_BOOK_MATCH_NUMBER);
  self->name_suggestions =
    pos_account_suggestions_new (self->account_name_field, POS_BOOK_MATCH_NAME);
  g_signal_connect_object (self->number_suggestions, "picked", G_CALLBACK (on_account_picked), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->name_suggestions, "picked", G_CALLBACK (on_account_picked), self,
                           G_CONNECT_SWAPPED);

  self->entries[POS_CHARGE_FIELD_AMOUNT_TEXT] = self->amount_field;
  self->entries[POS_CHARGE_FIELD_DESCRIPTION] = self->description_field;
  self->entries[POS_CHARGE_FIELD_ACCOUNT_NUMBER] = self->account_number_field;
  self->entries[POS_CHARGE_FIELD_SUB_ACCOUNT_NUMBER] = self->sub_account_number_field;
  self->entries[POS_CHARGE_FIELD_ACCOUNT_NAME] = self->account_name_field;
  self->entries[POS_CHARGE_FIELD_BALANCE_TEXT] = self->balance_field;
  self->entries[POS_CHARGE_FIELD_PHONE_NUMBER] = self->phone_number_field;
  self->entries[POS_CHARGE_FIELD_DUE_DATE] = self->due_date_field;
  self->entries[POS_CHARGE_FIELD_ISSUE_DATE] = self->issue_date_field;
  self->entries[POS_CHARGE_FIELD_NOTE] = self->note_field;
  self->entries[POS_CHARGE_FIELD_STREET_ADDRESS] = self->street_address_field;
  self->entries[POS_CHARGE_FIELD_STREET_ADDRESS2] = self->street_address2_field;
  self->entries[POS_CHARGE_FIELD_CITY] = self->city_field;
  self->entries[POS_CHARGE_FIELD_ZIP_CODE] = self->zip_code_field;

  /* Translators: the State choice for "no state" */
  gtk_string_list_append (self->state_names, C_ ("US state", "None"));
  for (guint i = 0; states[i] != NULL; i++)
    gtk_string_list_append (self->state_names, states[i]);
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->state_dropdown, expression);
  pos_type_ahead_attach (self->state_dropdown);
  pos_type_ahead_attach (self->type_dropdown);

  add_calendar (self->due_date_field, _ ("Choose the due date (Alt+Down in the field)"));
  add_calendar (self->issue_date_field, _ ("Choose the issue date (Alt+Down in the field)"));
}

GtkWidget *
pos_charge_row_new (PosSale *sale, PosCharge *charge)
{
  PosChargeRow *self;

  g_return_val_if_fail (POS_IS_SALE (sale), NULL);
  g_return_val_if_fail (POS_IS_CHARGE (charge), NULL);

  self = g_object_new (POS_TYPE_CHARGE_ROW, NULL);
  self->sale = g_object_ref (sale);
  self->charge = g_object_ref (charge);
  self->constructing = TRUE;

  for (guint i = 0; i < POS_CHARGE_N_FIELDS; i++) {
    if (self->entries[i] == NULL)
      continue;
    g_object_bind_property (self->charge, pos_charge_field_get_property_name (i), self->entries[i],
                            "text", G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  }
  g_signal_connect_object (self->charge, "notify", G_CALLBACK (on_charge_notify), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sale, "notify::can-add", G_CALLBACK (update_can_add), self,
                           G_CONNECT_SWAPPED);

  sync_type_dropdown (self);
  sync_state_dropdown (self);
  update_account (self);
  update_can_add (self);
  update_all_displays (self);
  /* A restored charge with an account shows it. */
  gtk_expander_set_expanded (self->account_expander, pos_charge_get_has_account (self->charge));
  self->constructing = FALSE;

  return GTK_WIDGET (self);
}

PosCharge *
pos_charge_row_get_charge (PosChargeRow *self)
{
  g_return_val_if_fail (POS_IS_CHARGE_ROW (self), NULL);

  return self->charge;
}

void
pos_charge_row_set_number (PosChargeRow *self, guint number)
{
  g_autofree char *text = NULL;

  g_return_if_fail (POS_IS_CHARGE_ROW (self));

  /* Translators: the heading of one charge of the sale, e.g. "Charge 3" */
  text = g_strdup_printf (_ ("Charge %u"), number);
  gtk_label_set_text (self->number_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

void
pos_charge_row_set_account_book (PosChargeRow *self, PosJournal *journal)
{
  g_return_if_fail (POS_IS_CHARGE_ROW (self));

  pos_account_suggestions_set_journal (self->number_suggestions, journal);
  pos_account_suggestions_set_journal (self->name_suggestions, journal);
}

void
pos_charge_row_set_charge_types (PosChargeRow *self, const char *const *charge_types)
{
  g_return_if_fail (POS_IS_CHARGE_ROW (self));

  g_strfreev (self->charge_types);
  self->charge_types = g_strdupv ((char **) charge_types);
  sync_type_dropdown (self);
}

void
pos_charge_row_set_local_errors (PosChargeRow *self, GPtrArray *errors)
{
  g_return_if_fail (POS_IS_CHARGE_ROW (self));

  for (guint i = 0; i < POS_CHARGE_N_FIELDS; i++)
    g_clear_pointer (&self->local_errors[i], g_free);
  g_clear_pointer (&self->row_local_error, g_free);

  for (guint i = 0; errors != NULL && i < errors->len; i++) {
    const PaystarFieldError *error = g_ptr_array_index (errors, i);
    PosChargeField field;

    if (pos_charge_field_from_api_path (error->property_name, &field)) {
      if (self->local_errors[field] == NULL)
        self->local_errors[field] = g_strdup (error->message);
    } else if (self->row_local_error == NULL) {
      self->row_local_error = g_strdup (error->message);
    }
  }
  update_all_displays (self);
}

gboolean
pos_charge_row_set_server_error (PosChargeRow *self, const char *path, const char *message)
{
  PosChargeField field;

  g_return_val_if_fail (POS_IS_CHARGE_ROW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (pos_charge_field_from_api_path (path, &field)) {
    paystar_set_str (&self->server_errors[field], message);
    if (is_account_field (field))
      gtk_expander_set_expanded (self->account_expander, TRUE);
    update_field_display (self, field);
    return TRUE;
  }
  if (*path == '\0' || g_ascii_strncasecmp (path, "ClientAccount", strlen ("ClientAccount")) == 0) {
    paystar_set_str (&self->row_server_error, message);
    update_row_message (self);
    return TRUE;
  }
  return FALSE;
}

void
pos_charge_row_clear_server_errors (PosChargeRow *self)
{
  g_return_if_fail (POS_IS_CHARGE_ROW (self));

  for (guint i = 0; i < POS_CHARGE_N_FIELDS; i++)
    g_clear_pointer (&self->server_errors[i], g_free);
  g_clear_pointer (&self->row_server_error, g_free);
  update_all_displays (self);
}

void
pos_charge_row_reveal_errors (PosChargeRow *self)
{
  g_return_if_fail (POS_IS_CHARGE_ROW (self));

  self->reveal = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (account_fields); i++) {
    if (self->local_errors[account_fields[i]] != NULL)
      gtk_expander_set_expanded (self->account_expander, TRUE);
  }
  update_all_displays (self);
}

gboolean
pos_charge_row_focus_first_error (PosChargeRow *self)
{
  g_return_val_if_fail (POS_IS_CHARGE_ROW (self), FALSE);

  for (guint i = 0; i < POS_CHARGE_N_FIELDS; i++) {
    GtkWidget *widget;

    if (shown_error (self, i) == NULL)
      continue;
    if (is_account_field (i))
      gtk_expander_set_expanded (self->account_expander, TRUE);
    if (i == POS_CHARGE_FIELD_CHARGE_TYPE)
      widget = GTK_WIDGET (self->type_dropdown);
    else if (i == POS_CHARGE_FIELD_STATE)
      widget = GTK_WIDGET (self->state_dropdown);
    else
      widget = GTK_WIDGET (self->entries[i]);
    gtk_widget_grab_focus (widget);
    return TRUE;
  }
  if (gtk_widget_get_visible (GTK_WIDGET (self->row_message))) {
    gtk_widget_grab_focus (GTK_WIDGET (self->amount_field));
    return TRUE;
  }
  return FALSE;
}

void
pos_charge_row_focus_amount (PosChargeRow *self)
{
  g_return_if_fail (POS_IS_CHARGE_ROW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->amount_field));
}
