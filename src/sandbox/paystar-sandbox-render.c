/* paystar-sandbox-render.c: the JSON shapes the sandbox answers with: the Query API's session,
 * the SDK's session object, the hosted page's session, account and customer records.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Choices where the documents are silent:
 * - The sandbox charges no service fee: serviceFeeCalculation.amount and serviceFeeAmountMinor
 *   are always 0.
 * - In the Query API shape "subtotal" is in major units like the SDK's (the shape marks its
 *   minor-unit members with "Minor"); "subtotalMinor" is added for exact comparisons.
 * - lineItemType is the charge's ChargeType, or null.
 */
#include "config.h"

#include "paystar-sandbox-render.h"

#include <string.h>

#include "paystar-json.h"

char *
paystar_sandbox_render_time (gint64 unix_us)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (unix_us / G_USEC_PER_SEC);
  g_autofree char *seconds = NULL;

  if (time == NULL)
    return g_strdup ("1970-01-01T00:00:00.000Z");
  seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", seconds, (int) ((unix_us % G_USEC_PER_SEC) / 1000));
}

gboolean
paystar_sandbox_session_can_process (const PaystarSandboxSession *session, gint64 now)
{
  return (session->status == PAYSTAR_SANDBOX_STATUS_REQUIRES_PAYMENT_SOURCE ||
          session->status == PAYSTAR_SANDBOX_STATUS_FAILED) &&
         !paystar_sandbox_session_is_expired (session, now);
}

static double
major_units (gint64 cents)
{
  return (double) cents / 100.0;
}

static const char *
session_channel (const PaystarSandboxSession *session)
{
  return session->request->channel != NULL ? session->request->channel : "QuickPay";
}

static JsonObject *
pairs_object (GPtrArray *pairs)
{
  JsonObject *object = json_object_new ();

  for (guint i = 0; pairs != NULL && i < pairs->len; i++) {
    const PaystarPair *pair = g_ptr_array_index (pairs, i);

    json_object_set_string_member (object, pair->key, pair->value);
  }
  return object;
}

static void
set_custom_meta (JsonObject *object, const PaystarSandboxSession *session)
{
  if (session->request->custom_meta != NULL)
    json_object_set_object_member (object, "customMeta",
                                   pairs_object (session->request->custom_meta));
  else
    json_object_set_null_member (object, "customMeta");
}

static JsonNode *
node_take_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static char *
masked_number (const PaystarSandboxPayment *payment)
{
  return g_strconcat ("****", payment->last4 != NULL ? payment->last4 : "", NULL);
}

JsonNode *
paystar_sandbox_render_query (const PaystarSandboxSession *session,
                              const PaystarSandboxUnit *unit,
                              gint64 now)
{
  const PaystarRequest *request;
  const PaystarSandboxPayment *payment;
  JsonObject *data, *object, *fee, *fields;
  JsonArray *items;
  g_autofree char *created = NULL;
  g_autofree char *expires = NULL;
  gint64 total;

  g_return_val_if_fail (session != NULL, NULL);

  request = session->request;
  payment = session->payment;
  total = paystar_request_total (request);
  created = paystar_sandbox_render_time (session->created);
  expires = paystar_sandbox_render_time (session->expires);
  data = json_object_new ();

  object = json_object_new ();
  json_object_set_string_member (object, "identifier", session->identifier);
  json_object_set_string_member (object, "createdDateUtc", created);
  json_object_set_string_member (object, "businessUnitSlug", session->slug);
  json_object_set_string_member (object, "channel", session_channel (session));
  json_object_set_string_member (object, "status",
                                 paystar_sandbox_status_to_string (session->status));
  json_object_set_double_member (object, "subtotal", major_units (total));
  json_object_set_int_member (object, "subtotalMinor", total);
  fee = json_object_new ();
  json_object_set_double_member (fee, "amount", 0.0);
  json_object_set_object_member (object, "serviceFeeCalculation", fee);
  json_object_set_object_member (data, "paymentSession", object);

  if (payment != NULL) {
    g_autofree char *date = paystar_sandbox_render_time (payment->date);

    object = json_object_new ();
    json_object_set_string_member (object, "status",
                                   paystar_sandbox_status_to_string (payment->status));
    json_object_set_string_member (object, "paymentDate", date);
    json_object_set_int_member (object, "amountMinor", payment->amount_minor);
    json_object_set_int_member (object, "serviceFeeAmountMinor", 0);
    paystar_json_set_string_or_null (object, "paymentDescriptor", request->payment_descriptor);
    paystar_json_set_string_or_null (object, "referenceNumber", payment->reference_number);
    paystar_json_set_string_or_null (object, "authCode", payment->auth_code);
    paystar_json_set_string_or_null (object, "gatewayResponseDescription",
                                     payment->gateway_response_description);
    json_object_set_object_member (data, "payment", object);

    object = json_object_new ();
    paystar_json_set_string_or_null (object, "paymentSourceType", payment->payment_source_type);
    paystar_json_set_string_or_null (object, "accountHolderName", payment->account_holder_name);
    paystar_json_set_string_or_null (object, "accountType", payment->account_type);
    paystar_json_set_string_or_null (object, "accountNumberLast4", payment->last4);
    json_object_set_object_member (data, "paymentSource", object);
  } else {
    json_object_set_null_member (data, "payment");
    json_object_set_null_member (data, "paymentSource");
  }

  items = json_array_new ();
  for (guint i = 0; i < request->charges->len; i++) {
    const PaystarCharge *charge = g_ptr_array_index (request->charges, i);
    const PaystarClientAccount *account = charge->client_account;

    object = json_object_new ();
    paystar_json_set_string_or_null (object, "lineItemType", charge->charge_type);
    paystar_json_set_string_or_null (object, "description", charge->description);
    json_object_set_int_member (object, "priceMinor", charge->amount);
    paystar_json_set_string_or_null (object, "accountNumber",
                                     account != NULL ? account->account_number : NULL);
    paystar_json_set_string_or_null (object, "subAccountNumber",
                                     account != NULL ? account->sub_account_number : NULL);
    json_array_add_object_element (items, object);
  }
  json_object_set_array_member (data, "lineItems", items);
  json_object_set_boolean_member (data, "canProcessSession",
                                  paystar_sandbox_session_can_process (session, now));

  set_custom_meta (data, session);
  paystar_json_set_string_or_null (data, "posUser", request->pos_user);
  paystar_json_set_string_or_null (data, "clientReference", request->client_reference);
  fields = json_object_new ();
  if (unit != NULL) {
    for (guint i = 0; unit->payment_fields[i] != NULL; i++) {
      const char *value = paystar_sandbox_session_get_field (session, unit->payment_fields[i]);

      paystar_json_set_string_or_null (fields, unit->payment_fields[i], value);
    }
  }
  json_object_set_object_member (data, "paymentFields", fields);
  json_object_set_string_member (data, "expiresDateUtc", expires);
  json_object_set_boolean_member (data, "expired",
                                  paystar_sandbox_session_is_expired (session, now));
  return node_take_object (data);
}

JsonNode *
paystar_sandbox_render_sdk_session (const PaystarSandboxSession *session)
{
  const PaystarRequest *request;
  JsonObject *object, *fee;
  JsonArray *items;

  g_return_val_if_fail (session != NULL, NULL);

  request = session->request;
  object = json_object_new ();
  json_object_set_string_member (object, "sessionIdentifier", session->identifier);
  json_object_set_string_member (object, "status",
                                 paystar_sandbox_status_to_string (session->status));
  json_object_set_double_member (object, "subtotal", major_units (paystar_request_total (request)));
  json_object_set_string_member (object, "channel", session_channel (session));

  items = json_array_new ();
  for (guint i = 0; i < request->charges->len; i++) {
    const PaystarCharge *charge = g_ptr_array_index (request->charges, i);
    JsonObject *item = json_object_new ();

    paystar_json_set_string_or_null (item, "description", charge->description);
    json_object_set_double_member (item, "price", major_units (charge->amount));
    json_array_add_object_element (items, item);
  }
  json_object_set_array_member (object, "lineItems", items);

  if (session->payment != NULL) {
    JsonObject *source = json_object_new ();
    g_autofree char *masked = masked_number (session->payment);

    paystar_json_set_string_or_null (source, "paymentSourceType",
                                     session->payment->payment_source_type);
    json_object_set_string_member (source, "accountNumberMasked", masked);
    json_object_set_null_member (source, "nickname");
    json_object_set_object_member (object, "paymentSource", source);
  } else {
    json_object_set_null_member (object, "paymentSource");
  }

  fee = json_object_new ();
  json_object_set_double_member (fee, "amount", 0.0);
  json_object_set_object_member (object, "serviceFeeCalculation", fee);
  set_custom_meta (object, session);
  return node_take_object (object);
}

JsonNode *
paystar_sandbox_render_page_session (const PaystarSandboxSession *session,
                                     const PaystarSandboxUnit *unit)
{
  const PaystarRequest *request;
  JsonObject *object;
  JsonArray *items, *fields;

  g_return_val_if_fail (session != NULL, NULL);

  request = session->request;
  object = json_object_new ();
  json_object_set_string_member (object, "identifier", session->identifier);
  json_object_set_string_member (object, "businessUnitSlug", session->slug);
  json_object_set_string_member (object, "businessUnitName",
                                 unit != NULL ? unit->name : session->slug);
  json_object_set_string_member (object, "channel", session_channel (session));
  paystar_json_set_string_or_null (object, "posUser", request->pos_user);
  json_object_set_string_member (object, "status",
                                 paystar_sandbox_status_to_string (session->status));
  json_object_set_int_member (object, "subtotalMinor", paystar_request_total (request));
  paystar_json_set_string_or_null (object, "paymentDescriptor", request->payment_descriptor);

  items = json_array_new ();
  for (guint i = 0; i < request->charges->len; i++) {
    const PaystarCharge *charge = g_ptr_array_index (request->charges, i);
    const PaystarClientAccount *account = charge->client_account;
    JsonObject *item = json_object_new ();

    paystar_json_set_string_or_null (item, "description", charge->description);
    json_object_set_int_member (item, "priceMinor", charge->amount);
    paystar_json_set_string_or_null (item, "chargeType", charge->charge_type);
    if (account != NULL) {
      JsonObject *a = json_object_new ();

      paystar_json_set_string_or_null (a, "accountNumber", account->account_number);
      paystar_json_set_string_or_null (a, "subAccountNumber", account->sub_account_number);
      paystar_json_set_string_or_null (a, "name", account->name);
      if (account->has_balance)
        json_object_set_int_member (a, "balanceMinor", account->balance);
      else
        json_object_set_null_member (a, "balanceMinor");
      paystar_json_set_string_or_null (a, "dueDate", account->due_date);
      json_object_set_object_member (item, "account", a);
    } else {
      json_object_set_null_member (item, "account");
    }
    json_array_add_object_element (items, item);
  }
  json_object_set_array_member (object, "lineItems", items);

  /* The configured fields in the fixtures' order; a value the request did not supply is null
   * until the page has collected it. */
  fields = json_array_new ();
  if (unit != NULL) {
    for (guint i = 0; unit->payment_fields[i] != NULL; i++) {
      JsonObject *field = json_object_new ();

      json_object_set_string_member (field, "key", unit->payment_fields[i]);
      paystar_json_set_string_or_null (
        field, "value", paystar_sandbox_session_get_field (session, unit->payment_fields[i]));
      json_array_add_object_element (fields, field);
    }
  }
  json_object_set_array_member (object, "paymentFields", fields);
  paystar_json_set_string_or_null (object, "successUrl", request->success_url);
  paystar_json_set_string_or_null (object, "returnUrl", request->return_url);

  if (session->payment != NULL && (session->status == PAYSTAR_SANDBOX_STATUS_SUCCEEDED ||
                                   session->status == PAYSTAR_SANDBOX_STATUS_PENDING)) {
    JsonObject *p = json_object_new ();
    g_autofree char *masked = masked_number (session->payment);
    g_autofree char *date = paystar_sandbox_render_time (session->payment->date);

    paystar_json_set_string_or_null (p, "referenceNumber", session->payment->reference_number);
    json_object_set_string_member (p, "accountNumberMasked", masked);
    json_object_set_int_member (p, "amountMinor", session->payment->amount_minor);
    json_object_set_string_member (p, "status",
                                   paystar_sandbox_status_to_string (session->payment->status));
    json_object_set_string_member (p, "paymentDate", date);
    json_object_set_object_member (object, "payment", p);
  } else {
    json_object_set_null_member (object, "payment");
  }
  paystar_json_set_string_or_null (
    object, "lastDecline",
    session->status == PAYSTAR_SANDBOX_STATUS_FAILED ? session->last_decline : NULL);
  json_object_set_member (object, "sdkSession", paystar_sandbox_render_sdk_session (session));
  return node_take_object (object);
}

JsonNode *
paystar_sandbox_render_account (const PaystarSandboxAccount *account)
{
  JsonObject *object;
  JsonArray *customers;

  g_return_val_if_fail (account != NULL, NULL);

  object = paystar_sandbox_client_account_to_json (account->account);
  customers = json_array_new ();
  for (guint i = 0; i < account->customers->len; i++)
    json_array_add_string_element (customers, g_ptr_array_index (account->customers, i));
  json_object_set_array_member (object, "Customers", customers);
  return node_take_object (object);
}

JsonNode *
paystar_sandbox_render_customer (const PaystarSandboxCustomer *customer)
{
  JsonObject *object;
  JsonArray *accounts;

  g_return_val_if_fail (customer != NULL, NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "EmailAddress", customer->email_address);
  paystar_json_set_string_or_null (object, "FirstName", customer->first_name);
  paystar_json_set_string_or_null (object, "LastName", customer->last_name);
  accounts = json_array_new ();
  for (guint i = 0; i < customer->accounts->len; i++) {
    const PaystarSandboxAccountKey *key = g_ptr_array_index (customer->accounts, i);
    JsonObject *element = json_object_new ();

    json_object_set_string_member (element, "AccountNumber", key->account_number);
    paystar_json_set_string_or_null (element, "SubAccountNumber", key->sub_account_number);
    json_array_add_object_element (accounts, element);
  }
  json_object_set_array_member (object, "Accounts", accounts);
  return node_take_object (object);
}

char *
paystar_sandbox_render_script_json (JsonNode *node)
{
  g_autofree char *text = NULL;
  GString *out;

  g_return_val_if_fail (node != NULL, NULL);

  text = paystar_json_to_string (node, NULL);
  out = g_string_sized_new (strlen (text) + 64);
  /* These characters can only occur inside JSON strings, where a \u escape means the same. */
  for (const char *p = text; *p != '\0'; p++) {
    if (*p == '<') {
      g_string_append (out, "\\u003c");
    } else if (*p == '>') {
      g_string_append (out, "\\u003e");
    } else if (*p == '&') {
      g_string_append (out, "\\u0026");
    } else if ((guchar) p[0] == 0xe2 && (guchar) p[1] == 0x80 &&
               ((guchar) p[2] == 0xa8 || (guchar) p[2] == 0xa9)) {
      g_string_append (out, (guchar) p[2] == 0xa8 ? "\\u2028" : "\\u2029");
      p += 2;
    } else {
      g_string_append_c (out, *p);
    }
  }
  return g_string_free (out, FALSE);
}
