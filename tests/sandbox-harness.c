/* sandbox-harness.c: starts the real paystar-sandbox program for the golden HTTP tests and talks
 * to it over loopback.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sandbox-harness.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "paystar-json.h"

#define START_TIMEOUT_US (20 * G_USEC_PER_SEC)

const char *
sandbox_program (void)
{
  const char *program = g_getenv ("PAYSTAR_SANDBOX");

  if (program == NULL)
    g_error ("PAYSTAR_SANDBOX is not set: run the tests through meson test");
  return program;
}

static void
on_exited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SandboxHarness *self = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  self->wait_status = g_subprocess_get_status (G_SUBPROCESS (source));
  self->exited = TRUE;
}

/* Runs in the child between fork and exec: the kernel kills the program when the test process
 * dies on any path (an assertion's abort, a crash, meson's timeout), so no paystar-sandbox is
 * left listening behind a failed test. The parent may already have died before prctl(). */
static void
die_with_parent (gpointer user_data)
{
  pid_t parent = GPOINTER_TO_INT (user_data);

  if (prctl (PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid () != parent)
    _exit (127);
}

static GSubprocessLauncher *
launcher_new (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, GINT_TO_POINTER (getpid ()),
                                         NULL);
  return launcher;
}

static char *
read_file_or_empty (const char *path)
{
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

SandboxHarness *
sandbox_harness_start_argv (const char *const *args)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  SandboxHarness *self = g_new0 (SandboxHarness, 1);
  gint64 deadline;

  self->dir = g_dir_make_tmp ("paystar-sandbox-test-XXXXXX", &error);
  g_assert_no_error (error);
  self->port_file = g_build_filename (self->dir, "url", NULL);
  self->stdout_path = g_build_filename (self->dir, "stdout", NULL);
  self->stderr_path = g_build_filename (self->dir, "stderr", NULL);

  g_ptr_array_add (argv, (gpointer) sandbox_program ());
  g_ptr_array_add (argv, (gpointer) "--port");
  g_ptr_array_add (argv, (gpointer) "0");
  g_ptr_array_add (argv, (gpointer) "--port-file");
  g_ptr_array_add (argv, self->port_file);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_stdout_file_path (launcher, self->stdout_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, self->stderr_path);
  /* The program's own debug output too: the card-data tests read it. */
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "PaystarSandbox", TRUE);
  self->process =
    g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (self->process, NULL, on_exited, self);

  deadline = g_get_monotonic_time () + START_TIMEOUT_US;
  while (self->base_uri == NULL) {
    g_autofree char *contents = NULL;

    while (g_main_context_iteration (NULL, FALSE))
      ;
    if (self->exited) {
      g_autofree char *err = read_file_or_empty (self->stderr_path);

      g_error ("paystar-sandbox exited before listening (status %d): %s", self->wait_status, err);
    }
    /* The program renames a complete file into place: once it exists, it is whole. */
    if (g_file_get_contents (self->port_file, &contents, NULL, NULL)) {
      g_autoptr (GUri) uri = NULL;

      uri = g_uri_parse (contents, G_URI_FLAGS_NONE, &error);
      g_assert_no_error (error);
      self->port = (guint) g_uri_get_port (uri);
      self->base_uri = g_steal_pointer (&contents);
      break;
    }
    g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    g_usleep (5000);
  }

  self->session =
    soup_session_new_with_options ("max-conns", 128, "max-conns-per-host", 64, "timeout", 30, NULL);
  return self;
}

SandboxHarness *
sandbox_harness_start (const char *first_arg, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return sandbox_harness_start_argv ((const char *const *) args->pdata);
}

int
sandbox_harness_stop (SandboxHarness *self, int signum)
{
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_US;

  if (!self->exited)
    g_subprocess_send_signal (self->process, signum);
  while (!self->exited) {
    g_main_context_iteration (NULL, FALSE);
    g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    g_usleep (2000);
  }
  /* What the program said on the way out (a sanitizer's report, a critical) explains a failure. */
  if (!WIFEXITED (self->wait_status) || WEXITSTATUS (self->wait_status) != 0) {
    g_autofree char *err = read_file_or_empty (self->stderr_path);

    g_test_message ("paystar-sandbox ended with wait status %d: %s", self->wait_status, err);
  }
  g_assert_true (WIFEXITED (self->wait_status));
  return WEXITSTATUS (self->wait_status);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
    g_autofree char *child = g_build_filename (path, name, NULL);

    if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
      remove_tree (child);
    else
      g_unlink (child);
  }
  g_rmdir (path);
}

void
sandbox_harness_free (SandboxHarness *self)
{
  if (self == NULL)
    return;
  if (self->process != NULL && !self->exited) {
    g_subprocess_force_exit (self->process);
    while (!self->exited)
      g_main_context_iteration (NULL, TRUE);
  }
  g_clear_object (&self->session);
  g_clear_object (&self->process);
  if (self->dir != NULL)
    remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->port_file);
  g_free (self->stdout_path);
  g_free (self->stderr_path);
  g_free (self->base_uri);
  g_free (self);
}

char *
sandbox_harness_read_stdout (SandboxHarness *self)
{
  return read_file_or_empty (self->stdout_path);
}

char *
sandbox_harness_read_stderr (SandboxHarness *self)
{
  return read_file_or_empty (self->stderr_path);
}

int
sandbox_run_program (const char *const *args, char **out_stdout, char **out_stderr)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocessLauncher) launcher =
    launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  char *out = NULL, *err = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) sandbox_program ());
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  status = g_subprocess_get_exit_status (process);
  if (out_stdout != NULL)
    *out_stdout = out;
  else
    g_free (out);
  if (out_stderr != NULL)
    *out_stderr = err;
  else
    g_free (err);
  return status;
}

/* Requests */

void
sandbox_response_free (SandboxResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->body);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_free (response);
}

SandboxResponse *
sandbox_harness_request (SandboxHarness *self,
                         const char *method,
                         const char *path,
                         const char *api_key,
                         const char *content_type,
                         const char *body,
                         gssize length)
{
  g_autofree char *uri = g_strconcat (self->base_uri, path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  SandboxResponse *response;
  gsize size = 0;
  const char *data;

  g_assert_nonnull (msg);
  if (api_key != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Paystar-Api-Key",
                                  api_key);
  if (body != NULL) {
    g_autoptr (GBytes) request_body =
      g_bytes_new (body, length < 0 ? strlen (body) : (gsize) length);

    soup_message_set_request_body_from_bytes (msg, content_type, request_body);
  } else if (content_type != NULL) {
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Content-Type",
                                  content_type);
  }

  bytes = soup_session_send_and_read (self->session, msg, NULL, &error);
  g_assert_no_error (error);

  response = g_new0 (SandboxResponse, 1);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  data = g_bytes_get_data (bytes, &size);
  response->body = g_strndup (data != NULL ? data : "", size);
  response->length = size;
  response->json = paystar_json_parse (response->body, (gssize) size, NULL);
  return response;
}

SandboxResponse *
sandbox_harness_get (SandboxHarness *self, const char *path)
{
  return sandbox_harness_request (self, "GET", path, SANDBOX_KEY, NULL, NULL, 0);
}

SandboxResponse *
sandbox_harness_post (SandboxHarness *self, const char *path, const char *json)
{
  return sandbox_harness_request (self, "POST", path, SANDBOX_KEY, "application/json", json, -1);
}

SandboxResponse *
sandbox_harness_initiate (SandboxHarness *self, const char *json)
{
  return sandbox_harness_post (self, "/integrations/embedded/initiate", json);
}

char *
sandbox_harness_initiate_ok (SandboxHarness *self, const char *json)
{
  g_autoptr (SandboxResponse) response = sandbox_harness_initiate (self, json);
  JsonNode *data;

  if (response->status != 200 || !sandbox_json_is_null (response->json, "errors[0]"))
    g_test_message ("initiate answered %u: %s", response->status, response->body);
  data = sandbox_assert_success (response);
  return g_strdup (sandbox_json_string (data, "PaymentSessionIdentifier"));
}

void
sandbox_harness_reset (SandboxHarness *self)
{
  g_autoptr (SandboxResponse) response = sandbox_harness_post (self, "/_sandbox/reset", "{}");

  sandbox_assert_success (response);
}

guint
sandbox_harness_raw (SandboxHarness *self, const char *request, gsize length, char **out_response)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) answer = g_string_new (NULL);
  GOutputStream *output;
  GInputStream *input;
  guint status = 0;

  g_socket_client_set_timeout (client, 10);
  connection =
    g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) self->port, NULL, &error);
  g_assert_no_error (error);
  output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  /* The server may answer and close before it has read everything; that is fine. */
  g_output_stream_write_all (output, request, length, NULL, NULL, NULL);
  /* End of input for the server, so that an incomplete request is answered or dropped at once. */
  g_socket_shutdown (g_socket_connection_get_socket (connection), FALSE, TRUE, NULL);

  for (;;) {
    char buffer[4096];
    gssize n = g_input_stream_read (input, buffer, sizeof buffer, NULL, NULL);

    if (n <= 0)
      break;
    g_string_append_len (answer, buffer, n);
  }
  if (g_str_has_prefix (answer->str, "HTTP/1.") && answer->len >= 12)
    status = (guint) g_ascii_strtoull (answer->str + 9, NULL, 10);
  if (out_response != NULL)
    *out_response = g_strdup (answer->str);
  return status;
}

/* JSON helpers */

char *
sandbox_json (const char *text)
{
  char *copy = g_strdup (text);

  for (char *p = copy; *p != '\0'; p++) {
    if (*p == '\'')
      *p = '"';
  }
  return copy;
}

JsonNode *
sandbox_json_at (JsonNode *root, const char *path)
{
  g_auto (GStrv) parts = NULL;
  JsonNode *node = root;

  if (root == NULL)
    return NULL;
  if (path == NULL || path[0] == '\0')
    return root;
  parts = g_strsplit (path, ".", -1);
  for (guint i = 0; parts[i] != NULL && node != NULL; i++) {
    char *name = parts[i];
    char *bracket = strchr (name, '[');

    if (bracket != NULL)
      *bracket = '\0';
    if (name[0] != '\0') {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), name);
    }
    while (bracket != NULL && node != NULL) {
      guint index = (guint) g_ascii_strtoull (bracket + 1, NULL, 10);
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return NULL;
      array = json_node_get_array (node);
      if (index >= json_array_get_length (array))
        return NULL;
      node = json_array_get_element (array, index);
      bracket = strchr (bracket + 1, '[');
    }
  }
  return node;
}

const char *
sandbox_json_string (JsonNode *root, const char *path)
{
  JsonNode *node = sandbox_json_at (root, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
sandbox_json_int (JsonNode *root, const char *path)
{
  JsonNode *node = sandbox_json_at (root, path);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64);
  return json_node_get_int (node);
}

gboolean
sandbox_json_bool (JsonNode *root, const char *path)
{
  JsonNode *node = sandbox_json_at (root, path);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN);
  return json_node_get_boolean (node);
}

gboolean
sandbox_json_is_null (JsonNode *root, const char *path)
{
  JsonNode *node = sandbox_json_at (root, path);

  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

guint
sandbox_json_length (JsonNode *root, const char *path)
{
  JsonNode *node = sandbox_json_at (root, path);

  g_assert_nonnull (node);
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_array_get_length (json_node_get_array (node));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_get_size (json_node_get_object (node));
}

JsonNode *
sandbox_assert_success (SandboxResponse *response)
{
  JsonNode *data;

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_nonnull (response->json);
  g_assert_false (sandbox_json_bool (response->json, "hasErrors"));
  g_assert_cmpuint (sandbox_json_length (response->json, "errors"), ==, 0);
  data = sandbox_json_at (response->json, "data");
  g_assert_nonnull (data);
  g_assert_false (JSON_NODE_HOLDS_NULL (data));
  return data;
}

gboolean
sandbox_response_has_error (SandboxResponse *response, const char *property_name)
{
  JsonNode *errors = sandbox_json_at (response->json, "errors");
  JsonArray *array;

  if (errors == NULL || !JSON_NODE_HOLDS_ARRAY (errors))
    return FALSE;
  array = json_node_get_array (errors);
  for (guint i = 0; i < json_array_get_length (array); i++) {
    JsonNode *element = json_array_get_element (array, i);
    const char *name = sandbox_json_string (element, "propertyName");
    const char *message = sandbox_json_string (element, "errorMessage");

    /* Every error must say something. */
    g_assert_nonnull (message);
    g_assert_cmpstr (message, !=, "");
    if (g_strcmp0 (name, property_name) == 0)
      return TRUE;
  }
  return FALSE;
}

void
sandbox_assert_envelope_error (SandboxResponse *response, guint status, const char *property_name)
{
  if (response->status != status || !sandbox_response_has_error (response, property_name))
    g_test_message ("expected %u with an error for \"%s\", got %u: %s", status, property_name,
                    response->status, response->body);
  g_assert_cmpuint (response->status, ==, status);
  g_assert_nonnull (response->json);
  g_assert_true (sandbox_json_bool (response->json, "hasErrors"));
  g_assert_true (sandbox_json_is_null (response->json, "data"));
  g_assert_nonnull (sandbox_json_at (response->json, "data"));
  g_assert_true (sandbox_response_has_error (response, property_name));
}
