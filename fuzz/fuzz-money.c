/* fuzz-money.c: libFuzzer harness for money text (paystar-money).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is the text a clerk types. Invariants: an accepted amount is 0..PAYSTAR_AMOUNT_MAX
 * cents and its formatted text reads back as the same cents; a refusal is INVALID_INPUT. The
 * first 8 bytes also serve as a gint64 for paystar_money_format() and as a double for
 * paystar_money_from_major(), the SDK-event boundary.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "fuzz-util.h"
#include "paystar-error.h"
#include "paystar-money.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
check_formatted (gint64 cents)
{
  g_autofree char *formatted = paystar_money_format (cents);
  g_autoptr (GError) error = NULL;
  gint64 again = -1;

  fuzz_check (formatted != NULL && formatted[0] != '\0', "every amount has a text");
  if (cents < 0 || cents > PAYSTAR_AMOUNT_MAX)
    return;
  fuzz_check (paystar_money_parse (formatted, &again, &error), "formatted text reads back");
  fuzz_check (again == cents, "formatted text reads back as the same cents");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = fuzz_text (data, size);
  g_autoptr (GError) error = NULL;
  gint64 cents = -1;

  if (paystar_money_parse (text, &cents, &error)) {
    fuzz_check (error == NULL, "no error on success");
    fuzz_check (cents >= 0 && cents <= PAYSTAR_AMOUNT_MAX, "an accepted amount is in range");
    check_formatted (cents);
  } else {
    fuzz_check (g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_INPUT),
                "a refusal is INVALID_INPUT");
    fuzz_check (error->message != NULL && error->message[0] != '\0', "a refusal says why");
  }

  if (size >= sizeof (gint64)) {
    gint64 raw;
    double major;
    gint64 from_major = 0;

    memcpy (&raw, data, sizeof raw);
    memcpy (&major, data, sizeof major);
    check_formatted (raw);
    if (paystar_money_from_major (major, &from_major)) {
      fuzz_check (isfinite (major), "only finite amounts convert");
      fuzz_check (from_major >= -PAYSTAR_AMOUNT_MAX && from_major <= PAYSTAR_AMOUNT_MAX,
                  "a converted amount is in range");
      fuzz_check (fabs ((double) from_major / 100.0 - major) <= 0.005 + 1e-6,
                  "conversion rounds to the nearest cent");
    }
  }
  return 0;
}
