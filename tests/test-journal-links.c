/* test-journal-links.c: pos_journal_rewrite_session_links(): only the links of the old origin,
 * of the hosted page's shape and of the sale's own session move; nothing else changes.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-journal-links.h"
#include "pos-test-util.h"
#include "pos.h"

#define OLD "http://127.0.0.1:8080"
#define NEW "http://127.0.0.1:39001"

static gint64
add_created (PosTestFixture *f, const char *reference, const char *identifier, const char *link)
{
  g_autoptr (GError) error = NULL;
  gint64 id = pos_journal_begin_submit (f->journal, f->ava, "{}", reference, 100, &error);

  g_assert_no_error (error);
  g_assert_true (pos_journal_set_created (f->journal, id, identifier, link, "{}", &error));
  g_assert_no_error (error);
  return id;
}

static char *
link_of (PosTestFixture *f, gint64 id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosSaleRecord) record = pos_journal_lookup (f->journal, id, &error);

  g_assert_no_error (error);
  return g_strdup (pos_sale_record_get_session_link (record));
}

static void
assert_link (PosTestFixture *f, gint64 id, const char *expected)
{
  g_autofree char *link = link_of (f, id);

  g_assert_cmpstr (link, ==, expected);
}

static void
test_rewrite (void)
{
  PosTestFixture fixture = { 0 };
  PosTestFixture *f = &fixture;
  g_autoptr (GError) error = NULL;
  gint64 moved, moved_other_slug, other_origin, longer_port, other_session, other_shape;
  gint64 submitting;
  g_autoptr (PosSaleRecord) before = NULL;
  g_autoptr (PosSaleRecord) after = NULL;

  pos_test_fixture_set_up (f, "paystar-journal-links-XXXXXX",
                           G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC);
  f->journal = pos_test_journal_open (f->path, &f->now);

  moved = add_created (f, "R-1", "aaa111", OLD "/app/embedded/acme-utilities/session/aaa111");
  moved_other_slug =
    add_created (f, "R-2", "bbb222", OLD "/app/embedded/other-unit/session/bbb222");
  /* Another origin, even one that starts with the old one's text, stays. */
  other_origin = add_created (f, "R-3", "ccc333",
                              "https://dev.paystar.io/app/embedded/acme-utilities/session/ccc333");
  longer_port =
    add_created (f, "R-4", "ddd444", OLD "1/app/embedded/acme-utilities/session/ddd444");
  /* A link on the old origin that is not this sale's session, or not the hosted page, stays. */
  other_session =
    add_created (f, "R-5", "eee555", OLD "/app/embedded/acme-utilities/session/fff666");
  other_shape = add_created (f, "R-6", "ggg777", OLD "/app/embedded/acme-utilities/ggg777");
  submitting = pos_journal_begin_submit (f->journal, f->ava, "{}", "R-7", 100, &error);
  g_assert_no_error (error);
  before = pos_journal_lookup (f->journal, moved, &error);
  g_assert_no_error (error);

  f->now += G_USEC_PER_SEC;
  g_assert_true (pos_journal_rewrite_session_links (f->journal, OLD, NEW, &error));
  g_assert_no_error (error);

  assert_link (f, moved, NEW "/app/embedded/acme-utilities/session/aaa111");
  assert_link (f, moved_other_slug, NEW "/app/embedded/other-unit/session/bbb222");
  assert_link (f, other_origin,
               "https://dev.paystar.io/app/embedded/acme-utilities/session/ccc333");
  assert_link (f, longer_port, OLD "1/app/embedded/acme-utilities/session/ddd444");
  assert_link (f, other_session, OLD "/app/embedded/acme-utilities/session/fff666");
  assert_link (f, other_shape, OLD "/app/embedded/acme-utilities/ggg777");
  assert_link (f, submitting, NULL);

  /* Only the link changed: the sale keeps its status, its identifier and its times. */
  after = pos_journal_lookup (f->journal, moved, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pos_sale_record_get_status (after), ==, pos_sale_record_get_status (before));
  g_assert_cmpstr (pos_sale_record_get_session_identifier (after), ==, "aaa111");
  g_assert_cmpint (pos_sale_record_get_updated (after), ==, pos_sale_record_get_updated (before));

  /* Again, or to the same origin: nothing left to move. */
  g_assert_true (pos_journal_rewrite_session_links (f->journal, OLD, NEW, &error));
  g_assert_true (pos_journal_rewrite_session_links (f->journal, NEW, NEW, &error));
  g_assert_no_error (error);
  assert_link (f, moved, NEW "/app/embedded/acme-utilities/session/aaa111");

  /* And back. */
  g_assert_true (pos_journal_rewrite_session_links (f->journal, NEW, OLD, &error));
  assert_link (f, moved, OLD "/app/embedded/acme-utilities/session/aaa111");
  assert_link (f, moved_other_slug, OLD "/app/embedded/other-unit/session/bbb222");

  pos_test_fixture_tear_down (f);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pos/journal-links/rewrite", test_rewrite);

  return g_test_run ();
}
