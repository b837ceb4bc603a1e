/* paystar-request.c: the initiate request model, its field errors, and its JSON form both ways.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "paystar-request.h"

/* Field errors */

PaystarFieldError *
paystar_field_error_new (const char *property_name, const char *message)
{
  PaystarFieldError *error;

  g_return_val_if_fail (property_name != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  error = g_new0 (PaystarFieldError, 1);
  error->property_name = g_strdup (property_name);
  error->message = g_strdup (message);
  return error;
}

PaystarFieldError *
paystar_field_error_copy (const PaystarFieldError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  return paystar_field_error_new (error->property_name, error->message);
}

void
paystar_field_error_free (PaystarFieldError *error)
{
  if (error == NULL)
    return;
  g_free (error->property_name);
  g_free (error->message);
  g_free (error);
}

GPtrArray *
paystar_field_errors_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) paystar_field_error_free);
}

void
paystar_field_errors_add (GPtrArray *errors, const char *property_name, const char *format, ...)
{
  PaystarFieldError *error;
  va_list args;

  g_return_if_fail (errors != NULL);
  g_return_if_fail (property_name != NULL);
  g_return_if_fail (format != NULL);

  error = g_new0 (PaystarFieldError, 1);
  error->property_name = g_strdup (property_name);
  va_start (args, format);
  error->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (errors, error);
}

const PaystarFieldError *
paystar_field_errors_find (GPtrArray *errors, const char *property_name)
{
  g_return_val_if_fail (errors != NULL, NULL);
  g_return_val_if_fail (property_name != NULL, NULL);

  for (guint i = 0; i < errors->len; i++) {
    const PaystarFieldError *error = g_ptr_array_index (errors, i);

    if (g_strcmp0 (error->property_name, property_name) == 0)
      return error;
  }
  return NULL;
}

gboolean
paystar_field_path_in_charge (const char *path, guint *out_index, const char **out_rest)
{
  const char *p;
  char *end = NULL;
  guint64 index;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (out_index != NULL && out_rest != NULL, FALSE);

  if (g_ascii_strncasecmp (path, "Charges[", strlen ("Charges[")) != 0)
    return FALSE;
  p = path + strlen ("Charges[");
  if (!g_ascii_isdigit (*p))
    return FALSE;
  index = g_ascii_strtoull (p, &end, 10);
  if (end == NULL || *end != ']' || index >= G_MAXUINT)
    return FALSE;
  end++;
  if (*end == '.')
    end++;
  else if (*end != '\0')
    return FALSE;
  *out_index = (guint) index;
  *out_rest = end;
  return TRUE;
}

gboolean
paystar_field_path_in_pairs (const char *path, const char *name, char **out_key)
{
  gsize length;
  const char *p;

  g_return_val_if_fail (path != NULL && name != NULL && out_key != NULL, FALSE);

  length = strlen (name);
  if (g_ascii_strncasecmp (path, name, length) != 0)
    return FALSE;
  p = path + length;
  if (*p == '\0') {
    *out_key = g_strdup ("");
    return TRUE;
  }
  if (*p == '.') {
    *out_key = g_strdup (p + 1);
    return TRUE;
  }
  if (*p == '[' && p[1] != '\0' && p[strlen (p) - 1] == ']') {
    const char *start = p[1] == '"' || p[1] == '\'' ? p + 2 : p + 1;
    const char *stop = p + strlen (p) - 1;

    if (stop > start && (stop[-1] == '"' || stop[-1] == '\''))
      stop--;
    *out_key = g_strndup (start, stop - start);
    return TRUE;
  }
  return FALSE;
}

/* Pairs */

PaystarPair *
paystar_pair_new (const char *key, const char *value)
{
  PaystarPair *pair;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  pair = g_new0 (PaystarPair, 1);
  pair->key = g_strdup (key);
  pair->value = g_strdup (value);
  return pair;
}

void
paystar_pair_free (PaystarPair *pair)
{
  if (pair == NULL)
    return;
  g_free (pair->key);
  g_free (pair->value);
  g_free (pair);
}

GPtrArray *
paystar_pairs_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) paystar_pair_free);
}

static PaystarPair *
pairs_lookup (GPtrArray *pairs, const char *key)
{
  for (guint i = 0; i < pairs->len; i++) {
    PaystarPair *pair = g_ptr_array_index (pairs, i);

    if (g_strcmp0 (pair->key, key) == 0)
      return pair;
  }
  return NULL;
}

void
paystar_pairs_set (GPtrArray *pairs, const char *key, const char *value)
{
  PaystarPair *pair;

  g_return_if_fail (pairs != NULL);
  g_return_if_fail (key != NULL);
  g_return_if_fail (value != NULL);

  pair = pairs_lookup (pairs, key);
  if (pair != NULL) {
    /* g_set_str() needs GLib 2.76; Debian 12 has 2.74. */
    char *old = pair->value;

    pair->value = g_strdup (value);
    g_free (old);
  } else {
    g_ptr_array_add (pairs, paystar_pair_new (key, value));
  }
}

const char *
paystar_pairs_get (GPtrArray *pairs, const char *key)
{
  PaystarPair *pair;

  g_return_val_if_fail (pairs != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  pair = pairs_lookup (pairs, key);
  return pair != NULL ? pair->value : NULL;
}

static GPtrArray *
pairs_copy (GPtrArray *pairs)
{
  GPtrArray *copy;

  if (pairs == NULL)
    return NULL;

  copy = paystar_pairs_new ();
  for (guint i = 0; i < pairs->len; i++) {
    const PaystarPair *pair = g_ptr_array_index (pairs, i);

    g_ptr_array_add (copy, paystar_pair_new (pair->key, pair->value));
  }
  return copy;
}

/* Address */

PaystarAddress *
paystar_address_new (void)
{
  return g_new0 (PaystarAddress, 1);
}

PaystarAddress *
paystar_address_copy (const PaystarAddress *address)
{
  PaystarAddress *copy;

  g_return_val_if_fail (address != NULL, NULL);

  copy = paystar_address_new ();
  copy->street_address = g_strdup (address->street_address);
  copy->street_address2 = g_strdup (address->street_address2);
  copy->city = g_strdup (address->city);
  copy->state = g_strdup (address->state);
  copy->zip_code = g_strdup (address->zip_code);
  return copy;
}

void
paystar_address_free (PaystarAddress *address)
{
  if (address == NULL)
    return;
  g_free (address->street_address);
  g_free (address->street_address2);
  g_free (address->city);
  g_free (address->state);
  g_free (address->zip_code);
  g_free (address);
}

/* Client account */

PaystarClientAccount *
paystar_client_account_new (void)
{
  return g_new0 (PaystarClientAccount, 1);
}

PaystarClientAccount *
paystar_client_account_copy (const PaystarClientAccount *account)
{
  PaystarClientAccount *copy;

  g_return_val_if_fail (account != NULL, NULL);

  copy = paystar_client_account_new ();
  copy->account_number = g_strdup (account->account_number);
  copy->sub_account_number = g_strdup (account->sub_account_number);
  copy->name = g_strdup (account->name);
  copy->has_balance = account->has_balance;
  copy->balance = account->balance;
  copy->phone_number = g_strdup (account->phone_number);
  copy->due_date = g_strdup (account->due_date);
  copy->issue_date = g_strdup (account->issue_date);
  copy->note = g_strdup (account->note);
  copy->meta_json = g_strdup (account->meta_json);
  copy->address = account->address != NULL ? paystar_address_copy (account->address) : NULL;
  return copy;
}

void
paystar_client_account_free (PaystarClientAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->account_number);
  g_free (account->sub_account_number);
  g_free (account->name);
  g_free (account->phone_number);
  g_free (account->due_date);
  g_free (account->issue_date);
  g_free (account->note);
  g_free (account->meta_json);
  paystar_address_free (account->address);
  g_free (account);
}

/* Charge */

PaystarCharge *
paystar_charge_new (gint64 amount)
{
  PaystarCharge *charge = g_new0 (PaystarCharge, 1);

  charge->has_amount = TRUE;
  charge->amount = amount;
  return charge;
}

/* A charge whose Amount is absent, as a parsed document may have it. */
static PaystarCharge *
charge_new_empty (void)
{
  return g_new0 (PaystarCharge, 1);
}

PaystarCharge *
paystar_charge_copy (const PaystarCharge *charge)
{
  PaystarCharge *copy;

  g_return_val_if_fail (charge != NULL, NULL);

  copy = charge_new_empty ();
  copy->has_amount = charge->has_amount;
  copy->amount = charge->amount;
  copy->description = g_strdup (charge->description);
  copy->charge_type = g_strdup (charge->charge_type);
  copy->client_account =
    charge->client_account != NULL ? paystar_client_account_copy (charge->client_account) : NULL;
  return copy;
}

void
paystar_charge_free (PaystarCharge *charge)
{
  if (charge == NULL)
    return;
  g_free (charge->description);
  g_free (charge->charge_type);
  paystar_client_account_free (charge->client_account);
  g_free (charge);
}

/* Client user */

/* @email_address may be NULL: a parsed ClientUser can lack it, and the validator reports that. */
PaystarClientUser *
paystar_client_user_new (const char *email_address)
{
  PaystarClientUser *user = g_new0 (PaystarClientUser, 1);

  user->email_address = g_strdup (email_address);
  return user;
}

PaystarClientUser *
paystar_client_user_copy (const PaystarClientUser *user)
{
  PaystarClientUser *copy;

  g_return_val_if_fail (user != NULL, NULL);

  copy = paystar_client_user_new (user->email_address);
  copy->first_name = g_strdup (user->first_name);
  copy->last_name = g_strdup (user->last_name);
  return copy;
}

void
paystar_client_user_free (PaystarClientUser *user)
{
  if (user == NULL)
    return;
  g_free (user->email_address);
  g_free (user->first_name);
  g_free (user->last_name);
  g_free (user);
}

/* Request */

PaystarRequest *
paystar_request_new (void)
{
  PaystarRequest *request = g_new0 (PaystarRequest, 1);

  request->charges = g_ptr_array_new_with_free_func ((GDestroyNotify) paystar_charge_free);
  return request;
}

PaystarRequest *
paystar_request_copy (const PaystarRequest *request)
{
  PaystarRequest *copy;

  g_return_val_if_fail (request != NULL, NULL);

  copy = paystar_request_new ();
  copy->business_unit_slug = g_strdup (request->business_unit_slug);
  copy->channel = g_strdup (request->channel);
  copy->pos_user = g_strdup (request->pos_user);
  copy->client_user =
    request->client_user != NULL ? paystar_client_user_copy (request->client_user) : NULL;
  if (request->charges != NULL) {
    for (guint i = 0; i < request->charges->len; i++)
      g_ptr_array_add (copy->charges,
                       paystar_charge_copy (g_ptr_array_index (request->charges, i)));
  }
  copy->has_charges = request->has_charges;
  copy->payment_descriptor = g_strdup (request->payment_descriptor);
  copy->client_reference = g_strdup (request->client_reference);
  copy->success_url = g_strdup (request->success_url);
  copy->return_url = g_strdup (request->return_url);
  copy->payment_fields = pairs_copy (request->payment_fields);
  copy->custom_meta = pairs_copy (request->custom_meta);
  copy->payment_source_identifier = g_strdup (request->payment_source_identifier);
  return copy;
}

void
paystar_request_free (PaystarRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->business_unit_slug);
  g_free (request->channel);
  g_free (request->pos_user);
  paystar_client_user_free (request->client_user);
  g_clear_pointer (&request->charges, g_ptr_array_unref);
  g_free (request->payment_descriptor);
  g_free (request->client_reference);
  g_free (request->success_url);
  g_free (request->return_url);
  g_clear_pointer (&request->payment_fields, g_ptr_array_unref);
  g_clear_pointer (&request->custom_meta, g_ptr_array_unref);
  g_free (request->payment_source_identifier);
  g_free (request);
}

void
paystar_request_add_charge (PaystarRequest *request, PaystarCharge *charge)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (charge != NULL);

  g_ptr_array_add (request->charges, charge);
  request->has_charges = TRUE;
}

/* The sum saturates at the gint64 limits instead of overflowing: amounts straight from a parsed,
 * not yet validated document can be anything a gint64 holds. Validated requests (at most 25
 * charges of at most PAYSTAR_AMOUNT_MAX each) never come near the limits. */
gint64
paystar_request_total (const PaystarRequest *request)
{
  gint64 total = 0;

  g_return_val_if_fail (request != NULL, 0);

  for (guint i = 0; request->charges != NULL && i < request->charges->len; i++) {
    const PaystarCharge *charge = g_ptr_array_index (request->charges, i);

    if (!charge->has_amount)
      continue;
    if (charge->amount > 0 && total > G_MAXINT64 - charge->amount)
      total = G_MAXINT64;
    else if (charge->amount < 0 && total < G_MININT64 - charge->amount)
      total = G_MININT64;
    else
      total += charge->amount;
  }
  return total;
}

/* Serialisation */

static void
set_string (JsonObject *object, const char *key, const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, key, value);
}

static JsonObject *
pairs_to_object (GPtrArray *pairs)
{
  JsonObject *object = json_object_new ();

  for (guint i = 0; i < pairs->len; i++) {
    const PaystarPair *pair = g_ptr_array_index (pairs, i);

    json_object_set_string_member (object, pair->key, pair->value);
  }
  return object;
}

static JsonObject *
address_to_object (const PaystarAddress *address)
{
  JsonObject *object = json_object_new ();

  set_string (object, "StreetAddress", address->street_address);
  set_string (object, "StreetAddress2", address->street_address2);
  set_string (object, "City", address->city);
  set_string (object, "State", address->state);
  set_string (object, "ZipCode", address->zip_code);
  return object;
}

static JsonObject *
client_account_to_object (const PaystarClientAccount *account)
{
  JsonObject *object = json_object_new ();

  set_string (object, "AccountNumber", account->account_number);
  set_string (object, "SubAccountNumber", account->sub_account_number);
  set_string (object, "Name", account->name);
  if (account->has_balance)
    json_object_set_int_member (object, "Balance", account->balance);
  set_string (object, "PhoneNumber", account->phone_number);
  set_string (object, "DueDate", account->due_date);
  set_string (object, "IssueDate", account->issue_date);
  set_string (object, "Note", account->note);
  set_string (object, "MetaJson", account->meta_json);
  if (account->address != NULL)
    json_object_set_object_member (object, "Address", address_to_object (account->address));
  return object;
}

static JsonObject *
charge_to_object (const PaystarCharge *charge)
{
  JsonObject *object = json_object_new ();

  if (charge->has_amount)
    json_object_set_int_member (object, "Amount", charge->amount);
  set_string (object, "Description", charge->description);
  set_string (object, "ChargeType", charge->charge_type);
  if (charge->client_account != NULL)
    json_object_set_object_member (object, "ClientAccount",
                                   client_account_to_object (charge->client_account));
  return object;
}

/* json-glib keeps the members of an object in insertion order, and the generator writes them in
 * that order, so the order of the calls below is the order on the wire. */
JsonNode *
paystar_request_to_json_node (const PaystarRequest *request)
{
  JsonObject *object;
  JsonNode *root;

  g_return_val_if_fail (request != NULL, NULL);

  object = json_object_new ();
  set_string (object, "BusinessUnitSlug", request->business_unit_slug);
  set_string (object, "Channel", request->channel);
  set_string (object, "PosUser", request->pos_user);
  if (request->client_user != NULL) {
    JsonObject *user = json_object_new ();

    set_string (user, "EmailAddress", request->client_user->email_address);
    set_string (user, "FirstName", request->client_user->first_name);
    set_string (user, "LastName", request->client_user->last_name);
    json_object_set_object_member (object, "ClientUser", user);
  }
  /* An empty array is written only when the member was there (a parsed "Charges": []), so that a
   * document survives a round trip unchanged. */
  if (request->charges != NULL && (request->has_charges || request->charges->len > 0)) {
    JsonArray *charges = json_array_sized_new (request->charges->len);

    for (guint i = 0; i < request->charges->len; i++)
      json_array_add_object_element (charges,
                                     charge_to_object (g_ptr_array_index (request->charges, i)));
    json_object_set_array_member (object, "Charges", charges);
  }
  set_string (object, "PaymentDescriptor", request->payment_descriptor);
  set_string (object, "ClientReference", request->client_reference);
  set_string (object, "SuccessUrl", request->success_url);
  set_string (object, "ReturnUrl", request->return_url);
  if (request->payment_fields != NULL)
    json_object_set_object_member (object, "PaymentFields",
                                   pairs_to_object (request->payment_fields));
  if (request->custom_meta != NULL)
    json_object_set_object_member (object, "CustomMeta", pairs_to_object (request->custom_meta));
  set_string (object, "PaymentSourceIdentifier", request->payment_source_identifier);

  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, object);
  return root;
}

char *
paystar_request_to_json (const PaystarRequest *request, gsize *length)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonGenerator) generator = NULL;

  g_return_val_if_fail (request != NULL, NULL);

  root = paystar_request_to_json_node (request);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, FALSE);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, length);
}

/* Parsing
 *
 * Choices, since the published documents show only examples:
 * - Keys match exactly, case included: the docs only ever show PascalCase, and accepting
 *   "businessUnitSlug" as well would make two spellings of one field possible in one document.
 *   Any other spelling is reported as an unknown field.
 * - JSON null for an optional member means "absent", the way most JSON APIs (and .NET's binder,
 *   which Paystar appears to use) read it. A null required member is absent too, so the
 *   validator reports it as missing rather than as a type error.
 * - Inside PaymentFields and CustomMeta a null value is a type error like any other non-string
 *   value: it is an entry of a map, not an optional member, and dropping it silently would lose
 *   the key.
 * - A Charges element that is not an object gets an error at "Charges[i]" and an empty charge in
 *   the model, so that later charges keep their indices and the count rule still counts it. */

typedef struct {
  GPtrArray *errors; /* may be NULL when the caller does not want them */
} Reader;

static void
reader_error (Reader *reader, const char *path, const char *message)
{
  if (reader->errors != NULL)
    g_ptr_array_add (reader->errors, paystar_field_error_new (path, message));
}

static gboolean
node_is_null (JsonNode *node)
{
  return JSON_NODE_HOLDS_NULL (node);
}

static void
unknown_field (Reader *reader, const char *prefix, const char *key)
{
  g_autofree char *path = g_strconcat (prefix, key, NULL);

  reader_error (reader, path, _ ("is not a known field"));
}

/* Reads a string member into @out (replacing what was there); null leaves it NULL. */
static void
read_string (Reader *reader, JsonNode *node, const char *prefix, const char *key, char **out)
{
  g_clear_pointer (out, g_free);
  if (node_is_null (node))
    return;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING) {
    *out = g_strdup (json_node_get_string (node));
  } else {
    g_autofree char *path = g_strconcat (prefix, key, NULL);

    reader_error (reader, path, _ ("must be a string"));
  }
}

/* Reads an integer (cents) member; only integer nodes qualify, so 1.5, 1.0 and "150" do not.
 * An integer beyond 64 bits (an infinity from paystar_json_parse_full() with
 * PAYSTAR_JSON_WIDE_INTEGERS) reads as the gint64 limit of its sign, so that the range rules
 * report it at its field like any other amount out of range. */
static void
read_cents (Reader *reader,
            JsonNode *node,
            const char *prefix,
            const char *key,
            gboolean *has_out,
            gint64 *out)
{
  GType type;

  *has_out = FALSE;
  *out = 0;
  if (node_is_null (node))
    return;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64) {
    *has_out = TRUE;
    *out = json_node_get_int (node);
  } else if (type == G_TYPE_DOUBLE && isinf (json_node_get_double (node))) {
    *has_out = TRUE;
    *out = json_node_get_double (node) > 0 ? G_MAXINT64 : G_MININT64;
  } else {
    g_autofree char *path = g_strconcat (prefix, key, NULL);

    reader_error (reader, path, _ ("must be an integer in cents"));
  }
}

/* Returns the object of @node, or NULL for null (silently) and for other types (with an error). */
static JsonObject *
expect_object (Reader *reader, JsonNode *node, const char *path)
{
  if (node_is_null (node))
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);
  reader_error (reader, path, _ ("must be an object"));
  return NULL;
}

static GPtrArray *
read_pairs (Reader *reader, JsonNode *node, const char *name)
{
  JsonObject *object;
  GPtrArray *pairs;
  g_autoptr (GList) members = NULL;

  object = expect_object (reader, node, name);
  if (object == NULL)
    return NULL;

  pairs = paystar_pairs_new ();
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next) {
    const char *key = l->data;
    JsonNode *value = json_object_get_member (object, key);

    if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING) {
      paystar_pairs_set (pairs, key, json_node_get_string (value));
    } else {
      g_autofree char *path = g_strconcat (name, ".", key, NULL);

      reader_error (reader, path, _ ("must be a string"));
    }
  }
  return pairs;
}

static PaystarAddress *
read_address (Reader *reader, JsonObject *object, const char *prefix)
{
  PaystarAddress *address = paystar_address_new ();
  g_autoptr (GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next) {
    const char *key = l->data;
    JsonNode *node = json_object_get_member (object, key);

    if (g_str_equal (key, "StreetAddress"))
      read_string (reader, node, prefix, key, &address->street_address);
    else if (g_str_equal (key, "StreetAddress2"))
      read_string (reader, node, prefix, key, &address->street_address2);
    else if (g_str_equal (key, "City"))
      read_string (reader, node, prefix, key, &address->city);
    else if (g_str_equal (key, "State"))
      read_string (reader, node, prefix, key, &address->state);
    else if (g_str_equal (key, "ZipCode"))
      read_string (reader, node, prefix, key, &address->zip_code);
    else
      unknown_field (reader, prefix, key);
  }
  return address;
}

static PaystarClientAccount *
read_client_account (Reader *reader, JsonObject *object, const char *prefix)
{
  PaystarClientAccount *account = paystar_client_account_new ();
  g_autoptr (GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next) {
    const char *key = l->data;
    JsonNode *node = json_object_get_member (object, key);

    if (g_str_equal (key, "AccountNumber")) {
      read_string (reader, node, prefix, key, &account->account_number);
    } else if (g_str_equal (key, "SubAccountNumber")) {
      read_string (reader, node, prefix, key, &account->sub_account_number);
    } else if (g_str_equal (key, "Name")) {
      read_string (reader, node, prefix, key, &account->name);
    } else if (g_str_equal (key, "Balance")) {
      read_cents (reader, node, prefix, key, &account->has_balance, &account->balance);
    } else if (g_str_equal (key, "PhoneNumber")) {
      read_string (reader, node, prefix, key, &account->phone_number);
    } else if (g_str_equal (key, "DueDate")) {
      read_string (reader, node, prefix, key, &account->due_date);
    } else if (g_str_equal (key, "IssueDate")) {
      read_string (reader, node, prefix, key, &account->issue_date);
    } else if (g_str_equal (key, "Note")) {
      read_string (reader, node, prefix, key, &account->note);
    } else if (g_str_equal (key, "MetaJson")) {
      read_string (reader, node, prefix, key, &account->meta_json);
    } else if (g_str_equal (key, "Address")) {
      g_autofree char *path = g_strconcat (prefix, key, NULL);
      g_autofree char *sub_prefix = g_strconcat (path, ".", NULL);
      JsonObject *address = expect_object (reader, node, path);

      g_clear_pointer (&account->address, paystar_address_free);
      if (address != NULL)
        account->address = read_address (reader, address, sub_prefix);
    } else {
      unknown_field (reader, prefix, key);
    }
  }
  return account;
}

static PaystarCharge *
read_charge (Reader *reader, JsonObject *object, const char *prefix)
{
  PaystarCharge *charge = charge_new_empty ();
  g_autoptr (GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next) {
    const char *key = l->data;
    JsonNode *node = json_object_get_member (object, key);

    if (g_str_equal (key, "Amount")) {
      read_cents (reader, node, prefix, key, &charge->has_amount, &charge->amount);
    } else if (g_str_equal (key, "Description")) {
      read_string (reader, node, prefix, key, &charge->description);
    } else if (g_str_equal (key, "ChargeType")) {
      read_string (reader, node, prefix, key, &charge->charge_type);
    } else if (g_str_equal (key, "ClientAccount")) {
      g_autofree char *path = g_strconcat (prefix, key, NULL);
      g_autofree char *sub_prefix = g_strconcat (path, ".", NULL);
      JsonObject *account = expect_object (reader, node, path);

      g_clear_pointer (&charge->client_account, paystar_client_account_free);
      if (account != NULL)
        charge->client_account = read_client_account (reader, account, sub_prefix);
    } else {
      unknown_field (reader, prefix, key);
    }
  }
  return charge;
}

static PaystarClientUser *
read_client_user (Reader *reader, JsonObject *object)
{
  PaystarClientUser *user = paystar_client_user_new (NULL);
  g_autoptr (GList) members = json_object_get_members (object);
  const char *prefix = "ClientUser.";

  for (GList *l = members; l != NULL; l = l->next) {
    const char *key = l->data;
    JsonNode *node = json_object_get_member (object, key);

    if (g_str_equal (key, "EmailAddress"))
      read_string (reader, node, prefix, key, &user->email_address);
    else if (g_str_equal (key, "FirstName"))
      read_string (reader, node, prefix, key, &user->first_name);
    else if (g_str_equal (key, "LastName"))
      read_string (reader, node, prefix, key, &user->last_name);
    else
      unknown_field (reader, prefix, key);
  }
  return user;
}

static void
read_charges (Reader *reader, JsonNode *node, PaystarRequest *request)
{
  JsonArray *array;
  guint n;

  g_ptr_array_set_size (request->charges, 0);
  request->has_charges = FALSE;
  if (node_is_null (node))
    return;
  if (!JSON_NODE_HOLDS_ARRAY (node)) {
    reader_error (reader, "Charges", _ ("must be an array of charges"));
    return;
  }

  request->has_charges = TRUE;
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++) {
    JsonNode *element = json_array_get_element (array, i);
    g_autofree char *path = g_strdup_printf ("Charges[%u]", i);

    if (JSON_NODE_HOLDS_OBJECT (element)) {
      g_autofree char *prefix = g_strconcat (path, ".", NULL);

      g_ptr_array_add (request->charges,
                       read_charge (reader, json_node_get_object (element), prefix));
    } else {
      reader_error (reader, path, _ ("must be an object"));
      g_ptr_array_add (request->charges, charge_new_empty ());
    }
  }
}

PaystarRequest *
paystar_request_from_json_node (JsonNode *root, GPtrArray *errors)
{
  Reader reader = { errors };
  PaystarRequest *request;
  JsonObject *object;
  g_autoptr (GList) members = NULL;

  g_return_val_if_fail (root != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (root)) {
    reader_error (&reader, "", _ ("must be a JSON object"));
    return NULL;
  }

  request = paystar_request_new ();
  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next) {
    const char *key = l->data;
    JsonNode *node = json_object_get_member (object, key);

    if (g_str_equal (key, "BusinessUnitSlug")) {
      read_string (&reader, node, "", key, &request->business_unit_slug);
    } else if (g_str_equal (key, "Channel")) {
      read_string (&reader, node, "", key, &request->channel);
    } else if (g_str_equal (key, "PosUser")) {
      read_string (&reader, node, "", key, &request->pos_user);
    } else if (g_str_equal (key, "ClientUser")) {
      JsonObject *user = expect_object (&reader, node, key);

      g_clear_pointer (&request->client_user, paystar_client_user_free);
      if (user != NULL)
        request->client_user = read_client_user (&reader, user);
    } else if (g_str_equal (key, "Charges")) {
      read_charges (&reader, node, request);
    } else if (g_str_equal (key, "PaymentDescriptor")) {
      read_string (&reader, node, "", key, &request->payment_descriptor);
    } else if (g_str_equal (key, "ClientReference")) {
      read_string (&reader, node, "", key, &request->client_reference);
    } else if (g_str_equal (key, "SuccessUrl")) {
      read_string (&reader, node, "", key, &request->success_url);
    } else if (g_str_equal (key, "ReturnUrl")) {
      read_string (&reader, node, "", key, &request->return_url);
    } else if (g_str_equal (key, "PaymentFields")) {
      g_clear_pointer (&request->payment_fields, g_ptr_array_unref);
      request->payment_fields = read_pairs (&reader, node, key);
    } else if (g_str_equal (key, "CustomMeta")) {
      g_clear_pointer (&request->custom_meta, g_ptr_array_unref);
      request->custom_meta = read_pairs (&reader, node, key);
    } else if (g_str_equal (key, "PaymentSourceIdentifier")) {
      read_string (&reader, node, "", key, &request->payment_source_identifier);
    } else {
      unknown_field (&reader, "", key);
    }
  }
  return request;
}
