/* test-ui-office.c: the header's office indicator against a real PostgreSQL (pg-harness.c): in
 * step once the station joins, unreachable (with the error, for an administrator) when the office
 * database stops, in step again when it is back; a setting it must refuse says why.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pg-harness.h"
#include "pos-day-close.h"
#include "pos-test-util.h"
#include "pos-office-db.h"
#include "pos-office-indicator.h"
#include "test-ui-harness.h"

static PosOfficeIndicator *
get_indicator (UiFixture *fixture)
{
  return POS_OFFICE_INDICATOR (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                              POS_TYPE_WINDOW, "office_indicator"));
}

typedef struct {
  UiFixture *fixture;
  const char *prefix;
} TextWanted;

static gboolean
indicator_says (gpointer data)
{
  TextWanted *wanted = data;
  PosOfficeIndicator *indicator = get_indicator (wanted->fixture);

  return gtk_widget_get_visible (GTK_WIDGET (indicator)) &&
         g_str_has_prefix (pos_office_indicator_get_text (indicator), wanted->prefix);
}

static void
wait_for_text (UiFixture *fixture, const char *prefix)
{
  TextWanted wanted = { fixture, prefix };

  ui_wait_until (indicator_says, &wanted, 60000, prefix);
}

/* The office's administrator connected to @server, the office's tables made, and the station
 * roles of @roles_sql created. */
static PGconn *
start_office (PgServer *server, const char *roles_sql)
{
  g_autofree char *conninfo = pg_server_conninfo (server, "office");
  g_autoptr (GError) error = NULL;
  PGconn *admin = pos_office_connect (conninfo, "test", &error);

  g_assert_no_error (error);
  pos_office_init_schema (admin, &error);
  g_assert_no_error (error);
  pos_office_exec (admin, roles_sql, &error);
  g_assert_no_error (error);
  return admin;
}

/* The header's indicator follows the station's office link: hidden for a stand-alone station,
 * in step once joined, unreachable while the database is stopped (the details say why, and that
 * selling goes on), in step again, not joined for a setting the station refuses. */
static void
test_indicator (UiFixture *fixture, gconstpointer data)
{
  g_autoptr (PgServer) server = NULL;
  g_autoptr (PGconn) admin = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *conninfo = NULL;
  PosOfficeIndicator *indicator = get_indicator (fixture);
  GtkWidget *button;
  const char *description;

  if (!pg_harness_require ())
    return;

  /* A stand-alone station shows nothing. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (indicator)));

  server = pg_server_start ();
  admin = start_office (server, "CREATE ROLE window1 LOGIN IN ROLE " POS_OFFICE_STATION_ROLE);

  conninfo = pg_server_conninfo (server, "window1");
  pos_settings_set_office_database (fixture->settings, conninfo);
  wait_for_text (fixture, "Office: in step");
  ui_sign_in (fixture->window, 0, "1234");
  ui_resize (GTK_WINDOW (fixture->window), 1280, 900);
  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-office-in-step.png");

  g_clear_pointer (&admin, PQfinish);
  pg_server_stop (server, TRUE);
  pos_office_link_wake (pos_station_get_office_link (fixture->station));
  wait_for_text (fixture, "Office unreachable since");
  /* Ava is an administrator: the details say what went wrong, and that selling goes on. */
  button = gtk_widget_get_first_child (GTK_WIDGET (indicator));
  description = gtk_widget_get_tooltip_text (button);
  g_assert_nonnull (strstr (description, "Selling goes on"));
  g_assert_nonnull (strstr (description, "office database"));
  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-office-unreachable.png");
  ui_resize (GTK_WINDOW (fixture->window), 800, 600);
  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-office-unreachable-800.png");

  pg_server_resume (server);
  pos_office_link_wake (pos_station_get_office_link (fixture->station));
  wait_for_text (fixture, "Office: in step");

  /* A setting the station must refuse: said at once, no link. */
  pos_settings_set_office_database (fixture->settings, "host=db.example.org dbname=paystar");
  wait_for_text (fixture, "Office: not joined");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "sslmode=verify-full"));

  pos_settings_set_office_database (fixture->settings, "");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (indicator)));
}

static const char *
dialog_text (AdwMessageDialog *dialog)
{
  return gtk_label_get_text (GTK_LABEL (adw_message_dialog_get_extra_child (dialog)));
}

/* An administrator closes today from History: the figures are shown (and stored, for the office);
 * a second close shows the first one and says so. A stand-alone station closes its day too. */
static void
test_close_day (UiFixture *fixture, gconstpointer data)
{
  PosJournal *journal = pos_station_get_journal (fixture->station);
  PosHistoryPage *history = ui_history_page (fixture->window);
  g_autofree char *ava = pos_test_agent_email ("ava");
  g_autofree char *ben = pos_test_agent_email ("ben");
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *closed_by = NULL;
  g_autofree char *damaged = NULL;
  g_autofree char *stored = NULL;
  AdwMessageDialog *dialog;
  const char *text;

  pos_settings_set_station_name (fixture->settings, "Window 3");
  pos_test_add_sale (journal, ava, "POS-CLOSE-1",
                     "{\"Charges\":[{\"Amount\":1500,\"ChargeType\":\"Fee\"}]}", 1500,
                     POS_SALE_STATUS_SUCCEEDED, NULL, "4242");
  pos_test_add_sale (journal, ben, "POS-CLOSE-2",
                     "{\"Charges\":[{\"Amount\":2500,\"ChargeType\":\"Deposit\"}]}", 2500,
                     POS_SALE_STATUS_SUCCEEDED, NULL, "1111");
  pos_test_add_sale (journal, ben, "POS-CLOSE-3",
                     "{\"Charges\":[{\"Amount\":900,\"ChargeType\":\"Fee\"}]}", 900,
                     POS_SALE_STATUS_FAILED, NULL, NULL);

  /* Ben is no administrator: the PIN asked for is an administrator's (Ava's). */
  ui_sign_in (fixture->window, 1, "5678");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-history", NULL);
  gtk_widget_activate_action (GTK_WIDGET (history), "history.close-day", NULL);
  ui_enter_admin_pin ("1234");
  ui_wait_until (ui_message_dialog_shows, NULL, 5000, "the day's close");
  dialog = ui_find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Day Closed");
  text = dialog_text (dialog);
  g_assert_nonnull (strstr (text, "Station: Window 3"));
  g_assert_nonnull (strstr (text, "Sales: 3, $49.00"));
  g_assert_nonnull (strstr (text, "First reference: POS-CLOSE-1"));
  g_assert_nonnull (strstr (text, "Last reference: POS-CLOSE-3"));
  g_assert_nonnull (strstr (text, ava));
  g_assert_true (g_regex_match_simple ("Fee +1 +\\$15\\.00", text, 0, 0));
  g_assert_true (g_regex_match_simple ("Deposit +1 +\\$25\\.00", text, 0, 0));
  g_assert_true (g_regex_match_simple ("Failed +1 +\\$9\\.00", text, 0, 0));
  ui_save_screenshot (GTK_WIDGET (dialog), "ui-day-close.png");

  stored = pos_journal_get_day_close (journal, today, &closed_by, NULL, NULL);
  g_assert_nonnull (stored);
  g_assert_cmpstr (closed_by, ==, ava);

  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_widget_activate_action (GTK_WIDGET (history), "history.close-day", NULL);
  ui_enter_admin_pin ("1234");
  ui_wait_until (ui_message_dialog_shows, NULL, 5000, "the day's close again");
  dialog = ui_find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Day Was Already Closed");
  g_assert_nonnull (strstr (dialog_text (dialog), "Sales: 3, $49.00"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_null (pos_day_close_dup_text ("not json", NULL, "x", 0));
  g_assert_null (pos_day_close_dup_text ("{\"day\":\"2026-01-01\"}", NULL, "x", 0));
  g_assert_null (pos_day_close_dup_text (
    "{\"day\":7,\"by_status\":{},\"by_agent\":{},\"by_charge_type\":{}}", NULL, "x", 0));
  /* A damaged summary shows what it can: a figure that is not one is left out. */
  damaged = pos_day_close_dup_text ("{\"day\":\"2026-01-01\",\"count\":2,\"total\":500,"
                                    "\"by_status\":{\"bogus\":7,\"left\":{\"count\":2,"
                                    "\"total\":500}},\"by_agent\":{},"
                                    "\"by_charge_type\":{\"Water\":[1]}}",
                                    NULL, "x", 0);
  g_assert_nonnull (damaged);
  g_assert_nonnull (strstr (damaged, "Day closed: 2026-01-01"));
  g_assert_null (strstr (damaged, "bogus"));
  g_assert_null (strstr (damaged, "Water"));
}

typedef struct {
  GListModel *list;
  guint wanted;
} ListWanted;

static gboolean
list_has (gpointer data)
{
  ListWanted *wanted = data;

  return g_list_model_get_n_items (wanted->list) == wanted->wanted;
}

/* An administrator of a station in an office sees every station's sales in History ("All
 * stations", read from the office database), with the station's name; another agent does not
 * get the choice. */
static void
test_all_stations (UiFixture *fixture, gconstpointer data)
{
  g_autoptr (PgServer) server = NULL;
  g_autoptr (PGconn) admin = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PosJournal) other = NULL;
  g_autoptr (PosOfficeLink) other_link = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *other_conninfo = NULL;
  g_autofree char *other_path = NULL;
  g_autofree char *ava = pos_test_agent_email ("ava");
  PosHistoryPage *history = ui_history_page (fixture->window);
  GtkWidget *office_button;
  GListModel *list;
  gint64 now = g_get_real_time ();
  ListWanted wanted;

  if (!pg_harness_require ())
    return;

  server = pg_server_start ();
  admin = start_office (server, "CREATE ROLE window1 LOGIN IN ROLE " POS_OFFICE_STATION_ROLE ";"
                                "CREATE ROLE window2 LOGIN IN ROLE " POS_OFFICE_STATION_ROLE);

  /* Another station of the office, with one sale. */
  other_path = g_build_filename (fixture->dir, "other.sqlite", NULL);
  other = pos_test_journal_open (other_path, &now);
  pos_test_add_sale (other, ava, "POS-W2-1",
                     "{\"Charges\":[{\"Amount\":4200,\"ClientAccount\":{\"AccountNumber\":"
                     "\"WTR-2207\"}}]}",
                     4200, POS_SALE_STATUS_SUCCEEDED, NULL, "4242");
  other_conninfo = pg_server_conninfo (server, "window2");
  other_link = pos_office_link_new (other, NULL, other_conninfo, "station-2", "Window 2");
  pos_office_link_start (other_link, &error);
  g_assert_no_error (error);

  /* This one, with two. */
  pos_settings_set_station_name (fixture->settings, "Window 1");
  pos_test_add_sale (pos_station_get_journal (fixture->station), ava, "POS-W1-1", "{}", 1000,
                     POS_SALE_STATUS_SUCCEEDED, NULL, NULL);
  pos_test_add_sale (pos_station_get_journal (fixture->station), ava, "POS-W1-2", "{}", 500,
                     POS_SALE_STATUS_FAILED, NULL, NULL);
  conninfo = pg_server_conninfo (server, "window1");
  pos_settings_set_office_database (fixture->settings, conninfo);
  wait_for_text (fixture, "Office: in step");
  while (pos_journal_outbox_count (other, NULL) > 0)
    ui_wait (20);

  office_button = GTK_WIDGET (
    gtk_widget_get_template_child (GTK_WIDGET (history), POS_TYPE_HISTORY_PAGE, "office_button"));
  ui_sign_in (fixture->window, 0, "1234");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-history", NULL);
  g_assert_true (gtk_widget_get_visible (office_button));
  list = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (
    gtk_widget_get_template_child (GTK_WIDGET (history), POS_TYPE_HISTORY_PAGE, "column_view"))));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);

  gtk_widget_activate_action (GTK_WIDGET (history), "history.all-stations", NULL);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (office_button)));
  wanted.list = list;
  wanted.wanted = 3;
  ui_wait_until (list_has, &wanted, 30000, "every station's sales");
  {
    g_autoptr (PosSaleRecord) newest = g_list_model_get_item (list, 0);
    g_autoptr (GHashTable) stations = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < 3; i++) {
      g_autoptr (PosSaleRecord) record = g_list_model_get_item (list, i);

      g_hash_table_add (stations,
                        (gpointer) g_intern_string (pos_sale_record_get_station (record)));
    }
    g_assert_true (g_hash_table_contains (stations, "Window 1"));
    g_assert_true (g_hash_table_contains (stations, "Window 2"));
    g_assert_nonnull (pos_sale_record_get_station (newest));
  }
  /* The export writes this station's journal only: not offered for every station. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (
    gtk_widget_get_template_child (GTK_WIDGET (history), POS_TYPE_HISTORY_PAGE, "export_button"))));
  ui_resize (GTK_WINDOW (fixture->window), 1280, 900);
  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-history-all-stations.png");
  ui_resize (GTK_WINDOW (fixture->window), 800, 600);
  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-history-all-stations-800.png");

  /* The office's report of the day: both stations, the totals, printable. */
  {
    AdwMessageDialog *dialog;
    const char *text;

    gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.office-report", NULL);
    ui_wait_until (ui_message_dialog_shows, NULL, 30000, "the office report");
    dialog = ui_find_message_dialog ();
    text = dialog_text (dialog);
    g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Office Report of the Day");
    g_assert_true (g_regex_match_simple ("Window 1 +2 +\\$15\\.00 +1 +\\$10\\.00", text, 0, 0));
    g_assert_true (g_regex_match_simple ("Window 2 +1 +\\$42\\.00 +1 +\\$42\\.00", text, 0, 0));
    g_assert_true (g_regex_match_simple ("All stations +3 +\\$57\\.00 +2 +\\$52\\.00", text, 0, 0));
    g_assert_nonnull (strstr (text, "not-closed"));
    ui_save_screenshot (GTK_WIDGET (dialog), "ui-office-report.png");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  /* Search by reference, and by account number, across stations. */
  pos_history_page_set_search_text (history, "W2");
  wanted.wanted = 1;
  ui_wait_until (list_has, &wanted, 30000, "the other station's sale");
  pos_history_page_set_search_text (history, "wtr-22");
  wanted.wanted = 0;
  ui_wait_until (list_has, &wanted, 30000, "the search to start again");
  wanted.wanted = 1;
  ui_wait_until (list_has, &wanted, 30000, "the other station's sale by its account");
  {
    g_autoptr (PosSaleRecord) found = g_list_model_get_item (list, 0);

    g_assert_cmpstr (pos_sale_record_get_client_reference (found), ==, "POS-W2-1");
    g_assert_cmpstr (pos_sale_record_get_accounts (found), ==, "WTR-2207");
  }

  /* Back to this station. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (office_button), FALSE);
  pos_history_page_set_search_text (history, NULL);
  wanted.wanted = 2;
  ui_wait_until (list_has, &wanted, 5000, "this station's sales");

  /* Ben is no administrator: no choice. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sign-out", NULL);
  ui_sign_in (fixture->window, 1, "5678");
  g_assert_false (gtk_widget_get_visible (office_button));

  pos_office_link_stop (other_link);
}

int
main (int argc, char *argv[])
{
  ui_harness_init (&argc, &argv);

  UI_TEST_ADD ("/ui/office/indicator", NULL, test_indicator);
  UI_TEST_ADD ("/ui/office/all-stations", NULL, test_all_stations);
  UI_TEST_ADD ("/ui/office/close-day", NULL, test_close_day);
  return g_test_run ();
}
