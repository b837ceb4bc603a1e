/* test-sandbox-initiate.c: golden HTTP tests of POST /integrations/embedded/initiate against the
 * real paystar-sandbox program: every documented and server rule, bad bodies, authentication,
 * and ClientReference uniqueness under concurrent requests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sandbox-harness.h"

#define INITIATE "/integrations/embedded/initiate"

static SandboxHarness *harness;

/* A valid POS request with the given extra members (JSON text without braces, quotes as '). */
static char *
pos_request (const char *extra)
{
  g_autofree char *text =
    g_strdup_printf ("{'BusinessUnitSlug': 'acme-utilities', 'Channel': 'POS', "
                     "'PosUser': '" SANDBOX_AVA "', "
                     "'Charges': [{'Amount': 15000, 'Description': 'Walk-in "
                     "payment'}]%s%s}",
                     extra != NULL ? ", " : "", extra != NULL ? extra : "");

  return sandbox_json (text);
}

static void
assert_reference_unused (const char *reference)
{
  g_autofree char *path = g_strdup_printf ("/_sandbox/sessions?clientReference=%s", reference);
  g_autoptr (SandboxResponse) response = sandbox_harness_get (harness, path);

  g_assert_cmpuint (response->status, ==, 404);
}

static void
test_pos_success (void)
{
  g_autofree char *json = pos_request ("'ClientReference': 'POS-1'");
  g_autoptr (SandboxResponse) response = NULL;
  g_autoptr (SandboxResponse) inspected = NULL;
  g_autofree char *expected_link = NULL;
  g_autofree char *path = NULL;
  JsonNode *data;
  const char *identifier;

  sandbox_harness_reset (harness);
  response = sandbox_harness_initiate (harness, json);
  data = sandbox_assert_success (response);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "application/json");
  identifier = sandbox_json_string (data, "PaymentSessionIdentifier");
  g_assert_true (g_regex_match_simple ("^[0-9a-f]{32}$", identifier, 0, 0));
  expected_link =
    g_strdup_printf ("%s/app/embedded/acme-utilities/session/%s", harness->base_uri, identifier);
  g_assert_cmpstr (sandbox_json_string (data, "PaymentLogInLink"), ==, expected_link);
  g_assert_cmpstr (sandbox_json_string (data, "Status"), ==, "RequiresPaymentSource");
  g_assert_cmpuint (sandbox_json_length (data, ""), ==, 3);

  path = g_strdup_printf ("/_sandbox/sessions/%s", identifier);
  inspected = sandbox_harness_get (harness, path);
  data = sandbox_assert_success (inspected);
  g_assert_cmpstr (sandbox_json_string (data, "paymentSession.identifier"), ==, identifier);
  g_assert_cmpstr (sandbox_json_string (data, "paymentSession.channel"), ==, "POS");
  g_assert_cmpstr (sandbox_json_string (data, "paymentSession.status"), ==,
                   "RequiresPaymentSource");
  g_assert_cmpstr (sandbox_json_string (data, "paymentSession.businessUnitSlug"), ==, SANDBOX_SLUG);
  g_assert_cmpint (sandbox_json_int (data, "paymentSession.subtotalMinor"), ==, 15000);
  g_assert_cmpstr (sandbox_json_string (data, "posUser"), ==, SANDBOX_AVA);
  g_assert_cmpstr (sandbox_json_string (data, "clientReference"), ==, "POS-1");
  g_assert_true (sandbox_json_is_null (data, "payment"));
  g_assert_true (sandbox_json_is_null (data, "paymentSource"));
  g_assert_true (sandbox_json_bool (data, "canProcessSession"));
  g_assert_cmpstr (sandbox_json_string (data, "lineItems[0].description"), ==, "Walk-in payment");
  g_assert_cmpint (sandbox_json_int (data, "lineItems[0].priceMinor"), ==, 15000);
}

static void
test_quickpay_success (void)
{
  /* The docs' full example, Channel left out (QuickPay is the default). */
  g_autofree char *json = sandbox_json (
    "{'BusinessUnitSlug': 'acme-utilities', 'ClientUser': {'EmailAddress': 'john.doe@example.com', "
    "'FirstName': 'John', 'LastName': 'Doe'}, 'Charges': [{'Amount': 15000, 'Description': "
    "'January 2025 Water Bill', 'ChargeType': 'water', 'ClientAccount': {'AccountNumber': "
    "'ACC-12345', 'Name': 'John Doe', 'Balance': 15000, 'DueDate': '2025-02-01T00:00:00Z', "
    "'IssueDate': '2025-01-01', 'PhoneNumber': '555-0100', 'Note': 'n', 'MetaJson': '{}', "
    "'Address': {'StreetAddress': '1 Main St', 'StreetAddress2': 'Apt 2', 'City': 'Austin', "
    "'State': 'TX', 'ZipCode': '78701-1234'}}}], 'PaymentDescriptor': 'ACME WATER', "
    "'SuccessUrl': 'https://example.com/ok', 'ReturnUrl': 'https://example.com/back', "
    "'PaymentFields': {'invoiceNumber': 'INV-2025-001', 'memoLine': 'January payment'}, "
    "'CustomMeta': {'invoiceId': 'INV-2025-001', 'department': 'Water'}, "
    "'PaymentSourceIdentifier': 'ps-1'}");
  g_autofree char *identifier = NULL;
  g_autofree char *path = NULL;
  g_autoptr (SandboxResponse) inspected = NULL;
  JsonNode *data;

  sandbox_harness_reset (harness);
  identifier = sandbox_harness_initiate_ok (harness, json);
  path = g_strdup_printf ("/_sandbox/sessions/%s", identifier);
  inspected = sandbox_harness_get (harness, path);
  data = sandbox_assert_success (inspected);
  g_assert_cmpstr (sandbox_json_string (data, "paymentSession.channel"), ==, "QuickPay");
  g_assert_true (sandbox_json_is_null (data, "posUser"));
  g_assert_cmpstr (sandbox_json_string (data, "customMeta.invoiceId"), ==, "INV-2025-001");
  g_assert_cmpstr (sandbox_json_string (data, "customMeta.department"), ==, "Water");
  g_assert_cmpuint (sandbox_json_length (data, "customMeta"), ==, 2);
  g_assert_cmpstr (sandbox_json_string (data, "paymentFields.memoLine"), ==, "January payment");
  g_assert_cmpstr (sandbox_json_string (data, "lineItems[0].lineItemType"), ==, "water");
  g_assert_cmpstr (sandbox_json_string (data, "lineItems[0].accountNumber"), ==, "ACC-12345");
  g_assert_true (sandbox_json_is_null (data, "lineItems[0].subAccountNumber"));
}

static void
test_max_charges (void)
{
  g_autoptr (GString) charges = g_string_new (NULL);
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  g_autofree char *identifier = NULL;
  g_autoptr (SandboxResponse) response = NULL;

  sandbox_harness_reset (harness);
  for (guint i = 0; i < 25; i++)
    g_string_append_printf (charges, "%s{'Amount': %u}", i > 0 ? ", " : "", i + 1);
  text = g_strdup_printf ("{'BusinessUnitSlug': 'acme-utilities', 'Charges': [%s]}", charges->str);
  json = sandbox_json (text);
  identifier = sandbox_harness_initiate_ok (harness, json);
  g_assert_nonnull (identifier);

  g_free (text);
  g_free (json);
  g_string_append (charges, ", {'Amount': 26}");
  text = g_strdup_printf ("{'BusinessUnitSlug': 'acme-utilities', 'ClientReference': "
                          "'TOO-MANY', 'Charges': [%s]}",
                          charges->str);
  json = sandbox_json (text);
  response = sandbox_harness_initiate (harness, json);
  sandbox_assert_envelope_error (response, 200, "Charges");
  assert_reference_unused ("TOO-MANY");
}

/* Each rule, rejected: the request, and the property the error must name. */
static const struct {
  const char *json;
  const char *property;
} rejections[] = {
  { "{'Channel': 'POS', 'PosUser': '" SANDBOX_AVA "', 'Charges': [{'Amount': 1}]}",
    "BusinessUnitSlug" },
  { "{'BusinessUnitSlug': '', 'Charges': [{'Amount': 1}]}", "BusinessUnitSlug" },
  { "{'BusinessUnitSlug': 'no-such-unit', 'Charges': [{'Amount': 1}]}", "BusinessUnitSlug" },
  { "{'BusinessUnitSlug': 'ACME-UTILITIES', 'Charges': [{'Amount': 1}]}", "BusinessUnitSlug" },
  { "{'BusinessUnitSlug': 5, 'Charges': [{'Amount': 1}]}", "BusinessUnitSlug" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Channel': 'Kiosk', 'Charges': [{'Amount': 1}]}",
    "Channel" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Channel': 'pos', 'Charges': [{'Amount': 1}]}",
    "Channel" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Channel': 'POS', 'Charges': [{'Amount': 1}]}",
    "PosUser" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Channel': 'POS', 'PosUser': 'ava', 'Charges': "
    "[{'Amount': 1}]}",
    "PosUser" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Channel': 'POS', 'PosUser': "
    "'zed@acme-utilities.example', 'Charges': [{'Amount': 1}]}",
    "PosUser" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Channel': 'POS', 'PosUser': '" SANDBOX_CORY
    "', 'Charges': [{'Amount': 1}]}",
    "PosUser" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Channel': 'POS', 'PosUser': '" SANDBOX_AVA
    "', 'ClientUser': {'EmailAddress': 'c@example.com'}, 'Charges': [{'Amount': 1}]}",
    "ClientUser" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Channel': 'QuickPay', 'PosUser': '" SANDBOX_AVA
    "', 'Charges': [{'Amount': 1}]}",
    "PosUser" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'PosUser': '" SANDBOX_AVA
    "', 'Charges': [{'Amount': 1}]}",
    "PosUser" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'ClientUser': {'FirstName': 'A'}, 'Charges': "
    "[{'Amount': 1}]}",
    "ClientUser.EmailAddress" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'ClientUser': {'EmailAddress': 'not an email'}, "
    "'Charges': [{'Amount': 1}]}",
    "ClientUser.EmailAddress" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'ClientUser': 'c@example.com', 'Charges': [{'Amount': "
    "1}]}",
    "ClientUser" },
  { "{'BusinessUnitSlug': 'acme-utilities'}", "Charges" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': []}", "Charges" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': {'Amount': 1}}", "Charges" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [5]}", "Charges[0]" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Description': 'x'}]}",
    "Charges[0].Amount" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 0}]}", "Charges[0].Amount" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': -5}]}", "Charges[0].Amount" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 150.5}]}", "Charges[0].Amount" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1.0}]}", "Charges[0].Amount" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': '150'}]}", "Charges[0].Amount" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 2147483648}]}",
    "Charges[0].Amount" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1}, {'Amount': 0}]}",
    "Charges[1].Amount" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1, 'Description': 7}]}",
    "Charges[0].Description" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1, 'ClientAccount': {'Name': "
    "'A'}}]}",
    "Charges[0].ClientAccount.AccountNumber" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1, 'ClientAccount': "
    "{'AccountNumber': 'A-1'}}]}",
    "Charges[0].ClientAccount.Name" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1, 'ClientAccount': "
    "{'AccountNumber': 'A-1', 'Name': 'A', 'Balance': 10.5}}]}",
    "Charges[0].ClientAccount.Balance" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1, 'ClientAccount': "
    "{'AccountNumber': 'A-1', 'Name': 'A', 'DueDate': '02/01/2025'}}]}",
    "Charges[0].ClientAccount.DueDate" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1, 'ClientAccount': "
    "{'AccountNumber': 'A-1', 'Name': 'A', 'IssueDate': '2025-02-30'}}]}",
    "Charges[0].ClientAccount.IssueDate" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1, 'ClientAccount': "
    "{'AccountNumber': 'A-1', 'Name': 'A', 'Address': {'City': '"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxx"
    "'}}}]}",
    "Charges[0].ClientAccount.Address.City" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1, 'ClientAccount': "
    "{'AccountNumber': 'A-1', 'Name': 'A', 'Address': {'StreetAddress': '"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxx"
    "'}}}]}",
    "Charges[0].ClientAccount.Address.StreetAddress" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1, 'ClientAccount': "
    "{'AccountNumber': 'A-1', 'Name': 'A', 'Address': {'StreetAddress2': '"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxx"
    "'}}}]}",
    "Charges[0].ClientAccount.Address.StreetAddress2" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1, 'ClientAccount': "
    "{'AccountNumber': 'A-1', 'Name': 'A', 'Address': {'State': 'Texas'}}}]}",
    "Charges[0].ClientAccount.Address.State" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1, 'ClientAccount': "
    "{'AccountNumber': 'A-1', 'Name': 'A', 'Address': {'ZipCode': '1234'}}}]}",
    "Charges[0].ClientAccount.Address.ZipCode" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1}], 'SuccessUrl': "
    "'https://example.com/ok'}",
    "ReturnUrl" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1}], 'ReturnUrl': "
    "'https://example.com/back'}",
    "SuccessUrl" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1}], 'SuccessUrl': "
    "'javascript:alert(1)', 'ReturnUrl': 'https://example.com/back'}",
    "SuccessUrl" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1}], 'PaymentFields': "
    "{'colour': 'red'}}",
    "PaymentFields.colour" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1}], 'PaymentFields': "
    "{'InvoiceNumber': 'x'}}",
    "PaymentFields.InvoiceNumber" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1}], 'PaymentFields': "
    "{'invoiceNumber': 5}}",
    "PaymentFields.invoiceNumber" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1}], 'PaymentFields': "
    "['invoiceNumber']}",
    "PaymentFields" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1}], 'CustomMeta': {'n': 5}}",
    "CustomMeta.n" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1}], 'CustomMeta': 'x'}",
    "CustomMeta" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1}], 'Foo': 1}", "Foo" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1}], 'businessUnitSlug': "
    "'acme-utilities'}",
    "businessUnitSlug" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1, 'Colour': 'red'}]}",
    "Charges[0].Colour" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1, 'ClientAccount': "
    "{'AccountNumber': 'A-1', 'Name': 'A', 'Colour': 'red'}}]}",
    "Charges[0].ClientAccount.Colour" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'Charges': [{'Amount': 1, 'ClientAccount': "
    "{'AccountNumber': 'A-1', 'Name': 'A', 'Address': {'Country': 'US'}}}]}",
    "Charges[0].ClientAccount.Address.Country" },
  { "{'BusinessUnitSlug': 'acme-utilities', 'ClientUser': {'EmailAddress': 'c@example.com', "
    "'Phone': '1'}, 'Charges': [{'Amount': 1}]}",
    "ClientUser.Phone" },
};

/* A case's request (@json in single quotes, sandbox_json()) with the ClientReference @reference,
 * as sent; the log says what it is. */
static char *
case_request (const char *json, const char *reference)
{
  g_autofree char *double_quoted = sandbox_json (json);
  g_autoptr (JsonNode) root = json_from_string (double_quoted, NULL);
  char *request;

  g_assert_nonnull (root);
  json_object_set_string_member (json_node_get_object (root), "ClientReference", reference);
  request = json_to_string (root, FALSE);
  g_test_message ("%s: %s", reference, request);
  return request;
}

static void
test_rejections (void)
{
  sandbox_harness_reset (harness);
  for (guint i = 0; i < G_N_ELEMENTS (rejections); i++) {
    g_autofree char *reference = g_strdup_printf ("REJECTED-%u", i);
    /* A reference on every rejected request shows that nothing was stored. */
    g_autofree char *with_reference = case_request (rejections[i].json, reference);
    g_autoptr (SandboxResponse) response = NULL;
    g_autoptr (SandboxResponse) account = NULL;

    response = sandbox_harness_initiate (harness, with_reference);
    sandbox_assert_envelope_error (response, 200, rejections[i].property);
    /* That rule and no other: one error, for that property. */
    g_assert_cmpuint (sandbox_json_length (response->json, "errors"), ==, 1);
    assert_reference_unused (reference);
    account = sandbox_harness_get (harness, "/_sandbox/accounts/acme-utilities/A-1");
    g_assert_cmpuint (account->status, ==, 404);
  }
}

/* Each rule, accepted at its edges: the request, and a member of the stored session (in the
 * inspection route's shape) with the value it must have, or NULL. */
#define SLUG_ONLY  "'BusinessUnitSlug': 'acme-utilities'"
#define ONE_CHARGE "'Charges': [{'Amount': 1}]"
#define WITH_ACCOUNT(fields)                                                              \
  "{" SLUG_ONLY ", 'Charges': [{'Amount': 1, 'ClientAccount': {'AccountNumber': 'OK-1', " \
  "'Name': 'A'" fields "}}]}"
/* 100 times "é": 100 characters, 200 bytes. */
#define E_ACUTE_100                                                                              \
  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3" \
  "\xa9"                                                                                         \
  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3" \
  "\xa9"                                                                                         \
  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3" \
  "\xa9"                                                                                         \
  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3" \
  "\xa9"                                                                                         \
  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3" \
  "\xa9"                                                                                         \
  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3" \
  "\xa9"                                                                                         \
  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3" \
  "\xa9"                                                                                         \
  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3" \
  "\xa9"                                                                                         \
  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"

static const struct {
  const char *json;
  const char *path;
  const char *expected;
} acceptances[] = {
  /* Channel: absent means QuickPay; QuickPay and POS by name. */
  { "{" SLUG_ONLY ", " ONE_CHARGE "}", "paymentSession.channel", "QuickPay" },
  { "{" SLUG_ONLY ", 'Channel': 'QuickPay', " ONE_CHARGE "}", "paymentSession.channel",
    "QuickPay" },
  { "{" SLUG_ONLY ", 'Channel': 'POS', 'PosUser': '" SANDBOX_AVA "', " ONE_CHARGE "}",
    "paymentSession.channel", "POS" },
  /* PosUser: every POS user of the unit, compared case-insensitively. */
  { "{" SLUG_ONLY ", 'Channel': 'POS', 'PosUser': '" SANDBOX_BEN "', " ONE_CHARGE "}", "posUser",
    SANDBOX_BEN },
  { "{" SLUG_ONLY ", 'Channel': 'POS', 'PosUser': 'AVA@ACME-UTILITIES.EXAMPLE', " ONE_CHARGE "}",
    "posUser", "AVA@ACME-UTILITIES.EXAMPLE" },
  /* Optional members as null are absent. */
  { "{" SLUG_ONLY ", 'Channel': 'QuickPay', 'PosUser': null, 'ClientUser': null, 'SuccessUrl': "
    "null, 'ReturnUrl': null, " ONE_CHARGE "}",
    "posUser", NULL },
  /* Amount: 1 to 2147483647 cents. */
  { "{" SLUG_ONLY ", 'Charges': [{'Amount': 2147483647}]}", "lineItems[0].description", NULL },
  /* ClientUser: the email alone is enough. */
  { "{" SLUG_ONLY ", 'ClientUser': {'EmailAddress': 'solo@example.com'}, " ONE_CHARGE "}",
    "paymentSession.channel", "QuickPay" },
  /* ClientAccount: AccountNumber and Name are all it needs. */
  { WITH_ACCOUNT (""), "lineItems[0].accountNumber", "OK-1" },
  /* Balance: zero, a credit and the largest amount. */
  { WITH_ACCOUNT (", 'Balance': 0"), "lineItems[0].accountNumber", "OK-1" },
  { WITH_ACCOUNT (", 'Balance': -500"), "lineItems[0].accountNumber", "OK-1" },
  { WITH_ACCOUNT (", 'Balance': 2147483647"), "lineItems[0].accountNumber", "OK-1" },
  /* DueDate and IssueDate: dates and date-times. */
  { WITH_ACCOUNT (", 'DueDate': '2024-02-29', 'IssueDate': '2025-01-01T00:00:00Z'"),
    "lineItems[0].accountNumber", "OK-1" },
  { WITH_ACCOUNT (", 'DueDate': '2025-02-01T10:30:00-05:00', 'IssueDate': '2025-01-01'"),
    "lineItems[0].accountNumber", "OK-1" },
  /* Address: 100 characters (200 bytes here) fit; territories and military states count; both
   * ZIP code forms. */
  { WITH_ACCOUNT (", 'Address': {'StreetAddress': '" E_ACUTE_100
                  "', 'StreetAddress2': '" E_ACUTE_100 "', 'City': '" E_ACUTE_100
                  "', 'State': 'PR', 'ZipCode': '00901'}"),
    "lineItems[0].accountNumber", "OK-1" },
  { WITH_ACCOUNT (", 'Address': {'State': 'DC', 'ZipCode': '20001-1234'}"),
    "lineItems[0].accountNumber", "OK-1" },
  { WITH_ACCOUNT (", 'Address': {'State': 'AE'}"), "lineItems[0].accountNumber", "OK-1" },
  /* SuccessUrl and ReturnUrl together, http or https. */
  { "{" SLUG_ONLY ", " ONE_CHARGE ", 'SuccessUrl': 'http://localhost:8080/done', 'ReturnUrl': "
    "'https://example.com/back?x=1'}",
    "paymentSession.channel", "QuickPay" },
  /* PaymentFields: configured keys, all, some or none. */
  { "{" SLUG_ONLY ", " ONE_CHARGE ", 'PaymentFields': {'invoiceNumber': 'I-1', 'memoLine': 'M'}}",
    "paymentFields.memoLine", "M" },
  { "{" SLUG_ONLY ", " ONE_CHARGE ", 'PaymentFields': {'memoLine': ''}}", "paymentFields.memoLine",
    "" },
  { "{" SLUG_ONLY ", " ONE_CHARGE ", 'PaymentFields': {}}", "paymentFields.invoiceNumber", NULL },
  /* CustomMeta: any string keys and values, no configuration. */
  { "{" SLUG_ONLY ", " ONE_CHARGE ", 'CustomMeta': {'any key': 'caf\xc3\xa9', 'x': ''}}",
    "customMeta.any key", "caf\xc3\xa9" },
  /* The older schema's members are accepted. */
  { "{" SLUG_ONLY ", " ONE_CHARGE ", 'PaymentSourceIdentifier': 'ps-9'}", "paymentSession.channel",
    "QuickPay" },
  { WITH_ACCOUNT (", 'MetaJson': '{\\'custom\\': 1}'"), "lineItems[0].accountNumber", "OK-1" },
};

static void
test_acceptances (void)
{
  sandbox_harness_reset (harness);
  for (guint i = 0; i < G_N_ELEMENTS (acceptances); i++) {
    g_autofree char *reference = g_strdup_printf ("ACCEPTED-%u", i);
    g_autofree char *with_reference = case_request (acceptances[i].json, reference);
    g_autofree char *identifier = NULL;
    g_autofree char *lookup = NULL;
    g_autoptr (SandboxResponse) stored = NULL;
    JsonNode *data;

    identifier = sandbox_harness_initiate_ok (harness, with_reference);

    lookup = g_strdup_printf ("/_sandbox/sessions?clientReference=%s", reference);
    stored = sandbox_harness_get (harness, lookup);
    data = sandbox_assert_success (stored);
    g_assert_cmpstr (sandbox_json_string (data, "paymentSession.identifier"), ==, identifier);
    g_assert_cmpstr (sandbox_json_string (data, "clientReference"), ==, reference);
    if (acceptances[i].expected != NULL)
      g_assert_cmpstr (sandbox_json_string (data, acceptances[i].path), ==,
                       acceptances[i].expected);
    else
      g_assert_true (sandbox_json_is_null (data, acceptances[i].path));
  }
}

static void
test_all_errors_at_once (void)
{
  g_autofree char *json = sandbox_json (
    "{'BusinessUnitSlug': 'acme-utilities', 'Channel': 'POS', 'ClientUser': {'EmailAddress': "
    "'c@example.com'}, 'Charges': [{'Amount': 0}, {'Amount': 5, 'ClientAccount': {'Name': 'A'}}], "
    "'SuccessUrl': 'https://example.com/ok', 'Unknown': true}");
  g_autoptr (SandboxResponse) response = sandbox_harness_initiate (harness, json);

  sandbox_assert_envelope_error (response, 200, "PosUser");
  g_assert_true (sandbox_response_has_error (response, "ClientUser"));
  g_assert_true (sandbox_response_has_error (response, "Charges[0].Amount"));
  g_assert_true (sandbox_response_has_error (response, "Charges[1].ClientAccount.AccountNumber"));
  g_assert_true (sandbox_response_has_error (response, "ReturnUrl"));
  g_assert_true (sandbox_response_has_error (response, "Unknown"));
  g_assert_cmpuint (sandbox_json_length (response->json, "errors"), ==, 6);
  g_assert_cmpuint (sandbox_json_length (response->json, ""), ==, 3);
}

/* An integer beyond 64 bits is answered at its field, as a server binding the documented model
 * does for any amount out of range, not for the whole body: the app maps errors by that path.
 * Raw bodies: json-glib (json_from_string) would read such a number as -1. */
static const struct {
  const char *json;
  const char *property;
  const char *message;
} wide_integers[] = {
  { "{'BusinessUnitSlug': 'acme-utilities', 'ClientReference': 'WIDE-0', 'Charges': "
    "[{'Amount': 1}, {'Amount': 99999999999999999999}]}",
    "Charges[1].Amount", "The amount must be at most $21,474,836.47." },
  { "{'BusinessUnitSlug': 'acme-utilities', 'ClientReference': 'WIDE-1', 'Charges': "
    "[{'Amount': 1}, {'Amount': -99999999999999999999}]}",
    "Charges[1].Amount", "The amount must be more than zero." },
  { "{'BusinessUnitSlug': 'acme-utilities', 'ClientReference': 'WIDE-2', 'Charges': "
    "[{'Amount': 9223372036854775808}]}",
    "Charges[0].Amount", "The amount must be at most $21,474,836.47." },
  { "{'BusinessUnitSlug': 'acme-utilities', 'ClientReference': 'WIDE-3', 'Charges': [{'Amount': "
    "1, 'ClientAccount': {'AccountNumber': 'A-1', 'Name': 'A', 'Balance': "
    "123456789012345678901234567890}}]}",
    "Charges[0].ClientAccount.Balance",
    "The balance must be between -$21,474,836.47 and $21,474,836.47." },
  /* Where a number has no business at all, the usual type error. */
  { "{'BusinessUnitSlug': 'acme-utilities', 'ClientReference': 'WIDE-4', 'Charges': [{'Amount': "
    "1}], 'CustomMeta': {'n': 99999999999999999999}}",
    "CustomMeta.n", NULL },
};

static void
test_wide_integers (void)
{
  sandbox_harness_reset (harness);
  for (guint i = 0; i < G_N_ELEMENTS (wide_integers); i++) {
    g_autofree char *json = sandbox_json (wide_integers[i].json);
    g_autofree char *reference = g_strdup_printf ("WIDE-%u", i);
    g_autoptr (SandboxResponse) response = NULL;

    g_test_message ("case %u: %s", i, json);
    response = sandbox_harness_initiate (harness, json);
    sandbox_assert_envelope_error (response, 200, wide_integers[i].property);
    g_assert_cmpuint (sandbox_json_length (response->json, "errors"), ==, 1);
    if (wide_integers[i].message != NULL)
      g_assert_cmpstr (sandbox_json_string (response->json, "errors[0].errorMessage"), ==,
                       wide_integers[i].message);
    assert_reference_unused (reference);
  }
}

/* A number in exponent form is a type error for Amount, and the request log that holds the body
 * stays valid JSON: json-glib 1.6 alone wrote 1e20 back as "1e+20.0" (found by
 * fuzz/fuzz-sandbox-http), and /_sandbox/requests answered with a document no reader accepts. */
static void
test_exponent_logged (void)
{
  g_autoptr (SandboxResponse) response = NULL;
  g_autoptr (SandboxResponse) log = NULL;
  JsonNode *requests;
  JsonNode *last;

  sandbox_harness_reset (harness);
  response = sandbox_harness_initiate (
    harness, "{\"BusinessUnitSlug\": \"acme-utilities\", \"Charges\": [{\"Amount\": 1e20}], "
             "\"CustomMeta\": {\"small\": 1e-7}}");
  sandbox_assert_envelope_error (response, 200, "Charges[0].Amount");
  log = sandbox_harness_get (harness, "/_sandbox/requests");
  if (log->json == NULL)
    g_test_message ("the log is not JSON: %s", log->body);
  g_assert_nonnull (log->json);
  requests = sandbox_json_at (sandbox_assert_success (log), "requests");
  g_assert_nonnull (requests);
  last = json_array_get_element (json_node_get_array (requests),
                                 json_array_get_length (json_node_get_array (requests)) - 1);
  g_assert_cmpstr (sandbox_json_string (last, "path"), ==, "/integrations/embedded/initiate");
  g_assert_cmpfloat (json_node_get_double (sandbox_json_at (last, "body.Charges[0].Amount")), ==,
                     1e20);
  g_assert_cmpfloat (json_node_get_double (sandbox_json_at (last, "body.CustomMeta.small")), ==,
                     1e-7);
}

static void
test_client_reference_unique (void)
{
  g_autofree char *json = pos_request ("'ClientReference': 'UNIQUE-1'");
  g_autofree char *first = NULL;
  g_autoptr (SandboxResponse) again = NULL;
  g_autoptr (SandboxResponse) lookup = NULL;

  sandbox_harness_reset (harness);
  first = sandbox_harness_initiate_ok (harness, json);
  again = sandbox_harness_initiate (harness, json);
  sandbox_assert_envelope_error (again, 200, "ClientReference");
  lookup = sandbox_harness_get (harness, "/_sandbox/sessions?clientReference=UNIQUE-1");
  g_assert_cmpstr (
    sandbox_json_string (sandbox_assert_success (lookup), "paymentSession.identifier"), ==, first);
}

typedef struct {
  guint pending;
  guint succeeded;
  guint rejected_reference;
  guint other;
} Race;

static void
on_race_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Race *race = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body =
    soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr (JsonNode) root = NULL;
  SandboxResponse response = { 0 };

  g_assert_no_error (error);
  root = json_from_string (g_bytes_get_data (body, NULL), NULL);
  response.json = root;
  if (!sandbox_json_bool (root, "hasErrors"))
    race->succeeded++;
  else if (sandbox_response_has_error (&response, "ClientReference"))
    race->rejected_reference++;
  else
    race->other++;
  race->pending--;
}

static void
test_client_reference_concurrent (void)
{
  g_autofree char *json = pos_request ("'ClientReference': 'RACE-1'");
  g_autofree char *uri = g_strconcat (harness->base_uri, INITIATE, NULL);
  g_autoptr (GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  Race race = { 0 };

  sandbox_harness_reset (harness);
  for (guint i = 0; i < 20; i++) {
    SoupMessage *msg = soup_message_new ("POST", uri);
    g_autoptr (GBytes) body = g_bytes_new (json, strlen (json));

    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Paystar-Api-Key",
                                  SANDBOX_KEY);
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
    g_ptr_array_add (messages, msg);
  }
  /* All twenty are queued before any answer is read, on up to 64 connections. */
  race.pending = messages->len;
  for (guint i = 0; i < messages->len; i++)
    soup_session_send_and_read_async (harness->session, g_ptr_array_index (messages, i),
                                      G_PRIORITY_DEFAULT, NULL, on_race_answer, &race);
  while (race.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (race.succeeded, ==, 1);
  g_assert_cmpuint (race.rejected_reference, ==, 19);
  g_assert_cmpuint (race.other, ==, 0);
}

/* Sends a body that must be refused with @status and an envelope whose one error, for the whole
 * document (propertyName ""), says what is wrong: its message contains @fragment. */
static void
assert_bad_body (const char *content_type,
                 const char *body,
                 gssize length,
                 guint status,
                 const char *fragment)
{
  g_autoptr (SandboxResponse) response =
    sandbox_harness_request (harness, "POST", INITIATE, SANDBOX_KEY, content_type, body, length);
  g_autoptr (SandboxResponse) health = NULL;
  const char *message;

  g_test_message ("body of %" G_GSSIZE_FORMAT " bytes: %u %s", length, response->status,
                  response->body);
  sandbox_assert_envelope_error (response, status, "");
  g_assert_cmpuint (sandbox_json_length (response->json, "errors"), ==, 1);
  message = sandbox_json_string (response->json, "errors[0].errorMessage");
  g_assert_nonnull (message);
  if (strstr (message, fragment) == NULL)
    g_error ("the message \"%s\" does not say \"%s\"", message, fragment);
  health = sandbox_harness_request (harness, "GET", "/_sandbox/health", NULL, NULL, NULL, 0);
  g_assert_cmpuint (health->status, ==, 200);
}

/* @depth nested arrays inside CustomMeta, whose own object is level 2. */
static char *
nested_custom_meta (guint depth)
{
  g_autoptr (GString) json = g_string_new ("{\"BusinessUnitSlug\": \"acme-utilities\", "
                                           "\"Charges\": [{\"Amount\": 1}], \"CustomMeta\": "
                                           "{\"k\": ");

  for (guint i = 0; i < depth; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (json, ']');
  g_string_append (json, "}}");
  return g_string_free (g_steal_pointer (&json), FALSE);
}

static void
test_bad_bodies (void)
{
  g_autofree char *deep = NULL;
  g_autofree char *depth_32 = nested_custom_meta (30);
  g_autofree char *depth_33 = nested_custom_meta (31);
  g_autoptr (GString) big = g_string_new ("{'BusinessUnitSlug': '");
  g_autofree char *json = NULL;
  const char *not_json = "The request body is not valid JSON";

  sandbox_harness_reset (harness);
  assert_bad_body ("application/json", "", 0, 400, "The document is empty");
  assert_bad_body ("application/json", "{", -1, 400, "ends too early");
  assert_bad_body ("application/json", "{\"BusinessUnitSlug\": 'acme-utilities'}", -1, 400,
                   "Single quotes are not allowed");
  assert_bad_body ("application/json", "{\"a\": 1 /* comment */}", -1, 400,
                   "Comments are not allowed");
  assert_bad_body ("application/json", "// comment\n{}", -1, 400, not_json);
  assert_bad_body ("application/json",
                   "{\"BusinessUnitSlug\": \"acme-utilities\", \"BusinessUnitSlug\": \"x\"}", -1,
                   400, "Duplicate key “BusinessUnitSlug”");
  assert_bad_body ("application/json", "{\"Charges\": [{\"Amount\": 0x10}]}", -1, 400,
                   "Hexadecimal numbers are not allowed");
  assert_bad_body ("application/json", "{\"Charges\": [{\"Amount\": 010}]}", -1, 400,
                   "leading zeros");
  assert_bad_body ("application/json", "{\"Charges\": [{\"Amount\": .5}]}", -1, 400,
                   "must start with a digit");
  /* An integer beyond 64 bits is a field error (test_wide_integers); a number beyond a double's
   * range is not a number at all. */
  assert_bad_body ("application/json", "{\"Charges\": [{\"Amount\": 1e999}]}", -1, 400,
                   "out of range");
  assert_bad_body ("application/json", "{\"a\": \"\\u0000\"}", -1, 400, "\\u0000");
  assert_bad_body ("application/json", "{\"a\": \"line\nbreak\"}", -1, 400, "Control character");
  assert_bad_body ("application/json", "{\"a\": \"\xff\"}", -1, 400, "Invalid UTF-8");
  assert_bad_body ("application/json", "{} {}", -1, 400, "after the end of the document");
  assert_bad_body ("application/json", "{}x", -1, 400, "after the end of the document");
  assert_bad_body ("application/json", "[]", -1, 400, "must be a JSON object");
  assert_bad_body ("application/json", "\"string\"", -1, 400, "must be a JSON object");
  assert_bad_body ("application/json", "42", -1, 400, "must be a JSON object");
  assert_bad_body ("application/json", "null", -1, 400, "must be a JSON object");
  deep = g_strnfill (100000, '[');
  assert_bad_body ("application/json", deep, -1, 400, "nested too deeply");
  /* The depth cap is 32 levels: 32 are read (and CustomMeta's value is then a type error), 33
   * are not read at all. */
  {
    g_autoptr (SandboxResponse) response = sandbox_harness_initiate (harness, depth_32);

    sandbox_assert_envelope_error (response, 200, "CustomMeta.k");
  }
  assert_bad_body ("application/json", depth_33, -1, 400, "at most 32 levels");
  assert_bad_body ("text/plain", "{}", -1, 415, "Content-Type: application/json");
  assert_bad_body ("application/x-www-form-urlencoded", "a=b", -1, 415,
                   "Content-Type: application/json");
  assert_bad_body (NULL, "{}", -1, 415, "Content-Type: application/json");
  assert_bad_body ("application/json; charset=latin1", "{}", -1, 415,
                   "Content-Type: application/json");

  /* One byte over 1 MiB, and a valid document just under it. */
  while (big->len < 1024 * 1024 - 64)
    g_string_append_c (big, 'x');
  g_string_append (big, "', 'Charges': [{'Amount': 1}]}");
  json = sandbox_json (big->str);
  {
    g_autoptr (SandboxResponse) response = sandbox_harness_initiate (harness, json);

    /* Under the cap: read and validated (a long slug is simply unknown). */
    sandbox_assert_envelope_error (response, 200, "BusinessUnitSlug");
  }
  g_free (json);
  json = g_strnfill (1024 * 1024 + 1, ' ');
  json[0] = '{';
  json[1024 * 1024] = '}';
  assert_bad_body ("application/json", json, -1, 413, "larger than 1048576 bytes");
}

static void
test_too_large_chunked (void)
{
  g_autoptr (GString) request = g_string_new (NULL);
  g_autofree char *chunk = g_strnfill (64 * 1024, ' ');
  g_autofree char *answer = NULL;
  guint status;

  g_string_append_printf (request,
                          "POST " INITIATE " HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                          "X-Paystar-Api-Key: " SANDBOX_KEY "\r\nContent-Type: application/json\r\n"
                          "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
                          harness->port);
  /* 17 chunks of 64 KiB: more than 1 MiB without a Content-Length to refuse early. */
  for (guint i = 0; i < 17; i++)
    g_string_append_printf (request, "%x\r\n%s\r\n", (guint) strlen (chunk), chunk);
  g_string_append (request, "0\r\n\r\n");
  status = sandbox_harness_raw (harness, request->str, request->len, &answer);
  g_assert_cmpuint (status, ==, 413);
  g_assert_nonnull (strstr (answer, "\"hasErrors\":true"));
}

static void
test_auth (void)
{
  g_autofree char *json = pos_request ("'ClientReference': 'AUTH-1'");
  g_autoptr (SandboxResponse) missing = NULL;
  g_autoptr (SandboxResponse) wrong = NULL;
  g_autoptr (SandboxResponse) prefix = NULL;
  g_autoptr (SandboxResponse) longer = NULL;

  sandbox_harness_reset (harness);
  missing = sandbox_harness_request (harness, "POST", INITIATE, NULL, "application/json", json, -1);
  sandbox_assert_envelope_error (missing, 401, "");
  wrong =
    sandbox_harness_request (harness, "POST", INITIATE, "wrong-key", "application/json", json, -1);
  sandbox_assert_envelope_error (wrong, 401, "");
  prefix =
    sandbox_harness_request (harness, "POST", INITIATE, "sandbox", "application/json", json, -1);
  sandbox_assert_envelope_error (prefix, 401, "");
  longer = sandbox_harness_request (harness, "POST", INITIATE, "sandbox-key2", "application/json",
                                    json, -1);
  sandbox_assert_envelope_error (longer, 401, "");
  /* Nothing was stored: the reference is still free. */
  assert_reference_unused ("AUTH-1");
  g_free (sandbox_harness_initiate_ok (harness, json));
}

static void
test_method_not_allowed (void)
{
  g_autoptr (SandboxResponse) response =
    sandbox_harness_request (harness, "GET", INITIATE, SANDBOX_KEY, NULL, NULL, 0);

  sandbox_assert_envelope_error (response, 405, "");
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Allow"), ==, "POST");
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/initiate/pos-success", test_pos_success);
  g_test_add_func ("/sandbox/initiate/quickpay-success", test_quickpay_success);
  g_test_add_func ("/sandbox/initiate/max-charges", test_max_charges);
  g_test_add_func ("/sandbox/initiate/acceptances", test_acceptances);
  g_test_add_func ("/sandbox/initiate/rejections", test_rejections);
  g_test_add_func ("/sandbox/initiate/all-errors-at-once", test_all_errors_at_once);
  g_test_add_func ("/sandbox/initiate/wide-integers", test_wide_integers);
  g_test_add_func ("/sandbox/initiate/exponent-logged", test_exponent_logged);
  g_test_add_func ("/sandbox/initiate/client-reference-unique", test_client_reference_unique);
  g_test_add_func ("/sandbox/initiate/client-reference-concurrent",
                   test_client_reference_concurrent);
  g_test_add_func ("/sandbox/initiate/bad-bodies", test_bad_bodies);
  g_test_add_func ("/sandbox/initiate/too-large-chunked", test_too_large_chunked);
  g_test_add_func ("/sandbox/initiate/auth", test_auth);
  g_test_add_func ("/sandbox/initiate/method-not-allowed", test_method_not_allowed);

  harness = sandbox_harness_start_argv (NULL);
  status = g_test_run ();
  g_assert_cmpint (sandbox_harness_stop (harness, SIGTERM), ==, 0);
  sandbox_harness_free (harness);
  return status;
}
