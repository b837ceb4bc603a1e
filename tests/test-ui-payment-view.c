/* test-ui-payment-view.c: PosPaymentView end to end against the in-process sandbox gateway.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sessions are created over HTTP with libsoup, as the app does it. A TEST-ONLY user script (the
 * "typist", tests/web/typist.js) runs in an isolated world in every frame and plays the customer on the sandbox's
 * hosted page: it fills in the card and clicks, when the test tells it to, over a script message
 * handler with replies. The app itself never injects anything into Paystar's page.
 *
 * Every case has a deadline: waiting past it is a test failure, never a hang.
 */
#include "config.h"

#include <adwaita.h>
#include <gtk/gtk.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <unistd.h>
#include <webkit/webkit.h>

#include "paystar-sandbox-server.h"
#include "pos-payment-view.h"
#include "pos-ui.h"
#include "proc-test-util.h"
#include "webkit-test-util.h"

#define AGENT_EMAIL \
  "ava"             \
  "@"               \
  "acme-utilities.example"
#define CASE_TIMEOUT_SEC 60
#define SUCCESS_URL      POS_DEFAULT_SUCCESS_URL
#define RETURN_URL       POS_DEFAULT_RETURN_URL
#define TOTAL_CENTS      16825

/* A self-signed certificate for 127.0.0.1, for the TLS failure case only (valid 2026 to 2126; a
 * clock outside that range only adds another certificate error). */
static const char test_certificate_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBjjCCATagAwIBAgIURXlf5SR+GCXJ75M6Jb2lE2Zg0M8wCgYIKoZIzj0EAwIw\n"
  "FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyMzIyNTAwOFoYDzIxMjYxMDMw\n"
  "MjI1MDA4WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO\n"
  "PQMBBwNCAAToyXqUxks6x2ix747tu+hfCMSaztwQmOhOuL18fFSbSYL6cJpg6sJ2\n"
  "YHpN/bpTaphJwkc9c30EAUTwrFRRaJxLo2QwYjAdBgNVHQ4EFgQUhUxjEQEV/2Jb\n"
  "RGyruD14eWUT8YQwHwYDVR0jBBgwFoAUhUxjEQEV/2JbRGyruD14eWUT8YQwDwYD\n"
  "VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0YAMEMC\n"
  "H0w9tOylaEhO67eFoWphEmUdKO26iTQC5dSTDMuRwR8CIEScb+/1MbeLOJsLC1cI\n"
  "9/qjR3qgvi+olIr6prXLh0b8\n"
  "-----END CERTIFICATE-----\n"
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgUaq6Lra7h+1U9BIy\n"
  "H5i3BbNSVSlRM2e75e2uJMosk82hRANCAAToyXqUxks6x2ix747tu+hfCMSaztwQ\n"
  "mOhOuL18fFSbSYL6cJpg6sJ2YHpN/bpTaphJwkc9c30EAUTwrFRRaJxL\n"
  "-----END PRIVATE KEY-----\n";

/* TEST-ONLY, for the forgery case: a script in the hosted page's MAIN world posts fake outcomes to
 * the app's handler, as a compromised or foreign frame would. */
static const char forger_js[] =
  "(function () {\n"
  "  if (window.location.origin !== FORGER_ORIGIN || window.parent === window) return;\n"
  "  const h = window.webkit && window.webkit.messageHandlers && "
  "window.webkit.messageHandlers.paystar;\n"
  "  if (!h) return;\n"
  "  const fake = { event: 'PAYMENT-SESSION.PROCESSED', data: { sessionIdentifier: 'forged',\n"
  "    status: 'Succeeded', subtotal: 1.0,\n"
  "    paymentSource: { paymentSourceType: 'CreditCard', accountNumberMasked: '****6666' } } };\n"
  "  h.postMessage(JSON.stringify({ kind: 'event', event: fake }));\n"
  "  h.postMessage(JSON.stringify({ kind: 'event', token: '00000000000000000000000000000000',\n"
  "                                 event: fake }));\n"
  "  h.postMessage(JSON.stringify(fake));\n"
  "})();\n";

typedef struct {
  WebTest web; /* the sandbox, a session, the deadline and the typist */

  /* A loopback server on another port: a foreign origin that must never be reached. */
  SoupServer *foreign;
  char *foreign_base;
  guint foreign_hits;

  GtkWindow *window;
  PosPaymentView *view;

  /* What the view reported. */
  guint loaded;
  guint processed;
  int processed_status;
  char *processed_masked;
  gint64 processed_subtotal;
  char *processed_session;
  guint dismissed;
  char *redirect_success;
  char *redirect_return;
  GPtrArray *blocked;
  GPtrArray *events;
  guint failed;
  PosPaymentFailure failure;
  char *failure_message;
  guint crashed;
  gboolean crash_reloading;
} Fixture;

/* ---- HTTP to the sandbox ---- */

static void
create_session (Fixture *f, gboolean with_station_urls)
{
  g_autofree char *request = g_strdup_printf (
    "{\"BusinessUnitSlug\":\"acme-utilities\",\"Channel\":\"POS\","
    "\"PosUser\":\"%s\",\"PaymentDescriptor\":\"ACME UTILITIES MARCH\","
    "\"PaymentFields\":{\"invoiceNumber\":\"INV-2025-0042\",\"memoLine\":\"March bill\"},"
    "%s"
    "\"Charges\":["
    "{\"Amount\":12550,\"Description\":\"Water service, March\",\"ChargeType\":\"Water\","
    "\"ClientAccount\":{\"AccountNumber\":\"100-2042\",\"Name\":\"Jordan Lee\"}},"
    "{\"Amount\":4275,\"Description\":\"Sewer service, March\",\"ChargeType\":\"Sewer\"}]}",
    AGENT_EMAIL,
    with_station_urls ? "\"SuccessUrl\":\"" SUCCESS_URL "\",\"ReturnUrl\":\"" RETURN_URL "\","
                      : "");

  web_test_create_session (&f->web, request);
}

/* ---- The foreign origin ---- */

static void
foreign_handler (SoupServer *server,
                 SoupServerMessage *msg,
                 const char *path,
                 GHashTable *query,
                 gpointer user_data)
{
  Fixture *f = user_data;
  static const char body[] = "<!DOCTYPE html><title>Foreign</title><p>Foreign page</p>";

  f->foreign_hits++;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, body, strlen (body));
}

/* ---- JavaScript and snapshots ---- */

/* Runs @script in the main frame's main world (our bridge or error page) and returns the value as
 * a string. */
static char *
run_js (Fixture *f, const char *script)
{
  g_autoptr (JSCValue) value =
    web_test_run_js (&f->web, pos_payment_view_get_web_view (f->view), script);

  return jsc_value_to_string (value);
}

/* The whole widget, GTK overlays included (the web view's own snapshot has only the page). */
static void
save_widget_snapshot (Fixture *f, const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  GtkWidget *widget = GTK_WIDGET (f->view);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  web_test_spin (&f->web, 400);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

/* ---- The error page (GTK widgets, not a page in the web view) ---- */

static GtkWidget *
find_widget (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child)) {
    GtkWidget *found = find_widget (child, type);

    if (found != NULL)
      return found;
  }
  return NULL;
}

static AdwStatusPage *
error_page (Fixture *f)
{
  GtkWidget *page = find_widget (GTK_WIDGET (f->view), ADW_TYPE_STATUS_PAGE);

  g_assert_nonnull (page);
  return ADW_STATUS_PAGE (page);
}

/* TRUE when the view shows its error page (and with it the Try Again button) instead of the
 * web view. */
static gboolean
error_shown (Fixture *f)
{
  GtkWidget *stack = find_widget (GTK_WIDGET (f->view), GTK_TYPE_STACK);
  GtkWidget *button;
  gboolean shown;

  g_assert_nonnull (stack);
  shown = g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "error") == 0;
  button = find_widget (GTK_WIDGET (error_page (f)), GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_drawable (button) == shown);
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (pos_payment_view_get_web_view (f->view))) ==
                 !shown);
  return shown;
}

static const char *
error_title (Fixture *f)
{
  return adw_status_page_get_title (error_page (f));
}

/* The detail line under the message, "" when hidden. */
static const char *
error_detail (Fixture *f)
{
  GtkWidget *box = adw_status_page_get_child (error_page (f));
  GtkWidget *label = find_widget (box, GTK_TYPE_LABEL);

  /* The first label of the page's own box is the detail (the button's label comes after). */
  g_assert_nonnull (label);
  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : "";
}

/* ---- The view ---- */

static void
loaded_cb (PosPaymentView *view, Fixture *f)
{
  f->loaded++;
}

static void
event_cb (PosPaymentView *view, PaystarEvent *event, Fixture *f)
{
  g_ptr_array_add (f->events, g_strdup (event->name));
}

static void
processed_cb (PosPaymentView *view,
              int status,
              const char *masked,
              gint64 subtotal,
              const char *session_id,
              Fixture *f)
{
  f->processed++;
  f->processed_status = status;
  g_free (f->processed_masked);
  f->processed_masked = g_strdup (masked);
  f->processed_subtotal = subtotal;
  g_free (f->processed_session);
  f->processed_session = g_strdup (session_id);
}

static void
dismissed_cb (PosPaymentView *view, Fixture *f)
{
  f->dismissed++;
}

static void
redirect_success_cb (PosPaymentView *view, const char *uri, Fixture *f)
{
  g_free (f->redirect_success);
  f->redirect_success = g_strdup (uri);
}

static void
redirect_return_cb (PosPaymentView *view, const char *uri, Fixture *f)
{
  g_free (f->redirect_return);
  f->redirect_return = g_strdup (uri);
}

static void
blocked_cb (PosPaymentView *view, const char *redacted_uri, int kind, Fixture *f)
{
  g_ptr_array_add (f->blocked, g_strdup (redacted_uri));
}

static void
failed_cb (PosPaymentView *view, PosPaymentFailure reason, const char *message, Fixture *f)
{
  f->failed++;
  f->failure = reason;
  g_free (f->failure_message);
  f->failure_message = g_strdup (message);
}

static void
crashed_cb (PosPaymentView *view, guint count, gboolean reloading, Fixture *f)
{
  f->crashed = count;
  f->crash_reloading = reloading;
}

static void
reset_reports (Fixture *f)
{
  f->loaded = f->processed = f->dismissed = f->failed = f->crashed = 0;
  g_clear_pointer (&f->redirect_success, g_free);
  g_clear_pointer (&f->redirect_return, g_free);
  g_ptr_array_set_size (f->blocked, 0);
  g_ptr_array_set_size (f->events, 0);
  g_clear_pointer (&f->web.typist_reply, webkit_script_message_reply_unref);
  g_clear_pointer (&f->web.typist_last, json_node_unref);
}

static void
show_view (Fixture *f, PosPaymentView *view)
{
  WebKitUserContentManager *manager;

  reset_reports (f);
  f->view = view;
  g_signal_connect (view, "loaded", G_CALLBACK (loaded_cb), f);
  g_signal_connect (view, "event", G_CALLBACK (event_cb), f);
  g_signal_connect (view, "processed", G_CALLBACK (processed_cb), f);
  g_signal_connect (view, "dismissed", G_CALLBACK (dismissed_cb), f);
  g_signal_connect (view, "redirect-success", G_CALLBACK (redirect_success_cb), f);
  g_signal_connect (view, "redirect-return", G_CALLBACK (redirect_return_cb), f);
  g_signal_connect (view, "blocked", G_CALLBACK (blocked_cb), f);
  g_signal_connect (view, "failed", G_CALLBACK (failed_cb), f);
  g_signal_connect (view, "web-process-crashed", G_CALLBACK (crashed_cb), f);

  manager = webkit_web_view_get_user_content_manager (pos_payment_view_get_web_view (view));
  web_test_add_typist (&f->web, manager, f->web.sandbox_base);
  /* The view reloads after a crash, as it should; the test runs the case again instead. */
  web_test_watch_web_process (&f->web, pos_payment_view_get_web_view (view));

  gtk_window_set_child (f->window, GTK_WIDGET (view));
}

static void
new_view (Fixture *f, PosPaymentPageMode mode)
{
  g_autofree char *loader = g_strconcat (f->web.sandbox_base, POS_SDK_LOADER_PATH, NULL);

  show_view (
    f, pos_payment_view_new (mode, f->web.sandbox_base, loader, SUCCESS_URL, RETURN_URL, FALSE));
}

/* A session of the kind @mode takes (the redirect's with the station's URLs), a new view of
 * @mode, and the form opened in it without a warm-up, loaded. */
static void
open_loaded_form (Fixture *f, PosPaymentPageMode mode)
{
  create_session (f, mode == POS_PAYMENT_PAGE_MODE_REDIRECT);
  new_view (f, mode);
  pos_payment_view_open (f->view, f->web.session_url);
  WEB_TEST_WAIT_FOR (&f->web, f->loaded == 1);
}

/* Drops the view (as the main window does after a sale) and checks nothing keeps it alive. */
static void
drop_view (Fixture *f)
{
  PosPaymentView *view = f->view;

  if (view == NULL)
    return;
  web_test_typist_stop (&f->web);
  f->view = NULL;
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &view);
  gtk_window_set_child (f->window, NULL);
  /* Cancelled JavaScript calls give their reference back from the main loop. */
  while (view != NULL)
    web_test_iterate (&f->web, "the view to be finalized");
}

static gboolean
has_event (Fixture *f, const char *name)
{
  return g_ptr_array_find_with_equal_func (f->events, name, g_str_equal, NULL);
}

static gboolean
has_blocked (Fixture *f, const char *redacted_uri)
{
  return g_ptr_array_find_with_equal_func (f->blocked, redacted_uri, g_str_equal, NULL);
}

/* ---- Fixture ---- */

/* Says where the view stood when a case timed out or its web process crashed, so that the log
 * alone explains the failure. */
static void
explain_view (gpointer user_data)
{
  Fixture *f = user_data;
  WebKitWebView *web_view;

  if (f->view == NULL) {
    g_printerr ("no payment view\n");
    return;
  }
  web_view = pos_payment_view_get_web_view (f->view);
  g_printerr ("web view at %s (%s, %.0f %%), showing an error: %s\n",
              webkit_web_view_get_uri (web_view) != NULL ? webkit_web_view_get_uri (web_view)
                                                         : "no page",
              webkit_web_view_is_loading (web_view) ? "loading" : "not loading",
              webkit_web_view_get_estimated_load_progress (web_view) * 100,
              pos_payment_view_get_showing_error (f->view) ? "yes" : "no");
  g_printerr ("reported: loaded %u, processed %u, dismissed %u, failed %u, crashed %u, "
              "blocked %u\n",
              f->loaded, f->processed, f->dismissed, f->failed, f->crashed, f->blocked->len);
  for (guint i = 0; i < f->events->len; i++)
    g_printerr ("event %u was %s\n", i, (const char *) f->events->pdata[i]);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  web_test_set_up (&f->web, CASE_TIMEOUT_SEC);
  f->web.explain = explain_view;
  f->web.explain_data = f;
  f->blocked = g_ptr_array_new_with_free_func (g_free);
  f->events = g_ptr_array_new_with_free_func (g_free);

  f->foreign = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->foreign, NULL, foreign_handler, f, NULL);
  f->foreign_base = web_test_listen (f->foreign, "http", 0);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 560, 900);
  gtk_window_present (f->window);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  drop_view (f);
  gtk_window_destroy (f->window);
  f->window = NULL;

  soup_server_disconnect (f->foreign);
  g_clear_object (&f->foreign);
  web_test_tear_down (&f->web);

  g_clear_pointer (&f->blocked, g_ptr_array_unref);
  g_clear_pointer (&f->events, g_ptr_array_unref);
  g_free (f->foreign_base);
  g_free (f->processed_masked);
  g_free (f->processed_session);
  g_free (f->redirect_success);
  g_free (f->redirect_return);
  g_free (f->failure_message);
}

/* ---- Cases: sdk mode ---- */

static void
test_sdk_success (Fixture *f, gconstpointer data)
{
  g_autofree char *status = NULL;
  g_autofree char *bridge_uri = NULL;
  JsonObject *report;
  WebKitWebView *web_view;

  new_view (f, POS_PAYMENT_PAGE_MODE_SDK);
  web_view = pos_payment_view_get_web_view (f->view);

  /* The warm-up loads the bridge and the loader before there is a link. */
  pos_payment_view_prewarm (f->view);
  bridge_uri = g_strconcat (pos_payment_view_get_bridge_origin (f->view), "/bridge.html", NULL);
  WEB_TEST_WAIT_FOR (&f->web, g_strcmp0 (webkit_web_view_get_uri (web_view), bridge_uri) == 0 &&
                                !webkit_web_view_is_loading (web_view));
  /* The token left the visible address as soon as the bridge read it. */
  g_assert_null (strchr (webkit_web_view_get_uri (web_view), '#'));

  create_session (f, FALSE);
  pos_payment_view_open (f->view, f->web.session_url);
  WEB_TEST_WAIT_FOR (&f->web, f->loaded == 1);
  g_assert_true (has_event (f, "FRAME.LOADED"));
  g_assert_true (has_event (f, "PAYMENT-SESSION.LOADED"));
  g_assert_cmpuint (f->failed, ==, 0);

  report = web_test_typist_report (&f->web);
  g_assert_true (json_object_get_boolean_member (report, "frame"));
  g_assert_true (json_object_get_boolean_member (report, "formVisible"));
  web_test_typist_fill (&f->web, "4242 4242 4242 4242", NULL);
  web_test_save_snapshot (&f->web, pos_payment_view_get_web_view (f->view), "payment-form.png");

  report = web_test_typist_pay (&f->web);
  g_assert_true (json_object_get_boolean_member (report, "settled"));
  g_assert_true (json_object_get_boolean_member (report, "confirmationVisible"));

  WEB_TEST_WAIT_FOR (&f->web, f->processed == 1);
  g_assert_cmpint (f->processed_status, ==, PAYSTAR_SESSION_STATUS_SUCCEEDED);
  g_assert_cmpstr (f->processed_masked, ==, "****4242");
  g_assert_cmpint (f->processed_subtotal, ==, TOTAL_CENTS);
  g_assert_cmpstr (f->processed_session, ==, f->web.session_id);
  g_assert_cmpuint (f->dismissed, ==, 0);
  web_test_save_snapshot (&f->web, pos_payment_view_get_web_view (f->view), "payment-success.png");

  status = web_test_stored_status (&f->web);
  g_assert_cmpstr (status, ==, "Succeeded");
  /* Nothing was refused on the way. */
  g_assert_cmpuint (f->blocked->len, ==, 0);
  g_assert_cmpuint (f->foreign_hits, ==, 0);
}

static void
test_sdk_decline (Fixture *f, gconstpointer data)
{
  JsonObject *report;

  /* No warm-up: open() alone loads the bridge and hands the link over once the loader is in. */
  open_loaded_form (f, POS_PAYMENT_PAGE_MODE_SDK);

  web_test_typist_fill (&f->web, "4000000000000002", NULL);
  report = web_test_typist_pay (&f->web);
  g_assert_true (json_object_get_boolean_member (report, "declineVisible"));
  g_assert_true (json_object_get_boolean_member (report, "formVisible"));

  WEB_TEST_WAIT_FOR (&f->web, f->processed == 1);
  g_assert_cmpint (f->processed_status, ==, PAYSTAR_SESSION_STATUS_FAILED);
  g_assert_cmpint (f->processed_subtotal, ==, TOTAL_CENTS);
  g_assert_cmpstr (f->processed_session, ==, f->web.session_id);
  g_assert_cmpuint (f->failed, ==, 0);
}

static void
test_sdk_dismiss (Fixture *f, gconstpointer data)
{
  create_session (f, FALSE);
  new_view (f, POS_PAYMENT_PAGE_MODE_SDK);
  pos_payment_view_prewarm (f->view);
  pos_payment_view_open (f->view, f->web.session_url);
  WEB_TEST_WAIT_FOR (&f->web, f->loaded == 1);

  /* The frame goes away with the dismissal: no report comes back. */
  web_test_typist_command (&f->web, "{\"action\":\"click\",\"id\":\"cancel-button\"}");
  WEB_TEST_WAIT_FOR (&f->web, f->dismissed == 1);
  g_assert_true (has_event (f, "COMPONENT.DISMISS"));
  g_assert_cmpuint (f->processed, ==, 0);
}

/* Messages from anywhere but the bridge page, or without its token, change nothing. */
static void
test_sdk_forged_events (Fixture *f, gconstpointer data)
{
  WebKitUserContentManager *manager;

  create_session (f, FALSE);
  new_view (f, POS_PAYMENT_PAGE_MODE_SDK);
  manager = webkit_web_view_get_user_content_manager (pos_payment_view_get_web_view (f->view));
  web_test_add_script (manager, "FORGER_ORIGIN", f->web.sandbox_base, forger_js, NULL);

  pos_payment_view_open (f->view, f->web.session_url);
  WEB_TEST_WAIT_FOR (&f->web, f->loaded == 1);
  web_test_typist_report (&f->web);
  web_test_spin (&f->web, 300);

  /* And from the bridge page's own world without the token. */
  g_free (run_js (f, "window.webkit.messageHandlers.paystar.postMessage(JSON.stringify({"
                     "kind:'event',event:{event:'COMPONENT.DISMISS',data:null}})); 'sent'"));
  g_free (run_js (f, "window.webkit.messageHandlers.paystar.postMessage({kind:'ready'}); 'sent'"));
  web_test_spin (&f->web, 300);

  g_assert_cmpuint (f->processed, ==, 0);
  g_assert_cmpuint (f->dismissed, ==, 0);
  g_assert_cmpuint (f->loaded, ==, 1);
}

/* ---- Cases: redirect mode ---- */

/* Main-frame load events as "started URI" / "finished URI" lines. */
static void
record_load_cb (WebKitWebView *web_view, WebKitLoadEvent load_event, GPtrArray *events)
{
  if (load_event == WEBKIT_LOAD_STARTED || load_event == WEBKIT_LOAD_FINISHED)
    g_ptr_array_add (
      events, g_strdup_printf ("%s %s", load_event == WEBKIT_LOAD_STARTED ? "started" : "finished",
                               webkit_web_view_get_uri (web_view)));
}

static void
test_redirect_success (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) loads = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *blank = NULL;
  g_autofree char *link_started = NULL;
  g_autofree char *status = NULL;
  JsonObject *report;
  WebKitWebView *web_view;

  create_session (f, TRUE);
  new_view (f, POS_PAYMENT_PAGE_MODE_REDIRECT);
  web_view = pos_payment_view_get_web_view (f->view);
  g_signal_connect (web_view, "load-changed", G_CALLBACK (record_load_cb), loads);
  /* open() at once, while the warm-up's blank page is still loading. */
  pos_payment_view_prewarm (f->view);
  pos_payment_view_open (f->view, f->web.session_url);
  WEB_TEST_WAIT_FOR (&f->web, f->loaded == 1);
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, f->web.session_url);
  g_signal_handlers_disconnect_by_data (web_view, loads);
  /* The link waited for the warm-up load instead of replacing it mid-way (WebKitGTK sometimes
   * dropped both): the blank page started and finished, then the link started. (The view's own
   * handler runs first and already loads the link when the blank page finishes, so the URI this
   * handler sees at that "finished" is the link's.) Replacing it would give started, started. */
  blank = g_strconcat ("started ", pos_payment_view_get_bridge_origin (f->view), "/blank", NULL);
  link_started = g_strconcat ("started ", f->web.session_url, NULL);
  for (guint i = 0; i < loads->len; i++)
    g_test_message ("load %u: %s", i, (const char *) loads->pdata[i]);
  g_assert_cmpuint (loads->len, ==, 4);
  g_assert_cmpstr (loads->pdata[0], ==, blank);
  g_assert_true (g_str_has_prefix (loads->pdata[1], "finished "));
  g_assert_cmpstr (loads->pdata[2], ==, link_started);

  report = web_test_typist_report (&f->web);
  g_assert_false (json_object_get_boolean_member (report, "frame"));
  web_test_typist_fill (&f->web, "4242424242424242", NULL);
  report = web_test_typist_pay (&f->web);
  g_assert_true (json_object_get_boolean_member (report, "confirmationVisible"));
  g_assert_true (json_object_get_boolean_member (report, "linksVisible"));
  status = web_test_stored_status (&f->web);
  g_assert_cmpstr (status, ==, "Succeeded");

  /* "I'm done" leads to the station's SuccessUrl: intercepted, never loaded. */
  web_test_typist_do (&f->web, "{\"action\":\"click\",\"id\":\"done-link\"}");
  WEB_TEST_WAIT_FOR (&f->web, f->redirect_success != NULL);
  g_assert_true (g_str_has_prefix (f->redirect_success, SUCCESS_URL));
  g_assert_null (f->redirect_return);
  web_test_spin (&f->web, 200);
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, f->web.session_url);
  g_assert_cmpuint (f->failed, ==, 0);
  /* No SDK in this mode. */
  g_assert_cmpuint (f->processed, ==, 0);
  g_assert_cmpuint (f->events->len, ==, 0);
}

static void
test_redirect_return (Fixture *f, gconstpointer data)
{
  g_autofree char *status = NULL;
  g_autofree char *command = NULL;
  g_autofree char *away = NULL;
  JsonObject *report;

  open_loaded_form (f, POS_PAYMENT_PAGE_MODE_REDIRECT);

  /* The hosted page itself cannot take the view elsewhere. */
  command = g_strdup_printf ("{\"action\":\"navigate\",\"url\":\"%s/away?q=1\"}", f->foreign_base);
  report = web_test_typist_do (&f->web, command);
  g_assert_cmpstr (json_object_get_string_member (report, "href"), ==, f->web.session_url);
  away = g_strconcat (f->foreign_base, "/away", NULL);
  WEB_TEST_WAIT_FOR (&f->web, has_blocked (f, away));
  g_assert_cmpuint (f->foreign_hits, ==, 0);

  /* Cancel on a top-level hosted page goes to the ReturnUrl. */
  web_test_typist_do (&f->web, "{\"action\":\"click\",\"id\":\"cancel-button\"}");
  WEB_TEST_WAIT_FOR (&f->web, f->redirect_return != NULL);
  g_assert_true (g_str_has_prefix (f->redirect_return, RETURN_URL));
  g_assert_null (f->redirect_success);
  status = web_test_stored_status (&f->web);
  g_assert_cmpstr (status, ==, "RequiresPaymentSource");
}

/* ---- Cases: policy and isolation ---- */

static void
test_blocked_navigation (Fixture *f, gconstpointer data)
{
  g_autofree char *steal = g_strconcat (f->foreign_base, "/steal?card=4242424242424242", NULL);
  g_autofree char *steal_redacted = g_strconcat (f->foreign_base, "/steal", NULL);
  g_autofree char *frame_target = g_strconcat (f->foreign_base, "/frame?x=1", NULL);
  g_autofree char *direct = g_strconcat (f->foreign_base, "/direct", NULL);
  g_autofree char *script = NULL;
  g_autofree char *command = NULL;
  g_autofree char *bridge_uri = NULL;
  JsonObject *report;
  WebKitWebView *web_view;

  open_loaded_form (f, POS_PAYMENT_PAGE_MODE_SDK);
  web_view = pos_payment_view_get_web_view (f->view);
  web_test_typist_report (&f->web);
  bridge_uri = g_strconcat (pos_payment_view_get_bridge_origin (f->view), "/bridge.html", NULL);
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, bridge_uri);

  /* The main frame navigating itself away. */
  script = g_strdup_printf ("location.href = '%s'; 'ok'", steal);
  g_free (run_js (f, script));
  WEB_TEST_WAIT_FOR (&f->web, has_blocked (f, steal_redacted));

  /* The hosted page's frame navigating away: the bridge page's CSP (frame-src: the web origin
   * only) stops that inside WebKit, before the policy is even asked. */
  command = g_strdup_printf ("{\"action\":\"navigate\",\"url\":\"%s\"}", frame_target);
  report = web_test_typist_do (&f->web, command);
  g_assert_true (
    g_str_has_prefix (json_object_get_string_member (report, "href"), f->web.session_url));

  /* A load asked for directly. */
  webkit_web_view_load_uri (web_view, direct);
  WEB_TEST_WAIT_FOR (&f->web, has_blocked (f, direct));

  web_test_spin (&f->web, 300);
  /* Nothing reached the foreign server, nothing committed, and no log line held the query. */
  g_assert_cmpuint (f->foreign_hits, ==, 0);
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, bridge_uri);
  for (guint i = 0; i < f->blocked->len; i++)
    g_assert_null (strchr (f->blocked->pdata[i], '?'));
  g_assert_cmpuint (f->failed, ==, 0);
  g_assert_false (pos_payment_view_get_showing_error (f->view));
}

/* Pop-ups never open: not in a new window, and (without a user gesture) not in this view either.
 * Two layers: WebKit itself refuses script pop-ups (javascript-can-open-windows-automatically is
 * off), and the view refuses every new-window request that still reaches it. The second layer is
 * tested with the first switched off in this test only, so that the requests really arrive. */
static void
test_new_window (Fixture *f, gconstpointer data)
{
  g_autofree char *popup = g_strconcat (f->foreign_base, "/popup", NULL);
  g_autofree char *command = NULL;
  JsonObject *report;
  WebKitWebView *web_view;

  open_loaded_form (f, POS_PAYMENT_PAGE_MODE_REDIRECT);
  web_view = pos_payment_view_get_web_view (f->view);

  /* First layer: WebKit does not even ask. */
  command = g_strdup_printf ("{\"action\":\"open-window\",\"url\":\"%s\"}", popup);
  report = web_test_typist_do (&f->web, command);
  g_assert_false (json_object_get_boolean_member (report, "opened"));
  g_assert_cmpuint (f->blocked->len, ==, 0);

  /* Second layer: each command makes two requests (a target=_blank link clicked by script, and
   * window.open()), both refused by the view as new-window navigations without a gesture, to
   * another origin and to Paystar's own alike. */
  webkit_settings_set_javascript_can_open_windows_automatically (
    webkit_web_view_get_settings (web_view), TRUE);
  report = web_test_typist_do (&f->web, command);
  g_assert_false (json_object_get_boolean_member (report, "opened"));
  WEB_TEST_WAIT_FOR (&f->web, f->blocked->len >= 2);
  g_assert_true (has_blocked (f, popup));
  g_clear_pointer (&command, g_free);
  command = g_strdup_printf ("{\"action\":\"open-window\",\"url\":\"%s\"}", f->web.session_url);
  report = web_test_typist_do (&f->web, command);
  g_assert_false (json_object_get_boolean_member (report, "opened"));
  WEB_TEST_WAIT_FOR (&f->web, f->blocked->len >= 4);
  g_assert_true (has_blocked (f, f->web.session_url));
  web_test_spin (&f->web, 300);
  g_assert_cmpuint (f->blocked->len, ==, 4);

  g_assert_cmpuint (f->foreign_hits, ==, 0);
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, f->web.session_url);
  g_assert_cmpuint (f->loaded, ==, 1);
}

static void
test_invalid_link (Fixture *f, gconstpointer data)
{
  g_autofree char *link = g_strconcat (f->foreign_base, "/app/embedded/acme/session/x", NULL);

  new_view (f, POS_PAYMENT_PAGE_MODE_REDIRECT);
  pos_payment_view_open (f->view, link);
  WEB_TEST_WAIT_FOR (&f->web, f->failed == 1);
  g_assert_cmpint (f->failure, ==, POS_PAYMENT_FAILURE_INVALID_LINK);
  g_assert_true (error_shown (f));
  g_assert_cmpstr (error_title (f), ==, "This payment link cannot be opened");
  /* Nothing was loaded to show it. */
  g_assert_null (webkit_web_view_get_uri (pos_payment_view_get_web_view (f->view)));
  g_assert_cmpuint (f->foreign_hits, ==, 0);
}

/* How many web processes below the test are running now. */
static guint
count_web_processes (void)
{
  g_autoptr (GArray) processes = proc_test_descendants (getpid ());

  return proc_test_count_named (processes, "WebKitWebProces");
}

/* Storage and cookies one customer's page wrote are gone for the next customer, and so is the web
 * process that held the page: it ends with its view, before the next customer's form opens
 * (WebKit alone kept it for seconds). */
static void
test_storage_isolated (Fixture *f, gconstpointer data)
{
  JsonObject *report;

  open_loaded_form (f, POS_PAYMENT_PAGE_MODE_SDK);
  web_test_typist_do (&f->web,
                      "{\"action\":\"storage-set\",\"key\":\"posSale\",\"value\":\"sale-1\"}");
  report = web_test_typist_do (&f->web, "{\"action\":\"storage-get\",\"key\":\"posSale\"}");
  g_assert_cmpstr (json_object_get_string_member (report, "local"), ==, "sale-1");
  g_assert_cmpstr (json_object_get_string_member (report, "session"), ==, "sale-1");
  g_assert_nonnull (strstr (json_object_get_string_member (report, "cookie"), "posSale=sale-1"));
  g_assert_cmpuint (count_web_processes (), ==, 1);
  drop_view (f);
  WEB_TEST_WAIT_FOR (&f->web, count_web_processes () == 0);

  open_loaded_form (f, POS_PAYMENT_PAGE_MODE_SDK);
  report = web_test_typist_do (&f->web, "{\"action\":\"storage-get\",\"key\":\"posSale\"}");
  g_assert_true (json_object_get_null_member (report, "local"));
  g_assert_true (json_object_get_null_member (report, "session"));
  g_assert_null (strstr (json_object_get_string_member (report, "cookie"), "posSale"));
}

/* ---- Cases: failures ---- */

static void
tls_handler (SoupServer *server,
             SoupServerMessage *msg,
             const char *path,
             GHashTable *query,
             gpointer user_data)
{
  Fixture *f = user_data;

  f->foreign_hits++;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<p>secret</p>", 13);
}

static void
test_tls_failure (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GTlsCertificate) certificate = NULL;
  g_autoptr (SoupServer) https = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *link = NULL;
  g_autofree char *loader = NULL;
  g_autofree char *message = NULL;
  g_autofree char *detail = NULL;

  certificate = g_tls_certificate_new_from_pem (test_certificate_pem, -1, &error);
  g_assert_no_error (error);
  https = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (https, NULL, tls_handler, f, NULL);
  origin = web_test_listen (https, "https", SOUP_SERVER_LISTEN_HTTPS);
  link = g_strconcat (origin, "/app/embedded/acme-utilities/session/abc?token=secret", NULL);
  loader = g_strconcat (origin, POS_SDK_LOADER_PATH, NULL);

  /* Redirect mode: the main frame's load fails; the error page says why. */
  show_view (f, pos_payment_view_new (POS_PAYMENT_PAGE_MODE_REDIRECT, origin, loader, SUCCESS_URL,
                                      RETURN_URL, FALSE));
  pos_payment_view_open (f->view, link);
  WEB_TEST_WAIT_FOR (&f->web, f->failed == 1);
  g_assert_cmpint (f->failure, ==, POS_PAYMENT_FAILURE_TLS);
  g_assert_true (pos_payment_view_get_showing_error (f->view));
  g_assert_true (error_shown (f));
  g_assert_cmpstr (error_title (f), ==, "This connection is not secure");
  message = g_strdup (adw_status_page_get_description (error_page (f)));
  g_assert_nonnull (strstr (message, "127.0.0.1"));
  g_assert_null (strstr (message, "secret"));
  detail = g_strdup (error_detail (f));
  g_assert_true (g_str_has_prefix (detail, "Its certificate"));
  g_assert_cmpuint (f->loaded, ==, 0);
  g_assert_cmpuint (f->foreign_hits, ==, 0);
  drop_view (f);

  /* sdk mode: the loader cannot come over that connection either. */
  show_view (f,
             pos_payment_view_new (POS_PAYMENT_PAGE_MODE_SDK, origin, loader, NULL, NULL, FALSE));
  pos_payment_view_open (f->view, link);
  WEB_TEST_WAIT_FOR (&f->web, f->failed == 1);
  g_assert_cmpint (f->failure, ==, POS_PAYMENT_FAILURE_NETWORK);
  g_assert_true (error_shown (f));
  g_assert_cmpstr (error_title (f), ==, "The payment form could not be loaded");
  g_assert_cmpuint (f->foreign_hits, ==, 0);
  drop_view (f);

  soup_server_disconnect (https);
}

static void
test_web_process_crash (Fixture *f, gconstpointer data)
{
  WebKitWebView *web_view;

  open_loaded_form (f, POS_PAYMENT_PAGE_MODE_SDK);
  web_view = pos_payment_view_get_web_view (f->view);

  /* Up to POS_PAYMENT_VIEW_MAX_AUTOMATIC_RELOADS crashes reload the form by themselves. */
  for (guint i = 1; i <= POS_PAYMENT_VIEW_MAX_AUTOMATIC_RELOADS; i++) {
    webkit_web_view_terminate_web_process (web_view);
    WEB_TEST_WAIT_FOR (&f->web, f->crashed == i);
    g_assert_true (f->crash_reloading);
    WEB_TEST_WAIT_FOR (&f->web, f->loaded == i + 1);
    g_assert_false (error_shown (f));
  }

  /* One more and the view gives up with its error page and a Try Again button. */
  webkit_web_view_terminate_web_process (web_view);
  WEB_TEST_WAIT_FOR (&f->web, f->crashed == POS_PAYMENT_VIEW_MAX_AUTOMATIC_RELOADS + 1);
  g_assert_false (f->crash_reloading);
  WEB_TEST_WAIT_FOR (&f->web, f->failed == 1);
  g_assert_cmpint (f->failure, ==, POS_PAYMENT_FAILURE_WEB_PROCESS);
  g_assert_true (error_shown (f));
  g_assert_cmpstr (error_title (f), ==, "The payment page stopped working");
  g_assert_false (webkit_web_view_is_loading (web_view));
  /* Focus goes to Try Again, not to the hidden page. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (f->view)));
  g_assert_true (gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (f->view))) ==
                 find_widget (GTK_WIDGET (error_page (f)), GTK_TYPE_BUTTON));
  save_widget_snapshot (f, "payment-error.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "payment.retry", NULL));
  WEB_TEST_WAIT_FOR (&f->web, f->loaded == POS_PAYMENT_VIEW_MAX_AUTOMATIC_RELOADS + 2);
  g_assert_false (error_shown (f));
  g_assert_false (pos_payment_view_get_showing_error (f->view));
}

/* A web process that dies as soon as it starts (as it did with a fatal warning at start-up):
 * the view gives up after its bounded reloads, shows the error, and starts no web process at all
 * until Try Again. Every load start is counted, and every web process below the test in /proc. */
typedef struct {
  Fixture *f;
  guint load_starts;
  guint terminations;
  guint kill_source;
  GHashTable *web_processes; /* the pids of every web process seen, as a set */
} CrashLoop;

static void
note_web_processes (CrashLoop *loop)
{
  g_autoptr (GArray) processes = proc_test_descendants (getpid ());

  for (guint i = 0; i < processes->len; i++) {
    ProcTestProcess *process = &g_array_index (processes, ProcTestProcess, i);

    if (g_str_has_prefix (process->name, "WebKitWebProces"))
      g_hash_table_add (loop->web_processes, GINT_TO_POINTER (process->pid));
  }
}

static gboolean
kill_web_process_cb (gpointer user_data)
{
  CrashLoop *loop = user_data;

  loop->kill_source = 0;
  note_web_processes (loop);
  webkit_web_view_terminate_web_process (pos_payment_view_get_web_view (loop->f->view));
  return G_SOURCE_REMOVE;
}

static void
crash_loop_load_changed_cb (WebKitWebView *web_view, WebKitLoadEvent load_event, CrashLoop *loop)
{
  if (load_event == WEBKIT_LOAD_STARTED)
    loop->load_starts++;
  /* Once the page committed its web process surely runs. Out of WebKit's signal emission. */
  if (load_event == WEBKIT_LOAD_COMMITTED && loop->kill_source == 0)
    loop->kill_source = g_idle_add (kill_web_process_cb, loop);
}

static void
crash_loop_terminated_cb (WebKitWebView *web_view,
                          WebKitWebProcessTerminationReason reason,
                          CrashLoop *loop)
{
  loop->terminations++;
}

static void
test_web_process_crash_loop (Fixture *f, gconstpointer data)
{
  const guint attempts = POS_PAYMENT_VIEW_MAX_AUTOMATIC_RELOADS + 1;
  CrashLoop loop = { f, 0, 0, 0, g_hash_table_new (NULL, NULL) };
  g_autoptr (GArray) left = NULL;
  WebKitWebView *web_view;

  create_session (f, FALSE);
  new_view (f, POS_PAYMENT_PAGE_MODE_SDK);
  web_view = pos_payment_view_get_web_view (f->view);
  g_signal_connect (web_view, "load-changed", G_CALLBACK (crash_loop_load_changed_cb), &loop);
  g_signal_connect (web_view, "web-process-terminated", G_CALLBACK (crash_loop_terminated_cb),
                    &loop);
  pos_payment_view_open (f->view, f->web.session_url);

  WEB_TEST_WAIT_FOR (&f->web, f->failed == 1);
  g_assert_cmpint (f->failure, ==, POS_PAYMENT_FAILURE_WEB_PROCESS);
  g_assert_true (error_shown (f));
  g_assert_cmpstr (error_title (f), ==, "The payment page stopped working");

  /* Give a loop the time to show itself: before the fix, the error page's own load started a
   * web process every few hundred milliseconds. */
  web_test_spin (&f->web, 1500);
  g_assert_cmpuint (loop.load_starts, ==, attempts);
  g_assert_cmpuint (loop.terminations, ==, attempts);
  g_assert_cmpuint (f->crashed, ==, attempts);
  g_assert_cmpuint (f->failed, ==, 1);
  g_assert_cmpuint (f->loaded, ==, 0);
  /* One web process per attempt at most (each was seen while it ran), and none left. */
  g_assert_cmpuint (g_hash_table_size (loop.web_processes), >=, 1);
  g_assert_cmpuint (g_hash_table_size (loop.web_processes), <=, attempts);
  left = proc_test_descendants (getpid ());
  g_assert_cmpuint (proc_test_count_named (left, "WebKitWebProces"), ==, 0);
  g_assert_true (error_shown (f));

  /* Try Again starts over: a new web process, killed again, and the view gives up again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "payment.retry", NULL));
  g_assert_false (error_shown (f));
  WEB_TEST_WAIT_FOR (&f->web, f->failed == 2);
  g_assert_true (error_shown (f));
  web_test_spin (&f->web, 500);
  g_assert_cmpuint (loop.load_starts, ==, 2 * attempts);
  g_assert_cmpuint (loop.terminations, ==, 2 * attempts);

  g_signal_handlers_disconnect_by_data (web_view, &loop);
  g_clear_handle_id (&loop.kill_source, g_source_remove);
  g_hash_table_unref (loop.web_processes);
}

/* ---- Cases: the context menu ---- */

static gboolean
menu_has (WebKitContextMenu *menu, WebKitContextMenuAction action)
{
  for (GList *l = webkit_context_menu_get_items (menu); l != NULL; l = l->next) {
    if (webkit_context_menu_item_get_stock_action (l->data) == action)
      return TRUE;
  }
  return FALSE;
}

static WebKitContextMenu *
full_menu (void)
{
  static const WebKitContextMenuAction actions[] = {
    WEBKIT_CONTEXT_MENU_ACTION_GO_BACK,
    WEBKIT_CONTEXT_MENU_ACTION_RELOAD,
    WEBKIT_CONTEXT_MENU_ACTION_OPEN_LINK,
    WEBKIT_CONTEXT_MENU_ACTION_OPEN_LINK_IN_NEW_WINDOW,
    WEBKIT_CONTEXT_MENU_ACTION_DOWNLOAD_LINK_TO_DISK,
    WEBKIT_CONTEXT_MENU_ACTION_OPEN_IMAGE_IN_NEW_WINDOW,
    WEBKIT_CONTEXT_MENU_ACTION_DOWNLOAD_IMAGE_TO_DISK,
    WEBKIT_CONTEXT_MENU_ACTION_OPEN_FRAME_IN_NEW_WINDOW,
    WEBKIT_CONTEXT_MENU_ACTION_COPY,
    WEBKIT_CONTEXT_MENU_ACTION_PASTE,
    WEBKIT_CONTEXT_MENU_ACTION_SELECT_ALL,
    WEBKIT_CONTEXT_MENU_ACTION_INSPECT_ELEMENT,
  };
  WebKitContextMenu *menu = webkit_context_menu_new ();

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++) {
    webkit_context_menu_append (menu, webkit_context_menu_item_new_from_stock_action (actions[i]));
    if (i == 2 || i == 7)
      webkit_context_menu_append (menu, webkit_context_menu_item_new_separator ());
  }
  webkit_context_menu_append (menu, webkit_context_menu_item_new_separator ());
  return menu;
}

static void
test_context_menu (Fixture *f, gconstpointer data)
{
  g_autoptr (WebKitContextMenu) menu = full_menu ();
  g_autoptr (WebKitContextMenu) debug_menu = full_menu ();
  g_autoptr (WebKitContextMenu) leaving_menu = webkit_context_menu_new ();
  g_autofree char *loader = g_strconcat (f->web.sandbox_base, POS_SDK_LOADER_PATH, NULL);
  gboolean handled = TRUE;
  guint n;

  new_view (f, POS_PAYMENT_PAGE_MODE_SDK);
  g_signal_emit_by_name (pos_payment_view_get_web_view (f->view), "context-menu", menu, NULL,
                         &handled);
  g_assert_false (handled);
  g_assert_true (menu_has (menu, WEBKIT_CONTEXT_MENU_ACTION_COPY));
  g_assert_true (menu_has (menu, WEBKIT_CONTEXT_MENU_ACTION_PASTE));
  g_assert_true (menu_has (menu, WEBKIT_CONTEXT_MENU_ACTION_SELECT_ALL));
  g_assert_false (menu_has (menu, WEBKIT_CONTEXT_MENU_ACTION_GO_BACK));
  g_assert_false (menu_has (menu, WEBKIT_CONTEXT_MENU_ACTION_RELOAD));
  g_assert_false (menu_has (menu, WEBKIT_CONTEXT_MENU_ACTION_OPEN_LINK));
  g_assert_false (menu_has (menu, WEBKIT_CONTEXT_MENU_ACTION_OPEN_LINK_IN_NEW_WINDOW));
  g_assert_false (menu_has (menu, WEBKIT_CONTEXT_MENU_ACTION_DOWNLOAD_LINK_TO_DISK));
  g_assert_false (menu_has (menu, WEBKIT_CONTEXT_MENU_ACTION_OPEN_IMAGE_IN_NEW_WINDOW));
  g_assert_false (menu_has (menu, WEBKIT_CONTEXT_MENU_ACTION_DOWNLOAD_IMAGE_TO_DISK));
  g_assert_false (menu_has (menu, WEBKIT_CONTEXT_MENU_ACTION_OPEN_FRAME_IN_NEW_WINDOW));
  g_assert_false (menu_has (menu, WEBKIT_CONTEXT_MENU_ACTION_INSPECT_ELEMENT));
  /* Tidy: no separator first, last or twice in a row. */
  n = webkit_context_menu_get_n_items (menu);
  g_assert_cmpuint (n, ==, 3);
  for (guint i = 0; i < n; i++)
    g_assert_false (
      webkit_context_menu_item_is_separator (webkit_context_menu_get_item_at_position (menu, i)));

  /* A menu with nothing acceptable is not shown at all. */
  webkit_context_menu_append (leaving_menu, webkit_context_menu_item_new_from_stock_action (
                                              WEBKIT_CONTEXT_MENU_ACTION_OPEN_LINK_IN_NEW_WINDOW));
  g_signal_emit_by_name (pos_payment_view_get_web_view (f->view), "context-menu", leaving_menu,
                         NULL, &handled);
  g_assert_true (handled);
  g_assert_false (webkit_settings_get_enable_developer_extras (
    webkit_web_view_get_settings (pos_payment_view_get_web_view (f->view))));
  drop_view (f);

  /* --debug keeps the inspector. */
  show_view (f, pos_payment_view_new (POS_PAYMENT_PAGE_MODE_SDK, f->web.sandbox_base, loader, NULL,
                                      NULL, TRUE));
  g_signal_emit_by_name (pos_payment_view_get_web_view (f->view), "context-menu", debug_menu, NULL,
                         &handled);
  g_assert_true (menu_has (debug_menu, WEBKIT_CONTEXT_MENU_ACTION_INSPECT_ELEMENT));
  g_assert_true (webkit_settings_get_enable_developer_extras (
    webkit_web_view_get_settings (pos_payment_view_get_web_view (f->view))));
}

/* ---- Downloads ---- */

static void
download_handler (SoupServer *server,
                  SoupServerMessage *msg,
                  const char *path,
                  GHashTable *query,
                  gpointer user_data)
{
  static const char body[] = "MZ not a program";
  guint *requests = user_data;

  (*requests)++;
  soup_message_headers_append (soup_server_message_get_response_headers (msg),
                               "Content-Disposition", "attachment; filename=tool.exe");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_STATIC, body,
                                    strlen (body));
}

static void
download_started_cb (WebKitNetworkSession *session, WebKitDownload *download, guint *count)
{
  (*count)++;
}

static void
test_download_refused (Fixture *f, gconstpointer data)
{
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autofree char *origin = NULL;
  g_autofree char *link = NULL;
  WebKitWebView *web_view;
  guint downloads = 0;
  guint requests = 0;

  soup_server_add_handler (server, NULL, download_handler, &requests, NULL);
  origin = web_test_listen (server, "http", 0);
  link = g_strconcat (origin, "/app/embedded/acme-utilities/session/download", NULL);

  show_view (f, pos_payment_view_new (POS_PAYMENT_PAGE_MODE_REDIRECT, origin, NULL, SUCCESS_URL,
                                      RETURN_URL, FALSE));
  web_view = pos_payment_view_get_web_view (f->view);
  g_signal_connect (webkit_web_view_get_network_session (web_view), "download-started",
                    G_CALLBACK (download_started_cb), &downloads);
  /* The trigger must fire: the server answers with the attachment, and the view's response
   * policy refuses it (what WebKit cannot show it would download) and says so. */
  g_test_expect_message ("PosUi", G_LOG_LEVEL_MESSAGE, "Payment page: refused a download from *");
  pos_payment_view_open (f->view, link);
  WEB_TEST_WAIT_FOR (&f->web, requests == 1);
  WEB_TEST_WAIT_FOR (&f->web, !webkit_web_view_is_loading (web_view));
  web_test_spin (&f->web, 300);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (requests, ==, 1);
  g_assert_cmpuint (downloads, ==, 0);
  g_assert_cmpuint (f->loaded, ==, 0);
  g_signal_handlers_disconnect_by_data (webkit_web_view_get_network_session (web_view), &downloads);
  soup_server_disconnect (server);
}

/* Every view has a network session of its own, and it keeps nothing on disk. */
static void
test_ephemeral_session (Fixture *f, gconstpointer data)
{
  WebKitNetworkSession *first;
  WebKitNetworkSession *second;
  g_autoptr (PosPaymentView) other = NULL;
  g_autofree char *loader = g_strconcat (f->web.sandbox_base, POS_SDK_LOADER_PATH, NULL);

  new_view (f, POS_PAYMENT_PAGE_MODE_SDK);
  other = g_object_ref_sink (pos_payment_view_new (POS_PAYMENT_PAGE_MODE_SDK, f->web.sandbox_base,
                                                   loader, NULL, NULL, FALSE));
  first = webkit_web_view_get_network_session (pos_payment_view_get_web_view (f->view));
  second = webkit_web_view_get_network_session (pos_payment_view_get_web_view (other));
  g_assert_true (first != second);
  g_assert_true (webkit_network_session_is_ephemeral (first));
  g_assert_true (webkit_network_session_is_ephemeral (second));
  g_assert_cmpint (webkit_network_session_get_tls_errors_policy (first), ==,
                   WEBKIT_TLS_ERRORS_POLICY_FAIL);
  g_assert_cmpstr (pos_payment_view_get_bridge_origin (f->view), !=,
                   pos_payment_view_get_bridge_origin (other));
  g_assert_finalize_object (g_steal_pointer (&other));
}

/* ---- The bridge server ---- */

typedef struct {
  guint status;
  char *body;
  char *csp;
} BridgeAnswer;

static void
bridge_answer_clear (BridgeAnswer *answer)
{
  g_free (answer->body);
  g_free (answer->csp);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BridgeAnswer, bridge_answer_clear)

static void
bridge_get (Fixture *f,
            const char *method,
            const char *path,
            const char *host,
            BridgeAnswer *answer)
{
  g_autofree char *uri = g_strconcat (pos_payment_view_get_bridge_origin (f->view), path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr (GBytes) body = NULL;

  if (host != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Host", host);
  body = web_test_send (&f->web, msg, path);
  answer->status = soup_message_get_status (msg);
  answer->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  answer->csp = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                        "Content-Security-Policy"));
}

/* The bridge page: placeholders HTML-escaped, a CSP that admits only the web origin, answers only
 * to its own Host and to GET. */
static void
test_bridge_server (Fixture *f, gconstpointer data)
{
  g_autofree char *loader =
    g_strconcat (f->web.sandbox_base, POS_SDK_LOADER_PATH, "?v=\"><script>alert(1)</script>", NULL);
  g_autofree char *frame_src = g_strconcat ("frame-src ", f->web.sandbox_base, ";", NULL);
  g_auto (BridgeAnswer) page = { 0 };
  g_auto (BridgeAnswer) script = { 0 };
  g_auto (BridgeAnswer) rebound = { 0 };
  g_auto (BridgeAnswer) posted = { 0 };
  g_auto (BridgeAnswer) missing = { 0 };

  show_view (f, pos_payment_view_new (POS_PAYMENT_PAGE_MODE_SDK, f->web.sandbox_base, loader, NULL,
                                      NULL, FALSE));

  bridge_get (f, "GET", "/bridge.html", NULL, &page);
  g_assert_cmpuint (page.status, ==, SOUP_STATUS_OK);
  g_assert_null (strstr (page.body, "<script>alert"));
  g_assert_nonnull (strstr (page.body, "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
  g_assert_null (strstr (page.body, "{{"));
  g_assert_nonnull (page.csp);
  g_assert_nonnull (strstr (page.csp, "default-src 'none'"));
  g_assert_nonnull (strstr (page.csp, frame_src));
  g_assert_nonnull (strstr (page.csp, "frame-ancestors 'none'"));
  g_assert_null (strstr (page.csp, "unsafe-eval"));

  bridge_get (f, "GET", "/bridge.js", NULL, &script);
  g_assert_cmpuint (script.status, ==, SOUP_STATUS_OK);
  g_assert_nonnull (strstr (script.body, "posBridge"));

  bridge_get (f, "GET", "/bridge.html", "evil.example", &rebound);
  g_assert_cmpuint (rebound.status, ==, SOUP_STATUS_MISDIRECTED_REQUEST);
  bridge_get (f, "POST", "/bridge.html", NULL, &posted);
  g_assert_cmpuint (posted.status, ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
  bridge_get (f, "GET", "/etc/passwd", NULL, &missing);
  g_assert_cmpuint (missing.status, ==, SOUP_STATUS_NOT_FOUND);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  pos_ui_init ();

  /* Each case in a subprocess of its own, run once more only if the web process crashed. */
#define ADD(path, fn)                                                                           \
  WEB_TEST_ADD_ISOLATED ("/payment-view/" path, Fixture, fixture_set_up, fn, fixture_tear_down, \
                         CASE_TIMEOUT_SEC + 30)
  ADD ("sdk/success", test_sdk_success);
  ADD ("sdk/decline", test_sdk_decline);
  ADD ("sdk/dismiss", test_sdk_dismiss);
  ADD ("sdk/forged-events", test_sdk_forged_events);
  ADD ("redirect/success", test_redirect_success);
  ADD ("redirect/return", test_redirect_return);
  ADD ("policy/blocked-navigation", test_blocked_navigation);
  ADD ("policy/new-window", test_new_window);
  ADD ("policy/invalid-link", test_invalid_link);
  ADD ("policy/download-refused", test_download_refused);
  ADD ("policy/context-menu", test_context_menu);
  ADD ("policy/bridge-server", test_bridge_server);
  ADD ("isolation/storage", test_storage_isolated);
  ADD ("isolation/ephemeral-session", test_ephemeral_session);
  ADD ("failure/tls", test_tls_failure);
  ADD ("failure/web-process-crash", test_web_process_crash);
  ADD ("failure/web-process-crash-loop", test_web_process_crash_loop);
#undef ADD

  return g_test_run ();
}
