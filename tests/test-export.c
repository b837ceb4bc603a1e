/* test-export.c: tests of the CSV export: RFC 4180 quoting, CRLF, totals from cents, masked cards,
 * the formula-injection guard, and files whose rows equal the journal's.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "pos-export.h"
#include "pos-journal-private.h"
#include "pos-test-util.h"
#include "pos.h"

typedef PosTestFixture Fixture;

/* 2025-03-04 12:00:00 UTC; the tests run with TZ=UTC (see main). */
#define NOON G_GINT64_CONSTANT (1741089600000000)

static const gint64 noon = NOON;

static gint64
add_sale (Fixture *fixture,
          const char *agent,
          const char *reference,
          const char *accounts_json,
          gint64 total,
          PosSaleStatus status,
          const char *card,
          const char *error_text)
{
  g_autofree char *json =
    g_strdup_printf ("{\"Charges\":[%s],\"ClientReference\":\"%s\"}", accounts_json, reference);

  return pos_test_add_sale (fixture->journal, agent, reference, json, total, status, error_text,
                            card);
}

/* A small RFC 4180 reader, written apart from the writer, to check what a spreadsheet would see. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr (GStrvBuilder) row = g_strv_builder_new ();
  g_autoptr (GString) field = g_string_new (NULL);
  const char *p = text;
  gboolean at_field_start = TRUE;

  while (*p != '\0') {
    if (at_field_start && *p == '"') {
      p++;
      for (;;) {
        g_assert_true (*p != '\0'); /* unterminated quoted field */
        if (*p == '"' && p[1] == '"') {
          g_string_append_c (field, '"');
          p += 2;
        } else if (*p == '"') {
          p++;
          break;
        } else {
          g_string_append_c (field, *p++);
        }
      }
      at_field_start = FALSE;
      g_assert_true (*p == ',' || (*p == '\r' && p[1] == '\n'));
    } else if (*p == ',') {
      g_strv_builder_add (row, field->str);
      g_string_truncate (field, 0);
      at_field_start = TRUE;
      p++;
    } else if (*p == '\r') {
      g_assert_cmpint (p[1], ==, '\n'); /* CRLF only */
      g_strv_builder_add (row, field->str);
      g_string_truncate (field, 0);
      g_ptr_array_add (rows, g_strv_builder_end (row));
      g_clear_pointer (&row, g_strv_builder_unref);
      row = g_strv_builder_new ();
      at_field_start = TRUE;
      p += 2;
    } else {
      g_assert_cmpint (*p, !=, '\n'); /* a bare LF outside quotes */
      g_assert_cmpint (*p, !=, '"');  /* a quote inside an unquoted field */
      g_string_append_c (field, *p++);
      at_field_start = FALSE;
    }
  }
  g_assert_true (at_field_start); /* the last record ends with CRLF */
  return rows;
}

/* What a field holds once the guard's apostrophe is taken off. */
static const char *
unguard (const char *field)
{
  if (field[0] == '\'' && field[1] != '\0' && strchr ("=+-@\t\r", field[1]) != NULL)
    return field + 1;
  return field;
}

/* Every data row of @csv equals the journal's record at the same position, field by field. */
static void
assert_csv_matches (const char *csv, GListModel *records)
{
  g_autoptr (GPtrArray) rows = NULL;
  g_auto (GStrv) header = g_strsplit (POS_EXPORT_CSV_HEADER, ",", -1);
  guint n = g_list_model_get_n_items (records);

  /* The byte-order mark first, then RFC 4180. */
  g_assert_true (g_str_has_prefix (csv, POS_EXPORT_CSV_BOM));
  rows = parse_csv (csv + strlen (POS_EXPORT_CSV_BOM));
  g_assert_cmpuint (rows->len, ==, n + 1);
  g_assert_cmpstrv (g_ptr_array_index (rows, 0), header);
  for (guint i = 0; i < n; i++) {
    g_autoptr (PosSaleRecord) record = g_list_model_get_item (records, i);
    char **row = g_ptr_array_index (rows, i + 1);
    g_autoptr (GDateTime) created = NULL;
    g_autofree char *created_text = NULL;
    g_autofree char *total = NULL;
    g_autofree char *masked = pos_sale_record_dup_masked_card (record);
    gint64 cents = pos_sale_record_get_total (record);

    g_autofree char *paystar_reference =
      pos_sale_record_dup_payment_field (record, "referenceNumber");
    g_autofree char *authorization = pos_sale_record_dup_payment_field (record, "authCode");

    g_assert_cmpuint (g_strv_length (row), ==, 11);
    created =
      g_date_time_new_from_unix_local (pos_sale_record_get_created (record) / G_USEC_PER_SEC);
    created_text = g_date_time_format_iso8601 (created);
    /* GLib writes "Z" for UTC where we write "+00:00". */
    if (g_str_has_suffix (created_text, "Z")) {
      g_autofree char *base = g_strndup (created_text, strlen (created_text) - 1);

      g_free (created_text);
      created_text = g_strconcat (base, "+00:00", NULL);
    }
    g_assert_cmpstr (row[0], ==, created_text);
    g_assert_cmpstr (unguard (row[1]), ==, pos_sale_record_get_agent_email (record));
    g_assert_cmpstr (unguard (row[2]), ==, pos_sale_record_get_client_reference (record));
    g_assert_cmpstr (row[3], ==, pos_sale_status_to_string (pos_sale_record_get_status (record)));
    total = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", cents / 100, (int) (cents % 100));
    g_assert_cmpstr (row[4], ==, total);
    g_assert_cmpstr (row[5], ==, masked != NULL ? masked : "");
    g_assert_cmpstr (unguard (row[6]), ==, pos_sale_record_get_accounts (record));
    g_assert_cmpstr (row[7], ==,
                     pos_sale_record_get_session_identifier (record) != NULL
                       ? pos_sale_record_get_session_identifier (record)
                       : "");
    g_assert_cmpstr (unguard (row[8]), ==,
                     pos_sale_record_get_error_text (record) != NULL
                       ? pos_sale_record_get_error_text (record)
                       : "");
    g_assert_cmpstr (unguard (row[9]), ==, paystar_reference != NULL ? paystar_reference : "");
    g_assert_cmpstr (unguard (row[10]), ==, authorization != NULL ? authorization : "");
    /* No cell may start with a formula character once written. */
    for (guint f = 0; f < 11; f++)
      g_assert_null (strchr ("=+-@\t\r", row[f][0] != '\0' ? row[f][0] : 'x'));
  }
}

static void
test_field (void)
{
  struct {
    const char *in;
    const char *out;
  } cases[] = {
    { NULL, "" },
    { "", "" },
    { "plain", "plain" },
    { "ACC-1 W-77", "ACC-1 W-77" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\nlines", "\"two\nlines\"" },
    { "cr\rlf", "\"cr\rlf\"" },
    { "=SUM(A1:A9)", "'=SUM(A1:A9)" },
    { "+1", "'+1" },
    { "-2+3", "'-2+3" },
    { "@cmd", "'@cmd" },
    { "\tx", "'\tx" },
    { "\rx", "\"'\rx\"" },
    { "=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
    { "a=b", "a=b" },
    { "\u2022\u2022\u2022\u20224242", "\u2022\u2022\u2022\u20224242" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *out = pos_export_csv_field (cases[i].in);

    g_assert_cmpstr (out, ==, cases[i].out);
  }
}

static void
test_decimal (void)
{
  struct {
    gint64 cents;
    const char *text;
  } cases[] = {
    { 15000, "150.00" },
    { 15050, "150.50" },
    { 5, "0.05" },
    { 0, "0.00" },
    { 99, "0.99" },
    { 100, "1.00" },
    { 123456789, "1234567.89" },
    { 2147483647, "21474836.47" },
    { -5, "-0.05" },
    { -15000, "-150.00" },
    { G_MININT64, "-92233720368547758.08" },
    { G_MAXINT64, "92233720368547758.07" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *text = pos_export_format_decimal (cases[i].cents);

    g_assert_cmpstr (text, ==, cases[i].text);
  }
}

static void
add_sample (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  gint64 id;

  id = add_sale (
    fixture, fixture->ava, "POS-0001",
    "{\"Amount\":15000,\"ClientAccount\":{\"AccountNumber\":\"ACC-12345\",\"Name\":"
    "\"J\"}},{\"Amount\":50,\"ClientAccount\":{\"AccountNumber\":\"W-77\",\"Name\":\"J\"}}",
    15050, POS_SALE_STATUS_SUCCEEDED, "4242", NULL);
  /* What Paystar reported of the payment (a Query API summary), for the last two columns. */
  pos_journal_set_response (fixture->journal, id,
                            "{\"payment\":{\"referenceNumber\":\"NYDVNT-WSQPG\","
                            "\"authCode\":\"A1B2C3\"}}",
                            &error);
  g_assert_no_error (error);
  fixture->now += 90 * G_USEC_PER_SEC;
  add_sale (fixture, fixture->ben, "POS-0002",
            "{\"Amount\":5,\"ClientAccount\":{\"AccountNumber\":\"=1+2\",\"Name\":\"J\"}}", 5,
            POS_SALE_STATUS_FAILED, "0005", "-Declined, \"do not honor\"\nCall the bank");
  fixture->now += 90 * G_USEC_PER_SEC;
  add_sale (fixture, fixture->ava, "POS-0003", "{\"Amount\":700}", 700, POS_SALE_STATUS_ERROR, NULL,
            "@Charges[0].ClientAccount is required");
  fixture->now += 90 * G_USEC_PER_SEC;
  add_sale (fixture, fixture->ben, "POS-0004",
            "{\"Amount\":2500,\"ClientAccount\":{\"AccountNumber\":\"B-1\",\"Name\":\"J\"}}", 2500,
            POS_SALE_STATUS_CREATED, NULL, NULL);
}

static void
test_rows (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) records = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *expected = NULL;

  add_sample (fixture);
  records = pos_journal_list (fixture->journal, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 4);

  csv = pos_export_csv_to_string (records);
  /* The whole file, byte for byte (newest first, as the journal lists it). */
  expected = g_strconcat (
    "\xef\xbb\xbf"
    "created,agent,client reference,status,total,masked card,accounts,session identifier,error,"
    "paystar reference,authorization\r\n",
    "2025-03-04T12:04:30+00:00,", fixture->ben, ",POS-0004,created,25.00,,B-1,sess_POS-0004,,,\r\n",
    "2025-03-04T12:03:00+00:00,", fixture->ava,
    ",POS-0003,error,7.00,,,,'@Charges[0].ClientAccount is required,,\r\n",
    "2025-03-04T12:01:30+00:00,", fixture->ben,
    ",POS-0002,failed,0.05,\u2022\u2022\u2022\u20220005,'=1+2,sess_POS-0002,"
    "\"'-Declined, \"\"do not honor\"\"\nCall the bank\",,\r\n",
    "2025-03-04T12:00:00+00:00,", fixture->ava,
    ",POS-0001,succeeded,150.50,\u2022\u2022\u2022\u20224242,ACC-12345 W-77,sess_POS-0001,,"
    "NYDVNT-WSQPG,A1B2C3\r\n",
    NULL);
  g_assert_cmpstr (csv, ==, expected);
  assert_csv_matches (csv, records);
}

static void
test_write_stream (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) records = NULL;
  g_autoptr (GOutputStream) memory = NULL;
  g_autoptr (GOutputStream) memory2 = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *from_journal = NULL;
  g_autofree char *from_list = NULL;
  PosJournalQuery query = { 0 };

  add_sample (fixture);
  records = pos_journal_list (fixture->journal, NULL, &error);
  g_assert_no_error (error);
  csv = pos_export_csv_to_string (records);

  memory = g_memory_output_stream_new_resizable ();
  g_assert_true (pos_export_csv_write (memory, records, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (memory, "", 1, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (memory, NULL, &error));
  from_list = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (memory));
  g_assert_cmpstr (from_list, ==, csv);

  memory2 = g_memory_output_stream_new_resizable ();
  g_assert_true (pos_export_csv_write_journal (memory2, fixture->journal, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (memory2, "", 1, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (memory2, NULL, &error));
  from_journal = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (memory2));
  g_assert_cmpstr (from_journal, ==, csv);

  /* A query narrows the export like the history's filter. */
  {
    g_autoptr (GOutputStream) memory3 = g_memory_output_stream_new_resizable ();
    g_autoptr (GListModel) narrowed = NULL;
    g_autofree char *text = NULL;

    query.text = "acc-123";
    g_assert_true (pos_export_csv_write_journal (memory3, fixture->journal, &query, NULL, &error));
    g_assert_true (g_output_stream_write_all (memory3, "", 1, NULL, NULL, &error));
    g_assert_true (g_output_stream_close (memory3, NULL, &error));
    g_assert_no_error (error);
    text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (memory3));
    narrowed = pos_journal_list (fixture->journal, &query, &error);
    g_assert_cmpuint (g_list_model_get_n_items (narrowed), ==, 1);
    assert_csv_matches (text, narrowed);
  }
}

static void
test_save_file (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) records = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "sales.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_autoptr (GCancellable) cancelled = g_cancellable_new ();
  GStatBuf st;
  const guint n = 4567;

  /* More sales than a journal page; one transaction and no fsync keep the test quick. */
  g_assert_true (pos_journal_exec (fixture->journal, "PRAGMA synchronous = OFF; BEGIN", &error));
  for (guint i = 0; i < n; i++) {
    g_autofree char *reference = g_strdup_printf ("POS-F%05u", i);
    g_autofree char *charge = g_strdup_printf (
      "{\"Amount\":%u,\"ClientAccount\":{\"AccountNumber\":\"F-%u\",\"Name\":\"J\"}}", i + 1, i);

    fixture->now += G_USEC_PER_SEC;
    add_sale (fixture, i % 3 ? fixture->ava : fixture->ben, reference, charge, i + 1,
              i % 5 == 0 ? POS_SALE_STATUS_FAILED : POS_SALE_STATUS_SUCCEEDED,
              i % 2 ? "1111" : NULL, NULL);
  }
  g_assert_true (pos_journal_exec (fixture->journal, "COMMIT", &error));

  g_assert_true (pos_export_csv_save_journal (file, fixture->journal, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  {
    PosJournalQuery all = { .limit = n + 10 };

    records = pos_journal_list (fixture->journal, &all, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (records), ==, n);
    assert_csv_matches (contents, records);
  }

  /* A failed export leaves the file as it was. */
  g_cancellable_cancel (cancelled);
  g_assert_false (pos_export_csv_save_journal (file, fixture->journal, NULL, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  {
    g_autofree char *again = NULL;

    g_assert_true (g_file_get_contents (path, &again, NULL, NULL));
    g_assert_cmpstr (again, ==, contents);
  }

  /* An unwritable place is an error, not a crash. */
  {
    g_autoptr (GFile) nowhere = g_file_new_for_path ("/nonexistent-dir/sales.csv");

    g_assert_false (pos_export_csv_save_journal (nowhere, fixture->journal, NULL, NULL, &error));
    g_assert_nonnull (error);
  }
}

int
main (int argc, char *argv[])
{
  /* Times are written in local time: fix the zone so that the expected text is stable. */
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pos/export/field", test_field);
  g_test_add_func ("/pos/export/decimal", test_decimal);
  POS_TEST_ADD ("/pos/export/rows", &noon, test_rows);
  POS_TEST_ADD ("/pos/export/write-stream", &noon, test_write_stream);
  POS_TEST_ADD ("/pos/export/save-file", &noon, test_save_file);

  return g_test_run ();
}
