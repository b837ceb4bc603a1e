/* pos-field-entry.c: a labelled text entry with a hint or an error message under it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-field-entry.h"

#include "paystar-compat.h"

struct _PosFieldEntry {
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkLabel *label;
  GtkBox *line;
  GtkEntry *entry;
  GtkLabel *message;

  char *hint;
  char *error;
};

G_DEFINE_FINAL_TYPE (PosFieldEntry, pos_field_entry, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LABEL,
  PROP_TEXT,
  PROP_HINT,
  PROP_ERROR,
  PROP_PLACEHOLDER_TEXT,
  PROP_INPUT_PURPOSE,
  PROP_MAX_LENGTH,
  N_PROPS
};

enum { SIGNAL_ACTIVATE, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_message (PosFieldEntry *self)
{
  const char *text = self->error != NULL ? self->error : self->hint;
  gboolean show = text != NULL && *text != '\0';

  gtk_label_set_text (self->message, show ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), show);

  if (self->error != NULL) {
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
    gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
    gtk_widget_remove_css_class (GTK_WIDGET (self->message), "dim-label");
  } else {
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
    gtk_widget_remove_css_class (GTK_WIDGET (self->message), "error");
    gtk_widget_add_css_class (GTK_WIDGET (self->message), "dim-label");
  }

  gtk_accessible_update_state (
    GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_STATE_INVALID,
    self->error != NULL ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE, -1);
}

static void
on_entry_activate (PosFieldEntry *self)
{
  g_assert (POS_IS_FIELD_ENTRY (self));

  g_signal_emit (self, signals[SIGNAL_ACTIVATE], 0);
}

static void
on_entry_text_notify (PosFieldEntry *self)
{
  g_assert (POS_IS_FIELD_ENTRY (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

static gboolean
pos_field_entry_grab_focus (GtkWidget *widget)
{
  PosFieldEntry *self = POS_FIELD_ENTRY (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

/* Only the entry takes the keyboard: focus moves into it, or past this widget. GTK's default,
 * going backward out of a widget's children, gives the focus to the widget itself, which here is
 * the entry again with its text selected: Shift+Tab stayed in the field and the next key replaced
 * what was typed. */
static gboolean
pos_field_entry_focus (GtkWidget *widget, GtkDirectionType direction)
{
  PosFieldEntry *self = POS_FIELD_ENTRY (widget);

  return gtk_widget_child_focus (GTK_WIDGET (self->entry), direction);
}

static gboolean
pos_field_entry_mnemonic_activate (GtkWidget *widget, gboolean group_cycling)
{
  PosFieldEntry *self = POS_FIELD_ENTRY (widget);

  return gtk_widget_mnemonic_activate (GTK_WIDGET (self->entry), group_cycling);
}

static void
pos_field_entry_dispose (GObject *object)
{
  PosFieldEntry *self = POS_FIELD_ENTRY (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_FIELD_ENTRY);
  /* The template's top box has no id, so dispose_template() leaves it to us. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pos_field_entry_parent_class)->dispose (object);
}

static void
pos_field_entry_finalize (GObject *object)
{
  PosFieldEntry *self = POS_FIELD_ENTRY (object);

  g_clear_pointer (&self->hint, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (pos_field_entry_parent_class)->finalize (object);
}

static void
pos_field_entry_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosFieldEntry *self = POS_FIELD_ENTRY (object);

  switch (prop_id) {
    case PROP_LABEL:
      g_value_set_string (value, gtk_label_get_label (self->label));
      break;
    case PROP_TEXT:
      g_value_set_string (value, pos_field_entry_get_text (self));
      break;
    case PROP_HINT:
      g_value_set_string (value, self->hint);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_PLACEHOLDER_TEXT:
      g_value_set_string (value, gtk_entry_get_placeholder_text (self->entry));
      break;
    case PROP_INPUT_PURPOSE:
      g_value_set_enum (value, gtk_entry_get_input_purpose (self->entry));
      break;
    case PROP_MAX_LENGTH:
      g_value_set_int (value, gtk_entry_get_max_length (self->entry));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_field_entry_set_property (GObject *object,
                              guint prop_id,
                              const GValue *value,
                              GParamSpec *pspec)
{
  PosFieldEntry *self = POS_FIELD_ENTRY (object);

  switch (prop_id) {
    case PROP_LABEL:
      if (g_strcmp0 (gtk_label_get_label (self->label), g_value_get_string (value)) != 0) {
        gtk_label_set_label (self->label, g_value_get_string (value));
        g_object_notify_by_pspec (object, pspec);
      }
      break;
    case PROP_TEXT:
      pos_field_entry_set_text (self, g_value_get_string (value));
      break;
    case PROP_HINT:
      pos_field_entry_set_hint (self, g_value_get_string (value));
      break;
    case PROP_ERROR:
      pos_field_entry_set_error (self, g_value_get_string (value));
      break;
    case PROP_PLACEHOLDER_TEXT:
      gtk_entry_set_placeholder_text (self->entry, g_value_get_string (value));
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_INPUT_PURPOSE:
      gtk_entry_set_input_purpose (self->entry, g_value_get_enum (value));
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_MAX_LENGTH:
      gtk_entry_set_max_length (self->entry, g_value_get_int (value));
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_field_entry_class_init (PosFieldEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_field_entry_dispose;
  object_class->finalize = pos_field_entry_finalize;
  object_class->get_property = pos_field_entry_get_property;
  object_class->set_property = pos_field_entry_set_property;

  widget_class->grab_focus = pos_field_entry_grab_focus;
  widget_class->focus = pos_field_entry_focus;
  widget_class->mnemonic_activate = pos_field_entry_mnemonic_activate;

  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TEXT] = g_param_spec_string (
    "text", NULL, NULL, "", G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HINT] = g_param_spec_string (
    "hint", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PLACEHOLDER_TEXT] =
    g_param_spec_string ("placeholder-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_INPUT_PURPOSE] = g_param_spec_enum (
    "input-purpose", NULL, NULL, GTK_TYPE_INPUT_PURPOSE, GTK_INPUT_PURPOSE_FREE_FORM,
    G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MAX_LENGTH] =
    g_param_spec_int ("max-length", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_ACTIVATE] = g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/paystar/Pos/pos-field-entry.ui");
  gtk_widget_class_bind_template_child (widget_class, PosFieldEntry, box);
  gtk_widget_class_bind_template_child (widget_class, PosFieldEntry, label);
  gtk_widget_class_bind_template_child (widget_class, PosFieldEntry, line);
  gtk_widget_class_bind_template_child (widget_class, PosFieldEntry, entry);
  gtk_widget_class_bind_template_child (widget_class, PosFieldEntry, message);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "posfieldentry");
}

static void
pos_field_entry_init (PosFieldEntry *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->entry, "notify::text", G_CALLBACK (on_entry_text_notify), self,
                           G_CONNECT_SWAPPED);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->message, NULL, -1);
  update_message (self);
}

GtkWidget *
pos_field_entry_new (const char *label)
{
  return g_object_new (POS_TYPE_FIELD_ENTRY, "label", label, NULL);
}

const char *
pos_field_entry_get_text (PosFieldEntry *self)
{
  g_return_val_if_fail (POS_IS_FIELD_ENTRY (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
pos_field_entry_set_text (PosFieldEntry *self, const char *text)
{
  g_return_if_fail (POS_IS_FIELD_ENTRY (self));

  if (text == NULL)
    text = "";
  /* The entry notifies "text" itself, which we forward; setting the same text is a no-op, so the
   * cursor of an entry being typed in does not jump when a binding echoes the value back. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->entry)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
}

const char *
pos_field_entry_get_hint (PosFieldEntry *self)
{
  g_return_val_if_fail (POS_IS_FIELD_ENTRY (self), NULL);

  return self->hint;
}

void
pos_field_entry_set_hint (PosFieldEntry *self, const char *hint)
{
  g_return_if_fail (POS_IS_FIELD_ENTRY (self));

  if (hint != NULL && *hint == '\0')
    hint = NULL;
  if (paystar_set_str (&self->hint, hint)) {
    update_message (self);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HINT]);
  }
}

const char *
pos_field_entry_get_error (PosFieldEntry *self)
{
  g_return_val_if_fail (POS_IS_FIELD_ENTRY (self), NULL);

  return self->error;
}

void
pos_field_entry_set_error (PosFieldEntry *self, const char *error)
{
  g_return_if_fail (POS_IS_FIELD_ENTRY (self));

  if (error != NULL && *error == '\0')
    error = NULL;
  if (paystar_set_str (&self->error, error)) {
    update_message (self);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  }
}

GtkEditable *
pos_field_entry_get_editable (PosFieldEntry *self)
{
  g_return_val_if_fail (POS_IS_FIELD_ENTRY (self), NULL);

  return GTK_EDITABLE (self->entry);
}

const char *
pos_field_entry_get_message (PosFieldEntry *self)
{
  g_return_val_if_fail (POS_IS_FIELD_ENTRY (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->message)))
    return NULL;
  return gtk_label_get_text (self->message);
}

void
pos_field_entry_add_suffix (PosFieldEntry *self, GtkWidget *widget)
{
  g_return_if_fail (POS_IS_FIELD_ENTRY (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_box_append (self->line, widget);
}
