/* paystar-error-private.h: setting a PAYSTAR_ERROR from a format, for the library's own readers.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "paystar-error.h"

G_BEGIN_DECLS

/* Sets @error (which may be NULL) to @code with the message @format makes, and returns FALSE, so
 * that a reader can say "return paystar_set_error (error, code, ...);" where it gives up. */
gboolean paystar_set_error (GError **error, PaystarError code, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

G_END_DECLS
