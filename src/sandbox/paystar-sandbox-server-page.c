/* paystar-sandbox-server-page.c: the hosted payment page, its pay endpoint, its assets and the SDK
 * loader (the server side of src/sandbox/WEB-CONTRACT.txt).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Choices where the documents are silent (also in the README, "Integrators: the sandbox gateway"):
 * - A session that succeeded or is pending never expires (its confirmation stays viewable); an
 *   unpaid one answers 410 on the page and on pay once its TTL has passed.
 * - Pay answers 409 for a succeeded and for a pending session: either already holds a payment.
 * - The pay endpoint takes only application/json and, when the request carries an Origin, only
 *   the sandbox's own: a form on another site cannot post to it.
 * - Any Luhn-valid number other than the declining test cards is approved. Numbers may be typed
 *   in groups separated by single spaces. The CVC has 3 digits, 4 for American Express. The ZIP
 *   code is a US one (12345 or 12345-6789). A payment field value has at most 255 characters.
 * - A payment field the request supplied cannot be overridden on the page: the request's value is
 *   used, whatever the pay body says.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "paystar-card.h"
#include "paystar-json.h"
#include "paystar-sandbox-cards.h"
#include "paystar-sandbox-render.h"
#include "paystar-sandbox-resources.h"
#include "paystar-sandbox-server-private.h"

#define PAY_MAX_DEPTH   4
#define NAME_MAX_CHARS  100
#define FIELD_VALUE_MAX 255
#define PLACEHOLDER     "{{SESSION_JSON}}"
#define RESOURCE_PREFIX "/io/paystar/Sandbox/web/"
#define PAGE_CSP                                                                    \
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " \
  "connect-src 'self'; form-action 'self'; base-uri 'none'"

static void
set_page_headers (SoupServerMessage *msg)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Security-Policy", PAGE_CSP);
  sandbox_respond_common_headers (msg);
}

static void
respond_resource (SoupServerMessage *msg, const char *name, const char *content_type)
{
  g_autofree char *path = g_strconcat (RESOURCE_PREFIX, name, NULL);
  g_autoptr (GBytes) bytes = g_resource_lookup_data (paystar_sandbox_get_resource (), path,
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  gsize size = 0;
  gconstpointer data;

  if (bytes == NULL) {
    sandbox_respond_html_message (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                  soup_status_get_phrase (SOUP_STATUS_INTERNAL_SERVER_ERROR),
                                  _ ("This build of the sandbox lacks its web assets."));
    return;
  }
  set_page_headers (msg);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  data = g_bytes_get_data (bytes, &size);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, data, size);
}

/* The session a page or pay URL names, or NULL after answering 404 or 410 in @style. */
static PaystarSandboxSession *
lookup_session (PaystarSandboxServer *self, SoupServerMessage *msg, RequestState *state)
{
  PaystarSandboxSession *session;
  ErrorStyle style = state->match.style;

  session = paystar_sandbox_store_get_session (self->store, state->match.arg2);
  if (session == NULL || !g_str_equal (session->slug, state->match.arg1)) {
    if (style == STYLE_HTML)
      sandbox_respond_html_message (msg, SOUP_STATUS_NOT_FOUND, _ ("Payment not found"),
                                    _ ("This payment link is not valid. Ask for a new one."));
    else
      sandbox_respond_pay_error (msg, SOUP_STATUS_NOT_FOUND,
                                 _ ("This payment session does not exist."), NULL);
    return NULL;
  }
  if (paystar_sandbox_session_is_expired (session, paystar_sandbox_server_now (self))) {
    if (style == STYLE_HTML)
      sandbox_respond_html_message (msg, SOUP_STATUS_GONE, _ ("Payment link expired"),
                                    _ ("This payment link has expired. Ask for a new one."));
    else
      sandbox_respond_pay_error (msg, SOUP_STATUS_GONE, _ ("This payment session has expired."),
                                 NULL);
    return NULL;
  }
  return session;
}

static void
handle_page (PaystarSandboxServer *self, SoupServerMessage *msg, RequestState *state)
{
  PaystarSandboxSession *session;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *json = NULL;
  const char *template, *at;
  gsize size = 0;
  GString *page;

  session = lookup_session (self, msg, state);
  if (session == NULL)
    return;

  template = self->page_template != NULL ? g_bytes_get_data (self->page_template, &size) : NULL;
  at = template != NULL ? g_strstr_len (template, (gssize) size, PLACEHOLDER) : NULL;
  if (at == NULL) {
    sandbox_respond_html_message (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                  soup_status_get_phrase (SOUP_STATUS_INTERNAL_SERVER_ERROR),
                                  _ ("This build of the sandbox lacks its payment page."));
    return;
  }

  node = paystar_sandbox_render_page_session (
    session, paystar_sandbox_server_lookup_unit (self, session->slug));
  json = paystar_sandbox_render_script_json (node);
  page = g_string_sized_new (size + strlen (json));
  g_string_append_len (page, template, at - template);
  g_string_append (page, json);
  g_string_append_len (page, at + strlen (PLACEHOLDER),
                       (gssize) (size - (gsize) (at - template) - strlen (PLACEHOLDER)));

  set_page_headers (msg);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  size = page->len;
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_string_free (page, FALSE), size);
}

/* Pay */

/* TRUE when @origin is absent or this server's own origin. */
static gboolean
origin_allowed (PaystarSandboxServer *self, SoupServerMessage *msg)
{
  const char *origin =
    soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Origin");

  if (origin == NULL)
    return TRUE;
  if (!g_str_has_prefix (origin, "http://"))
    return FALSE;
  return paystar_sandbox_server_host_allowed (self, origin + strlen ("http://"));
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p)) {
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  }
  return TRUE;
}

static gboolean
has_control_characters (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p)) {
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return TRUE;
  }
  return FALSE;
}

typedef struct {
  const char *card_number;
  const char *expiry;
  const char *cvc;
  const char *name;
  const char *zip;
  JsonObject *payment_fields; /* NULL when absent */
} PayBody;

/* Reads the members of @object into @body; answers 400 itself and returns FALSE on a member that
 * is unknown or not a string. */
static gboolean
read_pay_body (SoupServerMessage *msg, JsonObject *object, PayBody *body)
{
  g_autoptr (GList) members = json_object_get_members (object);

  memset (body, 0, sizeof *body);
  for (GList *l = members; l != NULL; l = l->next) {
    const char *key = l->data;
    JsonNode *node = json_object_get_member (object, key);
    const char **target = NULL;

    if (g_str_equal (key, "paymentFields")) {
      if (JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!JSON_NODE_HOLDS_OBJECT (node)) {
        sandbox_respond_pay_error (msg, SOUP_STATUS_BAD_REQUEST,
                                   _ ("paymentFields must be an object."), "paymentFields");
        return FALSE;
      }
      body->payment_fields = json_node_get_object (node);
      continue;
    }
    if (g_str_equal (key, "cardNumber"))
      target = &body->card_number;
    else if (g_str_equal (key, "expiry"))
      target = &body->expiry;
    else if (g_str_equal (key, "cvc"))
      target = &body->cvc;
    else if (g_str_equal (key, "name"))
      target = &body->name;
    else if (g_str_equal (key, "zip"))
      target = &body->zip;

    if (target == NULL) {
      g_autofree char *message = g_strdup_printf (_ ("“%s” is not a known field."), key);

      sandbox_respond_pay_error (msg, SOUP_STATUS_BAD_REQUEST, message, NULL);
      return FALSE;
    }
    if (JSON_NODE_HOLDS_NULL (node))
      continue;
    if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING) {
      sandbox_respond_pay_error (msg, SOUP_STATUS_BAD_REQUEST, _ ("This field must be text."), key);
      return FALSE;
    }
    *target = json_node_get_string (node);
  }
  return TRUE;
}

/* Checks the card form in the page's order; answers 400 for the first problem and returns FALSE.
 * On success *digits holds the card number's digits (the caller wipes and frees them). */
static gboolean
check_card (SoupServerMessage *msg, const PayBody *body, char **digits)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  if (body->card_number == NULL || body->card_number[0] == '\0') {
    sandbox_respond_pay_error (msg, SOUP_STATUS_BAD_REQUEST, _ ("Enter the card number."),
                               "cardNumber");
    return FALSE;
  }
  *digits = paystar_sandbox_card_normalize_number (body->card_number);
  if (*digits == NULL || !paystar_card_luhn_valid (*digits)) {
    sandbox_respond_pay_error (msg, SOUP_STATUS_BAD_REQUEST,
                               _ ("This card number is not valid. Check the digits."),
                               "cardNumber");
    return FALSE;
  }
  if (body->expiry == NULL || body->expiry[0] == '\0') {
    sandbox_respond_pay_error (msg, SOUP_STATUS_BAD_REQUEST, _ ("Enter the expiry date as MM/YY."),
                               "expiry");
    return FALSE;
  }
  if (!paystar_sandbox_card_expiry_valid (body->expiry, now)) {
    sandbox_respond_pay_error (msg, SOUP_STATUS_BAD_REQUEST,
                               _ ("The expiry date must be a month from now on, as MM/YY."),
                               "expiry");
    return FALSE;
  }
  if (!paystar_sandbox_card_cvc_valid (body->cvc, *digits)) {
    sandbox_respond_pay_error (
      msg, SOUP_STATUS_BAD_REQUEST,
      _ ("Enter the 3-digit security code (4 digits for American Express)."), "cvc");
    return FALSE;
  }
  if (body->name == NULL || is_blank (body->name) || has_control_characters (body->name) ||
      g_utf8_strlen (body->name, -1) > NAME_MAX_CHARS) {
    sandbox_respond_pay_error (msg, SOUP_STATUS_BAD_REQUEST,
                               _ ("Enter the name on the card (at most 100 characters)."), "name");
    return FALSE;
  }
  if (!paystar_is_valid_zip_code (body->zip)) {
    sandbox_respond_pay_error (msg, SOUP_STATUS_BAD_REQUEST,
                               _ ("Enter the billing ZIP code, such as 12345 or 12345-6789."),
                               "zip");
    return FALSE;
  }
  return TRUE;
}

/* Checks the payment fields against the business unit's configuration and collects the values
 * the request did not supply into @collected; answers 400 and returns FALSE on a problem. */
static gboolean
check_payment_fields (SoupServerMessage *msg,
                      const PaystarSandboxSession *session,
                      const PaystarSandboxUnit *unit,
                      JsonObject *fields,
                      GPtrArray *collected)
{
  const char *const *configured = unit != NULL ? (const char *const *) unit->payment_fields : NULL;

  if (fields != NULL) {
    g_autoptr (GList) members = json_object_get_members (fields);

    for (GList *l = members; l != NULL; l = l->next) {
      const char *key = l->data;
      g_autofree char *field = g_strconcat ("paymentFields.", key, NULL);
      JsonNode *node = json_object_get_member (fields, key);

      if (configured == NULL || !g_strv_contains (configured, key)) {
        sandbox_respond_pay_error (msg, SOUP_STATUS_BAD_REQUEST,
                                   _ ("This payment field is not configured."), field);
        return FALSE;
      }
      if (!JSON_NODE_HOLDS_NULL (node) &&
          (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)) {
        sandbox_respond_pay_error (msg, SOUP_STATUS_BAD_REQUEST, _ ("This field must be text."),
                                   field);
        return FALSE;
      }
    }
  }

  for (guint i = 0; configured != NULL && configured[i] != NULL; i++) {
    const char *key = configured[i];
    g_autofree char *field = g_strconcat ("paymentFields.", key, NULL);
    const char *value = NULL;

    if (session->request->payment_fields != NULL &&
        paystar_pairs_get (session->request->payment_fields, key) != NULL)
      continue;
    if (fields != NULL)
      paystar_json_get_string (fields, key, &value);
    if (value == NULL || is_blank (value)) {
      sandbox_respond_pay_error (msg, SOUP_STATUS_BAD_REQUEST, _ ("Fill in this field."), field);
      return FALSE;
    }
    if (has_control_characters (value) || g_utf8_strlen (value, -1) > FIELD_VALUE_MAX) {
      sandbox_respond_pay_error (msg, SOUP_STATUS_BAD_REQUEST,
                                 _ ("Use at most 255 characters, without control characters."),
                                 field);
      return FALSE;
    }
    paystar_pairs_set (collected, key, value);
  }
  return TRUE;
}

static void
wipe_and_free (char *secret)
{
  if (secret == NULL)
    return;
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

static void
handle_pay (PaystarSandboxServer *self, SoupServerMessage *msg, RequestState *state)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GPtrArray) collected = paystar_pairs_new ();
  g_autoptr (JsonNode) reply = NULL;
  PaystarSandboxSession *session;
  PaystarSandboxSession *updated;
  PaystarSandboxPayment *payment;
  PaystarSandboxCardOutcome outcome;
  const PaystarSandboxUnit *unit;
  const char *decline;
  char *digits = NULL;
  JsonObject *object;
  PayBody body;
  gsize n_digits;

  if (!origin_allowed (self, msg)) {
    sandbox_respond_pay_error (msg, SOUP_STATUS_FORBIDDEN,
                               _ ("Payments can only be sent from the sandbox's own page."), NULL);
    return;
  }
  session = lookup_session (self, msg, state);
  if (session == NULL)
    return;
  if (session->status == PAYSTAR_SANDBOX_STATUS_SUCCEEDED ||
      session->status == PAYSTAR_SANDBOX_STATUS_PENDING) {
    sandbox_respond_pay_error (msg, SOUP_STATUS_CONFLICT, _ ("This payment was already made."),
                               NULL);
    return;
  }
  if (!sandbox_request_is_json (msg)) {
    sandbox_respond_pay_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
                               _ ("Send the payment as JSON."), NULL);
    return;
  }
  root = paystar_json_parse_strict (state->body != NULL ? (const char *) state->body->data : "",
                                    state->body != NULL ? (gssize) state->body->len : 0,
                                    SMALL_MAX_BYTES, PAY_MAX_DEPTH, &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)) {
    sandbox_respond_pay_error (msg, SOUP_STATUS_BAD_REQUEST,
                               _ ("The payment could not be read. Reload the page and try again."),
                               NULL);
    return;
  }
  object = json_node_get_object (root);
  if (!read_pay_body (msg, object, &body))
    return;
  if (!check_card (msg, &body, &digits)) {
    wipe_and_free (digits);
    return;
  }
  unit = paystar_sandbox_server_lookup_unit (self, session->slug);
  if (!check_payment_fields (msg, session, unit, body.payment_fields, collected)) {
    wipe_and_free (digits);
    return;
  }

  outcome = paystar_sandbox_card_outcome (digits);
  decline = paystar_sandbox_card_decline_message (outcome);
  updated = paystar_sandbox_session_copy (session);
  payment = paystar_sandbox_payment_new ();
  payment->date = paystar_sandbox_server_now (self);
  payment->amount_minor = paystar_request_total (updated->request);
  payment->payment_source_type = g_strdup ("CreditCard");
  payment->account_holder_name = g_strdup (body.name);
  payment->account_type = g_strdup (paystar_sandbox_card_brand (digits));
  n_digits = strlen (digits);
  payment->last4 = g_strdup (digits + n_digits - 4);
  wipe_and_free (g_steal_pointer (&digits));

  if (decline == NULL) {
    payment->status = PAYSTAR_SANDBOX_STATUS_SUCCEEDED;
    payment->reference_number = paystar_sandbox_ids_reference_number (self->ids);
    payment->auth_code = paystar_sandbox_ids_auth_code (self->ids);
    payment->gateway_response_description = g_strdup (_ ("Approved"));
    g_clear_pointer (&updated->last_decline, g_free);
    for (guint i = 0; i < collected->len; i++) {
      const PaystarPair *pair = g_ptr_array_index (collected, i);

      paystar_pairs_set (updated->page_fields, pair->key, pair->value);
    }
  } else {
    payment->status = PAYSTAR_SANDBOX_STATUS_FAILED;
    payment->gateway_response_description = g_strdup (decline);
    g_free (updated->last_decline);
    updated->last_decline = g_strdup (decline);
  }
  updated->status = payment->status;
  g_clear_pointer (&updated->payment, paystar_sandbox_payment_free);
  updated->payment = payment;

  if (!paystar_sandbox_store_replace_session (self->store, updated, &error)) {
    sandbox_respond_pay_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message, NULL);
    return;
  }
  session = paystar_sandbox_store_get_session (self->store, state->match.arg2);

  object = json_object_new ();
  json_object_set_string_member (object, "status",
                                 paystar_sandbox_status_to_string (session->status));
  if (decline != NULL)
    json_object_set_string_member (object, "declineReason", decline);
  else
    json_object_set_null_member (object, "declineReason");
  json_object_set_member (object, "session", paystar_sandbox_render_page_session (session, unit));
  json_object_set_member (object, "event", paystar_sandbox_render_sdk_session (session));
  reply = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (reply, object);
  sandbox_respond_json (msg, SOUP_STATUS_OK, reply);
  paystar_sandbox_server_emit_session_changed (self, session->identifier);
}

void
paystar_sandbox_server_handle_web (PaystarSandboxServer *self,
                                   SoupServerMessage *msg,
                                   RequestState *state)
{
  switch (state->match.route) {
    case ROUTE_LOADER:
      respond_resource (msg, "loader.js", "application/javascript; charset=utf-8");
      break;
    case ROUTE_ASSET:
      if (g_str_equal (state->match.arg1, "page.js"))
        respond_resource (msg, "page.js", "application/javascript; charset=utf-8");
      else
        respond_resource (msg, "page.css", "text/css; charset=utf-8");
      break;
    case ROUTE_PAGE:
      handle_page (self, msg, state);
      break;
    case ROUTE_PAY:
      handle_pay (self, msg, state);
      break;
    default:
      g_assert_not_reached ();
  }
}
