/* pos-account-suggestions.c: the account book's matches under a field as the agent types.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The keyboard stays in the field: the popover neither takes the focus nor closes on a click
 * elsewhere by itself (it closes when the field loses the keyboard). The lookup waits for a short
 * pause in the typing; at a million accounts it takes a few milliseconds (bench-account-book).
 */
#include "config.h"

#include "pos-account-suggestions.h"

#include <glib/gi18n.h>

#include "paystar-money.h"

#define LOOKUP_DELAY_MS 120
#define MAX_SHOWN       8

struct _PosAccountSuggestions {
  GtkPopover parent_instance;

  PosFieldEntry *field; /* the parent */
  PosBookMatch match;
  PosJournal *journal;
  GtkListBox *list;
  GPtrArray *accounts; /* PosBookAccount*, in the list's order */
  guint lookup_source;
  guint filling : 1; /* a pick writes the field: no lookup for that */
};

G_DEFINE_FINAL_TYPE (PosAccountSuggestions, pos_account_suggestions, GTK_TYPE_POPOVER)

enum { SIGNAL_PICKED, N_SIGNALS };

static guint signals[N_SIGNALS];

/* "10-4432 · Dana Lee", then the balance and the address when known. */
static char *
describe (const PosBookAccount *account, char **details)
{
  g_autoptr (GString) more = g_string_new (NULL);

  if (account->has_balance) {
    g_autofree char *balance = paystar_money_format (account->balance);

    /* Translators: the balance owed on an account, in the list of matching accounts. */
    g_string_append_printf (more, _ ("Balance %s"), balance);
  }
  if (*account->street_address != '\0' || *account->city != '\0')
    g_string_append_printf (more, "%s%s%s%s", more->len > 0 ? " · " : "", account->street_address,
                            *account->street_address != '\0' && *account->city != '\0' ? ", " : "",
                            account->city);
  if (*account->phone_number != '\0')
    g_string_append_printf (more, "%s%s", more->len > 0 ? " · " : "", account->phone_number);
  *details = g_string_free (g_steal_pointer (&more), FALSE);
  if (*account->sub_account_number != '\0')
    return g_strdup_printf ("%s / %s · %s", account->account_number, account->sub_account_number,
                            account->name);
  return g_strdup_printf ("%s · %s", account->account_number, account->name);
}

static GtkWidget *
create_row (const PosBookAccount *account)
{
  g_autofree char *details = NULL;
  g_autofree char *title = describe (account, &details);
  g_autofree char *accessible = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (title);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);
  if (*details != '\0') {
    GtkWidget *more = gtk_label_new (details);

    gtk_label_set_xalign (GTK_LABEL (more), 0);
    gtk_label_set_ellipsize (GTK_LABEL (more), PANGO_ELLIPSIZE_END);
    gtk_widget_add_css_class (more, "dim-label");
    gtk_widget_add_css_class (more, "caption");
    gtk_box_append (GTK_BOX (box), more);
  }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  accessible = *details != '\0' ? g_strdup_printf ("%s, %s", title, details) : g_strdup (title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return row;
}

static void
hide (PosAccountSuggestions *self)
{
  g_clear_handle_id (&self->lookup_source, g_source_remove);
  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    gtk_popover_popdown (GTK_POPOVER (self));
}

static void
show_accounts (PosAccountSuggestions *self, GPtrArray *accounts)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  self->accounts = g_ptr_array_ref (accounts);
  for (guint i = 0; i < accounts->len; i++)
    gtk_list_box_append (self->list, create_row (g_ptr_array_index (accounts, i)));
  if (accounts->len == 0) {
    hide (self);
    return;
  }
  gtk_list_box_unselect_all (self->list);
  gtk_popover_popup (GTK_POPOVER (self));
}

static gboolean
lookup (gpointer user_data)
{
  PosAccountSuggestions *self = user_data;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;

  self->lookup_source = 0;
  if (self->journal == NULL)
    return G_SOURCE_REMOVE;
  found = pos_account_book_find (self->journal, self->match, pos_field_entry_get_text (self->field),
                                 MAX_SHOWN, &error);
  if (found == NULL) {
    /* A lookup that fails costs the agent nothing: they type the account as before. */
    g_warning ("Could not look up accounts: %s", error->message);
    hide (self);
    return G_SOURCE_REMOVE;
  }
  show_accounts (self, found);
  return G_SOURCE_REMOVE;
}

static void
on_text_changed (PosAccountSuggestions *self)
{
  GtkWidget *text =
    GTK_WIDGET (gtk_editable_get_delegate (pos_field_entry_get_editable (self->field)));

  /* Only the agent's typing asks: not a restored draft, a duplicated charge or a pick. */
  if (self->journal == NULL || self->filling || !gtk_widget_has_focus (text))
    return;
  g_clear_handle_id (&self->lookup_source, g_source_remove);
  self->lookup_source = g_timeout_add (LOOKUP_DELAY_MS, lookup, self);
}

static void
pick (PosAccountSuggestions *self, GtkListBoxRow *row)
{
  int index = gtk_list_box_row_get_index (row);
  PosBookAccount *account;

  if (self->accounts == NULL || index < 0 || (guint) index >= self->accounts->len)
    return;
  account = g_ptr_array_index (self->accounts, index);
  hide (self);
  self->filling = TRUE;
  g_signal_emit (self, signals[SIGNAL_PICKED], 0, account);
  self->filling = FALSE;
}

static void
on_row_activated (PosAccountSuggestions *self, GtkListBoxRow *row)
{
  pick (self, row);
}

static void
move_selection (PosAccountSuggestions *self, int step)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->list);
  int n = self->accounts != NULL ? (int) self->accounts->len : 0;
  int index =
    selected != NULL ? gtk_list_box_row_get_index (selected) + step : (step > 0 ? 0 : n - 1);
  GtkListBoxRow *row;

  if (n == 0)
    return;
  index = CLAMP (index, 0, n - 1);
  row = gtk_list_box_get_row_at_index (self->list, index);
  gtk_list_box_select_row (self->list, row);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint keyval,
                guint keycode,
                GdkModifierType state,
                PosAccountSuggestions *self)
{
  GtkListBoxRow *selected;

  if (!gtk_widget_get_visible (GTK_WIDGET (self)) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;
  switch (keyval) {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_selection (self, 1);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_selection (self, -1);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      selected = gtk_list_box_get_selected_row (self->list);
      if (selected == NULL)
        return FALSE; /* Enter as before: the field's own */
      pick (self, selected);
      return TRUE;
    case GDK_KEY_Escape:
      hide (self);
      return TRUE;
    default:
      return FALSE;
  }
}

static void
on_focus_leave (PosAccountSuggestions *self)
{
  hide (self);
}

static void
pos_account_suggestions_dispose (GObject *object)
{
  PosAccountSuggestions *self = POS_ACCOUNT_SUGGESTIONS (object);

  g_clear_handle_id (&self->lookup_source, g_source_remove);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (pos_account_suggestions_parent_class)->dispose (object);
}

static void
pos_account_suggestions_class_init (PosAccountSuggestionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pos_account_suggestions_dispose;

  signals[SIGNAL_PICKED] = g_signal_new ("picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
pos_account_suggestions_init (PosAccountSuggestions *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  /* The keyboard stays in the field. */
  gtk_popover_set_autohide (GTK_POPOVER (self), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (self), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self), GTK_POS_BOTTOM);
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_START);
  gtk_widget_set_can_focus (GTK_WIDGET (self), FALSE);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_SINGLE);
  gtk_list_box_set_activate_on_single_click (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Matching accounts"), -1);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (on_row_activated), self);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 420);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_widget_set_size_request (scroller, 320, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_popover_set_child (GTK_POPOVER (self), scroller);
}

PosAccountSuggestions *
pos_account_suggestions_new (PosFieldEntry *field, PosBookMatch match)
{
  PosAccountSuggestions *self;
  GtkEditable *editable;
  GtkEventController *controller;

  g_return_val_if_fail (POS_IS_FIELD_ENTRY (field), NULL);

  self = g_object_new (POS_TYPE_ACCOUNT_SUGGESTIONS, NULL);
  self->field = field;
  self->match = match;
  gtk_widget_set_parent (GTK_WIDGET (self), GTK_WIDGET (field));

  editable = pos_field_entry_get_editable (field);
  g_signal_connect_object (editable, "changed", G_CALLBACK (on_text_changed), self,
                           G_CONNECT_SWAPPED);
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_key_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (editable), controller);
  controller = gtk_event_controller_focus_new ();
  g_signal_connect_object (controller, "leave", G_CALLBACK (on_focus_leave), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (editable), controller);
  gtk_accessible_update_property (GTK_ACCESSIBLE (editable), GTK_ACCESSIBLE_PROPERTY_AUTOCOMPLETE,
                                  GTK_ACCESSIBLE_AUTOCOMPLETE_LIST, -1);
  return self;
}

void
pos_account_suggestions_set_journal (PosAccountSuggestions *self, PosJournal *journal)
{
  g_return_if_fail (POS_IS_ACCOUNT_SUGGESTIONS (self));
  g_return_if_fail (journal == NULL || POS_IS_JOURNAL (journal));

  g_set_object (&self->journal, journal);
  if (journal == NULL)
    hide (self);
}
