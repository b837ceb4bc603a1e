/* test-sandbox-units.c: the sandbox library in-process: test cards, identifiers, fixtures, JSON
 * for script elements, and PaystarSandboxServer on port 0 as the app embeds it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "paystar-json.h"
#include "paystar-sandbox-cards.h"
#include "paystar-sandbox-fixtures.h"
#include "paystar-sandbox-ids.h"
#include "paystar-sandbox-render.h"
#include "paystar-sandbox-server.h"
#include "paystar-sandbox-store.h"
#include "sandbox-harness.h"

static void
test_cards_normalize (void)
{
  g_autofree char *plain = paystar_sandbox_card_normalize_number ("4242424242424242");
  g_autofree char *grouped = paystar_sandbox_card_normalize_number ("4242 4242 4242 4242");

  g_assert_cmpstr (plain, ==, "4242424242424242");
  g_assert_cmpstr (grouped, ==, "4242424242424242");
  g_assert_null (paystar_sandbox_card_normalize_number (" 4242424242424242"));
  g_assert_null (paystar_sandbox_card_normalize_number ("4242424242424242 "));
  g_assert_null (paystar_sandbox_card_normalize_number ("4242  4242 4242 4242"));
  g_assert_null (paystar_sandbox_card_normalize_number ("4242-4242-4242-4242"));
  g_assert_null (paystar_sandbox_card_normalize_number ("42424242424"));
  g_assert_null (paystar_sandbox_card_normalize_number ("42424242424242424242"));
  g_assert_null (paystar_sandbox_card_normalize_number (""));
}

static void
test_cards_outcome_and_brand (void)
{
  g_assert_cmpint (paystar_sandbox_card_outcome ("4242424242424242"), ==,
                   PAYSTAR_SANDBOX_CARD_APPROVE);
  g_assert_cmpint (paystar_sandbox_card_outcome ("4000000000000002"), ==,
                   PAYSTAR_SANDBOX_CARD_DECLINE_GENERIC);
  g_assert_cmpint (paystar_sandbox_card_outcome ("4000000000009995"), ==,
                   PAYSTAR_SANDBOX_CARD_DECLINE_INSUFFICIENT_FUNDS);
  g_assert_cmpint (paystar_sandbox_card_outcome ("4000000000000069"), ==,
                   PAYSTAR_SANDBOX_CARD_DECLINE_EXPIRED_CARD);
  g_assert_cmpint (paystar_sandbox_card_outcome ("5555555555554444"), ==,
                   PAYSTAR_SANDBOX_CARD_APPROVE);
  g_assert_null (paystar_sandbox_card_decline_message (PAYSTAR_SANDBOX_CARD_APPROVE));
  g_assert_nonnull (paystar_sandbox_card_decline_message (PAYSTAR_SANDBOX_CARD_DECLINE_GENERIC));

  g_assert_cmpstr (paystar_sandbox_card_brand ("4242424242424242"), ==, "Visa");
  g_assert_cmpstr (paystar_sandbox_card_brand ("5555555555554444"), ==, "Mastercard");
  g_assert_cmpstr (paystar_sandbox_card_brand ("2223003122003222"), ==, "Mastercard");
  g_assert_cmpstr (paystar_sandbox_card_brand ("378282246310005"), ==, "American Express");
  g_assert_cmpstr (paystar_sandbox_card_brand ("6011111111111117"), ==, "Discover");
  g_assert_cmpstr (paystar_sandbox_card_brand ("3056930009020004"), ==, "Card");
}

static void
test_cards_expiry_cvc (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_utc (2026, 11, 23, 12, 0, 0);

  g_assert_true (paystar_sandbox_card_expiry_valid ("11/26", now));
  g_assert_true (paystar_sandbox_card_expiry_valid ("12/30", now));
  g_assert_false (paystar_sandbox_card_expiry_valid ("10/26", now));
  g_assert_false (paystar_sandbox_card_expiry_valid ("13/30", now));
  g_assert_false (paystar_sandbox_card_expiry_valid ("00/30", now));
  g_assert_false (paystar_sandbox_card_expiry_valid ("1230", now));
  g_assert_false (paystar_sandbox_card_expiry_valid ("12/2030", now));
  g_assert_false (paystar_sandbox_card_expiry_valid ("12/99", now));
  g_assert_false (paystar_sandbox_card_expiry_valid (NULL, now));

  g_assert_true (paystar_sandbox_card_cvc_valid ("123", "4242424242424242"));
  g_assert_false (paystar_sandbox_card_cvc_valid ("1234", "4242424242424242"));
  g_assert_true (paystar_sandbox_card_cvc_valid ("1234", "378282246310005"));
  g_assert_false (paystar_sandbox_card_cvc_valid ("123", "378282246310005"));
  g_assert_false (paystar_sandbox_card_cvc_valid ("12a", "4242424242424242"));
  g_assert_false (paystar_sandbox_card_cvc_valid (NULL, "4242424242424242"));
}

static void
test_cards_scrub (void)
{
  char plain[] = "card 4242424242424242 exp";
  char grouped[] = "{\"n\":\"4242 4242 4242 4242\"}";
  char with_cvc[] = "4000000000000002123";
  char amount[] = "{\"Amount\":15000,\"AccountNumber\":\"ACC-12345\"}";

  g_assert_true (paystar_sandbox_card_scrub (plain));
  g_assert_cmpstr (plain, ==, "card XXXXXXXXXXXXXXXX exp");
  g_assert_true (paystar_sandbox_card_scrub (grouped));
  g_assert_null (strstr (grouped, "4242"));
  g_assert_true (paystar_sandbox_card_scrub (with_cvc));
  g_assert_null (strstr (with_cvc, "4000000000000002"));
  g_assert_false (paystar_sandbox_card_scrub (amount));
  g_assert_cmpstr (amount, ==, "{\"Amount\":15000,\"AccountNumber\":\"ACC-12345\"}");
}

static gboolean
matches (const char *pattern, const char *text)
{
  return g_regex_match_simple (pattern, text, 0, 0);
}

static void
test_ids_random (void)
{
  g_autoptr (PaystarSandboxIds) ids = paystar_sandbox_ids_new_random ();
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 1000; i++) {
    char *id = paystar_sandbox_ids_session_identifier (ids);

    g_assert_true (matches ("^[0-9a-f]{32}$", id));
    g_assert_false (g_hash_table_contains (seen, id));
    g_hash_table_add (seen, id);
  }
  for (guint i = 0; i < 100; i++) {
    g_autofree char *reference = paystar_sandbox_ids_reference_number (ids);
    g_autofree char *code = paystar_sandbox_ids_auth_code (ids);

    g_assert_true (matches ("^[A-Z]{6}-[A-Z]{5}$", reference));
    g_assert_true (matches ("^[A-Z0-9]{6}$", code));
  }
}

static void
test_ids_seeded (void)
{
  g_autoptr (PaystarSandboxIds) a = paystar_sandbox_ids_new_seeded (G_GUINT64_CONSTANT (1) << 40);
  g_autoptr (PaystarSandboxIds) b = paystar_sandbox_ids_new_seeded (G_GUINT64_CONSTANT (1) << 40);
  g_autoptr (PaystarSandboxIds) c = paystar_sandbox_ids_new_seeded (1);

  for (guint i = 0; i < 10; i++) {
    g_autofree char *ia = paystar_sandbox_ids_session_identifier (a);
    g_autofree char *ib = paystar_sandbox_ids_session_identifier (b);
    g_autofree char *ic = paystar_sandbox_ids_session_identifier (c);
    g_autofree char *ra = paystar_sandbox_ids_reference_number (a);
    g_autofree char *rb = paystar_sandbox_ids_reference_number (b);

    g_assert_cmpstr (ia, ==, ib);
    g_assert_cmpstr (ia, !=, ic);
    g_assert_cmpstr (ra, ==, rb);
  }
}

static void
test_fixtures_builtin (void)
{
  g_autoptr (PaystarSandboxFixtures) fixtures = paystar_sandbox_fixtures_new_builtin ();
  const PaystarSandboxUnit *unit = paystar_sandbox_fixtures_lookup (fixtures, SANDBOX_SLUG);
  PaystarBusinessUnitProfile profile = { 0 };

  g_assert_nonnull (unit);
  g_assert_cmpstr (unit->name, ==, "Acme Utilities");
  g_assert_true (g_strv_contains ((const char *const *) unit->pos_users, SANDBOX_AVA));
  g_assert_true (g_strv_contains ((const char *const *) unit->pos_users, SANDBOX_BEN));
  g_assert_false (g_strv_contains ((const char *const *) unit->pos_users, SANDBOX_CORY));
  g_assert_true (g_strv_contains ((const char *const *) unit->known_users, SANDBOX_CORY));
  g_assert_cmpstrv (unit->payment_fields, ((const char *[]){ "invoiceNumber", "memoLine", NULL }));
  g_assert_cmpstrv (fixtures->api_keys, ((const char *[]){ SANDBOX_KEY, NULL }));
  g_assert_null (paystar_sandbox_fixtures_lookup (fixtures, "Acme-Utilities"));

  paystar_sandbox_unit_fill_profile (unit, &profile);
  g_assert_cmpstr (profile.slug, ==, SANDBOX_SLUG);
}

static void
test_fixtures_example_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarSandboxFixtures) fixtures =
    paystar_sandbox_fixtures_load (g_getenv ("PAYSTAR_SANDBOX_FIXTURES_EXAMPLE"), &error);
  const PaystarSandboxUnit *unit;

  g_assert_no_error (error);
  g_assert_cmpuint (fixtures->units->len, ==, 2);
  unit = paystar_sandbox_fixtures_lookup (fixtures, "springfield-water");
  g_assert_nonnull (unit);
  g_assert_cmpuint (g_strv_length (unit->pos_users), ==, 2);
  g_assert_cmpuint (g_strv_length (unit->known_users), ==, 3);
  g_assert_cmpstrv (fixtures->api_keys, ((const char *[]){ "example-key", NULL }));
}

static void
test_fixtures_errors (void)
{
  static const struct {
    const char *json;
    const char *expected; /* in the message */
  } cases[] = {
    { "", "not valid JSON" },
    { "[]", "must be a JSON object" },
    { "{}", "$.businessUnits: is required" },
    { "{'businessUnits': []}", "$.businessUnits: name at least one" },
    { "{'businessUnits': [{'slug': 'a', 'name': 'A'}], 'colour': 1}",
      "$.colour: is not a known field" },
    { "{'businessUnits': [{'name': 'A'}]}", "$.businessUnits[0].slug: is required" },
    { "{'businessUnits': [{'slug': 'Has Space', 'name': 'A'}]}", "$.businessUnits[0].slug: use" },
    { "{'businessUnits': [{'slug': 'a'}]}", "$.businessUnits[0].name: is required" },
    { "{'businessUnits': [{'slug': 'a', 'name': 'A'}, {'slug': 'a', 'name': 'B'}]}",
      "$.businessUnits[1].slug: another business unit" },
    { "{'businessUnits': [{'slug': 'a', 'name': 'A', 'users': [{'email': 'nope'}]}]}",
      "$.businessUnits[0].users[0].email: is not a valid email address" },
    { "{'businessUnits': [{'slug': 'a', 'name': 'A', 'users': [{'email': 'x@y.example', "
      "'posPermission': 'yes'}]}]}",
      "$.businessUnits[0].users[0].posPermission: must be true or false" },
    { "{'businessUnits': [{'slug': 'a', 'name': 'A', 'paymentFields': ['a.b']}]}",
      "$.businessUnits[0].paymentFields[0]: use" },
    { "{'businessUnits': [{'slug': 'a', 'name': 'A', 'paymentFields': ['x', 'x']}]}",
      "$.businessUnits[0].paymentFields[1]: appears more than once" },
    { "{'apiKeys': ['has space'], 'businessUnits': [{'slug': 'a', 'name': 'A'}]}",
      "$.apiKeys[0]: use" },
    { "{'apiKeys': [], 'businessUnits': [{'slug': 'a', 'name': 'A'}]}",
      "$.apiKeys: name at least" },
    { "{'businessUnits': [{'slug': 'a', 'name': 'A'}], 'businessUnits': []}", "Duplicate key" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *json = sandbox_json (cases[i].json);
    g_autoptr (GError) error = NULL;
    g_autoptr (PaystarSandboxFixtures) fixtures = paystar_sandbox_fixtures_parse (json, -1, &error);

    g_test_message ("case %u: %s", i, json);
    g_assert_null (fixtures);
    g_assert_error (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_FIXTURES);
    if (strstr (error->message, cases[i].expected) == NULL)
      g_error ("message \"%s\" lacks \"%s\"", error->message, cases[i].expected);
  }
}

static void
test_script_json (void)
{
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (JsonNode) back = NULL;
  JsonObject *object = json_object_new ();
  const char *nasty = "</script><!-- & \xe2\x80\xa8 \xe2\x80\xa9 \\<";
  g_autofree char *text = NULL;

  json_object_set_string_member (object, "s", nasty);
  json_node_take_object (node, object);
  text = paystar_sandbox_render_script_json (node);
  g_assert_null (strchr (text, '<'));
  g_assert_null (strchr (text, '>'));
  g_assert_null (strchr (text, '&'));
  g_assert_null (strstr (text, "\xe2\x80\xa8"));
  g_assert_null (strstr (text, "\xe2\x80\xa9"));
  back = paystar_json_parse (text, -1, NULL);
  g_assert_nonnull (back);
  g_assert_cmpstr (sandbox_json_string (back, "s"), ==, nasty);
}

/* In-process server, as the app runs it */

typedef struct {
  GBytes *body;
  guint status;
  gboolean done;
} Fetch;

static void
on_fetched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fetch *fetch = user_data;
  g_autoptr (GError) error = NULL;

  fetch->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  fetch->status =
    soup_message_get_status (soup_session_get_async_result_message (SOUP_SESSION (source), result));
  fetch->done = TRUE;
}

static JsonNode *
fetch (SoupSession *session, const char *method, const char *uri, const char *json, guint *status)
{
  g_autoptr (SoupMessage) msg = soup_message_new (method, uri);
  Fetch result = { 0 };
  JsonNode *node;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Paystar-Api-Key",
                                SANDBOX_KEY);
  if (json != NULL) {
    g_autoptr (GBytes) body = g_bytes_new (json, strlen (json));

    soup_message_set_request_body_from_bytes (msg, "application/json", body);
  }
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_fetched, &result);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  *status = result.status;
  node =
    paystar_json_parse (g_bytes_get_data (result.body, NULL), g_bytes_get_size (result.body), NULL);
  g_bytes_unref (result.body);
  return node;
}

static void
on_session_changed (PaystarSandboxServer *server, const char *identifier, gpointer user_data)
{
  GPtrArray *changes = user_data;

  g_ptr_array_add (changes, g_strdup (identifier));
}

static gint64
test_clock (gpointer user_data)
{
  return *(const gint64 *) user_data;
}

static void
test_server_in_process (void)
{
  g_autoptr (PaystarSandboxServer) server = paystar_sandbox_server_new ();
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) created = NULL;
  g_autoptr (JsonNode) looked_up = NULL;
  g_autoptr (JsonNode) expired = NULL;
  gint64 now = G_GINT64_CONSTANT (1735689600) * G_USEC_PER_SEC; /* 2025-01-01 */
  g_autofree char *initiate = NULL;
  g_autofree char *inspect = NULL;
  g_autofree char *json = sandbox_json ("{'BusinessUnitSlug': 'acme-utilities', 'Channel': 'POS', "
                                        "'PosUser': '" SANDBOX_BEN "', "
                                        "'Charges': [{'Amount': 2500}]}");
  const char *identifier, *link;
  g_autofree char *expected_link = NULL;
  guint status = 0;

  g_assert_null (paystar_sandbox_server_get_base_uri (server));
  g_assert_cmpuint (paystar_sandbox_server_get_port (server), ==, 0);
  g_assert_cmpuint (paystar_sandbox_server_get_session_ttl (server), ==, 30);
  paystar_sandbox_server_set_session_ttl (server, 5);
  g_assert_cmpuint (paystar_sandbox_server_get_session_ttl (server), ==, 5);
  g_signal_connect (server, "session-changed", G_CALLBACK (on_session_changed), changes);
  /* Sessions live on the clock the test moves. */
  paystar_sandbox_server_set_clock (server, test_clock, &now);
  g_assert_cmpint (paystar_sandbox_server_now (server), ==, now);

  g_assert_false (paystar_sandbox_server_listen (server, "0.0.0.0", 0, &error));
  g_assert_error (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_NOT_LOOPBACK);
  g_clear_error (&error);
  g_assert_false (paystar_sandbox_server_listen (server, "example.com", 0, &error));
  g_assert_error (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_NOT_LOOPBACK);
  g_clear_error (&error);

  g_assert_true (paystar_sandbox_server_listen (server, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (paystar_sandbox_server_get_port (server), >, 0);
  g_assert_true (
    g_str_has_prefix (paystar_sandbox_server_get_base_uri (server), "http://127.0.0.1:"));
  g_assert_false (paystar_sandbox_server_listen (server, NULL, 0, &error));
  g_assert_error (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_LISTEN);
  g_clear_error (&error);

  initiate = g_strconcat (paystar_sandbox_server_get_base_uri (server),
                          "/integrations/embedded/initiate", NULL);
  created = fetch (session, "POST", initiate, json, &status);
  g_assert_cmpuint (status, ==, 200);
  identifier = sandbox_json_string (created, "data.PaymentSessionIdentifier");
  link = sandbox_json_string (created, "data.PaymentLogInLink");
  g_assert_nonnull (identifier);
  expected_link = g_strdup_printf ("%s/app/embedded/acme-utilities/session/%s",
                                   paystar_sandbox_server_get_base_uri (server), identifier);
  g_assert_cmpstr (link, ==, expected_link);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (changes, 0), ==, identifier);

  inspect = g_strdup_printf ("%s/_sandbox/sessions/%s",
                             paystar_sandbox_server_get_base_uri (server), identifier);
  looked_up = fetch (session, "GET", inspect, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (sandbox_json_string (looked_up, "data.posUser"), ==, SANDBOX_BEN);
  g_assert_cmpint (sandbox_json_int (looked_up, "data.paymentSession.subtotalMinor"), ==, 2500);
  g_assert_false (sandbox_json_bool (looked_up, "data.expired"));
  /* Five minutes later (the lifetime set above) it has expired, without anyone waiting. */
  now += 5 * 60 * G_USEC_PER_SEC;
  expired = fetch (session, "GET", inspect, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (sandbox_json_bool (expired, "data.expired"));

  paystar_sandbox_server_shutdown (server);
  g_assert_null (paystar_sandbox_server_get_base_uri (server));
  g_assert_cmpuint (paystar_sandbox_server_get_port (server), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&server));
}

/* The domain's name is what G_DEFINE_QUARK was given, dashes and all. */
static void
test_error_domain_name (void)
{
  g_assert_cmpstr (g_quark_to_string (PAYSTAR_SANDBOX_ERROR), ==, "paystar-sandbox-error-quark");
}

/* ---- The store's expiry queue ---- */

static PaystarSandboxSession *
store_session (const char *identifier, gint64 expires)
{
  g_autoptr (PaystarRequest) request = paystar_request_new ();

  return paystar_sandbox_session_new (identifier, "acme-utilities", request, 0, expires);
}

static void
store_set_status (PaystarSandboxStore *store, const char *identifier, PaystarSandboxStatus status)
{
  PaystarSandboxSession *copy =
    paystar_sandbox_session_copy (paystar_sandbox_store_get_session (store, identifier));

  copy->status = status;
  g_assert_true (paystar_sandbox_store_replace_session (store, copy, NULL));
}

/* Eviction takes exactly the expired, unpaid sessions, soonest first, whatever the order they
 * were stored in; paid and pending ones stay, and a pending one that then fails can expire. */
static void
test_store_expiry_queue (void)
{
  g_autoptr (PaystarSandboxStore) store = paystar_sandbox_store_new ();
  /* Stored out of order: s0 expires at 100, s1 at 110 ... s9 at 190. */
  const guint order[] = { 5, 3, 9, 0, 7, 1, 8, 2, 6, 4 };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++) {
    g_autofree char *identifier = g_strdup_printf ("s%u", order[i]);

    g_assert_true (paystar_sandbox_store_insert_session (
      store, store_session (identifier, 100 + 10 * (gint64) order[i]), NULL));
  }
  store_set_status (store, "s3", PAYSTAR_SANDBOX_STATUS_SUCCEEDED);
  store_set_status (store, "s4", PAYSTAR_SANDBOX_STATUS_PENDING);
  /* Replacing a session keeps one entry for it: s5 is still due once, at 150. */
  store_set_status (store, "s5", PAYSTAR_SANDBOX_STATUS_FAILED);
  g_assert_cmpuint (paystar_sandbox_store_get_n_sessions (store), ==, 10);

  g_assert_cmpuint (paystar_sandbox_store_evict_expired (store, 99, 0), ==, 0);
  g_assert_cmpuint (paystar_sandbox_store_evict_expired (store, 120, 0), ==, 3);
  g_assert_null (paystar_sandbox_store_get_session (store, "s0"));
  g_assert_null (paystar_sandbox_store_get_session (store, "s1"));
  g_assert_null (paystar_sandbox_store_get_session (store, "s2"));
  g_assert_nonnull (paystar_sandbox_store_get_session (store, "s6"));
  g_assert_cmpuint (paystar_sandbox_store_get_n_sessions (store), ==, 7);

  /* In batches: the longest expired go first (s5 at 150, then s6). */
  g_assert_cmpuint (paystar_sandbox_store_evict_expired (store, 1000, 2), ==, 2);
  g_assert_null (paystar_sandbox_store_get_session (store, "s5"));
  g_assert_null (paystar_sandbox_store_get_session (store, "s6"));
  g_assert_nonnull (paystar_sandbox_store_get_session (store, "s7"));
  /* s7, s8, s9 go; s3 (paid) and s4 (pending) stay. */
  g_assert_cmpuint (paystar_sandbox_store_evict_expired (store, 1000, 0), ==, 3);
  g_assert_cmpuint (paystar_sandbox_store_get_n_sessions (store), ==, 2);
  g_assert_nonnull (paystar_sandbox_store_get_session (store, "s3"));
  g_assert_nonnull (paystar_sandbox_store_get_session (store, "s4"));
  g_assert_cmpuint (paystar_sandbox_store_evict_expired (store, 1000, 0), ==, 0);

  /* The pending payment failed: its session is past its time and goes. */
  store_set_status (store, "s4", PAYSTAR_SANDBOX_STATUS_FAILED);
  g_assert_cmpuint (paystar_sandbox_store_evict_expired (store, 1000, 0), ==, 1);
  g_assert_null (paystar_sandbox_store_get_session (store, "s4"));
  g_assert_nonnull (paystar_sandbox_store_get_session (store, "s3"));

  /* A reset empties the queue too: a session stored afterwards is the only one due. */
  g_assert_true (paystar_sandbox_store_reset (store, NULL));
  g_assert_true (paystar_sandbox_store_insert_session (store, store_session ("later", 500), NULL));
  g_assert_cmpuint (paystar_sandbox_store_evict_expired (store, 1000, 0), ==, 1);
  g_assert_cmpuint (paystar_sandbox_store_get_n_sessions (store), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/cards/normalize", test_cards_normalize);
  g_test_add_func ("/sandbox/cards/outcome-and-brand", test_cards_outcome_and_brand);
  g_test_add_func ("/sandbox/cards/expiry-and-cvc", test_cards_expiry_cvc);
  g_test_add_func ("/sandbox/cards/scrub", test_cards_scrub);
  g_test_add_func ("/sandbox/ids/random", test_ids_random);
  g_test_add_func ("/sandbox/ids/seeded", test_ids_seeded);
  g_test_add_func ("/sandbox/fixtures/builtin", test_fixtures_builtin);
  g_test_add_func ("/sandbox/fixtures/example-file", test_fixtures_example_file);
  g_test_add_func ("/sandbox/fixtures/errors", test_fixtures_errors);
  g_test_add_func ("/sandbox/render/script-json", test_script_json);
  g_test_add_func ("/sandbox/server/in-process", test_server_in_process);
  g_test_add_func ("/sandbox/store/expiry-queue", test_store_expiry_queue);
  g_test_add_func ("/sandbox/error-domain-name", test_error_domain_name);

  return g_test_run ();
}
