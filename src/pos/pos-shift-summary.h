/* pos-shift-summary.h: per agent, how many sales and how much money in each status, over a list
 * of journaled sales or a range of the journal ("today", "this shift").
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pos-journal.h"
#include "pos-sale-record.h"
#include "pos-types.h"

G_BEGIN_DECLS

#define POS_TYPE_SHIFT_SUMMARY (pos_shift_summary_get_type ())
G_DECLARE_FINAL_TYPE (PosShiftSummary, pos_shift_summary, POS, SHIFT_SUMMARY, GObject)

/* Pure computation: the summary only adds up what it is given. Agents are grouped by email,
 * case-insensitively (ASCII), and keep the spelling of their first sale. Totals are integer cents
 * summed per status: a total over every status would add failed sales to paid ones, so there is
 * none. */

PosShiftSummary *pos_shift_summary_new (void);
void pos_shift_summary_add_record (PosShiftSummary *self, PosSaleRecord *record);
/* @count sales of @email in @status worth @total together (as a database sums them up). */
void pos_shift_summary_add_group (PosShiftSummary *self,
                                  const char *email,
                                  PosSaleStatus status,
                                  guint count,
                                  gint64 total);
/* @records: a GListModel of PosSaleRecord (as pos_journal_list() returns). */
void pos_shift_summary_add_records (PosShiftSummary *self, GListModel *records);

/* Sums every sale of @journal that matches @query (NULL: every sale), reading the journal page by
 * page: @query's limit and offset are ignored. "Today" is { .since = pos_shift_summary_day_start
 * (now) }; "this shift" is { .since = the time the agent signed in }. NULL with @error
 * (POS_ERROR_JOURNAL) when the journal cannot be read. */
PosShiftSummary *pos_shift_summary_new_from_journal (PosJournal *journal,
                                                     const PosJournalQuery *query,
                                                     GError **error);

/* The start of the local day (00:00 local time) that contains @usec (microseconds since the
 * epoch), for the "Today" range. */
gint64 pos_shift_summary_day_start (gint64 usec);

/* The agents seen, sorted by email (case-insensitive). @index < n_agents. */
guint pos_shift_summary_get_n_agents (PosShiftSummary *self);
const char *pos_shift_summary_get_agent (PosShiftSummary *self, guint index);

/* @agent_email: NULL for every agent together; an agent never seen has zero everywhere. */
guint
pos_shift_summary_get_count (PosShiftSummary *self, const char *agent_email, PosSaleStatus status);
gint64
pos_shift_summary_get_total (PosShiftSummary *self, const char *agent_email, PosSaleStatus status);
/* Sales in every status. */
guint pos_shift_summary_get_n_sales (PosShiftSummary *self, const char *agent_email);

G_END_DECLS
