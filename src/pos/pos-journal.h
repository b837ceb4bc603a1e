/* pos-journal.h: the station's journal: drafts, submitted sales and their outcomes, in SQLite.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "paystar.h"
#include "pos-sale-record.h"
#include "pos-types.h"

G_BEGIN_DECLS

/* The schema version this code writes (PRAGMA user_version). Older files are migrated on open. */
#define POS_JOURNAL_SCHEMA_VERSION 7

#define POS_TYPE_JOURNAL (pos_journal_get_type ())
G_DECLARE_FINAL_TYPE (PosJournal, pos_journal, POS, JOURNAL, GObject)

/* Properties (read-only): "path" (string), "moved-aside-path" (string or NULL, see below). */

/* $XDG_DATA_HOME/paystar-pos/journal.sqlite (the directory is created 0700 by the open call). */
char *pos_journal_get_default_path (void);

/* Opens (or creates) the journal at @path: the file is created 0600 before SQLite writes to it
 * (and an existing file is chmod'ed to 0600), WAL, synchronous=FULL, foreign keys, a busy timeout,
 * and the schema migrated to POS_JOURNAL_SCHEMA_VERSION.
 *
 * A file that is not an SQLite database, fails PRAGMA quick_check, or has a schema version newer
 * than this code is moved aside to "<path>.corrupt-YYYYmmdd-HHMMSS" (with its -wal), every row
 * SQLite can still read of it is copied into a new journal in its place (pos-journal-salvage.c:
 * agents, sales, drafts; an empty journal when nothing can be read), and the call succeeds:
 * pos_journal_get_moved_aside_path() returns where the old file went and
 * pos_journal_get_salvage() what was recovered, so the UI can tell the user. Errors
 * (POS_ERROR_JOURNAL) are for what cannot be helped that way: an unwritable directory, a locked
 * database, a full disk. */
PosJournal *pos_journal_open (const char *path, GError **error);
const char *pos_journal_get_path (PosJournal *self);
/* Non-NULL when the open moved a damaged file aside. */
const char *pos_journal_get_moved_aside_path (PosJournal *self);

/* What the open salvaged from the file it moved aside. Records are rows of the journal's tables
 * (an agent, a sale, a draft). */
typedef struct {
  guint64 recovered;     /* copied into the new journal */
  guint64 lost;          /* could not be read: exact where an index or the ids still tell */
  gboolean lost_unknown; /* more may be lost than @lost says (nothing at all could be read, or a
                          * table could not be counted) */
} PosJournalSalvage;

/* NULL unless the open moved a damaged file aside. */
const PosJournalSalvage *pos_journal_get_salvage (PosJournal *self);
/* For tests: the wall clock for created/updated times (default g_get_real_time). */
void pos_journal_set_clock (PosJournal *self, PosClockFunc clock, gpointer user_data);

/* One row per sale, from its first keystroke (status "draft") to its outcome: PosCheckout
 * (pos-checkout.h) is what moves a sale along; these are its steps. Each is one committed
 * transaction. */

/* The sale as keyed (@draft_json, pos_sale_to_json()): inserts a "draft" row when @id is 0 and
 * returns its id, else updates row @id, which must still be "draft" or "not-sent"
 * (POS_ERROR_INVALID_STATE otherwise: a late save never overwrites a sent sale). 0 on error. */
gint64 pos_journal_save_sale_draft (PosJournal *self,
                                    gint64 id,
                                    const char *agent_email,
                                    const char *client_reference,
                                    const char *draft_json,
                                    gint64 total,
                                    GError **error);
/* The agent's editable sale ("draft" or "not-sent"; the newest edited), or NULL without an
 * error when there is none. */
PosSaleRecord *
pos_journal_find_editable (PosJournal *self, const char *agent_email, GError **error);
/* Row @id ("draft" or "not-sent"; 0: a new row) becomes "submitting" with @request (stored as
 * paystar_request_to_json() gives it, the bytes the client sends; the account numbers for search
 * come from the typed request), @draft_json and the request's total, in one transaction. Call it
 * BEFORE the request leaves. Returns the id, 0 on error. */
gint64 pos_journal_submit_sale (PosJournal *self,
                                gint64 id,
                                const char *agent_email,
                                const char *draft_json,
                                const PaystarRequest *request,
                                GError **error);

/* One change of a sale's state and what came with it. */
typedef struct {
  PosSaleStatus status;           /* the new status */
  guint from_mask;                /* POS_SALE_STATUS_MASK bits the row must be in; 0: any */
  const char *error_text;         /* replaces the stored text (NULL clears it)... */
  gboolean keep_error_text;       /* ...unless this is set */
  const char *session_identifier; /* NULL: unchanged */
  const char *session_link;       /* NULL: unchanged */
  const char *response_json;      /* NULL: unchanged */
  const char *card_last4;         /* NULL: unchanged; a mask with exactly four digits */
  const char *closed_by;          /* NULL: unchanged */
  const char *closed_reason;      /* NULL: unchanged */
} PosJournalChange;

/* Applies @change to sale @id in one transaction: POS_ERROR_NOT_FOUND without the row,
 * POS_ERROR_INVALID_STATE when its status is not in @change->from_mask, POS_ERROR_SENSITIVE_DATA
 * for text that looks like a card number (nothing is changed then). */
gboolean pos_journal_change_sale (PosJournal *self,
                                  gint64 id,
                                  const PosJournalChange *change,
                                  GError **error);
/* Deletes sale @id if its status is in @from_mask (0: any). */
gboolean pos_journal_delete_sale (PosJournal *self, gint64 id, guint from_mask, GError **error);

/* The per-agent draft calls of earlier versions, on top of the rows above: save replaces the
 * agent's editable sale (or adds one) with @json (a pos_sale_to_json() document), load returns
 * its JSON (NULL without an error when none), delete removes the agent's editable sales. */
gboolean pos_journal_save_draft (PosJournal *self,
                                 const char *agent_email,
                                 const char *json,
                                 GError **error);
char *pos_journal_load_draft (PosJournal *self, const char *agent_email, GError **error);
gboolean pos_journal_delete_draft (PosJournal *self, const char *agent_email, GError **error);

/* Journals a sale about to be submitted, status "submitting", and commits before returning: call
 * it BEFORE the request leaves. (For importing and for fixtures; the checkout uses
 * pos_journal_submit_sale().) @request_json is the request exactly as sent. Returns the sale id
 * (> 0), or 0 with @error. The same @client_reference may be journaled more than once (a resubmit
 * after field errors); lookups by reference return the newest. */
gint64 pos_journal_begin_submit (PosJournal *self,
                                 const char *agent_email,
                                 const char *request_json,
                                 const char *client_reference,
                                 gint64 total,
                                 GError **error);
/* The API created the session: status "created", identifier, link and the response body. */
gboolean pos_journal_set_created (PosJournal *self,
                                  gint64 id,
                                  const char *session_identifier,
                                  const char *session_link,
                                  const char *response_json,
                                  GError **error);
/* Any later state. @error_text (nullable) replaces the stored one; NULL clears it. */
gboolean pos_journal_set_status (PosJournal *self,
                                 gint64 id,
                                 PosSaleStatus status,
                                 const char *error_text,
                                 GError **error);
/* Stores what came back last (e.g. the final SDK session object as JSON). */
gboolean
pos_journal_set_response (PosJournal *self, gint64 id, const char *response_json, GError **error);
/* Stores the last four digits of the card (exactly 4 ASCII digits; anything else is refused
 * with POS_ERROR_SENSITIVE_DATA). Accepts "****1234"-style masks and keeps only the digits. */
gboolean
pos_journal_set_card_last4 (PosJournal *self, gint64 id, const char *masked_card, GError **error);

/* NULL with POS_ERROR_NOT_FOUND when there is no such sale. */
PosSaleRecord *pos_journal_lookup (PosJournal *self, gint64 id, GError **error);
PosSaleRecord *
pos_journal_lookup_by_reference (PosJournal *self, const char *client_reference, GError **error);

/* Filters for pos_journal_list(); zero-initialise and set what you need. */
typedef struct {
  const char *agent_email; /* NULL: every agent */
  guint status_mask;       /* bits (1 << PosSaleStatus); 0: every status but draft and not-sent
                            * (sales still being keyed are not history) */
  const char *text;        /* NULL/"": no text filter. Matches, case-insensitively, a substring of
                            * the ClientReference or of an account number; and when it parses
                            * as money ("150", "$150.00"), sales of exactly that total. Every
                            * character is literal (%, _, quotes). From 3 characters on, without
                            * @since, through the journal's full-text index (trigrams; which
                            * assumes ids follow created, as the journal writes them); otherwise
                            * a scan of the rows the other filters select */
  gint64 since;            /* created >= since (microseconds); 0: no lower bound */
  gint64 until;            /* created < until; 0: no upper bound */
  guint limit;             /* 0: 500 */
  guint offset;
} PosJournalQuery;

#define POS_SALE_STATUS_MASK(status) (1u << (status))

/* Sales matching @query (NULL: all), newest first (created, then id), as a GListModel of
 * PosSaleRecord (a GListStore, transfer full). */
GListModel *pos_journal_list (PosJournal *self, const PosJournalQuery *query, GError **error);

G_END_DECLS
