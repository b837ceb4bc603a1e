/* paystar-sandbox-fixtures.h: what the sandbox knows before any request: business units, their
 * users and payment fields, and the accepted API keys.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "paystar-request.h"

G_BEGIN_DECLS

#define PAYSTAR_SANDBOX_DEFAULT_API_KEY "sandbox-key"

typedef struct {
  char *slug;
  char *name;
  GStrv pos_users;      /* emails with POS permission */
  GStrv known_users;    /* every user's email, with or without POS permission */
  GStrv payment_fields; /* configured PaymentFields keys, in the order the page asks for them */
} PaystarSandboxUnit;

typedef struct {
  GStrv api_keys;   /* NULL when a fixtures file named none (the default key stays) */
  GPtrArray *units; /* PaystarSandboxUnit*, at least one */
} PaystarSandboxFixtures;

/* Business unit "acme-utilities" ("Acme Utilities"), POS users ava@ and ben@acme-utilities.example,
 * cory@acme-utilities.example known without POS permission, payment fields invoiceNumber and
 * memoLine, API key "sandbox-key". */
PaystarSandboxFixtures *paystar_sandbox_fixtures_new_builtin (void);
/* Reads a fixtures document (format in the README, "Fixtures file") through the strict JSON
 * reader. Every problem is reported at once in one PAYSTAR_SANDBOX_ERROR_FIXTURES error, each on
 * its own line with its path ("businessUnits[0].users[1].email: ..."). */
PaystarSandboxFixtures *
paystar_sandbox_fixtures_parse (const char *data, gssize length, GError **error);
PaystarSandboxFixtures *paystar_sandbox_fixtures_load (const char *path, GError **error);
void paystar_sandbox_fixtures_free (PaystarSandboxFixtures *fixtures);

/* Slugs match exactly, case included, like every other key of the API. */
const PaystarSandboxUnit *paystar_sandbox_fixtures_lookup (const PaystarSandboxFixtures *fixtures,
                                                           const char *slug);
/* Fills @profile's slug and lists from @unit (borrowed; valid while @unit lives). */
void paystar_sandbox_unit_fill_profile (const PaystarSandboxUnit *unit,
                                        PaystarBusinessUnitProfile *profile);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PaystarSandboxFixtures, paystar_sandbox_fixtures_free)

G_END_DECLS
