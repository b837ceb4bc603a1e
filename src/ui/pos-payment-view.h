/* pos-payment-view.h: Paystar's hosted payment form for one sale, in a locked-down WebKit view.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <webkit/webkit.h>

#include "paystar-event.h"
#include "pos.h"
#include "pos-web-policy.h"

G_BEGIN_DECLS

/* Why the view gave up and shows its error page. */
typedef enum {
  POS_PAYMENT_FAILURE_NETWORK,      /* the payment page or the SDK loader could not be loaded */
  POS_PAYMENT_FAILURE_TLS,          /* the server's certificate was not valid (never bypassed) */
  POS_PAYMENT_FAILURE_WEB_PROCESS,  /* the web process crashed again and again */
  POS_PAYMENT_FAILURE_SDK,          /* the SDK refused to open the form (COMPONENT.ERROR) */
  POS_PAYMENT_FAILURE_INVALID_LINK, /* the payment link is not on the configured web origin */
} PosPaymentFailure;

#define POS_TYPE_PAYMENT_FAILURE (pos_payment_failure_get_type ())
GType pos_payment_failure_get_type (void);

#define POS_PAYMENT_VIEW_MAX_AUTOMATIC_RELOADS 2

#define POS_TYPE_PAYMENT_VIEW (pos_payment_view_get_type ())
G_DECLARE_FINAL_TYPE (PosPaymentView, pos_payment_view, POS, PAYMENT_VIEW, GtkWidget)

/* One view per sale: create a new one for every customer and drop it afterwards. Each view owns
 * an ephemeral WebKitNetworkSession (cookies, storage, cache live in memory and die with the view)
 * and, in both modes, a loopback SoupServer for its bridge page and its error pages.
 *
 * Construct-only properties:
 *   "mode"            PosPaymentPageMode: sdk (default) or redirect
 *   "web-origin"      string: the environment's Paystar web origin, e.g. "https://dev.paystar.io"
 *                     or the sandbox's "http://127.0.0.1:PORT" (pos_settings_get_web_origin())
 *   "sdk-loader-url"  string: the SDK loader (pos_settings_get_sdk_loader_url()); it must be on
 *                     web-origin. Needed in sdk mode only.
 *   "success-url", "return-url"  string: the station's redirect targets, intercepted and never
 *                     loaded (needed in redirect mode; also honoured in sdk mode)
 *   "debug"           gboolean: developer extras and the inspector (the app's --debug)
 * Read-only: "web-view" (WebKitWebView), "bridge-origin" (string, "http://127.0.0.1:PORT").
 *
 * Signals (all emitted on the main thread; a handler may drop the view):
 *   "loaded" ()  the form is ready: PAYMENT-SESSION.LOADED (sdk) or the hosted page finished
 *                loading (redirect). Emitted again after a reload.
 *   "event" (gpointer event)  every SDK event from the bridge, a PaystarEvent* valid during the
 *                emission only (sdk mode).
 *   "processed" (int status, const char *masked_card, gint64 subtotal, const char *session_id)
 *                PAYMENT-SESSION.PROCESSED; status is a PaystarSessionStatus. Failed means
 *                declined: the customer may try another card on the same form, so "processed"
 *                can come again; Pending is not final. subtotal is in cents, -1 when absent;
 *                masked_card ("****4242") and session_id may be NULL.
 *   "dismissed" ()  COMPONENT.DISMISS: the customer closed the form (sdk).
 *   "redirect-success" (const char *uri), "redirect-return" (const char *uri)
 *                a navigation to success-url / return-url was intercepted (both modes). @uri is
 *                the full URI, query included: do not log it. The return URL is also where
 *                "Go back" leads after a payment, so neither signal is an outcome by itself:
 *                look the session up before recording the sale.
 *   "blocked" (const char *redacted_uri, PosWebNavKind kind)  a navigation was refused by
 *                pos_web_policy_decide() (also logged with g_message, without the query).
 *   "web-process-crashed" (guint count, gboolean reloading)  the web process died; the view
 *                reloads itself up to POS_PAYMENT_VIEW_MAX_AUTOMATIC_RELOADS times, then gives up
 *                with "failed" (WEB_PROCESS). Not emitted for a web process that ends while an
 *                error is shown.
 *   "failed" (PosPaymentFailure reason, const char *message)  the error page is shown: GTK
 *                widgets in place of the web view (title, message, detail, a Try Again button,
 *                action "payment.retry"). Nothing loads into the web view, so no web process
 *                starts, until Try Again or open(). */

PosPaymentView *pos_payment_view_new (PosPaymentPageMode mode,
                                      const char *web_origin,
                                      const char *sdk_loader_url,
                                      const char *success_url,
                                      const char *return_url,
                                      gboolean debug);
/* The same with the mode, origins and URLs the station's settings hold now. */
PosPaymentView *pos_payment_view_new_for_settings (PosSettings *settings, gboolean debug);

/* Warm-up: creates the web process and, in sdk mode, loads the bridge page and the SDK loader
 * (which also opens the TLS connection to Paystar), so that pos_payment_view_open() only has to
 * hand the link to a page that is already running. In redirect mode it starts the web process
 * on a blank page of the bridge origin and prefetches Paystar's DNS. Call it as soon as the
 * agent starts keying a sale; it is idempotent, and open() works without it. */
void pos_payment_view_prewarm (PosPaymentView *self);

/* Shows the hosted form for @payment_link (the PaymentLogInLink). A link that is not on the web
 * origin is refused with "failed" (INVALID_LINK). */
void pos_payment_view_open (PosPaymentView *self, const char *payment_link);

/* Loads the form again after "failed" (what the Try Again button does); resets the crash count. */
void pos_payment_view_retry (PosPaymentView *self);

PosPaymentPageMode pos_payment_view_get_mode (PosPaymentView *self);
const char *pos_payment_view_get_web_origin (PosPaymentView *self);
/* "http://127.0.0.1:PORT" of this view's bridge server. */
const char *pos_payment_view_get_bridge_origin (PosPaymentView *self);
/* Transfer none. For tests and for focus handling; do not change its settings. */
WebKitWebView *pos_payment_view_get_web_view (PosPaymentView *self);
/* TRUE while the error page is shown. */
gboolean pos_payment_view_get_showing_error (PosPaymentView *self);

G_END_DECLS
