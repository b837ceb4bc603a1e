/* test-station-sandbox.c: the built-in sandbox link still opens after the station (and its
 * sandbox) restarts: the sandbox keeps its port across restarts, and when the port is taken it
 * moves, and the journal's links move with it. Also the station's client and its Query API
 * lookups on the sandbox. Headless: PosStation calls no GTK.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "paystar-sandbox-server.h"
#include "paystar.h"
#include "pos-station.h"
#include "pos-test-util.h"
#include "station-test-util.h"
#include "test-wait.h"
#include "pos.h"

#define GUARD_SECONDS 30

typedef struct {
  char *dir;
  char *ava;
  PosSettings *settings;
  PosStation *station;
} Fixture;

/* A station as the app starts it: fresh settings (the memory backend starts from the schema's
 * defaults: the built-in sandbox), the fixture's data folder. */
static void
start_station (Fixture *f)
{
  g_assert_null (f->station);
  f->settings = station_test_settings_new ();
  f->station = pos_station_new (f->settings, f->dir);
  station_test_start (f->station);
  g_assert_true (pos_station_get_ready (f->station));
  g_assert_true (pos_station_get_is_sandbox (f->station));
  g_assert_nonnull (pos_station_get_client (f->station));
  g_assert_null (pos_station_get_client_problem (f->station));
}
/* Stops the station as quitting the app does: everything it holds goes, its sandbox stops
 * listening. */
static void
stop_station (Fixture *f)
{
  station_test_assert_finalized (g_steal_pointer (&f->station));
  g_assert_finalize_object (g_steal_pointer (&f->settings));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = pos_test_make_tmp_dir ("paystar-station-sandbox-XXXXXX");
  f->ava = pos_test_agent_email ("ava");
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->station != NULL)
    stop_station (f);
  pos_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->ava);
}

static const char *
base_uri (Fixture *f)
{
  return paystar_client_get_base_uri (pos_station_get_client (f->station));
}

static guint
port_of (const char *uri)
{
  g_autoptr (GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (parsed);
  return (guint) g_uri_get_port (parsed);
}

typedef struct {
  gboolean done;
  PaystarSession *session;
  GError *error;
} Initiated;

static void
initiated_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Initiated *initiated = user_data;

  initiated->session = paystar_client_initiate_payment_session_finish (
    PAYSTAR_CLIENT (source), result, NULL, &initiated->error);
  initiated->done = TRUE;
}

/* Creates a session through the station's client and journals it the way a sale is journaled:
 * begun before the request, created with the identifier and link after. Returns the sale's id. */
static gint64
journal_new_session (Fixture *f, const char *reference, char **out_identifier)
{
  g_autoptr (PaystarRequest) request = paystar_request_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  PosJournal *journal = pos_station_get_journal (f->station);
  Initiated initiated = { 0 };
  PaystarCharge *charge = paystar_charge_new (4200);
  gint64 id;

  request->business_unit_slug = g_strdup (pos_settings_get_business_unit_slug (f->settings));
  request->channel = g_strdup ("POS");
  request->pos_user = g_strdup (f->ava);
  request->client_reference = g_strdup (reference);
  charge->description = g_strdup ("Water bill");
  paystar_request_add_charge (request, charge);
  json = paystar_request_to_json (request, NULL);

  id = pos_journal_begin_submit (journal, f->ava, json, reference, 4200, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  paystar_client_initiate_payment_session_async (pos_station_get_client (f->station), request, NULL,
                                                 initiated_cb, &initiated);
  test_wait_until_done (&initiated.done, GUARD_SECONDS, "the station");
  g_assert_no_error (initiated.error);
  g_assert_true (pos_journal_set_created (journal, id, initiated.session->identifier,
                                          initiated.session->link, "{}", &error));
  g_assert_no_error (error);
  *out_identifier = g_strdup (initiated.session->identifier);
  paystar_session_free (initiated.session);
  return id;
}

static char *
stored_link (Fixture *f, gint64 id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosSaleRecord) record =
    pos_journal_lookup (pos_station_get_journal (f->station), id, &error);

  g_assert_no_error (error);
  return g_strdup (pos_sale_record_get_session_link (record));
}

typedef struct {
  gboolean done;
  guint status;
  char *content_type;
  char *body;
} Fetched;

static void
fetched_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fetched *fetched = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  fetched->status = soup_message_get_status (message);
  fetched->content_type = g_strdup (
    soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL));
  fetched->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  fetched->done = TRUE;
}

/* Opens @link as the payment view would, and asserts that it is the sandbox's hosted page. The
 * sandbox runs in this thread, so the request is asynchronous. */
static void
assert_link_opens (const char *link, const char *identifier)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (SoupMessage) message = soup_message_new ("GET", link);
  Fetched fetched = { 0 };

  g_assert_nonnull (message);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, fetched_cb,
                                    &fetched);
  test_wait_until_done (&fetched.done, GUARD_SECONDS, "the station");
  g_test_message ("GET %s: %u %s", link, fetched.status, fetched.content_type);
  g_assert_cmpuint (fetched.status, ==, 200);
  g_assert_cmpstr (fetched.content_type, ==, "text/html");
  g_assert_nonnull (strstr (fetched.body, "Paystar sandbox"));
  g_assert_nonnull (strstr (fetched.body, identifier));
  g_free (fetched.content_type);
  g_free (fetched.body);
}

typedef struct {
  gboolean done;
  PosSessionLookup *lookup;
  GError *error;
} LookedUp;

static void
looked_up_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LookedUp *looked_up = user_data;

  looked_up->lookup =
    pos_station_lookup_session_finish (POS_STATION (source), result, &looked_up->error);
  looked_up->done = TRUE;
}

static PosSessionLookup *
station_lookup (Fixture *f, const char *identifier)
{
  LookedUp looked_up = { 0 };

  pos_station_lookup_session_async (f->station, identifier, NULL, looked_up_cb, &looked_up);
  test_wait_until_done (&looked_up.done, GUARD_SECONDS, "the station");
  g_assert_no_error (looked_up.error);
  return looked_up.lookup;
}

static void
test_link_survives_restart (Fixture *f, gconstpointer data)
{
  g_autofree char *first_base = NULL;
  g_autofree char *identifier = NULL;
  g_autofree char *link = NULL;
  g_autofree char *port_file = g_build_filename (f->dir, "sandbox", "port", NULL);
  g_autofree char *port_text = NULL;
  g_autofree char *expected_port = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GFile) file = NULL;
  gint64 id;

  start_station (f);
  first_base = g_strdup (base_uri (f));
  g_assert_true (g_str_has_prefix (first_base, "http://127.0.0.1:"));
  id = journal_new_session (f, "ST1-RESTART-1", &identifier);
  link = stored_link (f, id);
  g_assert_true (g_str_has_prefix (link, first_base));
  assert_link_opens (link, identifier);

  /* The port is remembered in the sandbox's folder, readable by its owner only. */
  g_assert_true (g_file_get_contents (port_file, &port_text, NULL, NULL));
  expected_port = g_strdup_printf ("%u\n", port_of (first_base));
  g_assert_cmpstr (port_text, ==, expected_port);
  file = g_file_new_for_path (port_file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_UNIX_MODE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  g_assert_nonnull (info);
  g_assert_cmpuint (g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_MODE) & 0777, ==,
                    0600);

  /* Quit and start again: same address, and the stored link opens the same live session. */
  stop_station (f);
  start_station (f);
  g_assert_cmpstr (base_uri (f), ==, first_base);
  g_assert_cmpstr (pos_settings_get_web_origin (f->settings), ==, first_base);
  {
    g_autofree char *again = stored_link (f, id);

    g_assert_cmpstr (again, ==, link);
    assert_link_opens (again, identifier);
  }
  stop_station (f);
}

static void
test_link_moves_with_port (Fixture *f, gconstpointer data)
{
  g_autofree char *first_base = NULL;
  g_autofree char *identifier = NULL;
  g_autofree char *other_identifier = NULL;
  g_autofree char *foreign_link = NULL;
  g_autoptr (GSocket) blocker = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PosSessionLookup) lookup = NULL;
  gint64 id;
  gint64 other;

  start_station (f);
  first_base = g_strdup (base_uri (f));
  id = journal_new_session (f, "ST1-MOVE-1", &identifier);
  /* A link of another origin that merely has the same shape stays as it is. */
  other = journal_new_session (f, "ST1-MOVE-2", &other_identifier);
  foreign_link = g_strdup_printf ("https://pay.example/app/embedded/acme-utilities/session/%s",
                                  other_identifier);
  g_assert_true (pos_journal_set_created (pos_station_get_journal (f->station), other,
                                          other_identifier, foreign_link, "{}", &error));
  g_assert_no_error (error);
  stop_station (f);

  /* Something else took the sandbox's port while the app was not running. */
  blocker =
    g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new (loopback, (guint16) port_of (first_base));
  g_socket_bind (blocker, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (blocker, &error);
  g_assert_no_error (error);

  start_station (f);
  g_assert_cmpstr (base_uri (f), !=, first_base);
  g_assert_cmpuint (port_of (base_uri (f)), !=, port_of (first_base));
  {
    g_autofree char *moved = stored_link (f, id);
    g_autofree char *expected =
      g_strdup_printf ("%s/app/embedded/acme-utilities/session/%s", base_uri (f), identifier);
    g_autofree char *untouched = stored_link (f, other);

    /* The link now points to the sandbox's new address, and opens the same live session. */
    g_assert_cmpstr (moved, ==, expected);
    assert_link_opens (moved, identifier);
    g_assert_cmpstr (untouched, ==, foreign_link);
  }

  /* The station's lookup asks the sandbox through the client's Query API paths. */
  g_assert_true (paystar_client_get_can_look_up (pos_station_get_client (f->station)));
  g_assert_cmpstr (paystar_client_get_query_session_path (pos_station_get_client (f->station)), ==,
                   PAYSTAR_SANDBOX_QUERY_SESSION_PATH);
  lookup = station_lookup (f, identifier);
  g_assert_cmpint (lookup->status, ==, PAYSTAR_SESSION_STATUS_OTHER);
  g_assert_cmpstr (lookup->status_text, ==, "RequiresPaymentSource");
  g_assert_null (lookup->reference_number);
  g_assert_cmpint (lookup->amount, ==, -1);
  g_assert_nonnull (strstr (lookup->summary_json, identifier));

  /* The new port is the one remembered from now on. */
  {
    g_autofree char *port_file = g_build_filename (f->dir, "sandbox", "port", NULL);
    g_autofree char *port_text = NULL;
    g_autofree char *expected = g_strdup_printf ("%u\n", port_of (base_uri (f)));

    g_assert_true (g_file_get_contents (port_file, &port_text, NULL, NULL));
    g_assert_cmpstr (port_text, ==, expected);
  }
  stop_station (f);
  g_socket_close (blocker, NULL);
}

static void
test_query_paths_follow_settings (Fixture *f, gconstpointer data)
{
  PaystarClient *client;

  start_station (f);
  /* On the built-in sandbox the client always uses the sandbox's own paths, whatever the
   * settings say. */
  client = pos_station_get_client (f->station);
  g_assert_cmpstr (paystar_client_get_query_session_path (client), ==,
                   PAYSTAR_SANDBOX_QUERY_SESSION_PATH);
  g_assert_cmpstr (paystar_client_get_query_reference_path (client), ==,
                   PAYSTAR_SANDBOX_QUERY_REFERENCE_PATH);
  pos_settings_set_query_session_path (f->settings, "/elsewhere/{sessionIdentifier}");
  g_assert_cmpstr (paystar_client_get_query_session_path (client), ==,
                   PAYSTAR_SANDBOX_QUERY_SESSION_PATH);

  /* On a real gateway the client the station makes (with the key from PAYSTAR_API_KEY, see
   * main()) takes the settings' paths, and follows them as they change. */
  pos_settings_set_query_reference_path (f->settings, "/q/find");
  pos_settings_set_environment (f->settings, POS_ENVIRONMENT_DEVELOPMENT);
  g_assert_false (pos_station_get_is_sandbox (f->station));
  {
    guint guard = test_wait_guard (GUARD_SECONDS, "the key lookup");

    while (pos_station_get_client (f->station) == NULL &&
           g_str_has_prefix (pos_station_get_client_problem (f->station), "Looking up"))
      g_main_context_iteration (NULL, TRUE);
    g_source_remove (guard);
  }
  client = pos_station_get_client (f->station);
  g_assert_nonnull (client);
  g_assert_cmpstr (paystar_client_get_base_uri (client), ==, POS_DEVELOPMENT_API_BASE_URI);
  g_assert_cmpstr (paystar_client_get_query_session_path (client), ==,
                   "/elsewhere/{sessionIdentifier}");
  g_assert_cmpstr (paystar_client_get_query_reference_path (client), ==, "/q/find");
  pos_settings_set_query_session_path (f->settings, "/v2/sessions/{sessionIdentifier}");
  g_assert_cmpstr (paystar_client_get_query_session_path (client), ==,
                   "/v2/sessions/{sessionIdentifier}");
  pos_settings_set_query_reference_path (f->settings, "");
  g_assert_null (paystar_client_get_query_reference_path (client));
  g_assert_false (paystar_client_get_can_look_up (client));
  stop_station (f);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* For the real-gateway case: a key without a keyring. */
  g_setenv ("PAYSTAR_API_KEY", "sk_test_station_sandbox", TRUE);

  g_test_add ("/pos/station-sandbox/link-survives-restart", Fixture, NULL, fixture_set_up,
              test_link_survives_restart, fixture_tear_down);
  g_test_add ("/pos/station-sandbox/link-moves-with-port", Fixture, NULL, fixture_set_up,
              test_link_moves_with_port, fixture_tear_down);
  g_test_add ("/pos/station-sandbox/query-paths-follow-settings", Fixture, NULL, fixture_set_up,
              test_query_paths_follow_settings, fixture_tear_down);

  return g_test_run ();
}
