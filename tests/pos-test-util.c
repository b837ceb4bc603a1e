/* pos-test-util.c: what the pos tests share: agents, temporary journals on a clock the test
 * moves, journaled sales in any state, and shift summaries checked against journal rows.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-test-util.h"

#include <glib/gstdio.h>

char *
pos_test_agent_email (const char *name)
{
  return g_strconcat (name, "@", "acme-utilities.example", NULL);
}

char *
pos_test_make_tmp_dir (const char *tmpl)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
}

void
pos_test_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL) {
    while ((name = g_dir_read_name (dir)) != NULL) {
      g_autofree char *child = g_build_filename (path, name, NULL);

      /* A link is removed, never followed out of the folder. */
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        pos_test_remove_tree (child);
      else
        g_unlink (child);
    }
  }
  g_rmdir (path);
}

gint64
pos_test_clock (gpointer user_data)
{
  const gint64 *now = user_data;

  return *now;
}

PosJournal *
pos_test_journal_open (const char *path, gint64 *now)
{
  g_autoptr (GError) error = NULL;
  PosJournal *journal = pos_journal_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (journal);
  pos_journal_set_clock (journal, pos_test_clock, now);
  return journal;
}

void
pos_test_fixture_set_up (PosTestFixture *fixture, const char *tmpl, gint64 now)
{
  fixture->dir = pos_test_make_tmp_dir (tmpl);
  fixture->path = g_build_filename (fixture->dir, "journal.sqlite", NULL);
  fixture->ava = pos_test_agent_email ("ava");
  fixture->ben = pos_test_agent_email ("ben");
  fixture->cory = pos_test_agent_email ("cory");
  fixture->now = now;
}

void
pos_test_fixture_tear_down (PosTestFixture *fixture)
{
  if (fixture->journal != NULL)
    g_assert_finalize_object (g_steal_pointer (&fixture->journal));
  pos_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->ava, g_free);
  g_clear_pointer (&fixture->ben, g_free);
  g_clear_pointer (&fixture->cory, g_free);
}

void
pos_test_fixture_open (PosTestFixture *fixture, gconstpointer now)
{
  g_autofree char *name = g_path_get_basename (g_get_prgname ());
  g_autofree char *tmpl = g_strconcat (name, "-XXXXXX", NULL);

  pos_test_fixture_set_up (fixture, tmpl, *(const gint64 *) now);
  fixture->journal = pos_test_journal_open (fixture->path, &fixture->now);
}

void
pos_test_fixture_close (PosTestFixture *fixture, gconstpointer unused)
{
  pos_test_fixture_tear_down (fixture);
}

gint64
pos_test_add_sale (PosJournal *journal,
                   const char *agent,
                   const char *reference,
                   const char *request_json,
                   gint64 total,
                   PosSaleStatus status,
                   const char *error_text,
                   const char *card_last4)
{
  g_autoptr (GError) error = NULL;
  gint64 id;

  id = pos_journal_begin_submit (journal, agent, request_json, reference, total, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  if (status != POS_SALE_STATUS_SUBMITTING && status != POS_SALE_STATUS_ERROR) {
    g_autofree char *session = g_strdup_printf ("sess_%s", reference);
    g_autofree char *response = g_strdup_printf (
      "{\"sessionIdentifier\":\"%s\",\"paymentLogInLink\":\"https://example.invalid/s\"}", session);

    pos_journal_set_created (journal, id, session, "https://example.invalid/s", response, &error);
    g_assert_no_error (error);
  }
  if (status != POS_SALE_STATUS_SUBMITTING && status != POS_SALE_STATUS_CREATED) {
    pos_journal_set_status (journal, id, status, error_text, &error);
    g_assert_no_error (error);
  }
  if (card_last4 != NULL) {
    pos_journal_set_card_last4 (journal, id, card_last4, &error);
    g_assert_no_error (error);
  }
  return id;
}

void
pos_test_assert_summary_matches_rows (PosShiftSummary *summary, GListModel *rows)
{
  g_autoptr (GHashTable) agents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = g_list_model_get_n_items (rows);
  guint n_agents = 0;

  for (guint i = 0; i < n; i++) {
    g_autoptr (PosSaleRecord) record = g_list_model_get_item (rows, i);

    g_hash_table_add (agents, g_ascii_strdown (pos_sale_record_get_agent_email (record), -1));
  }
  g_assert_cmpuint (pos_shift_summary_get_n_agents (summary), ==, g_hash_table_size (agents));
  g_assert_cmpuint (pos_shift_summary_get_n_sales (summary, NULL), ==, n);

  for (guint a = 0; a <= g_hash_table_size (agents); a++) {
    /* a == n_agents: every agent together (NULL). */
    const char *agent = a < pos_shift_summary_get_n_agents (summary)
                          ? pos_shift_summary_get_agent (summary, a)
                          : NULL;

    for (guint s = 0; s <= POS_SALE_STATUS_LAST; s++) {
      guint count = 0;
      gint64 total = 0;

      for (guint i = 0; i < n; i++) {
        g_autoptr (PosSaleRecord) record = g_list_model_get_item (rows, i);

        if (agent != NULL &&
            g_ascii_strcasecmp (pos_sale_record_get_agent_email (record), agent) != 0)
          continue;
        if (pos_sale_record_get_status (record) != (PosSaleStatus) s)
          continue;
        count++;
        total += pos_sale_record_get_total (record);
      }
      g_assert_cmpuint (pos_shift_summary_get_count (summary, agent, s), ==, count);
      g_assert_cmpint (pos_shift_summary_get_total (summary, agent, s), ==, total);
    }
    n_agents++;
  }
  g_assert_cmpuint (n_agents, ==, g_hash_table_size (agents) + 1);
}

char *
pos_test_draft_json (const char *description)
{
  g_autoptr (PosSale) sale = pos_sale_new ("test");
  PosCharge *charge = pos_sale_add_charge (sale, NULL);

  pos_charge_set_description (charge, description);
  return pos_sale_to_json (sale);
}
