/* pos-export.h: journaled sales as CSV (RFC 4180) for spreadsheets and bookkeeping.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pos-journal.h"
#include "pos-sale-record.h"

G_BEGIN_DECLS

/* The format, one row per sale, newest first when read from the journal:
 *
 *   - UTF-8 with a byte-order mark (POS_EXPORT_CSV_BOM: spreadsheet apps such as Excel read a CSV
 *     file as UTF-8 only then, and show "••••" garbled otherwise; LibreOffice reads it either
 *     way), records ended by CRLF, fields separated by commas;
 *   - a header row (in English on purpose: column names are for programs, and a file must import
 *     the same way whatever the station's language):
 *       created,agent,client reference,status,total,masked card,accounts,session identifier,error,
 *       paystar reference,authorization
 *   - created: ISO 8601 local time with its UTC offset, to the second ("2025-01-01T09:30:00+01:00");
 *   - status: the journal's stable name ("succeeded", "unknown", ...; see pos_sale_status_to_string);
 *   - total: a plain decimal computed from the integer cents ("150.00", "0.05"), no currency sign
 *     and no thousands separator, so spreadsheets read it as a number;
 *   - masked card: "••••1234" or empty; never more than the last four digits (the journal holds no
 *     more);
 *   - accounts: the charges' account numbers separated by spaces;
 *   - paystar reference, authorization: Paystar's payment reference and the card authorisation
 *     code, when Paystar reported them (pos_sale_record_dup_payment_field()).
 *
 * A field is enclosed in double quotes when it contains a comma, a double quote, CR or LF; a
 * double quote inside is doubled.
 *
 * Formula injection: a spreadsheet runs a cell that starts with "=", "+", "-" or "@" as a formula
 * (and some also after a leading tab or CR), so an account number or an error message typed as
 * "=HYPERLINK(...)" would run on the bookkeeper's machine. Every field that starts with one of
 * = + - @ TAB CR gets a leading apostrophe ("'=HYPERLINK(...)"), which spreadsheets show as
 * text. The apostrophe stays visible to programs reading the file; that is the accepted price
 * (OWASP "CSV Injection"). Totals are never negative, so numbers are not affected. */

#define POS_EXPORT_CSV_BOM "\xef\xbb\xbf"

#define POS_EXPORT_CSV_HEADER                                                                  \
  "created,agent,client reference,status,total,masked card,accounts,session identifier,error," \
  "paystar reference,authorization"

/* One field, guarded and quoted as described above (NULL is the empty field). */
char *pos_export_csv_field (const char *value);
/* "150.00" from 15000; "-0.05" from -5. */
char *pos_export_format_decimal (gint64 cents);
/* One record without its CRLF. */
char *pos_export_csv_row (PosSaleRecord *record);

/* The header row and one row per element of @records (GListModel of PosSaleRecord). */
char *pos_export_csv_to_string (GListModel *records);
gboolean pos_export_csv_write (GOutputStream *stream,
                               GListModel *records,
                               GCancellable *cancellable,
                               GError **error);

/* The header row and every sale of @journal matching @query (NULL: all), read page by page:
 * @query's limit and offset are ignored. */
gboolean pos_export_csv_write_journal (GOutputStream *stream,
                                       PosJournal *journal,
                                       const PosJournalQuery *query,
                                       GCancellable *cancellable,
                                       GError **error);
/* The same into @file, replaced atomically (a failed export leaves an existing file as it was)
 * and created readable by the user only: the rows are the station's business. */
gboolean pos_export_csv_save_journal (GFile *file,
                                      PosJournal *journal,
                                      const PosJournalQuery *query,
                                      GCancellable *cancellable,
                                      GError **error);

G_END_DECLS
