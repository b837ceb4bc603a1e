/* test-session-info.c: tests for the Query API answer reader (paystar-session-info) with golden
 * answers: complete, without the optional members, wrong types, out-of-range numbers, extras.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "paystar-error.h"
#include "paystar-json.h"
#include "paystar-money.h"
#include "paystar-session-info.h"

/* The documented shape (API-NOTES.md, "Query API") with every member, as the sandbox sends it
 * for a paid session, plus the sandbox's extra members. */
#define PAID                                                                                    \
  "{\"paymentSession\":{\"identifier\":\"9f2c4e\",\"createdDateUtc\":\"2025-02-01T12:34:56."    \
  "789Z\","                                                                                     \
  "\"businessUnitSlug\":\"acme-utilities\",\"channel\":\"POS\",\"status\":\"Succeeded\","       \
  "\"subtotal\":150.1,\"subtotalMinor\":15010,\"serviceFeeCalculation\":{\"amount\":2.5}},"     \
  "\"payment\":{\"status\":\"Succeeded\",\"paymentDate\":\"2025-02-01T12:35:10.000Z\","         \
  "\"amountMinor\":15010,\"serviceFeeAmountMinor\":250,\"paymentDescriptor\":\"ACME WATER\","   \
  "\"referenceNumber\":\"NYDVNT-WSQPG\",\"authCode\":\"A1B2C3\","                               \
  "\"gatewayResponseDescription\":\"Approved\"},"                                               \
  "\"paymentSource\":{\"paymentSourceType\":\"CreditCard\",\"accountHolderName\":\"John Doe\"," \
  "\"accountType\":\"Visa\",\"accountNumberLast4\":\"4242\"},"                                  \
  "\"lineItems\":[{\"lineItemType\":\"Utility bill\",\"description\":\"January Water Bill\","   \
  "\"priceMinor\":15000,\"accountNumber\":\"ACC-12345\",\"subAccountNumber\":\"01\"},"          \
  "{\"lineItemType\":null,\"description\":\"Fee\",\"priceMinor\":10,\"accountNumber\":null,"    \
  "\"subAccountNumber\":null}],"                                                                \
  "\"canProcessSession\":false,\"customMeta\":null,\"posUser\":\"ava@acme-utilities.example\"," \
  "\"clientReference\":\"ST1-0001\",\"paymentFields\":{},\"expired\":false}"

static PaystarSessionInfo *
parse_ok (const char *json)
{
  g_autoptr (GError) error = NULL;
  PaystarSessionInfo *info = paystar_session_info_parse (json, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_nonnull (info->line_items);
  return info;
}

static void
assert_refused (const char *json, const char *member)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarSessionInfo) info = paystar_session_info_parse (json, -1, &error);

  g_assert_null (info);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE);
  g_test_message ("%s", error->message);
  /* The message names the member at fault. */
  if (member != NULL && strstr (error->message, member) == NULL)
    g_error ("“%s” does not name %s", error->message, member);
}

static void
test_paid (void)
{
  g_autoptr (PaystarSessionInfo) info = parse_ok (PAID);
  const PaystarSessionInfoLineItem *item;

  g_assert_cmpstr (info->identifier, ==, "9f2c4e");
  g_assert_cmpstr (info->created_date_utc, ==, "2025-02-01T12:34:56.789Z");
  g_assert_cmpstr (info->business_unit_slug, ==, "acme-utilities");
  g_assert_cmpstr (info->channel, ==, "POS");
  g_assert_cmpint (info->status, ==, PAYSTAR_SESSION_STATUS_SUCCEEDED);
  g_assert_cmpstr (info->status_text, ==, "Succeeded");
  /* Major units, converted once and rounded: 150.1 is 150.09999... as a double. */
  g_assert_true (info->has_subtotal);
  g_assert_cmpint (info->subtotal, ==, 15010);
  g_assert_true (info->has_service_fee);
  g_assert_cmpint (info->service_fee, ==, 250);

  g_assert_true (info->has_payment);
  g_assert_cmpint (info->payment_status, ==, PAYSTAR_SESSION_STATUS_SUCCEEDED);
  g_assert_cmpstr (info->payment_status_text, ==, "Succeeded");
  g_assert_cmpstr (info->payment_date, ==, "2025-02-01T12:35:10.000Z");
  g_assert_true (info->has_amount);
  g_assert_cmpint (info->amount, ==, 15010);
  g_assert_true (info->has_service_fee_amount);
  g_assert_cmpint (info->service_fee_amount, ==, 250);
  g_assert_cmpstr (info->payment_descriptor, ==, "ACME WATER");
  g_assert_cmpstr (info->reference_number, ==, "NYDVNT-WSQPG");
  g_assert_cmpstr (info->auth_code, ==, "A1B2C3");
  g_assert_cmpstr (info->gateway_response_description, ==, "Approved");

  g_assert_true (info->has_payment_source);
  g_assert_cmpstr (info->payment_source_type, ==, "CreditCard");
  g_assert_cmpstr (info->account_holder_name, ==, "John Doe");
  g_assert_cmpstr (info->account_type, ==, "Visa");
  g_assert_cmpstr (info->account_number_last4, ==, "4242");

  g_assert_cmpuint (info->line_items->len, ==, 2);
  item = g_ptr_array_index (info->line_items, 0);
  g_assert_cmpstr (item->line_item_type, ==, "Utility bill");
  g_assert_cmpstr (item->description, ==, "January Water Bill");
  g_assert_true (item->has_price);
  g_assert_cmpint (item->price, ==, 15000);
  g_assert_cmpstr (item->account_number, ==, "ACC-12345");
  g_assert_cmpstr (item->sub_account_number, ==, "01");
  item = g_ptr_array_index (info->line_items, 1);
  g_assert_null (item->line_item_type);
  g_assert_cmpint (item->price, ==, 10);
  g_assert_null (item->account_number);

  g_assert_true (info->has_can_process_session);
  g_assert_false (info->can_process_session);
}

static void
test_minimal (void)
{
  g_autoptr (PaystarSessionInfo) info = NULL;
  g_autoptr (PaystarSessionInfo) nulls = NULL;

  /* Only the session and its identifier are required. */
  info = parse_ok ("{\"paymentSession\":{\"identifier\":\"abc\"}}");
  g_assert_cmpstr (info->identifier, ==, "abc");
  g_assert_cmpint (info->status, ==, PAYSTAR_SESSION_STATUS_NONE);
  g_assert_null (info->status_text);
  g_assert_false (info->has_subtotal);
  g_assert_false (info->has_service_fee);
  g_assert_false (info->has_payment);
  g_assert_false (info->has_amount);
  g_assert_false (info->has_payment_source);
  g_assert_null (info->account_number_last4);
  g_assert_cmpuint (info->line_items->len, ==, 0);
  g_assert_false (info->has_can_process_session);

  /* null is absent, everywhere. */
  nulls = parse_ok ("{\"paymentSession\":{\"identifier\":\"abc\",\"status\":null,\"subtotal\":null,"
                    "\"serviceFeeCalculation\":null,\"channel\":null},\"payment\":null,"
                    "\"paymentSource\":null,\"lineItems\":null,\"canProcessSession\":null}");
  g_assert_false (nulls->has_payment);
  g_assert_false (nulls->has_payment_source);
  g_assert_false (nulls->has_subtotal);
  g_assert_false (nulls->has_can_process_session);
  g_assert_null (nulls->channel);
}

static void
test_unpaid (void)
{
  g_autoptr (PaystarSessionInfo) info = NULL;
  g_autoptr (PaystarSessionInfo) other = NULL;

  info = parse_ok ("{\"paymentSession\":{\"identifier\":\"abc\",\"status\":\"Pending\"},"
                   "\"payment\":{\"status\":\"Pending\",\"amountMinor\":0,\"authCode\":null}}");
  g_assert_cmpint (info->status, ==, PAYSTAR_SESSION_STATUS_PENDING);
  g_assert_true (info->has_payment);
  g_assert_cmpint (info->payment_status, ==, PAYSTAR_SESSION_STATUS_PENDING);
  g_assert_true (info->has_amount);
  g_assert_cmpint (info->amount, ==, 0);
  g_assert_false (info->has_service_fee_amount);
  g_assert_null (info->auth_code);

  /* Other statuses are kept as text. */
  other = parse_ok ("{\"paymentSession\":{\"identifier\":\"abc\",\"status\":"
                    "\"RequiresPaymentSource\"},\"payment\":{\"status\":\"Failed\"}}");
  g_assert_cmpint (other->status, ==, PAYSTAR_SESSION_STATUS_OTHER);
  g_assert_cmpstr (other->status_text, ==, "RequiresPaymentSource");
  g_assert_cmpint (other->payment_status, ==, PAYSTAR_SESSION_STATUS_FAILED);
}

static void
test_required (void)
{
  assert_refused ("{}", "data.paymentSession");
  assert_refused ("{\"paymentSession\":null}", "data.paymentSession");
  assert_refused ("{\"paymentSession\":{}}", "data.paymentSession.identifier");
  assert_refused ("{\"paymentSession\":{\"identifier\":\"\"}}", "data.paymentSession.identifier");
  assert_refused ("{\"paymentSession\":[]}", "data.paymentSession");
  assert_refused ("[]", "data");
  assert_refused ("\"Succeeded\"", "data");

  {
    g_autoptr (GError) error = NULL;

    g_assert_null (paystar_session_info_from_data (NULL, &error));
    g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE);
  }
}

static void
test_wrong_types (void)
{
  const struct {
    const char *json;
    const char *member;
  } cases[] = {
    { "{\"paymentSession\":{\"identifier\":42}}", "data.paymentSession.identifier" },
    { "{\"paymentSession\":{\"identifier\":\"a\",\"status\":1}}", "data.paymentSession.status" },
    { "{\"paymentSession\":{\"identifier\":\"a\",\"subtotal\":\"150.00\"}}",
      "data.paymentSession.subtotal" },
    { "{\"paymentSession\":{\"identifier\":\"a\",\"serviceFeeCalculation\":2.5}}",
      "data.paymentSession.serviceFeeCalculation" },
    { "{\"paymentSession\":{\"identifier\":\"a\",\"serviceFeeCalculation\":{\"amount\":true}}}",
      "data.paymentSession.serviceFeeCalculation.amount" },
    { "{\"paymentSession\":{\"identifier\":\"a\"},\"payment\":\"paid\"}", "data.payment" },
    /* Minor units are integers: 150.5 cents is no amount. */
    { "{\"paymentSession\":{\"identifier\":\"a\"},\"payment\":{\"amountMinor\":150.5}}",
      "data.payment.amountMinor" },
    { "{\"paymentSession\":{\"identifier\":\"a\"},\"payment\":{\"amountMinor\":\"15000\"}}",
      "data.payment.amountMinor" },
    { "{\"paymentSession\":{\"identifier\":\"a\"},\"payment\":{\"referenceNumber\":7}}",
      "data.payment.referenceNumber" },
    { "{\"paymentSession\":{\"identifier\":\"a\"},\"paymentSource\":{\"accountNumberLast4\":4242}}",
      "data.paymentSource.accountNumberLast4" },
    { "{\"paymentSession\":{\"identifier\":\"a\"},\"lineItems\":{}}", "data.lineItems" },
    { "{\"paymentSession\":{\"identifier\":\"a\"},\"lineItems\":[1]}", "data.lineItems[0]" },
    { "{\"paymentSession\":{\"identifier\":\"a\"},\"lineItems\":[{},{\"priceMinor\":1.0}]}",
      "data.lineItems[1].priceMinor" },
    { "{\"paymentSession\":{\"identifier\":\"a\"},\"canProcessSession\":\"false\"}",
      "data.canProcessSession" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_refused (cases[i].json, cases[i].member);
}

static void
test_out_of_range (void)
{
  g_autofree char *max = g_strdup_printf ("{\"paymentSession\":{\"identifier\":\"a\"},\"payment\":"
                                          "{\"amountMinor\":%" G_GINT64_FORMAT "}}",
                                          PAYSTAR_AMOUNT_MAX);
  g_autofree char *over = g_strdup_printf ("{\"paymentSession\":{\"identifier\":\"a\"},\"payment\":"
                                           "{\"amountMinor\":%" G_GINT64_FORMAT "}}",
                                           PAYSTAR_AMOUNT_MAX + 1);
  g_autoptr (PaystarSessionInfo) info = parse_ok (max);

  g_assert_cmpint (info->amount, ==, PAYSTAR_AMOUNT_MAX);
  assert_refused (over, "data.payment.amountMinor");
  assert_refused ("{\"paymentSession\":{\"identifier\":\"a\"},\"payment\":{\"amountMinor\":-1}}",
                  "data.payment.amountMinor");
  assert_refused ("{\"paymentSession\":{\"identifier\":\"a\"},\"payment\":"
                  "{\"serviceFeeAmountMinor\":-250}}",
                  "data.payment.serviceFeeAmountMinor");
  assert_refused ("{\"paymentSession\":{\"identifier\":\"a\"},\"lineItems\":[{\"priceMinor\":-5}]}",
                  "data.lineItems[0].priceMinor");
  assert_refused ("{\"paymentSession\":{\"identifier\":\"a\",\"subtotal\":-0.01}}",
                  "data.paymentSession.subtotal");
  assert_refused ("{\"paymentSession\":{\"identifier\":\"a\",\"subtotal\":1e300}}",
                  "data.paymentSession.subtotal");

  /* Beyond gint64 the strict reader refuses the document before json-glib can mangle it. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (PaystarSessionInfo) huge = paystar_session_info_parse (
      "{\"paymentSession\":{\"identifier\":\"a\"},\"payment\":{\"amountMinor\":"
      "99999999999999999999}}",
      -1, &error);

    g_assert_null (huge);
    g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON);
  }
}

static void
test_extra_members (void)
{
  g_autoptr (PaystarSessionInfo) info = NULL;

  /* Members nobody documented are ignored, at every level, whatever their type. */
  info = parse_ok ("{\"paymentSession\":{\"identifier\":\"abc\",\"status\":\"Succeeded\","
                   "\"newThing\":[1,2,{}]},\"payment\":{\"amountMinor\":100,\"extra\":null},"
                   "\"paymentSource\":{\"fingerprint\":{\"a\":1}},\"lineItems\":[{\"priceMinor\":"
                   "100,\"taxMinor\":\"x\"}],\"traceId\":\"t-1\",\"version\":3}");
  g_assert_cmpint (info->status, ==, PAYSTAR_SESSION_STATUS_SUCCEEDED);
  g_assert_cmpint (info->amount, ==, 100);
  g_assert_true (info->has_payment_source);
  g_assert_null (info->account_number_last4);
  g_assert_cmpuint (info->line_items->len, ==, 1);
}

static void
test_card_digits (void)
{
  g_autoptr (PaystarSessionInfo) full = NULL;
  g_autoptr (PaystarSessionInfo) masked = NULL;
  g_autoptr (PaystarSessionInfo) short_text = NULL;

  /* Whatever arrives, at most the last four digits are kept. */
  full = parse_ok ("{\"paymentSession\":{\"identifier\":\"a\"},\"paymentSource\":"
                   "{\"accountNumberLast4\":\"4111111111111111\"}}");
  g_assert_cmpstr (full->account_number_last4, ==, "1111");
  masked = parse_ok ("{\"paymentSession\":{\"identifier\":\"a\"},\"paymentSource\":"
                     "{\"accountNumberLast4\":\"****1234\"}}");
  g_assert_cmpstr (masked->account_number_last4, ==, "1234");
  short_text = parse_ok ("{\"paymentSession\":{\"identifier\":\"a\"},\"paymentSource\":"
                         "{\"accountNumberLast4\":\"12\"}}");
  g_assert_null (short_text->account_number_last4);
}

static void
test_to_json (void)
{
  g_autoptr (PaystarSessionInfo) info = parse_ok (PAID);
  g_autoptr (PaystarSessionInfo) copy = paystar_session_info_copy (info);
  g_autofree char *json = paystar_session_info_to_json (info);
  g_autofree char *copy_json = paystar_session_info_to_json (copy);

  /* Golden: exactly what the journal keeps. No holder name, only the last four digits. */
  g_assert_cmpstr (
    json, ==,
    "{\"source\":\"query-api\",\"sessionIdentifier\":\"9f2c4e\",\"status\":\"Succeeded\","
    "\"channel\":\"POS\",\"createdDateUtc\":\"2025-02-01T12:34:56.789Z\",\"subtotalMinor\":15010,"
    "\"serviceFeeMinor\":250,\"canProcessSession\":false,\"payment\":{\"status\":\"Succeeded\","
    "\"paymentDate\":\"2025-02-01T12:35:10.000Z\",\"amountMinor\":15010,"
    "\"serviceFeeAmountMinor\":250,\"paymentDescriptor\":\"ACME WATER\","
    "\"referenceNumber\":\"NYDVNT-WSQPG\",\"authCode\":\"A1B2C3\","
    "\"gatewayResponseDescription\":\"Approved\"},\"paymentSource\":{\"paymentSourceType\":"
    "\"CreditCard\",\"accountType\":\"Visa\",\"accountNumberLast4\":\"4242\"},\"lineItems\":["
    "{\"lineItemType\":\"Utility bill\",\"description\":\"January Water "
    "Bill\",\"priceMinor\":15000,"
    "\"accountNumber\":\"ACC-12345\",\"subAccountNumber\":\"01\"},{\"lineItemType\":null,"
    "\"description\":\"Fee\",\"priceMinor\":10,\"accountNumber\":null,\"subAccountNumber\":null}]"
    "}");
  g_assert_null (strstr (json, "John Doe"));
  g_assert_cmpstr (copy_json, ==, json);

  /* The summary of a minimal answer is valid JSON too, with nulls. */
  {
    g_autoptr (PaystarSessionInfo) minimal =
      parse_ok ("{\"paymentSession\":{\"identifier\":\"a\"}}");
    g_autofree char *text = paystar_session_info_to_json (minimal);
    g_autoptr (GError) error = NULL;
    g_autoptr (JsonNode) node = paystar_json_parse (text, -1, &error);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (text, "\"payment\":null"));
    g_assert_nonnull (strstr (text, "\"paymentSource\":null"));
  }
}

static void
test_status_strings (void)
{
  g_assert_cmpint (paystar_session_status_from_string (NULL), ==, PAYSTAR_SESSION_STATUS_NONE);
  g_assert_cmpint (paystar_session_status_from_string ("Succeeded"), ==,
                   PAYSTAR_SESSION_STATUS_SUCCEEDED);
  g_assert_cmpint (paystar_session_status_from_string ("Failed"), ==,
                   PAYSTAR_SESSION_STATUS_FAILED);
  g_assert_cmpint (paystar_session_status_from_string ("Pending"), ==,
                   PAYSTAR_SESSION_STATUS_PENDING);
  /* Exactly as Paystar spells them. */
  g_assert_cmpint (paystar_session_status_from_string ("succeeded"), ==,
                   PAYSTAR_SESSION_STATUS_OTHER);
  g_assert_cmpint (paystar_session_status_from_string ("Expired"), ==,
                   PAYSTAR_SESSION_STATUS_OTHER);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session-info/paid", test_paid);
  g_test_add_func ("/session-info/minimal", test_minimal);
  g_test_add_func ("/session-info/unpaid", test_unpaid);
  g_test_add_func ("/session-info/required", test_required);
  g_test_add_func ("/session-info/wrong-types", test_wrong_types);
  g_test_add_func ("/session-info/out-of-range", test_out_of_range);
  g_test_add_func ("/session-info/extra-members", test_extra_members);
  g_test_add_func ("/session-info/card-digits", test_card_digits);
  g_test_add_func ("/session-info/to-json", test_to_json);
  g_test_add_func ("/session-info/status-strings", test_status_strings);

  return g_test_run ();
}
