/* pos-type-ahead.c: typing picks the matching choice of a closed drop-down.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Characters add up while the choice they name exists ("T", "X": TX); one that would name none
 * starts afresh ("TX", then "C": CA). No timer: what is typed decides, not how fast.
 *
 * GTK 4.8's GtkDropDown searches only in its open list: with the keyboard on the closed
 * drop-down, typing did nothing (State stayed at None after "TX"), which costs a clerk who keys a
 * sale without the mouse a detour through the list for every address.
 */
#include "config.h"

#include "pos-type-ahead.h"

#include <string.h>

#define TYPE_AHEAD_KEY "pos-type-ahead"

typedef struct {
  GString *typed; /* casefolded: what was typed since the last fresh start */
} TypeAhead;

static void
type_ahead_free (gpointer data)
{
  TypeAhead *type_ahead = data;

  g_string_free (type_ahead->typed, TRUE);
  g_free (type_ahead);
}

/* The text the drop-down shows for @item, or NULL. */
static char *
item_text (GtkDropDown *drop_down, gpointer item)
{
  GtkExpression *expression = gtk_drop_down_get_expression (drop_down);
  GValue value = G_VALUE_INIT;
  char *text = NULL;

  if (expression != NULL) {
    if (gtk_expression_evaluate (expression, item, &value) && G_VALUE_HOLDS_STRING (&value))
      text = g_value_dup_string (&value);
    g_value_unset (&value);
  } else if (GTK_IS_STRING_OBJECT (item)) {
    text = g_strdup (gtk_string_object_get_string (item));
  }
  return text;
}

/* Selects the first choice whose text begins with @prefix (casefolded); FALSE when none does. */
static gboolean
select_prefix (GtkDropDown *drop_down, GListModel *model, const char *prefix)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++) {
    g_autoptr (GObject) item = g_list_model_get_item (model, i);
    g_autofree char *text = item_text (drop_down, item);
    g_autofree char *folded = text != NULL ? g_utf8_casefold (text, -1) : NULL;

    if (folded != NULL && g_str_has_prefix (folded, prefix)) {
      gtk_drop_down_set_selected (drop_down, i);
      return TRUE;
    }
  }
  return FALSE;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint keyval,
                guint keycode,
                GdkModifierType state,
                GtkDropDown *drop_down)
{
  TypeAhead *type_ahead = g_object_get_data (G_OBJECT (drop_down), TYPE_AHEAD_KEY);
  GListModel *model = gtk_drop_down_get_model (drop_down);
  gunichar character = gdk_keyval_to_unicode (keyval);
  char utf8[7] = { 0 };
  g_autofree char *folded = NULL;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK)) != 0 ||
      character == 0 || !g_unichar_isgraph (character) || model == NULL)
    return GDK_EVENT_PROPAGATE;

  g_unichar_to_utf8 (character, utf8);
  folded = g_utf8_casefold (utf8, -1);
  g_string_append (type_ahead->typed, folded);
  if (select_prefix (drop_down, model, type_ahead->typed->str))
    return GDK_EVENT_STOP;
  /* Nothing begins with all that was typed: the character starts afresh. */
  g_string_assign (type_ahead->typed, folded);
  if (select_prefix (drop_down, model, type_ahead->typed->str))
    return GDK_EVENT_STOP;
  /* Nothing begins so: the choice stays. */
  g_string_truncate (type_ahead->typed, 0);
  gtk_widget_error_bell (GTK_WIDGET (drop_down));
  return GDK_EVENT_STOP;
}

void
pos_type_ahead_attach (GtkDropDown *drop_down)
{
  GtkEventController *controller;
  TypeAhead *type_ahead;

  g_return_if_fail (GTK_IS_DROP_DOWN (drop_down));
  g_return_if_fail (g_object_get_data (G_OBJECT (drop_down), TYPE_AHEAD_KEY) == NULL);

  type_ahead = g_new0 (TypeAhead, 1);
  type_ahead->typed = g_string_new (NULL);
  g_object_set_data_full (G_OBJECT (drop_down), TYPE_AHEAD_KEY, type_ahead, type_ahead_free);
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (controller, TYPE_AHEAD_KEY);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_key_pressed), drop_down, 0);
  gtk_widget_add_controller (GTK_WIDGET (drop_down), controller);
}
