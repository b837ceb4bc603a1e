/* pos-keypad.c: an on-screen keypad that types into a field, for a customer without a keyboard.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-keypad.h"

#include <glib/gi18n.h>

struct _PosKeypad {
  GtkWidget parent_instance;

  GtkEditable *entry;
  char *extra_key;
};

G_DEFINE_FINAL_TYPE (PosKeypad, pos_keypad, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_ENTRY, PROP_EXTRA_KEY, N_PROPS };

static GParamSpec *properties[N_PROPS];

static void
on_key (GtkButton *button, PosKeypad *self)
{
  const char *key = g_object_get_data (G_OBJECT (button), "key");
  g_autofree char *text = NULL;

  g_assert (POS_IS_KEYPAD (self));

  if (self->entry == NULL)
    return;
  if (g_str_equal (key, "clear")) {
    gtk_editable_set_text (self->entry, "");
  } else if (g_str_equal (key, "back")) {
    const char *old = gtk_editable_get_text (self->entry);
    glong length = g_utf8_strlen (old, -1);

    if (length > 0)
      gtk_editable_delete_text (self->entry, (int) length - 1, (int) length);
  } else {
    text = g_strconcat (gtk_editable_get_text (self->entry), key, NULL);
    gtk_editable_set_text (self->entry, text);
  }
  gtk_editable_set_position (self->entry, -1);
}

static void
pos_keypad_constructed (GObject *object)
{
  PosKeypad *self = POS_KEYPAD (object);
  static const char *const keys[] = {
    "1", "2", "3", "4", "5", "6", "7", "8", "9", NULL, "0", "back"
  };
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  G_OBJECT_CLASS (pos_keypad_parent_class)->constructed (object);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++) {
    const char *key = keys[i] != NULL ? keys[i] : self->extra_key;
    GtkWidget *button = gtk_button_new ();
    GtkLayoutChild *child;

    g_object_set_data_full (G_OBJECT (button), "key", g_strdup (key), g_free);
    gtk_widget_set_focus_on_click (button, FALSE);
    gtk_widget_set_focusable (button, FALSE);
    gtk_widget_add_css_class (button, "keypad-key");
    g_signal_connect_object (button, "clicked", G_CALLBACK (on_key), self, 0);
    gtk_widget_set_parent (button, GTK_WIDGET (self));
    child = gtk_layout_manager_get_layout_child (layout, button);
    gtk_grid_layout_child_set_column (GTK_GRID_LAYOUT_CHILD (child), (int) (i % 3));
    gtk_grid_layout_child_set_row (GTK_GRID_LAYOUT_CHILD (child), (int) (i / 3));
  }
  pos_keypad_retranslate (self);
}

static void
pos_keypad_dispose (GObject *object)
{
  PosKeypad *self = POS_KEYPAD (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->entry);

  G_OBJECT_CLASS (pos_keypad_parent_class)->dispose (object);
}

static void
pos_keypad_finalize (GObject *object)
{
  PosKeypad *self = POS_KEYPAD (object);

  g_free (self->extra_key);

  G_OBJECT_CLASS (pos_keypad_parent_class)->finalize (object);
}

static void
pos_keypad_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosKeypad *self = POS_KEYPAD (object);

  switch (prop_id) {
    case PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;
    case PROP_EXTRA_KEY:
      g_value_set_string (value, self->extra_key);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_keypad_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  PosKeypad *self = POS_KEYPAD (object);

  switch (prop_id) {
    case PROP_ENTRY:
      pos_keypad_set_entry (self, g_value_get_object (value));
      break;
    case PROP_EXTRA_KEY:
      /* Anything but the decimal point is Clear. */
      self->extra_key = g_strdup (g_strcmp0 (g_value_get_string (value), ".") == 0 ? "." : "clear");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_keypad_class_init (PosKeypadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pos_keypad_constructed;
  object_class->dispose = pos_keypad_dispose;
  object_class->finalize = pos_keypad_finalize;
  object_class->get_property = pos_keypad_get_property;
  object_class->set_property = pos_keypad_set_property;

  properties[PROP_ENTRY] =
    g_param_spec_object ("entry", NULL, NULL, GTK_TYPE_EDITABLE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_EXTRA_KEY] =
    g_param_spec_string ("extra-key", NULL, NULL, "clear",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_GRID_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "keypad");
  /* As a GtkGrid: the keys are what a screen reader names. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
pos_keypad_init (PosKeypad *self)
{
  GtkGridLayout *layout = GTK_GRID_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));

  gtk_grid_layout_set_row_spacing (layout, 8);
  gtk_grid_layout_set_column_spacing (layout, 8);
  gtk_grid_layout_set_row_homogeneous (layout, TRUE);
  gtk_grid_layout_set_column_homogeneous (layout, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "keypad");
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

GtkWidget *
pos_keypad_new (GtkEditable *entry, const char *extra_key)
{
  return g_object_new (POS_TYPE_KEYPAD, "entry", entry, "extra-key", extra_key, NULL);
}

GtkEditable *
pos_keypad_get_entry (PosKeypad *self)
{
  g_return_val_if_fail (POS_IS_KEYPAD (self), NULL);

  return self->entry;
}

void
pos_keypad_set_entry (PosKeypad *self, GtkEditable *entry)
{
  g_return_if_fail (POS_IS_KEYPAD (self));
  g_return_if_fail (entry == NULL || GTK_IS_EDITABLE (entry));

  if (g_set_object (&self->entry, entry))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRY]);
}

void
pos_keypad_retranslate (PosKeypad *self)
{
  g_return_if_fail (POS_IS_KEYPAD (self));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child)) {
    const char *key = g_object_get_data (G_OBJECT (child), "key");
    const char *label = key, *name = key;

    if (g_str_equal (key, "clear")) {
      /* Translators: a key of the on-screen keypad that empties the field */
      label = name = _ ("Clear");
    } else if (g_str_equal (key, "back")) {
      label = "⌫";
      /* Translators: a key of the on-screen keypad */
      name = _ ("Delete the last character");
    } else if (g_str_equal (key, ".")) {
      /* Translators: the decimal point key of the on-screen keypad, for cents */
      name = _ ("Point");
    }
    gtk_button_set_label (GTK_BUTTON (child), label);
    gtk_widget_set_tooltip_text (child, name != key ? name : NULL);
    gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                    -1);
  }
}
