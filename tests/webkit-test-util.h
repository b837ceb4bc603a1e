/* webkit-test-util.h: what the WebKit tests share: waiting against a deadline, HTTP to the
 * in-process sandbox, JavaScript and snapshots of a web view, and the typist's command loop.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The typist is a TEST-ONLY user script in an isolated world that plays the customer on the
 * sandbox's hosted page: it sends a report when ready and after every command, over a script
 * message handler with replies, and the reply is its next command.
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <webkit/webkit.h>

#include "paystar-sandbox-server.h"

G_BEGIN_DECLS

#define WEB_TEST_API_KEY "sandbox-key"

typedef struct _WebTest WebTest;

struct _WebTest {
  /* Every case has a deadline: waiting past it is a test failure, never a hang. */
  int timeout_sec;
  gint64 deadline;
  guint tick_id;
  /* Called before a timeout fails the case, so that the log alone explains it. May be NULL. */
  void (*explain) (gpointer user_data);
  gpointer explain_data;

  PaystarSandboxServer *sandbox;
  char *sandbox_base; /* "http://127.0.0.1:PORT", no trailing slash */
  SoupSession *http;
  char *session_id;
  char *session_url;

  JSCContext *typist_context;
  WebKitScriptMessageReply *typist_reply; /* set while the typist waits for a command */
  JsonNode *typist_last;                  /* its last report */
  /* Set when a page is loaded: only the new page's typist's first report ("ready") counts; a late
   * report of the page just left is answered "done" and dropped. */
  gboolean typist_expect_ready;
};

/* ---- Cases in subprocesses, and web process crashes ---- */

/* Adds the case @path. In the test program it runs the case in a subprocess of its own, killed
 * after @timeout_sec: a case that fails or hangs cannot take the others with it, and WebKit
 * starts clean. In that subprocess it is the case itself, with its fixture, and what the case
 * prints goes to stderr (the program's own stdout is TAP). A run that a crash of the web process
 * ended (see web_test_watch_web_process()) is run once more, and the log says so; any other
 * failure, an assertion or a timeout, fails the case at once. */
void web_test_add_isolated (const char *path,
                            gsize fixture_size,
                            GTestFixtureFunc set_up,
                            GTestFixtureFunc test,
                            GTestFixtureFunc tear_down,
                            int timeout_sec);

#define WEB_TEST_ADD_ISOLATED(path, Fixture, set_up, test, tear_down, timeout_sec)        \
  G_STMT_START                                                                            \
  {                                                                                       \
    void (*web_test_set_up_) (Fixture *, gconstpointer) = (set_up);                       \
    void (*web_test_test_) (Fixture *, gconstpointer) = (test);                           \
    void (*web_test_tear_down_) (Fixture *, gconstpointer) = (tear_down);                 \
    web_test_add_isolated ((path), sizeof (Fixture), (GTestFixtureFunc) web_test_set_up_, \
                           (GTestFixtureFunc) web_test_test_,                             \
                           (GTestFixtureFunc) web_test_tear_down_, (timeout_sec));        \
  }                                                                                       \
  G_STMT_END

/* In a case's subprocess: when @view's web process crashes (WEBKIT_WEB_PROCESS_CRASHED; never
 * what a page or the test does), tells the test program that the crash, not the case, ended the
 * run, and fails the case at once. Ends by the API or the memory limit are the caller's. */
void web_test_watch_web_process (WebTest *test, WebKitWebView *view);

/* ---- The clock and the sandbox ---- */

/* Starts the case's clock (a failure after @timeout_sec) and its HTTP session, for cases whose
 * sandbox is a station's own. */
void web_test_start_clock (WebTest *test, int timeout_sec);
/* Lets go of the typist, the HTTP session, the clock and the strings the test holds (not the
 * sandbox); tell a typist still waiting to stop first (web_test_typist_stop()). */
void web_test_stop_clock (WebTest *test);
/* The clock, and an in-process sandbox gateway on a loopback port. */
void web_test_set_up (WebTest *test, int timeout_sec);
/* Stops the sandbox and the clock and frees what the test holds; tell a typist still waiting to
 * stop first (web_test_typist_stop()), while its page is there. */
void web_test_tear_down (WebTest *test);

/* One main-loop iteration; a failure when the deadline has passed while waiting for @what. */
void web_test_iterate (WebTest *test, const char *what);
/* Runs the main loop for @milliseconds. */
void web_test_spin (WebTest *test, guint milliseconds);

#define WEB_TEST_WAIT_FOR(test, condition)   \
  G_STMT_START                               \
  {                                          \
    while (!(condition))                     \
      web_test_iterate ((test), #condition); \
  }                                          \
  G_STMT_END

/* "http://127.0.0.1:PORT" (with @scheme) of @server, listening on a free loopback port. */
char *web_test_listen (SoupServer *server, const char *scheme, SoupServerListenOptions options);

/* Sends @msg with @test's session and returns the body; the sandbox runs on this thread's main
 * context, so requests must be asynchronous. */
GBytes *web_test_send (WebTest *test, SoupMessage *msg, const char *what);
/* @method @path on the sandbox with the API key, answered with @expected_status and JSON. */
JsonNode *web_test_http_json (WebTest *test,
                              const char *method,
                              const char *path,
                              const char *request_json,
                              guint expected_status);
/* Initiates a session of @request_json: sets session_id and session_url. */
void web_test_create_session (WebTest *test, const char *request_json);
/* What the sandbox stored of the session (the Query API's shape, "data"), through its inspection
 * route. */
JsonNode *web_test_inspect_session (WebTest *test);
char *web_test_stored_status (WebTest *test);

/* Pays session @identifier (business unit acme-utilities) with @card_number through the
 * sandbox's pay route at @test's sandbox_base, as the customer's browser would while the station
 * is down (tests/test-sandbox-pay.c); the answer's status must be @expected_status. */
void web_test_pay_through_sandbox (WebTest *test,
                                   const char *identifier,
                                   const char *card_number,
                                   const char *expected_status);

/* @text as a JSON (and JavaScript) string literal. */
char *web_test_json_string (const char *text);
/* A user script in every frame, at the end of the document: "const @constant = @value;" and
 * @body, in @world (NULL: the main world). */
void web_test_add_script (WebKitUserContentManager *manager,
                          const char *constant,
                          const char *value,
                          const char *body,
                          const char *world);

/* Runs @script in @view's main frame and main world and returns its value. */
JSCValue *web_test_run_js (WebTest *test, WebKitWebView *view, const char *script);
/* Saves what @view shows as @name in the build directory. */
void web_test_save_snapshot (WebTest *test, WebKitWebView *view, const char *name);

/* A card expiry ("MM/YY") three years from now. */
char *web_test_future_expiry (void);
/* The typist's command filling in a valid card numbered @card_number; @extra_members (NULL, or
 * ",\"id\":\"value\"...") fills in more inputs. */
char *web_test_fill_command (const char *card_number, const char *extra_members);

/* A JSCValue holding JSON text, parsed. */
JsonNode *web_test_parse_value (JSCValue *value);
/* Puts the typist (tests/web/typist.js) into the pages of @manager's view, acting in the frames
 * of @origin only, in a script world of its own, and keeps its messages in @test. */
void web_test_add_typist (WebTest *test, WebKitUserContentManager *manager, const char *origin);
/* Lets go of the typist of a page that is gone. */
void web_test_typist_forget (WebTest *test);
/* Keeps a report that came with @reply, for a test with its own script-message handler. */
void web_test_typist_keep (WebTest *test,
                           JsonNode *report,
                           JSCValue *value,
                           WebKitScriptMessageReply *reply);
/* Waits for the typist's next report; a report of an exception fails the case. */
JsonObject *web_test_typist_report (WebTest *test);
/* Waits for the typist and gives it @command_json. */
void web_test_typist_command (WebTest *test, const char *command_json);
/* A command and the report it leads to. */
JsonObject *web_test_typist_do (WebTest *test, const char *command_json);
/* The payment fields the station's test sales leave for the customer to fill in. */
#define WEB_TEST_SALE_FIELDS \
  ",\"payment-field-invoiceNumber\":\"INV-42\",\"payment-field-memoLine\":\"Counter\""
/* Fills in a valid card numbered @card_number (web_test_fill_command()) and @extra_members. */
void web_test_typist_fill (WebTest *test, const char *card_number, const char *extra_members);
/* Clicks the hosted form's Pay button and waits for the form to settle: the report. */
JsonObject *web_test_typist_pay (WebTest *test);
/* The same for a card the form must take to the gateway: fails the case where the form refused a
 * field or showed a form error. */
JsonObject *web_test_typist_pay_valid (WebTest *test);
/* Tells a typist still waiting for a command to stop, and lets go of it. */
void web_test_typist_stop (WebTest *test);

G_END_DECLS
