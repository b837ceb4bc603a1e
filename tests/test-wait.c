/* test-wait.c: waiting on the main loop for an asynchronous result, with a deadline.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-wait.h"

typedef struct {
  guint seconds;
  char *what;
} Guard;

static gboolean
guard_expired (gpointer user_data)
{
  Guard *guard = user_data;

  g_error ("%s did not happen within %u seconds", guard->what, guard->seconds);
  return G_SOURCE_REMOVE;
}

static void
guard_free (gpointer user_data)
{
  Guard *guard = user_data;

  g_free (guard->what);
  g_free (guard);
}

guint
test_wait_guard (guint seconds, const char *what)
{
  Guard *guard = g_new0 (Guard, 1);

  guard->seconds = seconds;
  guard->what = g_strdup (what);
  return g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, seconds, guard_expired, guard, guard_free);
}

void
test_wait_until_done (gboolean *done, guint seconds, const char *what)
{
  guint guard = test_wait_guard (seconds, what);

  while (!*done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}
