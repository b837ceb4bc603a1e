/* paystar-sandbox-idle.c: closes keep-alive connections whose client has gone, which libsoup 3.2
 * leaves open.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libsoup 3.2 (Debian 12 has 3.2.3) starts reading the next request on a keep-alive connection
 * as soon as a response is sent, but when the client closes the connection instead of sending
 * one, it drops that read without disconnecting: the socket stays open for the life of the
 * server. Every browser or client that closes an idle connection cost the sandbox a file
 * descriptor, until it could accept no more. (Fixed upstream in 3.3.0, commit d20c6601, "server:
 * do not leak idle connections closed by the client".)
 *
 * So after each request the connection's socket is watched until something arrives: the next
 * request (libsoup reads it; the watch ends) or the end of the stream, when the socket is closed
 * here. The object libsoup keeps for the connection stays (a few hundred bytes); the descriptor
 * does not. Connections handed over as streams (soup_server_accept_iostream()) have no socket
 * and are not watched.
 */
#include "config.h"

#include "paystar-sandbox-idle.h"

#include <errno.h>
#include <sys/socket.h>

static gboolean
on_idle_socket (GSocket *socket, GIOCondition condition, gpointer user_data)
{
  char byte;
  ssize_t n;

  /* libsoup closed it itself (not keep-alive, or an error): nothing to do. */
  if (g_socket_is_closed (socket))
    return G_SOURCE_REMOVE;
  /* Peek only: whatever arrived is the next request, and libsoup reads it. */
  n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n > 0)
    return G_SOURCE_REMOVE;
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    /* libsoup took what woke us: a request is under way, and its end watches again. */
    return G_SOURCE_REMOVE;
  /* End of stream or a broken connection: the client is gone. */
  g_socket_close (socket, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_request_finished (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  g_autoptr (GSource) source = NULL;

  if (socket == NULL || g_socket_is_closed (socket))
    return;
  source = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (source, G_SOURCE_FUNC (on_idle_socket), NULL, NULL);
  g_source_set_static_name (source, "paystar-sandbox idle connection");
  g_source_attach (source, g_main_context_get_thread_default ());
}

void
paystar_sandbox_idle_watch (SoupServer *soup)
{
  g_return_if_fail (SOUP_IS_SERVER (soup));

  g_signal_connect (soup, "request-finished", G_CALLBACK (on_request_finished), NULL);
  /* A request that failed (a 500, or cut short) may leave a keep-alive connection too. */
  g_signal_connect (soup, "request-aborted", G_CALLBACK (on_request_finished), NULL);
}
