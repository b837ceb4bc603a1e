/* test-sale.c: tests of PosSale and PosCharge: model signals, limits, totals, requests, drafts.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-test-util.h"
#include "pos.h"

typedef struct {
  PosSale *sale;
  guint changed;
  guint total_notifies;
  guint can_add_notifies;
  guint items_changed;
  guint last_position;
  guint last_removed;
  guint last_added;
  char *ava; /* an agent's email */
} Fixture;

static void
on_changed (PosSale *sale, Fixture *fixture)
{
  fixture->changed++;
}

static void
on_notify (PosSale *sale, GParamSpec *pspec, Fixture *fixture)
{
  if (g_str_equal (pspec->name, "total"))
    fixture->total_notifies++;
  else if (g_str_equal (pspec->name, "can-add"))
    fixture->can_add_notifies++;
}

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, Fixture *fixture)
{
  fixture->items_changed++;
  fixture->last_position = position;
  fixture->last_removed = removed;
  fixture->last_added = added;
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->sale = pos_sale_new ("Front desk #1");
  fixture->ava = pos_test_agent_email ("ava");
  g_signal_connect (fixture->sale, "changed", G_CALLBACK (on_changed), fixture);
  g_signal_connect (fixture->sale, "notify", G_CALLBACK (on_notify), fixture);
  g_signal_connect (fixture->sale, "items-changed", G_CALLBACK (on_items_changed), fixture);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_assert_finalize_object (fixture->sale);
  g_free (fixture->ava);
}

static void
test_client_reference (Fixture *fixture, gconstpointer data)
{
  const char *reference = pos_sale_get_client_reference (fixture->sale);
  g_autoptr (PosSale) other = pos_sale_new (NULL);
  g_autoptr (PosSale) symbols = pos_sale_new ("#!?");
  const char *hex;

  g_assert_true (g_str_has_prefix (reference, "POS-FRONTDESK1-"));
  hex = reference + strlen ("POS-FRONTDESK1-");
  g_assert_cmpuint (strlen (hex), ==, 32);
  for (const char *p = hex; *p != '\0'; p++)
    g_assert_true (g_ascii_isxdigit (*p));

  g_assert_true (g_str_has_prefix (pos_sale_get_client_reference (other), "POS-"));
  g_assert_cmpuint (strlen (pos_sale_get_client_reference (other)), ==, 4 + 32);
  g_assert_cmpuint (strlen (pos_sale_get_client_reference (symbols)), ==, 4 + 32);
  g_assert_cmpstr (pos_sale_get_client_reference (other), !=, reference);

  /* Many references, all different. */
  {
    g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint i = 0; i < 200; i++) {
      g_autoptr (PosSale) sale = pos_sale_new ("x");

      g_assert_true (g_hash_table_add (seen, g_strdup (pos_sale_get_client_reference (sale))));
    }
  }

  {
    g_autofree char *before = g_strdup (reference);

    pos_sale_renew_client_reference (fixture->sale, "Front desk #1");
    g_assert_cmpstr (pos_sale_get_client_reference (fixture->sale), !=, before);
  }
  g_assert_cmpuint (fixture->changed, ==, 1);
}

static void
test_add_remove (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosCharge) item = NULL;
  PosCharge *first;
  PosCharge *second;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->sale)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (fixture->sale)) == POS_TYPE_CHARGE);

  first = pos_sale_add_charge (fixture->sale, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_cmpuint (fixture->items_changed, ==, 1);
  g_assert_cmpuint (fixture->last_position, ==, 0);
  g_assert_cmpuint (fixture->last_removed, ==, 0);
  g_assert_cmpuint (fixture->last_added, ==, 1);
  g_assert_cmpuint (fixture->changed, ==, 1);

  item = g_list_model_get_item (G_LIST_MODEL (fixture->sale), 0);
  g_assert_true (item == first);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fixture->sale), 1));

  /* One "changed" per edit, and the total follows. */
  pos_charge_set_amount_text (first, "150.5");
  g_assert_cmpuint (fixture->changed, ==, 2);
  g_assert_cmpint (pos_charge_get_amount (first), ==, 15050);
  g_assert_true (pos_charge_get_amount_valid (first));
  g_assert_cmpint (pos_sale_get_total (fixture->sale), ==, 15050);
  g_assert_cmpuint (fixture->total_notifies, ==, 1);

  /* Setting the same text again changes nothing. */
  pos_charge_set_amount_text (first, "150.5");
  g_assert_cmpuint (fixture->changed, ==, 2);
  g_assert_cmpuint (fixture->total_notifies, ==, 1);

  second = pos_sale_add_charge (fixture->sale, &error);
  g_assert_no_error (error);
  pos_charge_set_amount_text (second, "$1,234.56");
  g_assert_cmpint (pos_sale_get_total (fixture->sale), ==, 15050 + 123456);
  g_assert_cmpuint (fixture->total_notifies, ==, 2);

  /* An edit that does not touch amounts: changed, but the total is not notified. */
  pos_charge_set_description (second, "Water");
  g_assert_cmpuint (fixture->changed, ==, 5);
  g_assert_cmpuint (fixture->total_notifies, ==, 2);
  pos_charge_set_field (second, POS_CHARGE_FIELD_CITY, "Springfield");
  pos_charge_set_has_account (second, TRUE);
  g_assert_cmpuint (fixture->changed, ==, 7);

  /* Text that does not parse counts as 0. */
  pos_charge_set_amount_text (first, "1.234");
  g_assert_false (pos_charge_get_amount_valid (first));
  g_assert_cmpint (pos_charge_get_amount (first), ==, 0);
  g_assert_cmpint (pos_sale_get_total (fixture->sale), ==, 123456);
  pos_charge_set_amount_text (first, "2");
  g_assert_cmpint (pos_sale_get_total (fixture->sale), ==, 123456 + 200);

  fixture->changed = 0;
  pos_sale_remove_charge (fixture->sale, 0);
  g_assert_cmpuint (fixture->last_position, ==, 0);
  g_assert_cmpuint (fixture->last_removed, ==, 1);
  g_assert_cmpuint (fixture->last_added, ==, 0);
  g_assert_cmpuint (fixture->changed, ==, 1);
  g_assert_cmpint (pos_sale_get_total (fixture->sale), ==, 123456);
  g_assert_true (pos_sale_get_charge (fixture->sale, 0) == second);

  /* A removed charge no longer reaches the sale. */
  fixture->changed = 0;
  pos_charge_set_amount_text (item, "99");
  g_assert_cmpuint (fixture->changed, ==, 0);
  g_assert_cmpint (pos_sale_get_total (fixture->sale), ==, 123456);

  /* Clear removes everything but keeps the reference. */
  pos_sale_set_payment_descriptor (fixture->sale, "ACME");
  pos_sale_clear (fixture->sale);
  g_assert_cmpuint (pos_sale_get_n_charges (fixture->sale), ==, 0);
  g_assert_cmpint (pos_sale_get_total (fixture->sale), ==, 0);
  g_assert_cmpstr (pos_sale_get_payment_descriptor (fixture->sale), ==, "");
  g_assert_finalize_object (g_steal_pointer (&item));
}

/* What a "changed" handler sees, and the order of the signals of one edit. */
typedef struct {
  PosSale *sale;
  PosCharge *charge;
  GString *events;
  gint64 total_in_changed;
  gint64 amount_in_changed;
  gboolean valid_in_changed;
  gint64 amount_in_text_notify;
} OrderProbe;

static void
on_probe_changed (PosSale *sale, OrderProbe *probe)
{
  probe->total_in_changed = pos_sale_get_total (sale);
  probe->amount_in_changed = pos_charge_get_amount (probe->charge);
  probe->valid_in_changed = pos_charge_get_amount_valid (probe->charge);
  g_string_append (probe->events, "changed;");
}

static void
on_probe_sale_notify (PosSale *sale, GParamSpec *pspec, OrderProbe *probe)
{
  g_string_append_printf (probe->events, "sale:%s;", pspec->name);
}

static void
on_probe_charge_notify (PosCharge *charge, GParamSpec *pspec, OrderProbe *probe)
{
  g_string_append_printf (probe->events, "charge:%s;", pspec->name);
  if (g_str_equal (pspec->name, "amount-text"))
    probe->amount_in_text_notify = pos_charge_get_amount (charge);
}

static void
probe_reset (OrderProbe *probe)
{
  g_string_truncate (probe->events, 0);
  probe->total_in_changed = -1;
  probe->amount_in_changed = -1;
  probe->valid_in_changed = FALSE;
  probe->amount_in_text_notify = -1;
}

static void
test_changed_order (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  OrderProbe probe = { 0 };
  PosCharge *other;

  probe.sale = fixture->sale;
  probe.events = g_string_new (NULL);
  other = pos_sale_add_charge (fixture->sale, &error);
  g_assert_no_error (error);
  pos_charge_set_amount_text (other, "5");
  probe.charge = pos_sale_add_charge (fixture->sale, &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->sale, "changed", G_CALLBACK (on_probe_changed), &probe);
  g_signal_connect (fixture->sale, "notify::total", G_CALLBACK (on_probe_sale_notify), &probe);
  g_signal_connect (probe.charge, "notify", G_CALLBACK (on_probe_charge_notify), &probe);

  /* Typing an amount: the charge's amount, then the sale's total, then "changed". (The sale's own
   * handler of the charge's notifications was connected first, so it runs before the probe's:
   * "sale:total" is logged before "charge:amount" and "changed" before "charge:amount-text".) */
  probe_reset (&probe);
  fixture->changed = 0;
  pos_charge_set_amount_text (probe.charge, "150.5");
  g_assert_cmpint (probe.total_in_changed, ==, 500 + 15050);
  g_assert_cmpint (probe.amount_in_changed, ==, 15050);
  g_assert_true (probe.valid_in_changed);
  g_assert_cmpint (probe.amount_in_text_notify, ==, 15050);
  g_assert_cmpstr (probe.events->str, ==,
                   "sale:total;charge:amount;charge:amount-valid;changed;charge:amount-text;");
  g_assert_cmpuint (fixture->changed, ==, 1);

  /* Another amount. */
  probe_reset (&probe);
  pos_charge_set_amount_text (probe.charge, "$1,000");
  g_assert_cmpint (probe.total_in_changed, ==, 500 + 100000);
  g_assert_cmpint (probe.amount_in_changed, ==, 100000);
  g_assert_cmpstr (probe.events->str, ==, "sale:total;charge:amount;changed;charge:amount-text;");

  /* Text that does not parse: the total drops to the other charge's amount before "changed". */
  probe_reset (&probe);
  pos_charge_set_amount_text (probe.charge, "1.234");
  g_assert_cmpint (probe.total_in_changed, ==, 500);
  g_assert_cmpint (probe.amount_in_changed, ==, 0);
  g_assert_false (probe.valid_in_changed);

  /* Through g_object_set(), which freezes the charge's notifications: the total is right in
   * "changed" all the same, and "changed" still comes once. */
  probe_reset (&probe);
  fixture->changed = 0;
  g_object_set (probe.charge, "amount-text", "20", NULL);
  g_assert_cmpint (probe.total_in_changed, ==, 500 + 2000);
  g_assert_cmpint (probe.amount_in_changed, ==, 2000);
  g_assert_true (probe.valid_in_changed);
  g_assert_cmpuint (fixture->changed, ==, 1);
  g_assert_nonnull (strstr (probe.events->str, "sale:total;"));
  g_assert_true (strstr (probe.events->str, "changed;") >
                 strstr (probe.events->str, "sale:total;"));
  g_assert_cmpint (pos_sale_get_total (fixture->sale), ==, 2500);

  /* pos_charge_set_amount() and an edit of the other charge. */
  probe_reset (&probe);
  pos_charge_set_amount (probe.charge, 12345);
  g_assert_cmpint (probe.total_in_changed, ==, 500 + 12345);
  probe_reset (&probe);
  pos_charge_set_amount_text (other, "");
  g_assert_cmpint (probe.total_in_changed, ==, 12345);
  g_assert_cmpstr (probe.events->str, ==, "sale:total;changed;");

  g_signal_handlers_disconnect_by_data (fixture->sale, &probe);
  g_signal_handlers_disconnect_by_data (probe.charge, &probe);
  g_string_free (probe.events, TRUE);
}

static void
test_duplicate (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  PosCharge *charge = pos_sale_add_charge (fixture->sale, &error);
  PosCharge *other = pos_sale_add_charge (fixture->sale, &error);
  PosCharge *copy;

  g_assert_no_error (error);
  pos_charge_set_amount_text (charge, "10");
  pos_charge_set_description (charge, "Deposit");
  pos_charge_set_has_account (charge, TRUE);
  pos_charge_set_field (charge, POS_CHARGE_FIELD_ACCOUNT_NUMBER, "ACC-1");
  pos_charge_set_field (charge, POS_CHARGE_FIELD_ZIP_CODE, "12345");
  pos_charge_set_amount_text (other, "1");

  fixture->changed = 0;
  copy = pos_sale_duplicate_charge (fixture->sale, 0, &error);
  g_assert_no_error (error);
  g_assert_true (copy != charge);
  g_assert_true (pos_sale_get_charge (fixture->sale, 1) == copy);
  g_assert_true (pos_sale_get_charge (fixture->sale, 2) == other);
  g_assert_cmpuint (fixture->last_position, ==, 1);
  g_assert_cmpuint (fixture->last_added, ==, 1);
  g_assert_cmpuint (fixture->changed, ==, 1);
  for (guint f = 0; f < POS_CHARGE_N_FIELDS; f++)
    g_assert_cmpstr (pos_charge_get_field (copy, f), ==, pos_charge_get_field (charge, f));
  g_assert_true (pos_charge_get_has_account (copy));
  g_assert_cmpint (pos_sale_get_total (fixture->sale), ==, 2100);

  /* The copy is independent. */
  pos_charge_set_amount_text (copy, "20");
  g_assert_cmpstr (pos_charge_get_amount_text (charge), ==, "10");
  g_assert_cmpint (pos_sale_get_total (fixture->sale), ==, 3100);
}

/* A removed charge put back where it was (the sale page's Undo), and what counts as blank. */
static void
test_insert_blank (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosCharge) removed = NULL;
  PosCharge *first = pos_sale_add_charge (fixture->sale, &error);
  PosCharge *second = pos_sale_add_charge (fixture->sale, &error);

  g_assert_no_error (error);
  g_assert_true (pos_charge_is_blank (first));
  pos_charge_set_charge_type (first, "Fee");
  g_assert_true (pos_charge_is_blank (first)); /* a type is always chosen */
  pos_charge_set_field (first, POS_CHARGE_FIELD_STATE, "TX");
  g_assert_false (pos_charge_is_blank (first));
  pos_charge_set_field (first, POS_CHARGE_FIELD_STATE, "  ");
  g_assert_true (pos_charge_is_blank (first));
  pos_charge_set_amount_text (first, "10");
  g_assert_false (pos_charge_is_blank (first));
  pos_charge_set_amount_text (second, "2.50");

  removed = g_object_ref (first);
  pos_sale_remove_charge (fixture->sale, 0);
  g_assert_cmpint (pos_sale_get_total (fixture->sale), ==, 250);
  fixture->changed = 0;
  g_assert_true (pos_sale_insert_charge (fixture->sale, 0, removed, &error));
  g_assert_no_error (error);
  g_assert_true (pos_sale_get_charge (fixture->sale, 0) == removed);
  g_assert_true (pos_sale_get_charge (fixture->sale, 1) == second);
  g_assert_cmpuint (fixture->last_position, ==, 0);
  g_assert_cmpuint (fixture->last_added, ==, 1);
  g_assert_cmpuint (fixture->changed, ==, 1);
  g_assert_cmpint (pos_sale_get_total (fixture->sale), ==, 1250);
  /* It follows its edits again, as any charge of the sale. */
  pos_charge_set_amount_text (removed, "20");
  g_assert_cmpint (pos_sale_get_total (fixture->sale), ==, 2250);

  /* Past the end: appended. At the limit: refused, the sale unchanged. */
  g_clear_object (&removed);
  removed = pos_charge_new ();
  g_assert_true (pos_sale_insert_charge (fixture->sale, 99, removed, &error));
  g_assert_true (pos_sale_get_charge (fixture->sale, 2) == removed);
  while (pos_sale_get_can_add (fixture->sale))
    pos_sale_add_charge (fixture->sale, NULL);
  g_clear_object (&removed);
  removed = pos_charge_new ();
  g_assert_false (pos_sale_insert_charge (fixture->sale, 0, removed, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_TOO_MANY_CHARGES);
  g_assert_true (pos_sale_get_charge (fixture->sale, 0) != removed);
}

static void
test_limit (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosCharge) extra = pos_charge_new ();

  g_assert_true (pos_sale_get_can_add (fixture->sale));
  for (guint i = 0; i < PAYSTAR_MAX_CHARGES; i++) {
    PosCharge *charge = pos_sale_add_charge (fixture->sale, &error);

    g_assert_no_error (error);
    pos_charge_set_amount (charge, 100 + i);
  }
  g_assert_cmpuint (pos_sale_get_n_charges (fixture->sale), ==, 25);
  g_assert_false (pos_sale_get_can_add (fixture->sale));
  g_assert_cmpuint (fixture->can_add_notifies, ==, 1);
  /* 100 + 101 + ... + 124 */
  g_assert_cmpint (pos_sale_get_total (fixture->sale), ==, 25 * 100 + 300);
  g_assert_cmpstr (pos_charge_get_amount_text (pos_sale_get_charge (fixture->sale, 24)), ==,
                   "1.24");

  g_assert_null (pos_sale_add_charge (fixture->sale, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_TOO_MANY_CHARGES);
  g_clear_error (&error);
  g_assert_null (pos_sale_duplicate_charge (fixture->sale, 0, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_TOO_MANY_CHARGES);
  g_clear_error (&error);
  g_assert_false (pos_sale_append_charge (fixture->sale, extra, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_TOO_MANY_CHARGES);
  g_clear_error (&error);
  g_assert_cmpuint (pos_sale_get_n_charges (fixture->sale), ==, 25);

  pos_sale_remove_charge (fixture->sale, 3);
  g_assert_true (pos_sale_get_can_add (fixture->sale));
  g_assert_cmpuint (fixture->can_add_notifies, ==, 2);
  g_assert_true (pos_sale_append_charge (fixture->sale, extra, &error));
  g_assert_no_error (error);
}

static void
test_options (Fixture *fixture, gconstpointer data)
{
  GPtrArray *pairs;

  pos_sale_set_payment_field (fixture->sale, "invoiceNumber", "INV-1");
  pos_sale_set_payment_field (fixture->sale, "memoLine", "January");
  pos_sale_set_payment_field (fixture->sale, "invoiceNumber", "INV-2");
  g_assert_cmpuint (fixture->changed, ==, 3);
  pos_sale_set_payment_field (fixture->sale, "invoiceNumber", "INV-2");
  g_assert_cmpuint (fixture->changed, ==, 3);

  pairs = pos_sale_get_payment_fields (fixture->sale);
  g_assert_cmpuint (pairs->len, ==, 2);
  g_assert_cmpstr (((PaystarPair *) pairs->pdata[0])->key, ==, "invoiceNumber");
  g_assert_cmpstr (((PaystarPair *) pairs->pdata[0])->value, ==, "INV-2");
  g_assert_cmpstr (((PaystarPair *) pairs->pdata[1])->key, ==, "memoLine");

  pos_sale_set_payment_field (fixture->sale, "invoiceNumber", NULL);
  g_assert_cmpuint (pairs->len, ==, 1);
  g_assert_null (pos_sale_get_payment_field (fixture->sale, "invoiceNumber"));
  g_assert_cmpuint (fixture->changed, ==, 4);
  pos_sale_set_payment_field (fixture->sale, "absent", NULL);
  g_assert_cmpuint (fixture->changed, ==, 4);

  pos_sale_set_custom_meta (fixture->sale, "department", "Water");
  g_assert_cmpstr (pos_sale_get_custom_meta (fixture->sale, "department"), ==, "Water");
  g_assert_cmpuint (pos_sale_get_custom_meta_pairs (fixture->sale)->len, ==, 1);

  pos_sale_set_payment_descriptor (fixture->sale, "ACME UTIL");
  g_assert_cmpuint (fixture->changed, ==, 6);
}

/* A sale with two charges, one of them against a full account. */
static void
fill_sale (PosSale *sale)
{
  PosCharge *charge = pos_sale_add_charge (sale, NULL);

  pos_charge_set_amount_text (charge, "150");
  pos_charge_set_description (charge, "Walk-in payment");
  pos_charge_set_charge_type (charge, "Utility bill");

  charge = pos_sale_add_charge (sale, NULL);
  pos_charge_set_amount_text (charge, "$25.50");
  pos_charge_set_has_account (charge, TRUE);
  pos_charge_set_field (charge, POS_CHARGE_FIELD_ACCOUNT_NUMBER, "ACC-12345");
  pos_charge_set_field (charge, POS_CHARGE_FIELD_SUB_ACCOUNT_NUMBER, "01");
  pos_charge_set_field (charge, POS_CHARGE_FIELD_ACCOUNT_NAME, " John Doe ");
  pos_charge_set_field (charge, POS_CHARGE_FIELD_BALANCE_TEXT, "300");
  pos_charge_set_field (charge, POS_CHARGE_FIELD_PHONE_NUMBER, "555-0100");
  pos_charge_set_field (charge, POS_CHARGE_FIELD_DUE_DATE, "2025-02-01T00:00:00Z");
  pos_charge_set_field (charge, POS_CHARGE_FIELD_ISSUE_DATE, "2025-01-01T00:00:00Z");
  pos_charge_set_field (charge, POS_CHARGE_FIELD_NOTE, "Paid at counter");
  pos_charge_set_field (charge, POS_CHARGE_FIELD_STREET_ADDRESS, "1 Main St");
  pos_charge_set_field (charge, POS_CHARGE_FIELD_STREET_ADDRESS2, "");
  pos_charge_set_field (charge, POS_CHARGE_FIELD_CITY, "Springfield");
  pos_charge_set_field (charge, POS_CHARGE_FIELD_STATE, "IL");
  pos_charge_set_field (charge, POS_CHARGE_FIELD_ZIP_CODE, "62701");

  pos_sale_set_payment_descriptor (sale, "ACME UTIL");
  pos_sale_set_payment_field (sale, "invoiceNumber", "INV-2025-001");
  pos_sale_set_custom_meta (sale, "department", "Water");
  pos_sale_set_custom_meta (sale, "source", "counter");
}

static void
test_request (Fixture *fixture, gconstpointer data)
{
  g_autoptr (PaystarRequest) request = NULL;
  g_autoptr (PaystarRequest) redirect = NULL;
  g_autoptr (GPtrArray) errors = NULL;
  g_autofree char *json = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *redirect_json = NULL;

  fill_sale (fixture->sale);
  request = pos_sale_to_request (fixture->sale, "acme-utilities", fixture->ava, NULL, NULL);
  json = paystar_request_to_json (request, NULL);
  expected = g_strdup_printf (
    "{\"BusinessUnitSlug\":\"acme-utilities\",\"Channel\":\"POS\",\"PosUser\":\"%s\","
    "\"Charges\":[{\"Amount\":15000,\"Description\":\"Walk-in payment\","
    "\"ChargeType\":\"Utility bill\"},"
    "{\"Amount\":2550,\"ClientAccount\":{\"AccountNumber\":\"ACC-12345\","
    "\"SubAccountNumber\":\"01\",\"Name\":\"John Doe\",\"Balance\":30000,"
    "\"PhoneNumber\":\"555-0100\",\"DueDate\":\"2025-02-01T00:00:00Z\","
    "\"IssueDate\":\"2025-01-01T00:00:00Z\",\"Note\":\"Paid at counter\","
    "\"Address\":{\"StreetAddress\":\"1 Main St\",\"City\":\"Springfield\",\"State\":\"IL\","
    "\"ZipCode\":\"62701\"}}}],"
    "\"PaymentDescriptor\":\"ACME UTIL\",\"ClientReference\":\"%s\","
    "\"PaymentFields\":{\"invoiceNumber\":\"INV-2025-001\"},"
    "\"CustomMeta\":{\"department\":\"Water\",\"source\":\"counter\"}}",
    fixture->ava, pos_sale_get_client_reference (fixture->sale));
  g_assert_cmpstr (json, ==, expected);
  g_assert_null (request->client_user);
  g_assert_cmpint (paystar_request_total (request), ==, 17550);

  errors = pos_sale_validate (fixture->sale, "acme-utilities", fixture->ava, NULL, NULL);
  g_assert_cmpuint (errors->len, ==, 0);

  /* Redirect mode adds both URLs. */
  redirect = pos_sale_to_request (fixture->sale, "acme-utilities", fixture->ava,
                                  "https://station.invalid/paystar/success",
                                  "https://station.invalid/paystar/return");
  redirect_json = paystar_request_to_json (redirect, NULL);
  g_assert_nonnull (strstr (redirect_json,
                            "\"SuccessUrl\":\"https://station.invalid/paystar/success\","
                            "\"ReturnUrl\":\"https://station.invalid/paystar/return\""));
}

static void
test_request_without_account (Fixture *fixture, gconstpointer data)
{
  g_autoptr (PaystarRequest) request = NULL;
  g_autofree char *json = NULL;
  g_autofree char *expected = NULL;
  PosCharge *charge = pos_sale_add_charge (fixture->sale, NULL);

  /* Account fields typed but the account switched off: left out. */
  pos_charge_set_amount_text (charge, "1");
  pos_charge_set_field (charge, POS_CHARGE_FIELD_ACCOUNT_NUMBER, "ACC-1");
  pos_charge_set_description (charge, "   ");
  request = pos_sale_to_request (fixture->sale, "acme-utilities", fixture->ava, NULL, NULL);
  json = paystar_request_to_json (request, NULL);
  expected = g_strdup_printf ("{\"BusinessUnitSlug\":\"acme-utilities\",\"Channel\":\"POS\","
                              "\"PosUser\":\"%s\",\"Charges\":[{\"Amount\":100}],"
                              "\"ClientReference\":\"%s\"}",
                              fixture->ava, pos_sale_get_client_reference (fixture->sale));
  g_assert_cmpstr (json, ==, expected);
}

static void
test_validate (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) empty_errors = NULL;
  g_autoptr (GPtrArray) errors = NULL;
  const PaystarFieldError *error;
  PosCharge *first;
  PosCharge *second;
  PosCharge *third;

  empty_errors = pos_sale_validate (fixture->sale, "acme-utilities", fixture->ava, NULL, NULL);
  g_assert_nonnull (paystar_field_errors_find (empty_errors, "Charges"));

  first = pos_sale_add_charge (fixture->sale, NULL);
  second = pos_sale_add_charge (fixture->sale, NULL);
  third = pos_sale_add_charge (fixture->sale, NULL);
  pos_charge_set_amount_text (first, "abc");
  pos_charge_set_amount_text (second, "5");
  pos_charge_set_has_account (second, TRUE);
  pos_charge_set_field (second, POS_CHARGE_FIELD_ACCOUNT_NUMBER, "ACC-1");
  pos_charge_set_field (second, POS_CHARGE_FIELD_BALANCE_TEXT, "-5");
  /* third: nothing typed */
  (void) third;

  errors = pos_sale_validate (fixture->sale, "acme-utilities", fixture->ava,
                              "https://station.invalid/paystar/success", NULL);
  error = paystar_field_errors_find (errors, "Charges[0].Amount");
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, !=, "");
  /* Reported once, as a parse error, not again as "required". */
  {
    guint n = 0;

    for (guint i = 0; i < errors->len; i++) {
      PaystarFieldError *e = g_ptr_array_index (errors, i);

      if (g_str_equal (e->property_name, "Charges[0].Amount"))
        n++;
    }
    g_assert_cmpuint (n, ==, 1);
  }
  g_assert_nonnull (paystar_field_errors_find (errors, "Charges[1].ClientAccount.Balance"));
  g_assert_nonnull (paystar_field_errors_find (errors, "Charges[1].ClientAccount.Name"));
  g_assert_null (paystar_field_errors_find (errors, "Charges[1].Amount"));
  g_assert_nonnull (paystar_field_errors_find (errors, "Charges[2].Amount"));
  /* SuccessUrl without ReturnUrl: the validator names one of them. */
  g_assert_true (paystar_field_errors_find (errors, "ReturnUrl") != NULL ||
                 paystar_field_errors_find (errors, "SuccessUrl") != NULL);
}

static void
test_field_paths (void)
{
  PosChargeField field;

  g_assert_cmpstr (pos_charge_field_get_api_path (POS_CHARGE_FIELD_AMOUNT_TEXT), ==, "Amount");
  g_assert_cmpstr (pos_charge_field_get_api_path (POS_CHARGE_FIELD_ACCOUNT_NAME), ==,
                   "ClientAccount.Name");
  g_assert_cmpstr (pos_charge_field_get_api_path (POS_CHARGE_FIELD_ZIP_CODE), ==,
                   "ClientAccount.Address.ZipCode");
  g_assert_true (pos_charge_field_from_api_path ("ClientAccount.Address.City", &field));
  g_assert_cmpint (field, ==, POS_CHARGE_FIELD_CITY);
  /* As a server answering in camelCase names it. */
  g_assert_true (pos_charge_field_from_api_path ("clientAccount.name", &field));
  g_assert_cmpint (field, ==, POS_CHARGE_FIELD_ACCOUNT_NAME);
  g_assert_false (pos_charge_field_from_api_path ("Nope", &field));
  g_assert_false (pos_charge_field_from_api_path (NULL, &field));

  /* Every field is a property of the same name. */
  for (guint f = 0; f < POS_CHARGE_N_FIELDS; f++) {
    g_autoptr (PosCharge) charge = pos_charge_new ();
    g_autofree char *value = NULL;

    g_object_set (charge, pos_charge_field_get_property_name (f), "7", NULL);
    g_assert_cmpstr (pos_charge_get_field (charge, f), ==, "7");
    g_object_get (charge, pos_charge_field_get_property_name (f), &value, NULL);
    g_assert_cmpstr (value, ==, "7");
    g_assert_finalize_object (g_steal_pointer (&charge));
  }
}

static void
test_draft_round_trip (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosSale) restored = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  PosCharge *charge;

  fill_sale (fixture->sale);
  /* Mid-typing: texts that do not parse yet survive as typed. */
  pos_charge_set_amount_text (pos_sale_get_charge (fixture->sale, 0), "12.");
  pos_charge_set_field (pos_sale_get_charge (fixture->sale, 1), POS_CHARGE_FIELD_BALANCE_TEXT,
                        "$1,2");
  json = pos_sale_to_json (fixture->sale);

  restored = pos_sale_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (restored);
  g_assert_cmpstr (pos_sale_get_client_reference (restored), ==,
                   pos_sale_get_client_reference (fixture->sale));
  g_assert_cmpuint (pos_sale_get_n_charges (restored), ==, 2);
  g_assert_cmpint (pos_sale_get_total (restored), ==, pos_sale_get_total (fixture->sale));
  charge = pos_sale_get_charge (restored, 0);
  g_assert_cmpstr (pos_charge_get_amount_text (charge), ==, "12.");
  g_assert_false (pos_charge_get_amount_valid (charge));
  charge = pos_sale_get_charge (restored, 1);
  g_assert_true (pos_charge_get_has_account (charge));
  g_assert_cmpstr (pos_charge_get_field (charge, POS_CHARGE_FIELD_BALANCE_TEXT), ==, "$1,2");
  g_assert_cmpstr (pos_charge_get_field (charge, POS_CHARGE_FIELD_ACCOUNT_NAME), ==, " John Doe ");
  g_assert_cmpstr (pos_sale_get_payment_descriptor (restored), ==, "ACME UTIL");
  g_assert_cmpstr (pos_sale_get_payment_field (restored, "invoiceNumber"), ==, "INV-2025-001");
  g_assert_cmpstr (pos_sale_get_custom_meta (restored, "source"), ==, "counter");

  again = pos_sale_to_json (restored);
  g_assert_cmpstr (again, ==, json);
  g_assert_finalize_object (g_steal_pointer (&restored));
}

static void
test_draft_bad (void)
{
  const char *const bad[] = {
    "",
    "not json",
    "[]",
    "{}",
    "{\"version\":1}",
    "{\"version\":2,\"client_reference\":\"POS-1\"}",
    "{\"version\":1,\"client_reference\":7}",
    "{\"version\":1,\"client_reference\":\"POS-1\",\"charges\":{}}",
    "{\"version\":1,\"client_reference\":\"POS-1\",\"charges\":[1]}",
    "{\"version\":1,\"client_reference\":\"POS-1\",\"charges\":[{\"amount_text\":5}]}",
    "{\"version\":1,\"client_reference\":\"POS-1\",\"charges\":[{\"has_account\":\"yes\"}]}",
    "{\"version\":1,\"client_reference\":\"POS-1\",\"charges\":[{\"surprise\":\"\"}]}",
    "{\"version\":1,\"client_reference\":\"POS-1\",\"extra\":true}",
    "{\"version\":1,\"client_reference\":\"POS-1\",\"payment_fields\":[{\"key\":\"a\"}]}",
    "{\"version\":1,\"client_reference\":\"POS-1\",\"payment_fields\":[{\"key\":\"a\","
    "\"value\":\"1\"},{\"key\":\"a\",\"value\":\"2\"}]}",
    "{\"version\":1,\"client_reference\":\"POS-1\",\"version\":1}",
    "{\"version\":1,\"client_reference\":\"POS-1\"} trailing",
    "{\"version\":1.0,\"client_reference\":\"POS-1\"}",
    "{\"version\":99999999999999999999,\"client_reference\":\"POS-1\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (PosSale) sale = pos_sale_new_from_json (bad[i], -1, &error);

    g_test_message ("draft %u: %s", i, bad[i]);
    g_assert_null (sale);
    g_assert_error (error, POS_ERROR, POS_ERROR_INVALID_DRAFT);
  }

  /* 26 charges. */
  {
    g_autoptr (GString) json = g_string_new ("{\"version\":1,\"client_reference\":\"POS-1\","
                                             "\"charges\":[");
    g_autoptr (GError) error = NULL;
    g_autoptr (PosSale) sale = NULL;

    for (guint i = 0; i < 26; i++)
      g_string_append_printf (json, "%s{\"amount_text\":\"1\"}", i > 0 ? "," : "");
    g_string_append (json, "]}");
    sale = pos_sale_new_from_json (json->str, -1, &error);
    g_assert_null (sale);
    g_assert_error (error, POS_ERROR, POS_ERROR_INVALID_DRAFT);
  }

  /* Deep nesting does not crash. */
  {
    g_autoptr (GString) json = g_string_new (NULL);
    g_autoptr (GError) error = NULL;
    g_autoptr (PosSale) sale = NULL;

    for (guint i = 0; i < 100000; i++)
      g_string_append_c (json, '[');
    sale = pos_sale_new_from_json (json->str, -1, &error);
    g_assert_null (sale);
    g_assert_error (error, POS_ERROR, POS_ERROR_INVALID_DRAFT);
  }

  /* A minimal valid draft. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (PosSale) sale =
      pos_sale_new_from_json ("{\"version\":1,\"client_reference\":\"POS-1\"}", -1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (pos_sale_get_n_charges (sale), ==, 0);
    g_assert_cmpstr (pos_sale_get_client_reference (sale), ==, "POS-1");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pos/sale/client-reference", Fixture, NULL, fixture_set_up, test_client_reference,
              fixture_tear_down);
  g_test_add ("/pos/sale/add-remove", Fixture, NULL, fixture_set_up, test_add_remove,
              fixture_tear_down);
  g_test_add ("/pos/sale/changed-order", Fixture, NULL, fixture_set_up, test_changed_order,
              fixture_tear_down);
  g_test_add ("/pos/sale/duplicate", Fixture, NULL, fixture_set_up, test_duplicate,
              fixture_tear_down);
  g_test_add ("/pos/sale/insert-blank", Fixture, NULL, fixture_set_up, test_insert_blank,
              fixture_tear_down);
  g_test_add ("/pos/sale/limit", Fixture, NULL, fixture_set_up, test_limit, fixture_tear_down);
  g_test_add ("/pos/sale/options", Fixture, NULL, fixture_set_up, test_options, fixture_tear_down);
  g_test_add ("/pos/sale/request", Fixture, NULL, fixture_set_up, test_request, fixture_tear_down);
  g_test_add ("/pos/sale/request-without-account", Fixture, NULL, fixture_set_up,
              test_request_without_account, fixture_tear_down);
  g_test_add ("/pos/sale/validate", Fixture, NULL, fixture_set_up, test_validate,
              fixture_tear_down);
  g_test_add_func ("/pos/sale/field-paths", test_field_paths);
  g_test_add ("/pos/sale/draft-round-trip", Fixture, NULL, fixture_set_up, test_draft_round_trip,
              fixture_tear_down);
  g_test_add_func ("/pos/sale/draft-bad", test_draft_bad);

  return g_test_run ();
}
