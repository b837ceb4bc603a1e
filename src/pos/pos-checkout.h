/* pos-checkout.h: one sale's lifecycle, from the first keystroke to its final outcome.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A PosCheckout owns one sale and its single journal row. Its "state" is the row's status, and
 * every change of state is one journal transaction, so the screen, the journal and the gateway
 * can never disagree about a sale, and no crash can leave two records for one ClientReference:
 *
 *   draft ──submit──▶ submitting ──created──▶ created ("awaiting payment")
 *     ▲  ◀──refused (field errors, 401)──┤        │  SDK event / lookup
 *     │                                  │        ├──▶ succeeded, pending, failed ("declined")
 *   not-sent ◀──nothing left the station─┤        ├──COMPONENT.DISMISS──▶ dismissed
 *                                        │        └──form closed without an event──▶ unconfirmed
 *                                        └──may have reached Paystar──▶ unknown ("outcome unknown")
 *
 *   unknown ──retry (lookup by reference first)──▶ submitting / created / not-sent ...
 *   any sent, non-final sale ──an administrator closes it with a reason──▶ closed
 *
 * The UI only draws the state and calls the methods below; nothing here needs a display.
 */
#pragma once

#include <gio/gio.h>

#include "paystar.h"
#include "pos-sale-record.h"
#include "pos-sale.h"
#include "pos-types.h"

G_BEGIN_DECLS

/* How long after an edit the sale is saved at the latest (a kill -9 loses at most this much
 * typing; benchmarks/bench-draft.c measures it). */
#define POS_CHECKOUT_DEFAULT_DRAFT_DELAY_MS 40

#define POS_TYPE_CHECKOUT (pos_checkout_get_type ())
G_DECLARE_FINAL_TYPE (PosCheckout, pos_checkout, POS, CHECKOUT, GObject)

/* What the request needs besides the sale. In the POS channel (the default) the checkout's
 * agent email is the PosUser; in QuickPay, Paystar's channel for customer self-service, the
 * request has no PosUser (Paystar refuses one there) and the agent email only names the taker in
 * the journal. */
typedef struct {
  const char *business_unit_slug;
  const char *success_url; /* redirect mode only; NULL in SDK mode (with return_url) */
  const char *return_url;
  /* The origin of Paystar's hosted pages ("https://dev.paystar.io", the sandbox's base URI): a
   * session found by a lookup gets its link rebuilt from it, in the documented shape
   * {origin}/app/embedded/{slug}/session/{id}. NULL: such a session cannot be re-opened. */
  const char *web_origin;
  /* "POS" or "QuickPay"; NULL is "POS". */
  const char *channel;
} PosCheckoutOptions;

/* Properties (all read-only; each notified on change only):
 *   "journal"            PosJournal
 *   "agent-email"        string: the agent whose sale it is (the PosUser)
 *   "id"                 gint64: the journal row, 0 until the sale is first saved
 *   "state"              PosSaleStatus (see the diagram above)
 *   "sale"               PosSale: the sale as keyed (for a sent sale, as it was sent)
 *   "client-reference"   string
 *   "session-identifier" string or NULL
 *   "session-link"       string or NULL
 *   "message"            string or NULL: what the agent should know about the last transition,
 *                        translated, saying what to do next
 *   "busy"               gboolean: a request (submit, retry, lookup) is in flight
 *   "editable"           gboolean: the sale may be changed (draft, not-sent, and not busy)
 *   "restored"           gboolean: the sale came back from the journal (an earlier run's draft or
 *                        an unfinished sale), not started in this run
 *   "edited"             gint64: when the sale was last changed, microseconds since the epoch
 *                        (0 for a sale never saved)
 *   "card-last4"         string or NULL: once Paystar reported the card
 *
 * Signal "step" (const char *name): emitted at the points where a crash matters ("commit" just
 * before each journal commit, "committed" after, "sending", "answered" before the answer is
 * journaled). For tests that kill the process there; nothing else should need it. */

/* A new, empty sale (one empty charge) for @agent_email, not yet in the journal. */
PosCheckout *
pos_checkout_new (PosJournal *journal, const char *agent_email, const char *station_name);
/* The agent's editable sale from the journal (a draft, or a sale that was not sent), restored;
 * NULL without an error when there is none. A draft that cannot be read is an error
 * (POS_ERROR_INVALID_DRAFT) and is kept in the journal untouched. */
PosCheckout *pos_checkout_resume (PosJournal *journal,
                                  const char *agent_email,
                                  const char *station_name,
                                  GError **error);
/* Any journaled sale by id. A sale left "submitting" by an earlier run (no request of this
 * process is in flight for it) becomes "unknown": the station stopped before Paystar answered. */
PosCheckout *
pos_checkout_load (PosJournal *journal, gint64 id, const char *station_name, GError **error);

/* At a station's start: every sale an earlier run left "submitting" (no request of this process
 * is in flight for it) becomes "unknown", the station having stopped before Paystar answered,
 * so that History and every list show what the sale needs. */
gboolean pos_checkout_recover_interrupted (PosJournal *journal, GError **error);
/* The agent's sales that are neither editable nor final (submitting, created, unconfirmed,
 * unknown, pending), newest first: what the agent must see before a new sale. GListModel of
 * PosSaleRecord. */
GListModel *
pos_checkout_list_unfinished (PosJournal *journal, const char *agent_email, GError **error);
/* A sentence for @record's state in a recovery list: what it means and what to do. */
const char *pos_checkout_describe_state (PosSaleStatus state);

PosJournal *pos_checkout_get_journal (PosCheckout *self);
const char *pos_checkout_get_agent_email (PosCheckout *self);
gint64 pos_checkout_get_id (PosCheckout *self);
PosSaleStatus pos_checkout_get_state (PosCheckout *self);
PosSale *pos_checkout_get_sale (PosCheckout *self);
const char *pos_checkout_get_client_reference (PosCheckout *self);
const char *pos_checkout_get_session_identifier (PosCheckout *self);
const char *pos_checkout_get_session_link (PosCheckout *self);
const char *pos_checkout_get_message (PosCheckout *self);
gboolean pos_checkout_get_busy (PosCheckout *self);
gboolean pos_checkout_get_editable (PosCheckout *self);
gboolean pos_checkout_get_restored (PosCheckout *self);
gint64 pos_checkout_get_edited (PosCheckout *self);
const char *pos_checkout_get_card_last4 (PosCheckout *self);
/* The journal's record of the sale now (NULL before the first save). */
PosSaleRecord *pos_checkout_dup_record (PosCheckout *self);
/* Paystar's field errors from the last refusal, or the local ones from the last submit that did
 * not leave (PaystarFieldError*, transfer none, never NULL). */
GPtrArray *pos_checkout_get_field_errors (PosCheckout *self);

/* Drafts: every change to the sale is saved within the draft delay. */
void pos_checkout_set_draft_delay (PosCheckout *self, guint delay_ms);
/* Saves a pending change now. FALSE with the error (and "message" set) when the journal refused
 * it, e.g. POS_ERROR_SENSITIVE_DATA for text that looks like a card number. */
gboolean pos_checkout_flush (PosCheckout *self, GError **error);

/* Validates the sale locally, builds its request once, journals it ("submitting", one
 * transaction with the draft) and sends it. Finishes TRUE when Paystar created the session
 * (state "created"); otherwise FALSE with the error, and the state says what happened:
 *   "draft"    local or Paystar's field errors (POS_ERROR_INVALID_SALE or PAYSTAR_ERROR_REJECTED;
 *              see pos_checkout_get_field_errors()), or Paystar refused the station's key;
 *   "not-sent" nothing left the station (refused connection, unknown host, TLS, no API key):
 *              the same reference goes out on the next submit;
 *   "unknown"  the request may have reached Paystar: only retry() or an administrator go on.
 * Cancelling leaves the sale "unknown" when the request had started. */
void pos_checkout_submit_async (PosCheckout *self,
                                PaystarClient *client,
                                const PosCheckoutOptions *options,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
gboolean pos_checkout_submit_finish (PosCheckout *self, GAsyncResult *result, GError **error);

/* "unknown" only: first asks Paystar for the reference (when the client can look sessions up):
 * found, the sale takes the session's state; not found, or no lookup, the very same request
 * (same ClientReference) goes again, so Paystar cannot create a second session for it. Finishes
 * like submit. */
void pos_checkout_retry_async (PosCheckout *self,
                               PaystarClient *client,
                               const PosCheckoutOptions *options,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data);
gboolean pos_checkout_retry_finish (PosCheckout *self, GAsyncResult *result, GError **error);

/* Asks Paystar how the sale stands (by session identifier, else by reference) and records what it
 * says. G_IO_ERROR_NOT_SUPPORTED when the client cannot look sessions up (Paystar has not
 * published the Query API's paths; see the query-*-path settings). TRUE when the state was
 * brought up to date (it may be unchanged). */
void pos_checkout_reconcile_async (PosCheckout *self,
                                   PaystarClient *client,
                                   const PosCheckoutOptions *options,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
gboolean pos_checkout_reconcile_finish (PosCheckout *self, GAsyncResult *result, GError **error);

/* The payment form. */
/* The form of the sale's session is being opened (first time or again): "created" again from
 * dismissed, failed or unconfirmed. FALSE (POS_ERROR_INVALID_STATE) from any other state. */
gboolean pos_checkout_open_form (PosCheckout *self, GError **error);
/* Records what an SDK event says: the session object in PAYMENT-SESSION.LOADED, .UPDATED and
 * .PROCESSED is authoritative (Succeeded, Pending; Failed when processed), COMPONENT.DISMISS
 * dismisses. Events of another session are refused (POS_ERROR_INVALID_STATE). Returns TRUE when
 * the event was taken (whether or not the state changed). */
gboolean pos_checkout_record_event (PosCheckout *self, const PaystarEvent *event, GError **error);
/* The form was closed by the station (Back, the window closing) without a PROCESSED or DISMISS
 * event: "unconfirmed", never "dismissed"; the sale stays re-openable. Nothing happens in other
 * states than "created". */
gboolean pos_checkout_form_closed (PosCheckout *self, GError **error);
/* Redirect mode: the customer reached the success URL (Paystar sends them there after a
 * payment). Without a lookup this is the only word the station gets. */
gboolean pos_checkout_record_success_url (PosCheckout *self, GError **error);

/* Ends a draft or a not-sent sale: nothing reached Paystar, its row is deleted. */
gboolean pos_checkout_discard (PosCheckout *self, GError **error);
/* An administrator ends a sale that reached (or may have reached) Paystar and is not final:
 * "closed", with @reason (required, kept in the journal with @admin_email). */
gboolean
pos_checkout_close (PosCheckout *self, const char *admin_email, const char *reason, GError **error);
/* A new draft with the same charges and options and a new ClientReference, for a sale that is
 * over (succeeded, failed, dismissed, closed, error from an older version): never for one whose
 * session may still be paid. A dismissed or declined sale is closed first ("Replaced by the
 * changed sale ..."), so its session cannot be re-opened beside the new one. NULL with
 * POS_ERROR_INVALID_STATE otherwise. */
PosCheckout *pos_checkout_copy_as_new (PosCheckout *self, GError **error);

G_END_DECLS
