/* paystar-sandbox-server.c: the Paystar gateway emulator as a GObject: listening, the Host check,
 * routing, request bodies and the request log.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything runs in the main context the server listens in, one request at a time, so the
 * check that a ClientReference is free and its recording happen without anything in between:
 * concurrent requests with one reference cannot both succeed.
 */
#include "config.h"

#include "paystar-sandbox-server.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "paystar-json.h"
#include "paystar-sandbox-cards.h"
#include "paystar-sandbox-idle.h"
#include "paystar-sandbox-resources.h"
#include "paystar-sandbox-server-private.h"

#define STATE_KEY      "paystar-sandbox-state"
#define LISTEN_BACKLOG 512

G_DEFINE_FINAL_TYPE (PaystarSandboxServer, paystar_sandbox_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PORT,
  PROP_BASE_URI,
  PROP_SESSION_TTL,
  PROP_MAX_SESSIONS,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void server_early_handler (SoupServer *soup,
                                  SoupServerMessage *msg,
                                  const char *path,
                                  GHashTable *query,
                                  gpointer user_data);
static void server_handler (SoupServer *soup,
                            SoupServerMessage *msg,
                            const char *path,
                            GHashTable *query,
                            gpointer user_data);
static void on_request_started (SoupServer *soup, SoupServerMessage *msg, gpointer user_data);
static void on_request_finished (SoupServer *soup, SoupServerMessage *msg, gpointer user_data);

static void
paystar_sandbox_server_dispose (GObject *object)
{
  PaystarSandboxServer *self = PAYSTAR_SANDBOX_SERVER (object);

  if (self->soup != NULL) {
    g_signal_handlers_disconnect_by_data (self->soup, self);
    soup_server_disconnect (self->soup);
    g_clear_object (&self->soup);
  }

  G_OBJECT_CLASS (paystar_sandbox_server_parent_class)->dispose (object);
}

static void
paystar_sandbox_server_finalize (GObject *object)
{
  PaystarSandboxServer *self = PAYSTAR_SANDBOX_SERVER (object);

  g_clear_pointer (&self->fixtures, paystar_sandbox_fixtures_free);
  g_clear_pointer (&self->api_keys, g_strfreev);
  g_clear_pointer (&self->ids, paystar_sandbox_ids_free);
  g_clear_pointer (&self->store, paystar_sandbox_store_free);
  g_clear_pointer (&self->log, paystar_sandbox_log_free);
  g_clear_pointer (&self->page_template, g_bytes_unref);
  g_clear_pointer (&self->base_uri, g_free);
  g_clear_pointer (&self->host_literal, g_free);

  G_OBJECT_CLASS (paystar_sandbox_server_parent_class)->finalize (object);
}

static void
paystar_sandbox_server_get_property (GObject *object,
                                     guint prop_id,
                                     GValue *value,
                                     GParamSpec *pspec)
{
  PaystarSandboxServer *self = PAYSTAR_SANDBOX_SERVER (object);

  switch (prop_id) {
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_BASE_URI:
      g_value_set_string (value, self->base_uri);
      break;
    case PROP_SESSION_TTL:
      g_value_set_uint (value, paystar_sandbox_server_get_session_ttl (self));
      break;
    case PROP_MAX_SESSIONS:
      g_value_set_uint (value, self->max_sessions);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
paystar_sandbox_server_set_property (GObject *object,
                                     guint prop_id,
                                     const GValue *value,
                                     GParamSpec *pspec)
{
  PaystarSandboxServer *self = PAYSTAR_SANDBOX_SERVER (object);

  switch (prop_id) {
    case PROP_SESSION_TTL:
      paystar_sandbox_server_set_session_ttl (self, g_value_get_uint (value));
      break;
    case PROP_MAX_SESSIONS:
      paystar_sandbox_server_set_max_sessions (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
paystar_sandbox_server_class_init (PaystarSandboxServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = paystar_sandbox_server_dispose;
  object_class->finalize = paystar_sandbox_server_finalize;
  object_class->get_property = paystar_sandbox_server_get_property;
  object_class->set_property = paystar_sandbox_server_set_property;

  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BASE_URI] =
    g_param_spec_string ("base-uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SESSION_TTL] = g_param_spec_uint (
    "session-ttl", NULL, NULL, 1, G_MAXUINT / 60, PAYSTAR_SANDBOX_DEFAULT_SESSION_TTL,
    G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MAX_SESSIONS] = g_param_spec_uint (
    "max-sessions", NULL, NULL, 1, G_MAXUINT, PAYSTAR_SANDBOX_DEFAULT_MAX_SESSIONS,
    G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SESSION_CHANGED] =
    g_signal_new ("session-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
paystar_sandbox_server_init (PaystarSandboxServer *self)
{
  self->fixtures = paystar_sandbox_fixtures_new_builtin ();
  self->ids = paystar_sandbox_ids_new_random ();
  self->store = paystar_sandbox_store_new ();
  self->log = paystar_sandbox_log_new (PAYSTAR_SANDBOX_LOG_MAX_ENTRIES);
  self->session_ttl_seconds = PAYSTAR_SANDBOX_DEFAULT_SESSION_TTL * 60;
  self->max_sessions = PAYSTAR_SANDBOX_DEFAULT_MAX_SESSIONS;
  self->page_template =
    g_resource_lookup_data (paystar_sandbox_get_resource (), "/io/paystar/Sandbox/web/page.html",
                            G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}

PaystarSandboxServer *
paystar_sandbox_server_new (void)
{
  return g_object_new (PAYSTAR_SANDBOX_TYPE_SERVER, NULL);
}

void
paystar_sandbox_server_set_api_keys (PaystarSandboxServer *self, const char *const *keys)
{
  g_return_if_fail (PAYSTAR_SANDBOX_IS_SERVER (self));

  g_clear_pointer (&self->api_keys, g_strfreev);
  if (keys != NULL && keys[0] != NULL)
    self->api_keys = g_strdupv ((char **) keys);
}

void
paystar_sandbox_server_set_seed (PaystarSandboxServer *self, guint64 seed)
{
  g_return_if_fail (PAYSTAR_SANDBOX_IS_SERVER (self));

  g_clear_pointer (&self->ids, paystar_sandbox_ids_free);
  self->ids = paystar_sandbox_ids_new_seeded (seed);
}

void
paystar_sandbox_server_set_session_ttl_seconds (PaystarSandboxServer *self, guint seconds)
{
  g_return_if_fail (PAYSTAR_SANDBOX_IS_SERVER (self));
  g_return_if_fail (seconds > 0);

  if (self->session_ttl_seconds == seconds)
    return;
  self->session_ttl_seconds = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_TTL]);
}

void
paystar_sandbox_server_set_session_ttl (PaystarSandboxServer *self, guint minutes)
{
  g_return_if_fail (PAYSTAR_SANDBOX_IS_SERVER (self));
  g_return_if_fail (minutes > 0 && minutes <= G_MAXUINT / 60);

  paystar_sandbox_server_set_session_ttl_seconds (self, minutes * 60);
}

void
paystar_sandbox_server_set_clock (PaystarSandboxServer *self,
                                  PaystarSandboxClockFunc clock,
                                  gpointer user_data)
{
  g_return_if_fail (PAYSTAR_SANDBOX_IS_SERVER (self));

  self->clock = clock;
  self->clock_data = user_data;
}

void
paystar_sandbox_server_set_clock_control (PaystarSandboxServer *self, gboolean enabled)
{
  g_return_if_fail (PAYSTAR_SANDBOX_IS_SERVER (self));

  self->clock_control = !!enabled;
}

gint64
paystar_sandbox_server_now (PaystarSandboxServer *self)
{
  g_return_val_if_fail (PAYSTAR_SANDBOX_IS_SERVER (self), 0);

  return (self->clock != NULL ? self->clock (self->clock_data) : g_get_real_time ()) +
         self->clock_advance;
}

guint
paystar_sandbox_server_get_session_ttl (PaystarSandboxServer *self)
{
  g_return_val_if_fail (PAYSTAR_SANDBOX_IS_SERVER (self), 0);

  /* Rounded up, so that a TTL set in seconds never reads as 0 minutes. */
  return (self->session_ttl_seconds + 59) / 60;
}

void
paystar_sandbox_server_set_max_sessions (PaystarSandboxServer *self, guint max_sessions)
{
  g_return_if_fail (PAYSTAR_SANDBOX_IS_SERVER (self));
  g_return_if_fail (max_sessions > 0);

  if (self->max_sessions == max_sessions)
    return;
  self->max_sessions = max_sessions;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_SESSIONS]);
}

guint
paystar_sandbox_server_get_max_sessions (PaystarSandboxServer *self)
{
  g_return_val_if_fail (PAYSTAR_SANDBOX_IS_SERVER (self), 0);

  return self->max_sessions;
}

gboolean
paystar_sandbox_server_load_fixtures (PaystarSandboxServer *self, const char *path, GError **error)
{
  PaystarSandboxFixtures *fixtures;

  g_return_val_if_fail (PAYSTAR_SANDBOX_IS_SERVER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  fixtures = paystar_sandbox_fixtures_load (path, error);
  if (fixtures == NULL)
    return FALSE;
  /* A file without apiKeys keeps the built-in key. */
  if (fixtures->api_keys == NULL)
    fixtures->api_keys = g_strdupv ((char *[]){ (char *) PAYSTAR_SANDBOX_DEFAULT_API_KEY, NULL });
  g_clear_pointer (&self->fixtures, paystar_sandbox_fixtures_free);
  self->fixtures = fixtures;
  return TRUE;
}

gboolean
paystar_sandbox_server_set_data_dir (PaystarSandboxServer *self, const char *dir, GError **error)
{
  g_return_val_if_fail (PAYSTAR_SANDBOX_IS_SERVER (self), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->has_data_dir || paystar_sandbox_store_get_n_sessions (self->store) > 0) {
    g_set_error_literal (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_DATA_DIR,
                         _ ("The data directory must be set once, before any session exists."));
    return FALSE;
  }
  if (!paystar_sandbox_store_open (self->store, dir, error))
    return FALSE;
  self->has_data_dir = TRUE;
  return TRUE;
}

/* Listening */

static GInetAddress *
resolve_loopback (const char *host, GError **error)
{
  g_autoptr (GInetAddress) address = NULL;
  g_autofree char *literal = NULL;
  gsize length;

  if (host == NULL || g_ascii_strcasecmp (host, "localhost") == 0)
    return g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

  /* "[::1]" as written in URLs. */
  length = strlen (host);
  if (length > 2 && host[0] == '[' && host[length - 1] == ']')
    literal = g_strndup (host + 1, length - 2);
  else
    literal = g_strdup (host);

  address = g_inet_address_new_from_string (literal);
  if (address == NULL || !g_inet_address_get_is_loopback (address)) {
    g_set_error (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_NOT_LOOPBACK,
                 _ ("Refusing to listen on “%s”: the sandbox only listens on loopback addresses "
                    "(127.0.0.0/8, ::1 or localhost), so that nothing outside this machine can "
                    "reach it."),
                 host);
    return NULL;
  }
  return g_steal_pointer (&address);
}

gboolean
paystar_sandbox_server_listen (PaystarSandboxServer *self,
                               const char *host,
                               guint port,
                               GError **error)
{
  g_autoptr (GInetAddress) address = NULL;
  g_autoptr (GSocketAddress) socket_address = NULL;
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (SoupServer) soup = NULL;
  g_autoptr (GSocket) socket = NULL;
  g_autofree char *address_text = NULL;
  GSList *listeners;
  GError *local_error = NULL;

  g_return_val_if_fail (PAYSTAR_SANDBOX_IS_SERVER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->soup != NULL) {
    g_set_error_literal (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_LISTEN,
                         _ ("The sandbox is already listening."));
    return FALSE;
  }
  if (port > G_MAXUINT16) {
    g_set_error (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_LISTEN,
                 _ ("%u is not a TCP port."), port);
    return FALSE;
  }
  address = resolve_loopback (host, error);
  if (address == NULL)
    return FALSE;

  soup = soup_server_new ("server-header", "paystar-sandbox/" PACKAGE_VERSION, NULL);
  socket_address = g_inet_socket_address_new (address, (guint16) port);
  /* Our own socket rather than soup_server_listen(): GLib's default backlog of 10 drops the SYNs
   * of a burst of new connections, which then wait a second for the retransmission. */
  socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &local_error);
  if (socket != NULL) {
    g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
    if (!g_socket_bind (socket, socket_address, TRUE, &local_error) ||
        !g_socket_listen (socket, &local_error) ||
        !soup_server_listen_socket (soup, socket, 0, &local_error))
      g_clear_object (&socket);
  }
  if (socket == NULL) {
    g_set_error (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_LISTEN,
                 _ ("Cannot listen on port %u: %s"), port, local_error->message);
    g_error_free (local_error);
    return FALSE;
  }

  listeners = soup_server_get_listeners (soup);
  if (listeners != NULL)
    bound = g_socket_get_local_address (listeners->data, NULL);
  g_slist_free (listeners);
  if (bound == NULL) {
    soup_server_disconnect (soup);
    g_set_error_literal (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_LISTEN,
                         _ ("Cannot find the port the sandbox listens on."));
    return FALSE;
  }

  soup_server_add_early_handler (soup, NULL, server_early_handler, self, NULL);
  soup_server_add_handler (soup, NULL, server_handler, self, NULL);
  g_signal_connect (soup, "request-started", G_CALLBACK (on_request_started), self);
  g_signal_connect (soup, "request-finished", G_CALLBACK (on_request_finished), self);
  paystar_sandbox_idle_watch (soup);

  self->soup = g_steal_pointer (&soup);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  address_text = g_inet_address_to_string (address);
  g_free (self->host_literal);
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    self->host_literal = g_strdup_printf ("[%s]", address_text);
  else
    self->host_literal = g_strdup (address_text);
  g_free (self->base_uri);
  self->base_uri = g_strdup_printf ("http://%s:%u", self->host_literal, self->port);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URI]);
  return TRUE;
}

const char *
paystar_sandbox_server_get_base_uri (PaystarSandboxServer *self)
{
  g_return_val_if_fail (PAYSTAR_SANDBOX_IS_SERVER (self), NULL);

  return self->base_uri;
}

guint
paystar_sandbox_server_get_port (PaystarSandboxServer *self)
{
  g_return_val_if_fail (PAYSTAR_SANDBOX_IS_SERVER (self), 0);

  return self->port;
}

void
paystar_sandbox_server_shutdown (PaystarSandboxServer *self)
{
  g_return_if_fail (PAYSTAR_SANDBOX_IS_SERVER (self));

  if (self->soup == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->soup, self);
  soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  self->port = 0;
  g_clear_pointer (&self->base_uri, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URI]);
}

/* Shared with the route files */

void
paystar_sandbox_server_emit_session_changed (PaystarSandboxServer *self, const char *identifier)
{
  g_signal_emit (self, signals[SIGNAL_SESSION_CHANGED], 0, identifier);
}

const PaystarSandboxUnit *
paystar_sandbox_server_lookup_unit (PaystarSandboxServer *self, const char *slug)
{
  return paystar_sandbox_fixtures_lookup (self->fixtures, slug);
}

char *
paystar_sandbox_server_session_link (PaystarSandboxServer *self,
                                     const PaystarSandboxSession *session)
{
  /* Slugs are [a-z0-9-] and identifiers hex: nothing to escape. */
  return g_strdup_printf ("%s/app/embedded/%s/session/%s", self->base_uri, session->slug,
                          session->identifier);
}

/* The Host header must name this server exactly as a browser would after loading one of its
 * URLs: its address literal or "localhost", with its port. A page from another site that got a
 * victim's browser to resolve its own name to 127.0.0.1 (DNS rebinding) sends its own name and
 * is refused. */
gboolean
paystar_sandbox_server_host_allowed (PaystarSandboxServer *self, const char *host)
{
  g_autofree char *with_port = NULL;
  g_autofree char *localhost = NULL;

  if (host == NULL || self->host_literal == NULL)
    return FALSE;
  with_port = g_strdup_printf ("%s:%u", self->host_literal, self->port);
  localhost = g_strdup_printf ("localhost:%u", self->port);
  if (g_ascii_strcasecmp (host, with_port) == 0 || g_ascii_strcasecmp (host, localhost) == 0)
    return TRUE;
  /* Without a port the Host means port 80. */
  if (self->port == 80)
    return g_ascii_strcasecmp (host, self->host_literal) == 0 ||
           g_ascii_strcasecmp (host, "localhost") == 0;
  return FALSE;
}

/* Routing */

static void
route_set (RouteMatch *match,
           Route route,
           const char *method,
           const char *allow,
           gsize max_body,
           gboolean needs_key,
           ErrorStyle style)
{
  g_auto (GStrv) methods = g_strsplit (allow, ", ", -1);

  match->route = route;
  match->allow = allow;
  match->max_body = max_body;
  match->needs_key = needs_key;
  match->style = style;
  match->method_allowed = g_strv_contains ((const char *const *) methods, method);
}

/* Decodes each segment of @raw_path; NULL when one is not valid percent-encoding, encodes a NUL,
 * or is not UTF-8. */
static GStrv
decode_segments (const char *raw_path)
{
  g_auto (GStrv) raw = g_strsplit (raw_path, "/", -1);
  guint n = g_strv_length (raw);
  GStrv decoded = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++) {
    decoded[i] = g_uri_unescape_segment (raw[i], NULL, NULL);
    if (decoded[i] == NULL || !g_utf8_validate (decoded[i], -1, NULL)) {
      g_strfreev (decoded);
      return NULL;
    }
  }
  return decoded;
}

static void
route_match (RouteMatch *match, const char *method, const char *raw_path)
{
  GStrv s;
  guint n;

  memset (match, 0, sizeof *match);
  match->style = g_str_has_prefix (raw_path, "/app/") ? STYLE_HTML : STYLE_ENVELOPE;
  match->max_body = SMALL_MAX_BYTES;
  match->segments = decode_segments (raw_path);
  s = match->segments;
  if (s == NULL)
    return;
  n = g_strv_length (s);
  if (n < 2 || s[0][0] != '\0')
    return;
  for (guint i = 1; i < n; i++) {
    if (s[i][0] == '\0')
      return;
  }

  if (n == 4 && g_str_equal (s[1], "integrations") && g_str_equal (s[2], "embedded") &&
      g_str_equal (s[3], "initiate")) {
    route_set (match, ROUTE_INITIATE, method, "POST", INITIATE_MAX_BYTES, TRUE, STYLE_ENVELOPE);
  } else if (g_str_equal (s[1], "app")) {
    if (n == 3 && g_str_equal (s[2], "embedded.loader.js")) {
      route_set (match, ROUTE_LOADER, method, "GET, HEAD", SMALL_MAX_BYTES, FALSE, STYLE_HTML);
    } else if (n == 5 && g_str_equal (s[2], "embedded") && g_str_equal (s[3], "assets") &&
               (g_str_equal (s[4], "page.js") || g_str_equal (s[4], "page.css"))) {
      route_set (match, ROUTE_ASSET, method, "GET, HEAD", SMALL_MAX_BYTES, FALSE, STYLE_HTML);
      match->arg1 = s[4];
    } else if (n == 6 && g_str_equal (s[2], "embedded") && g_str_equal (s[4], "session")) {
      route_set (match, ROUTE_PAGE, method, "GET, HEAD", SMALL_MAX_BYTES, FALSE, STYLE_HTML);
      match->arg1 = s[3];
      match->arg2 = s[5];
    } else if (n == 7 && g_str_equal (s[2], "embedded") && g_str_equal (s[4], "session") &&
               g_str_equal (s[6], "pay")) {
      route_set (match, ROUTE_PAY, method, "POST", SMALL_MAX_BYTES, FALSE, STYLE_PAY);
      match->arg1 = s[3];
      match->arg2 = s[5];
    }
  } else if (g_str_equal (s[1], "_sandbox")) {
    if (n == 3 && g_str_equal (s[2], "health")) {
      route_set (match, ROUTE_HEALTH, method, "GET, HEAD", SMALL_MAX_BYTES, FALSE, STYLE_ENVELOPE);
    } else if (n == 3 && g_str_equal (s[2], "sessions")) {
      route_set (match, ROUTE_SESSIONS, method, "GET, HEAD", SMALL_MAX_BYTES, TRUE, STYLE_ENVELOPE);
    } else if (n == 4 && g_str_equal (s[2], "sessions")) {
      route_set (match, ROUTE_SESSION, method, "GET, HEAD", SMALL_MAX_BYTES, TRUE, STYLE_ENVELOPE);
      match->arg1 = s[3];
    } else if (n == 5 && g_str_equal (s[2], "sessions") && g_str_equal (s[4], "complete")) {
      route_set (match, ROUTE_COMPLETE, method, "POST", SMALL_MAX_BYTES, TRUE, STYLE_ENVELOPE);
      match->arg1 = s[3];
    } else if (n >= 5 && (g_str_equal (s[2], "accounts") || g_str_equal (s[2], "customers"))) {
      /* libsoup hands over "%2F" decoded, so an account number with a slash arrives as several
       * segments: everything after the slug is the number (or the email address). */
      route_set (match, g_str_equal (s[2], "accounts") ? ROUTE_ACCOUNT : ROUTE_CUSTOMER, method,
                 "GET, HEAD", SMALL_MAX_BYTES, TRUE, STYLE_ENVELOPE);
      match->arg1 = s[3];
      match->tail = g_strjoinv ("/", s + 4);
      match->arg2 = match->tail;
    } else if (n == 3 && g_str_equal (s[2], "reset")) {
      route_set (match, ROUTE_RESET, method, "POST", SMALL_MAX_BYTES, TRUE, STYLE_ENVELOPE);
    } else if (n == 3 && g_str_equal (s[2], "requests")) {
      route_set (match, ROUTE_REQUESTS, method, "GET, HEAD", SMALL_MAX_BYTES, TRUE, STYLE_ENVELOPE);
    } else if (n == 3 && g_str_equal (s[2], "clock")) {
      route_set (match, ROUTE_CLOCK, method, "POST", SMALL_MAX_BYTES, TRUE, STYLE_ENVELOPE);
    } else if (n == 4 && g_str_equal (s[2], "query") && g_str_equal (s[3], "sessions")) {
      route_set (match, ROUTE_QUERY_SESSIONS, method, "GET, HEAD", SMALL_MAX_BYTES, TRUE,
                 STYLE_ENVELOPE);
    } else if (n == 5 && g_str_equal (s[2], "query") && g_str_equal (s[3], "sessions")) {
      route_set (match, ROUTE_QUERY_SESSION, method, "GET, HEAD", SMALL_MAX_BYTES, TRUE,
                 STYLE_ENVELOPE);
      match->arg1 = s[4];
    }
  }
}

/* Constant time in the key's content, so that the comparison does not tell how much of a guess
 * was right. */
static gboolean
key_equal (const char *given, const char *expected)
{
  gsize given_length = strlen (given);
  gsize expected_length = strlen (expected);
  guchar difference = given_length == expected_length ? 0 : 1;

  for (gsize i = 0; i < given_length; i++)
    difference |= (guchar) given[i] ^ (guchar) expected[i % MAX (expected_length, 1)];
  return difference == 0;
}

static gboolean
api_key_valid (PaystarSandboxServer *self, SoupServerMessage *msg)
{
  const char *given = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "X-Paystar-Api-Key");
  const char *const *keys =
    (const char *const *) (self->api_keys != NULL ? self->api_keys : self->fixtures->api_keys);
  gboolean valid = FALSE;

  if (given == NULL || keys == NULL)
    return FALSE;
  for (guint i = 0; keys[i] != NULL; i++)
    valid |= key_equal (given, keys[i]);
  return valid;
}

static RequestState *
request_state (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), STATE_KEY);
}

static void
request_state_free (gpointer data)
{
  RequestState *state = data;

  g_strfreev (state->match.segments);
  g_free (state->match.tail);
  if (state->body != NULL)
    g_byte_array_unref (state->body);
  g_free (state);
}

static void
on_got_chunk (SoupServerMessage *msg, GBytes *chunk, gpointer user_data)
{
  RequestState *state = request_state (msg);
  gsize size = g_bytes_get_size (chunk);

  if (state == NULL)
    return;
  state->received += size;
  if (state->too_large)
    return;
  if (state->received > state->match.max_body) {
    /* Keep reading (the connection stays in step) but keep nothing. */
    state->too_large = TRUE;
    g_clear_pointer (&state->body, g_byte_array_unref);
    return;
  }
  if (state->body == NULL)
    state->body = g_byte_array_new ();
  g_byte_array_append (state->body, g_bytes_get_data (chunk, NULL), (guint) size);
}

static void
on_request_started (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  RequestState *state = g_new0 (RequestState, 1);

  state->started = g_get_real_time ();
  state->match.max_body = SMALL_MAX_BYTES;
  g_object_set_data_full (G_OBJECT (msg), STATE_KEY, state, request_state_free);
  /* The body is collected by on_got_chunk() up to the route's cap, never in full. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), NULL);
}

static gboolean
request_has_body (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  switch (soup_message_headers_get_encoding (headers)) {
    case SOUP_ENCODING_CONTENT_LENGTH:
      return soup_message_headers_get_content_length (headers) > 0;
    case SOUP_ENCODING_NONE:
      return FALSE;
    default:
      return TRUE;
  }
}

/* Answers before the body is read when the answer cannot depend on it. */
static void
server_early_handler (SoupServer *soup,
                      SoupServerMessage *msg,
                      const char *path,
                      GHashTable *query,
                      gpointer user_data)
{
  PaystarSandboxServer *self = PAYSTAR_SANDBOX_SERVER (user_data);
  RequestState *state = request_state (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *host = soup_message_headers_get_one (headers, "Host");
  RouteMatch *match;

  g_assert (state != NULL);
  match = &state->match;
  route_match (match, method, g_uri_get_path (uri));
  /* The test clock's route exists only where the program was asked for it. */
  if (match->route == ROUTE_CLOCK && !self->clock_control)
    match->route = ROUTE_NONE;

  if (!paystar_sandbox_server_host_allowed (self, host)) {
    sandbox_respond_error (msg, match->style, SOUP_STATUS_FORBIDDEN,
                           _ ("The Host header must name the sandbox itself (127.0.0.1, localhost "
                              "or [::1] with its port)."));
  } else if (match->route == ROUTE_NONE) {
    sandbox_respond_error (msg, match->style, SOUP_STATUS_NOT_FOUND,
                           _ ("There is nothing at this address."));
  } else if (!match->method_allowed) {
    g_autofree char *message = g_strdup_printf (_ ("Use %s on this address."), match->allow);

    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                  match->allow);
    sandbox_respond_error (msg, match->style, SOUP_STATUS_METHOD_NOT_ALLOWED, message);
  } else if (match->needs_key && !api_key_valid (self, msg)) {
    sandbox_respond_error (msg, match->style, SOUP_STATUS_UNAUTHORIZED,
                           _ ("The X-Paystar-Api-Key header is missing or wrong."));
  } else if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
             (guint64) soup_message_headers_get_content_length (headers) > match->max_body) {
    g_autofree char *message = g_strdup_printf (_ ("The request body is larger than %lu bytes."),
                                                (unsigned long) match->max_body);

    sandbox_respond_error (msg, match->style, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, message);
  } else {
    return;
  }

  /* Answered without reading a body the client may still be sending: close the connection
   * after the answer, so that no leftover body is read as the next request. */
  if (request_has_body (msg))
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                  "close");
}

#define CLOCK_MAX_ADVANCE_SECONDS (366 * 24 * 60 * 60)

/* POST /_sandbox/clock {"advanceSeconds": N}: moves the clock forward, so that a test of the
 * program sees sessions expire without waiting for them. */
static void
handle_clock (PaystarSandboxServer *self, SoupServerMessage *msg, RequestState *state)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonNode) data = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *now_text = NULL;
  JsonObject *object;
  gint64 seconds = -1;

  if (!sandbox_request_is_json (msg)) {
    sandbox_respond_envelope_message (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "",
                                      _ ("Send the request as JSON, with the header Content-Type: "
                                         "application/json."));
    return;
  }
  root = paystar_json_parse_strict (state->body != NULL ? (const char *) state->body->data : "",
                                    state->body != NULL ? (gssize) state->body->len : 0,
                                    SMALL_MAX_BYTES, 2, &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      json_object_get_size (json_node_get_object (root)) != 1 ||
      !paystar_json_get_int (json_node_get_object (root), "advanceSeconds", &seconds) ||
      seconds < 0 || seconds > CLOCK_MAX_ADVANCE_SECONDS) {
    sandbox_respond_envelope_message (msg, SOUP_STATUS_BAD_REQUEST, "advanceSeconds",
                                      _ ("Send {\"advanceSeconds\": N}, N a whole number of "
                                         "seconds from 0 to 31622400."));
    return;
  }
  self->clock_advance += seconds * G_USEC_PER_SEC;

  now = g_date_time_new_from_unix_utc (paystar_sandbox_server_now (self) / G_USEC_PER_SEC);
  now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  object = json_object_new ();
  json_object_set_string_member (object, "now", now_text);
  data = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (data, object);
  sandbox_respond_envelope (msg, SOUP_STATUS_OK, NULL, data);
}

static void
server_handler (SoupServer *soup,
                SoupServerMessage *msg,
                const char *path,
                GHashTable *query,
                gpointer user_data)
{
  PaystarSandboxServer *self = PAYSTAR_SANDBOX_SERVER (user_data);
  RequestState *state = request_state (msg);

  g_assert (state != NULL);

  if (state->too_large) {
    g_autofree char *message = g_strdup_printf (_ ("The request body is larger than %lu bytes."),
                                                (unsigned long) state->match.max_body);

    sandbox_respond_error (msg, state->match.style, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, message);
    return;
  }

  switch (state->match.route) {
    case ROUTE_INITIATE:
      paystar_sandbox_server_handle_initiate (self, msg, state);
      break;
    case ROUTE_LOADER:
    case ROUTE_ASSET:
    case ROUTE_PAGE:
    case ROUTE_PAY:
      paystar_sandbox_server_handle_web (self, msg, state);
      break;
    case ROUTE_HEALTH:
    case ROUTE_SESSIONS:
    case ROUTE_SESSION:
    case ROUTE_COMPLETE:
    case ROUTE_ACCOUNT:
    case ROUTE_CUSTOMER:
    case ROUTE_RESET:
    case ROUTE_REQUESTS:
    case ROUTE_QUERY_SESSION:
    case ROUTE_QUERY_SESSIONS:
      paystar_sandbox_server_handle_inspect (self, msg, query, state);
      break;
    case ROUTE_CLOCK:
      handle_clock (self, msg, state);
      break;
    case ROUTE_NONE:
    default:
      /* The early handler answered these. */
      sandbox_respond_error (msg, state->match.style, SOUP_STATUS_NOT_FOUND,
                             _ ("There is nothing at this address."));
      break;
  }
}

static void
debug_request (const PaystarSandboxLogRequest *entry)
{
  /* Even the debug output never shows a card number, whatever a client puts in a path. */
  g_autofree char *clean = g_utf8_make_valid (entry->path, -1);

  paystar_sandbox_card_scrub (clean);
  g_debug ("%s %s -> %u", entry->method, clean, entry->status);
}

static void
on_request_finished (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  PaystarSandboxServer *self = PAYSTAR_SANDBOX_SERVER (user_data);
  RequestState *state = request_state (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  PaystarSandboxLogRequest entry = { 0 };
  gint64 now = g_get_real_time ();

  if (state == NULL || uri == NULL)
    return;
  /* Reading the log is not logged: it would only push out what the reader came for. */
  if (state->match.route == ROUTE_REQUESTS)
    return;

  entry.method = soup_server_message_get_method (msg);
  entry.path = g_uri_get_path (uri);
  entry.query = g_uri_get_query (uri);
  entry.status = soup_server_message_get_status (msg);
  entry.time = state->started;
  entry.duration = now - state->started;
  entry.headers = soup_server_message_get_request_headers (msg);
  entry.body = state->body != NULL ? (const char *) state->body->data : NULL;
  entry.body_length = state->body != NULL ? state->body->len : 0;
  entry.body_received = state->received;
  entry.has_card_data = state->match.route == ROUTE_PAY;
  paystar_sandbox_log_add (self->log, &entry);
  /* The pay body held a card number; do not leave it in freed memory. */
  if (entry.has_card_data && state->body != NULL)
    memset (state->body->data, 0, state->body->len);
  debug_request (&entry);
}
