/* pos-sale.h: the sale being keyed: a GListModel of PosCharge plus the request-level options.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "paystar.h"
#include "pos-charge.h"
#include "pos-types.h"

G_BEGIN_DECLS

#define POS_TYPE_SALE (pos_sale_get_type ())
G_DECLARE_FINAL_TYPE (PosSale, pos_sale, POS, SALE, GObject)

/* PosSale implements GListModel with item type POS_TYPE_CHARGE (items-changed as usual).
 *
 * Properties:
 *   "total"              gint64, read-only: sum of the charges' parsed amounts, in cents
 *   "n-charges"          guint, read-only
 *   "can-add"            gboolean, read-only: fewer than PAYSTAR_MAX_CHARGES charges
 *   "client-reference"   string, read-only: the sale's ClientReference
 *   "payment-descriptor" string: the request's PaymentDescriptor ("" = absent)
 *
 * Signals:
 *   "changed" (void): after any edit: a charge added, removed or duplicated, any charge field, the
 *   descriptor, a payment field or custom meta entry. The UI saves the draft on it.
 *
 * Order: "changed" comes last. For an edit of a charge's amount-text, the charge's "amount" and
 * "amount-valid" and then the sale's "total" are updated and notified first, so a "changed"
 * handler reads the new total (and a notify::total handler runs before it). When the edit is
 * made under g_object_freeze_notify() on the charge (g_object_set() does that), the charge's
 * notifications come in GLib's order, but "total" is still up to date when "changed" runs. */

/* A new empty sale (no charges) with a fresh ClientReference "POS-<STATION>-<32 hex digits>":
 * <STATION> is @station_name reduced to at most 12 upper-case letters and digits ("POS-<hex>"
 * when that leaves nothing), the hex 128 random bits. */
PosSale *pos_sale_new (const char *station_name);

/* Reads a draft written by pos_sale_to_json() through the strict JSON reader. Anything that is not
 * such a draft (bad JSON, wrong types, unknown members, more than PAYSTAR_MAX_CHARGES charges) is
 * POS_ERROR_INVALID_DRAFT. The restored sale keeps the draft's ClientReference. */
PosSale *pos_sale_new_from_json (const char *json, gssize length, GError **error);
/* The whole sale as a draft document, amount texts exactly as typed (our format, versioned:
 * {"version":1,"client_reference":...,"payment_descriptor":...,"payment_fields":[{"key","value"}],
 * "custom_meta":[...],"charges":[{"amount_text",...,"has_account",...}]}). */
char *pos_sale_to_json (PosSale *self);

const char *pos_sale_get_client_reference (PosSale *self);
/* Replaces the ClientReference with a fresh one. Only for a sale the API definitely did not
 * create a session for (it answered with field errors); never after a timeout. */
void pos_sale_renew_client_reference (PosSale *self, const char *station_name);

gint64 pos_sale_get_total (PosSale *self);
guint pos_sale_get_n_charges (PosSale *self);
gboolean pos_sale_get_can_add (PosSale *self);
/* Transfer none; NULL when @position is out of range. */
PosCharge *pos_sale_get_charge (PosSale *self, guint position);

/* Appends a new empty charge and returns it (transfer none), or NULL with
 * POS_ERROR_TOO_MANY_CHARGES when the sale already has PAYSTAR_MAX_CHARGES. */
PosCharge *pos_sale_add_charge (PosSale *self, GError **error);
/* Appends @charge (the sale takes a reference). Same limit. */
gboolean pos_sale_append_charge (PosSale *self, PosCharge *charge, GError **error);
/* Inserts @charge at @position (at the end when past it), as pos_sale_append_charge() does: a
 * removed charge put back where it was. */
gboolean pos_sale_insert_charge (PosSale *self, guint position, PosCharge *charge, GError **error);
/* Inserts a copy of the charge at @position right after it; returns the copy (transfer none). */
PosCharge *pos_sale_duplicate_charge (PosSale *self, guint position, GError **error);
void pos_sale_remove_charge (PosSale *self, guint position);
/* Removes every charge and option; keeps the ClientReference. */
void pos_sale_clear (PosSale *self);

const char *pos_sale_get_payment_descriptor (PosSale *self);
void pos_sale_set_payment_descriptor (PosSale *self, const char *descriptor);

/* PaymentFields and CustomMeta: ordered key/value lists. Setting an existing key replaces its
 * value in place; a NULL @value removes the key. The getters return PaystarPair* arrays
 * (transfer none, never NULL, possibly empty). */
void pos_sale_set_payment_field (PosSale *self, const char *key, const char *value);
const char *pos_sale_get_payment_field (PosSale *self, const char *key);
GPtrArray *pos_sale_get_payment_fields (PosSale *self);
void pos_sale_set_custom_meta (PosSale *self, const char *key, const char *value);
const char *pos_sale_get_custom_meta (PosSale *self, const char *key);
GPtrArray *pos_sale_get_custom_meta_pairs (PosSale *self);

/* The request for the signed-in agent: BusinessUnitSlug @business_unit_slug, Channel "POS",
 * PosUser @pos_user (the agent's email; never a ClientUser), ClientReference, PaymentDescriptor,
 * PaymentFields and CustomMeta when not empty, SuccessUrl/ReturnUrl when given (redirect mode;
 * pass NULL for both in SDK mode). Charges whose amount text does not parse have has_amount
 * FALSE. */
PaystarRequest *pos_sale_to_request (PosSale *self,
                                     const char *business_unit_slug,
                                     const char *pos_user,
                                     const char *success_url,
                                     const char *return_url);

/* Local validation before submitting: the amount-text parse errors of every charge (as
 * "Charges[i].Amount", "Charges[i].ClientAccount.Balance"), then paystar_request_validate() on
 * the converted request (which skips paths already reported). Returns a PaystarFieldError* array,
 * empty when the sale may be submitted. A sale without charges gets the validator's "Charges"
 * error. */
GPtrArray *pos_sale_validate (PosSale *self,
                              const char *business_unit_slug,
                              const char *pos_user,
                              const char *success_url,
                              const char *return_url);

/* The same checks on @request, which pos_sale_to_request() built from this sale: the submit path
 * builds the request once and checks that very request. */
GPtrArray *pos_sale_check_request (PosSale *self, const PaystarRequest *request);

G_END_DECLS
