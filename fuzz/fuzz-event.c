/* fuzz-event.c: libFuzzer harness for SDK events (paystar-event), as the payment view receives
 * them from the web page.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Invariants: a parsed event has a name and a line-item list, its amounts are in cents within
 * the API's range, and a refusal is INVALID_JSON or INVALID_RESPONSE.
 */
#include "config.h"

#include "fuzz-util.h"
#include "paystar-error.h"
#include "paystar-event.h"
#include "paystar-money.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarEvent) event = NULL;
  g_autofree char *text = fuzz_text (data, size);

  /* The status words as the Query API also sends them. */
  paystar_session_status_from_string (text);

  event = paystar_event_parse (size > 0 ? (const char *) data : "", (gssize) size, &error);
  if (event == NULL) {
    fuzz_check (g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON) ||
                  g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE),
                "a refusal is INVALID_JSON or INVALID_RESPONSE");
    return 0;
  }
  fuzz_check (event->name != NULL, "an event has a name");
  fuzz_check (event->line_items != NULL, "an event has a line-item list");
  fuzz_check (paystar_event_kind_to_string (event->kind) != NULL, "every kind has a name");
  fuzz_check (!event->has_subtotal || ABS (event->subtotal) <= PAYSTAR_AMOUNT_MAX,
              "the subtotal is in range");
  fuzz_check (!event->has_fee || ABS (event->fee) <= PAYSTAR_AMOUNT_MAX, "the fee is in range");
  for (guint i = 0; i < event->line_items->len; i++) {
    const PaystarLineItem *item = g_ptr_array_index (event->line_items, i);

    fuzz_check (!item->has_price || ABS (item->price) <= PAYSTAR_AMOUNT_MAX,
                "a line item's price is in range");
  }
  return 0;
}
