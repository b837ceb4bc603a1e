/* paystar-sandbox-idle.h: closes keep-alive connections whose client has gone, which libsoup 3.2
 * leaves open.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* After each request @soup finishes on a TCP connection, watches the connection while it is idle
 * and closes its socket once the client has closed its end. */
void paystar_sandbox_idle_watch (SoupServer *soup);

G_END_DECLS
