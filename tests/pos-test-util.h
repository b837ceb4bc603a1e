/* pos-test-util.h: what the pos tests share: agents, temporary journals on a clock the test
 * moves, journaled sales in any state, and shift summaries checked against journal rows.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pos.h"

G_BEGIN_DECLS

/* "NAME@acme-utilities.example", built from parts: in this project's tooling a typed address can
 * turn into other text. */
char *pos_test_agent_email (const char *name);

/* A new folder made from the g_dir_make_tmp() template @tmpl. */
char *pos_test_make_tmp_dir (const char *tmpl);

/* Removes @path and everything below it (links, not what they point to). */
void pos_test_remove_tree (const char *path);

/* A PosClockFunc for pos_journal_set_clock() and pos_roster_set_clock(): @user_data points to the
 * gint64 the test moves. */
gint64 pos_test_clock (gpointer user_data);

/* A draft document as the sale page saves it (pos_sale_to_json()): one charge described
 * @description, a fresh ClientReference. */
char *pos_test_draft_json (const char *description);

/* Opens (or creates) the journal at @path, on pos_test_clock() reading *@now. */
PosJournal *pos_test_journal_open (const char *path, gint64 *now);

/* A temporary journal on a clock the test moves, and three agents. */
typedef struct {
  char *dir;
  char *path; /* dir/journal.sqlite */
  PosJournal *journal;
  gint64 now;
  char *ava;
  char *ben;
  char *cory;
} PosTestFixture;

/* A new folder from the g_dir_make_tmp() template @tmpl, the agents and the clock at @now; the
 * journal is not opened yet (pos_test_journal_open (fixture->path, &fixture->now)). */
void pos_test_fixture_set_up (PosTestFixture *fixture, const char *tmpl, gint64 now);
/* Checks that nothing kept the journal, if open, and removes the folder. */
void pos_test_fixture_tear_down (PosTestFixture *fixture);

/* The same as g_test_add() fixture functions: a folder named after the test program, the journal
 * open, the clock at the gint64 @now points to. */
void pos_test_fixture_open (PosTestFixture *fixture, gconstpointer now);
void pos_test_fixture_close (PosTestFixture *fixture, gconstpointer unused);
/* Adds the case @func at @path on a PosTestFixture whose clock starts at the gint64 @now points
 * to. */
#define POS_TEST_ADD(path, now, func) \
  g_test_add (path, PosTestFixture, now, pos_test_fixture_open, func, pos_test_fixture_close)

/* Journals a sale of @request_json at the journal's clock and takes it to @status the way the app
 * does: created (session "sess_REFERENCE") unless never sent or refused (error), then @status with
 * @error_text, then @card_last4 when not NULL. Returns the sale's id. */
gint64 pos_test_add_sale (PosJournal *journal,
                          const char *agent,
                          const char *reference,
                          const char *request_json,
                          gint64 total,
                          PosSaleStatus status,
                          const char *error_text,
                          const char *card_last4);

/* Checks every count and total of @summary (per agent, and for all agents together) against
 * figures recomputed here, independently, from the journal rows @rows it summarises. */
void pos_test_assert_summary_matches_rows (PosShiftSummary *summary, GListModel *rows);

G_END_DECLS
