/* paystar-request.h: the request model of POST /integrations/embedded/initiate, its JSON form and
 * its validation.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PAYSTAR_MAX_CHARGES       25
#define PAYSTAR_ADDRESS_MAX_CHARS 100

/* One failed rule: the API's {propertyName, errorMessage}. Paths follow the API's shape,
 * zero-based, e.g. "Charges[2].ClientAccount.Name"; "" names the whole document. */
typedef struct {
  char *property_name;
  char *message;
} PaystarFieldError;

PaystarFieldError *paystar_field_error_new (const char *property_name, const char *message);
PaystarFieldError *paystar_field_error_copy (const PaystarFieldError *error);
void paystar_field_error_free (PaystarFieldError *error);
/* A new GPtrArray that frees its PaystarFieldError elements. */
GPtrArray *paystar_field_errors_new (void);
void
paystar_field_errors_add (GPtrArray *errors, const char *property_name, const char *format, ...)
  G_GNUC_PRINTF (3, 4);
/* The first error for @property_name, or NULL. */
const PaystarFieldError *paystar_field_errors_find (GPtrArray *errors, const char *property_name);
/* Where an error's path points, in any case: "Charges[12].ClientAccount.Name" gives the charge 12
 * and "ClientAccount.Name" in *@out_rest (a pointer into @path; "" for "Charges[12]"); FALSE when
 * @path is not inside a charge. */
gboolean paystar_field_path_in_charge (const char *path, guint *out_index, const char **out_rest);
/* "PaymentFields.invoiceNumber" or "PaymentFields[invoiceNumber]" (quoted or not) gives
 * "invoiceNumber" in *@out_key for @name "PaymentFields"; the bare name gives "" (the whole
 * object); FALSE when @path is not inside @name. */
gboolean paystar_field_path_in_pairs (const char *path, const char *name, char **out_key);

/* A string key with a string value, for PaymentFields and CustomMeta; order is kept. */
typedef struct {
  char *key;
  char *value;
} PaystarPair;

PaystarPair *paystar_pair_new (const char *key, const char *value);
void paystar_pair_free (PaystarPair *pair);
/* A new GPtrArray that frees its PaystarPair elements. */
GPtrArray *paystar_pairs_new (void);
/* Replaces the value of @key when present, else appends. */
void paystar_pairs_set (GPtrArray *pairs, const char *key, const char *value);
const char *paystar_pairs_get (GPtrArray *pairs, const char *key);

/* Every string member is NULL when absent; "" is present and empty. */
typedef struct {
  char *street_address;
  char *street_address2;
  char *city;
  char *state;
  char *zip_code;
} PaystarAddress;

typedef struct {
  char *account_number;
  char *sub_account_number;
  char *name;
  gboolean has_balance;
  gint64 balance; /* cents */
  char *phone_number;
  char *due_date;   /* ISO 8601 date or date-time, as sent */
  char *issue_date; /* ISO 8601 date or date-time, as sent */
  char *note;
  char *meta_json;         /* older schema's custom account field; never synced */
  PaystarAddress *address; /* NULL when absent */
} PaystarClientAccount;

typedef struct {
  gboolean has_amount;
  gint64 amount; /* cents */
  char *description;
  char *charge_type;
  PaystarClientAccount *client_account; /* NULL when absent */
} PaystarCharge;

typedef struct {
  char *email_address;
  char *first_name;
  char *last_name;
} PaystarClientUser;

typedef struct {
  char *business_unit_slug;
  char *channel; /* "QuickPay" (the default when NULL) or "POS"; kept as text so that a wrong
                  * value read from JSON can be reported */
  char *pos_user;
  PaystarClientUser *client_user; /* NULL when absent */
  GPtrArray *charges;             /* PaystarCharge*, never NULL (empty when absent) */
  gboolean has_charges;           /* FALSE when the member was absent from a parsed document */
  char *payment_descriptor;
  char *client_reference;
  char *success_url;
  char *return_url;
  GPtrArray *payment_fields; /* PaystarPair*, NULL when absent */
  GPtrArray *custom_meta;    /* PaystarPair*, NULL when absent */
  char *payment_source_identifier;
} PaystarRequest;

PaystarAddress *paystar_address_new (void);
PaystarAddress *paystar_address_copy (const PaystarAddress *address);
void paystar_address_free (PaystarAddress *address);

PaystarClientAccount *paystar_client_account_new (void);
PaystarClientAccount *paystar_client_account_copy (const PaystarClientAccount *account);
void paystar_client_account_free (PaystarClientAccount *account);

PaystarCharge *paystar_charge_new (gint64 amount);
PaystarCharge *paystar_charge_copy (const PaystarCharge *charge);
void paystar_charge_free (PaystarCharge *charge);

PaystarClientUser *paystar_client_user_new (const char *email_address);
PaystarClientUser *paystar_client_user_copy (const PaystarClientUser *user);
void paystar_client_user_free (PaystarClientUser *user);

PaystarRequest *paystar_request_new (void);
PaystarRequest *paystar_request_copy (const PaystarRequest *request);
void paystar_request_free (PaystarRequest *request);
/* Takes ownership of @charge. */
void paystar_request_add_charge (PaystarRequest *request, PaystarCharge *charge);
/* Sum of the charges' amounts, in cents. */
gint64 paystar_request_total (const PaystarRequest *request);

/* Serialises with the API's exact PascalCase keys, in the documented order, unset optionals
 * omitted, cents as JSON integers. */
JsonNode *paystar_request_to_json_node (const PaystarRequest *request);
char *paystar_request_to_json (const PaystarRequest *request, gsize *length);

/* Reads a request from a node that came through the strict reader. Wrong types and unknown keys
 * are appended to @errors with their path (e.g. "Charges[0].Amount": "must be an integer");
 * such members are left unset. PaymentSourceIdentifier and ClientAccount.MetaJson are accepted.
 * An Amount or Balance beyond 64 bits (read with PAYSTAR_JSON_WIDE_INTEGERS) is set to G_MAXINT64
 * or G_MININT64, which the validation's range rules then report at its path.
 * Returns NULL (with an error for "") only when @root is not an object. */
PaystarRequest *paystar_request_from_json_node (JsonNode *root, GPtrArray *errors);

/* What the server knows about one business unit; the sandbox fills it in. */
typedef struct {
  const char *slug;
  const char *const *pos_users;      /* emails with POS permission (case-insensitive) */
  const char *const *known_users;    /* every known email, with or without POS permission */
  const char *const *payment_fields; /* configured PaymentFields keys */
  /* TRUE when @reference is already used in this business unit; may be NULL. */
  gboolean (*client_reference_taken) (const char *reference, gpointer user_data);
  gpointer user_data;
} PaystarBusinessUnitProfile;

/* Appends every failed documented rule to @errors (all at once, never stopping at the first),
 * skipping properties that already have an error in @errors (so a type error from parsing is not
 * followed by "is required" for the same path). */
void paystar_request_validate (const PaystarRequest *request, GPtrArray *errors);

/* paystar_request_validate() plus the rules that need server knowledge: the business unit exists
 * (@profile NULL means it does not), PosUser is known and has POS permission, ClientReference is
 * unique, PaymentFields keys are configured. */
void paystar_request_validate_with_profile (const PaystarRequest *request,
                                            const PaystarBusinessUnitProfile *profile,
                                            GPtrArray *errors);

/* Helpers the UI and the sandbox reuse for single fields. */
gboolean paystar_is_valid_email (const char *text);
gboolean paystar_is_valid_iso8601_date (const char *text);
gboolean paystar_is_valid_state (const char *text);
/* An absolute http or https URL with a host, as SuccessUrl and ReturnUrl must be. */
gboolean paystar_is_valid_web_url (const char *text);
gboolean paystar_is_valid_zip_code (const char *text);
/* The US state and territory abbreviations, NULL-terminated, in alphabetical order. */
const char *const *paystar_state_abbreviations (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PaystarFieldError, paystar_field_error_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PaystarAddress, paystar_address_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PaystarClientAccount, paystar_client_account_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PaystarCharge, paystar_charge_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PaystarClientUser, paystar_client_user_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PaystarRequest, paystar_request_free)

G_END_DECLS
