/* pos-payment-page.c: the payment step of one journaled sale: its summary, Paystar's form in a
 * PosPaymentView, and what the form reports, written to the journal.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the page records, and why:
 * - Every outcome goes to the journal before the page tells the window about it, so that what
 *   the screen shows next is already on disk.
 * - A declined card leaves the form open: Paystar's form lets the customer try another card in
 *   the same session, so the sale is "failed" until a later card succeeds.
 * - The journal keeps the SDK's session object as the response, rebuilt from the parsed event
 *   with amounts in cents and without the nickname: the masked card number is the only card data
 *   in it (the journal refuses anything that looks like a full card number anyway).
 * - In redirect mode the success and return URLs say only that the customer left Paystar's page.
 *   The page asks the gateway how the session stands before recording anything; where the
 *   gateway cannot be asked (Paystar's Query API paths are unpublished), a redirect to the
 *   success URL is recorded as succeeded, and one to the return URL as dismissed: the session
 *   stays re-openable, and re-opening shows Paystar's own confirmation if it was paid after all.
 */
#include "config.h"

#include "pos-payment-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pos-ui.h"

/* After this long without the form, show whatever the view has (e.g. Paystar's own "this session
 * has expired" page) instead of the spinner. */
#define SLOW_LOAD_MS 15000

struct _PosPaymentPage {
  GtkWidget parent_instance;

  GtkLabel *total_label;
  GtkLabel *details_label;
  GtkSpinner *status_spinner;
  GtkLabel *status_label;
  GtkLabel *message_label;
  GtkWidget *back_button;
  GtkOverlay *overlay;
  GtkWidget *loading_page;
  AdwStatusPage *loading_status;

  PosStation *station;
  PosPaymentView *view;
  PosSaleRecord *record;
  GCancellable *cancellable;
  char *event_json;
  PosPaymentPageState state;
  guint slow_source;
  gboolean declined;
};

G_DEFINE_FINAL_TYPE (PosPaymentPage, pos_payment_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_STATION, PROP_STATE, N_PROPS };

enum { SIGNAL_LOADED, SIGNAL_FINISHED, SIGNAL_CLOSED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static PosJournal *
get_journal (PosPaymentPage *self)
{
  return self->station != NULL ? pos_station_get_journal (self->station) : NULL;
}

static void
show_message (PosPaymentPage *self, const char *text)
{
  gtk_label_set_text (self->message_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
}

static void
set_state (PosPaymentPage *self, PosPaymentPageState state)
{
  gboolean waiting = state == POS_PAYMENT_PAGE_LOADING || state == POS_PAYMENT_PAGE_CHECKING;
  const char *status = NULL;

  switch (state) {
    case POS_PAYMENT_PAGE_LOADING:
      status = _ ("Loading Paystar’s payment form…");
      adw_status_page_set_title (self->loading_status, _ ("Opening the Payment Form"));
      adw_status_page_set_description (
        self->loading_status,
        _ ("Paystar’s secure form opens here. The card is typed only on that form."));
      break;
    case POS_PAYMENT_PAGE_READY:
      status = _ ("The card can be entered on the form now.");
      break;
    case POS_PAYMENT_PAGE_DECLINED:
      status = _ ("Waiting for another card…");
      break;
    case POS_PAYMENT_PAGE_CHECKING:
      status = _ ("Checking the payment with Paystar…");
      adw_status_page_set_title (self->loading_status, _ ("Checking the Payment"));
      adw_status_page_set_description (self->loading_status,
                                       _ ("The customer left Paystar’s form. Asking Paystar how "
                                          "the payment ended…"));
      break;
    case POS_PAYMENT_PAGE_FAILED:
      status = _ ("The payment form could not be shown.");
      break;
    case POS_PAYMENT_PAGE_IDLE:
    default:
      break;
  }
  gtk_label_set_text (self->status_label, status != NULL ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_spinner), waiting);
  gtk_spinner_set_spinning (self->status_spinner, waiting);
  gtk_widget_set_visible (self->loading_page, waiting);

  if (self->state != state) {
    self->state = state;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  }
}

static gboolean
on_slow_load (gpointer user_data)
{
  PosPaymentPage *self = user_data;

  g_assert (POS_IS_PAYMENT_PAGE (self));

  self->slow_source = 0;
  if (self->state != POS_PAYMENT_PAGE_LOADING)
    return G_SOURCE_REMOVE;
  /* Show what the view has: Paystar's page may be saying why the form does not come. */
  gtk_widget_set_visible (self->loading_page, FALSE);
  gtk_label_set_text (self->status_label,
                      _ ("The form is taking longer than usual. Check what the page says, or go "
                         "back to the sale."));
  return G_SOURCE_REMOVE;
}

/* The SDK's session object as the journal keeps it. */
static char *
event_to_json (const PaystarEvent *event)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, event->name);
  json_builder_set_member_name (builder, "sessionIdentifier");
  json_builder_add_string_value (builder, event->session_identifier);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, event->status_text);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, event->channel);
  json_builder_set_member_name (builder, "subtotalMinor");
  if (event->has_subtotal)
    json_builder_add_int_value (builder, event->subtotal);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "lineItems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < event->line_items->len; i++) {
    const PaystarLineItem *item = g_ptr_array_index (event->line_items, i);

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "description");
    json_builder_add_string_value (builder, item->description);
    json_builder_set_member_name (builder, "priceMinor");
    if (item->has_price)
      json_builder_add_int_value (builder, item->price);
    else
      json_builder_add_null_value (builder);
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "paymentSource");
  if (event->payment_source_type != NULL || event->account_number_masked != NULL) {
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "paymentSourceType");
    json_builder_add_string_value (builder, event->payment_source_type);
    json_builder_set_member_name (builder, "accountNumberMasked");
    json_builder_add_string_value (builder, event->account_number_masked);
    json_builder_end_object (builder);
  } else {
    json_builder_add_null_value (builder);
  }
  json_builder_set_member_name (builder, "serviceFeeMinor");
  if (event->has_fee)
    json_builder_add_int_value (builder, event->fee);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return paystar_json_to_string (root, NULL);
}

static void
journal_outcome (PosPaymentPage *self,
                 PosSaleStatus status,
                 const char *masked_card,
                 const char *response_json,
                 const char *error_text)
{
  PosJournal *journal = get_journal (self);
  gint64 id = pos_sale_record_get_id (self->record);
  g_autoptr (GError) error = NULL;

  if (journal == NULL)
    return;
  if (masked_card != NULL && !pos_journal_set_card_last4 (journal, id, masked_card, &error)) {
    /* Not four digits: nothing the journal may keep. */
    g_message ("The card of sale %" G_GINT64_FORMAT " is not recorded: %s", id, error->message);
    g_clear_error (&error);
  }
  if (response_json != NULL && !pos_journal_set_response (journal, id, response_json, &error)) {
    g_warning ("Could not journal Paystar’s answer for sale %" G_GINT64_FORMAT ": %s", id,
               error->message);
    g_clear_error (&error);
  }
  if (!pos_journal_set_status (journal, id, status, error_text, &error))
    g_warning ("Could not journal the outcome of sale %" G_GINT64_FORMAT ": %s", id,
               error->message);
}

/* Ends the step with a final screen; the window ends the page in its handler. */
static void
finish (PosPaymentPage *self, PosSaleStatus status)
{
  g_autoptr (PosPaymentPage) keep = g_object_ref (self);

  g_clear_handle_id (&self->slow_source, g_source_remove);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, (int) status);
}

static void
close_with (PosPaymentPage *self, PosSaleStatus status)
{
  g_autoptr (PosPaymentPage) keep = g_object_ref (self);

  g_clear_handle_id (&self->slow_source, g_source_remove);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0, (int) status);
}

/* The form was left without a payment. */
static void
record_left (PosPaymentPage *self)
{
  if (self->declined) {
    close_with (self, POS_SALE_STATUS_FAILED);
    return;
  }
  journal_outcome (self, POS_SALE_STATUS_DISMISSED, NULL, NULL, NULL);
  close_with (self, POS_SALE_STATUS_DISMISSED);
}

static void
warn_if_amount_differs (PosPaymentPage *self, gint64 amount)
{
  gint64 total = pos_sale_record_get_total (self->record);

  if (amount >= 0 && amount != total)
    g_warning ("Paystar processed %" G_GINT64_FORMAT " cents for sale %" G_GINT64_FORMAT
               ", which totals %" G_GINT64_FORMAT " cents",
               amount, pos_sale_record_get_id (self->record), total);
}

/* View signals */

static void
on_view_loaded (PosPaymentPage *self)
{
  g_assert (POS_IS_PAYMENT_PAGE (self));

  g_clear_handle_id (&self->slow_source, g_source_remove);
  if (self->state == POS_PAYMENT_PAGE_LOADING || self->state == POS_PAYMENT_PAGE_FAILED)
    set_state (self, self->declined ? POS_PAYMENT_PAGE_DECLINED : POS_PAYMENT_PAGE_READY);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

static void
on_view_event (PosPaymentPage *self, gpointer data)
{
  const PaystarEvent *event = data;

  g_assert (POS_IS_PAYMENT_PAGE (self));

  if (event->kind == PAYSTAR_EVENT_SESSION_PROCESSED) {
    g_free (self->event_json);
    self->event_json = event_to_json (event);
  }
}

static void
on_view_processed (PosPaymentPage *self,
                   int status,
                   const char *masked_card,
                   gint64 subtotal,
                   const char *session_id)
{
  const char *expected = pos_sale_record_get_session_identifier (self->record);
  g_autofree char *response = g_steal_pointer (&self->event_json);

  g_assert (POS_IS_PAYMENT_PAGE (self));

  if (session_id != NULL && g_strcmp0 (session_id, expected) != 0) {
    g_message ("Payment page: ignored an outcome for another session");
    return;
  }

  switch (status) {
    case PAYSTAR_SESSION_STATUS_SUCCEEDED:
      warn_if_amount_differs (self, subtotal);
      journal_outcome (self, POS_SALE_STATUS_SUCCEEDED, masked_card, response, NULL);
      show_message (self, NULL);
      finish (self, POS_SALE_STATUS_SUCCEEDED);
      break;

    case PAYSTAR_SESSION_STATUS_PENDING:
      warn_if_amount_differs (self, subtotal);
      journal_outcome (self, POS_SALE_STATUS_PENDING, masked_card, response,
                       _ ("The payment is being processed; it is not final yet."));
      show_message (self, NULL);
      finish (self, POS_SALE_STATUS_PENDING);
      break;

    case PAYSTAR_SESSION_STATUS_FAILED: {
      g_autofree char *text = NULL;

      self->declined = TRUE;
      if (masked_card != NULL)
        /* Translators: %s is a masked card number, e.g. ****0002 */
        text = g_strdup_printf (_ ("Declined: the card %s was not accepted. The customer can try "
                                   "another card on the form, or go back to the sale."),
                                masked_card);
      else
        text = g_strdup (_ ("Declined: the card was not accepted. The customer can try another "
                            "card on the form, or go back to the sale."));
      journal_outcome (self, POS_SALE_STATUS_FAILED, masked_card, response,
                       _ ("Declined: the card was not accepted."));
      show_message (self, text);
      set_state (self, POS_PAYMENT_PAGE_DECLINED);
      break;
    }

    default:
      /* Processed without a status the station knows: keep the answer, wait for more. */
      if (response != NULL && get_journal (self) != NULL &&
          !pos_journal_set_response (get_journal (self), pos_sale_record_get_id (self->record),
                                     response, NULL))
        g_message ("Payment page: could not keep an answer without a status");
      break;
  }
}

static void
on_view_dismissed (PosPaymentPage *self)
{
  g_assert (POS_IS_PAYMENT_PAGE (self));

  record_left (self);
}

static void
on_view_failed (PosPaymentPage *self, PosPaymentFailure reason, const char *message)
{
  g_assert (POS_IS_PAYMENT_PAGE (self));

  /* The view shows its error page with Try Again; the page keeps Back to Sale. */
  g_clear_handle_id (&self->slow_source, g_source_remove);
  set_state (self, POS_PAYMENT_PAGE_FAILED);
}

typedef struct {
  PosPaymentPage *page;
  GCancellable *cancellable;
  gboolean success_url;
} Check;

static void
on_session_looked_up (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Check *check = user_data;
  g_autoptr (PosPaymentPage) self = check->page;
  g_autoptr (GCancellable) cancellable = check->cancellable;
  g_autoptr (PosSessionLookup) lookup = NULL;
  g_autoptr (GError) error = NULL;
  gboolean success_url = check->success_url;

  g_free (check);
  lookup = pos_station_lookup_session_finish (POS_STATION (object), result, &error);
  if (g_cancellable_is_cancelled (cancellable) || self->cancellable != cancellable)
    return;

  if (lookup == NULL) {
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
      g_message ("Payment page: could not look the session up: %s", error->message);
    if (success_url) {
      /* Paystar sends the customer to the success URL after a payment went through. */
      journal_outcome (self, POS_SALE_STATUS_SUCCEEDED, NULL, NULL, NULL);
      finish (self, POS_SALE_STATUS_SUCCEEDED);
    } else {
      record_left (self);
    }
    return;
  }

  switch (lookup->status) {
    case PAYSTAR_SESSION_STATUS_SUCCEEDED:
      warn_if_amount_differs (self, lookup->amount);
      journal_outcome (self, POS_SALE_STATUS_SUCCEEDED, lookup->card_last4, lookup->summary_json,
                       NULL);
      finish (self, POS_SALE_STATUS_SUCCEEDED);
      break;
    case PAYSTAR_SESSION_STATUS_PENDING:
      journal_outcome (self, POS_SALE_STATUS_PENDING, lookup->card_last4, lookup->summary_json,
                       _ ("The payment is being processed; it is not final yet."));
      finish (self, POS_SALE_STATUS_PENDING);
      break;
    case PAYSTAR_SESSION_STATUS_FAILED:
      self->declined = TRUE;
      journal_outcome (self, POS_SALE_STATUS_FAILED, lookup->card_last4, lookup->summary_json,
                       _ ("Declined: the card was not accepted."));
      close_with (self, POS_SALE_STATUS_FAILED);
      break;
    case PAYSTAR_SESSION_STATUS_NONE:
    case PAYSTAR_SESSION_STATUS_OTHER:
    default:
      /* Not paid (RequiresPaymentSource): the customer went back without paying. */
      record_left (self);
      break;
  }
}

static void
check_session (PosPaymentPage *self, gboolean success_url)
{
  Check *check;

  if (self->state == POS_PAYMENT_PAGE_CHECKING)
    return;
  set_state (self, POS_PAYMENT_PAGE_CHECKING);
  check = g_new0 (Check, 1);
  check->page = g_object_ref (self);
  check->cancellable = g_object_ref (self->cancellable);
  check->success_url = success_url;
  pos_station_lookup_session_async (self->station,
                                    pos_sale_record_get_session_identifier (self->record),
                                    self->cancellable, on_session_looked_up, check);
}

static void
on_view_redirect_success (PosPaymentPage *self, const char *uri)
{
  g_assert (POS_IS_PAYMENT_PAGE (self));

  check_session (self, TRUE);
}

static void
on_view_redirect_return (PosPaymentPage *self, const char *uri)
{
  g_assert (POS_IS_PAYMENT_PAGE (self));

  check_session (self, FALSE);
}

/* Actions */

static void
back_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  pos_payment_page_close (POS_PAYMENT_PAGE (widget));
}

/* GObject */

static void
pos_payment_page_dispose (GObject *object)
{
  PosPaymentPage *self = POS_PAYMENT_PAGE (object);

  pos_payment_page_end (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_PAYMENT_PAGE);
  /* The template's top box has no id, so dispose_template() leaves it to us. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  self->overlay = NULL;
  g_clear_object (&self->station);

  G_OBJECT_CLASS (pos_payment_page_parent_class)->dispose (object);
}

static void
pos_payment_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosPaymentPage *self = POS_PAYMENT_PAGE (object);

  switch (prop_id) {
    case PROP_STATION:
      g_value_set_object (value, self->station);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_payment_page_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  PosPaymentPage *self = POS_PAYMENT_PAGE (object);

  switch (prop_id) {
    case PROP_STATION:
      pos_payment_page_set_station (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_payment_page_class_init (PosPaymentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_payment_page_dispose;
  object_class->get_property = pos_payment_page_get_property;
  object_class->set_property = pos_payment_page_set_property;

  properties[PROP_STATION] =
    g_param_spec_object ("station", NULL, NULL, POS_TYPE_STATION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATE] = g_param_spec_int (
    "state", NULL, NULL, POS_PAYMENT_PAGE_IDLE, POS_PAYMENT_PAGE_FAILED, POS_PAYMENT_PAGE_IDLE,
    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[SIGNAL_CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/paystar/Pos/pos-payment-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PosPaymentPage, total_label);
  gtk_widget_class_bind_template_child (widget_class, PosPaymentPage, details_label);
  gtk_widget_class_bind_template_child (widget_class, PosPaymentPage, status_spinner);
  gtk_widget_class_bind_template_child (widget_class, PosPaymentPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, PosPaymentPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, PosPaymentPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, PosPaymentPage, overlay);
  gtk_widget_class_bind_template_child (widget_class, PosPaymentPage, loading_page);
  gtk_widget_class_bind_template_child (widget_class, PosPaymentPage, loading_status);

  gtk_widget_class_install_action (widget_class, "payment.back", NULL, back_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pospaymentpage");
}

static void
pos_payment_page_init (PosPaymentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "payment.back", FALSE);
  set_state (self, POS_PAYMENT_PAGE_IDLE);
}

GtkWidget *
pos_payment_page_new (void)
{
  return g_object_new (POS_TYPE_PAYMENT_PAGE, NULL);
}

void
pos_payment_page_set_station (PosPaymentPage *self, PosStation *station)
{
  g_return_if_fail (POS_IS_PAYMENT_PAGE (self));
  g_return_if_fail (!station || POS_IS_STATION (station));

  if (g_set_object (&self->station, station))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATION]);
}

void
pos_payment_page_begin (PosPaymentPage *self,
                        PosPaymentView *view,
                        PosSaleRecord *record,
                        const char *agent_name)
{
  g_autofree char *total = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *details = NULL;
  g_autoptr (GError) error = NULL;
  PosJournal *journal;

  g_return_if_fail (POS_IS_PAYMENT_PAGE (self));
  g_return_if_fail (POS_IS_PAYMENT_VIEW (view));
  g_return_if_fail (POS_IS_SALE_RECORD (record));
  g_return_if_fail (pos_sale_record_get_session_link (record) != NULL);
  g_return_if_fail (self->station != NULL);

  pos_payment_page_end (self);

  self->cancellable = g_cancellable_new ();
  self->record = g_object_ref (record);
  self->view = g_object_ref (view);
  self->declined = FALSE;

  total = paystar_money_format (pos_sale_record_get_total (record));
  /* Translators: the amount the customer pays, e.g. "Total $150.00" */
  total_text = g_strdup_printf (_ ("Total %s"), total);
  gtk_label_set_text (self->total_label, total_text);
  /* Translators: who keyed the sale, then its reference, e.g. "Ava Alvarez · POS-1-20260101" */
  details =
    g_strdup_printf (_ ("%s · Reference %s"),
                     agent_name != NULL ? agent_name : pos_sale_record_get_agent_email (record),
                     pos_sale_record_get_client_reference (record));
  gtk_label_set_text (self->details_label, details);
  show_message (self, NULL);

  g_signal_connect_object (view, "loaded", G_CALLBACK (on_view_loaded), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "event", G_CALLBACK (on_view_event), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "processed", G_CALLBACK (on_view_processed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "dismissed", G_CALLBACK (on_view_dismissed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "failed", G_CALLBACK (on_view_failed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "redirect-success", G_CALLBACK (on_view_redirect_success), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "redirect-return", G_CALLBACK (on_view_redirect_return), self,
                           G_CONNECT_SWAPPED);
  gtk_overlay_set_child (self->overlay, GTK_WIDGET (view));

  /* A sale that was left (or declined) is awaiting payment again. */
  journal = get_journal (self);
  if (journal != NULL && pos_sale_record_get_status (record) != POS_SALE_STATUS_CREATED &&
      !pos_journal_set_status (journal, pos_sale_record_get_id (record), POS_SALE_STATUS_CREATED,
                               NULL, &error))
    g_warning ("Could not journal the re-opened sale: %s", error->message);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "payment.back", TRUE);
  set_state (self, POS_PAYMENT_PAGE_LOADING);
  self->slow_source = g_timeout_add (SLOW_LOAD_MS, on_slow_load, self);
  pos_payment_view_open (view, pos_sale_record_get_session_link (record));
  gtk_widget_grab_focus (GTK_WIDGET (view));
}

void
pos_payment_page_close (PosPaymentPage *self)
{
  g_return_if_fail (POS_IS_PAYMENT_PAGE (self));

  if (self->record == NULL)
    return;
  record_left (self);
}

void
pos_payment_page_end (PosPaymentPage *self)
{
  g_return_if_fail (POS_IS_PAYMENT_PAGE (self));

  g_clear_handle_id (&self->slow_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->view != NULL) {
    g_signal_handlers_disconnect_by_data (self->view, self);
    /* The overlay's reference goes with the child; ours just after: the view and its network
     * session (this customer's cookies and storage) die here. */
    if (self->overlay != NULL && gtk_overlay_get_child (self->overlay) == GTK_WIDGET (self->view))
      gtk_overlay_set_child (self->overlay, NULL);
    g_clear_object (&self->view);
  }
  g_clear_object (&self->record);
  g_clear_pointer (&self->event_json, g_free);
  self->declined = FALSE;
  if (self->overlay != NULL) {
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "payment.back", FALSE);
    show_message (self, NULL);
    set_state (self, POS_PAYMENT_PAGE_IDLE);
  }
}

PosPaymentPageState
pos_payment_page_get_state (PosPaymentPage *self)
{
  g_return_val_if_fail (POS_IS_PAYMENT_PAGE (self), POS_PAYMENT_PAGE_IDLE);

  return self->state;
}

gboolean
pos_payment_page_get_active (PosPaymentPage *self)
{
  g_return_val_if_fail (POS_IS_PAYMENT_PAGE (self), FALSE);

  return self->record != NULL;
}

gint64
pos_payment_page_get_journal_id (PosPaymentPage *self)
{
  g_return_val_if_fail (POS_IS_PAYMENT_PAGE (self), 0);

  return self->record != NULL ? pos_sale_record_get_id (self->record) : 0;
}

PosPaymentView *
pos_payment_page_get_view (PosPaymentPage *self)
{
  g_return_val_if_fail (POS_IS_PAYMENT_PAGE (self), NULL);

  return self->view;
}

const char *
pos_payment_page_get_total_text (PosPaymentPage *self)
{
  g_return_val_if_fail (POS_IS_PAYMENT_PAGE (self), NULL);

  return gtk_label_get_text (self->total_label);
}

const char *
pos_payment_page_get_details_text (PosPaymentPage *self)
{
  g_return_val_if_fail (POS_IS_PAYMENT_PAGE (self), NULL);

  return gtk_label_get_text (self->details_label);
}

const char *
pos_payment_page_get_message (PosPaymentPage *self)
{
  g_return_val_if_fail (POS_IS_PAYMENT_PAGE (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->message_label))
           ? gtk_label_get_text (self->message_label)
           : NULL;
}
