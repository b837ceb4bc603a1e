/* pos-a11y.c: names a screen reader says for controls GTK 4.8 leaves without a usable one.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app's own controls are named where they are made (a label, an accessible label, a
 * labelled-by relation). What is left are GTK 4.8's own ways of naming, or not naming, widgets it
 * makes itself, heard through AT-SPI as Orca hears them (tests/test-ui-a11y.c):
 * - a button whose label has a mnemonic ("_Sign In") gets that raw text as its accessible label,
 *   and is heard as "_Sign In Sign In"; without the property its name is its text, "Sign In";
 * - an icon that acts as a button inside an entry (the PIN's show-text icon) has only a tooltip,
 *   and is heard as "GtkImage": its tooltip becomes its name;
 * - the list items GTK makes for lists and drop-downs (the value a drop-down or combo row shows,
 *   the rows of History's list) and a drop-down's own button have no name at all: their text
 *   becomes their name, and follows it when it changes.
 * Every widget is looked at when it is first shown ("map" has emission hooks; "notify" has not),
 * and again when what its name comes from changes.
 */
#include "config.h"

#include "pos-a11y.h"

static GQuark watched_quark;

static void
name_by_tooltip (GtkWidget *widget)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (tooltip != NULL && *tooltip != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                    -1);
}

static void
name_button (GtkButton *button)
{
  GtkWidget *child = gtk_button_get_child (button);

  if (gtk_button_get_use_underline (button) && gtk_button_get_label (button) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  /* An icon alone, named by no one (GTK's own, e.g. a preferences window's search button):
   * heard as "GtkImage" otherwise. The app names its own icon buttons itself. */
  else if (child != NULL && GTK_IS_IMAGE (child) &&
           !gtk_test_accessible_has_property (GTK_ACCESSIBLE (button),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL))
    name_by_tooltip (GTK_WIDGET (button));
}

static void
collect_text (GtkWidget *widget, GString *text)
{
  /* Not what is hidden, nor a stack's other pages. */
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (GTK_IS_LABEL (widget)) {
    const char *label = gtk_label_get_text (GTK_LABEL (widget));

    if (label != NULL && *label != '\0') {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, label);
    }
  }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

/* The widget's text (its labels', in reading order) as its name. */
static void
name_by_content (GtkWidget *widget)
{
  g_autoptr (GString) text = g_string_new (NULL);

  collect_text (widget, text);
  if (text->len > 0)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    text->str, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
label_changed (GtkWidget *label, GParamSpec *pspec, GtkWidget *named)
{
  name_by_content (named);
}

/* Renames @named whenever one of the labels under @widget changes its text. */
static void
follow_labels (GtkWidget *named, GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    g_signal_connect_object (widget, "notify::label", G_CALLBACK (label_changed), named, 0);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    follow_labels (named, child);
}

/* A list item or a drop-down's button made by GTK, named by nothing. */
static gboolean
named_by_content (GtkWidget *widget)
{
  /* GTK's private type, looked up by name once GTK has made one (not its subclasses: a column
   * view's cells are named by their row). */
  static GType list_item_type = 0;
  GtkWidget *parent = gtk_widget_get_parent (widget);

  if (list_item_type == 0)
    list_item_type = g_type_from_name ("GtkListItemWidget");
  if (list_item_type != 0 && G_OBJECT_TYPE (widget) == list_item_type)
    return TRUE;
  return GTK_IS_TOGGLE_BUTTON (widget) && parent != NULL && GTK_IS_DROP_DOWN (parent);
}

static gboolean
widget_mapped_hook (GSignalInvocationHint *hint,
                    guint n_values,
                    const GValue *values,
                    gpointer user_data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);
  gboolean first = g_object_get_qdata (G_OBJECT (widget), watched_quark) == NULL;

  g_object_set_qdata (G_OBJECT (widget), watched_quark, GINT_TO_POINTER (1));
  if (named_by_content (widget)) {
    /* Its labels may have been made since it was last shown (a list item bound anew). */
    if (first)
      follow_labels (widget, widget);
    name_by_content (widget);
  } else if (GTK_IS_BUTTON (widget)) {
    if (first) {
      g_signal_connect (widget, "notify::label", G_CALLBACK (name_button), NULL);
      g_signal_connect (widget, "notify::use-underline", G_CALLBACK (name_button), NULL);
    }
    name_button (GTK_BUTTON (widget));
  } else if (GTK_IS_IMAGE (widget) && gtk_accessible_get_accessible_role (
                                        GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_BUTTON) {
    if (first)
      g_signal_connect (widget, "notify::tooltip-text", G_CALLBACK (name_by_tooltip), NULL);
    name_by_tooltip (widget);
  }
  return TRUE;
}

void
pos_a11y_init (void)
{
  watched_quark = g_quark_from_static_string ("pos-a11y-watched");
  /* The signal exists once the class does. */
  g_type_class_unref (g_type_class_ref (GTK_TYPE_WIDGET));
  g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, widget_mapped_hook, NULL,
                              NULL);
}
