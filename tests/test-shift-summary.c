/* test-shift-summary.c: tests of PosShiftSummary: counts and totals per agent and status, from
 * rows of a temporary journal, over "today" and "this shift" ranges and across journal pages.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-journal-private.h"
#include "pos-shift-summary.h"
#include "pos-test-util.h"
#include "pos.h"

typedef PosTestFixture Fixture;

/* 2025-03-04 12:00:00 UTC; the tests run with TZ=UTC (see main). */
#define NOON G_GINT64_CONSTANT (1741089600000000)
#define HOUR (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

static const gint64 noon = NOON;

/* Journals one sale at the fixture's clock and brings it to @status. */
static gint64
add_sale (Fixture *fixture,
          const char *agent,
          const char *reference,
          const char *account,
          gint64 total,
          PosSaleStatus status)
{
  g_autofree char *json =
    g_strdup_printf ("{\"Charges\":[{\"Amount\":%" G_GINT64_FORMAT ",\"ClientAccount\":"
                     "{\"AccountNumber\":\"%s\",\"Name\":\"X\"}}],\"ClientReference\":\"%s\"}",
                     total, account, reference);

  return pos_test_add_sale (fixture->journal, agent, reference, json, total, status,
                            status == POS_SALE_STATUS_ERROR ? "Refused" : NULL, NULL);
}

/* The mixed day used by several tests: returns the time the second shift started. */
static gint64
add_mixed_day (Fixture *fixture)
{
  gint64 shift_start;

  /* Yesterday evening: must not count for "today". */
  fixture->now = NOON - 14 * HOUR;
  add_sale (fixture, fixture->ava, "POS-Y1", "A-1", 99900, POS_SALE_STATUS_SUCCEEDED);

  /* This morning, first shift. */
  fixture->now = NOON - 4 * HOUR;
  add_sale (fixture, fixture->ava, "POS-M1", "A-2", 15000, POS_SALE_STATUS_SUCCEEDED);
  fixture->now += 60 * G_USEC_PER_SEC;
  add_sale (fixture, fixture->ben, "POS-M2", "B-1", 2550, POS_SALE_STATUS_FAILED);
  fixture->now += 60 * G_USEC_PER_SEC;
  add_sale (fixture, fixture->ava, "POS-M3", "A-3", 1, POS_SALE_STATUS_SUCCEEDED);

  /* Second shift from 11:00. */
  shift_start = NOON - HOUR;
  fixture->now = shift_start;
  add_sale (fixture, fixture->ava, "POS-S1", "A-4", 10000, POS_SALE_STATUS_SUCCEEDED);
  fixture->now += 60 * G_USEC_PER_SEC;
  add_sale (fixture, fixture->ben, "POS-S2", "B-2", 725, POS_SALE_STATUS_DISMISSED);
  fixture->now += 60 * G_USEC_PER_SEC;
  add_sale (fixture, fixture->ben, "POS-S3", "B-3", 4000, POS_SALE_STATUS_UNKNOWN);
  fixture->now += 60 * G_USEC_PER_SEC;
  add_sale (fixture, fixture->cory, "POS-S4", "C-1", 300, POS_SALE_STATUS_ERROR);
  fixture->now += 60 * G_USEC_PER_SEC;
  add_sale (fixture, fixture->ben, "POS-S5", "B-4", 12345, POS_SALE_STATUS_SUCCEEDED);
  fixture->now += 60 * G_USEC_PER_SEC;
  add_sale (fixture, fixture->ava, "POS-S6", "A-5", 5000, POS_SALE_STATUS_CREATED);
  fixture->now += 60 * G_USEC_PER_SEC;
  add_sale (fixture, fixture->ava, "POS-S7", "A-6", 800, POS_SALE_STATUS_PENDING);
  fixture->now = NOON;
  return shift_start;
}

static void
test_records (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) rows = NULL;
  g_autoptr (PosShiftSummary) summary = pos_shift_summary_new ();

  add_mixed_day (fixture);
  rows = pos_journal_list (fixture->journal, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 11);

  pos_shift_summary_add_records (summary, rows);
  pos_test_assert_summary_matches_rows (summary, rows);

  /* The same figures written out, so that a bug shared by both computations shows too. */
  g_assert_cmpuint (pos_shift_summary_get_n_agents (summary), ==, 3);
  g_assert_cmpstr (pos_shift_summary_get_agent (summary, 0), ==, fixture->ava);
  g_assert_cmpstr (pos_shift_summary_get_agent (summary, 1), ==, fixture->ben);
  g_assert_cmpstr (pos_shift_summary_get_agent (summary, 2), ==, fixture->cory);

  g_assert_cmpuint (pos_shift_summary_get_count (summary, fixture->ava, POS_SALE_STATUS_SUCCEEDED),
                    ==, 4);
  g_assert_cmpint (pos_shift_summary_get_total (summary, fixture->ava, POS_SALE_STATUS_SUCCEEDED),
                   ==, 99900 + 15000 + 1 + 10000);
  g_assert_cmpuint (pos_shift_summary_get_count (summary, fixture->ava, POS_SALE_STATUS_CREATED),
                    ==, 1);
  g_assert_cmpint (pos_shift_summary_get_total (summary, fixture->ava, POS_SALE_STATUS_PENDING), ==,
                   800);
  g_assert_cmpuint (pos_shift_summary_get_n_sales (summary, fixture->ava), ==, 6);

  g_assert_cmpuint (pos_shift_summary_get_count (summary, fixture->ben, POS_SALE_STATUS_FAILED), ==,
                    1);
  g_assert_cmpint (pos_shift_summary_get_total (summary, fixture->ben, POS_SALE_STATUS_FAILED), ==,
                   2550);
  g_assert_cmpint (pos_shift_summary_get_total (summary, fixture->ben, POS_SALE_STATUS_DISMISSED),
                   ==, 725);
  g_assert_cmpint (pos_shift_summary_get_total (summary, fixture->ben, POS_SALE_STATUS_UNKNOWN), ==,
                   4000);
  g_assert_cmpint (pos_shift_summary_get_total (summary, fixture->ben, POS_SALE_STATUS_SUCCEEDED),
                   ==, 12345);
  g_assert_cmpuint (pos_shift_summary_get_n_sales (summary, fixture->ben), ==, 4);

  g_assert_cmpuint (pos_shift_summary_get_count (summary, fixture->cory, POS_SALE_STATUS_ERROR), ==,
                    1);
  g_assert_cmpint (pos_shift_summary_get_total (summary, fixture->cory, POS_SALE_STATUS_ERROR), ==,
                   300);

  g_assert_cmpint (pos_shift_summary_get_total (summary, NULL, POS_SALE_STATUS_SUCCEEDED), ==,
                   99900 + 15000 + 1 + 10000 + 12345);
  g_assert_cmpuint (pos_shift_summary_get_count (summary, NULL, POS_SALE_STATUS_SUCCEEDED), ==, 5);
  g_assert_cmpuint (pos_shift_summary_get_n_sales (summary, NULL), ==, 11);

  /* An agent never seen, a lookup in another case. */
  g_assert_cmpuint (pos_shift_summary_get_n_sales (summary, "nobody@example.invalid"), ==, 0);
  g_assert_cmpint (
    pos_shift_summary_get_total (summary, "nobody@example.invalid", POS_SALE_STATUS_SUCCEEDED), ==,
    0);
  {
    g_autofree char *upper = g_ascii_strup (fixture->ben, -1);

    g_assert_cmpuint (pos_shift_summary_get_n_sales (summary, upper), ==, 4);
  }
}

static void
test_ranges (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosShiftSummary) today = NULL;
  g_autoptr (PosShiftSummary) shift = NULL;
  g_autoptr (PosShiftSummary) ben_shift = NULL;
  g_autoptr (GListModel) today_rows = NULL;
  g_autoptr (GListModel) shift_rows = NULL;
  PosJournalQuery query = { 0 };
  gint64 shift_start;

  shift_start = add_mixed_day (fixture);

  /* "Today": since local midnight (UTC here). */
  query.since = pos_shift_summary_day_start (fixture->now);
  g_assert_cmpint (query.since, ==, NOON - 12 * HOUR);
  today = pos_shift_summary_new_from_journal (fixture->journal, &query, &error);
  g_assert_no_error (error);
  today_rows = pos_journal_list (fixture->journal, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (today_rows), ==, 10);
  pos_test_assert_summary_matches_rows (today, today_rows);
  g_assert_cmpint (pos_shift_summary_get_total (today, fixture->ava, POS_SALE_STATUS_SUCCEEDED), ==,
                   15000 + 1 + 10000);

  /* "This shift": since the agent signed in. */
  query.since = shift_start;
  shift = pos_shift_summary_new_from_journal (fixture->journal, &query, &error);
  g_assert_no_error (error);
  shift_rows = pos_journal_list (fixture->journal, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (shift_rows), ==, 7);
  pos_test_assert_summary_matches_rows (shift, shift_rows);
  g_assert_cmpint (pos_shift_summary_get_total (shift, fixture->ava, POS_SALE_STATUS_SUCCEEDED), ==,
                   10000);
  g_assert_cmpuint (pos_shift_summary_get_count (shift, fixture->ben, POS_SALE_STATUS_FAILED), ==,
                    0);

  /* The query's other filters apply; its limit does not. */
  query.agent_email = fixture->ben;
  query.limit = 1;
  ben_shift = pos_shift_summary_new_from_journal (fixture->journal, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pos_shift_summary_get_n_agents (ben_shift), ==, 1);
  g_assert_cmpuint (pos_shift_summary_get_n_sales (ben_shift, NULL), ==, 3);
}

static void
test_case_insensitive_agents (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosShiftSummary) summary = NULL;
  g_autofree char *shouting = g_ascii_strup (fixture->ava, -1);

  add_sale (fixture, fixture->ava, "POS-C1", "A-1", 100, POS_SALE_STATUS_SUCCEEDED);
  fixture->now += G_USEC_PER_SEC;
  add_sale (fixture, shouting, "POS-C2", "A-2", 200, POS_SALE_STATUS_SUCCEEDED);

  summary = pos_shift_summary_new_from_journal (fixture->journal, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pos_shift_summary_get_n_agents (summary), ==, 1);
  /* The first sale read (newest first) gives the spelling. */
  g_assert_cmpstr (pos_shift_summary_get_agent (summary, 0), ==, shouting);
  g_assert_cmpint (pos_shift_summary_get_total (summary, fixture->ava, POS_SALE_STATUS_SUCCEEDED),
                   ==, 300);
}

/* More sales than one journal page, so that the paging and its de-duplication are exercised. */
static void
test_many (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosShiftSummary) summary = NULL;
  const guint n = 4321;
  gint64 expected_total = 0;
  guint expected_failed = 0;

  /* One transaction and no fsync: this is about figures, not durability. */
  g_assert_true (pos_journal_exec (fixture->journal, "PRAGMA synchronous = OFF; BEGIN", &error));
  for (guint i = 0; i < n; i++) {
    g_autofree char *reference = g_strdup_printf ("POS-MANY-%u", i);
    PosSaleStatus status = i % 7 == 0 ? POS_SALE_STATUS_FAILED : POS_SALE_STATUS_SUCCEEDED;

    fixture->now += G_USEC_PER_SEC;
    add_sale (fixture, i % 2 ? fixture->ava : fixture->ben, reference, "N-1", i + 1, status);
    if (status == POS_SALE_STATUS_SUCCEEDED)
      expected_total += i + 1;
    else
      expected_failed++;
  }
  g_assert_true (pos_journal_exec (fixture->journal, "COMMIT", &error));
  g_assert_no_error (error);

  summary = pos_shift_summary_new_from_journal (fixture->journal, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pos_shift_summary_get_n_sales (summary, NULL), ==, n);
  g_assert_cmpuint (pos_shift_summary_get_count (summary, NULL, POS_SALE_STATUS_FAILED), ==,
                    expected_failed);
  g_assert_cmpint (pos_shift_summary_get_total (summary, NULL, POS_SALE_STATUS_SUCCEEDED), ==,
                   expected_total);
  g_assert_cmpuint (pos_shift_summary_get_n_sales (summary, fixture->ava), ==, n / 2);
}

static void
test_day_start (void)
{
  /* Independent of the fixture: midnight of the day that holds the instant, in local time. */
  gint64 instants[] = { NOON, NOON - 12 * HOUR, NOON + 12 * HOUR - 1, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (instants); i++) {
    gint64 start = pos_shift_summary_day_start (instants[i]);
    g_autoptr (GDateTime) local = g_date_time_new_from_unix_local (start / G_USEC_PER_SEC);

    g_assert_cmpint (start, <=, instants[i]);
    g_assert_cmpint (instants[i] - start, <, 24 * HOUR);
    g_assert_cmpint (g_date_time_get_hour (local), ==, 0);
    g_assert_cmpint (g_date_time_get_minute (local), ==, 0);
    g_assert_cmpint (g_date_time_get_second (local), ==, 0);
  }
  g_assert_cmpint (pos_shift_summary_day_start (NOON), ==, NOON - 12 * HOUR);
}

static void
test_day_start_dst (void)
{
  /* 2025-03-09 is 23 hours long in New York: 12:00 EDT (16:00 UTC) is 11 hours after 00:00 EST
   * (05:00 UTC). */
  g_setenv ("TZ", "America/New_York", TRUE);
  g_assert_cmpint (pos_shift_summary_day_start (G_GINT64_CONSTANT (1741536000) * G_USEC_PER_SEC),
                   ==, G_GINT64_CONSTANT (1741496400) * G_USEC_PER_SEC);
  g_setenv ("TZ", "UTC", TRUE);
}

int
main (int argc, char *argv[])
{
  /* Fixed local time zone, so that "today" is the same day wherever the tests run. */
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  POS_TEST_ADD ("/pos/shift-summary/records", &noon, test_records);
  POS_TEST_ADD ("/pos/shift-summary/ranges", &noon, test_ranges);
  POS_TEST_ADD ("/pos/shift-summary/case-insensitive-agents", &noon, test_case_insensitive_agents);
  POS_TEST_ADD ("/pos/shift-summary/many", &noon, test_many);
  g_test_add_func ("/pos/shift-summary/day-start", test_day_start);
  if (g_file_test ("/usr/share/zoneinfo/America/New_York", G_FILE_TEST_EXISTS))
    g_test_add_func ("/pos/shift-summary/day-start-dst", test_day_start_dst);

  return g_test_run ();
}
