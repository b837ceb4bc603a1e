/* paystar-sandbox-store.c: the sandbox's state: payment sessions, synced accounts and customers,
 * used client references; in memory, and in SQLite when a data directory is set.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Memory is the source of truth while the program runs; SQLite is written through, in one
 * transaction per change, before memory is touched, so that a failed write changes nothing. Each
 * record is kept as a JSON document in a key/value table: the sandbox never queries the database,
 * it only loads it at start.
 *
 * Sync choices where the documents are silent:
 * - An account is identified by (business unit, AccountNumber, SubAccountNumber); an absent and an
 *   empty SubAccountNumber are the same record.
 * - When one session names the same account on several charges, the last charge's values win.
 * - A customer is identified by (business unit, EmailAddress compared case-insensitively after
 *   Unicode normalisation); the address is kept as first introduced.
 * - Associations between customers and accounts are only ever added.
 */
#include "config.h"

#include "paystar-sandbox-store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "paystar-json.h"
#include "paystar-sandbox-error.h"

#define DB_FILE_NAME   "paystar-sandbox.db"
#define SCHEMA_VERSION 1

/* Statuses */

static const char *const status_names[] = {
  [PAYSTAR_SANDBOX_STATUS_REQUIRES_PAYMENT_SOURCE] = "RequiresPaymentSource",
  [PAYSTAR_SANDBOX_STATUS_SUCCEEDED] = "Succeeded",
  [PAYSTAR_SANDBOX_STATUS_FAILED] = "Failed",
  [PAYSTAR_SANDBOX_STATUS_PENDING] = "Pending",
};

const char *
paystar_sandbox_status_to_string (PaystarSandboxStatus status)
{
  g_return_val_if_fail (status <= PAYSTAR_SANDBOX_STATUS_PENDING, "RequiresPaymentSource");

  return status_names[status];
}

gboolean
paystar_sandbox_status_from_string (const char *text, PaystarSandboxStatus *out)
{
  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++) {
    if (g_str_equal (text, status_names[i])) {
      *out = (PaystarSandboxStatus) i;
      return TRUE;
    }
  }
  return FALSE;
}

/* Payments and sessions */

PaystarSandboxPayment *
paystar_sandbox_payment_new (void)
{
  return g_new0 (PaystarSandboxPayment, 1);
}

PaystarSandboxPayment *
paystar_sandbox_payment_copy (const PaystarSandboxPayment *payment)
{
  PaystarSandboxPayment *copy;

  if (payment == NULL)
    return NULL;
  copy = g_new0 (PaystarSandboxPayment, 1);
  copy->status = payment->status;
  copy->date = payment->date;
  copy->amount_minor = payment->amount_minor;
  copy->reference_number = g_strdup (payment->reference_number);
  copy->auth_code = g_strdup (payment->auth_code);
  copy->gateway_response_description = g_strdup (payment->gateway_response_description);
  copy->payment_source_type = g_strdup (payment->payment_source_type);
  copy->account_holder_name = g_strdup (payment->account_holder_name);
  copy->account_type = g_strdup (payment->account_type);
  copy->last4 = g_strdup (payment->last4);
  return copy;
}

void
paystar_sandbox_payment_free (PaystarSandboxPayment *payment)
{
  if (payment == NULL)
    return;
  g_free (payment->reference_number);
  g_free (payment->auth_code);
  g_free (payment->gateway_response_description);
  g_free (payment->payment_source_type);
  g_free (payment->account_holder_name);
  g_free (payment->account_type);
  g_free (payment->last4);
  g_free (payment);
}

PaystarSandboxSession *
paystar_sandbox_session_new (const char *identifier,
                             const char *slug,
                             const PaystarRequest *request,
                             gint64 created,
                             gint64 expires)
{
  PaystarSandboxSession *session;

  g_return_val_if_fail (identifier != NULL, NULL);
  g_return_val_if_fail (slug != NULL, NULL);
  g_return_val_if_fail (request != NULL, NULL);

  session = g_new0 (PaystarSandboxSession, 1);
  session->identifier = g_strdup (identifier);
  session->slug = g_strdup (slug);
  session->request = paystar_request_copy (request);
  session->created = created;
  session->expires = expires;
  session->status = PAYSTAR_SANDBOX_STATUS_REQUIRES_PAYMENT_SOURCE;
  session->page_fields = paystar_pairs_new ();
  return session;
}

PaystarSandboxSession *
paystar_sandbox_session_copy (const PaystarSandboxSession *session)
{
  PaystarSandboxSession *copy;

  g_return_val_if_fail (session != NULL, NULL);

  copy = paystar_sandbox_session_new (session->identifier, session->slug, session->request,
                                      session->created, session->expires);
  copy->status = session->status;
  copy->payment = paystar_sandbox_payment_copy (session->payment);
  copy->last_decline = g_strdup (session->last_decline);
  for (guint i = 0; i < session->page_fields->len; i++) {
    const PaystarPair *pair = g_ptr_array_index (session->page_fields, i);

    paystar_pairs_set (copy->page_fields, pair->key, pair->value);
  }
  return copy;
}

void
paystar_sandbox_session_free (PaystarSandboxSession *session)
{
  if (session == NULL)
    return;
  g_free (session->identifier);
  g_free (session->slug);
  g_clear_pointer (&session->request, paystar_request_free);
  g_clear_pointer (&session->payment, paystar_sandbox_payment_free);
  g_free (session->last_decline);
  g_clear_pointer (&session->page_fields, g_ptr_array_unref);
  g_free (session);
}

/* A paid or pending session is kept: its outcome must stay answerable. */
static gboolean
session_can_expire (const PaystarSandboxSession *session)
{
  return session->status != PAYSTAR_SANDBOX_STATUS_SUCCEEDED &&
         session->status != PAYSTAR_SANDBOX_STATUS_PENDING;
}

gboolean
paystar_sandbox_session_is_expired (const PaystarSandboxSession *session, gint64 now)
{
  g_return_val_if_fail (session != NULL, FALSE);

  return session_can_expire (session) && now >= session->expires;
}

const char *
paystar_sandbox_session_get_field (const PaystarSandboxSession *session, const char *key)
{
  const char *value = NULL;

  g_return_val_if_fail (session != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (session->request->payment_fields != NULL)
    value = paystar_pairs_get (session->request->payment_fields, key);
  if (value == NULL)
    value = paystar_pairs_get (session->page_fields, key);
  return value;
}

/* Accounts and customers */

static void
account_key_free (gpointer data)
{
  PaystarSandboxAccountKey *key = data;

  g_free (key->account_number);
  g_free (key->sub_account_number);
  g_free (key);
}

static PaystarSandboxAccountKey *
account_key_new (const char *account_number, const char *sub_account_number)
{
  PaystarSandboxAccountKey *key = g_new0 (PaystarSandboxAccountKey, 1);

  key->account_number = g_strdup (account_number);
  key->sub_account_number = g_strdup (sub_account_number);
  return key;
}

static void
account_free (gpointer data)
{
  PaystarSandboxAccount *account = data;

  g_free (account->slug);
  g_clear_pointer (&account->account, paystar_client_account_free);
  g_clear_pointer (&account->customers, g_ptr_array_unref);
  g_free (account);
}

static PaystarSandboxAccount *
account_new (const char *slug, const PaystarClientAccount *client_account)
{
  PaystarSandboxAccount *account = g_new0 (PaystarSandboxAccount, 1);

  account->slug = g_strdup (slug);
  account->account = paystar_client_account_copy (client_account);
  /* Neither syncs: the docs say so for Note and for custom account fields (MetaJson). */
  g_clear_pointer (&account->account->note, g_free);
  g_clear_pointer (&account->account->meta_json, g_free);
  account->customers = g_ptr_array_new_with_free_func (g_free);
  return account;
}

static void
customer_free (gpointer data)
{
  PaystarSandboxCustomer *customer = data;

  g_free (customer->slug);
  g_free (customer->email_address);
  g_free (customer->first_name);
  g_free (customer->last_name);
  g_clear_pointer (&customer->accounts, g_ptr_array_unref);
  g_free (customer);
}

static PaystarSandboxCustomer *
customer_new (const char *slug,
              const char *email_address,
              const char *first_name,
              const char *last_name)
{
  PaystarSandboxCustomer *customer = g_new0 (PaystarSandboxCustomer, 1);

  customer->slug = g_strdup (slug);
  customer->email_address = g_strdup (email_address);
  customer->first_name = g_strdup (first_name);
  customer->last_name = g_strdup (last_name);
  customer->accounts = g_ptr_array_new_with_free_func (account_key_free);
  return customer;
}

static PaystarSandboxCustomer *
customer_copy (const PaystarSandboxCustomer *customer)
{
  PaystarSandboxCustomer *copy = customer_new (customer->slug, customer->email_address,
                                               customer->first_name, customer->last_name);

  for (guint i = 0; i < customer->accounts->len; i++) {
    const PaystarSandboxAccountKey *key = g_ptr_array_index (customer->accounts, i);

    g_ptr_array_add (copy->accounts,
                     account_key_new (key->account_number, key->sub_account_number));
  }
  return copy;
}

static char *
fold_email (const char *email)
{
  g_autofree char *normalized = g_utf8_normalize (email, -1, G_NORMALIZE_NFC);

  /* Invalid UTF-8 cannot reach here (the strict reader refuses it), but do not crash on it. */
  return g_utf8_casefold (normalized != NULL ? normalized : email, -1);
}

static gboolean
emails_equal (const char *a, const char *b)
{
  g_autofree char *fa = fold_email (a);
  g_autofree char *fb = fold_email (b);

  return g_str_equal (fa, fb);
}

static gboolean
is_blank_or_null (const char *text)
{
  return text == NULL || text[0] == '\0';
}

/* Keys of the hash tables and of the database rows. Slugs contain no newline (the fixtures
 * refuse it); the account number is length-prefixed so that no two (number, sub-account) pairs
 * share a key. */
static char *
account_key_string (const char *slug, const char *account_number, const char *sub_account_number)
{
  return g_strdup_printf ("%s\n%zu:%s\n%s", slug, strlen (account_number), account_number,
                          is_blank_or_null (sub_account_number) ? "" : sub_account_number);
}

static char *
customer_key_string (const char *slug, const char *email_address)
{
  g_autofree char *folded = fold_email (email_address);

  return g_strconcat (slug, "\n", folded, NULL);
}

static char *
reference_key_string (const char *slug, const char *reference)
{
  return g_strconcat (slug, "\n", reference, NULL);
}

/* JSON forms */

static void
set_string_if (JsonObject *object, const char *member, const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
}

static const char *
get_string (JsonObject *object, const char *member)
{
  const char *value = NULL;

  paystar_json_get_string (object, member, &value);
  return value;
}

JsonObject *
paystar_sandbox_client_account_to_json (const PaystarClientAccount *account)
{
  JsonObject *object;

  g_return_val_if_fail (account != NULL, NULL);

  object = json_object_new ();
  set_string_if (object, "AccountNumber", account->account_number);
  set_string_if (object, "SubAccountNumber", account->sub_account_number);
  set_string_if (object, "Name", account->name);
  if (account->has_balance)
    json_object_set_int_member (object, "Balance", account->balance);
  set_string_if (object, "PhoneNumber", account->phone_number);
  set_string_if (object, "DueDate", account->due_date);
  set_string_if (object, "IssueDate", account->issue_date);
  if (account->address != NULL) {
    JsonObject *address = json_object_new ();

    set_string_if (address, "StreetAddress", account->address->street_address);
    set_string_if (address, "StreetAddress2", account->address->street_address2);
    set_string_if (address, "City", account->address->city);
    set_string_if (address, "State", account->address->state);
    set_string_if (address, "ZipCode", account->address->zip_code);
    json_object_set_object_member (object, "Address", address);
  }
  return object;
}

/* Reads a ClientAccount back with the request model's own reader, by wrapping it in the smallest
 * request that holds one; the database only ever holds what paystar_sandbox_client_account_to_json
 * wrote. */
static PaystarClientAccount *
client_account_from_json (JsonObject *object)
{
  g_autoptr (JsonNode) wrapper = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (PaystarRequest) request = NULL;
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  JsonObject *root = json_object_new ();
  JsonObject *charge = json_object_new ();
  JsonArray *charges = json_array_new ();
  PaystarCharge *first;

  json_object_set_object_member (charge, "ClientAccount", json_object_ref (object));
  json_array_add_object_element (charges, charge);
  json_object_set_array_member (root, "Charges", charges);
  json_node_take_object (wrapper, root);

  request = paystar_request_from_json_node (wrapper, errors);
  if (request == NULL || errors->len > 0 || request->charges->len != 1)
    return NULL;
  first = g_ptr_array_index (request->charges, 0);
  if (first->client_account == NULL || first->client_account->account_number == NULL)
    return NULL;
  return g_steal_pointer (&first->client_account);
}

static JsonNode *
account_to_json (const PaystarSandboxAccount *account)
{
  JsonObject *object = json_object_new ();
  JsonArray *customers = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "slug", account->slug);
  json_object_set_object_member (object, "account",
                                 paystar_sandbox_client_account_to_json (account->account));
  for (guint i = 0; i < account->customers->len; i++)
    json_array_add_string_element (customers, g_ptr_array_index (account->customers, i));
  json_object_set_array_member (object, "customers", customers);
  json_node_take_object (node, object);
  return node;
}

static PaystarSandboxAccount *
account_from_json (JsonNode *node)
{
  JsonObject *object, *inner;
  JsonNode *customers;
  const char *slug;
  PaystarSandboxAccount *account;
  g_autoptr (PaystarClientAccount) client_account = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  slug = get_string (object, "slug");
  if (slug == NULL || !paystar_json_get_object (object, "account", &inner))
    return NULL;
  client_account = client_account_from_json (inner);
  if (client_account == NULL)
    return NULL;

  account = account_new (slug, client_account);
  customers = json_object_get_member (object, "customers");
  if (customers != NULL && JSON_NODE_HOLDS_ARRAY (customers)) {
    JsonArray *array = json_node_get_array (customers);

    for (guint i = 0; i < json_array_get_length (array); i++) {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_ptr_array_add (account->customers, g_strdup (json_node_get_string (element)));
    }
  }
  return account;
}

static JsonNode *
customer_to_json (const PaystarSandboxCustomer *customer)
{
  JsonObject *object = json_object_new ();
  JsonArray *accounts = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "slug", customer->slug);
  json_object_set_string_member (object, "emailAddress", customer->email_address);
  paystar_json_set_string_or_null (object, "firstName", customer->first_name);
  paystar_json_set_string_or_null (object, "lastName", customer->last_name);
  for (guint i = 0; i < customer->accounts->len; i++) {
    const PaystarSandboxAccountKey *key = g_ptr_array_index (customer->accounts, i);
    JsonObject *element = json_object_new ();

    json_object_set_string_member (element, "accountNumber", key->account_number);
    paystar_json_set_string_or_null (element, "subAccountNumber", key->sub_account_number);
    json_array_add_object_element (accounts, element);
  }
  json_object_set_array_member (object, "accounts", accounts);
  json_node_take_object (node, object);
  return node;
}

static PaystarSandboxCustomer *
customer_from_json (JsonNode *node)
{
  JsonObject *object;
  JsonNode *accounts;
  PaystarSandboxCustomer *customer;
  const char *slug, *email;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  slug = get_string (object, "slug");
  email = get_string (object, "emailAddress");
  if (slug == NULL || email == NULL)
    return NULL;

  customer =
    customer_new (slug, email, get_string (object, "firstName"), get_string (object, "lastName"));
  accounts = json_object_get_member (object, "accounts");
  if (accounts != NULL && JSON_NODE_HOLDS_ARRAY (accounts)) {
    JsonArray *array = json_node_get_array (accounts);

    for (guint i = 0; i < json_array_get_length (array); i++) {
      JsonNode *element = json_array_get_element (array, i);
      const char *number;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      number = get_string (json_node_get_object (element), "accountNumber");
      if (number != NULL)
        g_ptr_array_add (customer->accounts,
                         account_key_new (number, get_string (json_node_get_object (element),
                                                              "subAccountNumber")));
    }
  }
  return customer;
}

static JsonNode *
session_to_json (const PaystarSandboxSession *session)
{
  JsonObject *object = json_object_new ();
  JsonObject *fields = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "identifier", session->identifier);
  json_object_set_string_member (object, "slug", session->slug);
  json_object_set_member (object, "request", paystar_request_to_json_node (session->request));
  json_object_set_int_member (object, "created", session->created);
  json_object_set_int_member (object, "expires", session->expires);
  json_object_set_string_member (object, "status",
                                 paystar_sandbox_status_to_string (session->status));
  if (session->payment != NULL) {
    const PaystarSandboxPayment *payment = session->payment;
    JsonObject *p = json_object_new ();

    json_object_set_string_member (p, "status", paystar_sandbox_status_to_string (payment->status));
    json_object_set_int_member (p, "date", payment->date);
    json_object_set_int_member (p, "amountMinor", payment->amount_minor);
    paystar_json_set_string_or_null (p, "referenceNumber", payment->reference_number);
    paystar_json_set_string_or_null (p, "authCode", payment->auth_code);
    paystar_json_set_string_or_null (p, "gatewayResponseDescription",
                                     payment->gateway_response_description);
    paystar_json_set_string_or_null (p, "paymentSourceType", payment->payment_source_type);
    paystar_json_set_string_or_null (p, "accountHolderName", payment->account_holder_name);
    paystar_json_set_string_or_null (p, "accountType", payment->account_type);
    paystar_json_set_string_or_null (p, "last4", payment->last4);
    json_object_set_object_member (object, "payment", p);
  } else {
    json_object_set_null_member (object, "payment");
  }
  paystar_json_set_string_or_null (object, "lastDecline", session->last_decline);
  for (guint i = 0; i < session->page_fields->len; i++) {
    const PaystarPair *pair = g_ptr_array_index (session->page_fields, i);

    json_object_set_string_member (fields, pair->key, pair->value);
  }
  json_object_set_object_member (object, "pageFields", fields);
  json_node_take_object (node, object);
  return node;
}

static PaystarSandboxSession *
session_from_json (JsonNode *node)
{
  g_autoptr (PaystarRequest) request = NULL;
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  PaystarSandboxSession *session;
  JsonObject *object;
  JsonNode *member;
  const char *identifier, *slug;
  gint64 created, expires;
  PaystarSandboxStatus status;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  identifier = get_string (object, "identifier");
  slug = get_string (object, "slug");
  member = json_object_get_member (object, "request");
  if (identifier == NULL || slug == NULL || member == NULL ||
      !paystar_json_get_int (object, "created", &created) ||
      !paystar_json_get_int (object, "expires", &expires) ||
      !paystar_sandbox_status_from_string (get_string (object, "status"), &status))
    return NULL;
  request = paystar_request_from_json_node (member, errors);
  if (request == NULL || errors->len > 0)
    return NULL;

  session = paystar_sandbox_session_new (identifier, slug, request, created, expires);
  session->status = status;
  session->last_decline = g_strdup (get_string (object, "lastDecline"));

  member = json_object_get_member (object, "payment");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member)) {
    JsonObject *p = json_node_get_object (member);
    PaystarSandboxPayment *payment = paystar_sandbox_payment_new ();

    if (!paystar_sandbox_status_from_string (get_string (p, "status"), &payment->status) ||
        !paystar_json_get_int (p, "date", &payment->date) ||
        !paystar_json_get_int (p, "amountMinor", &payment->amount_minor)) {
      paystar_sandbox_payment_free (payment);
      paystar_sandbox_session_free (session);
      return NULL;
    }
    payment->reference_number = g_strdup (get_string (p, "referenceNumber"));
    payment->auth_code = g_strdup (get_string (p, "authCode"));
    payment->gateway_response_description = g_strdup (get_string (p, "gatewayResponseDescription"));
    payment->payment_source_type = g_strdup (get_string (p, "paymentSourceType"));
    payment->account_holder_name = g_strdup (get_string (p, "accountHolderName"));
    payment->account_type = g_strdup (get_string (p, "accountType"));
    payment->last4 = g_strdup (get_string (p, "last4"));
    session->payment = payment;
  }

  member = json_object_get_member (object, "pageFields");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member)) {
    JsonObject *fields = json_node_get_object (member);
    g_autoptr (GList) keys = json_object_get_members (fields);

    for (GList *l = keys; l != NULL; l = l->next) {
      const char *value = get_string (fields, l->data);

      if (value != NULL)
        paystar_pairs_set (session->page_fields, l->data, value);
    }
  }
  return session;
}

/* The store */

struct _PaystarSandboxStore {
  GHashTable *sessions;   /* identifier -> PaystarSandboxSession* */
  GHashTable *references; /* reference key -> session identifier */
  GHashTable *accounts;   /* account key -> PaystarSandboxAccount* */
  GHashTable *customers;  /* customer key -> PaystarSandboxCustomer* */
  sqlite3 *db;            /* NULL: memory only */
  GHashTable *statements; /* SQL text -> sqlite3_stmt*, prepared once */
  /* The sessions that can expire, soonest first, so that eviction looks only at the expired
   * ones instead of walking every live session (an integrator's load test keeps thousands). */
  GSequence *expiry;        /* ExpiryEntry*, by (expires, identifier) */
  GHashTable *expiry_iters; /* identifier (the entry's) -> GSequenceIter* in expiry */
};

typedef struct {
  gint64 expires;
  char *identifier;
} ExpiryEntry;

static void
expiry_entry_free (gpointer data)
{
  ExpiryEntry *entry = data;

  g_free (entry->identifier);
  g_free (entry);
}

static int
expiry_entry_compare (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const ExpiryEntry *x = a;
  const ExpiryEntry *y = b;

  if (x->expires != y->expires)
    return x->expires < y->expires ? -1 : 1;
  return strcmp (x->identifier, y->identifier);
}

static void
expiry_forget (PaystarSandboxStore *self, const char *identifier)
{
  GSequenceIter *iter = g_hash_table_lookup (self->expiry_iters, identifier);

  if (iter == NULL)
    return;
  /* The table's key is the entry's identifier: out of the table before the entry goes. */
  g_hash_table_remove (self->expiry_iters, identifier);
  g_sequence_remove (iter);
}

/* Every change to the sessions goes through these three, which keep the expiry queue in step. */
static void
sessions_put (PaystarSandboxStore *self, PaystarSandboxSession *session)
{
  expiry_forget (self, session->identifier);
  if (session_can_expire (session)) {
    ExpiryEntry *entry = g_new0 (ExpiryEntry, 1);
    GSequenceIter *iter;

    entry->expires = session->expires;
    entry->identifier = g_strdup (session->identifier);
    iter = g_sequence_insert_sorted (self->expiry, entry, expiry_entry_compare, NULL);
    g_hash_table_insert (self->expiry_iters, entry->identifier, iter);
  }
  g_hash_table_replace (self->sessions, session->identifier, session);
}

static void
sessions_remove (PaystarSandboxStore *self, const char *identifier)
{
  expiry_forget (self, identifier);
  g_hash_table_remove (self->sessions, identifier);
}

static void
sessions_clear (PaystarSandboxStore *self)
{
  g_hash_table_remove_all (self->expiry_iters);
  g_sequence_remove_range (g_sequence_get_begin_iter (self->expiry),
                           g_sequence_get_end_iter (self->expiry));
  g_hash_table_remove_all (self->sessions);
}

static const char *const tables[] = { "sessions", "client_references", "accounts", "customers" };

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

PaystarSandboxStore *
paystar_sandbox_store_new (void)
{
  PaystarSandboxStore *self = g_new0 (PaystarSandboxStore, 1);

  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) paystar_sandbox_session_free);
  self->references = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, account_free);
  self->customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, customer_free);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
  self->expiry = g_sequence_new (expiry_entry_free);
  self->expiry_iters = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

void
paystar_sandbox_store_free (PaystarSandboxStore *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_clear_pointer (&self->expiry_iters, g_hash_table_unref);
  g_clear_pointer (&self->expiry, g_sequence_free);
  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_clear_pointer (&self->references, g_hash_table_unref);
  g_clear_pointer (&self->accounts, g_hash_table_unref);
  g_clear_pointer (&self->customers, g_hash_table_unref);
  g_free (self);
}

static gboolean
db_fail (PaystarSandboxStore *self, GError **error)
{
  g_set_error (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_DATA_DIR,
               _ ("The sandbox database failed: %s"), sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
db_exec (PaystarSandboxStore *self, const char *sql, GError **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return db_fail (self, error);
  return TRUE;
}

/* @sql must be a string literal or otherwise outlive the store: it is the cache key. */
static sqlite3_stmt *
db_statement (PaystarSandboxStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *statement = g_hash_table_lookup (self->statements, sql);

  if (statement != NULL) {
    sqlite3_reset (statement);
    sqlite3_clear_bindings (statement);
    return statement;
  }
  if (sqlite3_prepare_v2 (self->db, sql, -1, &statement, NULL) != SQLITE_OK) {
    db_fail (self, error);
    return NULL;
  }
  g_hash_table_insert (self->statements, (gpointer) sql, statement);
  return statement;
}

static gboolean
db_step_done (PaystarSandboxStore *self, sqlite3_stmt *statement, GError **error)
{
  int rc = sqlite3_step (statement);

  sqlite3_reset (statement);
  if (rc != SQLITE_DONE)
    return db_fail (self, error);
  return TRUE;
}

static const char *
put_sql (const char *table)
{
  if (g_str_equal (table, "sessions"))
    return "INSERT OR REPLACE INTO sessions (key, value) VALUES (?, ?)";
  if (g_str_equal (table, "client_references"))
    return "INSERT OR REPLACE INTO client_references (key, value) VALUES (?, ?)";
  if (g_str_equal (table, "accounts"))
    return "INSERT OR REPLACE INTO accounts (key, value) VALUES (?, ?)";
  if (g_str_equal (table, "customers"))
    return "INSERT OR REPLACE INTO customers (key, value) VALUES (?, ?)";
  g_assert_not_reached ();
}

static gboolean
db_put (PaystarSandboxStore *self,
        const char *table,
        const char *key,
        const char *value,
        GError **error)
{
  sqlite3_stmt *statement;

  if (self->db == NULL)
    return TRUE;
  statement = db_statement (self, put_sql (table), error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 2, value, -1, SQLITE_TRANSIENT);
  return db_step_done (self, statement, error);
}

static gboolean
db_put_json (PaystarSandboxStore *self,
             const char *table,
             const char *key,
             JsonNode *node,
             GError **error)
{
  g_autoptr (JsonNode) owned = node;
  g_autofree char *text = NULL;

  if (self->db == NULL)
    return TRUE;
  text = paystar_json_to_string (owned, NULL);
  return db_put (self, table, key, text, error);
}

static gboolean
db_begin (PaystarSandboxStore *self, GError **error)
{
  return self->db == NULL || db_exec (self, "BEGIN IMMEDIATE", error);
}

static gboolean
db_commit (PaystarSandboxStore *self, GError **error)
{
  return self->db == NULL || db_exec (self, "COMMIT", error);
}

static void
db_rollback (PaystarSandboxStore *self)
{
  if (self->db != NULL)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
load_table (PaystarSandboxStore *self,
            const char *sql,
            const char *table,
            gboolean value_is_json,
            GError **error)
{
  sqlite3_stmt *statement = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &statement, NULL) != SQLITE_OK)
    return db_fail (self, error);

  while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
    const char *key = (const char *) sqlite3_column_text (statement, 0);
    const char *text = (const char *) sqlite3_column_text (statement, 1);
    g_autoptr (JsonNode) node = NULL;
    gboolean ok = FALSE;

    if (key == NULL || text == NULL)
      goto bad_row;
    if (!value_is_json) {
      g_hash_table_replace (self->references, g_strdup (key), g_strdup (text));
      continue;
    }
    node = paystar_json_parse (text, -1, NULL);
    if (node == NULL)
      goto bad_row;

    if (g_str_equal (table, "sessions")) {
      PaystarSandboxSession *session = session_from_json (node);

      if (session != NULL && g_str_equal (session->identifier, key)) {
        sessions_put (self, session);
        ok = TRUE;
      } else {
        paystar_sandbox_session_free (session);
      }
    } else if (g_str_equal (table, "accounts")) {
      PaystarSandboxAccount *account = account_from_json (node);

      if (account != NULL) {
        g_hash_table_replace (self->accounts, g_strdup (key), account);
        ok = TRUE;
      }
    } else if (g_str_equal (table, "customers")) {
      PaystarSandboxCustomer *customer = customer_from_json (node);

      if (customer != NULL) {
        g_hash_table_replace (self->customers, g_strdup (key), customer);
        ok = TRUE;
      }
    }
    if (ok)
      continue;

  bad_row:
    sqlite3_finalize (statement);
    g_set_error (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_DATA_DIR,
                 _ ("The sandbox database has an unreadable row in table %s. Start with another "
                    "--data-dir or delete this one."),
                 table);
    return FALSE;
  }
  sqlite3_finalize (statement);
  if (rc != SQLITE_DONE)
    return db_fail (self, error);
  return TRUE;
}

gboolean
paystar_sandbox_store_open (PaystarSandboxStore *self, const char *dir, GError **error)
{
  g_autofree char *path = NULL;
  sqlite3_stmt *statement = NULL;
  int version = 0;
  int fd;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (self->db == NULL, FALSE);

  if (g_mkdir_with_parents (dir, 0700) != 0) {
    int saved_errno = errno;

    g_set_error (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_DATA_DIR,
                 _ ("Cannot create the data directory %s: %s"), dir, g_strerror (saved_errno));
    return FALSE;
  }
  path = g_build_filename (dir, DB_FILE_NAME, NULL);

  /* Create the file ourselves so that it is never readable by others, whatever the umask. */
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    int saved_errno = errno;

    g_set_error (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_DATA_DIR,
                 _ ("Cannot open the sandbox database %s: %s"), path, g_strerror (saved_errno));
    return FALSE;
  }
  close (fd);

  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL) !=
      SQLITE_OK) {
    g_set_error (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_DATA_DIR,
                 _ ("Cannot open the sandbox database %s: %s"), path,
                 self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
    g_clear_pointer (&self->db, sqlite3_close);
    return FALSE;
  }
  sqlite3_busy_timeout (self->db, 5000);

  if (!db_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !db_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !db_exec (
        self,
        "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS sessions (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS client_references (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS accounts (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS customers (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "INSERT OR IGNORE INTO meta (name, value) VALUES ('schema', '1');",
        error))
    goto fail;

  if (sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE name = 'schema'", -1, &statement,
                          NULL) != SQLITE_OK) {
    db_fail (self, error);
    goto fail;
  }
  if (sqlite3_step (statement) == SQLITE_ROW)
    version = atoi ((const char *) sqlite3_column_text (statement, 0));
  sqlite3_finalize (statement);
  if (version != SCHEMA_VERSION) {
    g_set_error (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_DATA_DIR,
                 _ ("The sandbox database %s was written by another version (schema %d)."), path,
                 version);
    goto fail;
  }

  if (!load_table (self, "SELECT key, value FROM sessions", "sessions", TRUE, error) ||
      !load_table (self, "SELECT key, value FROM client_references", "client_references", FALSE,
                   error) ||
      !load_table (self, "SELECT key, value FROM accounts", "accounts", TRUE, error) ||
      !load_table (self, "SELECT key, value FROM customers", "customers", TRUE, error))
    goto fail;
  return TRUE;

fail:
  g_hash_table_remove_all (self->statements);
  sessions_clear (self);
  g_hash_table_remove_all (self->references);
  g_hash_table_remove_all (self->accounts);
  g_hash_table_remove_all (self->customers);
  g_clear_pointer (&self->db, sqlite3_close);
  return FALSE;
}

gboolean
paystar_sandbox_store_reset (PaystarSandboxStore *self, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->db != NULL) {
    if (!db_begin (self, error))
      return FALSE;
    for (guint i = 0; i < G_N_ELEMENTS (tables); i++) {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s", tables[i]);

      if (!db_exec (self, sql, error)) {
        db_rollback (self);
        return FALSE;
      }
    }
    if (!db_commit (self, error)) {
      db_rollback (self);
      return FALSE;
    }
  }
  sessions_clear (self);
  g_hash_table_remove_all (self->references);
  g_hash_table_remove_all (self->accounts);
  g_hash_table_remove_all (self->customers);
  return TRUE;
}

guint
paystar_sandbox_store_get_n_sessions (PaystarSandboxStore *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->sessions);
}

PaystarSandboxSession *
paystar_sandbox_store_get_session (PaystarSandboxStore *self, const char *identifier)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (identifier == NULL)
    return NULL;
  return g_hash_table_lookup (self->sessions, identifier);
}

PaystarSandboxSession *
paystar_sandbox_store_find_by_reference (PaystarSandboxStore *self,
                                         const char *slug,
                                         const char *reference)
{
  g_autofree char *key = NULL;
  const char *identifier;

  g_return_val_if_fail (self != NULL, NULL);

  if (slug == NULL || reference == NULL)
    return NULL;
  key = reference_key_string (slug, reference);
  identifier = g_hash_table_lookup (self->references, key);
  return identifier != NULL ? g_hash_table_lookup (self->sessions, identifier) : NULL;
}

gboolean
paystar_sandbox_store_reference_taken (PaystarSandboxStore *self,
                                       const char *slug,
                                       const char *reference)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (slug == NULL || reference == NULL)
    return FALSE;
  key = reference_key_string (slug, reference);
  return g_hash_table_contains (self->references, key);
}

guint
paystar_sandbox_store_evict_expired (PaystarSandboxStore *self, gint64 now, guint max_sessions)
{
  /* Copies: removing a session frees its identifier and its queue entry. */
  g_autoptr (GPtrArray) doomed = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (self != NULL, 0);

  /* Only the front of the queue: every entry there can expire, soonest first. */
  for (GSequenceIter *iter = g_sequence_get_begin_iter (self->expiry);
       !g_sequence_iter_is_end (iter); iter = g_sequence_iter_next (iter)) {
    const ExpiryEntry *entry = g_sequence_get (iter);

    if (entry->expires > now || (max_sessions > 0 && doomed->len >= max_sessions))
      break;
    g_ptr_array_add (doomed, g_strdup (entry->identifier));
  }
  if (doomed->len == 0)
    return 0;

  if (self->db != NULL) {
    if (!db_begin (self, NULL))
      return 0;
    for (guint i = 0; i < doomed->len; i++) {
      sqlite3_stmt *statement = db_statement (self, "DELETE FROM sessions WHERE key = ?", NULL);

      if (statement == NULL) {
        db_rollback (self);
        return 0;
      }
      sqlite3_bind_text (statement, 1, g_ptr_array_index (doomed, i), -1, SQLITE_TRANSIENT);
      if (!db_step_done (self, statement, NULL)) {
        db_rollback (self);
        return 0;
      }
    }
    if (!db_commit (self, NULL)) {
      db_rollback (self);
      return 0;
    }
  }
  for (guint i = 0; i < doomed->len; i++)
    sessions_remove (self, g_ptr_array_index (doomed, i));
  return doomed->len;
}

static void
add_customer_to_account (PaystarSandboxAccount *account, const char *email)
{
  for (guint i = 0; i < account->customers->len; i++) {
    if (emails_equal (g_ptr_array_index (account->customers, i), email))
      return;
  }
  g_ptr_array_add (account->customers, g_strdup (email));
}

static void
add_account_to_customer (PaystarSandboxCustomer *customer, const PaystarClientAccount *account)
{
  const char *sub =
    is_blank_or_null (account->sub_account_number) ? NULL : account->sub_account_number;

  for (guint i = 0; i < customer->accounts->len; i++) {
    const PaystarSandboxAccountKey *key = g_ptr_array_index (customer->accounts, i);

    if (g_str_equal (key->account_number, account->account_number) &&
        g_strcmp0 (key->sub_account_number, sub) == 0)
      return;
  }
  g_ptr_array_add (customer->accounts, account_key_new (account->account_number, sub));
}

gboolean
paystar_sandbox_store_insert_session (PaystarSandboxStore *self,
                                      PaystarSandboxSession *session,
                                      GError **error)
{
  g_autoptr (PaystarSandboxSession) owned = session;
  /* What this session writes, built aside first so that a failure leaves the store as it was. */
  g_autoptr (GHashTable) accounts =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, account_free);
  /* The keys of those accounts in the order the charges name them (owned copies). */
  g_autoptr (GPtrArray) account_order = g_ptr_array_new_with_free_func (g_free);
  PaystarSandboxCustomer *customer = NULL;
  g_autofree char *customer_key = NULL;
  g_autofree char *reference_key = NULL;
  const PaystarRequest *request;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (!g_hash_table_contains (self->sessions, session->identifier), FALSE);

  request = session->request;
  for (guint i = 0; i < request->charges->len; i++) {
    const PaystarCharge *charge = g_ptr_array_index (request->charges, i);
    const PaystarClientAccount *sent = charge->client_account;
    g_autofree char *account_key = NULL;
    const PaystarSandboxAccount *existing;
    PaystarSandboxAccount *record;

    if (sent == NULL || sent->account_number == NULL)
      continue;
    account_key =
      account_key_string (session->slug, sent->account_number, sent->sub_account_number);
    /* The record takes exactly what was sent (fields absent now are removed); the customers
     * associated with it earlier stay. */
    record = account_new (session->slug, sent);
    existing = g_hash_table_lookup (accounts, account_key);
    if (existing == NULL)
      existing = g_hash_table_lookup (self->accounts, account_key);
    if (existing != NULL) {
      for (guint j = 0; j < existing->customers->len; j++)
        g_ptr_array_add (record->customers, g_strdup (g_ptr_array_index (existing->customers, j)));
    }
    if (!g_hash_table_contains (accounts, account_key))
      g_ptr_array_add (account_order, g_strdup (account_key));
    g_hash_table_replace (accounts, g_steal_pointer (&account_key), record);
  }

  if (request->client_user != NULL && request->client_user->email_address != NULL) {
    const PaystarClientUser *user = request->client_user;
    const PaystarSandboxCustomer *existing;

    customer_key = customer_key_string (session->slug, user->email_address);
    existing = g_hash_table_lookup (self->customers, customer_key);
    /* FirstName and LastName are kept from the first introduction, never updated. */
    customer = existing != NULL ? customer_copy (existing)
                                : customer_new (session->slug, user->email_address,
                                                user->first_name, user->last_name);
    g_hash_table_iter_init (&iter, accounts);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      add_customer_to_account (value, customer->email_address);
    for (guint i = 0; i < account_order->len; i++) {
      const PaystarSandboxAccount *record =
        g_hash_table_lookup (accounts, g_ptr_array_index (account_order, i));

      add_account_to_customer (customer, record->account);
    }
  }

  if (request->client_reference != NULL)
    reference_key = reference_key_string (session->slug, request->client_reference);

  if (!db_begin (self, error))
    goto fail;
  if (!db_put_json (self, "sessions", session->identifier, session_to_json (session), error))
    goto fail_rollback;
  if (reference_key != NULL &&
      !db_put (self, "client_references", reference_key, session->identifier, error))
    goto fail_rollback;
  g_hash_table_iter_init (&iter, accounts);
  while (g_hash_table_iter_next (&iter, &key, &value)) {
    if (!db_put_json (self, "accounts", key, account_to_json (value), error))
      goto fail_rollback;
  }
  if (customer != NULL &&
      !db_put_json (self, "customers", customer_key, customer_to_json (customer), error))
    goto fail_rollback;
  if (!db_commit (self, error))
    goto fail_rollback;

  /* Committed: now memory. */
  if (reference_key != NULL)
    g_hash_table_replace (self->references, g_steal_pointer (&reference_key),
                          g_strdup (session->identifier));
  g_hash_table_iter_init (&iter, accounts);
  while (g_hash_table_iter_next (&iter, &key, &value)) {
    g_hash_table_replace (self->accounts, key, value);
    g_hash_table_iter_steal (&iter);
  }
  if (customer != NULL)
    g_hash_table_replace (self->customers, g_steal_pointer (&customer_key),
                          g_steal_pointer (&customer));
  session = g_steal_pointer (&owned);
  sessions_put (self, session);
  return TRUE;

fail_rollback:
  db_rollback (self);
fail:
  g_clear_pointer (&customer, customer_free);
  return FALSE;
}

gboolean
paystar_sandbox_store_replace_session (PaystarSandboxStore *self,
                                       PaystarSandboxSession *session,
                                       GError **error)
{
  g_autoptr (PaystarSandboxSession) owned = session;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (g_hash_table_contains (self->sessions, session->identifier), FALSE);

  if (!db_put_json (self, "sessions", session->identifier, session_to_json (session), error))
    return FALSE;
  session = g_steal_pointer (&owned);
  sessions_put (self, session);
  return TRUE;
}

const PaystarSandboxAccount *
paystar_sandbox_store_get_account (PaystarSandboxStore *self,
                                   const char *slug,
                                   const char *account_number,
                                   const char *sub_account_number)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (slug == NULL || account_number == NULL)
    return NULL;
  key = account_key_string (slug, account_number, sub_account_number);
  return g_hash_table_lookup (self->accounts, key);
}

const PaystarSandboxCustomer *
paystar_sandbox_store_get_customer (PaystarSandboxStore *self,
                                    const char *slug,
                                    const char *email_address)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (slug == NULL || email_address == NULL)
    return NULL;
  key = customer_key_string (slug, email_address);
  return g_hash_table_lookup (self->customers, key);
}
