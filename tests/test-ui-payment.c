/* test-ui-payment.c: the payment step (PosPaymentPage) draws its sale's PosCheckout and hands it
 * what Paystar's form reports: each state and its actions, against a station running the
 * in-process sandbox, with a real WebKit view and real SQLite.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A TEST-ONLY user script (the "typist", tests/web/typist.js) runs in an isolated world in every
 * frame of the payment view and plays the customer on the sandbox's hosted page: it fills in the
 * card and clicks when the test tells it to, over a script message handler with replies. The app itself never
 * injects anything into Paystar's page.
 *
 * Each case runs in a subprocess of its own, run once more only when WebKit's web process
 * crashed (webkit-test-util). Screenshots of the step go to the build directory, named after the
 * window's size and the language (run with LANGUAGE=es LC_ALL=es_ES.UTF-8 and
 * PAYSTAR_POS_LOCALEDIR=<build>/po for the Spanish ones).
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "pos-process.h"
#include "pos-station-checkout.h"
#include "pos-test-util.h"
#include "test-ui-harness.h"
#include "webkit-test-util.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#define CASE_TIMEOUT   120 /* seconds, for the whole case */
#define APPROVING_CARD "4242424242424242"
#define DECLINING_CARD "4000000000000002"

/* What the screen says, in the language the test runs in (the screenshots are taken in several). */
#define T_(text) g_dgettext (GETTEXT_PACKAGE, text)

typedef struct {
  char *dir;
  GSettingsBackend *backend;
  PosSettings *settings;
  PosStation *station;
  GtkWindow *window;
  PosPaymentPage *page;
  GtkWindow *outcome_window; /* the success screen, when a case shows it */
  /* The case's deadline, HTTP to the station's sandbox and the typist of the current page. */
  WebTest web;
  char *ava;

  PosCheckout *checkout;
  /* What the page emitted and went through. */
  guint n_loaded;
  guint n_finished;
  guint n_closed;
  int last_status;
  GArray *states; /* PosPaymentPageState, every one the page entered (the page's) */
  /* What the view's SDK events said, as "NAME status" lines. */
  GPtrArray *events;
} Fixture;

/* ---- The station, the page and the sale ---- */

static void
on_loaded (PosPaymentPage *page, Fixture *f)
{
  f->n_loaded++;
}

static void
on_finished (PosPaymentPage *page, int status, Fixture *f)
{
  f->n_finished++;
  f->last_status = status;
  /* What the window does: the journal was written before the signal. */
  g_assert_cmpint (pos_checkout_get_state (pos_payment_page_get_checkout (page)), ==, status);
}

static void
on_closed (PosPaymentPage *page, int status, Fixture *f)
{
  f->n_closed++;
  f->last_status = status;
  g_assert_cmpint (pos_checkout_get_state (pos_payment_page_get_checkout (page)), ==, status);
}

static gboolean
page_visited (Fixture *f, PosPaymentPageState state)
{
  return ui_payment_states_include (f->states, state);
}

static void
on_view_event (PosPaymentView *view, gpointer data, Fixture *f)
{
  const PaystarEvent *event = data;

  g_ptr_array_add (f->events, g_strdup_printf ("%s %s", event->name,
                                               event->status_text ? event->status_text : "-"));
}

static void
on_station_started (GObject *object, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (pos_station_start_finish (POS_STATION (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
set_up (Fixture *f, PosPaymentPageMode mode)
{
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (GError) error = NULL;
  gboolean started = FALSE;

  web_test_start_clock (&f->web, CASE_TIMEOUT);
  f->ava = pos_test_agent_email ("ava");
  f->events = g_ptr_array_new_with_free_func (g_free);

  f->dir = g_dir_make_tmp ("paystar-ui-payment-XXXXXX", &error);
  g_assert_no_error (error);
  /* A settings store of its own: the default memory backend is shared by the process. */
  f->backend = g_memory_settings_backend_new ();
  settings = g_settings_new_with_backend (POS_SETTINGS_SCHEMA_ID, f->backend);
  f->settings = pos_settings_new_with_settings (settings);
  pos_settings_set_payment_page_mode (f->settings, mode);
  f->station = pos_station_new (f->settings, f->dir);
  pos_station_start_async (f->station, NULL, on_station_started, &started);
  WEB_TEST_WAIT_FOR (&f->web, started);
  WEB_TEST_WAIT_FOR (&f->web, pos_station_get_client (f->station) != NULL);
  f->web.sandbox_base = g_strdup (pos_settings_get_web_origin (f->settings));
  g_assert_nonnull (f->web.sandbox_base);

  f->window = GTK_WINDOW (gtk_window_new ());
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_set_default_size (f->window, 1280, 900);
  f->page = POS_PAYMENT_PAGE (pos_payment_page_new ());
  g_object_ref_sink (f->page);
  pos_payment_page_set_station (f->page, f->station);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  g_signal_connect (f->page, "loaded", G_CALLBACK (on_loaded), f);
  g_signal_connect (f->page, "finished", G_CALLBACK (on_finished), f);
  g_signal_connect (f->page, "closed", G_CALLBACK (on_closed), f);
  f->states = ui_record_payment_states (f->page);
  gtk_window_present (f->window);
  WEB_TEST_WAIT_FOR (&f->web, gtk_widget_get_mapped (GTK_WIDGET (f->page)));
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  set_up (f, POS_PAYMENT_PAGE_MODE_SDK);
}

static void
fixture_set_up_redirect (Fixture *f, gconstpointer data)
{
  set_up (f, POS_PAYMENT_PAGE_MODE_REDIRECT);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  web_test_typist_stop (&f->web);
  web_test_typist_forget (&f->web);
  pos_payment_page_end (f->page);
  g_clear_object (&f->checkout);
  g_clear_pointer (&f->outcome_window, gtk_window_destroy);
  gtk_window_destroy (f->window);
  WEB_TEST_WAIT_FOR (&f->web, f->window == NULL);
  g_assert_finalize_object (f->page);
  g_assert_finalize_object (f->station);
  g_clear_object (&f->settings);
  g_clear_object (&f->backend);
  web_test_stop_clock (&f->web);
  pos_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->ava);
  g_ptr_array_unref (f->events);
}

static PosJournal *
journal (Fixture *f)
{
  return pos_station_get_journal (f->station);
}

static const char *
station_name (Fixture *f)
{
  return pos_settings_get_station_name (f->settings);
}

static PosSaleStatus
journal_status (Fixture *f, gint64 id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PosSaleRecord) record = pos_journal_lookup (journal (f), id, &error);

  g_assert_no_error (error);
  return pos_sale_record_get_status (record);
}

#define assert_journal_status(f, id, status)                                   \
  g_assert_cmpstr (pos_sale_status_to_string (journal_status ((f), (id))), ==, \
                   pos_sale_status_to_string (status))

/* A sale of @amount for Ava, submitted to the station's sandbox: a live session. */
static void
create_sale (Fixture *f, const char *amount, const char *account)
{
  g_autoptr (GError) error = NULL;
  PosCharge *charge;

  g_clear_object (&f->checkout);
  f->checkout = pos_checkout_new (journal (f), f->ava, station_name (f));
  charge = pos_sale_get_charge (pos_checkout_get_sale (f->checkout), 0);
  pos_charge_set_field (charge, POS_CHARGE_FIELD_AMOUNT_TEXT, amount);
  pos_charge_set_field (charge, POS_CHARGE_FIELD_DESCRIPTION, "Water service");
  pos_charge_set_has_account (charge, TRUE);
  pos_charge_set_field (charge, POS_CHARGE_FIELD_ACCOUNT_NUMBER, account);
  pos_charge_set_field (charge, POS_CHARGE_FIELD_ACCOUNT_NAME, "Jordan Lee");
  g_assert_true (ui_submit_and_wait (f->station, f->checkout, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pos_checkout_get_state (f->checkout), ==, POS_SALE_STATUS_CREATED);
  g_assert_nonnull (pos_checkout_get_session_link (f->checkout));
}

/* Shows f->checkout on the page in a new view with the typist, as the window does. */
static PosPaymentView *
begin (Fixture *f)
{
  g_autoptr (PosPaymentView) view =
    g_object_ref_sink (pos_payment_view_new_for_settings (f->settings, FALSE));
  WebKitWebView *web_view = pos_payment_view_get_web_view (view);
  WebKitUserContentManager *manager = webkit_web_view_get_user_content_manager (web_view);

  web_test_typist_forget (&f->web);
  web_test_add_typist (&f->web, manager, f->web.sandbox_base);
  web_test_watch_web_process (&f->web, web_view);
  g_signal_connect (view, "event", G_CALLBACK (on_view_event), f);

  g_array_set_size (f->states, 0);
  g_ptr_array_set_size (f->events, 0);
  f->n_loaded = f->n_finished = f->n_closed = 0;
  f->last_status = -1;
  pos_payment_page_begin (f->page, view, f->checkout, "Ava Alvarez");
  g_assert_true (pos_payment_page_get_checkout (f->page) == f->checkout);
  g_assert_cmpint (pos_payment_page_get_journal_id (f->page), ==,
                   pos_checkout_get_id (f->checkout));
  return view;
}

/* Begins and waits until Paystar's form says the session is payable. */
static void
begin_and_wait_for_form (Fixture *f)
{
  begin (f);
  /* Until LOADED said so, the header never invites the card. */
  g_assert_cmpint (pos_payment_page_get_state (f->page), ==, POS_PAYMENT_PAGE_LOADING);
  g_assert_cmpstr (pos_payment_page_get_status_text (f->page), ==,
                   T_ ("Loading Paystar’s payment form…"));
  WEB_TEST_WAIT_FOR (&f->web, pos_payment_page_get_state (f->page) == POS_PAYMENT_PAGE_READY);
  g_assert_cmpuint (f->n_loaded, ==, 1);
  g_assert_true (json_object_get_boolean_member (web_test_typist_report (&f->web), "formVisible"));
}

static void
assert_summary (Fixture *f, const char *total)
{
  g_assert_cmpstr (pos_payment_page_get_total_text (f->page), ==, total);
  g_assert_nonnull (strstr (pos_payment_page_get_details_text (f->page), "Ava Alvarez"));
  g_assert_nonnull (strstr (pos_payment_page_get_details_text (f->page),
                            pos_checkout_get_client_reference (f->checkout)));
}

/* What the window shows next for f->checkout's outcome: the outcome page, in a window of its own
 * at the fixture window's size, screenshot as @name (when not NULL). */
static PosOutcomePage *
show_outcome (Fixture *f, const char *name)
{
  g_autoptr (PosSaleRecord) record = pos_checkout_dup_record (f->checkout);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  PosOutcomePage *outcome = POS_OUTCOME_PAGE (pos_outcome_page_new ());

  gtk_window_set_default_size (window, 1280, 900);
  gtk_window_set_child (window, GTK_WIDGET (outcome));
  pos_outcome_page_set_record (outcome, record, "Ava Alvarez", station_name (f));
  gtk_window_present (window);
  WEB_TEST_WAIT_FOR (&f->web, gtk_widget_get_mapped (GTK_WIDGET (outcome)));
  g_clear_pointer (&f->outcome_window, gtk_window_destroy);
  f->outcome_window = window;
  g_assert_cmpstr (pos_outcome_page_get_amount_text (outcome), ==,
                   pos_payment_page_get_total_text (f->page) + strlen ("Total "));
  g_assert_cmpstr (pos_outcome_page_get_reference_text (outcome), ==,
                   pos_checkout_get_client_reference (f->checkout));
  if (name != NULL)
    ui_save_screenshot (GTK_WIDGET (outcome), name);
  return outcome;
}

static GtkWidget *
back_button (Fixture *f)
{
  return GTK_WIDGET (
    gtk_widget_get_template_child (GTK_WIDGET (f->page), POS_TYPE_PAYMENT_PAGE, "back_button"));
}

/* ---- Cases ---- */

/* A card approved on the form: succeeded in the journal, then "finished". */
/* The window at 1280x900 and 800x600 (ui_save_screenshots()), then back to the tests' size. */
static void
shoot (Fixture *f, const char *name)
{
  ui_save_screenshots (f->window, GTK_WIDGET (f->window), name);
  gtk_window_set_default_size (f->window, 1280, 900);
}

static void
test_approve (Fixture *f, gconstpointer data)
{
  g_autoptr (PosSaleRecord) record = NULL;
  gint64 id;

  create_sale (f, "150", "ACC-12345");
  id = pos_checkout_get_id (f->checkout);
  begin_and_wait_for_form (f);
  assert_summary (f, "Total $150.00");
  g_assert_cmpstr (pos_payment_page_get_status_text (f->page), ==,
                   T_ ("The card can be entered on the form now."));
  g_assert_null (pos_payment_page_get_message (f->page));
  g_assert_true (gtk_widget_get_sensitive (back_button (f)));
  assert_journal_status (f, id, POS_SALE_STATUS_CREATED);

  web_test_typist_fill (&f->web, APPROVING_CARD, WEB_TEST_SALE_FIELDS);
  shoot (f, "ui-payment");
  web_test_typist_command (&f->web, "{\"action\":\"click\",\"id\":\"pay-button\"}");
  WEB_TEST_WAIT_FOR (&f->web, f->n_finished > 0);
  g_assert_cmpuint (f->n_finished, ==, 1);
  g_assert_cmpuint (f->n_closed, ==, 0);
  g_assert_cmpint (f->last_status, ==, POS_SALE_STATUS_SUCCEEDED);
  g_assert_cmpint (pos_payment_page_get_state (f->page), ==, POS_PAYMENT_PAGE_FINISHED);
  {
    PosOutcomePage *outcome = show_outcome (f, "ui-success.png");

    g_assert_cmpstr (pos_outcome_page_get_title (outcome), ==, T_ ("Payment Approved"));
    g_assert_cmpstr (pos_outcome_page_get_card_text (outcome), ==, "••••4242");
    /* The SDK's events carry no Paystar reference. */
    g_assert_cmpstr (pos_outcome_page_get_paystar_reference_text (outcome), ==, "");
  }
  /* Back to Sale is over once the outcome is recorded. */
  g_assert_false (gtk_widget_get_sensitive (back_button (f)));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "payment.back", NULL);
  g_assert_cmpuint (f->n_closed, ==, 0);

  record = pos_journal_lookup (journal (f), id, NULL);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_SUCCEEDED);
  g_assert_cmpstr (pos_sale_record_get_card_last4 (record), ==, "4242");
  g_assert_null (strstr (pos_sale_record_get_request_json (record), APPROVING_CARD));
  if (pos_sale_record_get_response_json (record) != NULL)
    g_assert_null (strstr (pos_sale_record_get_response_json (record), APPROVING_CARD));

  /* Ending the page drops the view and the sale without touching the journal. */
  pos_payment_page_end (f->page);
  g_assert_false (pos_payment_page_get_active (f->page));
  g_assert_null (pos_payment_page_get_checkout (f->page));
  g_assert_cmpint (pos_payment_page_get_state (f->page), ==, POS_PAYMENT_PAGE_IDLE);
  assert_journal_status (f, id, POS_SALE_STATUS_SUCCEEDED);
}

/* A declined card: "failed" with the decline said, the same form for another card. */
static void
test_decline_then_approve (Fixture *f, gconstpointer data)
{
  PosPaymentView *view;
  JsonObject *report;
  gint64 id;

  create_sale (f, "42.50", "B-77");
  id = pos_checkout_get_id (f->checkout);
  begin_and_wait_for_form (f);
  view = pos_payment_page_get_view (f->page);

  web_test_typist_fill (&f->web, DECLINING_CARD, WEB_TEST_SALE_FIELDS);
  report = web_test_typist_pay_valid (&f->web);
  g_assert_true (json_object_get_boolean_member (report, "declineVisible"));
  g_assert_true (json_object_get_boolean_member (report, "formVisible"));
  WEB_TEST_WAIT_FOR (&f->web, pos_payment_page_get_state (f->page) == POS_PAYMENT_PAGE_DECLINED);
  {
    g_autofree char *declined =
      g_strdup_printf (T_ ("Declined: the card ending in %s was not accepted. The customer can "
                           "try another card on the form, or go back to the sale."),
                       "0002");

    g_assert_cmpstr (pos_payment_page_get_message (f->page), ==, declined);
  }
  g_assert_cmpstr (pos_payment_page_get_status_text (f->page), ==,
                   T_ ("Waiting for another card…"));
  g_assert_true (pos_payment_page_get_view (f->page) == view);
  g_assert_cmpuint (f->n_finished + f->n_closed, ==, 0);
  assert_journal_status (f, id, POS_SALE_STATUS_FAILED);
  g_assert_cmpint (pos_checkout_get_state (f->checkout), ==, POS_SALE_STATUS_FAILED);
  shoot (f, "ui-payment-declined");

  web_test_typist_fill (&f->web, APPROVING_CARD, WEB_TEST_SALE_FIELDS);
  web_test_typist_command (&f->web, "{\"action\":\"click\",\"id\":\"pay-button\"}");
  WEB_TEST_WAIT_FOR (&f->web, f->n_finished > 0);
  g_assert_cmpint (f->last_status, ==, POS_SALE_STATUS_SUCCEEDED);
  assert_journal_status (f, id, POS_SALE_STATUS_SUCCEEDED);
  g_assert_cmpstr (pos_checkout_get_card_last4 (f->checkout), ==, "4242");
}

/* (b) Back to Sale without any event from Paystar: "unconfirmed", never "dismissed", and the
 * sale can be re-opened; Back after a decline keeps "failed". */
static void
test_back_unconfirmed (Fixture *f, gconstpointer data)
{
  gint64 id;

  create_sale (f, "20", "H-2");
  id = pos_checkout_get_id (f->checkout);
  begin_and_wait_for_form (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "payment.back", NULL));
  g_assert_cmpuint (f->n_closed, ==, 1);
  g_assert_cmpuint (f->n_finished, ==, 0);
  g_assert_cmpint (f->last_status, ==, POS_SALE_STATUS_UNCONFIRMED);
  g_assert_cmpint (pos_payment_page_get_state (f->page), ==, POS_PAYMENT_PAGE_CLOSED);
  assert_journal_status (f, id, POS_SALE_STATUS_UNCONFIRMED);
  /* A second Back (a double press) does nothing more. */
  pos_payment_page_close (f->page);
  g_assert_cmpuint (f->n_closed, ==, 1);
  pos_payment_page_end (f->page);

  /* Re-opened (as History does, from the journal): the same session is awaiting payment. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (PosCheckout) reloaded =
      pos_checkout_load (journal (f), id, station_name (f), &error);

    g_assert_no_error (error);
    g_assert_cmpint (pos_checkout_get_state (reloaded), ==, POS_SALE_STATUS_UNCONFIRMED);
    g_set_object (&f->checkout, reloaded);
  }
  begin_and_wait_for_form (f);
  assert_journal_status (f, id, POS_SALE_STATUS_CREATED);

  /* pos_payment_page_close() (New Sale, signing out) is the same as Back. */
  pos_payment_page_close (f->page);
  g_assert_cmpint (f->last_status, ==, POS_SALE_STATUS_UNCONFIRMED);
  assert_journal_status (f, id, POS_SALE_STATUS_UNCONFIRMED);
  pos_payment_page_end (f->page);

  /* Back after a declined card: the decline stands. */
  begin_and_wait_for_form (f);
  web_test_typist_fill (&f->web, DECLINING_CARD, WEB_TEST_SALE_FIELDS);
  web_test_typist_pay_valid (&f->web);
  WEB_TEST_WAIT_FOR (&f->web, pos_payment_page_get_state (f->page) == POS_PAYMENT_PAGE_DECLINED);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "payment.back", NULL));
  g_assert_cmpint (f->last_status, ==, POS_SALE_STATUS_FAILED);
  assert_journal_status (f, id, POS_SALE_STATUS_FAILED);
  g_assert_false (
    g_ptr_array_find_with_equal_func (f->events, "COMPONENT.DISMISS -", g_str_equal, NULL));
}

/* (c) The customer closes Paystar's form: COMPONENT.DISMISS, "dismissed". */
static void
test_dismiss (Fixture *f, gconstpointer data)
{
  gint64 id;

  create_sale (f, "12", "ACC-1");
  id = pos_checkout_get_id (f->checkout);
  begin_and_wait_for_form (f);
  web_test_typist_command (&f->web, "{\"action\":\"click\",\"id\":\"cancel-button\"}");
  WEB_TEST_WAIT_FOR (&f->web, f->n_closed > 0);
  g_assert_cmpint (f->last_status, ==, POS_SALE_STATUS_DISMISSED);
  g_assert_cmpuint (f->n_finished, ==, 0);
  g_assert_cmpint (pos_payment_page_get_state (f->page), ==, POS_PAYMENT_PAGE_CLOSED);
  assert_journal_status (f, id, POS_SALE_STATUS_DISMISSED);
  g_assert_true (
    g_ptr_array_find_with_equal_func (f->events, "COMPONENT.DISMISS -", g_str_equal, NULL));
}

/* (a) The station died with the form open; the customer paid meanwhile. Re-opened after the
 * restart, the session loads as Succeeded: that is recorded and ends the step, and the header
 * never invites a card. */
static void
test_paid_while_dead (Fixture *f, gconstpointer data)
{
  g_autoptr (PosCheckout) restored = NULL;
  g_autoptr (PosSaleRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *identifier = NULL;
  gint64 id;

  create_sale (f, "99.99", "D-1");
  id = pos_checkout_get_id (f->checkout);
  identifier = g_strdup (pos_checkout_get_session_identifier (f->checkout));
  begin_and_wait_for_form (f);

  /* "kill -9": the page and its sale are gone without a word to the journal. */
  web_test_typist_stop (&f->web);
  web_test_typist_forget (&f->web);
  pos_payment_page_end (f->page);
  g_clear_object (&f->checkout);
  assert_journal_status (f, id, POS_SALE_STATUS_CREATED);

  web_test_pay_through_sandbox (&f->web, identifier, APPROVING_CARD, "Succeeded");
  assert_journal_status (f, id, POS_SALE_STATUS_CREATED);

  /* After the restart: the sale from the journal, its form re-opened. */
  restored = pos_checkout_load (journal (f), id, station_name (f), &error);
  g_assert_no_error (error);
  g_assert_cmpint (pos_checkout_get_state (restored), ==, POS_SALE_STATUS_CREATED);
  f->checkout = g_object_ref (restored);
  begin (f);
  WEB_TEST_WAIT_FOR (&f->web, f->n_finished + f->n_closed > 0);
  g_assert_cmpuint (f->n_finished, ==, 1);
  g_assert_cmpint (f->last_status, ==, POS_SALE_STATUS_SUCCEEDED);
  /* From the LOADED event's session object, which says Succeeded (the sandbox's fidelity). */
  g_assert_cmpuint (f->events->len, >=, 1);
  g_assert_true (g_ptr_array_find_with_equal_func (f->events, "PAYMENT-SESSION.LOADED Succeeded",
                                                   g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (
    f->events, "PAYMENT-SESSION.PROCESSED Succeeded", g_str_equal, NULL));
  g_assert_false (page_visited (f, POS_PAYMENT_PAGE_READY));
  g_assert_cmpuint (f->n_loaded, ==, 0);
  g_assert_cmpstr (pos_payment_page_get_status_text (f->page), !=,
                   T_ ("The card can be entered on the form now."));

  record = pos_journal_lookup (journal (f), id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_SUCCEEDED);
  g_assert_cmpstr (pos_sale_record_get_card_last4 (record), ==, "4242");
}

/* Finishes session @identifier on the sandbox as a bank transfer would, through its control
 * route. */
static void
sandbox_complete (Fixture *f, const char *identifier, const char *outcome)
{
  g_autofree char *path = g_strdup_printf ("/_sandbox/sessions/%s/complete", identifier);
  g_autofree char *json = g_strdup_printf ("{\"outcome\":\"%s\"}", outcome);
  g_autoptr (JsonNode) answer = web_test_http_json (&f->web, "POST", path, json, 200);
}

/* The same with a payment Paystar holds as pending: "finished" as pending, from LOADED. And a
 * session whose card was declined meanwhile is still payable: the form is offered again. */
static void
test_pending_or_declined_while_dead (Fixture *f, gconstpointer data)
{
  g_autofree char *identifier = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id;

  create_sale (f, "30", "P-1");
  id = pos_checkout_get_id (f->checkout);
  identifier = g_strdup (pos_checkout_get_session_identifier (f->checkout));
  g_clear_object (&f->checkout);
  sandbox_complete (f, identifier, "pending");

  f->checkout = pos_checkout_load (journal (f), id, station_name (f), &error);
  g_assert_no_error (error);
  begin (f);
  WEB_TEST_WAIT_FOR (&f->web, f->n_finished + f->n_closed > 0);
  g_assert_cmpuint (f->n_finished, ==, 1);
  g_assert_cmpint (f->last_status, ==, POS_SALE_STATUS_PENDING);
  g_assert_true (g_ptr_array_find_with_equal_func (f->events, "PAYMENT-SESSION.LOADED Pending",
                                                   g_str_equal, NULL));
  g_assert_false (page_visited (f, POS_PAYMENT_PAGE_READY));
  assert_journal_status (f, id, POS_SALE_STATUS_PENDING);
  web_test_typist_stop (&f->web);
  pos_payment_page_end (f->page);
  g_clear_object (&f->checkout);
  g_clear_pointer (&identifier, g_free);

  /* Declined while the station was down: the session can take another card. */
  create_sale (f, "31", "P-2");
  id = pos_checkout_get_id (f->checkout);
  identifier = g_strdup (pos_checkout_get_session_identifier (f->checkout));
  g_clear_object (&f->checkout);
  web_test_pay_through_sandbox (&f->web, identifier, DECLINING_CARD, "Failed");
  f->checkout = pos_checkout_load (journal (f), id, station_name (f), &error);
  g_assert_no_error (error);
  begin_and_wait_for_form (f);
  g_assert_true (g_ptr_array_find_with_equal_func (f->events, "PAYMENT-SESSION.LOADED Failed",
                                                   g_str_equal, NULL));
  g_assert_cmpuint (f->n_finished + f->n_closed, ==, 0);
  assert_journal_status (f, id, POS_SALE_STATUS_CREATED);
  web_test_typist_fill (&f->web, APPROVING_CARD, WEB_TEST_SALE_FIELDS);
  web_test_typist_command (&f->web, "{\"action\":\"click\",\"id\":\"pay-button\"}");
  WEB_TEST_WAIT_FOR (&f->web, f->n_finished > 0);
  g_assert_cmpint (f->last_status, ==, POS_SALE_STATUS_SUCCEEDED);
  assert_journal_status (f, id, POS_SALE_STATUS_SUCCEEDED);
}

/* A sale the checkout cannot show a form for ("unknown": a submit the station never heard
 * back from): the page says why, and Back to Sale leaves it as it is. */
static void
test_unavailable (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 id;

  id = pos_journal_begin_submit (journal (f), f->ava, "{}", "POS-LOST-1", 500, &error);
  g_assert_no_error (error);
  /* Left "submitting" by an earlier run: loaded, it is "unknown". */
  f->checkout = pos_checkout_load (journal (f), id, station_name (f), &error);
  g_assert_no_error (error);
  g_assert_cmpint (pos_checkout_get_state (f->checkout), ==, POS_SALE_STATUS_UNKNOWN);

  begin (f);
  g_assert_cmpint (pos_payment_page_get_state (f->page), ==, POS_PAYMENT_PAGE_FAILED);
  g_assert_null (pos_payment_page_get_message (f->page));
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (gtk_widget_get_template_child (
                     GTK_WIDGET (f->page), POS_TYPE_PAYMENT_PAGE, "loading_status"))),
                   ==, pos_checkout_describe_state (POS_SALE_STATUS_UNKNOWN));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (
    gtk_widget_get_template_child (GTK_WIDGET (f->page), POS_TYPE_PAYMENT_PAGE, "loading_page"))));
  g_assert_cmpstr (pos_payment_page_get_total_text (f->page), ==, "Total $5.00");
  shoot (f, "ui-payment-unavailable");
  g_assert_cmpstr (pos_payment_page_get_status_text (f->page), !=,
                   T_ ("The card can be entered on the form now."));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "payment.back", NULL));
  g_assert_cmpuint (f->n_closed, ==, 1);
  g_assert_cmpint (f->last_status, ==, POS_SALE_STATUS_UNKNOWN);
  assert_journal_status (f, id, POS_SALE_STATUS_UNKNOWN);
}

/* A link off the Paystar web origin (a tampered journal): the view's own error page, Back to
 * Sale, and the sale is not confirmed. */
static void
test_view_failure (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 id;

  id = pos_journal_begin_submit (journal (f), f->ava, "{}", "POS-FOREIGN-1", 500, &error);
  g_assert_no_error (error);
  g_assert_true (pos_journal_set_created (
    journal (f), id, "foreign", "http://127.0.0.1:9/app/embedded/acme-utilities/session/x", "{}",
    &error));
  g_assert_no_error (error);
  f->checkout = pos_checkout_load (journal (f), id, station_name (f), &error);
  g_assert_no_error (error);

  begin (f);
  WEB_TEST_WAIT_FOR (&f->web, pos_payment_page_get_state (f->page) == POS_PAYMENT_PAGE_FAILED);
  g_assert_true (pos_payment_view_get_showing_error (pos_payment_page_get_view (f->page)));
  g_assert_cmpstr (pos_payment_page_get_status_text (f->page), ==,
                   T_ ("The payment form could not be shown."));
  shoot (f, "ui-payment-error");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "payment.back", NULL));
  g_assert_cmpint (f->last_status, ==, POS_SALE_STATUS_UNCONFIRMED);
  assert_journal_status (f, id, POS_SALE_STATUS_UNCONFIRMED);
}

/* Redirect mode: the success URL is checked with the gateway before anything is recorded; the
 * return URL without a payment is "unconfirmed"; on a gateway that cannot be asked the success
 * URL is the only word, and is recorded as such. */
static void
test_redirect (Fixture *f, gconstpointer data)
{
  JsonObject *report;
  gint64 id;

  /* The sandbox serves the Query API's answer at its own paths; a real gateway's are settings
   * nobody can fill in yet. */
  paystar_client_set_query_paths (pos_station_get_client (f->station),
                                  "/_sandbox/query/sessions/{sessionIdentifier}",
                                  "/_sandbox/query/sessions");
  create_sale (f, "99.99", "R-1");
  id = pos_checkout_get_id (f->checkout);
  {
    g_autoptr (PosSaleRecord) record = pos_checkout_dup_record (f->checkout);

    g_assert_nonnull (strstr (pos_sale_record_get_request_json (record), "\"SuccessUrl\""));
  }
  begin (f);
  WEB_TEST_WAIT_FOR (&f->web, pos_payment_page_get_state (f->page) == POS_PAYMENT_PAGE_READY);
  g_assert_cmpint (pos_payment_view_get_mode (pos_payment_page_get_view (f->page)), ==,
                   POS_PAYMENT_PAGE_MODE_REDIRECT);
  /* No LOADED event in redirect mode: the header does not claim the session is payable. */
  g_assert_cmpstr (pos_payment_page_get_status_text (f->page), !=,
                   T_ ("The card can be entered on the form now."));
  report = web_test_typist_report (&f->web);
  g_assert_false (json_object_get_boolean_member (report, "frame"));
  web_test_typist_fill (&f->web, APPROVING_CARD, WEB_TEST_SALE_FIELDS);
  report = web_test_typist_pay_valid (&f->web);
  g_assert_true (json_object_get_boolean_member (report, "linksVisible"));
  web_test_typist_command (&f->web, "{\"action\":\"click\",\"id\":\"done-link\"}");
  WEB_TEST_WAIT_FOR (&f->web, f->n_finished + f->n_closed > 0);
  g_assert_cmpuint (f->n_finished, ==, 1);
  g_assert_cmpint (f->last_status, ==, POS_SALE_STATUS_SUCCEEDED);
  g_assert_true (page_visited (f, POS_PAYMENT_PAGE_CHECKING));
  assert_journal_status (f, id, POS_SALE_STATUS_SUCCEEDED);
  {
    g_autoptr (PosSaleRecord) record = pos_journal_lookup (journal (f), id, NULL);

    /* What the lookup said, not just the redirect. */
    g_assert_nonnull (pos_sale_record_get_response_json (record));
    g_assert_nonnull (strstr (pos_sale_record_get_response_json (record), "query-api"));
    g_assert_nonnull (strstr (pos_sale_record_get_response_json (record), "referenceNumber"));
    g_assert_null (strstr (pos_sale_record_get_response_json (record), "Jordan"));
  }
  {
    /* The success screen shows what the lookup said: Paystar's own reference. */
    PosOutcomePage *outcome = show_outcome (f, "ui-success-lookup.png");

    g_assert_cmpstr (pos_outcome_page_get_title (outcome), ==, T_ ("Payment Approved"));
    g_assert_cmpstr (pos_outcome_page_get_paystar_reference_text (outcome), !=, "");
    g_assert_cmpstr (pos_outcome_page_get_description (outcome), ==,
                     T_ ("Paystar accepted the payment. Print the slip for the customer, then "
                         "start the next sale."));
  }
  pos_payment_page_end (f->page);

  /* The next customer goes back without paying: not confirmed, re-openable. */
  create_sale (f, "5", "R-2");
  id = pos_checkout_get_id (f->checkout);
  begin (f);
  WEB_TEST_WAIT_FOR (&f->web, pos_payment_page_get_state (f->page) == POS_PAYMENT_PAGE_READY);
  web_test_typist_report (&f->web);
  web_test_typist_command (&f->web, "{\"action\":\"click\",\"id\":\"cancel-button\"}");
  WEB_TEST_WAIT_FOR (&f->web, f->n_finished + f->n_closed > 0);
  g_assert_cmpuint (f->n_closed, ==, 1);
  g_assert_cmpint (f->last_status, ==, POS_SALE_STATUS_UNCONFIRMED);
  assert_journal_status (f, id, POS_SALE_STATUS_UNCONFIRMED);
  pos_payment_page_end (f->page);

  /* A gateway without the Query API (a client with no lookup paths, as on a real gateway
   * today): the success URL is recorded as what it is. */
  {
    g_autoptr (PaystarClient) plain = paystar_client_new (f->web.sandbox_base, WEB_TEST_API_KEY);

    create_sale (f, "7", "R-3");
    id = pos_checkout_get_id (f->checkout);
    pos_station_set_client (f->station, plain);
  }
  begin (f);
  WEB_TEST_WAIT_FOR (&f->web, pos_payment_page_get_state (f->page) == POS_PAYMENT_PAGE_READY);
  web_test_typist_report (&f->web);
  web_test_typist_fill (&f->web, APPROVING_CARD, WEB_TEST_SALE_FIELDS);
  web_test_typist_pay_valid (&f->web);
  web_test_typist_command (&f->web, "{\"action\":\"click\",\"id\":\"done-link\"}");
  WEB_TEST_WAIT_FOR (&f->web, f->n_finished + f->n_closed > 0);
  g_assert_cmpuint (f->n_finished, ==, 1);
  g_assert_cmpint (f->last_status, ==, POS_SALE_STATUS_SUCCEEDED);
  assert_journal_status (f, id, POS_SALE_STATUS_SUCCEEDED);
  {
    g_autoptr (PosSaleRecord) record = pos_journal_lookup (journal (f), id, NULL);
    const char *response = pos_sale_record_get_response_json (record);

    g_assert_true (response == NULL || strstr (response, "query-api") == NULL);
  }
  {
    /* Only the redirect said so: the success screen says that too, with nothing invented. */
    PosOutcomePage *outcome = show_outcome (f, "ui-success-redirect.png");

    g_assert_cmpstr (pos_outcome_page_get_title (outcome), ==, T_ ("Payment Approved"));
    g_assert_cmpstr (pos_outcome_page_get_paystar_reference_text (outcome), ==, "");
    g_assert_nonnull (strstr (pos_outcome_page_get_description (outcome),
                              T_ ("Paystar sent the customer to the success address; no details "
                                  "came with it.")));
  }
}

int
main (int argc, char *argv[])
{
  /* As paystar-pos does: the locale and the translations (the build tree's with
   * PAYSTAR_POS_LOCALEDIR), for the screenshots in other languages. */
  pos_process_init ();
  ui_harness_init (&argc, &argv);

#define ADD(path, set_up, fn)                                                         \
  WEB_TEST_ADD_ISOLATED ("/ui/payment/" path, Fixture, set_up, fn, fixture_tear_down, \
                         CASE_TIMEOUT + 30)
  ADD ("approve", fixture_set_up, test_approve);
  ADD ("decline-then-approve", fixture_set_up, test_decline_then_approve);
  ADD ("back-unconfirmed", fixture_set_up, test_back_unconfirmed);
  ADD ("dismiss", fixture_set_up, test_dismiss);
  ADD ("paid-while-dead", fixture_set_up, test_paid_while_dead);
  ADD ("pending-or-declined-while-dead", fixture_set_up, test_pending_or_declined_while_dead);
  ADD ("unavailable", fixture_set_up, test_unavailable);
  ADD ("view-failure", fixture_set_up, test_view_failure);
  ADD ("redirect", fixture_set_up_redirect, test_redirect);
#undef ADD

  return g_test_run ();
}
