/* pos-journal-office.c: the journal's outbox for the office database, and the day's close.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "pos-journal-office.h"
#include "pos-journal-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* A sale as the office gets it: what the reports and the office-wide History search need and
 * nothing else (no request body, no customer names or addresses: only the account numbers, which
 * History searches by). The charges are each
 * charge's type and amount. "day" is the station's local date of the sale's creation: a business
 * day is the station's, wherever the office database is. @r is the row ("new" in a trigger). A
 * request that is not JSON (it cannot be: the journal stores what it sent; but a trigger that
 * failed would stop the sale itself) gives no charges. */
#define SALE_PAYLOAD(r)                                                                           \
  "json_object('id', " r ".id, 'reference', " r ".client_reference, 'agent', lower(" r            \
  ".agent_email), 'status', " r ".status, 'total', " r ".total, 'created', " r                    \
  ".created, 'updated', " r ".updated, 'day', date(" r ".created / 1000000, 'unixepoch', "        \
  "'localtime'), 'session', " r ".session_identifier, 'last4', " r ".card_last4, 'closed_by', " r \
  ".closed_by, 'closed_reason', " r ".closed_reason, 'accounts', " r ".accounts, "                \
  "'charges', json(CASE WHEN json_valid(" r                                                       \
  ".request_json) THEN (SELECT json_group_array(json_object('type', "                             \
  "coalesce(json_extract(c.value, '$.ChargeType'), ''), 'amount', "                               \
  "coalesce(json_extract(c.value, '$.Amount'), 0))) FROM json_each(" r                            \
  ".request_json, '$.Charges') AS c) ELSE '[]' END))"

#define CLOSE_PAYLOAD(r)                                                                 \
  "json_object('day', " r ".business_day, 'closed_by', " r ".closed_by, 'closed_at', " r \
  ".closed_at, 'summary', json(" r ".summary_json))"

#define OUTBOX_ON "EXISTS (SELECT 1 FROM outbox_enabled)"
#define SENT      "NOT IN ('draft', 'not-sent')"

/* Never edit: a migration runs once per file. */
#define SALE_NEW  SALE_PAYLOAD ("new")
#define CLOSE_NEW CLOSE_PAYLOAD ("new")

const char pos_journal_migration_v5[] =
  "CREATE TABLE outbox (\n"
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,\n"
  "  kind TEXT NOT NULL,\n"
  "  sale_id INTEGER NOT NULL DEFAULT 0,\n"
  "  payload TEXT NOT NULL\n"
  ");\n"
  "CREATE TABLE outbox_enabled (enabled INTEGER NOT NULL);\n"
  "CREATE TABLE day_closes (\n"
  "  business_day TEXT PRIMARY KEY,\n"
  "  closed_by TEXT NOT NULL,\n"
  "  closed_at INTEGER NOT NULL,\n"
  "  summary_json TEXT NOT NULL\n"
  ");\n"
  "CREATE TRIGGER outbox_sale_insert AFTER INSERT ON sales\n"
  "WHEN new.status " SENT " AND " OUTBOX_ON "\n"
  "BEGIN\n"
  "  INSERT INTO outbox (kind, sale_id, payload) VALUES ('sale', new.id, " SALE_NEW ");\n"
  "END;\n"
  "CREATE TRIGGER outbox_sale_update\n"
  "AFTER UPDATE OF status, total, session_identifier, card_last4, closed_by ON sales\n"
  "WHEN (new.status " SENT " OR old.status " SENT ") AND " OUTBOX_ON "\n"
  "  AND (old.status IS NOT new.status OR\n"
  "  old.total IS NOT new.total OR old.session_identifier IS NOT new.session_identifier OR\n"
  "  old.card_last4 IS NOT new.card_last4 OR old.closed_by IS NOT new.closed_by)\n"
  "BEGIN\n"
  "  INSERT INTO outbox (kind, sale_id, payload) VALUES ('sale', new.id, " SALE_NEW ");\n"
  "END;\n"
  "CREATE TRIGGER outbox_day_close AFTER INSERT ON day_closes\n"
  "WHEN " OUTBOX_ON "\n"
  "BEGIN\n"
  "  INSERT INTO outbox (kind, payload) VALUES ('close', " CLOSE_NEW ");\n"
  "END;\n";

void
pos_outbox_record_free (PosOutboxRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->kind);
  g_free (record->payload);
  g_free (record);
}

gboolean
pos_journal_get_outbox_enabled (PosJournal *self)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (POS_IS_JOURNAL (self), FALSE);

  stmt = pos_journal_prepare (self, "SELECT " OUTBOX_ON, NULL);
  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
}

#define SALE_S  SALE_PAYLOAD ("s")
#define CLOSE_D CLOSE_PAYLOAD ("d")

static const char backfill_sql[] =
  "INSERT INTO outbox (kind, sale_id, payload)\n"
  "  SELECT 'sale', s.id, " SALE_S " FROM sales AS s WHERE s.status " SENT " ORDER BY s.id;\n"
  "INSERT INTO outbox (kind, payload)\n"
  "  SELECT 'close', " CLOSE_D " FROM day_closes AS d ORDER BY d.business_day;\n"
  "INSERT INTO outbox_enabled (enabled) VALUES (1);\n"
  "COMMIT";

gboolean
pos_journal_set_outbox_enabled (PosJournal *self, gboolean enabled, GError **error)
{
  g_return_val_if_fail (POS_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (enabled == pos_journal_get_outbox_enabled (self))
    return TRUE;
  if (!enabled)
    return pos_journal_exec (self, "DELETE FROM outbox_enabled", error);

  /* The history first, in the order it happened, then the switch: one transaction. */
  if (!pos_journal_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!pos_journal_exec (self, backfill_sql, error)) {
    pos_journal_exec (self, "ROLLBACK", NULL);
    return FALSE;
  }
  return TRUE;
}

GPtrArray *
pos_journal_outbox_peek (PosJournal *self, guint limit, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) records = NULL;
  int rc;

  g_return_val_if_fail (POS_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pos_journal_prepare (
    self, "SELECT seq, kind, sale_id, payload FROM outbox ORDER BY seq LIMIT ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);
  records = g_ptr_array_new_with_free_func ((GDestroyNotify) pos_outbox_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
    PosOutboxRecord *record = g_new0 (PosOutboxRecord, 1);

    record->seq = sqlite3_column_int64 (stmt, 0);
    record->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    record->sale_id = sqlite3_column_int64 (stmt, 2);
    record->payload = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
    g_ptr_array_add (records, record);
  }
  if (rc != SQLITE_DONE) {
    pos_journal_set_error (self, _ ("reading the office outbox"), error);
    return NULL;
  }
  return g_steal_pointer (&records);
}

gboolean
pos_journal_outbox_remove_through (PosJournal *self, gint64 seq, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (POS_IS_JOURNAL (self), FALSE);

  stmt = pos_journal_prepare (self, "DELETE FROM outbox WHERE seq <= ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return pos_journal_set_error (self, _ ("updating the office outbox"), error);
  return TRUE;
}

gint64
pos_journal_outbox_count (PosJournal *self, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (POS_IS_JOURNAL (self), -1);

  stmt = pos_journal_prepare (self, "SELECT count(*) FROM outbox", error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW) {
    pos_journal_set_error (self, _ ("reading the office outbox"), error);
    return -1;
  }
  return sqlite3_column_int64 (stmt, 0);
}

/* The journal's times of @day's local midnight and the next one. */
static gboolean
day_bounds (const char *day, gint64 *out_start, gint64 *out_end, GError **error)
{
  g_autoptr (GDateTime) start = NULL;
  g_autoptr (GDateTime) end = NULL;
  unsigned year, month, mday;
  char tail;

  if (day == NULL || strlen (day) != 10 ||
      sscanf (day, "%4u-%2u-%2u%c", &year, &month, &mday, &tail) != 3 ||
      !g_date_valid_dmy ((GDateDay) mday, (GDateMonth) month, (GDateYear) year)) {
    g_set_error (error, POS_ERROR, POS_ERROR_FAILED, _ ("“%s” is not a date (YYYY-MM-DD)."),
                 day != NULL ? day : "");
    return FALSE;
  }
  start = g_date_time_new_local ((int) year, (int) month, (int) mday, 0, 0, 0);
  end = start != NULL ? g_date_time_add_days (start, 1) : NULL;
  if (end == NULL) {
    g_set_error (error, POS_ERROR, POS_ERROR_FAILED, _ ("“%s” is not a date (YYYY-MM-DD)."), day);
    return FALSE;
  }
  *out_start = g_date_time_to_unix (start) * G_USEC_PER_SEC;
  *out_end = g_date_time_to_unix (end) * G_USEC_PER_SEC;
  return TRUE;
}

#define DAY_SALES "FROM sales WHERE created >= ?2 AND created < ?3 AND status " SENT
#define DAY_PAID  DAY_SALES " AND status = 'succeeded'"

static const char summary_sql[] =
  "SELECT json_object('day', ?1, 'count', (SELECT count(*) " DAY_SALES "), "
  "'total', (SELECT coalesce(sum(total), 0) " DAY_SALES "), "
  "'by_status', (SELECT json_group_object(status, json_object('count', n, 'total', t)) FROM "
  "(SELECT status, count(*) AS n, sum(total) AS t " DAY_SALES " GROUP BY status)), "
  "'by_agent', (SELECT json_group_object(agent, json_object('count', n, 'total', t)) FROM "
  "(SELECT lower(agent_email) AS agent, count(*) AS n, sum(total) AS t " DAY_PAID " GROUP BY 1)), "
  "'by_charge_type', (SELECT json_group_object(type, json_object('count', n, 'total', t)) FROM "
  "(SELECT coalesce(json_extract(c.value, '$.ChargeType'), '') AS type, count(*) AS n, "
  "coalesce(sum(json_extract(c.value, '$.Amount')), 0) AS t FROM (SELECT request_json " DAY_PAID
  " AND json_valid(request_json)) AS s, json_each(s.request_json, '$.Charges') AS c GROUP BY 1)), "
  "'first_reference', (SELECT client_reference " DAY_SALES " ORDER BY created, id LIMIT 1), "
  "'last_reference', (SELECT client_reference " DAY_SALES
  " ORDER BY created DESC, id DESC LIMIT 1))";

char *
pos_journal_summarize_day (PosJournal *self, const char *day, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 start, end;

  g_return_val_if_fail (POS_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!day_bounds (day, &start, &end, error))
    return NULL;
  stmt = pos_journal_prepare (self, summary_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, end);
  if (sqlite3_step (stmt) != SQLITE_ROW) {
    pos_journal_set_error (self, _ ("summing up the day"), error);
    return NULL;
  }
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

char *
pos_journal_close_day (PosJournal *self, const char *day, const char *closed_by, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *summary = NULL;

  g_return_val_if_fail (POS_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (closed_by != NULL && *closed_by != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pos_journal_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  summary = pos_journal_summarize_day (self, day, error);
  if (summary == NULL)
    goto rollback;
  stmt = pos_journal_prepare (
    self,
    "INSERT INTO day_closes (business_day, closed_by, closed_at, summary_json) "
    "VALUES (?1, lower(?2), ?3, ?4) ON CONFLICT DO NOTHING",
    error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, closed_by, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, pos_journal_now (self));
  sqlite3_bind_text (stmt, 4, summary, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE) {
    pos_journal_set_error (self, _ ("closing the day"), error);
    goto rollback;
  }
  if (sqlite3_changes (pos_journal_get_db (self)) == 0) {
    g_set_error (error, POS_ERROR, POS_ERROR_DAY_CLOSED, _ ("%s was already closed."), day);
    goto rollback;
  }
  if (!pos_journal_exec (self, "COMMIT", error))
    goto rollback;
  return g_steal_pointer (&summary);

rollback:
  pos_journal_exec (self, "ROLLBACK", NULL);
  return NULL;
}

char *
pos_journal_get_day_close (PosJournal *self,
                           const char *day,
                           char **out_closed_by,
                           gint64 *out_closed_at,
                           GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (POS_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (day != NULL, NULL);

  stmt = pos_journal_prepare (self,
                              "SELECT closed_by, closed_at, summary_json FROM day_closes "
                              "WHERE business_day = ?1",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW) {
    pos_journal_set_error (self, _ ("reading the day’s close"), error);
    return NULL;
  }
  if (out_closed_by != NULL)
    *out_closed_by = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (out_closed_at != NULL)
    *out_closed_at = sqlite3_column_int64 (stmt, 1);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 2));
}
