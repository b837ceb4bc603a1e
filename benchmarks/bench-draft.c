/* bench-draft.c: how much typing a kill -9 loses, measured, not asserted.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-draft [--runs N] [--delays MS,MS,...] [--chars N] [--interval MS]
 *
 * For each delay (default 50,100,300 ms) and each run (default 20): a child process (this program
 * with --child) keys a sale through PosCheckout the way the sale page does, one character of a
 * charge's description every --interval ms (default 60: a fast typist), printing the number of
 * characters after each edit. After the last one the parent waits the delay, kills the child
 * with SIGKILL, opens the journal and counts the characters the restored draft holds. It prints,
 * per delay, how many runs lost something and the most characters one run lost.
 * Not a test: the figures depend on the machine and its disk. See README, "Nothing lost".
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "pos.h"

#define AGENT_NAME "ava"

static int runs = 20;
static char *delays_text = NULL;
static int n_chars = 30;
static int interval_ms = 60;
static char *child_path = NULL;

static GOptionEntry entries[] = {
  { "runs", 'r', 0, G_OPTION_ARG_INT, &runs, "Runs per delay (default 20)", "N" },
  { "delays", 'd', 0, G_OPTION_ARG_STRING, &delays_text,
    "Milliseconds from the last edit to the kill (default 50,100,300)", "MS,..." },
  { "chars", 'c', 0, G_OPTION_ARG_INT, &n_chars, "Characters typed per run (default 30)", "N" },
  { "interval", 'i', 0, G_OPTION_ARG_INT, &interval_ms,
    "Milliseconds between two characters (default 60)", "MS" },
  { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &child_path, NULL, NULL },
  { NULL }
};

static char *
agent_email (void)
{
  /* Built from its parts: some tools rewrite typed addresses. */
  return g_strconcat (AGENT_NAME, "@", "acme-utilities.example", NULL);
}

typedef struct {
  PosCheckout *checkout;
  GString *text;
  int typed;
} Typist;

static gboolean
type_next (gpointer user_data)
{
  Typist *typist = user_data;
  PosCharge *charge = pos_sale_get_charge (pos_checkout_get_sale (typist->checkout), 0);

  g_string_append_c (typist->text, (char) ('a' + typist->typed % 26));
  pos_charge_set_description (charge, typist->text->str);
  typist->typed++;
  g_print ("%d\n", typist->typed);
  fflush (stdout);
  return typist->typed < n_chars ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static int
run_child (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosJournal) journal = NULL;
  g_autofree char *agent = agent_email ();
  Typist typist = { 0 };

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  journal = pos_journal_open (path, &error);
  if (journal == NULL) {
    g_printerr ("%s\n", error->message);
    return 1;
  }
  typist.checkout = pos_checkout_new (journal, agent, "bench");
  typist.text = g_string_new (NULL);
  g_timeout_add (interval_ms, type_next, &typist);
  /* Until the parent kills us. */
  for (;;)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}

/* Characters of the description the journal holds for the agent's draft (0 when none). */
static int
restored_chars (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosJournal) journal = pos_journal_open (path, &error);
  g_autofree char *agent = agent_email ();
  g_autoptr (PosCheckout) checkout = NULL;
  const char *description;

  if (journal == NULL)
    g_error ("The journal could not be opened: %s", error->message);
  checkout = pos_checkout_resume (journal, agent, "bench", &error);
  if (error != NULL)
    g_error ("The draft could not be read: %s", error->message);
  if (checkout == NULL)
    return 0;
  description =
    pos_charge_get_description (pos_sale_get_charge (pos_checkout_get_sale (checkout), 0));
  return description != NULL ? (int) strlen (description) : 0;
}

static int
one_run (const char *self_exe, int delay_ms)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-draft-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *line = NULL;
  g_autofree char *chars = g_strdup_printf ("%d", n_chars);
  g_autofree char *interval = g_strdup_printf ("%d", interval_ms);
  g_autoptr (GSubprocess) child = NULL;
  g_autoptr (GDataInputStream) lines = NULL;
  int typed = 0;
  int kept;

  if (dir == NULL)
    g_error ("%s", error->message);
  path = g_build_filename (dir, "journal.sqlite", NULL);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self_exe, "--child", path,
                            "--chars", chars, "--interval", interval, NULL);
  if (child == NULL)
    g_error ("%s", error->message);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  while (typed < n_chars) {
    g_free (line);
    line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
    if (line == NULL)
      g_error ("The child stopped: %s", error != NULL ? error->message : "end of output");
    typed = atoi (line);
  }
  /* The last edit was made just before its line was written. */
  g_usleep ((gulong) delay_ms * 1000);
  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, NULL);

  kept = restored_chars (path);
  {
    g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;

    while (listing != NULL && (name = g_dir_read_name (listing)) != NULL) {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_unlink (file);
    }
    g_rmdir (dir);
  }
  return typed - kept;
}

int
main (int argc, char *argv[])
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *self_exe = NULL;
  g_auto (GStrv) delays = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error)) {
    g_printerr ("%s\n", error->message);
    return 2;
  }
  if (child_path != NULL)
    return run_child (child_path);

  self_exe = g_file_read_link ("/proc/self/exe", &error);
  if (self_exe == NULL) {
    g_printerr ("%s\n", error->message);
    return 1;
  }
  delays = g_strsplit (delays_text != NULL ? delays_text : "50,100,300", ",", -1);
  g_print ("draft delay %d ms, %d characters typed %d ms apart, %d runs per kill delay\n",
           POS_CHECKOUT_DEFAULT_DRAFT_DELAY_MS, n_chars, interval_ms, runs);
  g_print ("%-22s %-16s %-18s %s\n", "kill after last edit", "runs with loss", "most chars lost",
           "chars lost in all");
  for (guint d = 0; delays[d] != NULL; d++) {
    int delay = atoi (delays[d]);
    g_autofree char *delay_text = g_strdup_printf ("%d ms", delay);
    g_autofree char *loss_text = NULL;
    int with_loss = 0;
    int most = 0;
    int total = 0;

    for (int r = 0; r < runs; r++) {
      int lost = one_run (self_exe, delay);

      if (lost > 0)
        with_loss++;
      most = MAX (most, lost);
      total += lost;
    }
    loss_text = g_strdup_printf ("%d of %d", with_loss, runs);
    g_print ("%-22s %-16s %-18d %d\n", delay_text, loss_text, most, total);
  }
  return 0;
}
