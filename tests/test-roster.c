/* test-roster.c: tests of PosRoster: PIN hashes, sign-in, lockout with a fake clock, attempts left,
 * persistence.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "pos-journal-private.h"
#include "pos-roster-private.h"
#include "pos-test-util.h"
#include "pos.h"

typedef struct {
  char *dir;
  char *path;
  PosJournal *journal;
  PosRoster *roster;
  gint64 now;
  char *ava;
  char *ben;
  guint items_changed;
} Fixture;

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, Fixture *fixture)
{
  fixture->items_changed++;
}

static void
open_roster (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;

  fixture->journal = pos_journal_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->roster = pos_roster_new (fixture->journal, &error);
  g_assert_no_error (error);
  pos_roster_set_clock (fixture->roster, pos_test_clock, &fixture->now);
  g_signal_connect (fixture->roster, "items-changed", G_CALLBACK (on_items_changed), fixture);
}

static void
close_roster (Fixture *fixture)
{
  g_assert_finalize_object (g_steal_pointer (&fixture->roster));
  g_assert_finalize_object (g_steal_pointer (&fixture->journal));
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->dir = pos_test_make_tmp_dir ("test-roster-XXXXXX");
  fixture->path = g_build_filename (fixture->dir, "journal.sqlite", NULL);
  fixture->ava = pos_test_agent_email ("ava");
  fixture->ben = pos_test_agent_email ("ben");
  fixture->now = G_GINT64_CONSTANT (1735689600) * G_USEC_PER_SEC;
  open_roster (fixture);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  close_roster (fixture);
  pos_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->ava);
  g_free (fixture->ben);
}

static void
test_pin_hash (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *hash = pos_pin_hash ("1234", &error);
  g_autofree char *again = pos_pin_hash ("1234", &error);
  g_autofree char *sha = pos_pin_hash_with_prefix ("987654", "$6$", &error);

  g_assert_no_error (error);
  g_assert_nonnull (hash);
  g_assert_true (g_str_has_prefix (hash, "$y$") || g_str_has_prefix (hash, "$6$"));
  g_assert_null (strstr (hash, "1234"));
  g_assert_cmpstr (hash, !=, again); /* salted */

  g_assert_true (pos_pin_verify ("1234", hash));
  g_assert_true (pos_pin_verify ("1234", again));
  g_assert_false (pos_pin_verify ("1235", hash));
  g_assert_false (pos_pin_verify ("12345", hash));
  g_assert_false (pos_pin_verify ("", hash));
  g_assert_false (pos_pin_verify (NULL, hash));
  g_assert_false (pos_pin_verify ("1234", ""));
  g_assert_false (pos_pin_verify ("1234", "*0"));
  g_assert_false (pos_pin_verify ("1234", "garbage"));

  /* The sha512-crypt fallback works and verifies too. */
  g_assert_true (g_str_has_prefix (sha, "$6$"));
  g_assert_true (pos_pin_verify ("987654", sha));
  g_assert_false (pos_pin_verify ("987655", sha));

  g_assert_null (pos_pin_hash ("123", &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_INVALID_PIN);
  g_clear_error (&error);
  g_assert_null (pos_pin_hash ("12a4", &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_INVALID_PIN);
  g_clear_error (&error);

  g_assert_true (pos_pin_is_valid ("0000"));
  g_assert_true (pos_pin_is_valid ("123456789012"));
  g_assert_false (pos_pin_is_valid ("1234567890123"));
  g_assert_false (pos_pin_is_valid ("123"));
  g_assert_false (pos_pin_is_valid (" 1234"));
  g_assert_false (pos_pin_is_valid (NULL));
}

static char *
stored_hash (Fixture *fixture, const char *email)
{
  sqlite3_stmt *stmt = NULL;
  char *hash = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (pos_journal_get_db (fixture->journal),
                                       "SELECT pin_hash FROM agents WHERE email = ?1", -1, &stmt,
                                       NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    hash = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return hash;
}

static void
test_seed_and_persist (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autoptr (PosAgent) first = NULL;
  PosAgent *agent;

  g_assert_cmpuint (pos_roster_get_n_agents (fixture->roster), ==, 0);
  g_assert_false (pos_roster_has_admin (fixture->roster));
  g_assert_true (pos_roster_seed_demo (fixture->roster, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pos_roster_get_n_agents (fixture->roster), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->roster)), ==, 2);
  g_assert_cmpuint (fixture->items_changed, >=, 2);
  g_assert_true (pos_roster_has_admin (fixture->roster));
  /* Seeding again does nothing. */
  g_assert_false (pos_roster_seed_demo (fixture->roster, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pos_roster_get_n_agents (fixture->roster), ==, 2);

  first = g_list_model_get_item (G_LIST_MODEL (fixture->roster), 0);
  g_assert_cmpstr (pos_agent_get_display_name (first), ==, "Ava Alvarez");
  agent = pos_roster_lookup (fixture->roster, fixture->ava);
  g_assert_nonnull (agent);
  g_assert_cmpstr (pos_agent_get_email (agent), ==, fixture->ava);
  g_assert_true (pos_agent_get_is_admin (agent));
  agent = pos_roster_lookup (fixture->roster, "BEN@ACME-UTILITIES.EXAMPLE");
  g_assert_nonnull (agent);
  g_assert_cmpstr (pos_agent_get_display_name (agent), ==, "Ben Brooks");
  g_assert_false (pos_agent_get_is_admin (agent));

  /* Only a hash is stored. */
  hash = stored_hash (fixture, fixture->ava);
  g_assert_nonnull (hash);
  g_assert_true (g_str_has_prefix (hash, "$y$") || g_str_has_prefix (hash, "$6$"));
  g_assert_cmpstr (hash, !=, "1234");
  g_assert_null (strstr (hash, "1234"));

  /* Persisted in the journal database. */
  g_clear_object (&first);
  close_roster (fixture);
  open_roster (fixture);
  g_assert_cmpuint (pos_roster_get_n_agents (fixture->roster), ==, 2);
  {
    g_autoptr (PosAgent) signed_in =
      pos_roster_sign_in (fixture->roster, fixture->ben, "5678", &error);

    g_assert_no_error (error);
    g_assert_nonnull (signed_in);
    g_assert_cmpstr (pos_agent_get_email (signed_in), ==, fixture->ben);
  }
}

static void
test_manage (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosAgent) cory_agent = NULL;
  g_autofree char *cory = pos_test_agent_email ("cory");

  g_assert_true (pos_roster_seed_demo (fixture->roster, &error));
  g_assert_true (
    pos_roster_add_agent (fixture->roster, cory, "  Cory Chen ", "24680", FALSE, &error));
  g_assert_no_error (error);
  cory_agent = g_list_model_get_item (G_LIST_MODEL (fixture->roster), 2);
  g_assert_cmpstr (pos_agent_get_display_name (cory_agent), ==, "Cory Chen");

  g_assert_false (pos_roster_add_agent (fixture->roster, cory, "Again", "2468", FALSE, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_AGENT_EXISTS);
  g_clear_error (&error);
  g_assert_false (
    pos_roster_add_agent (fixture->roster, "not-an-email", "X", "2468", FALSE, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_INVALID_AGENT);
  g_clear_error (&error);
  g_assert_false (
    pos_roster_add_agent (fixture->roster, "d@acme-utilities.example", " ", "2468", FALSE, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_INVALID_AGENT);
  g_clear_error (&error);
  g_assert_false (
    pos_roster_add_agent (fixture->roster, "d@acme-utilities.example", "D", "12", FALSE, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_INVALID_PIN);
  g_clear_error (&error);

  /* Renaming re-sorts: "Aaron" comes first. */
  g_assert_true (pos_roster_update_agent (fixture->roster, cory, "Aaron Cory", TRUE, &error));
  g_assert_no_error (error);
  {
    g_autoptr (PosAgent) first = g_list_model_get_item (G_LIST_MODEL (fixture->roster), 0);

    g_assert_true (first == cory_agent);
    g_assert_true (pos_agent_get_is_admin (first));
  }

  /* The last administrator stays. */
  g_assert_true (pos_roster_update_agent (fixture->roster, cory, "Aaron Cory", FALSE, &error));
  g_assert_false (pos_roster_update_agent (fixture->roster, fixture->ava, "Ava", FALSE, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_LAST_ADMIN);
  g_clear_error (&error);
  g_assert_false (pos_roster_remove_agent (fixture->roster, fixture->ava, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_LAST_ADMIN);
  g_clear_error (&error);

  /* New PIN. */
  g_assert_true (pos_roster_set_pin (fixture->roster, fixture->ben, "11112222", &error));
  g_assert_no_error (error);
  g_assert_null (pos_roster_sign_in (fixture->roster, fixture->ben, "5678", &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_WRONG_PIN);
  g_clear_error (&error);
  {
    g_autoptr (PosAgent) ben =
      pos_roster_sign_in (fixture->roster, fixture->ben, "11112222", &error);

    g_assert_no_error (error);
    g_assert_nonnull (ben);
  }

  /* Removing an agent takes their draft too. */
  {
    g_autofree char *draft = pos_test_draft_json ("Ben's sale");

    g_assert_true (pos_journal_save_draft (fixture->journal, fixture->ben, draft, &error));
  }
  g_assert_true (pos_roster_remove_agent (fixture->roster, fixture->ben, &error));
  g_assert_no_error (error);
  g_assert_null (pos_roster_lookup (fixture->roster, fixture->ben));
  g_assert_cmpuint (pos_roster_get_n_agents (fixture->roster), ==, 2);
  g_assert_null (pos_journal_load_draft (fixture->journal, fixture->ben, &error));
  g_assert_no_error (error);
  g_assert_false (pos_roster_remove_agent (fixture->roster, fixture->ben, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&cory_agent);
}

static void
test_sign_in (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosAgent) ava = NULL;

  g_assert_true (pos_roster_seed_demo (fixture->roster, &error));

  ava = pos_roster_sign_in (fixture->roster, fixture->ava, "1234", &error);
  g_assert_no_error (error);
  g_assert_true (ava == pos_roster_lookup (fixture->roster, fixture->ava));

  g_assert_null (pos_roster_sign_in (fixture->roster, fixture->ava, "4321", &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_WRONG_PIN);
  /* The message gives nothing away. */
  g_assert_null (strstr (error->message, "4321"));
  g_clear_error (&error);

  /* An unknown email gets the same answer as a wrong PIN. */
  g_assert_null (
    pos_roster_sign_in (fixture->roster, "nobody@acme-utilities.example", "1234", &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_WRONG_PIN);
  g_clear_error (&error);
  g_assert_null (pos_roster_sign_in (fixture->roster, NULL, NULL, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_WRONG_PIN);
  g_clear_error (&error);
}

static void
fail_times (Fixture *fixture, const char *email, guint times, gint expected_last)
{
  for (guint i = 0; i < times; i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (PosAgent) agent = pos_roster_sign_in (fixture->roster, email, "0000", &error);

    int expected = i + 1 < times ? POS_ERROR_WRONG_PIN : expected_last;

    g_assert_null (agent);
    g_assert_error (error, POS_ERROR, expected);
  }
}

static void
test_lockout (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosAgent) agent = NULL;
  const guint expected_delays[] = { 30, 60, 120, 240, 480, 900, 900 };

  g_assert_true (pos_roster_seed_demo (fixture->roster, &error));
  g_assert_cmpuint (pos_roster_get_lockout_remaining (fixture->roster, fixture->ava), ==, 0);

  /* Four wrong PINs are just wrong; the fifth locks for 30 s. */
  fail_times (fixture, fixture->ava, 5, POS_ERROR_LOCKED_OUT);
  g_assert_cmpuint (pos_roster_get_lockout_remaining (fixture->roster, fixture->ava), ==, 30);
  /* Ben is not affected. */
  g_assert_cmpuint (pos_roster_get_lockout_remaining (fixture->roster, fixture->ben), ==, 0);

  /* While locked out even the right PIN is refused. */
  fixture->now += 29 * G_USEC_PER_SEC;
  agent = pos_roster_sign_in (fixture->roster, fixture->ava, "1234", &error);
  g_assert_null (agent);
  g_assert_error (error, POS_ERROR, POS_ERROR_LOCKED_OUT);
  g_clear_error (&error);
  g_assert_cmpuint (pos_roster_get_lockout_remaining (fixture->roster, fixture->ava), ==, 1);

  /* The delay doubles with each lockout, capped at 15 minutes. */
  for (guint round = 1; round < G_N_ELEMENTS (expected_delays); round++) {
    fixture->now += (gint64) expected_delays[round - 1] * G_USEC_PER_SEC;
    g_assert_cmpuint (pos_roster_get_lockout_remaining (fixture->roster, fixture->ava), ==, 0);
    fail_times (fixture, fixture->ava, 5, POS_ERROR_LOCKED_OUT);
    g_assert_cmpuint (pos_roster_get_lockout_remaining (fixture->roster, fixture->ava), ==,
                      expected_delays[round]);
  }

  /* The lockout survives a restart. */
  close_roster (fixture);
  open_roster (fixture);
  g_assert_cmpuint (pos_roster_get_lockout_remaining (fixture->roster, fixture->ava), ==, 900);

  /* Once it is over, the right PIN works and resets everything: the next lockout is 30 s again. */
  fixture->now += 900 * G_USEC_PER_SEC;
  agent = pos_roster_sign_in (fixture->roster, fixture->ava, "1234", &error);
  g_assert_no_error (error);
  g_assert_nonnull (agent);
  g_clear_object (&agent);
  fail_times (fixture, fixture->ava, 4, POS_ERROR_WRONG_PIN);
  agent = pos_roster_sign_in (fixture->roster, fixture->ava, "1234", &error);
  g_assert_no_error (error);
  g_clear_object (&agent);
  /* The success reset the count: four more wrong PINs do not lock. */
  fail_times (fixture, fixture->ava, 4, POS_ERROR_WRONG_PIN);
  g_assert_cmpuint (pos_roster_get_lockout_remaining (fixture->roster, fixture->ava), ==, 0);
  fail_times (fixture, fixture->ava, 1, POS_ERROR_LOCKED_OUT);
  g_assert_cmpuint (pos_roster_get_lockout_remaining (fixture->roster, fixture->ava), ==, 30);

  /* A new PIN clears the lockout. */
  g_assert_true (pos_roster_set_pin (fixture->roster, fixture->ava, "9999", &error));
  g_assert_cmpuint (pos_roster_get_lockout_remaining (fixture->roster, fixture->ava), ==, 0);
}

/* What the sign-in page says after a wrong PIN: "N tries left before this agent is locked for
 * S seconds". */
static void
test_attempts_left (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosAgent) agent = NULL;
  const guint expected_delays[] = { 30, 60, 120, 240, 480, 900, 900 };

  g_assert_true (pos_roster_seed_demo (fixture->roster, &error));
  g_assert_cmpuint (pos_roster_get_attempts_left (fixture->roster, fixture->ava), ==, 5);
  g_assert_cmpuint (pos_roster_get_next_lockout_seconds (fixture->roster, fixture->ava), ==, 30);

  /* Each wrong PIN takes one; the last one left is the one that locks. */
  for (guint i = 1; i <= 4; i++) {
    fail_times (fixture, fixture->ava, 1, POS_ERROR_WRONG_PIN);
    g_assert_cmpuint (pos_roster_get_attempts_left (fixture->roster, fixture->ava), ==, 5 - i);
    g_assert_cmpuint (pos_roster_get_next_lockout_seconds (fixture->roster, fixture->ava), ==, 30);
  }
  /* Ben is not affected. */
  g_assert_cmpuint (pos_roster_get_attempts_left (fixture->roster, fixture->ben), ==, 5);

  /* Locked: no attempt left until it runs out; the next lockout would be twice as long. */
  fail_times (fixture, fixture->ava, 1, POS_ERROR_LOCKED_OUT);
  g_assert_cmpuint (pos_roster_get_attempts_left (fixture->roster, fixture->ava), ==, 0);
  g_assert_cmpuint (pos_roster_get_next_lockout_seconds (fixture->roster, fixture->ava), ==, 60);
  /* A PIN tried while locked out counts for nothing. */
  fail_times (fixture, fixture->ava, 1, POS_ERROR_LOCKED_OUT);
  fixture->now += 30 * G_USEC_PER_SEC;
  g_assert_cmpuint (pos_roster_get_attempts_left (fixture->roster, fixture->ava), ==, 5);
  fail_times (fixture, fixture->ava, 2, POS_ERROR_WRONG_PIN);
  g_assert_cmpuint (pos_roster_get_attempts_left (fixture->roster, fixture->ava), ==, 3);
  g_assert_cmpuint (pos_roster_get_next_lockout_seconds (fixture->roster, fixture->ava), ==, 60);
  fail_times (fixture, fixture->ava, 3, POS_ERROR_LOCKED_OUT);
  g_assert_cmpuint (pos_roster_get_lockout_remaining (fixture->roster, fixture->ava), ==, 60);

  /* Doubling up to 15 minutes: the value announced is the lockout that follows. */
  for (guint round = 2; round < G_N_ELEMENTS (expected_delays); round++) {
    fixture->now += (gint64) expected_delays[round - 1] * G_USEC_PER_SEC;
    g_assert_cmpuint (pos_roster_get_next_lockout_seconds (fixture->roster, fixture->ava), ==,
                      expected_delays[round]);
    fail_times (fixture, fixture->ava, 5, POS_ERROR_LOCKED_OUT);
    g_assert_cmpuint (pos_roster_get_lockout_remaining (fixture->roster, fixture->ava), ==,
                      expected_delays[round]);
  }
  g_assert_cmpuint (pos_roster_get_next_lockout_seconds (fixture->roster, fixture->ava), ==, 900);

  /* Both survive a restart (the page used to count by itself and forgot). */
  fixture->now += 900 * G_USEC_PER_SEC;
  fail_times (fixture, fixture->ava, 1, POS_ERROR_WRONG_PIN);
  close_roster (fixture);
  open_roster (fixture);
  g_assert_cmpuint (pos_roster_get_attempts_left (fixture->roster, fixture->ava), ==, 4);
  g_assert_cmpuint (pos_roster_get_next_lockout_seconds (fixture->roster, fixture->ava), ==, 900);

  /* The right PIN resets both. */
  agent = pos_roster_sign_in (fixture->roster, fixture->ava, "1234", &error);
  g_assert_no_error (error);
  g_assert_nonnull (agent);
  g_assert_cmpuint (pos_roster_get_attempts_left (fixture->roster, fixture->ava), ==, 5);
  g_assert_cmpuint (pos_roster_get_next_lockout_seconds (fixture->roster, fixture->ava), ==, 30);

  /* So does a new PIN. */
  fail_times (fixture, fixture->ava, 5, POS_ERROR_LOCKED_OUT);
  g_assert_true (pos_roster_set_pin (fixture->roster, fixture->ava, "9999", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pos_roster_get_attempts_left (fixture->roster, fixture->ava), ==, 5);
  g_assert_cmpuint (pos_roster_get_next_lockout_seconds (fixture->roster, fixture->ava), ==, 30);

  /* An unknown email looks like a fresh agent: the answers do not tell who is on the roster. */
  fail_times (fixture, "nobody@acme-utilities.example", 2, POS_ERROR_WRONG_PIN);
  g_assert_cmpuint (pos_roster_get_attempts_left (fixture->roster, "nobody@acme-utilities.example"),
                    ==, 5);
  g_assert_cmpuint (
    pos_roster_get_next_lockout_seconds (fixture->roster, "nobody@acme-utilities.example"), ==, 30);
  g_assert_cmpuint (pos_roster_get_attempts_left (fixture->roster, NULL), ==, 5);
  g_assert_cmpuint (pos_roster_get_next_lockout_seconds (fixture->roster, NULL), ==, 30);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pos/roster/pin-hash", test_pin_hash);
  g_test_add ("/pos/roster/seed-and-persist", Fixture, NULL, fixture_set_up, test_seed_and_persist,
              fixture_tear_down);
  g_test_add ("/pos/roster/manage", Fixture, NULL, fixture_set_up, test_manage, fixture_tear_down);
  g_test_add ("/pos/roster/sign-in", Fixture, NULL, fixture_set_up, test_sign_in,
              fixture_tear_down);
  g_test_add ("/pos/roster/lockout", Fixture, NULL, fixture_set_up, test_lockout,
              fixture_tear_down);
  g_test_add ("/pos/roster/attempts-left", Fixture, NULL, fixture_set_up, test_attempts_left,
              fixture_tear_down);

  return g_test_run ();
}
