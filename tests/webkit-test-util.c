/* webkit-test-util.c: what the WebKit tests share: waiting against a deadline, HTTP to the
 * in-process sandbox, JavaScript and snapshots of a web view, and the typist's command loop.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "webkit-test-util.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "test-child-env.h"

/* G_DEBUG's fatal flags stay in this program and out of WebKit's processes (test-child-env.h). */
__attribute__ ((constructor)) static void
strip_fatal_flags_for_children (void)
{
  test_child_env_strip_fatal_flags ();
}

/* ---- Cases in subprocesses, and web process crashes ---- */

typedef struct {
  char *path;
  int timeout_sec;
} IsolatedCase;

static void
isolated_case_free (gpointer data)
{
  IsolatedCase *isolated = data;

  g_free (isolated->path);
  g_free (isolated);
}

/* Where a case's subprocess says that its web process crashed: named after the test program's
 * process, which is the subprocess's parent, so that runs in parallel keep apart. */
static char *
crash_marker_path (GPid test_program)
{
  g_autofree char *name =
    g_strdup_printf ("paystar-webkit-test-%ld-web-process-crashed", (long) test_program);

  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

static void
run_isolated (gconstpointer data)
{
  const IsolatedCase *isolated = data;
  g_autofree char *marker = crash_marker_path (getpid ());
  gboolean crashed = FALSE;

  /* A failed case is reported as such, and the cases after it still run. */
  g_test_set_nonfatal_assertions ();
  for (guint attempt = 1;; attempt++) {
    g_unlink (marker);
    g_test_trap_subprocess (isolated->path, (guint64) isolated->timeout_sec * G_USEC_PER_SEC,
                            G_TEST_SUBPROCESS_INHERIT_STDERR);
    crashed = g_file_test (marker, G_FILE_TEST_EXISTS);
    if (g_test_trap_has_passed () || !crashed || attempt == 2)
      break;
    /* WebKit's web process, not the case, ended this run; the app reloads the page when that
     * happens, and the test runs the case again. Once only: a crash that repeats is a failure. */
    g_test_message ("%s: the web process crashed; running the case once more", isolated->path);
  }
  g_unlink (marker);
  if (!g_test_trap_has_passed () && crashed)
    g_printerr ("%s: the web process crashed in the second run too\n", isolated->path);
  g_test_trap_assert_passed ();
}

void
web_test_add_isolated (const char *path,
                       gsize fixture_size,
                       GTestFixtureFunc set_up,
                       GTestFixtureFunc test,
                       GTestFixtureFunc tear_down,
                       int timeout_sec)
{
  static gboolean stdout_redirected;
  IsolatedCase *isolated;

  g_return_if_fail (path != NULL);
  g_return_if_fail (timeout_sec > 0);

  if (g_test_subprocess ()) {
    /* The test program keeps the subprocess's stdout and drops it; stderr reaches the log, with
     * the messages (events, the sandbox's requests, the app's) that explain a failure, debug
     * messages included as in a test program run with --tap. */
    if (!stdout_redirected) {
      fflush (stdout);
      dup2 (STDERR_FILENO, STDOUT_FILENO);
      g_log_set_debug_enabled (TRUE);
      stdout_redirected = TRUE;
    }
    g_test_add_vtable (path, fixture_size, NULL, set_up, test, tear_down);
    return;
  }

  isolated = g_new0 (IsolatedCase, 1);
  isolated->path = g_strdup (path);
  isolated->timeout_sec = timeout_sec;
  g_test_add_data_func_full (path, isolated, run_isolated, isolated_case_free);
}

static void
watched_web_process_terminated_cb (WebKitWebView *view,
                                   WebKitWebProcessTerminationReason reason,
                                   gpointer user_data)
{
  WebTest *test = user_data;
  g_autofree char *marker = NULL;

  if (reason != WEBKIT_WEB_PROCESS_CRASHED)
    return;
  if (test->explain != NULL)
    test->explain (test->explain_data);
  if (g_test_subprocess ()) {
    g_autoptr (GError) error = NULL;

    marker = crash_marker_path (getppid ());
    if (!g_file_set_contents (marker, "crashed\n", -1, &error))
      g_printerr ("could not tell the test program of the crash: %s\n", error->message);
  }
  g_error ("the web process crashed (page %s)",
           webkit_web_view_get_uri (view) != NULL ? webkit_web_view_get_uri (view) : "none");
}

void
web_test_watch_web_process (WebTest *test, WebKitWebView *view)
{
  g_return_if_fail (WEBKIT_IS_WEB_VIEW (view));

  g_signal_connect (view, "web-process-terminated", G_CALLBACK (watched_web_process_terminated_cb),
                    test);
}

/* ---- Waiting without ever hanging ---- */

static gboolean
tick (gpointer data)
{
  /* Only wakes the main context up so that the deadline is checked. */
  return G_SOURCE_CONTINUE;
}

void
web_test_start_clock (WebTest *test, int timeout_sec)
{
  test->timeout_sec = timeout_sec;
  test->deadline = g_get_monotonic_time () + timeout_sec * G_USEC_PER_SEC;
  test->tick_id = g_timeout_add (100, tick, NULL);
  test->http = soup_session_new ();
}

void
web_test_stop_clock (WebTest *test)
{
  web_test_typist_forget (test);
  g_clear_object (&test->http);
  g_clear_handle_id (&test->tick_id, g_source_remove);
  g_clear_pointer (&test->sandbox_base, g_free);
  g_clear_pointer (&test->session_id, g_free);
  g_clear_pointer (&test->session_url, g_free);
}

void
web_test_set_up (WebTest *test, int timeout_sec)
{
  g_autoptr (GError) error = NULL;

  web_test_start_clock (test, timeout_sec);
  test->sandbox = paystar_sandbox_server_new ();
  g_assert_true (paystar_sandbox_server_listen (test->sandbox, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  test->sandbox_base = g_strdup (paystar_sandbox_server_get_base_uri (test->sandbox));
}

void
web_test_tear_down (WebTest *test)
{
  web_test_typist_forget (test);
  g_clear_object (&test->http);
  paystar_sandbox_server_shutdown (test->sandbox);
  g_clear_object (&test->sandbox);
  web_test_stop_clock (test);
}

void
web_test_iterate (WebTest *test, const char *what)
{
  if (g_get_monotonic_time () > test->deadline) {
    /* Say what had happened, so that a failure can be understood from the log alone. */
    if (test->explain != NULL)
      test->explain (test->explain_data);
    if (test->typist_last != NULL) {
      g_autofree char *report = json_to_string (test->typist_last, FALSE);

      g_printerr ("the typist's last report (%s): %s\n",
                  test->typist_reply != NULL ? "waiting for a command" : "busy", report);
    }
    g_error ("timed out after %d s waiting for %s", test->timeout_sec, what);
  }
  g_main_context_iteration (NULL, TRUE);
}

void
web_test_spin (WebTest *test, guint milliseconds)
{
  gint64 until = g_get_monotonic_time () + milliseconds * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    web_test_iterate (test, "a pause");
}

/* An asynchronous call's GAsyncResult, kept for its _finish() once wait_result() saw it come. */
static void
keep_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
wait_result (WebTest *test, GAsyncResult **result, const char *what)
{
  while (*result == NULL)
    web_test_iterate (test, what);
}

/* ---- HTTP ---- */

char *
web_test_listen (SoupServer *server, const char *scheme, SoupServerListenOptions options)
{
  g_autoptr (GError) error = NULL;
  g_autoslist (GUri) uris = NULL;

  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | options, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);
  return g_strdup_printf ("%s://127.0.0.1:%d", scheme, g_uri_get_port (uris->data));
}

GBytes *
web_test_send (WebTest *test, SoupMessage *msg, const char *what)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GBytes *body;

  soup_session_send_and_read_async (test->http, msg, G_PRIORITY_DEFAULT, NULL, keep_result_cb,
                                    &result);
  wait_result (test, &result, what);
  body = soup_session_send_and_read_finish (test->http, result, &error);
  g_assert_no_error (error);
  return body;
}

JsonNode *
web_test_http_json (WebTest *test,
                    const char *method,
                    const char *path,
                    const char *request_json,
                    guint expected_status)
{
  g_autofree char *uri = g_strconcat (test->sandbox_base, path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  const char *data;
  gsize size;

  g_assert_nonnull (msg);
  soup_message_headers_append (soup_message_get_request_headers (msg), "X-Paystar-Api-Key",
                               WEB_TEST_API_KEY);
  soup_message_headers_append (soup_message_get_request_headers (msg), "Accept",
                               "application/json");
  if (request_json != NULL) {
    g_autoptr (GBytes) request = g_bytes_new (request_json, strlen (request_json));

    soup_message_set_request_body_from_bytes (msg, "application/json", request);
  }
  body = web_test_send (test, msg, path);
  g_assert_cmpuint (soup_message_get_status (msg), ==, expected_status);

  data = g_bytes_get_data (body, &size);
  json_parser_load_from_data (parser, data, size, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

void
web_test_create_session (WebTest *test, const char *request_json)
{
  g_autoptr (JsonNode) root = web_test_http_json (test, "POST", "/integrations/embedded/initiate",
                                                  request_json, SOUP_STATUS_OK);
  JsonObject *object = json_node_get_object (root);
  JsonObject *data;

  g_assert_false (json_object_get_boolean_member (object, "hasErrors"));
  data = json_object_get_object_member (object, "data");
  g_assert_nonnull (data);
  g_assert_cmpstr (json_object_get_string_member (data, "Status"), ==, "RequiresPaymentSource");
  g_free (test->session_id);
  g_free (test->session_url);
  test->session_id = g_strdup (json_object_get_string_member (data, "PaymentSessionIdentifier"));
  test->session_url = g_strdup (json_object_get_string_member (data, "PaymentLogInLink"));
  g_assert_nonnull (test->session_id);
  g_assert_true (g_str_has_prefix (test->session_url, test->sandbox_base));
  g_assert_true (g_str_has_suffix (test->session_url, test->session_id));
}

JsonNode *
web_test_inspect_session (WebTest *test)
{
  g_autofree char *path = g_strconcat ("/_sandbox/sessions/", test->session_id, NULL);
  g_autoptr (JsonNode) root = web_test_http_json (test, "GET", path, NULL, SOUP_STATUS_OK);
  JsonObject *object = json_node_get_object (root);
  JsonObject *session;

  g_assert_false (json_object_get_boolean_member (object, "hasErrors"));
  session = json_object_get_object_member (json_object_get_object_member (object, "data"),
                                           "paymentSession");
  g_assert_cmpstr (json_object_get_string_member (session, "identifier"), ==, test->session_id);
  return json_node_ref (json_object_get_member (object, "data"));
}

char *
web_test_stored_status (WebTest *test)
{
  g_autoptr (JsonNode) data = web_test_inspect_session (test);
  JsonObject *session =
    json_object_get_object_member (json_node_get_object (data), "paymentSession");

  return g_strdup (json_object_get_string_member (session, "status"));
}

void
web_test_pay_through_sandbox (WebTest *test,
                              const char *identifier,
                              const char *card_number,
                              const char *expected_status)
{
  g_autofree char *path =
    g_strdup_printf ("/app/embedded/acme-utilities/session/%s/pay", identifier);
  g_autofree char *uri = g_strconcat (test->sandbox_base, path, NULL);
  g_autofree char *body = g_strdup_printf (
    "{\"cardNumber\":\"%s\",\"expiry\":\"12/40\",\"cvc\":\"123\",\"name\":\"Jordan Lee\","
    "\"zip\":\"84101\",\"paymentFields\":{\"invoiceNumber\":\"INV-1\",\"memoLine\":\"Phone\"}}",
    card_number);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr (GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  answer = web_test_send (test, msg, "the sandbox's pay route");
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  root = json_from_string (g_bytes_get_data (answer, NULL), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "status"), ==,
                   expected_status);
}

/* ---- Scripts, JavaScript and snapshots ---- */

char *
web_test_json_string (const char *text)
{
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text);
  return json_to_string (node, FALSE);
}

void
web_test_add_script (WebKitUserContentManager *manager,
                     const char *constant,
                     const char *value,
                     const char *body,
                     const char *world)
{
  g_autofree char *literal = web_test_json_string (value);
  g_autofree char *source = g_strdup_printf ("const %s = %s;\n%s", constant, literal, body);
  g_autoptr (WebKitUserScript) script = NULL;

  if (world != NULL)
    script = webkit_user_script_new_for_world (source, WEBKIT_USER_CONTENT_INJECT_ALL_FRAMES,
                                               WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_END, world,
                                               NULL, NULL);
  else
    script = webkit_user_script_new (source, WEBKIT_USER_CONTENT_INJECT_ALL_FRAMES,
                                     WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_END, NULL, NULL);
  webkit_user_content_manager_add_script (manager, script);
}

JSCValue *
web_test_run_js (WebTest *test, WebKitWebView *view, const char *script)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  JSCValue *value;

  webkit_web_view_evaluate_javascript (view, script, -1, NULL, NULL, NULL, keep_result_cb, &result);
  wait_result (test, &result, script);
  value = webkit_web_view_evaluate_javascript_finish (view, result, &error);
  g_assert_no_error (error);
  return value;
}

void
web_test_save_snapshot (WebTest *test, WebKitWebView *view, const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = NULL;

  /* Let the compositor paint what the last command changed. */
  web_test_spin (test, 400);
  webkit_web_view_get_snapshot (view, WEBKIT_SNAPSHOT_REGION_VISIBLE, WEBKIT_SNAPSHOT_OPTIONS_NONE,
                                NULL, keep_result_cb, &result);
  wait_result (test, &result, "a snapshot");
  texture = webkit_web_view_get_snapshot_finish (view, result, &error);
  g_assert_no_error (error);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

/* ---- The typist ---- */

char *
web_test_future_expiry (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  return g_strdup_printf ("%02d/%02d", g_date_time_get_month (now),
                          (g_date_time_get_year (now) + 3) % 100);
}

char *
web_test_fill_command (const char *card_number, const char *extra_members)
{
  g_autofree char *expiry = web_test_future_expiry ();

  return g_strdup_printf ("{\"action\":\"fill\",\"values\":{\"card-number\":\"%s\","
                          "\"card-expiry\":\"%s\",\"card-cvc\":\"123\","
                          "\"card-name\":\"Jordan Lee\",\"card-zip\":\"84101\"%s}}",
                          card_number, expiry, extra_members ? extra_members : "");
}

JsonNode *
web_test_parse_value (JSCValue *value)
{
  g_autofree char *text = jsc_value_to_string (value);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

/* The typist's script world: isolated from the page's own scripts. */
#define TYPIST_WORLD "paystar-test-typist"

/* Keeps a report and the reply that answers it. */
static gboolean
typist_received_cb (WebKitUserContentManager *manager,
                    JSCValue *value,
                    WebKitScriptMessageReply *reply,
                    gpointer user_data)
{
  WebTest *test = user_data;
  g_autoptr (JsonNode) report = web_test_parse_value (value);

  if (test->typist_expect_ready && !json_object_get_boolean_member_with_default (
                                     json_node_get_object (report), "ready", FALSE)) {
    g_autoptr (JSCValue) done =
      jsc_value_new_string (jsc_value_get_context (value), "{\"action\":\"done\"}");

    webkit_script_message_reply_return_value (reply, done);
    return TRUE;
  }
  test->typist_expect_ready = FALSE;
  web_test_typist_keep (test, report, value, reply);
  return TRUE;
}

void
web_test_typist_keep (WebTest *test,
                      JsonNode *report,
                      JSCValue *value,
                      WebKitScriptMessageReply *reply)
{
  /* A typist of a page that went away (a reload) never gets its answer. */
  web_test_typist_forget (test);
  test->typist_last = json_node_ref (report);
  test->typist_reply = webkit_script_message_reply_ref (reply);
  g_set_object (&test->typist_context, jsc_value_get_context (value));
}

void
web_test_add_typist (WebTest *test, WebKitUserContentManager *manager, const char *origin)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "web", "typist.js", NULL);
  g_autofree char *body = NULL;
  g_autoptr (GError) error = NULL;

  g_file_get_contents (path, &body, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (manager, "script-message-with-reply-received::typist",
                    G_CALLBACK (typist_received_cb), test);
  g_assert_true (webkit_user_content_manager_register_script_message_handler_with_reply (
    manager, "typist", TYPIST_WORLD));
  web_test_add_script (manager, "TYPIST_ORIGIN", origin, body, TYPIST_WORLD);
}

void
web_test_typist_forget (WebTest *test)
{
  g_clear_pointer (&test->typist_reply, webkit_script_message_reply_unref);
  g_clear_pointer (&test->typist_last, json_node_unref);
  g_clear_object (&test->typist_context);
}

JsonObject *
web_test_typist_report (WebTest *test)
{
  JsonObject *report;

  while (test->typist_reply == NULL)
    web_test_iterate (test, "the typist's report");
  report = json_node_get_object (test->typist_last);
  if (json_object_has_member (report, "exception"))
    g_error ("typist: %s", json_object_get_string_member (report, "exception"));
  return report;
}

void
web_test_typist_command (WebTest *test, const char *command_json)
{
  g_autoptr (JSCValue) value = NULL;

  web_test_typist_report (test);
  value = jsc_value_new_string (test->typist_context, command_json);
  webkit_script_message_reply_return_value (test->typist_reply, value);
  g_clear_pointer (&test->typist_reply, webkit_script_message_reply_unref);
}

JsonObject *
web_test_typist_do (WebTest *test, const char *command_json)
{
  web_test_typist_command (test, command_json);
  return web_test_typist_report (test);
}

void
web_test_typist_fill (WebTest *test, const char *card_number, const char *extra_members)
{
  g_autofree char *command = web_test_fill_command (card_number, extra_members);

  web_test_typist_do (test, command);
}

JsonObject *
web_test_typist_pay (WebTest *test)
{
  return web_test_typist_do (test, "{\"action\":\"click\",\"id\":\"pay-button\",\"settle\":true}");
}

JsonObject *
web_test_typist_pay_valid (WebTest *test)
{
  JsonObject *report = web_test_typist_pay (test);
  JsonArray *invalid = json_object_get_array_member (report, "invalid");

  if (json_object_get_string_member (report, "formError") != NULL)
    g_error ("the form says: %s", json_object_get_string_member (report, "formError"));
  if (json_array_get_length (invalid) > 0)
    g_error ("the form refused %s", json_array_get_string_element (invalid, 0));
  g_assert_true (json_object_get_boolean_member (report, "settled"));
  return report;
}

void
web_test_typist_stop (WebTest *test)
{
  if (test->typist_reply != NULL)
    web_test_typist_command (test, "{\"action\":\"done\"}");
  g_clear_object (&test->typist_context);
}
