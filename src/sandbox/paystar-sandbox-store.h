/* paystar-sandbox-store.h: the sandbox's state: payment sessions, synced accounts and customers,
 * used client references; in memory, and in SQLite when a data directory is set.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "paystar-request.h"

G_BEGIN_DECLS

typedef enum {
  PAYSTAR_SANDBOX_STATUS_REQUIRES_PAYMENT_SOURCE,
  PAYSTAR_SANDBOX_STATUS_SUCCEEDED,
  PAYSTAR_SANDBOX_STATUS_FAILED,
  PAYSTAR_SANDBOX_STATUS_PENDING,
} PaystarSandboxStatus;

/* "RequiresPaymentSource", "Succeeded", "Failed", "Pending". */
const char *paystar_sandbox_status_to_string (PaystarSandboxStatus status);
gboolean paystar_sandbox_status_from_string (const char *text, PaystarSandboxStatus *out);

/* One payment attempt. Never holds a card number: only its last four digits. */
typedef struct {
  PaystarSandboxStatus status; /* SUCCEEDED, FAILED or PENDING */
  gint64 date;                 /* unix time, microseconds */
  gint64 amount_minor;
  char *reference_number; /* NULL for a declined attempt */
  char *auth_code;        /* NULL for a declined or pending attempt */
  char *gateway_response_description;
  char *payment_source_type; /* "CreditCard" */
  char *account_holder_name;
  char *account_type; /* card brand, e.g. "Visa" */
  char *last4;
} PaystarSandboxPayment;

PaystarSandboxPayment *paystar_sandbox_payment_new (void);
PaystarSandboxPayment *paystar_sandbox_payment_copy (const PaystarSandboxPayment *payment);
void paystar_sandbox_payment_free (PaystarSandboxPayment *payment);

typedef struct {
  char *identifier;
  char *slug;
  PaystarRequest *request; /* as accepted */
  gint64 created;          /* unix time, microseconds */
  gint64 expires;          /* unix time, microseconds */
  PaystarSandboxStatus status;
  PaystarSandboxPayment *payment; /* the last attempt, or NULL */
  char *last_decline;             /* the decline message of the last attempt, or NULL */
  GPtrArray *page_fields;         /* PaystarPair*: payment fields entered on the page */
} PaystarSandboxSession;

PaystarSandboxSession *paystar_sandbox_session_new (const char *identifier,
                                                    const char *slug,
                                                    const PaystarRequest *request,
                                                    gint64 created,
                                                    gint64 expires);
PaystarSandboxSession *paystar_sandbox_session_copy (const PaystarSandboxSession *session);
void paystar_sandbox_session_free (PaystarSandboxSession *session);
/* A session past its lifetime that was never paid (a succeeded or pending payment keeps its
 * session, so that its confirmation can still be looked at). */
gboolean paystar_sandbox_session_is_expired (const PaystarSandboxSession *session, gint64 now);
/* The value of payment field @key: the request's, else the one entered on the page, else NULL. */
const char *paystar_sandbox_session_get_field (const PaystarSandboxSession *session,
                                               const char *key);

typedef struct {
  char *slug;
  PaystarClientAccount *account; /* what the last session sent, without Note and MetaJson */
  GPtrArray *customers;          /* char*: customer emails as first introduced */
} PaystarSandboxAccount;

typedef struct {
  char *account_number;
  char *sub_account_number; /* NULL when none */
} PaystarSandboxAccountKey;

typedef struct {
  char *slug;
  char *email_address; /* as first introduced */
  char *first_name;    /* as first introduced; never updated */
  char *last_name;     /* as first introduced; never updated */
  GPtrArray *accounts; /* PaystarSandboxAccountKey* */
} PaystarSandboxCustomer;

/* The record's PascalCase JSON: AccountNumber, SubAccountNumber, Name, Balance, PhoneNumber,
 * DueDate, IssueDate, Address {...}; absent members are left out. */
JsonObject *paystar_sandbox_client_account_to_json (const PaystarClientAccount *account);

typedef struct _PaystarSandboxStore PaystarSandboxStore;

PaystarSandboxStore *paystar_sandbox_store_new (void);
void paystar_sandbox_store_free (PaystarSandboxStore *self);

/* Keeps the state in @dir/paystar-sandbox.db (created with mode 0600, @dir with 0700), loading
 * what an earlier run left there. Call before anything is stored. */
gboolean paystar_sandbox_store_open (PaystarSandboxStore *self, const char *dir, GError **error);

/* Forgets every session, account, customer and client reference (in the database too). */
gboolean paystar_sandbox_store_reset (PaystarSandboxStore *self, GError **error);

guint paystar_sandbox_store_get_n_sessions (PaystarSandboxStore *self);
PaystarSandboxSession *paystar_sandbox_store_get_session (PaystarSandboxStore *self,
                                                          const char *identifier);
PaystarSandboxSession *paystar_sandbox_store_find_by_reference (PaystarSandboxStore *self,
                                                                const char *slug,
                                                                const char *reference);
gboolean paystar_sandbox_store_reference_taken (PaystarSandboxStore *self,
                                                const char *slug,
                                                const char *reference);
/* Drops expired, unpaid sessions, the longest expired first, at most @max_sessions of them (0: all);
 * returns how many. Looks at no live session. Their client references stay taken. */
guint
paystar_sandbox_store_evict_expired (PaystarSandboxStore *self, gint64 now, guint max_sessions);

/* Stores a new session (taking @session) and syncs its accounts and customers, all or nothing:
 * on error nothing changed. The caller has validated the request. */
gboolean paystar_sandbox_store_insert_session (PaystarSandboxStore *self,
                                               PaystarSandboxSession *session,
                                               GError **error);
/* Replaces the session of the same identifier with @session (taken), all or nothing. */
gboolean paystar_sandbox_store_replace_session (PaystarSandboxStore *self,
                                                PaystarSandboxSession *session,
                                                GError **error);

/* @sub_account_number NULL and "" name the same record. */
const PaystarSandboxAccount *paystar_sandbox_store_get_account (PaystarSandboxStore *self,
                                                                const char *slug,
                                                                const char *account_number,
                                                                const char *sub_account_number);
/* @email_address is compared case-insensitively. */
const PaystarSandboxCustomer *paystar_sandbox_store_get_customer (PaystarSandboxStore *self,
                                                                  const char *slug,
                                                                  const char *email_address);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PaystarSandboxPayment, paystar_sandbox_payment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PaystarSandboxSession, paystar_sandbox_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PaystarSandboxStore, paystar_sandbox_store_free)

G_END_DECLS
