/* test-ui-history.c: the History page against a temporary journal of several agents and statuses:
 * rows shown, search, ranges, the per-agent summary, details, the actions each status offers
 * (re-open, check outcome, close sale, print), CSV export and the slip.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "pos-checkout.h"
#include "pos-history-page.h"
#include "pos-process.h"
#include "pos-slip.h"
#include "pos-test-util.h"
#include "pos.h"
#include "test-ui-harness.h"

#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define HOUR   (60 * MINUTE)

/* What the screen says, in the language the test runs in (the screenshots are taken in several). */
#define T_(text) g_dgettext (GETTEXT_PACKAGE, text)

typedef struct {
  char *dir;
  char *path;
  PosJournal *journal;
  gint64 now;
  gint64 day_start;
  gint64 shift_start;
  char *ava;
  char *ben;
  char *cory;
  GtkWindow *window;
  PosHistoryPage *page;
} Fixture;

static gint64
add_sale (Fixture *f,
          gint64 when,
          const char *agent,
          const char *reference,
          const char *account,
          const char *description,
          gint64 total,
          PosSaleStatus status,
          const char *card,
          const char *error_text)
{
  g_autofree char *json = NULL;

  f->now = when;
  json = g_strdup_printf ("{\"BusinessUnitSlug\":\"acme-utilities\",\"Channel\":\"POS\","
                          "\"PosUser\":\"%s\",\"Charges\":[{\"Amount\":%" G_GINT64_FORMAT ","
                          "\"Description\":\"%s\",\"ClientAccount\":{\"AccountNumber\":\"%s\","
                          "\"Name\":\"Pat Doe\"}}],\"ClientReference\":\"%s\"}",
                          agent, total, description, account, reference);
  return pos_test_add_sale (f->journal, agent, reference, json, total, status, error_text, card);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  gint64 t;

  f->dir = pos_test_make_tmp_dir ("test-ui-history-XXXXXX");
  f->path = g_build_filename (f->dir, "journal.sqlite", NULL);
  f->ava = pos_test_agent_email ("ava");
  f->ben = pos_test_agent_email ("ben");
  f->cory = pos_test_agent_email ("cory");
  f->journal = pos_test_journal_open (f->path, &f->now);

  /* Times relative to today's local midnight, so that "Today" holds the same sales whenever the
   * test runs (later-than-now times are fine: ranges have no upper bound). */
  f->day_start = pos_shift_summary_day_start (g_get_real_time ());
  f->shift_start = f->day_start + 2 * HOUR;

  add_sale (f, f->day_start - 3 * HOUR, f->ava, "POS-Y1", "Y-100", "Water", 9900,
            POS_SALE_STATUS_SUCCEEDED, "9999", NULL);
  t = f->day_start + 30 * MINUTE;
  add_sale (f, t, f->ava, "POS-T1", "ACC-12345", "Water & sewer", 15000, POS_SALE_STATUS_SUCCEEDED,
            "4242", NULL);
  add_sale (f, t + MINUTE, f->ben, "POS-T2", "W-77", "Trash", 2550, POS_SALE_STATUS_FAILED, "0005",
            "Declined: do not honor");
  add_sale (f, t + 2 * MINUTE, f->ava, "POS-T3", "ACC-999", "Electric", 1000,
            POS_SALE_STATUS_CREATED, NULL, NULL);
  add_sale (f, t + 3 * MINUTE, f->cory, "POS-T4", "C-1", "Permit", 300, POS_SALE_STATUS_ERROR, NULL,
            "Charges[0].ClientAccount.Name is required");
  t = f->shift_start;
  add_sale (f, t, f->ben, "POS-S1", "B-2", "Water", 9999, POS_SALE_STATUS_SUCCEEDED, "1111", NULL);
  add_sale (f, t + MINUTE, f->ava, "POS-S2", "ACC-555", "Parking", 4200, POS_SALE_STATUS_DISMISSED,
            NULL, NULL);
  add_sale (f, t + 2 * MINUTE, f->ben, "POS-S3", "B-3", "Dog licence", 725, POS_SALE_STATUS_UNKNOWN,
            NULL, NULL);
  f->now = t + 3 * MINUTE;

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1280, 860);
  f->page = POS_HISTORY_PAGE (pos_history_page_new ());
  g_object_ref_sink (f->page);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  pos_history_page_set_station_name (f->page, "Acme Utilities – Front Desk");
  pos_history_page_set_journal (f->page, f->journal);
  gtk_window_present (f->window);
  ui_wait (100);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  g_assert_finalize_object (f->page);
  g_assert_finalize_object (f->journal);
  pos_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->ava);
  g_free (f->ben);
  g_free (f->cory);
}

/* The references the page lists, in order, joined by spaces. */
static char *
shown_references (Fixture *f)
{
  GListModel *sales = pos_history_page_get_sales (f->page);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (sales); i++) {
    g_autoptr (PosSaleRecord) record = g_list_model_get_item (sales, i);

    if (out->len > 0)
      g_string_append_c (out, ' ');
    g_string_append (out, pos_sale_record_get_client_reference (record));
  }
  return g_string_free (out, FALSE);
}

/* The page shows exactly what the journal returns for the page's own query. */
static void
assert_rows_match_journal (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) expected = NULL;
  GListModel *shown = pos_history_page_get_sales (f->page);
  PosJournalQuery query;

  pos_history_page_get_query (f->page, &query);
  expected = pos_journal_list (f->journal, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, g_list_model_get_n_items (expected));
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++) {
    g_autoptr (PosSaleRecord) a = g_list_model_get_item (shown, i);
    g_autoptr (PosSaleRecord) b = g_list_model_get_item (expected, i);

    g_assert_cmpint (pos_sale_record_get_id (a), ==, pos_sale_record_get_id (b));
  }
}

static gboolean
find_label_in (GtkWidget *widget, const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child)) {
    if (find_label_in (child, text))
      return TRUE;
  }
  return FALSE;
}

typedef struct {
  GtkWidget *root;
  const char *text;
} LabelWait;

static gboolean
label_shown (gpointer user_data)
{
  LabelWait *wait = user_data;

  return find_label_in (wait->root, wait->text);
}

/* Waits until a mapped label shows exactly @text somewhere under @root. */
static void
wait_for_label (gpointer root, const char *text)
{
  LabelWait wait = { GTK_WIDGET (root), text };
  g_autofree char *what = g_strdup_printf ("a label showing “%s”", text);

  ui_wait_until (label_shown, &wait, 5000, what);
}

static gpointer
template_child (Fixture *f, const char *name)
{
  GObject *object =
    gtk_widget_get_template_child (GTK_WIDGET (f->page), POS_TYPE_HISTORY_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static void
test_rows_and_ranges (Fixture *f, gconstpointer data)
{
  g_autofree char *today = NULL;
  g_autofree char *shift = NULL;
  g_autofree char *all = NULL;

  /* Today, newest first: yesterday's sale is not there. */
  g_assert_cmpint (pos_history_page_get_range (f->page), ==, POS_HISTORY_RANGE_TODAY);
  today = shown_references (f);
  g_assert_cmpstr (today, ==, "POS-S3 POS-S2 POS-S1 POS-T4 POS-T3 POS-T2 POS-T1");
  assert_rows_match_journal (f);

  /* What the rows show at a glance. */
  wait_for_label (f->page, "POS-T1");
  wait_for_label (f->page, "$150.00");
  wait_for_label (f->page, "\u2022\u2022\u2022\u20224242");
  wait_for_label (f->page, "ACC-12345");
  wait_for_label (f->page, "Succeeded");
  wait_for_label (f->page, "Outcome unknown");
  wait_for_label (f->page, "Failed");
  g_assert_false (find_label_in (GTK_WIDGET (f->page), "POS-Y1"));

  /* "This shift" needs a shift. */
  g_assert_false (gtk_widget_get_sensitive (template_child (f, "shift_button")));
  pos_history_page_set_range (f->page, POS_HISTORY_RANGE_SHIFT);
  g_assert_cmpint (pos_history_page_get_range (f->page), ==, POS_HISTORY_RANGE_TODAY);

  pos_history_page_set_shift_start (f->page, f->shift_start);
  g_assert_true (gtk_widget_get_sensitive (template_child (f, "shift_button")));
  /* The buttons drive the range like the user's click. */
  gtk_toggle_button_set_active (template_child (f, "shift_button"), TRUE);
  g_assert_cmpint (pos_history_page_get_range (f->page), ==, POS_HISTORY_RANGE_SHIFT);
  shift = shown_references (f);
  g_assert_cmpstr (shift, ==, "POS-S3 POS-S2 POS-S1");
  assert_rows_match_journal (f);

  gtk_toggle_button_set_active (template_child (f, "all_button"), TRUE);
  g_assert_cmpint (pos_history_page_get_range (f->page), ==, POS_HISTORY_RANGE_ALL);
  all = shown_references (f);
  g_assert_cmpstr (all, ==, "POS-S3 POS-S2 POS-S1 POS-T4 POS-T3 POS-T2 POS-T1 POS-Y1");
  assert_rows_match_journal (f);
  wait_for_label (f->page, "POS-Y1");

  /* Signing out ends the shift: back to Today. */
  pos_history_page_set_range (f->page, POS_HISTORY_RANGE_SHIFT);
  pos_history_page_set_shift_start (f->page, 0);
  g_assert_cmpint (pos_history_page_get_range (f->page), ==, POS_HISTORY_RANGE_TODAY);
  g_assert_true (gtk_toggle_button_get_active (template_child (f, "today_button")));

  /* A sale journaled later shows after a refresh. */
  add_sale (f, f->shift_start + 10 * MINUTE, f->cory, "POS-S4", "C-9", "Water", 100,
            POS_SALE_STATUS_SUCCEEDED, "4444", NULL);
  pos_history_page_refresh (f->page);
  wait_for_label (f->page, "POS-S4");
  assert_rows_match_journal (f);
}

static gboolean
has_one_sale (gpointer user_data)
{
  return g_list_model_get_n_items (pos_history_page_get_sales (user_data)) == 1;
}

static void
test_search (Fixture *f, gconstpointer data)
{
  struct {
    const char *text;
    PosHistoryRange range;
    const char *expected;
  } cases[] = {
    /* Account number, whole or part, any case. */
    { "ACC-12345", POS_HISTORY_RANGE_TODAY, "POS-T1" },
    { "acc-", POS_HISTORY_RANGE_TODAY, "POS-S2 POS-T3 POS-T1" },
    { "w-77", POS_HISTORY_RANGE_TODAY, "POS-T2" },
    /* Reference. */
    { "POS-S", POS_HISTORY_RANGE_TODAY, "POS-S3 POS-S2 POS-S1" },
    { "pos-t4", POS_HISTORY_RANGE_TODAY, "POS-T4" },
    /* Amount, as typed at the counter. */
    { "150", POS_HISTORY_RANGE_TODAY, "POS-T1" },
    { "$99.99", POS_HISTORY_RANGE_TODAY, "POS-S1" },
    { "7.25", POS_HISTORY_RANGE_TODAY, "POS-S3" },
    /* The range still applies; All widens it. */
    { "Y-100", POS_HISTORY_RANGE_TODAY, "" },
    { "Y-100", POS_HISTORY_RANGE_ALL, "POS-Y1" },
    /* "99" is both part of an account number (ACC-999) and an amount ($99.00). */
    { "99", POS_HISTORY_RANGE_ALL, "POS-T3 POS-Y1" },
    /* Wildcards are text. */
    { "%", POS_HISTORY_RANGE_ALL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *shown = NULL;

    pos_history_page_set_range (f->page, cases[i].range);
    pos_history_page_set_search_text (f->page, cases[i].text);
    shown = shown_references (f);
    g_assert_cmpstr (shown, ==, cases[i].expected);
    assert_rows_match_journal (f);
    g_assert_cmpstr (gtk_editable_get_text (template_child (f, "search_entry")), ==, cases[i].text);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (template_child (f, "list_stack")), ==,
                     *cases[i].expected != '\0' ? "list" : "empty");
  }
  wait_for_label (f->page, "No Matching Sales");

  /* Typing in the entry searches too (after the entry's short delay). */
  pos_history_page_set_range (f->page, POS_HISTORY_RANGE_TODAY);
  pos_history_page_set_search_text (f->page, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (pos_history_page_get_sales (f->page)), ==, 7);
  gtk_editable_set_text (template_child (f, "search_entry"), "B-3");
  ui_wait_until (has_one_sale, f->page, 5000, "the typed search to narrow the list");
  g_assert_cmpstr (pos_history_page_get_search_text (f->page), ==, "B-3");
  {
    g_autofree char *shown = shown_references (f);

    g_assert_cmpstr (shown, ==, "POS-S3");
  }
}

/* Counts and totals of the page's summary equal those recomputed here from the journal's rows. */
static void
assert_summary_matches_journal (Fixture *f, gint64 since)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) rows = NULL;
  PosShiftSummary *summary = pos_history_page_get_summary (f->page);
  PosJournalQuery query = { .since = since, .limit = 10000 };
  PosJournalQuery page_query;

  /* The statuses the page lists (every one but drafts). */
  pos_history_page_get_query (f->page, &page_query);
  query.status_mask = page_query.status_mask;
  g_assert_nonnull (summary);
  rows = pos_journal_list (f->journal, &query, &error);
  g_assert_no_error (error);
  pos_test_assert_summary_matches_rows (summary, rows);
}

static void
test_summary (Fixture *f, gconstpointer data)
{
  PosShiftSummary *summary;

  /* Today: three agents. */
  summary = pos_history_page_get_summary (f->page);
  g_assert_nonnull (summary);
  g_assert_cmpuint (pos_shift_summary_get_n_agents (summary), ==, 3);
  assert_summary_matches_journal (f, f->day_start);
  g_assert_cmpint (pos_shift_summary_get_total (summary, f->ava, POS_SALE_STATUS_SUCCEEDED), ==,
                   15000);
  g_assert_cmpint (pos_shift_summary_get_total (summary, f->ben, POS_SALE_STATUS_SUCCEEDED), ==,
                   9999);
  g_assert_cmpuint (pos_shift_summary_get_count (summary, NULL, POS_SALE_STATUS_SUCCEEDED), ==, 2);
  g_assert_cmpint (pos_shift_summary_get_total (summary, NULL, POS_SALE_STATUS_SUCCEEDED), ==,
                   24999);
  /* The grid says the same: Ava's succeeded cell, every agent's, a status heading. */
  wait_for_label (f->page, "Today by Agent");
  wait_for_label (f->page, "1 · $150.00");
  wait_for_label (f->page, "2 · $249.99");
  wait_for_label (f->page, "Cancelled");
  wait_for_label (f->page, "All agents");

  /* The search narrows the list, not the summary of the range. */
  pos_history_page_set_search_text (f->page, "ACC-12345");
  assert_summary_matches_journal (f, f->day_start);
  pos_history_page_set_search_text (f->page, "");

  /* This shift. */
  pos_history_page_set_shift_start (f->page, f->shift_start);
  pos_history_page_set_range (f->page, POS_HISTORY_RANGE_SHIFT);
  summary = pos_history_page_get_summary (f->page);
  g_assert_cmpuint (pos_shift_summary_get_n_agents (summary), ==, 2);
  assert_summary_matches_journal (f, f->shift_start);
  g_assert_cmpint (pos_shift_summary_get_total (summary, f->ben, POS_SALE_STATUS_UNKNOWN), ==, 725);
  g_assert_cmpuint (pos_shift_summary_get_count (summary, f->ava, POS_SALE_STATUS_SUCCEEDED), ==,
                    0);
  wait_for_label (f->page, "This Shift by Agent");

  /* All: no summary (it would read the whole journal), and the page says so. */
  pos_history_page_set_range (f->page, POS_HISTORY_RANGE_ALL);
  g_assert_null (pos_history_page_get_summary (f->page));
  wait_for_label (f->page, "Choose Today or This Shift to see counts and totals per agent.");
}

static void
on_reopen (PosHistoryPage *page, PosSaleRecord *record, gpointer user_data)
{
  PosSaleRecord **out = user_data;

  g_set_object (out, record);
}

static PosSaleRecord *
activate_reference (Fixture *f, const char *reference)
{
  GListModel *sales = pos_history_page_get_sales (f->page);

  for (guint i = 0; i < g_list_model_get_n_items (sales); i++) {
    g_autoptr (PosSaleRecord) record = g_list_model_get_item (sales, i);

    if (g_strcmp0 (pos_sale_record_get_client_reference (record), reference) == 0) {
      /* What Enter or a double click on the row emits. */
      g_signal_emit_by_name (template_child (f, "column_view"), "activate", i);
      g_assert_true (pos_history_page_get_details_record (f->page) != NULL);
      g_assert_cmpstr (
        pos_sale_record_get_client_reference (pos_history_page_get_details_record (f->page)), ==,
        reference);
      return pos_history_page_get_details_record (f->page);
    }
  }
  g_assert_not_reached ();
}

/* A button bound to a widget action is sensitive exactly when the action is enabled, and shown
 * only then. */
static void
assert_enabled (Fixture *f, const char *button, gboolean enabled)
{
  g_assert_cmpint (gtk_widget_get_sensitive (template_child (f, button)), ==, enabled);
  g_assert_cmpint (gtk_widget_get_visible (template_child (f, button)), ==, enabled);
}

static void
test_details (Fixture *f, gconstpointer data)
{
  g_autoptr (PosSaleRecord) reopened = NULL;
  g_autofree char *request = NULL;
  g_autofree char *response = NULL;
  GtkWidget *page = GTK_WIDGET (f->page);

  g_signal_connect (f->page, "reopen", G_CALLBACK (on_reopen), &reopened);
  g_assert_false (adw_flap_get_reveal_flap (template_child (f, "details_flap")));

  /* A succeeded payment: print, no re-open. */
  activate_reference (f, "POS-T1");
  g_assert_true (adw_flap_get_reveal_flap (template_child (f, "details_flap")));
  request = g_strdup (gtk_label_get_text (template_child (f, "request_view")));
  response = g_strdup (gtk_label_get_text (template_child (f, "response_view")));
  /* Pretty-printed: one member per line, indented. */
  g_assert_nonnull (strstr (request, "\n  \"ClientReference\" : \"POS-T1\""));
  g_assert_nonnull (strstr (request, "\"AccountNumber\" : \"ACC-12345\""));
  g_assert_nonnull (strstr (response, "\"sessionIdentifier\" : \"sess_POS-T1\""));
  wait_for_label (f->page, "\u2022\u2022\u2022\u20224242");
  g_assert_true (gtk_widget_activate_action (page, "history.close-details", NULL));
  g_assert_false (adw_flap_get_reveal_flap (template_child (f, "details_flap")));
  activate_reference (f, "POS-T1");
  assert_enabled (f, "reopen_button", FALSE);
  assert_enabled (f, "print_button", TRUE);
  gtk_widget_activate_action (page, "history.reopen", NULL);
  g_assert_null (reopened);

  /* A declined one: its error, no print; re-open, for another card on the same session. */
  activate_reference (f, "POS-T2");
  wait_for_label (f->page, "Declined: do not honor");
  assert_enabled (f, "print_button", FALSE);
  assert_enabled (f, "reopen_button", TRUE);
  assert_enabled (f, "check_button", FALSE);
  assert_enabled (f, "close_sale_button", FALSE);
  g_assert_true (gtk_widget_activate_action (page, "history.reopen", NULL));
  g_assert_cmpstr (pos_sale_record_get_client_reference (reopened), ==, "POS-T2");
  g_clear_object (&reopened);

  /* A session still open (created), then one closed without paying (dismissed): re-open. */
  activate_reference (f, "POS-T3");
  assert_enabled (f, "reopen_button", TRUE);
  assert_enabled (f, "print_button", FALSE);
  g_assert_true (gtk_widget_activate_action (page, "history.reopen", NULL));
  g_assert_nonnull (reopened);
  g_assert_cmpstr (pos_sale_record_get_client_reference (reopened), ==, "POS-T3");
  g_clear_object (&reopened);
  activate_reference (f, "POS-S2");
  g_assert_true (gtk_widget_activate_action (page, "history.reopen", NULL));
  g_assert_cmpstr (pos_sale_record_get_client_reference (reopened), ==, "POS-S2");

  /* Outcome unknown is not re-opened (it needs checking with Paystar first). */
  g_clear_object (&reopened);
  activate_reference (f, "POS-S3");
  assert_enabled (f, "reopen_button", FALSE);
  assert_enabled (f, "check_button", TRUE);
  gtk_widget_activate_action (page, "history.reopen", NULL);
  g_assert_null (reopened);

  /* The open details follow the journal on refresh. */
  {
    g_autoptr (PosSaleRecord) record = NULL;
    g_autoptr (GError) error = NULL;

    activate_reference (f, "POS-T3");
    record = pos_journal_lookup_by_reference (f->journal, "POS-T3", &error);
    g_assert_no_error (error);
    pos_journal_set_status (f->journal, pos_sale_record_get_id (record), POS_SALE_STATUS_SUCCEEDED,
                            NULL, &error);
    g_assert_no_error (error);
    pos_history_page_refresh (f->page);
    g_assert_cmpint (pos_sale_record_get_status (pos_history_page_get_details_record (f->page)), ==,
                     POS_SALE_STATUS_SUCCEEDED);
  }

  g_signal_handlers_disconnect_by_func (f->page, on_reopen, &reopened);
}

static void
on_record_signal (PosHistoryPage *page, PosSaleRecord *record, gpointer user_data)
{
  PosSaleRecord **out = user_data;

  g_set_object (out, record);
}

/* The statuses of the checkout: "Not sent", "Not confirmed", "Closed" (with who and why), and
 * "Pending" listed with their labels; drafts are not history. Each sale offers exactly the
 * actions that apply, and each action hands the sale to the window. */
static void
test_checkout_statuses (Fixture *f, gconstpointer data)
{
  g_autoptr (PosSaleRecord) reopened = NULL;
  g_autoptr (PosSaleRecord) checked = NULL;
  g_autoptr (PosSaleRecord) closed = NULL;
  g_autoptr (PosSale) draft = pos_sale_new ("Front Desk");
  g_autoptr (GError) error = NULL;
  g_autofree char *draft_json = pos_sale_to_json (draft);
  g_autofree char *shown = NULL;
  GtkWidget *page = GTK_WIDGET (f->page);
  const char *reason = "The customer paid in cash at the counter";
  const char *admin = "admin@acme-utilities.example";
  gint64 id;

  g_signal_connect (f->page, "reopen", G_CALLBACK (on_record_signal), &reopened);
  g_signal_connect (f->page, "check-outcome", G_CALLBACK (on_record_signal), &checked);
  g_signal_connect (f->page, "close-sale", G_CALLBACK (on_record_signal), &closed);

  /* A sale whose submit did not leave the station. */
  f->now = f->shift_start + 10 * MINUTE;
  id = add_sale (f, f->now, f->ava, "POS-N1", "N-1", "Water", 1100, POS_SALE_STATUS_SUBMITTING,
                 NULL, NULL);
  {
    PosJournalChange change = { .status = POS_SALE_STATUS_NOT_SENT,
                                .from_mask = POS_SALE_STATUS_MASK (POS_SALE_STATUS_SUBMITTING),
                                .error_text = "Could not connect to Paystar" };

    g_assert_true (pos_journal_change_sale (f->journal, id, &change, &error));
    g_assert_no_error (error);
  }
  /* A form left without an outcome, a pending payment. */
  add_sale (f, f->shift_start + 11 * MINUTE, f->ava, "POS-N2", "N-2", "Water", 1200,
            POS_SALE_STATUS_UNCONFIRMED, NULL, NULL);
  add_sale (f, f->shift_start + 12 * MINUTE, f->ben, "POS-N5", "N-5", "Water", 1500,
            POS_SALE_STATUS_PENDING, "6789", NULL);
  /* A session an administrator closed with a reason, through the checkout. */
  id = add_sale (f, f->shift_start + 13 * MINUTE, f->ben, "POS-N3", "N-3", "Water", 1300,
                 POS_SALE_STATUS_CREATED, NULL, NULL);
  {
    g_autoptr (PosCheckout) checkout = pos_checkout_load (f->journal, id, "Front Desk", &error);

    g_assert_no_error (error);
    g_assert_true (pos_checkout_close (checkout, admin, reason, &error));
    g_assert_no_error (error);
    g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_CLOSED);
  }
  /* A sale still being keyed: not history. */
  f->now = f->shift_start + 14 * MINUTE;
  g_assert_cmpint (pos_journal_save_sale_draft (f->journal, 0, f->ava,
                                                pos_sale_get_client_reference (draft), draft_json,
                                                0, &error),
                   >, 0);
  g_assert_no_error (error);

  pos_history_page_set_shift_start (f->page, f->shift_start);
  pos_history_page_set_range (f->page, POS_HISTORY_RANGE_SHIFT);
  pos_history_page_refresh (f->page);
  shown = shown_references (f);
  g_assert_cmpstr (shown, ==, "POS-N3 POS-N5 POS-N2 POS-N1 POS-S3 POS-S2 POS-S1");
  assert_rows_match_journal (f);
  wait_for_label (f->page, pos_sale_status_get_label (POS_SALE_STATUS_NOT_SENT));
  wait_for_label (f->page, pos_sale_status_get_label (POS_SALE_STATUS_UNCONFIRMED));
  wait_for_label (f->page, pos_sale_status_get_label (POS_SALE_STATUS_CLOSED));
  wait_for_label (f->page, pos_sale_status_get_label (POS_SALE_STATUS_PENDING));
  /* The summary has their columns too. */
  assert_summary_matches_journal (f, f->shift_start);
  g_assert_cmpuint (pos_shift_summary_get_count (pos_history_page_get_summary (f->page), NULL,
                                                 POS_SALE_STATUS_DRAFT),
                    ==, 0);
  /* Nor does the export write the draft. */
  {
    g_autofree char *path = g_build_filename (f->dir, "export.csv", NULL);
    g_autoptr (GFile) file = g_file_new_for_path (path);
    g_autofree char *contents = NULL;

    g_assert_true (pos_history_page_export_to_file (f->page, file, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "POS-N1"));
    g_assert_null (strstr (contents, pos_sale_get_client_reference (draft)));
  }

  /* Closed: who and why; nothing more to do. */
  activate_reference (f, "POS-N3");
  wait_for_label (f->page, admin);
  wait_for_label (f->page, reason);
  assert_enabled (f, "reopen_button", FALSE);
  assert_enabled (f, "check_button", FALSE);
  assert_enabled (f, "close_sale_button", FALSE);
  assert_enabled (f, "print_button", FALSE);
  g_assert_false (gtk_widget_get_visible (template_child (f, "details_hint")));

  /* Not confirmed: re-open, check, close; and what it means. */
  activate_reference (f, "POS-N2");
  assert_enabled (f, "reopen_button", TRUE);
  assert_enabled (f, "check_button", TRUE);
  assert_enabled (f, "close_sale_button", TRUE);
  assert_enabled (f, "print_button", FALSE);
  g_assert_true (gtk_widget_get_visible (template_child (f, "details_hint")));
  g_assert_cmpstr (gtk_label_get_text (template_child (f, "details_hint")), ==,
                   pos_checkout_describe_state (POS_SALE_STATUS_UNCONFIRMED));
  g_assert_true (gtk_widget_activate_action (page, "history.reopen", NULL));
  g_assert_cmpstr (pos_sale_record_get_client_reference (reopened), ==, "POS-N2");
  g_assert_true (gtk_widget_activate_action (page, "history.check-outcome", NULL));
  g_assert_cmpstr (pos_sale_record_get_client_reference (checked), ==, "POS-N2");
  g_assert_true (gtk_widget_activate_action (page, "history.close-sale", NULL));
  g_assert_cmpstr (pos_sale_record_get_client_reference (closed), ==, "POS-N2");
  ui_save_screenshots (f->window, GTK_WIDGET (f->page), "ui-history-unconfirmed");
  /* At 800x600 the details lie over the list; a click on the list (which closes the flap)
   * closes them, with their actions. */
  g_assert_true (adw_flap_get_folded (template_child (f, "details_flap")));
  adw_flap_set_reveal_flap (template_child (f, "details_flap"), FALSE);
  g_assert_null (pos_history_page_get_details_record (f->page));
  assert_enabled (f, "reopen_button", FALSE);
  ui_resize (f->window, 1280, 860);
  g_assert_false (adw_flap_get_folded (template_child (f, "details_flap")));
  g_clear_object (&reopened);
  g_clear_object (&checked);
  g_clear_object (&closed);

  /* Pending: check and close, not re-open. */
  activate_reference (f, "POS-N5");
  assert_enabled (f, "reopen_button", FALSE);
  assert_enabled (f, "check_button", TRUE);
  assert_enabled (f, "close_sale_button", TRUE);
  gtk_widget_activate_action (page, "history.reopen", NULL);
  g_assert_null (reopened);
  g_assert_true (gtk_widget_activate_action (page, "history.check-outcome", NULL));
  g_assert_cmpstr (pos_sale_record_get_client_reference (checked), ==, "POS-N5");
  g_clear_object (&checked);

  /* Not sent: nothing reached Paystar; the sale page sends it again, History only shows it. */
  activate_reference (f, "POS-N1");
  wait_for_label (f->page, "Could not connect to Paystar");
  assert_enabled (f, "reopen_button", FALSE);
  assert_enabled (f, "check_button", FALSE);
  assert_enabled (f, "close_sale_button", FALSE);
  gtk_widget_activate_action (page, "history.close-sale", NULL);
  gtk_widget_activate_action (page, "history.check-outcome", NULL);
  g_assert_null (closed);
  g_assert_null (checked);

  /* Outcome unknown: check and close. */
  activate_reference (f, "POS-S3");
  assert_enabled (f, "check_button", TRUE);
  assert_enabled (f, "close_sale_button", TRUE);
  g_assert_true (gtk_widget_activate_action (page, "history.close-sale", NULL));
  g_assert_cmpstr (pos_sale_record_get_client_reference (closed), ==, "POS-S3");

  /* The buttons are reached by their mnemonics, and say what they do. */
  g_assert_cmpstr (gtk_button_get_label (template_child (f, "check_button")), ==,
                   T_ ("Check _Outcome"));
  g_assert_true (gtk_button_get_use_underline (template_child (f, "check_button")));
  g_assert_cmpstr (gtk_button_get_label (template_child (f, "close_sale_button")), ==,
                   T_ ("_Close Sale…"));
  g_assert_true (gtk_button_get_use_underline (template_child (f, "close_sale_button")));

  g_signal_handlers_disconnect_by_func (f->page, on_record_signal, &reopened);
  g_signal_handlers_disconnect_by_func (f->page, on_record_signal, &checked);
  g_signal_handlers_disconnect_by_func (f->page, on_record_signal, &closed);
}

static void
test_export (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "export.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  PosHistoryRange ranges[] = { POS_HISTORY_RANGE_TODAY, POS_HISTORY_RANGE_ALL };
  const char *searches[] = { "", "ACC-" };

  pos_history_page_set_shift_start (f->page, f->shift_start);
  for (guint r = 0; r < G_N_ELEMENTS (ranges); r++) {
    for (guint s = 0; s < G_N_ELEMENTS (searches); s++) {
      g_autoptr (GListModel) rows = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *contents = NULL;
      PosJournalQuery query;

      pos_history_page_set_range (f->page, ranges[r]);
      pos_history_page_set_search_text (f->page, searches[s]);
      /* What "Export CSV…" writes once the file is chosen. */
      g_assert_true (pos_history_page_export_to_file (f->page, file, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, NULL, &error));

      pos_history_page_get_query (f->page, &query);
      rows = pos_journal_list (f->journal, &query, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (rows), >, 0);
      expected = pos_export_csv_to_string (rows);
      g_assert_cmpstr (contents, ==, expected);
      /* The masked card is the only card data. */
      if (s == 0 && r == 0)
        g_assert_nonnull (strstr (contents, ",\u2022\u2022\u2022\u20224242,"));
    }
  }
}

/* pdftotext is optional: the PDF checks below skip the text when it is not installed. */
static char *
pdf_text (const char *path)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;
  const char *argv[] = { NULL, "-q", "-enc", "UTF-8", path, "-", NULL };

  if (pdftotext == NULL)
    return NULL;
  argv[0] = pdftotext;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static void
assert_pdf (const char *path, const char *const *needles)
{
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  text = pdf_text (path);
  if (text == NULL) {
    g_test_message ("pdftotext is not installed: the slip's text is checked with "
                    "pos_slip_dup_text() only");
    return;
  }
  for (guint i = 0; needles[i] != NULL; i++) {
    if (strstr (text, needles[i]) == NULL)
      g_error ("“%s” is not in the PDF's text:\n%s", needles[i], text);
  }
}

static void
test_slip (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosSaleRecord) record = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pdf = g_test_build_filename (G_TEST_BUILT, "ui-history-slip.pdf", NULL);
  g_autofree char *printed =
    g_test_build_filename (G_TEST_BUILT, "ui-history-slip-print.pdf", NULL);
  const char *needles[] = {
    "Acme Utilities", "POS-T1", "\u2022\u2022\u2022\u20224242", "ACC-12345", "$150.00",
    "Thank you",      NULL
  };

  record = pos_journal_lookup_by_reference (f->journal, "POS-T1", &error);
  g_assert_no_error (error);
  /* What Paystar reported of the payment (a Query API summary): its reference and the card's
   * authorisation code go on the slip. */
  pos_journal_set_response (f->journal, pos_sale_record_get_id (record),
                            "{\"payment\":{\"referenceNumber\":\"NYDVNT-WSQPG\","
                            "\"authCode\":\"A1B2C3\"}}",
                            &error);
  g_assert_no_error (error);
  g_clear_object (&record);
  record = pos_journal_lookup_by_reference (f->journal, "POS-T1", &error);
  g_assert_no_error (error);

  text = pos_slip_dup_text (record, "Acme Utilities – Front Desk");
  g_assert_nonnull (strstr (text, "Paystar reference: NYDVNT-WSQPG"));
  g_assert_nonnull (strstr (text, "Authorization: A1B2C3"));
  g_assert_nonnull (strstr (text, "Customer: Pat Doe"));
  {
    /* The time carries its zone. */
    g_autoptr (GDateTime) created =
      g_date_time_new_from_unix_local (pos_sale_record_get_created (record) / G_USEC_PER_SEC);
    g_autofree char *zone = g_date_time_format (created, "%Z");

    g_assert_nonnull (strstr (text, zone));
  }
  for (guint i = 0; needles[i] != NULL; i++)
    g_assert_nonnull (strstr (text, needles[i]));
  g_assert_nonnull (strstr (text, f->ava));
  g_assert_nonnull (strstr (text, "Water & sewer"));
  g_assert_nonnull (strstr (text, "Total: $150.00"));
  g_assert_nonnull (strstr (text, "Status: Succeeded"));

  /* The preview PDF (kept in the build directory to look at). */
  g_unlink (pdf);
  g_assert_true (pos_slip_render_pdf (record, "Acme Utilities – Front Desk", pdf, &error));
  g_assert_no_error (error);
  assert_pdf (pdf, needles);

  /* The printer path: the same draw-page code, exported to PDF instead of a printer. */
  {
    g_autoptr (GtkPrintOperation) operation =
      pos_slip_print_operation_new (record, "Acme Utilities");
    GtkPrintOperationResult result;

    gtk_print_operation_set_export_filename (operation, printed);
    result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
    assert_pdf (printed, needles);
  }

  /* An unwritable place is an error. */
  g_assert_false (pos_slip_render_pdf (record, NULL, "/nonexistent-dir/slip.pdf", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A long sale continues on the next page of a small sheet. */
  {
    g_autoptr (GString) json = g_string_new ("{\"Charges\":[");
    g_autoptr (PosSaleRecord) big = NULL;
    g_autoptr (GtkPrintOperation) operation = NULL;
    g_autoptr (GtkPageSetup) setup = gtk_page_setup_new ();
    g_autoptr (GtkPaperSize) a6 = gtk_paper_size_new ("iso_a6");
    g_autofree char *pages_pdf = g_build_filename (f->dir, "pages.pdf", NULL);
    g_autofree char *contents = NULL;
    g_autoptr (GRegex) page_object = g_regex_new ("/Type\\s*/Page\\b", G_REGEX_RAW, 0, NULL);
    g_autoptr (GMatchInfo) match = NULL;
    guint n_pages = 0;
    gsize length = 0;
    gint64 id;

    for (guint i = 0; i < 25; i++)
      g_string_append_printf (json,
                              "%s{\"Amount\":100,\"Description\":\"Charge %u\","
                              "\"ClientAccount\":{\"AccountNumber\":\"L-%u\",\"Name\":\"X\"}}",
                              i > 0 ? "," : "", i, i);
    g_string_append (json, "],\"ClientReference\":\"POS-LONG\"}");
    id = pos_journal_begin_submit (f->journal, f->ava, json->str, "POS-LONG", 2500, &error);
    g_assert_no_error (error);
    pos_journal_set_status (f->journal, id, POS_SALE_STATUS_SUCCEEDED, NULL, &error);
    g_assert_no_error (error);
    big = pos_journal_lookup (f->journal, id, &error);
    g_assert_no_error (error);

    operation = pos_slip_print_operation_new (big, "Acme Utilities");
    gtk_page_setup_set_paper_size_and_default_margins (setup, a6);
    gtk_print_operation_set_default_page_setup (operation, setup);
    gtk_print_operation_set_export_filename (operation, pages_pdf);
    g_assert_cmpint (
      gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error), ==,
      GTK_PRINT_OPERATION_RESULT_APPLY);
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (pages_pdf, &contents, &length, NULL));
    /* The PDF holds binary streams: match over its whole length, not up to the first NUL. */
    g_regex_match_full (page_object, contents, length, 0, 0, &match, NULL);
    while (g_match_info_matches (match)) {
      n_pages++;
      g_match_info_next (match, NULL);
    }
    g_assert_cmpuint (n_pages, >=, 2);
  }

  /* Only a succeeded payment can be printed from the page. */
  activate_reference (f, "POS-T1");
  g_assert_true (gtk_widget_get_sensitive (template_child (f, "print_button")));
  activate_reference (f, "POS-T3");
  g_assert_false (gtk_widget_get_sensitive (template_child (f, "print_button")));
}

static void
test_screenshot (Fixture *f, gconstpointer data)
{
  pos_history_page_set_shift_start (f->page, f->shift_start);
  pos_history_page_set_range (f->page, POS_HISTORY_RANGE_TODAY);
  activate_reference (f, "POS-T1");
  wait_for_label (f->page, T_ ("Today by Agent"));
  wait_for_label (f->page, "POS-T1");
  ui_save_screenshots (f->window, GTK_WIDGET (f->page), "ui-history");
  /* At 800x600 the details lie over the list (see /ui/history/actions); closed, the list and the
   * summary show every column whole, the last ones included. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "history.close-details", NULL));
  ui_save_screenshots (f->window, GTK_WIDGET (f->page), "ui-history-list");
  ui_assert_label_whole (GTK_WIDGET (f->page), "$150.00");
  ui_assert_label_whole (GTK_WIDGET (f->page), "••••4242");
  ui_assert_label_whole (GTK_WIDGET (f->page), "1 · $3.00");
}

int
main (int argc, char *argv[])
{
  /* As paystar-pos does: the locale and the translations (the build tree's with
   * PAYSTAR_POS_LOCALEDIR), for the screenshots in other languages. */
  pos_process_init ();
  ui_harness_init (&argc, &argv);

  g_test_add ("/ui/history/rows-and-ranges", Fixture, NULL, fixture_set_up, test_rows_and_ranges,
              fixture_tear_down);
  g_test_add ("/ui/history/search", Fixture, NULL, fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/ui/history/summary", Fixture, NULL, fixture_set_up, test_summary,
              fixture_tear_down);
  g_test_add ("/ui/history/details", Fixture, NULL, fixture_set_up, test_details,
              fixture_tear_down);
  g_test_add ("/ui/history/checkout-statuses", Fixture, NULL, fixture_set_up,
              test_checkout_statuses, fixture_tear_down);
  g_test_add ("/ui/history/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);
  g_test_add ("/ui/history/slip", Fixture, NULL, fixture_set_up, test_slip, fixture_tear_down);
  g_test_add ("/ui/history/screenshot", Fixture, NULL, fixture_set_up, test_screenshot,
              fixture_tear_down);

  return g_test_run ();
}
