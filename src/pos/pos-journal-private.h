/* pos-journal-private.h: what the roster and the tests may use of the journal's database.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "pos-journal.h"

G_BEGIN_DECLS

/* The version-1 schema exactly as the first release created it (ends with PRAGMA user_version = 1).
 * Kept so that migrations can be tested: a test creates a v1 file with it and opens that file with
 * the current code. Never edit it; add a migration instead. */
extern const char pos_journal_schema_v1[];
/* The version-2 schema exactly as the version-1 schema plus the version-2 migration left it (ends
 * with PRAGMA user_version = 2), for the test of the migration to version 3. The version-2
 * migration also filled the accounts column from request_json: a test inserts it itself. */
extern const char pos_journal_schema_v2[];
/* The version-3 schema (version 2 plus the full-text index), for the test of the migration to
 * version 4 (drafts move into the sales table). */
extern const char pos_journal_schema_v3[];

/* Version 5: the office outbox and its triggers, the day's close (pos-journal-office.c). */
extern const char pos_journal_migration_v5[];
/* Version 6: the account book (pos-account-book.c). */
extern const char pos_journal_migration_v6[];

/* A second connection to a journal another PosJournal has opened (and checked, migrated), for a
 * worker thread: no checks, no salvage, no migration; POS_ERROR_JOURNAL unless the file has this
 * code's schema version. */
PosJournal *pos_journal_open_existing (const char *path, GError **error);

sqlite3 *pos_journal_get_db (PosJournal *self);
/* For tests that kill the process between a change and its commit: @hook runs inside every
 * sale transaction just before its COMMIT. */
typedef void (*PosJournalHook) (gpointer user_data);
void pos_journal_set_commit_hook (PosJournal *self, PosJournalHook hook, gpointer user_data);
gint64 pos_journal_now (PosJournal *self);
/* Sets POS_ERROR_JOURNAL from the database's last error; always returns FALSE. @what says which
 * operation failed; it never contains stored values. */
gboolean pos_journal_set_error (PosJournal *self, const char *what, GError **error);
/* Prepares one statement; POS_ERROR_JOURNAL ("preparing a query") on failure. */
sqlite3_stmt *pos_journal_prepare (PosJournal *self, const char *sql, GError **error);
/* Runs one or more SQL statements without results. */
gboolean pos_journal_exec (PosJournal *self, const char *sql, GError **error);
/* The first column of the first row of @sql on @db (any connection, the salvage's too) as an
 * integer; FALSE, *@out untouched, when it cannot be prepared or gives no row. */
gboolean pos_journal_query_int (sqlite3 *db, const char *sql, gint64 *out);

G_END_DECLS
