/* test-journal.c: tests of PosJournal: drafts, the submit lifecycle, file mode, WAL, a crash while
 * writing, migrations from the version-1 and version-2 schemas, a damaged file, the card-number
 * guard, history and its text search.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "pos-journal-private.h"
#include "pos-test-util.h"
#include "pos.h"

typedef PosTestFixture Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  pos_test_fixture_set_up (fixture, "test-journal-XXXXXX",
                           G_GINT64_CONSTANT (1735689600) * G_USEC_PER_SEC /* 2025-01-01 */);
  /* In a folder of its own that the journal has to make. */
  g_free (fixture->path);
  fixture->path = g_build_filename (fixture->dir, "sub", "journal.sqlite", NULL);
  if (data == NULL)
    fixture->journal = pos_test_journal_open (fixture->path, &fixture->now);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  pos_test_fixture_tear_down (fixture);
}

static char *
query_text (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

/* The details of EXPLAIN QUERY PLAN for @sql, joined by " | ". */
static char *
query_plan (const char *path, const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  GString *plan = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW) {
    if (plan->len > 0)
      g_string_append (plan, " | ");
    g_string_append (plan, (const char *) sqlite3_column_text (stmt, 3));
  }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (plan, FALSE);
}

static void
test_file (Fixture *fixture, gconstpointer data)
{
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *mode = NULL;
  g_autofree char *version = NULL;
  g_autofree char *file_draft = pos_test_draft_json ("file test");
  g_autoptr (GError) error = NULL;
  sqlite3 *db = pos_journal_get_db (fixture->journal);
  sqlite3_stmt *stmt = NULL;
  GStatBuf st;

  g_assert_cmpstr (pos_journal_get_path (fixture->journal), ==, fixture->path);
  g_assert_null (pos_journal_get_moved_aside_path (fixture->journal));

  g_assert_true (pos_journal_save_draft (fixture->journal, fixture->ava, file_draft, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  /* WAL is a property of the file; synchronous belongs to the journal's connection. */
  mode = query_text (fixture->path, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  version = query_text (fixture->path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, G_STRINGIFY (POS_JOURNAL_SCHEMA_VERSION));
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA synchronous", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 2); /* FULL */
  sqlite3_finalize (stmt);

  /* An existing file with loose permissions is tightened on open. */
  g_clear_object (&fixture->journal);
  g_assert_cmpint (g_chmod (fixture->path, 0644), ==, 0);
  fixture->journal = pos_journal_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_drafts (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *loaded = NULL;
  g_autofree char *upper = g_ascii_strup (fixture->ava, -1);
  g_autofree char *a1 = pos_test_draft_json ("a1");
  g_autofree char *a2 = pos_test_draft_json ("a2");
  g_autofree char *b1 = pos_test_draft_json ("b1");
  g_autoptr (GListModel) history = NULL;
  char *text;

  loaded = pos_journal_load_draft (fixture->journal, fixture->ava, &error);
  g_assert_no_error (error);
  g_assert_null (loaded);

  g_assert_true (pos_journal_save_draft (fixture->journal, fixture->ava, a1, &error));
  g_assert_true (pos_journal_save_draft (fixture->journal, fixture->ben, b1, &error));
  g_assert_true (pos_journal_save_draft (fixture->journal, fixture->ava, a2, &error));
  g_assert_no_error (error);

  text = pos_journal_load_draft (fixture->journal, fixture->ava, &error);
  g_assert_cmpstr (text, ==, a2);
  g_free (text);
  /* One draft per agent, whatever the case of the email. */
  text = pos_journal_load_draft (fixture->journal, upper, &error);
  g_assert_cmpstr (text, ==, a2);
  g_free (text);
  text = pos_journal_load_draft (fixture->journal, fixture->ben, &error);
  g_assert_cmpstr (text, ==, b1);
  g_free (text);
  /* Drafts are sales being keyed, not history. */
  history = pos_journal_list (fixture->journal, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 0);

  g_assert_true (pos_journal_delete_draft (fixture->journal, fixture->ava, &error));
  g_assert_true (pos_journal_delete_draft (fixture->journal, fixture->ava, &error));
  g_assert_no_error (error);
  text = pos_journal_load_draft (fixture->journal, fixture->ava, &error);
  g_assert_no_error (error);
  g_assert_null (text);

  /* Drafts survive closing and opening. */
  g_clear_object (&fixture->journal);
  fixture->journal = pos_journal_open (fixture->path, &error);
  g_assert_no_error (error);
  text = pos_journal_load_draft (fixture->journal, fixture->ben, &error);
  g_assert_cmpstr (text, ==, b1);
  g_free (text);

  /* No agent, no draft. */
  g_assert_false (pos_journal_save_draft (fixture->journal, "", b1, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_INVALID_AGENT);
}

static const char request_json[] =
  "{\"BusinessUnitSlug\":\"acme-utilities\",\"Channel\":\"POS\",\"PosUser\":\"agent\","
  "\"Charges\":[{\"Amount\":15000,\"ClientAccount\":{\"AccountNumber\":\"ACC-12345\","
  "\"Name\":\"John Doe\"}},{\"Amount\":550,\"ClientAccount\":{\"AccountNumber\":\"W-77\","
  "\"Name\":\"John Doe\"}},{\"Amount\":1,\"ClientAccount\":{\"AccountNumber\":\"ACC-12345\","
  "\"Name\":\"John Doe\"}}],\"ClientReference\":\"POS-REF-1\"}";

static void
test_submit_lifecycle (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosSaleRecord) record = NULL;
  g_autoptr (PosSaleRecord) by_reference = NULL;
  g_autoptr (PosSaleRecord) later = NULL;
  g_autoptr (PosSaleRecord) missing = NULL;
  g_autofree char *masked = NULL;
  gint64 id;
  gint64 id2;

  id = pos_journal_begin_submit (fixture->journal, fixture->ava, request_json, "POS-REF-1", 15551,
                                 &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  /* Committed before the request leaves: another connection sees it right away. */
  {
    g_autofree char *sql =
      g_strdup_printf ("SELECT status FROM sales WHERE id = %" G_GINT64_FORMAT, id);
    g_autofree char *status = query_text (fixture->path, sql);

    g_assert_cmpstr (status, ==, "submitting");
  }

  record = pos_journal_lookup (fixture->journal, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pos_sale_record_get_id (record), ==, id);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_SUBMITTING);
  g_assert_cmpstr (pos_sale_record_get_client_reference (record), ==, "POS-REF-1");
  g_assert_cmpstr (pos_sale_record_get_agent_email (record), ==, fixture->ava);
  g_assert_cmpstr (pos_sale_record_get_request_json (record), ==, request_json);
  g_assert_cmpint (pos_sale_record_get_total (record), ==, 15551);
  g_assert_cmpint (pos_sale_record_get_created (record), ==, fixture->now);
  g_assert_cmpstr (pos_sale_record_get_accounts (record), ==, "ACC-12345 W-77");
  g_assert_null (pos_sale_record_get_session_identifier (record));
  g_assert_null (pos_sale_record_get_card_last4 (record));
  g_assert_null (pos_sale_record_dup_masked_card (record));

  fixture->now += G_USEC_PER_SEC;
  g_assert_true (pos_journal_set_created (fixture->journal, id, "abc123",
                                          "http://127.0.0.1:1/app/embedded/acme/session/abc123",
                                          "{\"hasErrors\":false}", &error));
  g_assert_no_error (error);
  fixture->now += G_USEC_PER_SEC;
  g_assert_true (pos_journal_set_card_last4 (fixture->journal, id, "****4242", &error));
  g_assert_no_error (error);
  g_assert_true (
    pos_journal_set_response (fixture->journal, id, "{\"status\":\"Succeeded\"}", &error));
  g_assert_true (
    pos_journal_set_status (fixture->journal, id, POS_SALE_STATUS_SUCCEEDED, NULL, &error));
  g_assert_no_error (error);

  later = pos_journal_lookup (fixture->journal, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pos_sale_record_get_status (later), ==, POS_SALE_STATUS_SUCCEEDED);
  g_assert_cmpstr (pos_sale_record_get_session_identifier (later), ==, "abc123");
  g_assert_cmpstr (pos_sale_record_get_session_link (later), ==,
                   "http://127.0.0.1:1/app/embedded/acme/session/abc123");
  g_assert_cmpstr (pos_sale_record_get_response_json (later), ==, "{\"status\":\"Succeeded\"}");
  g_assert_cmpstr (pos_sale_record_get_card_last4 (later), ==, "4242");
  masked = pos_sale_record_dup_masked_card (later);
  g_assert_cmpstr (masked, ==, "\u2022\u2022\u2022\u20224242");
  g_clear_pointer (&masked, g_free);
  /* Paystar's Query API names the brand: the card is shown with it. */
  g_assert_true (pos_journal_set_response (
    fixture->journal, id,
    "{\"status\":\"Succeeded\",\"payment\":{\"authCode\":\"A1B2C3\"},"
    "\"paymentSource\":{\"accountType\":\"Visa\",\"accountNumberLast4\":\"4242\"}}",
    &error));
  g_assert_no_error (error);
  g_clear_object (&later);
  later = pos_journal_lookup (fixture->journal, id, &error);
  masked = pos_sale_record_dup_masked_card (later);
  g_assert_cmpstr (masked, ==, "Visa \u2022\u2022\u2022\u20224242");
  g_clear_pointer (&masked, g_free);
  masked = pos_sale_record_dup_payment_field (later, "authCode");
  g_assert_cmpstr (masked, ==, "A1B2C3");
  g_assert_cmpint (pos_sale_record_get_created (later), ==, pos_sale_record_get_created (record));
  g_assert_cmpint (pos_sale_record_get_updated (later), ==, fixture->now);
  /* The first snapshot did not change. */
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_SUBMITTING);

  /* A resubmit with the same reference: lookups find the newest. */
  id2 = pos_journal_begin_submit (fixture->journal, fixture->ava, request_json, "POS-REF-1", 15551,
                                  &error);
  g_assert_no_error (error);
  g_assert_true (pos_journal_set_status (fixture->journal, id2, POS_SALE_STATUS_UNKNOWN,
                                         "No answer within 30 seconds.", &error));
  by_reference = pos_journal_lookup_by_reference (fixture->journal, "POS-REF-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (pos_sale_record_get_id (by_reference), ==, id2);
  g_assert_cmpstr (pos_sale_record_get_error_text (by_reference), ==,
                   "No answer within 30 seconds.");

  missing = pos_journal_lookup (fixture->journal, 9999, &error);
  g_assert_null (missing);
  g_assert_error (error, POS_ERROR, POS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (pos_journal_lookup_by_reference (fixture->journal, "nope", &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (
    pos_journal_set_status (fixture->journal, 9999, POS_SALE_STATUS_FAILED, NULL, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Masks with more or fewer than four digits are refused. */
  g_assert_false (pos_journal_set_card_last4 (fixture->journal, id, "411111", &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_SENSITIVE_DATA);
  g_clear_error (&error);
  g_assert_false (pos_journal_set_card_last4 (fixture->journal, id, "***", &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_SENSITIVE_DATA);
  g_clear_error (&error);
}

static void
test_status_names (void)
{
  for (guint s = 0; s <= POS_SALE_STATUS_LAST; s++) {
    PosSaleStatus parsed = POS_SALE_STATUS_LAST + 1;
    const char *name = pos_sale_status_to_string (s);

    g_assert_nonnull (name);
    g_assert_true (pos_sale_status_from_string (name, &parsed));
    g_assert_cmpint (parsed, ==, s);
    g_assert_nonnull (pos_sale_status_get_label (s));
  }
  g_assert_cmpstr (pos_sale_status_to_string (POS_SALE_STATUS_SUBMITTING), ==, "submitting");
  g_assert_null (pos_sale_status_to_string (POS_SALE_STATUS_LAST + 1));
  {
    PosSaleStatus untouched = POS_SALE_STATUS_DRAFT;

    g_assert_false (pos_sale_status_from_string ("bogus", &untouched));
    g_assert_cmpint (untouched, ==, POS_SALE_STATUS_DRAFT);
  }
  g_assert_true (pos_sale_status_is_final (POS_SALE_STATUS_SUCCEEDED));
  g_assert_false (pos_sale_status_is_final (POS_SALE_STATUS_UNKNOWN));
  g_assert_false (pos_sale_status_is_final (POS_SALE_STATUS_PENDING));
}

static void
test_luhn_guard (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *count = NULL;
  gint64 id;

  /* What the guard finds is tested in test-card; here, that the journal refuses it. */
  draft = g_strdup ("{\"version\":1,\"charges\":[{\"note\":\"4242424242424242\"}]}");
  g_assert_false (pos_journal_save_draft (fixture->journal, fixture->ava, draft, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_SENSITIVE_DATA);
  /* The message never repeats the number. */
  g_assert_null (strstr (error->message, "4242"));
  g_clear_error (&error);

  g_assert_cmpint (pos_journal_begin_submit (fixture->journal, fixture->ava,
                                             "{\"Note\":\"5555 5555 5555 4444\"}", "POS-X", 1,
                                             &error),
                   ==, 0);
  g_assert_error (error, POS_ERROR, POS_ERROR_SENSITIVE_DATA);
  g_clear_error (&error);

  id = pos_journal_begin_submit (fixture->journal, fixture->ava, request_json, "POS-Y", 1, &error);
  g_assert_no_error (error);
  g_assert_false (pos_journal_set_status (fixture->journal, id, POS_SALE_STATUS_ERROR,
                                          "declined 4000056655665556", &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_SENSITIVE_DATA);
  g_clear_error (&error);
  g_assert_false (
    pos_journal_set_response (fixture->journal, id, "{\"pan\":\"6011111111111117\"}", &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_SENSITIVE_DATA);
  g_clear_error (&error);

  /* Nothing of it reached the file. */
  g_clear_object (&fixture->journal);
  count =
    query_text (fixture->path, "SELECT COUNT(*) FROM sales WHERE request_json LIKE '%5555%' OR "
                               "error_text IS NOT NULL OR response_json IS NOT NULL");
  g_assert_cmpstr (count, ==, "0");
  g_clear_pointer (&count, g_free);
  count = query_text (fixture->path, "SELECT COUNT(*) FROM sales WHERE status = 'draft'");
  g_assert_cmpstr (count, ==, "0");
}

static void
test_list (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) all = NULL;
  g_autoptr (GListModel) model = NULL;
  PosJournalQuery query = { 0 };
  gint64 ids[5];
  gint64 start = fixture->now;

  /* Five sales a minute apart: ava, ben, ava, ben, ava. */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++) {
    g_autofree char *reference = g_strdup_printf ("POS-LIST-%u", i);
    g_autofree char *json = g_strdup_printf ("{\"Charges\":[{\"Amount\":%u,\"ClientAccount\":"
                                             "{\"AccountNumber\":\"ACCT-%u\",\"Name\":\"X\"}}]}",
                                             (i + 1) * 1000, i);

    ids[i] = pos_journal_begin_submit (fixture->journal, i % 2 == 0 ? fixture->ava : fixture->ben,
                                       json, reference, (i + 1) * 1000, &error);
    g_assert_no_error (error);
    fixture->now += 60 * G_USEC_PER_SEC;
  }
  pos_journal_set_status (fixture->journal, ids[1], POS_SALE_STATUS_SUCCEEDED, NULL, &error);
  pos_journal_set_status (fixture->journal, ids[3], POS_SALE_STATUS_FAILED, NULL, &error);
  g_assert_no_error (error);

  all = pos_journal_list (fixture->journal, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 5);
  {
    g_autoptr (PosSaleRecord) first = g_list_model_get_item (all, 0);
    g_autoptr (PosSaleRecord) last = g_list_model_get_item (all, 4);

    g_assert_cmpint (pos_sale_record_get_id (first), ==, ids[4]); /* newest first */
    g_assert_cmpint (pos_sale_record_get_id (last), ==, ids[0]);
  }

  query.agent_email = fixture->ben;
  model = pos_journal_list (fixture->journal, &query, &error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_clear_object (&model);

  query = (PosJournalQuery){ 0 };
  query.status_mask = POS_SALE_STATUS_MASK (POS_SALE_STATUS_SUCCEEDED) |
                      POS_SALE_STATUS_MASK (POS_SALE_STATUS_FAILED);
  model = pos_journal_list (fixture->journal, &query, &error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_clear_object (&model);

  query = (PosJournalQuery){ 0 };
  query.status_mask = POS_SALE_STATUS_MASK (POS_SALE_STATUS_SUBMITTING);
  query.agent_email = fixture->ava;
  model = pos_journal_list (fixture->journal, &query, &error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_clear_object (&model);

  /* Text: reference, account (case-insensitive), amount. */
  query = (PosJournalQuery){ 0 };
  query.text = "list-3";
  model = pos_journal_list (fixture->journal, &query, &error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_clear_object (&model);
  query.text = "acct-2";
  model = pos_journal_list (fixture->journal, &query, &error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_clear_object (&model);
  query.text = "$30.00";
  model = pos_journal_list (fixture->journal, &query, &error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  {
    g_autoptr (PosSaleRecord) record = g_list_model_get_item (model, 0);

    g_assert_cmpint (pos_sale_record_get_id (record), ==, ids[2]);
  }
  g_clear_object (&model);
  query.text = "%";
  model = pos_journal_list (fixture->journal, &query, &error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_clear_object (&model);

  /* Time range: [start + 1 min, start + 3 min) holds sales 1 and 2. */
  query = (PosJournalQuery){ 0 };
  query.since = start + 60 * G_USEC_PER_SEC;
  query.until = start + 180 * G_USEC_PER_SEC;
  model = pos_journal_list (fixture->journal, &query, &error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_clear_object (&model);

  /* Paging. */
  query = (PosJournalQuery){ 0 };
  query.limit = 2;
  query.offset = 2;
  model = pos_journal_list (fixture->journal, &query, &error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  {
    g_autoptr (PosSaleRecord) record = g_list_model_get_item (model, 0);

    g_assert_cmpint (pos_sale_record_get_id (record), ==, ids[2]);
  }
  g_clear_object (&model);
  g_assert_no_error (error);
}

/* The sales @query lists, as their indexes in @ids separated by spaces ("3 1 0"), "?" for a sale
 * not in @ids; newest first as listed. */
static char *
list_indexes (PosJournal *journal, const PosJournalQuery *query, const gint64 *ids, guint n_ids)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) model = pos_journal_list (journal, query, &error);
  GString *indexes = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (model);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++) {
    g_autoptr (PosSaleRecord) record = g_list_model_get_item (model, i);
    gint64 id = pos_sale_record_get_id (record);
    guint index;

    for (index = 0; index < n_ids && ids[index] != id; index++)
      ;
    if (indexes->len > 0)
      g_string_append_c (indexes, ' ');
    if (index < n_ids)
      g_string_append_printf (indexes, "%u", index);
    else
      g_string_append_c (indexes, '?');
  }
  return g_string_free (indexes, FALSE);
}

#define assert_search(fixture, query, ids, expected)                         \
  G_STMT_START                                                               \
  {                                                                          \
    g_autofree char *found_ =                                                \
      list_indexes ((fixture)->journal, (query), (ids), G_N_ELEMENTS (ids)); \
                                                                             \
    g_assert_cmpstr (found_, ==, (expected));                                \
  }                                                                          \
  G_STMT_END

/* A journal request with the given account numbers. */
static char *
request_with_accounts (const char *reference, const char *const *accounts)
{
  g_autoptr (GString) json = g_string_new ("{\"Charges\":[");

  for (guint i = 0; accounts[i] != NULL; i++)
    g_string_append_printf (json,
                            "%s{\"Amount\":100,\"ClientAccount\":{\"AccountNumber\":\"%s\","
                            "\"Name\":\"N\"}}",
                            i > 0 ? "," : "", accounts[i]);
  g_string_append_printf (json, "],\"ClientReference\":\"%s\"}", reference);
  return g_string_free (g_steal_pointer (&json), FALSE);
}

static void
test_search (Fixture *fixture, gconstpointer data)
{
  static const struct {
    const char *reference;
    const char *accounts[3];
    gint64 total;
  } sales[] = {
    { "POS-ALPHA-001", { "WTR-5501", NULL }, 1234 },
    { "POS-BRAVO-002", { "WTR-5502", "ELC-9001", NULL }, 5000 },
    { "POS-CHARLIE-003", { "GAS-7003", NULL }, 1234 },
    { "POS-\"QUOTED\"-004", { "WTR-5504", NULL }, 777 },
    { "POS-DELTA-005", { "ELC-9005", NULL }, 99 },
    { "POS-12.34-006", { NULL }, 1 },
  };
  g_autoptr (GError) error = NULL;
  PosJournalQuery query = { 0 };
  gint64 ids[G_N_ELEMENTS (sales)];
  gint64 created[G_N_ELEMENTS (sales)];

  /* A minute apart, ava and ben in turn: 0, 2 and 4 are ava's. */
  for (guint i = 0; i < G_N_ELEMENTS (sales); i++) {
    g_autofree char *json = request_with_accounts ("ref", sales[i].accounts);

    created[i] = fixture->now;
    ids[i] = pos_journal_begin_submit (fixture->journal, i % 2 == 0 ? fixture->ava : fixture->ben,
                                       json, sales[i].reference, sales[i].total, &error);
    g_assert_no_error (error);
    fixture->now += 60 * G_USEC_PER_SEC;
  }
  /* Status updates leave the search index alone (and must not duplicate hits). */
  g_assert_true (
    pos_journal_set_status (fixture->journal, ids[1], POS_SALE_STATUS_FAILED, NULL, &error));
  g_assert_true (
    pos_journal_set_status (fixture->journal, ids[3], POS_SALE_STATUS_FAILED, NULL, &error));
  g_assert_true (pos_journal_set_created (fixture->journal, ids[0], "s-0", "http://127.0.0.1:1/x",
                                          NULL, &error));
  g_assert_no_error (error);

  /* A substring of a reference, any case. */
  query.text = "alpha";
  assert_search (fixture, &query, ids, "0");
  query.text = "  rAVO-0 ";
  assert_search (fixture, &query, ids, "1");
  query.text = "POS-";
  assert_search (fixture, &query, ids, "5 4 3 2 1 0");
  /* A substring of an account, the second of a sale's accounts too. */
  query.text = "9001";
  assert_search (fixture, &query, ids, "1");
  query.text = "elc-900";
  assert_search (fixture, &query, ids, "4 1");
  query.text = "WTR-55";
  assert_search (fixture, &query, ids, "3 1 0");
  query.text = "NO-SUCH-THING";
  assert_search (fixture, &query, ids, "");
  /* An exact amount, and an amount that is also a substring of a reference. */
  query.text = "$12.34";
  assert_search (fixture, &query, ids, "2 0");
  query.text = "$50";
  assert_search (fixture, &query, ids, "1");
  query.text = "50";
  assert_search (fixture, &query, ids, "3 1 0"); /* the scan: 50 in WTR-5501... too */
  query.text = "12.34";
  assert_search (fixture, &query, ids, "5 2 0");
  query.text = "$7.77";
  assert_search (fixture, &query, ids, "3");

  /* The digits of a text find candidates, the whole text decides: "001" is in ALPHA-001 and
   * ELC-9001, "POS-BRAVO-001" in neither; any case; across a sale's two accounts. */
  query.text = "POS-BRAVO-001";
  assert_search (fixture, &query, ids, "");
  query.text = "pos-alpha-001";
  assert_search (fixture, &query, ids, "0");
  query.text = "Elc-9001";
  assert_search (fixture, &query, ids, "1");
  query.text = "5502 ELC-9";
  assert_search (fixture, &query, ids, "1");
  query.text = "RLIE-003";
  assert_search (fixture, &query, ids, "2");

  /* Quotes and the query syntax of the full-text search are taken literally. */
  query.text = "\"QUOTED\"";
  assert_search (fixture, &query, ids, "3");
  query.text = "D\"-0";
  assert_search (fixture, &query, ids, "3");
  query.text = "\"quo";
  assert_search (fixture, &query, ids, "3");
  query.text = "\"\"\"";
  assert_search (fixture, &query, ids, "");
  query.text = "WTR*";
  assert_search (fixture, &query, ids, "");
  query.text = "WTR OR GAS";
  assert_search (fixture, &query, ids, "");
  query.text = "NEAR(WTR";
  assert_search (fixture, &query, ids, "");
  query.text = "'; DROP TABLE sales; --";
  assert_search (fixture, &query, ids, "");
  /* So are LIKE's wildcards. */
  query.text = "S_A";
  assert_search (fixture, &query, ids, "");
  query.text = "%ALPHA";
  assert_search (fixture, &query, ids, "");

  /* One or two characters: below the trigram minimum, the scan answers. */
  query.text = "q";
  assert_search (fixture, &query, ids, "3");
  query.text = "lT";
  assert_search (fixture, &query, ids, "4");
  query.text = "\"Q";
  assert_search (fixture, &query, ids, "3");
  query.text = "_";
  assert_search (fixture, &query, ids, "");
  query.text = "ga";
  assert_search (fixture, &query, ids, "2");

  /* Paging through the matches. */
  query.text = "POS-";
  query.limit = 2;
  query.offset = 2;
  assert_search (fixture, &query, ids, "3 2");
  query.offset = 5;
  assert_search (fixture, &query, ids, "0");

  /* With other filters the page still fills with matches that pass them. */
  query = (PosJournalQuery){ .text = "POS-", .limit = 2, .agent_email = fixture->ava };
  assert_search (fixture, &query, ids, "4 2");
  query.offset = 1;
  assert_search (fixture, &query, ids, "2 0");
  query = (PosJournalQuery){ .text = "POS-", .limit = 1 };
  query.status_mask = POS_SALE_STATUS_MASK (POS_SALE_STATUS_FAILED);
  assert_search (fixture, &query, ids, "3");
  query.limit = 0;
  assert_search (fixture, &query, ids, "3 1");
  query = (PosJournalQuery){ .text = "POS-", .limit = 2, .until = created[3] };
  assert_search (fixture, &query, ids, "2 1");
  query = (PosJournalQuery){ .text = "$12.34", .agent_email = fixture->ben };
  assert_search (fixture, &query, ids, "");
  query = (PosJournalQuery){ .text = "wtr-55", .agent_email = fixture->ben };
  assert_search (fixture, &query, ids, "3 1");
  /* With a lower time bound (the scan). */
  query = (PosJournalQuery){ .text = "WTR-55", .since = created[1] };
  assert_search (fixture, &query, ids, "3 1");
  query = (PosJournalQuery){ .text = "$12.34", .since = created[1] };
  assert_search (fixture, &query, ids, "2");

  /* Which path answers: with the index emptied, longer texts without a lower time bound find
   * nothing; short texts and texts with one still do. Then the index is rebuilt. */
  g_assert_true (pos_journal_exec (
    fixture->journal, "INSERT INTO sales_search (sales_search) VALUES ('delete-all')", &error));
  g_assert_no_error (error);
  query = (PosJournalQuery){ .text = "WTR-55" };
  assert_search (fixture, &query, ids, "");
  query.since = created[0];
  assert_search (fixture, &query, ids, "3 1 0");
  query = (PosJournalQuery){ .text = "lt" };
  assert_search (fixture, &query, ids, "4");
  /* The total is not in the index. */
  query = (PosJournalQuery){ .text = "$12.34" };
  assert_search (fixture, &query, ids, "2 0");
  g_assert_true (pos_journal_exec (
    fixture->journal, "INSERT INTO sales_search (sales_search) VALUES ('rebuild')", &error));
  g_assert_no_error (error);
  query = (PosJournalQuery){ .text = "WTR-55" };
  assert_search (fixture, &query, ids, "3 1 0");

  /* The triggers keep the index in step with edits and deletions the app itself never makes. */
  {
    g_autofree char *update =
      g_strdup_printf ("UPDATE sales SET client_reference = 'POS-ECHO-001', "
                       "accounts = 'SWR-1' WHERE id = %" G_GINT64_FORMAT,
                       ids[0]);
    g_autofree char *delete =
      g_strdup_printf ("DELETE FROM sales WHERE id = %" G_GINT64_FORMAT, ids[4]);

    g_assert_true (pos_journal_exec (fixture->journal, update, &error));
    g_assert_true (pos_journal_exec (fixture->journal, delete, &error));
    g_assert_no_error (error);
  }
  query = (PosJournalQuery){ .text = "echo" };
  assert_search (fixture, &query, ids, "0");
  query.text = "alpha";
  assert_search (fixture, &query, ids, "");
  query.text = "SWR-1";
  assert_search (fixture, &query, ids, "0");
  query.text = "WTR-55";
  assert_search (fixture, &query, ids, "3 1");
  query.text = "delta";
  assert_search (fixture, &query, ids, "");
  query.text = "ELC-90";
  assert_search (fixture, &query, ids, "1");
  /* The index matches the table exactly (rank 1: compare with the external content). */
  g_assert_true (pos_journal_exec (
    fixture->journal, "INSERT INTO sales_search (sales_search, rank) VALUES ('integrity-check', 1)",
    &error));
  g_assert_no_error (error);
}

static void
test_migration (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosSaleRecord) record = NULL;
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autofree char *draft = NULL;
  g_autofree char *version = NULL;
  sqlite3 *db = NULL;
  char *message = NULL;

  /* A file as the first release wrote it. */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, pos_journal_schema_v1, NULL, NULL, &message), ==, SQLITE_OK);
  g_assert_cmpint (
    sqlite3_exec (db,
                  "INSERT INTO drafts VALUES ('agent@x', "
                  "'{\"version\":1,\"client_reference\":\"POS-DRAFT-V1\"}', 1);"
                  "INSERT INTO sales (client_reference, agent_email, created, updated, status, "
                  "request_json, total, session_identifier) VALUES ('POS-OLD', 'agent@x', 10, 20, "
                  "'created', '{\"Charges\":[{\"Amount\":5,\"ClientAccount\":"
                  "{\"AccountNumber\":\"OLD-1\",\"Name\":\"N\"}}]}', 5, 'sess-1');",
                  NULL, NULL, &message),
    ==, SQLITE_OK);
  sqlite3_close (db);
  version = query_text (fixture->path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "1");
  g_clear_pointer (&version, g_free);

  fixture->journal = pos_journal_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_null (pos_journal_get_moved_aside_path (fixture->journal));

  draft = pos_journal_load_draft (fixture->journal, "agent@x", &error);
  g_assert_cmpstr (draft, ==, "{\"version\":1,\"client_reference\":\"POS-DRAFT-V1\"}");
  record = pos_journal_lookup_by_reference (fixture->journal, "POS-OLD", &error);
  g_assert_no_error (error);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_CREATED);
  g_assert_cmpstr (pos_sale_record_get_session_identifier (record), ==, "sess-1");
  g_assert_cmpint (pos_sale_record_get_created (record), ==, 10);
  /* New in version 2: the accounts column (back-filled), card digits, the roster table. */
  g_assert_cmpstr (pos_sale_record_get_accounts (record), ==, "OLD-1");
  g_assert_true (
    pos_journal_set_card_last4 (fixture->journal, pos_sale_record_get_id (record), "1111", &error));
  g_assert_no_error (error);
  g_assert_true (pos_journal_exec (fixture->journal, "SELECT COUNT(*) FROM agents", &error));
  g_assert_no_error (error);

  g_clear_object (&fixture->journal);
  version = query_text (fixture->path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, G_STRINGIFY (POS_JOURNAL_SCHEMA_VERSION));
}

/* Version 2 to 3: the index on the total and the full-text index of the sales already there. */
static void
test_migration_v2 (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosRoster) roster = NULL;
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autofree char *version = NULL;
  g_autofree char *objects = NULL;
  g_autofree char *draft = NULL;
  PosJournalQuery query = { 0 };
  gint64 ids[4];
  sqlite3 *db = NULL;
  char *message = NULL;

  /* A file as version 2 wrote it: two sales with their accounts, a draft, an agent. */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, pos_journal_schema_v2, NULL, NULL, &message), ==, SQLITE_OK);
  g_assert_cmpint (
    sqlite3_exec (
      db,
      "INSERT INTO drafts VALUES ('agent@x', "
      "'{\"version\":1,\"client_reference\":\"POS-DRAFT-V2\"}', 1);"
      "INSERT INTO agents (email, display_name, pin_hash) VALUES ('agent@x', 'A', 'x');"
      "INSERT INTO sales (client_reference, agent_email, created, updated, status, "
      "request_json, total, accounts) VALUES ('POS-OLD-ONE', 'agent@x', 10, 10, "
      "'succeeded', '{}', 4200, 'OLD-ACC-1 OLD-ACC-2');"
      "INSERT INTO sales (client_reference, agent_email, created, updated, status, "
      "request_json, total, accounts, card_last4) VALUES ('POS-OLD-TWO', 'agent@x', 20, "
      "20, 'failed', '{}', 315, 'OLD-ACC-3', '4242');",
      NULL, NULL, &message),
    ==, SQLITE_OK);
  ids[0] = 1;
  ids[1] = 2;
  sqlite3_close (db);
  version = query_text (fixture->path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "2");
  g_clear_pointer (&version, g_free);
  objects = query_text (fixture->path, "SELECT COUNT(*) FROM sqlite_schema WHERE name LIKE "
                                       "'sales_search%' OR name = 'sales_total'");
  g_assert_cmpstr (objects, ==, "0");
  g_clear_pointer (&objects, g_free);

  fixture->journal = pos_journal_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_null (pos_journal_get_moved_aside_path (fixture->journal));
  pos_journal_set_clock (fixture->journal, pos_test_clock, &fixture->now);

  /* What version 2 held is all there. */
  draft = pos_journal_load_draft (fixture->journal, "agent@x", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (draft, ==, "{\"version\":1,\"client_reference\":\"POS-DRAFT-V2\"}");
  roster = pos_roster_new (fixture->journal, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pos_roster_lookup (roster, "agent@x"));
  g_clear_object (&roster);

  /* The old sales are in the full-text index ('rebuild'), by reference and by account... */
  query.text = "old-one";
  assert_search (fixture, &query, ids, "0");
  query.text = "OLD-ACC-2";
  assert_search (fixture, &query, ids, "0");
  query.text = "OLD-ACC";
  assert_search (fixture, &query, ids, "1 0");
  query.text = "POS-OLD";
  assert_search (fixture, &query, ids, "1 0");
  /* ...and by amount. */
  query.text = "$42";
  assert_search (fixture, &query, ids, "0");
  query.text = "3.15";
  assert_search (fixture, &query, ids, "1");

  /* New sales are indexed by the triggers. */
  {
    const char *const accounts[] = { "NEW-ACC-9", NULL };
    g_autofree char *json = request_with_accounts ("POS-NEW-THREE", accounts);

    ids[2] = pos_journal_begin_submit (fixture->journal, fixture->ava, json, "POS-NEW-THREE", 4200,
                                       &error);
    g_assert_no_error (error);
    fixture->now += G_USEC_PER_SEC;
    ids[3] =
      pos_journal_begin_submit (fixture->journal, fixture->ava, json, "POS-NEW-FOUR", 1, &error);
    g_assert_no_error (error);
  }
  query.text = "new-acc-9";
  assert_search (fixture, &query, ids, "3 2");
  query.text = "POS-";
  assert_search (fixture, &query, ids, "3 2 1 0");
  query.text = "$42.00";
  assert_search (fixture, &query, ids, "2 0");

  /* The schema: the total index, the search table and its three triggers (version 3). */
  g_clear_object (&fixture->journal);
  version = query_text (fixture->path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, G_STRINGIFY (POS_JOURNAL_SCHEMA_VERSION));
  objects = query_text (fixture->path,
                        "SELECT group_concat(type || ':' || name, ' ') FROM (SELECT type, name "
                        "FROM sqlite_schema WHERE name IN ('sales_total', 'sales_search', "
                        "'sales_search_insert', 'sales_search_update', 'sales_search_delete') "
                        "ORDER BY name)");
  g_assert_cmpstr (objects, ==,
                   "table:sales_search trigger:sales_search_delete trigger:sales_search_insert "
                   "trigger:sales_search_update index:sales_total");
  g_clear_pointer (&objects, g_free);
  /* The amount search uses the index. */
  objects = query_plan (fixture->path, "SELECT id FROM sales WHERE total = 5");
  g_assert_nonnull (strstr (objects, "INDEX sales_total"));
}

/* Keeps the SQL of every statement the journal runs. */
static int
keep_statement (unsigned int type, void *data, void *statement, void *unexpanded)
{
  g_ptr_array_add (data, g_strdup (sqlite3_sql (statement)));
  return 0;
}

/* The index of an agent's unfinished sale (schema 7) holds drafts and unsent sales only, and every
 * statement that looks for them by agent uses it: at a sign-in, saving and deleting a draft,
 * removing the agent. */
static void
test_unfinished_index (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) statements = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (PosSaleRecord) found = NULL;
  g_autoptr (PosRoster) roster = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *draft = pos_test_draft_json ("first");
  g_autofree char *definition = NULL;
  guint checked = 0;

  pos_test_add_sale (fixture->journal, fixture->ava, "POS-SENT-1",
                     "{\"ClientReference\":\"POS-SENT-1\"}", 100, POS_SALE_STATUS_SUCCEEDED, NULL,
                     "4242");
  roster = pos_roster_new (fixture->journal, &error);
  g_assert_no_error (error);
  g_assert_true (pos_roster_add_agent (roster, fixture->ben, "Ben Brooks", "5678", FALSE, &error));
  g_assert_no_error (error);

  sqlite3_trace_v2 (pos_journal_get_db (fixture->journal), SQLITE_TRACE_STMT, keep_statement,
                    statements);
  g_assert_true (pos_journal_save_draft (fixture->journal, fixture->ava, draft, &error));
  g_assert_no_error (error);
  found = pos_journal_find_editable (fixture->journal, fixture->ava, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (pos_sale_record_get_status (found), ==, POS_SALE_STATUS_DRAFT);
  g_assert_true (pos_journal_delete_draft (fixture->journal, fixture->ava, &error));
  g_assert_no_error (error);
  g_assert_true (pos_journal_save_draft (fixture->journal, fixture->ben, draft, &error));
  g_assert_true (pos_roster_remove_agent (roster, fixture->ben, &error));
  g_assert_no_error (error);
  sqlite3_trace_v2 (pos_journal_get_db (fixture->journal), 0, NULL, NULL);
  g_clear_object (&roster);
  g_clear_object (&fixture->journal);

  definition =
    query_text (fixture->path, "SELECT sql FROM sqlite_schema WHERE name = 'sales_agent_status'");
  g_assert_cmpstr (definition, ==,
                   "CREATE INDEX sales_agent_status ON sales (agent_email COLLATE NOCASE) "
                   "WHERE status IN ('draft', 'not-sent')");
  for (guint i = 0; i < statements->len; i++) {
    const char *sql = g_ptr_array_index (statements, i);
    g_autofree char *plan = NULL;

    if (strstr (sql, "agent_email = ?1") == NULL || strstr (sql, "status IN") == NULL)
      continue;
    plan = query_plan (fixture->path, sql);
    g_test_message ("%s: %s", sql, plan);
    g_assert_nonnull (strstr (plan, "INDEX sales_agent_status"));
    checked++;
  }
  /* The sign-in's lookup, the draft's deletion and the agent's removal, at least. */
  g_assert_cmpuint (checked, >=, 3);
}

static void
assert_moved_aside (Fixture *fixture, const char *original_contents, gsize original_length)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *base = g_path_get_basename (fixture->path);
  g_autofree char *prefix = g_strconcat (base, ".corrupt-", NULL);
  g_autofree char *moved_base = NULL;
  g_autofree char *fresh = pos_test_draft_json ("fresh");
  const char *moved;
  gsize length = 0;

  fixture->journal = pos_journal_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->journal);
  moved = pos_journal_get_moved_aside_path (fixture->journal);
  g_assert_nonnull (moved);
  moved_base = g_path_get_basename (moved);
  g_assert_true (g_str_has_prefix (moved_base, prefix));

  /* The old file is kept byte for byte for a later look. */
  g_assert_true (g_file_get_contents (moved, &contents, &length, &error));
  g_assert_cmpmem (contents, length, original_contents, original_length);

  /* A fresh, working journal took its place. */
  g_assert_true (pos_journal_save_draft (fixture->journal, fixture->ava, fresh, &error));
  draft = pos_journal_load_draft (fixture->journal, fixture->ava, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (draft, ==, fresh);
}

static void
test_corrupt_not_sqlite (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  static const char garbage[] = "This is not an SQLite database, just some text that got here.\n"
                                "It is long enough to look like a header of something else.\n";

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->path, garbage, -1, &error));
  assert_moved_aside (fixture, garbage, strlen (garbage));
}

static void
test_corrupt_pages (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosJournal) journal = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* A real journal with enough rows to span many pages... */
  journal = pos_journal_open (fixture->path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 200; i++) {
    g_autofree char *reference = g_strdup_printf ("POS-C-%u", i);

    g_assert_cmpint (
      pos_journal_begin_submit (journal, fixture->ava, request_json, reference, 1, &error), >, 0);
  }
  g_assert_true (pos_journal_exec (journal, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&journal));

  /* ...whose pages after the first are overwritten with garbage (the header stays valid). */
  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, &error));
  g_assert_cmpuint (length, >, 8 * 4096);
  for (gsize i = 4096; i < length; i++)
    contents[i] = (char) (i * 7 + 3);
  g_assert_true (g_file_set_contents (fixture->path, contents, (gssize) length, &error));

  assert_moved_aside (fixture, contents, length);
}

/* Version 3 to 4: drafts move into the sales table; a draft whose reference was already sent (the
 * stale copy the old sale page could leave after a crash) does not come back as an editable
 * sale beside the sent one. */
static void
test_migration_v3 (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autofree char *version = NULL;
  g_autofree char *count = NULL;
  g_autoptr (PosSaleRecord) draft = NULL;
  g_autoptr (PosSaleRecord) sent = NULL;
  g_autoptr (GListModel) history = NULL;
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, pos_journal_schema_v3, NULL, NULL, &message);
  g_assert_cmpstr (message, ==, NULL);
  g_assert_cmpint (
    sqlite3_exec (
      db,
      "INSERT INTO drafts VALUES ('ben@x', "
      "'{\"version\":1,\"client_reference\":\"POS-SENT\"}', 5);"
      "INSERT INTO drafts VALUES ('agent@x', "
      "'{\"version\":1,\"client_reference\":\"POS-KEYED\",\"charges\":[{\"amount_text\":"
      "\"12.50\"}]}', 7);"
      "INSERT INTO drafts VALUES ('cory@x', 'not a draft', 9);"
      "INSERT INTO sales (client_reference, agent_email, created, updated, status, "
      "request_json, total, accounts) VALUES ('POS-SENT', 'ben@x', 10, 10, 'created', '{}', "
      "4200, '');",
      NULL, NULL, &message),
    ==, SQLITE_OK);
  sqlite3_close (db);

  fixture->journal = pos_journal_open (fixture->path, &error);
  g_assert_no_error (error);
  pos_journal_set_clock (fixture->journal, pos_test_clock, &fixture->now);

  /* The unsent draft is agent@x's editable sale, with its total and time. */
  draft = pos_journal_find_editable (fixture->journal, "agent@x", &error);
  g_assert_no_error (error);
  g_assert_nonnull (draft);
  g_assert_cmpstr (pos_sale_record_get_client_reference (draft), ==, "POS-KEYED");
  g_assert_cmpint (pos_sale_record_get_status (draft), ==, POS_SALE_STATUS_DRAFT);
  g_assert_cmpint (pos_sale_record_get_total (draft), ==, 1250);
  g_assert_cmpint (pos_sale_record_get_edited (draft), ==, 7);
  /* The stale copy of a sent sale is gone: one record per reference. */
  g_assert_null (pos_journal_find_editable (fixture->journal, "ben@x", &error));
  g_assert_no_error (error);
  sent = pos_journal_lookup_by_reference (fixture->journal, "POS-SENT", &error);
  g_assert_cmpint (pos_sale_record_get_status (sent), ==, POS_SALE_STATUS_CREATED);
  /* History lists the sent sale only. */
  history = pos_journal_list (fixture->journal, NULL, &error);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 1);

  g_clear_object (&fixture->journal);
  count = query_text (fixture->path, "SELECT count(*) FROM sales WHERE client_reference = "
                                     "'POS-SENT'");
  g_assert_cmpstr (count, ==, "1");
  g_clear_pointer (&count, g_free);
  count = query_text (fixture->path, "SELECT count(*) FROM sqlite_schema WHERE name = 'drafts'");
  g_assert_cmpstr (count, ==, "0");
  version = query_text (fixture->path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, G_STRINGIFY (POS_JOURNAL_SCHEMA_VERSION));
}

/* The crash test: a child writes drafts in a loop and reports each commit on stdout; the parent
 * kills it with SIGKILL mid-loop and checks that the last reported draft (or a later one) is
 * there, intact. The child is this test program run with "--journal-writer PATH". */

static int
run_journal_writer (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosJournal) journal = pos_journal_open (path, &error);
  g_autoptr (PosSale) sale = pos_sale_new ("crash");
  g_autofree char *agent = pos_test_agent_email ("ava");
  PosCharge *charge;

  /* Should the parent die before killing us, go with it. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (journal == NULL) {
    g_printerr ("%s\n", error->message);
    return 1;
  }
  charge = pos_sale_add_charge (sale, NULL);
  pos_charge_set_description (charge, "Crash test with a description long enough to matter");
  /* Bounded all the same: the parent kills us long before. */
  for (guint64 n = 1; n < 1000000; n++) {
    g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
    g_autofree char *json = NULL;

    pos_charge_set_amount_text (charge, text);
    json = pos_sale_to_json (sale);
    if (!pos_journal_save_draft (journal, agent, json, &error)) {
      g_printerr ("%s\n", error->message);
      return 1;
    }
    g_print ("%" G_GUINT64_FORMAT "\n", n);
    fflush (stdout);
  }
  return 0;
}

static void
test_crash (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) child = NULL;
  g_autoptr (GDataInputStream) lines = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", &error);
  g_autofree char *draft = NULL;
  g_autoptr (PosSale) sale = NULL;
  guint64 last = 0;
  guint64 found;

  g_assert_no_error (error);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self_exe, "--journal-writer",
                            fixture->path, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));

  /* Let it commit a good number of drafts, then kill it without warning. */
  while (last < 150) {
    g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (line);
    last = g_ascii_strtoull (line, NULL, 10);
  }
  kill (atoi (g_subprocess_get_identifier (child)), SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  fixture->journal = pos_journal_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_null (pos_journal_get_moved_aside_path (fixture->journal));
  draft = pos_journal_load_draft (fixture->journal, fixture->ava, &error);
  g_assert_no_error (error);
  g_assert_nonnull (draft);
  sale = pos_sale_new_from_json (draft, -1, &error);
  g_assert_no_error (error);
  found = g_ascii_strtoull (pos_charge_get_amount_text (pos_sale_get_charge (sale, 0)), NULL, 10);
  /* The child may have committed one or more drafts after the last line we read. */
  g_test_message ("last reported %" G_GUINT64_FORMAT ", found %" G_GUINT64_FORMAT, last, found);
  g_assert_cmpuint (found, >=, last);
}

int
main (int argc, char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--journal-writer"))
    return run_journal_writer (argv[2]);

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pos/journal/file", Fixture, NULL, fixture_set_up, test_file, fixture_tear_down);
  g_test_add ("/pos/journal/drafts", Fixture, NULL, fixture_set_up, test_drafts, fixture_tear_down);
  g_test_add ("/pos/journal/migration-v3", Fixture, "", fixture_set_up, test_migration_v3,
              fixture_tear_down);
  g_test_add ("/pos/journal/submit-lifecycle", Fixture, NULL, fixture_set_up, test_submit_lifecycle,
              fixture_tear_down);
  g_test_add_func ("/pos/journal/status-names", test_status_names);
  g_test_add ("/pos/journal/luhn-guard", Fixture, NULL, fixture_set_up, test_luhn_guard,
              fixture_tear_down);
  g_test_add ("/pos/journal/list", Fixture, NULL, fixture_set_up, test_list, fixture_tear_down);
  g_test_add ("/pos/journal/search", Fixture, NULL, fixture_set_up, test_search, fixture_tear_down);
  /* These open the journal themselves (data != NULL). */
  g_test_add ("/pos/journal/unfinished-index", Fixture, NULL, fixture_set_up, test_unfinished_index,
              fixture_tear_down);
  g_test_add ("/pos/journal/migration-v1", Fixture, "", fixture_set_up, test_migration,
              fixture_tear_down);
  g_test_add ("/pos/journal/migration-v2", Fixture, "", fixture_set_up, test_migration_v2,
              fixture_tear_down);
  g_test_add ("/pos/journal/corrupt-not-sqlite", Fixture, "", fixture_set_up,
              test_corrupt_not_sqlite, fixture_tear_down);
  g_test_add ("/pos/journal/corrupt-pages", Fixture, "", fixture_set_up, test_corrupt_pages,
              fixture_tear_down);
  g_test_add ("/pos/journal/crash", Fixture, "", fixture_set_up, test_crash, fixture_tear_down);

  return g_test_run ();
}
