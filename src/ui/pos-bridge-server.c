/* pos-bridge-server.c: the loopback HTTP server of one payment view's bridge page.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bridge page needs an http origin (see pos-payment-view.c), so each payment view owns one
 * of these on 127.0.0.1 and a free port. It answers GET and HEAD for the bridge page (with the
 * station's language, the SDK loader's address and a Content-Security-Policy naming only
 * Paystar's origins), its script and style, and a blank page for the warm-up; nothing else, and
 * only for a Host header naming it exactly (no DNS rebinding).
 */
#include "config.h"

#include "pos-bridge-server.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <libsoup/soup.h>

#include "pos-web-policy.h"

#define BRIDGE_RESOURCE_PATH "/io/paystar/Pos/bridge/"

struct _PosBridgeServer {
  GObject parent_instance;

  SoupServer *soup;
  char *web_origin;
  char *sdk_loader_url;
  char *origin; /* "http://127.0.0.1:PORT" */
  char *host;   /* "127.0.0.1:PORT": the only Host header answered */
};

G_DEFINE_FINAL_TYPE (PosBridgeServer, pos_bridge_server, G_TYPE_OBJECT)

static GBytes *
lookup_bridge_resource (const char *name)
{
  g_autofree char *path = g_strconcat (BRIDGE_RESOURCE_PATH, name, NULL);

  return g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}

static void
replace_placeholder (GString *text, const char *placeholder, const char *value)
{
  g_autofree char *escaped = g_markup_escape_text (value != NULL ? value : "", -1);

  g_string_replace (text, placeholder, escaped, 0);
}

static char *
bridge_page_csp (PosBridgeServer *self)
{
  g_autofree char *web =
    self->web_origin != NULL ? pos_web_policy_get_origin (self->web_origin) : NULL;
  g_autofree char *loader =
    self->sdk_loader_url != NULL ? pos_web_policy_get_origin (self->sdk_loader_url) : NULL;
  const char *w = web != NULL ? web : "'none'";

  /* The origins come back canonical from pos_web_policy_get_origin(): no spaces, no ";". Paystar's
   * loader may style, frame and fetch from its own origin; nothing else may run here. */
  return g_strdup_printf ("default-src 'none'; script-src 'self' %s; style-src 'self' "
                          "'unsafe-inline' %s; img-src %s data:; font-src %s; connect-src %s; "
                          "frame-src %s; base-uri 'none'; form-action 'none'; "
                          "frame-ancestors 'none'",
                          loader != NULL ? loader : "", w, w, w, w, w);
}

static void
bridge_server_cb (SoupServer *server,
                  SoupServerMessage *msg,
                  const char *path,
                  GHashTable *query,
                  gpointer user_data)
{
  PosBridgeServer *self = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *host = soup_message_headers_get_one (request_headers, "Host");
  g_autoptr (GBytes) body = NULL;
  g_autofree char *csp = NULL;
  const char *content_type;

  /* Another Host is DNS rebinding or a confused client: answer nothing. */
  if (host == NULL || g_strcmp0 (host, self->host) != 0) {
    soup_server_message_set_status (msg, SOUP_STATUS_MISDIRECTED_REQUEST, NULL);
    return;
  }
  if (g_strcmp0 (method, "GET") != 0 && g_strcmp0 (method, "HEAD") != 0) {
    soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
    soup_message_headers_append (headers, "Allow", "GET, HEAD");
    return;
  }

  if (g_str_equal (path, "/bridge.html")) {
    g_autoptr (GBytes) template = lookup_bridge_resource ("bridge.html");
    g_autoptr (GString) text = NULL;
    const char *data;
    gsize size;

    if (template == NULL) {
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      return;
    }
    data = g_bytes_get_data (template, &size);
    text = g_string_new_len (data, size);
    replace_placeholder (text, "{{LANG}}", pango_language_to_string (gtk_get_default_language ()));
    replace_placeholder (text, "{{LOADER_URL}}", self->sdk_loader_url);
    replace_placeholder (text, "{{TITLE}}", _ ("Payment"));
    replace_placeholder (text, "{{LOADING}}", _ ("Loading the secure payment form…"));
    body = g_string_free_to_bytes (g_steal_pointer (&text));
    content_type = "text/html; charset=utf-8";
    csp = bridge_page_csp (self);
  } else if (g_str_equal (path, "/bridge.js")) {
    body = lookup_bridge_resource ("bridge.js");
    content_type = "application/javascript; charset=utf-8";
  } else if (g_str_equal (path, "/bridge.css")) {
    body = lookup_bridge_resource ("bridge.css");
    content_type = "text/css; charset=utf-8";
  } else if (g_str_equal (path, "/blank")) {
    static const char blank[] = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title></title>"
                                "</head><body></body></html>";

    body = g_bytes_new_static (blank, sizeof blank - 1);
    content_type = "text/html; charset=utf-8";
  } else {
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
    return;
  }
  if (body == NULL) {
    soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
    return;
  }

  soup_message_headers_append (headers, "Cache-Control", "no-store");
  soup_message_headers_append (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_append (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_append (headers, "Content-Security-Policy",
                               csp != NULL ? csp
                                           : "default-src 'none'; frame-ancestors 'none'; "
                                             "base-uri 'none'; form-action 'none'");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
pos_bridge_server_dispose (GObject *object)
{
  PosBridgeServer *self = POS_BRIDGE_SERVER (object);

  if (self->soup != NULL) {
    soup_server_disconnect (self->soup);
    g_clear_object (&self->soup);
  }
  G_OBJECT_CLASS (pos_bridge_server_parent_class)->dispose (object);
}

static void
pos_bridge_server_finalize (GObject *object)
{
  PosBridgeServer *self = POS_BRIDGE_SERVER (object);

  g_free (self->web_origin);
  g_free (self->sdk_loader_url);
  g_free (self->origin);
  g_free (self->host);
  G_OBJECT_CLASS (pos_bridge_server_parent_class)->finalize (object);
}

static void
pos_bridge_server_class_init (PosBridgeServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pos_bridge_server_dispose;
  object_class->finalize = pos_bridge_server_finalize;
}

static void
pos_bridge_server_init (PosBridgeServer *self)
{
}

PosBridgeServer *
pos_bridge_server_new (const char *web_origin, const char *sdk_loader_url, GError **error)
{
  g_autoptr (PosBridgeServer) self = g_object_new (POS_TYPE_BRIDGE_SERVER, NULL);
  GSList *uris;
  int port;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self->web_origin = g_strdup (web_origin);
  self->sdk_loader_url = g_strdup (sdk_loader_url);
  self->soup = soup_server_new ("server-header", NULL, NULL);
  soup_server_add_handler (self->soup, NULL, bridge_server_cb, self, NULL);
  if (!soup_server_listen_local (self->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return NULL;
  uris = soup_server_get_uris (self->soup);
  port = uris != NULL ? g_uri_get_port (uris->data) : -1;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (port <= 0) {
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         "the bridge server listens on no port");
    return NULL;
  }
  self->origin = g_strdup_printf ("http://127.0.0.1:%d", port);
  self->host = g_strdup_printf ("127.0.0.1:%d", port);
  return g_steal_pointer (&self);
}

const char *
pos_bridge_server_get_origin (PosBridgeServer *self)
{
  g_return_val_if_fail (POS_IS_BRIDGE_SERVER (self), NULL);

  return self->origin;
}
