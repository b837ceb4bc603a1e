/* pos-charge.c: one line of a sale: amount as typed, description, charge type, optional account.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pos-charge.h"

struct _PosCharge {
  GObject parent_instance;

  char *fields[POS_CHARGE_N_FIELDS]; /* never NULL after init: "" is empty */
  gint64 amount;
  gint64 balance;
  gboolean amount_valid;
  gboolean has_balance;
  gboolean has_account;
};

G_DEFINE_FINAL_TYPE (PosCharge, pos_charge, G_TYPE_OBJECT)

/* The text fields' property ids are PROP_FIELD_FIRST + field. */
enum {
  PROP_0,
  PROP_FIELD_FIRST,
  PROP_FIELD_LAST = PROP_FIELD_FIRST + POS_CHARGE_N_FIELDS - 1,
  PROP_AMOUNT,
  PROP_AMOUNT_VALID,
  PROP_BALANCE,
  PROP_HAS_BALANCE,
  PROP_HAS_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  const char *property_name;
  const char *api_path;
  gboolean in_account;
  gboolean in_address;
} FieldInfo;

static const FieldInfo field_info[POS_CHARGE_N_FIELDS] = {
  [POS_CHARGE_FIELD_AMOUNT_TEXT] = { "amount-text", "Amount", FALSE, FALSE },
  [POS_CHARGE_FIELD_DESCRIPTION] = { "description", "Description", FALSE, FALSE },
  [POS_CHARGE_FIELD_CHARGE_TYPE] = { "charge-type", "ChargeType", FALSE, FALSE },
  [POS_CHARGE_FIELD_ACCOUNT_NUMBER] = { "account-number", "ClientAccount.AccountNumber", TRUE,
                                        FALSE },
  [POS_CHARGE_FIELD_SUB_ACCOUNT_NUMBER] = { "sub-account-number", "ClientAccount.SubAccountNumber",
                                            TRUE, FALSE },
  [POS_CHARGE_FIELD_ACCOUNT_NAME] = { "account-name", "ClientAccount.Name", TRUE, FALSE },
  [POS_CHARGE_FIELD_BALANCE_TEXT] = { "balance-text", "ClientAccount.Balance", TRUE, FALSE },
  [POS_CHARGE_FIELD_PHONE_NUMBER] = { "phone-number", "ClientAccount.PhoneNumber", TRUE, FALSE },
  [POS_CHARGE_FIELD_DUE_DATE] = { "due-date", "ClientAccount.DueDate", TRUE, FALSE },
  [POS_CHARGE_FIELD_ISSUE_DATE] = { "issue-date", "ClientAccount.IssueDate", TRUE, FALSE },
  [POS_CHARGE_FIELD_NOTE] = { "note", "ClientAccount.Note", TRUE, FALSE },
  [POS_CHARGE_FIELD_STREET_ADDRESS] = { "street-address", "ClientAccount.Address.StreetAddress",
                                        TRUE, TRUE },
  [POS_CHARGE_FIELD_STREET_ADDRESS2] = { "street-address2", "ClientAccount.Address.StreetAddress2",
                                         TRUE, TRUE },
  [POS_CHARGE_FIELD_CITY] = { "city", "ClientAccount.Address.City", TRUE, TRUE },
  [POS_CHARGE_FIELD_STATE] = { "state", "ClientAccount.Address.State", TRUE, TRUE },
  [POS_CHARGE_FIELD_ZIP_CODE] = { "zip-code", "ClientAccount.Address.ZipCode", TRUE, TRUE },
};

static gboolean
field_is_valid (PosChargeField field)
{
  return (guint) field < POS_CHARGE_N_FIELDS;
}

/* Parses @text as money; empty or invalid text gives FALSE and 0. */
static gboolean
parse_money (const char *text, gint64 *out_cents)
{
  gint64 cents = 0;

  *out_cents = 0;
  if (text == NULL || *text == '\0')
    return FALSE;
  if (!paystar_money_parse (text, &cents, NULL))
    return FALSE;
  *out_cents = cents;
  return TRUE;
}

static void
update_amount (PosCharge *self)
{
  gint64 amount;
  gboolean valid = parse_money (self->fields[POS_CHARGE_FIELD_AMOUNT_TEXT], &amount);

  if (amount != self->amount) {
    self->amount = amount;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AMOUNT]);
  }
  if (valid != self->amount_valid) {
    self->amount_valid = valid;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AMOUNT_VALID]);
  }
}

static void
update_balance (PosCharge *self)
{
  gint64 balance;
  gboolean valid = parse_money (self->fields[POS_CHARGE_FIELD_BALANCE_TEXT], &balance);

  if (balance != self->balance) {
    self->balance = balance;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BALANCE]);
  }
  if (valid != self->has_balance) {
    self->has_balance = valid;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_BALANCE]);
  }
}

static void
pos_charge_finalize (GObject *object)
{
  PosCharge *self = POS_CHARGE (object);

  for (guint i = 0; i < POS_CHARGE_N_FIELDS; i++)
    g_free (self->fields[i]);

  G_OBJECT_CLASS (pos_charge_parent_class)->finalize (object);
}

static void
pos_charge_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosCharge *self = POS_CHARGE (object);

  if (prop_id >= PROP_FIELD_FIRST && prop_id <= PROP_FIELD_LAST) {
    g_value_set_string (value, self->fields[prop_id - PROP_FIELD_FIRST]);
    return;
  }

  switch (prop_id) {
    case PROP_AMOUNT:
      g_value_set_int64 (value, self->amount);
      break;
    case PROP_AMOUNT_VALID:
      g_value_set_boolean (value, self->amount_valid);
      break;
    case PROP_BALANCE:
      g_value_set_int64 (value, self->balance);
      break;
    case PROP_HAS_BALANCE:
      g_value_set_boolean (value, self->has_balance);
      break;
    case PROP_HAS_ACCOUNT:
      g_value_set_boolean (value, self->has_account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_charge_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  PosCharge *self = POS_CHARGE (object);

  if (prop_id >= PROP_FIELD_FIRST && prop_id <= PROP_FIELD_LAST) {
    pos_charge_set_field (self, prop_id - PROP_FIELD_FIRST, g_value_get_string (value));
    return;
  }

  switch (prop_id) {
    case PROP_HAS_ACCOUNT:
      pos_charge_set_has_account (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_charge_class_init (PosChargeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pos_charge_finalize;
  object_class->get_property = pos_charge_get_property;
  object_class->set_property = pos_charge_set_property;

  for (guint i = 0; i < POS_CHARGE_N_FIELDS; i++) {
    properties[PROP_FIELD_FIRST + i] =
      g_param_spec_string (field_info[i].property_name, NULL, NULL, "",
                           G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  }
  properties[PROP_AMOUNT] =
    g_param_spec_int64 ("amount", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_AMOUNT_VALID] =
    g_param_spec_boolean ("amount-valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BALANCE] =
    g_param_spec_int64 ("balance", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HAS_BALANCE] =
    g_param_spec_boolean ("has-balance", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HAS_ACCOUNT] =
    g_param_spec_boolean ("has-account", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pos_charge_init (PosCharge *self)
{
  for (guint i = 0; i < POS_CHARGE_N_FIELDS; i++)
    self->fields[i] = g_strdup ("");
}

PosCharge *
pos_charge_new (void)
{
  return g_object_new (POS_TYPE_CHARGE, NULL);
}

PosCharge *
pos_charge_copy (PosCharge *self)
{
  PosCharge *copy;

  g_return_val_if_fail (POS_IS_CHARGE (self), NULL);

  copy = pos_charge_new ();
  for (guint i = 0; i < POS_CHARGE_N_FIELDS; i++)
    pos_charge_set_field (copy, i, self->fields[i]);
  pos_charge_set_has_account (copy, self->has_account);
  return copy;
}

const char *
pos_charge_get_field (PosCharge *self, PosChargeField field)
{
  g_return_val_if_fail (POS_IS_CHARGE (self), NULL);
  g_return_val_if_fail (field_is_valid (field), NULL);

  return self->fields[field];
}

gboolean
pos_charge_is_blank (PosCharge *self)
{
  g_return_val_if_fail (POS_IS_CHARGE (self), TRUE);

  for (guint i = 0; i < POS_CHARGE_N_FIELDS; i++) {
    const char *text = self->fields[i];

    /* A charge type is always chosen (the first by default): it is no work of the clerk's. */
    if (i == POS_CHARGE_FIELD_CHARGE_TYPE)
      continue;
    while (g_ascii_isspace (*text))
      text++;
    if (*text != '\0')
      return FALSE;
  }
  return TRUE;
}

void
pos_charge_set_field (PosCharge *self, PosChargeField field, const char *text)
{
  g_return_if_fail (POS_IS_CHARGE (self));
  g_return_if_fail (field_is_valid (field));

  if (text == NULL)
    text = "";
  if (g_str_equal (self->fields[field], text))
    return;

  g_free (self->fields[field]);
  self->fields[field] = g_strdup (text);
  /* No freeze_notify here: it would deliver the queued notifications in reverse, the text field
   * first. The derived properties are notified first, so that a handler of the text field (PosSale
   * saves the draft on it) sees "amount" and the sale's "total" already updated. */
  if (field == POS_CHARGE_FIELD_AMOUNT_TEXT)
    update_amount (self);
  else if (field == POS_CHARGE_FIELD_BALANCE_TEXT)
    update_balance (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIELD_FIRST + field]);
}

const char *
pos_charge_field_get_property_name (PosChargeField field)
{
  g_return_val_if_fail (field_is_valid (field), NULL);

  return field_info[field].property_name;
}

const char *
pos_charge_field_get_api_path (PosChargeField field)
{
  g_return_val_if_fail (field_is_valid (field), NULL);

  return field_info[field].api_path;
}

gboolean
pos_charge_field_from_api_path (const char *path, PosChargeField *out_field)
{
  g_return_val_if_fail (out_field != NULL, FALSE);

  if (path == NULL)
    return FALSE;
  for (guint i = 0; i < POS_CHARGE_N_FIELDS; i++) {
    /* The API's property names are PascalCase, but a server may well answer in camelCase. */
    if (g_ascii_strcasecmp (path, field_info[i].api_path) == 0) {
      *out_field = i;
      return TRUE;
    }
  }
  return FALSE;
}

const char *
pos_charge_get_amount_text (PosCharge *self)
{
  return pos_charge_get_field (self, POS_CHARGE_FIELD_AMOUNT_TEXT);
}

void
pos_charge_set_amount_text (PosCharge *self, const char *text)
{
  pos_charge_set_field (self, POS_CHARGE_FIELD_AMOUNT_TEXT, text);
}

void
pos_charge_set_amount (PosCharge *self, gint64 cents)
{
  g_autofree char *text = NULL;

  g_return_if_fail (POS_IS_CHARGE (self));
  g_return_if_fail (cents >= 0);

  /* Plain digits and a point, so that paystar_money_parse() reads it back in any locale. */
  text = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", cents / 100, (int) (cents % 100));
  pos_charge_set_field (self, POS_CHARGE_FIELD_AMOUNT_TEXT, text);
}

gint64
pos_charge_get_amount (PosCharge *self)
{
  g_return_val_if_fail (POS_IS_CHARGE (self), 0);

  return self->amount;
}

gboolean
pos_charge_get_amount_valid (PosCharge *self)
{
  g_return_val_if_fail (POS_IS_CHARGE (self), FALSE);

  return self->amount_valid;
}

const char *
pos_charge_get_description (PosCharge *self)
{
  return pos_charge_get_field (self, POS_CHARGE_FIELD_DESCRIPTION);
}

void
pos_charge_set_description (PosCharge *self, const char *description)
{
  pos_charge_set_field (self, POS_CHARGE_FIELD_DESCRIPTION, description);
}

const char *
pos_charge_get_charge_type (PosCharge *self)
{
  return pos_charge_get_field (self, POS_CHARGE_FIELD_CHARGE_TYPE);
}

void
pos_charge_set_charge_type (PosCharge *self, const char *charge_type)
{
  pos_charge_set_field (self, POS_CHARGE_FIELD_CHARGE_TYPE, charge_type);
}

gboolean
pos_charge_get_has_account (PosCharge *self)
{
  g_return_val_if_fail (POS_IS_CHARGE (self), FALSE);

  return self->has_account;
}

void
pos_charge_set_has_account (PosCharge *self, gboolean has_account)
{
  g_return_if_fail (POS_IS_CHARGE (self));

  has_account = !!has_account;
  if (self->has_account == has_account)
    return;
  self->has_account = has_account;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_ACCOUNT]);
}

gint64
pos_charge_get_balance (PosCharge *self)
{
  g_return_val_if_fail (POS_IS_CHARGE (self), 0);

  return self->balance;
}

gboolean
pos_charge_get_has_balance (PosCharge *self)
{
  g_return_val_if_fail (POS_IS_CHARGE (self), FALSE);

  return self->has_balance;
}

/* Entries hand us "" for an empty field and agents leave stray spaces: both sides of the text
 * are trimmed, and what is left empty is absent (NULL), which the validator reports as missing
 * where the API requires it. */
static char *
dup_trimmed (PosCharge *self, PosChargeField field)
{
  g_autofree char *copy = g_strstrip (g_strdup (self->fields[field]));

  if (*copy == '\0')
    return NULL;
  return g_steal_pointer (&copy);
}

static gboolean
address_is_empty (PosCharge *self)
{
  for (guint i = 0; i < POS_CHARGE_N_FIELDS; i++) {
    if (field_info[i].in_address) {
      g_autofree char *text = dup_trimmed (self, i);

      if (text != NULL)
        return FALSE;
    }
  }
  return TRUE;
}

PaystarCharge *
pos_charge_to_paystar (PosCharge *self)
{
  g_autoptr (PaystarCharge) charge = NULL;
  PaystarClientAccount *account;

  g_return_val_if_fail (POS_IS_CHARGE (self), NULL);

  charge = paystar_charge_new (self->amount);
  charge->has_amount = self->amount_valid;
  if (!self->amount_valid)
    charge->amount = 0;
  charge->description = dup_trimmed (self, POS_CHARGE_FIELD_DESCRIPTION);
  charge->charge_type = dup_trimmed (self, POS_CHARGE_FIELD_CHARGE_TYPE);

  if (!self->has_account)
    return g_steal_pointer (&charge);

  account = paystar_client_account_new ();
  account->account_number = dup_trimmed (self, POS_CHARGE_FIELD_ACCOUNT_NUMBER);
  account->sub_account_number = dup_trimmed (self, POS_CHARGE_FIELD_SUB_ACCOUNT_NUMBER);
  account->name = dup_trimmed (self, POS_CHARGE_FIELD_ACCOUNT_NAME);
  account->has_balance = self->has_balance;
  account->balance = self->has_balance ? self->balance : 0;
  account->phone_number = dup_trimmed (self, POS_CHARGE_FIELD_PHONE_NUMBER);
  account->due_date = dup_trimmed (self, POS_CHARGE_FIELD_DUE_DATE);
  account->issue_date = dup_trimmed (self, POS_CHARGE_FIELD_ISSUE_DATE);
  account->note = dup_trimmed (self, POS_CHARGE_FIELD_NOTE);
  if (!address_is_empty (self)) {
    account->address = paystar_address_new ();
    account->address->street_address = dup_trimmed (self, POS_CHARGE_FIELD_STREET_ADDRESS);
    account->address->street_address2 = dup_trimmed (self, POS_CHARGE_FIELD_STREET_ADDRESS2);
    account->address->city = dup_trimmed (self, POS_CHARGE_FIELD_CITY);
    account->address->state = dup_trimmed (self, POS_CHARGE_FIELD_STATE);
    account->address->zip_code = dup_trimmed (self, POS_CHARGE_FIELD_ZIP_CODE);
  }
  charge->client_account = account;

  return g_steal_pointer (&charge);
}

gboolean
pos_charge_check_amounts (PosCharge *self, const char *prefix, GPtrArray *errors)
{
  const char *amount_text;
  const char *balance_text;
  gboolean ok = TRUE;
  gint64 cents;

  g_return_val_if_fail (POS_IS_CHARGE (self), FALSE);
  g_return_val_if_fail (errors != NULL, FALSE);

  if (prefix == NULL)
    prefix = "";
  amount_text = self->fields[POS_CHARGE_FIELD_AMOUNT_TEXT];
  balance_text = self->fields[POS_CHARGE_FIELD_BALANCE_TEXT];

  if (*amount_text == '\0') {
    g_autofree char *path = g_strconcat (prefix, "Amount", NULL);

    paystar_field_errors_add (errors, path, "%s", _ ("Enter an amount."));
    ok = FALSE;
  } else {
    g_autoptr (GError) local_error = NULL;

    if (!paystar_money_parse (amount_text, &cents, &local_error)) {
      g_autofree char *path = g_strconcat (prefix, "Amount", NULL);

      paystar_field_errors_add (errors, path, "%s", local_error->message);
      ok = FALSE;
    }
  }

  if (self->has_account && *balance_text != '\0') {
    g_autoptr (GError) local_error = NULL;

    if (!paystar_money_parse (balance_text, &cents, &local_error)) {
      g_autofree char *path = g_strconcat (prefix, "ClientAccount.Balance", NULL);

      paystar_field_errors_add (errors, path, "%s", local_error->message);
      ok = FALSE;
    }
  }

  return ok;
}
