/* paystar-card.c: what the library knows of card numbers: the Luhn check, a card's last four
 * digits, and the guard that keeps card numbers out of what a station stores.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "paystar-card.h"

#include <string.h>

gboolean
paystar_card_luhn_valid (const char *digits)
{
  gsize length;
  guint sum = 0;

  g_return_val_if_fail (digits != NULL, FALSE);

  length = strlen (digits);
  if (length == 0)
    return FALSE;
  for (gsize i = 0; i < length; i++) {
    char c = digits[length - 1 - i];
    guint value;

    if (!g_ascii_isdigit (c))
      return FALSE;
    value = (guint) (c - '0');
    if (i % 2 == 1) {
      value *= 2;
      if (value > 9)
        value -= 9;
    }
    sum += value;
  }
  return sum % 10 == 0;
}

char *
paystar_card_last_four (const char *text, guint *out_digits)
{
  char last4[5] = { 0 };
  guint digits = 0;

  g_return_val_if_fail (text != NULL, NULL);

  for (const char *p = text; *p != '\0'; p++) {
    if (g_ascii_isdigit (*p)) {
      memmove (last4, last4 + 1, 3);
      last4[3] = *p;
      digits++;
    }
  }
  if (out_digits != NULL)
    *out_digits = digits;
  return digits >= 4 ? g_strdup (last4) : NULL;
}

gboolean
paystar_text_contains_card_number (const char *text)
{
  char digits[20];
  gsize n = 0;
  gboolean too_long = FALSE;
  gboolean in_token = FALSE;
  const char *p;

  if (text == NULL)
    return FALSE;

  /* A run is digits with at most one space or dash between two digits ("4111 1111-1111 1111").
   * Runs longer than 19 digits are not card numbers (and checking their windows would refuse
   * innocent long numbers). Nor is a run glued to a letter: it is part of a token such as a
   * session identifier or a ClientReference ("…e34111111111111111a…" in random hex), which
   * would otherwise be refused about once in a few hundred sales; a card number is written on
   * its own. */
  for (p = text;; p++) {
    if (g_ascii_isdigit (*p)) {
      if (n == 0)
        in_token = p > text && g_ascii_isalpha (p[-1]);
      if (n < sizeof digits - 1)
        digits[n++] = *p;
      else
        too_long = TRUE;
      continue;
    }
    if ((*p == ' ' || *p == '-') && n > 0 && !in_token && g_ascii_isdigit (p[1]))
      continue;
    if (g_ascii_isalpha (*p))
      in_token = TRUE;
    if (!too_long && !in_token && n >= 13 && n <= 19) {
      digits[n] = '\0';
      if (paystar_card_luhn_valid (digits))
        return TRUE;
    }
    n = 0;
    too_long = FALSE;
    in_token = FALSE;
    if (*p == '\0')
      break;
  }
  return FALSE;
}
