/* pos-journal-links.c: moving the journal's stored payment links to another origin.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-journal-links.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pos-journal-private.h"

#define LINK_PATH    "/app/embedded/"
#define LINK_SESSION "/session/"

/* The slug of @link when it is exactly {origin}/app/embedded/{slug}/session/{identifier}. */
static char *
link_slug (const char *link, const char *origin, const char *identifier)
{
  const char *slug;
  const char *end;

  if (!g_str_has_prefix (link, origin) || !g_str_has_prefix (link + strlen (origin), LINK_PATH))
    return NULL;
  slug = link + strlen (origin) + strlen (LINK_PATH);
  end = strchr (slug, '/');
  if (end == NULL || end == slug || !g_str_has_prefix (end, LINK_SESSION) ||
      strcmp (end + strlen (LINK_SESSION), identifier) != 0)
    return NULL;
  return g_strndup (slug, end - slug);
}

static gboolean
rewrite (PosJournal *self, const char *old_origin, const char *new_origin, GError **error)
{
  sqlite3 *db = pos_journal_get_db (self);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) links = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *prefix = g_strconcat (old_origin, LINK_PATH, NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db,
                          "SELECT id, session_identifier, session_link FROM sales "
                          "WHERE session_identifier IS NOT NULL AND "
                          "substr (session_link, 1, length (?1)) = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return pos_journal_set_error (self, _ ("reading payment links"), error);
  sqlite3_bind_text (stmt, 1, prefix, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
    const char *identifier = (const char *) sqlite3_column_text (stmt, 1);
    const char *link = (const char *) sqlite3_column_text (stmt, 2);
    g_autofree char *slug = NULL;
    gint64 id = sqlite3_column_int64 (stmt, 0);

    if (identifier == NULL || link == NULL ||
        (slug = link_slug (link, old_origin, identifier)) == NULL)
      continue;
    g_array_append_val (ids, id);
    g_ptr_array_add (links,
                     g_strconcat (new_origin, LINK_PATH, slug, LINK_SESSION, identifier, NULL));
  }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return pos_journal_set_error (self, _ ("reading payment links"), error);

  if (sqlite3_prepare_v2 (db, "UPDATE sales SET session_link = ?1 WHERE id = ?2", -1, &stmt,
                          NULL) != SQLITE_OK)
    return pos_journal_set_error (self, _ ("updating payment links"), error);
  for (guint i = 0; i < ids->len; i++) {
    sqlite3_reset (stmt);
    sqlite3_bind_text (stmt, 1, g_ptr_array_index (links, i), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 2, g_array_index (ids, gint64, i));
    if (sqlite3_step (stmt) != SQLITE_DONE) {
      sqlite3_finalize (stmt);
      return pos_journal_set_error (self, _ ("updating payment links"), error);
    }
  }
  sqlite3_finalize (stmt);
  g_debug ("Moved %u payment links to %s", ids->len, new_origin);
  return TRUE;
}

gboolean
pos_journal_rewrite_session_links (PosJournal *self,
                                   const char *old_origin,
                                   const char *new_origin,
                                   GError **error)
{
  g_return_val_if_fail (POS_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (old_origin != NULL && *old_origin != '\0', FALSE);
  g_return_val_if_fail (new_origin != NULL && *new_origin != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (strcmp (old_origin, new_origin) == 0)
    return TRUE;
  if (!pos_journal_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!rewrite (self, old_origin, new_origin, error)) {
    pos_journal_exec (self, "ROLLBACK", NULL);
    return FALSE;
  }
  if (!pos_journal_exec (self, "COMMIT", error)) {
    pos_journal_exec (self, "ROLLBACK", NULL);
    return FALSE;
  }
  return TRUE;
}
