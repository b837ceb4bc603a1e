/* pos-payment-page.c: the payment step of one sale: its summary, Paystar's form in a
 * PosPaymentView, and what the form reports, handed to the sale's PosCheckout.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page draws the checkout's state and calls its methods; it never writes the journal:
 * - Every SDK event goes to pos_checkout_record_event(). The session object in
 *   PAYMENT-SESSION.LOADED, .UPDATED and .PROCESSED is authoritative: a session that loads as
 *   Succeeded (paid while the station was down, or on another screen) ends the step as
 *   succeeded at once, and the header never invites the card before LOADED said the session
 *   is payable.
 * - A declined card leaves the form open: Paystar's form lets the customer try another card in
 *   the same session, so the sale is "failed" until a later card succeeds.
 * - Leaving the form without PROCESSED or COMPONENT.DISMISS (Back to Sale, New Sale, signing
 *   out) is pos_checkout_form_closed(): "unconfirmed", never "dismissed"; the session stays
 *   re-openable and re-opening shows what Paystar knows.
 * - In redirect mode the success and return URLs say only that the customer left Paystar's
 *   page. The page asks the checkout to reconcile with the gateway first; where the gateway
 *   cannot be asked (Paystar's Query API paths are unpublished: G_IO_ERROR_NOT_SUPPORTED), the
 *   success URL is recorded as what it is (pos_checkout_record_success_url()) and the return URL
 *   as a form closed without a known outcome.
 */
#include "config.h"

#include "pos-payment-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pos-station-checkout.h"

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
  GtkWidget *loading_spinner;

  PosStation *station;
  PosPaymentView *view;
  PosCheckout *checkout;
  GCancellable *cancellable; /* the reconciliation in flight, if any */
  PosPaymentPageState state;
  guint slow_source;
};

G_DEFINE_FINAL_TYPE (PosPaymentPage, pos_payment_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_STATION, PROP_STATE, N_PROPS };

enum { SIGNAL_LOADED, SIGNAL_FINISHED, SIGNAL_CLOSED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
show_message (PosPaymentPage *self, const char *text)
{
  gtk_label_set_text (self->message_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
}

static gboolean
is_redirect (PosPaymentPage *self)
{
  return self->view != NULL &&
         pos_payment_view_get_mode (self->view) == POS_PAYMENT_PAGE_MODE_REDIRECT;
}

static void
set_state (PosPaymentPage *self, PosPaymentPageState state)
{
  gboolean waiting = state == POS_PAYMENT_PAGE_LOADING || state == POS_PAYMENT_PAGE_CHECKING;
  const char *status = NULL;

  switch (state) {
    case POS_PAYMENT_PAGE_LOADING:
      status = _ ("Loading Paystar’s payment form…");
      adw_status_page_set_icon_name (self->loading_status, NULL);
      adw_status_page_set_title (self->loading_status, _ ("Opening the Payment Form"));
      adw_status_page_set_description (
        self->loading_status,
        _ ("Paystar’s secure form opens here. The card is typed only on that form."));
      break;
    case POS_PAYMENT_PAGE_READY:
      /* Redirect mode has no LOADED event: the page cannot know whether Paystar's page asks
       * for a card or shows an earlier payment, so it points at the page instead. */
      status = is_redirect (self)
                 ? _ ("Paystar’s page is open. Follow what it says; a card is typed only there.")
                 : _ ("The card can be entered on the form now.");
      break;
    case POS_PAYMENT_PAGE_DECLINED:
      status = _ ("Waiting for another card…");
      break;
    case POS_PAYMENT_PAGE_CHECKING:
      status = _ ("Checking the payment with Paystar…");
      adw_status_page_set_icon_name (self->loading_status, NULL);
      adw_status_page_set_title (self->loading_status, _ ("Checking the Payment"));
      adw_status_page_set_description (self->loading_status,
                                       _ ("The customer left Paystar’s form. Asking Paystar how "
                                          "the payment ended…"));
      break;
    case POS_PAYMENT_PAGE_FAILED:
      status = _ ("The payment form could not be shown.");
      break;
    case POS_PAYMENT_PAGE_FINISHED:
      status = _ ("Paystar reported the outcome; it is recorded.");
      break;
    case POS_PAYMENT_PAGE_CLOSED:
      status = _ ("The payment form was left; the sale is recorded as it stands.");
      break;
    case POS_PAYMENT_PAGE_IDLE:
    default:
      break;
  }
  gtk_label_set_text (self->status_label, status != NULL ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_spinner), waiting);
  gtk_spinner_set_spinning (self->status_spinner, waiting);
  gtk_widget_set_visible (self->loading_spinner, waiting);
  gtk_widget_set_visible (self->loading_page, waiting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "payment.back",
                                 self->checkout != NULL && state != POS_PAYMENT_PAGE_IDLE &&
                                   state != POS_PAYMENT_PAGE_FINISHED &&
                                   state != POS_PAYMENT_PAGE_CLOSED);

  if (self->state != state) {
    self->state = state;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  }
}

/* The checkout cannot open the form: say why over the (empty) view, keep Back to Sale. */
static void
show_unavailable (PosPaymentPage *self, const char *why)
{
  set_state (self, POS_PAYMENT_PAGE_FAILED);
  adw_status_page_set_icon_name (self->loading_status, "dialog-warning-symbolic");
  adw_status_page_set_title (self->loading_status, _ ("The Payment Form Cannot Be Opened"));
  adw_status_page_set_description (self->loading_status, why);
  gtk_widget_set_visible (self->loading_page, TRUE);
  gtk_widget_grab_focus (self->back_button);
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

static void
cancel_check (PosPaymentPage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

/* Ends the step with a final screen; the window ends the page in its handler. */
static void
finish (PosPaymentPage *self)
{
  g_autoptr (PosPaymentPage) keep = g_object_ref (self);
  PosSaleStatus status = pos_checkout_get_state (self->checkout);

  g_clear_handle_id (&self->slow_source, g_source_remove);
  cancel_check (self);
  show_message (self, NULL);
  set_state (self, POS_PAYMENT_PAGE_FINISHED);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, (int) status);
}

/* The form was left; "closed" carries what the checkout recorded. */
static void
close_step (PosPaymentPage *self)
{
  g_autoptr (PosPaymentPage) keep = g_object_ref (self);
  PosSaleStatus status = pos_checkout_get_state (self->checkout);

  g_clear_handle_id (&self->slow_source, g_source_remove);
  cancel_check (self);
  set_state (self, POS_PAYMENT_PAGE_CLOSED);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0, (int) status);
}

/* Leaving the form without an outcome from Paystar: "unconfirmed" if the session was open. */
static void
leave_form (PosPaymentPage *self)
{
  g_autoptr (GError) error = NULL;

  if (!pos_checkout_form_closed (self->checkout, &error))
    g_warning ("Could not record that the payment form was closed: %s", error->message);
  close_step (self);
}

static void
show_declined (PosPaymentPage *self)
{
  const char *last4 = pos_checkout_get_card_last4 (self->checkout);
  g_autofree char *text = NULL;

  if (last4 != NULL)
    /* Translators: %s is the last four digits of the card, e.g. 0002 */
    text = g_strdup_printf (_ ("Declined: the card ending in %s was not accepted. The customer "
                               "can try another card on the form, or go back to the sale."),
                            last4);
  else
    text = g_strdup (_ ("Declined: the card was not accepted. The customer can try another "
                        "card on the form, or go back to the sale."));
  show_message (self, text);
  set_state (self, POS_PAYMENT_PAGE_DECLINED);
}

/* The form is there and the checkout knows the session can be paid. */
static void
form_ready (PosPaymentPage *self)
{
  g_autoptr (PosPaymentPage) keep = g_object_ref (self);

  g_clear_handle_id (&self->slow_source, g_source_remove);
  if (pos_checkout_get_state (self->checkout) == POS_SALE_STATUS_FAILED)
    set_state (self, POS_PAYMENT_PAGE_DECLINED);
  else
    set_state (self, POS_PAYMENT_PAGE_READY);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

/* What the page shows after the checkout took an event. */
static void
follow_checkout (PosPaymentPage *self, PaystarEventKind kind)
{
  PosSaleStatus status = pos_checkout_get_state (self->checkout);

  /* The customer closed the form: whatever the sale is now (dismissed, or still declined), the
   * step is over. */
  if (kind == PAYSTAR_EVENT_COMPONENT_DISMISS && status != POS_SALE_STATUS_SUCCEEDED &&
      status != POS_SALE_STATUS_PENDING) {
    close_step (self);
    return;
  }

  switch (status) {
    case POS_SALE_STATUS_SUCCEEDED:
    case POS_SALE_STATUS_PENDING:
      finish (self);
      return;
    case POS_SALE_STATUS_DISMISSED:
      close_step (self);
      return;
    case POS_SALE_STATUS_FAILED:
      if (kind == PAYSTAR_EVENT_SESSION_PROCESSED)
        show_declined (self);
      else if (kind == PAYSTAR_EVENT_SESSION_LOADED)
        form_ready (self);
      return;
    case POS_SALE_STATUS_CREATED:
      /* Only the session object of LOADED says the session can be paid. */
      if (kind == PAYSTAR_EVENT_SESSION_LOADED)
        form_ready (self);
      return;
    default:
      /* Another state (an administrator closed the sale meanwhile, say): the form is of no use. */
      if (pos_sale_status_is_final (status) || status == POS_SALE_STATUS_UNCONFIRMED)
        close_step (self);
      return;
  }
}

/* View signals */

static void
on_view_event (PosPaymentPage *self, gpointer data)
{
  const PaystarEvent *event = data;
  g_autoptr (GError) error = NULL;

  g_assert (POS_IS_PAYMENT_PAGE (self));

  if (self->checkout == NULL)
    return;
  if (!pos_checkout_record_event (self->checkout, event, &error)) {
    if (g_error_matches (error, POS_ERROR, POS_ERROR_INVALID_STATE)) {
      g_message ("Payment page: ignored %s: %s", event->name, error->message);
    } else {
      /* Not recorded (a full disk, say): the screen must not say more than the journal. */
      g_warning ("Payment page: could not record %s: %s", event->name, error->message);
      show_message (self, error->message);
    }
    return;
  }
  /* After the step ended, events are still recorded (they are Paystar's word) but change
   * nothing on a page the window is about to drop. */
  if (self->state == POS_PAYMENT_PAGE_FINISHED || self->state == POS_PAYMENT_PAGE_CLOSED)
    return;
  follow_checkout (self, event->kind);
}

static void
on_view_loaded (PosPaymentPage *self)
{
  g_assert (POS_IS_PAYMENT_PAGE (self));

  /* In SDK mode the LOADED event, just before this, said whether the session is payable. */
  if (!is_redirect (self) || self->checkout == NULL)
    return;
  if (self->state == POS_PAYMENT_PAGE_LOADING || self->state == POS_PAYMENT_PAGE_FAILED)
    form_ready (self);
}

static void
on_view_failed (PosPaymentPage *self, PosPaymentFailure reason, const char *message)
{
  g_assert (POS_IS_PAYMENT_PAGE (self));

  if (self->state == POS_PAYMENT_PAGE_FINISHED || self->state == POS_PAYMENT_PAGE_CLOSED)
    return;
  /* The view shows its error page with Try Again; the page keeps Back to Sale. */
  g_clear_handle_id (&self->slow_source, g_source_remove);
  set_state (self, POS_PAYMENT_PAGE_FAILED);
}

typedef struct {
  PosPaymentPage *page;
  GCancellable *cancellable;
  gboolean success_url;
} Check;

/* What the reconciliation (or its absence: @reconciled FALSE with @error) leads to. */
static void
after_check (PosPaymentPage *self, gboolean reconciled, const GError *error, gboolean success_url)
{
  if (!reconciled) {
    g_autoptr (GError) record_error = NULL;

    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
      g_message ("Payment page: could not ask Paystar how the session stands: %s", error->message);
    if (!success_url) {
      leave_form (self);
      return;
    }
    /* Paystar sends the customer to the success URL after a payment went through; without a
     * lookup that is the only word the station gets. */
    if (!pos_checkout_record_success_url (self->checkout, &record_error)) {
      g_warning ("Could not record the success URL: %s", record_error->message);
      show_message (self, record_error->message);
      leave_form (self);
      return;
    }
  }

  switch (pos_checkout_get_state (self->checkout)) {
    case POS_SALE_STATUS_SUCCEEDED:
    case POS_SALE_STATUS_PENDING:
      finish (self);
      break;
    case POS_SALE_STATUS_FAILED:
      /* The customer left after a declined card. */
      close_step (self);
      break;
    case POS_SALE_STATUS_CREATED:
    default:
      /* Not paid (the session still asks for a card): the customer went back. */
      leave_form (self);
      break;
  }
}

static void
on_reconciled (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Check *check = user_data;
  g_autoptr (PosPaymentPage) self = check->page;
  g_autoptr (GCancellable) cancellable = check->cancellable;
  g_autoptr (GError) error = NULL;
  gboolean success_url = check->success_url;
  gboolean reconciled;

  g_free (check);
  reconciled = pos_checkout_reconcile_finish (POS_CHECKOUT (object), result, &error);
  if (g_cancellable_is_cancelled (cancellable) || self->cancellable != cancellable ||
      self->checkout != POS_CHECKOUT (object))
    return;
  g_clear_object (&self->cancellable);
  after_check (self, reconciled, error, success_url);
}

static void
check_session (PosPaymentPage *self, gboolean success_url)
{
  PaystarClient *client;
  PosCheckoutOptions options = { 0 };
  Check *check;

  if (self->checkout == NULL || self->state == POS_PAYMENT_PAGE_CHECKING ||
      self->state == POS_PAYMENT_PAGE_FINISHED || self->state == POS_PAYMENT_PAGE_CLOSED)
    return;
  g_clear_handle_id (&self->slow_source, g_source_remove);
  set_state (self, POS_PAYMENT_PAGE_CHECKING);
  cancel_check (self);
  self->cancellable = g_cancellable_new ();
  client = self->station != NULL ? pos_station_get_client (self->station) : NULL;
  if (client == NULL) {
    /* No client, no lookup: the same as a gateway without the Query API. */
    g_autoptr (GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                                    "The station has no Paystar client");

    g_clear_object (&self->cancellable);
    after_check (self, FALSE, error, success_url);
    return;
  }
  check = g_new0 (Check, 1);
  check->page = g_object_ref (self);
  check->cancellable = g_object_ref (self->cancellable);
  check->success_url = success_url;
  pos_station_get_checkout_options (self->station, &options);
  pos_checkout_reconcile_async (self->checkout, client, &options, self->cancellable, on_reconciled,
                                check);
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
    "state", NULL, NULL, POS_PAYMENT_PAGE_IDLE, POS_PAYMENT_PAGE_CLOSED, POS_PAYMENT_PAGE_IDLE,
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
  gtk_widget_class_bind_template_child (widget_class, PosPaymentPage, loading_spinner);

  gtk_widget_class_install_action (widget_class, "payment.back", NULL, back_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pospaymentpage");
}

static void
pos_payment_page_init (PosPaymentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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
                        PosCheckout *checkout,
                        const char *agent_name)
{
  g_autofree char *total = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *details = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PosSaleRecord) record = NULL;
  const char *link;

  g_return_if_fail (POS_IS_PAYMENT_PAGE (self));
  g_return_if_fail (POS_IS_PAYMENT_VIEW (view));
  g_return_if_fail (POS_IS_CHECKOUT (checkout));
  g_return_if_fail (self->station != NULL);

  pos_payment_page_end (self);

  self->checkout = g_object_ref (checkout);
  self->view = g_object_ref (view);

  /* What was sent (the journal's total of the request), which is what the customer pays. */
  record = pos_checkout_dup_record (checkout);
  total =
    paystar_money_format (record != NULL ? pos_sale_record_get_total (record)
                                         : pos_sale_get_total (pos_checkout_get_sale (checkout)));
  /* Translators: the amount the customer pays, e.g. "Total $150.00" */
  total_text = g_strdup_printf (_ ("Total %s"), total);
  gtk_label_set_text (self->total_label, total_text);
  /* Translators: who keyed the sale, then its reference, e.g. "Ava Alvarez · POS-1-20260101" */
  details =
    g_strdup_printf (_ ("%s · Reference %s"),
                     agent_name != NULL ? agent_name : pos_checkout_get_agent_email (checkout),
                     pos_checkout_get_client_reference (checkout));
  gtk_label_set_text (self->details_label, details);
  show_message (self, NULL);

  g_signal_connect_object (view, "loaded", G_CALLBACK (on_view_loaded), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "event", G_CALLBACK (on_view_event), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "failed", G_CALLBACK (on_view_failed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "redirect-success", G_CALLBACK (on_view_redirect_success), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "redirect-return", G_CALLBACK (on_view_redirect_return), self,
                           G_CONNECT_SWAPPED);
  gtk_overlay_set_child (self->overlay, GTK_WIDGET (view));

  /* A sale that was left, declined or not confirmed is awaiting payment again. */
  link = pos_checkout_get_session_link (checkout);
  if (!pos_checkout_open_form (checkout, &error)) {
    g_debug ("Payment page: the form cannot be opened: %s", error->message);
    /* What the sale's state means and what to do, rather than a bare refusal. */
    show_unavailable (self, pos_checkout_describe_state (pos_checkout_get_state (checkout)));
    return;
  }
  if (link == NULL) {
    show_unavailable (self, _ ("This sale has no payment link. Check its outcome from the "
                               "History."));
    return;
  }

  set_state (self, POS_PAYMENT_PAGE_LOADING);
  self->slow_source = g_timeout_add (SLOW_LOAD_MS, on_slow_load, self);
  pos_payment_view_open (view, link);
  gtk_widget_grab_focus (GTK_WIDGET (view));
}

void
pos_payment_page_close (PosPaymentPage *self)
{
  g_return_if_fail (POS_IS_PAYMENT_PAGE (self));

  if (self->checkout == NULL || self->state == POS_PAYMENT_PAGE_FINISHED ||
      self->state == POS_PAYMENT_PAGE_CLOSED)
    return;
  /* A reconciliation still in flight is dropped: leaving records what is known now. */
  cancel_check (self);
  leave_form (self);
}

void
pos_payment_page_end (PosPaymentPage *self)
{
  g_return_if_fail (POS_IS_PAYMENT_PAGE (self));

  g_clear_handle_id (&self->slow_source, g_source_remove);
  cancel_check (self);
  if (self->view != NULL) {
    g_signal_handlers_disconnect_by_data (self->view, self);
    /* The overlay's reference goes with the child; ours just after: the view and its network
     * session (this customer's cookies and storage) die here. */
    if (self->overlay != NULL && gtk_overlay_get_child (self->overlay) == GTK_WIDGET (self->view))
      gtk_overlay_set_child (self->overlay, NULL);
    g_clear_object (&self->view);
  }
  g_clear_object (&self->checkout);
  if (self->overlay != NULL) {
    show_message (self, NULL);
    set_state (self, POS_PAYMENT_PAGE_IDLE);
  }
}

void
pos_payment_page_set_back_label (PosPaymentPage *self, const char *label, const char *tooltip)
{
  GtkWidget *content;

  g_return_if_fail (POS_IS_PAYMENT_PAGE (self));
  g_return_if_fail (label != NULL);

  content = gtk_button_get_child (GTK_BUTTON (self->back_button));
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
  gtk_widget_set_tooltip_text (self->back_button, tooltip);
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

  return self->checkout != NULL;
}

PosCheckout *
pos_payment_page_get_checkout (PosPaymentPage *self)
{
  g_return_val_if_fail (POS_IS_PAYMENT_PAGE (self), NULL);

  return self->checkout;
}

gint64
pos_payment_page_get_journal_id (PosPaymentPage *self)
{
  g_return_val_if_fail (POS_IS_PAYMENT_PAGE (self), 0);

  return self->checkout != NULL ? pos_checkout_get_id (self->checkout) : 0;
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
pos_payment_page_get_status_text (PosPaymentPage *self)
{
  g_return_val_if_fail (POS_IS_PAYMENT_PAGE (self), NULL);

  return gtk_label_get_text (self->status_label);
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
