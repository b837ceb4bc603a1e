/* pos-types.h: forward typedefs, shared enums and the error domain of the POS domain layer.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _PosAgent PosAgent;
typedef struct _PosCharge PosCharge;
typedef struct _PosJournal PosJournal;
typedef struct _PosRoster PosRoster;
typedef struct _PosSale PosSale;
typedef struct _PosSaleRecord PosSaleRecord;
typedef struct _PosSettings PosSettings;

/* A wall clock in microseconds since the Unix epoch, like g_get_real_time(). The roster and the
 * journal take one so that tests can move time. */
typedef gint64 (*PosClockFunc) (gpointer user_data);

/* Where the station talks to. The nicks ("sandbox", ...) are the values of the GSettings key
 * "environment" (see data/io.paystar.Pos.gschema.xml). */
typedef enum {
  POS_ENVIRONMENT_SANDBOX,     /* the in-process gateway emulator on 127.0.0.1 */
  POS_ENVIRONMENT_DEVELOPMENT, /* https://dev-gateway.paystar.io, https://dev.paystar.io */
  POS_ENVIRONMENT_PRODUCTION,  /* https://secure.paystar.io */
  POS_ENVIRONMENT_CUSTOM,      /* custom-api-base-uri and custom-web-origin from the settings */
} PosEnvironment;

/* How the payment page reports the outcome. Nicks "sdk" and "redirect". */
typedef enum {
  POS_PAYMENT_PAGE_MODE_SDK,
  POS_PAYMENT_PAGE_MODE_REDIRECT,
} PosPaymentPageMode;

/* The state of a journaled sale. Stored in the journal as the nick ("draft", "submitting", ...):
 * see pos_sale_status_to_string(). */
typedef enum {
  POS_SALE_STATUS_DRAFT,       /* being keyed; not yet sent */
  POS_SALE_STATUS_SUBMITTING,  /* journaled, the request is (or was) on its way */
  POS_SALE_STATUS_CREATED,     /* the API created the session; the payment page is open */
  POS_SALE_STATUS_SUCCEEDED,   /* the payment went through */
  POS_SALE_STATUS_FAILED,      /* the payment was declined or failed */
  POS_SALE_STATUS_PENDING,     /* processed but not final (ACH, for example) */
  POS_SALE_STATUS_DISMISSED,   /* the payment page was closed without paying */
  POS_SALE_STATUS_UNKNOWN,     /* no answer (timeout, crash): check with Paystar before retrying */
  POS_SALE_STATUS_ERROR,       /* before version 4 only: the request was refused; final */
  POS_SALE_STATUS_NOT_SENT,    /* a submit failed before anything left the station: editable */
  POS_SALE_STATUS_UNCONFIRMED, /* the form was closed without an outcome: re-open or check */
  POS_SALE_STATUS_CLOSED,      /* an administrator ended it with a reason; final */
} PosSaleStatus;

#define POS_SALE_STATUS_LAST POS_SALE_STATUS_CLOSED

/* "draft", "submitting", ...; NULL for a value out of range. */
const char *pos_sale_status_to_string (PosSaleStatus status);
/* The reverse; FALSE for an unknown string (then *out is untouched). */
gboolean pos_sale_status_from_string (const char *text, PosSaleStatus *out);
/* A short translated label for lists ("Succeeded", "Outcome unknown", ...). */
const char *pos_sale_status_get_label (PosSaleStatus status);
/* TRUE for succeeded, failed, dismissed, error and closed: nothing more will happen to the sale
 * unless someone re-opens its form. */
gboolean pos_sale_status_is_final (PosSaleStatus status);

/* Where an API key came from. */
typedef enum {
  POS_API_KEY_SOURCE_NONE,
  POS_API_KEY_SOURCE_KEYRING,     /* libsecret, schema io.paystar.Pos.ApiKey */
  POS_API_KEY_SOURCE_ENVIRONMENT, /* PAYSTAR_API_KEY */
  POS_API_KEY_SOURCE_FILE,        /* a 0600 key file */
} PosApiKeySource;

#define POS_ERROR (pos_error_quark ())

/* Codes a caller can act on. Messages are translatable, say what to do, and never contain a PIN,
 * the API key or card data. */
typedef enum {
  POS_ERROR_FAILED,           /* anything else */
  POS_ERROR_INVALID_DRAFT,    /* a draft's JSON is not a sale this version can read */
  POS_ERROR_TOO_MANY_CHARGES, /* a sale holds at most PAYSTAR_MAX_CHARGES charges */
  POS_ERROR_JOURNAL,          /* SQLite failed (disk full, locked, I/O error) */
  POS_ERROR_SENSITIVE_DATA,   /* refused to store text that looks like a card number */
  POS_ERROR_NOT_FOUND,        /* no such sale, draft or agent */
  POS_ERROR_INVALID_PIN,      /* a new PIN is not 4 to 12 digits */
  POS_ERROR_INVALID_AGENT,    /* an agent's email or name is not acceptable */
  POS_ERROR_AGENT_EXISTS,     /* an agent with that email is already on the roster */
  POS_ERROR_LAST_ADMIN,       /* the change would leave the roster without an administrator */
  POS_ERROR_WRONG_PIN,        /* sign-in with an unknown email or a wrong PIN */
  POS_ERROR_LOCKED_OUT,       /* too many wrong PINs; wait (see pos_roster_get_lockout_remaining) */
  POS_ERROR_HASH,             /* libxcrypt could not hash (no usable method) */
  POS_ERROR_API_KEY_MISSING,  /* no API key in the keyring, the environment or the key file */
  POS_ERROR_API_KEY_INSECURE, /* the key file is readable by others or not owned by the user */
  POS_ERROR_API_KEY_INVALID,  /* the key file or the key is empty, too long or not text */
  POS_ERROR_KEYRING,          /* the keyring refused to store or clear the key */
  POS_ERROR_INVALID_STATE,    /* the sale's state does not allow that (see pos-checkout.h) */
  POS_ERROR_INVALID_SALE,     /* the sale has field errors; it was not sent */
  POS_ERROR_DAY_CLOSED,       /* the day was already closed at this station */
  POS_ERROR_INVALID_IMPORT,   /* an account file has lines that cannot be imported; none was */
} PosError;

GQuark pos_error_quark (void);

G_END_DECLS

/* GTypes of the enums above (POS_TYPE_ENVIRONMENT, POS_TYPE_PAYMENT_PAGE_MODE, POS_TYPE_SALE_STATUS,
 * POS_TYPE_API_KEY_SOURCE, POS_TYPE_ERROR), generated by glib-mkenums. */
#include "pos-enum-types.h"
