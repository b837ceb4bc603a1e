/* pos-account-book.h: the station's account book: every customer account the station has sent
 * to Paystar, and those an administrator imported from a file, looked up as the agent types.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pos-charge.h"
#include "pos-journal.h"

G_BEGIN_DECLS

/* One account as the book knows it; strings are "" when unknown (never NULL). */
typedef struct {
  gint64 id;
  char *account_number;
  char *sub_account_number;
  char *name;
  gboolean has_balance;
  gint64 balance; /* cents */
  char *phone_number;
  char *due_date;
  char *issue_date;
  char *note;
  char *street_address;
  char *street_address2;
  char *city;
  char *state;
  char *zip_code;
  gboolean imported; /* from an administrator's file rather than from a sale */
  gint64 updated;    /* µs since the epoch */
} PosBookAccount;

void pos_book_account_free (PosBookAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosBookAccount, pos_book_account_free)

/* Fills @charge's account fields from @account (every one, emptying those it lacks), marks the
 * charge as having an account and, when its amount is empty and the balance is owed, offers the
 * balance as the amount. */
void pos_book_account_fill_charge (const PosBookAccount *account, PosCharge *charge);

/* A name shown in part only, for a customer at a self-service station: each word's first letter
 * and a star for each of its other letters ("John Doe" -> "J*** D**"). Free with g_free(). */
char *pos_book_mask_name (const char *name);

typedef enum {
  POS_BOOK_MATCH_NUMBER, /* the account number begins with the text (case aside), or the phone
                          * number's digits begin with the text's digits or end with its four */
  POS_BOOK_MATCH_NAME,   /* each word of the text begins a word of the name (accents aside) */
} PosBookMatch;

/* At most @limit accounts matching @text, an exact account number first, then by number.
 * Texts too short to narrow anything (fewer than 2 characters; for a phone, 3 digits) match
 * nothing. Returns a PosBookAccount* array (empty when nothing matches) or NULL with
 * POS_ERROR_JOURNAL. */
GPtrArray *pos_account_book_find (PosJournal *journal,
                                  PosBookMatch match,
                                  const char *text,
                                  guint limit,
                                  GError **error);

/* How many accounts the book holds. */
gint64 pos_account_book_count (PosJournal *journal, GError **error);

/* Imports a CSV file (RFC 4180, UTF-8, an optional byte-order mark) whose first row names its
 * columns with the API's field names: AccountNumber (required), SubAccountNumber, Name, Balance
 * (money text as typed on the form, e.g. "1,200.50"), PhoneNumber, DueDate, IssueDate (YYYY-MM-DD),
 * Note, StreetAddress, StreetAddress2, City, State, ZipCode. Each line is checked with the rules
 * a charge's account is checked with before it is sent. All or nothing: any bad line, an unknown
 * or repeated column, or a file that is not CSV imports nothing and fails with
 * POS_ERROR_INVALID_IMPORT, the message listing the first problems by line ("Line 4: Balance:
 * ..."). An account already in the book (same number and sub-account) is replaced. Returns the
 * number of accounts imported, or -1. */
gint64
pos_account_book_import (PosJournal *journal, const char *text, gsize length, GError **error);

G_END_DECLS
