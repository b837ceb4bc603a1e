/* test-validate.c: tests of the documented request rules, the profile rules and the field helpers.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "paystar-json.h"
#include "paystar-money.h"
#include "paystar-request.h"

/* Documents are written with single quotes for readability; dq() turns them into JSON. No test
 * value inside a document contains an apostrophe. */
static char *
dq (const char *text)
{
  char *copy = g_strdup (text);

  g_strdelimit (copy, "'", '"');
  return copy;
}

/* Parses like the sandbox does (strict reader, then the model), so that type errors from the
 * reader and rule failures from the validator land in one list. */
static PaystarRequest *
parse_request (const char *single_quoted, GPtrArray *errors)
{
  g_autofree char *json = dq (single_quoted);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  PaystarRequest *request;

  root = paystar_json_parse (json, -1, &error);
  g_assert_no_error (error);
  request = paystar_request_from_json_node (root, errors);
  g_assert_nonnull (request);
  return request;
}

/* The property names of @errors, in order, joined by '|'. */
static char *
error_paths (GPtrArray *errors)
{
  GString *paths = g_string_new (NULL);

  for (guint i = 0; i < errors->len; i++) {
    const PaystarFieldError *error = g_ptr_array_index (errors, i);

    if (i > 0)
      g_string_append_c (paths, '|');
    g_string_append (paths, error->property_name);
  }
  return g_string_free (paths, FALSE);
}

#define SLUG "'BusinessUnitSlug':'acme-utilities'"
#define AVA  "ava@acme-utilities.example"
/* A valid POS request, with @extra (",'Key':value") appended. */
#define POS_WITH(extra) \
  "{" SLUG ",'Channel':'POS','PosUser':'" AVA "','Charges':[{'Amount':15000}]" extra "}"
/* A valid QuickPay request, with @extra appended. */
#define QP_WITH(extra) "{" SLUG ",'Channel':'QuickPay','Charges':[{'Amount':15000}]" extra "}"
/* A request (Channel absent, so QuickPay) whose Charges are @charges. */
#define CHARGES(charges) "{" SLUG ",'Charges':[" charges "]}"
/* One charge with a valid ClientAccount, with @fields appended to the account. */
#define ACCOUNT(fields) \
  CHARGES ("{'Amount':100,'ClientAccount':{'AccountNumber':'A-1','Name':'Jo Doe'" fields "}}")
/* One charge with a valid ClientAccount whose Address has @fields. */
#define ADDRESS(fields) ACCOUNT (",'Address':{" fields "}")

typedef struct {
  const char *document; /* single-quoted */
  const char *paths;    /* expected error paths in order, '|'-separated; "" when valid */
} RuleCase;

static const RuleCase rule_cases[] = {
  /* Valid documents. */
  { POS_WITH (""), "" },
  { QP_WITH (""), "" },
  { CHARGES ("{'Amount':1}"), "" },
  { QP_WITH (",'ClientUser':{'EmailAddress':'john@example.com','FirstName':'John',"
             "'LastName':'Doe'},'PaymentDescriptor':'ACME','ClientReference':'R-1',"
             "'SuccessUrl':'https://station.example/ok','ReturnUrl':'https://station.example/back',"
             "'PaymentFields':{'invoiceNumber':'INV-1','memoLine':''},"
             "'CustomMeta':{'department':'Water'},'PaymentSourceIdentifier':'ps'"),
    "" },
  { ADDRESS ("'StreetAddress':'1 Main St','StreetAddress2':'Apt 2','City':'Austin',"
             "'State':'TX','ZipCode':'78701-1234'"),
    "" },
  { ACCOUNT (",'SubAccountNumber':'','Balance':0,'PhoneNumber':'','DueDate':'2025-02-01',"
             "'IssueDate':'2025-01-01T00:00:00Z','Note':'','MetaJson':'{}'"),
    "" },

  /* BusinessUnitSlug: required, not blank. */
  { "{'Charges':[{'Amount':1}]}", "BusinessUnitSlug" },
  { "{'BusinessUnitSlug':'','Charges':[{'Amount':1}]}", "BusinessUnitSlug" },
  { "{'BusinessUnitSlug':' \\t','Charges':[{'Amount':1}]}", "BusinessUnitSlug" },
  { "{'BusinessUnitSlug':null,'Charges':[{'Amount':1}]}", "BusinessUnitSlug" },

  /* Channel: absent, QuickPay or POS, exactly. */
  { "{" SLUG ",'Channel':'pos','Charges':[{'Amount':1}]}", "Channel" },
  { "{" SLUG ",'Channel':'quickpay','Charges':[{'Amount':1}]}", "Channel" },
  { "{" SLUG ",'Channel':'Web','Charges':[{'Amount':1}]}", "Channel" },
  { "{" SLUG ",'Channel':'','Charges':[{'Amount':1}]}", "Channel" },
  { "{" SLUG ",'Channel':null,'Charges':[{'Amount':1}]}", "" },

  /* Charges: required, 1 to 25 (the count is tested below). */
  { "{" SLUG "}", "Charges" },
  { "{" SLUG ",'Charges':[]}", "Charges" },
  { "{" SLUG ",'Charges':null}", "Charges" },

  /* Amount: required, 1..PAYSTAR_AMOUNT_MAX. */
  { CHARGES ("{}"), "Charges[0].Amount" },
  { CHARGES ("{'Amount':null}"), "Charges[0].Amount" },
  { CHARGES ("{'Amount':0}"), "Charges[0].Amount" },
  { CHARGES ("{'Amount':-1}"), "Charges[0].Amount" },
  { CHARGES ("{'Amount':2147483648}"), "Charges[0].Amount" },
  { CHARGES ("{'Amount':9223372036854775807}"), "Charges[0].Amount" },
  { CHARGES ("{'Amount':2147483647}"), "" },
  { CHARGES ("{'Amount':1},{'Amount':0},{'Amount':5}"), "Charges[1].Amount" },
  { CHARGES ("{'Amount':1,'Description':'','ChargeType':''}"), "" },

  /* POS: PosUser required and an email; no ClientUser. */
  { "{" SLUG ",'Channel':'POS','Charges':[{'Amount':1}]}", "PosUser" },
  { "{" SLUG ",'Channel':'POS','PosUser':'','Charges':[{'Amount':1}]}", "PosUser" },
  { "{" SLUG ",'Channel':'POS','PosUser':'ava','Charges':[{'Amount':1}]}", "PosUser" },
  { "{" SLUG ",'Channel':'POS','PosUser':'ava@acme','Charges':[{'Amount':1}]}", "PosUser" },
  { POS_WITH (",'ClientUser':{'EmailAddress':'john@example.com'}"), "ClientUser" },
  /* A ClientUser that is not allowed gets one error, not one for its email too. */
  { POS_WITH (",'ClientUser':{'EmailAddress':'nope'}"), "ClientUser" },

  /* QuickPay (named or by default): no PosUser. */
  { QP_WITH (",'PosUser':'" AVA "'"), "PosUser" },
  { QP_WITH (",'PosUser':''"), "PosUser" },
  { "{" SLUG ",'PosUser':'" AVA "','Charges':[{'Amount':1}]}", "PosUser" },
  { QP_WITH (",'PosUser':null"), "" },

  /* ClientUser: EmailAddress required and valid. */
  { QP_WITH (",'ClientUser':{}"), "ClientUser.EmailAddress" },
  { QP_WITH (",'ClientUser':{'FirstName':'John'}"), "ClientUser.EmailAddress" },
  { QP_WITH (",'ClientUser':{'EmailAddress':''}"), "ClientUser.EmailAddress" },
  { QP_WITH (",'ClientUser':{'EmailAddress':'john at example.com'}"), "ClientUser.EmailAddress" },
  { QP_WITH (",'ClientUser':null"), "" },

  /* ClientAccount: AccountNumber and Name required, not blank. */
  { CHARGES ("{'Amount':1,'ClientAccount':{'Name':'Jo'}}"),
    "Charges[0].ClientAccount.AccountNumber" },
  { CHARGES ("{'Amount':1,'ClientAccount':{'AccountNumber':'A'}}"),
    "Charges[0].ClientAccount.Name" },
  { CHARGES ("{'Amount':1,'ClientAccount':{'AccountNumber':'A','Name':'  '}}"),
    "Charges[0].ClientAccount.Name" },
  { CHARGES ("{'Amount':1,'ClientAccount':{}}"),
    "Charges[0].ClientAccount.AccountNumber|Charges[0].ClientAccount.Name" },
  { CHARGES ("{'Amount':1},{'Amount':1,'ClientAccount':{'AccountNumber':'','Name':'N'}}"),
    "Charges[1].ClientAccount.AccountNumber" },
  { CHARGES ("{'Amount':1,'ClientAccount':{'AccountNumber':' \\t','Name':'N'}}"),
    "Charges[0].ClientAccount.AccountNumber" },
  /* The index in the path is the charge's own, however many valid charges come before it. */
  { CHARGES ("{'Amount':1,'ClientAccount':{'AccountNumber':'A','Name':'N'}},{'Amount':2},"
             "{'Amount':3,'ClientAccount':{'AccountNumber':'B','Name':''}},"
             "{'Amount':4,'ClientAccount':{'AccountNumber':'C','Name':'N'}}"),
    "Charges[2].ClientAccount.Name" },

  /* Balance: within +-PAYSTAR_AMOUNT_MAX; negative is a credit. */
  { ACCOUNT (",'Balance':-500"), "" },
  { ACCOUNT (",'Balance':2147483647"), "" },
  { ACCOUNT (",'Balance':-2147483647"), "" },
  { ACCOUNT (",'Balance':2147483648"), "Charges[0].ClientAccount.Balance" },
  { ACCOUNT (",'Balance':-2147483648"), "Charges[0].ClientAccount.Balance" },

  /* DueDate and IssueDate: ISO 8601 dates or date-times. */
  { ACCOUNT (",'DueDate':'2024-02-29'"), "" },
  { ACCOUNT (",'DueDate':'2025-02-30'"), "Charges[0].ClientAccount.DueDate" },
  { ACCOUNT (",'DueDate':'2025-02-29'"), "Charges[0].ClientAccount.DueDate" },
  { ACCOUNT (",'DueDate':'2025-02-01T00:00:00Z'"), "" },
  { ACCOUNT (",'DueDate':'02/01/2025'"), "Charges[0].ClientAccount.DueDate" },
  { ACCOUNT (",'DueDate':''"), "Charges[0].ClientAccount.DueDate" },
  { ACCOUNT (",'IssueDate':'2025-13-01'"), "Charges[0].ClientAccount.IssueDate" },
  { ACCOUNT (",'IssueDate':'2025-02-01T25:00:00Z'"), "Charges[0].ClientAccount.IssueDate" },
  { ACCOUNT (",'IssueDate':'2025-02-01T10:00:00.5-05:00'"), "" },
  { ACCOUNT (",'DueDate':'x','IssueDate':'y'"),
    "Charges[0].ClientAccount.DueDate|Charges[0].ClientAccount.IssueDate" },

  /* Address: State and ZipCode (lengths are tested below). */
  { ADDRESS ("'State':'PR'"), "" },
  { ADDRESS ("'State':'DC'"), "" },
  { ADDRESS ("'State':'AE'"), "" },
  { ADDRESS ("'State':'tx'"), "Charges[0].ClientAccount.Address.State" },
  { ADDRESS ("'State':'Texas'"), "Charges[0].ClientAccount.Address.State" },
  { ADDRESS ("'State':'XX'"), "Charges[0].ClientAccount.Address.State" },
  { ADDRESS ("'State':''"), "Charges[0].ClientAccount.Address.State" },
  { ADDRESS ("'ZipCode':'12345'"), "" },
  { ADDRESS ("'ZipCode':'12345-6789'"), "" },
  { ADDRESS ("'ZipCode':'1234'"), "Charges[0].ClientAccount.Address.ZipCode" },
  { ADDRESS ("'ZipCode':'12345-678'"), "Charges[0].ClientAccount.Address.ZipCode" },
  { ADDRESS ("'ZipCode':'123456789'"), "Charges[0].ClientAccount.Address.ZipCode" },
  { ADDRESS ("'ZipCode':'K1A 0B1'"), "Charges[0].ClientAccount.Address.ZipCode" },
  { ADDRESS ("'StreetAddress':'','StreetAddress2':'','City':''"), "" },
  { ADDRESS (""), "" },

  /* SuccessUrl and ReturnUrl: both or neither, absolute http(s) with a host. */
  { QP_WITH (",'SuccessUrl':'https://station.example/ok'"), "ReturnUrl" },
  { QP_WITH (",'ReturnUrl':'https://station.example/back'"), "SuccessUrl" },
  { QP_WITH (",'SuccessUrl':'http://127.0.0.1:8080/ok','ReturnUrl':'http://[::1]:8080/back'"), "" },
  { QP_WITH (",'SuccessUrl':'HTTPS://Station.Example/ok?x=1#y','ReturnUrl':'http://localhost/'"),
    "" },
  { QP_WITH (",'SuccessUrl':'ftp://station.example/ok','ReturnUrl':'/back'"),
    "SuccessUrl|ReturnUrl" },
  { QP_WITH (",'SuccessUrl':'https://','ReturnUrl':'https:///back'"), "SuccessUrl|ReturnUrl" },
  { QP_WITH (",'SuccessUrl':'https://exa mple.com/','ReturnUrl':' https://example.com/'"),
    "SuccessUrl|ReturnUrl" },
  { QP_WITH (",'SuccessUrl':'mailto:x@example.com','ReturnUrl':'station.example/back'"),
    "SuccessUrl|ReturnUrl" },
  { QP_WITH (",'SuccessUrl':''"), "ReturnUrl|SuccessUrl" },

  /* ClientReference: if present, not blank. */
  { QP_WITH (",'ClientReference':''"), "ClientReference" },
  { QP_WITH (",'ClientReference':'   '"), "ClientReference" },
  { QP_WITH (",'ClientReference':null"), "" },

  /* PaymentFields and CustomMeta: keys not empty; empty values are fine. */
  { QP_WITH (",'PaymentFields':{'':'x'}"), "PaymentFields" },
  { QP_WITH (",'CustomMeta':{' ':'x'}"), "CustomMeta" },
  { QP_WITH (",'PaymentFields':{},'CustomMeta':{}"), "" },
  { QP_WITH (",'CustomMeta':{'a':'','b':'2'}"), "" },

  /* Type errors from the reader are not followed by rule errors for the same property or for
   * the members of an object that had the wrong type. */
  { "{'BusinessUnitSlug':5,'Charges':[{'Amount':1}]}", "BusinessUnitSlug" },
  { "{" SLUG ",'Channel':1,'Charges':[{'Amount':1}]}", "Channel" },
  { "{" SLUG ",'Charges':'x'}", "Charges" },
  { "{" SLUG ",'Charges':[5]}", "Charges[0]" },
  { CHARGES ("{'Amount':'150'}"), "Charges[0].Amount" },
  { CHARGES ("{'Amount':1.5}"), "Charges[0].Amount" },
  { CHARGES ("{'Amount':1,'ClientAccount':'x'}"), "Charges[0].ClientAccount" },
  { ACCOUNT (",'Address':[]"), "Charges[0].ClientAccount.Address" },
  { ACCOUNT (",'Balance':'12.00'"), "Charges[0].ClientAccount.Balance" },
  { "{" SLUG ",'Channel':'POS','PosUser':1,'Charges':[{'Amount':1}]}", "PosUser" },
  { POS_WITH (",'ClientUser':'x'"), "ClientUser" },
  { QP_WITH (",'ClientUser':{'EmailAddress':7}"), "ClientUser.EmailAddress" },
  { QP_WITH (",'SuccessUrl':1"), "SuccessUrl" },
  { QP_WITH (",'ClientReference':5"), "ClientReference" },
  { QP_WITH (",'Unknown':5"), "Unknown" },

  /* Several failures at once, in document order, each once. */
  { "{'Channel':'POS','ClientUser':{'EmailAddress':'x'},'Charges':[{'Amount':0,"
    "'ClientAccount':{'Address':{'State':'zz','ZipCode':'1'}}},{}],"
    "'SuccessUrl':'https://station.example/ok','PaymentFields':{'':'v'}}",
    "BusinessUnitSlug|PosUser|ClientUser|Charges[0].Amount|Charges[0].ClientAccount.AccountNumber|"
    "Charges[0].ClientAccount.Name|Charges[0].ClientAccount.Address.State|"
    "Charges[0].ClientAccount.Address.ZipCode|Charges[1].Amount|ReturnUrl|PaymentFields" },
};

static void
test_rules (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (rule_cases); i++) {
    const RuleCase *c = &rule_cases[i];
    g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
    g_autoptr (PaystarRequest) request = parse_request (c->document, errors);
    g_autofree char *paths = NULL;

    paystar_request_validate (request, errors);
    paths = error_paths (errors);
    g_test_message ("case %u: %s", i, c->document);
    g_assert_cmpstr (paths, ==, c->paths);
    for (guint j = 0; j < errors->len; j++) {
      const PaystarFieldError *error = g_ptr_array_index (errors, j);

      g_assert_nonnull (error->message);
      g_assert_cmpstr (error->message, !=, "");
    }
  }
}

static void
assert_message (const char *document, const char *path, const char *expected)
{
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  g_autoptr (PaystarRequest) request = parse_request (document, errors);
  const PaystarFieldError *error;

  paystar_request_validate (request, errors);
  error = paystar_field_errors_find (errors, path);
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_messages (void)
{
  assert_message (CHARGES ("{'Amount':1,'ClientAccount':{'AccountNumber':'A'}}"),
                  "Charges[0].ClientAccount.Name", "Enter the account holder's name.");
  assert_message (CHARGES ("{'Amount':1},{'Amount':2},{'Amount':3,'ClientAccount':"
                           "{'AccountNumber':'A','Name':' '}}"),
                  "Charges[2].ClientAccount.Name", "Enter the account holder's name.");
  assert_message (ADDRESS ("'State':'tx'"), "Charges[0].ClientAccount.Address.State",
                  "Use a two-letter US state abbreviation such as TX.");
  assert_message (CHARGES ("{'Amount':0}"), "Charges[0].Amount",
                  "The amount must be more than zero.");
  assert_message (CHARGES ("{}"), "Charges[0].Amount", "Enter an amount.");
  assert_message ("{" SLUG "}", "Charges", "Add at least one charge.");
  assert_message (ADDRESS ("'ZipCode':'1'"), "Charges[0].ClientAccount.Address.ZipCode",
                  "Use a ZIP code such as 12345 or 12345-6789.");
}

/* Builds a valid request with @n charges of one cent. */
static PaystarRequest *
request_with_charges (guint n)
{
  PaystarRequest *request = paystar_request_new ();

  request->business_unit_slug = g_strdup ("acme-utilities");
  request->channel = g_strdup ("POS");
  request->pos_user = g_strdup (AVA);
  for (guint i = 0; i < n; i++)
    paystar_request_add_charge (request, paystar_charge_new (1));
  return request;
}

static void
test_charge_count (void)
{
  g_autoptr (PaystarRequest) ok = request_with_charges (PAYSTAR_MAX_CHARGES);
  g_autoptr (PaystarRequest) too_many = request_with_charges (PAYSTAR_MAX_CHARGES + 1);
  g_autoptr (PaystarRequest) none = request_with_charges (0);
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  g_autofree char *paths = NULL;
  PaystarCharge *last;

  g_assert_cmpint (PAYSTAR_MAX_CHARGES, ==, 25);
  paystar_request_validate (ok, errors);
  g_assert_cmpuint (errors->len, ==, 0);

  paystar_request_validate (too_many, errors);
  g_assert_cmpuint (errors->len, ==, 1);
  g_assert_cmpstr (paystar_field_errors_find (errors, "Charges")->message, ==,
                   "A sale can have at most 25 charges.");

  /* The charges themselves are still checked when there are too many. */
  g_ptr_array_set_size (errors, 0);
  last = g_ptr_array_index (too_many->charges, PAYSTAR_MAX_CHARGES);
  last->amount = 0;
  paystar_request_validate (too_many, errors);
  paths = error_paths (errors);
  g_assert_cmpstr (paths, ==, "Charges|Charges[25].Amount");

  /* A request built in code has no charges until one is added. */
  g_ptr_array_set_size (errors, 0);
  paystar_request_validate (none, errors);
  g_assert_cmpuint (errors->len, ==, 1);
  g_assert_nonnull (paystar_field_errors_find (errors, "Charges"));
}

static char *
repeat (const char *unit, guint n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (text, unit);
  return g_string_free (text, FALSE);
}

static PaystarRequest *
request_with_address (PaystarAddress *address)
{
  PaystarRequest *request = request_with_charges (1);
  PaystarCharge *charge = g_ptr_array_index (request->charges, 0);

  charge->client_account = paystar_client_account_new ();
  charge->client_account->account_number = g_strdup ("A-1");
  charge->client_account->name = g_strdup ("Jo Doe");
  charge->client_account->address = address;
  return request;
}

static void
test_address_lengths (void)
{
  const char *units[] = { "a", "é", "€", "𝄞" }; /* 1, 2, 3 and 4 bytes in UTF-8 */

  for (guint i = 0; i < G_N_ELEMENTS (units); i++) {
    PaystarAddress *fits = paystar_address_new ();
    PaystarAddress *too_long = paystar_address_new ();
    g_autoptr (PaystarRequest) ok = NULL;
    g_autoptr (PaystarRequest) bad = NULL;
    g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
    g_autofree char *paths = NULL;

    fits->street_address = repeat (units[i], PAYSTAR_ADDRESS_MAX_CHARS);
    fits->street_address2 = repeat (units[i], PAYSTAR_ADDRESS_MAX_CHARS);
    fits->city = repeat (units[i], PAYSTAR_ADDRESS_MAX_CHARS);
    too_long->street_address = repeat (units[i], PAYSTAR_ADDRESS_MAX_CHARS + 1);
    too_long->street_address2 = repeat (units[i], PAYSTAR_ADDRESS_MAX_CHARS + 1);
    too_long->city = repeat (units[i], PAYSTAR_ADDRESS_MAX_CHARS + 1);
    ok = request_with_address (fits);
    bad = request_with_address (too_long);

    paystar_request_validate (ok, errors);
    g_assert_cmpuint (errors->len, ==, 0);

    paystar_request_validate (bad, errors);
    paths = error_paths (errors);
    g_assert_cmpstr (paths, ==,
                     "Charges[0].ClientAccount.Address.StreetAddress|"
                     "Charges[0].ClientAccount.Address.StreetAddress2|"
                     "Charges[0].ClientAccount.Address.City");
    g_assert_cmpstr (((PaystarFieldError *) g_ptr_array_index (errors, 0))->message, ==,
                     "Use at most 100 characters.");
  }
}

static void
test_address_invalid_utf8 (void)
{
  PaystarAddress *address = paystar_address_new ();
  g_autoptr (PaystarRequest) request = NULL;
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  g_autofree char *paths = NULL;

  address->street_address = g_strdup ("1 Main St \xff");
  address->city = g_strdup ("\xc3"); /* a truncated two-byte sequence */
  request = request_with_address (address);
  paystar_request_validate (request, errors);
  paths = error_paths (errors);
  g_assert_cmpstr (paths, ==,
                   "Charges[0].ClientAccount.Address.StreetAddress|"
                   "Charges[0].ClientAccount.Address.City");
}

static void
test_duplicate_pair_keys (void)
{
  g_autoptr (PaystarRequest) request = request_with_charges (1);
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  g_autofree char *paths = NULL;

  /* paystar_pairs_set() cannot make duplicates; code that appends directly can. */
  request->payment_fields = paystar_pairs_new ();
  g_ptr_array_add (request->payment_fields, paystar_pair_new ("memoLine", "a"));
  g_ptr_array_add (request->payment_fields, paystar_pair_new ("memoLine", "b"));
  request->custom_meta = paystar_pairs_new ();
  g_ptr_array_add (request->custom_meta, paystar_pair_new ("x", "1"));
  g_ptr_array_add (request->custom_meta, paystar_pair_new ("y", "1"));
  paystar_request_validate (request, errors);
  paths = error_paths (errors);
  g_assert_cmpstr (paths, ==, "PaymentFields.memoLine");
}

/* Errors already present from elsewhere are kept, and their properties are not reported twice. */
static void
test_keeps_existing_errors (void)
{
  g_autoptr (PaystarRequest) request = request_with_charges (0);
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  g_autofree char *paths = NULL;

  paystar_field_errors_add (errors, "Charges", "already wrong");
  paystar_request_validate (request, errors);
  paths = error_paths (errors);
  g_assert_cmpstr (paths, ==, "Charges");
  g_assert_cmpstr (paystar_field_errors_find (errors, "Charges")->message, ==, "already wrong");
}

/* Profile rules */

static const char *const pos_users[] = {
  AVA,
  "ben@acme-utilities.example",
  NULL,
};
static const char *const known_users[] = {
  AVA,
  "ben@acme-utilities.example",
  "cory@acme-utilities.example",
  NULL,
};
static const char *const payment_fields[] = { "invoiceNumber", "memoLine", NULL };

static guint n_reference_lookups;

static gboolean
reference_taken (const char *reference, gpointer user_data)
{
  g_assert_true (user_data == &n_reference_lookups);
  n_reference_lookups++;
  return g_str_equal (reference, "REF-USED");
}

static const PaystarBusinessUnitProfile profile = {
  .slug = "acme-utilities",
  .pos_users = pos_users,
  .known_users = known_users,
  .payment_fields = payment_fields,
  .client_reference_taken = reference_taken,
  .user_data = &n_reference_lookups,
};

typedef struct {
  const char *document;
  gboolean no_profile;
  const char *paths;
  const char *message; /* expected message of the first error, or NULL */
} ProfileCase;

static const ProfileCase profile_cases[] = {
  { POS_WITH (""), FALSE, "", NULL },
  { QP_WITH (""), FALSE, "", NULL },
  { POS_WITH (""), TRUE, "BusinessUnitSlug", "This business unit does not exist. Check the slug." },
  /* A blank slug gets its one error, not a second one for being unknown. */
  { "{'Charges':[{'Amount':1}]}", TRUE, "BusinessUnitSlug", "Enter the business unit slug." },
  /* Emails compare case-insensitively. */
  { "{" SLUG ",'Channel':'POS','PosUser':'AVA@Acme-Utilities.EXAMPLE','Charges':[{'Amount':1}]}",
    FALSE, "", NULL },
  { "{" SLUG ",'Channel':'POS','PosUser':'ben@acme-utilities.example','Charges':[{'Amount':1}]}",
    FALSE, "", NULL },
  { "{" SLUG ",'Channel':'POS','PosUser':'cory@acme-utilities.example','Charges':[{'Amount':1}]}",
    FALSE, "PosUser",
    "This agent does not have POS permission. Ask your account manager to turn it on." },
  { "{" SLUG ",'Channel':'POS','PosUser':'dave@acme-utilities.example','Charges':[{'Amount':1}]}",
    FALSE, "PosUser", "Paystar does not know this agent. Check the email address." },
  /* An invalid PosUser is not looked up. */
  { "{" SLUG ",'Channel':'POS','PosUser':'dave','Charges':[{'Amount':1}]}", FALSE, "PosUser",
    "Enter a valid email address for the agent." },
  /* On QuickPay, any PosUser is simply not allowed. */
  { QP_WITH (",'PosUser':'cory@acme-utilities.example'"), FALSE, "PosUser",
    "Only a POS payment can name an agent." },
  { POS_WITH (",'ClientReference':'REF-NEW'"), FALSE, "", NULL },
  { POS_WITH (",'ClientReference':'REF-USED'"), FALSE, "ClientReference",
    "This reference was already used; each payment needs its own." },
  { POS_WITH (",'ClientReference':''"), FALSE, "ClientReference",
    "Enter a reference, or leave ClientReference out." },
  { POS_WITH (",'PaymentFields':{'invoiceNumber':'1','memoLine':'m'}"), FALSE, "", NULL },
  { POS_WITH (",'PaymentFields':{'other':'x','memoLine':'m','InvoiceNumber':'1'}"), FALSE,
    "PaymentFields.other|PaymentFields.InvoiceNumber",
    "This payment field is not configured for the business unit." },
  { POS_WITH (",'PaymentFields':{'':'x'}"), FALSE, "PaymentFields",
    "Every payment field needs a name." },
  { POS_WITH (",'CustomMeta':{'anything':'x'}"), FALSE, "", NULL },
  /* Document rules and profile rules together. */
  { "{" SLUG ",'Channel':'POS','PosUser':'cory@acme-utilities.example','ClientReference':"
    "'REF-USED','Charges':[{'Amount':0}],'PaymentFields':{'x':'1'}}",
    FALSE, "Charges[0].Amount|PosUser|ClientReference|PaymentFields.x", NULL },
};

static void
test_profile_rules (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (profile_cases); i++) {
    const ProfileCase *c = &profile_cases[i];
    g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
    g_autoptr (PaystarRequest) request = parse_request (c->document, errors);
    g_autofree char *paths = NULL;

    paystar_request_validate_with_profile (request, c->no_profile ? NULL : &profile, errors);
    paths = error_paths (errors);
    g_test_message ("case %u: %s", i, c->document);
    g_assert_cmpstr (paths, ==, c->paths);
    if (c->message != NULL)
      g_assert_cmpstr (((PaystarFieldError *) g_ptr_array_index (errors, 0))->message, ==,
                       c->message);
  }
}

static guint
count_profile_errors (const char *document, const PaystarBusinessUnitProfile *with)
{
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  g_autoptr (PaystarRequest) request = parse_request (document, errors);

  paystar_request_validate_with_profile (request, with, errors);
  return errors->len;
}

static void
test_profile_reference_lookup (void)
{
  PaystarBusinessUnitProfile no_lookup = profile;

  /* A blank or absent reference is never looked up; a usable one is, once. */
  n_reference_lookups = 0;
  g_assert_cmpuint (count_profile_errors (POS_WITH (",'ClientReference':' '"), &profile), ==, 1);
  g_assert_cmpuint (count_profile_errors (POS_WITH (""), &profile), ==, 0);
  g_assert_cmpuint (n_reference_lookups, ==, 0);
  g_assert_cmpuint (count_profile_errors (POS_WITH (",'ClientReference':'R'"), &profile), ==, 0);
  g_assert_cmpuint (n_reference_lookups, ==, 1);

  /* Without a lookup function every reference counts as unused. */
  no_lookup.client_reference_taken = NULL;
  g_assert_cmpuint (count_profile_errors (POS_WITH (",'ClientReference':'REF-USED'"), &no_lookup),
                    ==, 0);
  g_assert_cmpuint (count_profile_errors (POS_WITH (",'ClientReference':'REF-USED'"), &profile), ==,
                    1);
}

/* A user listed only among pos_users still counts as known. */
static void
test_profile_pos_user_implies_known (void)
{
  static const char *const only_pos[] = { AVA, NULL };
  PaystarBusinessUnitProfile sparse = { .slug = "acme-utilities", .pos_users = only_pos };
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  g_autoptr (PaystarRequest) request = parse_request (POS_WITH (""), errors);

  paystar_request_validate_with_profile (request, &sparse, errors);
  g_assert_cmpuint (errors->len, ==, 0);
}

/* Field helpers */

static void
test_email (void)
{
  const char *good[] = {
    AVA,
    "x@a.bc",
    "first.last+tag@mail.example.co.uk",
    "o'brien@example.com",
    "user_name-1@example-domain.com",
    "ünïcode@example.com",
    "a@xn--bcher-kva.example",
    "A@EXAMPLE.COM",
    "a@123.example",
  };
  const char *bad[] = {
    "",
    "plain",
    "@example.com",
    "a@",
    "a@@example.com",
    "a@b@example.com",
    "a b@example.com",
    " a@example.com",
    "a@example.com ",
    "a\tb@example.com",
    "a\x01@example.com",
    "a@example",
    "a@-example.com",
    "a@example-.com",
    "a@exa_mple.com",
    "a@example..com",
    "a@.example.com",
    "a@example.com.",
    "a@exam ple.com",
    "<a@example.com>",
    "a,b@example.com",
    "a;b@example.com",
    "\"a\"@example.com",
    "a@bücher.example",
    "a@[127.0.0.1]",
    "a\xff@example.com",
  };
  g_autofree char *label63 = repeat ("a", 63);
  g_autofree char *label64 = repeat ("a", 64);
  g_autofree char *long_label_ok = g_strconcat ("x@", label63, ".example", NULL);
  g_autofree char *long_label_bad = g_strconcat ("x@", label64, ".example", NULL);
  g_autofree char *local = repeat ("l", 254 - strlen ("@example.com"));
  g_autofree char *max_length = g_strconcat (local, "@example.com", NULL);
  g_autofree char *too_long = g_strconcat ("l", max_length, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (good); i++) {
    g_test_message ("good: %s", good[i]);
    g_assert_true (paystar_is_valid_email (good[i]));
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    /* Escaped, since some of the bad ones are not valid UTF-8. */
    g_autofree char *shown = g_strescape (bad[i], NULL);

    g_test_message ("bad: %s", shown);
    g_assert_false (paystar_is_valid_email (bad[i]));
  }
  g_assert_false (paystar_is_valid_email (NULL));
  g_assert_true (paystar_is_valid_email (long_label_ok));
  g_assert_false (paystar_is_valid_email (long_label_bad));
  g_assert_cmpuint (strlen (max_length), ==, 254);
  g_assert_true (paystar_is_valid_email (max_length));
  g_assert_false (paystar_is_valid_email (too_long));
}

static void
test_dates (void)
{
  const char *good[] = {
    "2024-02-29",
    "2000-02-29",
    "2025-02-01",
    "2025-12-31",
    "0001-01-01",
    "2025-02-01T00:00:00Z",
    "2025-02-01T23:59:59.123Z",
    "2025-02-01T08:30:00+05:30",
    "2025-02-01T08:30:00-07:00",
    "2024-02-29T12:00:00.000000+00:00",
  };
  const char *bad[] = {
    "",
    "2025-02-30",
    "2025-02-29",
    "1900-02-29",
    "2025-04-31",
    "2025-13-01",
    "2025-00-10",
    "2025-01-00",
    "0000-01-01",
    "25-02-01",
    "2025-2-1",
    "2025/02/01",
    "20250201",
    " 2025-02-01",
    "2025-02-01 ",
    "2025-W05-6",
    "2025-032",
    "2025-02-01T",
    "2025-02-01T00:00:00",
    "2025-02-01T00:00Z",
    "2025-02-01t00:00:00Z",
    "2025-02-01 00:00:00Z",
    "2025-02-01T24:00:00Z",
    "2025-02-01T00:60:00Z",
    "2025-02-01T00:00:60Z",
    "2025-02-01T00:00:00.Z",
    "2025-02-01T00:00:00z",
    "2025-02-01T00:00:00+0530",
    "2025-02-01T00:00:00+05",
    "2025-02-01T00:00:00+24:00",
    "2025-02-01T00:00:00Zjunk",
    "2025-02-30T00:00:00Z",
    "2025-02-01T0:00:00Z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++) {
    g_test_message ("good: %s", good[i]);
    g_assert_true (paystar_is_valid_iso8601_date (good[i]));
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_test_message ("bad: %s", bad[i]);
    g_assert_false (paystar_is_valid_iso8601_date (bad[i]));
  }
  g_assert_false (paystar_is_valid_iso8601_date (NULL));
}

static void
test_states (void)
{
  const char *const *states = paystar_state_abbreviations ();
  const char *must_have[] = { "TX", "DC", "PR", "GU", "VI", "AS", "MP", "UM", "AA", "AE", "AP" };
  const char *bad[] = { "", "tx", "Tx", "XX", "TXX", "T", "U.S.", "CAN" };
  guint n = 0;

  for (; states[n] != NULL; n++) {
    g_assert_true (paystar_is_valid_state (states[n]));
    if (n > 0)
      g_assert_cmpint (strcmp (states[n - 1], states[n]), <, 0);
  }
  g_assert_cmpuint (n, ==, 50 + 1 + 6 + 3);
  for (guint i = 0; i < G_N_ELEMENTS (must_have); i++)
    g_assert_true (paystar_is_valid_state (must_have[i]));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (paystar_is_valid_state (bad[i]));
  g_assert_false (paystar_is_valid_state (NULL));
}

static void
test_zip_codes (void)
{
  const char *good[] = { "12345", "00501", "12345-6789" };
  const char *bad[] = { "",          "1234",  "123456", "12345-",      "12345-678", "12345 6789",
                        "123456789", "ABCDE", "1234５", "12345-67890", "-12345",    " 12345" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (paystar_is_valid_zip_code (good[i]));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_test_message ("bad: %s", bad[i]);
    g_assert_false (paystar_is_valid_zip_code (bad[i]));
  }
  g_assert_false (paystar_is_valid_zip_code (NULL));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/rules", test_rules);
  g_test_add_func ("/validate/messages", test_messages);
  g_test_add_func ("/validate/charge-count", test_charge_count);
  g_test_add_func ("/validate/address-lengths", test_address_lengths);
  g_test_add_func ("/validate/address-invalid-utf8", test_address_invalid_utf8);
  g_test_add_func ("/validate/duplicate-pair-keys", test_duplicate_pair_keys);
  g_test_add_func ("/validate/keeps-existing-errors", test_keeps_existing_errors);
  g_test_add_func ("/validate/profile/rules", test_profile_rules);
  g_test_add_func ("/validate/profile/reference-lookup", test_profile_reference_lookup);
  g_test_add_func ("/validate/profile/pos-user-implies-known", test_profile_pos_user_implies_known);
  g_test_add_func ("/validate/helpers/email", test_email);
  g_test_add_func ("/validate/helpers/dates", test_dates);
  g_test_add_func ("/validate/helpers/states", test_states);
  g_test_add_func ("/validate/helpers/zip-codes", test_zip_codes);

  return g_test_run ();
}
