/* paystar-money.c: money as integer cents, parsed from and formatted to text exactly.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "paystar-error.h"
#include "paystar-money.h"

/* What paystar_money_parse() accepts, independent of the locale (a clerk's keyboard layout must
 * not change what "1,234" means):
 *
 *   [whitespace] ["$"] integer-part ["." 1 or 2 digits] [whitespace]
 *
 * where the integer part is ASCII digits, either plain ("1234", leading zeros allowed: "007"
 * is 7 dollars) or with a comma between every group of three ("1,234,567"; the first group has
 * one to three digits and does not start with 0). The integer part may be left out when there
 * are decimals: ".5" and "$.50" are fifty cents, because clerks type them that way and they
 * cannot mean anything else.
 * "1." is refused: the point promises decimals that are not there, which is more often a typo
 * than an intent. Signs, spaces inside the number, other digits (full-width, Arabic-Indic) and
 * other currency symbols are refused, each with a message that says what to type instead. */

static gboolean
fail (GError **error, const char *message)
{
  g_set_error_literal (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_INPUT, message);
  return FALSE;
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Checks the integer part [start, end): plain digits, or groups of three separated by commas. */
static gboolean
check_grouping (const char *start, const char *end)
{
  const char *p;
  gsize group = 0;
  gboolean first = TRUE;

  if (memchr (start, ',', end - start) == NULL)
    return TRUE;
  /* "0,50" is how much of the world writes fifty cents: never read it as fifty dollars. */
  if (*start == '0')
    return FALSE;

  for (p = start; p < end; p++) {
    if (*p == ',') {
      if (first ? (group < 1 || group > 3) : group != 3)
        return FALSE;
      first = FALSE;
      group = 0;
    } else {
      group++;
    }
  }
  return group == 3;
}

gboolean
paystar_money_parse (const char *text, gint64 *out_cents, GError **error)
{
  const char *start, *end, *p;
  const char *int_start, *int_end;
  const char *frac_start = NULL, *frac_end = NULL;
  gint64 dollars = 0;
  gint64 cents = 0;
  gboolean too_large = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  start = text;
  end = text + strlen (text);
  while (start < end && is_space (*start))
    start++;
  while (end > start && is_space (end[-1]))
    end--;

  if (start == end)
    return fail (error, _ ("Type an amount, like 12.50."));

  if (*start == '-' || (*start == '$' && end - start > 1 && start[1] == '-'))
    return fail (error, _ ("Amounts cannot be negative. Type the amount without a minus sign."));

  if (*start == '$')
    start++;
  if (start == end)
    return fail (error, _ ("Type an amount after the dollar sign, like $12.50."));

  /* Find the shape first, so that each kind of mistake gets its own message. */
  int_start = start;
  for (p = start; p < end && (g_ascii_isdigit (*p) || *p == ','); p++)
    ;
  int_end = p;
  if (p < end && *p == '.') {
    frac_start = ++p;
    while (p < end && g_ascii_isdigit (*p))
      p++;
    frac_end = p;
  }

  if (p < end) {
    if (is_space (*p))
      return fail (error, _ ("Type the amount without spaces, like 1000 or 1,000.00."));
    if (*p == '.')
      return fail (error, _ ("Use only one decimal point, like 12.50."));
    if (*p == '$')
      return fail (error, _ ("Put the dollar sign only at the start, like $12.50."));
    return fail (error, _ ("Type the amount with the digits 0 to 9, like 12.50."));
  }

  if (int_start == int_end && (frac_start == NULL || frac_start == frac_end))
    return fail (error, _ ("Type the amount with the digits 0 to 9, like 12.50."));

  if (!check_grouping (int_start, int_end))
    return fail (error,
                 _ ("Put commas only between groups of three digits, like 1,234.56, or leave them "
                    "out."));

  if (frac_start != NULL) {
    if (frac_start == frac_end)
      return fail (error,
                   _ ("Type one or two digits after the decimal point, like 12.50, or leave the "
                      "point out."));
    if (frac_end - frac_start > 2)
      return fail (error, _ ("Use at most two digits after the decimal point, like 12.50."));
  }

  /* The value: a long run of digits must not wrap around, so stop adding once it is larger
   * than any amount can be and remember that. */
  for (p = int_start; p < int_end; p++) {
    if (*p == ',')
      continue;
    if (dollars > PAYSTAR_AMOUNT_MAX / 100 + 1)
      too_large = TRUE;
    else
      dollars = dollars * 10 + (*p - '0');
  }
  if (frac_start != NULL) {
    cents = (frac_start[0] - '0') * 10;
    if (frac_end - frac_start == 2)
      cents += frac_start[1] - '0';
  }

  if (too_large || dollars > (PAYSTAR_AMOUNT_MAX - cents) / 100) {
    g_autofree char *max = paystar_money_format (PAYSTAR_AMOUNT_MAX);
    g_autofree char *message = NULL;

    /* Translators: %s is the largest amount, like $21,474,836.47. */
    message = g_strdup_printf (_ ("The amount is too large. Type at most %s."), max);
    return fail (error, message);
  }

  if (out_cents != NULL)
    *out_cents = dollars * 100 + cents;
  return TRUE;
}

char *
paystar_money_format (gint64 cents)
{
  /* Negating G_MININT64 overflows in gint64, so work on the unsigned magnitude. */
  guint64 magnitude = cents < 0 ? (guint64) 0 - (guint64) cents : (guint64) cents;
  guint64 dollars = magnitude / 100;
  char digits[32];
  GString *out = g_string_new (cents < 0 ? "-$" : "$");
  gsize len, i;

  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, dollars);
  len = strlen (digits);
  for (i = 0; i < len; i++) {
    if (i > 0 && (len - i) % 3 == 0)
      g_string_append_c (out, ',');
    g_string_append_c (out, digits[i]);
  }
  g_string_append_printf (out, ".%02u", (guint) (magnitude % 100));
  return g_string_free (out, FALSE);
}

/* Converts a major-unit double to cents by rounding its decimal text, not its binary value
 * times 100: 19.99 * 100 is 1998.9999999999998 in binary, and floor/ceil games on that are
 * how cents get lost. The text is g_ascii_dtostr()'s, which has 17 significant digits
 * ("%.17g", locale-independent), and it is rounded half away from zero at the third decimal.
 * So 0.1 + 0.2 (0.30000000000000004) is 30 cents, 19.99 (19.989999999999998) is 1999, and
 * the classic half-cent cases follow their binary value: 1.005 (1.0049999999999999) is 100,
 * 2.675 (2.6749999999999998) is 267, 0.125 (exact) is 13, while 150.005 and 1.115, whose 17
 * digits read "150.005" and "1.115", are 15001 and 112. Amounts that came from cents, as
 * Paystar's do, always come back to the same cents. */
gboolean
paystar_money_from_major (double major, gint64 *out_cents)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char digits[G_ASCII_DTOSTR_BUF_SIZE];
  const char *p;
  gboolean negative = FALSE;
  gsize n_digits = 0;
  int point = -1; /* digits before the decimal point */
  int exponent = 0;
  gint64 cents = 0;
  int i;

  if (!isfinite (major))
    return FALSE;
  /* Far outside the range: no need to look at the digits (and no huge exponents below). */
  if (fabs (major) > (double) PAYSTAR_AMOUNT_MAX)
    return FALSE;

  g_ascii_dtostr (buf, sizeof buf, major);

  p = buf;
  if (*p == '-') {
    negative = TRUE;
    p++;
  }
  for (; *p != '\0' && *p != 'e' && *p != 'E'; p++) {
    if (*p == '.')
      point = (int) n_digits;
    else if (g_ascii_isdigit (*p))
      digits[n_digits++] = *p;
    else
      return FALSE;
  }
  if (point < 0)
    point = (int) n_digits;
  if (*p == 'e' || *p == 'E')
    exponent = (int) g_ascii_strtoll (p + 1, NULL, 10);
  point += exponent;

  /* cents = the digits up to two places after the point; the next digit decides rounding. */
  for (i = 0; i < point + 2; i++) {
    int digit = (i >= 0 && i < (int) n_digits) ? digits[i] - '0' : 0;

    cents = cents * 10 + digit;
  }
  {
    int next = point + 2;

    if (next >= 0 && next < (int) n_digits && digits[next] >= '5')
      cents++;
  }

  if (cents > PAYSTAR_AMOUNT_MAX)
    return FALSE;
  if (out_cents != NULL)
    *out_cents = negative ? -cents : cents;
  return TRUE;
}
