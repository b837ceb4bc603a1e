/* pos-roster.h: the station's agents, their PINs (as libxcrypt hashes only) and sign-in lockout.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pos-agent.h"
#include "pos-journal.h"
#include "pos-types.h"

G_BEGIN_DECLS

#define POS_PIN_MIN_DIGITS 4
#define POS_PIN_MAX_DIGITS 12

/* Five wrong PINs in a row lock the agent out for 30 s; each further lockout doubles the delay,
 * up to 15 min. A correct PIN resets both the count and the delay. */
#define POS_ROSTER_MAX_ATTEMPTS        5
#define POS_ROSTER_LOCKOUT_INITIAL_SEC 30
#define POS_ROSTER_LOCKOUT_MAX_SEC     (15 * 60)

#define POS_TYPE_ROSTER (pos_roster_get_type ())
G_DECLARE_FINAL_TYPE (PosRoster, pos_roster, POS, ROSTER, GObject)

/* PosRoster implements GListModel of PosAgent, sorted by display name (case-folded).
 * Property "journal" (PosJournal, construct-only): where the agents are persisted (table agents). */

/* Loads the roster from @journal's database. */
PosRoster *pos_roster_new (PosJournal *journal, GError **error);
/* For tests: the wall clock the lockout uses (default g_get_real_time). */
void pos_roster_set_clock (PosRoster *self, PosClockFunc clock, gpointer user_data);

guint pos_roster_get_n_agents (PosRoster *self);
gboolean pos_roster_has_admin (PosRoster *self);
/* Case-insensitive (ASCII) lookup by email; transfer none; NULL when absent. */
PosAgent *pos_roster_lookup (PosRoster *self, const char *email);

/* @email must be a valid email, @display_name non-empty, @pin 4 to 12 digits. */
gboolean pos_roster_add_agent (PosRoster *self,
                               const char *email,
                               const char *display_name,
                               const char *pin,
                               gboolean is_admin,
                               GError **error);
/* Changes the display name and admin flag; refuses (POS_ERROR_LAST_ADMIN) to take the flag from
 * the last administrator. */
gboolean pos_roster_update_agent (PosRoster *self,
                                  const char *email,
                                  const char *display_name,
                                  gboolean is_admin,
                                  GError **error);
/* Sets a new PIN and clears any lockout. */
gboolean pos_roster_set_pin (PosRoster *self, const char *email, const char *pin, GError **error);
/* Refuses to remove the last administrator. */
gboolean pos_roster_remove_agent (PosRoster *self, const char *email, GError **error);

/* Checks @pin for @email. Returns the agent (transfer full) on success and resets the failure
 * count. Otherwise NULL with POS_ERROR_WRONG_PIN (unknown email or wrong PIN: the message does
 * not tell them apart) or POS_ERROR_LOCKED_OUT (while locked out, the PIN is not even checked).
 * The fifth wrong PIN in a row already answers POS_ERROR_LOCKED_OUT. Used for idle unlock too. */
PosAgent *pos_roster_sign_in (PosRoster *self, const char *email, const char *pin, GError **error);
/* Seconds until @email may try again; 0 when not locked out (or unknown). */
guint pos_roster_get_lockout_remaining (PosRoster *self, const char *email);
/* Wrong PINs @email may still enter before the next lockout, counting the one that starts it:
 * POS_ROSTER_MAX_ATTEMPTS after a correct PIN (or a lockout that has run out), one less after
 * each wrong PIN, 1 when the next wrong PIN locks; 0 while locked out. For the sign-in page's
 * "N tries left", read after a wrong PIN. An unknown email answers POS_ROSTER_MAX_ATTEMPTS, as
 * for an agent without failures, so the answer does not tell who is on the roster. */
guint pos_roster_get_attempts_left (PosRoster *self, const char *email);
/* How long (seconds) the next lockout of @email will last: POS_ROSTER_LOCKOUT_INITIAL_SEC,
 * doubled after each lockout since the last correct PIN, at most POS_ROSTER_LOCKOUT_MAX_SEC.
 * While locked out, this is the lockout after the current one. An unknown email answers
 * POS_ROSTER_LOCKOUT_INITIAL_SEC. */
guint pos_roster_get_next_lockout_seconds (PosRoster *self, const char *email);

/* An agent as an office database lists it (src/office). */
typedef struct {
  char *email;
  char *display_name;
  char *pin_hash; /* as pos_pin_hash() makes it */
  gboolean is_admin;
  gboolean active; /* FALSE: disabled at the office, may not sign in */
} PosRosterEntry;

void pos_roster_entry_free (PosRosterEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosRosterEntry, pos_roster_entry_free)

/* Makes the roster the office's (@entries: PosRosterEntry*): the active agents are added or
 * updated (name, administrator flag, PIN hash), every other agent is removed with their unsent
 * sales, as pos_roster_remove_agent() does. Lockout counters stay this station's own; a PIN
 * changed at the office clears them, as pos_roster_set_pin() does. Entries with an invalid email,
 * an empty name or a hash that is not a libxcrypt hash are left out. A list without an active
 * administrator is refused (POS_ERROR_LAST_ADMIN) and changes nothing: a new, empty office never
 * locks a station out of its preferences. One transaction. */
gboolean pos_roster_replace (PosRoster *self, GPtrArray *entries, GError **error);

/* When the roster is empty, adds the demo agents of the sandbox's business unit: Ava Alvarez
 * (ava at acme-utilities.example, PIN 1234, administrator) and Ben Brooks (ben at
 * acme-utilities.example, PIN 5678). Returns TRUE when it added them, FALSE (no error) when the
 * roster was not empty, FALSE with @error when storing failed. */
gboolean pos_roster_seed_demo (PosRoster *self, GError **error);

/* PIN helpers. A PIN is 4 to 12 ASCII digits. */
gboolean pos_pin_is_valid (const char *pin);
/* A libxcrypt hash of @pin: yescrypt ("$y$...") or, where libxcrypt lacks it, sha512-crypt
 * ("$6$..."). POS_ERROR_INVALID_PIN or POS_ERROR_HASH. */
char *pos_pin_hash (const char *pin, GError **error);
/* Recomputes with crypt_ra() and compares in constant time. FALSE for any malformed input. */
gboolean pos_pin_verify (const char *pin, const char *hash);

G_END_DECLS
