/* test-station.c: PosStation without a display: starting it, switching environments through the
 * settings (sandbox -> custom -> sandbox) and reloading its client, checked on the properties the
 * window binds to (client and its base URI, client-problem, is-sandbox).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "paystar.h"
#include "pos-station.h"
#include "pos-test-util.h"
#include "station-test-util.h"
#include "test-wait.h"
#include "pos.h"

#define GUARD_SECONDS 30
#define CUSTOM_API    "https://gateway.example.test"
#define CUSTOM_WEB    "https://pay.example.test"
#define NO_KEY_PROBLEM \
  "This station has no Paystar API key. Ask an administrator to enter it in Preferences."
#define NO_ADDRESS_PROBLEM \
  "The Paystar API address is not set. Ask an administrator to enter it in Preferences."

typedef struct {
  char *dir;
  char *key_file;
  PosSettings *settings;
  PosStation *station;
} Fixture;

/* Iterates the main loop until the station has a client, or has none and says @problem: the key
 * lookup of a real gateway's environment finishes on the main loop. */
static void
wait_for_client_state (Fixture *f, gboolean want_client, const char *problem)
{
  guint guard = test_wait_guard (GUARD_SECONDS, "the station client");

  while ((pos_station_get_client (f->station) != NULL) != want_client ||
         g_strcmp0 (pos_station_get_client_problem (f->station), problem) != 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}

static void
count_notify_cb (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = pos_test_make_tmp_dir ("paystar-station-XXXXXX");
  f->key_file = g_build_filename (f->dir, "api-key", NULL);
  /* Fresh settings: the memory backend starts from the schema's defaults (the built-in sandbox). */
  f->settings = station_test_settings_new ();
  f->station = pos_station_new (f->settings, f->dir);
}
static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  station_test_assert_finalized (g_steal_pointer (&f->station));
  g_assert_finalize_object (g_steal_pointer (&f->settings));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  pos_test_remove_tree (f->dir);
  g_free (f->key_file);
  g_free (f->dir);
}

static void
start_station (Fixture *f)
{
  station_test_start (f->station);
}

static void
write_key_file (Fixture *f, const char *contents)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents_full (f->key_file, contents, -1,
                                           G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (f->key_file, 0600), ==, 0);
}

static const char *
client_base_uri (Fixture *f)
{
  PaystarClient *client = pos_station_get_client (f->station);

  g_assert_nonnull (client);
  return paystar_client_get_base_uri (client);
}

/* The sandbox's client talks to the in-process emulator on loopback, and the settings' sandbox
 * origin (what the payment view trusts) is the same address. */
static void
assert_on_sandbox (Fixture *f)
{
  g_assert_true (pos_station_get_is_sandbox (f->station));
  g_assert_null (pos_station_get_client_problem (f->station));
  g_assert_true (g_str_has_prefix (client_base_uri (f), "http://127.0.0.1:"));
  g_assert_cmpstr (client_base_uri (f), ==, pos_settings_get_sandbox_origin (f->settings));
  g_assert_cmpstr (pos_settings_get_api_base_uri (f->settings), ==, client_base_uri (f));
}

/* Before the start the station is not ready and has nothing; after it, the journal and the roster
 * are open and the client is the built-in sandbox's. */
static void
test_start (Fixture *f, gconstpointer data)
{
  guint ready_notifications = 0;

  g_signal_connect (f->station, "notify::ready", G_CALLBACK (count_notify_cb),
                    &ready_notifications);
  g_assert_false (pos_station_get_ready (f->station));
  g_assert_null (pos_station_get_journal (f->station));
  g_assert_null (pos_station_get_roster (f->station));
  g_assert_null (pos_station_get_client (f->station));
  g_assert_true (pos_station_get_is_sandbox (f->station));
  g_assert_cmpstr (pos_station_get_data_dir (f->station), ==, f->dir);
  g_assert_true (pos_station_get_settings (f->station) == f->settings);

  start_station (f);

  g_assert_true (pos_station_get_ready (f->station));
  g_assert_cmpuint (ready_notifications, ==, 1);
  g_assert_nonnull (pos_station_get_journal (f->station));
  g_assert_nonnull (pos_station_get_roster (f->station));
  g_assert_null (pos_station_get_journal_notice (f->station));
  assert_on_sandbox (f);
  g_signal_handlers_disconnect_by_data (f->station, &ready_notifications);
}

/* The administrator switches to a custom gateway and back, through the settings only: the client
 * follows each change without a reload. */
static void
test_switch_environments (Fixture *f, gconstpointer data)
{
  g_autofree char *sandbox_uri = NULL;
  guint sandbox_notifications = 0;

  start_station (f);
  assert_on_sandbox (f);
  sandbox_uri = g_strdup (client_base_uri (f));
  g_signal_connect (f->station, "notify::is-sandbox", G_CALLBACK (count_notify_cb),
                    &sandbox_notifications);

  write_key_file (f, "custom-key-0123456789\n");
  pos_settings_set_api_key_file (f->settings, f->key_file);
  pos_settings_set_custom_api_base_uri (f->settings, CUSTOM_API);
  pos_settings_set_custom_web_origin (f->settings, CUSTOM_WEB);
  /* Custom addresses are kept but not used while the sandbox is the environment. */
  assert_on_sandbox (f);
  g_assert_cmpstr (client_base_uri (f), ==, sandbox_uri);

  pos_settings_set_environment (f->settings, POS_ENVIRONMENT_CUSTOM);
  g_assert_false (pos_station_get_is_sandbox (f->station));
  g_assert_cmpuint (sandbox_notifications, ==, 1);
  wait_for_client_state (f, TRUE, NULL);
  g_assert_cmpstr (client_base_uri (f), ==, CUSTOM_API);
  g_assert_false (pos_station_get_is_sandbox (f->station));
  /* The emulator stopped: nothing trusts its address any more. */
  g_assert_null (pos_settings_get_sandbox_origin (f->settings));

  /* A custom environment without an API address says so. */
  pos_settings_set_custom_api_base_uri (f->settings, "");
  g_assert_null (pos_station_get_client (f->station));
  g_assert_cmpstr (pos_station_get_client_problem (f->station), ==, NO_ADDRESS_PROBLEM);
  pos_settings_set_custom_api_base_uri (f->settings, CUSTOM_API);
  wait_for_client_state (f, TRUE, NULL);
  g_assert_cmpstr (client_base_uri (f), ==, CUSTOM_API);

  pos_settings_set_environment (f->settings, POS_ENVIRONMENT_SANDBOX);
  g_assert_cmpuint (sandbox_notifications, ==, 2);
  assert_on_sandbox (f);
  g_signal_handlers_disconnect_by_data (f->station, &sandbox_notifications);
}

/* The key is not in the settings: after the administrator stores one, the window asks the station
 * to look it up again. */
static void
test_reload_client (Fixture *f, gconstpointer data)
{
  start_station (f);
  pos_settings_set_api_key_file (f->settings, f->key_file);
  pos_settings_set_custom_api_base_uri (f->settings, CUSTOM_API);
  pos_settings_set_custom_web_origin (f->settings, CUSTOM_WEB);
  pos_settings_set_environment (f->settings, POS_ENVIRONMENT_CUSTOM);

  wait_for_client_state (f, FALSE, NO_KEY_PROBLEM);
  g_assert_false (pos_station_get_is_sandbox (f->station));

  /* Storing the key changes no setting: the station has not noticed... */
  write_key_file (f, "custom-key-0123456789\n");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (pos_station_get_client (f->station));
  g_assert_cmpstr (pos_station_get_client_problem (f->station), ==, NO_KEY_PROBLEM);

  /* ...until it is told to reload. */
  pos_station_reload_client (f->station);
  wait_for_client_state (f, TRUE, NULL);
  g_assert_cmpstr (client_base_uri (f), ==, CUSTOM_API);
  g_assert_false (pos_station_get_is_sandbox (f->station));

  /* The key removed again: a reload drops the client and says why. */
  g_assert_cmpint (g_unlink (f->key_file), ==, 0);
  pos_station_reload_client (f->station);
  wait_for_client_state (f, FALSE, NO_KEY_PROBLEM);

  /* On the sandbox a reload gives the emulator's client again. */
  pos_settings_set_environment (f->settings, POS_ENVIRONMENT_SANDBOX);
  assert_on_sandbox (f);
  pos_station_reload_client (f->station);
  assert_on_sandbox (f);
}

int
main (int argc, char **argv)
{
  /* Never talk to a real keyring from a test, and no key from the environment: the key file is
   * the only source. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/paystar-pos-test-bus", TRUE);
  g_unsetenv (POS_API_KEY_ENV_VAR);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/station/start", Fixture, NULL, fixture_set_up, test_start, fixture_tear_down);
  g_test_add ("/station/switch-environments", Fixture, NULL, fixture_set_up,
              test_switch_environments, fixture_tear_down);
  g_test_add ("/station/reload-client", Fixture, NULL, fixture_set_up, test_reload_client,
              fixture_tear_down);

  return g_test_run ();
}
