/* paystar-error.h: the error domain of the Paystar API library.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PAYSTAR_ERROR (paystar_error_quark ())

/* Codes a caller can act on. Messages are translatable and say what to do next; they never
 * contain the API key. */
typedef enum {
  PAYSTAR_ERROR_INVALID_INPUT,    /* text the user typed (money, dates) is not acceptable */
  PAYSTAR_ERROR_INVALID_JSON,     /* the strict JSON reader refused a document */
  PAYSTAR_ERROR_INVALID_REQUEST,  /* a request document has wrong types or unknown keys */
  PAYSTAR_ERROR_NETWORK,          /* could not connect, connection reset, DNS */
  PAYSTAR_ERROR_TIMEOUT,          /* no answer within the client's timeout */
  PAYSTAR_ERROR_TLS,              /* certificate or TLS handshake failure (never bypassed) */
  PAYSTAR_ERROR_INSECURE,         /* plain http:// to a host that is not loopback */
  PAYSTAR_ERROR_UNAUTHORIZED,     /* HTTP 401 or 403: the API key is wrong or lacks access */
  PAYSTAR_ERROR_REJECTED,         /* hasErrors: true; field errors come alongside */
  PAYSTAR_ERROR_SERVER,           /* HTTP 5xx without a usable envelope */
  PAYSTAR_ERROR_INVALID_RESPONSE, /* anything else the client cannot read */
  PAYSTAR_ERROR_CANCELLED,        /* the caller's GCancellable fired */
} PaystarError;

GQuark paystar_error_quark (void);

G_END_DECLS
