/* test-card.c: what the library knows of card numbers: the Luhn check, the last four digits,
 * the guard that keeps card numbers out of what a station stores.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "paystar-card.h"

static void
test_luhn (void)
{
  g_assert_true (paystar_card_luhn_valid ("4242424242424242"));
  g_assert_true (paystar_card_luhn_valid ("4000000000000002"));
  g_assert_true (paystar_card_luhn_valid ("4000000000009995"));
  g_assert_true (paystar_card_luhn_valid ("4000000000000069"));
  g_assert_true (paystar_card_luhn_valid ("378282246310005"));
  g_assert_false (paystar_card_luhn_valid ("4242424242424241"));
  g_assert_false (paystar_card_luhn_valid (""));
  g_assert_false (paystar_card_luhn_valid ("42424242424242a2"));
}

/* The guard every stored string passes: runs of 13 to 19 digits that pass the Luhn check, not
 * glued to a letter. */
static void
test_guard (void)
{
  g_assert_true (paystar_text_contains_card_number ("4111111111111111"));
  g_assert_true (paystar_text_contains_card_number ("card 4111 1111 1111 1111 exp"));
  g_assert_true (paystar_text_contains_card_number ("{\"Note\":\"4111-1111-1111-1111\"}"));
  g_assert_true (paystar_text_contains_card_number ("378282246310005"));       /* 15 digits */
  g_assert_false (paystar_text_contains_card_number ("4111111111111112"));     /* Luhn fails */
  g_assert_false (paystar_text_contains_card_number ("411111111111"));         /* 12 digits */
  g_assert_false (paystar_text_contains_card_number ("41111111111111110000")); /* 20 digits */
  g_assert_false (paystar_text_contains_card_number ("{\"Amount\":15000,\"Balance\":30000}"));
  g_assert_false (paystar_text_contains_card_number ("2025-02-01T00:00:00Z 555-0100"));
  g_assert_false (paystar_text_contains_card_number (NULL));
  g_assert_false (paystar_text_contains_card_number (""));
  /* Digits inside an identifier (random hex) are part of the token, not a card number... */
  g_assert_false (paystar_text_contains_card_number ("e34111111111111111af09"));
  g_assert_false (paystar_text_contains_card_number ("POS-FRONT1-4111111111111111c0ffee"));
  g_assert_false (paystar_text_contains_card_number ("{\"id\":\"ab4111111111111111\"}"));
  /* ...but a card number on its own still is, whatever surrounds it. */
  g_assert_true (paystar_text_contains_card_number ("id ab12 4111111111111111 cd"));
  g_assert_true (paystar_text_contains_card_number ("(4111111111111111)"));
  g_assert_true (paystar_text_contains_card_number ("_4111111111111111_"));
}

/* A card's last four digits, from its number or a mask, and how many digits it had. */
static void
test_last_four (void)
{
  static const struct {
    const char *text;
    const char *last4;
    guint digits;
  } cases[] = {
    { "****1234", "1234", 4 }, { "\u2022\u2022\u2022\u2022 1234", "1234", 4 },
    { "1234", "1234", 4 },     { "4242 4242 4242 4242", "4242", 16 },
    { "x1y2z3", NULL, 3 },     { "****", NULL, 0 },
    { "", NULL, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    guint digits = G_MAXUINT;
    g_autofree char *last4 = paystar_card_last_four (cases[i].text, &digits);

    g_test_message ("%s", cases[i].text);
    g_assert_cmpstr (last4, ==, cases[i].last4);
    g_assert_cmpuint (digits, ==, cases[i].digits);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/card/luhn", test_luhn);
  g_test_add_func ("/card/guard", test_guard);
  g_test_add_func ("/card/last-four", test_last_four);

  return g_test_run ();
}
