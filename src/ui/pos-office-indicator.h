/* pos-office-indicator.h: the header's view of the station's link to its office database: in
 * step, records waiting, or unreachable since a time; the details (and, for an administrator,
 * the last error) in a popover.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pos-station.h"

G_BEGIN_DECLS

#define POS_TYPE_OFFICE_INDICATOR (pos_office_indicator_get_type ())
G_DECLARE_FINAL_TYPE (PosOfficeIndicator, pos_office_indicator, POS, OFFICE_INDICATOR, GtkWidget)

/* Follows @station's "office-link" and "office-problem"; hidden while the station is a
 * stand-alone one. */
GtkWidget *pos_office_indicator_new (void);
void pos_office_indicator_set_station (PosOfficeIndicator *self, PosStation *station);
/* The last error of the link is shown only to an administrator (it can name hosts and roles). */
void pos_office_indicator_set_show_details (PosOfficeIndicator *self, gboolean show_details);
/* What the button says in full (its accessible name), e.g. "Office: in step". */
const char *pos_office_indicator_get_text (PosOfficeIndicator *self);

G_END_DECLS
