/* paystar-card.h: what the library knows of card numbers: the Luhn check, a card's last four
 * digits, and the guard that keeps card numbers out of what a station stores.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when @digits (ASCII digits only; anything else, or nothing, is FALSE) passes the Luhn
 * check. */
gboolean paystar_card_luhn_valid (const char *digits);

/* The last four digits of @text, a card's number or its mask ("****1234", "•••• 1234"), NULL
 * when it has fewer, and how many digits it has in all: a station keeps a card as its last four
 * digits, and only from a mask with exactly four. */
char *paystar_card_last_four (const char *text, guint *out_digits);

/* The defensive guard every stored string passes: TRUE when @text contains a run of 13 to 19
 * digits (single spaces or dashes between digits allowed) that passes the Luhn check. */
gboolean paystar_text_contains_card_number (const char *text);

G_END_DECLS
