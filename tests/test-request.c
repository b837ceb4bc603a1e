/* test-request.c: tests of the request model, its copies, and its JSON form both ways.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "paystar-error.h"
#include "paystar-json.h"
#include "paystar-money.h"
#include "paystar-request.h"

/* Documents in these tests are written with single quotes for readability; this turns them into
 * JSON. None of the test values contains an apostrophe. */
static char *
dq (const char *text)
{
  char *copy = g_strdup (text);

  g_strdelimit (copy, "'", '"');
  return copy;
}

static JsonNode *
parse (const char *single_quoted)
{
  g_autofree char *json = dq (single_quoted);
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  root = paystar_json_parse (json, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

/* A request with every member set, built in an order unlike the documented one so that the
 * serialiser has to put the keys in order itself. */
static PaystarRequest *
make_full_request (void)
{
  PaystarRequest *request = paystar_request_new ();
  PaystarCharge *charge;
  PaystarClientAccount *account;

  request->payment_source_identifier = g_strdup ("ps-1");
  request->custom_meta = paystar_pairs_new ();
  paystar_pairs_set (request->custom_meta, "invoiceId", "INV-2025-001");
  paystar_pairs_set (request->custom_meta, "department", "Water");
  request->payment_fields = paystar_pairs_new ();
  paystar_pairs_set (request->payment_fields, "memoLine", "January payment");
  request->return_url = g_strdup ("https://station.example/return");
  request->success_url = g_strdup ("https://station.example/success");
  request->client_reference = g_strdup ("REF-1");
  request->payment_descriptor = g_strdup ("ACME UTIL");

  charge = paystar_charge_new (15000);
  account = paystar_client_account_new ();
  account->address = paystar_address_new ();
  account->address->zip_code = g_strdup ("78701");
  account->address->state = g_strdup ("TX");
  account->address->city = g_strdup ("Austin");
  account->address->street_address2 = g_strdup ("Suite 5");
  account->address->street_address = g_strdup ("1 Main St");
  account->meta_json = g_strdup ("{\"k\":1}");
  account->note = g_strdup ("Walk-in");
  account->issue_date = g_strdup ("2025-01-01");
  account->due_date = g_strdup ("2025-02-01T00:00:00Z");
  account->phone_number = g_strdup ("512-555-0100");
  account->has_balance = TRUE;
  account->balance = -250;
  account->name = g_strdup ("John Doe");
  account->sub_account_number = g_strdup ("01");
  account->account_number = g_strdup ("ACC-12345");
  charge->client_account = account;
  charge->charge_type = g_strdup ("water");
  charge->description = g_strdup ("January 2025 Water Bill");
  paystar_request_add_charge (request, charge);
  paystar_request_add_charge (request, paystar_charge_new (1));

  request->client_user = paystar_client_user_new ("john@example.com");
  request->client_user->last_name = g_strdup ("Doe");
  request->client_user->first_name = g_strdup ("John");
  request->pos_user = g_strdup ("ava@acme-utilities.example");
  request->channel = g_strdup ("QuickPay");
  request->business_unit_slug = g_strdup ("acme-utilities");
  return request;
}

static const char full_json[] =
  "{\"BusinessUnitSlug\":\"acme-utilities\",\"Channel\":\"QuickPay\","
  "\"PosUser\":\"ava@acme-utilities.example\","
  "\"ClientUser\":{\"EmailAddress\":\"john@example.com\",\"FirstName\":\"John\","
  "\"LastName\":\"Doe\"},"
  "\"Charges\":[{\"Amount\":15000,\"Description\":\"January 2025 Water Bill\","
  "\"ChargeType\":\"water\",\"ClientAccount\":{\"AccountNumber\":\"ACC-12345\","
  "\"SubAccountNumber\":\"01\",\"Name\":\"John Doe\",\"Balance\":-250,"
  "\"PhoneNumber\":\"512-555-0100\",\"DueDate\":\"2025-02-01T00:00:00Z\","
  "\"IssueDate\":\"2025-01-01\",\"Note\":\"Walk-in\",\"MetaJson\":\"{\\\"k\\\":1}\","
  "\"Address\":{\"StreetAddress\":\"1 Main St\",\"StreetAddress2\":\"Suite 5\","
  "\"City\":\"Austin\",\"State\":\"TX\",\"ZipCode\":\"78701\"}}},{\"Amount\":1}],"
  "\"PaymentDescriptor\":\"ACME UTIL\",\"ClientReference\":\"REF-1\","
  "\"SuccessUrl\":\"https://station.example/success\","
  "\"ReturnUrl\":\"https://station.example/return\","
  "\"PaymentFields\":{\"memoLine\":\"January payment\"},"
  "\"CustomMeta\":{\"invoiceId\":\"INV-2025-001\",\"department\":\"Water\"},"
  "\"PaymentSourceIdentifier\":\"ps-1\"}";

static void
test_construct (void)
{
  g_autoptr (PaystarRequest) request = paystar_request_new ();
  g_autoptr (PaystarCharge) charge = paystar_charge_new (250);
  g_autoptr (PaystarClientUser) user = paystar_client_user_new ("x@example.com");
  g_autoptr (PaystarClientAccount) account = paystar_client_account_new ();
  g_autoptr (PaystarAddress) address = paystar_address_new ();

  g_assert_nonnull (request->charges);
  g_assert_cmpuint (request->charges->len, ==, 0);
  g_assert_false (request->has_charges);
  g_assert_null (request->business_unit_slug);
  g_assert_null (request->channel);
  g_assert_null (request->client_user);
  g_assert_null (request->payment_fields);
  g_assert_null (request->custom_meta);
  g_assert_cmpint (paystar_request_total (request), ==, 0);

  g_assert_true (charge->has_amount);
  g_assert_cmpint (charge->amount, ==, 250);
  g_assert_null (charge->client_account);
  g_assert_cmpstr (user->email_address, ==, "x@example.com");
  g_assert_null (user->first_name);
  g_assert_false (account->has_balance);
  g_assert_null (account->address);
  g_assert_null (address->state);

  paystar_request_add_charge (request, paystar_charge_new (100));
  paystar_request_add_charge (request, paystar_charge_new (23));
  g_assert_true (request->has_charges);
  g_assert_cmpuint (request->charges->len, ==, 2);
  g_assert_cmpint (paystar_request_total (request), ==, 123);
}

static void
test_total_saturates (void)
{
  g_autoptr (PaystarRequest) request = paystar_request_new ();
  PaystarCharge *missing = paystar_charge_new (0);

  paystar_request_add_charge (request, paystar_charge_new (G_MAXINT64));
  paystar_request_add_charge (request, paystar_charge_new (5));
  g_assert_cmpint (paystar_request_total (request), ==, G_MAXINT64);

  g_ptr_array_set_size (request->charges, 0);
  paystar_request_add_charge (request, paystar_charge_new (G_MININT64));
  paystar_request_add_charge (request, paystar_charge_new (-5));
  g_assert_cmpint (paystar_request_total (request), ==, G_MININT64);

  /* A charge without an amount adds nothing. */
  g_ptr_array_set_size (request->charges, 0);
  missing->has_amount = FALSE;
  missing->amount = 999;
  paystar_request_add_charge (request, missing);
  paystar_request_add_charge (request, paystar_charge_new (7));
  g_assert_cmpint (paystar_request_total (request), ==, 7);
}

static void
test_copy (void)
{
  g_autoptr (PaystarRequest) request = make_full_request ();
  g_autoptr (PaystarRequest) copy = paystar_request_copy (request);
  g_autofree char *before = paystar_request_to_json (request, NULL);
  g_autofree char *copied = NULL;
  g_autofree char *after = NULL;
  PaystarCharge *charge;

  copied = paystar_request_to_json (copy, NULL);
  g_assert_cmpstr (copied, ==, before);
  g_assert_true (copy->has_charges);

  /* Deep: nothing is shared. */
  g_assert_true (copy->client_user != request->client_user);
  g_assert_true (copy->charges != request->charges);
  charge = g_ptr_array_index (copy->charges, 0);
  g_assert_true (charge != g_ptr_array_index (request->charges, 0));
  g_assert_true (charge->client_account !=
                 ((PaystarCharge *) g_ptr_array_index (request->charges, 0))->client_account);
  g_assert_true (copy->payment_fields != request->payment_fields);

  /* Changing the original leaves the copy alone. */
  g_free (request->business_unit_slug);
  request->business_unit_slug = g_strdup ("other");
  paystar_pairs_set (request->custom_meta, "department", "Power");
  charge = g_ptr_array_index (request->charges, 0);
  g_free (charge->client_account->address->city);
  charge->client_account->address->city = g_strdup ("Dallas");
  paystar_request_free (g_steal_pointer (&request));

  after = paystar_request_to_json (copy, NULL);
  g_assert_cmpstr (after, ==, before);
}

static void
test_copy_parts (void)
{
  g_autoptr (PaystarRequest) request = make_full_request ();
  const PaystarCharge *charge = g_ptr_array_index (request->charges, 0);
  g_autoptr (PaystarCharge) charge_copy = paystar_charge_copy (charge);
  g_autoptr (PaystarClientAccount) account_copy =
    paystar_client_account_copy (charge->client_account);
  g_autoptr (PaystarAddress) address_copy = paystar_address_copy (charge->client_account->address);
  g_autoptr (PaystarClientUser) user_copy = paystar_client_user_copy (request->client_user);

  g_assert_cmpint (charge_copy->amount, ==, 15000);
  g_assert_cmpstr (charge_copy->charge_type, ==, "water");
  g_assert_cmpstr (charge_copy->client_account->name, ==, "John Doe");
  g_assert_true (account_copy->has_balance);
  g_assert_cmpint (account_copy->balance, ==, -250);
  g_assert_cmpstr (account_copy->meta_json, ==, "{\"k\":1}");
  g_assert_cmpstr (account_copy->address->zip_code, ==, "78701");
  g_assert_cmpstr (address_copy->street_address2, ==, "Suite 5");
  g_assert_cmpstr (user_copy->last_name, ==, "Doe");
}

static void
test_pairs (void)
{
  g_autoptr (GPtrArray) pairs = paystar_pairs_new ();
  const PaystarPair *pair;

  g_assert_null (paystar_pairs_get (pairs, "a"));
  paystar_pairs_set (pairs, "b", "1");
  paystar_pairs_set (pairs, "a", "2");
  paystar_pairs_set (pairs, "b", "3");
  g_assert_cmpuint (pairs->len, ==, 2);
  g_assert_cmpstr (paystar_pairs_get (pairs, "b"), ==, "3");
  g_assert_cmpstr (paystar_pairs_get (pairs, "a"), ==, "2");
  g_assert_null (paystar_pairs_get (pairs, "B"));
  /* Order of first insertion is kept. */
  pair = g_ptr_array_index (pairs, 0);
  g_assert_cmpstr (pair->key, ==, "b");
  pair = g_ptr_array_index (pairs, 1);
  g_assert_cmpstr (pair->key, ==, "a");
}

static void
test_field_errors (void)
{
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  g_autoptr (PaystarFieldError) copy = NULL;
  const PaystarFieldError *found;

  g_assert_null (paystar_field_errors_find (errors, "Charges"));
  paystar_field_errors_add (errors, "Charges[2].ClientAccount.Name", "Enter %s.", "a name");
  paystar_field_errors_add (errors, "Charges", "first");
  paystar_field_errors_add (errors, "Charges", "second");
  g_assert_cmpuint (errors->len, ==, 3);

  found = paystar_field_errors_find (errors, "Charges[2].ClientAccount.Name");
  g_assert_nonnull (found);
  g_assert_cmpstr (found->message, ==, "Enter a name.");
  found = paystar_field_errors_find (errors, "Charges");
  g_assert_cmpstr (found->message, ==, "first");
  g_assert_null (paystar_field_errors_find (errors, "charges"));

  copy = paystar_field_error_copy (found);
  g_assert_true (copy != found);
  g_assert_cmpstr (copy->property_name, ==, "Charges");
  g_assert_cmpstr (copy->message, ==, "first");
}

static void
test_serialise_pos_example (void)
{
  g_autoptr (PaystarRequest) request = paystar_request_new ();
  PaystarCharge *charge = paystar_charge_new (15000);
  g_autofree char *json = NULL;
  gsize length = 0;

  charge->description = g_strdup ("Walk-in payment");
  paystar_request_add_charge (request, charge);
  request->pos_user = g_strdup ("ava@acme-utilities.example");
  request->channel = g_strdup ("POS");
  request->business_unit_slug = g_strdup ("acme-utilities");

  json = paystar_request_to_json (request, &length);
  g_assert_cmpstr (json, ==,
                   "{\"BusinessUnitSlug\":\"acme-utilities\",\"Channel\":\"POS\","
                   "\"PosUser\":\"ava@acme-utilities.example\","
                   "\"Charges\":[{\"Amount\":15000,\"Description\":\"Walk-in payment\"}]}");
  g_assert_cmpuint (length, ==, strlen (json));
}

static void
test_serialise_full (void)
{
  g_autoptr (PaystarRequest) request = make_full_request ();
  g_autofree char *json = paystar_request_to_json (request, NULL);

  g_assert_cmpstr (json, ==, full_json);
}

static void
test_serialise_omits_unset (void)
{
  g_autoptr (PaystarRequest) request = paystar_request_new ();
  PaystarCharge *charge = paystar_charge_new (1);
  g_autofree char *empty = NULL;
  g_autofree char *empty_charges = NULL;
  g_autofree char *json = NULL;

  empty = paystar_request_to_json (request, NULL);
  g_assert_cmpstr (empty, ==, "{}");

  /* A parsed "Charges": [] is kept as such. */
  request->has_charges = TRUE;
  empty_charges = paystar_request_to_json (request, NULL);
  g_assert_cmpstr (empty_charges, ==, "{\"Charges\":[]}");

  /* No Channel, no balance, empty sub-objects, empty (but present) strings. */
  charge->client_account = paystar_client_account_new ();
  charge->client_account->account_number = g_strdup ("");
  charge->client_account->address = paystar_address_new ();
  paystar_request_add_charge (request, charge);
  request->business_unit_slug = g_strdup ("acme-utilities");
  request->client_user = paystar_client_user_new (NULL);
  request->custom_meta = paystar_pairs_new ();
  json = paystar_request_to_json (request, NULL);
  g_assert_cmpstr (json, ==,
                   "{\"BusinessUnitSlug\":\"acme-utilities\",\"ClientUser\":{},"
                   "\"Charges\":[{\"Amount\":1,\"ClientAccount\":{\"AccountNumber\":\"\","
                   "\"Address\":{}}}],\"CustomMeta\":{}}");
}

static void
test_serialise_escapes (void)
{
  g_autoptr (PaystarRequest) request = paystar_request_new ();
  PaystarCharge *charge = paystar_charge_new (PAYSTAR_AMOUNT_MAX);
  g_autofree char *json = NULL;

  charge->description = g_strdup ("Say \"hi\"\\\n\x01 Müller/€");
  paystar_request_add_charge (request, charge);
  json = paystar_request_to_json (request, NULL);
  g_assert_cmpstr (json, ==,
                   "{\"Charges\":[{\"Amount\":2147483647,"
                   "\"Description\":\"Say \\\"hi\\\"\\\\\\n\\u0001 Müller/€\"}]}");
}

static void
test_to_json_node (void)
{
  g_autoptr (PaystarRequest) request = make_full_request ();
  g_autoptr (JsonNode) root = paystar_request_to_json_node (request);
  JsonObject *object;
  JsonObject *charge;
  JsonNode *amount;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "BusinessUnitSlug"), ==,
                   "acme-utilities");
  charge = json_array_get_object_element (json_object_get_array_member (object, "Charges"), 0);
  amount = json_object_get_member (charge, "Amount");
  g_assert_cmpint (json_node_get_value_type (amount), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_int (amount), ==, 15000);
}

static void
test_round_trip (void)
{
  g_autoptr (PaystarRequest) request = make_full_request ();
  g_autofree char *json = paystar_request_to_json (request, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = paystar_json_parse (json, -1, &error);
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  g_autoptr (PaystarRequest) parsed = NULL;
  g_autofree char *again = NULL;
  const PaystarCharge *charge;

  g_assert_no_error (error);
  parsed = paystar_request_from_json_node (root, errors);
  g_assert_nonnull (parsed);
  g_assert_cmpuint (errors->len, ==, 0);

  g_assert_cmpstr (parsed->business_unit_slug, ==, "acme-utilities");
  g_assert_cmpstr (parsed->channel, ==, "QuickPay");
  g_assert_cmpstr (parsed->client_user->first_name, ==, "John");
  g_assert_true (parsed->has_charges);
  g_assert_cmpuint (parsed->charges->len, ==, 2);
  charge = g_ptr_array_index (parsed->charges, 0);
  g_assert_true (charge->has_amount);
  g_assert_cmpint (charge->amount, ==, 15000);
  g_assert_true (charge->client_account->has_balance);
  g_assert_cmpint (charge->client_account->balance, ==, -250);
  g_assert_cmpstr (charge->client_account->address->state, ==, "TX");
  g_assert_cmpstr (charge->client_account->meta_json, ==, "{\"k\":1}");
  charge = g_ptr_array_index (parsed->charges, 1);
  g_assert_null (charge->client_account);
  g_assert_cmpstr (paystar_pairs_get (parsed->custom_meta, "department"), ==, "Water");
  g_assert_cmpstr (paystar_pairs_get (parsed->payment_fields, "memoLine"), ==, "January payment");
  g_assert_cmpstr (parsed->payment_source_identifier, ==, "ps-1");
  g_assert_cmpint (paystar_request_total (parsed), ==, 15001);

  again = paystar_request_to_json (parsed, NULL);
  g_assert_cmpstr (again, ==, full_json);
}

static void
test_parse_legacy_fields (void)
{
  g_autoptr (JsonNode) root =
    parse ("{'BusinessUnitSlug':'acme-utilities','PaymentSourceIdentifier':'src-9',"
           "'Charges':[{'Amount':5,'ClientAccount':{'AccountNumber':'1','Name':'N',"
           "'MetaJson':'{}'}}]}");
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  g_autoptr (PaystarRequest) request = paystar_request_from_json_node (root, errors);
  const PaystarCharge *charge;

  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_cmpstr (request->payment_source_identifier, ==, "src-9");
  charge = g_ptr_array_index (request->charges, 0);
  g_assert_cmpstr (charge->client_account->meta_json, ==, "{}");
}

static void
test_parse_nulls (void)
{
  g_autoptr (JsonNode) root =
    parse ("{'BusinessUnitSlug':null,'Channel':null,'PosUser':null,'ClientUser':null,"
           "'Charges':[{'Amount':null,'Description':null,'ChargeType':null,"
           "'ClientAccount':{'AccountNumber':'1','Name':'N','Balance':null,'Address':null}},"
           "{'Amount':2,'ClientAccount':null}],"
           "'PaymentDescriptor':null,'ClientReference':null,'SuccessUrl':null,'ReturnUrl':null,"
           "'PaymentFields':null,'CustomMeta':null,'PaymentSourceIdentifier':null}");
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  g_autoptr (PaystarRequest) request = paystar_request_from_json_node (root, errors);
  const PaystarCharge *charge;
  g_autofree char *json = NULL;

  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_null (request->business_unit_slug);
  g_assert_null (request->channel);
  g_assert_null (request->client_user);
  g_assert_null (request->payment_fields);
  g_assert_null (request->custom_meta);
  g_assert_cmpuint (request->charges->len, ==, 2);
  charge = g_ptr_array_index (request->charges, 0);
  g_assert_false (charge->has_amount);
  g_assert_null (charge->description);
  g_assert_false (charge->client_account->has_balance);
  g_assert_null (charge->client_account->address);
  charge = g_ptr_array_index (request->charges, 1);
  g_assert_null (charge->client_account);

  /* Null reads as absent, so it is not written back. */
  json = paystar_request_to_json (request, NULL);
  g_assert_cmpstr (json, ==,
                   "{\"Charges\":[{\"ClientAccount\":{\"AccountNumber\":\"1\",\"Name\":\"N\"}},"
                   "{\"Amount\":2}]}");
}

static void
test_parse_null_charges (void)
{
  g_autoptr (JsonNode) root = parse ("{'Charges':null}");
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  g_autoptr (PaystarRequest) request = paystar_request_from_json_node (root, errors);

  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_false (request->has_charges);
  g_assert_cmpuint (request->charges->len, ==, 0);
}

static void
test_parse_empty_charges (void)
{
  g_autoptr (JsonNode) root = parse ("{'Charges':[]}");
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  g_autoptr (PaystarRequest) request = paystar_request_from_json_node (root, errors);

  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_true (request->has_charges);
  g_assert_cmpuint (request->charges->len, ==, 0);
}

static void
test_parse_not_object (void)
{
  const char *documents[] = { "[]", "'text'", "5", "null", "true" };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++) {
    g_autoptr (JsonNode) root = parse (documents[i]);
    g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
    g_autoptr (PaystarRequest) request = paystar_request_from_json_node (root, errors);

    g_assert_null (request);
    g_assert_cmpuint (errors->len, ==, 1);
    g_assert_nonnull (paystar_field_errors_find (errors, ""));
  }
}

typedef struct {
  const char *document; /* single-quoted */
  const char *paths;    /* expected error paths, in order, separated by '|' */
  const char *message;  /* expected message of the first error, or NULL */
} ParseCase;

static const ParseCase parse_cases[] = {
  /* Wrong types at every level. */
  { "{'BusinessUnitSlug':5}", "BusinessUnitSlug", "must be a string" },
  { "{'Channel':true}", "Channel", "must be a string" },
  { "{'PosUser':['a']}", "PosUser", "must be a string" },
  { "{'ClientUser':'x'}", "ClientUser", "must be an object" },
  { "{'ClientUser':{'EmailAddress':1,'FirstName':{},'LastName':false}}",
    "ClientUser.EmailAddress|ClientUser.FirstName|ClientUser.LastName", "must be a string" },
  { "{'Charges':{}}", "Charges", "must be an array of charges" },
  { "{'Charges':'x'}", "Charges", "must be an array of charges" },
  { "{'Charges':[1,{'Amount':1},null]}", "Charges[0]|Charges[2]", "must be an object" },
  { "{'Charges':[{'Amount':1.5}]}", "Charges[0].Amount", "must be an integer in cents" },
  { "{'Charges':[{'Amount':'150'}]}", "Charges[0].Amount", "must be an integer in cents" },
  { "{'Charges':[{'Amount':1.0}]}", "Charges[0].Amount", "must be an integer in cents" },
  { "{'Charges':[{'Amount':1e2}]}", "Charges[0].Amount", "must be an integer in cents" },
  { "{'Charges':[{'Amount':true}]}", "Charges[0].Amount", "must be an integer in cents" },
  { "{'Charges':[{'Amount':1,'Description':2,'ChargeType':[]}]}",
    "Charges[0].Description|Charges[0].ChargeType", "must be a string" },
  { "{'Charges':[{'Amount':1},{'Amount':1,'ClientAccount':{'Balance':'12'}}]}",
    "Charges[1].ClientAccount.Balance", "must be an integer in cents" },
  { "{'Charges':[{'Amount':1,'ClientAccount':{'Balance':0.5}}]}",
    "Charges[0].ClientAccount.Balance", "must be an integer in cents" },
  { "{'Charges':[{'Amount':1,'ClientAccount':[]}]}", "Charges[0].ClientAccount",
    "must be an object" },
  { "{'Charges':[{'Amount':1,'ClientAccount':{'AccountNumber':1,'SubAccountNumber':2,"
    "'Name':3,'PhoneNumber':4,'DueDate':5,'IssueDate':6,'Note':7,'MetaJson':{}}}]}",
    "Charges[0].ClientAccount.AccountNumber|Charges[0].ClientAccount.SubAccountNumber|"
    "Charges[0].ClientAccount.Name|Charges[0].ClientAccount.PhoneNumber|"
    "Charges[0].ClientAccount.DueDate|Charges[0].ClientAccount.IssueDate|"
    "Charges[0].ClientAccount.Note|Charges[0].ClientAccount.MetaJson",
    "must be a string" },
  { "{'Charges':[{'Amount':1,'ClientAccount':{'Address':'1 Main St'}}]}",
    "Charges[0].ClientAccount.Address", "must be an object" },
  { "{'Charges':[{'Amount':1,'ClientAccount':{'Address':{'StreetAddress':1,"
    "'StreetAddress2':2,'City':3,'State':4,'ZipCode':78701}}}]}",
    "Charges[0].ClientAccount.Address.StreetAddress|"
    "Charges[0].ClientAccount.Address.StreetAddress2|Charges[0].ClientAccount.Address.City|"
    "Charges[0].ClientAccount.Address.State|Charges[0].ClientAccount.Address.ZipCode",
    "must be a string" },
  { "{'PaymentDescriptor':1,'ClientReference':2,'SuccessUrl':3,'ReturnUrl':4,"
    "'PaymentSourceIdentifier':5}",
    "PaymentDescriptor|ClientReference|SuccessUrl|ReturnUrl|PaymentSourceIdentifier",
    "must be a string" },
  { "{'PaymentFields':'x'}", "PaymentFields", "must be an object" },
  { "{'CustomMeta':['a','b']}", "CustomMeta", "must be an object" },
  { "{'CustomMeta':{'ok':'yes','count':1,'nested':{},'gone':null}}",
    "CustomMeta.count|CustomMeta.nested|CustomMeta.gone", "must be a string" },
  { "{'PaymentFields':{'invoiceNumber':12}}", "PaymentFields.invoiceNumber", "must be a string" },
  /* Unknown keys at every level; keys match case-sensitively. */
  { "{'Foo':1}", "Foo", "is not a known field" },
  { "{'businessUnitSlug':'acme-utilities'}", "businessUnitSlug", "is not a known field" },
  { "{'ClientUser':{'Email':'x'}}", "ClientUser.Email", "is not a known field" },
  { "{'Charges':[{'Amount':1,'Foo':null}]}", "Charges[0].Foo", "is not a known field" },
  { "{'Charges':[{'Amount':1},{'amount':1}]}", "Charges[1].amount", "is not a known field" },
  { "{'Charges':[{'Amount':1,'ClientAccount':{'Extra':1}}]}", "Charges[0].ClientAccount.Extra",
    "is not a known field" },
  { "{'Charges':[{'Amount':1,'ClientAccount':{'Address':{'Country':'US'}}}]}",
    "Charges[0].ClientAccount.Address.Country", "is not a known field" },
  /* ClientAccount at the top level belongs in a charge. */
  { "{'ClientAccount':{}}", "ClientAccount", "is not a known field" },
};

static void
test_parse_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++) {
    const ParseCase *c = &parse_cases[i];
    g_autoptr (JsonNode) root = parse (c->document);
    g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
    g_autoptr (PaystarRequest) request = paystar_request_from_json_node (root, errors);
    g_autoptr (GString) paths = g_string_new (NULL);

    g_assert_nonnull (request);
    for (guint j = 0; j < errors->len; j++) {
      const PaystarFieldError *error = g_ptr_array_index (errors, j);

      if (j > 0)
        g_string_append_c (paths, '|');
      g_string_append (paths, error->property_name);
    }
    g_test_message ("case %u: %s", i, c->document);
    g_assert_cmpstr (paths->str, ==, c->paths);
    if (c->message != NULL) {
      const PaystarFieldError *first = g_ptr_array_index (errors, 0);

      g_assert_cmpstr (first->message, ==, c->message);
    }
  }
}

/* Members with errors are left unset; the rest of the document is still read. */
static void
test_parse_leaves_wrong_members_unset (void)
{
  g_autoptr (JsonNode) root =
    parse ("{'BusinessUnitSlug':'acme-utilities','Channel':7,'Charges':[{'Amount':'150',"
           "'Description':'Water'},{'Amount':2,'ClientAccount':{'AccountNumber':'A',"
           "'Balance':1.25}}],'CustomMeta':{'a':'1','b':2,'c':'3'}}");
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  g_autoptr (PaystarRequest) request = paystar_request_from_json_node (root, errors);
  const PaystarCharge *charge;

  g_assert_cmpuint (errors->len, ==, 4);
  g_assert_nonnull (paystar_field_errors_find (errors, "Channel"));
  g_assert_nonnull (paystar_field_errors_find (errors, "Charges[0].Amount"));
  g_assert_nonnull (paystar_field_errors_find (errors, "Charges[1].ClientAccount.Balance"));
  g_assert_nonnull (paystar_field_errors_find (errors, "CustomMeta.b"));

  g_assert_cmpstr (request->business_unit_slug, ==, "acme-utilities");
  g_assert_null (request->channel);
  charge = g_ptr_array_index (request->charges, 0);
  g_assert_false (charge->has_amount);
  g_assert_cmpstr (charge->description, ==, "Water");
  charge = g_ptr_array_index (request->charges, 1);
  g_assert_cmpint (charge->amount, ==, 2);
  g_assert_cmpstr (charge->client_account->account_number, ==, "A");
  g_assert_false (charge->client_account->has_balance);
  g_assert_cmpuint (request->custom_meta->len, ==, 2);
  g_assert_cmpstr (paystar_pairs_get (request->custom_meta, "c"), ==, "3");
  g_assert_null (paystar_pairs_get (request->custom_meta, "b"));
}

/* A charge that is not an object keeps its place, so later charges keep their indices. */
static void
test_parse_bad_charge_keeps_indices (void)
{
  g_autoptr (JsonNode) root = parse ("{'Charges':['x',{'Amount':7}]}");
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  g_autoptr (PaystarRequest) request = paystar_request_from_json_node (root, errors);
  const PaystarCharge *charge;

  g_assert_cmpuint (request->charges->len, ==, 2);
  charge = g_ptr_array_index (request->charges, 0);
  g_assert_false (charge->has_amount);
  charge = g_ptr_array_index (request->charges, 1);
  g_assert_cmpint (charge->amount, ==, 7);
}

/* An Amount or Balance beyond 64 bits, as the sandbox reads a body: no error from the reader,
 * the nearest gint64 in the model, and the range rules name the field, as for any amount out of
 * range. */
static void
test_parse_wide_integers (void)
{
  const char *json =
    "{\"BusinessUnitSlug\":\"acme-utilities\",\"Charges\":[{\"Amount\":1},"
    "{\"Amount\":99999999999999999999},{\"Amount\":-99999999999999999999},{\"Amount\":1,"
    "\"ClientAccount\":{\"AccountNumber\":\"A\",\"Name\":\"N\","
    "\"Balance\":-123456789012345678901234567890}}]}";
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root =
    paystar_json_parse_full (json, -1, PAYSTAR_JSON_DEFAULT_MAX_BYTES,
                             PAYSTAR_JSON_DEFAULT_MAX_DEPTH, PAYSTAR_JSON_WIDE_INTEGERS, &error);
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  g_autoptr (PaystarRequest) request = NULL;
  const PaystarCharge *charge;
  const PaystarFieldError *found;

  g_assert_no_error (error);
  request = paystar_request_from_json_node (root, errors);
  g_assert_cmpuint (errors->len, ==, 0);
  charge = g_ptr_array_index (request->charges, 1);
  g_assert_true (charge->has_amount);
  g_assert_cmpint (charge->amount, ==, G_MAXINT64);
  charge = g_ptr_array_index (request->charges, 2);
  g_assert_true (charge->has_amount);
  g_assert_cmpint (charge->amount, ==, G_MININT64);
  charge = g_ptr_array_index (request->charges, 3);
  g_assert_true (charge->client_account->has_balance);
  g_assert_cmpint (charge->client_account->balance, ==, G_MININT64);

  paystar_request_validate (request, errors);
  g_assert_cmpuint (errors->len, ==, 3);
  found = paystar_field_errors_find (errors, "Charges[1].Amount");
  g_assert_nonnull (found);
  g_assert_cmpstr (found->message, ==, "The amount must be at most $21,474,836.47.");
  found = paystar_field_errors_find (errors, "Charges[2].Amount");
  g_assert_nonnull (found);
  g_assert_cmpstr (found->message, ==, "The amount must be more than zero.");
  g_assert_nonnull (paystar_field_errors_find (errors, "Charges[3].ClientAccount.Balance"));
  g_assert_null (paystar_field_errors_find (errors, ""));
}

static void
test_parse_without_errors_array (void)
{
  g_autoptr (JsonNode) root = parse ("{'Foo':1,'Charges':[{'Amount':'x'}]}");
  g_autoptr (JsonNode) array = parse ("[]");
  g_autoptr (PaystarRequest) request = paystar_request_from_json_node (root, NULL);

  g_assert_nonnull (request);
  g_assert_cmpuint (request->charges->len, ==, 1);
  g_assert_null (paystar_request_from_json_node (array, NULL));
}

/* Where a field error's path points: a charge and the rest of the path, or a key of the pairs. */
static void
test_field_paths (void)
{
  static const struct {
    const char *path;
    gboolean in_charge;
    guint index;
    const char *rest;
  } charges[] = {
    { "Charges[12].ClientAccount.Name", TRUE, 12, "ClientAccount.Name" },
    { "charges[0].amount", TRUE, 0, "amount" },
    { "Charges[3]", TRUE, 3, "" },
    { "Charges", FALSE },
    { "Charges[]", FALSE },
    { "Charges[-1].Amount", FALSE },
    { "Charges[1]Amount", FALSE },
    { "Charges[99999999999].Amount", FALSE },
    { "ClientAccount.Name", FALSE },
    { "", FALSE },
  };
  static const struct {
    const char *path;
    const char *key; /* NULL: not inside PaymentFields */
  } pairs[] = {
    { "PaymentFields.invoiceNumber", "invoiceNumber" },
    { "paymentFields[invoiceNumber]", "invoiceNumber" },
    { "PaymentFields[\"memo line\"]", "memo line" },
    { "PaymentFields['memo']", "memo" },
    { "PaymentFields", "" },
    { "PaymentFields[]", "" },
    { "PaymentFieldsX", NULL },
    { "PaymentFields[open", NULL },
    { "CustomMeta.x", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (charges); i++) {
    guint index = G_MAXUINT;
    const char *rest = NULL;

    g_test_message ("%s", charges[i].path);
    g_assert_cmpint (paystar_field_path_in_charge (charges[i].path, &index, &rest), ==,
                     charges[i].in_charge);
    if (charges[i].in_charge) {
      g_assert_cmpuint (index, ==, charges[i].index);
      g_assert_cmpstr (rest, ==, charges[i].rest);
    }
  }
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++) {
    g_autofree char *key = NULL;

    g_test_message ("%s", pairs[i].path);
    g_assert_cmpint (paystar_field_path_in_pairs (pairs[i].path, "PaymentFields", &key), ==,
                     pairs[i].key != NULL);
    g_assert_cmpstr (key, ==, pairs[i].key);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/request/construct", test_construct);
  g_test_add_func ("/request/total-saturates", test_total_saturates);
  g_test_add_func ("/request/copy", test_copy);
  g_test_add_func ("/request/copy-parts", test_copy_parts);
  g_test_add_func ("/request/pairs", test_pairs);
  g_test_add_func ("/request/field-errors", test_field_errors);
  g_test_add_func ("/request/serialise/pos-example", test_serialise_pos_example);
  g_test_add_func ("/request/serialise/full", test_serialise_full);
  g_test_add_func ("/request/serialise/omits-unset", test_serialise_omits_unset);
  g_test_add_func ("/request/serialise/escapes", test_serialise_escapes);
  g_test_add_func ("/request/serialise/node", test_to_json_node);
  g_test_add_func ("/request/round-trip", test_round_trip);
  g_test_add_func ("/request/parse/legacy-fields", test_parse_legacy_fields);
  g_test_add_func ("/request/parse/nulls", test_parse_nulls);
  g_test_add_func ("/request/parse/null-charges", test_parse_null_charges);
  g_test_add_func ("/request/parse/empty-charges", test_parse_empty_charges);
  g_test_add_func ("/request/parse/not-object", test_parse_not_object);
  g_test_add_func ("/request/parse/errors", test_parse_errors);
  g_test_add_func ("/request/parse/unset-on-error", test_parse_leaves_wrong_members_unset);
  g_test_add_func ("/request/parse/bad-charge-keeps-indices", test_parse_bad_charge_keeps_indices);
  g_test_add_func ("/request/parse/no-errors-array", test_parse_without_errors_array);
  g_test_add_func ("/request/parse/wide-integers", test_parse_wide_integers);
  g_test_add_func ("/request/field-paths", test_field_paths);

  return g_test_run ();
}
