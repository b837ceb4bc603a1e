/* pos-recovery-page.c: the agent's unfinished sales, shown after sign-in before a new sale.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why this page exists: a crash, a closed window or a lost answer can leave a sale that reached
 * Paystar without a known outcome. If the agent simply keyed it again, the customer could pay
 * twice. So before a new sale the agent sees each such sale, what its state means, and only the
 * steps that cannot create a second payment: the same session's form, asking Paystar, sending
 * the very same request again, or an administrator closing it with a reason.
 *
 * The rows are built from the journal's records; a sale's PosCheckout is loaded only when one of
 * its actions is used, and then drives its row (state, progress, result).
 */
#include "config.h"

#include "pos-recovery-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pos-close-sale.h"
#include "pos-station-checkout.h"

typedef struct _Row Row;

typedef enum {
  POS_RECOVERY_ACTION_REOPEN,
  POS_RECOVERY_ACTION_CHECK,
  POS_RECOVERY_ACTION_RETRY,
  POS_RECOVERY_ACTION_CLOSE,
} PosRecoveryAction;

struct _PosRecoveryPage {
  GtkWidget parent_instance;

  GtkListBox *list;
  GtkLabel *empty_label;
  GtkLabel *count_label;
  GtkWidget *continue_button;

  PosStation *station;
  char *agent_email;
  PosCheckout *current;
  GPtrArray *rows; /* Row*, in list order */
  GCancellable *cancellable;
};

struct _Row {
  PosRecoveryPage *page; /* not owned: rows go before the page */
  GtkWidget *widget;     /* the GtkListBoxRow, owned by the list */
  gint64 id;
  PosSaleRecord *record;
  PosCheckout *checkout; /* loaded on first use */
  GtkLabel *reference;
  GtkLabel *total;
  GtkLabel *time;
  GtkLabel *state;
  GtkLabel *description;
  GtkLabel *note;
  GtkSpinner *spinner;
  GtkWidget *buttons[POS_RECOVERY_ACTION_CLOSE + 1];
};

G_DEFINE_FINAL_TYPE (PosRecoveryPage, pos_recovery_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_STATION, N_PROPS };

enum { SIGNAL_REOPEN_FORM, SIGNAL_CONTINUE, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
row_free (Row *row)
{
  if (row->checkout != NULL)
    g_signal_handlers_disconnect_by_data (row->checkout, row);
  g_clear_object (&row->checkout);
  g_clear_object (&row->record);
  g_free (row);
}

static void
show_label (GtkLabel *label, const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static char *
format_time (gint64 usec)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  if (time == NULL)
    return g_strdup ("");
  if (g_date_time_get_year (time) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (time) == g_date_time_get_day_of_year (now))
    return g_date_time_format (time, "%H:%M");
  return g_date_time_format (time, "%x %H:%M");
}

static PosSaleStatus
row_state (Row *row)
{
  PosCheckout *current = row->page->current;

  if (row->checkout != NULL)
    return pos_checkout_get_state (row->checkout);
  if (current != NULL && pos_checkout_get_id (current) == row->id)
    return pos_checkout_get_state (current);
  /* The journal says "submitting" and no request of this station is in flight for the sale (that
   * would be the current one's): an earlier run stopped before Paystar answered. That is what
   * pos_checkout_load() makes of it, "unknown"; "waiting for the answer" would be untrue. */
  if (pos_sale_record_get_status (row->record) == POS_SALE_STATUS_SUBMITTING)
    return POS_SALE_STATUS_UNKNOWN;
  return pos_sale_record_get_status (row->record);
}

static const char *
row_link (Row *row)
{
  if (row->checkout != NULL)
    return pos_checkout_get_session_link (row->checkout);
  return pos_sale_record_get_session_link (row->record);
}

static gboolean
has_client (PosRecoveryPage *self)
{
  return self->station != NULL && pos_station_get_client (self->station) != NULL;
}

/* Draws @row from its checkout (once loaded) or its record. */
static void
update_row (Row *row)
{
  PosRecoveryPage *self = row->page;
  PosSaleStatus state = row_state (row);
  gboolean busy = row->checkout != NULL && pos_checkout_get_busy (row->checkout);
  gboolean sent_unknown = state == POS_SALE_STATUS_UNKNOWN || state == POS_SALE_STATUS_SUBMITTING;
  gboolean open = state == POS_SALE_STATUS_CREATED || state == POS_SALE_STATUS_UNCONFIRMED;
  gboolean visible[POS_RECOVERY_ACTION_CLOSE + 1];
  g_autofree char *accessible = NULL;

  gtk_label_set_text (row->state, pos_sale_status_get_label (state));
  gtk_label_set_text (row->description, pos_checkout_describe_state (state));

  visible[POS_RECOVERY_ACTION_REOPEN] = open && row_link (row) != NULL;
  visible[POS_RECOVERY_ACTION_CHECK] = open || sent_unknown || state == POS_SALE_STATUS_PENDING;
  visible[POS_RECOVERY_ACTION_RETRY] = sent_unknown;
  visible[POS_RECOVERY_ACTION_CLOSE] = !pos_sale_status_is_final (state) &&
                                       state != POS_SALE_STATUS_DRAFT &&
                                       state != POS_SALE_STATUS_NOT_SENT;
  for (guint i = 0; i < G_N_ELEMENTS (row->buttons); i++) {
    gboolean sensitive = !busy;

    if (i == POS_RECOVERY_ACTION_CHECK || i == POS_RECOVERY_ACTION_RETRY)
      sensitive = sensitive && has_client (self);
    if (i == POS_RECOVERY_ACTION_CLOSE)
      sensitive = sensitive && self->station != NULL && pos_station_get_roster (self->station);
    gtk_widget_set_visible (row->buttons[i], visible[i]);
    gtk_widget_set_sensitive (row->buttons[i], sensitive);
  }
  gtk_widget_set_visible (GTK_WIDGET (row->spinner), busy);
  gtk_spinner_set_spinning (row->spinner, busy);

  /* Translators: how a screen reader announces a row: reference, state, total and time */
  accessible = g_strdup_printf (_ ("Sale %s, %s, %s, %s"), gtk_label_get_text (row->reference),
                                gtk_label_get_text (row->state), gtk_label_get_text (row->total),
                                gtk_label_get_text (row->time));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

static void
on_row_checkout_changed (Row *row)
{
  update_row (row);
}

/* The sale's checkout, loaded from the journal on first use. */
static PosCheckout *
row_get_checkout (Row *row, GError **error)
{
  PosRecoveryPage *self = row->page;
  PosJournal *journal;

  if (row->checkout != NULL)
    return row->checkout;
  if (self->current != NULL && pos_checkout_get_id (self->current) == row->id) {
    row->checkout = g_object_ref (self->current);
  } else {
    journal = pos_station_get_journal (self->station);
    row->checkout = pos_checkout_load (
      journal, row->id, pos_settings_get_station_name (pos_station_get_settings (self->station)),
      error);
    if (row->checkout == NULL)
      return NULL;
  }
  g_signal_connect_swapped (row->checkout, "notify::state", G_CALLBACK (on_row_checkout_changed),
                            row);
  g_signal_connect_swapped (row->checkout, "notify::busy", G_CALLBACK (on_row_checkout_changed),
                            row);
  g_signal_connect_swapped (row->checkout, "notify::session-link",
                            G_CALLBACK (on_row_checkout_changed), row);
  update_row (row);
  return row->checkout;
}

/* An action's callback: the page and the row's id, as the row may be gone by then. */
typedef struct {
  PosRecoveryPage *page;
  gint64 id;
} Pending;

static Pending *
pending_new (Row *row)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->page = g_object_ref (row->page);
  pending->id = row->id;
  return pending;
}

static void
pending_free (Pending *pending)
{
  g_clear_object (&pending->page);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static Row *
pending_get_row (Pending *pending)
{
  PosRecoveryPage *self = pending->page;

  if (g_cancellable_is_cancelled (self->cancellable))
    return NULL;
  for (guint i = 0; i < self->rows->len; i++) {
    Row *row = g_ptr_array_index (self->rows, i);

    if (row->id == pending->id)
      return row;
  }
  return NULL;
}

static void
set_note (Row *row, const char *text)
{
  show_label (row->note, text);
  update_row (row);
}

static void
on_reconciled (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Pending) pending = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *note = NULL;
  Row *row;

  if (pos_checkout_reconcile_finish (POS_CHECKOUT (object), result, &error))
    /* Translators: %s is the sale's state, e.g. "Awaiting payment" */
    note =
      g_strdup_printf (_ ("Paystar was asked: the sale is “%s”."),
                       pos_sale_status_get_label (pos_checkout_get_state (POS_CHECKOUT (object))));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    note = g_strdup (_ ("This station cannot ask Paystar about a sale: Paystar’s Query API is not "
                        "set up. Re-open the form to see how the payment stands."));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* Translators: %s says why, e.g. "Could not connect to Paystar." */
    note = g_strdup_printf (_ ("Paystar could not be asked: %s"), error->message);

  row = pending_get_row (pending);
  if (row != NULL)
    set_note (row, note);
}

static void
on_retried (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Pending) pending = user_data;
  g_autoptr (GError) error = NULL;
  PosCheckout *checkout = POS_CHECKOUT (object);
  g_autofree char *note = NULL;
  Row *row;

  if (pos_checkout_retry_finish (checkout, result, &error))
    note = g_strdup (_ ("Paystar has the payment session: re-open the form to take the card."));
  else if (pos_checkout_get_message (checkout) != NULL)
    note = g_strdup (pos_checkout_get_message (checkout));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    note = g_strdup (error->message);

  row = pending_get_row (pending);
  if (row != NULL)
    set_note (row, note);
}

static void
on_closed (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Pending) pending = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *note = NULL;
  Row *row;

  if (pos_close_sale_finish (result, &error))
    note = g_strdup (_ ("Closed. The journal keeps the reason."));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    note = g_strdup (error->message);
  else
    return;

  row = pending_get_row (pending);
  if (row != NULL)
    set_note (row, note);
}

static void
run_action (Row *row, PosRecoveryAction action)
{
  PosRecoveryPage *self = row->page;
  g_autoptr (GError) error = NULL;
  PosCheckoutOptions options = { 0 };
  PosCheckout *checkout;
  GtkRoot *root;

  checkout = row_get_checkout (row, &error);
  if (checkout == NULL) {
    set_note (row, error->message);
    return;
  }
  if (pos_checkout_get_busy (checkout))
    return;
  pos_station_get_checkout_options (self->station, &options);

  switch (action) {
    case POS_RECOVERY_ACTION_REOPEN:
      g_signal_emit (self, signals[SIGNAL_REOPEN_FORM], 0, checkout);
      break;
    case POS_RECOVERY_ACTION_CHECK:
      if (!has_client (self))
        return;
      set_note (row, _ ("Checking the outcome with Paystar…"));
      pos_checkout_reconcile_async (checkout, pos_station_get_client (self->station), &options,
                                    self->cancellable, on_reconciled, pending_new (row));
      break;
    case POS_RECOVERY_ACTION_RETRY:
      if (!has_client (self))
        return;
      set_note (row, _ ("Asking Paystar about this sale, then sending it again…"));
      pos_checkout_retry_async (checkout, pos_station_get_client (self->station), &options,
                                self->cancellable, on_retried, pending_new (row));
      break;
    case POS_RECOVERY_ACTION_CLOSE:
      root = gtk_widget_get_root (GTK_WIDGET (self));
      if (!GTK_IS_WINDOW (root) || pos_station_get_roster (self->station) == NULL)
        return;
      pos_close_sale_async (GTK_WINDOW (root), pos_station_get_roster (self->station), checkout,
                            self->agent_email, self->cancellable, on_closed, pending_new (row));
      break;
    default:
      g_assert_not_reached ();
  }
  update_row (row);
}

#define ACTION_KEY "pos-recovery-action"
#define ROW_KEY    "pos-recovery-row"

static void
on_button_clicked (GtkButton *button, Row *row)
{
  run_action (row, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), ACTION_KEY)));
}

/* @name: the widget's name (what GtkInspector and the UI tests find it by). */
static GtkLabel *
add_label (GtkBox *box, const char *name, const char *css_class, gboolean expand)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_name (label, name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, expand);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);
  return GTK_LABEL (label);
}

static Row *
create_row (PosRecoveryPage *self, PosSaleRecord *record)
{
  static const struct {
    const char *label;
    const char *tooltip;
    const char *css_class;
    const char *name;
  } buttons[] = {
    [POS_RECOVERY_ACTION_REOPEN] = { N_ ("_Re-open Form"),
                                     N_ ("Open Paystar’s payment form of this sale again"),
                                     "suggested-action", "reopen" },
    [POS_RECOVERY_ACTION_CHECK] = { N_ ("Check _Outcome"),
                                    N_ ("Ask Paystar how this sale’s payment stands"), NULL,
                                    "check" },
    [POS_RECOVERY_ACTION_RETRY] = { N_ ("Re_try"),
                                    N_ ("Ask Paystar about this reference, then send the very "
                                        "same sale again if it has none"),
                                    "suggested-action", "retry" },
    [POS_RECOVERY_ACTION_CLOSE] = { N_ ("C_lose Sale…"),
                                    N_ ("An administrator ends this sale with their PIN and a "
                                        "reason"),
                                    NULL, "close" },
  };
  /* The order on screen: the safe, primary step last (at the right, as dialogs have it). */
  static const PosRecoveryAction order[] = {
    POS_RECOVERY_ACTION_CLOSE,
    POS_RECOVERY_ACTION_CHECK,
    POS_RECOVERY_ACTION_RETRY,
    POS_RECOVERY_ACTION_REOPEN,
  };
  Row *row = g_new0 (Row, 1);
  g_autofree char *total = paystar_money_format (pos_sale_record_get_total (record));
  g_autofree char *time = format_time (pos_sale_record_get_created (record));
  g_autofree char *name = NULL;
  GtkWidget *box;
  GtkWidget *line;
  GtkWidget *actions;

  row->page = self;
  row->id = pos_sale_record_get_id (record);
  row->record = g_object_ref (record);

  row->widget = gtk_list_box_row_new ();
  /* "sale-ID": which sale the row is, for GtkInspector and the UI tests. */
  name = g_strdup_printf ("sale-%" G_GINT64_FORMAT, row->id);
  gtk_widget_set_name (row->widget, name);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->widget), FALSE);
  g_object_set_data (G_OBJECT (row->widget), ROW_KEY, row);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row->widget), box);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (box), line);
  row->state = add_label (GTK_BOX (line), "state", "status-pill", FALSE);
  gtk_widget_set_valign (GTK_WIDGET (row->state), GTK_ALIGN_CENTER);
  row->reference = add_label (GTK_BOX (line), "reference", "monospace", TRUE);
  gtk_label_set_text (row->reference, pos_sale_record_get_client_reference (record));
  gtk_label_set_ellipsize (row->reference, PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_selectable (row->reference, TRUE);
  row->time = add_label (GTK_BOX (line), "time", "dim-label", FALSE);
  gtk_label_set_text (row->time, time);
  row->total = add_label (GTK_BOX (line), "total", "title-4", FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (row->total), "numeric");
  gtk_label_set_text (row->total, total);

  row->description = add_label (GTK_BOX (box), "description", NULL, TRUE);
  gtk_label_set_wrap (row->description, TRUE);
  row->note = add_label (GTK_BOX (box), "note", "heading", TRUE);
  gtk_label_set_wrap (row->note, TRUE);
  gtk_label_set_selectable (row->note, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (row->note), FALSE);

  actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (actions, GTK_ALIGN_END);
  gtk_widget_set_margin_top (actions, 6);
  gtk_box_append (GTK_BOX (box), actions);
  row->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (row->spinner), FALSE);
  gtk_box_append (GTK_BOX (actions), GTK_WIDGET (row->spinner));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++) {
    PosRecoveryAction action = order[i];
    GtkWidget *button = gtk_button_new_with_mnemonic (_ (buttons[action].label));

    gtk_widget_set_name (button, buttons[action].name);
    gtk_widget_set_tooltip_text (button, _ (buttons[action].tooltip));
    if (buttons[action].css_class != NULL)
      gtk_widget_add_css_class (button, buttons[action].css_class);
    g_object_set_data (G_OBJECT (button), ACTION_KEY, GINT_TO_POINTER (action));
    g_signal_connect (button, "clicked", G_CALLBACK (on_button_clicked), row);
    gtk_box_append (GTK_BOX (actions), button);
    row->buttons[action] = button;
  }

  update_row (row);
  return row;
}

static void
clear_rows (PosRecoveryPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_ptr_array_set_size (self->rows, 0);
}

static void
update_summary (PosRecoveryPage *self)
{
  g_autofree char *count = NULL;
  guint n = self->rows->len;

  gtk_widget_set_visible (GTK_WIDGET (self->list), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), n == 0);
  count = g_strdup_printf (ngettext ("%u unfinished sale", "%u unfinished sales", n), n);
  gtk_label_set_text (self->count_label, count);
  /* A restored sale of the agent's is waiting on the sale page: that is where they go on. */
  gtk_button_set_label (GTK_BUTTON (self->continue_button),
                        self->current != NULL && pos_checkout_get_restored (self->current) &&
                            pos_checkout_get_editable (self->current)
                          ? _ ("_Continue")
                          : _ ("_Continue to New Sale"));
}

guint
pos_recovery_page_refresh (PosRecoveryPage *self)
{
  g_autoptr (GListModel) records = NULL;
  g_autoptr (GError) error = NULL;
  PosJournal *journal;

  g_return_val_if_fail (POS_IS_RECOVERY_PAGE (self), 0);

  clear_rows (self);
  journal = self->station != NULL ? pos_station_get_journal (self->station) : NULL;
  if (journal != NULL && self->agent_email != NULL) {
    records = pos_checkout_list_unfinished (journal, self->agent_email, &error);
    if (records == NULL)
      g_warning ("Could not list the unfinished sales: %s", error->message);
  }
  for (guint i = 0; records != NULL && i < g_list_model_get_n_items (records); i++) {
    g_autoptr (PosSaleRecord) record = g_list_model_get_item (records, i);
    Row *row = create_row (self, record);

    g_ptr_array_add (self->rows, row);
    gtk_list_box_append (self->list, row->widget);
  }
  update_summary (self);
  return self->rows->len;
}

guint
pos_recovery_page_show (PosRecoveryPage *self, const char *agent_email, PosCheckout *current)
{
  g_return_val_if_fail (POS_IS_RECOVERY_PAGE (self), 0);
  g_return_val_if_fail (!current || POS_IS_CHECKOUT (current), 0);

  g_free (self->agent_email);
  self->agent_email = g_strdup (agent_email);
  g_set_object (&self->current, current);
  return pos_recovery_page_refresh (self);
}

guint
pos_recovery_page_get_n_sales (PosRecoveryPage *self)
{
  g_return_val_if_fail (POS_IS_RECOVERY_PAGE (self), 0);

  return self->rows->len;
}

void
pos_recovery_page_focus_default (PosRecoveryPage *self)
{
  g_return_if_fail (POS_IS_RECOVERY_PAGE (self));

  /* The first sale's primary step, else going on. */
  if (self->rows->len > 0) {
    Row *row = g_ptr_array_index (self->rows, 0);

    for (guint i = 0; i < G_N_ELEMENTS (row->buttons); i++) {
      if (gtk_widget_get_visible (row->buttons[i]) && gtk_widget_is_sensitive (row->buttons[i]) &&
          gtk_widget_has_css_class (row->buttons[i], "suggested-action")) {
        gtk_widget_grab_focus (row->buttons[i]);
        return;
      }
    }
  }
  gtk_widget_grab_focus (self->continue_button);
}

static void
continue_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_CONTINUE], 0);
}

static void
refresh_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  pos_recovery_page_refresh (POS_RECOVERY_PAGE (widget));
}

static void
on_client_changed (PosRecoveryPage *self)
{
  g_assert (POS_IS_RECOVERY_PAGE (self));

  for (guint i = 0; i < self->rows->len; i++)
    update_row (g_ptr_array_index (self->rows, i));
}

void
pos_recovery_page_set_station (PosRecoveryPage *self, PosStation *station)
{
  g_return_if_fail (POS_IS_RECOVERY_PAGE (self));
  g_return_if_fail (!station || POS_IS_STATION (station));

  if (self->station == station)
    return;
  if (self->station != NULL)
    g_signal_handlers_disconnect_by_data (self->station, self);
  clear_rows (self);
  g_set_object (&self->station, station);
  if (self->station != NULL)
    g_signal_connect_object (self->station, "notify::client", G_CALLBACK (on_client_changed), self,
                             G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATION]);
}

static void
pos_recovery_page_dispose (GObject *object)
{
  PosRecoveryPage *self = POS_RECOVERY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_RECOVERY_PAGE);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->current);
  g_clear_object (&self->station);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pos_recovery_page_parent_class)->dispose (object);
}

static void
pos_recovery_page_finalize (GObject *object)
{
  PosRecoveryPage *self = POS_RECOVERY_PAGE (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_free (self->agent_email);

  G_OBJECT_CLASS (pos_recovery_page_parent_class)->finalize (object);
}

static void
pos_recovery_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosRecoveryPage *self = POS_RECOVERY_PAGE (object);

  switch (prop_id) {
    case PROP_STATION:
      g_value_set_object (value, self->station);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_recovery_page_set_property (GObject *object,
                                guint prop_id,
                                const GValue *value,
                                GParamSpec *pspec)
{
  PosRecoveryPage *self = POS_RECOVERY_PAGE (object);

  switch (prop_id) {
    case PROP_STATION:
      pos_recovery_page_set_station (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_recovery_page_class_init (PosRecoveryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_recovery_page_dispose;
  object_class->finalize = pos_recovery_page_finalize;
  object_class->get_property = pos_recovery_page_get_property;
  object_class->set_property = pos_recovery_page_set_property;

  properties[PROP_STATION] =
    g_param_spec_object ("station", NULL, NULL, POS_TYPE_STATION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::reopen-form (PosCheckout *checkout): show the sale's payment form again. */
  signals[SIGNAL_REOPEN_FORM] =
    g_signal_new ("reopen-form", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, POS_TYPE_CHECKOUT);
  /* ::continue (): on to the sale page. */
  signals[SIGNAL_CONTINUE] = g_signal_new ("continue", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/paystar/Pos/pos-recovery-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PosRecoveryPage, list);
  gtk_widget_class_bind_template_child (widget_class, PosRecoveryPage, empty_label);
  gtk_widget_class_bind_template_child (widget_class, PosRecoveryPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, PosRecoveryPage, continue_button);

  gtk_widget_class_install_action (widget_class, "recovery.continue", NULL, continue_action);
  gtk_widget_class_install_action (widget_class, "recovery.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "recovery.refresh", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "posrecoverypage");
}

static void
pos_recovery_page_init (PosRecoveryPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  update_summary (self);
}

GtkWidget *
pos_recovery_page_new (void)
{
  return g_object_new (POS_TYPE_RECOVERY_PAGE, NULL);
}
