/* pos-day-close.h: closing the station's day: the administrator's figures of the day, shown and
 * printed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pos.h"

G_BEGIN_DECLS

/* The close as lines of text: @summary_json as pos_journal_summarize_day() gives it, who closed the
 * day and when (wall-clock microseconds). NULL when @summary_json is not such a summary. */
char *pos_day_close_dup_text (const char *summary_json,
                              const char *station_name,
                              const char *closed_by,
                              gint64 closed_at);

/* Closes today at @journal for @admin_email (pos_journal_close_day()) and shows the figures in a
 * dialog over @parent, with Print; when today was already closed, shows that close and says so. */
void pos_day_close_run (GtkWindow *parent,
                        PosJournal *journal,
                        const char *station_name,
                        const char *admin_email);

G_END_DECLS
