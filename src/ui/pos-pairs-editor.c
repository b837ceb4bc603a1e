/* pos-pairs-editor.c: edits a sale's PaymentFields or CustomMeta as rows of name and value.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-pairs-editor.h"

#include <glib/gi18n.h>

typedef struct {
  GtkWidget *row;
  GtkEditable *key;
  GtkEditable *value;
  GtkLabel *message;
  GtkWidget *remove;
  char *problem;
  char *server_error;
} PairRow;

struct _PosPairsEditor {
  GtkWidget parent_instance;

  GtkListBox *list;
  GtkLabel *message;
  GtkButton *add_button;

  char *target;
  PosSale *sale;
  GStrv suggested_keys;
  GPtrArray *rows; /* PairRow*, in display order */
  char *server_error;
  guint n_problems;
  guint loading : 1;
};

G_DEFINE_FINAL_TYPE (PosPairsEditor, pos_pairs_editor, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_TARGET, PROP_SALE, PROP_ADD_LABEL, PROP_N_PROBLEMS, N_PROPS };

static GParamSpec *properties[N_PROPS];

static void
pair_row_free (PairRow *pair)
{
  g_clear_pointer (&pair->problem, g_free);
  g_clear_pointer (&pair->server_error, g_free);
  g_free (pair);
}

static gboolean
is_custom_meta (PosPairsEditor *self)
{
  return g_strcmp0 (self->target, "custom-meta") == 0;
}

static GPtrArray *
sale_pairs (PosPairsEditor *self)
{
  return is_custom_meta (self) ? pos_sale_get_custom_meta_pairs (self->sale)
                               : pos_sale_get_payment_fields (self->sale);
}

static void
sale_set (PosPairsEditor *self, const char *key, const char *value)
{
  if (is_custom_meta (self))
    pos_sale_set_custom_meta (self->sale, key, value);
  else
    pos_sale_set_payment_field (self->sale, key, value);
}

static char *
dup_key (PairRow *pair)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (pair->key)));
}

static void
update_row_display (PairRow *pair)
{
  const char *text = pair->server_error != NULL ? pair->server_error : pair->problem;
  gboolean show = text != NULL;

  gtk_label_set_text (pair->message, show ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (pair->message), show);
  if (show) {
    gtk_widget_add_css_class (GTK_WIDGET (pair->key), "error");
  } else {
    gtk_widget_remove_css_class (GTK_WIDGET (pair->key), "error");
  }
}

static void
update_editor_message (PosPairsEditor *self)
{
  gtk_label_set_text (self->message, self->server_error != NULL ? self->server_error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), self->server_error != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->list), self->rows->len > 0);
}

/* Checks the rows and writes those that can be sent into the sale, in display order. */
static void
write_back (PosPairsEditor *self)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) stale = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *current;
  guint n_problems = 0;

  for (guint i = 0; i < self->rows->len; i++) {
    PairRow *pair = g_ptr_array_index (self->rows, i);
    g_autofree char *key = dup_key (pair);
    const char *value = gtk_editable_get_text (pair->value);
    g_autofree char *problem = NULL;

    if (*key == '\0' && *value != '\0')
      problem = g_strdup (_ ("Enter a name for this value, or remove the row."));
    else if (*key != '\0' && g_hash_table_contains (seen, key))
      /* Translators: %s is a field name such as invoiceNumber */
      problem =
        g_strdup_printf (_ ("“%s” is already used above: each name can be used once."), key);
    if (*key != '\0')
      g_hash_table_add (seen, g_steal_pointer (&key));
    if (problem != NULL)
      n_problems++;
    g_free (pair->problem);
    pair->problem = g_steal_pointer (&problem);
    update_row_display (pair);
  }

  if (self->n_problems != n_problems) {
    self->n_problems = n_problems;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PROBLEMS]);
  }

  if (self->sale == NULL || self->loading)
    return;

  /* Drop what the sale has but the rows no longer send, then set the rows' pairs. */
  current = sale_pairs (self);
  for (guint i = 0; i < current->len; i++) {
    const PaystarPair *pair = g_ptr_array_index (current, i);

    g_ptr_array_add (stale, g_strdup (pair->key));
  }
  for (guint i = 0; i < stale->len; i++) {
    const char *key = g_ptr_array_index (stale, i);
    gboolean keep = FALSE;

    for (guint j = 0; j < self->rows->len && !keep; j++) {
      PairRow *pair = g_ptr_array_index (self->rows, j);
      g_autofree char *row_key = dup_key (pair);

      keep = g_strcmp0 (row_key, key) == 0 && *gtk_editable_get_text (pair->value) != '\0';
    }
    if (!keep)
      sale_set (self, key, NULL);
  }
  g_hash_table_remove_all (seen);
  for (guint i = 0; i < self->rows->len; i++) {
    PairRow *pair = g_ptr_array_index (self->rows, i);
    g_autofree char *key = dup_key (pair);
    const char *value = gtk_editable_get_text (pair->value);

    if (*key == '\0' || *value == '\0' || g_hash_table_contains (seen, key))
      continue;
    sale_set (self, key, value);
    g_hash_table_add (seen, g_steal_pointer (&key));
  }
}

static void
on_row_changed (GtkEditable *editable, PosPairsEditor *self)
{
  g_assert (POS_IS_PAIRS_EDITOR (self));

  for (guint i = 0; i < self->rows->len; i++) {
    PairRow *pair = g_ptr_array_index (self->rows, i);

    if (pair->key == editable || pair->value == editable)
      g_clear_pointer (&pair->server_error, g_free);
  }
  write_back (self);
}

/* What a screen reader says for each row and its remove button: "Payment field 2". */
static void
name_rows (PosPairsEditor *self)
{
  gboolean custom = g_strcmp0 (self->target, "custom-meta") == 0;

  for (guint i = 0; i < self->rows->len; i++) {
    PairRow *pair = g_ptr_array_index (self->rows, i);
    g_autofree char *name = custom ? g_strdup_printf (_ ("Custom data %u"), i + 1)
                                   : g_strdup_printf (_ ("Payment field %u"), i + 1);
    g_autofree char *remove = custom ? g_strdup_printf (_ ("Remove custom data %u"), i + 1)
                                     : g_strdup_printf (_ ("Remove payment field %u"), i + 1);

    gtk_accessible_update_property (GTK_ACCESSIBLE (pair->row), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                    -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (pair->remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    remove, -1);
  }
}

static void
on_remove_clicked (GtkButton *button, PosPairsEditor *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  g_assert (POS_IS_PAIRS_EDITOR (self));

  for (guint i = 0; i < self->rows->len; i++) {
    PairRow *pair = g_ptr_array_index (self->rows, i);

    if (pair->row == row) {
      g_ptr_array_remove_index (self->rows, i);
      gtk_list_box_remove (self->list, row);
      name_rows (self);
      break;
    }
  }
  write_back (self);
  update_editor_message (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->add_button));
}

static PairRow *
append_row (PosPairsEditor *self, const char *key, const char *value)
{
  PairRow *pair = g_new0 (PairRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *key_entry = gtk_entry_new ();
  GtkWidget *value_entry = gtk_entry_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  GtkWidget *message = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);

  gtk_entry_set_placeholder_text (GTK_ENTRY (key_entry), _ ("Name"));
  gtk_editable_set_width_chars (GTK_EDITABLE (key_entry), 16);
  gtk_accessible_update_property (GTK_ACCESSIBLE (key_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Name"), -1);
  gtk_entry_set_placeholder_text (GTK_ENTRY (value_entry), _ ("Value"));
  gtk_widget_set_hexpand (value_entry, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (value_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Value"), -1);
  gtk_widget_set_tooltip_text (remove, _ ("Remove this row"));
  gtk_widget_add_css_class (remove, "flat");
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_widget_add_css_class (message, "caption");
  gtk_widget_add_css_class (message, "error");
  gtk_widget_set_visible (message, FALSE);

  gtk_box_append (GTK_BOX (line), key_entry);
  gtk_box_append (GTK_BOX (line), value_entry);
  gtk_box_append (GTK_BOX (line), remove);
  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), message);

  pair->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (pair->row), FALSE);
  /* Tab goes to the name and value, not to the row around them. */
  gtk_widget_set_focusable (pair->row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (pair->row), box);
  pair->key = GTK_EDITABLE (key_entry);
  pair->value = GTK_EDITABLE (value_entry);
  pair->message = GTK_LABEL (message);
  pair->remove = remove;
  gtk_editable_set_text (pair->key, key != NULL ? key : "");
  gtk_editable_set_text (pair->value, value != NULL ? value : "");

  g_signal_connect_object (key_entry, "changed", G_CALLBACK (on_row_changed), self, 0);
  g_signal_connect_object (value_entry, "changed", G_CALLBACK (on_row_changed), self, 0);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_clicked), self, 0);

  gtk_list_box_append (self->list, pair->row);
  g_ptr_array_add (self->rows, pair);
  name_rows (self);
  update_editor_message (self);
  return pair;
}

static void
on_add_clicked (PosPairsEditor *self)
{
  PairRow *pair;

  g_assert (POS_IS_PAIRS_EDITOR (self));

  pair = append_row (self, NULL, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (pair->key));
}

static void
reload (PosPairsEditor *self)
{
  GtkWidget *child;

  self->loading = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_ptr_array_set_size (self->rows, 0);
  g_clear_pointer (&self->server_error, g_free);

  if (self->sale != NULL) {
    GPtrArray *pairs = sale_pairs (self);

    for (guint i = 0; i < pairs->len; i++) {
      const PaystarPair *pair = g_ptr_array_index (pairs, i);

      append_row (self, pair->key, pair->value);
    }
    for (guint i = 0; self->suggested_keys != NULL && self->suggested_keys[i] != NULL; i++) {
      const char *key = self->suggested_keys[i];
      gboolean present = FALSE;

      for (guint j = 0; j < pairs->len && !present; j++)
        present = g_strcmp0 (((const PaystarPair *) g_ptr_array_index (pairs, j))->key, key) == 0;
      if (!present)
        append_row (self, key, NULL);
    }
  }
  self->loading = FALSE;
  write_back (self);
  update_editor_message (self);
}

static void
pos_pairs_editor_dispose (GObject *object)
{
  PosPairsEditor *self = POS_PAIRS_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_PAIRS_EDITOR);
  /* The template's top box has no id, so dispose_template() leaves it to us. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->sale);

  G_OBJECT_CLASS (pos_pairs_editor_parent_class)->dispose (object);
}

static void
pos_pairs_editor_finalize (GObject *object)
{
  PosPairsEditor *self = POS_PAIRS_EDITOR (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->suggested_keys, g_strfreev);
  g_clear_pointer (&self->server_error, g_free);

  G_OBJECT_CLASS (pos_pairs_editor_parent_class)->finalize (object);
}

static void
pos_pairs_editor_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosPairsEditor *self = POS_PAIRS_EDITOR (object);

  switch (prop_id) {
    case PROP_TARGET:
      g_value_set_string (value, self->target);
      break;
    case PROP_SALE:
      g_value_set_object (value, self->sale);
      break;
    case PROP_ADD_LABEL:
      g_value_set_string (value, gtk_button_get_label (self->add_button));
      break;
    case PROP_N_PROBLEMS:
      g_value_set_uint (value, self->n_problems);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_pairs_editor_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  PosPairsEditor *self = POS_PAIRS_EDITOR (object);

  switch (prop_id) {
    case PROP_TARGET:
      self->target = g_value_dup_string (value);
      break;
    case PROP_SALE:
      pos_pairs_editor_set_sale (self, g_value_get_object (value));
      break;
    case PROP_ADD_LABEL:
      gtk_button_set_label (self->add_button, g_value_get_string (value));
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_pairs_editor_class_init (PosPairsEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_pairs_editor_dispose;
  object_class->finalize = pos_pairs_editor_finalize;
  object_class->get_property = pos_pairs_editor_get_property;
  object_class->set_property = pos_pairs_editor_set_property;

  properties[PROP_TARGET] =
    g_param_spec_string ("target", NULL, NULL, "payment-fields",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SALE] =
    g_param_spec_object ("sale", NULL, NULL, POS_TYPE_SALE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ADD_LABEL] =
    g_param_spec_string ("add-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_PROBLEMS] =
    g_param_spec_uint ("n-problems", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/paystar/Pos/pos-pairs-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, PosPairsEditor, list);
  gtk_widget_class_bind_template_child (widget_class, PosPairsEditor, message);
  gtk_widget_class_bind_template_child (widget_class, PosPairsEditor, add_button);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pospairseditor");
}

static void
pos_pairs_editor_init (PosPairsEditor *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_row_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

PosSale *
pos_pairs_editor_get_sale (PosPairsEditor *self)
{
  g_return_val_if_fail (POS_IS_PAIRS_EDITOR (self), NULL);

  return self->sale;
}

void
pos_pairs_editor_set_sale (PosPairsEditor *self, PosSale *sale)
{
  g_return_if_fail (POS_IS_PAIRS_EDITOR (self));
  g_return_if_fail (!sale || POS_IS_SALE (sale));

  if (g_set_object (&self->sale, sale)) {
    reload (self);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SALE]);
  }
}

void
pos_pairs_editor_set_suggested_keys (PosPairsEditor *self, const char *const *keys)
{
  g_return_if_fail (POS_IS_PAIRS_EDITOR (self));

  g_strfreev (self->suggested_keys);
  self->suggested_keys = g_strdupv ((char **) keys);
  reload (self);
}

guint
pos_pairs_editor_get_n_problems (PosPairsEditor *self)
{
  g_return_val_if_fail (POS_IS_PAIRS_EDITOR (self), 0);

  return self->n_problems;
}

const char *
pos_pairs_editor_get_first_problem (PosPairsEditor *self)
{
  g_return_val_if_fail (POS_IS_PAIRS_EDITOR (self), NULL);

  for (guint i = 0; i < self->rows->len; i++) {
    PairRow *pair = g_ptr_array_index (self->rows, i);

    if (pair->problem != NULL)
      return pair->problem;
  }
  return NULL;
}

void
pos_pairs_editor_set_server_error (PosPairsEditor *self, const char *key, const char *message)
{
  g_return_if_fail (POS_IS_PAIRS_EDITOR (self));

  for (guint i = 0; key != NULL && i < self->rows->len; i++) {
    PairRow *pair = g_ptr_array_index (self->rows, i);
    g_autofree char *row_key = dup_key (pair);

    if (g_strcmp0 (row_key, key) == 0) {
      paystar_set_str (&pair->server_error, message);
      update_row_display (pair);
      return;
    }
  }
  paystar_set_str (&self->server_error, message);
  update_editor_message (self);
}

void
pos_pairs_editor_clear_server_errors (PosPairsEditor *self)
{
  g_return_if_fail (POS_IS_PAIRS_EDITOR (self));

  for (guint i = 0; i < self->rows->len; i++) {
    PairRow *pair = g_ptr_array_index (self->rows, i);

    g_clear_pointer (&pair->server_error, g_free);
    update_row_display (pair);
  }
  g_clear_pointer (&self->server_error, g_free);
  update_editor_message (self);
}

gboolean
pos_pairs_editor_focus_first_error (PosPairsEditor *self)
{
  g_return_val_if_fail (POS_IS_PAIRS_EDITOR (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++) {
    PairRow *pair = g_ptr_array_index (self->rows, i);

    if (pair->problem != NULL || pair->server_error != NULL) {
      gtk_widget_grab_focus (GTK_WIDGET (pair->key));
      return TRUE;
    }
  }
  if (self->server_error != NULL) {
    gtk_widget_grab_focus (GTK_WIDGET (self->add_button));
    return TRUE;
  }
  return FALSE;
}

void
pos_pairs_editor_add_pair (PosPairsEditor *self, const char *key, const char *value)
{
  g_return_if_fail (POS_IS_PAIRS_EDITOR (self));

  append_row (self, key, value);
  write_back (self);
}

const char *
pos_pairs_editor_get_message (PosPairsEditor *self, const char *key)
{
  g_return_val_if_fail (POS_IS_PAIRS_EDITOR (self), NULL);

  if (key == NULL)
    return gtk_widget_get_visible (GTK_WIDGET (self->message)) ? gtk_label_get_text (self->message)
                                                               : NULL;
  for (guint i = 0; i < self->rows->len; i++) {
    PairRow *pair = g_ptr_array_index (self->rows, i);
    g_autofree char *row_key = dup_key (pair);

    if (g_strcmp0 (row_key, key) == 0)
      return gtk_widget_get_visible (GTK_WIDGET (pair->message))
               ? gtk_label_get_text (pair->message)
               : NULL;
  }
  return NULL;
}
