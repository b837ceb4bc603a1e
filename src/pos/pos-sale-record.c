/* pos-sale-record.c: one submitted sale as the journal holds it (an immutable snapshot).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-sale-record-private.h"

#include "paystar.h"

G_DEFINE_FINAL_TYPE (PosSaleRecord, pos_sale_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CLIENT_REFERENCE,
  PROP_AGENT_EMAIL,
  PROP_CREATED,
  PROP_UPDATED,
  PROP_STATUS,
  PROP_SESSION_IDENTIFIER,
  PROP_SESSION_LINK,
  PROP_ERROR_TEXT,
  PROP_TOTAL,
  PROP_CARD_LAST4,
  PROP_ACCOUNTS,
  PROP_REQUEST_JSON,
  PROP_RESPONSE_JSON,
  PROP_DRAFT_JSON,
  PROP_EDITED,
  PROP_CLOSED_BY,
  PROP_CLOSED_REASON,
  PROP_STATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pos_sale_record_finalize (GObject *object)
{
  PosSaleRecord *self = POS_SALE_RECORD (object);

  g_free (self->client_reference);
  g_free (self->agent_email);
  g_free (self->session_identifier);
  g_free (self->session_link);
  g_free (self->error_text);
  g_free (self->card_last4);
  g_free (self->accounts);
  g_free (self->request_json);
  g_free (self->response_json);
  g_free (self->draft_json);
  g_free (self->closed_by);
  g_free (self->closed_reason);
  g_free (self->station);

  G_OBJECT_CLASS (pos_sale_record_parent_class)->finalize (object);
}

static void
pos_sale_record_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosSaleRecord *self = POS_SALE_RECORD (object);

  switch (prop_id) {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_CLIENT_REFERENCE:
      g_value_set_string (value, self->client_reference);
      break;
    case PROP_AGENT_EMAIL:
      g_value_set_string (value, self->agent_email);
      break;
    case PROP_CREATED:
      g_value_set_int64 (value, self->created);
      break;
    case PROP_UPDATED:
      g_value_set_int64 (value, self->updated);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_SESSION_IDENTIFIER:
      g_value_set_string (value, self->session_identifier);
      break;
    case PROP_SESSION_LINK:
      g_value_set_string (value, self->session_link);
      break;
    case PROP_ERROR_TEXT:
      g_value_set_string (value, self->error_text);
      break;
    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;
    case PROP_CARD_LAST4:
      g_value_set_string (value, self->card_last4);
      break;
    case PROP_ACCOUNTS:
      g_value_set_string (value, self->accounts);
      break;
    case PROP_REQUEST_JSON:
      g_value_set_string (value, self->request_json);
      break;
    case PROP_RESPONSE_JSON:
      g_value_set_string (value, self->response_json);
      break;
    case PROP_DRAFT_JSON:
      g_value_set_string (value, self->draft_json);
      break;
    case PROP_EDITED:
      g_value_set_int64 (value, self->edited);
      break;
    case PROP_CLOSED_BY:
      g_value_set_string (value, self->closed_by);
      break;
    case PROP_CLOSED_REASON:
      g_value_set_string (value, self->closed_reason);
      break;
    case PROP_STATION:
      g_value_set_string (value, self->station);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
}

static GParamSpec *
int64_property (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64, 0,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
}

static void
pos_sale_record_class_init (PosSaleRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pos_sale_record_finalize;
  object_class->get_property = pos_sale_record_get_property;

  properties[PROP_ID] = int64_property ("id");
  properties[PROP_CLIENT_REFERENCE] = string_property ("client-reference");
  properties[PROP_AGENT_EMAIL] = string_property ("agent-email");
  properties[PROP_CREATED] = int64_property ("created");
  properties[PROP_UPDATED] = int64_property ("updated");
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, POS_TYPE_SALE_STATUS, POS_SALE_STATUS_DRAFT,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SESSION_IDENTIFIER] = string_property ("session-identifier");
  properties[PROP_SESSION_LINK] = string_property ("session-link");
  properties[PROP_ERROR_TEXT] = string_property ("error-text");
  properties[PROP_TOTAL] = int64_property ("total");
  properties[PROP_CARD_LAST4] = string_property ("card-last4");
  properties[PROP_ACCOUNTS] = string_property ("accounts");
  properties[PROP_REQUEST_JSON] = string_property ("request-json");
  properties[PROP_RESPONSE_JSON] = string_property ("response-json");
  properties[PROP_DRAFT_JSON] = string_property ("draft-json");
  properties[PROP_EDITED] = int64_property ("edited");
  properties[PROP_CLOSED_BY] = string_property ("closed-by");
  properties[PROP_CLOSED_REASON] = string_property ("closed-reason");
  properties[PROP_STATION] = string_property ("station");
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pos_sale_record_init (PosSaleRecord *self)
{
}

PosSaleRecord *
pos_sale_record_new (void)
{
  return g_object_new (POS_TYPE_SALE_RECORD, NULL);
}

gint64
pos_sale_record_get_id (PosSaleRecord *self)
{
  g_return_val_if_fail (POS_IS_SALE_RECORD (self), 0);
  return self->id;
}

const char *
pos_sale_record_get_client_reference (PosSaleRecord *self)
{
  g_return_val_if_fail (POS_IS_SALE_RECORD (self), NULL);
  return self->client_reference;
}

const char *
pos_sale_record_get_agent_email (PosSaleRecord *self)
{
  g_return_val_if_fail (POS_IS_SALE_RECORD (self), NULL);
  return self->agent_email;
}

gint64
pos_sale_record_get_created (PosSaleRecord *self)
{
  g_return_val_if_fail (POS_IS_SALE_RECORD (self), 0);
  return self->created;
}

gint64
pos_sale_record_get_updated (PosSaleRecord *self)
{
  g_return_val_if_fail (POS_IS_SALE_RECORD (self), 0);
  return self->updated;
}

PosSaleStatus
pos_sale_record_get_status (PosSaleRecord *self)
{
  g_return_val_if_fail (POS_IS_SALE_RECORD (self), POS_SALE_STATUS_UNKNOWN);
  return self->status;
}

const char *
pos_sale_record_get_session_identifier (PosSaleRecord *self)
{
  g_return_val_if_fail (POS_IS_SALE_RECORD (self), NULL);
  return self->session_identifier;
}

const char *
pos_sale_record_get_session_link (PosSaleRecord *self)
{
  g_return_val_if_fail (POS_IS_SALE_RECORD (self), NULL);
  return self->session_link;
}

const char *
pos_sale_record_get_error_text (PosSaleRecord *self)
{
  g_return_val_if_fail (POS_IS_SALE_RECORD (self), NULL);
  return self->error_text;
}

gint64
pos_sale_record_get_total (PosSaleRecord *self)
{
  g_return_val_if_fail (POS_IS_SALE_RECORD (self), 0);
  return self->total;
}

const char *
pos_sale_record_get_card_last4 (PosSaleRecord *self)
{
  g_return_val_if_fail (POS_IS_SALE_RECORD (self), NULL);
  return self->card_last4;
}

char *
pos_sale_record_dup_masked_card (PosSaleRecord *self)
{
  g_autofree char *brand = NULL;

  g_return_val_if_fail (POS_IS_SALE_RECORD (self), NULL);

  if (self->card_last4 == NULL)
    return NULL;
  /* Paystar's Query API names the card's brand (paymentSource.accountType, e.g. "Visa"); its SDK
   * events do not, so a sale recorded from those alone shows the digits only. */
  brand = pos_sale_record_dup_payment_field (self, "accountType");
  if (brand != NULL)
    return g_strconcat (brand, " \u2022\u2022\u2022\u2022", self->card_last4, NULL);
  return g_strconcat ("\u2022\u2022\u2022\u2022", self->card_last4, NULL);
}

const char *
pos_sale_record_get_accounts (PosSaleRecord *self)
{
  g_return_val_if_fail (POS_IS_SALE_RECORD (self), NULL);
  return self->accounts;
}

const char *
pos_sale_record_get_request_json (PosSaleRecord *self)
{
  g_return_val_if_fail (POS_IS_SALE_RECORD (self), NULL);
  return self->request_json;
}

const char *
pos_sale_record_get_response_json (PosSaleRecord *self)
{
  g_return_val_if_fail (POS_IS_SALE_RECORD (self), NULL);
  return self->response_json;
}

const char *
pos_sale_record_get_draft_json (PosSaleRecord *self)
{
  g_return_val_if_fail (POS_IS_SALE_RECORD (self), NULL);
  return self->draft_json;
}

gint64
pos_sale_record_get_edited (PosSaleRecord *self)
{
  g_return_val_if_fail (POS_IS_SALE_RECORD (self), 0);
  return self->edited;
}

const char *
pos_sale_record_get_closed_by (PosSaleRecord *self)
{
  g_return_val_if_fail (POS_IS_SALE_RECORD (self), NULL);
  return self->closed_by;
}

const char *
pos_sale_record_get_closed_reason (PosSaleRecord *self)
{
  g_return_val_if_fail (POS_IS_SALE_RECORD (self), NULL);
  return self->closed_reason;
}

const char *
pos_sale_record_get_station (PosSaleRecord *self)
{
  g_return_val_if_fail (POS_IS_SALE_RECORD (self), NULL);

  return self->station;
}

char *
pos_sale_record_dup_payment_field (PosSaleRecord *self, const char *member)
{
  g_autoptr (JsonNode) root = NULL;
  JsonObject *object;
  const char *value = NULL;

  g_return_val_if_fail (POS_IS_SALE_RECORD (self), NULL);
  g_return_val_if_fail (member != NULL, NULL);

  if (self->response_json == NULL)
    return NULL;
  root = paystar_json_parse (self->response_json, -1, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  if (paystar_json_get_string (object, member, &value) && value != NULL && *value != '\0')
    return g_strdup (value);
  /* The Query API's answer (paystar_session_info_to_json()) keeps them in "payment" and
   * "paymentSource". */
  for (guint i = 0; i < 2; i++) {
    JsonNode *part = json_object_get_member (object, i == 0 ? "payment" : "paymentSource");

    if (part != NULL && JSON_NODE_HOLDS_OBJECT (part) &&
        paystar_json_get_string (json_node_get_object (part), member, &value) && value != NULL &&
        *value != '\0')
      return g_strdup (value);
  }
  return NULL;
}
