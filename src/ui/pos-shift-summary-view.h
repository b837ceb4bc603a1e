/* pos-shift-summary-view.h: counts and totals per agent and status (a PosShiftSummary) as a
 * table under a title.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pos.h"

G_BEGIN_DECLS

#define POS_TYPE_SHIFT_SUMMARY_VIEW (pos_shift_summary_view_get_type ())
G_DECLARE_FINAL_TYPE (PosShiftSummaryView,
                      pos_shift_summary_view,
                      POS,
                      SHIFT_SUMMARY_VIEW,
                      GtkWidget)

/* Properties:
 *   "title"        string: the heading above the table
 *   "summary"      PosShiftSummary or NULL: what the table shows; the view reads it when it is
 *                  set (a summary does not change)
 *   "placeholder"  string or NULL: what the view says instead of a table when there is no
 *                  summary */

GtkWidget *pos_shift_summary_view_new (void);

const char *pos_shift_summary_view_get_title (PosShiftSummaryView *self);
void pos_shift_summary_view_set_title (PosShiftSummaryView *self, const char *title);
PosShiftSummary *pos_shift_summary_view_get_summary (PosShiftSummaryView *self);
void pos_shift_summary_view_set_summary (PosShiftSummaryView *self, PosShiftSummary *summary);
const char *pos_shift_summary_view_get_placeholder (PosShiftSummaryView *self);
void pos_shift_summary_view_set_placeholder (PosShiftSummaryView *self, const char *placeholder);

G_END_DECLS
