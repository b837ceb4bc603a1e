/* bench-sandbox.c: fires N initiate requests with concurrency C at the sandbox over loopback and
 * prints requests per second and latency percentiles. A benchmark, not a test.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-sandbox [-n REQUESTS] [-c CONCURRENCY] [--timeout SECONDS] [--data-dir DIR]
 *               [--program PATH]
 * By default the sandbox runs in-process on its own thread (its own main context); --program
 * starts the paystar-sandbox program instead. Either way it listens on 127.0.0.1 only.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "paystar-sandbox-server.h"

#define MAX_REQUESTS    1000000
#define MAX_CONCURRENCY 256
#define MAX_TIMEOUT     600

/* The in-process server, on its own thread */

typedef struct {
  GMutex lock;
  GCond ready;
  char *base_uri;
  char *error;
  gboolean done;
  const char *data_dir;
  guint max_sessions;
  GMainContext *context;
  GMainLoop *loop;
} ServerThread;

static gpointer
server_thread (gpointer data)
{
  ServerThread *thread = data;
  g_autoptr (PaystarSandboxServer) server = NULL;
  g_autoptr (GError) error = NULL;

  g_main_context_push_thread_default (thread->context);
  server = paystar_sandbox_server_new ();
  paystar_sandbox_server_set_max_sessions (server, thread->max_sessions);
  if ((thread->data_dir == NULL ||
       paystar_sandbox_server_set_data_dir (server, thread->data_dir, &error)) &&
      paystar_sandbox_server_listen (server, "127.0.0.1", 0, &error)) {
    g_mutex_lock (&thread->lock);
    thread->base_uri = g_strdup (paystar_sandbox_server_get_base_uri (server));
    thread->done = TRUE;
    g_cond_signal (&thread->ready);
    g_mutex_unlock (&thread->lock);
    g_main_loop_run (thread->loop);
    paystar_sandbox_server_shutdown (server);
  } else {
    g_mutex_lock (&thread->lock);
    thread->error = g_strdup (error->message);
    thread->done = TRUE;
    g_cond_signal (&thread->ready);
    g_mutex_unlock (&thread->lock);
  }
  g_clear_object (&server);
  g_main_context_pop_thread_default (thread->context);
  return NULL;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* The program, as a child */

static char *
start_program (const char *program,
               const char *data_dir,
               guint max_sessions,
               GSubprocess **out_process,
               char **out_tmp)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("bench-sandbox-XXXXXX", &error);
  g_autofree char *port_file = NULL;
  g_autofree char *max = g_strdup_printf ("%u", max_sessions);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  GSubprocess *process;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  if (tmp == NULL) {
    g_printerr ("bench-sandbox: %s\n", error->message);
    return NULL;
  }
  port_file = g_build_filename (tmp, "url", NULL);
  g_ptr_array_add (argv, (gpointer) program);
  g_ptr_array_add (argv, (gpointer) "--port-file");
  g_ptr_array_add (argv, port_file);
  g_ptr_array_add (argv, (gpointer) "--max-sessions");
  g_ptr_array_add (argv, max);
  if (data_dir != NULL) {
    g_ptr_array_add (argv, (gpointer) "--data-dir");
    g_ptr_array_add (argv, (gpointer) data_dir);
  }
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char *const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                               &error);
  if (process == NULL) {
    g_printerr ("bench-sandbox: %s\n", error->message);
    return NULL;
  }
  while (g_get_monotonic_time () < deadline) {
    char *contents = NULL;

    if (g_file_get_contents (port_file, &contents, NULL, NULL)) {
      g_unlink (port_file);
      *out_process = process;
      *out_tmp = g_steal_pointer (&tmp);
      return contents;
    }
    g_free (contents);
    g_usleep (10000);
  }
  g_printerr ("bench-sandbox: %s did not start listening within 10 s\n", program);
  g_subprocess_force_exit (process);
  g_object_unref (process);
  return NULL;
}

/* The client */

typedef struct {
  SoupSession *session;
  char *uri;
  guint total;
  guint sent;
  guint finished;
  guint in_flight;
  guint failures;
  gint64 deadline;
  GArray *latencies; /* gint64 microseconds */
  guint64 run_id;
} Bench;

typedef struct {
  Bench *bench;
  gint64 started;
} Pending;

static void send_next (Bench *bench);

static void
on_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;
  Bench *bench = pending->bench;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body =
    soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  gint64 latency = g_get_monotonic_time () - pending->started;

  if (body == NULL || soup_message_get_status (msg) != 200 ||
      g_strstr_len (g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body),
                    "\"hasErrors\":false") == NULL) {
    /* Say why, once: a benchmark that silently counts failures measures nothing. */
    if (bench->failures++ == 0)
      g_printerr ("bench-sandbox: first failure: %s\n",
                  error != NULL ? error->message : soup_message_get_reason_phrase (msg));
  }
  g_array_append_val (bench->latencies, latency);
  bench->finished++;
  bench->in_flight--;
  g_free (pending);
  send_next (bench);
}

static void
send_next (Bench *bench)
{
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GBytes) body = NULL;
  Pending *pending;
  char *json;
  guint i;

  if (bench->sent >= bench->total || g_get_monotonic_time () >= bench->deadline)
    return;
  i = bench->sent++;
  /* A realistic request: a customer, an account that recurs (so sync updates records), and a
   * fresh ClientReference (so the uniqueness check runs). */
  json = g_strdup_printf (
    "{\"BusinessUnitSlug\":\"acme-utilities\",\"Channel\":\"QuickPay\","
    "\"ClientUser\":{\"EmailAddress\":\"customer%u@example.com\",\"FirstName\":\"C\"},"
    "\"Charges\":[{\"Amount\":%u,\"Description\":\"Bill\",\"ClientAccount\":{\"AccountNumber\":"
    "\"BENCH-%u\",\"Name\":\"Customer %u\",\"Balance\":%u,\"DueDate\":\"2025-02-01\"}}],"
    "\"ClientReference\":\"bench-%" G_GUINT64_FORMAT "-%u\",\"CustomMeta\":{\"n\":\"%u\"}}",
    i % 500, 100 + i % 10000, i % 1000, i % 1000, i % 5000, bench->run_id, i, i);
  body = g_bytes_new_take (json, strlen (json));
  msg = soup_message_new ("POST", bench->uri);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Paystar-Api-Key",
                                "sandbox-key");
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  pending = g_new0 (Pending, 1);
  pending->bench = bench;
  pending->started = g_get_monotonic_time ();
  bench->in_flight++;
  soup_session_send_and_read_async (bench->session, msg, G_PRIORITY_DEFAULT, NULL, on_answer,
                                    pending);
}

static int
compare_int64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
percentile_ms (GArray *sorted, double p)
{
  guint index;

  if (sorted->len == 0)
    return 0.0;
  index = (guint) (p / 100.0 * (sorted->len - 1) + 0.5);
  return (double) g_array_index (sorted, gint64, MIN (index, sorted->len - 1)) / 1000.0;
}

int
main (int argc, char *argv[])
{
  int requests = 5000;
  int concurrency = 16;
  int timeout = 60;
  g_autofree char *program = NULL;
  g_autofree char *data_dir = NULL;
  const GOptionEntry entries[] = {
    { "requests", 'n', 0, G_OPTION_ARG_INT, &requests, "Initiate requests to send (default 5000)",
      "N" },
    { "concurrency", 'c', 0, G_OPTION_ARG_INT, &concurrency,
      "Requests in flight at once (default 16)", "C" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      "Stop sending after this many seconds (default 60)", "SECONDS" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
      "Give the sandbox this data directory (measures SQLite too)", "DIR" },
    { "program", 0, 0, G_OPTION_ARG_FILENAME, &program,
      "Start this paystar-sandbox program instead of an in-process server", "PATH" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *base_uri = NULL;
  ServerThread thread = { 0 };
  GThread *server = NULL;
  Bench bench = { 0 };
  gint64 started, elapsed;

  g_option_context_set_summary (context,
                                "Benchmark the sandbox's initiate endpoint over loopback.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error)) {
    g_printerr ("bench-sandbox: %s\n", error->message);
    return 2;
  }
  if (requests < 1 || requests > MAX_REQUESTS || concurrency < 1 || concurrency > MAX_CONCURRENCY ||
      timeout < 1 || timeout > MAX_TIMEOUT) {
    g_printerr ("bench-sandbox: use 1 <= N <= %d, 1 <= C <= %d, 1 <= SECONDS <= %d\n", MAX_REQUESTS,
                MAX_CONCURRENCY, MAX_TIMEOUT);
    return 2;
  }

  if (program != NULL) {
    base_uri = start_program (program, data_dir, (guint) requests + 1, &process, &tmp);
    if (base_uri == NULL)
      return 1;
  } else {
    g_mutex_init (&thread.lock);
    g_cond_init (&thread.ready);
    thread.data_dir = data_dir;
    thread.max_sessions = (guint) requests + 1;
    thread.context = g_main_context_new ();
    thread.loop = g_main_loop_new (thread.context, FALSE);
    server = g_thread_new ("sandbox", server_thread, &thread);
    g_mutex_lock (&thread.lock);
    while (!thread.done)
      g_cond_wait (&thread.ready, &thread.lock);
    g_mutex_unlock (&thread.lock);
    if (thread.error != NULL) {
      g_printerr ("bench-sandbox: %s\n", thread.error);
      return 1;
    }
    base_uri = g_strdup (thread.base_uri);
  }

  /* A fresh reference prefix per run, so that runs over one --data-dir do not collide. */

  bench.run_id = (guint64) g_get_real_time ();
  bench.session = soup_session_new_with_options ("max-conns", concurrency, "max-conns-per-host",
                                                 concurrency, "timeout", 30, NULL);
  bench.uri = g_strconcat (base_uri, "/integrations/embedded/initiate", NULL);
  bench.total = (guint) requests;
  bench.latencies = g_array_sized_new (FALSE, FALSE, sizeof (gint64), (guint) requests);
  started = g_get_monotonic_time ();
  bench.deadline = started + (gint64) timeout * G_USEC_PER_SEC;

  for (int i = 0; i < concurrency; i++)
    send_next (&bench);
  while (bench.in_flight > 0)
    g_main_context_iteration (NULL, TRUE);
  elapsed = g_get_monotonic_time () - started;

  g_array_sort (bench.latencies, compare_int64);
  printf ("sandbox:      %s (%s)\n", base_uri, program != NULL ? program : "in-process thread");
  printf ("requests:     %u of %u (%u failed)%s\n", bench.finished, bench.total, bench.failures,
          bench.finished < bench.total ? ", stopped at the timeout" : "");
  printf ("concurrency:  %d\n", concurrency);
  printf ("elapsed:      %.3f s\n", (double) elapsed / G_USEC_PER_SEC);
  printf ("throughput:   %.0f requests/s\n",
          elapsed > 0 ? bench.finished * (double) G_USEC_PER_SEC / (double) elapsed : 0.0);
  printf ("latency (ms): p50 %.3f  p90 %.3f  p99 %.3f  max %.3f\n",
          percentile_ms (bench.latencies, 50), percentile_ms (bench.latencies, 90),
          percentile_ms (bench.latencies, 99), percentile_ms (bench.latencies, 100));

  g_array_unref (bench.latencies);
  g_free (bench.uri);
  g_object_unref (bench.session);
  if (process != NULL) {
    g_subprocess_send_signal (process, SIGTERM);
    g_subprocess_wait (process, NULL, NULL);
    g_rmdir (tmp);
  } else {
    g_main_context_invoke (thread.context, quit_loop, thread.loop);
    g_thread_join (server);
    g_main_loop_unref (thread.loop);
    g_main_context_unref (thread.context);
    g_free (thread.base_uri);
    g_mutex_clear (&thread.lock);
    g_cond_clear (&thread.ready);
  }
  return bench.failures > 0 ? 1 : 0;
}
