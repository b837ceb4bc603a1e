/* pos-status-pill.h: a sale's status as an icon, a colour and its name, in a rounded pill.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pos.h"

G_BEGIN_DECLS

#define POS_TYPE_STATUS_PILL (pos_status_pill_get_type ())
G_DECLARE_FINAL_TYPE (PosStatusPill, pos_status_pill, POS, STATUS_PILL, GtkWidget)

/* Property "status" (PosSaleStatus): what the pill shows; a value out of range shows as
 * POS_SALE_STATUS_UNKNOWN. */

GtkWidget *pos_status_pill_new (void);

PosSaleStatus pos_status_pill_get_status (PosStatusPill *self);
void pos_status_pill_set_status (PosStatusPill *self, PosSaleStatus status);

G_END_DECLS
