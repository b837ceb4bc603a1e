/* pos-account-book.c: the station's account book, in the journal (schema version 6).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every account the station sends goes into the book in the same transaction that records the
 * sale as sent (a trigger on the sales table reads the request's ClientAccount objects), and an
 * administrator can import a file of accounts. The agent's typing looks it up: the account
 * number by prefix (the unique index), the phone number by its digits (an index on the digits
 * and one on their last four), the name by word prefixes (a full-text index). At a million
 * accounts each lookup stays within a few milliseconds (benchmarks/bench-account-book.c).
 */
#include "config.h"

#include "pos-account-book.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pos-journal-private.h"
#include "pos-sale.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* The digits of a phone number as typed ("(512) 555-0100" is 5125550100). */
#define DIGITS(x)                                                                                 \
  "replace(replace(replace(replace(replace(replace(replace(" x ", ' ', ''), '-', ''), '(', ''), " \
  "')', ''), '.', ''), '+', ''), '/', '')"

#define BOOK_COLUMNS                                                                          \
  "number, number_key, sub, name, balance, phone, phone_digits, due_date, issue_date, note, " \
  "street, street2, city, state, zip, imported, updated"

/* What a later record of the same account (number and sub-account) changes: everything. */
#define BOOK_ON_CONFLICT                                                                          \
  " ON CONFLICT (number_key, sub) DO UPDATE SET number = excluded.number, name = excluded.name, " \
  "balance = excluded.balance, phone = excluded.phone, phone_digits = excluded.phone_digits, "    \
  "due_date = excluded.due_date, issue_date = excluded.issue_date, note = excluded.note, "        \
  "street = excluded.street, street2 = excluded.street2, city = excluded.city, "                  \
  "state = excluded.state, zip = excluded.zip, imported = excluded.imported, "                    \
  "updated = excluded.updated"

#define ACCOUNT(c, member) "coalesce(json_extract(" c ".value, '$.ClientAccount." member "'), '')"
#define NUMBER_OF(c)       "trim(" ACCOUNT (c, "AccountNumber") ")"

/* The book's columns from charge @c (a json_each row of a request's Charges) of sale row @r. */
/* clang-format off */
#define ACCOUNT_VALUES(c, r)                                                      \
  NUMBER_OF (c) ", lower(" NUMBER_OF (c) "), "                                    \
  ACCOUNT (c, "SubAccountNumber") ", "                                            \
  ACCOUNT (c, "Name") ", "                                                        \
  "json_extract(" c ".value, '$.ClientAccount.Balance'), "                        \
  ACCOUNT (c, "PhoneNumber") ", "                                                 \
  DIGITS (ACCOUNT (c, "PhoneNumber")) ", "                                        \
  ACCOUNT (c, "DueDate") ", "                                                     \
  ACCOUNT (c, "IssueDate") ", "                                                   \
  ACCOUNT (c, "Note") ", "                                                        \
  ACCOUNT (c, "Address.StreetAddress") ", "                                       \
  ACCOUNT (c, "Address.StreetAddress2") ", "                                      \
  ACCOUNT (c, "Address.City") ", "                                                \
  ACCOUNT (c, "Address.State") ", "                                               \
  ACCOUNT (c, "Address.ZipCode") ", "                                             \
  "0, " r ".updated"
/* clang-format on */

/* The charges of sale row @r's request, as json_each rows "c". */
#define CHARGES_OF(r)                                                                          \
  "json_each(CASE WHEN json_valid(" r ".request_json) THEN " r ".request_json ELSE '{}' END, " \
  "'$.Charges') AS c"

/* The accounts of sale row @r's request, into the book. */
#define BOOK_FROM_SALE(r)                                   \
  "INSERT INTO book_accounts (" BOOK_COLUMNS ")\n"          \
  "  SELECT " ACCOUNT_VALUES ("c", r) " FROM " CHARGES_OF ( \
    r) "\n"                                                 \
       "  WHERE " NUMBER_OF ("c") " != ''" BOOK_ON_CONFLICT ";\n"

#define SENT "NOT IN ('draft', 'not-sent')"

/* Version 6. Never edit: a migration runs once per file. */
const char pos_journal_migration_v6[] =
  "CREATE TABLE book_accounts (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  number TEXT NOT NULL,\n"
  "  number_key TEXT NOT NULL,\n"
  "  sub TEXT NOT NULL DEFAULT '',\n"
  "  name TEXT NOT NULL DEFAULT '',\n"
  "  balance INTEGER,\n"
  "  phone TEXT NOT NULL DEFAULT '',\n"
  "  phone_digits TEXT NOT NULL DEFAULT '',\n"
  "  due_date TEXT NOT NULL DEFAULT '',\n"
  "  issue_date TEXT NOT NULL DEFAULT '',\n"
  "  note TEXT NOT NULL DEFAULT '',\n"
  "  street TEXT NOT NULL DEFAULT '',\n"
  "  street2 TEXT NOT NULL DEFAULT '',\n"
  "  city TEXT NOT NULL DEFAULT '',\n"
  "  state TEXT NOT NULL DEFAULT '',\n"
  "  zip TEXT NOT NULL DEFAULT '',\n"
  "  imported INTEGER NOT NULL DEFAULT 0,\n"
  "  updated INTEGER NOT NULL,\n"
  "  UNIQUE (number_key, sub)\n"
  ");\n"
  "CREATE INDEX book_phone ON book_accounts (phone_digits);\n"
  "CREATE INDEX book_phone_last4 ON book_accounts (substr(phone_digits, -4));\n"
  "CREATE VIRTUAL TABLE book_names USING fts5 (name, content='book_accounts', "
  "content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3');\n"
  "CREATE TRIGGER book_names_insert AFTER INSERT ON book_accounts BEGIN\n"
  "  INSERT INTO book_names (rowid, name) VALUES (new.id, new.name);\n"
  "END;\n"
  "CREATE TRIGGER book_names_delete AFTER DELETE ON book_accounts BEGIN\n"
  "  INSERT INTO book_names (book_names, rowid, name) VALUES ('delete', old.id, old.name);\n"
  "END;\n"
  "CREATE TRIGGER book_names_update AFTER UPDATE OF name ON book_accounts BEGIN\n"
  "  INSERT INTO book_names (book_names, rowid, name) VALUES ('delete', old.id, old.name);\n"
  "  INSERT INTO book_names (rowid, name) VALUES (new.id, new.name);\n"
  "END;\n"
  "CREATE TRIGGER book_sale_insert AFTER INSERT ON sales WHEN new.status " SENT "\n"
  "BEGIN\n" BOOK_FROM_SALE (
    "new") "END;\n"
           "CREATE TRIGGER book_sale_sent AFTER UPDATE OF status ON sales\n"
           "WHEN old.status IN ('draft', 'not-sent') AND new.status " SENT "\n"
           "BEGIN\n" BOOK_FROM_SALE (
             "new") "END;\n"
                    /* The sales sent before: oldest first, so that the latest of each account stays. */
                    "INSERT INTO book_accounts (" BOOK_COLUMNS ")\n"
                    "  SELECT " ACCOUNT_VALUES ("c", "s") " FROM sales AS s, " CHARGES_OF (
                      "s") "\n"
                           "  WHERE s.status " SENT
                           " AND " NUMBER_OF ("c") " != ''\n"
                                                   "  ORDER BY s.id" BOOK_ON_CONFLICT ";\n";

void
pos_book_account_free (PosBookAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->account_number);
  g_free (account->sub_account_number);
  g_free (account->name);
  g_free (account->phone_number);
  g_free (account->due_date);
  g_free (account->issue_date);
  g_free (account->note);
  g_free (account->street_address);
  g_free (account->street_address2);
  g_free (account->city);
  g_free (account->state);
  g_free (account->zip_code);
  g_free (account);
}

void
pos_book_account_fill_charge (const PosBookAccount *account, PosCharge *charge)
{
  const struct {
    PosChargeField field;
    const char *text;
  } fields[] = {
    { POS_CHARGE_FIELD_ACCOUNT_NUMBER, account->account_number },
    { POS_CHARGE_FIELD_SUB_ACCOUNT_NUMBER, account->sub_account_number },
    { POS_CHARGE_FIELD_ACCOUNT_NAME, account->name },
    { POS_CHARGE_FIELD_PHONE_NUMBER, account->phone_number },
    { POS_CHARGE_FIELD_DUE_DATE, account->due_date },
    { POS_CHARGE_FIELD_ISSUE_DATE, account->issue_date },
    { POS_CHARGE_FIELD_NOTE, account->note },
    { POS_CHARGE_FIELD_STREET_ADDRESS, account->street_address },
    { POS_CHARGE_FIELD_STREET_ADDRESS2, account->street_address2 },
    { POS_CHARGE_FIELD_CITY, account->city },
    { POS_CHARGE_FIELD_STATE, account->state },
    { POS_CHARGE_FIELD_ZIP_CODE, account->zip_code },
  };
  g_autofree char *balance = NULL;

  g_return_if_fail (account != NULL);
  g_return_if_fail (POS_IS_CHARGE (charge));

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    pos_charge_set_field (charge, fields[i].field, fields[i].text);
  if (account->has_balance)
    balance = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", account->balance / 100,
                               (int) ABS (account->balance % 100));
  pos_charge_set_field (charge, POS_CHARGE_FIELD_BALANCE_TEXT, balance);
  pos_charge_set_has_account (charge, TRUE);
  /* The balance owed is what a customer usually pays: offered, never over what was typed. */
  if (account->has_balance && account->balance > 0 && *pos_charge_get_amount_text (charge) == '\0')
    pos_charge_set_amount (charge, account->balance);
}

/* Lookups */

#define SELECT_BOOK                                                                             \
  "SELECT id, number, sub, name, balance, phone, due_date, issue_date, note, street, street2, " \
  "city, state, zip, imported, updated FROM book_accounts "

static char *
column_dup (sqlite3_stmt *stmt, int column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return g_strdup (text != NULL ? text : "");
}

static PosBookAccount *
account_from_row (sqlite3_stmt *stmt)
{
  PosBookAccount *account = g_new0 (PosBookAccount, 1);

  account->id = sqlite3_column_int64 (stmt, 0);
  account->account_number = column_dup (stmt, 1);
  account->sub_account_number = column_dup (stmt, 2);
  account->name = column_dup (stmt, 3);
  account->has_balance = sqlite3_column_type (stmt, 4) == SQLITE_INTEGER;
  account->balance = sqlite3_column_int64 (stmt, 4);
  account->phone_number = column_dup (stmt, 5);
  account->due_date = column_dup (stmt, 6);
  account->issue_date = column_dup (stmt, 7);
  account->note = column_dup (stmt, 8);
  account->street_address = column_dup (stmt, 9);
  account->street_address2 = column_dup (stmt, 10);
  account->city = column_dup (stmt, 11);
  account->state = column_dup (stmt, 12);
  account->zip_code = column_dup (stmt, 13);
  account->imported = sqlite3_column_int (stmt, 14) != 0;
  account->updated = sqlite3_column_int64 (stmt, 15);
  return account;
}

/* Runs @sql with @text as ?1 and the room left as ?2, adding what is not in @found yet. */
static gboolean
collect (PosJournal *journal,
         const char *sql,
         const char *text,
         guint limit,
         GPtrArray *found,
         GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = pos_journal_prepare (journal, sql, error);
  int status;

  if (stmt == NULL)
    return FALSE;
  if (found->len >= limit)
    return TRUE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, (int) (limit - found->len));
  while ((status = sqlite3_step (stmt)) == SQLITE_ROW) {
    gint64 id = sqlite3_column_int64 (stmt, 0);
    gboolean seen = FALSE;

    for (guint i = 0; i < found->len && !seen; i++)
      seen = ((PosBookAccount *) g_ptr_array_index (found, i))->id == id;
    if (!seen)
      g_ptr_array_add (found, account_from_row (stmt));
  }
  if (status != SQLITE_DONE)
    return pos_journal_set_error (journal, "looking up accounts", error);
  return TRUE;
}

static char *
digits_of (const char *text)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++) {
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  }
  return g_string_free (digits, FALSE);
}

/* Each word as an FTS5 prefix query ("dana"* "le"*); NULL when there is no word. */
static char *
name_query (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_auto (GStrv) words = g_regex_split_simple ("[^[:alnum:]]+", folded, G_REGEX_OPTIMIZE, 0);
  GString *query = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++) {
    if (*words[i] == '\0')
      continue;
    /* Only letters and digits reach here: nothing to quote inside the quotes. */
    g_string_append_printf (query, "%s\"%s\"*", query->len > 0 ? " " : "", words[i]);
  }
  if (query->len == 0) {
    g_string_free (query, TRUE);
    return NULL;
  }
  return g_string_free (query, FALSE);
}

GPtrArray *
pos_account_book_find (PosJournal *journal,
                       PosBookMatch match,
                       const char *text,
                       guint limit,
                       GError **error)
{
  g_autoptr (GPtrArray) found = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (POS_IS_JOURNAL (journal), NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  found = g_ptr_array_new_with_free_func ((GDestroyNotify) pos_book_account_free);
  trimmed = g_strstrip (g_strdup (text));
  if (g_utf8_strlen (trimmed, -1) < 2 || limit == 0)
    return g_steal_pointer (&found);

  if (match == POS_BOOK_MATCH_NUMBER) {
    g_autofree char *key = g_utf8_strdown (trimmed, -1);
    g_autofree char *digits = digits_of (trimmed);

    /* Index order: the exact number sorts before the longer ones it begins. */
    if (!collect (journal,
                  SELECT_BOOK "WHERE number_key >= ?1 AND number_key < ?1 || char(1114111) "
                              "ORDER BY number_key, sub LIMIT ?2",
                  key, limit, found, error))
      return NULL;
    if (strlen (digits) >= 3 &&
        !collect (journal,
                  SELECT_BOOK "WHERE phone_digits >= ?1 AND phone_digits < ?1 || ':' "
                              "ORDER BY phone_digits, number_key LIMIT ?2",
                  digits, limit, found, error))
      return NULL;
    if (strlen (digits) == 4 &&
        !collect (journal,
                  SELECT_BOOK "WHERE substr(phone_digits, -4) = ?1 ORDER BY number_key LIMIT ?2",
                  digits, limit, found, error))
      return NULL;
  } else {
    g_autofree char *query = name_query (trimmed);

    if (query != NULL &&
        !collect (journal,
                  SELECT_BOOK "WHERE id IN (SELECT rowid FROM book_names WHERE book_names MATCH "
                              "?1 LIMIT ?2) ORDER BY name, number_key",
                  query, limit, found, error))
      return NULL;
  }
  return g_steal_pointer (&found);
}

gint64
pos_account_book_count (PosJournal *journal, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (POS_IS_JOURNAL (journal), -1);

  stmt = pos_journal_prepare (journal, "SELECT count(*) FROM book_accounts", error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW) {
    pos_journal_set_error (journal, "counting accounts", error);
    return -1;
  }
  return sqlite3_column_int64 (stmt, 0);
}

/* Import */

/* The file's columns: the API's ClientAccount field names, and where each goes in a charge. */
static const struct {
  const char *name;
  PosChargeField field;
} import_columns[] = {
  { "AccountNumber", POS_CHARGE_FIELD_ACCOUNT_NUMBER },
  { "SubAccountNumber", POS_CHARGE_FIELD_SUB_ACCOUNT_NUMBER },
  { "Name", POS_CHARGE_FIELD_ACCOUNT_NAME },
  { "Balance", POS_CHARGE_FIELD_BALANCE_TEXT },
  { "PhoneNumber", POS_CHARGE_FIELD_PHONE_NUMBER },
  { "DueDate", POS_CHARGE_FIELD_DUE_DATE },
  { "IssueDate", POS_CHARGE_FIELD_ISSUE_DATE },
  { "Note", POS_CHARGE_FIELD_NOTE },
  { "StreetAddress", POS_CHARGE_FIELD_STREET_ADDRESS },
  { "StreetAddress2", POS_CHARGE_FIELD_STREET_ADDRESS2 },
  { "City", POS_CHARGE_FIELD_CITY },
  { "State", POS_CHARGE_FIELD_STATE },
  { "ZipCode", POS_CHARGE_FIELD_ZIP_CODE },
};

#define MAX_PROBLEMS_SHOWN 10

/* RFC 4180: fields separated by commas, optionally in double quotes (a quote doubled inside),
 * records ended by CRLF or LF. Returns the records, each a GStrv, or NULL with @line_out at the
 * line where the text stops being CSV. */
static GPtrArray *
parse_csv (const char *text, gsize length, guint *line_out)
{
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr (GStrvBuilder) record = g_strv_builder_new ();
  g_autoptr (GString) field = g_string_new (NULL);
  const char *p = text;
  const char *end = text + length;
  guint line = 1;
  gboolean in_record = FALSE;

  while (p < end) {
    in_record = TRUE;
    if (*p == '"' && field->len == 0) {
      p++;
      for (;;) {
        if (p >= end) {
          *line_out = line;
          return NULL; /* a quote never closed */
        }
        if (*p == '"' && p + 1 < end && p[1] == '"') {
          g_string_append_c (field, '"');
          p += 2;
        } else if (*p == '"') {
          p++;
          break;
        } else {
          if (*p == '\n')
            line++;
          g_string_append_c (field, *p++);
        }
      }
      if (p < end && *p != ',' && *p != '\n' && *p != '\r') {
        *line_out = line;
        return NULL; /* text after a closing quote */
      }
    } else if (*p == ',') {
      g_strv_builder_add (record, field->str);
      g_string_truncate (field, 0);
      p++;
    } else if (*p == '\r' || *p == '\n') {
      g_autoptr (GStrvBuilder) done = g_steal_pointer (&record);

      g_strv_builder_add (done, field->str);
      g_string_truncate (field, 0);
      g_ptr_array_add (records, g_strv_builder_end (done));
      record = g_strv_builder_new ();
      in_record = FALSE;
      p += (*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
      line++;
    } else {
      g_string_append_c (field, *p++);
    }
  }
  if (in_record) {
    g_strv_builder_add (record, field->str);
    g_ptr_array_add (records, g_strv_builder_end (record));
  }
  return g_steal_pointer (&records);
}

static gboolean
is_blank_record (char **record)
{
  for (guint i = 0; record[i] != NULL; i++) {
    if (*g_strstrip (record[i]) != '\0')
      return FALSE;
  }
  return TRUE;
}

/* The column name of an error's path "Charges[0].ClientAccount[.Address].Field". */
static const char *
column_of_path (const char *path)
{
  const char *dot = strrchr (path, '.');

  return dot != NULL ? dot + 1 : path;
}

/* Fails the import with the first problems; returns -1. */
static gint64
import_fail (GPtrArray *problems, GError **error)
{
  g_autoptr (GString) message = g_string_new (_ ("Nothing was imported."));

  for (guint i = 0; i < problems->len && i < MAX_PROBLEMS_SHOWN; i++)
    g_string_append_printf (message, "\n%s", (const char *) g_ptr_array_index (problems, i));
  if (problems->len > MAX_PROBLEMS_SHOWN)
    /* Translators: after the first ten problems of a file. */
    g_string_append_printf (message, "\n%s", _ ("… and more."));
  g_set_error_literal (error, POS_ERROR, POS_ERROR_INVALID_IMPORT, message->str);
  return -1;
}

gint64
pos_account_book_import (PosJournal *journal, const char *text, gsize length, GError **error)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  /* A placeholder agent for the checks: only the account's own rules matter here. */
  g_autofree char *pos_user = g_strconcat ("import", "@", "example.invalid", NULL);
  int columns[G_N_ELEMENTS (import_columns)];
  guint n_columns;
  guint line = 0;
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (POS_IS_JOURNAL (journal), -1);
  g_return_val_if_fail (text != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0) {
    text += 3;
    length -= 3;
  }
  if (!g_utf8_validate (text, (gssize) length, NULL)) {
    g_ptr_array_add (problems, g_strdup (_ ("The file is not UTF-8 text.")));
    return import_fail (problems, error);
  }
  records = parse_csv (text, length, &line);
  if (records == NULL) {
    /* Translators: %u is a line number of the file. */
    g_ptr_array_add (problems, g_strdup_printf (_ ("Line %u: a quoted field is not closed "
                                                   "properly; this is not a CSV file."),
                                                line));
    return import_fail (problems, error);
  }
  if (records->len == 0) {
    g_ptr_array_add (problems, g_strdup (_ ("The file is empty: the first line must name the "
                                            "columns, starting with AccountNumber.")));
    return import_fail (problems, error);
  }

  /* The header: every column known, none twice, AccountNumber present. */
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    columns[c] = -1;
  n_columns = g_strv_length (g_ptr_array_index (records, 0));
  for (guint i = 0; i < n_columns; i++) {
    char *name = g_strstrip (((char **) g_ptr_array_index (records, 0))[i]);
    gboolean known = FALSE;

    for (guint c = 0; c < G_N_ELEMENTS (import_columns) && !known; c++) {
      if (g_ascii_strcasecmp (name, import_columns[c].name) != 0)
        continue;
      known = TRUE;
      if (columns[c] >= 0)
        /* Translators: %s is a column name of the file, e.g. "Name". */
        g_ptr_array_add (problems, g_strdup_printf (_ ("Line 1: the column %s is there twice."),
                                                    import_columns[c].name));
      columns[c] = (int) i;
    }
    if (!known)
      g_ptr_array_add (problems,
                       /* Translators: the first %s is a column name found in the file; the
                        * second lists the names the app knows. */
                       g_strdup_printf (_ ("Line 1: unknown column “%s”. The columns are the "
                                           "API’s field names: %s."),
                                        name,
                                        "AccountNumber, SubAccountNumber, Name, Balance, "
                                        "PhoneNumber, DueDate, IssueDate, Note, StreetAddress, "
                                        "StreetAddress2, City, State, ZipCode"));
  }
  if (columns[0] < 0)
    g_ptr_array_add (problems, g_strdup (_ ("Line 1: the first line must name the columns, "
                                            "and one of them must be AccountNumber.")));
  if (problems->len > 0)
    return import_fail (problems, error);

  /* Each line through the checks a charge's account gets before it is sent. */
  for (guint r = 1; r < records->len; r++) {
    char **record = g_ptr_array_index (records, r);
    g_autoptr (PosSale) sale = NULL;
    g_autoptr (GPtrArray) errors = NULL;
    PosCharge *charge;

    if (is_blank_record (record))
      continue;
    if (g_strv_length (record) != n_columns) {
      /* Translators: %u is a line number, then the two numbers of columns. */
      g_ptr_array_add (problems,
                       g_strdup_printf (_ ("Line %u: %u fields where the first line has %u."),
                                        r + 1, g_strv_length (record), n_columns));
      continue;
    }
    sale = pos_sale_new ("IMPORT");
    charge = pos_sale_add_charge (sale, NULL);
    pos_charge_set_amount_text (charge, "1");
    pos_charge_set_has_account (charge, TRUE);
    for (guint c = 0; c < G_N_ELEMENTS (import_columns); c++) {
      if (columns[c] >= 0)
        pos_charge_set_field (charge, import_columns[c].field, g_strstrip (record[columns[c]]));
    }
    errors = pos_sale_validate (sale, "import", pos_user, NULL, NULL);
    for (guint e = 0; e < errors->len; e++) {
      const PaystarFieldError *field_error = g_ptr_array_index (errors, e);

      if (!g_str_has_prefix (field_error->property_name, "Charges[0].ClientAccount"))
        continue;
      /* Translators: %u is a line number, %s a column name, the last %s what is wrong. */
      g_ptr_array_add (problems, g_strdup_printf (_ ("Line %u: %s: %s"), r + 1,
                                                  column_of_path (field_error->property_name),
                                                  field_error->message));
    }
    g_ptr_array_add (accounts, g_object_ref (charge));
  }
  if (problems->len > 0)
    return import_fail (problems, error);

  stmt = pos_journal_prepare (
    journal,
    "INSERT INTO book_accounts (" BOOK_COLUMNS ") VALUES (trim(?1), lower(trim(?1)), ?2, ?3, ?4, "
    "?5, " DIGITS ("?5") ", ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 1, ?14)" BOOK_ON_CONFLICT,
    error);
  if (stmt == NULL || !pos_journal_exec (journal, "BEGIN IMMEDIATE", error))
    return -1;
  for (guint i = 0; i < accounts->len; i++) {
    PosCharge *charge = g_ptr_array_index (accounts, i);
    static const PosChargeField text_fields[] = {
      POS_CHARGE_FIELD_ACCOUNT_NUMBER, POS_CHARGE_FIELD_SUB_ACCOUNT_NUMBER,
      POS_CHARGE_FIELD_ACCOUNT_NAME,   0, /* the balance, in cents */
      POS_CHARGE_FIELD_PHONE_NUMBER,   POS_CHARGE_FIELD_DUE_DATE,
      POS_CHARGE_FIELD_ISSUE_DATE,     POS_CHARGE_FIELD_NOTE,
      POS_CHARGE_FIELD_STREET_ADDRESS, POS_CHARGE_FIELD_STREET_ADDRESS2,
      POS_CHARGE_FIELD_CITY,           POS_CHARGE_FIELD_STATE,
      POS_CHARGE_FIELD_ZIP_CODE,
    };

    sqlite3_reset (stmt);
    for (guint f = 0; f < G_N_ELEMENTS (text_fields); f++) {
      if (f == 3) {
        if (pos_charge_get_has_balance (charge))
          sqlite3_bind_int64 (stmt, 4, pos_charge_get_balance (charge));
        else
          sqlite3_bind_null (stmt, 4);
        continue;
      }
      sqlite3_bind_text (stmt, (int) f + 1, pos_charge_get_field (charge, text_fields[f]), -1,
                         SQLITE_TRANSIENT);
    }
    sqlite3_bind_int64 (stmt, 14, now);
    if (sqlite3_step (stmt) != SQLITE_DONE) {
      pos_journal_set_error (journal, "importing accounts", error);
      pos_journal_exec (journal, "ROLLBACK", NULL);
      return -1;
    }
  }
  if (!pos_journal_exec (journal, "COMMIT", error)) {
    pos_journal_exec (journal, "ROLLBACK", NULL);
    return -1;
  }
  return accounts->len;
}

char *
pos_book_mask_name (const char *name)
{
  GString *masked = g_string_new (NULL);
  gboolean word_start = TRUE;

  g_return_val_if_fail (name != NULL, g_string_free (masked, FALSE));

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (g_unichar_isspace (c)) {
      if (!word_start)
        g_string_append_c (masked, ' ');
      word_start = TRUE;
    } else if (word_start) {
      g_string_append_unichar (masked, c);
      word_start = FALSE;
    } else {
      g_string_append_c (masked, '*');
    }
  }
  /* No trailing space from "John ". */
  if (masked->len > 0 && masked->str[masked->len - 1] == ' ')
    g_string_truncate (masked, masked->len - 1);
  return g_string_free (masked, FALSE);
}
