/* pos-charge-types-editor.c: the list of charge types an administrator edits in the preferences.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows show a copy of the setting (a GtkStringList); every change writes the whole list back
 * to the setting, whose notification then rebuilds the rows, so a row's position is always true.
 */
#include "config.h"

#include "pos-charge-types-editor.h"

#include <glib/gi18n.h>

#include "pos-preferences-private.h"

struct _PosChargeTypesEditor {
  GtkWidget parent_instance;

  GtkListBox *charge_types_list;
  AdwEntryRow *new_charge_type_row;
  GtkWidget *new_charge_type_error;

  PosSettings *settings; /* weak: its owner (the preferences) outlives the editor */
  /* A copy of the charge-types setting: the model of charge_types_list. */
  GtkStringList *charge_types;
};

G_DEFINE_FINAL_TYPE (PosChargeTypesEditor, pos_charge_types_editor, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SETTINGS, N_PROPS };

static GParamSpec *properties[N_PROPS];

static void
set_charge_types (PosChargeTypesEditor *self, GPtrArray *types)
{
  g_ptr_array_add (types, NULL);
  pos_settings_set_charge_types (self->settings, (const char *const *) types->pdata);
}

/* A deep copy: setting the key replaces the strings the facade hands out. */
static GPtrArray *
copy_charge_types (PosChargeTypesEditor *self)
{
  const char *const *types =
    self->settings != NULL ? pos_settings_get_charge_types (self->settings) : NULL;
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; types != NULL && types[i] != NULL; i++)
    g_ptr_array_add (copy, g_strdup (types[i]));
  return copy;
}

static void
on_charge_type_remove_clicked (GtkButton *button, PosChargeTypesEditor *self)
{
  guint position = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "position"));
  g_autoptr (GPtrArray) types = copy_charge_types (self);

  if (self->settings == NULL)
    return;
  if (position < types->len) {
    g_ptr_array_remove_index (types, position);
    set_charge_types (self, types);
  }
}

static void
on_charge_type_up_clicked (GtkButton *button, PosChargeTypesEditor *self)
{
  guint position = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "position"));
  g_autoptr (GPtrArray) types = copy_charge_types (self);

  if (self->settings == NULL)
    return;
  if (position > 0 && position < types->len) {
    gpointer moved = types->pdata[position];

    types->pdata[position] = types->pdata[position - 1];
    types->pdata[position - 1] = moved;
    set_charge_types (self, types);
  }
}

static GtkWidget *
create_charge_type_row (gpointer item, gpointer user_data)
{
  PosChargeTypesEditor *self = user_data;
  const char *type = gtk_string_object_get_string (item);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *up = gtk_button_new_from_icon_name ("go-up-symbolic");
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->charge_types));
  guint position;

  /* Where the item is in the list: every change of the setting replaces all the rows, so the
   * position stays true for the row's lifetime. */
  for (position = 0; position < n; position++) {
    g_autoptr (GObject) other = g_list_model_get_item (G_LIST_MODEL (self->charge_types), position);

    if (other == item)
      break;
  }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pos_charge_type_get_label (type));
  /* A built-in type reads translated; say what Paystar receives. */
  if (g_strcmp0 (pos_charge_type_get_label (type), type) != 0) {
    /* Translators: %s is a charge type as sent to Paystar, untranslated ("Utility bill"). */
    g_autofree char *subtitle = g_strdup_printf (_ ("Sent to Paystar as “%s”"), type);

    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  }

  gtk_widget_set_valign (up, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (up, "flat");
  gtk_widget_set_tooltip_text (up, _ ("Move Up"));
  gtk_widget_set_sensitive (up, position > 0);
  g_object_set_data (G_OBJECT (up), "position", GUINT_TO_POINTER (position));
  g_signal_connect (up, "clicked", G_CALLBACK (on_charge_type_up_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), up);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _ ("Remove"));
  g_object_set_data (G_OBJECT (remove), "position", GUINT_TO_POINTER (position));
  g_signal_connect (remove, "clicked", G_CALLBACK (on_charge_type_remove_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  return row;
}

static void
on_charge_types_changed (PosChargeTypesEditor *self)
{
  const char *const *types =
    self->settings != NULL ? pos_settings_get_charge_types (self->settings) : NULL;

  gtk_string_list_splice (self->charge_types, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->charge_types)), types);
}

static void
on_new_charge_type_apply (PosChargeTypesEditor *self)
{
  g_autofree char *type =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_charge_type_row))));
  g_autofree char *folded = NULL;
  const char *const *types = NULL;
  g_autoptr (GPtrArray) copy = NULL;

  if (self->settings == NULL)
    return;
  types = pos_settings_get_charge_types (self->settings);
  if (*type == '\0') {
    pos_preferences_show_error (GTK_WIDGET (self->new_charge_type_row), self->new_charge_type_error,
                                _ ("Enter a name for the type."));
    return;
  }
  folded = g_utf8_casefold (type, -1);
  for (guint i = 0; types != NULL && types[i] != NULL; i++) {
    g_autofree char *other = g_utf8_casefold (types[i], -1);

    if (g_str_equal (folded, other)) {
      pos_preferences_show_error (GTK_WIDGET (self->new_charge_type_row),
                                  self->new_charge_type_error, _ ("This type is already listed."));
      return;
    }
  }

  copy = copy_charge_types (self);
  g_ptr_array_add (copy, g_steal_pointer (&type));
  set_charge_types (self, copy);
  gtk_editable_set_text (GTK_EDITABLE (self->new_charge_type_row), "");
}

static void
on_new_charge_type_changed (PosChargeTypesEditor *self)
{
  pos_preferences_show_error (GTK_WIDGET (self->new_charge_type_row), self->new_charge_type_error,
                              NULL);
}

void
pos_charge_types_editor_set_settings (PosChargeTypesEditor *self, PosSettings *settings)
{
  g_return_if_fail (POS_IS_CHARGE_TYPES_EDITOR (self));
  g_return_if_fail (settings == NULL || POS_IS_SETTINGS (settings));

  if (self->settings == settings)
    return;
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_set_weak_pointer (&self->settings, settings);
  if (settings != NULL)
    g_signal_connect_object (settings, "notify::charge-types", G_CALLBACK (on_charge_types_changed),
                             self, G_CONNECT_SWAPPED);
  on_charge_types_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETTINGS]);
}

static void
pos_charge_types_editor_dispose (GObject *object)
{
  PosChargeTypesEditor *self = POS_CHARGE_TYPES_EDITOR (object);

  /* No row is made for a model that is going away. */
  if (self->charge_types_list != NULL)
    gtk_list_box_bind_model (self->charge_types_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_CHARGE_TYPES_EDITOR);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_weak_pointer (&self->settings);
  g_clear_object (&self->charge_types);
  G_OBJECT_CLASS (pos_charge_types_editor_parent_class)->dispose (object);
}

static void
pos_charge_types_editor_get_property (GObject *object,
                                      guint prop_id,
                                      GValue *value,
                                      GParamSpec *pspec)
{
  PosChargeTypesEditor *self = POS_CHARGE_TYPES_EDITOR (object);

  switch (prop_id) {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_charge_types_editor_set_property (GObject *object,
                                      guint prop_id,
                                      const GValue *value,
                                      GParamSpec *pspec)
{
  PosChargeTypesEditor *self = POS_CHARGE_TYPES_EDITOR (object);

  switch (prop_id) {
    case PROP_SETTINGS:
      pos_charge_types_editor_set_settings (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_charge_types_editor_class_init (PosChargeTypesEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_charge_types_editor_dispose;
  object_class->get_property = pos_charge_types_editor_get_property;
  object_class->set_property = pos_charge_types_editor_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, POS_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/paystar/Pos/pos-charge-types-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, PosChargeTypesEditor, charge_types_list);
  gtk_widget_class_bind_template_child (widget_class, PosChargeTypesEditor, new_charge_type_row);
  gtk_widget_class_bind_template_child (widget_class, PosChargeTypesEditor, new_charge_type_error);
  gtk_widget_class_bind_template_callback (widget_class, on_new_charge_type_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_new_charge_type_changed);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
pos_charge_types_editor_init (PosChargeTypesEditor *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));
  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);

  self->charge_types = gtk_string_list_new (NULL);
  gtk_list_box_bind_model (self->charge_types_list, G_LIST_MODEL (self->charge_types),
                           create_charge_type_row, self, NULL);
}
