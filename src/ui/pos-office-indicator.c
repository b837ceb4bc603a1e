/* pos-office-indicator.c: the header's office link state.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "pos-office-indicator.h"

struct _PosOfficeIndicator {
  GtkWidget parent_instance;

  GtkWidget *button;
  GtkImage *icon;
  GtkImage *narrow_icon;
  GtkLabel *label;
  GtkLabel *details;
  PosStation *station;
  PosOfficeLink *link;
  gboolean show_details;
  char *text;
};

G_DEFINE_FINAL_TYPE (PosOfficeIndicator, pos_office_indicator, GTK_TYPE_WIDGET)

/* The header shows @icon and @short_text (it has little room); @text, the same in full, is the
 * button's accessible name and heads the tooltip and the popover, with @details below. */
static void
set_look (PosOfficeIndicator *self,
          const char *icon,
          const char *short_text,
          const char *text,
          const char *details)
{
  g_autofree char *full = g_strdup_printf ("%s\n%s", text, details);

  g_free (self->text);
  self->text = g_strdup (text);
  gtk_image_set_from_icon_name (self->icon, icon);
  gtk_image_set_from_icon_name (self->narrow_icon, icon);
  gtk_label_set_text (self->label, short_text);
  gtk_label_set_text (self->details, full);
  gtk_widget_set_tooltip_text (self->button, full);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, details, -1);
}

static char *
waiting_text (gint64 waiting)
{
  int n = (int) CLAMP (waiting, 0, G_MAXINT);

  /* Translators: records of sales not yet at the office database */
  return g_strdup_printf (ngettext ("%d record waiting", "%d records waiting", (gulong) n), n);
}

static void
update (PosOfficeIndicator *self)
{
  const char *problem =
    self->station != NULL ? pos_station_get_office_problem (self->station) : NULL;
  g_autofree char *text = NULL;
  g_autofree char *details = NULL;
  g_autofree char *waiting = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self), self->link != NULL || problem != NULL);
  if (self->link == NULL) {
    if (problem != NULL)
      set_look (self, "dialog-warning-symbolic", _ ("Office not joined"), _ ("Office: not joined"),
                problem);
    return;
  }

  waiting = waiting_text (pos_office_link_get_waiting (self->link));
  switch (pos_office_link_get_state (self->link)) {
    case POS_OFFICE_LINK_CONNECTING:
      set_look (self, "network-server-symbolic", _ ("Office…"), _ ("Office: connecting…"),
                _ ("Reaching the office database. Sales are kept at this station meanwhile."));
      break;
    case POS_OFFICE_LINK_IN_STEP:
      set_look (self, "network-server-symbolic", _ ("Office in step"), _ ("Office: in step"),
                _ ("Every sale of this station is at the office database."));
      break;
    case POS_OFFICE_LINK_SENDING:
      text = g_strdup_printf (_ ("Office: %s"), waiting);
      set_look (self, "network-transmit-symbolic", waiting, text,
                _ ("Sending this station’s sales to the office database."));
      break;
    case POS_OFFICE_LINK_UNREACHABLE:
    default: {
      g_autoptr (GDateTime) since = g_date_time_new_from_unix_local (
        pos_office_link_get_unreachable_since (self->link) / G_USEC_PER_SEC);
      g_autofree char *time = since != NULL ? g_date_time_format (since, "%H:%M") : g_strdup ("");
      const char *error = pos_office_link_get_last_error (self->link);

      /* Translators: %s is a time of day, e.g. 10:42 */
      text = g_strdup_printf (_ ("Office unreachable since %s"), time);
      details = g_strdup_printf (
        _ ("%s. Selling goes on: the sales are kept at this station and sent when the office "
           "database answers again.%s%s"),
        waiting, self->show_details && error != NULL ? "\n\n" : "",
        self->show_details && error != NULL ? error : "");
      set_look (self, "network-offline-symbolic", _ ("Office unreachable"), text, details);
      break;
    }
  }
}

static void
set_link (PosOfficeIndicator *self, PosOfficeLink *link)
{
  if (self->link == link)
    return;
  if (self->link != NULL)
    g_signal_handlers_disconnect_by_data (self->link, self);
  g_set_object (&self->link, link);
  if (link != NULL)
    g_signal_connect_object (link, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
}

static void
on_station_link (PosOfficeIndicator *self)
{
  set_link (self, self->station != NULL ? pos_station_get_office_link (self->station) : NULL);
  update (self);
}

void
pos_office_indicator_set_station (PosOfficeIndicator *self, PosStation *station)
{
  g_return_if_fail (POS_IS_OFFICE_INDICATOR (self));

  if (self->station != NULL)
    g_signal_handlers_disconnect_by_data (self->station, self);
  g_set_object (&self->station, station);
  if (station != NULL) {
    g_signal_connect_object (station, "notify::office-link", G_CALLBACK (on_station_link), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (station, "notify::office-problem", G_CALLBACK (update), self,
                             G_CONNECT_SWAPPED);
  }
  on_station_link (self);
}

void
pos_office_indicator_set_show_details (PosOfficeIndicator *self, gboolean show_details)
{
  g_return_if_fail (POS_IS_OFFICE_INDICATOR (self));

  self->show_details = show_details;
  update (self);
}

const char *
pos_office_indicator_get_text (PosOfficeIndicator *self)
{
  g_return_val_if_fail (POS_IS_OFFICE_INDICATOR (self), NULL);

  return self->text;
}

static void
pos_office_indicator_dispose (GObject *object)
{
  PosOfficeIndicator *self = POS_OFFICE_INDICATOR (object);

  set_link (self, NULL);
  if (self->station != NULL)
    g_signal_handlers_disconnect_by_data (self->station, self);
  g_clear_object (&self->station);
  g_clear_pointer (&self->button, gtk_widget_unparent);
  G_OBJECT_CLASS (pos_office_indicator_parent_class)->dispose (object);
}

static void
pos_office_indicator_finalize (GObject *object)
{
  g_free (POS_OFFICE_INDICATOR (object)->text);
  G_OBJECT_CLASS (pos_office_indicator_parent_class)->finalize (object);
}

static void
pos_office_indicator_class_init (PosOfficeIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_office_indicator_dispose;
  object_class->finalize = pos_office_indicator_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
pos_office_indicator_init (PosOfficeIndicator *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *squeezer = adw_squeezer_new ();

  self->icon = GTK_IMAGE (gtk_image_new ());
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->icon));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));
  /* Where the header has no room for the words (800 px, longer translations), the icon alone:
   * the words stay in the accessible name and the tooltip. */
  self->narrow_icon = GTK_IMAGE (gtk_image_new ());
  adw_squeezer_add (ADW_SQUEEZER (squeezer), box);
  adw_squeezer_add (ADW_SQUEEZER (squeezer), GTK_WIDGET (self->narrow_icon));
  adw_squeezer_set_homogeneous (ADW_SQUEEZER (squeezer), TRUE);
  adw_squeezer_set_xalign (ADW_SQUEEZER (squeezer), 0);

  self->details = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->details, TRUE);
  gtk_label_set_max_width_chars (self->details, 40);
  gtk_label_set_xalign (self->details, 0);
  gtk_label_set_selectable (self->details, TRUE);
  gtk_widget_set_margin_start (GTK_WIDGET (self->details), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->details), 6);
  gtk_widget_set_margin_top (GTK_WIDGET (self->details), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->details), 6);
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (self->details));

  self->button = gtk_menu_button_new ();
  gtk_menu_button_set_child (GTK_MENU_BUTTON (self->button), squeezer);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), popover);
  gtk_widget_add_css_class (self->button, "flat");
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
pos_office_indicator_new (void)
{
  return g_object_new (POS_TYPE_OFFICE_INDICATOR, NULL);
}
