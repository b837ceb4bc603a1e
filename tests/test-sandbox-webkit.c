/* test-sandbox-webkit.c: the sandbox's hosted payment page and SDK loader, driven in a real WebKitWebView.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sandbox gateway runs in-process; a second SoupServer on another loopback port plays the
 * integrator's page (another origin) that includes the loader snippet and opens the session in a
 * container. Events reach the test through a script message handler, as they reach the app. A user
 * script in an isolated world plays the customer inside the hosted page's frame: it reports what the
 * page shows and performs the test's commands (fill, click), over a message handler with replies.
 */
#include "config.h"

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <webkit/webkit.h>

#include "paystar-sandbox-server.h"
#include "webkit-test-util.h"

#define AGENT_EMAIL \
  "ava"             \
  "@"               \
  "acme-utilities.example"
#define CASE_TIMEOUT_SEC 30

typedef struct {
  WebTest web; /* the sandbox, a session, the deadline and the typist */
  SoupServer *embedder;
  char *embedder_base;

  GtkWindow *window;
  WebKitWebView *view;
  GPtrArray *events; /* JsonNode*, each {event, data}, in arrival order */
  GArray *consumed;  /* gboolean per event: wait_event() returned it */

  guint loads_finished; /* main-frame loads that reached WEBKIT_LOAD_FINISHED */
} Fixture;

static const char *
event_name (JsonNode *node)
{
  return json_object_get_string_member (json_node_get_object (node), "event");
}

/* Says which events had come when a case times out. */
static void
explain_events (gpointer user_data)
{
  Fixture *f = user_data;

  for (guint i = 0; f->events != NULL && i < f->events->len; i++)
    g_printerr ("event %u was %s\n", i, event_name (f->events->pdata[i]));
}

/* ---- The integrator's page, on another origin ---- */

static char *
read_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "web", name, NULL);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static char *
replace (const char *text, const char *placeholder, const char *value)
{
  g_auto (GStrv) parts = g_strsplit (text, placeholder, -1);

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  return g_strjoinv (value, parts);
}

static void
embedder_handler (SoupServer *server,
                  SoupServerMessage *msg,
                  const char *path,
                  GHashTable *query,
                  gpointer user_data)
{
  Fixture *f = user_data;
  g_autofree char *body = NULL;
  const char *content_type;

  if (g_str_equal (path, "/")) {
    g_autofree char *html = read_fixture ("embedder.html");
    g_autofree char *loader_uri =
      g_strconcat (f->web.sandbox_base, "/app/embedded.loader.js", NULL);
    g_autofree char *loader = web_test_json_string (loader_uri);

    body = replace (html, "{{LOADER_URL_JSON}}", loader);
    content_type = "text/html; charset=utf-8";
  } else if (g_str_equal (path, "/embedder.js")) {
    g_autofree char *js = read_fixture ("embedder.js");
    g_autofree char *url = web_test_json_string (f->web.session_url);

    body = replace (js, "{{SESSION_URL_JSON}}", url);
    content_type = "application/javascript";
  } else if (g_str_equal (path, "/done") || g_str_equal (path, "/returned")) {
    /* The integrator's SuccessUrl and ReturnUrl in redirect mode. */
    body = g_strdup ("<!DOCTYPE html><title>Back at the integrator</title><p>Back</p>");
    content_type = "text/html; charset=utf-8";
  } else if (g_str_equal (path, "/embedder.css")) {
    body = read_fixture ("embedder.css");
    content_type = "text/css";
  } else {
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
    return;
  }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Cache-Control",
                               "no-store");
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

/* ---- Events and the typist ---- */

static void
events_received_cb (WebKitUserContentManager *manager, JSCValue *value, gpointer user_data)
{
  Fixture *f = user_data;
  g_autofree char *text = jsc_value_to_string (value);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  g_test_message ("event: %s", text);
  g_ptr_array_add (f->events, json_node_ref (root));
  g_array_set_size (f->consumed, f->events->len);
}

static JsonObject *
event_data (JsonNode *node)
{
  JsonObject *object = json_node_get_object (node);
  JsonNode *data = json_object_get_member (object, "data");

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return NULL;
  return json_node_get_object (data);
}

/* Waits for the first event called @name not yet waited for. Events may arrive in any order
 * (FRAME.LOADED and PAYMENT-SESSION.LOADED race), so nothing else is skipped. */
static JsonNode *
wait_event (Fixture *f, const char *name)
{
  for (;;) {
    for (guint i = 0; i < f->events->len; i++) {
      if (!g_array_index (f->consumed, gboolean, i) &&
          g_str_equal (event_name (f->events->pdata[i]), name)) {
        g_array_index (f->consumed, gboolean, i) = TRUE;
        return f->events->pdata[i];
      }
    }
    web_test_iterate (&f->web, name);
  }
}

static guint
count_events (Fixture *f, const char *name)
{
  guint n = 0;

  for (guint i = 0; i < f->events->len; i++)
    n += g_str_equal (event_name (f->events->pdata[i]), name);
  return n;
}

static gboolean
report_has (JsonObject *report, const char *array_member, const char *value)
{
  JsonArray *array = json_object_get_array_member (report, array_member);

  for (guint i = 0; i < json_array_get_length (array); i++) {
    if (g_str_equal (json_array_get_string_element (array, i), value))
      return TRUE;
  }
  return FALSE;
}

/* ---- Assertions on SDK session objects ---- */

/* Major units from the event, compared in cents after one rounding, as the app does it. */
static void
assert_major_units (JsonObject *object, const char *member, gint64 expected_cents)
{
  double major = json_object_get_double_member (object, member);

  g_assert_cmpint ((gint64) (major * 100.0 + (major < 0 ? -0.5 : 0.5)), ==, expected_cents);
}

static void
assert_sdk_session (Fixture *f, JsonObject *session, const char *status, gint64 subtotal_cents)
{
  g_assert_nonnull (session);
  g_assert_cmpstr (json_object_get_string_member (session, "sessionIdentifier"), ==,
                   f->web.session_id);
  g_assert_cmpstr (json_object_get_string_member (session, "status"), ==, status);
  assert_major_units (session, "subtotal", subtotal_cents);
}

static const char *
masked_source (JsonObject *session)
{
  JsonObject *source = json_object_get_object_member (session, "paymentSource");

  g_assert_nonnull (source);
  g_assert_cmpstr (json_object_get_string_member (source, "paymentSourceType"), ==, "CreditCard");
  return json_object_get_string_member (source, "accountNumberMasked");
}

/* ---- The web view ---- */

/* A crash is web_test_watch_web_process()'s; any other end of the web process fails the case. */
static void
web_process_terminated_cb (WebKitWebView *view,
                           WebKitWebProcessTerminationReason reason,
                           gpointer user_data)
{
  if (reason == WEBKIT_WEB_PROCESS_CRASHED)
    return;
  g_error ("the web process ended (%s)", reason == WEBKIT_WEB_PROCESS_EXCEEDED_MEMORY_LIMIT
                                           ? "memory limit"
                                           : "terminated by the API");
}

static void
load_changed_cb (WebKitWebView *view, WebKitLoadEvent event, gpointer user_data)
{
  Fixture *f = user_data;

  if (event == WEBKIT_LOAD_FINISHED)
    f->loads_finished++;
}

/* Loads @uri; a typist still waiting on the page being left is told to stop. */
static void
load_uri (Fixture *f, const char *uri)
{
  if (f->web.typist_reply != NULL)
    web_test_typist_command (&f->web, "{\"action\":\"done\"}");
  f->web.typist_expect_ready = TRUE;
  webkit_web_view_load_uri (f->view, uri);
}

static void
load_embedder (Fixture *f, const char *query)
{
  g_autofree char *uri = g_strconcat (f->embedder_base, "/", query ? query : "", NULL);

  load_uri (f, uri);
}

/* Runs @script in the integrator's page (main frame, main world) and returns its value as JSON. */
static char *
run_js (Fixture *f, const char *script)
{
  g_autoptr (JSCValue) value = web_test_run_js (&f->web, f->view, script);

  return jsc_value_to_json (value, 0);
}

/* ---- Fixture ---- */

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (WebKitNetworkSession) network = NULL;
  g_autofree char *typist_body = NULL;
  WebKitUserContentManager *manager;

  f->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  f->consumed = g_array_new (FALSE, TRUE, sizeof (gboolean));
  web_test_set_up (&f->web, CASE_TIMEOUT_SEC);
  f->web.explain = explain_events;
  f->web.explain_data = f;
  paystar_sandbox_server_set_seed (f->web.sandbox, 20250301);

  f->embedder = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->embedder, NULL, embedder_handler, f, NULL);
  f->embedder_base = web_test_listen (f->embedder, "http", 0);
  g_assert_cmpstr (f->embedder_base, !=, f->web.sandbox_base);

  network = webkit_network_session_new_ephemeral ();
  f->view = g_object_new (WEBKIT_TYPE_WEB_VIEW, "network-session", network, NULL);
  web_test_watch_web_process (&f->web, f->view);
  g_signal_connect (f->view, "web-process-terminated", G_CALLBACK (web_process_terminated_cb), f);
  g_signal_connect (f->view, "load-changed", G_CALLBACK (load_changed_cb), f);
  manager = webkit_web_view_get_user_content_manager (f->view);
  g_signal_connect (manager, "script-message-received::events", G_CALLBACK (events_received_cb), f);
  g_assert_true (
    webkit_user_content_manager_register_script_message_handler (manager, "events", NULL));
  web_test_add_typist (&f->web, manager, f->web.sandbox_base);

  f->window = GTK_WINDOW (gtk_window_new ());
  /* Taller than the usual 900-pixel Xvfb screen, so the snapshots show the whole form. */
  gtk_widget_set_size_request (GTK_WIDGET (f->view), 560, 1060);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_window_present (f->window);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  /* A typist still waiting for a command is told to stop before its page goes away. */
  web_test_typist_stop (&f->web);

  gtk_window_destroy (f->window);
  f->view = NULL;
  f->window = NULL;
  g_clear_pointer (&f->events, g_ptr_array_unref);
  g_clear_pointer (&f->consumed, g_array_unref);

  soup_server_disconnect (f->embedder);
  g_clear_object (&f->embedder);
  web_test_tear_down (&f->web);
  g_free (f->embedder_base);
}

/* ---- Cases ---- */

static const char pos_request[] =
  "{\"BusinessUnitSlug\":\"acme-utilities\",\"Channel\":\"POS\","
  "\"PosUser\":\"" AGENT_EMAIL "\","
  "\"PaymentDescriptor\":\"ACME UTILITIES MARCH\","
  "\"PaymentFields\":{\"invoiceNumber\":\"INV-2025-0042\"},"
  "\"Charges\":["
  "{\"Amount\":12550,\"Description\":\"Water service, March\",\"ChargeType\":\"Water\","
  "\"ClientAccount\":{\"AccountNumber\":\"100-2042\",\"SubAccountNumber\":\"01\","
  "\"Name\":\"Jordan Lee\",\"Balance\":12550,\"DueDate\":\"2025-04-01T00:00:00Z\"}},"
  "{\"Amount\":4275,\"Description\":\"Sewer service, March\",\"ChargeType\":\"Sewer\","
  "\"ClientAccount\":{\"AccountNumber\":\"100-2042\",\"SubAccountNumber\":\"02\","
  "\"Name\":\"Jordan Lee\",\"Balance\":4275,\"DueDate\":\"2025-04-01T00:00:00Z\"}}]}";

#define POS_TOTAL_CENTS 16825

/* The hosted form shows, in a frame of the embedding page; returns the typist's report. */
static JsonObject *
assert_form_in_frame (Fixture *f)
{
  JsonObject *report = web_test_typist_report (&f->web);

  g_assert_true (json_object_get_boolean_member (report, "frame"));
  g_assert_true (json_object_get_boolean_member (report, "formVisible"));
  return report;
}

static void
test_pay_success (Fixture *f, gconstpointer data)
{
  g_autofree char *fill =
    web_test_fill_command ("4242 4242 4242 4242", ",\"payment-field-memoLine\":\"March bill\"");
  g_autofree char *reference = NULL;
  g_autoptr (JsonNode) stored = NULL;
  JsonObject *stored_session;
  JsonObject *stored_payment;
  JsonObject *report;
  JsonObject *session;

  web_test_create_session (&f->web, pos_request);
  load_embedder (f, NULL);

  wait_event (f, "FRAME.LOADED");
  session = event_data (wait_event (f, "PAYMENT-SESSION.LOADED"));
  assert_sdk_session (f, session, "RequiresPaymentSource", POS_TOTAL_CENTS);
  g_assert_cmpstr (json_object_get_string_member (session, "channel"), ==, "POS");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (session, "lineItems")), ==,
                    2);

  /* What the clerk and the customer see before paying. */
  report = assert_form_in_frame (f);
  g_assert_false (json_object_get_boolean_member (report, "confirmationVisible"));
  g_assert_cmpstr (json_object_get_string_member (report, "businessName"), ==, "Acme Utilities");
  g_assert_cmpstr (json_object_get_string_member (report, "takenBy"), ==, "Taken by " AGENT_EMAIL);
  g_assert_cmpstr (json_object_get_string_member (report, "total"), ==, "$168.25");
  g_assert_cmpstr (json_object_get_string_member (report, "payText"), ==, "Pay $168.25");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "lineItems")), ==,
                    2);
  g_assert_true (
    strstr (json_array_get_string_element (json_object_get_array_member (report, "lineItems"), 0),
            "Balance $125.50") != NULL);
  g_assert_cmpuint (
    json_array_get_length (json_object_get_array_member (report, "paymentFieldInputs")), ==, 1);
  g_assert_true (report_has (report, "paymentFieldInputs", "payment-field-memoLine"));
  g_assert_cmpint (json_object_get_int_member (report, "testCards"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (report, "banner"), ==,
                   "SANDBOX — no real money moves");

  report = web_test_typist_do (&f->web, fill);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "invalid")), ==,
                    0);
  session = event_data (wait_event (f, "PAYMENT-SESSION.UPDATED"));
  assert_sdk_session (f, session, "RequiresPaymentSource", POS_TOTAL_CENTS);
  g_assert_cmpstr (masked_source (session), ==, "****4242");
  web_test_save_snapshot (&f->web, f->view, "sandbox-page.png");

  report = web_test_typist_pay (&f->web);
  g_assert_true (json_object_get_boolean_member (report, "settled"));
  g_assert_true (json_object_get_boolean_member (report, "confirmationVisible"));
  g_assert_false (json_object_get_boolean_member (report, "formVisible"));
  g_assert_cmpstr (json_object_get_string_member (report, "masked"), ==, "****4242");
  reference = g_strdup (json_object_get_string_member (report, "reference"));
  g_assert_cmpuint (strlen (reference), >, 4);
  g_assert_cmpstr (json_object_get_string_member (report, "cardNumber"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (report, "cardCvc"), ==, "");

  session = event_data (wait_event (f, "PAYMENT-SESSION.PROCESSED"));
  assert_sdk_session (f, session, "Succeeded", POS_TOTAL_CENTS);
  g_assert_cmpstr (masked_source (session), ==, "****4242");
  /* onComplete and a subscriber made through the snippet's queue both heard of it. */
  assert_sdk_session (f, event_data (wait_event (f, "TEST.SUBSCRIBER")), "Succeeded",
                      POS_TOTAL_CENTS);
  assert_sdk_session (f, event_data (wait_event (f, "TEST.COMPLETE")), "Succeeded",
                      POS_TOTAL_CENTS);
  web_test_save_snapshot (&f->web, f->view, "sandbox-confirmation.png");

  /* The sandbox stored the payment the page showed, and only the card's last four digits. */
  stored = web_test_inspect_session (&f->web);
  stored_session = json_object_get_object_member (json_node_get_object (stored), "paymentSession");
  g_assert_cmpstr (json_object_get_string_member (stored_session, "status"), ==, "Succeeded");
  g_assert_cmpint (json_object_get_int_member (stored_session, "subtotalMinor"), ==,
                   POS_TOTAL_CENTS);
  stored_payment = json_object_get_object_member (json_node_get_object (stored), "payment");
  g_assert_cmpstr (json_object_get_string_member (stored_payment, "referenceNumber"), ==,
                   reference);
  g_assert_cmpint (json_object_get_int_member (stored_payment, "amountMinor"), ==, POS_TOTAL_CENTS);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_node_get_object (stored), "paymentSource"),
                     "accountNumberLast4"),
                   ==, "4242");

  /* Opening a paid session again shows its confirmation, never a second form. */
  load_embedder (f, NULL);
  session = event_data (wait_event (f, "PAYMENT-SESSION.LOADED"));
  assert_sdk_session (f, session, "Succeeded", POS_TOTAL_CENTS);
  report = web_test_typist_report (&f->web);
  g_assert_true (json_object_get_boolean_member (report, "confirmationVisible"));
  g_assert_false (json_object_get_boolean_member (report, "formVisible"));
  g_assert_cmpstr (json_object_get_string_member (report, "masked"), ==, "****4242");
}

/* The QuickPay session's form asks for both payment fields. */
#define QUICKPAY_FIELDS \
  ",\"payment-field-invoiceNumber\":\"INV-7\",\"payment-field-memoLine\":\"Permit\""

static const char quickpay_request[] =
  "{\"BusinessUnitSlug\":\"acme-utilities\",\"Channel\":\"QuickPay\","
  "\"Charges\":[{\"Amount\":5000,\"Description\":\"Permit fee\"}]}";

static void
test_decline_then_retry (Fixture *f, gconstpointer data)
{
  g_autofree char *expiry = web_test_future_expiry ();
  g_autofree char *decline =
    web_test_fill_command ("4000000000000002", ",\"payment-field-invoiceNumber\":\"INV-7\","
                                               "\"payment-field-memoLine\":\"Permit\"");
  g_autofree char *retry = g_strdup_printf (
    "{\"action\":\"fill\",\"values\":{\"card-number\":\"4242424242424242\",\"card-cvc\":\"321\","
    "\"card-expiry\":\"%s\"}}",
    expiry);
  g_autofree char *status = NULL;
  JsonObject *report;
  JsonObject *session;

  web_test_create_session (&f->web, quickpay_request);
  load_embedder (f, NULL);
  session = event_data (wait_event (f, "PAYMENT-SESSION.LOADED"));
  assert_sdk_session (f, session, "RequiresPaymentSource", 5000);

  report = web_test_typist_report (&f->web);
  g_assert_true (json_object_get_null_member (report, "takenBy"));
  g_assert_true (report_has (report, "paymentFieldInputs", "payment-field-invoiceNumber"));
  g_assert_true (report_has (report, "paymentFieldInputs", "payment-field-memoLine"));

  /* Inline checks: nothing leaves the page while a field is wrong. */
  web_test_typist_do (&f->web,
                      "{\"action\":\"fill\",\"values\":{\"card-number\":\"4242 4242 4242 4241\","
                      "\"card-expiry\":\"01/20\",\"card-cvc\":\"12\",\"card-zip\":\"123\"}}");
  report = web_test_typist_pay (&f->web);
  for (const char *const *id =
         (const char *const[]){ "card-number", "card-expiry", "card-cvc", "card-name", "card-zip",
                                "payment-field-invoiceNumber", NULL };
       *id != NULL; id++) {
    JsonObject *errors = json_object_get_object_member (report, "errors");

    g_assert_true (report_has (report, "invalid", *id));
    g_assert_nonnull (json_object_get_string_member (errors, *id));
  }
  g_assert_false (json_object_get_boolean_member (report, "payDisabled"));
  g_assert_cmpuint (count_events (f, "PAYMENT-SESSION.PROCESSED"), ==, 0);

  /* A declined card. */
  report = web_test_typist_do (&f->web, decline);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "invalid")), ==,
                    0);
  report = web_test_typist_pay (&f->web);
  g_assert_true (json_object_get_boolean_member (report, "declineVisible"));
  g_assert_true (strstr (json_object_get_string_member (report, "declineText"), "declined") !=
                 NULL);
  g_assert_true (strstr (json_object_get_string_member (report, "declineText"), "another card") !=
                 NULL);
  g_assert_true (json_object_get_boolean_member (report, "formVisible"));
  g_assert_false (json_object_get_boolean_member (report, "payDisabled"));
  g_assert_cmpstr (json_object_get_string_member (report, "cardNumber"), ==, "");
  web_test_save_snapshot (&f->web, f->view, "sandbox-decline.png");

  session = event_data (wait_event (f, "PAYMENT-SESSION.PROCESSED"));
  assert_sdk_session (f, session, "Failed", 5000);
  g_assert_cmpuint (count_events (f, "TEST.COMPLETE"), ==, 0);
  status = web_test_stored_status (&f->web);
  g_assert_cmpstr (status, ==, "Failed");
  g_clear_pointer (&status, g_free);

  /* Another card on the same page. */
  web_test_typist_do (&f->web, retry);
  report = web_test_typist_pay (&f->web);
  g_assert_true (json_object_get_boolean_member (report, "confirmationVisible"));
  session = event_data (wait_event (f, "PAYMENT-SESSION.PROCESSED"));
  assert_sdk_session (f, session, "Succeeded", 5000);
  g_assert_cmpstr (masked_source (session), ==, "****4242");
  status = web_test_stored_status (&f->web);
  g_assert_cmpstr (status, ==, "Succeeded");
}

static void
test_dismiss (Fixture *f, gconstpointer data)
{
  g_autofree char *frames = NULL;
  g_autofree char *forged = NULL;
  g_autofree char *refused = NULL;
  JsonObject *error;
  g_autofree char *status = NULL;

  web_test_create_session (&f->web, quickpay_request);
  load_embedder (f, NULL);
  wait_event (f, "PAYMENT-SESSION.LOADED");
  web_test_typist_report (&f->web);

  /* The loader only listens to its own frame on the sandbox origin. */
  forged = run_js (f, "forgeEvent()");
  g_assert_cmpstr (forged, ==, "true");
  web_test_spin (&f->web, 300);
  g_assert_cmpuint (count_events (f, "PAYMENT-SESSION.PROCESSED"), ==, 0);

  web_test_typist_command (&f->web, "{\"action\":\"click\",\"id\":\"cancel-button\"}");
  g_assert_null (event_data (wait_event (f, "COMPONENT.DISMISS")));
  frames = run_js (f, "document.querySelectorAll('iframe').length");
  g_assert_cmpstr (frames, ==, "0");

  status = web_test_stored_status (&f->web);
  g_assert_cmpstr (status, ==, "RequiresPaymentSource");

  /* A link that is not the loader's own origin is refused, with an error event and no frame. */
  refused =
    run_js (f, "Paystar.completePayment('https://elsewhere.example/app/embedded/a/session/b', "
               "{ onEvent: toNative }); document.querySelectorAll('iframe').length");
  g_assert_cmpstr (refused, ==, "0");
  error = event_data (wait_event (f, "COMPONENT.ERROR"));
  g_assert_nonnull (error);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
}

static void
test_modal_escape (Fixture *f, gconstpointer data)
{
  g_autofree char *overlay = NULL;
  g_autofree char *after = NULL;

  web_test_create_session (&f->web, quickpay_request);
  load_embedder (f, "?modal=1");
  wait_event (f, "FRAME.LOADED");
  wait_event (f, "PAYMENT-SESSION.LOADED");
  web_test_typist_report (&f->web);
  overlay = run_js (f, "document.querySelectorAll('[data-paystar=overlay] iframe').length");
  g_assert_cmpstr (overlay, ==, "1");

  /* Esc inside the hosted page asks the embedder to close it. */
  web_test_typist_command (&f->web, "{\"action\":\"key\",\"key\":\"Escape\"}");
  g_assert_null (event_data (wait_event (f, "COMPONENT.DISMISS")));
  after = run_js (f, "document.querySelectorAll('[data-paystar]').length");
  g_assert_cmpstr (after, ==, "0");
}

static void
wait_for_uri (Fixture *f, const char *uri)
{
  while (g_strcmp0 (webkit_web_view_get_uri (f->view), uri) != 0)
    web_test_iterate (&f->web, uri);
}

/* Redirect mode: the link opened top-level, no embedder and no events; the SuccessUrl and
 * ReturnUrl are how the integrator learns the outcome. */
static void
test_redirect_mode (Fixture *f, gconstpointer data)
{
  g_autofree char *done_uri = g_strconcat (f->embedder_base, "/done", NULL);
  g_autofree char *returned_uri = g_strconcat (f->embedder_base, "/returned", NULL);
  g_autofree char *request =
    g_strdup_printf ("{\"BusinessUnitSlug\":\"acme-utilities\",\"Channel\":\"QuickPay\","
                     "\"SuccessUrl\":\"%s\",\"ReturnUrl\":\"%s\","
                     "\"PaymentFields\":{\"invoiceNumber\":\"INV-9\",\"memoLine\":\"Redirect\"},"
                     "\"Charges\":[{\"Amount\":2599,\"Description\":\"Parking permit\"}]}",
                     done_uri, returned_uri);
  g_autofree char *fill = web_test_fill_command ("4242424242424242", NULL);
  g_autofree char *status = NULL;
  JsonObject *report;

  web_test_create_session (&f->web, request);

  /* Cancel goes back to the ReturnUrl. */
  load_uri (f, f->web.session_url);
  report = web_test_typist_report (&f->web);
  g_assert_false (json_object_get_boolean_member (report, "frame"));
  g_assert_true (json_object_get_boolean_member (report, "formVisible"));
  g_assert_cmpuint (
    json_array_get_length (json_object_get_array_member (report, "paymentFieldInputs")), ==, 0);
  /* The first field still to fill has the keyboard: nothing typed first is lost. */
  g_assert_cmpstr (json_object_get_string_member (report, "focused"), ==, "card-number");
  web_test_typist_command (&f->web, "{\"action\":\"click\",\"id\":\"cancel-button\"}");
  wait_for_uri (f, returned_uri);
  status = web_test_stored_status (&f->web);
  g_assert_cmpstr (status, ==, "RequiresPaymentSource");
  g_clear_pointer (&status, g_free);

  /* Paying shows "I'm done" and "Go back" with the integrator's addresses. */
  load_uri (f, f->web.session_url);
  web_test_typist_do (&f->web, fill);
  report = web_test_typist_pay (&f->web);
  g_assert_true (json_object_get_boolean_member (report, "confirmationVisible"));
  g_assert_true (json_object_get_boolean_member (report, "linksVisible"));
  g_assert_false (json_object_get_boolean_member (report, "closeVisible"));
  g_assert_cmpstr (json_object_get_string_member (report, "doneHref"), ==, done_uri);
  g_assert_cmpstr (json_object_get_string_member (report, "backHref"), ==, returned_uri);
  g_assert_cmpuint (f->events->len, ==, 0);
  status = web_test_stored_status (&f->web);
  g_assert_cmpstr (status, ==, "Succeeded");

  web_test_typist_command (&f->web, "{\"action\":\"click\",\"id\":\"done-link\"}");
  wait_for_uri (f, done_uri);
}

/* The page follows the language the browser asks for (the station sets its web view's to its
 * own): Spanish words, Spanish messages, the same payment. */
static void
test_spanish_page (Fixture *f, gconstpointer data)
{
  const char *const spanish[] = { "es", "en", NULL };
  g_autofree char *fill = web_test_fill_command ("4242424242424242", QUICKPAY_FIELDS);
  g_autofree char *status = NULL;
  JsonObject *report;
  JsonObject *errors;

  webkit_web_context_set_preferred_languages (webkit_web_context_get_default (), spanish);
  web_test_create_session (&f->web, quickpay_request);
  load_uri (f, f->web.session_url);
  report = web_test_typist_report (&f->web);
  g_assert_cmpstr (json_object_get_string_member (report, "lang"), ==, "es");
  g_assert_cmpstr (json_object_get_string_member (report, "cardNumberLabel"), ==,
                   "Número de tarjeta");
  g_assert_cmpstr (json_object_get_string_member (report, "payText"), ==, "Pagar $50.00");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (report, "title"), "Pagar a "));

  /* Pay with nothing filled in: the messages are Spanish too. */
  report = web_test_typist_pay (&f->web);
  errors = json_object_get_object_member (report, "errors");
  g_assert_cmpstr (json_object_get_string_member (errors, "card-number"), ==,
                   "Escriba el número de la tarjeta.");
  web_test_save_snapshot (&f->web, f->view, "sandbox-page-es.png");

  web_test_typist_do (&f->web, fill);
  report = web_test_typist_pay (&f->web);
  g_assert_true (json_object_get_boolean_member (report, "confirmationVisible"));
  status = web_test_stored_status (&f->web);
  g_assert_cmpstr (status, ==, "Succeeded");
}

/* ---- Cases: the loader's other calls ---- */

/* Loads the integrator's page and waits until the loader has replaced the snippet's stub. */
static void
load_embedder_and_loader (Fixture *f, const char *query)
{
  guint loads = f->loads_finished;

  load_embedder (f, query);
  WEB_TEST_WAIT_FOR (&f->web, f->loads_finished > loads);
  for (;;) {
    g_autofree char *loaded = run_js (f, "window.Paystar.__paystarLoader === true");

    if (g_str_equal (loaded, "true"))
      break;
    web_test_spin (&f->web, 50);
  }
}

/* Calls made before the loader arrived (the snippet's stub queued them in embedder.html) were
 * replayed in order: initialize() kept its options, a subscription works and its early
 * unsubscribe reaches the real one, a subscription cancelled while queued never hears anything. */
static void
test_command_queue (Fixture *f, gconstpointer data)
{
  g_autofree char *fill = web_test_fill_command ("4242424242424242", QUICKPAY_FIELDS);
  g_autofree char *queued = NULL;
  g_autofree char *stub_queue = NULL;
  g_autofree char *settings = NULL;
  g_autofree char *early = NULL;
  g_autofree char *later = NULL;
  g_autofree char *merged = NULL;

  web_test_create_session (&f->web, quickpay_request);
  load_embedder (f, NULL);
  wait_event (f, "FRAME.LOADED");
  wait_event (f, "PAYMENT-SESSION.LOADED");
  web_test_typist_report (&f->web);

  /* The stub held the page's first calls, and the loader emptied its queue replaying them. */
  queued = run_js (f, "queuedBeforeLoader");
  g_assert_cmpstr (queued, ==, "\"initialize,subscribe,subscribe\"");
  stub_queue =
    run_js (f, "[Paystar.__paystarLoader === true, Paystar._q === undefined, stubQueue.length]");
  g_assert_cmpstr (stub_queue, ==, "[true,true,0]");

  /* Arrays, not objects: the order of an object's members does not survive the trip. */
  settings = run_js (f, "[Object.keys(Paystar.settings).length, Paystar.settings.locale, "
                        "Paystar.settings.embedder]");
  g_assert_cmpstr (settings, ==, "[2,\"en-US\",\"test-sandbox-webkit\"]");
  /* initialize() called again merges; what settings hands out is a copy. */
  merged = run_js (f, "Paystar.initialize({ locale: 'fr-CA' }); Paystar.initialize(42); "
                      "Paystar.settings.locale = 'changed'; [Object.keys(Paystar.settings).length, "
                      "Paystar.settings.locale, Paystar.settings.embedder]");
  g_assert_cmpstr (merged, ==, "[2,\"fr-CA\",\"test-sandbox-webkit\"]");

  /* onEvent and the subscribers are called in the same dispatch: by now the early subscriber has
   * heard both events (sorted here: the two race), the cancelled one nothing. */
  early = run_js (f, "earlyEvents.slice().sort().join()");
  g_assert_cmpstr (early, ==, "\"FRAME.LOADED,PAYMENT-SESSION.LOADED\"");

  /* The unsubscribe the stub handed out stops the real subscription. */
  g_free (run_js (f, "earlyUnsubscribe(); true"));
  web_test_typist_do (&f->web, fill);
  wait_event (f, "PAYMENT-SESSION.UPDATED");
  later = run_js (f, "earlyEvents.join().includes('UPDATED')");
  g_assert_cmpstr (later, ==, "false");
}

/* destroy() takes the form (here the modal) away with every subscription; the loader still opens
 * a form afterwards, and only what was subscribed after destroy() hears its events. */
static void
test_destroy (Fixture *f, gconstpointer data)
{
  g_autofree char *fill = web_test_fill_command ("4242424242424242", QUICKPAY_FIELDS);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *reopened = NULL;
  g_autofree char *heard = NULL;
  JsonObject *session;
  guint native_events;

  web_test_create_session (&f->web, quickpay_request);
  load_embedder (f, "?modal=1");
  wait_event (f, "FRAME.LOADED");
  wait_event (f, "PAYMENT-SESSION.LOADED");
  web_test_typist_report (&f->web);
  before = run_js (f, "[document.querySelectorAll('[data-paystar=overlay] iframe').length, "
                      "document.documentElement.style.overflow]");
  g_assert_cmpstr (before, ==, "[1,\"hidden\"]");

  /* The typist goes with its frame. */
  web_test_typist_stop (&f->web);
  native_events = f->events->len;
  after = run_js (f, "window.heardAfterDestroy = []; Paystar.subscribe('*', function (e) { "
                     "heardAfterDestroy.push(e.event); }); Paystar.destroy(); "
                     "[document.querySelectorAll('iframe').length, "
                     "document.querySelectorAll('[data-paystar]').length, "
                     "document.documentElement.style.overflow]");
  g_assert_cmpstr (after, ==, "[0,0,\"\"]");
  /* A second destroy() has nothing left to do. */
  g_free (run_js (f, "Paystar.destroy(); true"));

  /* A new form, without onEvent: only a subscriber made now may hear of it. */
  reopened = run_js (f, "Paystar.completePayment(sessionUrl, { container: '#pay' }); "
                        "Paystar.subscribe('PAYMENT-SESSION.UPDATED', function (e) { "
                        "toNative({ event: 'TEST.AFTER-DESTROY', data: e.data }); }); "
                        "document.querySelectorAll('#pay iframe').length");
  g_assert_cmpstr (reopened, ==, "1");
  assert_form_in_frame (f);
  web_test_typist_do (&f->web, fill);
  session = event_data (wait_event (f, "TEST.AFTER-DESTROY"));
  assert_sdk_session (f, session, "RequiresPaymentSource", 5000);
  g_assert_cmpstr (masked_source (session), ==, "****4242");

  /* Nothing subscribed before destroy() heard anything since: not the page's TEST.SUBSCRIBER,
   * not the snippet's early subscriber, not the one made just before destroy(). */
  web_test_spin (&f->web, 300);
  g_assert_cmpuint (f->events->len, ==, native_events + 1);
  heard = run_js (f, "[heardAfterDestroy.length, earlyEvents.join().includes('UPDATED')]");
  g_assert_cmpstr (heard, ==, "[0,false]");
}

/* startFlow(url, { onEvent }) opens the hosted page in the container as completePayment() does and
 * hands every event to onEvent. */
static void
test_start_flow (Fixture *f, gconstpointer data)
{
  g_autofree char *fill = web_test_fill_command ("4242424242424242", QUICKPAY_FIELDS);
  g_autofree char *none = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *status = NULL;
  JsonObject *session;
  JsonObject *report;

  web_test_create_session (&f->web, quickpay_request);
  load_embedder_and_loader (f, "?open=none");
  none = run_js (f, "document.querySelectorAll('iframe').length");
  g_assert_cmpstr (none, ==, "0");
  g_assert_cmpuint (f->events->len, ==, 0);

  opened = run_js (f, "Paystar.startFlow(sessionUrl, { container: '#pay', onEvent: toNative }); "
                      "document.querySelectorAll('#pay iframe').length");
  g_assert_cmpstr (opened, ==, "1");
  wait_event (f, "FRAME.LOADED");
  session = event_data (wait_event (f, "PAYMENT-SESSION.LOADED"));
  assert_sdk_session (f, session, "RequiresPaymentSource", 5000);
  assert_form_in_frame (f);

  web_test_typist_do (&f->web, fill);
  session = event_data (wait_event (f, "PAYMENT-SESSION.UPDATED"));
  g_assert_cmpstr (masked_source (session), ==, "****4242");
  report = web_test_typist_pay (&f->web);
  g_assert_true (json_object_get_boolean_member (report, "confirmationVisible"));
  session = event_data (wait_event (f, "PAYMENT-SESSION.PROCESSED"));
  assert_sdk_session (f, session, "Succeeded", 5000);
  g_assert_cmpstr (masked_source (session), ==, "****4242");
  status = web_test_stored_status (&f->web);
  g_assert_cmpstr (status, ==, "Succeeded");

  /* Without closeOnComplete the confirmation stays on screen. */
  kept = run_js (f, "document.querySelectorAll('#pay iframe').length");
  g_assert_cmpstr (kept, ==, "1");
  g_assert_cmpuint (count_events (f, "COMPONENT.DISMISS"), ==, 0);
}

/* closeOnComplete: true removes the frame once a payment was taken, and only then: a decline
 * leaves the form for another card. */
static void
test_close_on_complete (Fixture *f, gconstpointer data)
{
  g_autofree char *decline = web_test_fill_command ("4000000000000002", QUICKPAY_FIELDS);
  g_autofree char *retry = web_test_fill_command ("4242424242424242", QUICKPAY_FIELDS);
  g_autofree char *after_decline = NULL;
  g_autofree char *after_success = NULL;
  g_autofree char *status = NULL;
  JsonObject *session;
  JsonObject *report;

  web_test_create_session (&f->web, quickpay_request);
  load_embedder (f, "?close=1");
  wait_event (f, "PAYMENT-SESSION.LOADED");
  web_test_typist_report (&f->web);

  web_test_typist_do (&f->web, decline);
  report = web_test_typist_pay (&f->web);
  g_assert_true (json_object_get_boolean_member (report, "declineVisible"));
  session = event_data (wait_event (f, "PAYMENT-SESSION.PROCESSED"));
  assert_sdk_session (f, session, "Failed", 5000);
  after_decline = run_js (f, "document.querySelectorAll('#pay iframe').length");
  g_assert_cmpstr (after_decline, ==, "1");
  g_assert_cmpuint (count_events (f, "TEST.COMPLETE"), ==, 0);

  /* The frame may be gone before the typist can report on this click: wait for the events. */
  web_test_typist_do (&f->web, retry);
  web_test_typist_command (&f->web, "{\"action\":\"click\",\"id\":\"pay-button\"}");
  session = event_data (wait_event (f, "PAYMENT-SESSION.PROCESSED"));
  assert_sdk_session (f, session, "Succeeded", 5000);
  assert_sdk_session (f, event_data (wait_event (f, "TEST.COMPLETE")), "Succeeded", 5000);
  after_success = run_js (f, "[document.querySelectorAll('iframe').length, "
                             "document.getElementById('pay').childElementCount]");
  g_assert_cmpstr (after_success, ==, "[0,0]");
  /* Closing on completion is not a dismissal. */
  g_assert_cmpuint (count_events (f, "COMPONENT.DISMISS"), ==, 0);
  status = web_test_stored_status (&f->web);
  g_assert_cmpstr (status, ==, "Succeeded");
}

static void
test_no_display (void)
{
  g_test_skip ("no display: the ui suite runs under xvfb-run");
}

static const struct {
  const char *path;
  void (*func) (Fixture *f, gconstpointer data);
} cases[] = {
  { "/sandbox-webkit/pay-success", test_pay_success },
  { "/sandbox-webkit/decline-then-retry", test_decline_then_retry },
  { "/sandbox-webkit/dismiss", test_dismiss },
  { "/sandbox-webkit/modal-escape", test_modal_escape },
  { "/sandbox-webkit/redirect-mode", test_redirect_mode },
  { "/sandbox-webkit/spanish-page", test_spanish_page },
  { "/sandbox-webkit/command-queue", test_command_queue },
  { "/sandbox-webkit/destroy", test_destroy },
  { "/sandbox-webkit/start-flow", test_start_flow },
  { "/sandbox-webkit/close-on-complete", test_close_on_complete },
};

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ()) {
    g_test_add_func ("/sandbox-webkit/no-display", test_no_display);
    return g_test_run ();
  }

  /* Each case in a subprocess of its own, run once more only if the web process crashed. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    WEB_TEST_ADD_ISOLATED (cases[i].path, Fixture, fixture_set_up, cases[i].func, fixture_tear_down,
                           CASE_TIMEOUT_SEC * 3);
  return g_test_run ();
}
