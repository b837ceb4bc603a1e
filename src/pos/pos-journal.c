/* pos-journal.c: the station's journal: drafts, submitted sales and their outcomes, in SQLite.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paystar.h"
#include "pos-journal-private.h"
#include "pos-journal-salvage-private.h"
#include "pos-sale-record-private.h"
#include "pos-sale.h"

/* The trigram tokenizer of FTS5 came with SQLite 3.34. */
#if SQLITE_VERSION_NUMBER < 3034000
#error "The journal needs SQLite 3.34 or newer: FTS5 with the trigram tokenizer."
#endif

/* How long a statement waits for another connection's lock (another instance of the app, a
 * backup tool) before failing. */
#define BUSY_TIMEOUT_MS    5000
#define DEFAULT_LIST_LIMIT 500
/* The trigram tokenizer finds nothing for a text shorter than one trigram. */
#define FULL_TEXT_MIN_CHARS 3

struct _PosJournal {
  GObject parent_instance;

  char *path;
  char *moved_aside_path;
  PosJournalSalvage salvage;
  sqlite3 *db;
  PosClockFunc clock;
  gpointer clock_data;
  PosJournalHook commit_hook;
  gpointer commit_hook_data;
};

G_DEFINE_FINAL_TYPE (PosJournal, pos_journal, G_TYPE_OBJECT)

enum { PROP_0, PROP_PATH, PROP_MOVED_ASIDE_PATH, N_PROPS };

static GParamSpec *properties[N_PROPS];

/* The schema texts are macros so that the texts of the older versions can be assembled from the
 * very same strings the migrations run. Never edit them; add a migration instead. */
#define SCHEMA_V1_SQL                                \
  "CREATE TABLE drafts (\n"                          \
  "  agent_email TEXT PRIMARY KEY COLLATE NOCASE,\n" \
  "  json TEXT NOT NULL,\n"                          \
  "  updated INTEGER NOT NULL\n"                     \
  ");\n"                                             \
  "CREATE TABLE sales (\n"                           \
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"        \
  "  client_reference TEXT NOT NULL,\n"              \
  "  agent_email TEXT NOT NULL,\n"                   \
  "  created INTEGER NOT NULL,\n"                    \
  "  updated INTEGER NOT NULL,\n"                    \
  "  status TEXT NOT NULL,\n"                        \
  "  request_json TEXT NOT NULL,\n"                  \
  "  total INTEGER NOT NULL,\n"                      \
  "  session_identifier TEXT,\n"                     \
  "  session_link TEXT,\n"                           \
  "  error_text TEXT,\n"                             \
  "  response_json TEXT\n"                           \
  ");\n"                                             \
  "CREATE INDEX sales_client_reference ON sales (client_reference);\n"

/* Version 2: the last four card digits for the history (issue 5), the account numbers for search,
 * indexes for the history's queries at a million sales, and the agent roster. */
#define MIGRATION_V2_SQL                                                                    \
  "ALTER TABLE sales ADD COLUMN card_last4 TEXT;\n"                                         \
  "ALTER TABLE sales ADD COLUMN accounts TEXT NOT NULL DEFAULT '';\n"                       \
  "CREATE INDEX sales_created ON sales (created DESC, id DESC);\n"                          \
  "CREATE INDEX sales_agent_created ON sales (agent_email COLLATE NOCASE, created DESC);\n" \
  "CREATE INDEX sales_status_created ON sales (status, created DESC);\n"                    \
  "CREATE TABLE agents (\n"                                                                 \
  "  email TEXT PRIMARY KEY COLLATE NOCASE,\n"                                              \
  "  display_name TEXT NOT NULL,\n"                                                         \
  "  pin_hash TEXT NOT NULL,\n"                                                             \
  "  is_admin INTEGER NOT NULL DEFAULT 0,\n"                                                \
  "  failed_attempts INTEGER NOT NULL DEFAULT 0,\n"                                         \
  "  lockouts INTEGER NOT NULL DEFAULT 0,\n"                                                \
  "  locked_until INTEGER NOT NULL DEFAULT 0\n"                                             \
  ");\n"

const char pos_journal_schema_v1[] = SCHEMA_V1_SQL "PRAGMA user_version = 1;\n";
const char pos_journal_schema_v2[] = SCHEMA_V1_SQL MIGRATION_V2_SQL "PRAGMA user_version = 2;\n";

static const char migration_v2[] = MIGRATION_V2_SQL;

/* Version 3: the history's text search without a full scan at a million sales
 * (benchmarks/bench-journal.c). An index on the total for the amount search, and a trigram
 * full-text index of the ClientReference and the account numbers: an external-content FTS5 table
 * (the text stays in sales only; the index adds about a quarter to the file) kept in step by
 * triggers. The update trigger fires only for the indexed columns: the status updates of every
 * sale do not touch the index. 'rebuild' indexes the sales already there. */
#define MIGRATION_V3_SQL                                                                         \
  "CREATE INDEX sales_total ON sales (total);\n"                                                 \
  "CREATE VIRTUAL TABLE sales_search USING fts5 (client_reference, accounts, content='sales', "  \
  "content_rowid='id', tokenize='trigram');\n"                                                   \
  "CREATE TRIGGER sales_search_insert AFTER INSERT ON sales BEGIN\n"                             \
  "  INSERT INTO sales_search (rowid, client_reference, accounts)\n"                             \
  "    VALUES (new.id, new.client_reference, new.accounts);\n"                                   \
  "END;\n"                                                                                       \
  "CREATE TRIGGER sales_search_delete AFTER DELETE ON sales BEGIN\n"                             \
  "  INSERT INTO sales_search (sales_search, rowid, client_reference, accounts)\n"               \
  "    VALUES ('delete', old.id, old.client_reference, old.accounts);\n"                         \
  "END;\n"                                                                                       \
  "CREATE TRIGGER sales_search_update AFTER UPDATE OF id, client_reference, accounts ON sales\n" \
  "BEGIN\n"                                                                                      \
  "  INSERT INTO sales_search (sales_search, rowid, client_reference, accounts)\n"               \
  "    VALUES ('delete', old.id, old.client_reference, old.accounts);\n"                         \
  "  INSERT INTO sales_search (rowid, client_reference, accounts)\n"                             \
  "    VALUES (new.id, new.client_reference, new.accounts);\n"                                   \
  "END;\n"                                                                                       \
  "INSERT INTO sales_search (sales_search) VALUES ('rebuild');\n"

static const char migration_v3[] = MIGRATION_V3_SQL;
const char pos_journal_schema_v3[] =
  SCHEMA_V1_SQL MIGRATION_V2_SQL MIGRATION_V3_SQL "PRAGMA user_version = 3;\n";

/* Version 4: one row per sale from its first keystroke to its outcome (issue 8). The sale as
 * keyed lives in the row ("draft_json", status "draft" while it is edited), so a submit is one
 * UPDATE of that row: there is never a draft and a sent sale with the same ClientReference. The
 * drafts table's rows move into sales (a draft whose reference was already sent is the stale
 * copy the old code could leave behind: dropped). An administrator's close keeps who and why. */
static const char migration_v4[] =
  "ALTER TABLE sales ADD COLUMN draft_json TEXT;\n"
  "ALTER TABLE sales ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;\n"
  "ALTER TABLE sales ADD COLUMN closed_by TEXT;\n"
  "ALTER TABLE sales ADD COLUMN closed_reason TEXT;\n"
  "CREATE INDEX sales_agent_status ON sales (agent_email COLLATE NOCASE, status);\n";

/* Version 5: the office outbox and the day's close (pos-journal-office.c).
 * Version 6: the account book, filled from the sales sent so far (pos-account-book.c). */

/* Version 7: the index of an agent's sales by status is kept only where it is used, for the
 * agent's unfinished sale (a draft, or one not sent), looked up at every sign-in and dropped with
 * the agent: over every sale it held each one's agent address again (50 MB of a million-sale
 * journal). The lookups name these statuses with the same words (editable_statuses below,
 * pos-roster.c), which is how SQLite knows it may use the partial index. */
static const char migration_v7[] =
  "DROP INDEX sales_agent_status;\n"
  "CREATE INDEX sales_agent_status ON sales (agent_email COLLATE NOCASE) "
  "WHERE status IN ('draft', 'not-sent');\n";

static PosSaleRecord *record_from_row (sqlite3_stmt *stmt);
static gboolean backfill_accounts (PosJournal *self, GError **error);
static gboolean move_drafts_into_sales (PosJournal *self, GError **error);

typedef struct {
  const char *sql;
  gboolean (*after) (PosJournal *self, GError **error);
} Migration;

/* migrations[i] takes a file from version i + 1 to version i + 2. */
static const Migration migrations[] = {
  { migration_v2, backfill_accounts },      { migration_v3, NULL },
  { migration_v4, move_drafts_into_sales }, { pos_journal_migration_v5, NULL },
  { pos_journal_migration_v6, NULL },       { migration_v7, NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == POS_JOURNAL_SCHEMA_VERSION - 1);

static const char sale_columns[] =
  "id, client_reference, agent_email, created, updated, status, session_identifier, session_link, "
  "error_text, total, card_last4, accounts, request_json, response_json, draft_json, edited, "
  "closed_by, closed_reason";

static void
pos_journal_dispose (GObject *object)
{
  PosJournal *self = POS_JOURNAL (object);

  if (self->db != NULL) {
    sqlite3_close_v2 (self->db);
    self->db = NULL;
  }

  G_OBJECT_CLASS (pos_journal_parent_class)->dispose (object);
}

static void
pos_journal_finalize (GObject *object)
{
  PosJournal *self = POS_JOURNAL (object);

  g_free (self->path);
  g_free (self->moved_aside_path);

  G_OBJECT_CLASS (pos_journal_parent_class)->finalize (object);
}

static void
pos_journal_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosJournal *self = POS_JOURNAL (object);

  switch (prop_id) {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_MOVED_ASIDE_PATH:
      g_value_set_string (value, self->moved_aside_path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_journal_class_init (PosJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pos_journal_dispose;
  object_class->finalize = pos_journal_finalize;
  object_class->get_property = pos_journal_get_property;

  properties[PROP_PATH] = g_param_spec_string (
    "path", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MOVED_ASIDE_PATH] =
    g_param_spec_string ("moved-aside-path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pos_journal_init (PosJournal *self)
{
}

/* Helpers shared with the roster. */

sqlite3 *
pos_journal_get_db (PosJournal *self)
{
  g_return_val_if_fail (POS_IS_JOURNAL (self), NULL);

  return self->db;
}

gint64
pos_journal_now (PosJournal *self)
{
  g_return_val_if_fail (POS_IS_JOURNAL (self), 0);

  if (self->clock != NULL)
    return self->clock (self->clock_data);
  return g_get_real_time ();
}

gboolean
pos_journal_set_error (PosJournal *self, const char *what, GError **error)
{
  const char *detail = self->db != NULL ? sqlite3_errmsg (self->db) : "no database";

  /* Translators: the first %s says what was being done, the second is SQLite's message. */
  g_set_error (error, POS_ERROR, POS_ERROR_JOURNAL,
               _ ("The journal failed while %s: %s. Check the free disk space; if this goes on, "
                  "restart the station."),
               what, detail);
  return FALSE;
}

gboolean
pos_journal_exec (PosJournal *self, const char *sql, GError **error)
{
  g_return_val_if_fail (POS_IS_JOURNAL (self), FALSE);

  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return pos_journal_set_error (self, _ ("updating the database"), error);
  return TRUE;
}

static sqlite3_stmt *
prepare (PosJournal *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
    pos_journal_set_error (self, _ ("preparing a query"), error);
    return NULL;
  }
  return stmt;
}

sqlite3_stmt *
pos_journal_prepare (PosJournal *self, const char *sql, GError **error)
{
  return prepare (self, sql, error);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static void
bind_text_or_null (sqlite3_stmt *stmt, int index, const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static char *
column_dup (sqlite3_stmt *stmt, int column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static gboolean
guard (const char *text, GError **error)
{
  if (!paystar_text_contains_card_number (text))
    return TRUE;
  g_set_error_literal (error, POS_ERROR, POS_ERROR_SENSITIVE_DATA,
                       _ ("This looks like it contains a card number, which must never be stored "
                          "on the station. Remove it and try again."));
  return FALSE;
}

/* Opening. */

static gboolean
set_io_error (GError **error, const char *path, int saved_errno)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, POS_ERROR, POS_ERROR_JOURNAL,
               _ ("Could not open the journal “%s”: %s. Check that the folder exists and is "
                  "writable."),
               display, g_strerror (saved_errno));
  return FALSE;
}

/* Creates the file with mode 0600 (or tightens an existing one) before SQLite writes anything. */
static gboolean
prepare_file (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  const char *const suffixes[] = { "-wal", "-shm" };
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return set_io_error (error, dir, errno);

  fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    return set_io_error (error, path, errno);
  if (fchmod (fd, 0600) != 0) {
    int saved_errno = errno;

    close (fd);
    return set_io_error (error, path, saved_errno);
  }
  close (fd);

  /* SQLite gives the -wal and -shm files the main file's mode when it creates them; old ones left
   * by an earlier run are tightened here. */
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++) {
    g_autofree char *side = g_strconcat (path, suffixes[i], NULL);

    if (g_chmod (side, 0600) != 0 && errno != ENOENT)
      return set_io_error (error, side, errno);
  }
  return TRUE;
}

gboolean
pos_journal_query_int (sqlite3 *db, const char *sql, gint64 *out)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  *out = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

typedef enum {
  CHECK_OK,
  CHECK_DAMAGED, /* not a database, corrupt, or from a newer version: move aside */
  CHECK_FAILED,  /* anything else (locked, I/O): report */
} CheckResult;

static CheckResult
check_database (sqlite3 *db)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 version = 0;
  int rc;

  /* quick_check finds what integrity_check finds except index/table mismatches, in O(N) rather
   * than O(N log N): at a million sales it keeps start-up in seconds. */
  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
    return CHECK_DAMAGED;
  if (rc != SQLITE_ROW)
    return CHECK_FAILED;
  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    return CHECK_DAMAGED;

  if (!pos_journal_query_int (db, "PRAGMA user_version", &version))
    return CHECK_FAILED;
  if (version < 0 || version > POS_JOURNAL_SCHEMA_VERSION)
    return CHECK_DAMAGED;
  return CHECK_OK;
}

static gboolean
move_aside (const char *path, char **out_moved_path, GError **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *target = g_strconcat (path, ".corrupt-", stamp, NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *wal_target = NULL;
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  /* Two damaged files within one second keep both. */
  for (guint i = 1; g_file_test (target, G_FILE_TEST_EXISTS); i++) {
    g_free (target);
    target = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, i);
  }
  if (g_rename (path, target) != 0)
    return set_io_error (error, path, errno);

  /* The -wal belongs to the damaged file: it goes with it. The -shm is only an index. */
  wal_target = g_strconcat (target, "-wal", NULL);
  if (g_rename (wal, wal_target) != 0 && errno != ENOENT)
    return set_io_error (error, wal, errno);
  if (g_unlink (shm) != 0 && errno != ENOENT)
    return set_io_error (error, shm, errno);

  *out_moved_path = g_steal_pointer (&target);
  return TRUE;
}

static gboolean
migrate (PosJournal *self, GError **error)
{
  gint64 version = 0;

  if (!pos_journal_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!pos_journal_query_int (self->db, "PRAGMA user_version", &version))
    goto fail;

  if (version == 0) {
    if (sqlite3_exec (self->db, pos_journal_schema_v1, NULL, NULL, NULL) != SQLITE_OK)
      goto fail;
    version = 1;
  }
  for (; version < POS_JOURNAL_SCHEMA_VERSION; version++) {
    const Migration *migration = &migrations[version - 1];
    g_autofree char *set_version = NULL;

    if (sqlite3_exec (self->db, migration->sql, NULL, NULL, NULL) != SQLITE_OK)
      goto fail;
    if (migration->after != NULL && !migration->after (self, NULL))
      goto fail;
    set_version = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, version + 1);
    if (sqlite3_exec (self->db, set_version, NULL, NULL, NULL) != SQLITE_OK)
      goto fail;
  }

  if (!pos_journal_exec (self, "COMMIT", error))
    goto rollback;
  return TRUE;

fail:
  pos_journal_set_error (self, _ ("upgrading the database"), error);
rollback:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
configure (PosJournal *self, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = prepare (self, "PRAGMA journal_mode = WAL", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW ||
      g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") != 0)
    return pos_journal_set_error (self, _ ("switching to write-ahead logging"), error);

  /* FULL: a commit is on disk when it returns, even in WAL mode; a power cut loses nothing that
   * the UI has shown as saved. */
  return pos_journal_exec (self,
                           "PRAGMA synchronous = FULL;"
                           "PRAGMA foreign_keys = ON;"
                           "PRAGMA secure_delete = ON;",
                           error);
}

/* TRUE when this connection's SQLite has FTS5 with the trigram tokenizer (version 3 of the
 * schema needs them). The compile-time check above does not cover a different library at run
 * time, or one built without FTS5. */
static gboolean
has_full_text_search (sqlite3 *db)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  fts5_api *api = NULL;
  void *user_data = NULL;
  fts5_tokenizer tokenizer;

  /* The documented way to reach the FTS5 API: SELECT fts5(?1) stores it in a bound pointer. */
  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  if (sqlite3_step (stmt) != SQLITE_ROW || api == NULL)
    return FALSE;
  return api->xFindTokenizer (api, "trigram", &user_data, &tokenizer) == SQLITE_OK;
}

/* One attempt; *damaged tells the caller to move the file aside and try again. */
static gboolean
open_database (PosJournal *self, gboolean *damaged, GError **error)
{
  GStatBuf st;
  gboolean was_empty;
  int rc;

  *damaged = FALSE;
  /* A journal file that exists but holds nothing was truncated (SQLite writes its header when it
   * creates the file): that is damage to report, not a new station. */
  was_empty = g_stat (self->path, &st) == 0 && S_ISREG (st.st_mode) && st.st_size == 0;
  if (!prepare_file (self->path, error))
    return FALSE;
  if (was_empty && self->moved_aside_path == NULL) {
    *damaged = TRUE;
    return FALSE;
  }

  rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
  if (rc != SQLITE_OK)
    return pos_journal_set_error (self, _ ("opening the database"), error);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, 0);

  switch (check_database (self->db)) {
    case CHECK_OK:
      break;
    case CHECK_DAMAGED:
      *damaged = TRUE;
      /* Keep the damaged file as it is: closing must not checkpoint its -wal into it. */
      sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
      return FALSE;
    case CHECK_FAILED:
    default:
      return pos_journal_set_error (self, _ ("checking the database"), error);
  }

  if (!has_full_text_search (self->db)) {
    g_set_error_literal (error, POS_ERROR, POS_ERROR_JOURNAL,
                         _ ("This system’s SQLite library has no full-text search (FTS5 with the "
                            "trigram tokenizer, SQLite 3.34 or newer), which the journal needs. "
                            "Install the SQLite library of the distribution."));
    return FALSE;
  }

  return configure (self, error) && migrate (self, error);
}

char *
pos_journal_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "paystar-pos", "journal.sqlite", NULL);
}

PosJournal *
pos_journal_open (const char *path, GError **error)
{
  g_autoptr (PosJournal) self = NULL;
  gboolean damaged = FALSE;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (POS_TYPE_JOURNAL, NULL);
  self->path = g_strdup (path);

  if (open_database (self, &damaged, error))
    return g_steal_pointer (&self);
  if (!damaged)
    return NULL;

  /* Not g_warning(): the caller reports this to the user through the moved-aside path. */
  g_message ("The journal %s is damaged; moving it aside and starting a new one", path);
  if (!move_aside (path, &self->moved_aside_path, error))
    return NULL;
  /* What can still be read goes into the new file first, to be migrated by the open like any
   * older file; a copy that will not open after all is dropped for an empty journal. */
  if (pos_journal_salvage (self->moved_aside_path, path, POS_JOURNAL_SCHEMA_VERSION,
                           &self->salvage)) {
    if (open_database (self, &damaged, NULL))
      return g_steal_pointer (&self);
    sqlite3_close_v2 (self->db);
    self->db = NULL;
    pos_journal_salvage_discard (path, &self->salvage);
  }
  if (!open_database (self, &damaged, error)) {
    if (damaged)
      g_set_error (error, POS_ERROR, POS_ERROR_JOURNAL,
                   _ ("A new journal could not be created. Check the disk."));
    return NULL;
  }
  return g_steal_pointer (&self);
}

PosJournal *
pos_journal_open_existing (const char *path, GError **error)
{
  g_autoptr (PosJournal) self = NULL;
  gint64 version = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (POS_TYPE_JOURNAL, NULL);
  self->path = g_strdup (path);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL) !=
      SQLITE_OK) {
    pos_journal_set_error (self, _ ("opening the database"), error);
    return NULL;
  }
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, 0);
  if (!pos_journal_query_int (self->db, "PRAGMA user_version", &version) ||
      version != POS_JOURNAL_SCHEMA_VERSION) {
    g_set_error_literal (error, POS_ERROR, POS_ERROR_JOURNAL,
                         _ ("The journal is not open in this version of the app."));
    return NULL;
  }
  if (!pos_journal_exec (self, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
pos_journal_get_path (PosJournal *self)
{
  g_return_val_if_fail (POS_IS_JOURNAL (self), NULL);

  return self->path;
}

const char *
pos_journal_get_moved_aside_path (PosJournal *self)
{
  g_return_val_if_fail (POS_IS_JOURNAL (self), NULL);

  return self->moved_aside_path;
}

const PosJournalSalvage *
pos_journal_get_salvage (PosJournal *self)
{
  g_return_val_if_fail (POS_IS_JOURNAL (self), NULL);

  return self->moved_aside_path != NULL ? &self->salvage : NULL;
}

void
pos_journal_set_clock (PosJournal *self, PosClockFunc clock, gpointer user_data)
{
  g_return_if_fail (POS_IS_JOURNAL (self));

  self->clock = clock;
  self->clock_data = user_data;
}

/* Transactions: every change of a sale is one, committed before the call returns. */

void
pos_journal_set_commit_hook (PosJournal *self, PosJournalHook hook, gpointer user_data)
{
  g_return_if_fail (POS_IS_JOURNAL (self));

  self->commit_hook = hook;
  self->commit_hook_data = user_data;
}

static gboolean
begin (PosJournal *self, GError **error)
{
  return pos_journal_exec (self, "BEGIN IMMEDIATE", error);
}

static gboolean
commit (PosJournal *self, GError **error)
{
  if (self->commit_hook != NULL)
    self->commit_hook (self->commit_hook_data);
  if (pos_journal_exec (self, "COMMIT", error))
    return TRUE;
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
rollback (PosJournal *self)
{
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
check_email (const char *agent_email, GError **error)
{
  if (agent_email != NULL && *agent_email != '\0')
    return TRUE;
  g_set_error_literal (error, POS_ERROR, POS_ERROR_INVALID_AGENT, _ ("No agent is signed in."));
  return FALSE;
}

/* Word for word as in the partial index sales_agent_status (migration_v7). */
static const char editable_statuses[] = "('draft', 'not-sent')";

static gboolean
set_wrong_state (GError **error)
{
  g_set_error_literal (error, POS_ERROR, POS_ERROR_INVALID_STATE,
                       _ ("The sale has changed in the meantime (it was sent or ended). Look it "
                          "up in History."));
  return FALSE;
}

/* The row's status must be in @mask (0: any); POS_ERROR_NOT_FOUND or _INVALID_STATE if not. Call
 * inside a transaction. */
static gboolean
check_status (PosJournal *self, gint64 id, guint mask, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  PosSaleStatus status = POS_SALE_STATUS_UNKNOWN;
  int rc;

  stmt = prepare (self, "SELECT status FROM sales WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE) {
    g_set_error_literal (error, POS_ERROR, POS_ERROR_NOT_FOUND,
                         _ ("The sale is not in the journal."));
    return FALSE;
  }
  if (rc != SQLITE_ROW)
    return pos_journal_set_error (self, _ ("reading the sale"), error);
  if (!pos_sale_status_from_string ((const char *) sqlite3_column_text (stmt, 0), &status))
    status = POS_SALE_STATUS_UNKNOWN;
  if (mask != 0 && !(mask & POS_SALE_STATUS_MASK (status)))
    return set_wrong_state (error);
  return TRUE;
}

gint64
pos_journal_save_sale_draft (PosJournal *self,
                             gint64 id,
                             const char *agent_email,
                             const char *client_reference,
                             const char *draft_json,
                             gint64 total,
                             GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 now;

  g_return_val_if_fail (POS_IS_JOURNAL (self), 0);
  g_return_val_if_fail (draft_json != NULL, 0);
  g_return_val_if_fail (client_reference != NULL && *client_reference != '\0', 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!check_email (agent_email, error) || !guard (draft_json, error) ||
      !guard (agent_email, error) || !guard (client_reference, error))
    return 0;

  now = pos_journal_now (self);
  if (id == 0) {
    stmt = prepare (self,
                    "INSERT INTO sales (client_reference, agent_email, created, updated, edited, "
                    "status, request_json, total, draft_json) "
                    "VALUES (?1, ?2, ?3, ?3, ?3, 'draft', '', ?4, ?5)",
                    error);
    if (stmt == NULL)
      return 0;
    sqlite3_bind_text (stmt, 1, client_reference, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, agent_email, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 3, now);
    sqlite3_bind_int64 (stmt, 4, MAX (total, 0));
    sqlite3_bind_text (stmt, 5, draft_json, -1, SQLITE_TRANSIENT);
    if (sqlite3_step (stmt) != SQLITE_DONE) {
      pos_journal_set_error (self, _ ("saving the draft"), error);
      return 0;
    }
    return sqlite3_last_insert_rowid (self->db);
  }

  /* One statement is one transaction; the status condition makes a draft saved late (after
   * the sale was sent) fail instead of overwriting what was sent. */
  stmt = prepare (self,
                  "UPDATE sales SET draft_json = ?2, total = ?3, edited = ?4, updated = ?4 "
                  "WHERE id = ?1 AND client_reference = ?5 AND status IN ('draft', 'not-sent')",
                  error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, draft_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, MAX (total, 0));
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_text (stmt, 5, client_reference, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE) {
    pos_journal_set_error (self, _ ("saving the draft"), error);
    return 0;
  }
  if (sqlite3_changes (self->db) == 0) {
    set_wrong_state (error);
    return 0;
  }
  return id;
}

PosSaleRecord *
pos_journal_find_editable (PosJournal *self, const char *agent_email, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (POS_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_email (agent_email, error))
    return NULL;
  sql = g_strdup_printf ("SELECT %s FROM sales WHERE agent_email = ?1 COLLATE NOCASE AND "
                         "status IN %s ORDER BY edited DESC, id DESC LIMIT 1",
                         sale_columns, editable_statuses);
  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, agent_email, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return record_from_row (stmt);
  if (rc != SQLITE_DONE)
    pos_journal_set_error (self, _ ("reading the draft"), error);
  return NULL;
}

/* The older per-agent draft calls, on top of the sale rows. */

gboolean
pos_journal_save_draft (PosJournal *self, const char *agent_email, const char *json, GError **error)
{
  g_autoptr (PosSaleRecord) record = NULL;
  g_autoptr (PosSale) sale = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (POS_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_email (agent_email, error) || !guard (json, error))
    return FALSE;
  sale = pos_sale_new_from_json (json, -1, error);
  if (sale == NULL)
    return FALSE;
  record = pos_journal_find_editable (self, agent_email, &local_error);
  if (local_error != NULL) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return FALSE;
  }
  /* Another sale replaces the agent's unsent one. */
  if (record != NULL &&
      g_strcmp0 (record->client_reference, pos_sale_get_client_reference (sale)) != 0) {
    if (!pos_journal_delete_sale (self, record->id,
                                  POS_SALE_STATUS_MASK (POS_SALE_STATUS_DRAFT) |
                                    POS_SALE_STATUS_MASK (POS_SALE_STATUS_NOT_SENT),
                                  error))
      return FALSE;
    g_clear_object (&record);
  }
  return pos_journal_save_sale_draft (self, record != NULL ? record->id : 0, agent_email,
                                      pos_sale_get_client_reference (sale), json,
                                      pos_sale_get_total (sale), error) != 0;
}

char *
pos_journal_load_draft (PosJournal *self, const char *agent_email, GError **error)
{
  g_autoptr (PosSaleRecord) record = NULL;

  g_return_val_if_fail (POS_IS_JOURNAL (self), NULL);

  record = pos_journal_find_editable (self, agent_email, error);
  return record != NULL ? g_strdup (record->draft_json) : NULL;
}

gboolean
pos_journal_delete_draft (PosJournal *self, const char *agent_email, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (POS_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_email (agent_email, error))
    return FALSE;

  sql = g_strdup_printf ("DELETE FROM sales WHERE agent_email = ?1 COLLATE NOCASE AND status IN %s",
                         editable_statuses);
  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, agent_email, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return pos_journal_set_error (self, _ ("deleting the draft"), error);
  return TRUE;
}

static gboolean
move_drafts_into_sales (PosJournal *self, GError **error)
{
  g_autoptr (sqlite3_stmt) select = NULL;
  g_autoptr (sqlite3_stmt) sent = NULL;
  g_autoptr (sqlite3_stmt) insert = NULL;
  int rc;

  select = prepare (self, "SELECT agent_email, json, updated FROM drafts", error);
  sent = prepare (self, "SELECT 1 FROM sales WHERE client_reference = ?1", error);
  insert = prepare (self,
                    "INSERT INTO sales (client_reference, agent_email, created, updated, edited, "
                    "status, request_json, total, draft_json) "
                    "VALUES (?1, ?2, ?3, ?3, ?3, 'draft', '', ?4, ?5)",
                    error);
  if (select == NULL || sent == NULL || insert == NULL)
    return FALSE;

  while ((rc = sqlite3_step (select)) == SQLITE_ROW) {
    const char *json = (const char *) sqlite3_column_text (select, 1);
    g_autoptr (PosSale) sale = json != NULL ? pos_sale_new_from_json (json, -1, NULL) : NULL;

    /* A draft this version cannot read is dropped with the table: it could not be restored. */
    if (sale == NULL) {
      g_message ("Journal upgrade: dropped a draft that could not be read");
      continue;
    }
    sqlite3_reset (sent);
    sqlite3_bind_text (sent, 1, pos_sale_get_client_reference (sale), -1, SQLITE_TRANSIENT);
    rc = sqlite3_step (sent);
    if (rc == SQLITE_ROW)
      continue; /* the sale was sent: the draft is the stale copy */
    if (rc != SQLITE_DONE)
      return pos_journal_set_error (self, _ ("upgrading the database"), error);

    sqlite3_reset (insert);
    sqlite3_bind_text (insert, 1, pos_sale_get_client_reference (sale), -1, SQLITE_TRANSIENT);
    sqlite3_bind_value (insert, 2, sqlite3_column_value (select, 0));
    sqlite3_bind_int64 (insert, 3, sqlite3_column_int64 (select, 2));
    sqlite3_bind_int64 (insert, 4, MAX (pos_sale_get_total (sale), 0));
    sqlite3_bind_text (insert, 5, json, -1, SQLITE_TRANSIENT);
    if (sqlite3_step (insert) != SQLITE_DONE)
      return pos_journal_set_error (self, _ ("upgrading the database"), error);
  }
  if (rc != SQLITE_DONE)
    return pos_journal_set_error (self, _ ("upgrading the database"), error);
  return pos_journal_exec (self, "DROP TABLE drafts", error);
}

/* Sales. */

/* The account numbers of a request's charges, space-separated, each once. */
static char *
accounts_from_request (const char *request_json)
{
  g_autoptr (JsonNode) root = paystar_json_parse (request_json, -1, NULL);
  g_autoptr (GPtrArray) seen = g_ptr_array_new ();
  GString *accounts = g_string_new (NULL);
  JsonNode *charges;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return g_string_free (accounts, FALSE);
  charges = json_object_get_member (json_node_get_object (root), "Charges");
  if (charges == NULL || !JSON_NODE_HOLDS_ARRAY (charges))
    return g_string_free (accounts, FALSE);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (charges)); i++) {
    JsonNode *charge = json_array_get_element (json_node_get_array (charges), i);
    JsonNode *account;
    const char *number = NULL;

    if (!JSON_NODE_HOLDS_OBJECT (charge))
      continue;
    account = json_object_get_member (json_node_get_object (charge), "ClientAccount");
    if (account == NULL || !JSON_NODE_HOLDS_OBJECT (account))
      continue;
    if (!paystar_json_get_string (json_node_get_object (account), "AccountNumber", &number) ||
        *number == '\0')
      continue;
    if (g_ptr_array_find_with_equal_func (seen, number, g_str_equal, NULL))
      continue;
    g_ptr_array_add (seen, (gpointer) number);
    if (accounts->len > 0)
      g_string_append_c (accounts, ' ');
    g_string_append (accounts, number);
  }
  return g_string_free (accounts, FALSE);
}

static gboolean
backfill_accounts (PosJournal *self, GError **error)
{
  g_autoptr (sqlite3_stmt) select = NULL;
  g_autoptr (sqlite3_stmt) update = NULL;
  int rc;

  select = prepare (self, "SELECT id, request_json FROM sales", error);
  update = prepare (self, "UPDATE sales SET accounts = ?2 WHERE id = ?1", error);
  if (select == NULL || update == NULL)
    return FALSE;

  while ((rc = sqlite3_step (select)) == SQLITE_ROW) {
    g_autofree char *accounts =
      accounts_from_request ((const char *) sqlite3_column_text (select, 1));

    sqlite3_reset (update);
    sqlite3_bind_int64 (update, 1, sqlite3_column_int64 (select, 0));
    sqlite3_bind_text (update, 2, accounts, -1, SQLITE_TRANSIENT);
    if (sqlite3_step (update) != SQLITE_DONE)
      return pos_journal_set_error (self, _ ("upgrading the database"), error);
  }
  if (rc != SQLITE_DONE)
    return pos_journal_set_error (self, _ ("upgrading the database"), error);
  return TRUE;
}

gint64
pos_journal_begin_submit (PosJournal *self,
                          const char *agent_email,
                          const char *request_json,
                          const char *client_reference,
                          gint64 total,
                          GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *accounts = NULL;
  gint64 now;

  g_return_val_if_fail (POS_IS_JOURNAL (self), 0);
  g_return_val_if_fail (request_json != NULL, 0);
  g_return_val_if_fail (client_reference != NULL && *client_reference != '\0', 0);
  g_return_val_if_fail (total >= 0, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!check_email (agent_email, error) || !guard (agent_email, error) ||
      !guard (request_json, error) || !guard (client_reference, error))
    return 0;

  accounts = accounts_from_request (request_json);
  now = pos_journal_now (self);
  stmt = prepare (self,
                  "INSERT INTO sales (client_reference, agent_email, created, updated, status, "
                  "request_json, total, accounts) VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7)",
                  error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, client_reference, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, agent_email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_text (stmt, 4, pos_sale_status_to_string (POS_SALE_STATUS_SUBMITTING), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, request_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, total);
  sqlite3_bind_text (stmt, 7, accounts, -1, SQLITE_TRANSIENT);
  /* Autocommit: with synchronous=FULL the row is on disk when sqlite3_step() returns. */
  if (sqlite3_step (stmt) != SQLITE_DONE) {
    pos_journal_set_error (self, _ ("journaling the sale"), error);
    return 0;
  }
  return sqlite3_last_insert_rowid (self->db);
}

/* Runs an UPDATE of one sale whose first parameter is the id; POS_ERROR_NOT_FOUND when no row
 * changed. */
static gboolean
step_update (PosJournal *self, sqlite3_stmt *stmt, GError **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return pos_journal_set_error (self, _ ("updating the sale"), error);
  if (sqlite3_changes (self->db) == 0) {
    g_set_error_literal (error, POS_ERROR, POS_ERROR_NOT_FOUND,
                         _ ("The sale is not in the journal."));
    return FALSE;
  }
  return TRUE;
}

gboolean
pos_journal_set_created (PosJournal *self,
                         gint64 id,
                         const char *session_identifier,
                         const char *session_link,
                         const char *response_json,
                         GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (POS_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (session_identifier != NULL, FALSE);
  g_return_val_if_fail (session_link != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!guard (session_identifier, error) || !guard (session_link, error) ||
      !guard (response_json, error))
    return FALSE;

  stmt = prepare (self,
                  "UPDATE sales SET status = ?2, session_identifier = ?3, session_link = ?4, "
                  "response_json = ?5, error_text = NULL, updated = ?6 WHERE id = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, pos_sale_status_to_string (POS_SALE_STATUS_CREATED), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, session_identifier, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, session_link, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 5, response_json);
  sqlite3_bind_int64 (stmt, 6, pos_journal_now (self));
  return step_update (self, stmt, error);
}

gboolean
pos_journal_set_status (PosJournal *self,
                        gint64 id,
                        PosSaleStatus status,
                        const char *error_text,
                        GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char *status_text = pos_sale_status_to_string (status);

  g_return_val_if_fail (POS_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (status_text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!guard (error_text, error))
    return FALSE;

  stmt = prepare (self, "UPDATE sales SET status = ?2, error_text = ?3, updated = ?4 WHERE id = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, status_text, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 3, error_text);
  sqlite3_bind_int64 (stmt, 4, pos_journal_now (self));
  return step_update (self, stmt, error);
}

gboolean
pos_journal_set_response (PosJournal *self, gint64 id, const char *response_json, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (POS_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!guard (response_json, error))
    return FALSE;

  stmt = prepare (self, "UPDATE sales SET response_json = ?2, updated = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text_or_null (stmt, 2, response_json);
  sqlite3_bind_int64 (stmt, 3, pos_journal_now (self));
  return step_update (self, stmt, error);
}

/* Only a mask with exactly four digits ("****1234", "•••• 1234", "1234") is accepted: anything
 * with more digits could be (part of) a card number. */
static gboolean
extract_last4 (const char *masked_card, char last4[5], GError **error)
{
  guint digits = 0;
  g_autofree char *found = paystar_card_last_four (masked_card, &digits);

  if (digits != 4) {
    g_set_error_literal (error, POS_ERROR, POS_ERROR_SENSITIVE_DATA,
                         _ ("Only the last four digits of a card may be stored."));
    return FALSE;
  }
  memcpy (last4, found, 5);
  return TRUE;
}

gboolean
pos_journal_set_card_last4 (PosJournal *self, gint64 id, const char *masked_card, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  char last4[5] = { 0 };

  g_return_val_if_fail (POS_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (masked_card != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!extract_last4 (masked_card, last4, error))
    return FALSE;

  stmt = prepare (self, "UPDATE sales SET card_last4 = ?2, updated = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, last4, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, pos_journal_now (self));
  return step_update (self, stmt, error);
}

/* The account numbers of a typed request's charges, space-separated, each once. */
static char *
accounts_from_typed_request (const PaystarRequest *request)
{
  g_autoptr (GPtrArray) seen = g_ptr_array_new ();
  GString *accounts = g_string_new (NULL);

  for (guint i = 0; request->charges != NULL && i < request->charges->len; i++) {
    const PaystarCharge *charge = g_ptr_array_index (request->charges, i);
    const char *number =
      charge->client_account != NULL ? charge->client_account->account_number : NULL;

    if (number == NULL || *number == '\0' ||
        g_ptr_array_find_with_equal_func (seen, number, g_str_equal, NULL))
      continue;
    g_ptr_array_add (seen, (gpointer) number);
    if (accounts->len > 0)
      g_string_append_c (accounts, ' ');
    g_string_append (accounts, number);
  }
  return g_string_free (accounts, FALSE);
}

gint64
pos_journal_submit_sale (PosJournal *self,
                         gint64 id,
                         const char *agent_email,
                         const char *draft_json,
                         const PaystarRequest *request,
                         GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *request_json = NULL;
  g_autofree char *accounts = NULL;
  const char *reference;
  gint64 now;

  g_return_val_if_fail (POS_IS_JOURNAL (self), 0);
  g_return_val_if_fail (draft_json != NULL, 0);
  g_return_val_if_fail (request != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  reference = request->client_reference;
  g_return_val_if_fail (reference != NULL && *reference != '\0', 0);

  /* The exact bytes the client sends: paystar_client serialises with the same function. */
  request_json = paystar_request_to_json (request, NULL);
  if (!check_email (agent_email, error) || !guard (agent_email, error) ||
      !guard (request_json, error) || !guard (draft_json, error))
    return 0;
  accounts = accounts_from_typed_request (request);
  now = pos_journal_now (self);

  if (!begin (self, error))
    return 0;
  if (id != 0 && !check_status (self, id,
                                POS_SALE_STATUS_MASK (POS_SALE_STATUS_DRAFT) |
                                  POS_SALE_STATUS_MASK (POS_SALE_STATUS_NOT_SENT),
                                error))
    return rollback (self);

  if (id == 0)
    stmt = prepare (self,
                    "INSERT INTO sales (client_reference, agent_email, created, updated, edited, "
                    "status, request_json, total, accounts, draft_json) "
                    "VALUES (?2, ?3, ?4, ?4, ?4, 'submitting', ?5, ?6, ?7, ?8)",
                    error);
  else
    stmt = prepare (self,
                    "UPDATE sales SET client_reference = ?2, status = 'submitting', updated = ?4, "
                    "request_json = ?5, total = ?6, accounts = ?7, draft_json = ?8, "
                    "error_text = NULL WHERE id = ?1",
                    error);
  if (stmt == NULL)
    return rollback (self);
  if (id != 0)
    sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, reference, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, agent_email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_text (stmt, 5, request_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, paystar_request_total (request));
  sqlite3_bind_text (stmt, 7, accounts, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, draft_json, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE) {
    pos_journal_set_error (self, _ ("journaling the sale"), error);
    return rollback (self);
  }
  if (id == 0)
    id = sqlite3_last_insert_rowid (self->db);
  if (!commit (self, error))
    return 0;
  return id;
}

gboolean
pos_journal_change_sale (PosJournal *self,
                         gint64 id,
                         const PosJournalChange *change,
                         GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GString) sql = g_string_new ("UPDATE sales SET status = :status, updated = :now");
  const char *status_text;
  char last4[5] = { 0 };

  g_return_val_if_fail (POS_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (change != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  status_text = pos_sale_status_to_string (change->status);
  g_return_val_if_fail (status_text != NULL, FALSE);

  if (!guard (change->error_text, error) || !guard (change->session_identifier, error) ||
      !guard (change->session_link, error) || !guard (change->response_json, error) ||
      !guard (change->closed_by, error) || !guard (change->closed_reason, error))
    return FALSE;
  if (change->card_last4 != NULL && !extract_last4 (change->card_last4, last4, error))
    return FALSE;

  if (change->keep_error_text == FALSE)
    g_string_append (sql, ", error_text = :error_text");
  if (change->session_identifier != NULL)
    g_string_append (sql, ", session_identifier = :session_identifier");
  if (change->session_link != NULL)
    g_string_append (sql, ", session_link = :session_link");
  if (change->response_json != NULL)
    g_string_append (sql, ", response_json = :response_json");
  if (change->card_last4 != NULL)
    g_string_append (sql, ", card_last4 = :card_last4");
  if (change->closed_by != NULL)
    g_string_append (sql, ", closed_by = :closed_by");
  if (change->closed_reason != NULL)
    g_string_append (sql, ", closed_reason = :closed_reason");
  g_string_append (sql, " WHERE id = :id");

  if (!begin (self, error))
    return FALSE;
  if (!check_status (self, id, change->from_mask, error))
    return rollback (self);
  stmt = prepare (self, sql->str, error);
  if (stmt == NULL)
    return rollback (self);
#define BIND_TEXT(name, value)                       \
  if (sqlite3_bind_parameter_index (stmt, name) > 0) \
  bind_text_or_null (stmt, sqlite3_bind_parameter_index (stmt, name), value)
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":status"), status_text, -1,
                     SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":now"), pos_journal_now (self));
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":id"), id);
  BIND_TEXT (":error_text", change->error_text);
  BIND_TEXT (":session_identifier", change->session_identifier);
  BIND_TEXT (":session_link", change->session_link);
  BIND_TEXT (":response_json", change->response_json);
  BIND_TEXT (":card_last4", change->card_last4 != NULL ? last4 : NULL);
  BIND_TEXT (":closed_by", change->closed_by);
  BIND_TEXT (":closed_reason", change->closed_reason);
#undef BIND_TEXT
  if (sqlite3_step (stmt) != SQLITE_DONE) {
    pos_journal_set_error (self, _ ("updating the sale"), error);
    return rollback (self);
  }
  return commit (self, error);
}

gboolean
pos_journal_delete_sale (PosJournal *self, gint64 id, guint from_mask, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (POS_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!begin (self, error))
    return FALSE;
  if (!check_status (self, id, from_mask, error))
    return rollback (self);
  stmt = prepare (self, "DELETE FROM sales WHERE id = ?1", error);
  if (stmt == NULL)
    return rollback (self);
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_DONE) {
    pos_journal_set_error (self, _ ("deleting the sale"), error);
    return rollback (self);
  }
  return commit (self, error);
}

static PosSaleRecord *
record_from_row (sqlite3_stmt *stmt)
{
  PosSaleRecord *record = pos_sale_record_new ();
  PosSaleStatus status = POS_SALE_STATUS_UNKNOWN;

  record->id = sqlite3_column_int64 (stmt, 0);
  record->client_reference = column_dup (stmt, 1);
  record->agent_email = column_dup (stmt, 2);
  record->created = sqlite3_column_int64 (stmt, 3);
  record->updated = sqlite3_column_int64 (stmt, 4);
  /* A status this version does not know (written by a newer one) reads as unknown. */
  pos_sale_status_from_string ((const char *) sqlite3_column_text (stmt, 5), &status);
  record->status = status;
  record->session_identifier = column_dup (stmt, 6);
  record->session_link = column_dup (stmt, 7);
  record->error_text = column_dup (stmt, 8);
  record->total = sqlite3_column_int64 (stmt, 9);
  record->card_last4 = column_dup (stmt, 10);
  record->accounts = column_dup (stmt, 11);
  record->request_json = column_dup (stmt, 12);
  record->response_json = column_dup (stmt, 13);
  record->draft_json = column_dup (stmt, 14);
  record->edited = sqlite3_column_int64 (stmt, 15);
  record->closed_by = column_dup (stmt, 16);
  record->closed_reason = column_dup (stmt, 17);
  return record;
}

static PosSaleRecord *
lookup_one (PosJournal *self, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return record_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error_literal (error, POS_ERROR, POS_ERROR_NOT_FOUND,
                         _ ("The sale is not in the journal."));
  else
    pos_journal_set_error (self, _ ("reading the sale"), error);
  return NULL;
}

PosSaleRecord *
pos_journal_lookup (PosJournal *self, gint64 id, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (POS_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sql = g_strdup_printf ("SELECT %s FROM sales WHERE id = ?1", sale_columns);
  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return lookup_one (self, stmt, error);
}

PosSaleRecord *
pos_journal_lookup_by_reference (PosJournal *self, const char *client_reference, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (POS_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (client_reference != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sql = g_strdup_printf ("SELECT %s FROM sales WHERE client_reference = ?1 ORDER BY id DESC "
                         "LIMIT 1",
                         sale_columns);
  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, client_reference, -1, SQLITE_TRANSIENT);
  return lookup_one (self, stmt, error);
}

/* "%text%" for LIKE with ESCAPE '\', the user's wildcards taken literally. */
static char *
like_pattern (const char *text)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = text; *p != '\0'; p++) {
    if (*p == '%' || *p == '_' || *p == '\\')
      g_string_append_c (pattern, '\\');
    g_string_append_c (pattern, *p);
  }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

/* The text as an FTS5 phrase: in double quotes, quotes doubled; every other character is taken
 * literally, so the user's text needs no other escaping. */
static char *
match_phrase (const char *text)
{
  GString *phrase = g_string_new ("\"");

  for (const char *p = text; *p != '\0'; p++) {
    if (*p == '"')
      g_string_append_c (phrase, '"');
    g_string_append_c (phrase, *p);
  }
  g_string_append_c (phrase, '"');
  return g_string_free (phrase, FALSE);
}

/* The part of @text the full-text index is asked for, or NULL for all of it. A phrase with
 * trigrams that nearly every row has ("POS", "ACC", "-00") costs the index a walk of each of
 * those trigrams' million-entry lists (80 ms for a whole reference at a million sales), while the
 * part without letters names a few rows (2 ms): the counter of a reference, the digits of an
 * account. So for plain ASCII text, its longest stretch without letters, trimmed to digits or
 * letters at both ends (its last SEARCH_WINDOW_CHARS at most), finds the candidates, and the
 * whole text is then checked on them with LIKE, which for ASCII folds case as the trigram index
 * does: the same rows as the whole phrase. Other text is searched whole. */
#define SEARCH_WINDOW_CHARS 8

static char *
search_window (const char *text)
{
  gsize length = strlen (text);
  gsize best_start = 0, best_length = 0;

  for (gsize i = 0; i < length; i++) {
    if ((guchar) text[i] >= 0x80)
      return NULL;
  }
  for (gsize i = 0; i < length;) {
    gsize start = i, end;

    while (i < length && !g_ascii_isalpha (text[i]))
      i++;
    end = i;
    while (start < end && !g_ascii_isdigit (text[start]))
      start++;
    while (end > start && !g_ascii_isdigit (text[end - 1]))
      end--;
    /* The longest; the later one of two as long (the end of a reference is its counter). */
    if (end > start && end - start >= best_length) {
      best_start = start;
      best_length = end - start;
    }
    while (i < length && g_ascii_isalpha (text[i]))
      i++;
  }
  if (best_length < FULL_TEXT_MIN_CHARS || best_length == length)
    return NULL;
  if (best_length > SEARCH_WINDOW_CHARS) {
    best_start += best_length - SEARCH_WINDOW_CHARS;
    best_length = SEARCH_WINDOW_CHARS;
  }
  return g_strndup (text + best_start, best_length);
}

/* The filters of @query but the text, as " AND ..." clauses on the columns of sales. With
 * @no_index each column gets a unary "+", which keeps the planner from using its index. */
static void
append_filters (GString *sql, const PosJournalQuery *query, gboolean no_index)
{
  const char *plus = no_index ? "+" : "";

  /* A sale still being keyed (or back to keying after nothing left the station) is not history:
   * listed only when the mask asks for it. */
  if (query->status_mask == 0)
    g_string_append_printf (sql, " AND %sstatus NOT IN ('%s', '%s')", plus,
                            pos_sale_status_to_string (POS_SALE_STATUS_DRAFT),
                            pos_sale_status_to_string (POS_SALE_STATUS_NOT_SENT));
  if (query->agent_email != NULL)
    g_string_append_printf (sql, " AND %sagent_email = :agent COLLATE NOCASE", plus);
  if (query->status_mask != 0) {
    gboolean first = TRUE;

    g_string_append_printf (sql, " AND %sstatus IN (", plus);
    for (guint s = 0; s <= POS_SALE_STATUS_LAST; s++) {
      if (!(query->status_mask & POS_SALE_STATUS_MASK (s)))
        continue;
      g_string_append_printf (sql, "%s'%s'", first ? "" : ", ", pos_sale_status_to_string (s));
      first = FALSE;
    }
    if (first)
      g_string_append (sql, "NULL");
    g_string_append (sql, ")");
  }
  if (query->since != 0)
    g_string_append_printf (sql, " AND %screated >= :since", plus);
  if (query->until != 0)
    g_string_append_printf (sql, " AND %screated < :until", plus);
}

GListModel *
pos_journal_list (PosJournal *self, const PosJournalQuery *query, GError **error)
{
  static const PosJournalQuery all = { 0 };
  g_autoptr (GListStore) store = NULL;
  g_autoptr (GString) sql = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *match = NULL;
  gint64 cents = -1;
  int rc;

  g_return_val_if_fail (POS_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (query == NULL)
    query = &all;

  if (query->text != NULL) {
    text = g_strstrip (g_strdup (query->text));
    if (*text != '\0') {
      if (!paystar_money_parse (text, &cents, NULL))
        cents = -1;
      /* The full-text index needs at least one trigram. With a lower time bound (today, this
       * shift: a few thousand rows by sales_created) the LIKE scan of those rows is faster. */
      if (query->since == 0 && g_utf8_validate (text, -1, NULL) &&
          g_utf8_strlen (text, -1) >= FULL_TEXT_MIN_CHARS) {
        g_autofree char *window = search_window (text);

        match = match_phrase (window != NULL ? window : text);
        /* The window found candidates: the whole text decides. */
        if (window != NULL)
          pattern = like_pattern (text);
      } else {
        pattern = like_pattern (text);
      }
    }
  }

  /* Named parameters keep the binding below independent of which clauses are present. */
  sql = g_string_new (NULL);
  g_string_append_printf (sql, "SELECT %s FROM sales WHERE 1", sale_columns);
  if (match != NULL) {
    /* The matches come from the index newest first (by id, which follows created), and only as
     * many as the page needs: without that LIMIT an unselective text ("ACCT-0") would hand
     * every row to the outer query (seconds at a million sales). The other filters therefore
     * apply inside too, so that the LIMIT counts only rows that pass them; outside, the "+" keeps
     * the planner on the search and the total index instead of scanning a filter's index. */
    append_filters (sql, query, TRUE);
    g_string_append (sql, " AND (id IN (SELECT sales_search.rowid FROM sales_search"
                          " JOIN sales ON sales.id = sales_search.rowid"
                          " WHERE sales_search MATCH :match");
    if (pattern != NULL)
      g_string_append (sql, " AND (sales.client_reference LIKE :pattern ESCAPE '\\'"
                            " OR sales.accounts LIKE :pattern ESCAPE '\\')");
    append_filters (sql, query, FALSE);
    g_string_append (sql, " ORDER BY sales_search.rowid DESC LIMIT :limit + :offset)"
                          " OR total = :cents)");
  } else {
    append_filters (sql, query, FALSE);
    if (pattern != NULL)
      g_string_append (sql, " AND (client_reference LIKE :pattern ESCAPE '\\'"
                            " OR accounts LIKE :pattern ESCAPE '\\' OR total = :cents)");
  }
  g_string_append (sql, " ORDER BY created DESC, id DESC LIMIT :limit OFFSET :offset");

  stmt = prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  if (query->agent_email != NULL)
    sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":agent"), query->agent_email, -1,
                       SQLITE_TRANSIENT);
  if (pattern != NULL)
    sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":pattern"), pattern, -1,
                       SQLITE_TRANSIENT);
  if (match != NULL)
    sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":match"), match, -1,
                       SQLITE_TRANSIENT);
  if (pattern != NULL || match != NULL)
    sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":cents"), cents);
  if (query->since != 0)
    sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":since"), query->since);
  if (query->until != 0)
    sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":until"), query->until);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"),
                      query->limit != 0 ? query->limit : DEFAULT_LIST_LIMIT);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":offset"), query->offset);

  store = g_list_store_new (POS_TYPE_SALE_RECORD);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
    g_autoptr (PosSaleRecord) record = record_from_row (stmt);

    g_list_store_append (store, record);
  }
  if (rc != SQLITE_DONE) {
    pos_journal_set_error (self, _ ("listing sales"), error);
    return NULL;
  }
  return G_LIST_MODEL (g_steal_pointer (&store));
}
