/* paystar-error.c: the error domain of the Paystar API library.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "paystar-error.h"
#include "paystar-error-private.h"

G_DEFINE_QUARK (paystar - error - quark, paystar_error)

gboolean
paystar_set_error (GError **error, PaystarError code, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, PAYSTAR_ERROR, code, message);
  return FALSE;
}
