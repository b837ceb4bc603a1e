/* paystar-sandbox-main.c: the paystar-sandbox program: runs the Paystar gateway emulator on a
 * loopback port until SIGINT or SIGTERM.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "paystar-sandbox-server.h"

#define EXIT_USAGE 2

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* libsoup 3.2 warns (in GLib-GObject) when a request carries a negative Content-Length, before
 * any handler of ours runs. Under G_DEBUG=fatal-warnings, as in the tests, that warning would let
 * any client stop the sandbox; it alone is made non-fatal, every other warning stays fatal. */
static gboolean
on_fatal_log (const char *log_domain,
              GLogLevelFlags log_level,
              const char *message,
              gpointer user_data)
{
  if (g_strcmp0 (log_domain, "GLib-GObject") == 0 && message != NULL &&
      strstr (message, "'content-length'") != NULL)
    return FALSE;
  return TRUE;
}

/* GLib's default writer sends debug and info messages to stdout, where scripts expect exactly
 * one line; everything goes to stderr instead. */
static GLogWriterOutput
log_to_stderr (GLogLevelFlags log_level,
               const GLogField *fields,
               gsize n_fields,
               gpointer user_data)
{
  const char *domain = NULL;
  g_autofree char *line = NULL;

  for (gsize i = 0; i < n_fields; i++) {
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN") && fields[i].length < 0)
      domain = fields[i].value;
  }
  if (g_log_writer_default_would_drop (log_level, domain))
    return G_LOG_WRITER_HANDLED;
  line = g_log_writer_format_fields (log_level, fields, n_fields, FALSE);
  fprintf (stderr, "%s\n", line);
  fflush (stderr);
  return G_LOG_WRITER_HANDLED;
}

static int
fail_usage (const char *message)
{
  g_printerr ("paystar-sandbox: %s\n", message);
  return EXIT_USAGE;
}

int
main (int argc, char *argv[])
{
  g_autofree char *host = NULL;
  g_autofree char *port_file = NULL;
  g_autofree char *fixtures = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *seed_text = NULL;
  g_auto (GStrv) api_keys = NULL;
  int port = 0;
  int session_ttl = PAYSTAR_SANDBOX_DEFAULT_SESSION_TTL;
  int session_ttl_seconds = 0;
  int max_sessions = PAYSTAR_SANDBOX_DEFAULT_MAX_SESSIONS;
  gboolean test_clock = FALSE;
  const GOptionEntry entries[] = {
    { "host", 0, 0, G_OPTION_ARG_STRING, &host,
      N_ ("Loopback address to listen on (127.0.0.1, another 127.x.y.z, ::1 or localhost)"),
      N_ ("HOST") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, N_ ("Port to listen on; 0 picks a free one"),
      N_ ("PORT") },
    { "port-file", 0, 0, G_OPTION_ARG_FILENAME, &port_file,
      N_ ("Write the sandbox's URL to FILE once it listens"), N_ ("FILE") },
    { "api-key", 0, 0, G_OPTION_ARG_STRING_ARRAY, &api_keys,
      N_ ("Accept this API key instead of the fixtures' (repeatable)"), N_ ("KEY") },
    { "fixtures", 0, 0, G_OPTION_ARG_FILENAME, &fixtures,
      N_ ("Replace the built-in business units and users with a fixtures file"), N_ ("FILE") },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
      N_ ("Keep sessions, accounts and customers in DIR across restarts"), N_ ("DIR") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text,
      N_ ("Make identifiers reproducible from this number"), N_ ("N") },
    { "session-ttl", 0, 0, G_OPTION_ARG_INT, &session_ttl,
      N_ ("Minutes before an unpaid session expires (default 30)"), N_ ("MINUTES") },
    { "session-ttl-seconds", 0, 0, G_OPTION_ARG_INT, &session_ttl_seconds,
      N_ ("Seconds before an unpaid session expires, for tests and load tests"), N_ ("SECONDS") },
    { "max-sessions", 0, 0, G_OPTION_ARG_INT, &max_sessions,
      N_ ("Sessions kept at most (default 10000); when all are live, initiate answers 503"),
      N_ ("N") },
    /* For tests of expiry: POST /_sandbox/clock moves the clock instead of the test sleeping. */
    { "test-clock", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &test_clock, NULL, NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarSandboxServer) server = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  guint sigint_id, sigterm_id;

  g_log_set_writer_func (log_to_stderr, NULL, NULL);
  g_test_log_set_fatal_handler (on_fatal_log, NULL);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (
    context, _ ("A local emulator of the Paystar Embedded API for development and "
                "tests. No real money moves."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail_usage (error->message);
  if (argc > 1) {
    g_autofree char *message = g_strdup_printf (_ ("Unexpected argument “%s”."), argv[1]);

    return fail_usage (message);
  }
  if (port < 0 || port > 65535)
    return fail_usage (_ ("--port must be between 0 and 65535."));
  if (session_ttl < 1 || session_ttl > 7 * 24 * 60)
    return fail_usage (_ ("--session-ttl must be between 1 and 10080 minutes."));
  if (session_ttl_seconds < 0)
    return fail_usage (_ ("--session-ttl-seconds must be positive."));
  if (max_sessions < 1)
    return fail_usage (_ ("--max-sessions must be positive."));

  server = paystar_sandbox_server_new ();
  if (seed_text != NULL) {
    guint64 seed;

    if (!g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &seed, NULL))
      return fail_usage (_ ("--seed must be a whole number between 0 and 18446744073709551615."));
    paystar_sandbox_server_set_seed (server, seed);
  }
  paystar_sandbox_server_set_session_ttl (server, (guint) session_ttl);
  if (session_ttl_seconds > 0)
    paystar_sandbox_server_set_session_ttl_seconds (server, (guint) session_ttl_seconds);
  paystar_sandbox_server_set_max_sessions (server, (guint) max_sessions);
  paystar_sandbox_server_set_clock_control (server, test_clock);

  if (fixtures != NULL && !paystar_sandbox_server_load_fixtures (server, fixtures, &error))
    return fail_usage (error->message);
  if (api_keys != NULL) {
    for (guint i = 0; api_keys[i] != NULL; i++) {
      /* Never echo the key itself. */
      if (api_keys[i][0] == '\0' || strpbrk (api_keys[i], " \t\r\n") != NULL)
        return fail_usage (_ ("--api-key must be non-empty and contain no white space."));
    }
    paystar_sandbox_server_set_api_keys (server, (const char *const *) api_keys);
  }

  /* Before the ready line: a script may signal as soon as it sees it. */
  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, on_signal, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, loop);

  if (data_dir != NULL && !paystar_sandbox_server_set_data_dir (server, data_dir, &error)) {
    g_printerr ("paystar-sandbox: %s\n", error->message);
    return EXIT_FAILURE;
  }

  if (!paystar_sandbox_server_listen (server, host, (guint) port, &error)) {
    if (g_error_matches (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_NOT_LOOPBACK))
      return fail_usage (error->message);
    g_printerr ("paystar-sandbox: %s\n", error->message);
    return EXIT_FAILURE;
  }

  /* The one line a script waits for, then the port file, written atomically. */
  printf ("paystar-sandbox listening on %s\n", paystar_sandbox_server_get_base_uri (server));
  fflush (stdout);
  /* Exactly the URL, no newline: g_file_set_contents() renames a complete file into place, so a
   * reader never sees part of it. */
  if (port_file != NULL) {
    if (!g_file_set_contents (port_file, paystar_sandbox_server_get_base_uri (server), -1,
                              &error)) {
      g_printerr ("paystar-sandbox: %s\n", error->message);
      return EXIT_FAILURE;
    }
  }

  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  paystar_sandbox_server_shutdown (server);
  return EXIT_SUCCESS;
}
