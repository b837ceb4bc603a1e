/* pg-harness.c: a real PostgreSQL server in a temporary folder, for the office tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pg-harness.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <unistd.h>

#include "pos-test-util.h"

struct _PgServer {
  char *dir;
  char *bindir;
  GSubprocess *postgres; /* the server while it runs */
  gboolean durable;
  uid_t uid; /* who runs the server: the test's user, or nobody when that is root */
  gid_t gid;
};

char *
pg_harness_find_bindir (void)
{
  const char *env = g_getenv ("PG_BINDIR");
  g_autofree char *on_path = g_find_program_in_path ("initdb");
  g_autofree char *initdb = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  initdb = g_build_filename ("/usr/lib/postgresql/15/bin", "initdb", NULL);
  if (g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup ("/usr/lib/postgresql/15/bin");
  return on_path != NULL ? g_path_get_dirname (on_path) : NULL;
}

gboolean
pg_harness_require (void)
{
  g_autofree char *bindir = pg_harness_find_bindir ();

  if (bindir != NULL)
    return TRUE;
  if (g_getenv ("CI") != NULL)
    g_error ("PostgreSQL's server programs are missing (initdb, pg_ctl); build-aux/install-deps "
             "installs them (package postgresql).");
  g_test_skip ("PostgreSQL's server programs (initdb, pg_ctl) are not installed: run "
               "build-aux/install-deps, or set PG_BINDIR.");
  return FALSE;
}

/* @argv (a server program and its arguments) as the server's user: through setpriv, which also
 * makes the program get SIGKILL when the test process dies, so that a test that fails halfway
 * leaves no server behind. */
static GPtrArray *
command (PgServer *server, const char *const *argv)
{
  GPtrArray *full = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (full, g_strdup ("setpriv"));
  if (server->uid != getuid ()) {
    g_ptr_array_add (full, g_strdup_printf ("--reuid=%u", (unsigned) server->uid));
    g_ptr_array_add (full, g_strdup_printf ("--regid=%u", (unsigned) server->gid));
    g_ptr_array_add (full, g_strdup ("--clear-groups"));
  }
  g_ptr_array_add (full, g_strdup ("--pdeathsig=KILL"));
  g_ptr_array_add (full, g_strdup ("--"));
  g_ptr_array_add (full, g_build_filename (server->bindir, argv[0], NULL));
  for (guint i = 1; argv[i] != NULL; i++)
    g_ptr_array_add (full, g_strdup (argv[i]));
  g_ptr_array_add (full, NULL);
  return full;
}

/* Runs @argv (a server program) as the server's user; fails the test with its output. */
static void
run (PgServer *server, const char *const *argv)
{
  g_autoptr (GPtrArray) full = command (server, argv);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync (server->dir, (char **) full->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error)) {
    g_autofree char *log = NULL;
    g_autofree char *log_path = g_build_filename (server->dir, "server.log", NULL);

    g_file_get_contents (log_path, &log, NULL, NULL);
    g_error ("%s failed: %s\n%s\n%s\nserver log:\n%s", argv[0], error != NULL ? error->message : "",
             out, err, log != NULL ? log : "(none)");
  }
}

static PgServer *
start (gboolean durable)
{
  PgServer *server = g_new0 (PgServer, 1);
  g_autofree char *data = NULL;

  server->durable = durable;
  server->bindir = pg_harness_find_bindir ();
  g_assert_nonnull (server->bindir);
  server->dir = pos_test_make_tmp_dir ("paystar-office-XXXXXX");
  server->uid = getuid ();
  server->gid = getgid ();
  if (server->uid == 0) {
    struct passwd *nobody = getpwnam ("nobody");

    g_assert_nonnull (nobody);
    server->uid = nobody->pw_uid;
    server->gid = nobody->pw_gid;
    g_assert_cmpint (chown (server->dir, server->uid, server->gid), ==, 0);
  }
  data = g_build_filename (server->dir, "data", NULL);
  {
    const char *const argv[] = { "initdb",      "-D",           data, "-U",
                                 "office",      "--auth=trust", "-E", "UTF8",
                                 "--no-locale", "--no-sync",    NULL };

    run (server, argv);
  }
  pg_server_resume (server);
  return server;
}

PgServer *
pg_server_start (void)
{
  return start (FALSE);
}

PgServer *
pg_server_start_durable (void)
{
  return start (TRUE);
}

void
pg_server_resume (PgServer *server)
{
  g_autofree char *data = g_build_filename (server->dir, "data", NULL);
  g_autofree char *log = g_build_filename (server->dir, "server.log", NULL);
  g_autofree char *conninfo = pg_server_conninfo (server, "office");
  g_autoptr (GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) full = NULL;
  /* No TCP at all; the socket in the test's folder; fsync off unless durable: a test's data need
   * not survive a power cut (an immediate stop is a crash of the server, not of the machine). */
  const char *const argv[] = { "postgres",
                               "-D",
                               data,
                               "-k",
                               server->dir,
                               "-c",
                               "listen_addresses=",
                               "-c",
                               server->durable ? "fsync=on" : "fsync=off",
                               "-c",
                               "max_connections=40",
                               NULL };
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  g_assert_null (server->postgres);
  full = command (server, argv);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  server->postgres =
    g_subprocess_launcher_spawnv (launcher, (const char *const *) full->pdata, &error);
  g_assert_no_error (error);
  /* Ready when it accepts connections (or gone, with its reasons in the log). */
  while (PQping (conninfo) != PQPING_OK) {
    if (g_get_monotonic_time () > deadline ||
        g_subprocess_get_identifier (server->postgres) == NULL) {
      g_autofree char *text = NULL;

      g_file_get_contents (log, &text, NULL, NULL);
      g_error ("PostgreSQL did not start:\n%s", text != NULL ? text : "(no log)");
    }
    g_main_context_iteration (NULL, FALSE);
    g_usleep (10000);
  }
}

void
pg_server_stop (PgServer *server, gboolean immediate)
{
  g_autofree char *data = g_build_filename (server->dir, "data", NULL);
  const char *const argv[] = { "pg_ctl", "-D",   data, "-m", immediate ? "immediate" : "fast",
                               "-w",     "stop", NULL };
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (server->postgres);
  run (server, argv);
  g_subprocess_wait (server->postgres, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&server->postgres);
}

char *
pg_server_conninfo (PgServer *server, const char *user)
{
  return g_strdup_printf ("host=%s dbname=postgres user=%s", server->dir, user);
}

void
pg_server_free (PgServer *server)
{
  if (server == NULL)
    return;
  if (server->postgres != NULL)
    pg_server_stop (server, FALSE);
  pos_test_remove_tree (server->dir);
  g_free (server->dir);
  g_free (server->bindir);
  g_free (server);
}
