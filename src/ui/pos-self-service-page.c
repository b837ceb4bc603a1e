/* pos-self-service-page.c: a payment point a customer uses alone, in the spirit of a utility's
 * lobby kiosk.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Screens, each a child of one stack in the template (pos-self-service-page.ui): welcome (Pay a
 * Bill, the language, larger text, high contrast), account (number by keypad, keyboard or
 * bill-stub scanner; the name on the account when the station has no account book), amount (the
 * balance offered; the station's limits), review, payment (Paystar's form in a PosPaymentPage),
 * receipt. The language and the two display choices stay in the bar above every screen. Every
 * word is set by retranslate(), in the customer's language of the moment.
 *
 * The sale is an ordinary PosCheckout: journaled before anything is sent, one ClientReference,
 * the same outcome handling and recovery as an agent's sale. The journal's taker is the station
 * (pos_settings_dup_self_service_taker()); the channel is the station's setting: POS with the
 * station's own Paystar user as PosUser, or QuickPay with none.
 *
 * Nothing of a customer stays for the next: Done, the idle reset and the station locking all go
 * through pos_self_service_page_reset(), which closes an open form through the checkout (so it is
 * recorded, never lost), forgets every field and puts the station's language back.
 */
#include "config.h"

#include "pos-self-service-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "paystar.h"
#include "pos-keypad.h"
#include "pos-payment-page.h"
#include "pos-process.h"
#include "pos-slip.h"
#include "pos-station-checkout.h"

/* How long "Are you still there?" waits for an answer before the station starts over. */
#define COUNTDOWN_MS (20 * 1000)

typedef enum {
  ACCOUNT_OK,
  ACCOUNT_EMPTY,
  ACCOUNT_NOT_FOUND,
  ACCOUNT_NAME_EMPTY,
  ACCOUNT_BOOK_FAILED,
} AccountProblem;

struct _PosSelfServicePage {
  GtkWidget parent_instance;

  GtkWidget *overlay;
  GtkWidget *bar;
  GtkWidget *bar_title;
  GtkWidget *english_button;
  GtkWidget *spanish_button;
  GtkWidget *larger_button;
  GtkWidget *contrast_button;
  GtkStack *stack;

  /* welcome */
  GtkWidget *welcome_title;
  GtkWidget *welcome_text;
  GtkWidget *begin_button;
  GtkWidget *welcome_problem;
  /* account */
  GtkWidget *account_title;
  GtkWidget *account_text;
  GtkWidget *account_entry;
  GtkWidget *account_keypad;
  GtkWidget *name_title;
  GtkWidget *name_entry;
  GtkWidget *account_error;
  GtkWidget *account_back;
  GtkWidget *account_next;
  /* amount */
  GtkWidget *amount_title;
  GtkWidget *amount_text;
  GtkWidget *amount_entry;
  GtkWidget *amount_keypad;
  GtkWidget *amount_error;
  GtkWidget *amount_back;
  GtkWidget *amount_next;
  /* review */
  GtkWidget *review_title;
  GtkWidget *review_account_title;
  GtkWidget *review_account;
  GtkWidget *review_name_title;
  GtkWidget *review_name;
  GtkWidget *review_amount_title;
  GtkWidget *review_amount;
  GtkWidget *review_spinner;
  GtkWidget *review_message;
  GtkWidget *review_back;
  GtkWidget *pay_button;
  GtkWidget *start_over_button;
  /* payment */
  GtkWidget *payment_box;
  PosPaymentPage *payment_page;
  /* receipt */
  GtkWidget *receipt_icon;
  GtkWidget *receipt_title;
  GtkWidget *receipt_text;
  GtkWidget *receipt_amount_title;
  GtkWidget *receipt_amount;
  GtkWidget *receipt_card_title;
  GtkWidget *receipt_card;
  GtkWidget *receipt_reference_title;
  GtkWidget *receipt_reference;
  GtkWidget *print_button;
  GtkWidget *done_button;
  /* "Are you still there?" */
  GtkWidget *idle_card;
  GtkWidget *idle_title;
  GtkWidget *idle_text;
  GtkWidget *idle_button;

  PosStation *station;
  PosSelfServiceViewFactory view_factory;
  gpointer view_factory_data;

  /* The customer's, forgotten by reset() */
  char *account;
  char *name;        /* as the book has it, or as typed */
  char *masked_name; /* what is shown of a name from the book */
  PosBookAccount *book_account;
  AccountProblem account_problem;
  char *amount_problem;
  gint64 amount;
  char *language; /* NULL: the station's */
  PosCheckout *checkout;
  PosSaleRecord *record;
  GCancellable *cancellable;
  GCancellable *leftovers_cancellable; /* the station's, until the page goes */
  guint leftovers_pending;             /* reconciliations of earlier customers' sales in flight */
  gboolean busy;
  char *station_language; /* "en", "es": the words' language when the page was made */
  gboolean larger_text;
  gboolean high_contrast;
  gboolean has_book;    /* the station has an account book (read when a customer begins) */
  gboolean has_printer; /* and a receipt printer */

  const char *screen; /* static */
  gint64 last_input;
  gint64 asked_at; /* when the question showed; 0 while it does not */
  guint idle_source;
  guint idle_override_ms;
  guint countdown_override_ms;
};

G_DEFINE_FINAL_TYPE (PosSelfServicePage, pos_self_service_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STATION,
  PROP_SCREEN,
  PROP_LANGUAGE,
  PROP_LARGER_TEXT,
  PROP_HIGH_CONTRAST,
  PROP_ASKING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void retranslate (PosSelfServicePage *self);
static void schedule_idle_check (PosSelfServicePage *self);

/* A button's label, with a mnemonic. */
static void
set_button_label (GtkWidget *button, const char *label)
{
  gtk_button_set_label (GTK_BUTTON (button), label);
  gtk_button_set_use_underline (GTK_BUTTON (button), TRUE);
}

/* State */

static PosSettings *
get_settings (PosSelfServicePage *self)
{
  return self->station != NULL ? pos_station_get_settings (self->station) : NULL;
}

static void
show_label (GtkWidget *label, const char *text)
{
  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
  gtk_widget_set_visible (label, text != NULL && *text != '\0');
}

static gboolean
is_asking (PosSelfServicePage *self)
{
  return self->asked_at != 0;
}

static gboolean
has_account_book (PosSelfServicePage *self)
{
  PosJournal *journal = self->station != NULL ? pos_station_get_journal (self->station) : NULL;
  g_autoptr (GError) error = NULL;
  gint64 count;

  if (journal == NULL)
    return FALSE;
  count = pos_account_book_count (journal, &error);
  if (error != NULL)
    g_message ("Self-service: the account book could not be read: %s", error->message);
  return count > 0;
}

/* Why a customer cannot pay here now, NULL when they can. */
static const char *
station_problem (PosSelfServicePage *self)
{
  PosSettings *settings = get_settings (self);
  g_autofree char *channel = NULL;
  g_autofree char *user = NULL;

  if (self->station == NULL || !pos_station_get_ready (self->station))
    return _ ("The station is starting. Please wait a moment.");
  if (pos_station_get_client (self->station) == NULL ||
      pos_settings_get_web_origin (settings) == NULL)
    return _ ("Payments are not available at this station right now. Please ask a member of "
              "staff for help.");
  channel = pos_settings_dup_self_service_channel (settings);
  user = pos_settings_dup_self_service_pos_user (settings);
  /* The POS channel names the station's own Paystar user as PosUser: without one there is no
   * session Paystar would accept. */
  if (g_strcmp0 (channel, "QuickPay") != 0 && user == NULL)
    return _ ("This station is not set up for payments yet (it has no Paystar user). Please ask "
              "a member of staff for help.");
  return NULL;
}

static void
update_actions (PosSelfServicePage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const char *screen = self->screen;
  gboolean payable = self->checkout == NULL || pos_checkout_get_editable (self->checkout) ||
                     pos_checkout_get_state (self->checkout) == POS_SALE_STATUS_UNKNOWN;

  gtk_widget_action_set_enabled (widget, "self-service.begin", station_problem (self) == NULL);
  gtk_widget_action_set_enabled (widget, "self-service.back", !self->busy);
  gtk_widget_action_set_enabled (widget, "self-service.start-over", !self->busy);
  gtk_widget_action_set_enabled (widget, "self-service.pay",
                                 !self->busy && payable && g_str_equal (screen, "review"));
  gtk_widget_action_set_enabled (
    widget, "self-service.print",
    self->record != NULL && pos_sale_record_get_status (self->record) == POS_SALE_STATUS_SUCCEEDED);
  gtk_widget_set_visible (self->print_button, self->record != NULL &&
                                                pos_sale_record_get_status (self->record) ==
                                                  POS_SALE_STATUS_SUCCEEDED &&
                                                self->has_printer);
  gtk_spinner_set_spinning (GTK_SPINNER (self->review_spinner), self->busy);
  gtk_widget_set_visible (self->review_spinner, self->busy);
}

static void
set_screen (PosSelfServicePage *self, const char *screen)
{
  if (g_strcmp0 (self->screen, screen) != 0) {
    self->screen = screen;
    gtk_stack_set_visible_child_name (self->stack, screen);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCREEN]);
  }
  retranslate (self);
  update_actions (self);
  pos_self_service_page_focus_default (self);
}

static void
set_display_choice (PosSelfServicePage *self, guint prop, gboolean value)
{
  gboolean *field = prop == PROP_LARGER_TEXT ? &self->larger_text : &self->high_contrast;

  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
clear_customer (PosSelfServicePage *self)
{
  g_clear_pointer (&self->account, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->masked_name, g_free);
  g_clear_pointer (&self->book_account, pos_book_account_free);
  g_clear_pointer (&self->amount_problem, g_free);
  g_clear_object (&self->checkout);
  g_clear_object (&self->record);
  self->account_problem = ACCOUNT_OK;
  self->amount = 0;
  gtk_editable_set_text (GTK_EDITABLE (self->account_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->amount_entry), "");
  show_label (self->review_message, NULL);
}

/* The payment step */

static void
drop_payment_page (PosSelfServicePage *self)
{
  if (self->payment_page == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->payment_page, self);
  pos_payment_page_end (self->payment_page);
  gtk_box_remove (GTK_BOX (self->payment_box), GTK_WIDGET (self->payment_page));
  self->payment_page = NULL;
}

static void
on_payment_finished (PosSelfServicePage *self, int status)
{
  g_assert (POS_IS_SELF_SERVICE_PAGE (self));

  g_clear_object (&self->record);
  if (self->checkout != NULL)
    self->record = pos_checkout_dup_record (self->checkout);
  /* The customer's view goes now; the outcome is on disk already. */
  drop_payment_page (self);
  if (self->record != NULL) {
    set_screen (self, "receipt");
  } else {
    show_label (self->review_message, _ ("The payment ended, but its outcome could not be read. "
                                         "Please ask a member of staff for help."));
    set_screen (self, "review");
  }
}

static void
on_payment_closed (PosSelfServicePage *self, int status)
{
  g_assert (POS_IS_SELF_SERVICE_PAGE (self));

  drop_payment_page (self);
  /* The closed session is recorded; paying again is a new session. */
  g_clear_object (&self->checkout);
  show_label (self->review_message, _ ("The payment form was closed and nothing was charged. "
                                       "You can pay again or start over."));
  set_screen (self, "review");
}

static void
open_payment (PosSelfServicePage *self)
{
  g_autoptr (PosPaymentView) view = NULL;

  if (self->view_factory == NULL) {
    show_label (self->review_message, _ ("The payment form cannot be shown at this station. "
                                         "Please ask a member of staff for help."));
    update_actions (self);
    return;
  }
  view = self->view_factory (self->view_factory_data);
  drop_payment_page (self);
  self->payment_page = POS_PAYMENT_PAGE (pos_payment_page_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->payment_page), TRUE);
  pos_payment_page_set_station (self->payment_page, self->station);
  pos_payment_page_set_back_label (self->payment_page, _ ("_Cancel Payment"),
                                   _ ("Leave the payment form without paying"));
  g_signal_connect_object (self->payment_page, "finished", G_CALLBACK (on_payment_finished), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->payment_page, "closed", G_CALLBACK (on_payment_closed), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self->payment_box), GTK_WIDGET (self->payment_page));
  /* The screen shows first, so that the view is mapped by the time it gets the link. */
  set_screen (self, "payment");
  pos_payment_page_begin (self->payment_page, view, self->checkout,
                          /* Translators: who took a self-service sale, on the payment step */
                          _ ("Self-service"));
}

static void
on_sent (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (PosSelfServicePage) self = user_data;
  PosCheckout *checkout = POS_CHECKOUT (object);
  g_autoptr (GError) error = NULL;
  gboolean created;

  if (g_async_result_is_tagged (result, pos_checkout_retry_async))
    created = pos_checkout_retry_finish (checkout, result, &error);
  else
    created = pos_checkout_submit_finish (checkout, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || checkout != self->checkout)
    return;
  self->busy = FALSE;
  if (created) {
    show_label (self->review_message, NULL);
    open_payment (self);
    return;
  }
  if (pos_checkout_get_state (checkout) == POS_SALE_STATUS_UNKNOWN) {
    show_label (self->review_message,
                _ ("Paystar did not answer, so we do not know yet whether the payment was "
                   "started. Nothing will be charged twice: press Pay to ask again."));
  } else {
    g_autofree char *text =
      /* Translators: %s is what went wrong, from the station or from Paystar */
      g_strdup_printf (_ ("The payment could not be started: %s Nothing was charged. Please "
                          "start over, or ask a member of staff for help."),
                       error != NULL ? error->message : pos_checkout_get_message (checkout));
    show_label (self->review_message, text);
  }
  update_actions (self);
}

static gboolean
fill_sale (PosSelfServicePage *self, GError **error)
{
  PosSale *sale = pos_checkout_get_sale (self->checkout);
  PosCharge *charge = pos_sale_get_charge (sale, 0);
  const char *const *types = pos_settings_get_charge_types (get_settings (self));

  if (charge == NULL)
    charge = pos_sale_add_charge (sale, error);
  if (charge == NULL)
    return FALSE;
  if (self->book_account != NULL)
    pos_book_account_fill_charge (self->book_account, charge);
  pos_charge_set_has_account (charge, TRUE);
  pos_charge_set_field (charge, POS_CHARGE_FIELD_ACCOUNT_NUMBER, self->account);
  pos_charge_set_field (charge, POS_CHARGE_FIELD_ACCOUNT_NAME, self->name);
  pos_charge_set_amount (charge, self->amount);
  /* A bill, as a lobby kiosk takes: the station's first charge type ("Utility bill"). */
  if (types != NULL && types[0] != NULL)
    pos_charge_set_charge_type (charge, types[0]);
  return pos_checkout_flush (self->checkout, error);
}

static void
pay (PosSelfServicePage *self)
{
  PosSettings *settings = get_settings (self);
  g_autofree char *channel = NULL;
  g_autofree char *taker = NULL;
  g_autoptr (GError) error = NULL;
  PosCheckoutOptions options;

  if (self->busy || station_problem (self) != NULL)
    return;
  channel = pos_settings_dup_self_service_channel (settings);
  pos_station_get_checkout_options (self->station, &options);
  options.channel = channel;

  if (self->checkout == NULL) {
    taker = pos_settings_dup_self_service_taker (settings);
    self->checkout = pos_checkout_new (pos_station_get_journal (self->station), taker,
                                       pos_settings_get_station_name (settings));
    if (!fill_sale (self, &error)) {
      g_autofree char *text =
        /* Translators: %s is what went wrong */
        g_strdup_printf (_ ("The payment could not be saved: %s Please ask a member of staff for "
                            "help."),
                         error->message);
      show_label (self->review_message, text);
      g_clear_object (&self->checkout);
      return;
    }
  }

  self->busy = TRUE;
  show_label (self->review_message, _ ("Opening the secure payment form…"));
  update_actions (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (pos_checkout_get_state (self->checkout) == POS_SALE_STATUS_UNKNOWN)
    pos_checkout_retry_async (self->checkout, pos_station_get_client (self->station), &options,
                              self->cancellable, on_sent, g_object_ref (self));
  else
    pos_checkout_submit_async (self->checkout, pos_station_get_client (self->station), &options,
                               self->cancellable, on_sent, g_object_ref (self));
}

/* Earlier customers' sales that did not end on screen (the station stopped with a form open, a
 * payment pending, an answer that never came): no agent signs in to see them in a recovery list,
 * so the station asks Paystar how each stands whenever it is back at its welcome screen, and
 * records what it says. What cannot be asked (no Query API) stays for staff in History. */

static void
on_leftover_reconciled (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (PosSelfServicePage) self = user_data;
  PosCheckout *checkout = POS_CHECKOUT (object);
  g_autoptr (GError) error = NULL;

  self->leftovers_pending--;
  if (!pos_checkout_reconcile_finish (checkout, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    g_message ("Self-service: Paystar could not be asked about %s: %s",
               pos_checkout_get_client_reference (checkout), error->message);
}

static void
reconcile_leftovers (PosSelfServicePage *self)
{
  PosSettings *settings = get_settings (self);
  PosJournal *journal = self->station != NULL ? pos_station_get_journal (self->station) : NULL;
  PaystarClient *client = self->station != NULL ? pos_station_get_client (self->station) : NULL;
  g_autofree char *taker = NULL;
  g_autofree char *channel = NULL;
  g_autoptr (GListModel) unfinished = NULL;
  g_autoptr (GError) error = NULL;
  PosCheckoutOptions options;

  if (journal == NULL || client == NULL || self->leftovers_pending > 0 ||
      !pos_station_get_ready (self->station))
    return;
  taker = pos_settings_dup_self_service_taker (settings);
  unfinished = pos_checkout_list_unfinished (journal, taker, &error);
  if (unfinished == NULL) {
    g_message ("Self-service: the unfinished sales could not be listed: %s", error->message);
    return;
  }
  channel = pos_settings_dup_self_service_channel (settings);
  pos_station_get_checkout_options (self->station, &options);
  options.channel = channel;
  for (guint i = 0; i < g_list_model_get_n_items (unfinished); i++) {
    g_autoptr (PosSaleRecord) record = g_list_model_get_item (unfinished, i);
    g_autoptr (PosCheckout) checkout = NULL;
    g_autoptr (GError) load_error = NULL;

    checkout = pos_checkout_load (journal, pos_sale_record_get_id (record),
                                  pos_settings_get_station_name (settings), &load_error);
    if (checkout == NULL) {
      g_message ("Self-service: sale %s could not be read: %s",
                 pos_sale_record_get_client_reference (record), load_error->message);
      continue;
    }
    self->leftovers_pending++;
    pos_checkout_reconcile_async (checkout, client, &options, self->leftovers_cancellable,
                                  on_leftover_reconciled, g_object_ref (self));
  }
}

/* Checks */

static void
render_account_problem (PosSelfServicePage *self)
{
  const char *text = NULL;
  g_autofree char *owned = NULL;

  switch (self->account_problem) {
    case ACCOUNT_EMPTY:
      text = _ ("Enter your account number. It is printed on your bill.");
      break;
    case ACCOUNT_NOT_FOUND:
      /* Translators: %s is the account number the customer typed */
      owned = g_strdup_printf (_ ("We could not find account %s. Check the number on your bill "
                                  "and try again, or ask a member of staff for help."),
                               self->account);
      text = owned;
      break;
    case ACCOUNT_NAME_EMPTY:
      text = _ ("Enter the name on the account, as it is on your bill.");
      break;
    case ACCOUNT_BOOK_FAILED:
      text = _ ("Accounts cannot be looked up right now. Please ask a member of staff for help.");
      break;
    case ACCOUNT_OK:
    default:
      break;
  }
  show_label (self->account_error, text);
}

/* The bill-stub barcode a scanner typed into the account field, when the station reads one: its
 * account (and amount, when the stub carries one). */
static gboolean
read_bill_scan (PosSelfServicePage *self, const char *text)
{
  const char *layout_text = pos_settings_get_bill_barcode_layout (get_settings (self));
  g_autoptr (PosBillLayout) layout = NULL;
  g_autoptr (PosBillScan) scan = NULL;

  if (layout_text == NULL || *layout_text == '\0')
    return FALSE;
  layout = pos_bill_layout_new (layout_text, NULL);
  scan = layout != NULL ? pos_bill_layout_read (layout, text, NULL) : NULL;
  if (scan == NULL || scan->account == NULL)
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->account_entry), scan->account);
  if (scan->has_amount && scan->amount > 0) {
    g_autofree char *amount = paystar_money_format (scan->amount);

    /* "$12.34" as the customer would type it: without the sign. */
    gtk_editable_set_text (GTK_EDITABLE (self->amount_entry),
                           amount[0] == '$' ? amount + 1 : amount);
  }
  return TRUE;
}

static gboolean
check_account (PosSelfServicePage *self)
{
  g_autofree char *typed =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->account_entry))));
  g_autofree char *name =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  PosJournal *journal = pos_station_get_journal (self->station);
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;

  if (read_bill_scan (self, typed)) {
    g_free (typed);
    typed = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->account_entry)));
  }
  g_clear_pointer (&self->book_account, pos_book_account_free);
  g_clear_pointer (&self->masked_name, g_free);
  g_free (self->account);
  self->account = g_strdup (typed);
  self->account_problem = ACCOUNT_OK;
  if (*typed == '\0') {
    self->account_problem = ACCOUNT_EMPTY;
    return FALSE;
  }
  if (self->has_book) {
    found = pos_account_book_find (journal, POS_BOOK_MATCH_NUMBER, typed, 5, &error);
    if (found == NULL) {
      g_message ("Self-service: the account book could not be searched: %s", error->message);
      self->account_problem = ACCOUNT_BOOK_FAILED;
      return FALSE;
    }
    /* An exact number only: a customer never pays into a neighbour's account by a prefix. */
    for (guint i = 0; i < found->len; i++) {
      PosBookAccount *account = g_ptr_array_index (found, i);

      if (g_ascii_strcasecmp (account->account_number, typed) == 0) {
        self->book_account = g_ptr_array_steal_index (found, i);
        break;
      }
    }
    if (self->book_account == NULL) {
      self->account_problem = ACCOUNT_NOT_FOUND;
      return FALSE;
    }
    g_free (self->name);
    self->name = g_strdup (self->book_account->name != NULL ? self->book_account->name : "");
    self->masked_name = pos_book_mask_name (self->name);
    return TRUE;
  }
  if (*name == '\0') {
    self->account_problem = ACCOUNT_NAME_EMPTY;
    return FALSE;
  }
  g_free (self->name);
  self->name = g_steal_pointer (&name);
  return TRUE;
}

static gboolean
check_amount (PosSelfServicePage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->amount_entry));
  g_autoptr (GError) error = NULL;
  gint64 cents = 0, minimum, maximum;

  g_clear_pointer (&self->amount_problem, g_free);
  pos_settings_get_self_service_limits (get_settings (self), &minimum, &maximum);
  if (!paystar_money_parse (text, &cents, &error)) {
    self->amount_problem = g_strdup (_ ("Enter the amount in dollars and cents, such as 42.50."));
    return FALSE;
  }
  if (cents < minimum || cents > maximum) {
    g_autofree char *low = paystar_money_format (minimum);
    g_autofree char *high = paystar_money_format (maximum);

    /* Translators: the station's smallest and largest payment, e.g. $1.00 and $5,000.00 */
    self->amount_problem =
      g_strdup_printf (_ ("This station takes payments from %s to %s."), low, high);
    return FALSE;
  }
  self->amount = cents;
  return TRUE;
}

/* Words */

static void
retranslate (PosSelfServicePage *self)
{
  PosSettings *settings = get_settings (self);
  gboolean book = self->has_book;
  g_autofree char *amount = paystar_money_format (self->amount);
  g_autofree char *pay = NULL;
  gint64 minimum = 0, maximum = 0;

  /* Translators: the bar above every self-service screen */
  gtk_label_set_text (GTK_LABEL (self->bar_title), _ ("Bill Payment"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Language and display"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->english_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "English", -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->spanish_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "Español", -1);
  gtk_button_set_label (GTK_BUTTON (self->larger_button), _ ("Larger Text"));
  gtk_button_set_label (GTK_BUTTON (self->contrast_button), _ ("High Contrast"));

  gtk_label_set_text (GTK_LABEL (self->welcome_title), _ ("Welcome"));
  gtk_label_set_text (GTK_LABEL (self->welcome_text),
                      _ ("Pay your bill here with a card. You need your account number; it is on "
                         "your bill."));
  set_button_label (self->begin_button, _ ("_Pay a Bill"));
  show_label (self->welcome_problem, station_problem (self));

  gtk_label_set_text (GTK_LABEL (self->account_title), _ ("Your Account Number"));
  gtk_label_set_text (GTK_LABEL (self->account_text),
                      _ ("Type it, use the keypad, or scan the barcode on your bill."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->account_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Account number"), -1);
  pos_keypad_retranslate (POS_KEYPAD (self->account_keypad));
  gtk_label_set_text (GTK_LABEL (self->name_title), _ ("Name on the account"));
  gtk_widget_set_visible (self->name_title, !book);
  gtk_widget_set_visible (self->name_entry, !book);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->name_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Name on the account"), -1);
  render_account_problem (self);
  set_button_label (self->account_back, _ ("_Back"));
  set_button_label (self->account_next, _ ("_Continue"));

  gtk_label_set_text (GTK_LABEL (self->amount_title), _ ("Amount to Pay"));
  if (settings != NULL)
    pos_settings_get_self_service_limits (settings, &minimum, &maximum);
  {
    g_autofree char *low = paystar_money_format (minimum);
    g_autofree char *high = paystar_money_format (maximum);
    g_autofree char *balance = NULL;
    g_autofree char *text = NULL;

    if (self->book_account != NULL && self->book_account->has_balance &&
        self->book_account->balance > 0) {
      balance = paystar_money_format (self->book_account->balance);
      /* Translators: %s is the account's name as shown (part only), then the balance owed,
       * then the station's smallest and largest payment */
      text = g_strdup_printf (_ ("The balance of %s’s account is %s. You can pay it, or another "
                                 "amount from %s to %s."),
                              self->masked_name, balance, low, high);
    } else {
      /* Translators: the station's smallest and largest payment, e.g. $1.00 and $5,000.00 */
      text = g_strdup_printf (_ ("Any amount from %s to %s."), low, high);
    }
    gtk_label_set_text (GTK_LABEL (self->amount_text), text);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->amount_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Amount in dollars"), -1);
  pos_keypad_retranslate (POS_KEYPAD (self->amount_keypad));
  if (self->amount_problem != NULL)
    check_amount (self);
  show_label (self->amount_error, self->amount_problem);
  set_button_label (self->amount_back, _ ("_Back"));
  set_button_label (self->amount_next, _ ("_Continue"));

  gtk_label_set_text (GTK_LABEL (self->review_title), _ ("Check and Pay"));
  gtk_label_set_text (GTK_LABEL (self->review_account_title), _ ("Account"));
  gtk_label_set_text (GTK_LABEL (self->review_account), self->account != NULL ? self->account : "");
  gtk_label_set_text (GTK_LABEL (self->review_name_title), _ ("Name"));
  gtk_label_set_text (GTK_LABEL (self->review_name), self->masked_name != NULL
                                                       ? self->masked_name
                                                       : (self->name != NULL ? self->name : ""));
  gtk_label_set_text (GTK_LABEL (self->review_amount_title), _ ("Amount"));
  gtk_label_set_text (GTK_LABEL (self->review_amount), amount);
  set_button_label (self->review_back, _ ("_Change Amount"));
  /* Translators: %s is the amount, e.g. $42.50 */
  pay = g_strdup_printf (_ ("_Pay %s"), amount);
  set_button_label (self->pay_button, pay);
  set_button_label (self->start_over_button, _ ("_Start Over"));

  if (self->record != NULL) {
    gboolean succeeded = pos_sale_record_get_status (self->record) == POS_SALE_STATUS_SUCCEEDED;
    g_autofree char *total = paystar_money_format (pos_sale_record_get_total (self->record));
    g_autofree char *card = pos_sale_record_dup_masked_card (self->record);

    gtk_image_set_from_icon_name (GTK_IMAGE (self->receipt_icon),
                                  succeeded ? "emblem-ok-symbolic"
                                            : "document-open-recent-symbolic");
    gtk_label_set_text (GTK_LABEL (self->receipt_title),
                        succeeded ? _ ("Thank You: Payment Approved") : _ ("Payment Received"));
    gtk_label_set_text (
      GTK_LABEL (self->receipt_text),
      succeeded ? _ ("Your payment is done. Keep the reference below for your records.")
                : _ ("Your payment is being processed and is not final yet. Keep the reference "
                     "below; your account shows it once it is final."));
    gtk_label_set_text (GTK_LABEL (self->receipt_amount_title), _ ("Amount"));
    gtk_label_set_text (GTK_LABEL (self->receipt_amount), total);
    gtk_label_set_text (GTK_LABEL (self->receipt_card_title), _ ("Card"));
    show_label (self->receipt_card, card);
    gtk_widget_set_visible (self->receipt_card_title, card != NULL);
    gtk_label_set_text (GTK_LABEL (self->receipt_reference_title), _ ("Reference"));
    gtk_label_set_text (GTK_LABEL (self->receipt_reference),
                        pos_sale_record_get_client_reference (self->record));
  }
  set_button_label (self->print_button, _ ("P_rint Receipt"));
  set_button_label (self->done_button, _ ("_Done"));

  gtk_label_set_text (GTK_LABEL (self->idle_title), _ ("Are You Still There?"));
  set_button_label (self->idle_button, _ ("_I’m Still Here"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->idle_card), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Are You Still There?"), -1);
}

static void
update_countdown (PosSelfServicePage *self)
{
  guint countdown_ms = self->countdown_override_ms > 0 ? self->countdown_override_ms : COUNTDOWN_MS;
  gint64 left_ms = countdown_ms - (g_get_monotonic_time () - self->asked_at) / 1000;
  guint seconds = (guint) ((MAX (left_ms, 0) + 999) / 1000);
  g_autofree char *text =
    /* Translators: %u is the number of seconds left */
    g_strdup_printf (ngettext ("The screen starts over in %u second, and nothing you entered is "
                               "kept.",
                               "The screen starts over in %u seconds, and nothing you entered is "
                               "kept.",
                               seconds),
                     seconds);

  gtk_label_set_text (GTK_LABEL (self->idle_text), text);
}

/* Idle */

static guint
idle_ms (PosSelfServicePage *self)
{
  if (self->idle_override_ms > 0)
    return self->idle_override_ms;
  return pos_settings_get_self_service_idle_seconds (get_settings (self)) * 1000;
}

static void
set_asking (PosSelfServicePage *self, gboolean asking)
{
  if (is_asking (self) == asking)
    return;
  self->asked_at = asking ? g_get_monotonic_time () : 0;
  gtk_widget_set_visible (self->idle_card, asking);
  if (asking) {
    update_countdown (self);
    /* The keyboard first, so that the field it leaves gets its focus-out. */
    gtk_widget_grab_focus (self->idle_button);
  }
  /* The screen under the question takes no input while it shows. */
  gtk_widget_set_sensitive (gtk_overlay_get_child (GTK_OVERLAY (self->overlay)), !asking);
  if (!asking)
    pos_self_service_page_focus_default (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASKING]);
}

static gboolean
on_idle_check (gpointer user_data)
{
  PosSelfServicePage *self = user_data;
  gint64 now = g_get_monotonic_time ();
  guint countdown_ms = self->countdown_override_ms > 0 ? self->countdown_override_ms : COUNTDOWN_MS;

  self->idle_source = 0;
  if (g_str_equal (self->screen, "welcome") || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return G_SOURCE_REMOVE;
  if (is_asking (self)) {
    if ((now - self->asked_at) / 1000 >= countdown_ms) {
      /* A request in flight is not cut off: its answer is recorded first, then the reset. */
      if (self->busy) {
        schedule_idle_check (self);
        return G_SOURCE_REMOVE;
      }
      pos_self_service_page_reset (self);
      return G_SOURCE_REMOVE;
    }
    update_countdown (self);
  } else if ((now - self->last_input) / 1000 >= idle_ms (self)) {
    set_asking (self, TRUE);
  }
  schedule_idle_check (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_idle_check (PosSelfServicePage *self)
{
  guint interval = MIN (1000, MAX (idle_ms (self) / 4, 10));

  if (self->countdown_override_ms > 0)
    interval = MIN (interval, MAX (self->countdown_override_ms / 4, 10));
  if (self->idle_source == 0)
    self->idle_source = g_timeout_add (interval, on_idle_check, self);
}

static gboolean
on_any_event (PosSelfServicePage *self, GdkEvent *event)
{
  switch (gdk_event_get_event_type (event)) {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_SCROLL:
      self->last_input = g_get_monotonic_time ();
      break;
    default:
      break;
  }
  return GDK_EVENT_PROPAGATE;
}

/* Actions */

static void
begin_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSelfServicePage *self = POS_SELF_SERVICE_PAGE (widget);
  g_autofree char *printer = pos_settings_dup_self_service_printer (get_settings (self));

  clear_customer (self);
  self->has_book = has_account_book (self);
  self->has_printer = printer != NULL;
  self->last_input = g_get_monotonic_time ();
  set_screen (self, "account");
  schedule_idle_check (self);
}

static void
next_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSelfServicePage *self = POS_SELF_SERVICE_PAGE (widget);

  if (g_str_equal (self->screen, "account")) {
    if (!check_account (self)) {
      render_account_problem (self);
      gtk_widget_grab_focus (self->account_problem == ACCOUNT_NAME_EMPTY ? self->name_entry
                                                                         : self->account_entry);
      return;
    }
    render_account_problem (self);
    /* The balance owed is offered as the amount. */
    if (self->book_account != NULL && self->book_account->has_balance &&
        self->book_account->balance > 0 &&
        *gtk_editable_get_text (GTK_EDITABLE (self->amount_entry)) == '\0') {
      g_autofree char *balance = paystar_money_format (self->book_account->balance);

      gtk_editable_set_text (GTK_EDITABLE (self->amount_entry),
                             balance[0] == '$' ? balance + 1 : balance);
    }
    set_screen (self, "amount");
  } else if (g_str_equal (self->screen, "amount")) {
    if (!check_amount (self)) {
      show_label (self->amount_error, self->amount_problem);
      gtk_widget_grab_focus (self->amount_entry);
      return;
    }
    show_label (self->amount_error, NULL);
    /* A new amount is a new sale. */
    if (self->checkout != NULL && pos_checkout_get_editable (self->checkout))
      pos_checkout_discard (self->checkout, NULL);
    g_clear_object (&self->checkout);
    show_label (self->review_message, NULL);
    set_screen (self, "review");
  }
}

static void
back_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSelfServicePage *self = POS_SELF_SERVICE_PAGE (widget);

  if (g_str_equal (self->screen, "account"))
    pos_self_service_page_reset (self);
  else if (g_str_equal (self->screen, "amount"))
    set_screen (self, "account");
  else if (g_str_equal (self->screen, "review"))
    set_screen (self, "amount");
}

static void
pay_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  pay (POS_SELF_SERVICE_PAGE (widget));
}

static void
start_over_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  pos_self_service_page_reset (POS_SELF_SERVICE_PAGE (widget));
}

static void
done_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  pos_self_service_page_reset (POS_SELF_SERVICE_PAGE (widget));
}

static void
still_here_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSelfServicePage *self = POS_SELF_SERVICE_PAGE (widget);

  self->last_input = g_get_monotonic_time ();
  set_asking (self, FALSE);
}

/* The receipt on the station's printer, without a dialog: a customer gets no print dialog (its
 * "Print to File" would open a file chooser). */
static void
print_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSelfServicePage *self = POS_SELF_SERVICE_PAGE (widget);
  g_autofree char *printer = pos_settings_dup_self_service_printer (get_settings (self));
  g_autofree char *heading = pos_settings_dup_receipt_heading (get_settings (self));
  g_autoptr (GtkPrintOperation) operation = NULL;
  g_autoptr (GtkPrintSettings) print_settings = NULL;
  g_autoptr (GError) error = NULL;

  if (self->record == NULL || printer == NULL)
    return;
  operation = pos_slip_print_operation_new (self->record, heading);
  print_settings = gtk_print_settings_new ();
  gtk_print_settings_set_printer (print_settings, printer);
  gtk_print_operation_set_print_settings (operation, print_settings);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT, NULL, &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR) {
    g_message ("Self-service: the receipt could not be printed on %s: %s", printer, error->message);
    show_label (self->receipt_text, _ ("The receipt could not be printed. Please ask a member of "
                                       "staff for a copy; the reference is below."));
  }
}

/* The customer's language: every word of the page in it, and the next payment form's. NULL (or
 * the station's own) goes back to the station's. */
static void
set_language (PosSelfServicePage *self, const char *language)
{
  g_autofree char *station = NULL;

  if (g_strcmp0 (self->language, language) == 0)
    return;
  if (language != NULL && !pos_process_set_language (language))
    g_message ("Self-service: the words cannot be shown in “%s” at this station (no translation, "
               "or the station's locale is C)",
               language);
  else if (language == NULL)
    pos_process_set_language (NULL);
  g_free (self->language);
  self->language = g_strdup (language);
  retranslate (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

/* GObject */

static void
pos_self_service_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (pos_self_service_page_parent_class)->map (widget);
  /* The page shows (the station ready, staff gone): the keyboard on its screen's first control
   * rather than on the first button of the bar. */
  pos_self_service_page_focus_default (POS_SELF_SERVICE_PAGE (widget));
}

static void
pos_self_service_page_dispose (GObject *object)
{
  PosSelfServicePage *self = POS_SELF_SERVICE_PAGE (object);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->leftovers_cancellable);
  g_clear_object (&self->leftovers_cancellable);
  drop_payment_page (self);
  if (self->overlay != NULL)
    clear_customer (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_SELF_SERVICE_PAGE);
  g_clear_object (&self->station);

  G_OBJECT_CLASS (pos_self_service_page_parent_class)->dispose (object);
}

static void
pos_self_service_page_finalize (GObject *object)
{
  PosSelfServicePage *self = POS_SELF_SERVICE_PAGE (object);

  g_free (self->language);
  g_free (self->station_language);

  G_OBJECT_CLASS (pos_self_service_page_parent_class)->finalize (object);
}

static void
pos_self_service_page_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  PosSelfServicePage *self = POS_SELF_SERVICE_PAGE (object);

  switch (prop_id) {
    case PROP_STATION:
      g_value_set_object (value, self->station);
      break;
    case PROP_SCREEN:
      g_value_set_string (value, self->screen);
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language != NULL ? self->language : self->station_language);
      break;
    case PROP_LARGER_TEXT:
      g_value_set_boolean (value, self->larger_text);
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
      break;
    case PROP_ASKING:
      g_value_set_boolean (value, is_asking (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_self_service_page_set_property (GObject *object,
                                    guint prop_id,
                                    const GValue *value,
                                    GParamSpec *pspec)
{
  PosSelfServicePage *self = POS_SELF_SERVICE_PAGE (object);

  switch (prop_id) {
    case PROP_STATION:
      pos_self_service_page_set_station (self, g_value_get_object (value));
      break;
    case PROP_LANGUAGE:
      set_language (self, g_strcmp0 (g_value_get_string (value), self->station_language) == 0
                            ? NULL
                            : g_value_get_string (value));
      break;
    case PROP_LARGER_TEXT:
      set_display_choice (self, PROP_LARGER_TEXT, g_value_get_boolean (value));
      break;
    case PROP_HIGH_CONTRAST:
      set_display_choice (self, PROP_HIGH_CONTRAST, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

/* Enter in a field goes on, as Continue does. */
static void
on_entry_activate (PosSelfServicePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "self-service.next", NULL);
}

static void
pos_self_service_page_class_init (PosSelfServicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = pos_self_service_page_dispose;
  object_class->finalize = pos_self_service_page_finalize;
  object_class->get_property = pos_self_service_page_get_property;
  object_class->set_property = pos_self_service_page_set_property;
  widget_class->map = pos_self_service_page_map;

  properties[PROP_STATION] =
    g_param_spec_object ("station", NULL, NULL, POS_TYPE_STATION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SCREEN] = g_param_spec_string ("screen", NULL, NULL, "welcome", ro);
  properties[PROP_LANGUAGE] = g_param_spec_string ("language", NULL, NULL, "en", rw);
  properties[PROP_LARGER_TEXT] = g_param_spec_boolean ("larger-text", NULL, NULL, FALSE, rw);
  properties[PROP_HIGH_CONTRAST] = g_param_spec_boolean ("high-contrast", NULL, NULL, FALSE, rw);
  properties[PROP_ASKING] = g_param_spec_boolean ("asking", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (POS_TYPE_KEYPAD);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/paystar/Pos/pos-self-service-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, overlay);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, bar);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, bar_title);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, english_button);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, spanish_button);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, larger_button);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, contrast_button);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, stack);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, welcome_title);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, welcome_text);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, begin_button);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, welcome_problem);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, account_title);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, account_text);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, account_entry);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, account_keypad);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, name_title);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, name_entry);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, account_error);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, account_back);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, account_next);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, amount_title);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, amount_text);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, amount_entry);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, amount_keypad);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, amount_error);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, amount_back);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, amount_next);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, review_title);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, review_account_title);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, review_account);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, review_name_title);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, review_name);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, review_amount_title);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, review_amount);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, review_spinner);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, review_message);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, review_back);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, pay_button);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, start_over_button);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, payment_box);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, receipt_icon);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, receipt_title);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, receipt_text);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, receipt_amount_title);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, receipt_amount);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, receipt_card_title);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, receipt_card);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, receipt_reference_title);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, receipt_reference);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, print_button);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, done_button);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, idle_card);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, idle_title);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, idle_text);
  gtk_widget_class_bind_template_child (widget_class, PosSelfServicePage, idle_button);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "selfservice");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_install_action (widget_class, "self-service.begin", NULL, begin_action);
  gtk_widget_class_install_action (widget_class, "self-service.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "self-service.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "self-service.pay", NULL, pay_action);
  gtk_widget_class_install_action (widget_class, "self-service.start-over", NULL,
                                   start_over_action);
  gtk_widget_class_install_action (widget_class, "self-service.done", NULL, done_action);
  gtk_widget_class_install_action (widget_class, "self-service.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "self-service.still-here", NULL,
                                   still_here_action);
  gtk_widget_class_install_property_action (widget_class, "self-service.language", "language");
  gtk_widget_class_install_property_action (widget_class, "self-service.larger-text",
                                            "larger-text");
  gtk_widget_class_install_property_action (widget_class, "self-service.high-contrast",
                                            "high-contrast");
}

static void
on_context_press (GtkGesture *gesture)
{
  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
}

/* The keyboard's ways to a field's context menu: the Menu key and Shift+F10. */
static gboolean
on_context_key (GtkEventControllerKey *controller,
                guint keyval,
                guint keycode,
                GdkModifierType state,
                gpointer user_data)
{
  return keyval == GDK_KEY_Menu || (keyval == GDK_KEY_F10 && (state & GDK_SHIFT_MASK) != 0);
}

static void
pos_self_service_page_init (PosSelfServicePage *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->screen = "welcome";
  self->station_language = pos_process_dup_language ();
  /* "es-MX" is Spanish to the switch. */
  self->station_language[strcspn (self->station_language, "-")] = '\0';
  self->cancellable = g_cancellable_new ();
  self->leftovers_cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  /* No context menu anywhere on a customer's screen (a field's has Paste and Insert Emoji): a
   * right click, a long touch, the Menu key or Shift+F10 is taken before the field sees it. */
  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_context_press), NULL);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), TRUE);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_context_press), NULL);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_context_key), NULL);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "event", G_CALLBACK (on_any_event), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  retranslate (self);
  update_actions (self);
}

GtkWidget *
pos_self_service_page_new (void)
{
  return g_object_new (POS_TYPE_SELF_SERVICE_PAGE, NULL);
}

static void
on_station_changed (PosSelfServicePage *self)
{
  show_label (self->welcome_problem, station_problem (self));
  update_actions (self);
  /* Pay a Bill could not take the keyboard while it was off. */
  if (g_str_equal (self->screen, "welcome")) {
    pos_self_service_page_focus_default (self);
    reconcile_leftovers (self);
  }
}

void
pos_self_service_page_set_station (PosSelfServicePage *self, PosStation *station)
{
  g_return_if_fail (POS_IS_SELF_SERVICE_PAGE (self));
  g_return_if_fail (!station || POS_IS_STATION (station));

  if (self->station == station)
    return;
  if (self->station != NULL)
    g_signal_handlers_disconnect_by_data (self->station, self);
  g_set_object (&self->station, station);
  /* The welcome screen says when the station cannot take payments, and stops saying it. */
  if (station != NULL) {
    g_signal_connect_object (station, "notify::ready", G_CALLBACK (on_station_changed), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (station, "notify::client", G_CALLBACK (on_station_changed), self,
                             G_CONNECT_SWAPPED);
  }
  retranslate (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATION]);
}

void
pos_self_service_page_set_view_factory (PosSelfServicePage *self,
                                        PosSelfServiceViewFactory factory,
                                        gpointer user_data)
{
  g_return_if_fail (POS_IS_SELF_SERVICE_PAGE (self));

  self->view_factory = factory;
  self->view_factory_data = user_data;
}

void
pos_self_service_page_reset (PosSelfServicePage *self)
{
  g_return_if_fail (POS_IS_SELF_SERVICE_PAGE (self));

  /* An open form: closed through the checkout ("closed" is recorded), as Back would. */
  if (self->payment_page != NULL && pos_payment_page_get_active (self->payment_page))
    pos_payment_page_close (self->payment_page);
  drop_payment_page (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = FALSE;
  /* A sale never sent goes with the customer; one that reached Paystar stays in the journal. */
  if (self->checkout != NULL && pos_checkout_get_editable (self->checkout))
    pos_checkout_discard (self->checkout, NULL);
  clear_customer (self);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  set_asking (self, FALSE);
  set_language (self, NULL);
  set_display_choice (self, PROP_LARGER_TEXT, FALSE);
  set_display_choice (self, PROP_HIGH_CONTRAST, FALSE);
  set_screen (self, "welcome");
  reconcile_leftovers (self);
}

void
pos_self_service_page_focus_default (PosSelfServicePage *self)
{
  GtkWidget *target = NULL;

  g_return_if_fail (POS_IS_SELF_SERVICE_PAGE (self));

  if (is_asking (self))
    target = self->idle_button;
  else if (g_str_equal (self->screen, "welcome"))
    target = self->begin_button;
  else if (g_str_equal (self->screen, "account"))
    target = self->account_entry;
  else if (g_str_equal (self->screen, "amount"))
    target = self->amount_entry;
  else if (g_str_equal (self->screen, "review"))
    target = self->pay_button;
  else if (g_str_equal (self->screen, "receipt"))
    target = self->done_button;
  if (target != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (target);
}

const char *
pos_self_service_page_get_screen (PosSelfServicePage *self)
{
  g_return_val_if_fail (POS_IS_SELF_SERVICE_PAGE (self), NULL);

  return self->screen;
}

gboolean
pos_self_service_page_get_larger_text (PosSelfServicePage *self)
{
  g_return_val_if_fail (POS_IS_SELF_SERVICE_PAGE (self), FALSE);

  return self->larger_text;
}

gboolean
pos_self_service_page_get_high_contrast (PosSelfServicePage *self)
{
  g_return_val_if_fail (POS_IS_SELF_SERVICE_PAGE (self), FALSE);

  return self->high_contrast;
}

gboolean
pos_self_service_page_get_asking (PosSelfServicePage *self)
{
  g_return_val_if_fail (POS_IS_SELF_SERVICE_PAGE (self), FALSE);

  return is_asking (self);
}

void
pos_self_service_page_set_idle_timeouts (PosSelfServicePage *self,
                                         guint idle_ms_value,
                                         guint countdown_ms)
{
  g_return_if_fail (POS_IS_SELF_SERVICE_PAGE (self));

  self->idle_override_ms = idle_ms_value;
  self->countdown_override_ms = countdown_ms;
  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (!g_str_equal (self->screen, "welcome"))
    schedule_idle_check (self);
}
