/* station-test-util.c: see station-test-util.h.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "station-test-util.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "test-wait.h"

#define GUARD_SECONDS 30

PosSettings *
station_test_settings_new (void)
{
  g_autoptr (GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr (GSettings) gsettings = g_settings_new_with_backend (POS_SETTINGS_SCHEMA_ID, backend);

  return pos_settings_new_with_settings (gsettings);
}

static void
started_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (pos_station_start_finish (POS_STATION (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

void
station_test_start (PosStation *station)
{
  gboolean done = FALSE;

  pos_station_start_async (station, NULL, started_cb, &done);
  test_wait_until_done (&done, GUARD_SECONDS, "the station's start");
}

void
station_test_assert_finalized (PosStation *station)
{
  gint64 deadline = g_get_monotonic_time () + GUARD_SECONDS * G_USEC_PER_SEC;

  while (g_atomic_int_get (&G_OBJECT (station)->ref_count) > 1 &&
         g_get_monotonic_time () < deadline) {
    g_main_context_iteration (NULL, FALSE);
    g_usleep (1000);
  }
  g_assert_finalize_object (station);
}
