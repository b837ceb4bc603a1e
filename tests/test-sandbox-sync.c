/* test-sandbox-sync.c: golden HTTP tests of account and customer sync across several sessions,
 * against the real paystar-sandbox program.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sandbox-harness.h"

#define ACCOUNT_PATH  "/_sandbox/accounts/acme-utilities/"
#define CUSTOMER_PATH "/_sandbox/customers/acme-utilities/"

static SandboxHarness *harness;

/* A QuickPay session with one charge on @account (JSON object text, quotes as ') and an optional
 * ClientUser (JSON object text or NULL). */
static void
initiate_with (const char *account, const char *user)
{
  g_autofree char *text =
    g_strdup_printf ("{'BusinessUnitSlug': 'acme-utilities', %s%s%s"
                     "'Charges': [{'Amount': 1000, 'ClientAccount': %s}]}",
                     user != NULL ? "'ClientUser': " : "", user != NULL ? user : "",
                     user != NULL ? ", " : "", account);
  g_autofree char *json = sandbox_json (text);

  g_free (sandbox_harness_initiate_ok (harness, json));
}

static SandboxResponse *
get_account (const char *number, const char *sub)
{
  g_autofree char *path = sub != NULL
                            ? g_strdup_printf (ACCOUNT_PATH "%s?subAccountNumber=%s", number, sub)
                            : g_strdup_printf (ACCOUNT_PATH "%s", number);

  return sandbox_harness_get (harness, path);
}

static void
test_account_created_and_updated (void)
{
  g_autoptr (SandboxResponse) first = NULL;
  g_autoptr (SandboxResponse) second = NULL;
  g_autoptr (SandboxResponse) third = NULL;
  JsonNode *data;

  sandbox_harness_reset (harness);
  initiate_with ("{'AccountNumber': 'ACC-1', 'Name': 'Jane Roe', 'Balance': 15000, 'DueDate': "
                 "'2025-02-01', 'Note': 'call first', 'MetaJson': '{\\'x\\': 1}', 'Address': "
                 "{'StreetAddress': '1 Main St', 'City': 'Austin', 'State': 'TX'}}",
                 NULL);
  first = get_account ("ACC-1", NULL);
  data = sandbox_assert_success (first);
  g_assert_cmpstr (sandbox_json_string (data, "AccountNumber"), ==, "ACC-1");
  g_assert_cmpstr (sandbox_json_string (data, "Name"), ==, "Jane Roe");
  g_assert_cmpint (sandbox_json_int (data, "Balance"), ==, 15000);
  g_assert_cmpstr (sandbox_json_string (data, "DueDate"), ==, "2025-02-01");
  g_assert_cmpstr (sandbox_json_string (data, "Address.City"), ==, "Austin");
  g_assert_cmpstr (sandbox_json_string (data, "Address.State"), ==, "TX");
  /* Note and custom account fields (MetaJson) never sync. */
  g_assert_null (sandbox_json_at (data, "Note"));
  g_assert_null (sandbox_json_at (data, "MetaJson"));
  g_assert_null (sandbox_json_at (data, "SubAccountNumber"));
  g_assert_null (sandbox_json_at (data, "PhoneNumber"));
  g_assert_cmpuint (sandbox_json_length (data, "Customers"), ==, 0);

  /* Changed Name, added PhoneNumber and IssueDate, Balance and DueDate removed, Address changed
   * (City gone, ZipCode added). */
  initiate_with ("{'AccountNumber': 'ACC-1', 'Name': 'Jane Q. Roe', 'PhoneNumber': '555-0100', "
                 "'IssueDate': '2025-01-01T00:00:00Z', 'Note': 'changed note', 'Address': "
                 "{'StreetAddress': '2 Oak Ave', 'State': 'TX', 'ZipCode': '78701'}}",
                 NULL);
  second = get_account ("ACC-1", NULL);
  data = sandbox_assert_success (second);
  g_assert_cmpstr (sandbox_json_string (data, "Name"), ==, "Jane Q. Roe");
  g_assert_cmpstr (sandbox_json_string (data, "PhoneNumber"), ==, "555-0100");
  g_assert_cmpstr (sandbox_json_string (data, "IssueDate"), ==, "2025-01-01T00:00:00Z");
  g_assert_null (sandbox_json_at (data, "Balance"));
  g_assert_null (sandbox_json_at (data, "DueDate"));
  g_assert_null (sandbox_json_at (data, "Note"));
  g_assert_cmpstr (sandbox_json_string (data, "Address.StreetAddress"), ==, "2 Oak Ave");
  g_assert_cmpstr (sandbox_json_string (data, "Address.ZipCode"), ==, "78701");
  g_assert_null (sandbox_json_at (data, "Address.City"));

  /* Address removed entirely. */
  initiate_with ("{'AccountNumber': 'ACC-1', 'Name': 'Jane Q. Roe'}", NULL);
  third = get_account ("ACC-1", NULL);
  data = sandbox_assert_success (third);
  g_assert_null (sandbox_json_at (data, "Address"));
  g_assert_null (sandbox_json_at (data, "PhoneNumber"));
  g_assert_cmpuint (sandbox_json_length (data, ""), ==, 3); /* AccountNumber, Name, Customers */
}

static void
test_sub_accounts (void)
{
  g_autoptr (SandboxResponse) plain = NULL;
  g_autoptr (SandboxResponse) sub = NULL;
  g_autoptr (SandboxResponse) other_sub = NULL;
  g_autoptr (SandboxResponse) empty_sub = NULL;

  sandbox_harness_reset (harness);
  initiate_with ("{'AccountNumber': 'ACC-2', 'Name': 'Main'}", NULL);
  initiate_with ("{'AccountNumber': 'ACC-2', 'SubAccountNumber': '01', 'Name': 'Sub one'}", NULL);

  plain = get_account ("ACC-2", NULL);
  g_assert_cmpstr (sandbox_json_string (sandbox_assert_success (plain), "Name"), ==, "Main");
  sub = get_account ("ACC-2", "01");
  g_assert_cmpstr (sandbox_json_string (sandbox_assert_success (sub), "Name"), ==, "Sub one");
  g_assert_cmpstr (sandbox_json_string (sandbox_assert_success (sub), "SubAccountNumber"), ==,
                   "01");
  other_sub = get_account ("ACC-2", "02");
  sandbox_assert_envelope_error (other_sub, 404, "");
  /* An empty sub-account number names the record without one. */
  empty_sub = get_account ("ACC-2", "");
  g_assert_cmpstr (sandbox_json_string (sandbox_assert_success (empty_sub), "Name"), ==, "Main");
}

static void
test_same_account_twice_in_one_session (void)
{
  g_autofree char *json = sandbox_json (
    "{'BusinessUnitSlug': 'acme-utilities', 'Charges': ["
    "{'Amount': 100, 'ClientAccount': {'AccountNumber': 'ACC-3', 'Name': 'First', 'Balance': 1}},"
    "{'Amount': 200, 'ClientAccount': {'AccountNumber': 'ACC-3', 'Name': 'Second'}}]}");
  g_autoptr (SandboxResponse) account = NULL;
  JsonNode *data;

  sandbox_harness_reset (harness);
  g_free (sandbox_harness_initiate_ok (harness, json));
  account = get_account ("ACC-3", NULL);
  data = sandbox_assert_success (account);
  g_assert_cmpstr (sandbox_json_string (data, "Name"), ==, "Second");
  g_assert_null (sandbox_json_at (data, "Balance"));
}

static void
test_customer_sync (void)
{
  g_autoptr (SandboxResponse) customer = NULL;
  g_autoptr (SandboxResponse) upper = NULL;
  g_autoptr (SandboxResponse) account = NULL;
  g_autoptr (SandboxResponse) other = NULL;
  JsonNode *data;

  sandbox_harness_reset (harness);
  initiate_with ("{'AccountNumber': 'ACC-10', 'Name': 'Pat Lee'}",
                 "{'EmailAddress': 'Pat.Lee@Example.com', 'FirstName': 'Pat', 'LastName': 'Lee'}");
  /* Same customer, other case, other names, another account: names stay, accounts add up. */
  initiate_with ("{'AccountNumber': 'ACC-11', 'SubAccountNumber': 'B', 'Name': 'Pat Lee'}",
                 "{'EmailAddress': 'pat.lee@example.COM', 'FirstName': 'Patricia', 'LastName': "
                 "'Lee-Smith'}");
  /* The first account again: no duplicate association. */
  initiate_with ("{'AccountNumber': 'ACC-10', 'Name': 'Pat Lee'}",
                 "{'EmailAddress': 'PAT.LEE@EXAMPLE.COM'}");

  customer = sandbox_harness_get (harness, CUSTOMER_PATH "pat.lee@example.com");
  data = sandbox_assert_success (customer);
  g_assert_cmpstr (sandbox_json_string (data, "EmailAddress"), ==, "Pat.Lee@Example.com");
  g_assert_cmpstr (sandbox_json_string (data, "FirstName"), ==, "Pat");
  g_assert_cmpstr (sandbox_json_string (data, "LastName"), ==, "Lee");
  g_assert_cmpuint (sandbox_json_length (data, "Accounts"), ==, 2);
  g_assert_cmpstr (sandbox_json_string (data, "Accounts[0].AccountNumber"), ==, "ACC-10");
  g_assert_true (sandbox_json_is_null (data, "Accounts[0].SubAccountNumber"));
  g_assert_cmpstr (sandbox_json_string (data, "Accounts[1].AccountNumber"), ==, "ACC-11");
  g_assert_cmpstr (sandbox_json_string (data, "Accounts[1].SubAccountNumber"), ==, "B");

  upper = sandbox_harness_get (harness, CUSTOMER_PATH "PAT.LEE%40EXAMPLE.COM");
  g_assert_cmpstr (sandbox_json_string (sandbox_assert_success (upper), "FirstName"), ==, "Pat");

  account = get_account ("ACC-10", NULL);
  data = sandbox_assert_success (account);
  g_assert_cmpuint (sandbox_json_length (data, "Customers"), ==, 1);
  g_assert_cmpstr (sandbox_json_string (data, "Customers[0]"), ==, "Pat.Lee@Example.com");

  other = sandbox_harness_get (harness, CUSTOMER_PATH "someone@example.com");
  sandbox_assert_envelope_error (other, 404, "");
}

/* One session naming several accounts: each is synced, and the customer is associated with
 * every one of them (and each of them with the customer). */
static void
test_customer_associated_with_every_account (void)
{
  g_autofree char *json = sandbox_json (
    "{'BusinessUnitSlug': 'acme-utilities', 'ClientUser': {'EmailAddress': 'many@example.com', "
    "'FirstName': 'Mo'}, 'Charges': ["
    "{'Amount': 100, 'ClientAccount': {'AccountNumber': 'ACC-40', 'Name': 'Water'}},"
    "{'Amount': 200},"
    "{'Amount': 300, 'ClientAccount': {'AccountNumber': 'ACC-41', 'SubAccountNumber': 'S', "
    "'Name': 'Power'}},"
    "{'Amount': 400, 'ClientAccount': {'AccountNumber': 'ACC-42', 'Name': 'Gas'}}]}");
  g_autoptr (SandboxResponse) customer = NULL;
  JsonNode *data;
  const struct {
    const char *number;
    const char *sub;
    const char *name;
  } accounts[] = {
    { "ACC-40", NULL, "Water" },
    { "ACC-41", "S", "Power" },
    { "ACC-42", NULL, "Gas" },
  };

  sandbox_harness_reset (harness);
  g_free (sandbox_harness_initiate_ok (harness, json));

  customer = sandbox_harness_get (harness, CUSTOMER_PATH "many@example.com");
  data = sandbox_assert_success (customer);
  g_assert_cmpstr (sandbox_json_string (data, "FirstName"), ==, "Mo");
  g_assert_cmpuint (sandbox_json_length (data, "Accounts"), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++) {
    g_autofree char *number_path = g_strdup_printf ("Accounts[%u].AccountNumber", i);
    g_autofree char *sub_path = g_strdup_printf ("Accounts[%u].SubAccountNumber", i);
    g_autoptr (SandboxResponse) account = get_account (accounts[i].number, accounts[i].sub);
    JsonNode *record;

    g_assert_cmpstr (sandbox_json_string (data, number_path), ==, accounts[i].number);
    if (accounts[i].sub != NULL)
      g_assert_cmpstr (sandbox_json_string (data, sub_path), ==, accounts[i].sub);
    else
      g_assert_true (sandbox_json_is_null (data, sub_path));

    record = sandbox_assert_success (account);
    g_assert_cmpstr (sandbox_json_string (record, "Name"), ==, accounts[i].name);
    g_assert_cmpuint (sandbox_json_length (record, "Customers"), ==, 1);
    g_assert_cmpstr (sandbox_json_string (record, "Customers[0]"), ==, "many@example.com");
  }
}

/* POS sessions (no ClientUser allowed) sync their accounts too. */
static void
test_pos_session_syncs_accounts (void)
{
  g_autofree char *json = sandbox_json (
    "{'BusinessUnitSlug': 'acme-utilities', 'Channel': 'POS', 'PosUser': '" SANDBOX_AVA "', "
    "'Charges': [{'Amount': 100, 'ClientAccount': {'AccountNumber': 'ACC-50', 'Name': 'Counter', "
    "'Balance': 100, 'Note': 'paid at the counter'}}]}");
  g_autoptr (SandboxResponse) account = NULL;
  JsonNode *data;

  sandbox_harness_reset (harness);
  g_free (sandbox_harness_initiate_ok (harness, json));
  account = get_account ("ACC-50", NULL);
  data = sandbox_assert_success (account);
  g_assert_cmpstr (sandbox_json_string (data, "Name"), ==, "Counter");
  g_assert_cmpint (sandbox_json_int (data, "Balance"), ==, 100);
  g_assert_null (sandbox_json_at (data, "Note"));
  g_assert_cmpuint (sandbox_json_length (data, "Customers"), ==, 0);
}

static void
test_customer_names_optional_and_immutable (void)
{
  g_autofree char *json = sandbox_json ("{'BusinessUnitSlug': 'acme-utilities', 'ClientUser': "
                                        "{'EmailAddress': 'quiet@example.com'}, 'Charges': "
                                        "[{'Amount': 100}]}");
  g_autofree char *named = sandbox_json ("{'BusinessUnitSlug': 'acme-utilities', 'ClientUser': "
                                         "{'EmailAddress': 'quiet@example.com', 'FirstName': 'Q'}, "
                                         "'Charges': [{'Amount': 100}]}");
  g_autoptr (SandboxResponse) customer = NULL;
  JsonNode *data;

  sandbox_harness_reset (harness);
  g_free (sandbox_harness_initiate_ok (harness, json));
  g_free (sandbox_harness_initiate_ok (harness, named));
  customer = sandbox_harness_get (harness, CUSTOMER_PATH "quiet@example.com");
  data = sandbox_assert_success (customer);
  /* Introduced without names: they stay absent, later names do not fill them in. */
  g_assert_true (sandbox_json_is_null (data, "FirstName"));
  g_assert_true (sandbox_json_is_null (data, "LastName"));
  g_assert_cmpuint (sandbox_json_length (data, "Accounts"), ==, 0);
}

static void
test_customers_of_account_accumulate (void)
{
  g_autoptr (SandboxResponse) account = NULL;
  JsonNode *data;

  sandbox_harness_reset (harness);
  initiate_with ("{'AccountNumber': 'ACC-20', 'Name': 'Household'}",
                 "{'EmailAddress': 'one@example.com'}");
  initiate_with ("{'AccountNumber': 'ACC-20', 'Name': 'Household'}",
                 "{'EmailAddress': 'two@example.com'}");
  /* A session without a customer keeps the associations. */
  initiate_with ("{'AccountNumber': 'ACC-20', 'Name': 'Household'}", NULL);
  account = get_account ("ACC-20", NULL);
  data = sandbox_assert_success (account);
  g_assert_cmpuint (sandbox_json_length (data, "Customers"), ==, 2);
  g_assert_cmpstr (sandbox_json_string (data, "Customers[0]"), ==, "one@example.com");
  g_assert_cmpstr (sandbox_json_string (data, "Customers[1]"), ==, "two@example.com");
}

static void
test_rejected_request_syncs_nothing (void)
{
  g_autofree char *json = sandbox_json (
    "{'BusinessUnitSlug': 'acme-utilities', 'ClientUser': {'EmailAddress': 'nope@example.com'}, "
    "'Charges': [{'Amount': 0, 'ClientAccount': {'AccountNumber': 'ACC-30', 'Name': 'X'}}]}");
  g_autoptr (SandboxResponse) response = NULL;
  g_autoptr (SandboxResponse) account = NULL;
  g_autoptr (SandboxResponse) customer = NULL;

  sandbox_harness_reset (harness);
  initiate_with ("{'AccountNumber': 'ACC-31', 'Name': 'Before'}", NULL);
  response = sandbox_harness_initiate (harness, json);
  sandbox_assert_envelope_error (response, 200, "Charges[0].Amount");
  account = get_account ("ACC-30", NULL);
  sandbox_assert_envelope_error (account, 404, "");
  customer = sandbox_harness_get (harness, CUSTOMER_PATH "nope@example.com");
  sandbox_assert_envelope_error (customer, 404, "");
}

static void
test_unusual_account_numbers (void)
{
  g_autoptr (SandboxResponse) slash = NULL;
  g_autoptr (SandboxResponse) space = NULL;

  sandbox_harness_reset (harness);
  initiate_with ("{'AccountNumber': 'A/B', 'Name': 'Slash'}", NULL);
  initiate_with ("{'AccountNumber': 'A B', 'Name': 'Space'}", NULL);
  slash = get_account ("A%2FB", NULL);
  g_assert_cmpstr (sandbox_json_string (sandbox_assert_success (slash), "Name"), ==, "Slash");
  space = get_account ("A%20B", NULL);
  g_assert_cmpstr (sandbox_json_string (sandbox_assert_success (space), "Name"), ==, "Space");
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/sync/account-created-and-updated", test_account_created_and_updated);
  g_test_add_func ("/sandbox/sync/sub-accounts", test_sub_accounts);
  g_test_add_func ("/sandbox/sync/same-account-twice", test_same_account_twice_in_one_session);
  g_test_add_func ("/sandbox/sync/customer", test_customer_sync);
  g_test_add_func ("/sandbox/sync/customer-every-account",
                   test_customer_associated_with_every_account);
  g_test_add_func ("/sandbox/sync/pos-session-syncs-accounts", test_pos_session_syncs_accounts);
  g_test_add_func ("/sandbox/sync/customer-names-immutable",
                   test_customer_names_optional_and_immutable);
  g_test_add_func ("/sandbox/sync/customers-accumulate", test_customers_of_account_accumulate);
  g_test_add_func ("/sandbox/sync/rejected-syncs-nothing", test_rejected_request_syncs_nothing);
  g_test_add_func ("/sandbox/sync/unusual-account-numbers", test_unusual_account_numbers);

  harness = sandbox_harness_start_argv (NULL);
  status = g_test_run ();
  g_assert_cmpint (sandbox_harness_stop (harness, SIGTERM), ==, 0);
  sandbox_harness_free (harness);
  return status;
}
