/* test-event.c: tests for the SDK event parser (paystar-event).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "paystar-error.h"
#include "paystar-event.h"
#include "paystar-json.h"

static PaystarEvent *
parse_ok (const char *json)
{
  g_autoptr (GError) error = NULL;
  PaystarEvent *event = paystar_event_parse (json, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (event);
  g_assert_nonnull (event->line_items);
  return event;
}

static void
assert_no_session (const PaystarEvent *event)
{
  g_assert_false (event->has_session);
  g_assert_null (event->session_identifier);
  g_assert_cmpint (event->status, ==, PAYSTAR_SESSION_STATUS_NONE);
  g_assert_null (event->status_text);
  g_assert_false (event->has_subtotal);
  g_assert_false (event->has_fee);
  g_assert_cmpuint (event->line_items->len, ==, 0);
  g_assert_null (event->payment_source_type);
  g_assert_null (event->account_number_masked);
  g_assert_null (event->custom_meta);
}

typedef struct {
  const char *name;
  PaystarEventKind kind;
} KindCase;

static const KindCase kind_cases[] = {
  { "FRAME.LOADED", PAYSTAR_EVENT_FRAME_LOADED },
  { "PAYMENT-SESSION.LOADED", PAYSTAR_EVENT_SESSION_LOADED },
  { "PAYMENT-SESSION.UPDATED", PAYSTAR_EVENT_SESSION_UPDATED },
  { "PAYMENT-SESSION.PROCESSED", PAYSTAR_EVENT_SESSION_PROCESSED },
  { "COMPONENT.DISMISS", PAYSTAR_EVENT_COMPONENT_DISMISS },
};

static void
test_kinds (void)
{
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (kind_cases); i++) {
    g_autofree char *with_null =
      g_strdup_printf ("{\"event\": \"%s\", \"data\": null}", kind_cases[i].name);
    g_autofree char *without = g_strdup_printf ("{\"event\": \"%s\"}", kind_cases[i].name);
    g_autoptr (PaystarEvent) a = parse_ok (with_null);
    g_autoptr (PaystarEvent) b = parse_ok (without);

    g_assert_cmpint (a->kind, ==, kind_cases[i].kind);
    g_assert_cmpstr (a->name, ==, kind_cases[i].name);
    assert_no_session (a);
    g_assert_cmpint (b->kind, ==, kind_cases[i].kind);
    g_assert_cmpstr (b->name, ==, kind_cases[i].name);
    assert_no_session (b);
    g_assert_cmpstr (paystar_event_kind_to_string (kind_cases[i].kind), ==, kind_cases[i].name);
  }
  g_assert_cmpstr (paystar_event_kind_to_string (PAYSTAR_EVENT_OTHER), ==, "OTHER");
}

static void
test_session_kinds_read_data (void)
{
  static const char *const names[] = { "PAYMENT-SESSION.LOADED", "PAYMENT-SESSION.UPDATED",
                                       "PAYMENT-SESSION.PROCESSED" };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (names); i++) {
    g_autofree char *json = g_strdup_printf (
      "{\"event\": \"%s\", \"data\": {\"sessionIdentifier\": \"s-%" G_GSIZE_FORMAT "\","
      " \"status\": \"RequiresPaymentSource\", \"subtotal\": 10.5, \"channel\": \"POS\"}}",
      names[i], i);
    g_autofree char *expected_id = g_strdup_printf ("s-%" G_GSIZE_FORMAT, i);
    g_autoptr (PaystarEvent) event = parse_ok (json);

    g_assert_true (event->has_session);
    g_assert_cmpstr (event->session_identifier, ==, expected_id);
    g_assert_cmpint (event->status, ==, PAYSTAR_SESSION_STATUS_OTHER);
    g_assert_cmpstr (event->status_text, ==, "RequiresPaymentSource");
    g_assert_true (event->has_subtotal);
    g_assert_cmpint (event->subtotal, ==, 1050);
    g_assert_cmpstr (event->channel, ==, "POS");
  }
}

static void
test_processed_succeeded (void)
{
  g_autoptr (PaystarEvent) event = NULL;
  PaystarLineItem *item;
  JsonObject *meta;

  event = parse_ok (
    "{\"event\": \"PAYMENT-SESSION.PROCESSED\","
    " \"data\": {"
    "  \"sessionIdentifier\": \"abc123-def456\","
    "  \"status\": \"Succeeded\","
    "  \"subtotal\": 150.00,"
    "  \"channel\": \"POS\","
    "  \"lineItems\": [ {\"description\": \"January Water Bill\", \"price\": 100.00},"
    "                   {\"description\": \"Late fee \\u2013 caf\\u00e9\", \"price\": 49.99},"
    "                   {\"description\": \"Rounding\", \"price\": 0.01} ],"
    "  \"paymentSource\": {\"paymentSourceType\": \"CreditCard\","
    "                      \"accountNumberMasked\": \"****4242\", \"nickname\": \"Personal Card\"},"
    "  \"serviceFeeCalculation\": {\"amount\": 2.50},"
    "  \"customMeta\": {\"station\": \"front-1\", \"ids\": [1, 2], \"nested\": {\"a\": null}}"
    " }}");

  g_assert_cmpint (event->kind, ==, PAYSTAR_EVENT_SESSION_PROCESSED);
  g_assert_cmpstr (event->name, ==, "PAYMENT-SESSION.PROCESSED");
  g_assert_true (event->has_session);
  g_assert_cmpstr (event->session_identifier, ==, "abc123-def456");
  g_assert_cmpint (event->status, ==, PAYSTAR_SESSION_STATUS_SUCCEEDED);
  g_assert_cmpstr (event->status_text, ==, "Succeeded");
  g_assert_cmpstr (event->channel, ==, "POS");
  g_assert_true (event->has_subtotal);
  g_assert_cmpint (event->subtotal, ==, 15000);
  g_assert_true (event->has_fee);
  g_assert_cmpint (event->fee, ==, 250);

  g_assert_cmpuint (event->line_items->len, ==, 3);
  item = g_ptr_array_index (event->line_items, 0);
  g_assert_cmpstr (item->description, ==, "January Water Bill");
  g_assert_true (item->has_price);
  g_assert_cmpint (item->price, ==, 10000);
  item = g_ptr_array_index (event->line_items, 1);
  g_assert_cmpstr (item->description, ==, "Late fee \xe2\x80\x93 caf\xc3\xa9");
  g_assert_cmpint (item->price, ==, 4999);
  item = g_ptr_array_index (event->line_items, 2);
  g_assert_cmpint (item->price, ==, 1);

  g_assert_cmpstr (event->payment_source_type, ==, "CreditCard");
  g_assert_cmpstr (event->account_number_masked, ==, "****4242");
  g_assert_cmpstr (event->nickname, ==, "Personal Card");

  g_assert_nonnull (event->custom_meta);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (event->custom_meta));
  meta = json_node_get_object (event->custom_meta);
  g_assert_cmpstr (json_object_get_string_member (meta, "station"), ==, "front-1");
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (meta, "ids"), 1), ==,
                   2);
  g_assert_true (json_object_get_null_member (json_object_get_object_member (meta, "nested"), "a"));
}

/* The event owns a copy of customMeta: it outlives the document it came from. */
static void
test_custom_meta_is_a_copy (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (PaystarEvent) event = NULL;
  g_autofree char *text = NULL;

  node = paystar_json_parse ("{\"event\": \"PAYMENT-SESSION.LOADED\","
                             " \"data\": {\"customMeta\": {\"k\": \"v\"}}}",
                             -1, &error);
  g_assert_no_error (error);
  event = paystar_event_parse_node (node, &error);
  g_assert_no_error (error);
  g_clear_pointer (&node, json_node_unref);

  text = paystar_json_to_string (event->custom_meta, NULL);
  g_assert_cmpstr (text, ==, "{\"k\":\"v\"}");
}

typedef struct {
  const char *status;
  PaystarSessionStatus expected;
} StatusCase;

static void
test_statuses (void)
{
  static const StatusCase cases[] = {
    { "Succeeded", PAYSTAR_SESSION_STATUS_SUCCEEDED },
    { "Failed", PAYSTAR_SESSION_STATUS_FAILED },
    { "Pending", PAYSTAR_SESSION_STATUS_PENDING },
    { "RequiresPaymentSource", PAYSTAR_SESSION_STATUS_OTHER },
    { "succeeded", PAYSTAR_SESSION_STATUS_OTHER }, /* exact spelling only */
    { "Succeeded ", PAYSTAR_SESSION_STATUS_OTHER },
    { "", PAYSTAR_SESSION_STATUS_OTHER },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *json =
      g_strdup_printf ("{\"event\": \"PAYMENT-SESSION.PROCESSED\", \"data\": {\"status\": \"%s\"}}",
                       cases[i].status);
    g_autoptr (PaystarEvent) event = parse_ok (json);

    g_assert_true (event->has_session);
    g_assert_cmpint (event->status, ==, cases[i].expected);
    g_assert_cmpstr (event->status_text, ==, cases[i].status);
  }
}

static void
test_processed_failed (void)
{
  g_autoptr (PaystarEvent) event =
    parse_ok ("{\"event\": \"PAYMENT-SESSION.PROCESSED\", \"data\": {\"sessionIdentifier\": \"s1\","
              " \"status\": \"Failed\", \"subtotal\": 19.99, \"channel\": \"POS\","
              " \"lineItems\": [{\"description\": \"Water\", \"price\": 19.99}],"
              " \"paymentSource\": {\"paymentSourceType\": \"CreditCard\","
              " \"accountNumberMasked\": \"****0002\", \"nickname\": null},"
              " \"serviceFeeCalculation\": {\"amount\": 0}, \"customMeta\": null}}");

  g_assert_cmpint (event->status, ==, PAYSTAR_SESSION_STATUS_FAILED);
  g_assert_cmpint (event->subtotal, ==, 1999);
  g_assert_true (event->has_fee);
  g_assert_cmpint (event->fee, ==, 0);
  g_assert_cmpstr (event->account_number_masked, ==, "****0002");
  g_assert_null (event->nickname);
  g_assert_null (event->custom_meta);
}

static void
test_processed_pending (void)
{
  g_autoptr (PaystarEvent) event = parse_ok (
    "{\"event\": \"PAYMENT-SESSION.PROCESSED\", \"data\": {\"sessionIdentifier\": \"s2\","
    " \"status\": \"Pending\", \"subtotal\": 300.34, \"channel\": \"QuickPay\","
    " \"paymentSource\": {\"paymentSourceType\": \"ACH\", \"accountNumberMasked\": \"****6789\"},"
    " \"serviceFeeCalculation\": {\"amount\": 10.12}}}");

  g_assert_cmpint (event->status, ==, PAYSTAR_SESSION_STATUS_PENDING);
  g_assert_cmpstr (event->status_text, ==, "Pending");
  g_assert_cmpint (event->subtotal, ==, 30034);
  g_assert_cmpint (event->fee, ==, 1012);
  g_assert_cmpstr (event->channel, ==, "QuickPay");
  g_assert_cmpstr (event->payment_source_type, ==, "ACH");
  g_assert_cmpuint (event->line_items->len, ==, 0);
}

/* As the sandbox's hosted page sends PAYMENT-SESSION.LOADED: nulls stand for "not yet". */
static void
test_nulls_are_absent (void)
{
  g_autoptr (PaystarEvent) event =
    parse_ok ("{\"event\": \"PAYMENT-SESSION.LOADED\", \"data\": {\"sessionIdentifier\": null,"
              " \"status\": null, \"subtotal\": null, \"channel\": null, \"lineItems\": null,"
              " \"paymentSource\": null, \"serviceFeeCalculation\": null, \"customMeta\": null}}");

  g_assert_true (event->has_session);
  g_assert_null (event->session_identifier);
  g_assert_cmpint (event->status, ==, PAYSTAR_SESSION_STATUS_NONE);
  g_assert_null (event->status_text);
  g_assert_false (event->has_subtotal);
  g_assert_null (event->channel);
  g_assert_cmpuint (event->line_items->len, ==, 0);
  g_assert_null (event->payment_source_type);
  g_assert_false (event->has_fee);
  g_assert_null (event->custom_meta);
}

static void
test_empty_session (void)
{
  g_autoptr (PaystarEvent) event =
    parse_ok ("{\"event\": \"PAYMENT-SESSION.UPDATED\", \"data\": {}}");

  g_assert_cmpint (event->kind, ==, PAYSTAR_EVENT_SESSION_UPDATED);
  g_assert_true (event->has_session);
  g_assert_cmpint (event->status, ==, PAYSTAR_SESSION_STATUS_NONE);
  g_assert_false (event->has_subtotal);
}

static void
test_line_item_without_price (void)
{
  g_autoptr (PaystarEvent) event = parse_ok (
    "{\"event\": \"PAYMENT-SESSION.LOADED\", \"data\": {\"lineItems\": [{}, {\"price\": 5},"
    " {\"description\": null, \"price\": null}]}}");
  PaystarLineItem *item;

  g_assert_cmpuint (event->line_items->len, ==, 3);
  item = g_ptr_array_index (event->line_items, 0);
  g_assert_null (item->description);
  g_assert_false (item->has_price);
  item = g_ptr_array_index (event->line_items, 1);
  g_assert_true (item->has_price);
  g_assert_cmpint (item->price, ==, 500); /* an integer node, 5 dollars */
  item = g_ptr_array_index (event->line_items, 2);
  g_assert_false (item->has_price);
}

static void
test_unknown_event (void)
{
  g_autoptr (PaystarEvent) event = parse_ok (
    "{\"event\": \"PAYMENT-SESSION.EXPIRED\", \"data\": {\"subtotal\": \"whatever\", \"x\": [1]}}");
  g_autoptr (PaystarEvent) plain = parse_ok ("{\"event\": \"SOMETHING\"}");
  g_autoptr (PaystarEvent) empty = parse_ok ("{\"event\": \"\"}");

  /* Kept by name; its data's shape is unknown, so it is not read. */
  g_assert_cmpint (event->kind, ==, PAYSTAR_EVENT_OTHER);
  g_assert_cmpstr (event->name, ==, "PAYMENT-SESSION.EXPIRED");
  assert_no_session (event);
  g_assert_cmpint (plain->kind, ==, PAYSTAR_EVENT_OTHER);
  g_assert_cmpstr (plain->name, ==, "SOMETHING");
  g_assert_cmpint (empty->kind, ==, PAYSTAR_EVENT_OTHER);
  g_assert_cmpstr (empty->name, ==, "");
}

/* Event names are matched exactly. */
static void
test_event_name_exact (void)
{
  static const char *const names[] = { "frame.loaded", "FRAME.LOADED ", "PAYMENT-SESSION",
                                       "PAYMENT-SESSION.PROCESSED\\u0020" };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (names); i++) {
    g_autofree char *json = g_strdup_printf ("{\"event\": \"%s\"}", names[i]);
    g_autoptr (PaystarEvent) event = parse_ok (json);

    g_assert_cmpint (event->kind, ==, PAYSTAR_EVENT_OTHER);
  }
}

/* Data on events that carry none is allowed and not read. */
static void
test_data_on_other_events_ignored (void)
{
  g_autoptr (PaystarEvent) event =
    parse_ok ("{\"event\": \"FRAME.LOADED\", \"data\": {\"status\": \"Succeeded\"}}");

  g_assert_cmpint (event->kind, ==, PAYSTAR_EVENT_FRAME_LOADED);
  assert_no_session (event);
}

static void
test_unknown_members_ignored (void)
{
  g_autoptr (PaystarEvent) event = parse_ok (
    "{\"source\": \"paystar-sandbox\", \"event\": \"PAYMENT-SESSION.PROCESSED\", \"extra\": 1,"
    " \"data\": {\"status\": \"Succeeded\", \"newThing\": {\"deep\": [1]}, \"subtotal\": 1,"
    " \"paymentSource\": {\"brand\": \"Visa\"}, \"serviceFeeCalculation\": {\"rate\": 0.03}}}");

  g_assert_cmpint (event->status, ==, PAYSTAR_SESSION_STATUS_SUCCEEDED);
  g_assert_cmpint (event->subtotal, ==, 100);
  g_assert_null (event->payment_source_type);
  g_assert_false (event->has_fee);
}

/* A page that sends a full card number where the masked one belongs does not get it stored. */
static void
test_account_number_masked_defensively (void)
{
  static const struct {
    const char *sent;
    const char *kept;
  } cases[] = {
    { "4242424242424242", "****4242" },
    { "4242 4242 4242 4242", "****4242" },
    { "****4242", "****4242" },
    { "xxxx-1234", "xxxx-1234" },
    { "", "" },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *json =
      g_strdup_printf ("{\"event\": \"PAYMENT-SESSION.PROCESSED\","
                       " \"data\": {\"paymentSource\": {\"accountNumberMasked\": \"%s\"}}}",
                       cases[i].sent);
    g_autoptr (PaystarEvent) event = parse_ok (json);

    g_assert_cmpstr (event->account_number_masked, ==, cases[i].kept);
  }
}

typedef struct {
  const char *name;
  const char *json;
  const char *fragment; /* must be in the message: the member at fault */
} WrongCase;

#define PROCESSED(data) "{\"event\": \"PAYMENT-SESSION.PROCESSED\", \"data\": " data "}"

static const WrongCase wrong_cases[] = {
  { "root-array", "[]", "not a JSON object" },
  { "root-string", "\"PAYMENT-SESSION.PROCESSED\"", "not a JSON object" },
  { "root-null", "null", "not a JSON object" },
  { "event-missing", "{\"data\": {}}", "without “event”" },
  { "event-null", "{\"event\": null}", "without “event”" },
  { "event-number", "{\"event\": 5}", "“event” with the wrong type: it must be text" },
  { "event-object", "{\"event\": {\"name\": \"FRAME.LOADED\"}}", "“event” with the wrong type" },
  { "event-array", "{\"event\": [\"FRAME.LOADED\"]}", "“event” with the wrong type" },
  { "data-string", "{\"event\": \"FRAME.LOADED\", \"data\": \"x\"}",
    "“data” with the wrong type: it must be an object" },
  { "data-array", PROCESSED ("[]"), "“data” with the wrong type" },
  { "data-number", "{\"event\": \"SOMETHING\", \"data\": 1}", "“data” with the wrong type" },
  { "session-id-number", PROCESSED ("{\"sessionIdentifier\": 5}"),
    "“data.sessionIdentifier” with the wrong type: it must be text" },
  { "status-number", PROCESSED ("{\"status\": 1}"), "“data.status” with the wrong type" },
  { "status-bool", PROCESSED ("{\"status\": true}"), "“data.status” with the wrong type" },
  { "channel-array", PROCESSED ("{\"channel\": [\"POS\"]}"), "“data.channel” with the wrong type" },
  { "subtotal-string", PROCESSED ("{\"subtotal\": \"150.00\"}"),
    "“data.subtotal” with the wrong type: it must be a number" },
  { "subtotal-bool", PROCESSED ("{\"subtotal\": true}"), "“data.subtotal” with the wrong type" },
  { "subtotal-object", PROCESSED ("{\"subtotal\": {\"amount\": 1}}"),
    "“data.subtotal” with the wrong type" },
  { "subtotal-negative", PROCESSED ("{\"subtotal\": -1.00}"),
    "negative amount in “data.subtotal”" },
  { "subtotal-negative-int", PROCESSED ("{\"subtotal\": -1}"),
    "negative amount in “data.subtotal”" },
  { "subtotal-too-large", PROCESSED ("{\"subtotal\": 21474836.48}"),
    "amount out of range in “data.subtotal”" },
  { "subtotal-huge", PROCESSED ("{\"subtotal\": 1e300}"),
    "amount out of range in “data.subtotal”" },
  { "subtotal-huge-int", PROCESSED ("{\"subtotal\": 9223372036854775807}"),
    "amount out of range in “data.subtotal”" },
  { "line-items-object", PROCESSED ("{\"lineItems\": {\"description\": \"x\"}}"),
    "“data.lineItems” with the wrong type: it must be a list" },
  { "line-items-string", PROCESSED ("{\"lineItems\": \"x\"}"),
    "“data.lineItems” with the wrong type" },
  { "line-item-string", PROCESSED ("{\"lineItems\": [{}, \"x\"]}"),
    "“data.lineItems[1]” with the wrong type: it must be an object" },
  { "line-item-null", PROCESSED ("{\"lineItems\": [null]}"),
    "“data.lineItems[0]” with the wrong type" },
  { "line-item-price-string", PROCESSED ("{\"lineItems\": [{\"price\": \"1.00\"}]}"),
    "“data.lineItems[0].price” with the wrong type: it must be a number" },
  { "line-item-price-negative", PROCESSED ("{\"lineItems\": [{\"price\": 1}, {\"price\": -0.01}]}"),
    "negative amount in “data.lineItems[1].price”" },
  { "line-item-price-too-large", PROCESSED ("{\"lineItems\": [{\"price\": 1e10}]}"),
    "amount out of range in “data.lineItems[0].price”" },
  { "line-item-description-number", PROCESSED ("{\"lineItems\": [{\"description\": 7}]}"),
    "“data.lineItems[0].description” with the wrong type: it must be text" },
  { "payment-source-string", PROCESSED ("{\"paymentSource\": \"CreditCard\"}"),
    "“data.paymentSource” with the wrong type: it must be an object" },
  { "payment-source-array", PROCESSED ("{\"paymentSource\": []}"),
    "“data.paymentSource” with the wrong type" },
  { "payment-source-type-number", PROCESSED ("{\"paymentSource\": {\"paymentSourceType\": 1}}"),
    "“data.paymentSource.paymentSourceType” with the wrong type" },
  { "masked-number", PROCESSED ("{\"paymentSource\": {\"accountNumberMasked\": 4242}}"),
    "“data.paymentSource.accountNumberMasked” with the wrong type" },
  { "nickname-bool", PROCESSED ("{\"paymentSource\": {\"nickname\": false}}"),
    "“data.paymentSource.nickname” with the wrong type" },
  { "fee-number", PROCESSED ("{\"serviceFeeCalculation\": 2.5}"),
    "“data.serviceFeeCalculation” with the wrong type: it must be an object" },
  { "fee-amount-string", PROCESSED ("{\"serviceFeeCalculation\": {\"amount\": \"2.50\"}}"),
    "“data.serviceFeeCalculation.amount” with the wrong type: it must be a number" },
  { "fee-amount-negative", PROCESSED ("{\"serviceFeeCalculation\": {\"amount\": -2.5}}"),
    "negative amount in “data.serviceFeeCalculation.amount”" },
  { "custom-meta-string", PROCESSED ("{\"customMeta\": \"x\"}"),
    "“data.customMeta” with the wrong type: it must be an object" },
  { "custom-meta-array", PROCESSED ("{\"customMeta\": [1]}"),
    "“data.customMeta” with the wrong type" },
};

static void
test_wrong_types (gconstpointer data)
{
  const WrongCase *wc = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarEvent) event = NULL;

  event = paystar_event_parse (wc->json, -1, &error);
  g_assert_null (event);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE);
  if (strstr (error->message, wc->fragment) == NULL) {
    g_test_message ("message “%s” lacks “%s”", error->message, wc->fragment);
    g_test_fail ();
  }
}

static void
test_wrong_type_message (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarEvent) event = NULL;

  event = paystar_event_parse (PROCESSED ("{\"subtotal\": \"150.00\"}"), -1, &error);
  g_assert_null (event);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==,
                   "The payment page sent “data.subtotal” with the wrong type: it must be a "
                   "number.");
}

/* The strict reader stands in front: what json-glib would get wrong never reaches the parser. */
typedef struct {
  const char *name;
  const char *json;
  gssize length;
} HostileCase;

static const HostileCase hostile_cases[] = {
  /* json-glib would read -1 here, a plausible amount after conversion. */
  { "subtotal-overflow", PROCESSED ("{\"subtotal\": 99999999999999999999}"), -1 },
  /* json-glib would keep the second, "Succeeded". */
  { "duplicate-status", PROCESSED ("{\"status\": \"Failed\", \"status\": \"Succeeded\"}"), -1 },
  { "duplicate-status-escaped",
    PROCESSED ("{\"status\": \"Failed\", \"st\\u0061tus\": \"Succeeded\"}"), -1 },
  { "duplicate-event",
    "{\"event\": \"COMPONENT.DISMISS\", \"event\": \"PAYMENT-SESSION.PROCESSED\"}", -1 },
  /* json-glib would cut the name at the NUL and see PAYMENT-SESSION.PROCESSED. */
  { "nul-in-event", "{\"event\": \"PAYMENT-SESSION.PROCESSED\\u0000x\"}", -1 },
  { "comment", "{\"event\": \"FRAME.LOADED\" /* hi */}", -1 },
  { "single-quotes", "{'event': 'FRAME.LOADED'}", -1 },
  { "hex-subtotal", PROCESSED ("{\"subtotal\": 0x10}"), -1 },
  { "nan-subtotal", PROCESSED ("{\"subtotal\": NaN}"), -1 },
  { "infinite-subtotal", PROCESSED ("{\"subtotal\": 1e999}"), -1 },
  { "trailing-garbage", "{\"event\": \"FRAME.LOADED\"} {\"event\": \"COMPONENT.DISMISS\"}", -1 },
  { "trailing-comma", "{\"event\": \"FRAME.LOADED\",}", -1 },
  { "invalid-utf8", "{\"event\": \"FRAME.\xc0\xae\"}", -1 },
  { "empty", "", -1 },
  { "truncated", PROCESSED ("{\"subtotal\": 1"), 40 },
};

static void
test_hostile (gconstpointer data)
{
  const HostileCase *hc = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarEvent) event = NULL;

  event = paystar_event_parse (hc->json, hc->length, &error);
  g_assert_null (event);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON);
}

static void
test_hostile_deep_custom_meta (void)
{
  g_autoptr (GString) json =
    g_string_new ("{\"event\": \"PAYMENT-SESSION.PROCESSED\", \"data\": {\"customMeta\": ");
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarEvent) event = NULL;
  guint i;

  for (i = 0; i < 100000; i++)
    g_string_append (json, "{\"a\":");
  g_string_append (json, "1");
  for (i = 0; i < 100000; i++)
    g_string_append_c (json, '}');
  g_string_append (json, "}}");

  event = paystar_event_parse (json->str, json->len, &error);
  g_assert_null (event);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_JSON);
  g_assert_nonnull (strstr (error->message, "nested too deeply"));
}

/* Freeing NULL is fine, and an event parsed after another shares nothing with it. */
static void
test_free_null_and_autoptr (void)
{
  g_autoptr (PaystarEvent) event = NULL;

  paystar_event_free (NULL);
  event = parse_ok (PROCESSED ("{\"customMeta\": {\"a\": 1}, \"lineItems\": [{\"price\": 1}]}"));
  g_assert_nonnull (event->custom_meta);
  g_clear_pointer (&event, paystar_event_free);
  event = parse_ok ("{\"event\": \"COMPONENT.DISMISS\"}");
  assert_no_session (event);
}

int
main (int argc, char **argv)
{
  gsize i;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/event/kinds", test_kinds);
  g_test_add_func ("/event/session-kinds-read-data", test_session_kinds_read_data);
  g_test_add_func ("/event/processed-succeeded", test_processed_succeeded);
  g_test_add_func ("/event/custom-meta-is-a-copy", test_custom_meta_is_a_copy);
  g_test_add_func ("/event/statuses", test_statuses);
  g_test_add_func ("/event/processed-failed", test_processed_failed);
  g_test_add_func ("/event/processed-pending", test_processed_pending);
  g_test_add_func ("/event/nulls-are-absent", test_nulls_are_absent);
  g_test_add_func ("/event/empty-session", test_empty_session);
  g_test_add_func ("/event/line-item-without-price", test_line_item_without_price);
  g_test_add_func ("/event/unknown-event", test_unknown_event);
  g_test_add_func ("/event/event-name-exact", test_event_name_exact);
  g_test_add_func ("/event/data-on-other-events-ignored", test_data_on_other_events_ignored);
  g_test_add_func ("/event/unknown-members-ignored", test_unknown_members_ignored);
  g_test_add_func ("/event/account-number-masked-defensively",
                   test_account_number_masked_defensively);
  for (i = 0; i < G_N_ELEMENTS (wrong_cases); i++) {
    g_autofree char *path = g_strdup_printf ("/event/wrong-type/%s", wrong_cases[i].name);

    g_test_add_data_func (path, &wrong_cases[i], test_wrong_types);
  }
  g_test_add_func ("/event/wrong-type-message", test_wrong_type_message);
  for (i = 0; i < G_N_ELEMENTS (hostile_cases); i++) {
    g_autofree char *path = g_strdup_printf ("/event/hostile/%s", hostile_cases[i].name);

    g_test_add_data_func (path, &hostile_cases[i], test_hostile);
  }
  g_test_add_func ("/event/hostile/deep-custom-meta", test_hostile_deep_custom_meta);
  g_test_add_func ("/event/free-null-and-autoptr", test_free_null_and_autoptr);

  return g_test_run ();
}
