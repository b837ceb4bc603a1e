/* pos-payment-view.c: Paystar's hosted payment form for one sale, in a locked-down WebKit view.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How it is put together, and why:
 *
 * - One ephemeral WebKitNetworkSession per view, and one view per sale: cookies, storage and cache
 *   of one customer die with the view.
 * - The bridge page (src/ui/bridge/) is ours: it loads the SDK loader and relays the SDK's events
 *   over the "paystar" script message handler. It is served by a loopback SoupServer that each
 *   view owns, not by a custom URI scheme: WebKit 2.50 does give a custom scheme page a real
 *   origin ("paystar-pos-bridge://bridge", checked), but the hosted page only posts its events to
 *   an http(s) parentOrigin (the sandbox's page.js, and presumably Paystar's), so the bridge needs
 *   an http origin. Loopback counts as a secure context.
 * - WebKit exposes script message handlers to every frame of a page, cross-origin iframes
 *   included (checked on 2.50), so "registered in the default world" is not enough to know a
 *   message came from the bridge. The view accepts a message only when the main frame shows the
 *   bridge page and the message carries the per-view token that the view put in the bridge's URL
 *   fragment, which the hosted page (another origin) cannot read.
 * - WebKitGTK's navigation policy does not say which frame navigates (the frame name is NULL for
 *   the main frame and for unnamed iframes alike, checked on 2.50). The view therefore evaluates
 *   about:blank as a subframe navigation and everything else as top-level (the policy treats the
 *   two alike for web URIs), and guards the main frame separately in "load-changed": in sdk mode
 *   it may only show the bridge origin, in redirect mode also the web origin; anything else is
 *   stopped and reported.
 * - Errors are shown by GTK (an AdwStatusPage with a Try Again button on a stack page over the web
 *   view), never as a page loaded into the web view: loading anything starts a web process, and a
 *   web process that keeps crashing would then never stop being restarted. Once the view has
 *   given up, nothing loads until the clerk presses Try Again. Untrusted strings (an SDK message)
 *   only ever reach a GtkLabel as plain text or escaped markup.
 * - In redirect mode the warm-up's blank page and the payment link never load at the same time:
 *   WebKitGTK sometimes drops both when a load replaces one still in progress, so the link waits
 *   until the warm-up load has finished or failed.
 * - Nothing is ever injected into Paystar's page (PCI DSS SAQ A).
 */
#include "config.h"

#include "pos-payment-view.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>
#include <sys/random.h>

#include "paystar-json.h"

#include "pos-bridge-server.h"
#include "pos-process.h"

#define MESSAGE_HANDLER "paystar"
#define TOKEN_BYTES     16
#define MAX_SDK_MESSAGE 200

G_DEFINE_ENUM_TYPE (PosPaymentFailure,
                    pos_payment_failure,
                    G_DEFINE_ENUM_VALUE (POS_PAYMENT_FAILURE_NETWORK, "network"),
                    G_DEFINE_ENUM_VALUE (POS_PAYMENT_FAILURE_TLS, "tls"),
                    G_DEFINE_ENUM_VALUE (POS_PAYMENT_FAILURE_WEB_PROCESS, "web-process"),
                    G_DEFINE_ENUM_VALUE (POS_PAYMENT_FAILURE_SDK, "sdk"),
                    G_DEFINE_ENUM_VALUE (POS_PAYMENT_FAILURE_INVALID_LINK, "invalid-link"))

typedef enum {
  BRIDGE_NONE,    /* not loaded (or replaced by an error page) */
  BRIDGE_LOADING, /* loading, the loader not yet in place */
  BRIDGE_READY,   /* window.Paystar is there */
  BRIDGE_FAILED,  /* the loader could not be loaded */
} BridgeState;

struct _PosPaymentView {
  GtkWidget parent_instance;

  GtkStack *stack;
  AdwStatusPage *error_page;
  GtkLabel *error_detail;
  GtkWidget *retry_button;

  WebKitWebView *web_view;
  WebKitNetworkSession *network_session;
  WebKitUserContentManager *content_manager;
  PosBridgeServer *bridge_server;
  GCancellable *cancellable;

  PosPaymentPageMode mode;
  char *web_origin;
  char *sdk_loader_url;
  char *success_url;
  char *return_url;
  gboolean debug;

  char *bridge_origin; /* "http://127.0.0.1:PORT", NULL when the server could not listen */
  char *token;
  PosWebPolicyContext policy; /* points into the strings above */

  char *payment_link;
  BridgeState bridge_state;
  guint crashes;
  gboolean showing_error;
  gboolean prewarmed;
  gboolean warming_up; /* redirect mode: the warm-up's blank page is loading */
};

G_DEFINE_FINAL_TYPE (PosPaymentView, pos_payment_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODE,
  PROP_WEB_ORIGIN,
  PROP_SDK_LOADER_URL,
  PROP_SUCCESS_URL,
  PROP_RETURN_URL,
  PROP_DEBUG,
  PROP_WEB_VIEW,
  PROP_BRIDGE_ORIGIN,
  N_PROPS
};

enum {
  SIGNAL_LOADED,
  SIGNAL_EVENT,
  SIGNAL_PROCESSED,
  SIGNAL_DISMISSED,
  SIGNAL_REDIRECT_SUCCESS,
  SIGNAL_REDIRECT_RETURN,
  SIGNAL_BLOCKED,
  SIGNAL_WEB_PROCESS_CRASHED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void load_bridge (PosPaymentView *self);

/* ---- Small helpers ---- */

static gboolean
is_disposed (PosPaymentView *self)
{
  return self->web_view == NULL;
}

static char *
new_token (void)
{
  guint8 bytes[TOKEN_BYTES];
  GString *text = g_string_sized_new (TOKEN_BYTES * 2);

  if (getrandom (bytes, sizeof bytes, 0) != (gssize) sizeof bytes) {
    /* Only a defence in depth (see the top of the file): GRand will do if the kernel refuses. */
    for (guint i = 0; i < TOKEN_BYTES; i++)
      bytes[i] = (guint8) g_random_int_range (0, 256);
  }
  for (guint i = 0; i < TOKEN_BYTES; i++)
    g_string_append_printf (text, "%02x", bytes[i]);
  return g_string_free (text, FALSE);
}

static gboolean
token_equal (const char *expected, const char *given)
{
  gsize length = strlen (expected);
  guint8 difference = 0;

  if (given == NULL || strlen (given) != length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    difference |= (guint8) (expected[i] ^ given[i]);
  return difference == 0;
}

static char *
uri_path (const char *uri)
{
  g_autoptr (GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED, NULL);

  return parsed != NULL ? g_strdup (g_uri_get_path (parsed)) : NULL;
}

static char *
uri_host (const char *uri)
{
  g_autoptr (GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);

  return parsed != NULL ? g_strdup (g_uri_get_host (parsed)) : NULL;
}

static gboolean
main_frame_is_bridge (PosPaymentView *self)
{
  const char *uri = webkit_web_view_get_uri (self->web_view);
  g_autofree char *path = NULL;

  if (self->bridge_origin == NULL || !pos_web_policy_is_same_origin (uri, self->bridge_origin))
    return FALSE;
  path = uri_path (uri);
  return g_strcmp0 (path, "/bridge.html") == 0;
}

static gboolean
loader_is_usable (PosPaymentView *self)
{
  return self->sdk_loader_url != NULL && self->web_origin != NULL &&
         pos_web_policy_is_same_origin (self->sdk_loader_url, self->web_origin);
}

static void
report_blocked (PosPaymentView *self, const char *uri, PosWebNavKind kind)
{
  g_autoptr (PosPaymentView) keep = g_object_ref (self);
  g_autofree char *redacted = pos_web_policy_redact_uri (uri);

  g_message ("Payment page: blocked a %s navigation to %s", pos_web_nav_kind_to_string (kind),
             redacted);
  g_signal_emit (self, signals[SIGNAL_BLOCKED], 0, redacted, (int) kind);
}

/* ---- Errors ---- */

static void
set_retry_visible (PosPaymentView *self, gboolean visible)
{
  gtk_stack_set_visible_child_name (self->stack, visible ? "error" : "form");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "payment.retry", visible);
}

/* Shows the error page (GTK widgets: nothing is loaded into the web view, so no web process
 * starts) until the clerk presses Try Again. */
static void
show_error (PosPaymentView *self,
            PosPaymentFailure reason,
            const char *title,
            const char *message,
            const char *detail)
{
  g_autoptr (PosPaymentView) keep = g_object_ref (self);
  /* The description is markup: escape it, translations included. */
  g_autofree char *message_markup = g_markup_escape_text (message, -1);

  self->showing_error = TRUE;
  self->bridge_state = BRIDGE_NONE;
  self->warming_up = FALSE;
  /* Whatever was still loading (the form, a bridge page) stops behind the error. */
  webkit_web_view_stop_loading (self->web_view);
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message_markup);
  /* Plain text: a detail may come from the SDK. */
  gtk_label_set_text (self->error_detail, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_detail), detail != NULL && *detail != '\0');
  set_retry_visible (self, TRUE);
  /* A keyboard-only clerk who was in the form lands on Try Again, not on a hidden page. */
  if (gtk_widget_get_state_flags (GTK_WIDGET (self)) & GTK_STATE_FLAG_FOCUS_WITHIN)
    gtk_widget_grab_focus (self->retry_button);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, reason, message);
}

static const char *
describe_tls_errors (GTlsCertificateFlags errors)
{
  if (errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return _ ("Its certificate was not issued by a trusted authority.");
  if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return _ ("Its certificate belongs to another site.");
  if (errors & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return _ ("Its certificate is not valid yet.");
  if (errors & G_TLS_CERTIFICATE_EXPIRED)
    return _ ("Its certificate has expired.");
  if (errors & G_TLS_CERTIFICATE_REVOKED)
    return _ ("Its certificate has been revoked.");
  if (errors & G_TLS_CERTIFICATE_INSECURE)
    return _ ("Its certificate uses insecure cryptography.");
  return _ ("Its certificate is not valid.");
}

/* ---- Opening the form ---- */

static void
call_open_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (PosPaymentView) self = user_data;
  g_autoptr (JSCValue) value = NULL;
  g_autoptr (GError) error = NULL;

  value = webkit_web_view_call_async_javascript_function_finish (WEBKIT_WEB_VIEW (source), result,
                                                                 &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || is_disposed (self))
    return;
  if (error != NULL) {
    /* The page went away meanwhile (a crash, a reload): what replaced it takes over. */
    g_message ("Payment page: could not hand the link to the bridge: %s", error->message);
  }
}

/* Hands the link to the bridge page, which must be ready. */
static void
bridge_open (PosPaymentView *self)
{
  g_auto (GVariantDict) arguments = G_VARIANT_DICT_INIT (NULL);

  g_assert (self->payment_link != NULL);
  if (!main_frame_is_bridge (self)) {
    load_bridge (self);
    return;
  }
  g_variant_dict_insert (&arguments, "link", "s", self->payment_link);
  webkit_web_view_call_async_javascript_function (
    self->web_view, "return posBridge.open(link);", -1, g_variant_dict_end (&arguments), NULL, NULL,
    self->cancellable, call_open_cb, g_object_ref (self));
}

static void
load_bridge (PosPaymentView *self)
{
  g_autofree char *uri = NULL;

  if (self->bridge_origin == NULL)
    return;
  uri = g_strconcat (self->bridge_origin, "/bridge.html#", self->token, NULL);
  self->bridge_state = BRIDGE_LOADING;
  webkit_web_view_load_uri (self->web_view, uri);
}

static void
show_loader_error (PosPaymentView *self)
{
  g_autofree char *host = uri_host (self->web_origin);
  g_autofree char *detail = NULL;

  if (host != NULL)
    /* Translators: %s is a host name, like dev.paystar.io. */
    detail = g_strdup_printf (_ ("Payment server: %s"), host);
  show_error (self, POS_PAYMENT_FAILURE_NETWORK, _ ("The payment form could not be loaded"),
              _ ("The station could not reach Paystar's payment server securely. Check the "
                 "network connection, then try again."),
              detail);
}

/* (Re)starts what the view is for: the form for the current link, or the warm-up without one. */
static void
start (PosPaymentView *self)
{
  self->showing_error = FALSE;
  set_retry_visible (self, FALSE);

  if (self->mode == POS_PAYMENT_PAGE_MODE_REDIRECT) {
    /* The link waits for the warm-up load: see the top of the file. */
    if (self->warming_up)
      return;
    if (self->payment_link != NULL) {
      webkit_web_view_load_uri (self->web_view, self->payment_link);
    } else if (self->bridge_origin != NULL) {
      g_autofree char *blank = g_strconcat (self->bridge_origin, "/blank", NULL);

      self->warming_up = TRUE;
      webkit_web_view_load_uri (self->web_view, blank);
    }
    return;
  }

  if (self->bridge_origin == NULL || !loader_is_usable (self)) {
    if (self->payment_link == NULL)
      return;
    if (self->bridge_origin == NULL)
      show_error (self, POS_PAYMENT_FAILURE_NETWORK, _ ("The payment form could not be loaded"),
                  _ ("The station could not start its local payment page. Restart the station."),
                  NULL);
    else
      show_error (self, POS_PAYMENT_FAILURE_SDK, _ ("The payment form could not be loaded"),
                  _ ("The Paystar SDK address does not belong to the configured Paystar server. "
                     "Ask your administrator to check the station's environment."),
                  NULL);
    return;
  }

  if (self->payment_link != NULL && self->bridge_state == BRIDGE_READY)
    bridge_open (self);
  else if (self->bridge_state != BRIDGE_LOADING)
    load_bridge (self);
}

/* ---- Messages from the bridge page ---- */

static void
handle_event (PosPaymentView *self, JsonNode *node)
{
  g_autoptr (PaystarEvent) event = NULL;
  g_autoptr (GError) error = NULL;

  event = paystar_event_parse_node (node, &error);
  if (event == NULL) {
    g_message ("Payment page: ignored an SDK event that does not parse: %s", error->message);
    return;
  }
  g_debug ("Payment page: SDK event %s", event->name);

  g_signal_emit (self, signals[SIGNAL_EVENT], 0, event);
  if (is_disposed (self))
    return;

  switch (event->kind) {
    case PAYSTAR_EVENT_SESSION_LOADED:
      g_signal_emit (self, signals[SIGNAL_LOADED], 0);
      break;
    case PAYSTAR_EVENT_SESSION_PROCESSED:
      g_signal_emit (self, signals[SIGNAL_PROCESSED], 0, (int) event->status,
                     event->account_number_masked, event->has_subtotal ? event->subtotal : -1,
                     event->session_identifier);
      break;
    case PAYSTAR_EVENT_COMPONENT_DISMISS:
      g_signal_emit (self, signals[SIGNAL_DISMISSED], 0);
      break;
    case PAYSTAR_EVENT_OTHER:
      if (g_strcmp0 (event->name, "COMPONENT.ERROR") == 0) {
        JsonObject *data = NULL;
        const char *sdk_message = NULL;
        g_autofree char *detail = NULL;

        /* The event as the SDK sent it: "data" may be missing or of any type. */
        if (JSON_NODE_HOLDS_OBJECT (node) &&
            paystar_json_get_object (json_node_get_object (node), "data", &data))
          paystar_json_get_string (data, "message", &sdk_message);
        if (sdk_message != NULL)
          detail = g_utf8_substring (sdk_message, 0,
                                     MIN (g_utf8_strlen (sdk_message, -1), MAX_SDK_MESSAGE));
        show_error (self, POS_PAYMENT_FAILURE_SDK, _ ("The payment form could not be opened"),
                    _ ("Paystar refused to open the payment form. Start the sale again; if this "
                       "keeps happening, call your administrator."),
                    detail);
      }
      break;
    case PAYSTAR_EVENT_FRAME_LOADED:
    case PAYSTAR_EVENT_SESSION_UPDATED:
    default:
      break;
  }
}

static void
script_message_received_cb (WebKitUserContentManager *manager,
                            JSCValue *value,
                            PosPaymentView *self)
{
  g_autoptr (PosPaymentView) keep = g_object_ref (self);
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;
  const char *token = NULL;
  const char *kind = NULL;

  g_assert (POS_IS_PAYMENT_VIEW (self));

  if (is_disposed (self) || !jsc_value_is_string (value))
    return;
  if (!main_frame_is_bridge (self)) {
    g_message ("Payment page: ignored a message while the main frame is not the bridge page");
    return;
  }
  text = jsc_value_to_string (value);
  root = paystar_json_parse (text, -1, &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)) {
    g_message ("Payment page: ignored a message that is not a JSON object%s%s",
               error != NULL ? ": " : "", error != NULL ? error->message : "");
    return;
  }
  object = json_node_get_object (root);
  if (!paystar_json_get_string (object, "token", &token) || !token_equal (self->token, token)) {
    g_message ("Payment page: ignored a message without the bridge's token");
    return;
  }
  paystar_json_get_string (object, "kind", &kind);

  if (g_strcmp0 (kind, "ready") == 0) {
    self->bridge_state = BRIDGE_READY;
    if (self->payment_link != NULL && !self->showing_error)
      bridge_open (self);
  } else if (g_strcmp0 (kind, "loader-error") == 0) {
    self->bridge_state = BRIDGE_FAILED;
    /* During the warm-up nobody waits for the form yet: open() tries again. */
    if (self->payment_link != NULL)
      show_loader_error (self);
    else
      g_debug ("Payment page: the SDK loader could not be loaded during the warm-up");
  } else if (g_strcmp0 (kind, "event") == 0 && json_object_has_member (object, "event")) {
    handle_event (self, json_object_get_member (object, "event"));
  } else {
    g_message ("Payment page: ignored a bridge message of an unknown kind");
  }
}

/* ---- Navigation ---- */

typedef struct {
  PosPaymentView *self;
  guint signal_id;
  char *uri;
} Intercept;

static gboolean
emit_intercept_cb (gpointer user_data)
{
  Intercept *intercept = user_data;

  if (!is_disposed (intercept->self))
    g_signal_emit (intercept->self, intercept->signal_id, 0, intercept->uri);
  g_object_unref (intercept->self);
  g_free (intercept->uri);
  g_free (intercept);
  return G_SOURCE_REMOVE;
}

/* The signal goes out from an idle: a handler that drops the view must not do it in the middle
 * of WebKit's policy callback. */
static void
report_intercept (PosPaymentView *self, PosWebDecision decision, const char *uri)
{
  Intercept *intercept = g_new0 (Intercept, 1);
  g_autofree char *redacted = pos_web_policy_redact_uri (uri);

  g_debug ("Payment page: intercepted %s", redacted);
  intercept->self = g_object_ref (self);
  intercept->signal_id = decision == POS_WEB_DECISION_INTERCEPT_SUCCESS
                           ? signals[SIGNAL_REDIRECT_SUCCESS]
                           : signals[SIGNAL_REDIRECT_RETURN];
  intercept->uri = g_strdup (uri);
  g_idle_add (emit_intercept_cb, intercept);
}

/* Applies the policy to one navigation request; TRUE when it may go ahead in this view. */
static gboolean
check_navigation (PosPaymentView *self, const char *uri, PosWebNavKind kind, gboolean user_gesture)
{
  PosWebDecision decision = pos_web_policy_decide (&self->policy, uri, kind, user_gesture);

  switch (decision) {
    case POS_WEB_DECISION_ALLOW:
      return TRUE;
    case POS_WEB_DECISION_INTERCEPT_SUCCESS:
    case POS_WEB_DECISION_INTERCEPT_RETURN:
      report_intercept (self, decision, uri);
      return FALSE;
    case POS_WEB_DECISION_BLOCK:
    default:
      report_blocked (self, uri, kind);
      return FALSE;
  }
}

/* A new window never opens: in redirect mode an allowed target loads in this view; in sdk mode
 * that would replace the bridge page (and with it the events), so it is refused. */
static void
handle_new_window (PosPaymentView *self, WebKitNavigationAction *action)
{
  WebKitURIRequest *request = webkit_navigation_action_get_request (action);
  const char *uri = webkit_uri_request_get_uri (request);

  if (!check_navigation (self, uri, POS_WEB_NAV_NEW_WINDOW,
                         webkit_navigation_action_is_user_gesture (action)))
    return;
  if (self->mode == POS_PAYMENT_PAGE_MODE_REDIRECT)
    webkit_web_view_load_uri (self->web_view, uri);
  else
    report_blocked (self, uri, POS_WEB_NAV_NEW_WINDOW);
}

static gboolean
decide_policy_cb (WebKitWebView *web_view,
                  WebKitPolicyDecision *decision,
                  WebKitPolicyDecisionType type,
                  PosPaymentView *self)
{
  g_autoptr (PosPaymentView) keep = g_object_ref (self);

  g_assert (POS_IS_PAYMENT_VIEW (self));

  switch (type) {
    case WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION: {
      WebKitNavigationAction *action = webkit_navigation_policy_decision_get_navigation_action (
        WEBKIT_NAVIGATION_POLICY_DECISION (decision));
      const char *uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));
      PosWebNavKind kind =
        g_ascii_strcasecmp (uri, "about:blank") == 0 ? POS_WEB_NAV_SUBFRAME : POS_WEB_NAV_TOP_LEVEL;

      if (check_navigation (self, uri, kind, webkit_navigation_action_is_user_gesture (action)))
        webkit_policy_decision_use (decision);
      else
        webkit_policy_decision_ignore (decision);
      return TRUE;
    }

    case WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION: {
      WebKitNavigationAction *action = webkit_navigation_policy_decision_get_navigation_action (
        WEBKIT_NAVIGATION_POLICY_DECISION (decision));

      webkit_policy_decision_ignore (decision);
      handle_new_window (self, action);
      return TRUE;
    }

    case WEBKIT_POLICY_DECISION_TYPE_RESPONSE: {
      WebKitResponsePolicyDecision *response = WEBKIT_RESPONSE_POLICY_DECISION (decision);

      /* What WebKit cannot show it would download: never. */
      if (!webkit_response_policy_decision_is_mime_type_supported (response)) {
        g_autofree char *redacted = pos_web_policy_redact_uri (
          webkit_uri_request_get_uri (webkit_response_policy_decision_get_request (response)));

        g_message ("Payment page: refused a download from %s", redacted);
        webkit_policy_decision_ignore (decision);
        return TRUE;
      }
      return FALSE;
    }

    default:
      webkit_policy_decision_ignore (decision);
      return TRUE;
  }
}

static GtkWidget *
create_cb (WebKitWebView *web_view, WebKitNavigationAction *action, PosPaymentView *self)
{
  g_autoptr (PosPaymentView) keep = g_object_ref (self);

  handle_new_window (self, action);
  return NULL;
}

/* What the main frame may show: the bridge origin (bridge and blank pages) and, in redirect
 * mode, the web origin. */
static gboolean
main_frame_uri_is_allowed (PosPaymentView *self, const char *uri)
{
  /* Before the first commit WebKit may report "" (checked on 2.50). */
  if (uri == NULL || *uri == '\0')
    return TRUE;
  if (self->bridge_origin != NULL && pos_web_policy_is_same_origin (uri, self->bridge_origin))
    return TRUE;
  return self->mode == POS_PAYMENT_PAGE_MODE_REDIRECT &&
         pos_web_policy_decide (&self->policy, uri, POS_WEB_NAV_TOP_LEVEL, FALSE) ==
           POS_WEB_DECISION_ALLOW;
}

/* Redirect mode: the warm-up's blank page finished, failed or was stopped. A link that waited
 * for it (see the top of the file) loads now. */
static void
end_warm_up (PosPaymentView *self)
{
  if (!self->warming_up)
    return;
  self->warming_up = FALSE;
  if (self->payment_link != NULL && !self->showing_error && !is_disposed (self))
    start (self);
}

static void
load_changed_cb (WebKitWebView *web_view, WebKitLoadEvent load_event, PosPaymentView *self)
{
  g_autoptr (PosPaymentView) keep = g_object_ref (self);
  const char *uri = webkit_web_view_get_uri (web_view);

  g_assert (POS_IS_PAYMENT_VIEW (self));

  switch (load_event) {
    case WEBKIT_LOAD_STARTED:
    case WEBKIT_LOAD_REDIRECTED:
    case WEBKIT_LOAD_COMMITTED:
      if (!main_frame_uri_is_allowed (self, uri)) {
        gboolean committed = load_event == WEBKIT_LOAD_COMMITTED;

        webkit_web_view_stop_loading (web_view);
        report_blocked (self, uri, POS_WEB_NAV_TOP_LEVEL);
        /* A page that replaced ours cannot be taken back; show the form again. */
        if (committed && !is_disposed (self)) {
          self->bridge_state = BRIDGE_NONE;
          start (self);
        }
      }
      break;

    case WEBKIT_LOAD_FINISHED:
      if (self->warming_up) {
        end_warm_up (self);
        break;
      }
      if (self->mode == POS_PAYMENT_PAGE_MODE_REDIRECT && !self->showing_error &&
          self->web_origin != NULL && pos_web_policy_is_same_origin (uri, self->web_origin))
        g_signal_emit (self, signals[SIGNAL_LOADED], 0);
      break;

    default:
      break;
  }
}

static gboolean
load_failed_cb (WebKitWebView *web_view,
                WebKitLoadEvent load_event,
                const char *failing_uri,
                GError *error,
                PosPaymentView *self)
{
  g_autoptr (PosPaymentView) keep = g_object_ref (self);
  g_autofree char *redacted = NULL;
  g_autofree char *host = NULL;
  g_autofree char *detail = NULL;

  g_assert (POS_IS_PAYMENT_VIEW (self));

  /* Nobody waits for the warm-up's blank page: whatever became of it, a waiting link goes on. */
  if (self->warming_up) {
    g_debug ("Payment page: the warm-up page did not load: %s", error->message);
    end_warm_up (self);
    return TRUE;
  }

  /* Our own stops, blocked navigations and refused downloads end up here too. */
  if (g_error_matches (error, WEBKIT_NETWORK_ERROR, WEBKIT_NETWORK_ERROR_CANCELLED) ||
      g_error_matches (error, WEBKIT_POLICY_ERROR,
                       WEBKIT_POLICY_ERROR_FRAME_LOAD_INTERRUPTED_BY_POLICY_CHANGE) ||
      g_error_matches (error, WEBKIT_POLICY_ERROR, WEBKIT_POLICY_ERROR_CANNOT_SHOW_MIME_TYPE))
    return TRUE;

  redacted = pos_web_policy_redact_uri (failing_uri);
  g_message ("Payment page: loading %s failed: %s", redacted, error->message);

  if (self->bridge_state == BRIDGE_LOADING)
    self->bridge_state = BRIDGE_FAILED;
  /* During the warm-up nobody waits for the page yet. */
  if (self->payment_link == NULL)
    return TRUE;

  host = uri_host (failing_uri);
  /* Translators: the first %s is a host name, the second an error message from the network. */
  detail = g_strdup_printf (_ ("%s: %s"), host != NULL ? host : redacted, error->message);
  show_error (self, POS_PAYMENT_FAILURE_NETWORK, _ ("The payment page could not be loaded"),
              _ ("Check the station's network connection, then try again."), detail);
  return TRUE;
}

static gboolean
load_failed_with_tls_errors_cb (WebKitWebView *web_view,
                                const char *failing_uri,
                                GTlsCertificate *certificate,
                                GTlsCertificateFlags errors,
                                PosPaymentView *self)
{
  g_autoptr (PosPaymentView) keep = g_object_ref (self);
  g_autofree char *redacted = pos_web_policy_redact_uri (failing_uri);
  g_autofree char *host = uri_host (failing_uri);
  g_autofree char *message = NULL;

  g_assert (POS_IS_PAYMENT_VIEW (self));

  g_message ("Payment page: TLS errors (0x%x) on %s; not loaded", errors, redacted);
  if (self->bridge_state == BRIDGE_LOADING)
    self->bridge_state = BRIDGE_FAILED;

  message = g_strdup_printf (
    /* Translators: %s is a host name, like secure.paystar.io. */
    _ ("The payment server %s could not prove that it is who it claims to be, so nothing was "
       "sent to it. Check that the station's date and time are right; if they are, call your "
       "administrator."),
    host != NULL ? host : redacted);
  show_error (self, POS_PAYMENT_FAILURE_TLS, _ ("This connection is not secure"), message,
              describe_tls_errors (errors));
  return TRUE;
}

static void
web_process_terminated_cb (WebKitWebView *web_view,
                           WebKitWebProcessTerminationReason reason,
                           PosPaymentView *self)
{
  g_autoptr (PosPaymentView) keep = g_object_ref (self);
  gboolean reloading;

  g_assert (POS_IS_PAYMENT_VIEW (self));

  self->bridge_state = BRIDGE_NONE;
  self->warming_up = FALSE;
  /* An error is shown already (a page kept alive behind it died): it stays until Try Again, and
   * nothing starts a new web process before that. */
  if (self->showing_error) {
    g_message ("Payment page: the web process ended (reason %d) behind an error; not reloading",
               reason);
    return;
  }

  self->crashes++;
  reloading = self->crashes <= POS_PAYMENT_VIEW_MAX_AUTOMATIC_RELOADS;
  g_message ("Payment page: the web process ended (reason %d, %u time(s)); %s", reason,
             self->crashes, reloading ? "reloading" : "giving up");

  g_signal_emit (self, signals[SIGNAL_WEB_PROCESS_CRASHED], 0, self->crashes, reloading);
  if (is_disposed (self))
    return;

  if (reloading)
    start (self);
  else
    show_error (self, POS_PAYMENT_FAILURE_WEB_PROCESS, _ ("The payment page stopped working"),
                _ ("The page stopped several times in a row. Try again; if it keeps happening, "
                   "restart the station."),
                NULL);
}

/* ---- Everything else the page might ask for: no ---- */

static gboolean
permission_request_cb (WebKitWebView *web_view,
                       WebKitPermissionRequest *request,
                       PosPaymentView *self)
{
  g_debug ("Payment page: denied a %s", G_OBJECT_TYPE_NAME (request));
  webkit_permission_request_deny (request);
  return TRUE;
}

static gboolean
run_file_chooser_cb (WebKitWebView *web_view,
                     WebKitFileChooserRequest *request,
                     PosPaymentView *self)
{
  webkit_file_chooser_request_cancel (request);
  return TRUE;
}

static gboolean
authenticate_cb (WebKitWebView *web_view,
                 WebKitAuthenticationRequest *request,
                 PosPaymentView *self)
{
  /* A password dialog over the payment page would be a phishing tool. */
  webkit_authentication_request_cancel (request);
  return TRUE;
}

static gboolean
refuse_cb (WebKitWebView *web_view, gpointer user_data)
{
  /* Printing (a file chooser behind "Print to File") and fullscreen are ways out of a kiosk. */
  return TRUE;
}

static gboolean
refuse_print_cb (WebKitWebView *web_view, WebKitPrintOperation *operation, PosPaymentView *self)
{
  return TRUE;
}

static void
download_started_cb (WebKitNetworkSession *session, WebKitDownload *download, PosPaymentView *self)
{
  WebKitURIRequest *request = webkit_download_get_request (download);
  g_autofree char *redacted =
    pos_web_policy_redact_uri (request != NULL ? webkit_uri_request_get_uri (request) : NULL);

  g_message ("Payment page: cancelled a download from %s", redacted);
  webkit_download_cancel (download);
}

/* Editing and spelling stay; whatever opens, saves, navigates or inspects goes. */
static gboolean
context_menu_action_is_allowed (WebKitContextMenuAction action, gboolean debug)
{
  switch (action) {
    case WEBKIT_CONTEXT_MENU_ACTION_NO_ACTION: /* separators */
    case WEBKIT_CONTEXT_MENU_ACTION_COPY:
    case WEBKIT_CONTEXT_MENU_ACTION_CUT:
    case WEBKIT_CONTEXT_MENU_ACTION_PASTE:
    case WEBKIT_CONTEXT_MENU_ACTION_PASTE_AS_PLAIN_TEXT:
    case WEBKIT_CONTEXT_MENU_ACTION_DELETE:
    case WEBKIT_CONTEXT_MENU_ACTION_SELECT_ALL:
    case WEBKIT_CONTEXT_MENU_ACTION_INPUT_METHODS:
    case WEBKIT_CONTEXT_MENU_ACTION_UNICODE:
    case WEBKIT_CONTEXT_MENU_ACTION_INSERT_EMOJI:
    case WEBKIT_CONTEXT_MENU_ACTION_SPELLING_GUESS:
    case WEBKIT_CONTEXT_MENU_ACTION_NO_GUESSES_FOUND:
    case WEBKIT_CONTEXT_MENU_ACTION_IGNORE_SPELLING:
    case WEBKIT_CONTEXT_MENU_ACTION_LEARN_SPELLING:
    case WEBKIT_CONTEXT_MENU_ACTION_IGNORE_GRAMMAR:
      return TRUE;
    case WEBKIT_CONTEXT_MENU_ACTION_INSPECT_ELEMENT:
      return debug;
    default:
      return FALSE;
  }
}

static gboolean
context_menu_cb (WebKitWebView *web_view,
                 WebKitContextMenu *menu,
                 WebKitHitTestResult *hit_test_result,
                 PosPaymentView *self)
{
  GList *items = g_list_copy (webkit_context_menu_get_items (menu));
  gboolean previous_was_separator = TRUE;
  guint remaining;

  for (GList *l = items; l != NULL; l = l->next) {
    WebKitContextMenuItem *item = l->data;
    WebKitContextMenuAction action = webkit_context_menu_item_get_stock_action (item);
    gboolean separator = webkit_context_menu_item_is_separator (item);

    /* Submenus (input methods, spelling) are kept whole; separators are tidied up below. */
    if ((!separator && !context_menu_action_is_allowed (action, self->debug)) ||
        (separator && previous_was_separator)) {
      webkit_context_menu_remove (menu, item);
      continue;
    }
    previous_was_separator = separator;
  }
  g_list_free (items);

  /* No trailing separator. */
  remaining = webkit_context_menu_get_n_items (menu);
  if (remaining > 0) {
    WebKitContextMenuItem *last = webkit_context_menu_get_item_at_position (menu, remaining - 1);

    if (webkit_context_menu_item_is_separator (last))
      webkit_context_menu_remove (menu, last);
  }
  /* TRUE: nothing is shown when nothing is left. */
  return webkit_context_menu_get_n_items (menu) == 0;
}

/* ---- GObject ---- */

static void
retry_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  pos_payment_view_retry (POS_PAYMENT_VIEW (widget));
}

/* Focus goes to the page, so that a keyboard-only clerk can type into the form at once; to Try
 * Again while the error is shown. */
static gboolean
pos_payment_view_grab_focus (GtkWidget *widget)
{
  PosPaymentView *self = POS_PAYMENT_VIEW (widget);

  if (self->web_view == NULL)
    return FALSE;
  if (self->showing_error)
    return gtk_widget_grab_focus (self->retry_button);
  return gtk_widget_grab_focus (GTK_WIDGET (self->web_view));
}

static WebKitSettings *
create_settings (gboolean debug)
{
  WebKitSettings *settings = webkit_settings_new ();

  webkit_settings_set_enable_developer_extras (settings, debug);
  webkit_settings_set_enable_write_console_messages_to_stdout (settings, debug);
  webkit_settings_set_javascript_can_open_windows_automatically (settings, FALSE);
  webkit_settings_set_javascript_can_access_clipboard (settings, FALSE);
  webkit_settings_set_enable_back_forward_navigation_gestures (settings, FALSE);
  webkit_settings_set_enable_fullscreen (settings, FALSE);
  webkit_settings_set_enable_page_cache (settings, FALSE);
  webkit_settings_set_enable_media_stream (settings, FALSE);
  webkit_settings_set_enable_webrtc (settings, FALSE);
  webkit_settings_set_enable_encrypted_media (settings, FALSE);
  webkit_settings_set_enable_webaudio (settings, FALSE);
  webkit_settings_set_enable_webgl (settings, FALSE);
  webkit_settings_set_allow_file_access_from_file_urls (settings, FALSE);
  webkit_settings_set_allow_universal_access_from_file_urls (settings, FALSE);
  webkit_settings_set_allow_top_navigation_to_data_urls (settings, FALSE);
  webkit_settings_set_allow_modal_dialogs (settings, FALSE);
  return settings;
}

/* Paystar's page in the station's own language where it offers it: the web view asks for it as a
 * browser does (Accept-Language, navigator.languages), so a customer served in Spanish is not
 * switched to English at the card step. No URL parameter: none is published. For each new view:
 * a self-service customer may have chosen another language than the last one (every view shares
 * the default context, so a form already open keeps the language it opened in). */
static void
set_web_languages (void)
{
  static char *current;
  g_autofree char *language = pos_process_dup_language ();
  const char *languages[] = { language, g_str_equal (language, "en") ? NULL : "en", NULL };

  if (g_strcmp0 (current, language) == 0)
    return;
  webkit_web_context_set_preferred_languages (webkit_web_context_get_default (), languages);
  g_free (current);
  current = g_steal_pointer (&language);
}

static void
pos_payment_view_constructed (GObject *object)
{
  PosPaymentView *self = POS_PAYMENT_VIEW (object);
  g_autoptr (WebKitSettings) settings = NULL;
  g_autoptr (GError) error = NULL;

  G_OBJECT_CLASS (pos_payment_view_parent_class)->constructed (object);

  self->token = new_token ();
  self->bridge_server = pos_bridge_server_new (self->web_origin, self->sdk_loader_url, &error);
  if (self->bridge_server != NULL)
    self->bridge_origin = g_strdup (pos_bridge_server_get_origin (self->bridge_server));
  else
    g_message ("Payment page: the bridge server could not listen: %s", error->message);
  self->policy.web_origin = self->web_origin;
  self->policy.bridge_origin = self->bridge_origin;
  self->policy.success_url = self->success_url;
  self->policy.return_url = self->return_url;

  set_web_languages ();
  self->network_session = webkit_network_session_new_ephemeral ();
  webkit_network_session_set_tls_errors_policy (self->network_session,
                                                WEBKIT_TLS_ERRORS_POLICY_FAIL);
  /* The hosted form is a third-party iframe under the bridge's loopback origin. The session dies
   * with the sale, so its cookies cannot follow a customer anywhere: accept them as a browser
   * tab on Paystar's own site would, rather than break the form. */
  webkit_network_session_set_itp_enabled (self->network_session, FALSE);
  webkit_cookie_manager_set_accept_policy (
    webkit_network_session_get_cookie_manager (self->network_session),
    WEBKIT_COOKIE_POLICY_ACCEPT_ALWAYS);
  g_signal_connect (self->network_session, "download-started", G_CALLBACK (download_started_cb),
                    self);

  self->content_manager = webkit_user_content_manager_new ();
  g_signal_connect (self->content_manager, "script-message-received::" MESSAGE_HANDLER,
                    G_CALLBACK (script_message_received_cb), self);
  webkit_user_content_manager_register_script_message_handler (self->content_manager,
                                                               MESSAGE_HANDLER, NULL);

  settings = create_settings (self->debug);
  self->web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW, "network-session", self->network_session,
                                 "user-content-manager", self->content_manager, "settings",
                                 settings, "hexpand", TRUE, "vexpand", TRUE, NULL);
  g_signal_connect (self->web_view, "decide-policy", G_CALLBACK (decide_policy_cb), self);
  g_signal_connect (self->web_view, "create", G_CALLBACK (create_cb), self);
  g_signal_connect (self->web_view, "load-changed", G_CALLBACK (load_changed_cb), self);
  g_signal_connect (self->web_view, "load-failed", G_CALLBACK (load_failed_cb), self);
  g_signal_connect (self->web_view, "load-failed-with-tls-errors",
                    G_CALLBACK (load_failed_with_tls_errors_cb), self);
  g_signal_connect (self->web_view, "web-process-terminated",
                    G_CALLBACK (web_process_terminated_cb), self);
  g_signal_connect (self->web_view, "permission-request", G_CALLBACK (permission_request_cb), self);
  g_signal_connect (self->web_view, "run-file-chooser", G_CALLBACK (run_file_chooser_cb), self);
  g_signal_connect (self->web_view, "authenticate", G_CALLBACK (authenticate_cb), self);
  g_signal_connect (self->web_view, "context-menu", G_CALLBACK (context_menu_cb), self);
  g_signal_connect (self->web_view, "enter-fullscreen", G_CALLBACK (refuse_cb), self);
  g_signal_connect (self->web_view, "print", G_CALLBACK (refuse_print_cb), self);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->web_view), "form");
  gtk_stack_set_visible_child_name (self->stack, "form");
}

static void
pos_payment_view_dispose (GObject *object)
{
  PosPaymentView *self = POS_PAYMENT_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->web_view != NULL) {
    g_signal_handlers_disconnect_by_data (self->web_view, self);
    webkit_web_view_stop_loading (self->web_view);
    /* The customer's page goes with its process, now: WebKit otherwise keeps the web process of
     * a closed view alive for seconds (bench-payment's process ages), with this customer's page
     * in its memory while the next customer's form opens. Each view has a network session, and so
     * a web process, of its own: no other view's page is in it. */
    webkit_web_view_terminate_web_process (self->web_view);
    self->web_view = NULL;
  }
  if (self->content_manager != NULL) {
    g_signal_handlers_disconnect_by_data (self->content_manager, self);
    webkit_user_content_manager_unregister_script_message_handler (self->content_manager,
                                                                   MESSAGE_HANDLER, NULL);
  }
  if (self->network_session != NULL)
    g_signal_handlers_disconnect_by_data (self->network_session, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_PAYMENT_VIEW);
  self->stack = NULL;
  self->error_page = NULL;
  self->error_detail = NULL;
  self->retry_button = NULL;

  g_clear_object (&self->bridge_server);
  g_clear_object (&self->content_manager);
  g_clear_object (&self->network_session);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pos_payment_view_parent_class)->dispose (object);
}

static void
pos_payment_view_finalize (GObject *object)
{
  PosPaymentView *self = POS_PAYMENT_VIEW (object);

  g_free (self->web_origin);
  g_free (self->sdk_loader_url);
  g_free (self->success_url);
  g_free (self->return_url);
  g_free (self->bridge_origin);
  g_free (self->token);
  g_free (self->payment_link);

  G_OBJECT_CLASS (pos_payment_view_parent_class)->finalize (object);
}

/* Keeps only what could be an origin or a URL; "" counts as unset. */
static char *
dup_setting (const GValue *value)
{
  const char *text = g_value_get_string (value);

  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static void
pos_payment_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosPaymentView *self = POS_PAYMENT_VIEW (object);

  switch (prop_id) {
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_WEB_ORIGIN:
      g_value_set_string (value, self->web_origin);
      break;
    case PROP_SDK_LOADER_URL:
      g_value_set_string (value, self->sdk_loader_url);
      break;
    case PROP_SUCCESS_URL:
      g_value_set_string (value, self->success_url);
      break;
    case PROP_RETURN_URL:
      g_value_set_string (value, self->return_url);
      break;
    case PROP_DEBUG:
      g_value_set_boolean (value, self->debug);
      break;
    case PROP_WEB_VIEW:
      g_value_set_object (value, self->web_view);
      break;
    case PROP_BRIDGE_ORIGIN:
      g_value_set_string (value, self->bridge_origin);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_payment_view_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  PosPaymentView *self = POS_PAYMENT_VIEW (object);

  switch (prop_id) {
    case PROP_MODE:
      self->mode = g_value_get_enum (value);
      break;
    case PROP_WEB_ORIGIN:
      g_free (self->web_origin);
      self->web_origin = dup_setting (value);
      break;
    case PROP_SDK_LOADER_URL:
      g_free (self->sdk_loader_url);
      self->sdk_loader_url = dup_setting (value);
      break;
    case PROP_SUCCESS_URL:
      g_free (self->success_url);
      self->success_url = dup_setting (value);
      break;
    case PROP_RETURN_URL:
      g_free (self->return_url);
      self->return_url = dup_setting (value);
      break;
    case PROP_DEBUG:
      self->debug = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_payment_view_class_init (PosPaymentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pos_payment_view_constructed;
  object_class->dispose = pos_payment_view_dispose;
  object_class->finalize = pos_payment_view_finalize;
  object_class->get_property = pos_payment_view_get_property;
  object_class->set_property = pos_payment_view_set_property;
  widget_class->grab_focus = pos_payment_view_grab_focus;

  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, POS_TYPE_PAYMENT_PAGE_MODE, POS_PAYMENT_PAGE_MODE_SDK,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WEB_ORIGIN] =
    g_param_spec_string ("web-origin", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SDK_LOADER_URL] =
    g_param_spec_string ("sdk-loader-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUCCESS_URL] =
    g_param_spec_string ("success-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETURN_URL] =
    g_param_spec_string ("return-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEBUG] =
    g_param_spec_boolean ("debug", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WEB_VIEW] = g_param_spec_object ("web-view", NULL, NULL, WEBKIT_TYPE_WEB_VIEW,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BRIDGE_ORIGIN] = g_param_spec_string ("bridge-origin", NULL, NULL, NULL,
                                                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_EVENT] = g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_PROCESSED] =
    g_signal_new ("processed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_INT, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_STRING);
  signals[SIGNAL_DISMISSED] = g_signal_new ("dismissed", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_REDIRECT_SUCCESS] =
    g_signal_new ("redirect-success", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_REDIRECT_RETURN] =
    g_signal_new ("redirect-return", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_BLOCKED] =
    g_signal_new ("blocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT);
  signals[SIGNAL_WEB_PROCESS_CRASHED] =
    g_signal_new ("web-process-crashed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, POS_TYPE_PAYMENT_FAILURE, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/paystar/Pos/pos-payment-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PosPaymentView, stack);
  gtk_widget_class_bind_template_child (widget_class, PosPaymentView, error_page);
  gtk_widget_class_bind_template_child (widget_class, PosPaymentView, error_detail);
  gtk_widget_class_bind_template_child (widget_class, PosPaymentView, retry_button);
  gtk_widget_class_install_action (widget_class, "payment.retry", NULL, retry_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "paymentview");
}

static void
pos_payment_view_init (PosPaymentView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "payment.retry", FALSE);
}

/* ---- Public API ---- */

PosPaymentView *
pos_payment_view_new (PosPaymentPageMode mode,
                      const char *web_origin,
                      const char *sdk_loader_url,
                      const char *success_url,
                      const char *return_url,
                      gboolean debug)
{
  return g_object_new (POS_TYPE_PAYMENT_VIEW, "mode", mode, "web-origin", web_origin,
                       "sdk-loader-url", sdk_loader_url, "success-url", success_url, "return-url",
                       return_url, "debug", debug, NULL);
}

PosPaymentView *
pos_payment_view_new_for_settings (PosSettings *settings, gboolean debug)
{
  g_autofree char *loader = NULL;

  g_return_val_if_fail (POS_IS_SETTINGS (settings), NULL);

  loader = pos_settings_get_sdk_loader_url (settings);
  return pos_payment_view_new (
    pos_settings_get_payment_page_mode (settings), pos_settings_get_web_origin (settings), loader,
    pos_settings_get_success_url (settings), pos_settings_get_return_url (settings), debug);
}

void
pos_payment_view_prewarm (PosPaymentView *self)
{
  g_autofree char *host = NULL;

  g_return_if_fail (POS_IS_PAYMENT_VIEW (self));

  if (self->prewarmed || self->payment_link != NULL || is_disposed (self))
    return;
  self->prewarmed = TRUE;

  host = self->web_origin != NULL ? uri_host (self->web_origin) : NULL;
  if (host != NULL && !g_hostname_is_ip_address (host))
    webkit_network_session_prefetch_dns (self->network_session, host);
  start (self);
}

void
pos_payment_view_open (PosPaymentView *self, const char *payment_link)
{
  g_return_if_fail (POS_IS_PAYMENT_VIEW (self));
  g_return_if_fail (payment_link != NULL);

  if (is_disposed (self))
    return;

  g_clear_pointer (&self->payment_link, g_free);
  if (self->web_origin == NULL || !pos_web_policy_is_same_origin (payment_link, self->web_origin) ||
      pos_web_policy_decide (&self->policy, payment_link, POS_WEB_NAV_TOP_LEVEL, FALSE) !=
        POS_WEB_DECISION_ALLOW) {
    g_autofree char *redacted = pos_web_policy_redact_uri (payment_link);

    g_message ("Payment page: refused to open %s: not on the Paystar web origin", redacted);
    show_error (self, POS_PAYMENT_FAILURE_INVALID_LINK, _ ("This payment link cannot be opened"),
                _ ("The link does not belong to the configured Paystar server. Ask your "
                   "administrator to check the station's environment."),
                NULL);
    return;
  }
  self->payment_link = g_strdup (payment_link);
  /* A loader that failed during the warm-up gets another chance now. */
  if (self->bridge_state == BRIDGE_FAILED)
    self->bridge_state = BRIDGE_NONE;
  start (self);
}

void
pos_payment_view_retry (PosPaymentView *self)
{
  g_return_if_fail (POS_IS_PAYMENT_VIEW (self));

  if (is_disposed (self))
    return;
  self->crashes = 0;
  self->bridge_state = BRIDGE_NONE;
  start (self);
}

PosPaymentPageMode
pos_payment_view_get_mode (PosPaymentView *self)
{
  g_return_val_if_fail (POS_IS_PAYMENT_VIEW (self), POS_PAYMENT_PAGE_MODE_SDK);

  return self->mode;
}

const char *
pos_payment_view_get_web_origin (PosPaymentView *self)
{
  g_return_val_if_fail (POS_IS_PAYMENT_VIEW (self), NULL);

  return self->web_origin;
}

const char *
pos_payment_view_get_bridge_origin (PosPaymentView *self)
{
  g_return_val_if_fail (POS_IS_PAYMENT_VIEW (self), NULL);

  return self->bridge_origin;
}

WebKitWebView *
pos_payment_view_get_web_view (PosPaymentView *self)
{
  g_return_val_if_fail (POS_IS_PAYMENT_VIEW (self), NULL);

  return self->web_view;
}

gboolean
pos_payment_view_get_showing_error (PosPaymentView *self)
{
  g_return_val_if_fail (POS_IS_PAYMENT_VIEW (self), FALSE);

  return self->showing_error;
}
