/* pos-sale.c: the sale being keyed: a GListModel of PosCharge plus the request-level options.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sys/random.h>

#include "pos-journal.h"
#include "pos-sale.h"

#define DRAFT_VERSION 1
/* Station part of a ClientReference: enough to tell stations apart in Paystar's reports while
 * keeping references short. */
#define STATION_PREFIX_MAX 12

struct _PosSale {
  GObject parent_instance;

  GPtrArray *charges; /* PosCharge*, owned */
  char *client_reference;
  char *payment_descriptor;
  GPtrArray *payment_fields; /* PaystarPair* */
  GPtrArray *custom_meta;    /* PaystarPair* */
  gint64 total;
};

static void pos_sale_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PosSale,
                               pos_sale,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, pos_sale_list_model_init))

enum {
  PROP_0,
  PROP_TOTAL,
  PROP_N_CHARGES,
  PROP_CAN_ADD,
  PROP_CLIENT_REFERENCE,
  PROP_PAYMENT_DESCRIPTOR,
  N_PROPS
};

enum { SIGNAL_CHANGED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GType
pos_sale_get_item_type (GListModel *model)
{
  return POS_TYPE_CHARGE;
}

static guint
pos_sale_get_n_items (GListModel *model)
{
  return POS_SALE (model)->charges->len;
}

static gpointer
pos_sale_get_item (GListModel *model, guint position)
{
  PosSale *self = POS_SALE (model);

  if (position >= self->charges->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->charges, position));
}

static void
pos_sale_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pos_sale_get_item_type;
  iface->get_n_items = pos_sale_get_n_items;
  iface->get_item = pos_sale_get_item;
}

static void
emit_changed (PosSale *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
update_total (PosSale *self)
{
  gint64 total = 0;

  for (guint i = 0; i < self->charges->len; i++) {
    PosCharge *charge = g_ptr_array_index (self->charges, i);

    total += pos_charge_get_amount (charge);
  }
  if (total == self->total)
    return;
  self->total = total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
}

static void
on_charge_notify (PosCharge *charge, GParamSpec *pspec, PosSale *self)
{
  g_assert (POS_IS_SALE (self));

  if (g_str_equal (pspec->name, "amount"))
    update_total (self);
  /* The read-only properties (amount, amount-valid, balance, has-balance) follow a text field
   * that is notified too: one "changed" per edit is enough for the draft. The charge notifies
   * them before the text field, but under a freeze of its notifications (g_object_set() makes
   * one) the text field comes first: the total is brought up to date here all the same, so a
   * "changed" handler always reads the new total. */
  if (pspec->flags & G_PARAM_WRITABLE) {
    update_total (self);
    emit_changed (self);
  }
}

static void
disconnect_charge (gpointer data, gpointer user_data)
{
  g_signal_handlers_disconnect_by_func (data, on_charge_notify, user_data);
}

static void
pos_sale_dispose (GObject *object)
{
  PosSale *self = POS_SALE (object);

  if (self->charges != NULL) {
    g_ptr_array_foreach (self->charges, disconnect_charge, self);
    g_clear_pointer (&self->charges, g_ptr_array_unref);
  }

  G_OBJECT_CLASS (pos_sale_parent_class)->dispose (object);
}

static void
pos_sale_finalize (GObject *object)
{
  PosSale *self = POS_SALE (object);

  g_free (self->client_reference);
  g_free (self->payment_descriptor);
  g_clear_pointer (&self->payment_fields, g_ptr_array_unref);
  g_clear_pointer (&self->custom_meta, g_ptr_array_unref);

  G_OBJECT_CLASS (pos_sale_parent_class)->finalize (object);
}

static void
pos_sale_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosSale *self = POS_SALE (object);

  switch (prop_id) {
    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;
    case PROP_N_CHARGES:
      g_value_set_uint (value, self->charges->len);
      break;
    case PROP_CAN_ADD:
      g_value_set_boolean (value, pos_sale_get_can_add (self));
      break;
    case PROP_CLIENT_REFERENCE:
      g_value_set_string (value, self->client_reference);
      break;
    case PROP_PAYMENT_DESCRIPTOR:
      g_value_set_string (value, self->payment_descriptor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_sale_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  PosSale *self = POS_SALE (object);

  switch (prop_id) {
    case PROP_PAYMENT_DESCRIPTOR:
      pos_sale_set_payment_descriptor (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_sale_class_init (PosSaleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pos_sale_dispose;
  object_class->finalize = pos_sale_finalize;
  object_class->get_property = pos_sale_get_property;
  object_class->set_property = pos_sale_set_property;

  properties[PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_CHARGES] =
    g_param_spec_uint ("n-charges", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_ADD] =
    g_param_spec_boolean ("can-add", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CLIENT_REFERENCE] =
    g_param_spec_string ("client-reference", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PAYMENT_DESCRIPTOR] =
    g_param_spec_string ("payment-descriptor", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PosSale::changed:
   *
   * Emitted after any edit of the sale or of one of its charges, once the sale's "total" (and
   * the edited charge's "amount") hold the new values and have been notified.
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pos_sale_init (PosSale *self)
{
  self->charges = g_ptr_array_new_with_free_func (g_object_unref);
  self->payment_descriptor = g_strdup ("");
  self->payment_fields = paystar_pairs_new ();
  self->custom_meta = paystar_pairs_new ();
}

static char *
station_prefix (const char *station_name)
{
  GString *prefix = g_string_new (NULL);

  for (const char *p = station_name; p != NULL && *p != '\0'; p++) {
    if (prefix->len >= STATION_PREFIX_MAX)
      break;
    if (g_ascii_isalnum (*p))
      g_string_append_c (prefix, g_ascii_toupper (*p));
  }
  return g_string_free (prefix, FALSE);
}

static void
random_bytes (guint8 *buffer, gsize length)
{
  gsize done = 0;

  while (done < length) {
    ssize_t n = getrandom (buffer + done, length - done, 0);

    if (n <= 0) {
      /* getrandom() does not fail on Linux >= 3.17 once the pool is ready; should it anyway,
       * GLib's generator still gives references that are unique in practice. */
      for (; done < length; done++)
        buffer[done] = (guint8) g_random_int_range (0, 256);
      return;
    }
    done += (gsize) n;
  }
}

static char *
generate_client_reference (const char *station_name)
{
  g_autofree char *prefix = station_prefix (station_name);

  for (;;) {
    guint8 bytes[16];
    GString *reference = g_string_new ("POS-");

    random_bytes (bytes, sizeof bytes);
    if (*prefix != '\0')
      g_string_append_printf (reference, "%s-", prefix);
    for (guint i = 0; i < sizeof bytes; i++)
      g_string_append_printf (reference, "%02x", bytes[i]);

    /* The journal refuses to store anything that looks like a card number. Hex digits contain
     * long runs of decimal digits now and then; such a reference would make the sale impossible
     * to journal, so draw again. */
    if (!paystar_text_contains_card_number (reference->str))
      return g_string_free (reference, FALSE);
    g_string_free (reference, TRUE);
  }
}

PosSale *
pos_sale_new (const char *station_name)
{
  PosSale *self = g_object_new (POS_TYPE_SALE, NULL);

  self->client_reference = generate_client_reference (station_name);
  return self;
}

const char *
pos_sale_get_client_reference (PosSale *self)
{
  g_return_val_if_fail (POS_IS_SALE (self), NULL);

  return self->client_reference;
}

void
pos_sale_renew_client_reference (PosSale *self, const char *station_name)
{
  g_return_if_fail (POS_IS_SALE (self));

  g_free (self->client_reference);
  self->client_reference = generate_client_reference (station_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT_REFERENCE]);
  emit_changed (self);
}

gint64
pos_sale_get_total (PosSale *self)
{
  g_return_val_if_fail (POS_IS_SALE (self), 0);

  return self->total;
}

guint
pos_sale_get_n_charges (PosSale *self)
{
  g_return_val_if_fail (POS_IS_SALE (self), 0);

  return self->charges->len;
}

gboolean
pos_sale_get_can_add (PosSale *self)
{
  g_return_val_if_fail (POS_IS_SALE (self), FALSE);

  return self->charges->len < PAYSTAR_MAX_CHARGES;
}

PosCharge *
pos_sale_get_charge (PosSale *self, guint position)
{
  g_return_val_if_fail (POS_IS_SALE (self), NULL);

  if (position >= self->charges->len)
    return NULL;
  return g_ptr_array_index (self->charges, position);
}

static gboolean
check_room (PosSale *self, GError **error)
{
  if (self->charges->len < PAYSTAR_MAX_CHARGES)
    return TRUE;
  g_set_error (error, POS_ERROR, POS_ERROR_TOO_MANY_CHARGES,
               /* Translators: %d is the largest number of charges (25). */
               _ ("A sale can have at most %d charges. Submit this sale and start another one for "
                  "the rest."),
               PAYSTAR_MAX_CHARGES);
  return FALSE;
}

/* Inserts without any check or signal but items-changed. */
static void
insert_charge (PosSale *self, guint position, PosCharge *charge)
{
  g_ptr_array_insert (self->charges, (int) position, g_object_ref (charge));
  g_signal_connect_object (charge, "notify", G_CALLBACK (on_charge_notify), self, 0);
}

static void
after_count_change (PosSale *self, guint position, guint removed, guint added)
{
  gboolean could_add = (self->charges->len - added + removed) < PAYSTAR_MAX_CHARGES;

  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CHARGES]);
  if (could_add != pos_sale_get_can_add (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_ADD]);
  update_total (self);
  emit_changed (self);
}

gboolean
pos_sale_append_charge (PosSale *self, PosCharge *charge, GError **error)
{
  g_return_val_if_fail (POS_IS_SALE (self), FALSE);

  return pos_sale_insert_charge (self, self->charges->len, charge, error);
}

gboolean
pos_sale_insert_charge (PosSale *self, guint position, PosCharge *charge, GError **error)
{
  g_return_val_if_fail (POS_IS_SALE (self), FALSE);
  g_return_val_if_fail (POS_IS_CHARGE (charge), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_room (self, error))
    return FALSE;
  position = MIN (position, self->charges->len);
  insert_charge (self, position, charge);
  after_count_change (self, position, 0, 1);
  return TRUE;
}

PosCharge *
pos_sale_add_charge (PosSale *self, GError **error)
{
  g_autoptr (PosCharge) charge = NULL;

  g_return_val_if_fail (POS_IS_SALE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  charge = pos_charge_new ();
  if (!pos_sale_append_charge (self, charge, error))
    return NULL;
  return charge; /* the sale holds a reference */
}

PosCharge *
pos_sale_duplicate_charge (PosSale *self, guint position, GError **error)
{
  g_autoptr (PosCharge) copy = NULL;

  g_return_val_if_fail (POS_IS_SALE (self), NULL);
  g_return_val_if_fail (position < self->charges->len, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_room (self, error))
    return NULL;
  copy = pos_charge_copy (g_ptr_array_index (self->charges, position));
  insert_charge (self, position + 1, copy);
  after_count_change (self, position + 1, 0, 1);
  return copy; /* the sale holds a reference */
}

void
pos_sale_remove_charge (PosSale *self, guint position)
{
  PosCharge *charge;

  g_return_if_fail (POS_IS_SALE (self));
  g_return_if_fail (position < self->charges->len);

  charge = g_ptr_array_index (self->charges, position);
  g_signal_handlers_disconnect_by_func (charge, on_charge_notify, self);
  g_ptr_array_remove_index (self->charges, position);
  after_count_change (self, position, 1, 0);
}

void
pos_sale_clear (PosSale *self)
{
  guint removed;
  gboolean changed = FALSE;

  g_return_if_fail (POS_IS_SALE (self));

  g_object_freeze_notify (G_OBJECT (self));
  removed = self->charges->len;
  if (removed > 0) {
    g_ptr_array_foreach (self->charges, disconnect_charge, self);
    g_ptr_array_set_size (self->charges, 0);
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CHARGES]);
    if (removed >= PAYSTAR_MAX_CHARGES)
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_ADD]);
    update_total (self);
    changed = TRUE;
  }
  if (*self->payment_descriptor != '\0') {
    g_free (self->payment_descriptor);
    self->payment_descriptor = g_strdup ("");
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAYMENT_DESCRIPTOR]);
    changed = TRUE;
  }
  if (self->payment_fields->len > 0 || self->custom_meta->len > 0) {
    g_ptr_array_set_size (self->payment_fields, 0);
    g_ptr_array_set_size (self->custom_meta, 0);
    changed = TRUE;
  }
  g_object_thaw_notify (G_OBJECT (self));

  if (changed)
    emit_changed (self);
}

const char *
pos_sale_get_payment_descriptor (PosSale *self)
{
  g_return_val_if_fail (POS_IS_SALE (self), NULL);

  return self->payment_descriptor;
}

void
pos_sale_set_payment_descriptor (PosSale *self, const char *descriptor)
{
  g_return_if_fail (POS_IS_SALE (self));

  if (descriptor == NULL)
    descriptor = "";
  if (g_str_equal (descriptor, self->payment_descriptor))
    return;
  g_free (self->payment_descriptor);
  self->payment_descriptor = g_strdup (descriptor);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAYMENT_DESCRIPTOR]);
  emit_changed (self);
}

/* Sets, replaces or (with a NULL @value) removes @key in @pairs; TRUE when something changed. */
static gboolean
pairs_update (GPtrArray *pairs, const char *key, const char *value)
{
  for (guint i = 0; i < pairs->len; i++) {
    PaystarPair *pair = g_ptr_array_index (pairs, i);

    if (!g_str_equal (pair->key, key))
      continue;
    if (value == NULL) {
      g_ptr_array_remove_index (pairs, i);
      return TRUE;
    }
    if (g_str_equal (pair->value, value))
      return FALSE;
    g_free (pair->value);
    pair->value = g_strdup (value);
    return TRUE;
  }
  if (value == NULL)
    return FALSE;
  g_ptr_array_add (pairs, paystar_pair_new (key, value));
  return TRUE;
}

void
pos_sale_set_payment_field (PosSale *self, const char *key, const char *value)
{
  g_return_if_fail (POS_IS_SALE (self));
  g_return_if_fail (key != NULL);

  if (pairs_update (self->payment_fields, key, value))
    emit_changed (self);
}

const char *
pos_sale_get_payment_field (PosSale *self, const char *key)
{
  g_return_val_if_fail (POS_IS_SALE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return paystar_pairs_get (self->payment_fields, key);
}

GPtrArray *
pos_sale_get_payment_fields (PosSale *self)
{
  g_return_val_if_fail (POS_IS_SALE (self), NULL);

  return self->payment_fields;
}

void
pos_sale_set_custom_meta (PosSale *self, const char *key, const char *value)
{
  g_return_if_fail (POS_IS_SALE (self));
  g_return_if_fail (key != NULL);

  if (pairs_update (self->custom_meta, key, value))
    emit_changed (self);
}

const char *
pos_sale_get_custom_meta (PosSale *self, const char *key)
{
  g_return_val_if_fail (POS_IS_SALE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return paystar_pairs_get (self->custom_meta, key);
}

GPtrArray *
pos_sale_get_custom_meta_pairs (PosSale *self)
{
  g_return_val_if_fail (POS_IS_SALE (self), NULL);

  return self->custom_meta;
}

static GPtrArray *
copy_pairs (GPtrArray *pairs)
{
  GPtrArray *copy;

  if (pairs->len == 0)
    return NULL;
  copy = paystar_pairs_new ();
  for (guint i = 0; i < pairs->len; i++) {
    PaystarPair *pair = g_ptr_array_index (pairs, i);

    g_ptr_array_add (copy, paystar_pair_new (pair->key, pair->value));
  }
  return copy;
}

static char *
dup_non_empty (const char *text)
{
  g_autofree char *copy = NULL;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    return NULL;
  return g_steal_pointer (&copy);
}

PaystarRequest *
pos_sale_to_request (PosSale *self,
                     const char *business_unit_slug,
                     const char *pos_user,
                     const char *success_url,
                     const char *return_url)
{
  PaystarRequest *request;

  g_return_val_if_fail (POS_IS_SALE (self), NULL);

  request = paystar_request_new ();
  request->business_unit_slug = dup_non_empty (business_unit_slug);
  request->channel = g_strdup ("POS");
  request->pos_user = dup_non_empty (pos_user);
  request->has_charges = TRUE;
  for (guint i = 0; i < self->charges->len; i++)
    paystar_request_add_charge (request,
                                pos_charge_to_paystar (g_ptr_array_index (self->charges, i)));
  request->payment_descriptor = dup_non_empty (self->payment_descriptor);
  request->client_reference = g_strdup (self->client_reference);
  request->success_url = dup_non_empty (success_url);
  request->return_url = dup_non_empty (return_url);
  request->payment_fields = copy_pairs (self->payment_fields);
  request->custom_meta = copy_pairs (self->custom_meta);

  return request;
}

GPtrArray *
pos_sale_validate (PosSale *self,
                   const char *business_unit_slug,
                   const char *pos_user,
                   const char *success_url,
                   const char *return_url)
{
  g_autoptr (PaystarRequest) request = NULL;

  g_return_val_if_fail (POS_IS_SALE (self), NULL);

  request = pos_sale_to_request (self, business_unit_slug, pos_user, success_url, return_url);
  return pos_sale_check_request (self, request);
}

GPtrArray *
pos_sale_check_request (PosSale *self, const PaystarRequest *request)
{
  g_autoptr (GPtrArray) errors = NULL;

  g_return_val_if_fail (POS_IS_SALE (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  errors = paystar_field_errors_new ();
  for (guint i = 0; i < self->charges->len; i++) {
    g_autofree char *prefix = g_strdup_printf ("Charges[%u].", i);

    pos_charge_check_amounts (g_ptr_array_index (self->charges, i), prefix, errors);
  }
  paystar_request_validate (request, errors);

  return g_steal_pointer (&errors);
}

/* Drafts. */

static const char *
draft_key (PosChargeField field)
{
  /* The draft's member names: the property names with '_' for '-'. */
  static const char *const keys[POS_CHARGE_N_FIELDS] = {
    [POS_CHARGE_FIELD_AMOUNT_TEXT] = "amount_text",
    [POS_CHARGE_FIELD_DESCRIPTION] = "description",
    [POS_CHARGE_FIELD_CHARGE_TYPE] = "charge_type",
    [POS_CHARGE_FIELD_ACCOUNT_NUMBER] = "account_number",
    [POS_CHARGE_FIELD_SUB_ACCOUNT_NUMBER] = "sub_account_number",
    [POS_CHARGE_FIELD_ACCOUNT_NAME] = "account_name",
    [POS_CHARGE_FIELD_BALANCE_TEXT] = "balance_text",
    [POS_CHARGE_FIELD_PHONE_NUMBER] = "phone_number",
    [POS_CHARGE_FIELD_DUE_DATE] = "due_date",
    [POS_CHARGE_FIELD_ISSUE_DATE] = "issue_date",
    [POS_CHARGE_FIELD_NOTE] = "note",
    [POS_CHARGE_FIELD_STREET_ADDRESS] = "street_address",
    [POS_CHARGE_FIELD_STREET_ADDRESS2] = "street_address2",
    [POS_CHARGE_FIELD_CITY] = "city",
    [POS_CHARGE_FIELD_STATE] = "state",
    [POS_CHARGE_FIELD_ZIP_CODE] = "zip_code",
  };

  return keys[field];
}

static void
build_pairs (JsonBuilder *builder, const char *member, GPtrArray *pairs)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < pairs->len; i++) {
    PaystarPair *pair = g_ptr_array_index (pairs, i);

    json_builder_begin_object (builder);
    paystar_json_builder_add_string (builder, "key", pair->key);
    paystar_json_builder_add_string (builder, "value", pair->value);
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);
}

char *
pos_sale_to_json (PosSale *self)
{
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (JsonNode) root = NULL;

  g_return_val_if_fail (POS_IS_SALE (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  paystar_json_builder_add_int (builder, "version", TRUE, DRAFT_VERSION);
  paystar_json_builder_add_string (builder, "client_reference", self->client_reference);
  paystar_json_builder_add_string (builder, "payment_descriptor", self->payment_descriptor);
  build_pairs (builder, "payment_fields", self->payment_fields);
  build_pairs (builder, "custom_meta", self->custom_meta);
  json_builder_set_member_name (builder, "charges");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->charges->len; i++) {
    PosCharge *charge = g_ptr_array_index (self->charges, i);

    json_builder_begin_object (builder);
    for (guint f = 0; f < POS_CHARGE_N_FIELDS; f++) {
      paystar_json_builder_add_string (builder, draft_key (f), pos_charge_get_field (charge, f));
    }
    paystar_json_builder_add_bool (builder, "has_account", TRUE,
                                   pos_charge_get_has_account (charge));
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return paystar_json_to_string (root, NULL);
}

static gboolean
draft_error (GError **error, const char *what)
{
  /* @what names the part of the draft that is wrong; it never contains the draft's text. */
  g_set_error (error, POS_ERROR, POS_ERROR_INVALID_DRAFT,
               _ ("The saved sale cannot be restored (%s). Start the sale again."), what);
  return FALSE;
}

static gboolean
read_pairs (JsonObject *root, const char *member, GPtrArray *pairs, GError **error)
{
  JsonNode *node = json_object_get_member (root, member);
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return draft_error (error, member);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++) {
    JsonNode *element = json_array_get_element (array, i);
    JsonObject *object;
    const char *key = NULL;
    const char *value = NULL;

    if (!JSON_NODE_HOLDS_OBJECT (element))
      return draft_error (error, member);
    object = json_node_get_object (element);
    if (json_object_get_size (object) != 2 || !paystar_json_get_string (object, "key", &key) ||
        !paystar_json_get_string (object, "value", &value) ||
        paystar_pairs_get (pairs, key) != NULL)
      return draft_error (error, member);
    g_ptr_array_add (pairs, paystar_pair_new (key, value));
  }
  return TRUE;
}

static PosCharge *
read_charge (JsonNode *node, GError **error)
{
  g_autoptr (PosCharge) charge = pos_charge_new ();
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node)) {
    draft_error (error, "charges");
    return NULL;
  }

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &member, &value)) {
    gboolean known = FALSE;

    if (g_str_equal (member, "has_account")) {
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_BOOLEAN) {
        draft_error (error, member);
        return NULL;
      }
      pos_charge_set_has_account (charge, json_node_get_boolean (value));
      continue;
    }
    for (guint f = 0; f < POS_CHARGE_N_FIELDS; f++) {
      if (!g_str_equal (member, draft_key (f)))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING) {
        draft_error (error, member);
        return NULL;
      }
      pos_charge_set_field (charge, f, json_node_get_string (value));
      known = TRUE;
      break;
    }
    if (!known) {
      draft_error (error, "charges");
      return NULL;
    }
  }
  return g_steal_pointer (&charge);
}

PosSale *
pos_sale_new_from_json (const char *json, gssize length, GError **error)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (PosSale) self = NULL;
  g_autoptr (GError) local_error = NULL;
  static const char *const known_members[] = {
    "version", "client_reference", "payment_descriptor", "payment_fields", "custom_meta", "charges",
    NULL,
  };
  JsonObject *object;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  JsonNode *charges;
  gint64 version = 0;
  const char *reference = NULL;
  const char *descriptor = "";

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = paystar_json_parse (json, length, &local_error);
  if (root == NULL) {
    draft_error (error, _ ("not valid JSON"));
    return NULL;
  }
  if (!JSON_NODE_HOLDS_OBJECT (root)) {
    draft_error (error, _ ("not an object"));
    return NULL;
  }
  object = json_node_get_object (root);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &value)) {
    if (!g_strv_contains (known_members, member)) {
      draft_error (error, _ ("unknown member"));
      return NULL;
    }
  }
  if (!paystar_json_get_int (object, "version", &version) || version != DRAFT_VERSION) {
    draft_error (error, _ ("unsupported version"));
    return NULL;
  }
  if (!paystar_json_get_string (object, "client_reference", &reference) || *reference == '\0' ||
      paystar_text_contains_card_number (reference)) {
    draft_error (error, "client_reference");
    return NULL;
  }
  if (json_object_has_member (object, "payment_descriptor") &&
      !paystar_json_get_string (object, "payment_descriptor", &descriptor)) {
    draft_error (error, "payment_descriptor");
    return NULL;
  }

  self = g_object_new (POS_TYPE_SALE, NULL);
  self->client_reference = g_strdup (reference);
  g_free (self->payment_descriptor);
  self->payment_descriptor = g_strdup (descriptor);
  if (!read_pairs (object, "payment_fields", self->payment_fields, error) ||
      !read_pairs (object, "custom_meta", self->custom_meta, error))
    return NULL;

  charges = json_object_get_member (object, "charges");
  if (charges != NULL) {
    JsonArray *array;

    if (!JSON_NODE_HOLDS_ARRAY (charges)) {
      draft_error (error, "charges");
      return NULL;
    }
    array = json_node_get_array (charges);
    if (json_array_get_length (array) > PAYSTAR_MAX_CHARGES) {
      draft_error (error, _ ("too many charges"));
      return NULL;
    }
    for (guint i = 0; i < json_array_get_length (array); i++) {
      g_autoptr (PosCharge) charge = read_charge (json_array_get_element (array, i), error);

      if (charge == NULL)
        return NULL;
      insert_charge (self, self->charges->len, charge);
    }
    update_total (self);
  }

  return g_steal_pointer (&self);
}
