/* station-test-util.h: what the station's tests share: settings as a new station has them,
 * starting a station as the app does, and seeing it go.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pos-station.h"
#include "pos.h"

G_BEGIN_DECLS

/* Settings on a memory backend of their own: the schema's defaults (the built-in sandbox). */
PosSettings *station_test_settings_new (void);

/* Starts @station as the app does and waits for it (at most 30 s, then the case fails); an error
 * of the start fails the case too. */
void station_test_start (PosStation *station);

/* Drops the caller's reference to @station and checks that it is finalized here, on the main
 * thread. The start ran its journal work in a GTask thread, which drops its own reference to the
 * task (and so to the station) when the thread function has returned, possibly just after the
 * main loop ran the callback: this waits until the caller's is the last reference. */
void station_test_assert_finalized (PosStation *station);

G_END_DECLS
