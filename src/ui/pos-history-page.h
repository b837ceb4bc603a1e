/* pos-history-page.h: the station's history: journaled sales by range and search, their details,
 * a per-agent summary, CSV export and the customer's slip.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pos.h"
#include "pos-export.h"
#include "pos-shift-summary.h"

G_BEGIN_DECLS

#define POS_TYPE_HISTORY_PAGE (pos_history_page_get_type ())
G_DECLARE_FINAL_TYPE (PosHistoryPage, pos_history_page, POS, HISTORY_PAGE, GtkWidget)

/* The range the page shows. */
typedef enum {
  POS_HISTORY_RANGE_TODAY, /* since local midnight */
  POS_HISTORY_RANGE_SHIFT, /* since pos_history_page_set_shift_start() (unavailable while 0) */
  POS_HISTORY_RANGE_ALL,
} PosHistoryRange;

/* Properties: "journal" (PosJournal or NULL), "shift-start" (gint64 microseconds, 0: no shift),
 * "station-name" (string, for the slip), "range" (int, a PosHistoryRange), "search-text"
 * (string).
 *
 * Every sale but drafts is listed, with its status (the new ones too: "Not sent", "Not
 * confirmed", "Closed"); a sale that is not over says in its details what it means and what to
 * do, and a closed sale who closed it and why. The details offer what applies to the sale:
 *
 * Signals (the window acts; the page writes nothing):
 *   "reopen" (PosSaleRecord *record)  show the sale's payment form again: its session is open
 *            (created), or its form was left (dismissed, unconfirmed), or a card was declined
 *            (failed).
 *   "check-outcome" (PosSaleRecord *record)  ask Paystar how the sale stands: unknown,
 *            unconfirmed, created or pending.
 *   "close-sale" (PosSaleRecord *record)  an administrator ends a sale that reached (or may
 *            have reached) Paystar and is not final, with a reason; the window asks for the
 *            administrator and the reason.
 *
 * Widget actions: history.refresh (F5), history.search (Ctrl+F: focus the search entry),
 * history.export ("Export CSV…", Ctrl+E), history.reopen, history.check-outcome,
 * history.close-sale, history.print-slip (Ctrl+P; a succeeded sale only), history.close-details
 * (Escape). A button is shown only when its action applies to the sale in the details.
 *
 * The page reads the journal when refreshed (set_journal, a range or search change, F5), not on
 * a timer: the window calls pos_history_page_refresh() when it shows the page or a sale changes.
 * Lists show the newest 500 sales of the range; the export and the summary cover all of it. */

GtkWidget *pos_history_page_new (void);

void pos_history_page_set_journal (PosHistoryPage *self, PosJournal *journal);
PosJournal *pos_history_page_get_journal (PosHistoryPage *self);
/* When the signed-in agent's shift started (g_get_real_time() at sign-in); 0 when nobody is
 * signed in, which makes "This shift" unavailable (the page then falls back to "Today"). */
void pos_history_page_set_shift_start (PosHistoryPage *self, gint64 usec);
gint64 pos_history_page_get_shift_start (PosHistoryPage *self);
void pos_history_page_set_station_name (PosHistoryPage *self, const char *station_name);
const char *pos_history_page_get_station_name (PosHistoryPage *self);
void pos_history_page_set_range (PosHistoryPage *self, PosHistoryRange range);
PosHistoryRange pos_history_page_get_range (PosHistoryPage *self);
void pos_history_page_set_search_text (PosHistoryPage *self, const char *text);
const char *pos_history_page_get_search_text (PosHistoryPage *self);

/* Reads the journal again for the current range and search. */
void pos_history_page_refresh (PosHistoryPage *self);

/* The query behind the current list (range and search; limit and offset 0). Its strings belong
 * to the page and last until the next change. */
void pos_history_page_get_query (PosHistoryPage *self, PosJournalQuery *query);
/* What the page shows, for the window and the tests: the listed sales (GListModel of
 * PosSaleRecord, newest first) and the summary of the whole range (NULL without a journal). */
GListModel *pos_history_page_get_sales (PosHistoryPage *self);
PosShiftSummary *pos_history_page_get_summary (PosHistoryPage *self);

/* Shows the details pane for @record (as activating its row does); NULL hides it. */
void pos_history_page_show_details (PosHistoryPage *self, PosSaleRecord *record);
PosSaleRecord *pos_history_page_get_details_record (PosHistoryPage *self);

/* What "Export CSV…" writes once the user has chosen @file: every sale of the current range and
 * search (see pos-export.h for the format). */
gboolean pos_history_page_export_to_file (PosHistoryPage *self, GFile *file, GError **error);

/* Offers "All stations" (every station's sales and summary, read from the office database at
 * @conninfo in a worker thread) while @conninfo is set; NULL hides it and returns to this
 * station's journal. The window sets it for administrators of a station in an office. */
void pos_history_page_set_office (PosHistoryPage *self, const char *conninfo);

G_END_DECLS
