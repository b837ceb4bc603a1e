/* bench-account-book.c: fills a temporary journal's account book and times the lookups the sale
 * page makes as the agent types.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-account-book [--accounts N] [--runs N] [--import N]
 *
 * The accounts are "NN-NNNNNNN" numbers, names from 200 first and 500 last names, phone numbers
 * "(512) 5NN-NNNN", written straight into the book's table (the same columns the import and the
 * sales write). Then each lookup runs --runs times, each time with another text, and the median
 * and worst wall-clock times are printed with the rows found (at most 8, as the page shows):
 *   number-exact   a whole account number
 *   number-prefix  its first 5 characters
 *   phone-prefix   the first 6 digits of a phone number
 *   phone-last4    the last four digits
 *   name-word      the first 3 letters of a last name
 *   name-words     first name and last name, whole
 * Then the import of --import lines of a CSV file through pos_account_book_import() (every line
 * checked as a charge's account is), with its rate. Not a test: the numbers depend on the
 * machine.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "pos-journal-private.h"
#include "pos.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static int n_accounts = 1000000;
static int runs = 200;
static int n_import = 20000;

static GOptionEntry entries[] = {
  { "accounts", 'n', 0, G_OPTION_ARG_INT, &n_accounts, "Accounts (default 1000000)", "N" },
  { "runs", 'r', 0, G_OPTION_ARG_INT, &runs, "Runs of each lookup (default 200)", "N" },
  { "import", 'i', 0, G_OPTION_ARG_INT, &n_import, "Lines to import (default 20000)", "N" },
  { NULL },
};

static const char *const first_names[] = {
  "Ava",  "Ben",  "Cora", "Dana", "Eli",  "Fay",  "Gus",  "Hana",  "Ivan",
  "Jose", "Kim",  "Lea",  "Max",  "Nia",  "Omar", "Pia",  "Quinn", "Rosa",
  "Sam",  "Tess", "Uma",  "Vic",  "Wade", "Xena", "Yara", "Zack",
};

static const char *const last_syllables[] = {
  "lee", "mor", "gar", "nun", "pat", "rob", "sil", "tor", "val", "wil",
  "ber", "cas", "dun", "fer", "gon", "hal", "jim", "kel", "lop", "mar",
};

/* A last name from @i: two syllables, capitalised ("Leemor"): 400 names. */
static char *
last_name (guint i)
{
  g_autofree char *name = g_strconcat (last_syllables[i % 20], last_syllables[(i / 20) % 20], NULL);

  name[0] = g_ascii_toupper (name[0]);
  return g_steal_pointer (&name);
}

static char *
account_number (guint i)
{
  return g_strdup_printf ("%02u-%07u", i % 97, i);
}

static char *
phone (guint i)
{
  return g_strdup_printf ("(512) 5%02u-%04u", (i / 10000) % 100, i % 10000);
}

static void
fill (PosJournal *journal)
{
  sqlite3 *db = pos_journal_get_db (journal);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert (sqlite3_prepare_v2 (db,
                                "INSERT INTO book_accounts (number, number_key, name, balance, "
                                "phone, phone_digits, imported, updated) VALUES (?1, lower(?1), "
                                "?2, ?3, ?4, ?5, 1, 0)",
                                -1, &stmt, NULL) == SQLITE_OK);
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (guint i = 0; i < (guint) n_accounts; i++) {
    g_autofree char *number = account_number (i);
    g_autofree char *last = last_name (i / 7);
    g_autofree char *name =
      g_strdup_printf ("%s %s", first_names[i % G_N_ELEMENTS (first_names)], last);
    g_autofree char *typed_phone = phone (i);
    g_autofree char *digits = g_strdup_printf ("5125%02u%04u", (i / 10000) % 100, i % 10000);

    sqlite3_reset (stmt);
    sqlite3_bind_text (stmt, 1, number, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 3, (gint64) (i % 50000) * 7);
    sqlite3_bind_text (stmt, 4, typed_phone, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 5, digits, -1, SQLITE_TRANSIENT);
    g_assert (sqlite3_step (stmt) == SQLITE_DONE);
    if (i % 100000 == 99999) {
      sqlite3_exec (db, "COMMIT; BEGIN", NULL, NULL, NULL);
      g_printerr ("\r%u accounts", i + 1);
    }
  }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  g_printerr ("\r");
  g_print ("filled %d accounts in %.1f s\n", n_accounts, (g_get_monotonic_time () - start) / 1e6);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

typedef char *(*TextFor) (guint i);

static char *
text_number_exact (guint i)
{
  return account_number (i);
}

static char *
text_number_prefix (guint i)
{
  g_autofree char *number = account_number (i);

  return g_strndup (number, 5);
}

static char *
text_phone_prefix (guint i)
{
  return g_strdup_printf ("5125%02u", (i / 10000) % 100);
}

static char *
text_phone_last4 (guint i)
{
  return g_strdup_printf ("%04u", i % 10000);
}

static char *
text_name_word (guint i)
{
  g_autofree char *last = last_name (i / 7);

  return g_strndup (last, 3);
}

static char *
text_name_words (guint i)
{
  g_autofree char *last = last_name (i / 7);

  return g_strdup_printf ("%s %s", first_names[i % G_N_ELEMENTS (first_names)], last);
}

static void
time_lookup (PosJournal *journal, const char *label, PosBookMatch match, TextFor text_for)
{
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  guint rows = 0;

  for (int r = 0; r < runs; r++) {
    guint i = (guint) g_random_int_range (0, n_accounts);
    g_autofree char *text = text_for (i);
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) found = NULL;
    gint64 start = g_get_monotonic_time ();
    double ms;

    found = pos_account_book_find (journal, match, text, 8, &error);
    ms = (g_get_monotonic_time () - start) / 1000.0;
    g_assert_no_error (error);
    g_array_append_val (times, ms);
    rows += found->len;
  }
  g_array_sort (times, compare_doubles);
  g_print ("  %-14s median %7.2f ms   max %7.2f ms   %.1f rows on average\n", label,
           g_array_index (times, double, times->len / 2),
           g_array_index (times, double, times->len - 1), (double) rows / runs);
}

static void
time_import (PosJournal *journal)
{
  g_autoptr (GString) csv = g_string_new ("AccountNumber,Name,Balance,PhoneNumber,City,State\n");
  g_autoptr (GError) error = NULL;
  gint64 start;
  gint64 imported;
  double seconds;

  for (guint i = 0; i < (guint) n_import; i++)
    g_string_append_printf (csv, "IM-%07u,Imported %u,%u.%02u,512-555-%04u,Austin,TX\n", i, i,
                            i % 1000, i % 100, i % 10000);
  start = g_get_monotonic_time ();
  imported = pos_account_book_import (journal, csv->str, csv->len, &error);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_assert_no_error (error);
  g_print ("import of %" G_GINT64_FORMAT " CSV lines: %.2f s (%.0f lines/s)\n", imported, seconds,
           imported / seconds);
}

int
main (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("- time the account book's lookups");
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr (PosJournal) journal = NULL;
  GStatBuf st;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error)) {
    g_printerr ("%s\n", error->message);
    return 2;
  }
  if (n_accounts < 1 || runs < 1 || n_import < 0) {
    g_printerr ("--accounts and --runs must be at least 1\n");
    return 2;
  }
  dir = g_dir_make_tmp ("bench-account-book-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "journal.sqlite", NULL);
  journal = pos_journal_open (path, &error);
  g_assert_no_error (error);

  fill (journal);
  g_print ("lookups at %d accounts (%d runs each, 8 rows at most):\n", n_accounts, runs);
  time_lookup (journal, "number-exact", POS_BOOK_MATCH_NUMBER, text_number_exact);
  time_lookup (journal, "number-prefix", POS_BOOK_MATCH_NUMBER, text_number_prefix);
  time_lookup (journal, "phone-prefix", POS_BOOK_MATCH_NUMBER, text_phone_prefix);
  time_lookup (journal, "phone-last4", POS_BOOK_MATCH_NUMBER, text_phone_last4);
  time_lookup (journal, "name-word", POS_BOOK_MATCH_NAME, text_name_word);
  time_lookup (journal, "name-words", POS_BOOK_MATCH_NAME, text_name_words);
  if (n_import > 0)
    time_import (journal);
  if (g_stat (path, &st) == 0)
    g_print ("journal file: %.0f MB\n", st.st_size / 1e6);

  g_clear_object (&journal);
  for (guint i = 0; i < 3; i++) {
    g_autofree char *file = g_strconcat (path, (const char *[]){ "", "-wal", "-shm" }[i], NULL);

    g_unlink (file);
  }
  g_rmdir (dir);
  return 0;
}
