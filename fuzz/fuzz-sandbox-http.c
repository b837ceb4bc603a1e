/* fuzz-sandbox-http.c: libFuzzer harness for the sandbox's HTTP handlers, in process: the input
 * is the raw bytes a client sends on one connection (one request or several, pipelined). The
 * harness connects to the server on loopback, writes the input, shuts its end for writing and
 * reads the answer until the server closes, iterating the main context the server runs in. So
 * libsoup parses the request, and the sandbox's early handler, routing, Host and key checks,
 * body collection, every route, the request log and the closing of idle connections run
 * exactly as for any client, in one process that libFuzzer instruments.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two tokens in the input are replaced before it is sent, so that the seeds (and what the
 * fuzzer derives from them) reach past the Host check and into live sessions: "{port}" by the
 * server's port, and "{session}" by the identifier of a session created for this input.
 *
 * Invariants: the first answer on a connection is never a 500 (an internal error), the server
 * emits no warning or critical, and every connection ends (the server closes it once the client
 * has gone).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib-unix.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz-util.h"

#include <libsoup/soup.h>
#include "paystar-json.h"
#include "paystar-sandbox-server-private.h"

#define PORT_TOKEN    "{port}"
#define SESSION_TOKEN "{session}"

/* libsoup 3.2 keeps a small object for every keep-alive connection a client closed while idle
 * (paystar-sandbox-idle.c closes its socket; the object stays until the server disconnects). A
 * server that took a million connections would hold them all, so the harness listens anew
 * every so many inputs, which lets libsoup free them. The sandbox's state stays. */
#define INPUTS_PER_LISTEN 1000

static PaystarSandboxServer *server;
static char *port_text;
static guint inputs_since_listen;

static void
listen_anew (void)
{
  g_autoptr (GError) error = NULL;

  paystar_sandbox_server_shutdown (server);
  if (!paystar_sandbox_server_listen (server, NULL, 0, &error))
    g_error ("cannot listen: %s", error->message);
  g_free (port_text);
  port_text = g_strdup_printf ("%u", paystar_sandbox_server_get_port (server));
  inputs_since_listen = 0;
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  server = paystar_sandbox_server_new ();
  paystar_sandbox_server_set_seed (server, 1);
  /* Small enough that the live-session limit, eviction and 503 are reached too. */
  paystar_sandbox_server_set_max_sessions (server, 500);
  /* Short enough that sessions expire during a run: the expiry and its eviction are fuzzed too. */
  paystar_sandbox_server_set_session_ttl_seconds (server, 2);
  listen_anew ();
  return 0;
}

/* The client's end of one connection. */
typedef struct {
  int fd;
  const char *request;
  gsize length;
  gsize written;
  GByteArray *answer;
  gboolean done;
} Client;

static gboolean
on_client_readable (int fd, GIOCondition condition, gpointer user_data)
{
  Client *client = user_data;
  guint8 buffer[16384];

  for (;;) {
    ssize_t n = recv (fd, buffer, sizeof buffer, 0);

    if (n > 0) {
      g_byte_array_append (client->answer, buffer, (guint) n);
    } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
      client->done = TRUE;
      return G_SOURCE_REMOVE;
    } else {
      return G_SOURCE_CONTINUE;
    }
  }
}

/* Watched only while there is something to send: a socket is almost always writable. */
static gboolean
on_client_writable (int fd, GIOCondition condition, gpointer user_data)
{
  Client *client = user_data;

  while (client->written < client->length) {
    ssize_t n =
      send (fd, client->request + client->written, client->length - client->written, MSG_NOSIGNAL);

    if (n < 0 && (errno == EAGAIN || errno == EINTR))
      return G_SOURCE_CONTINUE;
    if (n < 0)
      break; /* the server closed: it has answered what it will */
    client->written += (gsize) n;
  }
  /* End of input, as a client that is done sending. */
  shutdown (fd, SHUT_WR);
  return G_SOURCE_REMOVE;
}

/* Sends @request on a new loopback connection and returns all the server wrote back before it
 * closed the connection. */
static GBytes *
exchange (const char *request, gsize length)
{
  struct sockaddr_in address = { 0 };
  Client client = { -1, request, length, 0, g_byte_array_new (), FALSE };

  address.sin_family = AF_INET;
  address.sin_port = htons ((guint16) paystar_sandbox_server_get_port (server));
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  client.fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (client.fd < 0)
    g_error ("socket: %s", g_strerror (errno));
  /* The kernel completes the handshake on loopback; the server accepts in the loop below. */
  if (connect (client.fd, (struct sockaddr *) &address, sizeof address) != 0 &&
      errno != EINPROGRESS)
    g_error ("connect: %s", g_strerror (errno));
  g_unix_fd_add (client.fd, G_IO_OUT, on_client_writable, &client);
  g_unix_fd_add (client.fd, G_IO_IN | G_IO_HUP | G_IO_ERR, on_client_readable, &client);
  while (!client.done)
    g_main_context_iteration (NULL, TRUE);
  close (client.fd);
  return g_byte_array_free_to_bytes (client.answer);
}

/* A new session, by the same route a client takes; its identifier. */
static char *
new_session (void)
{
  g_autofree char *body = g_strdup (
    "{\"BusinessUnitSlug\":\"acme-utilities\",\"Channel\":\"POS\","
    "\"PosUser\":\"ava@acme-utilities.example\",\"Charges\":[{\"Amount\":1500,"
    "\"Description\":\"Water\",\"ClientAccount\":{\"AccountNumber\":\"A-1\",\"Name\":\"A\"}}],"
    "\"PaymentFields\":{\"invoiceNumber\":\"INV-1\"}}");
  g_autofree char *request = g_strdup_printf ("POST /integrations/embedded/initiate HTTP/1.1\r\n"
                                              "Host: 127.0.0.1:%s\r\n"
                                              "X-Paystar-Api-Key: sandbox-key\r\n"
                                              "Content-Type: application/json\r\n"
                                              "Content-Length: %zu\r\n"
                                              "Connection: close\r\n\r\n%s",
                                              port_text, strlen (body), body);
  g_autoptr (GBytes) answer = exchange (request, strlen (request));
  gsize size = 0;
  const char *data = g_bytes_get_data (answer, &size);
  const char *end_of_headers = g_strstr_len (data, (gssize) size, "\r\n\r\n");
  g_autoptr (JsonNode) root = NULL;
  JsonObject *object;
  const char *identifier = NULL;

  if (end_of_headers != NULL)
    root =
      paystar_json_parse (end_of_headers + 4, (gssize) (size - (end_of_headers + 4 - data)), NULL);
  /* Past the live-session limit there is none: the input gets an unknown identifier instead. */
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return g_strdup ("00000000000000000000000000000000");
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "data") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "data")) ||
      !paystar_json_get_string (json_object_get_object_member (object, "data"),
                                "PaymentSessionIdentifier", &identifier))
    return g_strdup ("00000000000000000000000000000000");
  return g_strdup (identifier);
}

/* @text with every @token replaced by @value. */
static GByteArray *
replace_token (GByteArray *text, const char *token, const char *value)
{
  GByteArray *out = g_byte_array_sized_new (text->len);
  gsize token_length = strlen (token);
  gsize i = 0;

  while (i < text->len) {
    if (text->len - i >= token_length && memcmp (text->data + i, token, token_length) == 0) {
      g_byte_array_append (out, (const guint8 *) value, (guint) strlen (value));
      i += token_length;
    } else {
      g_byte_array_append (out, text->data + i, 1);
      i++;
    }
  }
  g_byte_array_unref (text);
  return out;
}

/* libsoup 3.2.3's parse_headers() (server/http1/soup-server-message-io-http1.c) leaks the request
 * path of a request whose body encoding it does not recognise (a Content-Length it cannot read,
 * two of them, a Transfer-Encoding other than chunked or identity, Transfer-Encoding given twice:
 * build-aux/lsan.supp names the frame). It answers such a request 400 or 501 itself, before any
 * code of ours runs, so inputs with one are skipped: the leak would stop the run, and the fast
 * unwinder that keeps the run fast records too few frames to suppress it by name. The check is
 * libsoup's own: soup_headers_parse_request() and soup_message_headers_get_encoding() on each head,
 * as parse_headers() does. The heads are found as the server finds them (a head ends at an empty
 * line or at the end of the input, which libsoup parses once the client has shut its side; the
 * next one begins after the body its framing says), and, to be safe, also at every line start. */

/* The head at @start: up to and with its empty line, or to @end. */
static const char *
head_end_of (const char *start, const char *end)
{
  for (const char *line = start; line < end;) {
    const char *newline = memchr (line, '\n', (gsize) (end - line));

    if (newline == NULL)
      return end;
    if (newline == line || (newline == line + 1 && line[0] == '\r'))
      return newline + 1;
    line = newline + 1;
  }
  return end;
}

/* Parses the head from @start to @head_end as the server does: its encoding, or
 * SOUP_ENCODING_NONE with @parsed FALSE when libsoup refuses the head itself. */
static SoupEncoding
head_encoding (const char *start, const char *head_end, goffset *length, gboolean *parsed)
{
  g_autoptr (SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autofree char *head = g_strndup (start, (gsize) (head_end - start));
  guint status =
    soup_headers_parse_request (head, (int) (head_end - start), headers, NULL, NULL, NULL);
  SoupEncoding encoding;

  *parsed = SOUP_STATUS_IS_SUCCESSFUL (status);
  if (!*parsed)
    return SOUP_ENCODING_NONE;
  encoding = soup_message_headers_get_encoding (headers);
  *length = encoding == SOUP_ENCODING_CONTENT_LENGTH
              ? soup_message_headers_get_content_length (headers)
              : 0;
  return encoding;
}

/* Past a chunked body at @p: the chunks, the last (size 0) and the trailer up to its empty line;
 * NULL where the server would stop reading (a size it cannot read, the end of the input). */
static const char *
skip_chunked (const char *p, const char *end)
{
  while (p < end) {
    const char *newline = memchr (p, '\n', (gsize) (end - p));
    g_autofree char *size_text = NULL;
    char *rest = NULL;
    guint64 size;

    if (newline == NULL)
      return NULL;
    size_text = g_strndup (p, (gsize) (newline - p));
    size = g_ascii_strtoull (size_text, &rest, 16);
    if (rest == size_text)
      return NULL;
    p = newline + 1;
    if (size == 0)
      return head_end_of (p, end); /* the trailer */
    if (size > (guint64) (end - p))
      return NULL;
    p += size;
    newline = memchr (p, '\n', (gsize) (end - p));
    if (newline == NULL)
      return NULL;
    p = newline + 1;
  }
  return NULL;
}

static gboolean
has_unrecognised_encoding (const guint8 *data, gsize size)
{
  const char *text = (const char *) data;
  const char *end;

  if (size == 0)
    return FALSE; /* an empty array has no data at all */
  end = text + size;

  /* As the server reads the connection: head, body, head... */
  for (const char *start = text; start < end;) {
    const char *head_end = head_end_of (start, end);
    goffset length = 0;
    gboolean parsed = FALSE;
    SoupEncoding encoding = head_encoding (start, head_end, &length, &parsed);

    if (encoding == SOUP_ENCODING_UNRECOGNIZED)
      return TRUE;
    if (!parsed)
      break; /* answered 400, the connection closed */
    if (encoding == SOUP_ENCODING_CHUNKED)
      start = skip_chunked (head_end, end);
    else if (encoding == SOUP_ENCODING_CONTENT_LENGTH && length > 0)
      start = length <= end - head_end ? head_end + length : NULL;
    else
      start = head_end;
    if (start == NULL)
      break;
  }

  /* And from every line start, bodies included. */
  for (const char *start = text; start < end;) {
    const char *next_line = memchr (start, '\n', (gsize) (end - start));
    goffset length = 0;
    gboolean parsed = FALSE;

    if (head_encoding (start, head_end_of (start, end), &length, &parsed) ==
        SOUP_ENCODING_UNRECOGNIZED)
      return TRUE;
    if (next_line == NULL)
      break;
    start = next_line + 1;
  }
  return FALSE;
}

/* libsoup 3.2 interns the method of every request it reads (soup_server_message_set_method() calls
 * g_intern_string()), and GLib never frees an interned string; each time its quark table grows,
 * GLib drops the old array on purpose (other threads may still read it), which LeakSanitizer
 * reports at exit. So a client that sends thousands of made-up methods grows the sandbox's memory
 * by a few dozen bytes each, for good, before any code of ours runs: a third-party limit, noted
 * in the README. The harness therefore keeps to the methods HTTP defines, which are interned
 * once; request lines are found line by line, bodies included, which skips a few more inputs than
 * needed. */
static gboolean
has_unknown_method (const guint8 *data, gsize size)
{
  static const char *const methods[] = { "GET",     "HEAD",    "POST",  "PUT",  "DELETE",
                                         "OPTIONS", "CONNECT", "TRACE", "PATCH" };
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++) {
    const char *space = strchr (lines[i], ' ');
    gboolean known = FALSE;

    if (space == NULL || space == lines[i] || strstr (space, "HTTP/") == NULL)
      continue;
    for (guint m = 0; m < G_N_ELEMENTS (methods) && !known; m++)
      known = (gsize) (space - lines[i]) == strlen (methods[m]) &&
              strncmp (lines[i], methods[m], strlen (methods[m])) == 0;
    if (!known)
      return TRUE;
  }
  return FALSE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GByteArray *request;
  g_autoptr (GBytes) answer = NULL;
  const char *answer_data;
  gsize answer_size = 0;

  if (has_unknown_method (data, size))
    return -1; /* not added to the corpus */
  if (++inputs_since_listen > INPUTS_PER_LISTEN)
    listen_anew ();
  request = g_byte_array_sized_new ((guint) size);
  g_byte_array_append (request, data, (guint) size);
  request = replace_token (request, PORT_TOKEN, port_text);
  if (request->len > 0 &&
      g_strstr_len ((const char *) request->data, request->len, SESSION_TOKEN) != NULL) {
    g_autofree char *identifier = new_session ();

    request = replace_token (request, SESSION_TOKEN, identifier);
  }
  /* On the bytes sent: the tokens change the lengths, and with them where a body ends. */
  if (has_unrecognised_encoding (request->data, request->len)) {
    g_byte_array_unref (request);
    return -1;
  }
  answer = exchange ((const char *) request->data, request->len);
  g_byte_array_unref (request);
  answer_data = g_bytes_get_data (answer, &answer_size);
  fuzz_check (answer_size < 12 || memcmp (answer_data, "HTTP/1.1 500", 12) != 0,
              "the server answers no request with an internal error");
  return 0;
}
