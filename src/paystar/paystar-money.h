/* paystar-money.h: money as integer cents, parsed from and formatted to text exactly.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Our choice, documented in the README: the API says "integer" for Amount and Balance; we read
 * that as a signed 32-bit integer, so the largest amount is 2147483647 cents ($21,474,836.47). */
#define PAYSTAR_AMOUNT_MAX G_GINT64_CONSTANT (2147483647)

/* Parses text such as "150", "150.5", "150.50", "$1,234.56" or " 7 " into cents, independent of
 * the locale. Refuses "1.234", "-5", "1,23", "abc", "", and anything above PAYSTAR_AMOUNT_MAX,
 * with a PAYSTAR_ERROR_INVALID_INPUT error whose message says what is wrong. Zero is accepted
 * here ("0.00"); whether zero is allowed is the validator's business. */
gboolean paystar_money_parse (const char *text, gint64 *out_cents, GError **error);

/* "$1,234.56"; negative values as "-$1.00". */
char *paystar_money_format (gint64 cents);

/* Converts a major-unit amount (as SDK events send it, a JSON double) to cents, rounding to the
 * nearest cent once. Returns FALSE for NaN, infinities and values beyond +-PAYSTAR_AMOUNT_MAX. */
gboolean paystar_money_from_major (double major, gint64 *out_cents);

G_END_DECLS
