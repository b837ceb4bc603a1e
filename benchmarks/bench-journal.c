/* bench-journal.c: fills a temporary journal with many sales and times the history's queries.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-journal [--sales N] [--batch N] [--runs N] [--keep FILE]
 *
 * The sales span the last 365 days, evenly, five agents, one to three charges each with account
 * numbers "ACCT-nnnnnnn"; the newest is "now". Then each history query runs --runs times and the
 * median and worst wall-clock times are printed, with the number of rows it returned:
 *   today          since local midnight, the first page (500 rows), as the History page opens
 *   all            no filter, the first page
 *   agent-today    one agent since midnight (the "This shift" view)
 *   account        search text = an account number that exists once
 *   reference      search text = a ClientReference that exists once
 *   amount         search text = the total of an existing sale ("$123.45")
 *   no-match       search text that matches nothing (the worst case for a LIKE scan)
 *   summary-today  pos_shift_summary_new_from_journal() since midnight (all of today's rows)
 * After the file size, the room each table and index takes (SQLite's dbstat), 1 MB and more.
 * Not a test: the numbers depend on the machine. See DESIGN.md, "Performance targets".
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "paystar-money.h"
#include "pos-journal-private.h"
#include "pos-shift-summary.h"
#include "pos.h"

static int n_sales = 1000000;
static int batch_size = 10000;
static int runs = 5;
static char *keep_path = NULL;

static GOptionEntry entries[] = {
  { "sales", 'n', 0, G_OPTION_ARG_INT, &n_sales, "Sales to journal (default 1000000)", "N" },
  { "batch", 'b', 0, G_OPTION_ARG_INT, &batch_size, "Sales per transaction (default 10000)", "N" },
  { "runs", 'r', 0, G_OPTION_ARG_INT, &runs, "Runs of each query (default 5)", "N" },
  { "keep", 'k', 0, G_OPTION_ARG_FILENAME, &keep_path,
    "Journal file to use and keep (reused when it exists)", "FILE" },
  { NULL }
};

static gint64 clock_now;

static gint64
bench_clock (gpointer user_data)
{
  return clock_now;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static gboolean
fill (PosJournal *journal, gint64 now, GError **error)
{
  const char *agents[5];
  g_autofree char *ava = g_strconcat ("ava", "@", "acme-utilities.example", NULL);
  g_autofree char *ben = g_strconcat ("ben", "@", "acme-utilities.example", NULL);
  g_autofree char *dee = g_strconcat ("dee", "@", "acme-utilities.example", NULL);
  g_autofree char *eli = g_strconcat ("eli", "@", "acme-utilities.example", NULL);
  g_autofree char *fay = g_strconcat ("fay", "@", "acme-utilities.example", NULL);
  gint64 span = G_GINT64_CONSTANT (365) * 24 * 3600 * G_USEC_PER_SEC;
  g_autoptr (GTimer) timer = g_timer_new ();
  GRand *rand = g_rand_new_with_seed (42);

  agents[0] = ava;
  agents[1] = ben;
  agents[2] = dee;
  agents[3] = eli;
  agents[4] = fay;

  /* A batch is one transaction, as a busy station never is: the point is to get a million rows
   * quickly, not to measure commits (each real submit is its own durable commit). */
  if (!pos_journal_exec (journal, "PRAGMA synchronous = OFF", error))
    return FALSE;
  for (int i = 0; i < n_sales; i++) {
    g_autoptr (GString) json = g_string_new ("{\"Charges\":[");
    g_autofree char *reference = g_strdup_printf ("POS-BENCH-%08d", i);
    guint n_charges = g_rand_int_range (rand, 1, 4);
    gint64 total = 0;
    gint64 id;
    PosSaleStatus status;

    if (i % batch_size == 0 && !pos_journal_exec (journal, "BEGIN", error))
      return FALSE;

    for (guint c = 0; c < n_charges; c++) {
      gint64 amount = g_rand_int_range (rand, 100, 50000);

      /* The account numbered after the sale, so that a search for one finds one sale. */
      g_string_append_printf (json,
                              "%s{\"Amount\":%" G_GINT64_FORMAT ",\"ClientAccount\":{"
                              "\"AccountNumber\":\"ACCT-%07d%u\",\"Name\":\"Customer\"}}",
                              c > 0 ? "," : "", amount, i, c);
      total += amount;
    }
    g_string_append_printf (json, "],\"ClientReference\":\"%s\"}", reference);

    clock_now = now - span + (span / n_sales) * (i + 1);
    id = pos_journal_begin_submit (journal, agents[i % 5], json->str, reference, total, error);
    if (id == 0)
      return FALSE;
    switch (g_rand_int_range (rand, 0, 20)) {
      case 0:
        status = POS_SALE_STATUS_FAILED;
        break;
      case 1:
        status = POS_SALE_STATUS_DISMISSED;
        break;
      case 2:
        status = POS_SALE_STATUS_UNKNOWN;
        break;
      default:
        status = POS_SALE_STATUS_SUCCEEDED;
    }
    if (!pos_journal_set_status (journal, id, status, NULL, error))
      return FALSE;

    if ((i + 1) % batch_size == 0 || i + 1 == n_sales) {
      if (!pos_journal_exec (journal, "COMMIT", error))
        return FALSE;
      g_printerr ("\r  %d sales journaled (%.0f/s)", i + 1,
                  (i + 1) / g_timer_elapsed (timer, NULL));
    }
  }
  g_printerr ("\n");
  g_rand_free (rand);
  return pos_journal_exec (journal, "PRAGMA synchronous = FULL; PRAGMA optimize", error);
}

typedef enum {
  KIND_LIST,
  KIND_SUMMARY,
} Kind;

static void
measure (PosJournal *journal, const char *name, Kind kind, const PosJournalQuery *query)
{
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  guint rows = 0;

  for (int r = 0; r < runs; r++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (GTimer) timer = g_timer_new ();
    double elapsed;

    if (kind == KIND_LIST) {
      g_autoptr (GListModel) model = pos_journal_list (journal, query, &error);

      if (model != NULL)
        rows = g_list_model_get_n_items (model);
    } else {
      g_autoptr (PosShiftSummary) summary =
        pos_shift_summary_new_from_journal (journal, query, &error);

      if (summary != NULL)
        rows = pos_shift_summary_get_n_sales (summary, NULL);
    }
    elapsed = g_timer_elapsed (timer, NULL) * 1000.0;
    if (error != NULL) {
      g_printerr ("%s: %s\n", name, error->message);
      exit (1);
    }
    g_array_append_val (times, elapsed);
  }
  g_array_sort (times, compare_doubles);
  g_print ("%-14s %9.2f ms median %9.2f ms worst %8u rows\n", name,
           g_array_index (times, double, times->len / 2),
           g_array_index (times, double, times->len - 1), rows);
}

/* What takes the room: each table and index, from SQLite's dbstat table (compiled into Debian's
 * SQLite; skipped where it is not). */
static void
print_space (PosJournal *journal)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (pos_journal_get_db (journal),
                          "SELECT name, sum(pgsize) FROM dbstat GROUP BY name "
                          "HAVING sum(pgsize) >= 1048576 ORDER BY 2 DESC",
                          -1, &stmt, NULL) != SQLITE_OK) {
    g_print ("  (no dbstat table in this SQLite: no breakdown)\n");
    sqlite3_finalize (stmt);
    return;
  }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_print ("  %-26s %7.1f MB\n", (const char *) sqlite3_column_text (stmt, 0),
             sqlite3_column_int64 (stmt, 1) / 1e6);
  sqlite3_finalize (stmt);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GOptionContext) context =
    g_option_context_new ("- time the journal's history queries");
  g_autoptr (GError) error = NULL;
  g_autoptr (PosJournal) journal = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *account = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *ava = g_strconcat ("ava", "@", "acme-utilities.example", NULL);
  PosJournalQuery query = { 0 };
  gint64 now = g_get_real_time ();
  gboolean reuse;
  GStatBuf st;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error)) {
    g_printerr ("%s\n", error->message);
    return 2;
  }
  if (n_sales < 1 || batch_size < 1 || runs < 1) {
    g_printerr ("--sales, --batch and --runs must be positive\n");
    return 2;
  }

  if (keep_path != NULL) {
    path = g_strdup (keep_path);
  } else {
    dir = g_dir_make_tmp ("bench-journal-XXXXXX", &error);
    if (dir == NULL) {
      g_printerr ("%s\n", error->message);
      return 1;
    }
    path = g_build_filename (dir, "journal.sqlite", NULL);
  }
  reuse = keep_path != NULL && g_file_test (path, G_FILE_TEST_EXISTS);

  journal = pos_journal_open (path, &error);
  if (journal == NULL) {
    g_printerr ("%s\n", error->message);
    return 1;
  }
  pos_journal_set_clock (journal, bench_clock, NULL);

  if (!reuse) {
    g_autoptr (GTimer) timer = g_timer_new ();

    g_print ("journal: %s\nfilling with %d sales in batches of %d\n", path, n_sales, batch_size);
    if (!fill (journal, now, &error)) {
      g_printerr ("%s\n", error->message);
      return 1;
    }
    g_print ("fill           %9.2f s\n", g_timer_elapsed (timer, NULL));
  } else {
    g_print ("journal: %s (reused; --sales is taken as the count it was filled with)\n", path);
    /* The newest sale of a reused file was "now" when it was filled. */
    {
      PosJournalQuery newest = { .limit = 1 };
      g_autoptr (GListModel) model = pos_journal_list (journal, &newest, &error);
      g_autoptr (PosSaleRecord) record = NULL;

      if (model == NULL || g_list_model_get_n_items (model) == 0) {
        g_printerr ("the journal is empty\n");
        return 1;
      }
      record = g_list_model_get_item (model, 0);
      now = pos_sale_record_get_created (record);
    }
  }
  if (g_stat (path, &st) == 0)
    g_print ("file size      %9.1f MB\n", st.st_size / 1e6);
  print_space (journal);

  account = g_strdup_printf ("ACCT-%07d0", n_sales / 2);
  reference = g_strdup_printf ("POS-BENCH-%08d", n_sales / 3);
  /* An amount that exists: the total of the sale a quarter of the way in. */
  {
    g_autofree char *quarter = g_strdup_printf ("POS-BENCH-%08d", n_sales / 4);
    g_autoptr (PosSaleRecord) record = pos_journal_lookup_by_reference (journal, quarter, NULL);

    amount = paystar_money_format (record != NULL ? pos_sale_record_get_total (record) : 12345);
  }

  g_print ("%d runs each\n", runs);
  query = (PosJournalQuery){ .since = pos_shift_summary_day_start (now) };
  measure (journal, "today", KIND_LIST, &query);
  query = (PosJournalQuery){ 0 };
  measure (journal, "all", KIND_LIST, &query);
  query = (PosJournalQuery){ .since = pos_shift_summary_day_start (now), .agent_email = ava };
  measure (journal, "agent-today", KIND_LIST, &query);
  query = (PosJournalQuery){ .text = account };
  measure (journal, "account", KIND_LIST, &query);
  query = (PosJournalQuery){ .text = reference };
  measure (journal, "reference", KIND_LIST, &query);
  query = (PosJournalQuery){ .text = amount };
  measure (journal, "amount", KIND_LIST, &query);
  query = (PosJournalQuery){ .text = "no-such-thing" };
  measure (journal, "no-match", KIND_LIST, &query);
  query = (PosJournalQuery){ .since = pos_shift_summary_day_start (now), .text = account };
  measure (journal, "account-today", KIND_LIST, &query);
  query = (PosJournalQuery){ .since = pos_shift_summary_day_start (now) };
  measure (journal, "summary-today", KIND_SUMMARY, &query);

  g_clear_object (&journal);
  if (dir != NULL) {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++) {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
    g_rmdir (dir);
  }
  return 0;
}
