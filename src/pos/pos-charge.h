/* pos-charge.h: one line of a sale: amount as typed, description, charge type, optional account.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "paystar.h"
#include "pos-types.h"

G_BEGIN_DECLS

/* The text fields of a charge. Each is also a string property of the same name (the nick in
 * the comment), so the UI can bind an entry's "text" to it. Empty text counts as absent: it is
 * left out of the request. */
typedef enum {
  POS_CHARGE_FIELD_AMOUNT_TEXT,        /* "amount-text": the amount as typed, e.g. "$1,234.5" */
  POS_CHARGE_FIELD_DESCRIPTION,        /* "description" */
  POS_CHARGE_FIELD_CHARGE_TYPE,        /* "charge-type" */
  POS_CHARGE_FIELD_ACCOUNT_NUMBER,     /* "account-number" */
  POS_CHARGE_FIELD_SUB_ACCOUNT_NUMBER, /* "sub-account-number" */
  POS_CHARGE_FIELD_ACCOUNT_NAME,       /* "account-name" (ClientAccount.Name) */
  POS_CHARGE_FIELD_BALANCE_TEXT,       /* "balance-text": the balance as typed */
  POS_CHARGE_FIELD_PHONE_NUMBER,       /* "phone-number" */
  POS_CHARGE_FIELD_DUE_DATE,           /* "due-date", ISO 8601 */
  POS_CHARGE_FIELD_ISSUE_DATE,         /* "issue-date", ISO 8601 */
  POS_CHARGE_FIELD_NOTE,               /* "note" */
  POS_CHARGE_FIELD_STREET_ADDRESS,     /* "street-address" */
  POS_CHARGE_FIELD_STREET_ADDRESS2,    /* "street-address2" */
  POS_CHARGE_FIELD_CITY,               /* "city" */
  POS_CHARGE_FIELD_STATE,              /* "state" */
  POS_CHARGE_FIELD_ZIP_CODE,           /* "zip-code" */
} PosChargeField;

#define POS_CHARGE_N_FIELDS (POS_CHARGE_FIELD_ZIP_CODE + 1)

#define POS_TYPE_CHARGE (pos_charge_get_type ())
G_DECLARE_FINAL_TYPE (PosCharge, pos_charge, POS, CHARGE, GObject)

/* Properties besides the text fields above:
 *   "amount"        gint64, read-only: cents parsed from amount-text (0 while it does not parse)
 *   "amount-valid"  gboolean, read-only: amount-text parses (paystar_money_parse)
 *   "balance"       gint64, read-only: cents parsed from balance-text (0 while it does not parse)
 *   "has-balance"   gboolean, read-only: balance-text is non-empty and parses
 *   "has-account"   gboolean: the charge carries a ClientAccount (the account fields are kept,
 *                   but left out of the request, while this is FALSE)
 * Every change is notified (only on a real change); PosSale turns that into its "changed".
 * A text field's derived properties ("amount" and "amount-valid" for amount-text, "balance" and
 * "has-balance" for balance-text) are updated and notified before the text field itself. */

PosCharge *pos_charge_new (void);
/* A new charge with the same field values (for "duplicate"). */
PosCharge *pos_charge_copy (PosCharge *self);

const char *pos_charge_get_field (PosCharge *self, PosChargeField field);
/* @text NULL is the same as "". */
void pos_charge_set_field (PosCharge *self, PosChargeField field, const char *text);
/* TRUE when nothing was typed in any field (the charge type aside): removing it loses no work. */
gboolean pos_charge_is_blank (PosCharge *self);
/* The property name of @field ("amount-text", ...). */
const char *pos_charge_field_get_property_name (PosChargeField field);
/* The API path of @field inside a charge, as field errors name it: "Amount", "Description",
 * "ChargeType", "ClientAccount.AccountNumber", ..., "ClientAccount.Balance",
 * "ClientAccount.Address.ZipCode". Prefix with "Charges[i]." for the sale's errors. */
const char *pos_charge_field_get_api_path (PosChargeField field);
/* The reverse of pos_charge_field_get_api_path(), in any case ("clientAccount.name" too); FALSE
 * when @path names no field. */
gboolean pos_charge_field_from_api_path (const char *path, PosChargeField *out_field);

/* Convenience wrappers around the fields and properties. */
const char *pos_charge_get_amount_text (PosCharge *self);
void pos_charge_set_amount_text (PosCharge *self, const char *text);
/* Sets amount-text to the plain canonical form of @cents ("150.00"). */
void pos_charge_set_amount (PosCharge *self, gint64 cents);
gint64 pos_charge_get_amount (PosCharge *self);
gboolean pos_charge_get_amount_valid (PosCharge *self);
const char *pos_charge_get_description (PosCharge *self);
void pos_charge_set_description (PosCharge *self, const char *description);
const char *pos_charge_get_charge_type (PosCharge *self);
void pos_charge_set_charge_type (PosCharge *self, const char *charge_type);
gboolean pos_charge_get_has_account (PosCharge *self);
void pos_charge_set_has_account (PosCharge *self, gboolean has_account);
gint64 pos_charge_get_balance (PosCharge *self);
gboolean pos_charge_get_has_balance (PosCharge *self);

/* The charge as the API models it. An amount-text that does not parse gives has_amount FALSE;
 * a balance-text that does not parse gives has_balance FALSE. Use pos_charge_check_amounts() to
 * learn why. */
PaystarCharge *pos_charge_to_paystar (PosCharge *self);
/* Appends the parse errors of amount-text ("Amount") and balance-text ("ClientAccount.Balance",
 * only while has-account) to @errors, each path prefixed with @prefix (e.g. "Charges[2]."). An
 * empty amount-text is reported as required. Returns TRUE when there was none. */
gboolean pos_charge_check_amounts (PosCharge *self, const char *prefix, GPtrArray *errors);

G_END_DECLS
