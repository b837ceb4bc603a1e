/* pos-application.h: the Paystar POS application: station services, app actions, --debug.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pos-station.h"

G_BEGIN_DECLS

#define POS_TYPE_APPLICATION (pos_application_get_type ())
G_DECLARE_FINAL_TYPE (PosApplication, pos_application, POS, APPLICATION, AdwApplication)

/* Properties: "debug" (gboolean: --debug was given; enables WebKit's developer extras later),
 * "station" (PosStation, read-only, created at start-up).
 * App actions: app.preferences (Ctrl+,), app.about, app.quit (Ctrl+Q). */

PosApplication *pos_application_new (void);
gboolean pos_application_get_debug (PosApplication *self);
PosStation *pos_application_get_station (PosApplication *self);

G_END_DECLS
