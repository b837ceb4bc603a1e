/* pos-account-suggestions.h: the account book's matches under a field as the agent types
 * (the account number or the name of a charge's account).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pos-account-book.h"
#include "pos-field-entry.h"

G_BEGIN_DECLS

#define POS_TYPE_ACCOUNT_SUGGESTIONS (pos_account_suggestions_get_type ())
G_DECLARE_FINAL_TYPE (PosAccountSuggestions,
                      pos_account_suggestions,
                      POS,
                      ACCOUNT_SUGGESTIONS,
                      GtkPopover)

/* A popover under @field (its parent) that looks up what the agent types there, as @match
 * says, once a journal is set. Keys in the field while it shows: Down and Up choose a match,
 * Enter takes it, Escape closes the list; typing goes on in the field. Signal "picked"
 * (const PosBookAccount *account): the agent took @account. */
PosAccountSuggestions *pos_account_suggestions_new (PosFieldEntry *field, PosBookMatch match);
/* The journal whose account book is looked up; NULL: none (no suggestions). */
void pos_account_suggestions_set_journal (PosAccountSuggestions *self, PosJournal *journal);

G_END_DECLS
