/* pos-station-checkout.h: what a checkout's requests need from the station's settings.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pos-checkout.h"
#include "pos-station.h"

G_BEGIN_DECLS

/* Fills @out from @station's settings: the business unit slug, the success and return URLs in
 * redirect mode only (NULL in SDK mode), and the web origin of the current environment (for the
 * sandbox, its base URI; NULL when unknown). The strings belong to the settings and stay valid
 * until the next change of the setting: use them at once. */
void pos_station_get_checkout_options (PosStation *station, PosCheckoutOptions *out);

G_END_DECLS
