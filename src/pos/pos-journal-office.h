/* pos-journal-office.h: what the journal keeps for an office: the outbox of changes waiting to
 * go to the office database, and the station's close of a day.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pos-journal.h"

G_BEGIN_DECLS

/* The outbox. While it is enabled, every change of a sent sale (a new sale past "draft" and
 * "not-sent", each change of its status, session, card digits or close) and every day's close
 * adds one record to the outbox inside the SQLite transaction that made the change (triggers: no
 * code path can forget it). A sale that goes back to "not-sent" after it was sent (the request
 * was refused before it left) is recorded too, so the office does not count it. The office link
 * (src/office) delivers the records in order and removes them once the office database has
 * committed them. A stand-alone station never enables it, so nothing accumulates there. */
typedef struct {
  gint64 seq;     /* increasing, never reused */
  char *kind;     /* "sale" or "close" */
  gint64 sale_id; /* 0 for a close */
  char *payload;  /* JSON; see pos-journal-office.c for the members */
} PosOutboxRecord;

void pos_outbox_record_free (PosOutboxRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosOutboxRecord, pos_outbox_record_free)

/* Enabling it the first time also queues the current state of every sent sale and every close
 * already in the journal (a station joining an office brings its history). Disabling keeps the
 * records already waiting (they go when it is enabled again). */
gboolean pos_journal_set_outbox_enabled (PosJournal *self, gboolean enabled, GError **error);
gboolean pos_journal_get_outbox_enabled (PosJournal *self);
/* The oldest @limit records (PosOutboxRecord*, transfer full); an empty array when none. */
GPtrArray *pos_journal_outbox_peek (PosJournal *self, guint limit, GError **error);
/* Removes the records up to and including @seq (delivered). */
gboolean pos_journal_outbox_remove_through (PosJournal *self, gint64 seq, GError **error);
/* How many records wait; -1 on error. */
gint64 pos_journal_outbox_count (PosJournal *self, GError **error);

/* The day's figures of the station's sales created on @day (local date "YYYY-MM-DD"; drafts and
 * not-sent sales are not sales yet), as JSON: {"day", "count", "total", "by_status": {status:
 * {"count", "total"}}, "by_agent": {email: {"count", "total"}}, "by_charge_type": {type: {"count",
 * "total"}}, "first_reference", "last_reference"}. by_agent and by_charge_type count the
 * succeeded sales only: the money taken (by_charge_type counts charges, not sales). NULL with
 * POS_ERROR_FAILED for a @day that is not a date. */
char *pos_journal_summarize_day (PosJournal *self, const char *day, GError **error);
/* Closes @day: stores its summary with who closed it and when (and queues it for the office).
 * A day closes once: POS_ERROR_DAY_CLOSED the second time. Sales may still be made on a closed
 * day (a late outcome, a clock around midnight): the close is the figure at that moment. Returns
 * the summary. */
char *
pos_journal_close_day (PosJournal *self, const char *day, const char *closed_by, GError **error);
/* The summary stored by the close of @day, NULL without an error when it was not closed. */
char *pos_journal_get_day_close (PosJournal *self,
                                 const char *day,
                                 char **out_closed_by,
                                 gint64 *out_closed_at,
                                 GError **error);

G_END_DECLS
