/* pos-outcome-page.c: how a payment ended (approved, or pending), with the slip and New Sale.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-outcome-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "paystar.h"
#include "pos-slip.h"

struct _PosOutcomePage {
  GtkWidget parent_instance;

  AdwStatusPage *status_page;
  GtkLabel *amount_label;
  GtkWidget *card_title;
  GtkLabel *card_label;
  GtkLabel *reference_label;
  GtkWidget *paystar_reference_title;
  GtkLabel *paystar_reference_label;
  GtkLabel *agent_label;
  GtkLabel *time_label;
  GtkWidget *print_button;
  GtkWidget *new_sale_button;

  PosSaleRecord *record;
  char *station_name;
};

G_DEFINE_FINAL_TYPE (PosOutcomePage, pos_outcome_page, GTK_TYPE_WIDGET)

static void
show_row (GtkWidget *title, GtkLabel *value, const char *text)
{
  gtk_label_set_text (value, text != NULL ? text : "");
  gtk_widget_set_visible (title, text != NULL);
  gtk_widget_set_visible (GTK_WIDGET (value), text != NULL);
}

static char *
format_time (gint64 usec)
{
  g_autoptr (GDateTime) local = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  if (local == NULL)
    return NULL;
  /* Translators: when the payment ended; see g_date_time_format() for the codes. */
  return g_date_time_format (local, _ ("%Y-%m-%d %H:%M:%S"));
}

static void
print_slip_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosOutcomePage *self = POS_OUTCOME_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->record == NULL ||
      pos_sale_record_get_status (self->record) != POS_SALE_STATUS_SUCCEEDED)
    return;
  pos_slip_print (self->record, self->station_name,
                  GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
}

static void
pos_outcome_page_dispose (GObject *object)
{
  PosOutcomePage *self = POS_OUTCOME_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_OUTCOME_PAGE);
  g_clear_object (&self->record);

  G_OBJECT_CLASS (pos_outcome_page_parent_class)->dispose (object);
}

static void
pos_outcome_page_finalize (GObject *object)
{
  PosOutcomePage *self = POS_OUTCOME_PAGE (object);

  g_free (self->station_name);

  G_OBJECT_CLASS (pos_outcome_page_parent_class)->finalize (object);
}

static void
pos_outcome_page_class_init (PosOutcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_outcome_page_dispose;
  object_class->finalize = pos_outcome_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/paystar/Pos/pos-outcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PosOutcomePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, PosOutcomePage, amount_label);
  gtk_widget_class_bind_template_child (widget_class, PosOutcomePage, card_title);
  gtk_widget_class_bind_template_child (widget_class, PosOutcomePage, card_label);
  gtk_widget_class_bind_template_child (widget_class, PosOutcomePage, reference_label);
  gtk_widget_class_bind_template_child (widget_class, PosOutcomePage, paystar_reference_title);
  gtk_widget_class_bind_template_child (widget_class, PosOutcomePage, paystar_reference_label);
  gtk_widget_class_bind_template_child (widget_class, PosOutcomePage, agent_label);
  gtk_widget_class_bind_template_child (widget_class, PosOutcomePage, time_label);
  gtk_widget_class_bind_template_child (widget_class, PosOutcomePage, print_button);
  gtk_widget_class_bind_template_child (widget_class, PosOutcomePage, new_sale_button);

  gtk_widget_class_install_action (widget_class, "outcome.print-slip", NULL, print_slip_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "outcome.print-slip", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "posoutcomepage");
}

static void
pos_outcome_page_init (PosOutcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outcome.print-slip", FALSE);
}

GtkWidget *
pos_outcome_page_new (void)
{
  return g_object_new (POS_TYPE_OUTCOME_PAGE, NULL);
}

void
pos_outcome_page_set_record (PosOutcomePage *self,
                             PosSaleRecord *record,
                             const char *agent_name,
                             const char *station_name)
{
  g_autofree char *amount = NULL;
  g_autofree char *card = NULL;
  g_autofree char *paystar_reference = NULL;
  g_autofree char *time = NULL;
  gboolean succeeded;

  g_return_if_fail (POS_IS_OUTCOME_PAGE (self));
  g_return_if_fail (!record || POS_IS_SALE_RECORD (record));

  g_set_object (&self->record, record);
  paystar_set_str (&self->station_name, station_name);
  succeeded = record != NULL && pos_sale_record_get_status (record) == POS_SALE_STATUS_SUCCEEDED;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outcome.print-slip", succeeded);
  gtk_widget_set_visible (self->print_button, succeeded);
  if (record == NULL)
    return;

  gtk_widget_remove_css_class (GTK_WIDGET (self->status_page), "outcome-succeeded");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_page), "outcome-pending");
  if (succeeded) {
    const char *note = pos_sale_record_get_error_text (record);
    g_autofree char *description = NULL;

    /* A note comes with a success the station could not see in detail (only the redirect to
     * the success address, say): the clerk reads exactly what is known. */
    if (note != NULL && *note != '\0')
      description = g_strdup_printf ("%s\n%s",
                                     _ ("Paystar accepted the payment. Print the slip for the "
                                        "customer, then start the next sale."),
                                     note);
    else
      description = g_strdup (_ ("Paystar accepted the payment. Print the slip for the customer, "
                                 "then start the next sale."));
    adw_status_page_set_icon_name (self->status_page, "emblem-ok-symbolic");
    adw_status_page_set_title (self->status_page, _ ("Payment Approved"));
    adw_status_page_set_description (self->status_page, description);
    gtk_widget_add_css_class (GTK_WIDGET (self->status_page), "outcome-succeeded");
  } else {
    adw_status_page_set_icon_name (self->status_page, "document-open-recent-symbolic");
    adw_status_page_set_title (self->status_page, _ ("Payment Pending"));
    adw_status_page_set_description (self->status_page,
                                     _ ("The payment is being processed (e.g. bank transfer); it "
                                        "is not final yet."));
    gtk_widget_add_css_class (GTK_WIDGET (self->status_page), "outcome-pending");
  }

  amount = paystar_money_format (pos_sale_record_get_total (record));
  gtk_label_set_text (self->amount_label, amount);
  card = pos_sale_record_dup_masked_card (record);
  show_row (self->card_title, self->card_label, card);
  gtk_label_set_text (self->reference_label, pos_sale_record_get_client_reference (record));
  /* A Query API lookup reports it (in "payment"); the SDK's events do not. */
  paystar_reference = pos_sale_record_dup_payment_field (record, "referenceNumber");
  show_row (self->paystar_reference_title, self->paystar_reference_label, paystar_reference);
  gtk_label_set_text (self->agent_label,
                      agent_name != NULL ? agent_name : pos_sale_record_get_agent_email (record));
  time = format_time (pos_sale_record_get_updated (record));
  gtk_label_set_text (self->time_label, time != NULL ? time : "");
}

PosSaleRecord *
pos_outcome_page_get_record (PosOutcomePage *self)
{
  g_return_val_if_fail (POS_IS_OUTCOME_PAGE (self), NULL);

  return self->record;
}

void
pos_outcome_page_focus_default (PosOutcomePage *self)
{
  g_return_if_fail (POS_IS_OUTCOME_PAGE (self));

  gtk_widget_grab_focus (self->new_sale_button);
}

const char *
pos_outcome_page_get_title (PosOutcomePage *self)
{
  g_return_val_if_fail (POS_IS_OUTCOME_PAGE (self), NULL);

  return adw_status_page_get_title (self->status_page);
}

const char *
pos_outcome_page_get_amount_text (PosOutcomePage *self)
{
  g_return_val_if_fail (POS_IS_OUTCOME_PAGE (self), NULL);

  return gtk_label_get_text (self->amount_label);
}

const char *
pos_outcome_page_get_card_text (PosOutcomePage *self)
{
  g_return_val_if_fail (POS_IS_OUTCOME_PAGE (self), NULL);

  return gtk_label_get_text (self->card_label);
}

const char *
pos_outcome_page_get_reference_text (PosOutcomePage *self)
{
  g_return_val_if_fail (POS_IS_OUTCOME_PAGE (self), NULL);

  return gtk_label_get_text (self->reference_label);
}

const char *
pos_outcome_page_get_agent_text (PosOutcomePage *self)
{
  g_return_val_if_fail (POS_IS_OUTCOME_PAGE (self), NULL);

  return gtk_label_get_text (self->agent_label);
}

GtkWidget *
pos_outcome_page_get_print_button (PosOutcomePage *self)
{
  g_return_val_if_fail (POS_IS_OUTCOME_PAGE (self), NULL);

  return self->print_button;
}

const char *
pos_outcome_page_get_paystar_reference_text (PosOutcomePage *self)
{
  g_return_val_if_fail (POS_IS_OUTCOME_PAGE (self), NULL);

  return gtk_label_get_text (self->paystar_reference_label);
}

const char *
pos_outcome_page_get_description (PosOutcomePage *self)
{
  g_return_val_if_fail (POS_IS_OUTCOME_PAGE (self), NULL);

  return adw_status_page_get_description (self->status_page);
}
