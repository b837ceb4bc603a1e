/* paystar-session-info.c: what Paystar's Query API says about a payment session, typed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "paystar-card.h"
#include "paystar-error-private.h"
#include "paystar-json-read-private.h"
#include "paystar-json.h"
#include "paystar-money.h"
#include "paystar-session-info.h"

/* The Query API's answer (API-NOTES.md) is camelCase. Its money is in cents where the member
 * says "Minor" (amountMinor, serviceFeeAmountMinor, priceMinor); "subtotal" and
 * serviceFeeCalculation.amount carry no unit in their names and are read, like the SDK's
 * session object, as major units (the sandbox's choice, README "Integrators"), converted to
 * cents once with paystar_money_from_major().
 *
 * Choices made here, as in paystar-event.c:
 * - Only data.paymentSession and its identifier are required: without them the answer is about
 *   nothing. Every other member is optional and null counts as absent; a present member with
 *   another type is an error naming it.
 * - Amounts must be integers (for the Minor ones) within 0..PAYSTAR_AMOUNT_MAX.
 * - accountNumberLast4 keeps at most the last four digits of whatever arrives, so a full card
 *   number can never reach the journal or the screen through this struct. */

#define fail(error, ...) paystar_set_error ((error), PAYSTAR_ERROR_INVALID_RESPONSE, __VA_ARGS__)

/* Translators: in the messages below, %s names a member of Paystar's answer about a session,
 * like “data.payment.amountMinor”. */
#define MSG_NOT_TEXT \
  N_ ("Paystar's answer about the session has “%s” of the wrong type: it must be text.")
#define MSG_NOT_INTEGER \
  N_ ("Paystar's answer about the session has “%s” of the wrong type: it must be a whole number.")
#define MSG_NOT_NUMBER \
  N_ ("Paystar's answer about the session has “%s” of the wrong type: it must be a number.")
#define MSG_NOT_BOOLEAN \
  N_ ("Paystar's answer about the session has “%s” of the wrong type: it must be true or false.")
#define MSG_NOT_OBJECT \
  N_ ("Paystar's answer about the session has “%s” of the wrong type: it must be an object.")
#define MSG_NOT_ARRAY \
  N_ ("Paystar's answer about the session has “%s” of the wrong type: it must be a list.")
#define MSG_MISSING N_ ("Paystar's answer about the session has no “%s”.")
#define MSG_OUT_OF_RANGE \
  N_ ("Paystar's answer about the session has an amount out of range in “%s”.")

static const PaystarReadWords words = {
  .not_text = MSG_NOT_TEXT,
  .not_integer = MSG_NOT_INTEGER,
  .not_number = MSG_NOT_NUMBER,
  .not_boolean = MSG_NOT_BOOLEAN,
  .not_object = MSG_NOT_OBJECT,
  .not_array = MSG_NOT_ARRAY,
  .out_of_range = MSG_OUT_OF_RANGE,
};

#define is_absent(node)  paystar_read_is_absent (node)
#define read_string(...) paystar_read_string (&words, __VA_ARGS__)
#define read_bool(...)   paystar_read_bool (&words, __VA_ARGS__)
#define read_minor(...)  paystar_read_minor (&words, __VA_ARGS__)
#define read_major(...)  paystar_read_major (&words, __VA_ARGS__)
#define read_object(...) paystar_read_object (&words, __VA_ARGS__)

static void
line_item_free (gpointer data)
{
  PaystarSessionInfoLineItem *item = data;

  g_free (item->line_item_type);
  g_free (item->description);
  g_free (item->account_number);
  g_free (item->sub_account_number);
  g_free (item);
}

void
paystar_session_info_free (PaystarSessionInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->identifier);
  g_free (info->created_date_utc);
  g_free (info->business_unit_slug);
  g_free (info->channel);
  g_free (info->status_text);
  g_free (info->payment_status_text);
  g_free (info->payment_date);
  g_free (info->payment_descriptor);
  g_free (info->reference_number);
  g_free (info->auth_code);
  g_free (info->gateway_response_description);
  g_free (info->payment_source_type);
  g_free (info->account_holder_name);
  g_free (info->account_type);
  g_free (info->account_number_last4);
  g_clear_pointer (&info->line_items, g_ptr_array_unref);
  g_free (info);
}

static PaystarSessionInfo *
info_new (void)
{
  PaystarSessionInfo *info = g_new0 (PaystarSessionInfo, 1);

  info->line_items = g_ptr_array_new_with_free_func (line_item_free);
  return info;
}

static gboolean
parse_session (PaystarSessionInfo *info, JsonObject *data, GError **error)
{
  JsonObject *session;
  JsonObject *fee;

  if (!read_object (data, "paymentSession", "data.paymentSession", &session, error))
    return FALSE;
  if (session == NULL)
    return fail (error, _ (MSG_MISSING), "data.paymentSession");

  if (!read_string (session, "identifier", "data.paymentSession.identifier", &info->identifier,
                    error))
    return FALSE;
  if (info->identifier == NULL || *info->identifier == '\0')
    return fail (error, _ (MSG_MISSING), "data.paymentSession.identifier");

  if (!read_string (session, "createdDateUtc", "data.paymentSession.createdDateUtc",
                    &info->created_date_utc, error) ||
      !read_string (session, "businessUnitSlug", "data.paymentSession.businessUnitSlug",
                    &info->business_unit_slug, error) ||
      !read_string (session, "channel", "data.paymentSession.channel", &info->channel, error) ||
      !read_string (session, "status", "data.paymentSession.status", &info->status_text, error) ||
      !read_major (session, "subtotal", "data.paymentSession.subtotal", &info->has_subtotal,
                   &info->subtotal, error))
    return FALSE;
  info->status = paystar_session_status_from_string (info->status_text);

  if (!read_object (session, "serviceFeeCalculation", "data.paymentSession.serviceFeeCalculation",
                    &fee, error))
    return FALSE;
  if (fee != NULL && !read_major (fee, "amount", "data.paymentSession.serviceFeeCalculation.amount",
                                  &info->has_service_fee, &info->service_fee, error))
    return FALSE;
  return TRUE;
}

static gboolean
parse_payment (PaystarSessionInfo *info, JsonObject *data, GError **error)
{
  JsonObject *payment;

  if (!read_object (data, "payment", "data.payment", &payment, error))
    return FALSE;
  if (payment == NULL)
    return TRUE;

  info->has_payment = TRUE;
  if (!read_string (payment, "status", "data.payment.status", &info->payment_status_text, error) ||
      !read_string (payment, "paymentDate", "data.payment.paymentDate", &info->payment_date,
                    error) ||
      !read_minor (payment, "amountMinor", "data.payment.amountMinor", &info->has_amount,
                   &info->amount, error) ||
      !read_minor (payment, "serviceFeeAmountMinor", "data.payment.serviceFeeAmountMinor",
                   &info->has_service_fee_amount, &info->service_fee_amount, error) ||
      !read_string (payment, "paymentDescriptor", "data.payment.paymentDescriptor",
                    &info->payment_descriptor, error) ||
      !read_string (payment, "referenceNumber", "data.payment.referenceNumber",
                    &info->reference_number, error) ||
      !read_string (payment, "authCode", "data.payment.authCode", &info->auth_code, error) ||
      !read_string (payment, "gatewayResponseDescription",
                    "data.payment.gatewayResponseDescription", &info->gateway_response_description,
                    error))
    return FALSE;
  info->payment_status = paystar_session_status_from_string (info->payment_status_text);
  return TRUE;
}

static gboolean
parse_source (PaystarSessionInfo *info, JsonObject *data, GError **error)
{
  JsonObject *source;
  g_autofree char *last4 = NULL;

  if (!read_object (data, "paymentSource", "data.paymentSource", &source, error))
    return FALSE;
  if (source == NULL)
    return TRUE;

  info->has_payment_source = TRUE;
  if (!read_string (source, "paymentSourceType", "data.paymentSource.paymentSourceType",
                    &info->payment_source_type, error) ||
      !read_string (source, "accountHolderName", "data.paymentSource.accountHolderName",
                    &info->account_holder_name, error) ||
      !read_string (source, "accountType", "data.paymentSource.accountType", &info->account_type,
                    error) ||
      !read_string (source, "accountNumberLast4", "data.paymentSource.accountNumberLast4", &last4,
                    error))
    return FALSE;
  if (last4 != NULL)
    info->account_number_last4 = paystar_card_last_four (last4, NULL);
  return TRUE;
}

static gboolean
parse_line_items (PaystarSessionInfo *info, JsonObject *data, GError **error)
{
  JsonArray *array;
  guint n;

  if (!paystar_read_array (&words, data, "lineItems", "data.lineItems", &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++) {
    JsonNode *element = json_array_get_element (array, i);
    g_autofree char *path = g_strdup_printf ("data.lineItems[%u]", i);
    g_autofree char *type_path = g_strconcat (path, ".lineItemType", NULL);
    g_autofree char *description_path = g_strconcat (path, ".description", NULL);
    g_autofree char *price_path = g_strconcat (path, ".priceMinor", NULL);
    g_autofree char *account_path = g_strconcat (path, ".accountNumber", NULL);
    g_autofree char *sub_account_path = g_strconcat (path, ".subAccountNumber", NULL);
    PaystarSessionInfoLineItem *item;
    JsonObject *object;

    if (!JSON_NODE_HOLDS_OBJECT (element))
      return fail (error, _ (MSG_NOT_OBJECT), path);
    object = json_node_get_object (element);

    item = g_new0 (PaystarSessionInfoLineItem, 1);
    g_ptr_array_add (info->line_items, item);
    if (!read_string (object, "lineItemType", type_path, &item->line_item_type, error) ||
        !read_string (object, "description", description_path, &item->description, error) ||
        !read_minor (object, "priceMinor", price_path, &item->has_price, &item->price, error) ||
        !read_string (object, "accountNumber", account_path, &item->account_number, error) ||
        !read_string (object, "subAccountNumber", sub_account_path, &item->sub_account_number,
                      error))
      return FALSE;
  }
  return TRUE;
}

PaystarSessionInfo *
paystar_session_info_from_data (JsonNode *data, GError **error)
{
  g_autoptr (PaystarSessionInfo) info = NULL;
  JsonObject *object;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (is_absent (data)) {
    fail (error, _ (MSG_MISSING), "data");
    return NULL;
  }
  if (!JSON_NODE_HOLDS_OBJECT (data)) {
    fail (error, _ (MSG_NOT_OBJECT), "data");
    return NULL;
  }
  object = json_node_get_object (data);

  info = info_new ();
  if (!parse_session (info, object, error) || !parse_payment (info, object, error) ||
      !parse_source (info, object, error) || !parse_line_items (info, object, error) ||
      !read_bool (object, "canProcessSession", "data.canProcessSession",
                  &info->has_can_process_session, &info->can_process_session, error))
    return NULL;
  return g_steal_pointer (&info);
}

PaystarSessionInfo *
paystar_session_info_parse (const char *json, gssize length, GError **error)
{
  g_autoptr (JsonNode) node = NULL;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  node = paystar_json_parse (json, length, error);
  if (node == NULL)
    return NULL;
  return paystar_session_info_from_data (node, error);
}

PaystarSessionInfo *
paystar_session_info_copy (const PaystarSessionInfo *info)
{
  PaystarSessionInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = info_new ();
  copy->identifier = g_strdup (info->identifier);
  copy->created_date_utc = g_strdup (info->created_date_utc);
  copy->business_unit_slug = g_strdup (info->business_unit_slug);
  copy->channel = g_strdup (info->channel);
  copy->status = info->status;
  copy->status_text = g_strdup (info->status_text);
  copy->has_subtotal = info->has_subtotal;
  copy->subtotal = info->subtotal;
  copy->has_service_fee = info->has_service_fee;
  copy->service_fee = info->service_fee;
  copy->has_payment = info->has_payment;
  copy->payment_status = info->payment_status;
  copy->payment_status_text = g_strdup (info->payment_status_text);
  copy->payment_date = g_strdup (info->payment_date);
  copy->has_amount = info->has_amount;
  copy->amount = info->amount;
  copy->has_service_fee_amount = info->has_service_fee_amount;
  copy->service_fee_amount = info->service_fee_amount;
  copy->payment_descriptor = g_strdup (info->payment_descriptor);
  copy->reference_number = g_strdup (info->reference_number);
  copy->auth_code = g_strdup (info->auth_code);
  copy->gateway_response_description = g_strdup (info->gateway_response_description);
  copy->has_payment_source = info->has_payment_source;
  copy->payment_source_type = g_strdup (info->payment_source_type);
  copy->account_holder_name = g_strdup (info->account_holder_name);
  copy->account_type = g_strdup (info->account_type);
  copy->account_number_last4 = g_strdup (info->account_number_last4);
  for (guint i = 0; i < info->line_items->len; i++) {
    const PaystarSessionInfoLineItem *item = g_ptr_array_index (info->line_items, i);
    PaystarSessionInfoLineItem *item_copy = g_new0 (PaystarSessionInfoLineItem, 1);

    item_copy->line_item_type = g_strdup (item->line_item_type);
    item_copy->description = g_strdup (item->description);
    item_copy->has_price = item->has_price;
    item_copy->price = item->price;
    item_copy->account_number = g_strdup (item->account_number);
    item_copy->sub_account_number = g_strdup (item->sub_account_number);
    g_ptr_array_add (copy->line_items, item_copy);
  }
  copy->has_can_process_session = info->has_can_process_session;
  copy->can_process_session = info->can_process_session;
  return copy;
}

char *
paystar_session_info_to_json (const PaystarSessionInfo *info)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  g_return_val_if_fail (info != NULL, NULL);

  json_builder_begin_object (builder);
  paystar_json_builder_add_string (builder, "source", "query-api");
  paystar_json_builder_add_string (builder, "sessionIdentifier", info->identifier);
  paystar_json_builder_add_string (builder, "status", info->status_text);
  paystar_json_builder_add_string (builder, "channel", info->channel);
  paystar_json_builder_add_string (builder, "createdDateUtc", info->created_date_utc);
  paystar_json_builder_add_int (builder, "subtotalMinor", info->has_subtotal, info->subtotal);
  paystar_json_builder_add_int (builder, "serviceFeeMinor", info->has_service_fee,
                                info->service_fee);
  paystar_json_builder_add_bool (builder, "canProcessSession", info->has_can_process_session,
                                 info->can_process_session);

  json_builder_set_member_name (builder, "payment");
  if (info->has_payment) {
    json_builder_begin_object (builder);
    paystar_json_builder_add_string (builder, "status", info->payment_status_text);
    paystar_json_builder_add_string (builder, "paymentDate", info->payment_date);
    paystar_json_builder_add_int (builder, "amountMinor", info->has_amount, info->amount);
    paystar_json_builder_add_int (builder, "serviceFeeAmountMinor", info->has_service_fee_amount,
                                  info->service_fee_amount);
    paystar_json_builder_add_string (builder, "paymentDescriptor", info->payment_descriptor);
    paystar_json_builder_add_string (builder, "referenceNumber", info->reference_number);
    paystar_json_builder_add_string (builder, "authCode", info->auth_code);
    paystar_json_builder_add_string (builder, "gatewayResponseDescription",
                                     info->gateway_response_description);
    json_builder_end_object (builder);
  } else {
    json_builder_add_null_value (builder);
  }

  /* The card holder's name is left out on purpose: the journal has no use for it. */
  json_builder_set_member_name (builder, "paymentSource");
  if (info->has_payment_source) {
    json_builder_begin_object (builder);
    paystar_json_builder_add_string (builder, "paymentSourceType", info->payment_source_type);
    paystar_json_builder_add_string (builder, "accountType", info->account_type);
    paystar_json_builder_add_string (builder, "accountNumberLast4", info->account_number_last4);
    json_builder_end_object (builder);
  } else {
    json_builder_add_null_value (builder);
  }

  json_builder_set_member_name (builder, "lineItems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < info->line_items->len; i++) {
    const PaystarSessionInfoLineItem *item = g_ptr_array_index (info->line_items, i);

    json_builder_begin_object (builder);
    paystar_json_builder_add_string (builder, "lineItemType", item->line_item_type);
    paystar_json_builder_add_string (builder, "description", item->description);
    paystar_json_builder_add_int (builder, "priceMinor", item->has_price, item->price);
    paystar_json_builder_add_string (builder, "accountNumber", item->account_number);
    paystar_json_builder_add_string (builder, "subAccountNumber", item->sub_account_number);
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return paystar_json_to_string (root, NULL);
}
