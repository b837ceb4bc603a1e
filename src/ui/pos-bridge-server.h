/* pos-bridge-server.h: the loopback HTTP server of one payment view's bridge page.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define POS_TYPE_BRIDGE_SERVER (pos_bridge_server_get_type ())
G_DECLARE_FINAL_TYPE (PosBridgeServer, pos_bridge_server, POS, BRIDGE_SERVER, GObject)

/* Serves the bridge page (src/ui/bridge/) on 127.0.0.1, a free port, for a form from @web_origin
 * opened by the SDK loader at @sdk_loader_url (either may be NULL: the page then allows none).
 * NULL with @error when it cannot listen. */
PosBridgeServer *
pos_bridge_server_new (const char *web_origin, const char *sdk_loader_url, GError **error);
/* "http://127.0.0.1:PORT". */
const char *pos_bridge_server_get_origin (PosBridgeServer *self);

G_END_DECLS
