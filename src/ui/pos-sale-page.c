/* pos-sale-page.c: the sale of a PosCheckout: its charges, options and total, and its state.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page only draws its checkout and calls its methods; the sale's lifecycle (drafts, the
 * journal, the request, what an error means) lives in PosCheckout, without a display. Why the
 * page looks as it does in each state:
 * - The form is editable only when the checkout says so (a draft, or a sale that was not sent:
 *   nothing reached Paystar, so the same reference goes out on the next submit).
 * - While a request is in flight the form is insensitive and the submit bar shows progress:
 *   nothing can be sent twice.
 * - "Outcome unknown" offers Retry (the checkout asks Paystar about the reference first, then
 *   sends the very same request) and, for an administrator, Close Sale…. A reference that may
 *   have reached Paystar is never replaced by a new one here.
 * - After the payment form, the sale stays on screen read-only with what can be done next:
 *   re-open the form, change the sale (a copy with a new reference, only when its session can no
 *   longer be paid), or check the outcome.
 */
#include "config.h"

#include "pos-sale-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "pos-confirm-dialog.h"
#include "pos-charge-row.h"
#include "pos-close-sale.h"
#include "pos-field-entry.h"
#include "pos-pairs-editor.h"
#include "pos-scan-detector.h"
#include "pos-station-checkout.h"

/* What the request in flight is doing, for the progress text. */
typedef enum {
  OPERATION_NONE,
  OPERATION_SUBMIT,
  OPERATION_RETRY,
  OPERATION_RECONCILE,
} Operation;

struct _PosSalePage {
  GtkWidget parent_instance;

  GtkStack *stack;
  GtkScrolledWindow *scroller;
  GtkWidget *restored_box;
  GtkLabel *restored_label;
  GtkWidget *unknown_box;
  GtkLabel *unknown_title;
  GtkLabel *unknown_text;
  GtkLabel *unknown_reference;
  GtkWidget *retry_button;
  GtkWidget *close_button;
  GtkWidget *after_box;
  GtkImage *after_icon;
  GtkLabel *after_title;
  GtkLabel *after_text;
  GtkLabel *after_note;
  GtkWidget *after_close_button;
  GtkWidget *check_button;
  GtkWidget *change_button;
  GtkWidget *after_new_button;
  GtkLabel *general_message;
  GtkWidget *form_box;
  GtkLabel *count_label;
  GtkListBox *charges_list;
  GtkLabel *charges_message;
  GtkWidget *add_button;
  GtkLabel *add_limit_label;
  PosFieldEntry *descriptor_field;
  GtkLabel *reference_label;
  GtkLabel *reference_message;
  PosPairsEditor *payment_fields_editor;
  PosPairsEditor *custom_meta_editor;
  GtkLabel *created_total_label;
  GtkLabel *created_reference_label;
  GtkLabel *session_label;
  GtkLabel *link_label;
  GtkWidget *new_sale_button;
  GtkWidget *submit_bar;
  GtkLabel *total_label;
  GtkLabel *summary_label;
  GtkLabel *problems_label;
  GtkWidget *show_problems_button;
  GtkSpinner *spinner;
  GtkLabel *progress_label;
  GtkWidget *submit_button;
  GtkWidget *reopen_submit_button;

  PosStation *station;
  PosCheckout *checkout;
  PosSale *sale;
  GBinding *descriptor_binding;
  GCancellable *cancellable;

  Operation operation;
  guint n_problems;
  char *first_problem;
  char *descriptor_server_error;
  char *server_general; /* Paystar's errors that name no field on the page */
  char *action_note;    /* what the last Check Outcome found, for the after-form card */

  /* The filled charge removed last, while its toast offers Undo (Ctrl+Z). */
  PosCharge *removed_charge;
  guint removed_position;
  AdwToast *undo_toast;

  /* Bill stubs scanned on the page (setting bill-barcode-layout; NULL: no scanning). */
  PosScanDetector *scan_detector;
  PosBillLayout *bill_layout;

  guint reveal : 1;
  guint dirty : 1;
  guint focus_new_rows : 1;
  guint was_busy : 1;
};

G_DEFINE_FINAL_TYPE (PosSalePage, pos_sale_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_STATION, PROP_CHECKOUT, PROP_BUSY, N_PROPS };

enum { SIGNAL_SESSION_CREATED, SIGNAL_REOPEN_PAYMENT, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void validate (PosSalePage *self);
static void sync_state (PosSalePage *self);
static void forget_removed (PosSalePage *self);

static void
show_label (GtkLabel *label, const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static PosSaleStatus
get_state (PosSalePage *self)
{
  return self->checkout != NULL ? pos_checkout_get_state (self->checkout) : POS_SALE_STATUS_DRAFT;
}

static gboolean
get_busy (PosSalePage *self)
{
  return self->checkout != NULL && pos_checkout_get_busy (self->checkout);
}

static gboolean
get_editable (PosSalePage *self)
{
  return self->checkout != NULL && pos_checkout_get_editable (self->checkout);
}

static gboolean
is_form_state (PosSaleStatus state)
{
  return state == POS_SALE_STATUS_DRAFT || state == POS_SALE_STATUS_NOT_SENT ||
         state == POS_SALE_STATUS_SUBMITTING;
}

/* The form was left: its session may be opened again. */
static gboolean
is_reopenable_state (PosSaleStatus state)
{
  return state == POS_SALE_STATUS_DISMISSED || state == POS_SALE_STATUS_FAILED ||
         state == POS_SALE_STATUS_UNCONFIRMED;
}

/* Shown read-only with a card saying what happened and what comes next. */
static gboolean
is_after_state (PosSaleStatus state)
{
  return is_reopenable_state (state) || state == POS_SALE_STATUS_SUCCEEDED ||
         state == POS_SALE_STATUS_PENDING || state == POS_SALE_STATUS_CLOSED ||
         state == POS_SALE_STATUS_ERROR;
}

static gboolean
has_client (PosSalePage *self)
{
  return self->station != NULL && pos_station_get_client (self->station) != NULL;
}

static void
set_action_enabled (PosSalePage *self, const char *name, gboolean enabled)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), name, enabled);
}

static void
update_actions (PosSalePage *self)
{
  PosSaleStatus state = get_state (self);
  gboolean busy = get_busy (self);
  gboolean editable = get_editable (self) && self->sale != NULL;
  gboolean idle = self->checkout != NULL && !busy;
  gboolean can_add = editable && pos_sale_get_can_add (self->sale);
  gboolean can_reopen =
    idle && is_reopenable_state (state) && pos_checkout_get_session_link (self->checkout) != NULL;
  gboolean can_retry = idle && state == POS_SALE_STATUS_UNKNOWN && has_client (self);
  gboolean can_send = editable && has_client (self) && self->n_problems == 0;

  /* Ctrl+Enter is the next step of whatever state the sale is in. */
  set_action_enabled (self, "sale.submit", can_send || can_retry || can_reopen);
  set_action_enabled (self, "sale.retry", can_retry);
  set_action_enabled (self, "sale.reopen-payment", can_reopen);
  set_action_enabled (
    self, "sale.close-sale",
    idle && (state == POS_SALE_STATUS_UNKNOWN || state == POS_SALE_STATUS_UNCONFIRMED) &&
      self->station != NULL && pos_station_get_roster (self->station) != NULL);
  set_action_enabled (self, "sale.change-sale",
                      idle &&
                        (state == POS_SALE_STATUS_DISMISSED || state == POS_SALE_STATUS_FAILED));
  set_action_enabled (
    self, "sale.check-outcome",
    idle && (state == POS_SALE_STATUS_UNCONFIRMED || state == POS_SALE_STATUS_PENDING) &&
      has_client (self));
  set_action_enabled (self, "sale.add-charge", can_add);
  set_action_enabled (self, "sale.new", idle);
  set_action_enabled (self, "sale.show-problems", editable && self->n_problems > 0);
  set_action_enabled (self, "sale.copy-link", state == POS_SALE_STATUS_CREATED);

  /* Say why the add control is off, in its tooltip and beside it. */
  if (self->sale != NULL && !pos_sale_get_can_add (self->sale)) {
    g_autofree char *text = NULL;

    text = g_strdup_printf (_ ("A sale holds at most %d charges. Submit this sale and start "
                               "another one for the rest."),
                            PAYSTAR_MAX_CHARGES);
    gtk_widget_set_tooltip_text (self->add_button, text);
    show_label (self->add_limit_label, text);
  } else {
    gtk_widget_set_tooltip_text (self->add_button, _ ("Add a charge to this sale (Ctrl+Shift+N)"));
    show_label (self->add_limit_label, NULL);
  }
}

static void
update_totals (PosSalePage *self)
{
  g_autofree char *total = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *count = NULL;
  guint n = self->sale != NULL ? pos_sale_get_n_charges (self->sale) : 0;

  total = paystar_money_format (self->sale != NULL ? pos_sale_get_total (self->sale) : 0);
  /* Translators: the running total of the sale, e.g. "Total $1,234.56" */
  total_text = g_strdup_printf (_ ("Total %s"), total);
  gtk_label_set_text (self->total_label, total_text);
  summary = g_strdup_printf (ngettext ("%u charge", "%u charges", n), n);
  gtk_label_set_text (self->summary_label, summary);
  /* Translators: how many charges the sale has of the most it can have, e.g. "3 of 25" */
  count = g_strdup_printf (_ ("%u of %d"), n, PAYSTAR_MAX_CHARGES);
  gtk_label_set_text (self->count_label, count);
}

static char *
describe_problem (const PaystarFieldError *error)
{
  const char *path = error->property_name;
  const char *rest;
  guint index;

  if (paystar_field_path_in_charge (path, &index, &rest))
    /* Translators: where a problem is, then the problem, e.g. "Charge 2: Enter an amount." */
    return g_strdup_printf (_ ("Charge %u: %s"), index + 1, error->message);
  if (g_ascii_strcasecmp (path, "PaymentDescriptor") == 0)
    return g_strdup_printf (_ ("Payment descriptor: %s"), error->message);
  if (g_ascii_strncasecmp (path, "PaymentFields", strlen ("PaymentFields")) == 0)
    return g_strdup_printf (_ ("Payment fields: %s"), error->message);
  if (g_ascii_strncasecmp (path, "CustomMeta", strlen ("CustomMeta")) == 0)
    return g_strdup_printf (_ ("Custom data: %s"), error->message);
  if (g_ascii_strcasecmp (path, "BusinessUnitSlug") == 0)
    return g_strdup_printf (_ ("Station settings: %s Ask an administrator."), error->message);
  if (g_ascii_strcasecmp (path, "PosUser") == 0)
    return g_strdup_printf (_ ("Agent: %s"), error->message);
  return g_strdup (error->message);
}

static void
validate (PosSalePage *self)
{
  g_autoptr (GPtrArray) errors = NULL;
  g_autofree char *problem_text = NULL;
  PosCheckoutOptions options = { 0 };
  const char *descriptor_error = NULL;
  const char *charges_error = NULL;
  gboolean editable = get_editable (self);
  guint n_rows;

  g_clear_pointer (&self->first_problem, g_free);
  self->n_problems = 0;

  if (self->sale == NULL || self->checkout == NULL || self->station == NULL) {
    show_label (self->problems_label, NULL);
    gtk_widget_set_visible (self->show_problems_button, FALSE);
    update_actions (self);
    return;
  }

  /* The same rules the checkout applies at submit, shown while the agent types. */
  pos_station_get_checkout_options (self->station, &options);
  errors = pos_sale_validate (self->sale, options.business_unit_slug,
                              pos_checkout_get_agent_email (self->checkout), options.success_url,
                              options.return_url);

  /* Hand every charge its own errors, with paths relative to the charge. */
  n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->sale));
  for (guint i = 0; i < n_rows; i++) {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->charges_list, i);
    g_autoptr (GPtrArray) row_errors = paystar_field_errors_new ();

    if (!POS_IS_CHARGE_ROW (row))
      continue;
    for (guint j = 0; j < errors->len; j++) {
      const PaystarFieldError *error = g_ptr_array_index (errors, j);
      const char *rest;
      guint index;

      if (paystar_field_path_in_charge (error->property_name, &index, &rest) && index == i)
        g_ptr_array_add (row_errors, paystar_field_error_new (rest, error->message));
    }
    pos_charge_row_set_local_errors (POS_CHARGE_ROW (row), row_errors);
  }

  for (guint j = 0; j < errors->len; j++) {
    const PaystarFieldError *error = g_ptr_array_index (errors, j);

    if (g_ascii_strcasecmp (error->property_name, "PaymentDescriptor") == 0)
      descriptor_error = error->message;
    else if (g_ascii_strcasecmp (error->property_name, "Charges") == 0)
      charges_error = error->message;
  }
  pos_field_entry_set_error (self->descriptor_field, self->descriptor_server_error != NULL
                                                       ? self->descriptor_server_error
                                                       : descriptor_error);
  show_label (self->charges_message, self->reveal ? charges_error : NULL);

  self->n_problems = errors->len + pos_pairs_editor_get_n_problems (self->payment_fields_editor) +
                     pos_pairs_editor_get_n_problems (self->custom_meta_editor);
  if (errors->len > 0) {
    const PaystarFieldError *first = NULL;
    guint first_index = G_MAXUINT;

    /* The first problem on screen, top to bottom; the validator lists amounts first. */
    for (guint j = 0; j < errors->len; j++) {
      const PaystarFieldError *error = g_ptr_array_index (errors, j);
      const char *rest;
      guint index = G_MAXUINT - 1;

      if (!paystar_field_path_in_charge (error->property_name, &index, &rest))
        index = G_MAXUINT - 1;
      if (first == NULL || index < first_index) {
        first = error;
        first_index = index;
      }
    }
    self->first_problem = describe_problem (first);
  } else if (pos_pairs_editor_get_first_problem (self->payment_fields_editor) != NULL)
    self->first_problem = g_strdup_printf (
      _ ("Payment fields: %s"), pos_pairs_editor_get_first_problem (self->payment_fields_editor));
  else if (pos_pairs_editor_get_first_problem (self->custom_meta_editor) != NULL)
    self->first_problem = g_strdup_printf (
      _ ("Custom data: %s"), pos_pairs_editor_get_first_problem (self->custom_meta_editor));

  if (!editable) {
    problem_text = NULL;
  } else if (self->n_problems == 1) {
    problem_text = g_strdup (self->first_problem);
  } else if (self->n_problems > 1) {
    /* Translators: the first problem, then how many more there are */
    problem_text = g_strdup_printf (
      ngettext ("%s (and %u more problem)", "%s (and %u more problems)", self->n_problems - 1),
      self->first_problem, self->n_problems - 1);
  } else if (pos_station_get_client (self->station) == NULL) {
    problem_text = g_strdup (pos_station_get_client_problem (self->station));
  }
  show_label (self->problems_label, problem_text);
  gtk_widget_set_visible (self->show_problems_button, editable && self->n_problems > 0);
  update_actions (self);
}

static void
reveal_errors (PosSalePage *self)
{
  self->reveal = TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->charges_list));
       child != NULL; child = gtk_widget_get_next_sibling (child)) {
    if (POS_IS_CHARGE_ROW (child))
      pos_charge_row_reveal_errors (POS_CHARGE_ROW (child));
  }
  validate (self);
}

static void
focus_first_error (PosSalePage *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->charges_list));
       child != NULL; child = gtk_widget_get_next_sibling (child)) {
    if (POS_IS_CHARGE_ROW (child) && pos_charge_row_focus_first_error (POS_CHARGE_ROW (child)))
      return;
  }
  if (pos_field_entry_get_error (self->descriptor_field) != NULL) {
    gtk_widget_grab_focus (GTK_WIDGET (self->descriptor_field));
    return;
  }
  if (pos_pairs_editor_focus_first_error (self->payment_fields_editor) ||
      pos_pairs_editor_focus_first_error (self->custom_meta_editor))
    return;
  if (gtk_widget_get_visible (GTK_WIDGET (self->charges_message)))
    gtk_widget_grab_focus (self->add_button);
}

/* The general message box: the checkout's word on the last transition, then whatever of
 * Paystar's errors names no field on the page. Only while the form is the thing to look at. */
static void
update_general_message (PosSalePage *self)
{
  g_autoptr (GString) text = g_string_new (NULL);
  const char *message = self->checkout != NULL ? pos_checkout_get_message (self->checkout) : NULL;
  PosSaleStatus state = get_state (self);

  if (state == POS_SALE_STATUS_DRAFT || state == POS_SALE_STATUS_NOT_SENT) {
    if (message != NULL && *message != '\0')
      g_string_append (text, message);
    if (self->server_general != NULL &&
        (message == NULL || strstr (message, self->server_general) == NULL)) {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, self->server_general);
    }
  }
  show_label (self->general_message, text->len > 0 ? text->str : NULL);
}

static void
clear_server_errors (PosSalePage *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->charges_list));
       child != NULL; child = gtk_widget_get_next_sibling (child)) {
    if (POS_IS_CHARGE_ROW (child))
      pos_charge_row_clear_server_errors (POS_CHARGE_ROW (child));
  }
  pos_pairs_editor_clear_server_errors (self->payment_fields_editor);
  pos_pairs_editor_clear_server_errors (self->custom_meta_editor);
  g_clear_pointer (&self->descriptor_server_error, g_free);
  g_clear_pointer (&self->server_general, g_free);
  show_label (self->reference_message, NULL);
  update_general_message (self);
}

/* Puts each of the field errors at its field; what names no field goes above the form. */
static void
show_server_errors (PosSalePage *self, GPtrArray *field_errors)
{
  g_autoptr (GString) general = g_string_new (NULL);

  for (guint i = 0; field_errors != NULL && i < field_errors->len; i++) {
    const PaystarFieldError *error = g_ptr_array_index (field_errors, i);
    const char *path = error->property_name != NULL ? error->property_name : "";
    g_autofree char *key = NULL;
    const char *rest;
    guint index;
    gboolean shown = FALSE;

    if (paystar_field_path_in_charge (path, &index, &rest)) {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->charges_list, index);

      if (POS_IS_CHARGE_ROW (row))
        shown = pos_charge_row_set_server_error (POS_CHARGE_ROW (row), rest, error->message);
    } else if (g_ascii_strcasecmp (path, "Charges") == 0) {
      show_label (self->charges_message, error->message);
      shown = TRUE;
    } else if (g_ascii_strcasecmp (path, "PaymentDescriptor") == 0) {
      paystar_set_str (&self->descriptor_server_error, error->message);
      pos_field_entry_set_error (self->descriptor_field, error->message);
      shown = TRUE;
    } else if (g_ascii_strcasecmp (path, "ClientReference") == 0) {
      /* Said at the reference; the sale keeps it (no new reference for a sale Paystar saw). */
      show_label (self->reference_message, error->message);
      shown = TRUE;
    } else if (paystar_field_path_in_pairs (path, "PaymentFields", &key)) {
      pos_pairs_editor_set_server_error (self->payment_fields_editor, *key ? key : NULL,
                                         error->message);
      shown = TRUE;
    } else if (paystar_field_path_in_pairs (path, "CustomMeta", &key)) {
      pos_pairs_editor_set_server_error (self->custom_meta_editor, *key ? key : NULL,
                                         error->message);
      shown = TRUE;
    }

    if (!shown) {
      g_autofree char *text = NULL;

      if (g_ascii_strcasecmp (path, "PosUser") == 0)
        /* Translators: %s is the agent's email, then the server's reason */
        text = g_strdup_printf (_ ("Paystar refused the agent %s: %s"),
                                pos_checkout_get_agent_email (self->checkout), error->message);
      else if (*path != '\0')
        text = g_strdup_printf ("%s: %s", path, error->message);
      else
        text = g_strdup (error->message);
      if (general->len > 0)
        g_string_append_c (general, '\n');
      g_string_append (general, text);
    }
  }

  g_free (self->server_general);
  self->server_general = general->len > 0 ? g_strdup (general->str) : NULL;
  update_general_message (self);
  reveal_errors (self);
}

/* Editing */

static void
on_sale_changed (PosSalePage *self)
{
  g_assert (POS_IS_SALE_PAGE (self));

  /* The checkout saves the change as a draft itself. */
  self->dirty = TRUE;
  update_totals (self);
  validate (self);
}

static void
renumber_rows (PosSalePage *self)
{
  guint number = 1;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->charges_list));
       child != NULL; child = gtk_widget_get_next_sibling (child)) {
    if (POS_IS_CHARGE_ROW (child))
      pos_charge_row_set_number (POS_CHARGE_ROW (child), number++);
  }
}

/* The keyboard's field in view, above the bottom bar. A new charge's row is focused before it has
 * a size, so the viewport's own scrolling to the focus cannot place it: this runs at the frames
 * after, until the row is laid out and the scrollable height has grown to hold it (a few). */
#define SCROLL_FRAMES 10

static gboolean
scroll_focus_into_view (GtkWidget *scroller, GdkFrameClock *clock, gpointer user_data)
{
  guint *frames = user_data;
  GtkRoot *root = gtk_widget_get_root (scroller);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  const double margin = 24;
  graphene_rect_t bounds;
  double visible = gtk_widget_get_height (scroller);
  double value = gtk_adjustment_get_value (adjustment);

  if (++*frames > SCROLL_FRAMES || focus == NULL || !gtk_widget_is_ancestor (focus, scroller) ||
      !gtk_widget_compute_bounds (focus, scroller, &bounds))
    return G_SOURCE_REMOVE;
  if (bounds.origin.y < 0)
    gtk_adjustment_set_value (adjustment, value + bounds.origin.y - margin);
  else if (bounds.origin.y + bounds.size.height > visible)
    gtk_adjustment_set_value (adjustment,
                              value + bounds.origin.y + bounds.size.height - visible + margin);
  else if (bounds.size.height > 0)
    return G_SOURCE_REMOVE; /* in view */
  return G_SOURCE_CONTINUE;
}

static void
on_sale_items_changed (PosSalePage *self, guint position, guint removed, guint added)
{
  guint n;

  g_assert (POS_IS_SALE_PAGE (self));

  renumber_rows (self);
  update_totals (self);
  validate (self);

  if (!self->focus_new_rows)
    return;

  /* Keep the keyboard where the agent works: on the new charge, or next to the removed one. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->sale));
  if (added == 1 && removed == 0) {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->charges_list, position);

    if (POS_IS_CHARGE_ROW (row))
      pos_charge_row_focus_amount (POS_CHARGE_ROW (row));
    gtk_widget_add_tick_callback (GTK_WIDGET (self->scroller), scroll_focus_into_view,
                                  g_new0 (guint, 1), g_free);
  } else if (removed > 0 && added == 0) {
    GtkListBoxRow *row =
      n > 0 ? gtk_list_box_get_row_at_index (self->charges_list, MIN (position, n - 1)) : NULL;

    if (POS_IS_CHARGE_ROW (row))
      pos_charge_row_focus_amount (POS_CHARGE_ROW (row));
    else
      gtk_widget_grab_focus (self->add_button);
  }
}

static GtkWidget *
create_charge_row (gpointer item, gpointer user_data)
{
  PosSalePage *self = user_data;
  GtkWidget *row = pos_charge_row_new (self->sale, POS_CHARGE (item));

  pos_charge_row_set_charge_types (
    POS_CHARGE_ROW (row), pos_settings_get_charge_types (pos_station_get_settings (self->station)));
  pos_charge_row_set_account_book (POS_CHARGE_ROW (row), pos_station_get_journal (self->station));
  if (self->reveal)
    pos_charge_row_reveal_errors (POS_CHARGE_ROW (row));
  return row;
}

static void
on_charge_types_changed (PosSalePage *self)
{
  const char *const *types;

  g_assert (POS_IS_SALE_PAGE (self));

  types = pos_settings_get_charge_types (pos_station_get_settings (self->station));
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->charges_list));
       child != NULL; child = gtk_widget_get_next_sibling (child)) {
    if (POS_IS_CHARGE_ROW (child))
      pos_charge_row_set_charge_types (POS_CHARGE_ROW (child), types);
  }
}

static void
set_sale (PosSalePage *self, PosSale *sale)
{
  if (self->sale == sale)
    return;

  g_clear_pointer (&self->descriptor_binding, g_binding_unbind);
  if (self->sale != NULL)
    g_signal_handlers_disconnect_by_data (self->sale, self);
  /* An Undo belongs to the sale it was offered for. */
  forget_removed (self);
  g_set_object (&self->sale, sale);
  self->reveal = FALSE;
  self->dirty = FALSE;
  self->focus_new_rows = FALSE;

  if (self->sale != NULL) {
    gtk_list_box_bind_model (self->charges_list, G_LIST_MODEL (self->sale), create_charge_row, self,
                             NULL);
    g_signal_connect_object (self->sale, "changed", G_CALLBACK (on_sale_changed), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (self->sale, "items-changed", G_CALLBACK (on_sale_items_changed), self,
                             G_CONNECT_SWAPPED);
    /* "changed" comes with the text edit, before the parsed amounts and the total follow it. */
    g_signal_connect_object (self->sale, "notify::total", G_CALLBACK (update_totals), self,
                             G_CONNECT_SWAPPED);
    self->descriptor_binding =
      g_object_bind_property (self->sale, "payment-descriptor", self->descriptor_field, "text",
                              G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
    gtk_label_set_text (self->reference_label, pos_sale_get_client_reference (self->sale));
  } else {
    gtk_list_box_bind_model (self->charges_list, NULL, NULL, NULL, NULL);
    gtk_label_set_text (self->reference_label, "");
  }
  pos_pairs_editor_set_sale (self->payment_fields_editor, self->sale);
  pos_pairs_editor_set_sale (self->custom_meta_editor, self->sale);
  /* The editors wrote their rows back into the sale: that was no edit of the agent's. */
  self->dirty = FALSE;

  clear_server_errors (self);
  renumber_rows (self);
  update_totals (self);
  validate (self);
  self->focus_new_rows = TRUE;
}

/* State */

static char *
format_edited (gint64 usec)
{
  g_autoptr (GDateTime) edited = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = NULL;

  if (edited == NULL)
    return NULL;
  time = g_date_time_format (edited, "%H:%M");
  if (g_date_time_get_year (edited) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (edited) == g_date_time_get_day_of_year (now))
    /* Translators: %s is the time of day, e.g. "14:05" */
    return g_strdup_printf (_ ("Restored sale, last edited at %s"), time);
  else {
    g_autofree char *date = g_date_time_format (edited, "%x");

    /* Translators: the date, then the time of day, e.g. "12/01/26" and "14:05" */
    return g_strdup_printf (_ ("Restored sale, last edited on %s at %s"), date, time);
  }
}

static void
update_restored (PosSalePage *self)
{
  g_autofree char *text = NULL;
  PosSaleStatus state = get_state (self);

  if (self->checkout != NULL && pos_checkout_get_restored (self->checkout) &&
      pos_checkout_get_edited (self->checkout) > 0 && state == POS_SALE_STATUS_DRAFT)
    text = format_edited (pos_checkout_get_edited (self->checkout));
  gtk_label_set_text (self->restored_label, text != NULL ? text : "");
  gtk_widget_set_visible (self->restored_box, text != NULL);
}

static void
update_unknown (PosSalePage *self)
{
  const char *message = pos_checkout_get_message (self->checkout);
  g_autofree char *reference = NULL;

  gtk_label_set_text (self->unknown_title, _ ("Outcome Unknown"));
  if (message == NULL || *message == '\0')
    message = _ ("The request may have reached Paystar, but no answer came back, so this sale "
                 "may or may not have a payment session. Retry asks Paystar about it first and "
                 "then sends the very same sale: Paystar cannot create a second session for it. "
                 "Do not key the sale again.");
  gtk_label_set_text (self->unknown_text, message);
  /* Translators: %s is the sale's ClientReference */
  reference =
    g_strdup_printf (_ ("Reference %s"), pos_checkout_get_client_reference (self->checkout));
  if (self->action_note != NULL) {
    g_autofree char *with_note = g_strconcat (reference, "\n", self->action_note, NULL);

    gtk_label_set_text (self->unknown_reference, with_note);
  } else {
    gtk_label_set_text (self->unknown_reference, reference);
  }
}

static void
update_after (PosSalePage *self)
{
  PosSaleStatus state = get_state (self);
  const char *message = pos_checkout_get_message (self->checkout);
  const char *title;
  const char *text;
  const char *icon = "dialog-information-symbolic";

  switch (state) {
    case POS_SALE_STATUS_DISMISSED:
      title = _ ("Payment Form Closed");
      text = _ ("The payment form was closed without a payment. Re-open it to take the card for "
                "this sale, or change the sale: a changed sale is a new payment with a new "
                "reference.");
      break;
    case POS_SALE_STATUS_FAILED:
      title = _ ("Card Declined");
      text = _ ("The card was declined. Re-open the form to try another card, or change the "
                "sale: a changed sale is a new payment with a new reference.");
      icon = "dialog-error-symbolic";
      break;
    case POS_SALE_STATUS_UNCONFIRMED:
      title = _ ("Outcome Not Confirmed");
      text = _ ("The payment form was closed before Paystar reported an outcome: the customer "
                "may have paid. Re-open the form or check the outcome; do not key the sale "
                "again.");
      icon = "dialog-warning-symbolic";
      break;
    case POS_SALE_STATUS_SUCCEEDED:
      title = _ ("Payment Approved");
      text = _ ("Paystar approved the payment of this sale.");
      icon = "emblem-ok-symbolic";
      break;
    case POS_SALE_STATUS_PENDING:
      title = _ ("Payment Pending");
      text = _ ("Paystar accepted the payment, but it is not final yet.");
      break;
    case POS_SALE_STATUS_CLOSED:
      title = _ ("Sale Closed");
      text = _ ("An administrator closed this sale.");
      break;
    default:
      title = pos_sale_status_get_label (state);
      text = NULL;
      break;
  }
  if (message != NULL && *message != '\0')
    text = message;

  gtk_image_set_from_icon_name (self->after_icon, icon);
  gtk_label_set_text (self->after_title, title);
  show_label (self->after_text, text);
  show_label (self->after_note, self->action_note);
  gtk_widget_set_visible (self->after_close_button, state == POS_SALE_STATUS_UNCONFIRMED);
  gtk_widget_set_visible (self->check_button,
                          state == POS_SALE_STATUS_UNCONFIRMED || state == POS_SALE_STATUS_PENDING);
  gtk_widget_set_visible (self->change_button,
                          state == POS_SALE_STATUS_DISMISSED || state == POS_SALE_STATUS_FAILED);
  gtk_widget_set_visible (self->after_new_button, !is_reopenable_state (state));
}

static void
update_created (PosSalePage *self)
{
  g_autofree char *total = paystar_money_format (pos_sale_get_total (self->sale));
  const char *identifier = pos_checkout_get_session_identifier (self->checkout);
  const char *link = pos_checkout_get_session_link (self->checkout);

  gtk_label_set_text (self->created_total_label, total);
  gtk_label_set_text (self->created_reference_label,
                      pos_checkout_get_client_reference (self->checkout));
  gtk_label_set_text (self->session_label, identifier != NULL ? identifier : "");
  gtk_label_set_text (self->link_label, link != NULL ? link : "");
}

static const char *
progress_text (PosSalePage *self)
{
  switch (self->operation) {
    case OPERATION_RETRY:
      return _ ("Asking Paystar about this sale, then sending it again…");
    case OPERATION_RECONCILE:
      return _ ("Checking the outcome with Paystar…");
    case OPERATION_SUBMIT:
    case OPERATION_NONE:
    default:
      return _ ("Creating payment session…");
  }
}

/* Draws the checkout's state: which view, which card, what is sensitive. */
static void
sync_state (PosSalePage *self)
{
  PosSaleStatus state = get_state (self);
  gboolean busy = get_busy (self);
  gboolean editable = get_editable (self);
  gboolean has_sale = self->checkout != NULL;

  /* Move the keyboard out of the form before it goes insensitive: GTK 4.8 takes the focus from an
   * insensitive entry without telling it, and its cursor keeps blinking. */
  if (!editable) {
    GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
    GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

    if (focus != NULL && gtk_widget_is_ancestor (focus, self->form_box))
      gtk_root_set_focus (root, NULL);
  }

  gtk_stack_set_visible_child_name (
    self->stack, has_sale && state == POS_SALE_STATUS_CREATED ? "created" : "form");
  gtk_widget_set_visible (self->submit_bar, !(has_sale && state == POS_SALE_STATUS_CREATED));
  gtk_widget_set_sensitive (self->form_box, editable);

  gtk_widget_set_visible (self->unknown_box, has_sale && state == POS_SALE_STATUS_UNKNOWN);
  if (has_sale && state == POS_SALE_STATUS_UNKNOWN)
    update_unknown (self);
  gtk_widget_set_visible (self->after_box, has_sale && is_after_state (state));
  if (has_sale && is_after_state (state))
    update_after (self);
  if (has_sale && state == POS_SALE_STATUS_CREATED)
    update_created (self);
  update_restored (self);
  update_general_message (self);

  gtk_label_set_text (self->progress_label, progress_text (self));
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), busy);
  gtk_widget_set_visible (self->submit_button, !has_sale || is_form_state (state));
  gtk_widget_set_visible (self->reopen_submit_button, has_sale && is_reopenable_state (state));

  validate (self);

  if (self->was_busy != busy) {
    self->was_busy = busy;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  }
}

static void
on_checkout_sale_changed (PosSalePage *self)
{
  g_assert (POS_IS_SALE_PAGE (self));

  set_sale (self, self->checkout != NULL ? pos_checkout_get_sale (self->checkout) : NULL);
  sync_state (self);
}

static void
on_checkout_state_changed (PosSalePage *self)
{
  g_assert (POS_IS_SALE_PAGE (self));

  /* What Check Outcome found was about the state before. */
  g_clear_pointer (&self->action_note, g_free);
  sync_state (self);
}

/* Requests. Each callback holds the page and the checkout it started with: the page may show
 * another sale by the time Paystar answers (the journal has the outcome either way). */

typedef struct {
  PosSalePage *page;
  PosCheckout *checkout;
} Request;

static Request *
request_new (PosSalePage *self)
{
  Request *request = g_new0 (Request, 1);

  request->page = g_object_ref (self);
  request->checkout = g_object_ref (self->checkout);
  return request;
}

static void
request_free (Request *request)
{
  g_clear_object (&request->page);
  g_clear_object (&request->checkout);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static gboolean
request_is_current (Request *request)
{
  return request->page->checkout == request->checkout &&
         !g_cancellable_is_cancelled (request->page->cancellable);
}

/* After a submit or retry: created hands over to the payment step, field errors go to their
 * fields; every other state draws itself. */
static void
after_send (PosSalePage *self, gboolean created, GError *error)
{
  PosSaleStatus state = get_state (self);

  self->operation = OPERATION_NONE;
  sync_state (self);

  if (created) {
    gtk_widget_grab_focus (self->new_sale_button);
    /* The window takes the sale to the payment step; without one, this page shows the link. */
    g_signal_emit (self, signals[SIGNAL_SESSION_CREATED], 0, self->checkout);
    return;
  }

  if (state == POS_SALE_STATUS_DRAFT || state == POS_SALE_STATUS_NOT_SENT) {
    GPtrArray *field_errors = pos_checkout_get_field_errors (self->checkout);

    if (field_errors->len > 0) {
      show_server_errors (self, field_errors);
      focus_first_error (self);
    } else if (pos_checkout_get_message (self->checkout) == NULL && error != NULL) {
      paystar_set_str (&self->server_general, error->message);
      update_general_message (self);
    }
  } else if (state == POS_SALE_STATUS_UNKNOWN) {
    gtk_widget_grab_focus (self->retry_button);
  }
}

static void
on_submitted (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Request) request = user_data;
  g_autoptr (GError) error = NULL;
  gboolean created;

  created = pos_checkout_submit_finish (POS_CHECKOUT (object), result, &error);
  if (!request_is_current (request))
    return;
  after_send (request->page, created, error);
}

static void
on_retried (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Request) request = user_data;
  g_autoptr (GError) error = NULL;
  gboolean created;

  created = pos_checkout_retry_finish (POS_CHECKOUT (object), result, &error);
  if (!request_is_current (request))
    return;
  after_send (request->page, created, error);
}

static void
on_reconciled (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Request) request = user_data;
  g_autoptr (GError) error = NULL;
  PosSalePage *self = request->page;
  g_autofree char *note = NULL;

  if (pos_checkout_reconcile_finish (POS_CHECKOUT (object), result, &error)) {
    /* Translators: %s is the sale's state, e.g. "Not confirmed" */
    note = g_strdup_printf (_ ("Paystar was asked: the sale is “%s”."),
                            pos_sale_status_get_label (pos_checkout_get_state (request->checkout)));
  } else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED)) {
    note = g_strdup (_ ("This station cannot ask Paystar about a sale: Paystar’s Query API is not "
                        "set up. Re-open the form to see how the payment stands."));
  } else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    /* Translators: %s says why, e.g. "Could not connect to Paystar." */
    note = g_strdup_printf (_ ("Paystar could not be asked: %s"), error->message);
  }
  if (!request_is_current (request))
    return;
  self->operation = OPERATION_NONE;
  g_free (self->action_note);
  self->action_note = g_steal_pointer (&note);
  sync_state (self);
}

static void
submit (PosSalePage *self)
{
  PosCheckoutOptions options = { 0 };
  PaystarClient *client;

  if (self->checkout == NULL || !get_editable (self))
    return;
  validate (self);
  if (self->n_problems > 0) {
    reveal_errors (self);
    focus_first_error (self);
    return;
  }
  client = pos_station_get_client (self->station);
  if (client == NULL) {
    paystar_set_str (&self->server_general, pos_station_get_client_problem (self->station));
    update_general_message (self);
    return;
  }

  clear_server_errors (self);
  pos_station_get_checkout_options (self->station, &options);
  self->operation = OPERATION_SUBMIT;
  pos_checkout_submit_async (self->checkout, client, &options, self->cancellable, on_submitted,
                             request_new (self));
  sync_state (self);
}

static void
retry (PosSalePage *self)
{
  PosCheckoutOptions options = { 0 };
  PaystarClient *client = self->station != NULL ? pos_station_get_client (self->station) : NULL;

  if (self->checkout == NULL || client == NULL || get_busy (self) ||
      get_state (self) != POS_SALE_STATUS_UNKNOWN)
    return;
  pos_station_get_checkout_options (self->station, &options);
  self->operation = OPERATION_RETRY;
  pos_checkout_retry_async (self->checkout, client, &options, self->cancellable, on_retried,
                            request_new (self));
  sync_state (self);
}

static void
reopen_payment (PosSalePage *self)
{
  if (self->checkout == NULL || get_busy (self) || !is_reopenable_state (get_state (self)))
    return;
  g_signal_emit (self, signals[SIGNAL_REOPEN_PAYMENT], 0, self->checkout);
}

static void
start_new_sale (PosSalePage *self)
{
  g_autoptr (PosCheckout) checkout = NULL;
  PosJournal *journal;

  if (self->checkout == NULL || self->station == NULL)
    return;
  journal = pos_checkout_get_journal (self->checkout);
  checkout =
    pos_checkout_new (journal, pos_checkout_get_agent_email (self->checkout),
                      pos_settings_get_station_name (pos_station_get_settings (self->station)));
  pos_sale_page_set_checkout (self, checkout);

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    pos_sale_page_focus_default (self);
}

/* Ends an unsent sale (its journal row goes: nothing of it reached Paystar), then a new one. */
static void
discard_and_start_new (PosSalePage *self)
{
  g_autoptr (GError) error = NULL;

  if (self->checkout != NULL && get_editable (self) &&
      !pos_checkout_discard (self->checkout, &error)) {
    paystar_set_str (&self->server_general, error->message);
    update_general_message (self);
    return;
  }
  start_new_sale (self);
}

/* Actions */

static void
submit_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSalePage *self = POS_SALE_PAGE (widget);
  PosSaleStatus state = get_state (self);

  if (state == POS_SALE_STATUS_UNKNOWN)
    retry (self);
  else if (is_reopenable_state (state))
    reopen_payment (self);
  else
    submit (self);
}

static void
retry_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  retry (POS_SALE_PAGE (widget));
}

static void
reopen_payment_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  reopen_payment (POS_SALE_PAGE (widget));
}

static void
add_charge_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSalePage *self = POS_SALE_PAGE (widget);
  g_autoptr (GError) error = NULL;

  if (self->sale == NULL || !get_editable (self))
    return;
  if (pos_sale_add_charge (self->sale, &error) == NULL)
    g_debug ("Could not add a charge: %s", error->message);
}

/* Removing a charge. A filled one can be put back: a toast offers Undo, and Ctrl+Z does the
 * same while it shows. An empty one just goes. */

static void
forget_removed (PosSalePage *self)
{
  g_autoptr (AdwToast) toast = g_steal_pointer (&self->undo_toast);

  g_clear_object (&self->removed_charge);
  if (toast != NULL) {
    g_signal_handlers_disconnect_by_data (toast, self);
    adw_toast_dismiss (toast);
  }
}

static gboolean
undo_remove (PosSalePage *self)
{
  g_autoptr (PosCharge) charge = g_steal_pointer (&self->removed_charge);
  g_autoptr (GError) error = NULL;

  forget_removed (self);
  if (charge == NULL || self->sale == NULL || !get_editable (self))
    return FALSE;
  /* The rows follow the model; focus_new_rows puts the keyboard back on the restored charge. */
  if (!pos_sale_insert_charge (self->sale, self->removed_position, charge, &error)) {
    paystar_set_str (&self->server_general, error->message);
    update_general_message (self);
  }
  return TRUE;
}

static void
on_undo_toast_dismissed (AdwToast *toast, PosSalePage *self)
{
  if (self->undo_toast == toast) {
    g_clear_object (&self->undo_toast);
    g_clear_object (&self->removed_charge);
  }
}

static void
remove_charge_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSalePage *self = POS_SALE_PAGE (widget);
  guint position = g_variant_get_uint32 (parameter);
  g_autoptr (PosCharge) charge = NULL;
  GtkWidget *overlay;
  g_autofree char *title = NULL;

  if (self->sale == NULL || !get_editable (self) || position >= pos_sale_get_n_charges (self->sale))
    return;
  charge = g_object_ref (pos_sale_get_charge (self->sale, position));
  forget_removed (self);
  pos_sale_remove_charge (self->sale, position);
  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (pos_charge_is_blank (charge) || overlay == NULL)
    return;

  self->removed_charge = g_steal_pointer (&charge);
  self->removed_position = position;
  /* Translators: %u is the number the charge had on the page (1, 2, ...). */
  title = g_strdup_printf (_ ("Charge %u removed"), position + 1);
  self->undo_toast = adw_toast_new (title);
  adw_toast_set_button_label (self->undo_toast, _ ("_Undo"));
  g_object_ref (self->undo_toast); /* the overlay takes the floating one */
  g_signal_connect_object (self->undo_toast, "button-clicked", G_CALLBACK (undo_remove), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->undo_toast, "dismissed", G_CALLBACK (on_undo_toast_dismissed),
                           self, 0);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), self->undo_toast);
}

/* Ctrl+Z, in the capture phase: only while an Undo is offered, otherwise the text field under
 * the keyboard undoes its own typing. */
static gboolean
on_undo_shortcut (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  PosSalePage *self = POS_SALE_PAGE (widget);

  return self->removed_charge != NULL && undo_remove (self);
}

/* Bill-stub scanning */

static void
page_toast (PosSalePage *self, const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
on_bill_layout_changed (PosSalePage *self)
{
  const char *layout =
    self->station != NULL
      ? pos_settings_get_bill_barcode_layout (pos_station_get_settings (self->station))
      : "";

  g_clear_pointer (&self->bill_layout, pos_bill_layout_free);
  if (layout != NULL && *layout != '\0')
    self->bill_layout = pos_bill_layout_new (layout, NULL);
  pos_scan_detector_set_layout (self->scan_detector, layout);
}

/* The book's record of the scanned account: the same number (letter case aside) and sub-account,
 * or, for a bill that pads its numbers with zeros, the number without them. */
static PosBookAccount *
find_scanned_account (PosSalePage *self, const PosBillScan *scan)
{
  PosJournal *journal = pos_station_get_journal (self->station);
  const char *numbers[] = { scan->account, scan->account };

  while (*numbers[1] == '0' && numbers[1][1] != '\0')
    numbers[1]++;
  for (guint n = 0; n < G_N_ELEMENTS (numbers); n++) {
    g_autoptr (GPtrArray) found = NULL;

    if (n > 0 && numbers[n] == numbers[0])
      break;
    found = pos_account_book_find (journal, POS_BOOK_MATCH_NUMBER, numbers[n], 8, NULL);
    for (guint i = 0; found != NULL && i < found->len; i++) {
      PosBookAccount *account = g_ptr_array_index (found, i);

      if (g_ascii_strcasecmp (account->account_number, numbers[n]) == 0 &&
          (scan->sub_account == NULL ||
           g_strcmp0 (account->sub_account_number, scan->sub_account) == 0))
        return g_ptr_array_steal_index (found, i);
    }
  }
  return NULL;
}

/* A bill's stub, scanned: its charge, in the sale's last charge while that is still empty, or
 * added. The account as the book knows it (or only its number), then the bill's amount and due
 * date. A barcode this business's bills do not have changes nothing and says so. */
static void
on_scanned (PosSalePage *self, const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosBillScan) scan = NULL;
  g_autoptr (PosBookAccount) account = NULL;
  g_autofree char *message = NULL;
  PosCharge *charge = NULL;
  guint n;

  if (self->bill_layout == NULL || self->sale == NULL)
    return;
  if (!get_editable (self)) {
    page_toast (self, _ ("A bill was scanned, but this sale can no longer change: start a new "
                         "sale (Ctrl+N) and scan it again."));
    return;
  }
  scan = pos_bill_layout_read (self->bill_layout, text, &error);
  if (scan == NULL) {
    /* Translators: %s says why the barcode does not fit, e.g. "This barcode is shorter..." */
    message = g_strdup_printf (_ ("Scan not used: %s"), error->message);
    page_toast (self, message);
    return;
  }
  account = find_scanned_account (self, scan);
  n = pos_sale_get_n_charges (self->sale);
  if (n > 0 && pos_charge_is_blank (pos_sale_get_charge (self->sale, n - 1)))
    charge = pos_sale_get_charge (self->sale, n - 1);
  else
    charge = pos_sale_add_charge (self->sale, &error);
  if (charge == NULL) {
    page_toast (self, error->message);
    return;
  }
  if (account != NULL) {
    pos_book_account_fill_charge (account, charge);
  } else {
    pos_charge_set_has_account (charge, TRUE);
    pos_charge_set_field (charge, POS_CHARGE_FIELD_ACCOUNT_NUMBER, scan->account);
    pos_charge_set_field (charge, POS_CHARGE_FIELD_SUB_ACCOUNT_NUMBER, scan->sub_account);
  }
  if (scan->has_amount)
    pos_charge_set_amount (charge, scan->amount);
  if (scan->due_date != NULL)
    pos_charge_set_field (charge, POS_CHARGE_FIELD_DUE_DATE, scan->due_date);
  if (account != NULL)
    /* Translators: %s is the account number, then the account holder's name. */
    message = g_strdup_printf (_ ("Bill scanned: %s, %s"), account->account_number, account->name);
  else
    /* Translators: %s is the account number read from the bill. */
    message = g_strdup_printf (_ ("Bill scanned: account %s is not in the account book; type the "
                                  "name on the account"),
                               scan->account);
  page_toast (self, message);
}

static void
on_new_sale_response (AdwMessageDialog *dialog, const char *response, PosSalePage *self)
{
  g_assert (POS_IS_SALE_PAGE (self));

  if (g_strcmp0 (response, "discard") == 0 && get_editable (self))
    discard_and_start_new (self);
}

static void
new_sale_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSalePage *self = POS_SALE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->checkout == NULL || get_busy (self))
    return;
  /* A sale that went to Paystar stays in the journal as it is (an unfinished one in the list of
   * unfinished sales): nothing to lose. */
  if (!get_editable (self)) {
    start_new_sale (self);
    return;
  }
  if ((!self->dirty && !pos_checkout_get_restored (self->checkout)) || !GTK_IS_WINDOW (root)) {
    discard_and_start_new (self);
    return;
  }

  dialog = GTK_WIDGET (pos_confirm_dialog_new (
    GTK_WINDOW (root), _ ("Start a New Sale?"),
    _ ("The sale on screen has not been sent. Starting a new sale discards it."),
    _ ("_Keep Editing"), "discard", _ ("_Discard and Start New")));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_new_sale_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_closed (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Request) request = user_data;
  g_autoptr (GError) error = NULL;
  PosSalePage *self = request->page;

  if (pos_close_sale_finish (result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !request_is_current (request))
    return;
  paystar_set_str (&self->action_note, error->message);
  sync_state (self);
}

static void
close_sale_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSalePage *self = POS_SALE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  PosRoster *roster = self->station != NULL ? pos_station_get_roster (self->station) : NULL;

  if (self->checkout == NULL || get_busy (self) || roster == NULL || !GTK_IS_WINDOW (root))
    return;
  pos_close_sale_async (GTK_WINDOW (root), roster, self->checkout,
                        pos_checkout_get_agent_email (self->checkout), self->cancellable, on_closed,
                        request_new (self));
}

static void
change_sale_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSalePage *self = POS_SALE_PAGE (widget);
  g_autoptr (PosCheckout) copy = NULL;
  g_autoptr (GError) error = NULL;

  if (self->checkout == NULL || get_busy (self))
    return;
  copy = pos_checkout_copy_as_new (self->checkout, &error);
  if (copy == NULL) {
    paystar_set_str (&self->action_note, error->message);
    sync_state (self);
    return;
  }
  pos_sale_page_set_checkout (self, copy);
  pos_sale_page_focus_default (self);
}

static void
check_outcome_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSalePage *self = POS_SALE_PAGE (widget);
  PosCheckoutOptions options = { 0 };
  PaystarClient *client = self->station != NULL ? pos_station_get_client (self->station) : NULL;

  if (self->checkout == NULL || client == NULL || get_busy (self))
    return;
  g_clear_pointer (&self->action_note, g_free);
  pos_station_get_checkout_options (self->station, &options);
  self->operation = OPERATION_RECONCILE;
  pos_checkout_reconcile_async (self->checkout, client, &options, self->cancellable, on_reconciled,
                                request_new (self));
  sync_state (self);
}

static void
show_problems_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSalePage *self = POS_SALE_PAGE (widget);

  reveal_errors (self);
  focus_first_error (self);
}

static void
copy_link_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSalePage *self = POS_SALE_PAGE (widget);
  const char *link = gtk_label_get_text (self->link_label);

  if (link != NULL && *link != '\0')
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), link);
}

static void
on_client_changed (PosSalePage *self)
{
  g_assert (POS_IS_SALE_PAGE (self));

  validate (self);
}

static void
disconnect_checkout (PosSalePage *self)
{
  if (self->checkout != NULL)
    g_signal_handlers_disconnect_by_data (self->checkout, self);
}

static void
pos_sale_page_dispose (GObject *object)
{
  PosSalePage *self = POS_SALE_PAGE (object);

  /* A request in flight goes on without the page: the checkout journals its outcome. */
  g_cancellable_cancel (self->cancellable);
  if (self->checkout != NULL)
    pos_checkout_flush (self->checkout, NULL);
  disconnect_checkout (self);
  forget_removed (self);
  g_clear_object (&self->scan_detector);
  g_clear_pointer (&self->bill_layout, pos_bill_layout_free);
  g_clear_pointer (&self->descriptor_binding, g_binding_unbind);
  if (self->charges_list != NULL)
    gtk_list_box_bind_model (self->charges_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_SALE_PAGE);
  /* The template's top box has no id, so dispose_template() leaves it to us. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->sale);
  g_clear_object (&self->checkout);
  g_clear_object (&self->station);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pos_sale_page_parent_class)->dispose (object);
}

static void
pos_sale_page_finalize (GObject *object)
{
  PosSalePage *self = POS_SALE_PAGE (object);

  g_clear_pointer (&self->first_problem, g_free);
  g_clear_pointer (&self->descriptor_server_error, g_free);
  g_clear_pointer (&self->server_general, g_free);
  g_clear_pointer (&self->action_note, g_free);

  G_OBJECT_CLASS (pos_sale_page_parent_class)->finalize (object);
}

static void
pos_sale_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosSalePage *self = POS_SALE_PAGE (object);

  switch (prop_id) {
    case PROP_STATION:
      g_value_set_object (value, self->station);
      break;
    case PROP_CHECKOUT:
      g_value_set_object (value, self->checkout);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_sale_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  PosSalePage *self = POS_SALE_PAGE (object);

  switch (prop_id) {
    case PROP_STATION:
      pos_sale_page_set_station (self, g_value_get_object (value));
      break;
    case PROP_CHECKOUT:
      pos_sale_page_set_checkout (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_sale_page_class_init (PosSalePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_sale_page_dispose;
  object_class->finalize = pos_sale_page_finalize;
  object_class->get_property = pos_sale_page_get_property;
  object_class->set_property = pos_sale_page_set_property;

  properties[PROP_STATION] =
    g_param_spec_object ("station", NULL, NULL, POS_TYPE_STATION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CHECKOUT] =
    g_param_spec_object ("checkout", NULL, NULL, POS_TYPE_CHECKOUT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] = g_param_spec_boolean (
    "busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::session-created (PosCheckout *checkout): Paystar created the sale's payment session. */
  signals[SIGNAL_SESSION_CREATED] =
    g_signal_new ("session-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, POS_TYPE_CHECKOUT);
  /* ::reopen-payment (PosCheckout *checkout): the agent wants the sale's payment form back. */
  signals[SIGNAL_REOPEN_PAYMENT] =
    g_signal_new ("reopen-payment", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, POS_TYPE_CHECKOUT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/paystar/Pos/pos-sale-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, stack);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, restored_box);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, restored_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, unknown_box);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, unknown_title);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, unknown_text);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, unknown_reference);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, close_button);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, after_box);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, after_icon);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, after_title);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, after_text);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, after_note);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, after_close_button);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, check_button);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, change_button);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, after_new_button);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, general_message);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, form_box);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, count_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, charges_list);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, charges_message);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, add_button);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, add_limit_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, descriptor_field);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, reference_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, reference_message);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, payment_fields_editor);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, custom_meta_editor);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, created_total_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, created_reference_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, session_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, link_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, new_sale_button);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, submit_bar);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, total_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, problems_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, show_problems_button);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, submit_button);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, reopen_submit_button);

  gtk_widget_class_install_action (widget_class, "sale.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "sale.add-charge", NULL, add_charge_action);
  /* "u": the charge's position. */
  gtk_widget_class_install_action (widget_class, "sale.remove-charge", "u", remove_charge_action);
  gtk_widget_class_install_action (widget_class, "sale.new", NULL, new_sale_action);
  gtk_widget_class_install_action (widget_class, "sale.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "sale.close-sale", NULL, close_sale_action);
  gtk_widget_class_install_action (widget_class, "sale.change-sale", NULL, change_sale_action);
  gtk_widget_class_install_action (widget_class, "sale.check-outcome", NULL, check_outcome_action);
  gtk_widget_class_install_action (widget_class, "sale.show-problems", NULL, show_problems_action);
  gtk_widget_class_install_action (widget_class, "sale.copy-link", NULL, copy_link_action);
  gtk_widget_class_install_action (widget_class, "sale.reopen-payment", NULL,
                                   reopen_payment_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "sale.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "sale.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "sale.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_N, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "sale.add-charge", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "possalepage");
}

static void
pos_sale_page_init (PosSalePage *self)
{
  GtkEventController *controller;

  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_z, GDK_CONTROL_MASK),
                      gtk_callback_action_new (on_undo_shortcut, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  self->scan_detector = pos_scan_detector_new (GTK_WIDGET (self));
  g_signal_connect_object (self->scan_detector, "scanned", G_CALLBACK (on_scanned), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (self->payment_fields_editor, "notify::n-problems", G_CALLBACK (validate),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->custom_meta_editor, "notify::n-problems", G_CALLBACK (validate),
                           self, G_CONNECT_SWAPPED);
  sync_state (self);
}

GtkWidget *
pos_sale_page_new (void)
{
  return g_object_new (POS_TYPE_SALE_PAGE, NULL);
}

PosStation *
pos_sale_page_get_station (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), NULL);

  return self->station;
}

/* The PaymentFields keys the business unit has configured with Paystar (setting payment-fields)
 * are offered as empty rows; the station's settings decide them, not this page. */
static void
on_payment_fields_changed (PosSalePage *self)
{
  const char *const *keys = NULL;

  if (self->station != NULL)
    keys = pos_settings_get_payment_fields (pos_station_get_settings (self->station));
  pos_pairs_editor_set_suggested_keys (self->payment_fields_editor, keys);
}

void
pos_sale_page_set_station (PosSalePage *self, PosStation *station)
{
  g_return_if_fail (POS_IS_SALE_PAGE (self));
  g_return_if_fail (!station || POS_IS_STATION (station));

  if (self->station == station)
    return;

  if (self->station != NULL) {
    g_signal_handlers_disconnect_by_data (self->station, self);
    g_signal_handlers_disconnect_by_data (pos_station_get_settings (self->station), self);
  }
  g_set_object (&self->station, station);
  if (self->station != NULL) {
    g_signal_connect_object (self->station, "notify::client", G_CALLBACK (on_client_changed), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (pos_station_get_settings (self->station), "notify::charge-types",
                             G_CALLBACK (on_charge_types_changed), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (pos_station_get_settings (self->station), "notify::business-unit-slug",
                             G_CALLBACK (validate), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (pos_station_get_settings (self->station), "notify::payment-page-mode",
                             G_CALLBACK (validate), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (pos_station_get_settings (self->station), "notify::payment-fields",
                             G_CALLBACK (on_payment_fields_changed), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (pos_station_get_settings (self->station),
                             "notify::bill-barcode-layout", G_CALLBACK (on_bill_layout_changed),
                             self, G_CONNECT_SWAPPED);
  }
  on_payment_fields_changed (self);
  on_bill_layout_changed (self);
  validate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATION]);
}

void
pos_sale_page_set_checkout (PosSalePage *self, PosCheckout *checkout)
{
  static const char *const notifications[] = {
    "notify::state",    "notify::busy",   "notify::message",      "notify::editable",
    "notify::restored", "notify::edited", "notify::session-link",
  };

  g_return_if_fail (POS_IS_SALE_PAGE (self));
  g_return_if_fail (!checkout || POS_IS_CHECKOUT (checkout));

  if (self->checkout == checkout)
    return;

  if (self->checkout != NULL)
    pos_checkout_flush (self->checkout, NULL);
  disconnect_checkout (self);
  g_set_object (&self->checkout, checkout);
  self->operation = OPERATION_NONE;
  g_clear_pointer (&self->action_note, g_free);

  if (self->checkout != NULL) {
    for (guint i = 0; i < G_N_ELEMENTS (notifications); i++) {
      GCallback callback = g_str_equal (notifications[i], "notify::state")
                             ? G_CALLBACK (on_checkout_state_changed)
                             : G_CALLBACK (sync_state);

      g_signal_connect_object (self->checkout, notifications[i], callback, self, G_CONNECT_SWAPPED);
    }
    g_signal_connect_object (self->checkout, "notify::sale", G_CALLBACK (on_checkout_sale_changed),
                             self, G_CONNECT_SWAPPED);
  }
  set_sale (self, self->checkout != NULL ? pos_checkout_get_sale (self->checkout) : NULL);
  sync_state (self);
  /* A restored sale shows what is still missing. */
  if (self->checkout != NULL && pos_checkout_get_restored (self->checkout) && get_editable (self) &&
      pos_sale_get_n_charges (self->sale) > 0)
    reveal_errors (self);
  if (self->checkout != NULL && pos_checkout_get_field_errors (self->checkout)->len > 0 &&
      get_editable (self))
    show_server_errors (self, pos_checkout_get_field_errors (self->checkout));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKOUT]);
}

PosCheckout *
pos_sale_page_get_checkout (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), NULL);

  return self->checkout;
}

void
pos_sale_page_focus_default (PosSalePage *self)
{
  PosSaleStatus state;

  g_return_if_fail (POS_IS_SALE_PAGE (self));

  if (self->checkout == NULL || get_busy (self))
    return;
  state = get_state (self);
  if (state == POS_SALE_STATUS_UNKNOWN) {
    gtk_widget_grab_focus (self->retry_button);
    return;
  }
  if (state == POS_SALE_STATUS_CREATED) {
    gtk_widget_grab_focus (self->new_sale_button);
    return;
  }
  if (is_reopenable_state (state)) {
    gtk_widget_grab_focus (self->reopen_submit_button);
    return;
  }
  if (is_after_state (state)) {
    gtk_widget_grab_focus (self->after_new_button);
    return;
  }

  for (guint i = 0; i < pos_sale_get_n_charges (self->sale); i++) {
    const char *amount = pos_charge_get_amount_text (pos_sale_get_charge (self->sale, i));
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->charges_list, i);

    if ((amount == NULL || *amount == '\0') && POS_IS_CHARGE_ROW (row)) {
      pos_charge_row_focus_amount (POS_CHARGE_ROW (row));
      return;
    }
  }
  if (pos_sale_get_n_charges (self->sale) > 0) {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->charges_list, 0);

    if (POS_IS_CHARGE_ROW (row))
      pos_charge_row_focus_amount (POS_CHARGE_ROW (row));
  } else {
    gtk_widget_grab_focus (self->add_button);
  }
}

void
pos_sale_page_flush_draft (PosSalePage *self)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (POS_IS_SALE_PAGE (self));

  if (self->checkout != NULL && !pos_checkout_flush (self->checkout, &error))
    g_warning ("Could not save the draft: %s", error->message);
}

PosSale *
pos_sale_page_get_sale (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), NULL);

  return self->sale;
}

gboolean
pos_sale_page_get_busy (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), FALSE);

  return get_busy (self);
}

gboolean
pos_sale_page_get_has_unsent_work (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), FALSE);

  return get_editable (self) && (self->dirty || pos_checkout_get_restored (self->checkout));
}
