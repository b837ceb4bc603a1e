/* paystar-sandbox-server.h: the Paystar gateway emulator as a GObject, for the paystar-sandbox
 * program, the app (in-process, port 0) and the tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "paystar-sandbox-error.h"

G_BEGIN_DECLS

#define PAYSTAR_SANDBOX_DEFAULT_SESSION_TTL  30 /* minutes */
#define PAYSTAR_SANDBOX_DEFAULT_MAX_SESSIONS 10000

/* Where the sandbox answers Paystar's Query API operations (whose real paths are not published),
 * for paystar_client_set_query_paths(). */
#define PAYSTAR_SANDBOX_QUERY_SESSION_PATH   "/_sandbox/query/sessions/{sessionIdentifier}"
#define PAYSTAR_SANDBOX_QUERY_REFERENCE_PATH "/_sandbox/query/sessions"

#define PAYSTAR_SANDBOX_TYPE_SERVER (paystar_sandbox_server_get_type ())

G_DECLARE_FINAL_TYPE (PaystarSandboxServer,
                      paystar_sandbox_server,
                      PAYSTAR_SANDBOX,
                      SERVER,
                      GObject)

/* Signals:
 * ::session-changed (PaystarSandboxServer *self, const char *identifier): a session was created
 * or its status changed (payment, decline, /_sandbox/.../complete). */

/* A server with the built-in fixtures, state in memory, random identifiers, not yet listening. */
PaystarSandboxServer *paystar_sandbox_server_new (void);

/* Replaces the accepted API keys (the fixtures' or the default "sandbox-key"); NULL or empty goes
 * back to those. */
void paystar_sandbox_server_set_api_keys (PaystarSandboxServer *self, const char *const *keys);
/* Identifiers from now on come from a GRand seeded with @seed (reproducible). */
void paystar_sandbox_server_set_seed (PaystarSandboxServer *self, guint64 seed);
/* Lifetime of sessions created from now on; 1 minute at least. */
void paystar_sandbox_server_set_session_ttl (PaystarSandboxServer *self, guint minutes);
guint paystar_sandbox_server_get_session_ttl (PaystarSandboxServer *self);
/* The same in seconds, for tests that cannot wait minutes (--session-ttl-seconds). */
void paystar_sandbox_server_set_session_ttl_seconds (PaystarSandboxServer *self, guint seconds);
/* The server's wall clock: microseconds since the Unix epoch. */
typedef gint64 (*PaystarSandboxClockFunc) (gpointer user_data);
/* For tests: the clock that session expiry and payment times are read from (default
 * g_get_real_time(); NULL goes back to it). The request log's times and durations stay real. */
void paystar_sandbox_server_set_clock (PaystarSandboxServer *self,
                                       PaystarSandboxClockFunc clock,
                                       gpointer user_data);
/* For tests of the program (its hidden --test-clock): the route POST /_sandbox/clock
 * {"advanceSeconds": N} moves the server's clock N seconds forward. Off (the default), the route
 * is not there. */
void paystar_sandbox_server_set_clock_control (PaystarSandboxServer *self, gboolean enabled);
/* The server's clock now: the clock set above plus what /_sandbox/clock advanced it by. */
gint64 paystar_sandbox_server_now (PaystarSandboxServer *self);
/* Most live sessions held at once (default 10000); past it expired unpaid sessions are dropped,
 * and when none are, initiate answers 503. */
void paystar_sandbox_server_set_max_sessions (PaystarSandboxServer *self, guint max_sessions);
guint paystar_sandbox_server_get_max_sessions (PaystarSandboxServer *self);

/* Replaces the built-in fixtures with a fixtures file (format in the README, "Fixtures file").
 * On error (PAYSTAR_SANDBOX_ERROR_FIXTURES) the fixtures in use stay. */
gboolean
paystar_sandbox_server_load_fixtures (PaystarSandboxServer *self, const char *path, GError **error);
/* Keeps sessions, accounts, customers and client references in @dir/paystar-sandbox.db across
 * restarts, loading what is there. Call once, before paystar_sandbox_server_listen(). */
gboolean
paystar_sandbox_server_set_data_dir (PaystarSandboxServer *self, const char *dir, GError **error);

/* Listens on @host (NULL: 127.0.0.1; also a 127.0.0.0/8 address, "::1" or "localhost", which
 * means 127.0.0.1) and @port (0: a free port), in the thread-default main context. Anything that
 * is not loopback is PAYSTAR_SANDBOX_ERROR_NOT_LOOPBACK. */
gboolean paystar_sandbox_server_listen (PaystarSandboxServer *self,
                                        const char *host,
                                        guint port,
                                        GError **error);
/* "http://127.0.0.1:PORT" (or "http://[::1]:PORT"), without a trailing slash; NULL before
 * listening. */
const char *paystar_sandbox_server_get_base_uri (PaystarSandboxServer *self);
/* The port listened on, 0 before listening. */
guint paystar_sandbox_server_get_port (PaystarSandboxServer *self);
/* Stops listening and closes every connection; the state stays (and may be listened on again). */
void paystar_sandbox_server_shutdown (PaystarSandboxServer *self);

G_END_DECLS
