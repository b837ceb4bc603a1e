/* test-journal-salvage.c: a damaged journal is moved aside and what SQLite can still read of it
 * (agents and their PIN hashes, sales, drafts) is copied into the new journal: damage in the
 * middle, at the header, a truncated file, a file of zeros.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pos-journal-private.h"
#include "pos-test-util.h"
#include "pos.h"

typedef PosTestFixture Fixture;

#define N_SALES 300
/* Three agents, a draft each for two of them, the sales, and the two accounts they name in the
 * account book (ACC-12345 and W-77). */
#define N_RECORDS (3 + 2 + N_SALES + 2)

/* The sales that are not final, at both ends of the table (a damaged page in the middle spares
 * them; a truncated file spares the first ones). */
static const struct {
  guint index;
  PosSaleStatus status;
} unresolved[] = {
  { 0, POS_SALE_STATUS_SUBMITTING },        { 1, POS_SALE_STATUS_CREATED },
  { 2, POS_SALE_STATUS_UNKNOWN },           { N_SALES - 3, POS_SALE_STATUS_UNKNOWN },
  { N_SALES - 2, POS_SALE_STATUS_PENDING }, { N_SALES - 1, POS_SALE_STATUS_CREATED },
};

static const PosSaleStatus final_statuses[] = {
  POS_SALE_STATUS_SUCCEEDED,
  POS_SALE_STATUS_FAILED,
  POS_SALE_STATUS_DISMISSED,
};

static const struct {
  const char *name;
  const char *display_name;
  const char *pin;
  gboolean is_admin;
} agents[] = {
  { "ava", "Ava Alvarez", "1234", TRUE },
  { "ben", "Ben Brooks", "5678", FALSE },
  { "cory", "Cory Chen", "24681357", FALSE },
};

/* A request of a realistic size: a few hundred bytes, so that the sales fill many pages. */
static const char request_json[] =
  "{\"BusinessUnitSlug\":\"acme-utilities\",\"Channel\":\"POS\",\"PosUser\":\"agent\","
  "\"Charges\":[{\"Amount\":15000,\"Description\":\"Water and sewer, March\","
  "\"ClientAccount\":{\"AccountNumber\":\"ACC-12345\",\"Name\":\"John Doe\","
  "\"Address\":\"1 Main Street\"}},{\"Amount\":550,\"Description\":\"Late fee\","
  "\"ClientAccount\":{\"AccountNumber\":\"W-77\",\"Name\":\"John Doe\"}}],"
  "\"ClientReference\":\"POS-SALVAGE\"}";

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  pos_test_fixture_set_up (fixture, "test-journal-salvage-XXXXXX",
                           G_GINT64_CONSTANT (1735689600) * G_USEC_PER_SEC /* 2025-01-01 */);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  pos_test_fixture_tear_down (fixture);
}

static char *
reference (guint index)
{
  return g_strdup_printf ("POS-SALV-%03u", index);
}

static PosSaleStatus
status_of (guint index)
{
  for (guint i = 0; i < G_N_ELEMENTS (unresolved); i++) {
    if (unresolved[i].index == index)
      return unresolved[i].status;
  }
  return final_statuses[index % G_N_ELEMENTS (final_statuses)];
}

static char *
draft_json (const char *who)
{
  g_autoptr (PosSale) sale = pos_sale_new ("salvage");
  g_autofree char *description = g_strdup_printf ("Draft of %s", who);
  PosCharge *charge = pos_sale_add_charge (sale, NULL);

  pos_charge_set_description (charge, description);
  pos_charge_set_amount_text (charge, "12.34");
  return pos_sale_to_json (sale);
}

/* Where the journals the tests damage are kept once written: written through the journal's API
 * with a sync per commit, they take seconds to make. */
static char *cache_dir;

/* Writes the journal every test damages and closes it: all in the main file, as a clean shutdown
 * leaves it; or, @crash, with the last sales only in the -wal, as a power cut leaves it. */
static void
build_journal (Fixture *fixture, gboolean crash)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosJournal) journal = pos_test_journal_open (fixture->path, &fixture->now);
  g_autoptr (PosRoster) roster = pos_roster_new (journal, &error);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  sqlite3 *reader = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (agents); i++) {
    g_autofree char *email = pos_test_agent_email (agents[i].name);

    g_assert_true (pos_roster_add_agent (roster, email, agents[i].display_name, agents[i].pin,
                                         agents[i].is_admin, &error));
    g_assert_no_error (error);
  }
  for (guint i = 0; i < 2; i++) {
    g_autofree char *email = pos_test_agent_email (agents[i].name);
    g_autofree char *json = draft_json (agents[i].name);

    g_assert_true (pos_journal_save_draft (journal, email, json, &error));
    g_assert_no_error (error);
  }
  for (guint i = 0; i < N_SALES; i++) {
    g_autofree char *ref = reference (i);
    g_autofree char *email = pos_test_agent_email (agents[i % G_N_ELEMENTS (agents)].name);
    PosSaleStatus status = status_of (i);

    if (crash && i == N_SALES - 3) {
      /* Everything before in the main file; what follows only in the -wal, which a read-only
       * connection open at the journal's close keeps there (the last one to close would write
       * it into the main file, and a read-only one cannot). */
      g_assert_true (pos_journal_exec (journal, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
      g_assert_no_error (error);
      g_assert_cmpint (sqlite3_open_v2 (fixture->path, &reader, SQLITE_OPEN_READONLY, NULL), ==,
                       SQLITE_OK);
      /* Connections open the file on first use. */
      g_assert_cmpint (
        sqlite3_exec (reader, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL), ==,
        SQLITE_OK);
    }
    fixture->now += G_USEC_PER_SEC;
    pos_test_add_sale (journal, email, ref, request_json, 15550, status,
                       status == POS_SALE_STATUS_FAILED ? "Declined" : NULL,
                       status == POS_SALE_STATUS_SUCCEEDED ? "****4242" : NULL);
  }

  if (!crash) {
    g_assert_true (pos_journal_exec (journal, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
    g_assert_no_error (error);
  }
  g_clear_object (&roster);
  g_assert_finalize_object (g_steal_pointer (&journal));
  if (reader != NULL)
    sqlite3_close (reader);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS) == crash);
}

static void
copy_file (const char *from, const char *to)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (from, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (to, contents, (gssize) length, &error));
  g_assert_no_error (error);
}

/* build_journal() at the fixture's path, made once per program. */
static void
write_journal_full (Fixture *fixture, gboolean crash)
{
  g_autofree char *cached =
    g_build_filename (cache_dir, crash ? "crash.sqlite" : "clean.sqlite", NULL);
  g_autofree char *cached_wal = g_strconcat (cached, "-wal", NULL);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);

  if (!g_file_test (cached, G_FILE_TEST_EXISTS)) {
    build_journal (fixture, crash);
    copy_file (fixture->path, cached);
    if (crash)
      copy_file (wal, cached_wal);
  } else {
    copy_file (cached, fixture->path);
    if (crash)
      copy_file (cached_wal, wal);
  }
}

static void
write_journal (Fixture *fixture)
{
  write_journal_full (fixture, FALSE);
}

/* A leaf page of the sales table from the middle of the file, and how many rows it holds. */
static void
find_middle_sales_page (const char *path, gint64 *pageno, gint64 *ncell, gint64 *page_size)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr (GArray) pages = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) cells = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT pageno, ncell FROM dbstat WHERE name = 'sales' "
                                       "AND pagetype = 'leaf' ORDER BY pageno",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW) {
    gint64 page = sqlite3_column_int64 (stmt, 0);
    gint64 n = sqlite3_column_int64 (stmt, 1);

    g_array_append_val (pages, page);
    g_array_append_val (cells, n);
  }
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA page_size", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *page_size = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* Enough pages that the middle one holds neither end of the table. */
  g_assert_cmpuint (pages->len, >=, 10);
  *pageno = g_array_index (pages, gint64, pages->len / 2);
  *ncell = g_array_index (cells, gint64, pages->len / 2);
  g_assert_cmpint (*ncell, >, 0);
}

static char *
read_file (const char *path, gsize *length)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

static void
write_file (const char *path, const char *contents, gsize length)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, (gssize) length, &error));
  g_assert_no_error (error);
}

/* Random bytes from a fixed seed: the same damage on every run. */
static void
scribble (char *bytes, gsize length, guint32 seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);

  for (gsize i = 0; i < length; i++)
    bytes[i] = (char) g_rand_int_range (rand, 0, 256);
}

/* Opens the damaged journal; checks that the damaged file was kept byte for byte (@contents, unless
 * NULL) and returns the salvage report. */
static const PosJournalSalvage *
open_damaged (Fixture *fixture, const char *contents, gsize length)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *shm = NULL;
  gsize kept_length = 0;
  const PosJournalSalvage *salvage;
  const char *moved;

  fixture->journal = pos_test_journal_open (fixture->path, &fixture->now);
  moved = pos_journal_get_moved_aside_path (fixture->journal);
  g_assert_nonnull (moved);
  kept = read_file (moved, &kept_length);
  if (contents != NULL)
    g_assert_cmpmem (kept, kept_length, contents, length);
  /* Reading it left nothing beside it. */
  shm = g_strconcat (moved, "-shm", NULL);
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));

  salvage = pos_journal_get_salvage (fixture->journal);
  g_assert_nonnull (salvage);
  g_test_message ("recovered %" G_GUINT64_FORMAT ", lost %" G_GUINT64_FORMAT "%s",
                  salvage->recovered, salvage->lost, salvage->lost_unknown ? " or more" : "");
  return salvage;
}

static void
assert_agents (Fixture *fixture, guint n_expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosRoster) roster = pos_roster_new (fixture->journal, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (pos_roster_get_n_agents (roster), ==, n_expected);
  for (guint i = 0; i < n_expected; i++) {
    g_autofree char *email = pos_test_agent_email (agents[i].name);
    g_autoptr (PosAgent) agent = NULL;
    g_autoptr (PosAgent) wrong = NULL;

    /* The PIN hash came across intact: the right PIN signs in, another does not. */
    agent = pos_roster_sign_in (roster, email, agents[i].pin, &error);
    g_assert_no_error (error);
    g_assert_nonnull (agent);
    g_assert_cmpstr (pos_agent_get_display_name (agent), ==, agents[i].display_name);
    g_assert_true (pos_agent_get_is_admin (agent) == agents[i].is_admin);
    wrong = pos_roster_sign_in (roster, email, "0000", &error);
    g_assert_error (error, POS_ERROR, POS_ERROR_WRONG_PIN);
    g_assert_null (wrong);
    g_clear_error (&error);
  }
}

static void
assert_drafts (Fixture *fixture)
{
  for (guint i = 0; i < 2; i++) {
    g_autoptr (GError) error = NULL;
    g_autofree char *email = pos_test_agent_email (agents[i].name);
    g_autofree char *expected = g_strdup_printf ("Draft of %s", agents[i].name);
    g_autofree char *json = pos_journal_load_draft (fixture->journal, email, &error);

    g_assert_no_error (error);
    g_assert_nonnull (json);
    g_assert_nonnull (strstr (json, expected));
  }
}

static void
assert_sale (Fixture *fixture, guint index)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *ref = reference (index);
  g_autoptr (PosSaleRecord) record = NULL;

  record = pos_journal_lookup_by_reference (fixture->journal, ref, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, status_of (index));
  g_assert_cmpint (pos_sale_record_get_total (record), ==, 15550);
  g_assert_cmpstr (pos_sale_record_get_request_json (record), ==, request_json);
}

/* The history's text search goes through the full-text index: rebuilt from the salvaged rows. */
static void
assert_found_by_search (Fixture *fixture, guint index)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *ref = reference (index);
  PosJournalQuery query = { .text = ref };
  g_autoptr (GListModel) found = pos_journal_list (fixture->journal, &query, &error);
  g_autoptr (PosSaleRecord) record = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  record = g_list_model_get_item (found, 0);
  g_assert_cmpstr (pos_sale_record_get_client_reference (record), ==, ref);
}

/* The new journal takes new sales, with ids after every id the damaged file had used. */
static void
assert_new_sale (Fixture *fixture, gint64 min_id)
{
  g_autofree char *email = pos_test_agent_email ("ava");
  gint64 id = pos_test_add_sale (fixture->journal, email, "POS-AFTER", request_json, 100,
                                 POS_SALE_STATUS_CREATED, NULL, NULL);

  g_assert_cmpint (id, >, min_id);
}

/* One page of sales went bad: exactly its @ncell rows are lost (the indexes still count them),
 * nothing else: the agents, the drafts, every unresolved sale, the newest sale found by search,
 * and new sales after every old id. */
static void
assert_one_page_lost (Fixture *fixture, const PosJournalSalvage *salvage, gint64 ncell)
{
  g_assert_cmpuint (salvage->lost, ==, (guint64) ncell);
  g_assert_cmpuint (salvage->recovered, ==, N_RECORDS - (guint64) ncell);
  g_assert_false (salvage->lost_unknown);

  assert_agents (fixture, G_N_ELEMENTS (agents));
  assert_drafts (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (unresolved); i++)
    assert_sale (fixture, unresolved[i].index);
  assert_found_by_search (fixture, N_SALES - 1);
  assert_new_sale (fixture, N_SALES);
}

static void
test_damaged_page (Fixture *fixture, gconstpointer data)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  gint64 pageno = 0, ncell = 0, page_size = 0;
  const PosJournalSalvage *salvage;

  write_journal (fixture);
  find_middle_sales_page (fixture->path, &pageno, &ncell, &page_size);
  contents = read_file (fixture->path, &length);
  g_assert_cmpuint ((gsize) (pageno * page_size), <=, length);
  scribble (contents + (pageno - 1) * page_size, (gsize) page_size, 9);
  write_file (fixture->path, contents, length);

  salvage = open_damaged (fixture, contents, length);
  assert_one_page_lost (fixture, salvage, ncell);
}

/* A power cut left the newest sales in the -wal; then a page of the main file went bad. What the
 * -wal holds is recovered too. (The journal's first, failed open writes the -wal into the main file
 * as it closes: the file moved aside is then not byte for byte the damaged one.) */
static void
test_damaged_page_after_crash (Fixture *fixture, gconstpointer data)
{
  g_autofree char *contents = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  gsize length = 0;
  GStatBuf st;
  gint64 pageno = 0, ncell = 0, page_size = 0;
  const PosJournalSalvage *salvage;

  write_journal_full (fixture, TRUE);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 0);
  find_middle_sales_page (fixture->path, &pageno, &ncell, &page_size);
  contents = read_file (fixture->path, &length);
  scribble (contents + (pageno - 1) * page_size, (gsize) page_size, 11);
  write_file (fixture->path, contents, length);

  salvage = open_damaged (fixture, NULL, 0);
  /* The last three unresolved sales were only ever in the -wal. */
  assert_one_page_lost (fixture, salvage, ncell);
}

static void
test_truncated (Fixture *fixture, gconstpointer data)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  gint64 pageno = 0, ncell = 0, page_size = 0;
  const PosJournalSalvage *salvage;

  write_journal (fixture);
  find_middle_sales_page (fixture->path, &pageno, &ncell, &page_size);
  contents = read_file (fixture->path, &length);
  /* Cut at the middle page of the sales: the first half of the file stays. */
  length = (gsize) ((pageno - 1) * page_size);
  write_file (fixture->path, contents, length);

  salvage = open_damaged (fixture, contents, length);
  g_assert_cmpuint (salvage->recovered, >, 0);
  g_assert_cmpuint (salvage->lost, >, 0);
  /* The rows past the cut are counted from the sequence of ids, which was before it. */
  g_assert_cmpuint (salvage->recovered + salvage->lost, ==, N_RECORDS);
  g_assert_false (salvage->lost_unknown);

  assert_agents (fixture, G_N_ELEMENTS (agents));
  assert_drafts (fixture);
  for (guint i = 0; i < 3; i++)
    assert_sale (fixture, unresolved[i].index);
  assert_found_by_search (fixture, 0);
  /* The sequence of ids survived the cut: no id is used twice. */
  assert_new_sale (fixture, N_SALES);
}

/* Nothing can be read: an empty journal, and the report says so. */
static void
assert_nothing_recovered (Fixture *fixture, const char *contents, gsize length)
{
  const PosJournalSalvage *salvage = open_damaged (fixture, contents, length);

  g_assert_cmpuint (salvage->recovered, ==, 0);
  g_assert_cmpuint (salvage->lost, ==, 0);
  g_assert_true (salvage->lost_unknown);
  assert_agents (fixture, 0);
  assert_new_sale (fixture, 0);
}

static void
test_damaged_header (Fixture *fixture, gconstpointer data)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  const PosJournalSalvage *salvage;
  g_autofree char *source = g_strconcat (fixture->path, ".salvage-source", NULL);
  g_autofree char *copy = g_strconcat (fixture->path, ".salvage", NULL);

  write_journal (fixture);
  contents = read_file (fixture->path, &length);
  scribble (contents, 100, 7);
  write_file (fixture->path, contents, length);

  /* Only the header is lost: made again (page size, and this program's schema version, as the
   * schema is exactly the one it makes), everything is read. */
  salvage = open_damaged (fixture, contents, length);
  g_assert_cmpuint (salvage->recovered, ==, N_RECORDS);
  g_assert_cmpuint (salvage->lost, ==, 0);
  g_assert_false (salvage->lost_unknown);
  assert_agents (fixture, G_N_ELEMENTS (agents));
  assert_drafts (fixture);
  for (guint i = 0; i < N_SALES; i++)
    assert_sale (fixture, i);
  assert_found_by_search (fixture, N_SALES - 1);
  assert_new_sale (fixture, N_SALES);

  /* The copy with the new header it read from, and the one it wrote, are gone. */
  g_assert_false (g_file_test (source, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
}

/* A damaged file written by an older version (schema 2) is salvaged at that version and then
 * migrated by the journal's open like any older file: the salvage knows no schema. */
static void
test_damaged_page_old_version (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *hash = pos_pin_hash ("1357", &error);
  g_autofree char *contents = NULL;
  g_autoptr (PosRoster) roster = NULL;
  g_autoptr (PosAgent) agent = NULL;
  g_autoptr (GString) sql = g_string_new ("BEGIN;");
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gsize length = 0;
  gint64 pageno = 0, ncell = 0, page_size = 0;
  const PosJournalSalvage *salvage;

  g_assert_no_error (error);
  g_string_append_printf (sql,
                          "INSERT INTO agents (email, display_name, pin_hash, is_admin) VALUES "
                          "('%s', 'Ava Alvarez', '%s', 1);",
                          fixture->ava, hash);
  for (guint i = 0; i < N_SALES; i++) {
    g_autofree char *ref = reference (i);

    g_string_append_printf (sql,
                            "INSERT INTO sales (client_reference, agent_email, created, updated, "
                            "status, request_json, total, accounts) VALUES ('%s', '%s', %u, %u, "
                            "'%s', '%s', 15550, 'ACC-12345 W-77');",
                            ref, fixture->ava, i + 1, i + 1,
                            i == 0 || i == N_SALES - 1 ? "created" : "succeeded", request_json);
  }
  g_string_append (sql, "COMMIT;");
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, pos_journal_schema_v2, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql->str, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  find_middle_sales_page (fixture->path, &pageno, &ncell, &page_size);
  contents = read_file (fixture->path, &length);
  scribble (contents + (pageno - 1) * page_size, (gsize) page_size, 13);
  write_file (fixture->path, contents, length);

  salvage = open_damaged (fixture, contents, length);
  g_assert_cmpuint (salvage->lost, ==, (guint64) ncell);
  g_assert_cmpuint (salvage->recovered, ==, 1 + N_SALES - (guint64) ncell);
  g_assert_false (salvage->lost_unknown);

  /* Migrated to this program's version... */
  g_assert_cmpint (sqlite3_prepare_v2 (pos_journal_get_db (fixture->journal), "PRAGMA user_version",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, POS_JOURNAL_SCHEMA_VERSION);
  sqlite3_finalize (stmt);
  /* ...with the agent, the sales at both ends, and the search index the migrations built. */
  roster = pos_roster_new (fixture->journal, &error);
  g_assert_no_error (error);
  agent = pos_roster_sign_in (roster, fixture->ava, "1357", &error);
  g_assert_no_error (error);
  g_assert_nonnull (agent);
  for (guint i = 0; i < N_SALES; i += N_SALES - 1) {
    g_autofree char *ref = reference (i);
    g_autoptr (PosSaleRecord) record =
      pos_journal_lookup_by_reference (fixture->journal, ref, &error);

    g_assert_no_error (error);
    g_assert_nonnull (record);
    g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_CREATED);
  }
  assert_found_by_search (fixture, N_SALES - 1);
  assert_new_sale (fixture, N_SALES);
}

/* A destroyed header on a file whose schema is not this program's: its version cannot be told,
 * and migrating it as if it were another would mangle it. Nothing is read. */
static void
test_damaged_header_old_version (Fixture *fixture, gconstpointer data)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  sqlite3 *db = NULL;
  g_autofree char *sql = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, pos_journal_schema_v2, NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < 50; i++) {
    sql = g_strdup_printf ("INSERT INTO agents (email, display_name, pin_hash) VALUES "
                           "('agent%u@example.invalid', 'Agent %u', '$6$x$y')",
                           i, i);
    g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    g_clear_pointer (&sql, g_free);
  }
  sqlite3_close (db);
  contents = read_file (fixture->path, &length);
  scribble (contents, 100, 5);
  write_file (fixture->path, contents, length);
  assert_nothing_recovered (fixture, contents, length);
}

static void
test_empty (Fixture *fixture, gconstpointer data)
{
  write_journal (fixture);
  write_file (fixture->path, "", 0);
  /* SQLite would take an empty file for a new database; a journal file that exists but is empty
   * was truncated, so the station says so (moved aside, nothing could be recovered) instead of
   * starting over in silence. */
  assert_nothing_recovered (fixture, "", 0);
}

static void
test_zeros (Fixture *fixture, gconstpointer data)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  write_journal (fixture);
  contents = read_file (fixture->path, &length);
  memset (contents, 0, length);
  write_file (fixture->path, contents, length);
  assert_nothing_recovered (fixture, contents, length);
}

/* An intact journal is not touched by any of this. */
static void
test_intact (Fixture *fixture, gconstpointer data)
{
  write_journal (fixture);
  fixture->journal = pos_test_journal_open (fixture->path, &fixture->now);
  g_assert_null (pos_journal_get_moved_aside_path (fixture->journal));
  g_assert_null (pos_journal_get_salvage (fixture->journal));
  assert_agents (fixture, G_N_ELEMENTS (agents));
  assert_drafts (fixture);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  cache_dir = pos_test_make_tmp_dir ("test-journal-salvage-cache-XXXXXX");

  g_test_add ("/pos/journal-salvage/intact", Fixture, NULL, fixture_set_up, test_intact,
              fixture_tear_down);
  g_test_add ("/pos/journal-salvage/damaged-page", Fixture, NULL, fixture_set_up, test_damaged_page,
              fixture_tear_down);
  g_test_add ("/pos/journal-salvage/damaged-page-after-crash", Fixture, NULL, fixture_set_up,
              test_damaged_page_after_crash, fixture_tear_down);
  g_test_add ("/pos/journal-salvage/damaged-page-old-version", Fixture, NULL, fixture_set_up,
              test_damaged_page_old_version, fixture_tear_down);
  g_test_add ("/pos/journal-salvage/damaged-header", Fixture, NULL, fixture_set_up,
              test_damaged_header, fixture_tear_down);
  g_test_add ("/pos/journal-salvage/damaged-header-old-version", Fixture, NULL, fixture_set_up,
              test_damaged_header_old_version, fixture_tear_down);
  g_test_add ("/pos/journal-salvage/truncated", Fixture, NULL, fixture_set_up, test_truncated,
              fixture_tear_down);
  g_test_add ("/pos/journal-salvage/empty", Fixture, NULL, fixture_set_up, test_empty,
              fixture_tear_down);
  g_test_add ("/pos/journal-salvage/zeros", Fixture, NULL, fixture_set_up, test_zeros,
              fixture_tear_down);

  status = g_test_run ();
  pos_test_remove_tree (cache_dir);
  g_free (cache_dir);
  return status;
}
