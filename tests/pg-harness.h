/* pg-harness.h: a real PostgreSQL 15 server for the office tests: initdb into a temporary folder
 * (as an unprivileged user when the tests run as root: the server refuses root), listening on a
 * Unix socket in that folder only, trust authentication (nothing but this folder can reach it),
 * stopped and removed at the end.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PgServer PgServer;

/* The folder of initdb, pg_ctl and postgres: $PG_BINDIR, else Debian 12's
 * /usr/lib/postgresql/15/bin, else initdb's folder on PATH. NULL when there is none. */
char *pg_harness_find_bindir (void);

/* Skips the test, saying why, when the server's programs are missing; fails it instead under CI
 * (CI is set), where build-aux/install-deps always installs them. TRUE when they are there. */
gboolean pg_harness_require (void);

/* A new server with superuser "office" (fails the test when it cannot start), fsync off. */
PgServer *pg_server_start (void);
/* The same with fsync on, as a real office database runs (for benchmarks). */
PgServer *pg_server_start_durable (void);
/* "host=<socket folder> dbname=postgres user=@user". */
char *pg_server_conninfo (PgServer *server, const char *user);
/* pg_ctl stop -m immediate (a crash, for the server) or -m fast. */
void pg_server_stop (PgServer *server, gboolean immediate);
/* pg_ctl start again after a stop. */
void pg_server_resume (PgServer *server);
/* Stops the server if it runs and removes its folder. */
void pg_server_free (PgServer *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PgServer, pg_server_free)

G_END_DECLS
