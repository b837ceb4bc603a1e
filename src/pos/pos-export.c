/* pos-export.c: journaled sales as CSV (RFC 4180) for spreadsheets and bookkeeping.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-export.h"

#include <string.h>

/* Rows read from the journal at a time (see pos-shift-summary.c). */
#define PAGE_SIZE 2000

char *
pos_export_csv_field (const char *value)
{
  GString *field;
  gboolean quote;

  if (value == NULL || *value == '\0')
    return g_strdup ("");

  field = g_string_sized_new (strlen (value) + 3);
  if (strchr ("=+-@\t\r", value[0]) != NULL)
    g_string_append_c (field, '\'');
  g_string_append (field, value);

  quote = strpbrk (field->str, ",\"\r\n") != NULL;
  if (quote) {
    GString *quoted = g_string_sized_new (field->len + 8);

    g_string_append_c (quoted, '"');
    for (const char *p = field->str; *p != '\0'; p++) {
      if (*p == '"')
        g_string_append_c (quoted, '"');
      g_string_append_c (quoted, *p);
    }
    g_string_append_c (quoted, '"');
    g_string_free (field, TRUE);
    field = quoted;
  }
  return g_string_free (field, FALSE);
}

char *
pos_export_format_decimal (gint64 cents)
{
  guint64 magnitude;

  /* Negated as unsigned so that G_MININT64 does not overflow. */
  magnitude = cents < 0 ? -(guint64) cents : (guint64) cents;
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%02u", cents < 0 ? "-" : "", magnitude / 100,
                          (guint) (magnitude % 100));
}

static char *
format_created (gint64 usec)
{
  g_autoptr (GDateTime) local = NULL;

  /* Floor division, so that a time before the epoch does not round towards it. */
  local = g_date_time_new_from_unix_local (
    usec >= 0 ? usec / G_USEC_PER_SEC : -((-usec + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
  if (local == NULL)
    return g_strdup ("");
  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

char *
pos_export_csv_row (PosSaleRecord *record)
{
  g_autofree char *created = NULL;
  g_autofree char *total = NULL;
  g_autofree char *card = NULL;
  g_autofree char *paystar_reference = NULL;
  g_autofree char *authorization = NULL;
  const char *values[11];
  GString *row;

  g_return_val_if_fail (POS_IS_SALE_RECORD (record), NULL);

  created = format_created (pos_sale_record_get_created (record));
  total = pos_export_format_decimal (pos_sale_record_get_total (record));
  card = pos_sale_record_dup_masked_card (record);

  values[0] = created;
  values[1] = pos_sale_record_get_agent_email (record);
  values[2] = pos_sale_record_get_client_reference (record);
  values[3] = pos_sale_status_to_string (pos_sale_record_get_status (record));
  values[4] = total;
  values[5] = card;
  values[6] = pos_sale_record_get_accounts (record);
  values[7] = pos_sale_record_get_session_identifier (record);
  values[8] = pos_sale_record_get_error_text (record);
  paystar_reference = pos_sale_record_dup_payment_field (record, "referenceNumber");
  authorization = pos_sale_record_dup_payment_field (record, "authCode");
  values[9] = paystar_reference;
  values[10] = authorization;

  row = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++) {
    g_autofree char *field = pos_export_csv_field (values[i]);

    if (i > 0)
      g_string_append_c (row, ',');
    g_string_append (row, field);
  }
  return g_string_free (row, FALSE);
}

static void
append_rows (GString *out, GListModel *records)
{
  guint n = g_list_model_get_n_items (records);

  for (guint i = 0; i < n; i++) {
    g_autoptr (PosSaleRecord) record = g_list_model_get_item (records, i);
    g_autofree char *row = pos_export_csv_row (record);

    g_string_append (out, row);
    g_string_append (out, "\r\n");
  }
}

char *
pos_export_csv_to_string (GListModel *records)
{
  GString *out;

  g_return_val_if_fail (G_IS_LIST_MODEL (records), NULL);

  out = g_string_new (POS_EXPORT_CSV_BOM POS_EXPORT_CSV_HEADER "\r\n");
  append_rows (out, records);
  return g_string_free (out, FALSE);
}

gboolean
pos_export_csv_write (GOutputStream *stream,
                      GListModel *records,
                      GCancellable *cancellable,
                      GError **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (G_IS_LIST_MODEL (records), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = pos_export_csv_to_string (records);
  return g_output_stream_write_all (stream, text, strlen (text), NULL, cancellable, error);
}

gboolean
pos_export_csv_write_journal (GOutputStream *stream,
                              PosJournal *journal,
                              const PosJournalQuery *query,
                              GCancellable *cancellable,
                              GError **error)
{
  g_autoptr (GHashTable) seen = NULL;
  PosJournalQuery page = { 0 };
  static const char header[] = POS_EXPORT_CSV_BOM POS_EXPORT_CSV_HEADER "\r\n";

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (POS_IS_JOURNAL (journal), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (query != NULL)
    page = *query;
  page.limit = PAGE_SIZE;
  page.offset = 0;

  if (!g_output_stream_write_all (stream, header, strlen (header), NULL, cancellable, error))
    return FALSE;

  /* Sales journaled while we page (newest first) push older rows down: a row may come twice,
   * never be skipped; the ids seen write each once. */
  seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (;;) {
    g_autoptr (GListModel) records = pos_journal_list (journal, &page, error);
    g_autoptr (GString) chunk = NULL;
    guint n;

    if (records == NULL)
      return FALSE;
    n = g_list_model_get_n_items (records);
    chunk = g_string_new (NULL);
    for (guint i = 0; i < n; i++) {
      g_autoptr (PosSaleRecord) record = g_list_model_get_item (records, i);
      gint64 id = pos_sale_record_get_id (record);
      g_autofree char *row = NULL;

      if (g_hash_table_contains (seen, &id))
        continue;
      g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
      row = pos_export_csv_row (record);
      g_string_append (chunk, row);
      g_string_append (chunk, "\r\n");
    }
    if (!g_output_stream_write_all (stream, chunk->str, chunk->len, NULL, cancellable, error))
      return FALSE;
    if (n < PAGE_SIZE)
      break;
    page.offset += n;
  }
  return TRUE;
}

gboolean
pos_export_csv_save_journal (GFile *file,
                             PosJournal *journal,
                             const PosJournalQuery *query,
                             GCancellable *cancellable,
                             GError **error)
{
  g_autoptr (GFileOutputStream) stream = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (POS_IS_JOURNAL (journal), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stream =
    g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                    cancellable, error);
  if (stream == NULL)
    return FALSE;
  if (!pos_export_csv_write_journal (G_OUTPUT_STREAM (stream), journal, query, cancellable,
                                     error)) {
    /* Closing after a cancelled write discards the temporary file and keeps the old one. */
    g_autoptr (GCancellable) abort = g_cancellable_new ();

    g_cancellable_cancel (abort);
    g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
    return FALSE;
  }
  return g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
}
