/* test-wait.h: waiting on the main loop for an asynchronous result, with a deadline, for the
 * tests without a display (the UI tests have ui_wait_until()).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Iterates the default main context until *@done is TRUE; fails the test, naming @what, when that
 * has not happened within @seconds. */
void test_wait_until_done (gboolean *done, guint seconds, const char *what);

/* A source that fails the test, naming @what, after @seconds; remove it once the wait is over. */
guint test_wait_guard (guint seconds, const char *what);

G_END_DECLS
