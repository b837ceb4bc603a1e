/* fuzz-fixtures.c: libFuzzer harness for the sandbox's fixtures file (paystar-sandbox-fixtures).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Invariants: a refusal is PAYSTAR_SANDBOX_ERROR_FIXTURES with a message; accepted fixtures have
 * at least one business unit, each found by its slug, each giving a complete profile.
 */
#include "config.h"

#include "fuzz-util.h"
#include "paystar-sandbox-error.h"
#include "paystar-sandbox-fixtures.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarSandboxFixtures) fixtures = NULL;

  fixtures =
    paystar_sandbox_fixtures_parse (size > 0 ? (const char *) data : "", (gssize) size, &error);
  if (fixtures == NULL) {
    fuzz_check (g_error_matches (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_FIXTURES),
                "a refusal is a fixtures error");
    fuzz_check (error->message[0] != '\0', "a refusal says why");
    return 0;
  }
  fuzz_check (fixtures->units != NULL && fixtures->units->len > 0, "at least one business unit");
  for (guint i = 0; i < fixtures->units->len; i++) {
    const PaystarSandboxUnit *unit = g_ptr_array_index (fixtures->units, i);
    PaystarBusinessUnitProfile profile = { 0 };

    fuzz_check (unit->slug != NULL && unit->name != NULL, "a unit has a slug and a name");
    fuzz_check (paystar_sandbox_fixtures_lookup (fixtures, unit->slug) == unit,
                "a unit is found by its slug");
    paystar_sandbox_unit_fill_profile (unit, &profile);
    fuzz_check (g_str_equal (profile.slug, unit->slug), "the profile names the unit");
    fuzz_check (profile.pos_users != NULL && profile.known_users != NULL &&
                  profile.payment_fields != NULL,
                "the profile's lists are there");
  }
  return 0;
}
