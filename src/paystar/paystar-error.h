/* paystar-error.h: the error domain of the Paystar API library.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PAYSTAR_ERROR (paystar_error_quark ())

/* Codes a caller can act on. Messages are translatable and say what to do next; they never
 * contain the API key. What a failed call means for the request it carried (was it sent?) is
 * paystar_error_get_delivery()'s answer, not the caller's guess from the code. */
typedef enum {
  PAYSTAR_ERROR_INVALID_INPUT,    /* text the user typed (money, dates) or the configured address
                                     is not acceptable */
  PAYSTAR_ERROR_INVALID_JSON,     /* the strict JSON reader refused a document */
  PAYSTAR_ERROR_INVALID_REQUEST,  /* a request document has wrong types or unknown keys */
  PAYSTAR_ERROR_NETWORK,          /* Paystar could not be reached (DNS, connection refused or timed
                                     out, unreachable network): nothing was sent */
  PAYSTAR_ERROR_TIMEOUT,          /* no answer within the client's timeout after the request was
                                     sent */
  PAYSTAR_ERROR_TLS,              /* certificate or TLS handshake failure (never bypassed), before
                                     anything was sent */
  PAYSTAR_ERROR_INSECURE,         /* plain http:// to a host that is not loopback */
  PAYSTAR_ERROR_UNAUTHORIZED,     /* HTTP 401 or 403: the API key is wrong or lacks access */
  PAYSTAR_ERROR_REJECTED,         /* hasErrors: true; field errors come alongside */
  PAYSTAR_ERROR_SERVER,           /* HTTP 5xx without a usable envelope */
  PAYSTAR_ERROR_INVALID_RESPONSE, /* anything else the client cannot read (a 2xx or 3xx answer) */
  PAYSTAR_ERROR_CANCELLED,        /* unused: cancellation is G_IO_ERROR_CANCELLED, as in GIO; kept
                                     so that the codes after it keep their values */
  PAYSTAR_ERROR_NO_API_KEY,       /* the client has no API key, or one that cannot be sent: checked
                                     before anything is sent */
  PAYSTAR_ERROR_CONNECTION_LOST,  /* the connection broke after the request was sent: Paystar may
                                     have received it */
  PAYSTAR_ERROR_REQUEST_REFUSED,  /* HTTP 4xx other than 401/403 (and 404 on a lookup) without
                                     hasErrors: Paystar refused the request and created nothing */
  PAYSTAR_ERROR_NOT_FOUND,        /* a lookup found no such session */
} PaystarError;

/* What a failed call means for the request it carried. */
typedef enum {
  PAYSTAR_DELIVERY_NOT_SENT, /* nothing Paystar could act on left the station: sending again is
                                safe */
  PAYSTAR_DELIVERY_REFUSED,  /* Paystar answered and created nothing: rejected with field errors
                                (hasErrors), 401/403, any other 4xx */
  PAYSTAR_DELIVERY_UNKNOWN,  /* the request may have reached Paystar: look it up before any
                                retry */
} PaystarDelivery;

GQuark paystar_error_quark (void);

/* Classifies an error of a PaystarClient call:
 *   NOT_SENT  PAYSTAR_ERROR_NETWORK, _TLS, _INSECURE, _INVALID_INPUT, _NO_API_KEY
 *   REFUSED   PAYSTAR_ERROR_REJECTED, _UNAUTHORIZED, _REQUEST_REFUSED, _NOT_FOUND
 *   UNKNOWN   PAYSTAR_ERROR_TIMEOUT, _CONNECTION_LOST, _SERVER, _INVALID_RESPONSE, G_IO_ERROR_CANCELLED
 *             (only the caller knows whether it cancelled before the request left), and every
 *             other error, of this domain or another: "not sent" is never claimed without proof.
 * @error must not be NULL. */
PaystarDelivery paystar_error_get_delivery (const GError *error);

G_END_DECLS
