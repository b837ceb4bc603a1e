/* paystar-error.c: the error domain of the Paystar API library.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "paystar-error.h"
#include "paystar-error-private.h"

/* The quark's name is the macro's first argument, as written: clang-format would space the
 * dashes into it. */
/* clang-format off */
G_DEFINE_QUARK (paystar-error-quark, paystar_error)
/* clang-format on */

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

PaystarDelivery
paystar_error_get_delivery (const GError *error)
{
  g_return_val_if_fail (error != NULL, PAYSTAR_DELIVERY_UNKNOWN);

  if (error->domain != PAYSTAR_ERROR)
    return PAYSTAR_DELIVERY_UNKNOWN;

  switch ((PaystarError) error->code) {
    case PAYSTAR_ERROR_NETWORK:
    case PAYSTAR_ERROR_TLS:
    case PAYSTAR_ERROR_INSECURE:
    case PAYSTAR_ERROR_INVALID_INPUT:
    case PAYSTAR_ERROR_NO_API_KEY:
      return PAYSTAR_DELIVERY_NOT_SENT;
    case PAYSTAR_ERROR_REJECTED:
    case PAYSTAR_ERROR_UNAUTHORIZED:
    case PAYSTAR_ERROR_REQUEST_REFUSED:
    case PAYSTAR_ERROR_NOT_FOUND:
      return PAYSTAR_DELIVERY_REFUSED;
    case PAYSTAR_ERROR_TIMEOUT:
    case PAYSTAR_ERROR_CONNECTION_LOST:
    case PAYSTAR_ERROR_SERVER:
    case PAYSTAR_ERROR_INVALID_RESPONSE:
    case PAYSTAR_ERROR_INVALID_JSON:
    case PAYSTAR_ERROR_INVALID_REQUEST:
    case PAYSTAR_ERROR_CANCELLED:
    default:
      return PAYSTAR_DELIVERY_UNKNOWN;
  }
}
