/* proc-test-util.c: the processes a test started, as /proc sees them (WebKit's children).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "proc-test-util.h"

#include <stdlib.h>
#include <string.h>

static void
process_clear (gpointer data)
{
  ProcTestProcess *process = data;

  g_free (process->name);
}

/* The parent and state of @pid from /proc/PID/stat; FALSE when it is gone. */
static gboolean
read_stat (pid_t pid, pid_t *parent, char *state)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  /* "PID (comm) S PPID ...": the name may hold spaces and parentheses. */
  after_name = strrchr (text, ')');
  if (after_name == NULL || strlen (after_name) < 5)
    return FALSE;
  *state = after_name[2];
  *parent = (pid_t) strtol (after_name + 4, NULL, 10);
  return TRUE;
}

static char *
read_name (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/comm", (int) pid);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("?");
  return g_strchomp (text);
}

GArray *
proc_test_descendants (pid_t ancestor)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc", 0, NULL);
  g_autoptr (GArray) all = g_array_new (FALSE, TRUE, sizeof (ProcTestProcess));
  g_autoptr (GHashTable) tree = g_hash_table_new (NULL, NULL);
  GArray *found = g_array_new (FALSE, TRUE, sizeof (ProcTestProcess));
  const char *entry;

  g_array_set_clear_func (found, process_clear);
  g_assert_nonnull (dir);
  while ((entry = g_dir_read_name (dir)) != NULL) {
    ProcTestProcess process = { 0 };
    char state = '?';
    char *end = NULL;
    long pid = strtol (entry, &end, 10);

    if (pid <= 0 || *end != '\0')
      continue;
    process.pid = (pid_t) pid;
    if (!read_stat (process.pid, &process.parent, &state) || state == 'Z' || state == 'X')
      continue;
    g_array_append_val (all, process);
  }

  /* Until nothing is added: a process joins once its parent has (or is @ancestor). */
  g_hash_table_add (tree, GINT_TO_POINTER (ancestor));
  for (gboolean added = TRUE; added;) {
    added = FALSE;
    for (guint i = 0; i < all->len; i++) {
      ProcTestProcess *candidate = &g_array_index (all, ProcTestProcess, i);
      ProcTestProcess copy;

      if (g_hash_table_contains (tree, GINT_TO_POINTER (candidate->pid)) ||
          !g_hash_table_contains (tree, GINT_TO_POINTER (candidate->parent)))
        continue;
      g_hash_table_add (tree, GINT_TO_POINTER (candidate->pid));
      copy = *candidate;
      copy.name = read_name (copy.pid);
      g_array_append_val (found, copy);
      added = TRUE;
    }
  }
  return found;
}

guint
proc_test_count_named (GArray *processes, const char *prefix)
{
  guint count = 0;

  for (guint i = 0; i < processes->len; i++) {
    if (g_str_has_prefix (g_array_index (processes, ProcTestProcess, i).name, prefix))
      count++;
  }
  return count;
}

gboolean
proc_test_environ_has (pid_t pid, const char *needle, gboolean *found, GError **error)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/environ", (int) pid);
  g_autofree char *contents = NULL;
  gsize length = 0;

  *found = FALSE;
  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  /* NUL-separated "NAME=value" strings. */
  for (gsize offset = 0; offset < length; offset += strlen (contents + offset) + 1) {
    if (strstr (contents + offset, needle) != NULL)
      *found = TRUE;
  }
  explicit_bzero (contents, length);
  return TRUE;
}
