/* pos-checkout.c: one sale's lifecycle, from the first keystroke to its final outcome.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why it is built this way (issue 8):
 * - The sale has one journal row from its first save to its outcome, and every change of state
 *   is one transaction on that row (pos_journal_submit_sale(), pos_journal_change_sale()): a
 *   crash at any instant leaves either an editable draft or a sent sale, never both.
 * - The request is built once from the sale, checked, journaled as the exact bytes the client
 *   sends, and kept for a retry, which sends the very same request (same ClientReference).
 * - What a failure means comes from paystar_error_get_delivery(): "not sent" goes back to editing
 *   with the same reference; "unknown" waits for a lookup, a retry or an administrator.
 * - The SDK's session object decides a session's status; closing the form without an event is
 *   "unconfirmed", never "dismissed".
 */
#include "config.h"

#include "pos-checkout.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pos-journal-private.h"

struct _PosCheckout {
  GObject parent_instance;

  PosJournal *journal;
  char *agent_email;
  char *station_name;
  gint64 id;
  PosSaleStatus state;
  PosSale *sale;
  char *session_identifier;
  char *session_link;
  char *message;
  char *card_last4;
  GPtrArray *field_errors;
  /* What was sent, for a retry (the same request, the same ClientReference). */
  PaystarRequest *request;
  gint64 edited;

  guint draft_source;
  guint draft_delay;
  guint busy : 1;
  guint restored : 1;
  guint dirty : 1;
  guint ended : 1; /* discarded: nothing more to do */
};

G_DEFINE_FINAL_TYPE (PosCheckout, pos_checkout, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_JOURNAL,
  PROP_AGENT_EMAIL,
  PROP_ID,
  PROP_STATE,
  PROP_SALE,
  PROP_CLIENT_REFERENCE,
  PROP_SESSION_IDENTIFIER,
  PROP_SESSION_LINK,
  PROP_MESSAGE,
  PROP_BUSY,
  PROP_EDITABLE,
  PROP_RESTORED,
  PROP_EDITED,
  PROP_CARD_LAST4,
  N_PROPS
};

enum { SIGNAL_STEP, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The journal ids whose request is in flight in this process: a "submitting" row that is not
 * here was left by an earlier run. The checkouts live on the main thread. */
static GHashTable *in_flight;

#define MASK(status)  POS_SALE_STATUS_MASK (POS_SALE_STATUS_##status)
#define EDITABLE_MASK (MASK (DRAFT) | MASK (NOT_SENT))
#define FORM_MASK     (MASK (CREATED) | MASK (FAILED) | MASK (DISMISSED) | MASK (UNCONFIRMED))
#define CLOSABLE_MASK                                                                          \
  (MASK (SUBMITTING) | MASK (CREATED) | MASK (UNCONFIRMED) | MASK (UNKNOWN) | MASK (PENDING) | \
   MASK (FAILED) | MASK (DISMISSED))
#define UNFINISHED_MASK \
  (MASK (SUBMITTING) | MASK (CREATED) | MASK (UNCONFIRMED) | MASK (UNKNOWN) | MASK (PENDING))
#define OVER_MASK \
  (MASK (SUCCEEDED) | MASK (FAILED) | MASK (DISMISSED) | MASK (CLOSED) | MASK (ERROR))

static void on_sale_changed (PosCheckout *self);

/* Small helpers */

static void
notify (PosCheckout *self, guint prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_message (PosCheckout *self, const char *message)
{
  if (paystar_set_str (&self->message, message))
    notify (self, PROP_MESSAGE);
}

static gboolean
is_editable (PosCheckout *self)
{
  return !self->busy && !self->ended &&
         (self->state == POS_SALE_STATUS_DRAFT || self->state == POS_SALE_STATUS_NOT_SENT);
}

static void
set_busy (PosCheckout *self, gboolean busy)
{
  gboolean was_editable = is_editable (self);

  if (self->busy == !!busy)
    return;
  self->busy = !!busy;
  notify (self, PROP_BUSY);
  if (was_editable != is_editable (self))
    notify (self, PROP_EDITABLE);
}

static void
set_state (PosCheckout *self, PosSaleStatus state)
{
  gboolean was_editable = is_editable (self);

  if (self->state == state)
    return;
  self->state = state;
  notify (self, PROP_STATE);
  if (was_editable != is_editable (self))
    notify (self, PROP_EDITABLE);
}

static void
set_str (PosCheckout *self, char **field, const char *value, guint prop)
{
  if (value != NULL && paystar_set_str (field, value))
    notify (self, prop);
}

static void
set_field_errors (PosCheckout *self, GPtrArray *errors)
{
  g_clear_pointer (&self->field_errors, g_ptr_array_unref);
  self->field_errors = errors != NULL ? g_ptr_array_ref (errors) : paystar_field_errors_new ();
}

static void
step (PosCheckout *self, const char *name)
{
  g_signal_emit (self, signals[SIGNAL_STEP], 0, name);
}

static void
on_commit_hook (gpointer user_data)
{
  step (POS_CHECKOUT (user_data), "commit");
}

static gboolean
state_error (GError **error)
{
  g_set_error_literal (error, POS_ERROR, POS_ERROR_INVALID_STATE,
                       _ ("This cannot be done with the sale as it stands now."));
  return FALSE;
}

/* A task of one of the asynchronous methods below; when the sale's state does not @allow it,
 * the task has already finished with POS_ERROR_INVALID_STATE and NULL is returned. */
static GTask *
start_task (PosCheckout *self,
            gboolean allow,
            gpointer source_tag,
            GCancellable *cancellable,
            GAsyncReadyCallback callback,
            gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, source_tag);
  if (allow)
    return task;
  state_error (&error);
  g_task_return_error (task, error);
  g_object_unref (task);
  return NULL;
}

static gboolean
finish_task (PosCheckout *self, GAsyncResult *result, gpointer source_tag, GError **error)
{
  g_return_val_if_fail (POS_IS_CHECKOUT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* One transition of the journal row; the in-memory state follows only a committed change, so
 * the screen never shows what the journal does not hold. */
static gboolean
change (PosCheckout *self, const PosJournalChange *journal_change, GError **error)
{
  gboolean ok;

  g_assert (self->id != 0);

  pos_journal_set_commit_hook (self->journal, on_commit_hook, self);
  ok = pos_journal_change_sale (self->journal, self->id, journal_change, error);
  pos_journal_set_commit_hook (self->journal, NULL, NULL);
  if (!ok)
    return FALSE;
  step (self, "committed");
  if (journal_change->session_identifier != NULL)
    set_str (self, &self->session_identifier, journal_change->session_identifier,
             PROP_SESSION_IDENTIFIER);
  if (journal_change->session_link != NULL)
    set_str (self, &self->session_link, journal_change->session_link, PROP_SESSION_LINK);
  set_state (self, journal_change->status);
  return TRUE;
}

/* A change that must not be lost but cannot be undone either (Paystar already acted): when the
 * journal refuses it, the agent is told, and the state still follows what Paystar said. */
static void
change_or_warn (PosCheckout *self, const PosJournalChange *journal_change)
{
  g_autoptr (GError) error = NULL;

  if (change (self, journal_change, &error))
    return;
  g_warning ("Checkout: could not journal sale %" G_GINT64_FORMAT " as %s: %s", self->id,
             pos_sale_status_to_string (journal_change->status), error->message);
  if (journal_change->session_identifier != NULL)
    set_str (self, &self->session_identifier, journal_change->session_identifier,
             PROP_SESSION_IDENTIFIER);
  if (journal_change->session_link != NULL)
    set_str (self, &self->session_link, journal_change->session_link, PROP_SESSION_LINK);
  set_state (self, journal_change->status);
  set_message (self, _ ("The journal could not record the latest step of this sale. Tell an "
                        "administrator; History may show an older state."));
}

/* Drafts */

static gboolean
save_draft (PosCheckout *self, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *json = NULL;
  gint64 id;

  g_clear_handle_id (&self->draft_source, g_source_remove);
  if (!self->dirty || self->ended)
    return TRUE;
  if (!is_editable (self)) {
    /* Sent: the row holds what was sent; an edit of the on-screen copy changes nothing. */
    self->dirty = FALSE;
    return TRUE;
  }

  json = pos_sale_to_json (self->sale);
  id = pos_journal_save_sale_draft (self->journal, self->id, self->agent_email,
                                    pos_sale_get_client_reference (self->sale), json,
                                    pos_sale_get_total (self->sale), &local_error);
  if (id == 0) {
    if (g_error_matches (local_error, POS_ERROR, POS_ERROR_SENSITIVE_DATA))
      set_message (self, _ ("A field looks like a card number, so the sale cannot be saved. "
                            "Card numbers are typed only on Paystar’s payment form: remove it "
                            "from the sale."));
    else
      set_message (self, local_error->message);
    g_propagate_error (error, g_steal_pointer (&local_error));
    return FALSE;
  }

  self->dirty = FALSE;
  self->edited = pos_journal_now (self->journal);
  notify (self, PROP_EDITED);
  if (self->id != id) {
    self->id = id;
    notify (self, PROP_ID);
  }
  return TRUE;
}

static gboolean
on_draft_timeout (gpointer user_data)
{
  PosCheckout *self = user_data;
  g_autoptr (GError) error = NULL;

  self->draft_source = 0;
  if (!save_draft (self, &error))
    g_message ("Checkout: the draft was not saved: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
on_sale_changed (PosCheckout *self)
{
  g_assert (POS_IS_CHECKOUT (self));

  if (!is_editable (self))
    return;
  self->dirty = TRUE;
  /* A throttle, not a debounce: steady typing is saved every draft_delay ms too. */
  if (self->draft_source == 0)
    self->draft_source = g_timeout_add (self->draft_delay, on_draft_timeout, self);
}

static void
take_sale (PosCheckout *self, PosSale *sale)
{
  if (self->sale != NULL)
    g_signal_handlers_disconnect_by_data (self->sale, self);
  g_set_object (&self->sale, sale);
  g_signal_connect_object (self->sale, "changed", G_CALLBACK (on_sale_changed), self,
                           G_CONNECT_SWAPPED);
}

/* GObject */

static void
pos_checkout_dispose (GObject *object)
{
  PosCheckout *self = POS_CHECKOUT (object);

  if (self->draft_source != 0) {
    g_autoptr (GError) error = NULL;

    if (!save_draft (self, &error))
      g_warning ("Checkout: the draft was not saved: %s", error->message);
  }
  if (self->sale != NULL)
    g_signal_handlers_disconnect_by_data (self->sale, self);
  g_clear_object (&self->sale);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (pos_checkout_parent_class)->dispose (object);
}

static void
pos_checkout_finalize (GObject *object)
{
  PosCheckout *self = POS_CHECKOUT (object);

  g_free (self->agent_email);
  g_free (self->station_name);
  g_free (self->session_identifier);
  g_free (self->session_link);
  g_free (self->message);
  g_free (self->card_last4);
  g_clear_pointer (&self->field_errors, g_ptr_array_unref);
  g_clear_pointer (&self->request, paystar_request_free);

  G_OBJECT_CLASS (pos_checkout_parent_class)->finalize (object);
}

static void
pos_checkout_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosCheckout *self = POS_CHECKOUT (object);

  switch (prop_id) {
    case PROP_JOURNAL:
      g_value_set_object (value, self->journal);
      break;
    case PROP_AGENT_EMAIL:
      g_value_set_string (value, self->agent_email);
      break;
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_SALE:
      g_value_set_object (value, self->sale);
      break;
    case PROP_CLIENT_REFERENCE:
      g_value_set_string (value, pos_checkout_get_client_reference (self));
      break;
    case PROP_SESSION_IDENTIFIER:
      g_value_set_string (value, self->session_identifier);
      break;
    case PROP_SESSION_LINK:
      g_value_set_string (value, self->session_link);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_EDITABLE:
      g_value_set_boolean (value, is_editable (self));
      break;
    case PROP_RESTORED:
      g_value_set_boolean (value, self->restored);
      break;
    case PROP_EDITED:
      g_value_set_int64 (value, self->edited);
      break;
    case PROP_CARD_LAST4:
      g_value_set_string (value, self->card_last4);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_checkout_class_init (PosCheckoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = pos_checkout_dispose;
  object_class->finalize = pos_checkout_finalize;
  object_class->get_property = pos_checkout_get_property;

  properties[PROP_JOURNAL] = g_param_spec_object ("journal", NULL, NULL, POS_TYPE_JOURNAL, flags);
  properties[PROP_AGENT_EMAIL] = g_param_spec_string ("agent-email", NULL, NULL, NULL, flags);
  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, POS_TYPE_SALE_STATUS, POS_SALE_STATUS_DRAFT, flags);
  properties[PROP_SALE] = g_param_spec_object ("sale", NULL, NULL, POS_TYPE_SALE, flags);
  properties[PROP_CLIENT_REFERENCE] =
    g_param_spec_string ("client-reference", NULL, NULL, NULL, flags);
  properties[PROP_SESSION_IDENTIFIER] =
    g_param_spec_string ("session-identifier", NULL, NULL, NULL, flags);
  properties[PROP_SESSION_LINK] = g_param_spec_string ("session-link", NULL, NULL, NULL, flags);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, flags);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, flags);
  properties[PROP_EDITABLE] = g_param_spec_boolean ("editable", NULL, NULL, FALSE, flags);
  properties[PROP_RESTORED] = g_param_spec_boolean ("restored", NULL, NULL, FALSE, flags);
  properties[PROP_EDITED] = g_param_spec_int64 ("edited", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CARD_LAST4] = g_param_spec_string ("card-last4", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_STEP] = g_signal_new ("step", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  in_flight = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static void
pos_checkout_init (PosCheckout *self)
{
  self->draft_delay = POS_CHECKOUT_DEFAULT_DRAFT_DELAY_MS;
  self->state = POS_SALE_STATUS_DRAFT;
  self->field_errors = paystar_field_errors_new ();
}

static PosCheckout *
checkout_new (PosJournal *journal, const char *agent_email, const char *station_name)
{
  PosCheckout *self = g_object_new (POS_TYPE_CHECKOUT, NULL);

  self->journal = g_object_ref (journal);
  self->agent_email = g_strdup (agent_email);
  self->station_name = g_strdup (station_name);
  return self;
}

PosCheckout *
pos_checkout_new (PosJournal *journal, const char *agent_email, const char *station_name)
{
  g_autoptr (PosSale) sale = NULL;
  PosCheckout *self;

  g_return_val_if_fail (POS_IS_JOURNAL (journal), NULL);
  g_return_val_if_fail (agent_email != NULL && *agent_email != '\0', NULL);

  self = checkout_new (journal, agent_email, station_name);
  sale = pos_sale_new (station_name);
  /* One empty charge to type into: nearly every sale has at least one. */
  pos_sale_add_charge (sale, NULL);
  take_sale (self, sale);
  return self;
}

static gboolean
is_in_flight (gint64 id)
{
  return in_flight != NULL && g_hash_table_contains (in_flight, &id);
}

static void
set_in_flight (gint64 id, gboolean flying)
{
  if (flying)
    g_hash_table_add (in_flight, g_memdup2 (&id, sizeof id));
  else
    g_hash_table_remove (in_flight, &id);
}

static PosSale *
sale_from_record (PosSaleRecord *record, GError **error)
{
  const char *draft = pos_sale_record_get_draft_json (record);
  g_autofree char *minimal = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (JsonNode) root = NULL;

  if (draft != NULL)
    return pos_sale_new_from_json (draft, -1, error);

  /* A sale sent by an older version kept only its request: it is shown by its reference. */
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  paystar_json_builder_add_int (builder, "version", TRUE, 1);
  paystar_json_builder_add_string (builder, "client_reference",
                                   pos_sale_record_get_client_reference (record));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  minimal = paystar_json_to_string (root, NULL);
  return pos_sale_new_from_json (minimal, -1, error);
}

static PaystarRequest *
request_from_json (const char *json)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();

  if (json == NULL || *json == '\0')
    return NULL;
  root = paystar_json_parse (json, -1, NULL);
  if (root == NULL)
    return NULL;
  return paystar_request_from_json_node (root, errors);
}

static PosCheckout *
checkout_from_record (PosJournal *journal,
                      PosSaleRecord *record,
                      const char *station_name,
                      GError **error)
{
  g_autoptr (PosCheckout) self = NULL;
  g_autoptr (PosSale) sale = NULL;

  sale = sale_from_record (record, error);
  if (sale == NULL)
    return NULL;

  self = checkout_new (journal, pos_sale_record_get_agent_email (record), station_name);
  self->id = pos_sale_record_get_id (record);
  self->state = pos_sale_record_get_status (record);
  self->session_identifier = g_strdup (pos_sale_record_get_session_identifier (record));
  self->session_link = g_strdup (pos_sale_record_get_session_link (record));
  self->card_last4 = g_strdup (pos_sale_record_get_card_last4 (record));
  self->edited = pos_sale_record_get_edited (record);
  self->request = request_from_json (pos_sale_record_get_request_json (record));
  self->restored = TRUE;
  if (self->state == POS_SALE_STATUS_NOT_SENT || self->state == POS_SALE_STATUS_UNKNOWN ||
      self->state == POS_SALE_STATUS_UNCONFIRMED)
    self->message = g_strdup (pos_sale_record_get_error_text (record));
  take_sale (self, sale);

  /* An earlier run stopped with the request on its way: only Paystar knows what came of it. */
  if (self->state == POS_SALE_STATUS_SUBMITTING && !is_in_flight (self->id)) {
    PosJournalChange c = { .status = POS_SALE_STATUS_UNKNOWN,
                           .from_mask = MASK (SUBMITTING),
                           .error_text = _ ("The station stopped before Paystar answered.") };

    if (!change (self, &c, error))
      return NULL;
    set_message (self, c.error_text);
  }
  return g_steal_pointer (&self);
}

PosCheckout *
pos_checkout_resume (PosJournal *journal,
                     const char *agent_email,
                     const char *station_name,
                     GError **error)
{
  g_autoptr (PosSaleRecord) record = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (POS_IS_JOURNAL (journal), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  record = pos_journal_find_editable (journal, agent_email, &local_error);
  if (record == NULL) {
    if (local_error != NULL)
      g_propagate_error (error, g_steal_pointer (&local_error));
    return NULL;
  }
  return checkout_from_record (journal, record, station_name, error);
}

PosCheckout *
pos_checkout_load (PosJournal *journal, gint64 id, const char *station_name, GError **error)
{
  g_autoptr (PosSaleRecord) record = NULL;

  g_return_val_if_fail (POS_IS_JOURNAL (journal), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  record = pos_journal_lookup (journal, id, error);
  if (record == NULL)
    return NULL;
  return checkout_from_record (journal, record, station_name, error);
}

gboolean
pos_checkout_recover_interrupted (PosJournal *journal, GError **error)
{
  g_autoptr (GListModel) left = NULL;
  PosJournalQuery query = { 0 };

  g_return_val_if_fail (POS_IS_JOURNAL (journal), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  query.status_mask = MASK (SUBMITTING);
  query.limit = G_MAXINT;
  left = pos_journal_list (journal, &query, error);
  if (left == NULL)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (left); i++) {
    g_autoptr (PosSaleRecord) record = g_list_model_get_item (left, i);
    PosJournalChange c = { .status = POS_SALE_STATUS_UNKNOWN,
                           .from_mask = MASK (SUBMITTING),
                           .error_text = _ ("The station stopped before Paystar answered.") };

    if (is_in_flight (pos_sale_record_get_id (record)))
      continue;
    if (!pos_journal_change_sale (journal, pos_sale_record_get_id (record), &c, error))
      return FALSE;
  }
  return TRUE;
}

GListModel *
pos_checkout_list_unfinished (PosJournal *journal, const char *agent_email, GError **error)
{
  PosJournalQuery query = { 0 };

  g_return_val_if_fail (POS_IS_JOURNAL (journal), NULL);

  query.agent_email = agent_email;
  query.status_mask = UNFINISHED_MASK;
  query.limit = 100;
  return pos_journal_list (journal, &query, error);
}

const char *
pos_checkout_describe_state (PosSaleStatus state)
{
  switch (state) {
    case POS_SALE_STATUS_DRAFT:
      return _ ("Being keyed; nothing has been sent.");
    case POS_SALE_STATUS_NOT_SENT:
      return _ ("Nothing reached Paystar. Check the sale and submit it again: it keeps its "
                "reference.");
    case POS_SALE_STATUS_SUBMITTING:
      return _ ("Sent to Paystar; waiting for the answer.");
    case POS_SALE_STATUS_CREATED:
      return _ ("Paystar created the payment form and no outcome has been recorded. Re-open the "
                "form to take the payment, or check the outcome.");
    case POS_SALE_STATUS_UNCONFIRMED:
      return _ ("The payment form was closed before Paystar reported an outcome: the customer may "
                "or may not have paid. Check the outcome or re-open the form before keying the "
                "sale again.");
    case POS_SALE_STATUS_UNKNOWN:
      return _ ("The request may have reached Paystar, but no answer came back. Check the outcome "
                "or retry: a retry uses the same reference, so Paystar cannot charge twice. Do "
                "not key the sale again.");
    case POS_SALE_STATUS_PENDING:
      return _ ("The payment was processed but is not final yet (a bank transfer, for example). "
                "Check the outcome later.");
    case POS_SALE_STATUS_SUCCEEDED:
      return _ ("Paid.");
    case POS_SALE_STATUS_FAILED:
      return _ ("The card was declined. The form can be re-opened for another card.");
    case POS_SALE_STATUS_DISMISSED:
      return _ ("The customer closed the payment form without paying. It can be re-opened.");
    case POS_SALE_STATUS_CLOSED:
      return _ ("An administrator closed the sale.");
    case POS_SALE_STATUS_ERROR:
    default:
      return _ ("Paystar refused the sale; nothing was charged.");
  }
}

/* Getters */

PosJournal *
pos_checkout_get_journal (PosCheckout *self)
{
  g_return_val_if_fail (POS_IS_CHECKOUT (self), NULL);
  return self->journal;
}

const char *
pos_checkout_get_agent_email (PosCheckout *self)
{
  g_return_val_if_fail (POS_IS_CHECKOUT (self), NULL);
  return self->agent_email;
}

gint64
pos_checkout_get_id (PosCheckout *self)
{
  g_return_val_if_fail (POS_IS_CHECKOUT (self), 0);
  return self->id;
}

PosSaleStatus
pos_checkout_get_state (PosCheckout *self)
{
  g_return_val_if_fail (POS_IS_CHECKOUT (self), POS_SALE_STATUS_UNKNOWN);
  return self->state;
}

PosSale *
pos_checkout_get_sale (PosCheckout *self)
{
  g_return_val_if_fail (POS_IS_CHECKOUT (self), NULL);
  return self->sale;
}

const char *
pos_checkout_get_client_reference (PosCheckout *self)
{
  g_return_val_if_fail (POS_IS_CHECKOUT (self), NULL);
  return pos_sale_get_client_reference (self->sale);
}

const char *
pos_checkout_get_session_identifier (PosCheckout *self)
{
  g_return_val_if_fail (POS_IS_CHECKOUT (self), NULL);
  return self->session_identifier;
}

const char *
pos_checkout_get_session_link (PosCheckout *self)
{
  g_return_val_if_fail (POS_IS_CHECKOUT (self), NULL);
  return self->session_link;
}

const char *
pos_checkout_get_message (PosCheckout *self)
{
  g_return_val_if_fail (POS_IS_CHECKOUT (self), NULL);
  return self->message;
}

gboolean
pos_checkout_get_busy (PosCheckout *self)
{
  g_return_val_if_fail (POS_IS_CHECKOUT (self), FALSE);
  return self->busy;
}

gboolean
pos_checkout_get_editable (PosCheckout *self)
{
  g_return_val_if_fail (POS_IS_CHECKOUT (self), FALSE);
  return is_editable (self);
}

gboolean
pos_checkout_get_restored (PosCheckout *self)
{
  g_return_val_if_fail (POS_IS_CHECKOUT (self), FALSE);
  return self->restored;
}

gint64
pos_checkout_get_edited (PosCheckout *self)
{
  g_return_val_if_fail (POS_IS_CHECKOUT (self), 0);
  return self->edited;
}

const char *
pos_checkout_get_card_last4 (PosCheckout *self)
{
  g_return_val_if_fail (POS_IS_CHECKOUT (self), NULL);
  return self->card_last4;
}

PosSaleRecord *
pos_checkout_dup_record (PosCheckout *self)
{
  g_return_val_if_fail (POS_IS_CHECKOUT (self), NULL);

  if (self->id == 0)
    return NULL;
  return pos_journal_lookup (self->journal, self->id, NULL);
}

GPtrArray *
pos_checkout_get_field_errors (PosCheckout *self)
{
  g_return_val_if_fail (POS_IS_CHECKOUT (self), NULL);
  return self->field_errors;
}

void
pos_checkout_set_draft_delay (PosCheckout *self, guint delay_ms)
{
  g_return_if_fail (POS_IS_CHECKOUT (self));
  self->draft_delay = delay_ms;
}

gboolean
pos_checkout_flush (PosCheckout *self, GError **error)
{
  g_return_val_if_fail (POS_IS_CHECKOUT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return save_draft (self, error);
}

/* Sending */

typedef enum { SEND_SUBMIT, SEND_RETRY } SendKind;

typedef struct {
  PaystarClient *client;
  char *business_unit_slug;
  char *web_origin;
  SendKind kind;
} Send;

static void
send_free (Send *send)
{
  g_clear_object (&send->client);
  g_free (send->business_unit_slug);
  g_free (send->web_origin);
  g_free (send);
}

static Send *
send_new (PaystarClient *client, const PosCheckoutOptions *options, SendKind kind)
{
  Send *send = g_new0 (Send, 1);

  send->client = g_object_ref (client);
  send->business_unit_slug = g_strdup (options != NULL ? options->business_unit_slug : NULL);
  send->web_origin = g_strdup (options != NULL ? options->web_origin : NULL);
  send->kind = kind;
  return send;
}

static char *
session_to_json (const PaystarSession *session)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  paystar_json_builder_add_string (builder, "PaymentSessionIdentifier", session->identifier);
  paystar_json_builder_add_string (builder, "PaymentLogInLink", session->link);
  paystar_json_builder_add_string (builder, "Status", session->status);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return paystar_json_to_string (root, NULL);
}

static gboolean
errors_name (GPtrArray *field_errors, const char *property_name)
{
  for (guint i = 0; field_errors != NULL && i < field_errors->len; i++) {
    const PaystarFieldError *error = g_ptr_array_index (field_errors, i);

    if (g_ascii_strcasecmp (error->property_name, property_name) == 0)
      return TRUE;
  }
  return FALSE;
}

static char *
summarize_field_errors (GPtrArray *field_errors)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; field_errors != NULL && i < field_errors->len; i++) {
    const PaystarFieldError *error = g_ptr_array_index (field_errors, i);

    if (text->len > 0)
      g_string_append (text, "; ");
    if (error->property_name != NULL && *error->property_name != '\0')
      g_string_append_printf (text, "%s: %s", error->property_name, error->message);
    else
      g_string_append (text, error->message);
  }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
finish_sending (PosCheckout *self)
{
  set_in_flight (self->id, FALSE);
  set_busy (self, FALSE);
}

/* What the answer to initiate means, journaled. Returns the error for the task (NULL: created). */
static GError *
record_initiate_answer (PosCheckout *self,
                        Send *send,
                        PaystarSession *session,
                        GPtrArray *field_errors,
                        GError *error)
{
  PosJournalChange c = { .from_mask = MASK (SUBMITTING) };

  if (session != NULL) {
    g_autofree char *response = session_to_json (session);

    c.status = POS_SALE_STATUS_CREATED;
    c.session_identifier = session->identifier;
    c.session_link = session->link;
    c.response_json = response;
    change_or_warn (self, &c);
    set_message (self, NULL);
    return NULL;
  }

  switch (paystar_error_get_delivery (error)) {
    case PAYSTAR_DELIVERY_NOT_SENT: {
      g_autofree char *text = NULL;

      /* Translators: the first %s says why (a whole sentence), the second is the reference. */
      text = g_strdup_printf (_ ("Not sent. %s The sale keeps its reference (%s)."), error->message,
                              pos_checkout_get_client_reference (self));
      c.status = POS_SALE_STATUS_NOT_SENT;
      c.error_text = text;
      change_or_warn (self, &c);
      set_message (self, text);
      break;
    }

    case PAYSTAR_DELIVERY_REFUSED:
      if (g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_REJECTED) &&
          errors_name (field_errors, "ClientReference")) {
        g_autofree char *text = NULL;

        /* The reference reached Paystar before (an earlier attempt whose answer was lost, or a
         * retry): it is never replaced here, only an administrator can end the sale. */
        text = g_strdup_printf (_ ("Paystar already has a sale with this reference (%s): an "
                                   "earlier attempt most likely created its payment session. "
                                   "Do not take the payment again: check the outcome, or ask an "
                                   "administrator to close the sale."),
                                pos_checkout_get_client_reference (self));
        c.status = POS_SALE_STATUS_UNKNOWN;
        c.error_text = text;
        change_or_warn (self, &c);
        set_message (self, text);
        break;
      }
      /* Paystar answered and created nothing: back to editing, same reference. */
      c.status = POS_SALE_STATUS_DRAFT;
      if (g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_REJECTED)) {
        g_autofree char *summary = summarize_field_errors (field_errors);

        c.error_text = summary;
        change_or_warn (self, &c);
        set_field_errors (self, field_errors);
        set_message (self, _ ("Paystar found problems in the sale, shown at each field. Correct "
                              "them and submit again."));
      } else if (g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_UNAUTHORIZED)) {
        c.error_text = error->message;
        change_or_warn (self, &c);
        set_message (self, _ ("Paystar refused this station’s API key, so the sale was not "
                              "created. Ask an administrator to check the API key in "
                              "Preferences."));
      } else {
        c.error_text = error->message;
        change_or_warn (self, &c);
        set_message (self, error->message);
      }
      break;

    case PAYSTAR_DELIVERY_UNKNOWN:
    default: {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        text = g_strdup (_ ("The station stopped waiting before Paystar answered. Check the "
                            "outcome or retry with the same reference before keying the sale "
                            "again."));
      else
        /* Translators: %s is what happened, a whole sentence from the client. */
        text = g_strdup_printf (_ ("%s Retry uses the same reference, so Paystar cannot create a "
                                   "second session; do not key the sale again."),
                                error->message);
      c.status = POS_SALE_STATUS_UNKNOWN;
      c.error_text = text;
      change_or_warn (self, &c);
      set_message (self, text);
      break;
    }
  }
  return g_error_copy (error);
}

static void
on_initiated (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  PosCheckout *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  g_autoptr (PaystarSession) session = NULL;
  g_autoptr (GPtrArray) field_errors = NULL;
  g_autoptr (GError) error = NULL;
  GError *task_error;

  session = paystar_client_initiate_payment_session_finish (PAYSTAR_CLIENT (object), result,
                                                            &field_errors, &error);
  step (self, "answered");
  task_error = record_initiate_answer (self, send, session, field_errors, error);
  finish_sending (self);
  if (task_error != NULL)
    g_task_return_error (task, task_error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The row is "submitting" and committed: the request leaves now. */
static void
send_request (PosCheckout *self, GTask *task)
{
  Send *send = g_task_get_task_data (task);

  set_in_flight (self->id, TRUE);
  set_busy (self, TRUE);
  step (self, "sending");
  paystar_client_initiate_payment_session_async (send->client, self->request,
                                                 g_task_get_cancellable (task), on_initiated, task);
}

void
pos_checkout_submit_async (PosCheckout *self,
                           PaystarClient *client,
                           const PosCheckoutOptions *options,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (PaystarRequest) request = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *draft_json = NULL;
  gint64 id;

  g_return_if_fail (POS_IS_CHECKOUT (self));
  g_return_if_fail (!client || PAYSTAR_IS_CLIENT (client));
  g_return_if_fail (options != NULL);

  task = start_task (self, is_editable (self), pos_checkout_submit_async, cancellable, callback,
                     user_data);
  if (task == NULL)
    return;

  /* Built once: this request is checked, journaled and sent. */
  request = pos_sale_to_request (self->sale, options->business_unit_slug, self->agent_email,
                                 options->success_url, options->return_url);
  /* Another channel than POS, as asked; one Paystar does not know is refused by the checks
   * below as a field error of Channel. QuickPay sessions have no PosUser. */
  if (options->channel != NULL) {
    g_free (request->channel);
    request->channel = g_strdup (options->channel);
    if (g_strcmp0 (options->channel, "POS") != 0)
      g_clear_pointer (&request->pos_user, g_free);
  }
  problems = pos_sale_check_request (self->sale, request);
  if (problems->len > 0) {
    set_field_errors (self, problems);
    if (!save_draft (self, &error))
      g_clear_error (&error);
    set_message (self, g_dngettext (GETTEXT_PACKAGE,
                                    "The sale has a problem, shown at its field. "
                                    "Correct it and submit again.",
                                    "The sale has problems, shown at each field. Correct them "
                                    "and submit again.",
                                    problems->len));
    g_task_return_new_error (task, POS_ERROR, POS_ERROR_INVALID_SALE, "%s", self->message);
    return;
  }
  set_field_errors (self, NULL);

  /* No client (no API key, no valid address): nothing can leave; say so and keep the sale. */
  if (client == NULL) {
    self->dirty = TRUE;
    if (!save_draft (self, &error)) {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
    if (self->state != POS_SALE_STATUS_NOT_SENT) {
      PosJournalChange c = { .status = POS_SALE_STATUS_NOT_SENT,
                             .from_mask = EDITABLE_MASK,
                             .error_text = _ ("Not sent: the station has no connection to Paystar "
                                              "set up (API key or address).") };

      if (!change (self, &c, &error)) {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }
    }
    set_message (self, _ ("Not sent: the station has no connection to Paystar set up (API key or "
                          "address). Ask an administrator to check Preferences; the sale is "
                          "kept."));
    g_task_return_new_error (task, PAYSTAR_ERROR, PAYSTAR_ERROR_NO_API_KEY, "%s", self->message);
    return;
  }

  g_clear_handle_id (&self->draft_source, g_source_remove);
  draft_json = pos_sale_to_json (self->sale);
  pos_journal_set_commit_hook (self->journal, on_commit_hook, self);
  id = pos_journal_submit_sale (self->journal, self->id, self->agent_email, draft_json, request,
                                &error);
  pos_journal_set_commit_hook (self->journal, NULL, NULL);
  if (id == 0) {
    if (g_error_matches (error, POS_ERROR, POS_ERROR_SENSITIVE_DATA))
      set_message (self, _ ("A field looks like a card number, so the sale was not sent. Card "
                            "numbers are typed only on Paystar’s payment form: remove it."));
    else
      set_message (self, error->message);
    g_task_return_error (task, g_steal_pointer (&error));
    return;
  }
  step (self, "committed");
  self->dirty = FALSE;
  if (self->id != id) {
    self->id = id;
    notify (self, PROP_ID);
  }
  g_clear_pointer (&self->request, paystar_request_free);
  self->request = g_steal_pointer (&request);
  set_message (self, NULL);
  set_state (self, POS_SALE_STATUS_SUBMITTING);

  g_task_set_task_data (task, send_new (client, options, SEND_SUBMIT), (GDestroyNotify) send_free);
  send_request (self, g_steal_pointer (&task));
}

gboolean
pos_checkout_submit_finish (PosCheckout *self, GAsyncResult *result, GError **error)
{
  return finish_task (self, result, pos_checkout_submit_async, error);
}

/* Lookups */

static char *
build_link (const char *web_origin, const char *slug, const char *identifier)
{
  g_autofree char *escaped_slug = NULL;
  g_autofree char *escaped_id = NULL;
  g_autofree char *origin = NULL;
  gsize len;

  if (web_origin == NULL || *web_origin == '\0' || slug == NULL || *slug == '\0')
    return NULL;
  origin = g_strdup (web_origin);
  len = strlen (origin);
  while (len > 0 && origin[len - 1] == '/')
    origin[--len] = '\0';
  escaped_slug = g_uri_escape_string (slug, NULL, FALSE);
  escaped_id = g_uri_escape_string (identifier, NULL, FALSE);
  /* The documented shape (API-NOTES.md): {web host}/app/embedded/{slug}/session/{id}. */
  return g_strdup_printf ("%s/app/embedded/%s/session/%s", origin, escaped_slug, escaped_id);
}

static const char *
request_slug (PosCheckout *self, Send *send)
{
  if (self->request != NULL && self->request->business_unit_slug != NULL)
    return self->request->business_unit_slug;
  return send->business_unit_slug;
}

/* Records what Paystar's Query API says about the sale's session. */
static void
record_session_info (PosCheckout *self, Send *send, const PaystarSessionInfo *info)
{
  g_autofree char *summary = paystar_session_info_to_json (info);
  g_autofree char *link = NULL;
  PosJournalChange c = { .from_mask = CLOSABLE_MASK, .response_json = summary };
  PaystarSessionStatus status =
    info->has_payment && info->payment_status != PAYSTAR_SESSION_STATUS_NONE ? info->payment_status
                                                                             : info->status;

  c.session_identifier = info->identifier;
  if (self->session_link == NULL) {
    link = build_link (send->web_origin, request_slug (self, send), info->identifier);
    c.session_link = link;
  }
  if (info->account_number_last4 != NULL && strlen (info->account_number_last4) == 4)
    c.card_last4 = info->account_number_last4;

  switch (status) {
    case PAYSTAR_SESSION_STATUS_SUCCEEDED:
      c.status = POS_SALE_STATUS_SUCCEEDED;
      break;
    case PAYSTAR_SESSION_STATUS_PENDING:
      c.status = POS_SALE_STATUS_PENDING;
      c.error_text = _ ("The payment is being processed; it is not final yet.");
      break;
    case PAYSTAR_SESSION_STATUS_FAILED:
      c.status = POS_SALE_STATUS_FAILED;
      c.error_text = _ ("Declined: the card was not accepted.");
      break;
    case PAYSTAR_SESSION_STATUS_NONE:
    case PAYSTAR_SESSION_STATUS_OTHER:
    default:
      /* Not paid, the session open. A sale whose answer was lost has its session now; a form
       * closed without an outcome stays "unconfirmed" (re-openable), now known to be unpaid. */
      if (self->state == POS_SALE_STATUS_UNCONFIRMED || self->state == POS_SALE_STATUS_DISMISSED ||
          self->state == POS_SALE_STATUS_FAILED)
        c.status = self->state;
      else
        c.status = POS_SALE_STATUS_CREATED;
      c.keep_error_text = TRUE;
      break;
  }
  if (c.card_last4 != NULL && paystar_set_str (&self->card_last4, c.card_last4))
    notify (self, PROP_CARD_LAST4);
  change_or_warn (self, &c);
  if (c.status == POS_SALE_STATUS_CREATED || c.status == POS_SALE_STATUS_UNCONFIRMED)
    set_message (self, self->session_link != NULL
                         ? _ ("Paystar has this sale’s payment session and it is not paid yet. "
                              "Re-open the form to take the payment.")
                         : _ ("Paystar has this sale’s payment session and it is not paid yet, "
                              "but the station cannot open its form. Ask an administrator."));
  else
    set_message (self, c.error_text);
}

typedef enum { LOOKUP_RECONCILE, LOOKUP_BEFORE_RETRY } LookupPurpose;

static void
resend (PosCheckout *self, GTask *task)
{
  PosJournalChange c = { .status = POS_SALE_STATUS_SUBMITTING, .from_mask = MASK (UNKNOWN) };
  g_autoptr (GError) error = NULL;

  if (self->request == NULL) {
    set_busy (self, FALSE);
    set_message (self, _ ("The request of this sale is not in the journal, so it cannot be sent "
                          "again. Ask an administrator to check the outcome with Paystar and "
                          "close the sale."));
    g_task_return_new_error (task, POS_ERROR, POS_ERROR_INVALID_STATE, "%s", self->message);
    g_object_unref (task);
    return;
  }
  if (!change (self, &c, &error)) {
    set_busy (self, FALSE);
    g_task_return_error (task, g_steal_pointer (&error));
    g_object_unref (task);
    return;
  }
  set_message (self, NULL);
  send_request (self, task);
}

static void
on_looked_up (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  PosCheckout *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  LookupPurpose purpose = send->kind == SEND_RETRY ? LOOKUP_BEFORE_RETRY : LOOKUP_RECONCILE;
  g_autoptr (PaystarSessionInfo) info = NULL;
  g_autoptr (GError) error = NULL;
  gboolean by_reference = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "by-reference"));

  if (by_reference)
    info =
      paystar_client_lookup_session_by_reference_finish (PAYSTAR_CLIENT (object), result, &error);
  else
    info = paystar_client_lookup_session_finish (PAYSTAR_CLIENT (object), result, &error);

  if (info != NULL) {
    set_busy (self, FALSE);
    record_session_info (self, send, info);
    g_task_return_boolean (task, TRUE);
    g_object_unref (task);
    return;
  }

  /* Paystar has no session for the reference: nothing was created, so the same request may go
   * (again) without any risk of a second session. */
  if (by_reference && g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_NOT_FOUND) &&
      (self->state == POS_SALE_STATUS_UNKNOWN || self->state == POS_SALE_STATUS_SUBMITTING)) {
    if (purpose == LOOKUP_BEFORE_RETRY) {
      resend (self, task);
      return;
    } else {
      PosJournalChange c = {
        .status = POS_SALE_STATUS_NOT_SENT,
        .from_mask = MASK (UNKNOWN) | MASK (SUBMITTING),
        .error_text = _ ("Paystar has no sale with this reference: nothing was created. Submit "
                         "sends it again with the same reference."),
      };

      set_busy (self, FALSE);
      change_or_warn (self, &c);
      set_message (self, c.error_text);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  }

  /* The lookup is not available: a retry still may go, with the same reference. */
  if (purpose == LOOKUP_BEFORE_RETRY &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED)) {
    resend (self, task);
    return;
  }

  set_busy (self, FALSE);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED)) {
    g_autofree char *text = NULL;

    /* Translators: %s is the reason, e.g. "Paystar could not be reached: ..." */
    text = g_strdup_printf (_ ("The outcome could not be checked: %s The sale stays as it is; "
                               "try again in a moment."),
                            error->message);
    set_message (self, text);
  }
  g_task_return_error (task, g_steal_pointer (&error));
  g_object_unref (task);
}

static void
look_up (PosCheckout *self, GTask *task)
{
  Send *send = g_task_get_task_data (task);
  gboolean by_reference = self->session_identifier == NULL;

  set_busy (self, TRUE);
  g_object_set_data (G_OBJECT (task), "by-reference", GINT_TO_POINTER (by_reference));
  if (by_reference)
    paystar_client_lookup_session_by_reference_async (
      send->client, pos_checkout_get_client_reference (self), g_task_get_cancellable (task),
      on_looked_up, task);
  else
    paystar_client_lookup_session_async (send->client, self->session_identifier,
                                         g_task_get_cancellable (task), on_looked_up, task);
}

void
pos_checkout_retry_async (PosCheckout *self,
                          PaystarClient *client,
                          const PosCheckoutOptions *options,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  GTask *task;

  g_return_if_fail (POS_IS_CHECKOUT (self));
  g_return_if_fail (PAYSTAR_IS_CLIENT (client));

  task = start_task (self, !self->busy && self->state == POS_SALE_STATUS_UNKNOWN,
                     pos_checkout_retry_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  g_task_set_task_data (task, send_new (client, options, SEND_RETRY), (GDestroyNotify) send_free);
  /* Paystar is asked first: a session it already has is taken, not created again. */
  look_up (self, task);
}

gboolean
pos_checkout_retry_finish (PosCheckout *self, GAsyncResult *result, GError **error)
{
  return finish_task (self, result, pos_checkout_retry_async, error);
}

void
pos_checkout_reconcile_async (PosCheckout *self,
                              PaystarClient *client,
                              const PosCheckoutOptions *options,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  GTask *task;

  g_return_if_fail (POS_IS_CHECKOUT (self));
  g_return_if_fail (PAYSTAR_IS_CLIENT (client));

  task = start_task (
    self, !self->busy && self->id != 0 && (CLOSABLE_MASK & POS_SALE_STATUS_MASK (self->state)) != 0,
    pos_checkout_reconcile_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  g_task_set_task_data (task, send_new (client, options, SEND_SUBMIT), (GDestroyNotify) send_free);
  look_up (self, task);
}

gboolean
pos_checkout_reconcile_finish (PosCheckout *self, GAsyncResult *result, GError **error)
{
  return finish_task (self, result, pos_checkout_reconcile_async, error);
}

/* The payment form */

gboolean
pos_checkout_open_form (PosCheckout *self, GError **error)
{
  PosJournalChange c = { .status = POS_SALE_STATUS_CREATED, .from_mask = FORM_MASK };

  g_return_val_if_fail (POS_IS_CHECKOUT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->busy || self->session_link == NULL || !(FORM_MASK & POS_SALE_STATUS_MASK (self->state)))
    return state_error (error);
  if (self->state == POS_SALE_STATUS_CREATED)
    return TRUE;
  if (!change (self, &c, error))
    return FALSE;
  set_message (self, NULL);
  return TRUE;
}

/* The SDK's session object as the journal keeps it: no more card data than the mask. */
static char *
event_to_json (const PaystarEvent *event)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  paystar_json_builder_add_string (builder, "event", event->name);
  paystar_json_builder_add_string (builder, "sessionIdentifier", event->session_identifier);
  paystar_json_builder_add_string (builder, "status", event->status_text);
  paystar_json_builder_add_string (builder, "channel", event->channel);
  paystar_json_builder_add_int (builder, "subtotalMinor", event->has_subtotal, event->subtotal);
  json_builder_set_member_name (builder, "lineItems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < event->line_items->len; i++) {
    const PaystarLineItem *item = g_ptr_array_index (event->line_items, i);

    json_builder_begin_object (builder);
    paystar_json_builder_add_string (builder, "description", item->description);
    paystar_json_builder_add_int (builder, "priceMinor", item->has_price, item->price);
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "paymentSource");
  if (event->payment_source_type != NULL || event->account_number_masked != NULL) {
    json_builder_begin_object (builder);
    paystar_json_builder_add_string (builder, "paymentSourceType", event->payment_source_type);
    paystar_json_builder_add_string (builder, "accountNumberMasked", event->account_number_masked);
    json_builder_end_object (builder);
  } else {
    json_builder_add_null_value (builder);
  }
  paystar_json_builder_add_int (builder, "serviceFeeMinor", event->has_fee, event->fee);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return paystar_json_to_string (root, NULL);
}

/* The last four digits of a mask such as "****1234", or NULL. */
static char *
last4_of (const char *masked)
{
  guint digits = 0;
  g_autofree char *last4 = masked != NULL ? paystar_card_last_four (masked, &digits) : NULL;

  /* More than four digits: not a mask this station keeps. */
  return digits == 4 ? g_steal_pointer (&last4) : NULL;
}

gboolean
pos_checkout_record_event (PosCheckout *self, const PaystarEvent *event, GError **error)
{
  g_autofree char *response = NULL;
  g_autofree char *last4 = NULL;
  PosJournalChange c = { 0 };
  gboolean processed;

  g_return_val_if_fail (POS_IS_CHECKOUT (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->id == 0 || self->session_identifier == NULL)
    return state_error (error);
  if (event->session_identifier != NULL &&
      g_strcmp0 (event->session_identifier, self->session_identifier) != 0) {
    g_set_error_literal (error, POS_ERROR, POS_ERROR_INVALID_STATE,
                         _ ("The payment form reported about another payment session."));
    return FALSE;
  }
  /* A paid sale stays paid whatever a late event says. */
  if (self->state == POS_SALE_STATUS_SUCCEEDED || self->state == POS_SALE_STATUS_CLOSED)
    return TRUE;

  if (event->kind == PAYSTAR_EVENT_COMPONENT_DISMISS) {
    if (self->state != POS_SALE_STATUS_CREATED && self->state != POS_SALE_STATUS_UNCONFIRMED)
      return TRUE; /* declined then closed: it stays declined */
    c.status = POS_SALE_STATUS_DISMISSED;
    c.from_mask = MASK (CREATED) | MASK (UNCONFIRMED);
    if (!change (self, &c, error))
      return FALSE;
    set_message (self, _ ("The customer closed the payment form without paying. Re-open it to "
                          "take the payment."));
    return TRUE;
  }

  if (event->kind != PAYSTAR_EVENT_SESSION_LOADED && event->kind != PAYSTAR_EVENT_SESSION_UPDATED &&
      event->kind != PAYSTAR_EVENT_SESSION_PROCESSED)
    return TRUE;
  if (!event->has_session)
    return TRUE;

  processed = event->kind == PAYSTAR_EVENT_SESSION_PROCESSED;
  response = event_to_json (event);
  last4 = last4_of (event->account_number_masked);
  c.from_mask = CLOSABLE_MASK;
  c.response_json = response;
  c.card_last4 = last4;

  switch (event->status) {
    case PAYSTAR_SESSION_STATUS_SUCCEEDED:
      c.status = POS_SALE_STATUS_SUCCEEDED;
      break;
    case PAYSTAR_SESSION_STATUS_PENDING:
      c.status = POS_SALE_STATUS_PENDING;
      c.error_text = _ ("The payment is being processed; it is not final yet.");
      break;
    case PAYSTAR_SESSION_STATUS_FAILED:
      /* A failed session on loading is one that can take another card: only a processed
       * attempt is a decline. */
      if (!processed)
        return TRUE;
      c.status = POS_SALE_STATUS_FAILED;
      c.error_text = _ ("Declined: the card was not accepted.");
      break;
    case PAYSTAR_SESSION_STATUS_NONE:
    case PAYSTAR_SESSION_STATUS_OTHER:
    default:
      /* Processed without a status the station knows: keep what it said, wait for more. */
      if (processed) {
        c.status = self->state;
        c.keep_error_text = TRUE;
        c.card_last4 = NULL;
        return change (self, &c, error);
      }
      return TRUE;
  }

  if (!change (self, &c, error))
    return FALSE;
  if (last4 != NULL && g_strcmp0 (self->card_last4, last4) != 0) {
    g_free (self->card_last4);
    self->card_last4 = g_steal_pointer (&last4);
    notify (self, PROP_CARD_LAST4);
  }
  set_message (self, c.status == POS_SALE_STATUS_FAILED
                       ? _ ("Declined: the card was not accepted. The customer can try another "
                            "card on the form.")
                       : c.error_text);
  return TRUE;
}

gboolean
pos_checkout_form_closed (PosCheckout *self, GError **error)
{
  PosJournalChange c = {
    .status = POS_SALE_STATUS_UNCONFIRMED,
    .from_mask = MASK (CREATED),
    .error_text = _ ("The payment form was closed before Paystar reported an outcome."),
  };

  g_return_val_if_fail (POS_IS_CHECKOUT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->state != POS_SALE_STATUS_CREATED)
    return TRUE;
  if (!change (self, &c, error))
    return FALSE;
  set_message (self, _ ("The payment form was closed before Paystar reported an outcome: the "
                        "customer may or may not have paid. Re-open the form or check the "
                        "outcome before keying the sale again."));
  return TRUE;
}

gboolean
pos_checkout_record_success_url (PosCheckout *self, GError **error)
{
  PosJournalChange c = {
    .status = POS_SALE_STATUS_SUCCEEDED,
    .from_mask = MASK (CREATED) | MASK (UNCONFIRMED),
    .error_text = _ ("Paystar sent the customer to the success address; no details came with "
                     "it."),
  };

  g_return_val_if_fail (POS_IS_CHECKOUT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->state == POS_SALE_STATUS_SUCCEEDED)
    return TRUE;
  if (!change (self, &c, error))
    return FALSE;
  set_message (self, NULL);
  return TRUE;
}

/* Ending */

gboolean
pos_checkout_discard (PosCheckout *self, GError **error)
{
  g_return_val_if_fail (POS_IS_CHECKOUT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!is_editable (self))
    return state_error (error);
  g_clear_handle_id (&self->draft_source, g_source_remove);
  if (self->id != 0 && !pos_journal_delete_sale (self->journal, self->id, EDITABLE_MASK, error))
    return FALSE;
  self->dirty = FALSE;
  self->ended = TRUE;
  notify (self, PROP_EDITABLE);
  return TRUE;
}

gboolean
pos_checkout_close (PosCheckout *self, const char *admin_email, const char *reason, GError **error)
{
  g_autofree char *stripped = NULL;
  PosJournalChange c = { .status = POS_SALE_STATUS_CLOSED, .from_mask = CLOSABLE_MASK };

  g_return_val_if_fail (POS_IS_CHECKOUT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stripped = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  if (*stripped == '\0') {
    g_set_error_literal (error, POS_ERROR, POS_ERROR_FAILED,
                         _ ("Say why the sale is closed: the reason stays in the journal."));
    return FALSE;
  }
  if (admin_email == NULL || *admin_email == '\0') {
    g_set_error_literal (error, POS_ERROR, POS_ERROR_INVALID_AGENT,
                         _ ("Only an administrator can close a sale."));
    return FALSE;
  }
  if (self->busy || self->id == 0 || !(CLOSABLE_MASK & POS_SALE_STATUS_MASK (self->state)))
    return state_error (error);
  c.closed_by = admin_email;
  c.closed_reason = stripped;
  c.keep_error_text = TRUE;
  if (!change (self, &c, error))
    return FALSE;
  set_message (self, NULL);
  return TRUE;
}

PosCheckout *
pos_checkout_copy_as_new (PosCheckout *self, GError **error)
{
  g_autofree char *json = NULL;
  g_autoptr (PosSale) sale = NULL;
  PosCheckout *copy;

  g_return_val_if_fail (POS_IS_CHECKOUT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->busy || !(OVER_MASK & POS_SALE_STATUS_MASK (self->state))) {
    state_error (error);
    return NULL;
  }
  json = pos_sale_to_json (self->sale);
  sale = pos_sale_new_from_json (json, -1, error);
  if (sale == NULL)
    return NULL;
  pos_sale_renew_client_reference (sale, self->station_name);
  if (pos_sale_get_n_charges (sale) == 0)
    pos_sale_add_charge (sale, NULL);

  /* A changed sale replaces a session the customer left (dismissed or declined): the old one is
   * closed first, so that it can never be re-opened and paid beside the new one. */
  if (self->state == POS_SALE_STATUS_DISMISSED || self->state == POS_SALE_STATUS_FAILED) {
    g_autofree char *reason = NULL;
    PosJournalChange c = { .status = POS_SALE_STATUS_CLOSED,
                           .from_mask = MASK (DISMISSED) | MASK (FAILED),
                           .keep_error_text = TRUE };

    /* Translators: %s is the new sale's ClientReference. */
    reason = g_strdup_printf (_ ("Replaced by the changed sale %s."),
                              pos_sale_get_client_reference (sale));
    c.closed_by = self->agent_email;
    c.closed_reason = reason;
    if (!change (self, &c, error))
      return NULL;
  }

  copy = checkout_new (self->journal, self->agent_email, self->station_name);
  take_sale (copy, sale);
  copy->dirty = TRUE;
  if (!save_draft (copy, error)) {
    g_object_unref (copy);
    return NULL;
  }
  return copy;
}
