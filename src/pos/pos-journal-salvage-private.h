/* pos-journal-salvage-private.h: copying what can still be read of a damaged journal into a new one.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pos-journal.h"

G_BEGIN_DECLS

/* Copies every row that SQLite can still read from the damaged journal @damaged_path (which is
 * only read: it stays byte for byte as it is) into a new file at @path, at the damaged file's
 * schema version, so that the journal's normal open then migrates it like any older file. The
 * copy knows nothing of the journal's tables: it takes the damaged file's own schema (its
 * ordinary tables, indexes, triggers and views; virtual tables are made again and rebuilt from
 * the tables they index), and reads each table in rowid order, skipping past a damaged page so
 * that it loses only that page's rows.
 *
 * A file whose header (its first 100 bytes) alone is destroyed is read through a copy with a
 * header made again, when its schema is exactly the one this program makes for a new journal (the
 * schema version was in the header); the copy, "<path>.salvage-source", is removed afterwards.
 *
 * Returns TRUE when it wrote a new file at @path (@path must not exist), with @report saying how
 * many rows were copied and how many could not be read. Returns FALSE, with nothing at @path,
 * when nothing could be read (not a database, all zeros, empty, or a destroyed header on a file of
 * another schema version), when the file is of a schema version above @max_version (a newer
 * program's: it is not migrated down), or when the copy could not be written (a full disk);
 * @report then says nothing was recovered. Never fails in a way the caller has to report: the
 * caller starts an empty journal instead. */
gboolean pos_journal_salvage (const char *damaged_path,
                              const char *path,
                              gint64 max_version,
                              PosJournalSalvage *report);

/* When the copy at @path could not be opened after all: removes it (and its -wal and -shm) and
 * counts what it held as lost in @report. */
void pos_journal_salvage_discard (const char *path, PosJournalSalvage *report);

G_END_DECLS
