/* pos-journal-salvage.c: copying what can still be read of a damaged journal into a new one.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-journal-salvage-private.h"

#include "pos-journal-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

/* This file knows nothing of the journal's tables on purpose: the schema changes from version to
 * version, and the damaged file may be of any of them. It copies the damaged file's own schema
 * and rows, and the journal's migrations do the rest. Where it must know the current schema (a
 * destroyed header lost the schema version), it asks the journal's own open for a new journal
 * and compares. */

typedef struct {
  char *type; /* "table", "index", "trigger", "view" */
  char *name;
  char *table;
  char *sql; /* NULL for the indexes SQLite makes for UNIQUE and PRIMARY KEY */
} SchemaEntry;

typedef struct {
  sqlite3 *from; /* the damaged file, read-only */
  sqlite3 *to;   /* the new file */
  GPtrArray *schema;
  GHashTable *sequences; /* table name -> gint64 *: the damaged file's sqlite_sequence */
  guint64 recovered;
  guint64 lost;
  gboolean lost_unknown;
  gboolean write_failed; /* the new file could not be written: give up */
} Salvage;

/* What reading one table gave. */
typedef struct {
  guint64 copied;
  guint64 unreadable_estimate; /* from gaps in the rowids */
  guint64 refused;             /* read, but the new file refused them (a constraint) */
  gboolean damaged;            /* some read failed */
  gboolean estimate_unknown;   /* some gap could not be estimated */
} TableResult;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static void
schema_entry_free (gpointer data)
{
  SchemaEntry *entry = data;

  g_free (entry->type);
  g_free (entry->name);
  g_free (entry->table);
  g_free (entry->sql);
  g_free (entry);
}

static char *
column_dup (sqlite3_stmt *stmt, int column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

/* Reading the damaged file. */

static sqlite3 *
open_damaged (const char *path)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK) {
    sqlite3_close_v2 (db);
    return NULL;
  }
  /* With writable_schema, SQLite reads a schema in which some entries do not parse, instead of
   * refusing every statement; on a read-only connection nothing can be written all the same.
   * It is SQLite's own first step of recovery (the shell's .recover does the same). */
  sqlite3_exec (db, "PRAGMA writable_schema = ON", NULL, NULL, NULL);
  return db;
}

/* The damaged file's schema, in the order it was made, as far as it can be read. NULL when not
 * even that can be read: then nothing else can. */
static GPtrArray *
read_schema (sqlite3 *db)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) schema = g_ptr_array_new_with_free_func (schema_entry_free);
  int rc;

  if (sqlite3_prepare_v2 (db,
                          "SELECT type, name, tbl_name, sql FROM sqlite_master "
                          "WHERE type IN ('table', 'index', 'trigger', 'view') ORDER BY rowid",
                          -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
    SchemaEntry *entry = g_new0 (SchemaEntry, 1);

    entry->type = column_dup (stmt, 0);
    entry->name = column_dup (stmt, 1);
    entry->table = column_dup (stmt, 2);
    entry->sql = column_dup (stmt, 3);
    if (entry->type == NULL || entry->name == NULL || entry->table == NULL) {
      schema_entry_free (entry);
      continue;
    }
    g_ptr_array_add (schema, entry);
  }
  /* A schema cut short by a damaged page still gives the tables read before it. */
  /* No table at all (an empty or truncated file reads as an empty database): nothing to copy. */
  if (schema->len == 0)
    return NULL;
  return g_steal_pointer (&schema);
}

static gboolean
is_virtual (const SchemaEntry *entry)
{
  return entry->sql != NULL && g_ascii_strncasecmp (entry->sql, "CREATE VIRTUAL", 14) == 0;
}

/* The tables a virtual table keeps its own data in (FTS5's sales_search_data, ...) are named
 * after it; they are made again with it, and rebuilt from the table it indexes. */
static gboolean
is_shadow (Salvage *salvage, const SchemaEntry *entry)
{
  for (guint i = 0; i < salvage->schema->len; i++) {
    const SchemaEntry *other = g_ptr_array_index (salvage->schema, i);
    gsize length = strlen (other->name);

    if (other != entry && is_virtual (other) && strncmp (entry->name, other->name, length) == 0 &&
        entry->name[length] == '_')
      return TRUE;
  }
  return FALSE;
}

static void
read_sequences (Salvage *salvage)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  /* Absent when no table is AUTOINCREMENT; unreadable when damaged: both leave it empty. */
  if (sqlite3_prepare_v2 (salvage->from, "SELECT name, seq FROM sqlite_sequence", -1, &stmt,
                          NULL) != SQLITE_OK)
    return;
  while (sqlite3_step (stmt) == SQLITE_ROW) {
    const char *name = (const char *) sqlite3_column_text (stmt, 0);
    gint64 seq = sqlite3_column_int64 (stmt, 1);

    if (name != NULL)
      g_hash_table_insert (salvage->sequences, g_strdup (name), g_memdup2 (&seq, sizeof seq));
  }
}

/* How many rows @table had, from the first of its complete indexes that reads (an index is a
 * b-tree of its own, usually unharmed by a damaged table page); -1 when none does. */
static gint64
count_through_index (Salvage *salvage, const char *table)
{
  g_autoptr (sqlite3_stmt) indexes = NULL;
  gint64 count = -1;

  if (sqlite3_prepare_v2 (salvage->from,
                          "SELECT name FROM pragma_index_list (?1) WHERE partial = 0", -1, &indexes,
                          NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_text (indexes, 1, table, -1, SQLITE_TRANSIENT);
  while (count < 0 && sqlite3_step (indexes) == SQLITE_ROW) {
    const char *index = (const char *) sqlite3_column_text (indexes, 0);
    char *sql;

    if (index == NULL)
      continue;
    sql = sqlite3_mprintf ("SELECT count(*) FROM \"%w\" INDEXED BY \"%w\"", table, index);
    if (!pos_journal_query_int (salvage->from, sql, &count))
      count = -1;
    sqlite3_free (sql);
  }
  return count;
}

/* Writing the new file. */

static gboolean
write_sql (Salvage *salvage, const char *sql)
{
  int rc = sqlite3_exec (salvage->to, sql, NULL, NULL, NULL);

  if (rc == SQLITE_OK)
    return TRUE;
  /* A statement of the damaged schema that does not run again (an entry cut short by damage)
   * loses that object only; a full disk or an I/O error loses the copy. */
  if ((rc & 0xff) != SQLITE_ERROR && (rc & 0xff) != SQLITE_CONSTRAINT)
    salvage->write_failed = TRUE;
  g_debug ("Salvage: could not make again: %s", sqlite3_errmsg (salvage->to));
  return FALSE;
}

/* Copies the row @select is on into @insert. FALSE when the new file refused it. */
static gboolean
insert_row (Salvage *salvage, sqlite3_stmt *select, sqlite3_stmt *insert)
{
  int n = sqlite3_column_count (select);
  int rc;

  sqlite3_reset (insert);
  for (int i = 0; i < n; i++)
    sqlite3_bind_value (insert, i + 1, sqlite3_column_value (select, i));
  rc = sqlite3_step (insert);
  if (rc == SQLITE_DONE)
    return TRUE;
  if ((rc & 0xff) != SQLITE_CONSTRAINT)
    salvage->write_failed = TRUE;
  return FALSE;
}

/* The first row at or after @from: SQLITE_ROW, SQLITE_DONE (there is none), or the error that
 * reading it gave. Every column is read, so a row whose overflow pages are damaged fails too. */
static int
probe (sqlite3_stmt *stmt, gint64 from)
{
  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, from);
  return sqlite3_step (stmt);
}

static gboolean
probe_reads (sqlite3_stmt *stmt, gint64 from)
{
  int rc = probe (stmt, from);

  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

/* Reading at @bad failed. Finds the smallest rowid after it from which reading works again:
 * doubling steps until a seek stays clear of the damaged pages, then halving back to the edge.
 * A seek descends the table's b-tree, so it fails exactly while the rowid sought lies in a
 * damaged page's range: about 2 × 64 seeks per damaged page. FALSE when nothing after @bad
 * reads (the damage reaches the end of the table). */
static gboolean
skip_damage (sqlite3_stmt *stmt, gint64 bad, gint64 *out_next)
{
  guint64 step = 1;
  gint64 good;

  for (;;) {
    guint64 room = (guint64) G_MAXINT64 - (guint64) bad;
    gint64 candidate = room <= step ? G_MAXINT64 : (gint64) ((guint64) bad + step);

    if (probe_reads (stmt, candidate)) {
      good = candidate;
      break;
    }
    if (candidate == G_MAXINT64)
      return FALSE;
    bad = candidate;
    step *= 2;
  }
  while ((guint64) good - (guint64) bad > 1) {
    gint64 middle = (gint64) ((guint64) bad + ((guint64) good - (guint64) bad) / 2);

    if (probe_reads (stmt, middle))
      good = middle;
    else
      bad = middle;
  }
  *out_next = good;
  return TRUE;
}

/* Rows lost after the last one read, up to the end of the table: known only for AUTOINCREMENT
 * tables, whose sqlite_sequence remembers the largest rowid ever used. */
static void
count_lost_tail (Salvage *salvage,
                 const char *table,
                 gboolean have_last,
                 gint64 last,
                 TableResult *result)
{
  const gint64 *sequence = g_hash_table_lookup (salvage->sequences, table);

  if (sequence == NULL)
    result->estimate_unknown = TRUE;
  else if (*sequence > (have_last ? last : 0))
    result->unreadable_estimate += (guint64) (*sequence - (have_last ? last : 0));
}

/* Copies the rows of a table without a rowid (none in the journal): in key order until the first
 * read error. */
static void
copy_without_rowid (Salvage *salvage, const char *table, TableResult *result)
{
  g_autoptr (sqlite3_stmt) select = NULL;
  g_autoptr (sqlite3_stmt) insert = NULL;
  g_autoptr (GString) sql = g_string_new (NULL);
  char *text;
  int rc;

  text = sqlite3_mprintf ("SELECT * FROM \"%w\"", table);
  rc = sqlite3_prepare_v2 (salvage->from, text, -1, &select, NULL);
  sqlite3_free (text);
  if (rc != SQLITE_OK) {
    result->damaged = result->estimate_unknown = TRUE;
    return;
  }
  text = sqlite3_mprintf ("INSERT INTO \"%w\" VALUES (", table);
  g_string_append (sql, text);
  sqlite3_free (text);
  for (int i = 0; i < sqlite3_column_count (select); i++)
    g_string_append (sql, i == 0 ? "?" : ", ?");
  g_string_append (sql, ")");
  if (sqlite3_prepare_v2 (salvage->to, sql->str, -1, &insert, NULL) != SQLITE_OK) {
    result->damaged = result->estimate_unknown = TRUE;
    return;
  }
  while ((rc = sqlite3_step (select)) == SQLITE_ROW && !salvage->write_failed) {
    if (insert_row (salvage, select, insert))
      result->copied++;
    else
      result->refused++;
  }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    result->damaged = result->estimate_unknown = TRUE;
}

/* Copies the rows of @table in rowid order; on a read error, skips past the damaged pages and
 * goes on. */
static void
copy_table (Salvage *salvage, const char *table, TableResult *result)
{
  g_autoptr (sqlite3_stmt) select = NULL;
  g_autoptr (sqlite3_stmt) probe_stmt = NULL;
  g_autoptr (sqlite3_stmt) insert = NULL;
  g_autoptr (GString) sql = g_string_new (NULL);
  gint64 from = G_MININT64;
  gint64 last = 0;
  gboolean have_last = FALSE;
  gboolean gap_pending = FALSE;
  char *text;
  int rc;

  text = sqlite3_mprintf ("SELECT rowid, * FROM \"%w\" WHERE rowid >= ?1 ORDER BY rowid", table);
  rc = sqlite3_prepare_v2 (salvage->from, text, -1, &select, NULL);
  sqlite3_free (text);
  if (rc != SQLITE_OK) {
    /* No rowid (WITHOUT ROWID), or a table whose definition is damaged. */
    copy_without_rowid (salvage, table, result);
    return;
  }
  text =
    sqlite3_mprintf ("SELECT rowid, * FROM \"%w\" WHERE rowid >= ?1 ORDER BY rowid LIMIT 1", table);
  rc = sqlite3_prepare_v2 (salvage->from, text, -1, &probe_stmt, NULL);
  sqlite3_free (text);
  if (rc != SQLITE_OK) {
    result->damaged = result->estimate_unknown = TRUE;
    return;
  }

  /* The columns by name, so that the rowid goes where it was even for a table whose key is not
   * an INTEGER PRIMARY KEY (SQLite accepts both the rowid and its alias column). */
  text = sqlite3_mprintf ("INSERT INTO \"%w\" (rowid", table);
  g_string_append (sql, text);
  sqlite3_free (text);
  for (int i = 1; i < sqlite3_column_count (select); i++) {
    text = sqlite3_mprintf (", \"%w\"", sqlite3_column_name (select, i));
    g_string_append (sql, text);
    sqlite3_free (text);
  }
  g_string_append (sql, ") VALUES (?");
  for (int i = 1; i < sqlite3_column_count (select); i++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ")");
  if (sqlite3_prepare_v2 (salvage->to, sql->str, -1, &insert, NULL) != SQLITE_OK) {
    result->damaged = result->estimate_unknown = TRUE;
    return;
  }

  for (;;) {
    gboolean read_any = FALSE;
    gint64 bad;

    sqlite3_reset (select);
    sqlite3_bind_int64 (select, 1, from);
    while ((rc = sqlite3_step (select)) == SQLITE_ROW) {
      gint64 rowid = sqlite3_column_int64 (select, 0);

      if (gap_pending) {
        /* The rows between the last one read and this one were on the damaged pages: an exact
         * count where rowids are dense, as the journal's AUTOINCREMENT ids are. */
        if (have_last)
          result->unreadable_estimate += (guint64) (rowid - last - 1);
        else if (rowid > 1)
          result->unreadable_estimate += (guint64) (rowid - 1);
        gap_pending = FALSE;
      }
      if (insert_row (salvage, select, insert))
        result->copied++;
      else if (salvage->write_failed)
        return;
      else
        result->refused++;
      last = rowid;
      have_last = read_any = TRUE;
    }
    if (rc == SQLITE_DONE) {
      if (gap_pending)
        count_lost_tail (salvage, table, have_last, last, result);
      return;
    }

    result->damaged = TRUE;
    gap_pending = TRUE;
    if (read_any && last == G_MAXINT64)
      return;
    bad = read_any ? last + 1 : from;
    if (!skip_damage (probe_stmt, bad, &from)) {
      count_lost_tail (salvage, table, have_last, last, result);
      return;
    }
    g_debug ("Salvage: table %s: damage after rowid %" G_GINT64_FORMAT
             ", going on from %" G_GINT64_FORMAT,
             table, have_last ? last : 0, from);
  }
}

/* Makes @entry's table in the new file and copies its rows. */
static void
salvage_table (Salvage *salvage, const SchemaEntry *entry)
{
  TableResult result = { 0 };
  guint64 lost;

  if (!write_sql (salvage, entry->sql)) {
    g_message ("Salvage: table %s could not be made again; its rows are lost", entry->name);
    salvage->lost_unknown = TRUE;
    return;
  }
  copy_table (salvage, entry->name, &result);
  if (salvage->write_failed)
    return;

  if (!result.damaged) {
    lost = result.refused;
  } else {
    gint64 count = count_through_index (salvage, entry->name);

    /* An index that still reads counts the table's rows exactly; else the gaps in the rowids
     * estimate them. */
    if (count >= 0) {
      lost = (guint64) count > result.copied ? (guint64) count - result.copied : 0;
    } else {
      lost = result.unreadable_estimate + result.refused;
      if (result.estimate_unknown)
        salvage->lost_unknown = TRUE;
    }
  }
  salvage->recovered += result.copied;
  salvage->lost += lost;
  g_message ("Salvage: table %s: %" G_GUINT64_FORMAT " rows recovered, %" G_GUINT64_FORMAT
             " lost%s",
             entry->name, result.copied, lost,
             result.damaged && result.estimate_unknown ? " (or more)" : "");
}

/* sqlite_sequence, so that AUTOINCREMENT never gives a new row the id of a lost one. */
static void
copy_sequences (Salvage *salvage)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (g_hash_table_size (salvage->sequences) == 0)
    return;
  /* The table exists once an AUTOINCREMENT table was made; its rows once a row was copied. */
  if (sqlite3_prepare_v2 (salvage->to,
                          "INSERT INTO sqlite_sequence (name, seq) SELECT ?1, ?2 WHERE NOT EXISTS "
                          "(SELECT 1 FROM sqlite_sequence WHERE name = ?1 AND seq >= ?2)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return;
  g_hash_table_iter_init (&iter, salvage->sequences);
  while (g_hash_table_iter_next (&iter, &key, &value)) {
    sqlite3_reset (stmt);
    sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 2, *(gint64 *) value);
    if (sqlite3_step (stmt) != SQLITE_DONE)
      continue;
  }
  /* One row per table: the largest. */
  write_sql (salvage, "DELETE FROM sqlite_sequence WHERE rowid NOT IN (SELECT max(rowid) FROM "
                      "sqlite_sequence GROUP BY name)");
}

static void
rebuild_virtual (Salvage *salvage, const SchemaEntry *entry)
{
  char *sql;

  if (!write_sql (salvage, entry->sql))
    return;
  /* FTS tables with external content (the journal's sales_search) index the table they name:
   * 'rebuild' reads it again. Other virtual tables do not know the command: they stay empty. */
  sql =
    sqlite3_mprintf ("INSERT INTO \"%w\" (\"%w\") VALUES ('rebuild')", entry->name, entry->name);
  if (sqlite3_exec (salvage->to, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_debug ("Salvage: %s not rebuilt: %s", entry->name, sqlite3_errmsg (salvage->to));
  sqlite3_free (sql);
}

static void
copy_schema_and_rows (Salvage *salvage)
{
  const char *const later[] = { "trigger", "view" };

  /* The tables first, each with its rows; indexes after the rows (faster, and a damaged index
   * of the old file does not matter); virtual tables rebuilt from the copied rows; triggers last,
   * so that the copy itself fires none of them. */
  for (guint i = 0; i < salvage->schema->len && !salvage->write_failed; i++) {
    const SchemaEntry *entry = g_ptr_array_index (salvage->schema, i);

    if (g_str_equal (entry->type, "table") && entry->sql != NULL &&
        !g_str_has_prefix (entry->name, "sqlite_") && !is_virtual (entry) &&
        !is_shadow (salvage, entry))
      salvage_table (salvage, entry);
  }
  if (!salvage->write_failed)
    copy_sequences (salvage);
  for (guint i = 0; i < salvage->schema->len && !salvage->write_failed; i++) {
    const SchemaEntry *entry = g_ptr_array_index (salvage->schema, i);

    if (g_str_equal (entry->type, "index") && entry->sql != NULL)
      write_sql (salvage, entry->sql);
  }
  for (guint i = 0; i < salvage->schema->len && !salvage->write_failed; i++) {
    const SchemaEntry *entry = g_ptr_array_index (salvage->schema, i);

    if (is_virtual (entry))
      rebuild_virtual (salvage, entry);
  }
  for (guint k = 0; k < G_N_ELEMENTS (later); k++) {
    for (guint i = 0; i < salvage->schema->len && !salvage->write_failed; i++) {
      const SchemaEntry *entry = g_ptr_array_index (salvage->schema, i);

      if (g_str_equal (entry->type, later[k]) && entry->sql != NULL)
        write_sql (salvage, entry->sql);
    }
  }
}

static void
remove_with_sides (const char *path)
{
  const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++) {
    g_autofree char *side = g_strconcat (path, suffixes[i], NULL);

    g_unlink (side);
  }
}

/* A destroyed header. The first 100 bytes of the file say how to read the rest (the page size
 * above all); page 1's b-tree, sqlite_master, starts right after them. When only they are lost,
 * everything else can still be read with a header made again. */

#define HEADER_SIZE 100

static const char sqlite_magic[16] = "SQLite format 3";

static void
put_be16 (guint8 *at, guint value)
{
  at[0] = (guint8) (value >> 8);
  at[1] = (guint8) value;
}

static void
put_be32 (guint8 *at, guint32 value)
{
  at[0] = (guint8) (value >> 24);
  at[1] = (guint8) (value >> 16);
  at[2] = (guint8) (value >> 8);
  at[3] = (guint8) value;
}

/* A header for a database of pages of @page_size, UTF-8, rollback journal (the damaged file's
 * -wal is not used: it belongs to the lost header), no free list (its pages are simply not read),
 * the size taken from the file's length, and @version as user_version. */
static gboolean
write_header (int fd, guint page_size, gint64 version)
{
  guint8 header[HEADER_SIZE] = { 0 };

  memcpy (header, sqlite_magic, sizeof sqlite_magic);
  put_be16 (header + 16, page_size == 65536 ? 1 : page_size);
  header[18] = 1;            /* write version: legacy */
  header[19] = 1;            /* read version */
  header[21] = 64;           /* maximum embedded payload fraction */
  header[22] = 32;           /* minimum embedded payload fraction */
  header[23] = 32;           /* leaf payload fraction */
  put_be32 (header + 40, 1); /* schema cookie */
  put_be32 (header + 44, 4); /* schema format */
  put_be32 (header + 56, 1); /* UTF-8 */
  put_be32 (header + 60, (guint32) version);
  return pwrite (fd, header, sizeof header, 0) == (ssize_t) sizeof header && fsync (fd) == 0;
}

/* Whether a table of the file reads at all: with a wrong page size, sqlite_master may read
 * (it is at the start of page 1 whatever the size) but nothing after it does. */
static gboolean
some_table_reads (sqlite3 *db, GPtrArray *schema)
{
  for (guint i = 0; i < schema->len; i++) {
    const SchemaEntry *entry = g_ptr_array_index (schema, i);
    g_autoptr (sqlite3_stmt) stmt = NULL;
    char *sql;
    int rc;

    if (!g_str_equal (entry->type, "table") || g_str_has_prefix (entry->name, "sqlite_") ||
        is_virtual (entry))
      continue;
    sql = sqlite3_mprintf ("SELECT * FROM \"%w\" LIMIT 1", entry->name);
    rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
    sqlite3_free (sql);
    if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
      return TRUE;
  }
  return FALSE;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The schema as sorted "type name sql" lines, to compare two files' schemas. Statistics
 * (ANALYZE, PRAGMA optimize) come with use, not with the version: left out. */
static GPtrArray *
schema_lines (GPtrArray *schema)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < schema->len; i++) {
    const SchemaEntry *entry = g_ptr_array_index (schema, i);

    if (g_str_has_prefix (entry->name, "sqlite_stat"))
      continue;
    g_ptr_array_add (lines, g_strdup_printf ("%s\t%s\t%s", entry->type, entry->name,
                                             entry->sql != NULL ? entry->sql : ""));
  }
  g_ptr_array_sort (lines, compare_strings);
  return lines;
}

/* The header held the schema version, which the migrations need. A schema identical to the one
 * this program makes for a new journal is of this program's version; any other cannot be told
 * (it would be migrated wrongly): -1. The new journal is made by the journal's own open, in a
 * folder of its own, so that this file knows nothing of the schema. */
static gint64
version_of_schema (GPtrArray *schema)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("paystar-journal-probe-XXXXXX", &error);
  g_autofree char *probe_path = NULL;
  g_autoptr (GPtrArray) ours = NULL;
  g_autoptr (GPtrArray) ours_lines = NULL;
  g_autoptr (GPtrArray) theirs_lines = NULL;
  PosJournal *probe;
  gint64 version = -1;

  if (dir == NULL)
    return -1;
  probe_path = g_build_filename (dir, "probe.sqlite", NULL);
  probe = pos_journal_open (probe_path, &error);
  if (probe != NULL) {
    ours = read_schema (pos_journal_get_db (probe));
    if (ours == NULL ||
        !pos_journal_query_int (pos_journal_get_db (probe), "PRAGMA user_version", &version))
      version = -1;
    g_object_unref (probe);
  }
  remove_with_sides (probe_path);
  g_rmdir (dir);
  if (ours == NULL || version < 0)
    return -1;

  ours_lines = schema_lines (ours);
  theirs_lines = schema_lines (schema);
  if (ours_lines->len != theirs_lines->len)
    return -1;
  for (guint i = 0; i < ours_lines->len; i++) {
    if (!g_str_equal (g_ptr_array_index (ours_lines, i), g_ptr_array_index (theirs_lines, i)))
      return -1;
  }
  return version;
}

/* When the header of @damaged_path is destroyed: a copy of the file at @copy_path with a header
 * made again (trying the page sizes SQLite can have, the default first), to be read instead.
 * FALSE when the header is not what is wrong, or no page size makes the file readable, or the
 * schema version cannot be told. */
static gboolean
rebuild_header (const char *damaged_path, const char *copy_path)
{
  static const guint page_sizes[] = { 4096, 1024, 2048, 8192, 16384, 32768, 65536, 512 };
  g_autoptr (GFile) source = g_file_new_for_path (damaged_path);
  g_autoptr (GFile) copy = g_file_new_for_path (copy_path);
  char header[HEADER_SIZE];
  GStatBuf st;
  gboolean rebuilt = FALSE;
  gboolean give_up = FALSE;
  int fd;

  fd = open (damaged_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return FALSE;
  if (read (fd, header, sizeof header) != (ssize_t) sizeof header || fstat (fd, &st) != 0 ||
      memcmp (header, sqlite_magic, sizeof sqlite_magic) == 0 || st.st_size < 2 * 512) {
    close (fd);
    return FALSE;
  }
  close (fd);

  remove_with_sides (copy_path);
  if (!g_file_copy (source, copy, G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL, NULL))
    return FALSE;
  fd = open (copy_path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0 || fchmod (fd, 0600) != 0) {
    if (fd >= 0)
      close (fd);
    remove_with_sides (copy_path);
    return FALSE;
  }

  for (guint i = 0; i < G_N_ELEMENTS (page_sizes) && !rebuilt && !give_up; i++) {
    g_autoptr (GPtrArray) schema = NULL;
    sqlite3 *db;
    gint64 version;

    if (st.st_size % page_sizes[i] != 0 || !write_header (fd, page_sizes[i], 0))
      continue;
    db = open_damaged (copy_path);
    if (db == NULL)
      continue;
    schema = read_schema (db);
    if (schema != NULL && some_table_reads (db, schema)) {
      /* The page size is right; the version must be known too. */
      version = version_of_schema (schema);
      if (version > 0 && write_header (fd, page_sizes[i], version)) {
        g_message ("Salvage: the header of %s is destroyed; read with pages of %u bytes, as "
                   "schema version %" G_GINT64_FORMAT,
                   damaged_path, page_sizes[i], version);
        rebuilt = TRUE;
      } else {
        g_message ("Salvage: the header of %s is destroyed and its schema is not this "
                   "program's: it cannot be read safely",
                   damaged_path);
        give_up = TRUE;
      }
    }
    sqlite3_close_v2 (db);
  }
  close (fd);
  if (!rebuilt)
    remove_with_sides (copy_path);
  return rebuilt;
}

/* Makes the new file 0600 before SQLite writes to it, as the journal does. */
static sqlite3 *
create_target (const char *path)
{
  sqlite3 *db = NULL;
  int fd;

  fd = open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    g_message ("Salvage: could not create %s: %s", path, g_strerror (errno));
    return NULL;
  }
  close (fd);
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL) !=
      SQLITE_OK) {
    sqlite3_close_v2 (db);
    return NULL;
  }
  /* A copy that a crash interrupts is thrown away (it is only renamed into place when complete):
   * no rollback journal is needed, and one sync at the end does. */
  if (sqlite3_exec (db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN", NULL, NULL,
                    NULL) != SQLITE_OK) {
    sqlite3_close_v2 (db);
    return NULL;
  }
  return db;
}

static gboolean
sync_file (const char *path)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

gboolean
pos_journal_salvage (const char *damaged_path,
                     const char *path,
                     gint64 max_version,
                     PosJournalSalvage *report)
{
  g_autofree char *temporary = g_strconcat (path, ".salvage", NULL);
  g_autofree char *damaged_shm = g_strconcat (damaged_path, "-shm", NULL);
  g_autofree char *rebuilt = g_strconcat (path, ".salvage-source", NULL);
  gboolean had_shm = g_file_test (damaged_shm, G_FILE_TEST_EXISTS);
  gboolean from_rebuilt = FALSE;
  Salvage salvage = { 0 };
  gint64 version = 0;
  gboolean written = FALSE;

  g_return_val_if_fail (damaged_path != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  *report = (PosJournalSalvage){ 0, 0, TRUE };
  salvage.sequences = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  salvage.from = open_damaged (damaged_path);
  if (salvage.from == NULL ||
      !pos_journal_query_int (salvage.from, "PRAGMA user_version", &version) ||
      (salvage.schema = read_schema (salvage.from)) == NULL) {
    /* Not a database: perhaps one whose header alone is destroyed. */
    if (salvage.from != NULL)
      sqlite3_close_v2 (salvage.from);
    salvage.from = NULL;
    from_rebuilt = rebuild_header (damaged_path, rebuilt);
    if (from_rebuilt)
      salvage.from = open_damaged (rebuilt);
    if (salvage.from == NULL ||
        !pos_journal_query_int (salvage.from, "PRAGMA user_version", &version) ||
        (salvage.schema = read_schema (salvage.from)) == NULL) {
      g_message ("Salvage: nothing of %s can be read", damaged_path);
      goto out;
    }
  }
  if (version < 0 || version > max_version) {
    g_message ("Salvage: %s is of schema version %" G_GINT64_FORMAT ", newer than this program's",
               damaged_path, version);
    goto out;
  }
  read_sequences (&salvage);

  remove_with_sides (temporary);
  salvage.to = create_target (temporary);
  if (salvage.to == NULL)
    goto out;
  copy_schema_and_rows (&salvage);
  if (!salvage.write_failed) {
    g_autofree char *set_version =
      g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT "; COMMIT", version);

    if (sqlite3_exec (salvage.to, set_version, NULL, NULL, NULL) != SQLITE_OK)
      salvage.write_failed = TRUE;
  }
  if (sqlite3_close (salvage.to) != SQLITE_OK)
    salvage.write_failed = TRUE;
  salvage.to = NULL;
  if (salvage.write_failed || !sync_file (temporary) || g_rename (temporary, path) != 0) {
    g_message ("Salvage: the copy of %s could not be written; starting an empty journal",
               damaged_path);
    remove_with_sides (temporary);
    goto out;
  }

  written = TRUE;
  report->recovered = salvage.recovered;
  report->lost = salvage.lost;
  report->lost_unknown = salvage.lost_unknown;
  g_message (
    "Salvage: %" G_GUINT64_FORMAT " records recovered from %s, %" G_GUINT64_FORMAT " lost%s",
    report->recovered, damaged_path, report->lost, report->lost_unknown ? " (or more)" : "");

out:
  if (salvage.to != NULL)
    sqlite3_close_v2 (salvage.to);
  if (salvage.from != NULL)
    sqlite3_close_v2 (salvage.from);
  if (from_rebuilt)
    remove_with_sides (rebuilt);
  /* Reading a file with a -wal makes a -shm beside it: ours, not part of what was kept. */
  if (!had_shm)
    g_unlink (damaged_shm);
  g_clear_pointer (&salvage.schema, g_ptr_array_unref);
  g_hash_table_unref (salvage.sequences);
  return written;
}

void
pos_journal_salvage_discard (const char *path, PosJournalSalvage *report)
{
  g_return_if_fail (path != NULL);
  g_return_if_fail (report != NULL);

  g_message ("Salvage: the recovered journal %s could not be opened; starting an empty one", path);
  remove_with_sides (path);
  report->lost += report->recovered;
  report->recovered = 0;
}
