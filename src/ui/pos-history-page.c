/* pos-history-page.c: the station's history: journaled sales by range and search, their details,
 * a per-agent summary, CSV export and the customer's slip.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-history-page.h"

#include <glib/gi18n.h>

#include "paystar.h"
#include "pos-checkout.h"
#include "pos-office-db.h"
#include "pos-shift-summary-view.h"
#include "pos-slip.h"
#include "pos-status-pill.h"

/* The list shows at most this many sales (the journal's default page); the export and the
 * summary read the whole range. */
#define LIST_LIMIT 500

/* Every status but "draft": a sale still being keyed is not history, but one whose submit did
 * not leave the station ("not-sent") is, until it is sent or discarded. */
#define HISTORY_STATUS_MASK \
  (((1u << (POS_SALE_STATUS_LAST + 1)) - 1) & ~POS_SALE_STATUS_MASK (POS_SALE_STATUS_DRAFT))

struct _PosHistoryPage {
  GtkWidget parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkToggleButton *today_button;
  GtkToggleButton *shift_button;
  GtkToggleButton *all_button;
  GtkSearchEntry *search_entry;
  GtkStack *list_stack;
  GtkColumnView *column_view;
  AdwStatusPage *empty_page;
  GtkLabel *limit_label;
  PosShiftSummaryView *summary_view;
  AdwFlap *details_flap;
  GtkLabel *details_title;
  PosStatusPill *details_pill;
  GtkGrid *details_grid;
  int details_rows;
  GtkLabel *request_view;
  GtkLabel *response_view;
  GtkWidget *export_button;
  GtkWidget *reopen_button;
  GtkWidget *check_button;
  GtkWidget *print_button;
  GtkWidget *close_sale_button;
  GtkLabel *details_hint;
  GtkToggleButton *office_button;
  GtkColumnViewColumn *station_column;

  PosJournal *journal;
  gint64 shift_start;
  char *station_name;
  PosHistoryRange range;
  char *search_text;

  GListStore *sales;
  GtkSingleSelection *selection;
  PosShiftSummary *summary;
  PosSaleRecord *details;
  GtkFileChooserNative *chooser;
  char *office_conninfo;        /* "All stations" offered (an administrator, an office) */
  GCancellable *office_reading; /* the office read in flight */

  guint syncing_buttons : 1;
  guint syncing_entry : 1;
};

G_DEFINE_FINAL_TYPE (PosHistoryPage, pos_history_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_JOURNAL,
  PROP_SHIFT_START,
  PROP_STATION_NAME,
  PROP_RANGE,
  PROP_SEARCH_TEXT,
  N_PROPS
};

enum { SIGNAL_REOPEN, SIGNAL_CHECK_OUTCOME, SIGNAL_CLOSE_SALE, SIGNAL_CLOSE_DAY, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static char *
format_time (gint64 usec, gboolean with_date)
{
  g_autoptr (GDateTime) local = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  if (local == NULL)
    return g_strdup ("");
  /* Translators: a sale's time in the history list; see g_date_time_format(). */
  return g_date_time_format (local, with_date ? _ ("%Y-%m-%d %H:%M") : _ ("%H:%M"));
}

/* The list's columns come from GtkBuilderListItemFactory templates in pos-history-page.ui, bound
 * to PosSaleRecord's properties; these closures format what a column shows. */

/* A sale of today shows its time; an older one its date too. */
static char *
history_time_text (GtkListItem *item, gint64 created)
{
  return format_time (created, created < pos_shift_summary_day_start (g_get_real_time ()));
}

static char *
history_total_text (GtkListItem *item, gint64 total)
{
  return paystar_money_format (total);
}

static char *
history_card_text (GtkListItem *item, PosSaleRecord *record)
{
  char *text;

  if (record == NULL)
    return NULL;
  text = pos_sale_record_dup_masked_card (record);
  if (text == NULL)
    /* Translators: the card column when the card is not known. */
    text = g_strdup (C_ ("card", "—"));
  return text;
}

static void
toast (PosHistoryPage *self, const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The session can be shown again: it is open, or its form was left, or a card was declined
 * (the customer may try another). */
/* A sale of another station (read from the office database) is only looked at here: its own
 * station re-opens, checks, closes and prints it. */
static gboolean
is_local (PosSaleRecord *record)
{
  return record != NULL && pos_sale_record_get_station (record) == NULL;
}

static gboolean
can_reopen (PosSaleRecord *record)
{
  if (!is_local (record) || pos_sale_record_get_session_link (record) == NULL)
    return FALSE;
  switch (pos_sale_record_get_status (record)) {
    case POS_SALE_STATUS_CREATED:
    case POS_SALE_STATUS_DISMISSED:
    case POS_SALE_STATUS_FAILED:
    case POS_SALE_STATUS_UNCONFIRMED:
      return TRUE;
    default:
      return FALSE;
  }
}

/* Paystar may know more than the journal: the outcome is unknown, not confirmed, not final, or
 * the session is still open. */
static gboolean
can_check_outcome (PosSaleRecord *record)
{
  if (!is_local (record))
    return FALSE;
  switch (pos_sale_record_get_status (record)) {
    case POS_SALE_STATUS_UNKNOWN:
    case POS_SALE_STATUS_UNCONFIRMED:
    case POS_SALE_STATUS_CREATED:
    case POS_SALE_STATUS_PENDING:
      return TRUE;
    default:
      return FALSE;
  }
}

/* Reached (or may have reached) Paystar and is not final: only an administrator may end it, with
 * a reason (the window asks for both). */
static gboolean
can_close_sale (PosSaleRecord *record)
{
  PosSaleStatus status;

  if (!is_local (record))
    return FALSE;
  status = pos_sale_record_get_status (record);
  return status != POS_SALE_STATUS_DRAFT && status != POS_SALE_STATUS_NOT_SENT &&
         !pos_sale_status_is_final (status);
}

static gboolean
can_print (PosSaleRecord *record)
{
  return is_local (record) && pos_sale_record_get_status (record) == POS_SALE_STATUS_SUCCEEDED;
}

static void
update_actions (PosHistoryPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.refresh", self->journal != NULL);
  /* The export writes this station's journal: not offered while the list shows every station. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.export",
                                 self->journal != NULL &&
                                   !gtk_toggle_button_get_active (self->office_button));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.reopen", can_reopen (self->details));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.check-outcome",
                                 can_check_outcome (self->details));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.close-sale",
                                 can_close_sale (self->details));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.print-slip",
                                 can_print (self->details));
  /* Only what applies to the sale is offered. */
  gtk_widget_set_visible (self->reopen_button, can_reopen (self->details));
  gtk_widget_set_visible (self->check_button, can_check_outcome (self->details));
  gtk_widget_set_visible (self->print_button, can_print (self->details));
  gtk_widget_set_visible (self->close_sale_button, can_close_sale (self->details));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.close-details", self->details != NULL);
}

/* What the journal stored, pretty-printed when it is JSON; the raw text otherwise. The strict
 * reader is used because a response came from outside. */
static char *
pretty_json (const char *text)
{
  g_autoptr (JsonNode) node = NULL;

  if (text == NULL || *text == '\0')
    return g_strdup (_ ("Nothing was recorded."));
  node = paystar_json_parse (text, -1, NULL);
  if (node == NULL)
    return g_strdup (text);
  return json_to_string (node, TRUE);
}

static void
add_detail_row (PosHistoryPage *self, const char *title, const char *value)
{
  GtkWidget *name;
  GtkWidget *label;
  g_autofree char *spoken = NULL;

  if (value == NULL || *value == '\0')
    return;
  name = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (name), 0.0);
  gtk_label_set_yalign (GTK_LABEL (name), 0.0);
  gtk_widget_add_css_class (name, "dim-label");
  /* The value as a plain-text label (stored text is never markup), selectable for copying. */
  label = gtk_label_new (value);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_hexpand (label, TRUE);
  /* Screen readers get "Total: $150.00" from the value alone. */
  spoken = g_strdup_printf ("%s: %s", title, value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken,
                                  -1);
  gtk_grid_attach (self->details_grid, name, 0, self->details_rows, 1, 1);
  gtk_grid_attach (self->details_grid, label, 1, self->details_rows, 1, 1);
  self->details_rows++;
}

static void
fill_details (PosHistoryPage *self)
{
  PosSaleRecord *record = self->details;
  GtkWidget *child;
  g_autofree char *created = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *total = NULL;
  g_autofree char *card = NULL;
  g_autofree char *request = NULL;
  g_autofree char *response = NULL;
  PosSaleStatus status;
  const char *hint;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->details_grid))) != NULL)
    gtk_grid_remove (self->details_grid, child);
  self->details_rows = 0;

  if (record == NULL) {
    gtk_label_set_text (self->request_view, "");
    gtk_label_set_text (self->response_view, "");
    gtk_widget_set_visible (GTK_WIDGET (self->details_hint), FALSE);
    return;
  }

  status = pos_sale_record_get_status (record);
  gtk_label_set_text (self->details_title, pos_sale_record_get_client_reference (record));
  pos_status_pill_set_status (self->details_pill, status);
  /* A sale that is not over says what it means and what to do. */
  hint = pos_sale_status_is_final (status) ? NULL : pos_checkout_describe_state (status);
  gtk_label_set_text (self->details_hint, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->details_hint), hint != NULL && *hint != '\0');

  created = format_time (pos_sale_record_get_created (record), TRUE);
  updated = format_time (pos_sale_record_get_updated (record), TRUE);
  total = paystar_money_format (pos_sale_record_get_total (record));
  card = pos_sale_record_dup_masked_card (record);

  add_detail_row (self, _ ("Total"), total);
  if (!is_local (record))
    add_detail_row (self, _ ("Station"), pos_sale_record_get_station (record));
  add_detail_row (self, _ ("Agent"), pos_sale_record_get_agent_email (record));
  add_detail_row (self, _ ("Accounts"), pos_sale_record_get_accounts (record));
  add_detail_row (self, _ ("Card"), card);
  {
    g_autofree char *paystar_reference =
      pos_sale_record_dup_payment_field (record, "referenceNumber");
    g_autofree char *authorization = pos_sale_record_dup_payment_field (record, "authCode");

    add_detail_row (self, _ ("Paystar Reference"), paystar_reference);
    add_detail_row (self, _ ("Authorization"), authorization);
  }
  add_detail_row (self, _ ("Created"), created);
  add_detail_row (self, _ ("Last Change"), updated);
  add_detail_row (self, _ ("Session Identifier"), pos_sale_record_get_session_identifier (record));
  if (status == POS_SALE_STATUS_CLOSED) {
    /* Translators: in a closed sale's details: the administrator who closed it. */
    add_detail_row (self, _ ("Closed By"), pos_sale_record_get_closed_by (record));
    /* Translators: in a closed sale's details: why the administrator closed it. */
    add_detail_row (self, _ ("Reason"), pos_sale_record_get_closed_reason (record));
  }
  add_detail_row (self, _ ("Error"), pos_sale_record_get_error_text (record));

  request = pretty_json (pos_sale_record_get_request_json (record));
  response = pretty_json (pos_sale_record_get_response_json (record));
  gtk_label_set_text (self->request_view, request);
  gtk_label_set_text (self->response_view, response);
}

void
pos_history_page_show_details (PosHistoryPage *self, PosSaleRecord *record)
{
  g_return_if_fail (POS_IS_HISTORY_PAGE (self));
  g_return_if_fail (record == NULL || POS_IS_SALE_RECORD (record));

  g_set_object (&self->details, record);
  fill_details (self);
  adw_flap_set_reveal_flap (self->details_flap, record != NULL);
  update_actions (self);
}

PosSaleRecord *
pos_history_page_get_details_record (PosHistoryPage *self)
{
  g_return_val_if_fail (POS_IS_HISTORY_PAGE (self), NULL);

  return self->details;
}

static const char *
range_summary_title (PosHistoryRange range)
{
  switch (range) {
    case POS_HISTORY_RANGE_TODAY:
      return _ ("Today by Agent");
    case POS_HISTORY_RANGE_SHIFT:
      return _ ("This Shift by Agent");
    case POS_HISTORY_RANGE_ALL:
    default:
      return _ ("Summary by Agent");
  }
}

static void
rebuild_summary (PosHistoryPage *self)
{
  const char *placeholder =
    self->journal == NULL ? _ ("No journal is open.")
                          /* Translators: under the history list when "All" is chosen. */
                          : _ ("Choose Today or This Shift to see counts and totals per agent.");

  pos_shift_summary_view_set_title (self->summary_view, range_summary_title (self->range));
  pos_shift_summary_view_set_placeholder (self->summary_view, placeholder);
  pos_shift_summary_view_set_summary (self->summary_view, self->summary);
}

static gint64
range_since (PosHistoryPage *self)
{
  switch (self->range) {
    case POS_HISTORY_RANGE_TODAY:
      return pos_shift_summary_day_start (g_get_real_time ());
    case POS_HISTORY_RANGE_SHIFT:
      return self->shift_start;
    case POS_HISTORY_RANGE_ALL:
    default:
      return 0;
  }
}

void
pos_history_page_get_query (PosHistoryPage *self, PosJournalQuery *query)
{
  g_return_if_fail (POS_IS_HISTORY_PAGE (self));
  g_return_if_fail (query != NULL);

  *query = (PosJournalQuery){ 0 };
  query->status_mask = HISTORY_STATUS_MASK;
  query->since = range_since (self);
  if (self->search_text != NULL && *self->search_text != '\0')
    query->text = self->search_text;
}

static void
show_empty (PosHistoryPage *self, const char *title, const char *description)
{
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

/* Shows @items (PosSaleRecord*) found for @query, or what to do when there are none. */
static void
show_sales (PosHistoryPage *self, GPtrArray *items, const PosJournalQuery *query)
{
  guint n = items->len;

  g_list_store_splice (self->sales, 0, g_list_model_get_n_items (G_LIST_MODEL (self->sales)),
                       items->pdata, items->len);

  if (n == 0 && query->text != NULL) {
    g_autofree char *description =
      g_strdup_printf (_ ("No sale in this range matches “%s”. Search by account number, "
                          "reference or amount, or choose All."),
                       query->text);

    show_empty (self, _ ("No Matching Sales"), description);
  } else if (n == 0) {
    show_empty (self, _ ("No Sales"),
                self->range == POS_HISTORY_RANGE_ALL
                  ? _ ("Sales appear here once they are submitted.")
                  : _ ("No sale was submitted in this range. Choose All to see older sales."));
  } else {
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  }

  if (n >= LIST_LIMIT) {
    g_autofree char *text =
      g_strdup_printf (_ ("Showing the newest %u sales. Search or choose a shorter range to find "
                          "older ones; Export CSV writes all of them."),
                       (guint) LIST_LIMIT);

    gtk_label_set_text (self->limit_label, text);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->limit_label), n >= LIST_LIMIT);
}

/* "All stations": the office database is read in a worker thread (it may be across a network). */
typedef struct {
  char *conninfo;
  PosJournalQuery query;
  char *text;
  gboolean with_summary;
  GPtrArray *records;
  PosShiftSummary *summary;
} OfficeRead;

static void
office_read_free (OfficeRead *read)
{
  g_free (read->conninfo);
  g_free (read->text);
  g_clear_pointer (&read->records, g_ptr_array_unref);
  g_clear_object (&read->summary);
  g_free (read);
}

static void
office_read_thread (GTask *task, gpointer object, gpointer data, GCancellable *cancellable)
{
  OfficeRead *read = data;
  g_autoptr (PGconn) conn = NULL;
  GError *error = NULL;

  conn = pos_office_connect (read->conninfo, "paystar-pos-history", &error);
  if (conn != NULL)
    read->records = pos_office_list_sales (conn, &read->query, &error);
  if (read->records != NULL && read->with_summary) {
    PosJournalQuery range = { .since = read->query.since, .status_mask = read->query.status_mask };

    read->summary = pos_shift_summary_new ();
    if (!pos_office_summarize_sales (conn, &range, read->summary, &error))
      g_clear_pointer (&read->records, g_ptr_array_unref);
  }
  if (read->records == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_office_read (GObject *object, GAsyncResult *result, gpointer user_data)
{
  PosHistoryPage *self = POS_HISTORY_PAGE (object);
  OfficeRead *read = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error)) {
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      return;
    g_list_store_remove_all (self->sales);
    show_empty (self, _ ("The Office Database Cannot Be Read"), error->message);
    rebuild_summary (self);
    return;
  }
  show_sales (self, read->records, &read->query);
  g_set_object (&self->summary, read->summary);
  rebuild_summary (self);
}

static void
refresh_from_office (PosHistoryPage *self, const PosJournalQuery *query)
{
  g_autoptr (GTask) task = NULL;
  OfficeRead *read = g_new0 (OfficeRead, 1);

  g_cancellable_cancel (self->office_reading);
  g_clear_object (&self->office_reading);
  self->office_reading = g_cancellable_new ();

  read->conninfo = g_strdup (self->office_conninfo);
  read->query = *query;
  read->text = g_strdup (query->text);
  read->query.text = read->text;
  read->with_summary = self->range != POS_HISTORY_RANGE_ALL;

  g_list_store_remove_all (self->sales);
  gtk_widget_set_visible (GTK_WIDGET (self->limit_label), FALSE);
  show_empty (self, _ ("Reading the Office Database…"),
              _ ("Every station’s sales, as the stations delivered them."));
  rebuild_summary (self);

  task = g_task_new (self, self->office_reading, on_office_read, NULL);
  g_task_set_task_data (task, read, (GDestroyNotify) office_read_free);
  /* A cancelled read reports G_IO_ERROR_CANCELLED, and is then ignored. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, office_read_thread);
}

void
pos_history_page_refresh (PosHistoryPage *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) sales = NULL;
  g_autoptr (GPtrArray) items = NULL;
  PosJournalQuery query;
  guint n;

  g_return_if_fail (POS_IS_HISTORY_PAGE (self));

  g_clear_object (&self->summary);
  g_cancellable_cancel (self->office_reading);
  if (self->journal == NULL) {
    g_list_store_remove_all (self->sales);
    gtk_widget_set_visible (GTK_WIDGET (self->limit_label), FALSE);
    show_empty (self, _ ("History Unavailable"), _ ("The journal is not open yet."));
    rebuild_summary (self);
    pos_history_page_show_details (self, NULL);
    return;
  }

  pos_history_page_get_query (self, &query);
  query.limit = LIST_LIMIT;
  if (gtk_toggle_button_get_active (self->office_button) && self->office_conninfo != NULL) {
    refresh_from_office (self, &query);
    return;
  }
  sales = pos_journal_list (self->journal, &query, &error);
  if (sales == NULL) {
    g_list_store_remove_all (self->sales);
    show_empty (self, _ ("Could Not Read the Journal"), error->message);
    rebuild_summary (self);
    return;
  }

  n = g_list_model_get_n_items (sales);
  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (sales, i));
  show_sales (self, items, &query);

  /* The summary covers the whole range, whatever the search. "All" has none: a summary of the
   * whole journal means reading every sale ever made. */
  if (self->range != POS_HISTORY_RANGE_ALL) {
    PosJournalQuery range_query = { .since = query.since, .status_mask = query.status_mask };

    g_clear_error (&error);
    self->summary = pos_shift_summary_new_from_journal (self->journal, &range_query, &error);
    if (self->summary == NULL)
      toast (self, error->message);
  }
  rebuild_summary (self);

  /* The open details follow the sale's latest state. */
  if (self->details != NULL && is_local (self->details)) {
    g_autoptr (PosSaleRecord) latest =
      pos_journal_lookup (self->journal, pos_sale_record_get_id (self->details), NULL);

    pos_history_page_show_details (self, latest);
  }
}

static void
on_office_toggled (PosHistoryPage *self)
{
  gboolean office = gtk_toggle_button_get_active (self->office_button);

  gtk_column_view_column_set_visible (self->station_column, office);
  pos_history_page_show_details (self, NULL);
  update_actions (self);
  pos_history_page_refresh (self);
}

void
pos_history_page_set_office (PosHistoryPage *self, const char *conninfo)
{
  g_return_if_fail (POS_IS_HISTORY_PAGE (self));

  if (conninfo != NULL && *conninfo == '\0')
    conninfo = NULL;
  if (!paystar_set_str (&self->office_conninfo, conninfo))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->office_button), conninfo != NULL);
  if (conninfo == NULL && gtk_toggle_button_get_active (self->office_button))
    gtk_toggle_button_set_active (self->office_button, FALSE);
}

static void
sync_range_buttons (PosHistoryPage *self)
{
  self->syncing_buttons = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->shift_button), self->shift_start != 0);
  switch (self->range) {
    case POS_HISTORY_RANGE_TODAY:
      gtk_toggle_button_set_active (self->today_button, TRUE);
      break;
    case POS_HISTORY_RANGE_SHIFT:
      gtk_toggle_button_set_active (self->shift_button, TRUE);
      break;
    case POS_HISTORY_RANGE_ALL:
    default:
      gtk_toggle_button_set_active (self->all_button, TRUE);
      break;
  }
  self->syncing_buttons = FALSE;
}

static void
on_range_toggled (PosHistoryPage *self, GtkToggleButton *button)
{
  g_assert (POS_IS_HISTORY_PAGE (self));

  if (self->syncing_buttons || !gtk_toggle_button_get_active (button))
    return;
  if (button == self->today_button)
    pos_history_page_set_range (self, POS_HISTORY_RANGE_TODAY);
  else if (button == self->shift_button)
    pos_history_page_set_range (self, POS_HISTORY_RANGE_SHIFT);
  else
    pos_history_page_set_range (self, POS_HISTORY_RANGE_ALL);
}

static void
on_search_changed (PosHistoryPage *self, GtkSearchEntry *entry)
{
  g_assert (POS_IS_HISTORY_PAGE (self));

  if (self->syncing_entry)
    return;
  pos_history_page_set_search_text (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_row_activated (PosHistoryPage *self, guint position, GtkColumnView *view)
{
  g_autoptr (PosSaleRecord) record = NULL;

  g_assert (POS_IS_HISTORY_PAGE (self));

  record = g_list_model_get_item (G_LIST_MODEL (self->sales), position);
  pos_history_page_show_details (self, record);
}

/* In a narrow window the details lie over the list, which a click on the list (or Escape)
 * closes: the page follows. */
static void
on_reveal_flap (PosHistoryPage *self, GParamSpec *pspec, AdwFlap *flap)
{
  g_assert (POS_IS_HISTORY_PAGE (self));

  if (!adw_flap_get_reveal_flap (flap) && self->details != NULL)
    pos_history_page_show_details (self, NULL);
}

static void
refresh_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  pos_history_page_refresh (POS_HISTORY_PAGE (widget));
}

static void
search_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosHistoryPage *self = POS_HISTORY_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
close_details_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosHistoryPage *self = POS_HISTORY_PAGE (widget);

  pos_history_page_show_details (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
reopen_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosHistoryPage *self = POS_HISTORY_PAGE (widget);
  g_autoptr (PosSaleRecord) record = NULL;

  if (!can_reopen (self->details))
    return;
  /* The handler may refresh the page, which replaces self->details. */
  record = g_object_ref (self->details);
  g_signal_emit (self, signals[SIGNAL_REOPEN], 0, record);
}

static void
check_outcome_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosHistoryPage *self = POS_HISTORY_PAGE (widget);
  g_autoptr (PosSaleRecord) record = NULL;

  if (!can_check_outcome (self->details))
    return;
  record = g_object_ref (self->details);
  g_signal_emit (self, signals[SIGNAL_CHECK_OUTCOME], 0, record);
}

static void
close_sale_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosHistoryPage *self = POS_HISTORY_PAGE (widget);
  g_autoptr (PosSaleRecord) record = NULL;

  if (!can_close_sale (self->details))
    return;
  record = g_object_ref (self->details);
  g_signal_emit (self, signals[SIGNAL_CLOSE_SALE], 0, record);
}

static void
all_stations_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosHistoryPage *self = POS_HISTORY_PAGE (widget);

  if (self->office_conninfo != NULL)
    gtk_toggle_button_set_active (self->office_button,
                                  !gtk_toggle_button_get_active (self->office_button));
}

static void
close_day_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_CLOSE_DAY], 0);
}

static void
print_slip_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosHistoryPage *self = POS_HISTORY_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (!can_print (self->details))
    return;
  pos_slip_print (self->details, self->station_name,
                  GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
}

gboolean
pos_history_page_export_to_file (PosHistoryPage *self, GFile *file, GError **error)
{
  PosJournalQuery query;

  g_return_val_if_fail (POS_IS_HISTORY_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->journal == NULL) {
    g_set_error_literal (error, POS_ERROR, POS_ERROR_JOURNAL, _ ("The journal is not open yet."));
    return FALSE;
  }
  pos_history_page_get_query (self, &query);
  return pos_export_csv_save_journal (file, self->journal, &query, NULL, error);
}

static void
on_chooser_response (PosHistoryPage *self, int response, GtkFileChooserNative *chooser)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;

  g_assert (POS_IS_HISTORY_PAGE (self));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  if (pos_history_page_export_to_file (self, file, &error)) {
    g_autofree char *name = g_file_get_parse_name (file);
    /* Translators: %s is where the sales were exported to (the whole path). */
    g_autofree char *message = g_strdup_printf (_ ("Sales exported to “%s”"), name);

    toast (self, message);
  } else {
    /* Translators: %s says why, e.g. "Permission denied". */
    g_autofree char *message =
      g_strdup_printf (_ ("Could not export the sales: %s"), error->message);

    toast (self, message);
  }
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosHistoryPage *self = POS_HISTORY_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;

  if (self->journal == NULL)
    return;
  if (self->chooser != NULL) {
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
    return;
  }

  self->chooser = gtk_file_chooser_native_new (
    _ ("Export Sales"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
    GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Export"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  /* Translators: the suggested file name of an export; %s is today's date (2025-01-31). Keep
   * it a valid file name ending in .csv. */
  name = g_strdup_printf (_ ("sales-%s.csv"), date);
  /* In the Documents folder (else home), never the app's working directory. */
  {
    const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
    g_autoptr (GFile) folder = g_file_new_for_path (
      documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR) ? documents
                                                                       : g_get_home_dir ());

    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
  }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_file_filter_set_name (filter, _ ("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
pos_history_page_dispose (GObject *object)
{
  PosHistoryPage *self = POS_HISTORY_PAGE (object);

  g_cancellable_cancel (self->office_reading);
  g_clear_object (&self->office_reading);

  if (self->chooser != NULL) {
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
    g_clear_object (&self->chooser);
  }
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_HISTORY_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->sales);
  g_clear_object (&self->summary);
  g_clear_object (&self->details);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (pos_history_page_parent_class)->dispose (object);
}

static void
pos_history_page_finalize (GObject *object)
{
  PosHistoryPage *self = POS_HISTORY_PAGE (object);

  g_free (self->station_name);
  g_free (self->search_text);
  g_free (self->office_conninfo);

  G_OBJECT_CLASS (pos_history_page_parent_class)->finalize (object);
}

static void
pos_history_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosHistoryPage *self = POS_HISTORY_PAGE (object);

  switch (prop_id) {
    case PROP_JOURNAL:
      g_value_set_object (value, self->journal);
      break;
    case PROP_SHIFT_START:
      g_value_set_int64 (value, self->shift_start);
      break;
    case PROP_STATION_NAME:
      g_value_set_string (value, self->station_name);
      break;
    case PROP_RANGE:
      g_value_set_int (value, self->range);
      break;
    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_history_page_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  PosHistoryPage *self = POS_HISTORY_PAGE (object);

  switch (prop_id) {
    case PROP_JOURNAL:
      pos_history_page_set_journal (self, g_value_get_object (value));
      break;
    case PROP_SHIFT_START:
      pos_history_page_set_shift_start (self, g_value_get_int64 (value));
      break;
    case PROP_STATION_NAME:
      pos_history_page_set_station_name (self, g_value_get_string (value));
      break;
    case PROP_RANGE:
      pos_history_page_set_range (self, g_value_get_int (value));
      break;
    case PROP_SEARCH_TEXT:
      pos_history_page_set_search_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_history_page_class_init (PosHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_history_page_dispose;
  object_class->finalize = pos_history_page_finalize;
  object_class->get_property = pos_history_page_get_property;
  object_class->set_property = pos_history_page_set_property;

  properties[PROP_JOURNAL] =
    g_param_spec_object ("journal", NULL, NULL, POS_TYPE_JOURNAL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SHIFT_START] =
    g_param_spec_int64 ("shift-start", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATION_NAME] =
    g_param_spec_string ("station-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RANGE] = g_param_spec_int (
    "range", NULL, NULL, POS_HISTORY_RANGE_TODAY, POS_HISTORY_RANGE_ALL, POS_HISTORY_RANGE_TODAY,
    G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_REOPEN] = g_signal_new ("reopen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, POS_TYPE_SALE_RECORD);
  signals[SIGNAL_CHECK_OUTCOME] =
    g_signal_new ("check-outcome", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, POS_TYPE_SALE_RECORD);
  signals[SIGNAL_CLOSE_SALE] =
    g_signal_new ("close-sale", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, POS_TYPE_SALE_RECORD);
  /* The clerk asked to close today at this station (the window asks for an administrator). */
  signals[SIGNAL_CLOSE_DAY] = g_signal_new ("close-day", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* Types the template and its list item templates name. */
  g_type_ensure (POS_TYPE_SALE_RECORD);
  g_type_ensure (POS_TYPE_SHIFT_SUMMARY_VIEW);
  g_type_ensure (POS_TYPE_STATUS_PILL);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/paystar/Pos/pos-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, today_button);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, shift_button);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, all_button);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, limit_label);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, summary_view);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, details_flap);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, details_title);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, details_pill);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, details_grid);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, request_view);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, response_view);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, office_button);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, station_column);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, check_button);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, print_button);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, close_sale_button);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryPage, details_hint);
  gtk_widget_class_bind_template_callback (widget_class, on_range_toggled);
  gtk_widget_class_bind_template_callback (widget_class, history_time_text);
  gtk_widget_class_bind_template_callback (widget_class, history_total_text);
  gtk_widget_class_bind_template_callback (widget_class, history_card_text);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_office_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_reveal_flap);

  gtk_widget_class_install_action (widget_class, "history.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "history.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "history.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "history.reopen", NULL, reopen_action);
  gtk_widget_class_install_action (widget_class, "history.check-outcome", NULL,
                                   check_outcome_action);
  gtk_widget_class_install_action (widget_class, "history.close-sale", NULL, close_sale_action);
  gtk_widget_class_install_action (widget_class, "history.close-day", NULL, close_day_action);
  gtk_widget_class_install_action (widget_class, "history.all-stations", NULL, all_stations_action);
  gtk_widget_class_install_action (widget_class, "history.print-slip", NULL, print_slip_action);
  gtk_widget_class_install_action (widget_class, "history.close-details", NULL,
                                   close_details_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "history.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "history.all-stations", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "history.search",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "history.export",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "history.print-slip", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "history.close-details",
                                       NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
pos_history_page_init (PosHistoryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->range = POS_HISTORY_RANGE_TODAY;
  self->sales = g_list_store_new (POS_TYPE_SALE_RECORD);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sales)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  sync_range_buttons (self);
  pos_history_page_refresh (self);
  update_actions (self);
}

GtkWidget *
pos_history_page_new (void)
{
  return g_object_new (POS_TYPE_HISTORY_PAGE, NULL);
}

void
pos_history_page_set_journal (PosHistoryPage *self, PosJournal *journal)
{
  g_return_if_fail (POS_IS_HISTORY_PAGE (self));
  g_return_if_fail (journal == NULL || POS_IS_JOURNAL (journal));

  if (!g_set_object (&self->journal, journal))
    return;
  pos_history_page_show_details (self, NULL);
  pos_history_page_refresh (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOURNAL]);
}

PosJournal *
pos_history_page_get_journal (PosHistoryPage *self)
{
  g_return_val_if_fail (POS_IS_HISTORY_PAGE (self), NULL);

  return self->journal;
}

void
pos_history_page_set_shift_start (PosHistoryPage *self, gint64 usec)
{
  g_return_if_fail (POS_IS_HISTORY_PAGE (self));
  g_return_if_fail (usec >= 0);

  if (self->shift_start == usec)
    return;
  self->shift_start = usec;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHIFT_START]);
  if (usec == 0 && self->range == POS_HISTORY_RANGE_SHIFT) {
    pos_history_page_set_range (self, POS_HISTORY_RANGE_TODAY);
  } else {
    sync_range_buttons (self);
    if (self->range == POS_HISTORY_RANGE_SHIFT)
      pos_history_page_refresh (self);
  }
}

gint64
pos_history_page_get_shift_start (PosHistoryPage *self)
{
  g_return_val_if_fail (POS_IS_HISTORY_PAGE (self), 0);

  return self->shift_start;
}

void
pos_history_page_set_station_name (PosHistoryPage *self, const char *station_name)
{
  g_return_if_fail (POS_IS_HISTORY_PAGE (self));

  if (paystar_set_str (&self->station_name, station_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATION_NAME]);
}

const char *
pos_history_page_get_station_name (PosHistoryPage *self)
{
  g_return_val_if_fail (POS_IS_HISTORY_PAGE (self), NULL);

  return self->station_name;
}

void
pos_history_page_set_range (PosHistoryPage *self, PosHistoryRange range)
{
  g_return_if_fail (POS_IS_HISTORY_PAGE (self));
  g_return_if_fail (range <= POS_HISTORY_RANGE_ALL);

  /* Without a shift "This shift" would mean everything; "Today" is the honest fallback. */
  if (range == POS_HISTORY_RANGE_SHIFT && self->shift_start == 0)
    range = POS_HISTORY_RANGE_TODAY;
  if (self->range == range) {
    sync_range_buttons (self);
    return;
  }
  self->range = range;
  sync_range_buttons (self);
  pos_history_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANGE]);
}

PosHistoryRange
pos_history_page_get_range (PosHistoryPage *self)
{
  g_return_val_if_fail (POS_IS_HISTORY_PAGE (self), POS_HISTORY_RANGE_TODAY);

  return self->range;
}

void
pos_history_page_set_search_text (PosHistoryPage *self, const char *text)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (POS_IS_HISTORY_PAGE (self));

  stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (g_strcmp0 (self->search_text != NULL ? self->search_text : "", stripped) == 0)
    return;
  g_free (self->search_text);
  self->search_text = g_steal_pointer (&stripped);
  /* Keep the entry in step when the text comes from code (the entry's own edits land here too,
   * and then the texts already agree up to spaces). Replacing the entry's text passes through
   * "" for a moment, which GtkSearchEntry reports at once: that is not the user's search. */
  {
    g_autofree char *entry_text =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

    if (g_strcmp0 (entry_text, self->search_text) != 0) {
      self->syncing_entry = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), self->search_text);
      self->syncing_entry = FALSE;
    }
  }
  pos_history_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
}

const char *
pos_history_page_get_search_text (PosHistoryPage *self)
{
  g_return_val_if_fail (POS_IS_HISTORY_PAGE (self), NULL);

  return self->search_text != NULL ? self->search_text : "";
}

GListModel *
pos_history_page_get_sales (PosHistoryPage *self)
{
  g_return_val_if_fail (POS_IS_HISTORY_PAGE (self), NULL);

  return G_LIST_MODEL (self->sales);
}

PosShiftSummary *
pos_history_page_get_summary (PosHistoryPage *self)
{
  g_return_val_if_fail (POS_IS_HISTORY_PAGE (self), NULL);

  return self->summary;
}
