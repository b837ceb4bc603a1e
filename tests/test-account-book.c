/* test-account-book.c: the account book: filled by the sales sent (not by drafts), the journal
 * upgraded from version 5 with its sales, the lookups by number, phone and name, the import of
 * an administrator's file (all or nothing, problems by line) and a charge filled from an account.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "pos-journal-private.h"
#include "pos-test-util.h"
#include "pos.h"

typedef PosTestFixture Fixture;

#define NOON ((gint64) 1767355200 * G_USEC_PER_SEC) /* 2026-01-02 12:00 UTC */

static const gint64 noon = NOON;

static char *
request_with (const char *reference, const char *accounts)
{
  return g_strdup_printf ("{\"Charges\":[%s],\"ClientReference\":\"%s\"}", accounts, reference);
}

static const char dana[] =
  "{\"Amount\":15000,\"ClientAccount\":{\"AccountNumber\":\"10-4432\",\"SubAccountNumber\":\"2\","
  "\"Name\":\"Dana Lee\",\"Balance\":120050,\"PhoneNumber\":\"(512) 555-0100\","
  "\"DueDate\":\"2026-12-17\",\"Note\":\"gate code 12\",\"Address\":{\"StreetAddress\":"
  "\"1 Main St\",\"City\":\"Austin\",\"State\":\"TX\",\"ZipCode\":\"78701\"}}}";
static const char jose[] =
  "{\"Amount\":100,\"ClientAccount\":{\"AccountNumber\":\"W-77\",\"Name\":\"José Núñez\"}}";
static const char fee[] = "{\"Amount\":100,\"ChargeType\":\"Fee\"}";

static GPtrArray *
find (Fixture *fixture, PosBookMatch match, const char *text)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *found = pos_account_book_find (fixture->journal, match, text, 10, &error);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found;
}

static const char *
first_number (GPtrArray *found)
{
  return found->len > 0 ? ((PosBookAccount *) g_ptr_array_index (found, 0))->account_number : NULL;
}

static gint64
count (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  gint64 n = pos_account_book_count (fixture->journal, &error);

  g_assert_no_error (error);
  return n;
}

/* What a sale sends goes in, every field; the latest sale of an account wins; a draft and a
 * charge without an account add nothing. */
static void
test_from_sales (Fixture *fixture, gconstpointer data)
{
  g_autofree char *both = g_strdup_printf ("%s,%s,%s", dana, jose, fee);
  g_autofree char *request = request_with ("POS-1", both);
  g_autofree char *renamed = request_with (
    "POS-2", "{\"Amount\":1,\"ClientAccount\":{\"AccountNumber\":\"w-77\",\"Name\":\"Jose N\"}}");
  g_autoptr (GPtrArray) found = NULL;
  g_autofree char *draft = pos_test_draft_json ("x");
  g_autoptr (GError) error = NULL;
  const PosBookAccount *account;

  g_assert_cmpint (count (fixture), ==, 0);
  /* A draft is not sent: nothing. */
  g_assert_true (pos_journal_save_draft (fixture->journal, fixture->ava, draft, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture), ==, 0);

  pos_test_add_sale (fixture->journal, fixture->ava, "POS-1", request, 15200,
                     POS_SALE_STATUS_SUCCEEDED, NULL, NULL);
  g_assert_cmpint (count (fixture), ==, 2);
  found = find (fixture, POS_BOOK_MATCH_NUMBER, "10-44");
  g_assert_cmpuint (found->len, ==, 1);
  account = g_ptr_array_index (found, 0);
  g_assert_cmpstr (account->account_number, ==, "10-4432");
  g_assert_cmpstr (account->sub_account_number, ==, "2");
  g_assert_cmpstr (account->name, ==, "Dana Lee");
  g_assert_true (account->has_balance);
  g_assert_cmpint (account->balance, ==, 120050);
  g_assert_cmpstr (account->phone_number, ==, "(512) 555-0100");
  g_assert_cmpstr (account->due_date, ==, "2026-12-17");
  g_assert_cmpstr (account->issue_date, ==, "");
  g_assert_cmpstr (account->note, ==, "gate code 12");
  g_assert_cmpstr (account->street_address, ==, "1 Main St");
  g_assert_cmpstr (account->city, ==, "Austin");
  g_assert_cmpstr (account->state, ==, "TX");
  g_assert_cmpstr (account->zip_code, ==, "78701");
  g_assert_false (account->imported);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* The same account (case aside) sent again: one entry, the latest name. */
  fixture->now += G_USEC_PER_SEC;
  pos_test_add_sale (fixture->journal, fixture->ben, "POS-2", renamed, 1, POS_SALE_STATUS_FAILED,
                     NULL, NULL);
  g_assert_cmpint (count (fixture), ==, 2);
  found = find (fixture, POS_BOOK_MATCH_NUMBER, "W-7");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((PosBookAccount *) g_ptr_array_index (found, 0))->name, ==, "Jose N");
  g_assert_cmpstr (first_number (found), ==, "w-77");
}

/* A version-5 journal with sales: the upgrade fills the book from them. */
static void
test_upgrade (Fixture *fixture, gconstpointer data)
{
  g_autofree char *request = request_with ("POS-1", dana);
  g_autoptr (GPtrArray) found = NULL;
  sqlite3 *db;

  pos_test_add_sale (fixture->journal, fixture->ava, "POS-1", request, 15000,
                     POS_SALE_STATUS_SUCCEEDED, NULL, NULL);
  db = pos_journal_get_db (fixture->journal);
  /* Back to version 5: the book and its triggers gone, the sale still there. */
  g_assert_cmpint (sqlite3_exec (db,
                                 "DROP TRIGGER book_sale_insert; DROP TRIGGER book_sale_sent; "
                                 "DROP TABLE book_names; DROP TABLE book_accounts; "
                                 "PRAGMA user_version = 5",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_clear_object (&fixture->journal);

  fixture->journal = pos_test_journal_open (fixture->path, &fixture->now);
  g_assert_cmpint (count (fixture), ==, 1);
  found = find (fixture, POS_BOOK_MATCH_NAME, "lee");
  g_assert_cmpstr (first_number (found), ==, "10-4432");
}

static void
import_ok (Fixture *fixture, const char *csv, gint64 expected)
{
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (pos_account_book_import (fixture->journal, csv, strlen (csv), &error), ==,
                   expected);
  g_assert_no_error (error);
}

static void
import_fails (Fixture *fixture, const char *csv, const char *const *parts)
{
  g_autoptr (GError) error = NULL;
  gint64 before = count (fixture);

  g_assert_cmpint (pos_account_book_import (fixture->journal, csv, strlen (csv), &error), ==, -1);
  g_assert_error (error, POS_ERROR, POS_ERROR_INVALID_IMPORT);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Nothing was imported."));
  for (guint i = 0; parts[i] != NULL; i++) {
    if (strstr (error->message, parts[i]) == NULL)
      g_error ("“%s” does not say “%s”", error->message, parts[i]);
  }
  g_assert_cmpint (count (fixture), ==, before);
}

/* An administrator's file: columns by the API's names in any order, quotes, a byte-order mark,
 * CRLF; every line checked; nothing imported when any line is bad. */
static void
test_import (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) found = NULL;
  const PosBookAccount *account;

  import_ok (fixture,
             "\xef\xbb\xbf"
             "Name,AccountNumber,Balance,PhoneNumber,City,State,ZipCode,DueDate\r\n"
             "\"Lee, Dana\",10-4432,\"1,200.50\",512-555-0100,Austin,TX,78701,2026-12-17\r\n"
             "\r\n"
             "\"Ann \"\"Nan\"\" Ortiz\",A-1,,,,,,\r\n",
             2);
  g_assert_cmpint (count (fixture), ==, 2);
  found = find (fixture, POS_BOOK_MATCH_NUMBER, "10-4432");
  account = g_ptr_array_index (found, 0);
  g_assert_cmpstr (account->name, ==, "Lee, Dana");
  g_assert_cmpint (account->balance, ==, 120050);
  g_assert_true (account->imported);
  g_assert_cmpstr (account->state, ==, "TX");
  g_clear_pointer (&found, g_ptr_array_unref);
  found = find (fixture, POS_BOOK_MATCH_NAME, "nan");
  g_assert_cmpstr (first_number (found), ==, "A-1");
  g_assert_false (((PosBookAccount *) g_ptr_array_index (found, 0))->has_balance);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Importing it again replaces, never doubles. */
  import_ok (fixture, "AccountNumber,Name\n10-4432,Dana Lee\n", 1);
  g_assert_cmpint (count (fixture), ==, 2);

  /* Bad lines: each said, by line and column; nothing imported. */
  {
    const char *const parts[] = { "Line 3: Balance:", "Line 4: AccountNumber:",
                                  "Line 5: 1 fields where the first line has 3.", NULL };

    import_fails (fixture,
                  "AccountNumber,Name,Balance\n"
                  "N-1,Good Line,10\n"
                  "N-2,Bad Balance,12abc\n"
                  ",No Number,5\n"
                  "short\n",
                  parts);
  }
  {
    const char *const parts[] = { "unknown column “Colour”", NULL };

    import_fails (fixture, "AccountNumber,Colour\nX-1,red\n", parts);
  }
  {
    const char *const parts[] = { "the column AccountNumber is there twice", NULL };

    import_fails (fixture, "AccountNumber,accountnumber\nX-1,X-2\n", parts);
  }
  {
    const char *const parts[] = { "must be AccountNumber", NULL };

    import_fails (fixture, "Name\nDana\n", parts);
  }
  {
    const char *const parts[] = { "not closed properly", NULL };

    import_fails (fixture, "AccountNumber,Name\nX-1,\"open\n", parts);
  }
  {
    const char *const parts[] = { "not UTF-8", NULL };

    import_fails (fixture, "AccountNumber\n\xff\xfe\n", parts);
  }
  {
    const char *const parts[] = { "The file is empty", NULL };

    import_fails (fixture, "", parts);
  }
  g_assert_null (first_number (find (fixture, POS_BOOK_MATCH_NUMBER, "N-1")));
}

/* The lookups: number prefix (exact first), phone digits (prefix, last four), name words
 * (prefixes, accents and case aside); too short a text finds nothing. */
static void
test_find (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) found = NULL;

  import_ok (fixture,
             "AccountNumber,Name,PhoneNumber\n"
             "10-44321,Dana Leeds,512-555-0199\n"
             "10-4432,Dana Lee,(512) 555-0100\n"
             "20-1,José Núñez,+1 737 555 0100\n"
             "30-9,Ana Lee,\n",
             4);
  found = find (fixture, POS_BOOK_MATCH_NUMBER, "10-4432");
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (first_number (found), ==, "10-4432");
  g_clear_pointer (&found, g_ptr_array_unref);

  found = find (fixture, POS_BOOK_MATCH_NUMBER, "512555");
  g_assert_cmpuint (found->len, ==, 2);
  g_clear_pointer (&found, g_ptr_array_unref);
  /* The last four: both numbers that end in 0100. */
  found = find (fixture, POS_BOOK_MATCH_NUMBER, "0100");
  g_assert_cmpuint (found->len, ==, 2);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = find (fixture, POS_BOOK_MATCH_NAME, "lee");
  g_assert_cmpuint (found->len, ==, 3); /* Lee, Leeds, Ana Lee */
  g_clear_pointer (&found, g_ptr_array_unref);
  found = find (fixture, POS_BOOK_MATCH_NAME, "dan lee");
  g_assert_cmpuint (found->len, ==, 2);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = find (fixture, POS_BOOK_MATCH_NAME, "NUNEZ");
  g_assert_cmpstr (first_number (found), ==, "20-1");
  g_clear_pointer (&found, g_ptr_array_unref);
  /* FTS5's syntax in the text is only words: "or" is a word here (no name has it), no error. */
  found = find (fixture, POS_BOOK_MATCH_NAME, "\"*) OR (");
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = find (fixture, POS_BOOK_MATCH_NAME, "\"ana\" NEAR");
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = find (fixture, POS_BOOK_MATCH_NUMBER, "1");
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = find (fixture, POS_BOOK_MATCH_NAME, " -- ");
  g_assert_cmpuint (found->len, ==, 0);
}

/* Picking an account fills the charge: every account field, the balance offered as the amount
 * only when no amount was typed. */
static void
test_fill_charge (Fixture *fixture, gconstpointer data)
{
  g_autoptr (PosCharge) charge = pos_charge_new ();
  g_autoptr (PosCharge) typed = pos_charge_new ();
  g_autoptr (GPtrArray) found = NULL;
  const PosBookAccount *account;

  import_ok (fixture,
             "AccountNumber,SubAccountNumber,Name,Balance,DueDate,StreetAddress,City,State\n"
             "10-4432,2,Dana Lee,1200.5,2026-12-17,1 Main St,Austin,TX\n",
             1);
  found = find (fixture, POS_BOOK_MATCH_NUMBER, "10-4");
  account = g_ptr_array_index (found, 0);

  pos_charge_set_field (charge, POS_CHARGE_FIELD_PHONE_NUMBER, "old");
  pos_book_account_fill_charge (account, charge);
  g_assert_true (pos_charge_get_has_account (charge));
  g_assert_cmpstr (pos_charge_get_field (charge, POS_CHARGE_FIELD_ACCOUNT_NUMBER), ==, "10-4432");
  g_assert_cmpstr (pos_charge_get_field (charge, POS_CHARGE_FIELD_SUB_ACCOUNT_NUMBER), ==, "2");
  g_assert_cmpstr (pos_charge_get_field (charge, POS_CHARGE_FIELD_ACCOUNT_NAME), ==, "Dana Lee");
  g_assert_cmpstr (pos_charge_get_field (charge, POS_CHARGE_FIELD_PHONE_NUMBER), ==, "");
  g_assert_cmpstr (pos_charge_get_field (charge, POS_CHARGE_FIELD_STATE), ==, "TX");
  g_assert_cmpint (pos_charge_get_balance (charge), ==, 120050);
  g_assert_cmpint (pos_charge_get_amount (charge), ==, 120050);

  pos_charge_set_amount_text (typed, "20");
  pos_book_account_fill_charge (account, typed);
  g_assert_cmpint (pos_charge_get_amount (typed), ==, 2000);
}

/* What a self-service screen shows of a name: first letters only. */
static void
test_mask_name (void)
{
  const struct {
    const char *name;
    const char *masked;
  } cases[] = {
    { "John Doe", "J*** D**" },
    { "  Ana   María  Núñez ", "A** M**** N****" },
    { "X", "X" },
    { "", "" },
    { "Émile", "É****" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *masked = pos_book_mask_name (cases[i].name);

    g_assert_cmpstr (masked, ==, cases[i].masked);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  POS_TEST_ADD ("/pos/account-book/from-sales", &noon, test_from_sales);
  POS_TEST_ADD ("/pos/account-book/upgrade", &noon, test_upgrade);
  POS_TEST_ADD ("/pos/account-book/import", &noon, test_import);
  POS_TEST_ADD ("/pos/account-book/find", &noon, test_find);
  POS_TEST_ADD ("/pos/account-book/fill-charge", &noon, test_fill_charge);

  g_test_add_func ("/pos/account-book/mask-name", test_mask_name);

  return g_test_run ();
}
