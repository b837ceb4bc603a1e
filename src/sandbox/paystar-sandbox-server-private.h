/* paystar-sandbox-server-private.h: what the parts of PaystarSandboxServer share: the instance
 * structure, routes, per-request state and response helpers.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "paystar-request.h"
#include "paystar-sandbox-fixtures.h"
#include "paystar-sandbox-ids.h"
#include "paystar-sandbox-log.h"
#include "paystar-sandbox-server.h"
#include "paystar-sandbox-store.h"

G_BEGIN_DECLS

#define INITIATE_MAX_BYTES (1024 * 1024)
#define SMALL_MAX_BYTES    (16 * 1024)

typedef enum {
  ROUTE_NONE,
  ROUTE_INITIATE, /* POST /integrations/embedded/initiate */
  ROUTE_LOADER,   /* GET /app/embedded.loader.js */
  ROUTE_ASSET,    /* GET /app/embedded/assets/{page.js,page.css} */
  ROUTE_PAGE,     /* GET /app/embedded/{slug}/session/{id} */
  ROUTE_PAY,      /* POST /app/embedded/{slug}/session/{id}/pay */
  ROUTE_HEALTH,   /* GET /_sandbox/health */
  ROUTE_SESSIONS, /* GET /_sandbox/sessions?clientReference=REF */
  ROUTE_SESSION,  /* GET /_sandbox/sessions/{id} */
  ROUTE_COMPLETE, /* POST /_sandbox/sessions/{id}/complete */
  ROUTE_ACCOUNT,  /* GET /_sandbox/accounts/{slug}/{accountNumber} */
  ROUTE_CUSTOMER, /* GET /_sandbox/customers/{slug}/{email} */
  ROUTE_RESET,    /* POST /_sandbox/reset */
  ROUTE_REQUESTS, /* GET /_sandbox/requests */
  /* GET /_sandbox/query/sessions/{id}: the Query API's answer */
  ROUTE_QUERY_SESSION,
  /* GET /_sandbox/query/sessions?clientReference=REF */
  ROUTE_QUERY_SESSIONS,
  ROUTE_CLOCK, /* POST /_sandbox/clock, only with paystar_sandbox_server_set_clock_control() */
} Route;

/* How errors are answered on a route: the API's envelope, the pay endpoint's {"error", "field"},
 * or a small HTML page. */
typedef enum {
  STYLE_ENVELOPE,
  STYLE_PAY,
  STYLE_HTML,
} ErrorStyle;

typedef struct {
  Route route;
  gboolean method_allowed;
  const char *allow; /* the methods the route takes, for 405 */
  GStrv segments;    /* the path's segments, percent-decoded; NULL when undecodable */
  const char *arg1;  /* first captured segment (slug, id, asset name), or NULL */
  const char *arg2;  /* second captured segment, or NULL */
  char *tail;        /* the segments from the second capture on, joined with '/' (owned) */
  gsize max_body;
  gboolean needs_key;
  ErrorStyle style;
} RouteMatch;

/* What the server keeps about a request while it is read and answered. */
typedef struct {
  RouteMatch match;
  GByteArray *body; /* up to match.max_body bytes */
  gsize received;   /* every body byte that arrived */
  gboolean too_large;
  gint64 started; /* unix time, microseconds */
} RequestState;

struct _PaystarSandboxServer {
  GObject parent_instance;

  SoupServer *soup;
  PaystarSandboxFixtures *fixtures;
  GStrv api_keys; /* set by paystar_sandbox_server_set_api_keys(); NULL: the fixtures' */
  PaystarSandboxIds *ids;
  PaystarSandboxStore *store;
  PaystarSandboxLog *log;
  GBytes *page_template;

  guint session_ttl_seconds;
  guint max_sessions;
  PaystarSandboxClockFunc clock;
  gpointer clock_data;
  gint64 clock_advance; /* microseconds, from POST /_sandbox/clock */
  gboolean clock_control;
  gboolean has_data_dir;

  char *base_uri;     /* "http://127.0.0.1:PORT" */
  char *host_literal; /* "127.0.0.1" or "[::1]", as in the Host header */
  guint port;
};

enum {
  SIGNAL_SESSION_CHANGED,
  N_SIGNALS,
};

/* paystar-sandbox-server.c */
void paystar_sandbox_server_emit_session_changed (PaystarSandboxServer *self,
                                                  const char *identifier);
gboolean paystar_sandbox_server_host_allowed (PaystarSandboxServer *self, const char *host);
const PaystarSandboxUnit *paystar_sandbox_server_lookup_unit (PaystarSandboxServer *self,
                                                              const char *slug);
char *paystar_sandbox_server_session_link (PaystarSandboxServer *self,
                                           const PaystarSandboxSession *session);

/* paystar-sandbox-server-respond.c */
void sandbox_respond_common_headers (SoupServerMessage *msg);
void sandbox_respond_json (SoupServerMessage *msg, guint status, JsonNode *node);
void
sandbox_respond_envelope (SoupServerMessage *msg, guint status, GPtrArray *errors, JsonNode *data);
void sandbox_respond_envelope_message (SoupServerMessage *msg,
                                       guint status,
                                       const char *property_name,
                                       const char *message);
void sandbox_respond_pay_error (SoupServerMessage *msg,
                                guint status,
                                const char *message,
                                const char *field);
void sandbox_respond_html_message (SoupServerMessage *msg,
                                   guint status,
                                   const char *title,
                                   const char *message);
/* Answers @status with @message in the route's style. */
void
sandbox_respond_error (SoupServerMessage *msg, ErrorStyle style, guint status, const char *message);
/* TRUE when the request's Content-Type is application/json (charset, if given, UTF-8). */
gboolean sandbox_request_is_json (SoupServerMessage *msg);

/* paystar-sandbox-server-api.c */
void paystar_sandbox_server_handle_initiate (PaystarSandboxServer *self,
                                             SoupServerMessage *msg,
                                             RequestState *state);
void paystar_sandbox_server_handle_inspect (PaystarSandboxServer *self,
                                            SoupServerMessage *msg,
                                            GHashTable *query,
                                            RequestState *state);

/* paystar-sandbox-server-page.c */
void paystar_sandbox_server_handle_web (PaystarSandboxServer *self,
                                        SoupServerMessage *msg,
                                        RequestState *state);

G_END_DECLS
