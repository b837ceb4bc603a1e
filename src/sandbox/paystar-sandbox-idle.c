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
 * here, once libsoup has had its turn to start any request it already holds. The object libsoup keeps for the connection stays (a few hundred bytes); the descriptor
 * does not. Connections handed over as streams (soup_server_accept_iostream()) have no socket
 * and are not watched.
 */
#include "config.h"

#include "paystar-sandbox-idle.h"

#include <errno.h>
#include <sys/socket.h>

/* Counts the requests started on a socket's connection, so that a close decided while idle can
 * be called off when libsoup has started one since. */
#define GENERATION_KEY "paystar-sandbox-idle-generation"

typedef struct {
  GSocket *socket;
  guint generation; /* the socket's count when its last request finished */
} IdleWatch;

static void
idle_watch_free (gpointer data)
{
  IdleWatch *watch = data;

  g_object_unref (watch->socket);
  g_free (watch);
}

static guint
generation_of (GSocket *socket)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (socket), GENERATION_KEY));
}

/* What is left to read on @socket: 1 when something, 0 at the end of the stream, -1 for nothing
 * yet (or the connection is broken, which counts as the end). Peeks only. */
static int
peek_state (GSocket *socket)
{
  char byte;
  ssize_t n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);

  if (n > 0)
    return 1;
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    return -1;
  return 0;
}

/* Runs after everything of higher priority, libsoup's reading included: libsoup may hold the
 * client's last requests in its own buffer although the socket is at its end (a client that
 * pipelines requests and then shuts its side). Reading them starts a request, which calls the
 * close off; the end of that request watches again. */
static gboolean
close_if_still_idle (gpointer user_data)
{
  IdleWatch *watch = user_data;

  if (!g_socket_is_closed (watch->socket) && generation_of (watch->socket) == watch->generation &&
      peek_state (watch->socket) == 0)
    g_socket_close (watch->socket, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
on_idle_socket (GSocket *socket, GIOCondition condition, gpointer user_data)
{
  IdleWatch *watch = user_data;
  IdleWatch *later;

  /* libsoup closed it itself (not keep-alive, or an error), or a request started: its end
   * watches again. */
  if (g_socket_is_closed (socket) || generation_of (socket) != watch->generation)
    return G_SOURCE_REMOVE;
  /* Something arrived: the next request, which libsoup reads. */
  if (peek_state (socket) != 0)
    return G_SOURCE_REMOVE;
  /* The end of the stream: the client is gone, unless libsoup has its last requests. */
  later = g_new0 (IdleWatch, 1);
  later->socket = g_object_ref (socket);
  later->generation = watch->generation;
  g_idle_add_full (G_PRIORITY_LOW, close_if_still_idle, later, idle_watch_free);
  return G_SOURCE_REMOVE;
}

static void
on_request_started (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL)
    g_object_set_data (G_OBJECT (socket), GENERATION_KEY,
                       GUINT_TO_POINTER (generation_of (socket) + 1));
}

static void
on_request_finished (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  g_autoptr (GSource) source = NULL;
  IdleWatch *watch;

  if (socket == NULL || g_socket_is_closed (socket))
    return;
  watch = g_new0 (IdleWatch, 1);
  watch->socket = g_object_ref (socket);
  watch->generation = generation_of (socket);
  source = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (source, G_SOURCE_FUNC (on_idle_socket), watch, idle_watch_free);
  g_source_set_static_name (source, "paystar-sandbox idle connection");
  g_source_attach (source, g_main_context_get_thread_default ());
}

void
paystar_sandbox_idle_watch (SoupServer *soup)
{
  g_return_if_fail (SOUP_IS_SERVER (soup));

  g_signal_connect (soup, "request-started", G_CALLBACK (on_request_started), NULL);
  g_signal_connect (soup, "request-finished", G_CALLBACK (on_request_finished), NULL);
  /* A request that failed (a 500, or cut short) may leave a keep-alive connection too. */
  g_signal_connect (soup, "request-aborted", G_CALLBACK (on_request_finished), NULL);
}
