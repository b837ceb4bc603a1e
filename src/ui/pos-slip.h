/* pos-slip.h: the customer's slip for a completed payment, printed or rendered to PDF.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pos.h"

G_BEGIN_DECLS

/* What a slip shows: the station name (or "Paystar POS" when it is empty), date and time, agent,
 * ClientReference, each charge (account number, description, amount) as the request sent it,
 * the total, the masked card ("••••1234", never more), the status, and "Thank you". The same
 * layout (Pango on cairo, in points) is used for the printer and for PDF. */

/* The slip's text, one line per line of the slip ("label: value" for two-column lines), for tests
 * and for screen readers. */
char *pos_slip_dup_text (PosSaleRecord *record, const char *station_name);

/* Renders the slip to a one-page PDF at @path, 80 mm wide (a receipt roll) and as tall as the
 * slip. FALSE with @error (G_IO_ERROR) when the file cannot be written. */
gboolean pos_slip_render_pdf (PosSaleRecord *record,
                              const char *station_name,
                              const char *path,
                              GError **error);

/* A print operation (unit points, one or more pages: a long sale continues on the next page) that
 * draws the slip in its draw-page handler. The caller runs it; tests run it with
 * GTK_PRINT_OPERATION_ACTION_EXPORT and an export file name. */
GtkPrintOperation *pos_slip_print_operation_new (PosSaleRecord *record, const char *station_name);

/* Shows the print dialog for the slip and prints it, without blocking; an error is shown in a
 * message dialog over @parent (nullable). Only for succeeded payments: others are ignored with a
 * critical warning. */
void pos_slip_print (PosSaleRecord *record, const char *station_name, GtkWindow *parent);

G_END_DECLS
