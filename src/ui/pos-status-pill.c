/* pos-status-pill.c: a sale's status as an icon, a colour and its name, in a rounded pill.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-status-pill.h"

struct _PosStatusPill {
  GtkWidget parent_instance;

  GtkImage *image;
  GtkLabel *label;
  PosSaleStatus status;
};

G_DEFINE_FINAL_TYPE (PosStatusPill, pos_status_pill, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_STATUS, N_PROPS };

static GParamSpec *properties[N_PROPS];

/* How each status looks: an icon and a colour class, always next to the status's name, so that
 * colour is never the only cue. */
static const struct {
  const char *icon;
  const char *css_class;
} status_styles[] = {
  [POS_SALE_STATUS_DRAFT] = { "document-edit-symbolic", "dim-label" },
  [POS_SALE_STATUS_SUBMITTING] = { "mail-send-symbolic", "accent" },
  [POS_SALE_STATUS_CREATED] = { "content-loading-symbolic", "accent" },
  [POS_SALE_STATUS_SUCCEEDED] = { "emblem-ok-symbolic", "success" },
  [POS_SALE_STATUS_FAILED] = { "dialog-error-symbolic", "error" },
  [POS_SALE_STATUS_PENDING] = { "appointment-soon-symbolic", "warning" },
  [POS_SALE_STATUS_DISMISSED] = { "action-unavailable-symbolic", "dim-label" },
  [POS_SALE_STATUS_UNKNOWN] = { "dialog-question-symbolic", "warning" },
  [POS_SALE_STATUS_ERROR] = { "dialog-error-symbolic", "error" },
  [POS_SALE_STATUS_NOT_SENT] = { "network-offline-symbolic", "warning" },
  [POS_SALE_STATUS_UNCONFIRMED] = { "dialog-question-symbolic", "warning" },
  [POS_SALE_STATUS_CLOSED] = { "changes-prevent-symbolic", "dim-label" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (status_styles) == POS_SALE_STATUS_LAST + 1);

static void
update (PosStatusPill *self)
{
  PosSaleStatus status = self->status;

  for (guint i = 0; i < G_N_ELEMENTS (status_styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), status_styles[i].css_class);
  gtk_widget_add_css_class (GTK_WIDGET (self), status_styles[status].css_class);
  gtk_image_set_from_icon_name (self->image, status_styles[status].icon);
  gtk_label_set_text (self->label, pos_sale_status_get_label (status));
}

GtkWidget *
pos_status_pill_new (void)
{
  return g_object_new (POS_TYPE_STATUS_PILL, NULL);
}

PosSaleStatus
pos_status_pill_get_status (PosStatusPill *self)
{
  g_return_val_if_fail (POS_IS_STATUS_PILL (self), POS_SALE_STATUS_UNKNOWN);

  return self->status;
}

void
pos_status_pill_set_status (PosStatusPill *self, PosSaleStatus status)
{
  g_return_if_fail (POS_IS_STATUS_PILL (self));

  if ((guint) status > POS_SALE_STATUS_LAST)
    status = POS_SALE_STATUS_UNKNOWN;
  if (self->status == status)
    return;
  self->status = status;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
pos_status_pill_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosStatusPill *self = POS_STATUS_PILL (object);

  switch (prop_id) {
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_status_pill_set_property (GObject *object,
                              guint prop_id,
                              const GValue *value,
                              GParamSpec *pspec)
{
  PosStatusPill *self = POS_STATUS_PILL (object);

  switch (prop_id) {
    case PROP_STATUS:
      pos_status_pill_set_status (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_status_pill_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pos_status_pill_parent_class)->dispose (object);
}

static void
pos_status_pill_class_init (PosStatusPillClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = pos_status_pill_get_property;
  object_class->set_property = pos_status_pill_set_property;
  object_class->dispose = pos_status_pill_dispose;

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, POS_TYPE_SALE_STATUS, POS_SALE_STATUS_DRAFT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "statuspill");
}

static void
pos_status_pill_init (PosStatusPill *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 4);
  gtk_widget_add_css_class (GTK_WIDGET (self), "status-pill");
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_START);

  self->image = GTK_IMAGE (gtk_image_new ());
  /* The label says it all; the icon is decoration for assistive technologies. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->image), GTK_ACCESSIBLE_PROPERTY_LABEL, "",
                                  -1);
  gtk_widget_set_parent (GTK_WIDGET (self->image), GTK_WIDGET (self));
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_parent (GTK_WIDGET (self->label), GTK_WIDGET (self));

  self->status = POS_SALE_STATUS_DRAFT;
  update (self);
}
