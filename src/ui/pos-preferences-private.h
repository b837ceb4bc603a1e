/* pos-preferences-private.h: what the preferences classes share: field errors
 * (pos-preferences-error.c).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Field errors: @error_row is an AdwPreferencesRow holding one GtkLabel, placed right under the
 * field in the same list. A non-empty @message shows it there and marks @field (may be NULL) with
 * the "error" style and as invalid for assistive technologies; NULL clears both. */
void pos_preferences_show_error (GtkWidget *field, GtkWidget *error_row, const char *message);

G_END_DECLS
