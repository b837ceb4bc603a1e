/* paystar-sandbox-cards.c: the sandbox's test cards and the checks of a card form.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "paystar-sandbox-cards.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "paystar-card.h"

#define CARD_MIN_DIGITS 12
#define CARD_MAX_DIGITS 19

char *
paystar_sandbox_card_normalize_number (const char *text)
{
  GString *digits;
  gboolean previous_space = TRUE; /* refuses a leading space */

  g_return_val_if_fail (text != NULL, NULL);

  digits = g_string_sized_new (CARD_MAX_DIGITS);
  for (const char *p = text; *p != '\0'; p++) {
    if (g_ascii_isdigit (*p)) {
      if (digits->len == CARD_MAX_DIGITS) {
        g_string_free (digits, TRUE);
        return NULL;
      }
      g_string_append_c (digits, *p);
      previous_space = FALSE;
    } else if (*p == ' ' && !previous_space && p[1] != '\0') {
      previous_space = TRUE;
    } else {
      g_string_free (digits, TRUE);
      return NULL;
    }
  }
  if (digits->len < CARD_MIN_DIGITS) {
    g_string_free (digits, TRUE);
    return NULL;
  }
  return g_string_free (digits, FALSE);
}

static guint
prefix_value (const char *digits, guint n)
{
  guint value = 0;

  for (guint i = 0; i < n && g_ascii_isdigit (digits[i]); i++)
    value = value * 10 + (guint) (digits[i] - '0');
  return value;
}

const char *
paystar_sandbox_card_brand (const char *digits)
{
  guint two, four;

  g_return_val_if_fail (digits != NULL, "Card");

  if (strlen (digits) < 4)
    return "Card";
  two = prefix_value (digits, 2);
  four = prefix_value (digits, 4);
  if (digits[0] == '4')
    return "Visa";
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720))
    return "Mastercard";
  if (two == 34 || two == 37)
    return "American Express";
  if (four == 6011 || two == 65)
    return "Discover";
  return "Card";
}

PaystarSandboxCardOutcome
paystar_sandbox_card_outcome (const char *digits)
{
  g_return_val_if_fail (digits != NULL, PAYSTAR_SANDBOX_CARD_APPROVE);

  if (g_str_equal (digits, "4000000000000002"))
    return PAYSTAR_SANDBOX_CARD_DECLINE_GENERIC;
  if (g_str_equal (digits, "4000000000009995"))
    return PAYSTAR_SANDBOX_CARD_DECLINE_INSUFFICIENT_FUNDS;
  if (g_str_equal (digits, "4000000000000069"))
    return PAYSTAR_SANDBOX_CARD_DECLINE_EXPIRED_CARD;
  return PAYSTAR_SANDBOX_CARD_APPROVE;
}

const char *
paystar_sandbox_card_decline_message (PaystarSandboxCardOutcome outcome)
{
  switch (outcome) {
    case PAYSTAR_SANDBOX_CARD_APPROVE:
      return NULL;
    case PAYSTAR_SANDBOX_CARD_DECLINE_GENERIC:
      return _ ("The card was declined. Try another card.");
    case PAYSTAR_SANDBOX_CARD_DECLINE_INSUFFICIENT_FUNDS:
      return _ ("The card was declined for insufficient funds. Try another card.");
    case PAYSTAR_SANDBOX_CARD_DECLINE_EXPIRED_CARD:
      return _ ("The card was declined because it has expired. Try another card.");
    default:
      g_assert_not_reached ();
  }
}

gboolean
paystar_sandbox_card_expiry_valid (const char *text, GDateTime *now)
{
  int month, year, now_months, card_months;

  g_return_val_if_fail (now != NULL, FALSE);

  if (text == NULL || strlen (text) != 5 || !g_ascii_isdigit (text[0]) ||
      !g_ascii_isdigit (text[1]) || text[2] != '/' || !g_ascii_isdigit (text[3]) ||
      !g_ascii_isdigit (text[4]))
    return FALSE;

  month = (text[0] - '0') * 10 + (text[1] - '0');
  year = 2000 + (text[3] - '0') * 10 + (text[4] - '0');
  if (month < 1 || month > 12)
    return FALSE;

  /* A card is valid through the last day of its expiry month. */
  now_months = g_date_time_get_year (now) * 12 + g_date_time_get_month (now) - 1;
  card_months = year * 12 + month - 1;
  return card_months >= now_months && card_months <= now_months + 20 * 12;
}

gboolean
paystar_sandbox_card_cvc_valid (const char *text, const char *digits)
{
  gsize expected;

  if (text == NULL)
    return FALSE;
  expected =
    digits != NULL && g_str_equal (paystar_sandbox_card_brand (digits), "American Express") ? 4 : 3;
  return strlen (text) == expected && strspn (text, "0123456789") == expected;
}

/* Within one run of digits (single spaces allowed between groups), every window of 12 to 19
 * consecutive digits that passes the Luhn check is masked: a card number followed by its CVC or
 * preceded by other digits is still found. Long account numbers are sometimes masked too; in a
 * log that is the right side to err on. */
static gboolean
scrub_run (char *start, char *end)
{
  GArray *positions = g_array_new (FALSE, FALSE, sizeof (char *));
  gboolean scrubbed = FALSE;

  for (char *q = start; q < end; q++) {
    if (g_ascii_isdigit (*q))
      g_array_append_val (positions, q);
  }
  for (guint first = 0; first < positions->len; first++) {
    for (guint length = CARD_MAX_DIGITS; length >= CARD_MIN_DIGITS; length--) {
      char digits[CARD_MAX_DIGITS + 1];

      if (first + length > positions->len)
        continue;
      for (guint i = 0; i < length; i++)
        digits[i] = *g_array_index (positions, char *, first + i);
      digits[length] = '\0';
      if (strspn (digits, "0123456789") == length && paystar_card_luhn_valid (digits)) {
        for (guint i = 0; i < length; i++)
          *g_array_index (positions, char *, first + i) = 'X';
        scrubbed = TRUE;
        break;
      }
    }
  }
  g_array_unref (positions);
  return scrubbed;
}

gboolean
paystar_sandbox_card_scrub (char *text)
{
  gboolean scrubbed = FALSE;
  char *p;

  g_return_val_if_fail (text != NULL, FALSE);

  p = text;
  while (*p != '\0') {
    char *end = p;
    guint n = 0;

    if (!g_ascii_isdigit (*p)) {
      p++;
      continue;
    }
    while (g_ascii_isdigit (*end) || (*end == ' ' && g_ascii_isdigit (end[1]))) {
      if (g_ascii_isdigit (*end))
        n++;
      end++;
    }
    if (n >= CARD_MIN_DIGITS && scrub_run (p, end))
      scrubbed = TRUE;
    p = end;
  }
  return scrubbed;
}
