/* test-office.c: stations and their office database, against a real PostgreSQL 15 (pg-harness.c)
 * and the real paystar-office program: delivery from two journals, the office stopped in the
 * middle of it, records delivered twice, the roster coming down, the day's report, row-level
 * security, and connection strings that must be refused.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <json-glib/json-glib.h>

#include "pg-harness.h"
#include "pos-office-db.h"
#include "pos-office-link.h"
#include "pos-station.h"
#include "pos-test-util.h"
#include "station-test-util.h"
#include "test-wait.h"

/* 2026-11-20 12:00 in the local time zone: every sale of the tests is on that business day. */
#define TEST_DAY "2026-11-20"

static gint64
test_noon (void)
{
  g_autoptr (GDateTime) noon = g_date_time_new_local (2026, 11, 20, 12, 0, 0);

  return g_date_time_to_unix (noon) * G_USEC_PER_SEC;
}

typedef struct {
  char *dir;
  char *path;
  gint64 now;
  PosJournal *journal;
  PosRoster *roster;
  PosOfficeLink *link;
  const char *id;
} Station;

typedef struct {
  PgServer *server;
  PGconn *admin;
  Station a;
  Station b;
} Office;

static PGconn *
connect_as (Office *office, const char *user)
{
  g_autofree char *conninfo = pg_server_conninfo (office->server, user);
  g_autoptr (GError) error = NULL;
  PGconn *conn = pos_office_connect (conninfo, "test-office", &error);

  g_assert_no_error (error);
  return conn;
}

static void
exec_ok (PGconn *conn, const char *sql)
{
  g_autoptr (GError) error = NULL;

  pos_office_exec (conn, sql, &error);
  g_assert_no_error (error);
}

static gint64
query_int (PGconn *conn, const char *sql)
{
  PGresult *result = PQexec (conn, sql);
  gint64 value;

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (result), ==, 1);
  value = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  return value;
}

/* Runs paystar-office with @argv (NULL-terminated, after the program) and @input on standard
 * input; returns its standard output, asserting exit status @expected_status. */
static char *
run_office (Office *office, const char *input, int expected_status, const char *const *argv)
{
  g_autoptr (GPtrArray) full = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (full, g_strdup (g_getenv ("PAYSTAR_OFFICE")));
  g_ptr_array_add (full, g_strdup ("--database"));
  g_ptr_array_add (full, pg_server_conninfo (office->server, "office"));
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full, g_strdup (argv[i]));
  g_ptr_array_add (full, NULL);
  process = g_subprocess_newv ((const char *const *) full->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                 G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process))
    g_error ("paystar-office %s: killed by signal %d\n%s%s", argv[0],
             g_subprocess_get_term_sig (process), out, err);
  if (g_subprocess_get_exit_status (process) != expected_status)
    g_error ("paystar-office %s: exit %d, expected %d\n%s%s", argv[0],
             g_subprocess_get_exit_status (process), expected_status, out, err);
  return out;
}

static void
station_open (Station *station, const char *id)
{
  g_autoptr (GError) error = NULL;

  station->id = id;
  station->dir = pos_test_make_tmp_dir ("paystar-station-XXXXXX");
  station->path = g_build_filename (station->dir, "journal.sqlite", NULL);
  station->now = test_noon ();
  station->journal = pos_test_journal_open (station->path, &station->now);
  station->roster = pos_roster_new (station->journal, &error);
  g_assert_no_error (error);
  pos_roster_seed_demo (station->roster, &error);
  g_assert_no_error (error);
}

static void
station_link (Office *office, Station *station, const char *role)
{
  g_autofree char *conninfo = pg_server_conninfo (office->server, role);
  g_autoptr (GError) error = NULL;

  station->link =
    pos_office_link_new (station->journal, station->roster, conninfo, station->id, station->id);
  pos_office_link_start (station->link, &error);
  g_assert_no_error (error);
}

static void
station_close (Station *station)
{
  if (station->link != NULL)
    pos_office_link_stop (station->link);
  g_clear_object (&station->link);
  g_clear_object (&station->roster);
  g_clear_object (&station->journal);
  if (station->dir != NULL)
    pos_test_remove_tree (station->dir);
  g_clear_pointer (&station->dir, g_free);
  g_clear_pointer (&station->path, g_free);
}

static void
office_set_up (Office *office, gconstpointer data)
{
  g_autofree char *out = NULL;
  const char *const init[] = { "init", NULL };

  if (!pg_harness_require ())
    return;
  office->server = pg_server_start ();
  out = run_office (office, NULL, 0, init);
  g_assert_nonnull (strstr (out, "version 1"));
  office->admin = connect_as (office, "office");
  exec_ok (office->admin, "CREATE ROLE station_a LOGIN IN ROLE " POS_OFFICE_STATION_ROLE ";"
                          "CREATE ROLE station_b LOGIN IN ROLE " POS_OFFICE_STATION_ROLE);
  station_open (&office->a, "station-a");
  station_open (&office->b, "station-b");
}

static void
office_tear_down (Office *office, gconstpointer data)
{
  station_close (&office->a);
  station_close (&office->b);
  g_clear_pointer (&office->admin, PQfinish);
  g_clear_pointer (&office->server, pg_server_free);
}

/* Waits, running the main context, until @done (at most a minute). */
#define WAIT_FOR(done, what)                                                   \
  G_STMT_START                                                                 \
  {                                                                            \
    gint64 deadline_ = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;          \
    while (!(done)) {                                                          \
      if (g_get_monotonic_time () > deadline_)                                 \
        g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, what); \
      if (!g_main_context_iteration (NULL, FALSE))                             \
        g_usleep (2000);                                                       \
    }                                                                          \
  }                                                                            \
  G_STMT_END

static gboolean
in_step (Station *station)
{
  return pos_office_link_get_state (station->link) == POS_OFFICE_LINK_IN_STEP &&
         pos_office_link_get_waiting (station->link) == 0 &&
         pos_journal_outbox_count (station->journal, NULL) == 0;
}

/* A sale of two charges (Fee 15.00, Water @water) taken to @status. */
static gint64
add_sale (Station *station, guint n, PosSaleStatus status, gint64 water)
{
  g_autofree char *agent = pos_test_agent_email ("ava");
  g_autofree char *reference = g_strdup_printf ("POS-%s-%05u", station->id, n);
  g_autofree char *request = g_strdup_printf (
    "{\"Charges\":[{\"Amount\":1500,\"ChargeType\":\"Fee\"},{\"Amount\":%" G_GINT64_FORMAT
    ",\"ChargeType\":\"Water\"}],\"ClientReference\":\"%s\"}",
    water, reference);

  station->now += G_USEC_PER_SEC;
  return pos_test_add_sale (station->journal, agent, reference, request, 1500 + water, status, NULL,
                            status == POS_SALE_STATUS_SUCCEEDED ? "4242" : NULL);
}

/* The office's copy of @station's sales equals the journal's: same rows, statuses, totals. */
static void
assert_office_matches (Office *office, Station *station)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) rows = NULL;
  PosJournalQuery query = { 0 };
  g_autofree char *sql = NULL;
  PGresult *result;
  guint n;

  query.limit = G_MAXINT;
  rows = pos_journal_list (station->journal, &query, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (rows);

  sql = g_strdup_printf ("SELECT sale_id, status, total, client_reference FROM sales "
                         "WHERE station_id = '%s' ORDER BY sale_id DESC",
                         station->id);
  result = PQexec (office->admin, sql);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  g_assert_cmpuint (PQntuples (result), ==, n);
  for (guint i = 0; i < n; i++) {
    g_autoptr (PosSaleRecord) record = g_list_model_get_item (rows, i);

    g_assert_cmpint (g_ascii_strtoll (PQgetvalue (result, i, 0), NULL, 10), ==,
                     pos_sale_record_get_id (record));
    g_assert_cmpstr (PQgetvalue (result, i, 1), ==,
                     pos_sale_status_to_string (pos_sale_record_get_status (record)));
    g_assert_cmpint (g_ascii_strtoll (PQgetvalue (result, i, 2), NULL, 10), ==,
                     pos_sale_record_get_total (record));
    g_assert_cmpstr (PQgetvalue (result, i, 3), ==, pos_sale_record_get_client_reference (record));
  }
  PQclear (result);

  /* The day's figures that paystar_deliver () keeps as sales change equal a recount. */
  g_assert_cmpint (
    query_int (office->admin,
               "SELECT count(*) FROM ("
               "(SELECT station_id, business_day, 'status' AS kind, status AS key, count(*), "
               "  sum(total) FROM sales GROUP BY 1, 2, 4 "
               " UNION ALL "
               " SELECT x.station_id, x.business_day, 'charge', c.charge_type, count(*), "
               "  sum(c.amount) FROM sales x JOIN sale_charges c USING (station_id, sale_id) "
               "  WHERE x.status = 'succeeded' GROUP BY 1, 2, 4) "
               "EXCEPT SELECT * FROM day_totals WHERE count <> 0) AS differences"),
    ==, 0);
  g_assert_cmpint (
    query_int (office->admin, "SELECT count(*) FROM day_totals WHERE count = 0 AND total <> 0"), ==,
    0);
}

static JsonObject *
member_object (JsonObject *object, const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_object_member (object, name);
}

typedef struct {
  gboolean done;
  char *text;
  GError *error;
} TextReport;

static void
text_report_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  TextReport *report = user_data;

  report->text = pos_office_report_text_finish (result, &report->error);
  report->done = TRUE;
}

/* Two stations sell, deliver, one closes its day; the office's rows and its report (through
 * paystar-office report --json and --csv) equal the two journals, and the report a station's
 * window reads in a worker thread is the program's text word for word. */
static void
test_two_stations (Office *office, gconstpointer data)
{
  const char *const report_json[] = { "report", "--date", TEST_DAY, "--json", NULL };
  const char *const report_csv[] = { "report", "--date", TEST_DAY, "--csv", NULL };
  const char *const report_text[] = { "report", "--date", TEST_DAY, NULL };
  g_autofree char *text = NULL;
  g_autofree char *office_conninfo = NULL;
  TextReport read = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *close_a = NULL;
  g_autofree char *sum_b = NULL;
  g_autofree char *ava = pos_test_agent_email ("ava");
  g_autofree char *draft = pos_test_draft_json ("x");
  JsonObject *root, *totals, *a_summary, *b_summary;
  JsonArray *stations;
  gint64 paid_total = 0, paid_count = 0, count = 0;

  if (office->server == NULL)
    return;

  /* Sales before joining come along (the outbox's first enabling queues the history). */
  for (guint i = 0; i < 5; i++)
    add_sale (&office->a, i, POS_SALE_STATUS_SUCCEEDED, 100 * (i + 1));
  station_link (office, &office->a, "station_a");
  station_link (office, &office->b, "station_b");
  for (guint i = 5; i < 12; i++)
    add_sale (&office->a, i, i % 3 == 0 ? POS_SALE_STATUS_FAILED : POS_SALE_STATUS_SUCCEEDED, i);
  for (guint i = 0; i < 9; i++)
    add_sale (&office->b, i, i == 4 ? POS_SALE_STATUS_DISMISSED : POS_SALE_STATUS_SUCCEEDED,
              1000 + i);
  /* A draft is not a sale: it never reaches the office. */
  pos_journal_save_sale_draft (office->b.journal, 0, ava, "POS-draft", draft, 100, &error);
  g_assert_no_error (error);

  close_a = pos_journal_close_day (office->a.journal, TEST_DAY, ava, &error);
  g_assert_no_error (error);
  g_assert_null (pos_journal_close_day (office->a.journal, TEST_DAY, ava, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_DAY_CLOSED);
  g_clear_error (&error);

  pos_office_link_wake (office->a.link);
  pos_office_link_wake (office->b.link);
  WAIT_FOR (in_step (&office->a) && in_step (&office->b), "both stations in step");
  assert_office_matches (office, &office->a);
  assert_office_matches (office, &office->b);
  g_assert_cmpint (query_int (office->admin, "SELECT count(*) FROM sales"), ==, 21);
  g_assert_cmpint (query_int (office->admin, "SELECT count(*) FROM sale_charges"), ==, 42);
  g_assert_null (pos_office_link_get_last_error (office->a.link));

  out = run_office (office, NULL, 0, report_json);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "day"), ==, TEST_DAY);
  stations = json_object_get_array_member (root, "stations");
  g_assert_cmpuint (json_array_get_length (stations), ==, 2);

  /* Each station's figures equal its own journal's summary of the day; the totals their sum. */
  sum_b = pos_journal_summarize_day (office->b.journal, TEST_DAY, &error);
  g_assert_no_error (error);
  {
    g_autoptr (JsonNode) a_node = json_from_string (close_a, &error);
    g_autoptr (JsonNode) b_node = json_from_string (sum_b, &error);

    g_assert_no_error (error);
    a_summary = json_node_get_object (a_node);
    b_summary = json_node_get_object (b_node);
    for (guint i = 0; i < 2; i++) {
      JsonObject *station = json_array_get_object_element (stations, i);
      gboolean is_a = g_str_equal (json_object_get_string_member (station, "id"), "station-a");
      JsonObject *summary = is_a ? a_summary : b_summary;
      JsonObject *paid =
        json_object_get_object_member (member_object (summary, "by_status"), "succeeded");
      JsonArray *flags = json_object_get_array_member (station, "flags");

      g_assert_cmpint (json_object_get_int_member (station, "count"), ==,
                       json_object_get_int_member (summary, "count"));
      g_assert_cmpint (json_object_get_int_member (station, "total"), ==,
                       json_object_get_int_member (summary, "total"));
      g_assert_cmpint (json_object_get_int_member (station, "paid_count"), ==,
                       json_object_get_int_member (paid, "count"));
      g_assert_cmpint (json_object_get_int_member (station, "paid_total"), ==,
                       json_object_get_int_member (paid, "total"));
      g_assert_cmpint (json_object_get_boolean_member (station, "closed"), ==, is_a);
      /* Station B did not close its day: flagged. */
      g_assert_cmpuint (json_array_get_length (flags), ==, is_a ? 0 : 1);
      if (!is_a) {
        g_assert_cmpstr (json_array_get_string_element (flags, 0), ==, "not-closed");
      } else {
        g_assert_cmpstr (json_object_get_string_member (station, "closed_by"), ==, ava);
      }
      count += json_object_get_int_member (summary, "count");
      paid_count += json_object_get_int_member (paid, "count");
      paid_total += json_object_get_int_member (paid, "total");
    }
    totals = member_object (root, "totals");
    g_assert_cmpint (json_object_get_int_member (totals, "count"), ==, count);
    g_assert_cmpint (json_object_get_int_member (totals, "paid_count"), ==, paid_count);
    g_assert_cmpint (json_object_get_int_member (totals, "paid_total"), ==, paid_total);
    /* By charge type: every paid sale has one Fee of 15.00. */
    g_assert_cmpint (json_object_get_int_member (
                       member_object (member_object (root, "by_charge_type"), "Fee"), "total"),
                     ==, 1500 * paid_count);
  }

  csv = run_office (office, NULL, 0, report_csv);
  g_assert_true (g_str_has_prefix (csv, "station_id,station,sales,total,paid_sales,paid_total"));
  g_assert_nonnull (strstr (csv, "\r\nstation-a,station-a,12,"));
  g_assert_nonnull (strstr (csv, ",All stations,21,"));

  text = run_office (office, NULL, 0, report_text);
  office_conninfo = pg_server_conninfo (office->server, "office");
  pos_office_report_text_async (office_conninfo, "test-office", TEST_DAY, NULL, text_report_cb,
                                &read);
  test_wait_until_done (&read.done, 30, "the office report as text");
  g_assert_no_error (read.error);
  g_assert_cmpstr (read.text, ==, text);
  g_assert_nonnull (strstr (read.text, "All stations"));
  g_free (read.text);
}

/* The office stops (an immediate shutdown: a crash, for the server) while records are being
 * delivered, the station goes on selling, the office comes back: everything arrives once. */
static void
test_office_restart (Office *office, gconstpointer data)
{
  guint n = 0;

  if (office->server == NULL)
    return;

  station_link (office, &office->a, "station_a");
  /* Sell until the office has some of it and the outbox still holds more. */
  while (query_int (office->admin, "SELECT count(*) FROM sales") == 0 ||
         pos_journal_outbox_count (office->a.journal, NULL) == 0) {
    for (guint i = 0; i < 50; i++, n++)
      add_sale (&office->a, n, n % 2 ? POS_SALE_STATUS_SUCCEEDED : POS_SALE_STATUS_FAILED, n);
    g_main_context_iteration (NULL, FALSE);
    g_assert_cmpuint (n, <, 100000);
  }
  g_clear_pointer (&office->admin, PQfinish);
  pg_server_stop (office->server, TRUE);

  /* Selling goes on; the link says the office is unreachable and why. */
  for (guint i = 0; i < 300; i++, n++)
    add_sale (&office->a, n, POS_SALE_STATUS_SUCCEEDED, n);
  WAIT_FOR (pos_office_link_get_state (office->a.link) == POS_OFFICE_LINK_UNREACHABLE,
            "the link to notice");
  g_assert_nonnull (pos_office_link_get_last_error (office->a.link));
  g_assert_cmpint (pos_office_link_get_unreachable_since (office->a.link), >, 0);
  WAIT_FOR (pos_office_link_get_waiting (office->a.link) >= 300, "the waiting count");

  pg_server_resume (office->server);
  office->admin = connect_as (office, "office");
  pos_office_link_wake (office->a.link);
  WAIT_FOR (in_step (&office->a), "the station in step again");
  g_assert_null (pos_office_link_get_last_error (office->a.link));
  g_assert_cmpint (pos_office_link_get_unreachable_since (office->a.link), ==, 0);
  assert_office_matches (office, &office->a);
  g_assert_cmpint (query_int (office->admin, "SELECT count(*) FROM sales"), ==, n);
  g_assert_cmpint (query_int (office->admin, "SELECT count(*) FROM sale_charges"), ==, 2 * n);
}

/* The same records twice, and an older record after a newer one, change nothing. */
static void
test_idempotent (Office *office, gconstpointer data)
{
  const PosOfficeStation station = { "station-a", "Window 1", "test" };
  g_autoptr (PGconn) conn = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GPtrArray) first = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  gint64 id;

  if (office->server == NULL)
    return;

  pos_journal_set_outbox_enabled (office->a.journal, TRUE, &error);
  g_assert_no_error (error);
  id = add_sale (&office->a, 1, POS_SALE_STATUS_SUCCEEDED, 250);
  records = pos_journal_outbox_peek (office->a.journal, 100, &error);
  g_assert_no_error (error);
  /* submitting, created, succeeded, the card's digits: four records of one sale. */
  g_assert_cmpuint (records->len, ==, 4);
  g_ptr_array_add (first, g_ptr_array_index (records, 0));

  conn = connect_as (office, "station_a");
  for (guint i = 0; i < 2; i++) {
    pos_office_deliver (conn, &station, records, 0, &error);
    g_assert_no_error (error);
  }
  /* The first record ("submitting") again, alone, after the newer ones. */
  pos_office_deliver (conn, &station, first, 0, &error);
  g_assert_no_error (error);

  g_assert_cmpint (query_int (office->admin, "SELECT count(*) FROM sales"), ==, 1);
  g_assert_cmpint (query_int (office->admin, "SELECT count(*) FROM sale_charges"), ==, 2);
  g_assert_cmpint (query_int (office->admin,
                              "SELECT count(*) FROM sales WHERE status = 'succeeded' AND "
                              "card_last4 = '4242' AND total = 1750"),
                   ==, 1);
  g_assert_cmpint (query_int (office->admin, "SELECT sale_id FROM sales"), ==, id);
  g_assert_cmpint (
    query_int (office->admin, "SELECT last_seq FROM stations WHERE station_id = 'station-a'"), ==,
    ((PosOutboxRecord *) g_ptr_array_index (records, 3))->seq);
}

/* An agent added with paystar-office signs in at both stations; disabled, at neither; the
 * lockout counters stay each station's own. */
static void
test_roster (Office *office, gconstpointer data)
{
  g_autofree char *zoe = pos_test_agent_email ("zoe");
  g_autofree char *yan = pos_test_agent_email ("yan");
  const char *const add_admin[] = { "agents", "add", zoe, "Zoe Zimmer", "--admin", NULL };
  const char *const add_agent[] = { "agents", "add", yan, "Yan Yu", NULL };
  const char *const disable[] = { "agents", "disable", yan, NULL };
  const char *const list[] = { "agents", "list", NULL };
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  Station *stations[] = { &office->a, &office->b };

  if (office->server == NULL)
    return;

  station_link (office, &office->a, "station_a");
  station_link (office, &office->b, "station_b");
  /* An office roster without an administrator is not applied: the demo roster stays. */
  WAIT_FOR (in_step (&office->a) && in_step (&office->b), "both stations in step");
  g_assert_nonnull (pos_office_link_get_roster_problem (office->a.link));
  g_assert_cmpuint (pos_roster_get_n_agents (office->a.roster), ==, 2);

  g_free (run_office (office, "2468\n", 0, add_admin));
  g_free (run_office (office, "1357\n", 0, add_agent));
  /* A PIN that is not one: refused, nothing added. */
  {
    const char *const bad[] = { "agents", "add", "x@example.org", "X", NULL };

    g_free (run_office (office, "12\n", 1, bad));
  }
  out = run_office (office, NULL, 0, list);
  g_assert_nonnull (strstr (out, yan));
  g_assert_null (strstr (out, "x@example.org"));
  g_assert_null (strstr (out, "1357"));

  for (guint i = 0; i < G_N_ELEMENTS (stations); i++)
    pos_office_link_wake (stations[i]->link);
  for (guint i = 0; i < G_N_ELEMENTS (stations); i++) {
    g_autoptr (PosAgent) agent = NULL;

    WAIT_FOR (pos_roster_lookup (stations[i]->roster, yan) != NULL, "the new agent");
    g_assert_null (pos_office_link_get_roster_problem (stations[i]->link));
    /* The office's roster replaces the demo one. */
    g_assert_cmpuint (pos_roster_get_n_agents (stations[i]->roster), ==, 2);
    agent = pos_roster_sign_in (stations[i]->roster, yan, "1357", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (pos_agent_get_display_name (agent), ==, "Yan Yu");
    g_assert_true (pos_agent_get_is_admin (pos_roster_lookup (stations[i]->roster, zoe)));
  }
  /* A wrong PIN at station A counts at A only. */
  g_assert_null (pos_roster_sign_in (office->a.roster, yan, "0000", &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_WRONG_PIN);
  g_clear_error (&error);
  g_assert_cmpuint (pos_roster_get_attempts_left (office->a.roster, yan), ==,
                    POS_ROSTER_MAX_ATTEMPTS - 1);
  g_assert_cmpuint (pos_roster_get_attempts_left (office->b.roster, yan), ==,
                    POS_ROSTER_MAX_ATTEMPTS);

  g_free (run_office (office, NULL, 0, disable));
  for (guint i = 0; i < G_N_ELEMENTS (stations); i++) {
    pos_office_link_wake (stations[i]->link);
    WAIT_FOR (pos_roster_lookup (stations[i]->roster, yan) == NULL, "the agent disabled");
    g_assert_null (pos_roster_sign_in (stations[i]->roster, yan, "1357", &error));
    g_assert_error (error, POS_ERROR, POS_ERROR_WRONG_PIN);
    g_clear_error (&error);
  }

  /* The office goes away: the cached roster still signs in. */
  pos_office_link_stop (office->a.link);
  pg_server_stop (office->server, TRUE);
  {
    g_autoptr (PosAgent) agent = pos_roster_sign_in (office->a.roster, zoe, "2468", &error);

    g_assert_no_error (error);
  }
  pg_server_resume (office->server);
}

/* A station's role cannot write another station's rows. */
static void
test_row_security (Office *office, gconstpointer data)
{
  const PosOfficeStation b = { "station-b", "Window 2", "test" };
  g_autoptr (PGconn) as_a = NULL;
  g_autoptr (PGconn) as_b = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  PGresult *result;

  if (office->server == NULL)
    return;

  pos_journal_set_outbox_enabled (office->b.journal, TRUE, &error);
  g_assert_no_error (error);
  add_sale (&office->b, 1, POS_SALE_STATUS_SUCCEEDED, 100);
  records = pos_journal_outbox_peek (office->b.journal, 100, &error);
  g_assert_no_error (error);

  as_b = connect_as (office, "station_b");
  pos_office_deliver (as_b, &b, records, 0, &error);
  g_assert_no_error (error);

  /* Station A's role, claiming to be B: refused, B's rows unchanged. */
  as_a = connect_as (office, "station_a");
  g_assert_false (pos_office_deliver (as_a, &b, records, 0, &error));
  g_assert_error (error, POS_OFFICE_ERROR, POS_OFFICE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (pos_office_exec (as_a,
                                   "INSERT INTO sales (station_id, sale_id, last_seq, "
                                   "client_reference, agent_email, status, total, created, "
                                   "updated, business_day) VALUES ('station-b', 99, 1, 'x', 'x', "
                                   "'succeeded', 1, now(), now(), current_date)",
                                   &error));
  g_assert_error (error, POS_OFFICE_ERROR, POS_OFFICE_ERROR_REFUSED);
  g_clear_error (&error);
  result = PQexec (as_a, "UPDATE sales SET total = 0 WHERE station_id = 'station-b'");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  g_assert_cmpstr (PQcmdTuples (result), ==, "0");
  PQclear (result);
  g_assert_false (pos_office_exec (as_a, "UPDATE agents SET is_admin = true", &error));
  g_assert_error (error, POS_OFFICE_ERROR, POS_OFFICE_ERROR_REFUSED);
  g_clear_error (&error);

  g_assert_cmpint (query_int (office->admin, "SELECT total FROM sales"), ==, 1600);
  g_assert_cmpint (query_int (office->admin, "SELECT count(*) FROM stations"), ==, 1);
  /* A station reads the roster: it checks PINs itself, also while the office is down. */
  g_assert_cmpint (query_int (as_a, "SELECT count(*) FROM agents"), ==, 0);
}

/* The station follows its settings: office-database set, it joins (with an identifier made
 * once and kept) and delivers; set to a string it must refuse, it says why and keeps selling;
 * emptied, it is a stand-alone station again. */
static void
test_station_settings (Office *office, gconstpointer data)
{
  g_autoptr (GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr (GSettings) gsettings = g_settings_new_with_backend (POS_SETTINGS_SCHEMA_ID, backend);
  g_autoptr (PosSettings) settings = pos_settings_new_with_settings (gsettings);
  g_autoptr (PosStation) station = NULL;
  g_autofree char *dir = pos_test_make_tmp_dir ("paystar-station-XXXXXX");
  g_autofree char *conninfo = NULL;
  g_autofree char *id = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *ava = pos_test_agent_email ("ava");
  PosJournal *journal;
  PosOfficeLink *link;

  if (office->server == NULL)
    return;

  conninfo = pg_server_conninfo (office->server, "station_a");
  pos_settings_set_station_name (settings, "Window 1");
  pos_settings_set_office_database (settings, conninfo);
  station = pos_station_new (settings, dir);
  station_test_start (station);
  journal = pos_station_get_journal (station);
  link = pos_station_get_office_link (station);
  g_assert_nonnull (link);
  g_assert_null (pos_station_get_office_problem (station));
  id = g_strdup (pos_settings_get_station_id (settings));
  g_assert_cmpuint (strlen (id), ==, 36);

  pos_test_add_sale (journal, ava, "POS-W1-1", "{\"ClientReference\":\"POS-W1-1\"}", 900,
                     POS_SALE_STATUS_SUCCEEDED, NULL, NULL);
  pos_office_link_wake (link);
  WAIT_FOR (pos_office_link_get_state (link) == POS_OFFICE_LINK_IN_STEP &&
              pos_journal_outbox_count (journal, NULL) == 0,
            "the sale delivered");
  sql = g_strdup_printf ("SELECT count(*) FROM sales s JOIN stations t USING (station_id) "
                         "WHERE t.station_id = '%s' AND t.name = 'Window 1' AND s.total = 900",
                         id);
  g_assert_cmpint (query_int (office->admin, sql), ==, 1);

  /* The office sets the charge types every station offers; clearing leaves the station's. */
  {
    const char *const set[] = { "lists", "set", "charge-types", "Water", "Sewer \"B\"", NULL };
    const char *const show[] = { "lists", NULL };
    g_autofree char *shown = NULL;
    const char *const *types;

    g_free (run_office (office, NULL, 0, set));
    shown = run_office (office, NULL, 0, show);
    g_assert_nonnull (strstr (shown, "charge-types: Water, Sewer \"B\""));
    pos_office_link_wake (link);
    WAIT_FOR (g_strv_length ((char **) pos_settings_get_charge_types (settings)) == 2,
              "the office's charge types");
    types = pos_settings_get_charge_types (settings);
    g_assert_cmpstr (types[0], ==, "Water");
    g_assert_cmpstr (types[1], ==, "Sewer \"B\"");
  }

  /* A network host without certificate checks: refused, said why, no link; selling goes on. */
  pos_settings_set_office_database (settings, "host=db.example.org dbname=paystar");
  g_assert_null (pos_station_get_office_link (station));
  g_assert_nonnull (strstr (pos_station_get_office_problem (station), "sslmode=verify-full"));
  pos_test_add_sale (journal, ava, "POS-W1-2", "{\"ClientReference\":\"POS-W1-2\"}", 100,
                     POS_SALE_STATUS_SUCCEEDED, NULL, NULL);

  /* Back in the office, same identifier: what was sold meanwhile arrives. */
  pos_settings_set_office_database (settings, conninfo);
  link = pos_station_get_office_link (station);
  g_assert_nonnull (link);
  g_assert_null (pos_station_get_office_problem (station));
  g_assert_cmpstr (pos_settings_get_station_id (settings), ==, id);
  WAIT_FOR (pos_office_link_get_state (link) == POS_OFFICE_LINK_IN_STEP &&
              pos_journal_outbox_count (journal, NULL) == 0,
            "the second sale delivered");
  g_assert_cmpint (query_int (office->admin, "SELECT count(*) FROM sales"), ==, 2);

  /* Stand-alone: no link, nothing queued any more. */
  pos_settings_set_office_database (settings, "");
  g_assert_null (pos_station_get_office_link (station));
  g_assert_false (pos_journal_get_outbox_enabled (journal));
  pos_test_add_sale (journal, ava, "POS-W1-3", "{\"ClientReference\":\"POS-W1-3\"}", 100,
                     POS_SALE_STATUS_SUCCEEDED, NULL, NULL);
  g_assert_cmpint (pos_journal_outbox_count (journal, NULL), ==, 0);

  g_clear_object (&station);
  pos_test_remove_tree (dir);
}

/* Connection strings a station must refuse, with what to do. */
static void
test_conninfo (void)
{
  struct {
    const char *conninfo;
    int code; /* -1: accepted */
    const char *says;
  } cases[] = {
    { "host=/run/postgresql dbname=office", -1, NULL },
    { "", -1, NULL },
    { "host=localhost dbname=office", -1, NULL },
    { "host=127.0.0.1 dbname=office", -1, NULL },
    { "host=::1 dbname=office", -1, NULL },
    { "postgresql://station@[::1]/office", -1, NULL },
    { "host=db.example.org dbname=office sslmode=verify-full", -1, NULL },
    { "host=db.example.org dbname=office", POS_OFFICE_ERROR_INSECURE, "sslmode=verify-full" },
    { "host=db.example.org sslmode=require", POS_OFFICE_ERROR_INSECURE, "db.example.org" },
    { "host=localhost,192.0.2.7 sslmode=prefer", POS_OFFICE_ERROR_INSECURE, "192.0.2.7" },
    { "hostaddr=192.0.2.7", POS_OFFICE_ERROR_INSECURE, "192.0.2.7" },
    { "postgresql://db.example.org/office", POS_OFFICE_ERROR_INSECURE, "verify-full" },
    { "host=localhost password=hunter2", POS_OFFICE_ERROR_INVALID, "~/.pgpass" },
    { "postgresql://station:hunter2@localhost/office", POS_OFFICE_ERROR_INVALID, "~/.pgpass" },
    { "host='unterminated", POS_OFFICE_ERROR_INVALID, "connection string" },
    { "nonsense", POS_OFFICE_ERROR_INVALID, "connection string" },
  };

  g_unsetenv ("PGHOST");
  g_unsetenv ("PGHOSTADDR");
  g_unsetenv ("PGSSLMODE");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GError) error = NULL;
    gboolean ok = pos_office_check_conninfo (cases[i].conninfo, &error);

    if (cases[i].code < 0) {
      g_assert_no_error (error);
      g_assert_true (ok);
      continue;
    }
    g_assert_false (ok);
    g_assert_error (error, POS_OFFICE_ERROR, cases[i].code);
    g_assert_nonnull (strstr (error->message, cases[i].says));
    g_assert_null (strstr (error->message, "hunter2"));
  }

  /* What libpq would take from the environment counts too. */
  g_setenv ("PGHOST", "db.example.org", TRUE);
  g_assert_false (pos_office_check_conninfo ("dbname=office", NULL));
  g_setenv ("PGSSLMODE", "verify-full", TRUE);
  g_assert_true (pos_office_check_conninfo ("dbname=office", NULL));
  g_unsetenv ("PGHOST");
  g_unsetenv ("PGSSLMODE");

  /* Refused before any connection is tried; a station's link does not start. */
  {
    g_autoptr (GError) error = NULL;
    g_autofree char *dir = pos_test_make_tmp_dir ("paystar-station-XXXXXX");
    g_autofree char *path = g_build_filename (dir, "journal.sqlite", NULL);
    g_autoptr (PosJournal) journal = pos_journal_open (path, &error);
    g_autoptr (PosOfficeLink) link = NULL;

    g_assert_no_error (error);
    g_assert_null (pos_office_connect ("host=db.example.org", "test", &error));
    g_assert_error (error, POS_OFFICE_ERROR, POS_OFFICE_ERROR_INSECURE);
    g_clear_error (&error);
    link = pos_office_link_new (journal, NULL, "host=db.example.org", "s", "S");
    g_assert_false (pos_office_link_start (link, &error));
    g_assert_error (error, POS_OFFICE_ERROR, POS_OFFICE_ERROR_INSECURE);
    /* Nothing was queued for an office the station never joined. */
    g_assert_false (pos_journal_get_outbox_enabled (journal));
    g_clear_object (&link);
    g_clear_object (&journal);
    pos_test_remove_tree (dir);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/office/conninfo", test_conninfo);
  g_test_add ("/office/two-stations", Office, NULL, office_set_up, test_two_stations,
              office_tear_down);
  g_test_add ("/office/office-restart", Office, NULL, office_set_up, test_office_restart,
              office_tear_down);
  g_test_add ("/office/idempotent", Office, NULL, office_set_up, test_idempotent, office_tear_down);
  g_test_add ("/office/roster", Office, NULL, office_set_up, test_roster, office_tear_down);
  g_test_add ("/office/station-settings", Office, NULL, office_set_up, test_station_settings,
              office_tear_down);
  g_test_add ("/office/row-security", Office, NULL, office_set_up, test_row_security,
              office_tear_down);
  return g_test_run ();
}
