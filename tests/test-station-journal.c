/* test-station-journal.c: what the station tells the clerk after its journal was damaged: where
 * the damaged file went, how many records were recovered, how many could not be read, and what
 * to do. Headless: PosStation calls no GTK.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "pos-journal-private.h"
#include "pos-station.h"
#include "pos-test-util.h"
#include "station-test-util.h"
#include "pos.h"

#define N_SALES 200

typedef struct {
  char *dir;
  char *path; /* dir/journal.sqlite, where the station looks */
  char *ava;
  gint64 now;
  PosSettings *settings;
  PosStation *station;
} Fixture;

static const char request_json[] =
  "{\"BusinessUnitSlug\":\"acme-utilities\",\"Channel\":\"POS\",\"PosUser\":\"agent\","
  "\"Charges\":[{\"Amount\":15000,\"Description\":\"Water and sewer, March\","
  "\"ClientAccount\":{\"AccountNumber\":\"ACC-12345\",\"Name\":\"John Doe\","
  "\"Address\":\"1 Main Street\"}}],\"ClientReference\":\"POS-STATION\"}";

/* Starts a station on the fixture's folder, as the app does, and returns its journal notice. */
static const char *
start_station (Fixture *f)
{
  f->settings = station_test_settings_new ();
  f->station = pos_station_new (f->settings, f->dir);
  station_test_start (f->station);
  g_assert_true (pos_station_get_ready (f->station));
  g_test_message ("notice: %s", pos_station_get_journal_notice (f->station));
  return pos_station_get_journal_notice (f->station);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = pos_test_make_tmp_dir ("paystar-station-journal-XXXXXX");
  f->path = g_build_filename (f->dir, "journal.sqlite", NULL);
  f->ava = pos_test_agent_email ("ava");
  f->now = G_GINT64_CONSTANT (1735689600) * G_USEC_PER_SEC; /* 2025-01-01 */
}
static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->station != NULL) {
    station_test_assert_finalized (g_steal_pointer (&f->station));
    g_assert_finalize_object (g_steal_pointer (&f->settings));
    while (g_main_context_iteration (NULL, FALSE))
      ;
  }
  pos_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->ava);
}

/* A journal with an agent (PIN 2468) and sales, all in the main file. */
static void
write_journal (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosJournal) journal = pos_test_journal_open (f->path, &f->now);
  g_autoptr (PosRoster) roster = pos_roster_new (journal, &error);

  g_assert_no_error (error);
  g_assert_true (pos_roster_add_agent (roster, f->ava, "Ava Alvarez", "2468", TRUE, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < N_SALES; i++) {
    g_autofree char *reference = g_strdup_printf ("POS-ST-%03u", i);

    f->now += G_USEC_PER_SEC;
    pos_test_add_sale (journal, f->ava, reference, request_json, 15000,
                       i % 2 == 0 ? POS_SALE_STATUS_SUCCEEDED : POS_SALE_STATUS_UNKNOWN, NULL,
                       NULL);
  }
  g_assert_true (pos_journal_exec (journal, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  g_assert_no_error (error);
  g_clear_object (&roster);
  g_assert_finalize_object (g_steal_pointer (&journal));
}

/* Random bytes over a leaf page of the sales from the middle of the file. */
static void
damage_a_sales_page (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) pages = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  g_autofree char *contents = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gsize length = 0;
  gint64 page;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT pageno FROM dbstat WHERE name = 'sales' AND "
                                       "pagetype = 'leaf' ORDER BY pageno",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW) {
    page = sqlite3_column_int64 (stmt, 0);
    g_array_append_val (pages, page);
  }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (pages->len, >=, 5);
  page = g_array_index (pages, gint64, pages->len / 2);

  g_assert_true (g_file_get_contents (f->path, &contents, &length, &error));
  g_assert_cmpuint ((gsize) page * 4096, <=, length);
  for (gsize i = (gsize) (page - 1) * 4096; i < (gsize) page * 4096; i++)
    contents[i] = (char) g_rand_int_range (rand, 0, 256);
  g_assert_true (g_file_set_contents (f->path, contents, (gssize) length, &error));
  g_assert_no_error (error);
}

static void
assert_contains (const char *text, const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” does not contain “%s”", text, part);
}

/* What every notice says: where the file went, and what to do. */
static void
assert_notice_basics (Fixture *f, const char *notice)
{
  const char *moved = pos_journal_get_moved_aside_path (pos_station_get_journal (f->station));

  g_assert_nonnull (notice);
  g_assert_nonnull (moved);
  assert_contains (notice, moved);
  assert_contains (notice, "Tell an administrator");
  assert_contains (notice, "Keep the damaged file");
}

static void
test_some_lost (Fixture *f, gconstpointer data)
{
  const PosJournalSalvage *salvage;
  g_autofree char *recovered = NULL;
  g_autofree char *lost = NULL;
  g_autoptr (PosAgent) agent = NULL;
  g_autoptr (GError) error = NULL;
  const char *notice;

  write_journal (f);
  damage_a_sales_page (f);
  notice = start_station (f);
  assert_notice_basics (f, notice);

  salvage = pos_journal_get_salvage (pos_station_get_journal (f->station));
  g_assert_nonnull (salvage);
  g_assert_cmpuint (salvage->lost, >, 0);
  /* The agent, the sales and the one account they all name (the account book). */
  g_assert_cmpuint (salvage->recovered + salvage->lost, ==, 1 + N_SALES + 1);
  recovered = g_strdup_printf ("%" G_GUINT64_FORMAT " records were recovered into a new journal",
                               salvage->recovered);
  lost = g_strdup_printf ("%" G_GUINT64_FORMAT " records could not be read", salvage->lost);
  assert_contains (notice, recovered);
  assert_contains (notice, lost);

  /* The station works on what was recovered: the agent signs in with the PIN of before (and no
   * demo agent was added over the recovered roster). */
  agent = pos_roster_sign_in (pos_station_get_roster (f->station), f->ava, "2468", &error);
  g_assert_no_error (error);
  g_assert_nonnull (agent);
  g_assert_cmpuint (pos_roster_get_n_agents (pos_station_get_roster (f->station)), ==, 1);
}

static void
test_all_recovered (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *recovered = NULL;
  gsize length = 0;
  const char *notice;

  /* Only the header destroyed: everything comes back. */
  write_journal (f);
  g_assert_true (g_file_get_contents (f->path, &contents, &length, &error));
  memset (contents, 0xa5, 100);
  g_assert_true (g_file_set_contents (f->path, contents, (gssize) length, &error));

  notice = start_station (f);
  assert_notice_basics (f, notice);
  recovered = g_strdup_printf ("%u records were recovered into a new journal; nothing was lost.",
                               1 + N_SALES + 1);
  assert_contains (notice, recovered);
}

static void
test_nothing_recovered (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  const char *notice;

  g_assert_true (g_file_set_contents (f->path, "This is not a journal.\n", -1, &error));
  notice = start_station (f);
  assert_notice_basics (f, notice);
  assert_contains (notice, "Nothing could be recovered from it, and a new, empty journal was "
                           "started.");
}

static void
test_intact (Fixture *f, gconstpointer data)
{
  write_journal (f);
  g_assert_null (start_station (f));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/station/journal/intact", Fixture, NULL, fixture_set_up, test_intact,
              fixture_tear_down);
  g_test_add ("/station/journal/some-lost", Fixture, NULL, fixture_set_up, test_some_lost,
              fixture_tear_down);
  g_test_add ("/station/journal/all-recovered", Fixture, NULL, fixture_set_up, test_all_recovered,
              fixture_tear_down);
  g_test_add ("/station/journal/nothing-recovered", Fixture, NULL, fixture_set_up,
              test_nothing_recovered, fixture_tear_down);

  return g_test_run ();
}
