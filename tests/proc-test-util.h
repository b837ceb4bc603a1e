/* proc-test-util.h: the processes a test started, as /proc sees them (WebKit's children).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

typedef struct {
  pid_t pid;
  pid_t parent;
  char *name; /* /proc/PID/comm: at most 15 bytes, e.g. "WebKitWebProces" */
} ProcTestProcess;

/* The live (not zombie) descendants of @ancestor; an array of ProcTestProcess. */
GArray *proc_test_descendants (pid_t ancestor);
/* How many of them have a name starting with @prefix ("WebKitWebProces", "WebKitNetworkPr"). */
guint proc_test_count_named (GArray *processes, const char *prefix);

/* Whether a string of the environment of process @pid (/proc/PID/environ: what it was started
 * with) contains @needle ("NAME=", a value). FALSE with @error when it cannot be read. Never
 * prints what it looks for: @needle may be a secret. */
gboolean proc_test_environ_has (pid_t pid, const char *needle, gboolean *found, GError **error);

G_END_DECLS
