/* test-sandbox-program.c: the paystar-sandbox program itself: its ready line and port file, exit
 * on SIGTERM and SIGINT, refusing non-loopback hosts and bad options, fixtures files, API keys,
 * persistence with --data-dir and reproducible identifiers with --seed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "sandbox-harness.h"

static void
test_ready_line_and_sigterm (void)
{
  g_autoptr (SandboxHarness) harness = sandbox_harness_start_argv (NULL);
  g_autofree char *expected =
    g_strdup_printf ("paystar-sandbox listening on %s\n", harness->base_uri);
  g_autofree char *out = NULL;
  g_autofree char *port_file = NULL;

  g_assert_true (g_regex_match_simple ("^http://127\\.0\\.0\\.1:[0-9]+$", harness->base_uri, 0, 0));
  g_assert_cmpuint (harness->port, >, 0);
  g_assert_true (g_file_get_contents (harness->port_file, &port_file, NULL, NULL));
  g_assert_cmpstr (port_file, ==, harness->base_uri);
  g_free (sandbox_harness_initiate_ok (harness, "{\"BusinessUnitSlug\": \"acme-utilities\", "
                                                "\"Charges\": [{\"Amount\": 1}]}"));

  g_assert_cmpint (sandbox_harness_stop (harness, SIGTERM), ==, 0);
  /* Exactly one line on stdout, even with the debug output on. */
  out = sandbox_harness_read_stdout (harness);
  g_assert_cmpstr (out, ==, expected);
}

static guint
count_open_files (GSubprocess *process)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (process));
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  guint count = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    count++;
  return count;
}

/* One keep-alive request on a new connection, read to the end of its answer; the connection is
 * then closed by this side, as a browser closes an idle connection. */
static void
keep_alive_request_then_close (SandboxHarness *harness)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) answer = g_string_new (NULL);
  g_autofree char *request = g_strdup_printf ("GET /_sandbox/health HTTP/1.1\r\n"
                                              "Host: 127.0.0.1:%u\r\n\r\n",
                                              harness->port);
  GInputStream *input;

  g_socket_client_set_timeout (client, 20);
  connection =
    g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) harness->port, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request,
                             strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  /* The whole answer is in once its body is: {"status":"ok"}. */
  while (!g_str_has_suffix (answer->str, "{\"status\":\"ok\"}")) {
    char buffer[1024];
    gssize n = g_input_stream_read (input, buffer, sizeof buffer, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (n, >, 0);
    g_string_append_len (answer, buffer, n);
  }
  g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.1 200"));
  g_assert_null (strstr (answer->str, "Connection: close"));
  g_io_stream_close (G_IO_STREAM (connection), NULL, &error);
  g_assert_no_error (error);
}

/* Clients that close keep-alive connections between requests give the program its descriptors
 * back. libsoup 3.2 alone kept every such connection open, one descriptor each, until the
 * program could accept no more. */
static void
test_closed_connections_released (void)
{
  g_autoptr (SandboxHarness) harness = sandbox_harness_start_argv (NULL);
  gint64 deadline;
  guint baseline;
  guint open_files;

  keep_alive_request_then_close (harness);
  baseline = count_open_files (harness->process);
  for (guint i = 0; i < 40; i++)
    keep_alive_request_then_close (harness);

  /* The program notices each close as it happens; wait for it to have seen them all. */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while ((open_files = count_open_files (harness->process)) > baseline &&
         g_get_monotonic_time () < deadline)
    g_usleep (10000);
  g_assert_cmpuint (open_files, <=, baseline);
  g_assert_cmpint (sandbox_harness_stop (harness, SIGTERM), ==, 0);
}

/* A client that pipelines requests and then shuts its side gets every answer: the end of its
 * stream closes the connection only once the requests libsoup already read are answered (found
 * by fuzz/fuzz-sandbox-http, where closing early cut the last answers). */
static void
test_pipelined_then_shut (void)
{
  g_autoptr (SandboxHarness) harness = sandbox_harness_start_argv (NULL);
  g_autoptr (GString) requests = g_string_new (NULL);
  g_autofree char *answer = NULL;
  guint answers = 0;

  for (guint i = 0; i < 3; i++)
    g_string_append_printf (requests, "GET /_sandbox/health HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n\r\n",
                            harness->port);
  /* The last one HTTP/1.0 without a Host header: libsoup asks the socket for its address. */
  g_string_append (requests, "GET /_sandbox/health HTTP/1.0\r\n\r\n");
  g_assert_cmpuint (sandbox_harness_raw (harness, requests->str, requests->len, &answer), ==, 200);
  for (const char *p = answer; (p = strstr (p, "HTTP/1.")) != NULL; p++)
    answers++;
  if (answers != 4)
    g_test_message ("answer: %s", answer);
  g_assert_cmpuint (answers, ==, 4);
  g_assert_cmpint (sandbox_harness_stop (harness, SIGTERM), ==, 0);
}

/* TRUE while @pid is a live process (a zombie waiting for its reaper counts as ended). */
static gboolean
process_alive (int pid)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *state;

  if (kill (pid, 0) != 0 || !g_file_get_contents (stat_path, &stat, NULL, NULL))
    return FALSE;
  /* "PID (comm) S ...": the state follows the last ")". */
  state = strrchr (stat, ')');
  return state != NULL && state[1] == ' ' && state[2] != 'Z' && state[2] != 'X';
}

/* A test that aborts (a failed assertion) takes its paystar-sandbox with it: the harness asks the
 * kernel to kill the program when the test process dies, on every path. */
static void
test_child_ends_when_test_aborts (void)
{
  g_autofree char *pid_file = g_test_build_filename (G_TEST_BUILT, "sandbox-child.pid", NULL);
  g_autofree char *pid_text = NULL;
  gint64 deadline;
  int pid;

  if (g_test_subprocess ()) {
    SandboxHarness *harness = sandbox_harness_start_argv (NULL);

    g_assert_true (
      g_file_set_contents (pid_file, g_subprocess_get_identifier (harness->process), -1, NULL));
    abort ();
  }
  g_unlink (pid_file);
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_assert_true (g_file_get_contents (pid_file, &pid_text, NULL, NULL));
  g_unlink (pid_file);
  pid = atoi (pid_text);
  g_assert_cmpint (pid, >, 0);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (process_alive (pid) && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  g_assert_false (process_alive (pid));
}

static void
test_sigint (void)
{
  g_autoptr (SandboxHarness) harness = sandbox_harness_start_argv (NULL);

  g_assert_cmpint (sandbox_harness_stop (harness, SIGINT), ==, 0);
}

static void
test_other_loopback_hosts (void)
{
  g_autoptr (SandboxHarness) localhost = sandbox_harness_start ("--host", "localhost", NULL);
  g_autoptr (SandboxHarness) other = sandbox_harness_start ("--host", "127.0.0.2", NULL);
  g_autoptr (SandboxResponse) health = NULL;
  g_autofree char *link = NULL;

  g_assert_true (g_str_has_prefix (localhost->base_uri, "http://127.0.0.1:"));
  g_assert_true (g_str_has_prefix (other->base_uri, "http://127.0.0.2:"));
  health = sandbox_harness_request (other, "GET", "/_sandbox/health", NULL, NULL, NULL, 0);
  g_assert_cmpuint (health->status, ==, 200);
  g_assert_cmpint (sandbox_harness_stop (localhost, SIGTERM), ==, 0);
  g_assert_cmpint (sandbox_harness_stop (other, SIGTERM), ==, 0);
}

static void
test_non_loopback_refused (void)
{
  static const char *const hosts[] = {
    "0.0.0.0",          "::", "192.0.2.1", "10.0.0.1", "example.com", "localhost.example",
    "::ffff:127.0.0.1", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++) {
    const char *args[] = { "--host", hosts[i], "--port", "0", NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_test_message ("--host '%s'", hosts[i]);
    g_assert_cmpint (sandbox_run_program (args, &out, &err), ==, 2);
    g_assert_cmpstr (out, ==, "");
    g_assert_nonnull (strstr (err, "loopback"));
  }
}

static void
test_bad_options (void)
{
  static const char *const cases[][4] = {
    { "--port", "70000", NULL },
    { "--port", "-1", NULL },
    { "--session-ttl", "0", NULL },
    { "--seed", "abc", NULL },
    { "--seed", "-1", NULL },
    { "--api-key", "", NULL },
    { "--no-such-option", NULL },
    { "stray-argument", NULL },
    { "--fixtures", "/nonexistent/fixtures.json", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_test_message ("%s %s", cases[i][0], cases[i][1] != NULL ? cases[i][1] : "");
    g_assert_cmpint (sandbox_run_program (cases[i], &out, &err), ==, 2);
    g_assert_cmpstr (out, ==, "");
    g_assert_true (g_str_has_prefix (err, "paystar-sandbox: "));
  }
}

static char *
write_temp (const char *name, const char *contents)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("paystar-sandbox-fixtures-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_bad_fixtures (void)
{
  static const struct {
    const char *json;
    const char *expected;
  } cases[] = {
    { "{'businessUnits': [{'slug': 'a', 'name': 'A'}", "not valid JSON" },
    { "{'businessUnits': [{'slug': 'a', 'name': 'A', 'users': [{'email': 'bad'}]}]}",
      "$.businessUnits[0].users[0].email" },
    { "{'units': []}", "$.units: is not a known field" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *json = sandbox_json (cases[i].json);
    g_autofree char *path = write_temp ("fixtures.json", json);
    const char *args[] = { "--fixtures", path, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (sandbox_run_program (args, &out, &err), ==, 2);
    g_assert_cmpstr (out, ==, "");
    if (strstr (err, cases[i].expected) == NULL)
      g_error ("stderr \"%s\" lacks \"%s\"", err, cases[i].expected);
    g_assert_nonnull (strstr (err, path));
    remove_temp (path);
  }
}

static void
test_fixtures_file (void)
{
  const char *example = g_getenv ("PAYSTAR_SANDBOX_FIXTURES_EXAMPLE");
  g_autoptr (SandboxHarness) harness = sandbox_harness_start ("--fixtures", example, NULL);
  g_autofree char *pos =
    sandbox_json ("{'BusinessUnitSlug': 'springfield-water', 'Channel': 'POS', "
                  "'PosUser': 'clerk1@springfield-water.example', 'Charges': "
                  "[{'Amount': 100}], 'PaymentFields': {'meterId': 'M-1'}, "
                  "'ClientReference': 'SAME'}");
  g_autofree char *viewer = sandbox_json ("{'BusinessUnitSlug': 'springfield-water', 'Channel': "
                                          "'POS', 'PosUser': 'viewer@springfield-water.example', "
                                          "'Charges': [{'Amount': 100}]}");
  g_autofree char *acme = sandbox_json ("{'BusinessUnitSlug': 'acme-utilities', 'Charges': "
                                        "[{'Amount': 100}]}");
  g_autofree char *invoice =
    sandbox_json ("{'BusinessUnitSlug': 'springfield-water', 'Charges': "
                  "[{'Amount': 100}], 'PaymentFields': {'memoLine': 'x'}}");
  g_autofree char *other_unit = sandbox_json ("{'BusinessUnitSlug': 'city-hall', 'Charges': "
                                              "[{'Amount': 100}], 'ClientReference': 'SAME'}");
  g_autoptr (SandboxResponse) old_key = NULL;
  g_autoptr (SandboxResponse) new_key = NULL;
  g_autoptr (SandboxResponse) viewer_response = NULL;
  g_autoptr (SandboxResponse) acme_response = NULL;
  g_autoptr (SandboxResponse) invoice_response = NULL;
  g_autoptr (SandboxResponse) other_unit_response = NULL;
  g_autoptr (SandboxResponse) ambiguous = NULL;
  g_autoptr (SandboxResponse) by_unit = NULL;

  /* The file's key replaces the built-in one. */
  old_key = sandbox_harness_initiate (harness, pos);
  g_assert_cmpuint (old_key->status, ==, 401);
  new_key = sandbox_harness_request (harness, "POST", "/integrations/embedded/initiate",
                                     "example-key", "application/json", pos, -1);
  sandbox_assert_success (new_key);

  viewer_response = sandbox_harness_request (harness, "POST", "/integrations/embedded/initiate",
                                             "example-key", "application/json", viewer, -1);
  sandbox_assert_envelope_error (viewer_response, 200, "PosUser");
  acme_response = sandbox_harness_request (harness, "POST", "/integrations/embedded/initiate",
                                           "example-key", "application/json", acme, -1);
  sandbox_assert_envelope_error (acme_response, 200, "BusinessUnitSlug");
  invoice_response = sandbox_harness_request (harness, "POST", "/integrations/embedded/initiate",
                                              "example-key", "application/json", invoice, -1);
  sandbox_assert_envelope_error (invoice_response, 200, "PaymentFields.memoLine");

  /* ClientReference is unique within a business unit, not across them. */
  other_unit_response = sandbox_harness_request (harness, "POST", "/integrations/embedded/initiate",
                                                 "example-key", "application/json", other_unit, -1);
  sandbox_assert_success (other_unit_response);
  ambiguous = sandbox_harness_request (harness, "GET", "/_sandbox/sessions?clientReference=SAME",
                                       "example-key", NULL, NULL, 0);
  sandbox_assert_envelope_error (ambiguous, 400, "businessUnitSlug");
  by_unit = sandbox_harness_request (
    harness, "GET", "/_sandbox/sessions?clientReference=SAME&businessUnitSlug=city-hall",
    "example-key", NULL, NULL, 0);
  g_assert_cmpstr (
    sandbox_json_string (sandbox_assert_success (by_unit), "paymentSession.businessUnitSlug"), ==,
    "city-hall");

  g_assert_cmpint (sandbox_harness_stop (harness, SIGTERM), ==, 0);
}

static SandboxResponse *
request_with_key (SandboxHarness *harness, const char *method, const char *path, const char *json)
{
  return sandbox_harness_request (harness, method, path, "example-key",
                                  json != NULL ? "application/json" : NULL, json, -1);
}

/* Accounts and customers are records of one business unit: the same account number or email in
 * another unit is another record, synced on its own. */
static void
test_sync_per_business_unit (void)
{
  const char *example = g_getenv ("PAYSTAR_SANDBOX_FIXTURES_EXAMPLE");
  g_autoptr (SandboxHarness) harness = sandbox_harness_start ("--fixtures", example, NULL);
  g_autofree char *water = sandbox_json (
    "{'BusinessUnitSlug': 'springfield-water', 'ClientUser': {'EmailAddress': 'sam@example.com', "
    "'FirstName': 'Sam'}, 'Charges': [{'Amount': 100, 'ClientAccount': {'AccountNumber': "
    "'SHARED-1', 'Name': 'Water account', 'Balance': 100}}]}");
  g_autofree char *hall = sandbox_json (
    "{'BusinessUnitSlug': 'city-hall', 'ClientUser': {'EmailAddress': 'SAM@example.com', "
    "'FirstName': 'Samuel'}, 'Charges': [{'Amount': 200, 'ClientAccount': {'AccountNumber': "
    "'SHARED-1', 'Name': 'Parking permit'}}]}");
  g_autoptr (SandboxResponse) water_answer =
    request_with_key (harness, "POST", "/integrations/embedded/initiate", water);
  g_autoptr (SandboxResponse) hall_answer =
    request_with_key (harness, "POST", "/integrations/embedded/initiate", hall);
  g_autoptr (SandboxResponse) water_account =
    request_with_key (harness, "GET", "/_sandbox/accounts/springfield-water/SHARED-1", NULL);
  g_autoptr (SandboxResponse) hall_account =
    request_with_key (harness, "GET", "/_sandbox/accounts/city-hall/SHARED-1", NULL);
  g_autoptr (SandboxResponse) water_customer = request_with_key (
    harness, "GET", "/_sandbox/customers/springfield-water/sam@example.com", NULL);
  g_autoptr (SandboxResponse) hall_customer =
    request_with_key (harness, "GET", "/_sandbox/customers/city-hall/sam@example.com", NULL);
  g_autoptr (SandboxResponse) acme_account =
    request_with_key (harness, "GET", "/_sandbox/accounts/acme-utilities/SHARED-1", NULL);
  JsonNode *data;

  sandbox_assert_success (water_answer);
  sandbox_assert_success (hall_answer);

  data = sandbox_assert_success (water_account);
  g_assert_cmpstr (sandbox_json_string (data, "Name"), ==, "Water account");
  g_assert_cmpint (sandbox_json_int (data, "Balance"), ==, 100);
  g_assert_cmpstr (sandbox_json_string (data, "Customers[0]"), ==, "sam@example.com");
  data = sandbox_assert_success (hall_account);
  g_assert_cmpstr (sandbox_json_string (data, "Name"), ==, "Parking permit");
  g_assert_null (sandbox_json_at (data, "Balance"));
  g_assert_cmpstr (sandbox_json_string (data, "Customers[0]"), ==, "SAM@example.com");

  /* The second unit introduced the customer to itself: its names are its own. */
  data = sandbox_assert_success (water_customer);
  g_assert_cmpstr (sandbox_json_string (data, "FirstName"), ==, "Sam");
  g_assert_cmpuint (sandbox_json_length (data, "Accounts"), ==, 1);
  data = sandbox_assert_success (hall_customer);
  g_assert_cmpstr (sandbox_json_string (data, "FirstName"), ==, "Samuel");
  g_assert_cmpuint (sandbox_json_length (data, "Accounts"), ==, 1);

  /* A unit the fixtures do not have has no records. */
  sandbox_assert_envelope_error (acme_account, 404, "");

  g_assert_cmpint (sandbox_harness_stop (harness, SIGTERM), ==, 0);
}

static void
test_api_keys_option (void)
{
  g_autoptr (SandboxHarness) harness =
    sandbox_harness_start ("--api-key", "first-key", "--api-key", "second-key", NULL);
  g_autofree char *json = sandbox_json ("{'BusinessUnitSlug': 'acme-utilities', 'Charges': "
                                        "[{'Amount': 1}]}");
  g_autoptr (SandboxResponse) builtin = sandbox_harness_initiate (harness, json);
  g_autoptr (SandboxResponse) first = sandbox_harness_request (
    harness, "POST", "/integrations/embedded/initiate", "first-key", "application/json", json, -1);
  g_autoptr (SandboxResponse) second = sandbox_harness_request (
    harness, "POST", "/integrations/embedded/initiate", "second-key", "application/json", json, -1);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  sandbox_assert_envelope_error (builtin, 401, "");
  sandbox_assert_success (first);
  sandbox_assert_success (second);
  g_assert_cmpint (sandbox_harness_stop (harness, SIGTERM), ==, 0);
  /* The keys never appear in the output. */
  out = sandbox_harness_read_stdout (harness);
  err = sandbox_harness_read_stderr (harness);
  g_assert_null (strstr (out, "first-key"));
  g_assert_null (strstr (err, "first-key"));
  g_assert_null (strstr (err, "second-key"));
}

static void
test_data_dir (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("paystar-sandbox-data-XXXXXX", &error);
  g_autofree char *data = g_build_filename (dir, "state", NULL);
  g_autofree char *db = g_build_filename (data, "paystar-sandbox.db", NULL);
  g_autofree char *json = sandbox_json (
    "{'BusinessUnitSlug': 'acme-utilities', 'ClientReference': 'KEEP-1', 'ClientUser': "
    "{'EmailAddress': 'keep@example.com', 'FirstName': 'Kay'}, 'Charges': [{'Amount': 700, "
    "'ClientAccount': {'AccountNumber': 'KEEP-ACC', 'Name': 'Kay'}}], 'PaymentFields': "
    "{'invoiceNumber': 'I', 'memoLine': 'M'}}");
  g_autofree char *identifier = NULL;
  g_autofree char *session_path = NULL;
  g_autofree char *pay_path = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  {
    g_autoptr (SandboxHarness) first = sandbox_harness_start ("--data-dir", data, NULL);

    identifier = sandbox_harness_initiate_ok (first, json);
    g_assert_cmpint (sandbox_harness_stop (first, SIGTERM), ==, 0);
  }
  g_assert_cmpint (g_stat (db, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (data, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  session_path = g_strdup_printf ("/_sandbox/sessions/%s", identifier);
  pay_path = g_strdup_printf ("/app/embedded/acme-utilities/session/%s/pay", identifier);
  {
    g_autoptr (SandboxHarness) second = sandbox_harness_start ("--data-dir", data, NULL);
    g_autoptr (SandboxResponse) session = sandbox_harness_get (second, session_path);
    g_autoptr (SandboxResponse) again = sandbox_harness_initiate (second, json);
    g_autoptr (SandboxResponse) account =
      sandbox_harness_get (second, "/_sandbox/accounts/acme-utilities/KEEP-ACC");
    g_autoptr (SandboxResponse) customer =
      sandbox_harness_get (second, "/_sandbox/customers/acme-utilities/keep@example.com");
    g_autoptr (SandboxResponse) paid = sandbox_harness_request (
      second, "POST", pay_path, NULL, "application/json",
      "{\"cardNumber\": \"4242424242424242\", \"expiry\": \"12/40\", \"cvc\": \"123\", "
      "\"name\": \"Kay\", \"zip\": \"12345\"}",
      -1);

    g_assert_cmpint (
      sandbox_json_int (sandbox_assert_success (session), "paymentSession.subtotalMinor"), ==, 700);
    sandbox_assert_envelope_error (again, 200, "ClientReference");
    g_assert_cmpstr (sandbox_json_string (sandbox_assert_success (account), "Customers[0]"), ==,
                     "keep@example.com");
    g_assert_cmpstr (sandbox_json_string (sandbox_assert_success (customer), "FirstName"), ==,
                     "Kay");
    g_assert_cmpuint (paid->status, ==, 200);
    g_assert_cmpint (sandbox_harness_stop (second, SIGTERM), ==, 0);
  }
  {
    g_autoptr (SandboxHarness) third = sandbox_harness_start ("--data-dir", data, NULL);
    g_autoptr (SandboxResponse) session = sandbox_harness_get (third, session_path);

    g_assert_cmpstr (sandbox_json_string (sandbox_assert_success (session), "payment.status"), ==,
                     "Succeeded");
    sandbox_harness_reset (third);
    g_assert_cmpint (sandbox_harness_stop (third, SIGTERM), ==, 0);
  }
  {
    g_autoptr (SandboxHarness) fourth = sandbox_harness_start ("--data-dir", data, NULL);
    g_autoptr (SandboxResponse) session = sandbox_harness_get (fourth, session_path);

    /* The reset reached the database too. */
    sandbox_assert_envelope_error (session, 404, "");
    g_assert_cmpint (sandbox_harness_stop (fourth, SIGTERM), ==, 0);
  }

  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);

    g_unlink (db);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (data);
    g_rmdir (dir);
  }
}

/* Without --data-dir nothing outlives the process: a restarted sandbox knows no session, no
 * account and no used reference. */
static void
test_memory_by_default (void)
{
  g_autofree char *json = sandbox_json (
    "{'BusinessUnitSlug': 'acme-utilities', 'ClientReference': 'GONE-1', 'Charges': [{'Amount': "
    "1, 'ClientAccount': {'AccountNumber': 'GONE-ACC', 'Name': 'Gone'}}]}");
  g_autofree char *identifier = NULL;
  g_autofree char *session_path = NULL;

  {
    g_autoptr (SandboxHarness) first = sandbox_harness_start_argv (NULL);

    identifier = sandbox_harness_initiate_ok (first, json);
    g_assert_cmpint (sandbox_harness_stop (first, SIGTERM), ==, 0);
  }
  session_path = g_strdup_printf ("/_sandbox/sessions/%s", identifier);
  {
    g_autoptr (SandboxHarness) second = sandbox_harness_start_argv (NULL);
    g_autoptr (SandboxResponse) session = sandbox_harness_get (second, session_path);
    g_autoptr (SandboxResponse) account =
      sandbox_harness_get (second, "/_sandbox/accounts/acme-utilities/GONE-ACC");
    g_autofree char *again = NULL;

    sandbox_assert_envelope_error (session, 404, "");
    sandbox_assert_envelope_error (account, 404, "");
    /* The reference is free again. */
    again = sandbox_harness_initiate_ok (second, json);
    g_assert_cmpstr (again, !=, identifier);
    g_assert_cmpint (sandbox_harness_stop (second, SIGTERM), ==, 0);
  }
}

static void
test_unusable_data_dir (void)
{
  g_autofree char *file = write_temp ("not-a-dir", "x");
  const char *args[] = { "--data-dir", file, NULL };
  g_autofree char *err = NULL;

  g_assert_cmpint (sandbox_run_program (args, NULL, &err), ==, 1);
  g_assert_true (g_str_has_prefix (err, "paystar-sandbox: "));
  remove_temp (file);
}

typedef struct {
  char *identifiers[2];
  char *reference_number;
  char *auth_code;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->identifiers[0]);
  g_free (run->identifiers[1]);
  g_free (run->reference_number);
  g_free (run->auth_code);
}

/* Starts the program (with --seed @seed when not NULL), creates two sessions and completes the
 * second one, and keeps what the sandbox made up along the way. */
static void
seeded_run (const char *seed, Run *run)
{
  g_autoptr (SandboxHarness) harness =
    seed != NULL ? sandbox_harness_start ("--seed", seed, NULL) : sandbox_harness_start_argv (NULL);
  const char *json = "{\"BusinessUnitSlug\": \"acme-utilities\", \"Charges\": [{\"Amount\": 1}]}";
  g_autofree char *complete_path = NULL;
  g_autoptr (SandboxResponse) completed = NULL;
  JsonNode *data;

  run->identifiers[0] = sandbox_harness_initiate_ok (harness, json);
  run->identifiers[1] = sandbox_harness_initiate_ok (harness, json);
  complete_path = g_strdup_printf ("/_sandbox/sessions/%s/complete", run->identifiers[1]);
  completed = sandbox_harness_post (harness, complete_path, "{\"outcome\": \"succeeded\"}");
  data = sandbox_assert_success (completed);
  run->reference_number = g_strdup (sandbox_json_string (data, "payment.referenceNumber"));
  run->auth_code = g_strdup (sandbox_json_string (data, "payment.authCode"));
  g_assert_nonnull (run->reference_number);
  g_assert_nonnull (run->auth_code);

  g_assert_cmpint (sandbox_harness_stop (harness, SIGTERM), ==, 0);
}

static void
test_seed (void)
{
  Run a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 }, e = { 0 };

  seeded_run ("42", &a);
  seeded_run ("42", &b);
  seeded_run ("18446744073709551615", &c);
  seeded_run (NULL, &d);
  seeded_run (NULL, &e);

  /* The same seed and requests: the same identifiers, reference number and authorisation code. */
  g_assert_cmpstr (a.identifiers[0], ==, b.identifiers[0]);
  g_assert_cmpstr (a.identifiers[1], ==, b.identifiers[1]);
  g_assert_cmpstr (a.reference_number, ==, b.reference_number);
  g_assert_cmpstr (a.auth_code, ==, b.auth_code);
  g_assert_cmpstr (a.identifiers[0], !=, a.identifiers[1]);
  /* Another seed, or none: other identifiers, 128 bits in 32 hex digits either way. */
  g_assert_cmpstr (a.identifiers[0], !=, c.identifiers[0]);
  g_assert_cmpstr (d.identifiers[0], !=, e.identifiers[0]);
  g_assert_cmpstr (d.identifiers[1], !=, e.identifiers[1]);
  g_assert_cmpstr (a.identifiers[0], !=, d.identifiers[0]);
  g_assert_true (g_regex_match_simple ("^[0-9a-f]{32}$", a.identifiers[0], 0, 0));
  g_assert_true (g_regex_match_simple ("^[0-9a-f]{32}$", d.identifiers[0], 0, 0));

  run_clear (&a);
  run_clear (&b);
  run_clear (&c);
  run_clear (&d);
  run_clear (&e);
}

/* Seconds between a session's creation and its expiry, as the inspection route reports them. */
static gint64
session_lifetime (SandboxHarness *harness)
{
  g_autofree char *identifier = sandbox_harness_initiate_ok (
    harness, "{\"BusinessUnitSlug\": \"acme-utilities\", \"Charges\": [{\"Amount\": 1}]}");
  g_autofree char *path = g_strdup_printf ("/_sandbox/sessions/%s", identifier);
  g_autoptr (SandboxResponse) session = sandbox_harness_get (harness, path);
  JsonNode *data = sandbox_assert_success (session);
  g_autoptr (GDateTime) created = NULL;
  g_autoptr (GDateTime) expires = NULL;

  created = g_date_time_new_from_iso8601 (
    sandbox_json_string (data, "paymentSession.createdDateUtc"), NULL);
  expires = g_date_time_new_from_iso8601 (sandbox_json_string (data, "expiresDateUtc"), NULL);
  g_assert_nonnull (created);
  g_assert_nonnull (expires);
  g_assert_false (sandbox_json_bool (data, "expired"));
  g_assert_true (sandbox_json_bool (data, "canProcessSession"));
  return g_date_time_difference (expires, created) / G_TIME_SPAN_SECOND;
}

static void
test_session_ttl (void)
{
  g_autoptr (SandboxHarness) default_ttl = sandbox_harness_start_argv (NULL);
  g_autoptr (SandboxHarness) five = sandbox_harness_start ("--session-ttl", "5", NULL);
  g_autoptr (SandboxHarness) week = sandbox_harness_start ("--session-ttl", "10080", NULL);
  static const char *const bad[][3] = {
    { "--session-ttl", "0", NULL },
    { "--session-ttl", "10081", NULL },
    { "--session-ttl", "-5", NULL },
    { "--session-ttl", "ten", NULL },
  };

  /* 30 minutes unless told otherwise; --session-ttl is in minutes, 1 to 10080. */
  g_assert_cmpint (session_lifetime (default_ttl), ==, 30 * 60);
  g_assert_cmpint (session_lifetime (five), ==, 5 * 60);
  g_assert_cmpint (session_lifetime (week), ==, 10080 * 60);
  g_assert_cmpint (sandbox_harness_stop (default_ttl, SIGTERM), ==, 0);
  g_assert_cmpint (sandbox_harness_stop (five, SIGTERM), ==, 0);
  g_assert_cmpint (sandbox_harness_stop (week, SIGTERM), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_test_message ("--session-ttl %s", bad[i][1]);
    g_assert_cmpint (sandbox_run_program (bad[i], &out, &err), ==, 2);
    g_assert_cmpstr (out, ==, "");
    g_assert_nonnull (strstr (err, "--session-ttl"));
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/program/ready-line-and-sigterm", test_ready_line_and_sigterm);
  g_test_add_func ("/sandbox/program/sigint", test_sigint);
  g_test_add_func ("/sandbox/program/closed-connections-released",
                   test_closed_connections_released);
  g_test_add_func ("/sandbox/program/child-ends-when-test-aborts",
                   test_child_ends_when_test_aborts);
  g_test_add_func ("/sandbox/program/pipelined-then-shut", test_pipelined_then_shut);
  g_test_add_func ("/sandbox/program/other-loopback-hosts", test_other_loopback_hosts);
  g_test_add_func ("/sandbox/program/non-loopback-refused", test_non_loopback_refused);
  g_test_add_func ("/sandbox/program/bad-options", test_bad_options);
  g_test_add_func ("/sandbox/program/bad-fixtures", test_bad_fixtures);
  g_test_add_func ("/sandbox/program/fixtures-file", test_fixtures_file);
  g_test_add_func ("/sandbox/program/sync-per-business-unit", test_sync_per_business_unit);
  g_test_add_func ("/sandbox/program/api-keys", test_api_keys_option);
  g_test_add_func ("/sandbox/program/memory-by-default", test_memory_by_default);
  g_test_add_func ("/sandbox/program/data-dir", test_data_dir);
  g_test_add_func ("/sandbox/program/unusable-data-dir", test_unusable_data_dir);
  g_test_add_func ("/sandbox/program/seed", test_seed);
  g_test_add_func ("/sandbox/program/session-ttl", test_session_ttl);

  return g_test_run ();
}
