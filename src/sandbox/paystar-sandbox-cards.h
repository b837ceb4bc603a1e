/* paystar-sandbox-cards.h: the sandbox's test cards and the checks of a card form.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  PAYSTAR_SANDBOX_CARD_APPROVE,
  PAYSTAR_SANDBOX_CARD_DECLINE_GENERIC,            /* 4000000000000002 */
  PAYSTAR_SANDBOX_CARD_DECLINE_INSUFFICIENT_FUNDS, /* 4000000000009995 */
  PAYSTAR_SANDBOX_CARD_DECLINE_EXPIRED_CARD,       /* 4000000000000069 */
} PaystarSandboxCardOutcome;

/* The digits of @text with single spaces between groups allowed (as people type "4242 4242 ..."),
 * or NULL when anything else is there or the digit count is not 12 to 19. */
char *paystar_sandbox_card_normalize_number (const char *text);
/* "Visa", "Mastercard", "American Express", "Discover" or "Card", from the leading digits. */
const char *paystar_sandbox_card_brand (const char *digits);
/* What the sandbox does with a Luhn-valid number: the published test cards decline as listed
 * above, every other valid number is approved (our choice, documented). */
PaystarSandboxCardOutcome paystar_sandbox_card_outcome (const char *digits);
/* The message a declined card shows, translated; NULL for APPROVE. */
const char *paystar_sandbox_card_decline_message (PaystarSandboxCardOutcome outcome);

/* "MM/YY": a real month, not before the current month of @now, at most 20 years ahead. */
gboolean paystar_sandbox_card_expiry_valid (const char *text, GDateTime *now);
/* Three digits, or four for American Express. */
gboolean paystar_sandbox_card_cvc_valid (const char *text, const char *digits);

/* Replaces with 'X', in place, every 12 to 19 consecutive digits (single spaces allowed between
 * groups) that pass the Luhn check, so that a card number pasted into a logged field cannot be
 * read back. Returns TRUE when something was replaced. */
gboolean paystar_sandbox_card_scrub (char *text);

G_END_DECLS
