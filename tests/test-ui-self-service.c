/* test-ui-self-service.c: a self-service station, as a customer uses it alone: welcome, account,
 * amount, review, Paystar's form (a real WebKit view on the station's in-process sandbox), the
 * receipt and Done; both channels as the sandbox recorded them; the idle question and reset in
 * the middle of each screen; the escape routes a customer has; the staff key; the language
 * switch; targets of at least 44 pixels; what a screen reader hears on each screen, in English
 * and in Spanish (tests/a11y-walk.c). Keys are real key events through the X server.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Screenshots of each screen (ui-self-service-SCREEN-WxH-LANG.png) go to the build directory;
 * the README shows them.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "a11y-walk.h"
#include "pos-process.h"
#include "pos-self-service-page.h"
#include "pos-station-checkout.h"
#include "pos-test-util.h"
#include "test-ui-harness.h"
#include "webkit-test-util.h"

#define CASE_TIMEOUT   120 /* seconds, for the whole case: the machine is shared and slow */
#define APPROVING_CARD "4242424242424242"

/* What the screen says, in the language in use at the time. */
#define T_(text) g_dgettext (GETTEXT_PACKAGE, text)

typedef struct {
  UiFixture ui;
  WebTest web;
  A11yWalk walk;       /* what a screen reader hears, opened by the cases that listen */
  guint views_created; /* payment views the window made */
  GString *unnamed;
} Fixture;

/* ---- Reaching the page ---- */

static PosSelfServicePage *
page (Fixture *f)
{
  return ui_child (f->ui.window, "self_service_page");
}

static GtkWidget *
named (Fixture *f, const char *name)
{
  GtkWidget *widget = ui_find_named (GTK_WIDGET (page (f)), name);

  g_assert_nonnull (widget);
  return widget;
}

static const char *
screen (Fixture *f)
{
  return pos_self_service_page_get_screen (page (f));
}

static void
wait_for_screen (Fixture *f, const char *name)
{
  WEB_TEST_WAIT_FOR (&f->web, g_strcmp0 (screen (f), name) == 0);
}

static GtkWidget *
find_type (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child)) {
    GtkWidget *found = find_type (child, type);

    if (found != NULL)
      return found;
  }
  return NULL;
}

static PosPaymentPage *
payment_page (Fixture *f)
{
  return (PosPaymentPage *) find_type (GTK_WIDGET (page (f)), POS_TYPE_PAYMENT_PAGE);
}

/* Whether a text on the page's screen shows @text (a label, or a button's). */
static gboolean
shows (Fixture *f, const char *text)
{
  return ui_find_label (GTK_WIDGET (page (f)), text) != NULL;
}

/* Every control a customer can touch on the screen is at least 44 by 44 pixels. */
static void
assert_targets (GtkWidget *root)
{
  if (!gtk_widget_get_mapped (root))
    return;
  if (GTK_IS_BUTTON (root) || GTK_IS_ENTRY (root)) {
    int width = gtk_widget_get_width (root), height = gtk_widget_get_height (root);

    if (width < 44 || height < 44)
      g_error ("%s \"%s\" is %d x %d pixels", G_OBJECT_TYPE_NAME (root),
               GTK_IS_BUTTON (root) && gtk_button_get_label (GTK_BUTTON (root)) != NULL
                 ? gtk_button_get_label (GTK_BUTTON (root))
                 : gtk_widget_get_name (root),
               width, height);
    return;
  }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_targets (child);
}

/* The screen as a screen reader hears it (tests/a11y-walk.c): every control named, no mnemonic
 * underscores, no type names, nothing said twice. */
static void
listen (Fixture *f, const char *name)
{
  if (f->walk.bus == NULL) {
    a11y_walk_open (&f->walk);
    f->unnamed = g_string_new (NULL);
  }
  a11y_walk_check_names (&f->walk, name, f->unnamed);
}

static void
assert_all_named (Fixture *f)
{
  if (f->walk.bus == NULL)
    return;
  a11y_walk_close (&f->walk);
  if (f->unnamed->len > 0)
    g_error ("controls without a usable name:%s", f->unnamed->str);
  g_string_free (f->unnamed, TRUE);
  f->unnamed = NULL;
}

/* The screen as the customer sees it: its targets, and screenshots at both sizes. */
static void
look (Fixture *f, const char *name, const char *lang)
{
  static const int sizes[][2] = { { 1280, 900 }, { 800, 600 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++) {
    g_autofree char *file =
      g_strdup_printf ("ui-self-service-%s-%dx%d-%s.png", name, sizes[i][0], sizes[i][1], lang);

    ui_resize (GTK_WINDOW (f->ui.window), sizes[i][0], sizes[i][1]);
    assert_targets (GTK_WIDGET (page (f)));
    ui_save_screenshot (GTK_WIDGET (f->ui.window), file);
  }
}

static void
press (Fixture *f, guint keyval, GdkModifierType mods)
{
  ui_press_key (GTK_WIDGET (f->ui.window), keyval, mods);
}

static void
type (Fixture *f, const char *text)
{
  ui_type_text (GTK_WIDGET (f->ui.window), text);
}

static const char *
entry_text (Fixture *f, const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (named (f, name)));
}

/* ---- The station ---- */

static void
setup_view (PosPaymentView *view, gpointer user_data)
{
  Fixture *f = user_data;
  WebKitWebView *web_view = pos_payment_view_get_web_view (view);

  f->views_created++;
  web_test_add_typist (&f->web, webkit_web_view_get_user_content_manager (web_view),
                       pos_settings_get_web_origin (f->ui.settings));
  web_test_watch_web_process (&f->web, web_view);
}

static void
set_up (Fixture *f, const char *channel, const char *pos_user)
{
  GSettings *settings;

  ui_fixture_set_up (&f->ui, NULL);
  web_test_start_clock (&f->web, CASE_TIMEOUT);
  settings = pos_settings_get_settings (f->ui.settings);
  g_settings_set_string (settings, "self-service-channel", channel);
  g_settings_set_string (settings, "self-service-pos-user", pos_user != NULL ? pos_user : "");
  pos_settings_set_station_name (f->ui.settings, "LOBBY1");
  pos_settings_set_self_service (f->ui.settings, TRUE);
  pos_window_set_view_setup (f->ui.window, setup_view, f);
  WEB_TEST_WAIT_FOR (&f->web, pos_station_get_ready (f->ui.station) &&
                                pos_station_get_client (f->ui.station) != NULL);
  f->web.sandbox_base = g_strdup (pos_settings_get_web_origin (f->ui.settings));
  ui_wait_for_page (f->ui.window, "self-service");
  WEB_TEST_WAIT_FOR (&f->web, gtk_widget_has_focus (named (f, "begin")));
}

static void
fixture_set_up_pos (Fixture *f, gconstpointer data)
{
  g_autofree char *station_user = pos_test_agent_email ("ava");

  set_up (f, "POS", station_user);
}

static void
fixture_set_up_quickpay (Fixture *f, gconstpointer data)
{
  set_up (f, "QuickPay", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  web_test_typist_stop (&f->web);
  web_test_stop_clock (&f->web);
  /* The customer's language goes with the case. */
  pos_self_service_page_reset (page (f));
  ui_fixture_tear_down (&f->ui, data);
}

static PosSaleRecord *
lookup (Fixture *f, gint64 id)
{
  g_autoptr (GError) error = NULL;
  PosSaleRecord *record = pos_journal_lookup (pos_station_get_journal (f->ui.station), id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  return record;
}

/* What the sandbox stored of session @identifier (its inspection route's data: the channel in
 * paymentSession, posUser beside it). */
static JsonObject *
sandbox_session (Fixture *f, const char *identifier)
{
  g_autoptr (JsonNode) data = NULL;

  g_free (f->web.session_id);
  f->web.session_id = g_strdup (identifier);
  data = web_test_inspect_session (&f->web);
  return json_object_ref (json_node_get_object (data));
}

/* From the review screen: Pay (Enter on it), the form, an approving card, the receipt. Returns
 * the sale's journal id and its session identifier. */
static gint64
pay_on_form (Fixture *f, char **out_identifier)
{
  PosPaymentPage *payment;
  g_autofree char *command = web_test_fill_command (
    APPROVING_CARD,
    ",\"payment-field-invoiceNumber\":\"INV-42\",\"payment-field-memoLine\":\"Kiosk\"");
  gint64 id;

  web_test_typist_forget (&f->web);
  g_assert_true (gtk_widget_has_focus (named (f, "pay")));
  press (f, GDK_KEY_Return, 0);
  wait_for_screen (f, "payment");
  payment = payment_page (f);
  g_assert_nonnull (payment);
  WEB_TEST_WAIT_FOR (&f->web, pos_payment_page_get_state (payment) == POS_PAYMENT_PAGE_READY);
  id = pos_payment_page_get_journal_id (payment);
  *out_identifier =
    g_strdup (pos_checkout_get_session_identifier (pos_payment_page_get_checkout (payment)));
  web_test_typist_do (&f->web, command);
  web_test_typist_command (&f->web, "{\"action\":\"click\",\"id\":\"pay-button\"}");
  wait_for_screen (f, "receipt");
  g_assert_null (payment_page (f));
  return id;
}

/* Done: the welcome screen, nothing of the customer left in any field. */
static void
assert_forgotten (Fixture *f)
{
  wait_for_screen (f, "welcome");
  g_assert_cmpstr (entry_text (f, "account-entry"), ==, "");
  g_assert_cmpstr (entry_text (f, "name-entry"), ==, "");
  g_assert_cmpstr (entry_text (f, "amount-entry"), ==, "");
  g_assert_null (payment_page (f));
  g_assert_false (pos_self_service_page_get_asking (page (f)));
  g_assert_false (pos_self_service_page_get_larger_text (page (f)));
  g_assert_false (pos_self_service_page_get_high_contrast (page (f)));
}

/* ---- Cases ---- */

/* A customer alone, keyboard only, at a station without an account book, in the POS channel
 * with the station's own Paystar user. */
static void
test_pos_channel (Fixture *f, gconstpointer data)
{
  g_autofree char *station_user = pos_test_agent_email ("ava");
  g_autofree char *identifier = NULL;
  g_autoptr (PosSaleRecord) record = NULL;
  g_autoptr (JsonObject) stored = NULL;
  gint64 id;

  /* A customer's screen: no header, no agent, the lockdown on. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (ui_child (f->ui.window, "header_bar"))));
  g_assert_null (pos_window_get_agent (f->ui.window));
  g_assert_true (shows (f, T_ ("Welcome")));
  /* A receipt printer (its name; nothing is printed here). */
  g_settings_set_string (pos_settings_get_settings (f->ui.settings), "self-service-printer",
                         "Lobby-Receipts");
  look (f, "welcome", "en");
  listen (f, "welcome");

  press (f, GDK_KEY_Return, 0);
  wait_for_screen (f, "account");
  g_assert_true (gtk_widget_has_focus (gtk_widget_get_first_child (named (f, "account-entry"))) ||
                 gtk_widget_has_focus (named (f, "account-entry")));
  /* Enter with nothing typed says what to do and stays. */
  press (f, GDK_KEY_Return, 0);
  g_assert_cmpstr (screen (f), ==, "account");
  g_assert_true (shows (f, T_ ("Enter your account number. It is printed on your bill.")));
  type (f, "5501234");
  g_assert_cmpstr (entry_text (f, "account-entry"), ==, "5501234");
  /* Without an account book the name on the account is asked for. */
  press (f, GDK_KEY_Return, 0);
  g_assert_cmpstr (screen (f), ==, "account");
  g_assert_true (shows (f, T_ ("Enter the name on the account, as it is on your bill.")));
  type (f, "Jordan Lee");
  look (f, "account", "en");
  listen (f, "account");
  press (f, GDK_KEY_Return, 0);
  wait_for_screen (f, "amount");

  /* Beyond the station's limit (default $5,000.00): refused, nothing lost. */
  type (f, "9000");
  press (f, GDK_KEY_Return, 0);
  g_assert_cmpstr (screen (f), ==, "amount");
  g_assert_true (shows (f, "This station takes payments from $1.00 to $5,000.00."));
  gtk_editable_set_text (GTK_EDITABLE (named (f, "amount-entry")), "");
  /* The form's view warms up while the customer enters the amount. */
  WEB_TEST_WAIT_FOR (&f->web, f->views_created == 1);
  type (f, "42.5");
  look (f, "amount", "en");
  listen (f, "amount");
  press (f, GDK_KEY_Return, 0);
  wait_for_screen (f, "review");
  g_assert_true (shows (f, "5501234"));
  g_assert_true (shows (f, "Jordan Lee"));
  g_assert_true (shows (f, "$42.50"));
  look (f, "review", "en");
  listen (f, "review");

  id = pay_on_form (f, &identifier);
  /* Pay used the warmed view: no other was made. */
  g_assert_cmpuint (f->views_created, ==, 1);
  look (f, "receipt", "en");
  listen (f, "receipt");
  g_assert_true (shows (f, T_ ("Thank You: Payment Approved")));
  g_assert_true (shows (f, "••••4242"));
  g_assert_true (gtk_widget_get_mapped (named (f, "print")));

  /* The journal first, the station as the taker; the sandbox saw POS with the station's user. */
  record = lookup (f, id);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_SUCCEEDED);
  g_assert_cmpstr (pos_sale_record_get_agent_email (record), ==, station_user);
  g_assert_cmpint (pos_sale_record_get_total (record), ==, 4250);
  g_assert_true (shows (f, pos_sale_record_get_client_reference (record)));
  stored = sandbox_session (f, identifier);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (stored, "paymentSession"), "channel"),
                   ==, "POS");
  g_assert_cmpstr (json_object_get_string_member (stored, "posUser"), ==, station_user);

  g_assert_true (gtk_widget_has_focus (named (f, "done")));
  press (f, GDK_KEY_Return, 0);
  assert_forgotten (f);
  assert_all_named (f);
}

static gboolean
asking (gpointer user_data)
{
  return pos_self_service_page_get_asking (user_data);
}

/* Leaves the customer on the screen: the question comes, then the station starts over. */
static void
wait_for_reset (Fixture *f)
{
  ui_wait_until (asking, page (f), 10000, "“Are you still there?”");
  g_assert_true (shows (f, T_ ("Are You Still There?")));
  assert_forgotten (f);
}

static const char ACCOUNT_BOOK[] = "AccountNumber,Name,Balance\n"
                                   "1000234,Jordan Lee,61.75\n"
                                   "1000235,Sam Ortiz,0\n";

/* QuickPay, with an account book: the name shown in part only, the balance offered, the keypad
 * used by touch; the sandbox saw QuickPay and no PosUser; the idle reset from the receipt; a bill
 * stub's barcode scanned into the account field. */
static void
test_quickpay (Fixture *f, gconstpointer data)
{
  static const char *const digits[] = { "1", "0", "0", "0", "2", "3", "4" };
  PosJournal *journal = pos_station_get_journal (f->ui.station);
  g_autofree char *identifier = NULL;
  g_autoptr (PosSaleRecord) record = NULL;
  g_autoptr (JsonObject) stored = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *keypad;
  gint64 id;

  pos_account_book_import (journal, ACCOUNT_BOOK, strlen (ACCOUNT_BOOK), &error);
  g_assert_no_error (error);

  ui_click (named (f, "begin"));
  wait_for_screen (f, "account");
  /* The book knows the names: none is asked for. */
  g_assert_false (gtk_widget_get_mapped (named (f, "name-entry")));
  /* A number the book does not have is refused, so nobody pays into a stranger's account. */
  type (f, "1000");
  press (f, GDK_KEY_Return, 0);
  g_assert_cmpstr (screen (f), ==, "account");
  g_assert_true (shows (f, "We could not find account 1000. Check the number on your bill and "
                           "try again, or ask a member of staff for help."));
  /* The keypad: Clear, then the digits. */
  keypad = gtk_widget_get_next_sibling (named (f, "account-entry"));
  for (GtkWidget *key = gtk_widget_get_first_child (keypad); key != NULL;
       key = gtk_widget_get_next_sibling (key)) {
    if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (key)), T_ ("Clear")) == 0)
      ui_click (key);
  }
  g_assert_cmpstr (entry_text (f, "account-entry"), ==, "");
  for (guint i = 0; i < G_N_ELEMENTS (digits); i++) {
    for (GtkWidget *key = gtk_widget_get_first_child (keypad); key != NULL;
         key = gtk_widget_get_next_sibling (key)) {
      if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (key)), digits[i]) == 0)
        ui_click (key);
    }
  }
  g_assert_cmpstr (entry_text (f, "account-entry"), ==, "1000234");
  ui_click (named (f, "account-next"));
  wait_for_screen (f, "amount");
  /* The balance is offered; the name only in part. */
  g_assert_cmpstr (entry_text (f, "amount-entry"), ==, "61.75");
  g_assert_true (shows (f, "The balance of J***** L**’s account is $61.75. You can pay it, or "
                           "another amount from $1.00 to $5,000.00."));
  ui_click (named (f, "amount-next"));
  wait_for_screen (f, "review");
  g_assert_true (shows (f, "J***** L**"));
  g_assert_false (shows (f, "Jordan Lee"));
  g_assert_true (shows (f, "$61.75"));

  gtk_widget_grab_focus (named (f, "pay"));
  id = pay_on_form (f, &identifier);
  record = lookup (f, id);
  g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_SUCCEEDED);
  g_assert_cmpstr (pos_sale_record_get_agent_email (record), ==, "self-service@LOBBY1");
  g_assert_nonnull (strstr (pos_sale_record_get_request_json (record), "\"Channel\":\"QuickPay\""));
  g_assert_null (strstr (pos_sale_record_get_request_json (record), "PosUser"));
  /* No printer: no Print. */
  g_assert_false (gtk_widget_get_mapped (named (f, "print")));
  stored = sandbox_session (f, identifier);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (stored, "paymentSession"), "channel"),
                   ==, "QuickPay");
  g_assert_true (json_object_get_null_member (stored, "posUser"));
  /* A customer who walks away from the receipt: the question, then the welcome screen. */
  pos_self_service_page_set_idle_timeouts (page (f), 300, 600);
  wait_for_reset (f);

  /* The next one scans the bill's stub (a scanner types it, then Enter): the account and the
   * bill's amount, rather than the balance. */
  pos_self_service_page_set_idle_timeouts (page (f), 60 * 1000, 600);
  pos_settings_set_bill_barcode_layout (f->ui.settings, "{account:7}{amount:8}");
  ui_click (named (f, "begin"));
  wait_for_screen (f, "account");
  ui_scan_text (GTK_WIDGET (f->ui.window), "100023400004250");
  wait_for_screen (f, "amount");
  g_assert_cmpstr (entry_text (f, "account-entry"), ==, "1000234");
  g_assert_cmpstr (entry_text (f, "amount-entry"), ==, "42.50");
}

/* From the welcome screen to @stop ("amount" or "review") by the keyboard, with an account, a
 * name and $12. */
static void
walk_to (Fixture *f, const char *stop)
{
  press (f, GDK_KEY_Return, 0);
  wait_for_screen (f, "account");
  type (f, "5501234");
  gtk_editable_set_text (GTK_EDITABLE (named (f, "name-entry")), "Jordan Lee");
  press (f, GDK_KEY_Return, 0);
  wait_for_screen (f, "amount");
  type (f, "12");
  if (g_str_equal (stop, "amount"))
    return;
  press (f, GDK_KEY_Return, 0);
  wait_for_screen (f, "review");
}

/* The idle question in the middle of each screen: an answer keeps everything, no answer starts
 * over with nothing kept, and an open form is closed through the checkout (recorded). (The
 * receipt's: /ui/self-service/quickpay.) */
static void
test_idle (Fixture *f, gconstpointer data)
{
  g_autoptr (PosSaleRecord) record = NULL;
  gint64 id;

  /* Answered: the screen and what was typed stay. */
  pos_self_service_page_set_idle_timeouts (page (f), 300, 60 * 1000);
  press (f, GDK_KEY_Return, 0);
  wait_for_screen (f, "account");
  type (f, "77");
  ui_wait_until (asking, page (f), 10000, "“Are you still there?”");
  look (f, "still-there", "en");
  listen (f, "still there");
  g_assert_true (gtk_widget_has_focus (named (f, "still-here")));
  press (f, GDK_KEY_Return, 0);
  g_assert_false (pos_self_service_page_get_asking (page (f)));
  g_assert_cmpstr (screen (f), ==, "account");
  g_assert_cmpstr (entry_text (f, "account-entry"), ==, "77");

  /* Not answered, on each screen. */
  pos_self_service_page_set_idle_timeouts (page (f), 300, 600);
  wait_for_reset (f);
  for (const char *const *stop = (const char *const[]){ "amount", "review", NULL }; *stop != NULL;
       stop++) {
    pos_self_service_page_set_idle_timeouts (page (f), 60 * 1000, 600);
    walk_to (f, *stop);
    pos_self_service_page_set_idle_timeouts (page (f), 300, 600);
    wait_for_reset (f);
  }

  /* With the form open. */
  pos_self_service_page_set_idle_timeouts (page (f), 60 * 1000, 600);
  walk_to (f, "review");
  web_test_typist_forget (&f->web);
  press (f, GDK_KEY_Return, 0);
  wait_for_screen (f, "payment");
  WEB_TEST_WAIT_FOR (&f->web,
                     pos_payment_page_get_state (payment_page (f)) == POS_PAYMENT_PAGE_READY);
  id = pos_payment_page_get_journal_id (payment_page (f));
  pos_self_service_page_set_idle_timeouts (page (f), 300, 600);
  wait_for_reset (f);
  record = lookup (f, id);
  /* Recorded as left, never lost: not "created" any more, and still in the journal. */
  g_assert_cmpint (pos_sale_record_get_status (record), !=, POS_SALE_STATUS_CREATED);
  g_assert_cmpint (pos_sale_record_get_status (record), !=, POS_SALE_STATUS_SUBMITTING);
  assert_all_named (f);
}

/* The keys and routes a customer has: none leaves the welcome screen or the customer's screen;
 * the staff key asks for an administrator's PIN, which signs the administrator in; leaving
 * self-service needs the PIN again. */
static void
test_escape_routes (Fixture *f, gconstpointer data)
{
  static const struct {
    guint keyval;
    GdkModifierType mods;
  } keys[] = {
    { GDK_KEY_Escape, 0 },
    { GDK_KEY_F11, 0 },
    { GDK_KEY_F10, 0 },
    { GDK_KEY_Menu, 0 },
    { GDK_KEY_F10, GDK_SHIFT_MASK },
    { GDK_KEY_w, GDK_CONTROL_MASK },
    { GDK_KEY_F4, GDK_ALT_MASK },
    { GDK_KEY_q, GDK_CONTROL_MASK },
    { GDK_KEY_h, GDK_CONTROL_MASK },
    { GDK_KEY_comma, GDK_CONTROL_MASK },
    { GDK_KEY_n, GDK_CONTROL_MASK },
    { GDK_KEY_q, GDK_CONTROL_MASK | GDK_SHIFT_MASK },
    { GDK_KEY_question, GDK_CONTROL_MASK | GDK_SHIFT_MASK },
    { GDK_KEY_Escape, GDK_SHIFT_MASK },
  };
  GtkWidget *window = GTK_WIDGET (f->ui.window);
  GtkWidget *menu;
  gboolean kiosk = FALSE;

  press (f, GDK_KEY_Return, 0);
  wait_for_screen (f, "account");
  type (f, "42");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++) {
    press (f, keys[i].keyval, keys[i].mods);
    g_assert_nonnull (f->ui.window);
    g_assert_true (gtk_widget_get_visible (window));
    g_object_get (f->ui.window, "kiosk", &kiosk, NULL);
    g_assert_true (kiosk);
    g_assert_cmpstr (pos_window_get_visible_page (f->ui.window), ==, "self-service");
    g_assert_cmpstr (screen (f), ==, "account");
    g_assert_cmpstr (entry_text (f, "account-entry"), ==, "42");
    menu = find_type (named (f, "account-entry"), GTK_TYPE_POPOVER);
    g_assert_true (menu == NULL || !gtk_widget_get_visible (menu));
    g_assert_null (ui_find_message_dialog ());
    g_assert_null (ui_find_admin_prompt ());
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (ui_child (f->ui.window, "header_bar"))));
  }
  /* A right click in the field opens no menu (Paste, Insert Emoji): the key typed after it
   * lands in the field, handled after the click. */
  ui_press_button (named (f, "account-entry"), 3);
  type (f, "7");
  g_assert_cmpstr (entry_text (f, "account-entry"), ==, "427");
  menu = find_type (named (f, "account-entry"), GTK_TYPE_POPOVER);
  g_assert_true (menu == NULL || !gtk_widget_get_visible (menu));

  /* A close request (Alt+F4 from a window manager) asks for an administrator. */
  gtk_window_close (GTK_WINDOW (window));
  WEB_TEST_WAIT_FOR (&f->web, ui_find_admin_prompt () != NULL);
  gtk_window_close (GTK_WINDOW (ui_find_admin_prompt ()));
  WEB_TEST_WAIT_FOR (&f->web, ui_find_admin_prompt () == NULL);
  g_assert_nonnull (f->ui.window);

  /* Staff: Ctrl+Alt+Shift+S, an administrator's PIN, then the administrator's station. */
  press (f, GDK_KEY_s, GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK);
  ui_enter_admin_pin ("1234");
  ui_wait_for_page (f->ui.window, "sale");
  g_assert_nonnull (pos_window_get_agent (f->ui.window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (ui_child (f->ui.window, "header_bar"))));
  /* What the customer typed went when staff came. */
  g_assert_cmpstr (entry_text (f, "account-entry"), ==, "");
  gtk_widget_activate_action (window, "win.show-history", NULL);
  ui_wait_for_page (f->ui.window, "history");
  gtk_widget_activate_action (window, "win.leave-self-service", NULL);
  ui_enter_admin_pin ("1234");
  WEB_TEST_WAIT_FOR (&f->web, !pos_settings_get_self_service (f->ui.settings));
  g_object_get (f->ui.window, "kiosk", &kiosk, NULL);
  g_assert_false (kiosk);
}

/* The customer's language, at any step, and back to the station's at Done. */
static void
test_language (Fixture *f, gconstpointer data)
{
  PosPaymentPage *payment;

  ui_click (named (f, "language-es"));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (named (f, "language-es"))));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (named (f, "language-en"))));
  g_assert_true (shows (f, "Bienvenido"));
  /* The station's own strip too. */
  g_assert_nonnull (ui_find_label (
    GTK_WIDGET (f->ui.window), "Sandbox: no se mueve dinero real. Las ventas van a la pasarela "
                               "de pruebas integrada y solo funcionan las tarjetas de prueba."));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (named (f, "begin"))), ==,
                   "_Pagar una factura");
  look (f, "welcome", "es");
  listen (f, "welcome (es)");
  ui_click (named (f, "begin"));
  wait_for_screen (f, "account");
  g_assert_true (shows (f, "Su número de cuenta"));
  look (f, "account", "es");
  listen (f, "account (es)");
  /* Back to English in the middle, and Spanish again: nothing typed is lost. */
  type (f, "5501234");
  ui_click (named (f, "language-en"));
  g_assert_true (shows (f, "Your Account Number"));
  ui_click (named (f, "language-es"));
  g_assert_cmpstr (entry_text (f, "account-entry"), ==, "5501234");
  gtk_editable_set_text (GTK_EDITABLE (named (f, "name-entry")), "Jordan Lee");
  press (f, GDK_KEY_Return, 0);
  wait_for_screen (f, "amount");
  type (f, "20");
  look (f, "amount", "es");
  listen (f, "amount (es)");
  press (f, GDK_KEY_Return, 0);
  wait_for_screen (f, "review");
  look (f, "review", "es");
  listen (f, "review (es)");
  /* The payment step's own words are Spanish too. */
  web_test_typist_forget (&f->web);
  press (f, GDK_KEY_Return, 0);
  wait_for_screen (f, "payment");
  payment = payment_page (f);
  WEB_TEST_WAIT_FOR (&f->web, pos_payment_page_get_state (payment) == POS_PAYMENT_PAGE_READY);
  g_assert_cmpstr (pos_payment_page_get_status_text (payment), ==,
                   "Ya se puede ingresar la tarjeta en el formulario.");
  look (f, "payment", "es");
  listen (f, "payment (es)");
  /* Start over from the form: the station's language again. */
  pos_self_service_page_reset (page (f));
  assert_forgotten (f);
  g_assert_true (shows (f, "Welcome"));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (named (f, "language-en"))));
  assert_all_named (f);
}

/* Larger text and high contrast: the customer's choices, gone at the next customer. */
typedef struct {
  GtkWidget *label;
  int before; /* its height before, in pixels */
} Growth;

/* The label is at least a fifth taller than before (its style is applied at the next frame). */
static gboolean
grown (gpointer user_data)
{
  Growth *growth = user_data;
  int now;

  gtk_widget_measure (growth->label, GTK_ORIENTATION_VERTICAL, -1, &now, NULL, NULL, NULL);
  return now * 100 >= growth->before * 120;
}

static void
test_display_choices (Fixture *f, gconstpointer data)
{
  Growth growth = { ui_find_label (GTK_WIDGET (page (f)), T_ ("Welcome")), 0 };

  g_assert_nonnull (growth.label);
  gtk_widget_measure (growth.label, GTK_ORIENTATION_VERTICAL, -1, &growth.before, NULL, NULL, NULL);
  ui_click (named (f, "larger-text"));
  ui_click (named (f, "high-contrast"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->ui.window), "larger-text"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->ui.window), "high-contrast"));
  ui_wait_until (grown, &growth, 5000, "the larger words");
  look (f, "welcome-larger-contrast", "en");
  ui_click (named (f, "begin"));
  wait_for_screen (f, "account");
  ui_resize (GTK_WINDOW (f->ui.window), 1024, 768);
  ui_assert_label_whole (GTK_WIDGET (page (f)), T_ ("Your Account Number"));
  look (f, "account-larger-contrast", "en");
  ui_click (named (f, "account-back"));
  assert_forgotten (f);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (f->ui.window), "larger-text"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (f->ui.window), "high-contrast"));
}

/* A customer's sale whose form never reported (the station stopped with it open) and that the
 * customer paid meanwhile: back at the welcome screen, the station asks Paystar and records the
 * payment; no agent has to find it. */
static void
test_leftover_paid (Fixture *f, gconstpointer data)
{
  PosJournal *journal = pos_station_get_journal (f->ui.station);
  g_autofree char *taker = pos_settings_dup_self_service_taker (f->ui.settings);
  g_autoptr (PosCheckout) checkout = pos_checkout_new (journal, taker, "LOBBY1");
  PosCharge *charge = pos_sale_get_charge (pos_checkout_get_sale (checkout), 0);
  g_autoptr (GError) error = NULL;
  gint64 id;

  pos_charge_set_field (charge, POS_CHARGE_FIELD_AMOUNT_TEXT, "33");
  pos_charge_set_field (charge, POS_CHARGE_FIELD_CHARGE_TYPE, "Utility bill");
  pos_charge_set_has_account (charge, TRUE);
  pos_charge_set_field (charge, POS_CHARGE_FIELD_ACCOUNT_NUMBER, "5501234");
  pos_charge_set_field (charge, POS_CHARGE_FIELD_ACCOUNT_NAME, "Jordan Lee");
  g_assert_true (ui_submit_and_wait (f->ui.station, checkout, NULL, &error));
  g_assert_no_error (error);
  id = pos_checkout_get_id (checkout);
  web_test_pay_through_sandbox (&f->web, pos_checkout_get_session_identifier (checkout),
                                APPROVING_CARD, "Succeeded");
  g_clear_object (&checkout);
  {
    g_autoptr (PosSaleRecord) record = lookup (f, id);

    g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_CREATED);
  }

  pos_self_service_page_reset (page (f));
  for (;;) {
    g_autoptr (PosSaleRecord) record = lookup (f, id);

    if (pos_sale_record_get_status (record) == POS_SALE_STATUS_SUCCEEDED)
      break;
    web_test_iterate (&f->web, "the leftover sale recorded as paid");
  }
}

/* Paystar does not answer the Pay: progress while waiting, then what is known and what to do;
 * Pay again asks Paystar about the same sale first (one ClientReference: never a second
 * charge), and the form opens. */
static void
test_no_answer (Fixture *f, gconstpointer data)
{
  g_autoptr (PaystarClient) sandbox_client = g_object_ref (pos_station_get_client (f->ui.station));
  g_autoptr (PaystarClient) silent_client = NULL;
  g_autoptr (SoupServer) server = NULL;
  g_autofree char *base = NULL;
  g_autofree char *reference = NULL;
  PosPaymentPage *payment;
  guint hits = 0;

  server = ui_start_silent_server (&hits, &base);
  silent_client = paystar_client_new (base, "sandbox-key");
  paystar_client_set_timeout (silent_client, 1);
  pos_station_set_client (f->ui.station, silent_client);

  walk_to (f, "review");
  press (f, GDK_KEY_Return, 0);
  /* Progress while the request is out; nothing to press twice. */
  g_assert_true (shows (f, T_ ("Opening the secure payment form…")));
  g_assert_true (
    gtk_spinner_get_spinning (GTK_SPINNER (find_type (GTK_WIDGET (page (f)), GTK_TYPE_SPINNER))));
  g_assert_false (ui_action_enabled (GTK_WIDGET (page (f)), "self-service.pay"));
  g_assert_false (ui_action_enabled (GTK_WIDGET (page (f)), "self-service.start-over"));
  WEB_TEST_WAIT_FOR (&f->web,
                     shows (f, T_ ("Paystar did not answer, so we do not know yet whether the "
                                   "payment was started. Nothing will be charged twice: press "
                                   "Pay to ask again.")));
  g_assert_cmpuint (hits, ==, 1);
  g_assert_cmpstr (screen (f), ==, "review");
  g_assert_true (ui_action_enabled (GTK_WIDGET (page (f)), "self-service.pay"));

  /* Paystar is back: Pay asks about the same sale, then opens its form. */
  pos_station_set_client (f->ui.station, sandbox_client);
  web_test_typist_forget (&f->web);
  gtk_widget_grab_focus (named (f, "pay"));
  press (f, GDK_KEY_Return, 0);
  wait_for_screen (f, "payment");
  payment = payment_page (f);
  WEB_TEST_WAIT_FOR (&f->web, pos_payment_page_get_state (payment) == POS_PAYMENT_PAGE_READY);
  reference =
    g_strdup (pos_checkout_get_client_reference (pos_payment_page_get_checkout (payment)));
  {
    g_autoptr (PosSaleRecord) record = lookup (f, pos_payment_page_get_journal_id (payment));

    g_assert_cmpstr (pos_sale_record_get_client_reference (record), ==, reference);
    g_assert_cmpint (pos_sale_record_get_status (record), ==, POS_SALE_STATUS_CREATED);
  }
  g_assert_cmpuint (hits, ==, 1);
}

static gboolean
station_ready (gpointer user_data)
{
  return pos_station_get_ready (user_data);
}

/* A station that cannot take payments says so and offers nothing to press. */
static void
test_not_set_up (UiFixture *fixture, gconstpointer data)
{
  PosSelfServicePage *self_service = ui_child (fixture->window, "self_service_page");

  /* POS channel without the station's own Paystar user. */
  pos_settings_set_self_service (fixture->settings, TRUE);
  ui_wait_for_page (fixture->window, "self-service");
  ui_wait_until (station_ready, fixture->station, 30000, "the station");
  pos_self_service_page_reset (self_service);
  g_assert_nonnull (ui_find_label (GTK_WIDGET (self_service),
                                   "This station is not set up for payments yet (it has no "
                                   "Paystar user). Please ask a member of staff for help."));
  g_assert_false (ui_action_enabled (GTK_WIDGET (self_service), "self-service.begin"));
}

int
main (int argc, char *argv[])
{
  g_autofree char *po_dir = NULL;

  /* The translations of the build tree, as build-aux/run has them, for the language switch. */
  g_assert_nonnull (g_getenv ("G_TEST_BUILDDIR"));
  po_dir = g_canonicalize_filename ("../po", g_getenv ("G_TEST_BUILDDIR"));
  g_setenv (POS_LOCALEDIR_ENV_VAR, po_dir, TRUE);
  /* The tests' environment turns accessibility off; these cases listen as a screen reader. */
  g_unsetenv ("GTK_A11Y");
  pos_process_init ();
  ui_harness_init (&argc, &argv);

#define ADD(path, set_up_fn, fn)                                                              \
  WEB_TEST_ADD_ISOLATED ("/ui/self-service/" path, Fixture, set_up_fn, fn, fixture_tear_down, \
                         CASE_TIMEOUT + 30)
  ADD ("pos-channel", fixture_set_up_pos, test_pos_channel);
  ADD ("quickpay", fixture_set_up_quickpay, test_quickpay);
  ADD ("idle", fixture_set_up_pos, test_idle);
  ADD ("escape-routes", fixture_set_up_pos, test_escape_routes);
  ADD ("language", fixture_set_up_pos, test_language);
  ADD ("display-choices", fixture_set_up_pos, test_display_choices);
  ADD ("leftover-paid", fixture_set_up_pos, test_leftover_paid);
  ADD ("no-answer", fixture_set_up_pos, test_no_answer);
#undef ADD
  UI_TEST_ADD ("/ui/self-service/not-set-up", NULL, test_not_set_up);

  return g_test_run ();
}
