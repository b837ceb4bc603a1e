/* paystar-sandbox-render.h: the JSON shapes the sandbox answers with: the Query API's session,
 * the SDK's session object, the hosted page's session, account and customer records.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "paystar-sandbox-fixtures.h"
#include "paystar-sandbox-store.h"

G_BEGIN_DECLS

/* "2025-02-01T12:34:56.789Z" for a unix time in microseconds. */
char *paystar_sandbox_render_time (gint64 unix_us);

/* TRUE when the session can still take a payment at @now. */
gboolean paystar_sandbox_session_can_process (const PaystarSandboxSession *session, gint64 now);

/* The Query API's camelCase shape (API-NOTES.md) plus the sandbox's own members: customMeta,
 * posUser, clientReference, paymentFields, expiresDateUtc, expired. @unit may be NULL. */
JsonNode *paystar_sandbox_render_query (const PaystarSandboxSession *session,
                                        const PaystarSandboxUnit *unit,
                                        gint64 now);
/* The SDK's session object: major units as JSON numbers, camelCase, with customMeta. */
JsonNode *paystar_sandbox_render_sdk_session (const PaystarSandboxSession *session);
/* The page-session JSON of WEB-CONTRACT.txt. @unit may be NULL (fixtures changed since). */
JsonNode *paystar_sandbox_render_page_session (const PaystarSandboxSession *session,
                                               const PaystarSandboxUnit *unit);
/* The synced account: the request's PascalCase members plus Customers (emails). */
JsonNode *paystar_sandbox_render_account (const PaystarSandboxAccount *account);
/* EmailAddress, FirstName, LastName, Accounts [{AccountNumber, SubAccountNumber}]. */
JsonNode *paystar_sandbox_render_customer (const PaystarSandboxCustomer *customer);

/* Compact JSON safe to place inside <script type="application/json">: '<', '>', '&', U+2028 and
 * U+2029 are written as \u escapes, so no string can close the element or start a comment. */
char *paystar_sandbox_render_script_json (JsonNode *node);

G_END_DECLS
