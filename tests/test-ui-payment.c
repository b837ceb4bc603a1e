/* test-ui-payment.c: the payment step in the main window, end to end against the in-process
 * sandbox with a real WebKit view: submit, Paystar's form, approval, decline, dismissal and
 * re-opening, redirect mode, the History, and the lock over an open form.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A TEST-ONLY user script (the "typist") runs in an isolated world in every frame of every
 * payment view the window creates, and plays the customer on the sandbox's hosted page: it fills
 * in the card and clicks when the test tells it to, over a script message handler with replies.
 * The app itself never injects anything into Paystar's page.
 */
#include "config.h"

#include "pos-test-util.h"
#include "test-ui-harness.h"
#include "webkit-test-util.h"

#define TYPIST_WORLD   "pos-ui-payment-test"
#define CASE_TIMEOUT   120 /* seconds, for the whole case */
#define PAGE_TIMEOUT   20000
#define APPROVING_CARD "4242424242424242"
#define DECLINING_CARD "4000000000000002"

typedef struct {
  UiFixture ui;
  /* The case's deadline, HTTP to the station's sandbox and the typist of the current page (the
   * station runs the sandbox itself: web_test_set_up() is not used). */
  WebTest web;
  guint views_created;
} Fixture;

/* The typist: acts only in the sandbox's hosted page (TYPIST_ORIGIN is prepended). */
static const char typist_js[] =
  "(function () {\n"
  "  'use strict';\n"
  "  if (window.location.origin !== TYPIST_ORIGIN || !document.getElementById('paystar-session'))\n"
  "    return;\n"
  "  const handler = window.webkit.messageHandlers.typist;\n"
  "  function $ (id) { return document.getElementById(id); }\n"
  "  function visible (id) { const n = $(id); return !!n && !n.hidden; }\n"
  "  function sleep (ms) { return new Promise(function (r) { setTimeout(r, ms); }); }\n"
  "  function report (extra) {\n"
  "    return Object.assign({\n"
  "      frame: window.parent !== window,\n"
  "      formVisible: visible('pay-form'),\n"
  "      formError: visible('form-error') ? $('form-error').textContent : null,\n"
  "      invalid: Array.from(document.querySelectorAll('input[aria-invalid=\"true\"]'))\n"
  "        .map(function (n) { return n.id; }),\n"
  "      confirmationVisible: visible('confirmation'),\n"
  "      declineVisible: visible('decline-message'),\n"
  "      linksVisible: visible('confirmation-links'),\n"
  "      masked: $('masked-card').textContent,\n"
  "    }, extra || {});\n"
  "  }\n"
  "  function fill (values) {\n"
  "    for (const id of Object.keys(values)) {\n"
  "      const input = $(id);\n"
  "      if (!input && id.startsWith('payment-field-')) continue;\n"
  "      if (!input) throw new Error('no input ' + id);\n"
  "      input.focus();\n"
  "      input.value = values[id];\n"
  "      input.dispatchEvent(new Event('input', { bubbles: true }));\n"
  "      input.dispatchEvent(new Event('change', { bubbles: true }));\n"
  "      input.blur();\n"
  "    }\n"
  "  }\n"
  "  async function settle () {\n"
  "    for (let i = 0; i < 200; i++) {\n"
  "      await sleep(50);\n"
  "      if ($('pay-button').getAttribute('aria-busy') === 'true') continue;\n"
  "      if (visible('confirmation') || visible('decline-message') || visible('form-error') ||\n"
  "          document.querySelector('input[aria-invalid=\"true\"]'))\n"
  "        return true;\n"
  "    }\n"
  "    return false;\n"
  "  }\n"
  "  async function perform (c) {\n"
  "    switch (c.action) {\n"
  "      case 'fill': fill(c.values); return report();\n"
  "      case 'click': {\n"
  "        $(c.id).click();\n"
  "        const settled = c.settle ? await settle() : true;\n"
  "        return report({ settled: settled });\n"
  "      }\n"
  "      default: return report({ unknownCommand: String(c.action) });\n"
  "    }\n"
  "  }\n"
  "  async function run () {\n"
  "    for (let i = 0; i < 200 && !(visible('pay-form') || visible('confirmation')); i++)\n"
  "      await sleep(25);\n"
  "    let message = report({ ready: true });\n"
  "    for (;;) {\n"
  "      const reply = await handler.postMessage(JSON.stringify(message));\n"
  "      const command = JSON.parse(reply);\n"
  "      if (command.action === 'done') return;\n"
  "      try { message = await perform(command); }\n"
  "      catch (e) { message = report({ exception: String(e) }); }\n"
  "    }\n"
  "  }\n"
  "  run().catch(function (e) { handler.postMessage(JSON.stringify({ exception: String(e) })); "
  "});\n"
  "})();\n";

/* ---- The typist ---- */

static gboolean
typist_received_cb (WebKitUserContentManager *manager,
                    JSCValue *value,
                    WebKitScriptMessageReply *reply,
                    gpointer user_data)
{
  Fixture *f = user_data;
  g_autoptr (JsonNode) report = web_test_parse_value (value);

  web_test_typist_keep (&f->web, report, value, reply);
  return TRUE;
}

/* Every payment view the window creates gets the typist, before it loads anything. */
static void
setup_view (PosPaymentView *view, gpointer user_data)
{
  Fixture *f = user_data;
  WebKitUserContentManager *manager =
    webkit_web_view_get_user_content_manager (pos_payment_view_get_web_view (view));
  const char *origin = pos_settings_get_web_origin (f->ui.settings);

  g_assert_nonnull (origin);
  f->views_created++;
  g_signal_connect (manager, "script-message-with-reply-received::typist",
                    G_CALLBACK (typist_received_cb), f);
  g_assert_true (webkit_user_content_manager_register_script_message_handler_with_reply (
    manager, "typist", TYPIST_WORLD));
  web_test_add_script (manager, "TYPIST_ORIGIN", origin, typist_js, TYPIST_WORLD);
}

static JsonObject *
typist_report (Fixture *f)
{
  return web_test_typist_report (&f->web);
}

static void
typist_command (Fixture *f, const char *command_json)
{
  web_test_typist_command (&f->web, command_json);
}

static JsonObject *
typist_do (Fixture *f, const char *command_json)
{
  return web_test_typist_do (&f->web, command_json);
}

/* Lets go of the typist of a page that is gone. */
static void
typist_forget (Fixture *f)
{
  g_clear_pointer (&f->web.typist_reply, webkit_script_message_reply_unref);
  g_clear_pointer (&f->web.typist_last, json_node_unref);
  g_clear_object (&f->web.typist_context);
}

static void
typist_fill_card (Fixture *f, const char *card_number)
{
  /* The business unit's payment fields, which the sale left for the customer. */
  g_autofree char *command = web_test_fill_command (
    card_number,
    ",\"payment-field-invoiceNumber\":\"INV-42\",\"payment-field-memoLine\":\"Counter\"");

  typist_do (f, command);
}

/* Pays with an approving card: the window drops the view as soon as the payment is recorded, so
 * the typist never reports back. */
static void
typist_pay_approved (Fixture *f)
{
  typist_command (f, "{\"action\":\"click\",\"id\":\"pay-button\"}");
}

static JsonObject *
typist_pay (Fixture *f)
{
  JsonObject *report =
    typist_do (f, "{\"action\":\"click\",\"id\":\"pay-button\",\"settle\":true}");
  JsonArray *invalid = json_object_get_array_member (report, "invalid");

  if (json_object_get_string_member (report, "formError") != NULL)
    g_error ("the form says: %s", json_object_get_string_member (report, "formError"));
  if (json_array_get_length (invalid) > 0)
    g_error ("the form refused %s", json_array_get_string_element (invalid, 0));
  g_assert_true (json_object_get_boolean_member (report, "settled"));
  return report;
}

/* ---- The window ---- */

typedef struct {
  PosPaymentPage *page;
  PosPaymentPageState state;
} StateWait;

static gboolean
payment_state_is (gpointer user_data)
{
  StateWait *wait = user_data;

  return pos_payment_page_get_state (wait->page) == wait->state;
}

static void
wait_for_payment_state (Fixture *f, PosPaymentPageState state)
{
  StateWait wait = { pos_window_get_payment_page (f->ui.window), state };

  ui_wait_until (payment_state_is, &wait, PAGE_TIMEOUT, "the payment page state");
}

static gboolean
next_view_ready (gpointer user_data)
{
  Fixture *f = user_data;

  return pos_window_get_next_view (f->ui.window) != NULL;
}

static gboolean
view_hidden (gpointer user_data)
{
  return !gtk_widget_get_mapped (GTK_WIDGET (user_data));
}

static gboolean
pointer_cleared (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

/* Fills the first charge of the sale on screen. */
static void
key_sale (Fixture *f, const char *amount, const char *account)
{
  ui_set_charge_field (f->ui.window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, amount);
  ui_set_charge_field (f->ui.window, 0, POS_CHARGE_FIELD_DESCRIPTION, "Water service");
  ui_set_charge_field (f->ui.window, 0, POS_CHARGE_FIELD_ACCOUNT_NUMBER, account);
  ui_set_charge_field (f->ui.window, 0, POS_CHARGE_FIELD_ACCOUNT_NAME, "Jordan Lee");
}

/* Submits the sale on screen and waits for Paystar's form; returns the sale's journal id. */
static gint64
submit_and_wait_for_form (Fixture *f)
{
  PosPaymentPage *page = pos_window_get_payment_page (f->ui.window);

  typist_forget (f);
  gtk_widget_activate_action (GTK_WIDGET (f->ui.window), "win.submit", NULL);
  ui_wait_for_page (f->ui.window, "payment");
  wait_for_payment_state (f, POS_PAYMENT_PAGE_READY);
  g_assert_true (json_object_get_boolean_member (typist_report (f), "formVisible"));
  return pos_payment_page_get_journal_id (page);
}

static PosSaleRecord *
lookup (Fixture *f, gint64 id)
{
  g_autoptr (GError) error = NULL;
  PosSaleRecord *record = pos_journal_lookup (pos_station_get_journal (f->ui.station), id, &error);

  g_assert_no_error (error);
  return record;
}

static void
assert_status (Fixture *f, gint64 id, PosSaleStatus status)
{
  g_autoptr (PosSaleRecord) record = lookup (f, id);

  g_assert_cmpstr (pos_sale_status_to_string (pos_sale_record_get_status (record)), ==,
                   pos_sale_status_to_string (status));
}

/* Finishes session @id on the sandbox as a bank transfer would, through its control route. */
static void
sandbox_complete (Fixture *f, gint64 id, const char *outcome)
{
  g_autoptr (PosSaleRecord) record = lookup (f, id);
  g_autofree char *path = g_strdup_printf ("/_sandbox/sessions/%s/complete",
                                           pos_sale_record_get_session_identifier (record));
  g_autofree char *json = g_strdup_printf ("{\"outcome\":\"%s\"}", outcome);
  g_autoptr (JsonNode) answer = web_test_http_json (&f->web, "POST", path, json, 200);
}

/* Drops the window's views (and the typist's hold on them) before the fixture checks that the
 * station is released. */
static gboolean
tick (gpointer data)
{
  /* Wakes the main context up so that the case's deadline is checked. */
  return G_SOURCE_CONTINUE;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  ui_fixture_set_up (&f->ui, data);
  f->web.timeout_sec = CASE_TIMEOUT;
  f->web.deadline = g_get_monotonic_time () + CASE_TIMEOUT * G_USEC_PER_SEC;
  f->web.tick_id = g_timeout_add (100, tick, NULL);
  f->web.http = soup_session_new ();
  f->web.sandbox_base = g_strdup (pos_settings_get_web_origin (f->ui.settings));
  pos_window_set_view_setup (f->ui.window, setup_view, f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  web_test_typist_stop (&f->web);
  typist_forget (f);
  g_clear_object (&f->web.http);
  g_clear_handle_id (&f->web.tick_id, g_source_remove);
  g_clear_pointer (&f->web.sandbox_base, g_free);
  ui_fixture_tear_down (&f->ui, data);
}

/* ---- Cases ---- */

static void
test_sdk_success (Fixture *f, gconstpointer data)
{
  PosWindow *window;
  PosSalePage *sale_page;
  PosPaymentPage *payment_page;
  PosOutcomePage *outcome;
  PosPaymentView *used_view;
  g_autoptr (PosSaleRecord) record = NULL;
  g_autofree char *reference = NULL;
  gint64 id;

  ui_sign_in (f->ui.window, 0, "1234");
  window = f->ui.window;
  sale_page = pos_window_get_sale_page (window);
  payment_page = pos_window_get_payment_page (window);
  key_sale (f, "150", "ACC-12345");
  reference = g_strdup (pos_sale_get_client_reference (pos_sale_page_get_sale (sale_page)));

  /* The next sale's view warms up while the agent types; Submit uses exactly that view. */
  ui_wait_until (next_view_ready, f, 5000, "the warmed-up payment view");
  used_view = pos_window_get_next_view (window);
  g_object_add_weak_pointer (G_OBJECT (used_view), (gpointer *) &used_view);
  id = submit_and_wait_for_form (f);
  g_assert_true (pos_payment_page_get_view (payment_page) == used_view);
  g_assert_null (pos_window_get_next_view (window));
  g_assert_cmpint (id, ==, pos_sale_page_get_journal_id (sale_page));
  assert_status (f, id, POS_SALE_STATUS_CREATED);

  /* The summary beside the form. */
  g_assert_cmpstr (pos_payment_page_get_total_text (payment_page), ==, "Total $150.00");
  g_assert_nonnull (strstr (pos_payment_page_get_details_text (payment_page), "Ava Alvarez"));
  g_assert_nonnull (strstr (pos_payment_page_get_details_text (payment_page), reference));
  g_assert_null (pos_payment_page_get_message (payment_page));

  typist_fill_card (f, APPROVING_CARD);
  ui_save_screenshot (GTK_WIDGET (window), "ui-payment.png");
  typist_pay_approved (f);

  /* Succeeded: the journal first, then the success screen. */
  ui_wait_for_page (window, "outcome");
  record = lookup (f, id);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_SUCCEEDED);
  g_assert_cmpstr (pos_sale_record_get_card_last4 (record), ==, "4242");
  g_assert_nonnull (pos_sale_record_get_response_json (record));
  g_assert_nonnull (strstr (pos_sale_record_get_response_json (record), "****4242"));
  g_assert_nonnull (strstr (pos_sale_record_get_response_json (record), "\"Succeeded\""));
  g_assert_null (strstr (pos_sale_record_get_response_json (record), APPROVING_CARD));
  g_assert_null (strstr (pos_sale_record_get_request_json (record), APPROVING_CARD));

  outcome = pos_window_get_outcome_page (window);
  g_assert_cmpstr (pos_outcome_page_get_title (outcome), ==, "Payment Approved");
  g_assert_cmpstr (pos_outcome_page_get_amount_text (outcome), ==, "$150.00");
  g_assert_cmpstr (pos_outcome_page_get_card_text (outcome), ==, "••••4242");
  g_assert_cmpstr (pos_outcome_page_get_reference_text (outcome), ==, reference);
  g_assert_cmpstr (pos_outcome_page_get_agent_text (outcome), ==, "Ava Alvarez");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (outcome)));
  ui_save_screenshot (GTK_WIDGET (window), "ui-success.png");

  /* Nothing of the customer stays: the draft is gone, the view is finalized. */
  g_assert_null (pos_journal_load_draft (pos_station_get_journal (f->ui.station),
                                         pos_agent_get_email (pos_window_get_agent (window)),
                                         NULL));
  typist_forget (f);
  ui_wait_until (pointer_cleared, &used_view, 5000, "the used view to be finalized");

  /* New Sale (Ctrl+N): a new sale, and a new view warms up for it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-sale", NULL);
  ui_wait_for_page (window, "sale");
  g_assert_cmpint (pos_sale_page_get_state (sale_page), ==, POS_SALE_PAGE_EDITING);
  g_assert_cmpstr (pos_sale_get_client_reference (pos_sale_page_get_sale (sale_page)), !=,
                   reference);
  g_assert_cmpstr (pos_sale_page_get_total_text (sale_page), ==, "Total $0.00");
  ui_wait_until (next_view_ready, f, 5000, "a new warmed-up payment view");
  g_assert_cmpuint (f->views_created, ==, 2);
}

static void
test_decline_then_approve (Fixture *f, gconstpointer data)
{
  PosWindow *window;
  PosPaymentPage *payment_page;
  PosPaymentView *view;
  g_autoptr (PosSaleRecord) record = NULL;
  JsonObject *report;
  gint64 id;

  ui_sign_in (f->ui.window, 1, "5678");
  window = f->ui.window;
  payment_page = pos_window_get_payment_page (window);
  key_sale (f, "42.50", "B-77");
  id = submit_and_wait_for_form (f);
  view = pos_payment_page_get_view (payment_page);

  typist_fill_card (f, DECLINING_CARD);
  report = typist_pay (f);
  g_assert_true (json_object_get_boolean_member (report, "declineVisible"));
  g_assert_true (json_object_get_boolean_member (report, "formVisible"));

  /* Declined: recorded, said, and the same form stays for another card. */
  wait_for_payment_state (f, POS_PAYMENT_PAGE_DECLINED);
  g_assert_nonnull (pos_payment_page_get_message (payment_page));
  g_assert_true (g_str_has_prefix (pos_payment_page_get_message (payment_page), "Declined"));
  g_assert_cmpstr (pos_window_get_visible_page (window), ==, "payment");
  g_assert_true (pos_payment_page_get_view (payment_page) == view);
  record = lookup (f, id);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_FAILED);
  g_assert_cmpstr (pos_sale_record_get_card_last4 (record), ==, "0002");
  g_clear_object (&record);

  /* The idle lock covers the form; the same agent's PIN brings it back as it was. */
  pos_window_lock (window);
  g_assert_cmpstr (pos_window_get_visible_page (window), ==, "sign-in");
  ui_wait_until (view_hidden, view, 5000, "the form to be hidden");
  ui_sign_in_wait_page (window, 1, "5678", "payment");
  g_assert_true (pos_payment_page_get_view (payment_page) == view);
  g_assert_cmpint (pos_payment_page_get_state (payment_page), ==, POS_PAYMENT_PAGE_DECLINED);

  /* Another card in the same session goes through. */
  typist_fill_card (f, APPROVING_CARD);
  typist_pay_approved (f);
  ui_wait_for_page (window, "outcome");
  record = lookup (f, id);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_SUCCEEDED);
  g_assert_cmpstr (pos_sale_record_get_card_last4 (record), ==, "4242");
  g_assert_null (pos_sale_record_get_error_text (record));
  g_assert_cmpstr (pos_outcome_page_get_card_text (pos_window_get_outcome_page (window)), ==,
                   "••••4242");
  g_assert_cmpstr (pos_outcome_page_get_amount_text (pos_window_get_outcome_page (window)), ==,
                   "$42.50");
}

static void
test_dismiss_and_reopen (Fixture *f, gconstpointer data)
{
  PosWindow *window;
  PosSalePage *sale_page;
  PosPaymentPage *payment_page;
  PosHistoryPage *history;
  PosPaymentView *first_view;
  g_autoptr (PosSaleRecord) record = NULL;
  g_autofree char *reference = NULL;
  gint64 id;

  ui_sign_in (f->ui.window, 0, "1234");
  window = f->ui.window;
  sale_page = pos_window_get_sale_page (window);
  payment_page = pos_window_get_payment_page (window);
  key_sale (f, "42", "ACC-555");
  reference = g_strdup (pos_sale_get_client_reference (pos_sale_page_get_sale (sale_page)));
  id = submit_and_wait_for_form (f);
  first_view = pos_payment_page_get_view (payment_page);
  g_object_add_weak_pointer (G_OBJECT (first_view), (gpointer *) &first_view);

  /* The customer closes the form: back to the sale, intact, with the session re-openable. */
  typist_command (f, "{\"action\":\"click\",\"id\":\"cancel-button\"}");
  ui_wait_for_page (window, "sale");
  assert_status (f, id, POS_SALE_STATUS_DISMISSED);
  g_assert_cmpint (pos_sale_page_get_state (sale_page), ==, POS_SALE_PAGE_EDITING);
  g_assert_cmpint (pos_sale_page_get_reopen_id (sale_page), ==, id);
  g_assert_cmpstr (pos_sale_get_client_reference (pos_sale_page_get_sale (sale_page)), ==,
                   reference);
  g_assert_cmpstr (pos_sale_page_get_total_text (sale_page), ==, "Total $42.00");
  ui_save_screenshot (GTK_WIDGET (window), "ui-payment-closed.png");
  typist_forget (f);
  ui_wait_until (pointer_cleared, &first_view, 5000, "the dismissed view to be finalized");

  /* Re-open (Ctrl+Enter on the unchanged sale): the same session in a new view. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.submit", NULL);
  ui_wait_for_page (window, "payment");
  wait_for_payment_state (f, POS_PAYMENT_PAGE_READY);
  g_assert_cmpint (pos_payment_page_get_journal_id (payment_page), ==, id);
  assert_status (f, id, POS_SALE_STATUS_CREATED);
  g_assert_cmpint (pos_sale_page_get_state (sale_page), ==, POS_SALE_PAGE_CREATED);
  typist_report (f);

  /* Back to Sale: dismissed again; then History's "reopen" brings it back in another view. */
  gtk_widget_activate_action (GTK_WIDGET (payment_page), "payment.back", NULL);
  ui_wait_for_page (window, "sale");
  assert_status (f, id, POS_SALE_STATUS_DISMISSED);
  typist_forget (f);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-history", NULL);
  ui_wait_for_page (window, "history");
  history = pos_window_get_history_page (window);
  record = g_list_model_get_item (pos_history_page_get_sales (history), 0);
  g_assert_cmpint (pos_sale_record_get_id (record), ==, id);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_DISMISSED);
  pos_history_page_show_details (history, record);
  gtk_widget_activate_action (GTK_WIDGET (history), "history.reopen", NULL);
  ui_wait_for_page (window, "payment");
  wait_for_payment_state (f, POS_PAYMENT_PAGE_READY);
  g_assert_cmpuint (f->views_created, >=, 3);

  typist_fill_card (f, APPROVING_CARD);
  typist_pay_approved (f);
  ui_wait_for_page (window, "outcome");
  assert_status (f, id, POS_SALE_STATUS_SUCCEEDED);
}

static void
test_change_after_dismiss (Fixture *f, gconstpointer data)
{
  PosWindow *window;
  PosSalePage *sale_page;
  g_autofree char *reference = NULL;
  gint64 id;

  ui_sign_in (f->ui.window, 0, "1234");
  window = f->ui.window;
  sale_page = pos_window_get_sale_page (window);
  key_sale (f, "12", "ACC-1");
  reference = g_strdup (pos_sale_get_client_reference (pos_sale_page_get_sale (sale_page)));
  id = submit_and_wait_for_form (f);
  typist_command (f, "{\"action\":\"click\",\"id\":\"cancel-button\"}");
  ui_wait_for_page (window, "sale");
  g_assert_cmpint (pos_sale_page_get_reopen_id (sale_page), ==, id);

  /* A changed sale is a new payment: it gets its own reference and session. */
  ui_set_charge_field (window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "13");
  g_assert_cmpint (pos_sale_page_get_reopen_id (sale_page), ==, 0);
  g_assert_cmpstr (pos_sale_get_client_reference (pos_sale_page_get_sale (sale_page)), !=,
                   reference);
  g_assert_true (gtk_widget_get_visible (pos_sale_page_get_submit_button (sale_page)));
  typist_forget (f);
  g_assert_cmpint (submit_and_wait_for_form (f), !=, id);
  assert_status (f, id, POS_SALE_STATUS_DISMISSED);

  /* New Sale from the open form leaves it re-openable from History. */
  id = pos_payment_page_get_journal_id (pos_window_get_payment_page (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-sale", NULL);
  ui_wait_for_page (window, "sale");
  assert_status (f, id, POS_SALE_STATUS_DISMISSED);
  g_assert_cmpint (pos_sale_page_get_reopen_id (sale_page), ==, 0);
  g_assert_cmpstr (pos_sale_page_get_total_text (sale_page), ==, "Total $0.00");

  /* Signing out with a form open closes it the same way: nothing stays on screen. */
  key_sale (f, "3", "ACC-3");
  typist_forget (f);
  id = submit_and_wait_for_form (f);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL);
  ui_wait_for_page (window, "sign-in");
  assert_status (f, id, POS_SALE_STATUS_DISMISSED);
  g_assert_false (pos_payment_page_get_active (pos_window_get_payment_page (window)));
  g_assert_null (pos_window_get_next_view (window));
}

static void
test_redirect (Fixture *f, gconstpointer data)
{
  PosWindow *window;
  PosSalePage *sale_page;
  g_autoptr (PosSaleRecord) record = NULL;
  JsonObject *report;
  gint64 id;

  pos_settings_set_payment_page_mode (f->ui.settings, POS_PAYMENT_PAGE_MODE_REDIRECT);
  ui_sign_in (f->ui.window, 0, "1234");
  window = f->ui.window;
  sale_page = pos_window_get_sale_page (window);
  key_sale (f, "99.99", "R-1");
  ui_wait_until (next_view_ready, f, 5000, "the warmed-up payment view");
  g_assert_cmpint (pos_payment_view_get_mode (pos_window_get_next_view (window)), ==,
                   POS_PAYMENT_PAGE_MODE_REDIRECT);

  /* The hosted page loads top-level; "I'm done" goes to the SuccessUrl, which the view catches
   * and the window checks with the gateway before recording the sale. */
  id = submit_and_wait_for_form (f);
  g_assert_false (json_object_get_boolean_member (typist_report (f), "frame"));
  g_assert_nonnull (
    strstr (pos_sale_record_get_request_json (record = lookup (f, id)), "\"SuccessUrl\""));
  g_clear_object (&record);
  typist_fill_card (f, APPROVING_CARD);
  report = typist_pay (f);
  g_assert_true (json_object_get_boolean_member (report, "linksVisible"));
  typist_command (f, "{\"action\":\"click\",\"id\":\"done-link\"}");
  ui_wait_for_page (window, "outcome");
  record = lookup (f, id);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_SUCCEEDED);
  g_assert_cmpstr (pos_sale_record_get_card_last4 (record), ==, "4242");
  g_assert_nonnull (strstr (pos_sale_record_get_response_json (record), "referenceNumber"));
  g_assert_null (strstr (pos_sale_record_get_response_json (record), "Jordan"));
  g_assert_cmpstr (pos_outcome_page_get_card_text (pos_window_get_outcome_page (window)), ==,
                   "••••4242");
  g_clear_object (&record);

  /* Next customer cancels: the ReturnUrl brings the sale back, dismissed. */
  typist_forget (f);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-sale", NULL);
  ui_wait_for_page (window, "sale");
  key_sale (f, "5", "R-2");
  id = submit_and_wait_for_form (f);
  typist_command (f, "{\"action\":\"click\",\"id\":\"cancel-button\"}");
  ui_wait_for_page (window, "sale");
  assert_status (f, id, POS_SALE_STATUS_DISMISSED);
  g_assert_cmpint (pos_sale_page_get_reopen_id (sale_page), ==, id);

  /* A payment Paystar holds as pending (a bank transfer, finished behind the form's back here):
   * the way back is checked with the gateway, recorded as pending and explained. */
  typist_forget (f);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.submit", NULL);
  ui_wait_for_page (window, "payment");
  wait_for_payment_state (f, POS_PAYMENT_PAGE_READY);
  sandbox_complete (f, id, "pending");
  typist_command (f, "{\"action\":\"click\",\"id\":\"cancel-button\"}");
  ui_wait_for_page (window, "outcome");
  assert_status (f, id, POS_SALE_STATUS_PENDING);
  g_assert_cmpstr (pos_outcome_page_get_title (pos_window_get_outcome_page (window)), ==,
                   "Payment Pending");
  g_assert_false (gtk_widget_is_visible (
    GTK_WIDGET (pos_outcome_page_get_print_button (pos_window_get_outcome_page (window)))));
  ui_save_screenshot (GTK_WIDGET (window), "ui-pending.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-sale", NULL);
  ui_wait_for_page (window, "sale");
  g_assert_cmpstr (pos_sale_page_get_total_text (sale_page), ==, "Total $0.00");
}

/* A form that cannot be shown: the view shows its own error page, the window keeps Back to Sale. */
static void
test_view_failure (Fixture *f, gconstpointer data)
{
  PosJournal *journal = pos_station_get_journal (f->ui.station);
  PosWindow *window;
  PosPaymentPage *payment_page;
  g_autoptr (PosSaleRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *ava = pos_test_agent_email ("ava");
  gint64 id;

  /* A sale whose link is not on the Paystar web origin (as a tampered journal would have it). */
  id = pos_journal_begin_submit (journal, ava, "{}", "POS-FOREIGN-1", 500, &error);
  g_assert_no_error (error);
  g_assert_true (pos_journal_set_created (
    journal, id, "foreign", "http://127.0.0.1:9/app/embedded/acme-utilities/session/x", "{}",
    &error));
  g_assert_no_error (error);

  ui_sign_in (f->ui.window, 0, "1234");
  window = f->ui.window;
  payment_page = pos_window_get_payment_page (window);
  record = lookup (f, id);
  g_signal_emit_by_name (pos_window_get_history_page (window), "reopen", record);
  ui_wait_for_page (window, "payment");
  wait_for_payment_state (f, POS_PAYMENT_PAGE_FAILED);
  g_assert_true (pos_payment_view_get_showing_error (pos_payment_page_get_view (payment_page)));
  ui_save_screenshot (GTK_WIDGET (window), "ui-payment-error.png");

  gtk_widget_activate_action (GTK_WIDGET (payment_page), "payment.back", NULL);
  ui_wait_for_page (window, "sale");
  assert_status (f, id, POS_SALE_STATUS_DISMISSED);
}

static void
test_history (Fixture *f, gconstpointer data)
{
  PosWindow *window;
  PosHistoryPage *history;
  PosShiftSummary *summary;
  GListModel *sales;
  g_autoptr (PosSaleRecord) dismissed = NULL;
  g_autofree char *ava = pos_test_agent_email ("ava");
  gint64 paid, left, declined;
  gint64 day_start = pos_shift_summary_day_start (g_get_real_time ());

  ui_sign_in (f->ui.window, 0, "1234");
  window = f->ui.window;
  history = pos_window_get_history_page (window);
  g_assert_cmpint (pos_history_page_get_shift_start (history), >, 0);

  /* Three of Ava's customers: one pays, one walks off, one's card is declined. */
  key_sale (f, "150", "H-1");
  paid = submit_and_wait_for_form (f);
  typist_fill_card (f, APPROVING_CARD);
  typist_pay_approved (f);
  ui_wait_for_page (window, "outcome");
  typist_forget (f);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-sale", NULL);
  ui_wait_for_page (window, "sale");

  key_sale (f, "20", "H-2");
  left = submit_and_wait_for_form (f);
  typist_command (f, "{\"action\":\"click\",\"id\":\"cancel-button\"}");
  ui_wait_for_page (window, "sale");
  typist_forget (f);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-sale", NULL);

  key_sale (f, "7.25", "H-3");
  declined = submit_and_wait_for_form (f);
  typist_fill_card (f, DECLINING_CARD);
  typist_pay (f);
  wait_for_payment_state (f, POS_PAYMENT_PAGE_DECLINED);
  gtk_widget_activate_action (GTK_WIDGET (pos_window_get_payment_page (window)), "payment.back",
                              NULL);
  ui_wait_for_page (window, "sale");
  typist_forget (f);

  /* Ctrl+H: the History shows them with their statuses, newest first. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-history", NULL);
  ui_wait_for_page (window, "history");
  sales = pos_history_page_get_sales (history);
  g_assert_cmpuint (g_list_model_get_n_items (sales), ==, 3);
  {
    g_autoptr (PosSaleRecord) r0 = g_list_model_get_item (sales, 0);
    g_autoptr (PosSaleRecord) r1 = g_list_model_get_item (sales, 1);
    g_autoptr (PosSaleRecord) r2 = g_list_model_get_item (sales, 2);

    g_assert_cmpint (pos_sale_record_get_id (r0), ==, declined);
    g_assert_cmpint (pos_sale_record_get_status (r0), ==, POS_SALE_STATUS_FAILED);
    g_assert_cmpint (pos_sale_record_get_id (r1), ==, left);
    g_assert_cmpint (pos_sale_record_get_status (r1), ==, POS_SALE_STATUS_DISMISSED);
    g_assert_cmpint (pos_sale_record_get_id (r2), ==, paid);
    g_assert_cmpint (pos_sale_record_get_status (r2), ==, POS_SALE_STATUS_SUCCEEDED);
    g_assert_cmpstr (pos_sale_record_get_card_last4 (r2), ==, "4242");
  }

  /* The summary's figures are the journal's, recomputed independently from its rows. */
  summary = pos_history_page_get_summary (history);
  g_assert_nonnull (summary);
  g_assert_cmpuint (pos_shift_summary_get_n_sales (summary, NULL), ==, 3);
  {
    g_autoptr (GListModel) rows = NULL;
    g_autoptr (GError) error = NULL;
    PosJournalQuery query = { 0 };

    query.since = day_start;
    rows = pos_journal_list (pos_station_get_journal (f->ui.station), &query, &error);
    g_assert_no_error (error);
    pos_test_assert_summary_matches_rows (summary, rows);
  }
  g_assert_cmpuint (pos_shift_summary_get_count (summary, ava, POS_SALE_STATUS_FAILED), ==, 1);
  g_assert_cmpint (pos_shift_summary_get_total (summary, NULL, POS_SALE_STATUS_SUCCEEDED), ==,
                   15000);
  ui_save_screenshot (GTK_WIDGET (window), "ui-payment-history.png");

  /* Ben, at the same station, cannot re-open Ava's sale: the window says whose it is. */
  dismissed = lookup (f, left);
  pos_window_lock (window);
  ui_sign_in_wait_page (window, 1, "5678", "sale");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-history", NULL);
  ui_wait_for_page (window, "history");
  g_signal_emit_by_name (history, "reopen", dismissed);
  g_assert_cmpstr (pos_window_get_visible_page (window), ==, "history");
  g_assert_false (pos_payment_page_get_active (pos_window_get_payment_page (window)));
  g_assert_nonnull (pos_window_get_last_toast (window));
  g_assert_nonnull (strstr (pos_window_get_last_toast (window), "Ava Alvarez"));
  assert_status (f, left, POS_SALE_STATUS_DISMISSED);
}

int
main (int argc, char *argv[])
{
  ui_harness_init (&argc, &argv);

#define ADD(path, fn) \
  g_test_add ("/ui/payment/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("sdk-success", test_sdk_success);
  ADD ("decline-then-approve", test_decline_then_approve);
  ADD ("dismiss-and-reopen", test_dismiss_and_reopen);
  ADD ("change-after-dismiss", test_change_after_dismiss);
  ADD ("redirect", test_redirect);
  ADD ("view-failure", test_view_failure);
  ADD ("history", test_history);
#undef ADD

  return g_test_run ();
}
