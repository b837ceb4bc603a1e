/* bench-office.c: the office database at a city's scale: the day's office report over millions
 * of sales from many stations, and a station's sustained delivery rate.
 *
 *   ninja -C build && build/benchmarks/bench-office [--sales 10000000] [--stations 50]
 *     [--delivery-sales 20000] [--runs 7]
 *
 * Starts its own PostgreSQL 15 (initdb into a temporary folder, Unix socket only, fsync on, as
 * nobody when run as root; the folder is removed at the end), creates the office schema, fills
 * it with --sales sales spread over --stations stations at 3,000 sales per station and day
 * (two charges each), then:
 *   - report: pos_office_report() for a day in the middle, --runs times; min, median, max;
 *   - delivery: one station's journal with --delivery-sales paid sales (four outbox records
 *     each: submitting, created, succeeded, card digits) delivered by a PosOfficeLink with the
 *     station's own role, from start to an empty outbox: records per second.
 * Goals (issue 12): the report within 100 ms, delivery at least 1,000 records a second.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "pg-harness.h"
#include "pos-office-db.h"
#include "pos-office-link.h"
#include "pos-test-util.h"

#define SALES_PER_STATION_DAY 3000

static PGconn *
connect_as (PgServer *server, const char *user)
{
  g_autofree char *conninfo = pg_server_conninfo (server, user);
  g_autoptr (GError) error = NULL;
  PGconn *conn = pos_office_connect (conninfo, "bench-office", &error);

  if (conn == NULL)
    g_error ("%s", error->message);
  return conn;
}

static void
exec_or_die (PGconn *conn, const char *sql)
{
  g_autoptr (GError) error = NULL;

  if (!pos_office_exec (conn, sql, &error))
    g_error ("%s", error->message);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
fill (PGconn *conn, gint64 sales, int stations)
{
  g_autofree char *sql = NULL;
  gint64 per_day = (gint64) stations * SALES_PER_STATION_DAY;
  gint64 start = g_get_monotonic_time ();

  sql = g_strdup_printf (
    "BEGIN;"
    /* The fill only: no foreign-key trigger per row. */
    "SET LOCAL session_replication_role = replica;"
    "INSERT INTO stations (station_id, role_name, name, last_seen, waiting) "
    "  SELECT 'station-' || s, 'office', 'Window ' || s, now(), 0 "
    "  FROM generate_series (1, %d) AS s;"
    "INSERT INTO sales (station_id, sale_id, last_seq, client_reference, agent_email, status, "
    "    total, created, updated, business_day, session_identifier, card_last4) "
    "  SELECT 'station-' || (1 + i %% %d), 1 + i / %d, 1 + i / %d, 'POS-' || md5(i::text), "
    "    'agent' || (i %% 40) || '@example.org', "
    "    CASE WHEN i %% 10 = 0 THEN 'failed' WHEN i %% 25 = 1 THEN 'dismissed' "
    "      ELSE 'succeeded' END, 1000 + i %% 9000, ts, ts, (ts AT TIME ZONE 'UTC')::date, "
    "    'sess_' || i, '4242' "
    "  FROM (SELECT i, timestamptz '2026-01-01 08:00 UTC' + (i / %" G_GINT64_FORMAT
    ") * interval '1 day' + (i %% %" G_GINT64_FORMAT ") * interval '200 ms' AS ts "
    "    FROM generate_series (0::bigint, %" G_GINT64_FORMAT " - 1) AS i) AS g;"
    "INSERT INTO sale_charges (station_id, sale_id, position, charge_type, amount) "
    "  SELECT station_id, sale_id, 1, 'Fee', 500 FROM sales;"
    "INSERT INTO sale_charges (station_id, sale_id, position, charge_type, amount) "
    "  SELECT station_id, sale_id, 2, 'Utility bill', total - 500 FROM sales;"
    /* The day's figures, as paystar_deliver () keeps them. */
    "INSERT INTO day_totals SELECT station_id, business_day, 'status', status, count(*), "
    "  sum(total) FROM sales GROUP BY 1, 2, 4;"
    "INSERT INTO day_totals SELECT x.station_id, x.business_day, 'charge', c.charge_type, "
    "  count(*), sum(c.amount) FROM sales x JOIN sale_charges c USING (station_id, sale_id) "
    "  WHERE x.status = 'succeeded' GROUP BY 1, 2, 4;"
    "INSERT INTO day_closes (station_id, business_day, last_seq, closed_by, closed_at, summary) "
    "  SELECT s.station_id, d.day, 0, 'ava@example.org', now(), '{}' "
    "  FROM stations s, (SELECT DISTINCT business_day AS day FROM sales) AS d "
    "  WHERE s.station_id <> 'station-1';"
    "COMMIT;",
    stations, stations, stations, stations, per_day, per_day, sales);
  exec_or_die (conn, sql);
  exec_or_die (conn, "VACUUM ANALYZE");
  printf ("fill: %" G_GINT64_FORMAT " sales over %d stations in %.1f s\n", sales, stations,
          (g_get_monotonic_time () - start) / 1e6);
}

static void
bench_report (PGconn *conn, gint64 sales, int stations, int runs)
{
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 days = MAX (1, sales / ((gint64) stations * SALES_PER_STATION_DAY));
  g_autoptr (GDateTime) first = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);
  g_autoptr (GDateTime) middle = g_date_time_add_days (first, (int) (days / 2));
  g_autofree char *day = g_date_time_format (middle, "%Y-%m-%d");
  gint64 count = 0;

  for (int run = 0; run < runs; run++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (JsonNode) report = NULL;
    gint64 start = g_get_monotonic_time ();
    double ms;

    report = pos_office_report (conn, day, &error);
    ms = (g_get_monotonic_time () - start) / 1e3;
    if (report == NULL)
      g_error ("%s", error->message);
    count = json_object_get_int_member (
      json_object_get_object_member (json_node_get_object (report), "totals"), "count");
    g_array_append_val (times, ms);
  }
  g_array_sort (times, compare_doubles);
  printf ("report of %s (%" G_GINT64_FORMAT " sales that day, %d stations): "
          "min %.1f ms, median %.1f ms, max %.1f ms over %d runs (goal: 100 ms)\n",
          day, count, stations, g_array_index (times, double, 0),
          g_array_index (times, double, times->len / 2),
          g_array_index (times, double, times->len - 1), runs);
}

static void
bench_delivery (PgServer *server, PGconn *admin, int n_sales)
{
  g_autofree char *dir = pos_test_make_tmp_dir ("bench-office-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "journal.sqlite", NULL);
  g_autofree char *conninfo = pg_server_conninfo (server, "bench_station");
  g_autofree char *agent = pos_test_agent_email ("ava");
  g_autoptr (PosJournal) journal = NULL;
  g_autoptr (PosOfficeLink) link = NULL;
  g_autoptr (GError) error = NULL;
  gint64 records, start, now = g_get_real_time ();
  double seconds;

  exec_or_die (admin, "CREATE ROLE bench_station LOGIN IN ROLE " POS_OFFICE_STATION_ROLE);
  journal = pos_test_journal_open (path, &now);
  if (!pos_journal_set_outbox_enabled (journal, TRUE, &error))
    g_error ("%s", error->message);
  for (int i = 0; i < n_sales; i++) {
    g_autofree char *reference = g_strdup_printf ("POS-bench-%07d", i);
    g_autofree char *request =
      g_strdup_printf ("{\"Charges\":[{\"Amount\":500,\"ChargeType\":\"Fee\"},{\"Amount\":%d,"
                       "\"ChargeType\":\"Utility bill\"}],\"ClientReference\":\"%s\"}",
                       1000 + i % 9000, reference);

    now += 200 * 1000;
    pos_test_add_sale (journal, agent, reference, request, 1500 + i % 9000,
                       POS_SALE_STATUS_SUCCEEDED, NULL, "4242");
  }
  records = pos_journal_outbox_count (journal, NULL);

  start = g_get_monotonic_time ();
  link = pos_office_link_new (journal, NULL, conninfo, "bench-station", "Bench");
  if (!pos_office_link_start (link, &error))
    g_error ("%s", error->message);
  while (pos_journal_outbox_count (journal, NULL) > 0) {
    if (pos_office_link_get_state (link) == POS_OFFICE_LINK_UNREACHABLE)
      g_error ("delivery failed: %s", pos_office_link_get_last_error (link));
    g_main_context_iteration (NULL, FALSE);
    g_usleep (1000);
  }
  seconds = (g_get_monotonic_time () - start) / 1e6;
  pos_office_link_stop (link);
  printf ("delivery: %" G_GINT64_FORMAT " records (%d sales) in %.2f s: %.0f records/s "
          "(goal: 1,000 records/s)\n",
          records, n_sales, seconds, records / seconds);
  g_clear_object (&link);
  g_clear_object (&journal);
  pos_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  gint64 sales = 10000000;
  int stations = 50, delivery_sales = 20000, runs = 7;
  GOptionEntry entries[] = {
    { "sales", 0, 0, G_OPTION_ARG_INT64, &sales, "Sales in the office database", "N" },
    { "stations", 0, 0, G_OPTION_ARG_INT, &stations, "Stations they come from", "N" },
    { "delivery-sales", 0, 0, G_OPTION_ARG_INT, &delivery_sales, "Sales one station delivers",
      "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Report runs", "N" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- office database benchmark");
  g_autoptr (GError) error = NULL;
  g_autoptr (PgServer) server = NULL;
  g_autoptr (PGconn) admin = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || sales < 1 || stations < 1 ||
      delivery_sales < 1 || runs < 1) {
    g_printerr ("%s\n", error != NULL ? error->message : "the counts must be positive");
    return 2;
  }
  setvbuf (stdout, NULL, _IOLBF, 0);

  server = pg_server_start_durable ();
  admin = connect_as (server, "office");
  if (!pos_office_init_schema (admin, &error))
    g_error ("%s", error->message);
  fill (admin, sales, stations);
  bench_report (admin, sales, stations, runs);
  bench_delivery (server, admin, delivery_sales);
  return 0;
}
