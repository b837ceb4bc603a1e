/* pos-station-checkout.c: what a checkout's requests need from the station's settings.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-station-checkout.h"

void
pos_station_get_checkout_options (PosStation *station, PosCheckoutOptions *out)
{
  PosSettings *settings;

  g_return_if_fail (POS_IS_STATION (station));
  g_return_if_fail (out != NULL);

  settings = pos_station_get_settings (station);
  out->business_unit_slug = pos_settings_get_business_unit_slug (settings);
  /* SDK mode learns the outcome from the SDK's events: Paystar gets no station URLs then. */
  if (pos_settings_get_payment_page_mode (settings) == POS_PAYMENT_PAGE_MODE_REDIRECT) {
    out->success_url = pos_settings_get_success_url (settings);
    out->return_url = pos_settings_get_return_url (settings);
  } else {
    out->success_url = NULL;
    out->return_url = NULL;
  }
  /* The settings know each environment's origin: the fixed ones of development and production,
   * the custom setting, and the in-process sandbox's base URI once it listens. */
  out->web_origin = pos_settings_get_web_origin (settings);
}
