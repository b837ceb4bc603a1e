/* paystar-sandbox-server-api.c: POST /integrations/embedded/initiate, the /_sandbox/ inspection
 * and control routes, and the Query API's answers at /_sandbox/query/.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Choices where the documents are silent (also in the README, "Integrators: the sandbox gateway"):
 * - Content-Type must be application/json (a charset, if any, utf-8), else 415 with the envelope:
 *   an ASP.NET API binding [FromBody] JSON answers 415 too, and it keeps HTML forms from other
 *   sites out.
 * - Malformed JSON or a body that is not an object: 400 with the envelope, one error with
 *   propertyName "" saying what is wrong. Failed rules: 200 with hasErrors, as the docs show.
 * - Past the live-session limit, expired unpaid sessions are dropped first; if none can be, 503.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "paystar-json.h"
#include "paystar-sandbox-render.h"
#include "paystar-sandbox-server-private.h"

#define COMPLETE_MAX_DEPTH 4
/* How many expired sessions one initiate at the live-session limit drops. */
#define EVICT_BATCH 64

typedef struct {
  PaystarSandboxServer *self;
  const char *slug;
} ReferenceCheck;

static gboolean
client_reference_taken (const char *reference, gpointer user_data)
{
  ReferenceCheck *check = user_data;

  return paystar_sandbox_store_reference_taken (check->self->store, check->slug, reference);
}

static JsonNode *
initiate_data (PaystarSandboxServer *self, const PaystarSandboxSession *session)
{
  g_autofree char *link = paystar_sandbox_server_session_link (self, session);
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "PaymentSessionIdentifier", session->identifier);
  json_object_set_string_member (object, "PaymentLogInLink", link);
  json_object_set_string_member (object, "Status",
                                 paystar_sandbox_status_to_string (session->status));
  json_node_take_object (node, object);
  return node;
}

static char *
new_identifier (PaystarSandboxServer *self)
{
  for (;;) {
    char *identifier = paystar_sandbox_ids_session_identifier (self->ids);

    /* Only a seeded generator replayed over a kept data directory can repeat itself. */
    if (paystar_sandbox_store_get_session (self->store, identifier) == NULL)
      return identifier;
    g_free (identifier);
  }
}

void
paystar_sandbox_server_handle_initiate (PaystarSandboxServer *self,
                                        SoupServerMessage *msg,
                                        RequestState *state)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (PaystarRequest) request = NULL;
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  g_autoptr (JsonNode) data = NULL;
  g_autofree char *identifier = NULL;
  PaystarBusinessUnitProfile profile = { 0 };
  ReferenceCheck check = { self, NULL };
  const PaystarSandboxUnit *unit;
  PaystarSandboxSession *session;
  gint64 now;

  if (!sandbox_request_is_json (msg)) {
    sandbox_respond_envelope_message (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "",
                                      _ ("Send the request as JSON, with the header Content-Type: "
                                         "application/json."));
    return;
  }

  /* A server binding the documented model reports an integer beyond 64 bits at its field, like
   * any amount out of range, not as a malformed body. */
  root = paystar_json_parse_full (state->body != NULL ? (const char *) state->body->data : "",
                                  state->body != NULL ? (gssize) state->body->len : 0,
                                  INITIATE_MAX_BYTES, PAYSTAR_JSON_DEFAULT_MAX_DEPTH,
                                  PAYSTAR_JSON_WIDE_INTEGERS, &error);
  if (root == NULL) {
    g_autofree char *message =
      g_strdup_printf (_ ("The request body is not valid JSON: %s"), error->message);

    sandbox_respond_envelope_message (msg, SOUP_STATUS_BAD_REQUEST, "", message);
    return;
  }
  if (!JSON_NODE_HOLDS_OBJECT (root)) {
    sandbox_respond_envelope_message (msg, SOUP_STATUS_BAD_REQUEST, "",
                                      _ ("The request body must be a JSON object."));
    return;
  }

  request = paystar_request_from_json_node (root, errors);
  unit = paystar_sandbox_server_lookup_unit (self, request->business_unit_slug);
  if (unit != NULL) {
    paystar_sandbox_unit_fill_profile (unit, &profile);
    check.slug = unit->slug;
    profile.client_reference_taken = client_reference_taken;
    profile.user_data = &check;
  }
  paystar_request_validate_with_profile (request, unit != NULL ? &profile : NULL, errors);
  if (errors->len > 0) {
    /* Nothing was stored: a rejected request changes nothing. */
    sandbox_respond_envelope (msg, SOUP_STATUS_OK, errors, NULL);
    return;
  }

  now = paystar_sandbox_server_now (self);
  /* At the limit, room is made a few expired sessions at a time, which keeps every answer quick
   * under load (evicting all of them at once, tens of thousands in a load test, stalled one
   * request for tens of milliseconds), and keeps the others answering as expired until their room is needed. */
  if (paystar_sandbox_store_get_n_sessions (self->store) >= self->max_sessions)
    paystar_sandbox_store_evict_expired (self->store, now, EVICT_BATCH);
  if (paystar_sandbox_store_get_n_sessions (self->store) >= self->max_sessions) {
    g_autofree char *message =
      g_strdup_printf (_ ("The sandbox already holds %u live sessions. Wait for some to expire or "
                          "POST /_sandbox/reset."),
                       self->max_sessions);

    sandbox_respond_envelope_message (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "", message);
    return;
  }

  identifier = new_identifier (self);
  session = paystar_sandbox_session_new (identifier, unit->slug, request, now,
                                         now + (gint64) self->session_ttl_seconds * G_USEC_PER_SEC);
  data = initiate_data (self, session);
  if (!paystar_sandbox_store_insert_session (self->store, session, &error)) {
    sandbox_respond_envelope_message (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "", error->message);
    return;
  }
  sandbox_respond_envelope (msg, SOUP_STATUS_OK, NULL, data);
  paystar_sandbox_server_emit_session_changed (self, identifier);
}

/* Inspection */

static void
respond_session (PaystarSandboxServer *self,
                 SoupServerMessage *msg,
                 const PaystarSandboxSession *session)
{
  g_autoptr (JsonNode) data = NULL;

  data =
    paystar_sandbox_render_query (session, paystar_sandbox_server_lookup_unit (self, session->slug),
                                  paystar_sandbox_server_now (self));
  sandbox_respond_envelope (msg, SOUP_STATUS_OK, NULL, data);
}

/* The Query API's documented answer (API-NOTES.md, "Query API"; customMeta per the "Payment
 * Sessions" page) and nothing else, so that a client tested here cannot come to depend on the
 * sandbox's own members. */
static void
respond_query_session (PaystarSandboxServer *self,
                       SoupServerMessage *msg,
                       const PaystarSandboxSession *session)
{
  static const char *const sandbox_members[] = {
    "posUser", "clientReference", "paymentFields", "expiresDateUtc", "expired",
  };
  g_autoptr (JsonNode) data = NULL;
  JsonObject *object;
  JsonNode *payment_session;

  data =
    paystar_sandbox_render_query (session, paystar_sandbox_server_lookup_unit (self, session->slug),
                                  paystar_sandbox_server_now (self));
  object = json_node_get_object (data);
  for (gsize i = 0; i < G_N_ELEMENTS (sandbox_members); i++)
    json_object_remove_member (object, sandbox_members[i]);
  payment_session = json_object_get_member (object, "paymentSession");
  if (payment_session != NULL && JSON_NODE_HOLDS_OBJECT (payment_session))
    json_object_remove_member (json_node_get_object (payment_session), "subtotalMinor");
  sandbox_respond_envelope (msg, SOUP_STATUS_OK, NULL, data);
}

/* The one session of the business units (all, or ?businessUnitSlug=SLUG) with the client
 * reference ?clientReference=REF; NULL, once @msg is answered, when there is none or several.
 * @not_found_property and @not_found_message: what a 404 names. */
static PaystarSandboxSession *
find_by_reference (PaystarSandboxServer *self,
                   SoupServerMessage *msg,
                   GHashTable *query,
                   const char *not_found_property,
                   const char *not_found_message)
{
  const char *reference = query != NULL ? g_hash_table_lookup (query, "clientReference") : NULL;
  const char *slug = query != NULL ? g_hash_table_lookup (query, "businessUnitSlug") : NULL;
  PaystarSandboxSession *found = NULL;
  guint n_found = 0;

  if (reference == NULL || reference[0] == '\0') {
    sandbox_respond_envelope_message (msg, SOUP_STATUS_BAD_REQUEST, "clientReference",
                                      _ ("Add ?clientReference=REFERENCE to the address."));
    return NULL;
  }
  for (guint i = 0; i < self->fixtures->units->len; i++) {
    const PaystarSandboxUnit *unit = g_ptr_array_index (self->fixtures->units, i);
    PaystarSandboxSession *session;

    if (slug != NULL && !g_str_equal (slug, unit->slug))
      continue;
    session = paystar_sandbox_store_find_by_reference (self->store, unit->slug, reference);
    if (session != NULL) {
      found = session;
      n_found++;
    }
  }
  if (n_found == 0)
    sandbox_respond_envelope_message (msg, SOUP_STATUS_NOT_FOUND, not_found_property,
                                      not_found_message);
  else if (n_found > 1)
    sandbox_respond_envelope_message (msg, SOUP_STATUS_BAD_REQUEST, "businessUnitSlug",
                                      _ ("Several business units use this client reference; add "
                                         "&businessUnitSlug=SLUG."));
  return n_found == 1 ? found : NULL;
}

/* GET /_sandbox/query/sessions?clientReference=REF[&businessUnitSlug=SLUG]. Not found is 404
 * with the envelope and one error without a property name, data null (our choice: Paystar's
 * own status for it is not published). */
static void
handle_query_by_reference (PaystarSandboxServer *self, SoupServerMessage *msg, GHashTable *query)
{
  PaystarSandboxSession *session =
    find_by_reference (self, msg, query, "", _ ("No payment session has this client reference."));

  if (session != NULL)
    respond_query_session (self, msg, session);
}

/* GET /_sandbox/sessions?clientReference=REF[&businessUnitSlug=SLUG]: the sandbox's own view. */
static void
handle_sessions_query (PaystarSandboxServer *self, SoupServerMessage *msg, GHashTable *query)
{
  PaystarSandboxSession *session = find_by_reference (self, msg, query, "clientReference",
                                                      _ ("No session has this client reference."));

  if (session != NULL)
    respond_session (self, msg, session);
}

static const char *
first_account_name (const PaystarSandboxSession *session)
{
  for (guint i = 0; i < session->request->charges->len; i++) {
    const PaystarCharge *charge = g_ptr_array_index (session->request->charges, i);

    if (charge->client_account != NULL && charge->client_account->name != NULL)
      return charge->client_account->name;
  }
  return NULL;
}

/* Reads {"outcome": "succeeded" | "failed" | "pending"}; answers 4xx itself and returns FALSE. */
static gboolean
read_outcome (SoupServerMessage *msg, RequestState *state, PaystarSandboxStatus *out)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GList) members = NULL;
  JsonObject *object;
  const char *outcome = NULL;

  if (!sandbox_request_is_json (msg)) {
    sandbox_respond_envelope_message (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "",
                                      _ ("Send the request as JSON, with the header Content-Type: "
                                         "application/json."));
    return FALSE;
  }
  root = paystar_json_parse_strict (state->body != NULL ? (const char *) state->body->data : "",
                                    state->body != NULL ? (gssize) state->body->len : 0,
                                    SMALL_MAX_BYTES, COMPLETE_MAX_DEPTH, &error);
  if (root == NULL) {
    g_autofree char *message =
      g_strdup_printf (_ ("The request body is not valid JSON: %s"), error->message);

    sandbox_respond_envelope_message (msg, SOUP_STATUS_BAD_REQUEST, "", message);
    return FALSE;
  }
  if (!JSON_NODE_HOLDS_OBJECT (root)) {
    sandbox_respond_envelope_message (msg, SOUP_STATUS_BAD_REQUEST, "",
                                      _ ("The request body must be a JSON object."));
    return FALSE;
  }
  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next) {
    if (!g_str_equal (l->data, "outcome")) {
      sandbox_respond_envelope_message (msg, SOUP_STATUS_BAD_REQUEST, l->data,
                                        _ ("is not a known field"));
      return FALSE;
    }
  }
  paystar_json_get_string (object, "outcome", &outcome);
  if (g_strcmp0 (outcome, "succeeded") == 0) {
    *out = PAYSTAR_SANDBOX_STATUS_SUCCEEDED;
  } else if (g_strcmp0 (outcome, "failed") == 0) {
    *out = PAYSTAR_SANDBOX_STATUS_FAILED;
  } else if (g_strcmp0 (outcome, "pending") == 0) {
    *out = PAYSTAR_SANDBOX_STATUS_PENDING;
  } else {
    sandbox_respond_envelope_message (msg, SOUP_STATUS_BAD_REQUEST, "outcome",
                                      _ ("Use \"succeeded\", \"failed\" or \"pending\"."));
    return FALSE;
  }
  return TRUE;
}

/* Finishes a session as if a browser had paid with the 4242 test card (or had it declined). */
static void
handle_complete (PaystarSandboxServer *self, SoupServerMessage *msg, RequestState *state)
{
  g_autoptr (GError) error = NULL;
  PaystarSandboxSession *current;
  PaystarSandboxSession *updated;
  PaystarSandboxPayment *payment;
  PaystarSandboxStatus outcome;
  gint64 now = paystar_sandbox_server_now (self);

  current = paystar_sandbox_store_get_session (self->store, state->match.arg1);
  if (current == NULL) {
    sandbox_respond_envelope_message (msg, SOUP_STATUS_NOT_FOUND, "",
                                      _ ("There is no session with this identifier."));
    return;
  }
  if (current->status == PAYSTAR_SANDBOX_STATUS_SUCCEEDED) {
    sandbox_respond_envelope_message (msg, SOUP_STATUS_CONFLICT, "",
                                      _ ("This session was already paid."));
    return;
  }
  if (paystar_sandbox_session_is_expired (current, now)) {
    sandbox_respond_envelope_message (msg, SOUP_STATUS_GONE, "", _ ("This session has expired."));
    return;
  }
  if (!read_outcome (msg, state, &outcome))
    return;

  updated = paystar_sandbox_session_copy (current);
  payment = paystar_sandbox_payment_new ();
  payment->status = outcome;
  payment->date = now;
  payment->amount_minor = paystar_request_total (updated->request);
  payment->payment_source_type = g_strdup ("CreditCard");
  payment->account_holder_name = g_strdup (first_account_name (updated));
  payment->account_type = g_strdup ("Visa");
  payment->last4 = g_strdup ("4242");
  if (outcome == PAYSTAR_SANDBOX_STATUS_FAILED) {
    payment->gateway_response_description = g_strdup (_ ("Declined"));
    g_free (updated->last_decline);
    updated->last_decline = g_strdup (_ ("The card was declined. Try another card."));
  } else {
    /* A pending payment that settles keeps its reference number. */
    if (updated->payment != NULL && updated->payment->status == PAYSTAR_SANDBOX_STATUS_PENDING)
      payment->reference_number = g_strdup (updated->payment->reference_number);
    else
      payment->reference_number = paystar_sandbox_ids_reference_number (self->ids);
    if (outcome == PAYSTAR_SANDBOX_STATUS_SUCCEEDED) {
      payment->auth_code = paystar_sandbox_ids_auth_code (self->ids);
      payment->gateway_response_description = g_strdup (_ ("Approved"));
    } else {
      payment->gateway_response_description = g_strdup (_ ("Pending"));
    }
    g_clear_pointer (&updated->last_decline, g_free);
  }
  g_clear_pointer (&updated->payment, paystar_sandbox_payment_free);
  updated->payment = payment;
  updated->status = outcome;

  if (!paystar_sandbox_store_replace_session (self->store, updated, &error)) {
    sandbox_respond_envelope_message (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "", error->message);
    return;
  }
  current = paystar_sandbox_store_get_session (self->store, state->match.arg1);
  respond_session (self, msg, current);
  paystar_sandbox_server_emit_session_changed (self, current->identifier);
}

static void
handle_reset (PaystarSandboxServer *self, SoupServerMessage *msg)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) data = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();

  if (!paystar_sandbox_store_reset (self->store, &error)) {
    sandbox_respond_envelope_message (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "", error->message);
    return;
  }
  paystar_sandbox_log_clear (self->log);
  json_object_set_boolean_member (object, "reset", TRUE);
  json_node_take_object (data, object);
  sandbox_respond_envelope (msg, SOUP_STATUS_OK, NULL, data);
}

void
paystar_sandbox_server_handle_inspect (PaystarSandboxServer *self,
                                       SoupServerMessage *msg,
                                       GHashTable *query,
                                       RequestState *state)
{
  const RouteMatch *match = &state->match;

  switch (match->route) {
    case ROUTE_HEALTH: {
      g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "status", "ok");
      json_node_take_object (node, object);
      sandbox_respond_json (msg, SOUP_STATUS_OK, node);
      break;
    }
    case ROUTE_SESSIONS:
      handle_sessions_query (self, msg, query);
      break;
    case ROUTE_SESSION: {
      PaystarSandboxSession *session = paystar_sandbox_store_get_session (self->store, match->arg1);

      if (session == NULL)
        sandbox_respond_envelope_message (msg, SOUP_STATUS_NOT_FOUND, "",
                                          _ ("There is no session with this identifier."));
      else
        respond_session (self, msg, session);
      break;
    }
    case ROUTE_COMPLETE:
      handle_complete (self, msg, state);
      break;
    case ROUTE_ACCOUNT: {
      const char *sub = query != NULL ? g_hash_table_lookup (query, "subAccountNumber") : NULL;
      const PaystarSandboxAccount *account =
        paystar_sandbox_store_get_account (self->store, match->arg1, match->arg2, sub);

      if (account == NULL) {
        sandbox_respond_envelope_message (msg, SOUP_STATUS_NOT_FOUND, "",
                                          _ ("There is no account with this number."));
      } else {
        g_autoptr (JsonNode) data = paystar_sandbox_render_account (account);

        sandbox_respond_envelope (msg, SOUP_STATUS_OK, NULL, data);
      }
      break;
    }
    case ROUTE_CUSTOMER: {
      const PaystarSandboxCustomer *customer =
        paystar_sandbox_store_get_customer (self->store, match->arg1, match->arg2);

      if (customer == NULL) {
        sandbox_respond_envelope_message (msg, SOUP_STATUS_NOT_FOUND, "",
                                          _ ("There is no customer with this email address."));
      } else {
        g_autoptr (JsonNode) data = paystar_sandbox_render_customer (customer);

        sandbox_respond_envelope (msg, SOUP_STATUS_OK, NULL, data);
      }
      break;
    }
    case ROUTE_RESET:
      handle_reset (self, msg);
      break;
    case ROUTE_REQUESTS: {
      g_autoptr (JsonNode) data = paystar_sandbox_log_to_json (self->log);

      sandbox_respond_envelope (msg, SOUP_STATUS_OK, NULL, data);
      break;
    }
    case ROUTE_QUERY_SESSIONS:
      handle_query_by_reference (self, msg, query);
      break;
    case ROUTE_QUERY_SESSION: {
      PaystarSandboxSession *session = paystar_sandbox_store_get_session (self->store, match->arg1);

      if (session == NULL)
        sandbox_respond_envelope_message (msg, SOUP_STATUS_NOT_FOUND, "",
                                          _ ("No payment session has this identifier."));
      else
        respond_query_session (self, msg, session);
      break;
    }
    default:
      g_assert_not_reached ();
  }
}
