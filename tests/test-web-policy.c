/* test-web-policy.c: the payment page's navigation policy, table-tested.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-web-policy.h"

#define DEV     "https://dev.paystar.io"
#define SANDBOX "http://127.0.0.1:41234"
#define BRIDGE  "http://127.0.0.1:50001"
#define SUCCESS "https://station.invalid/paystar/success"
#define RETURN  "https://station.invalid/paystar/return"

#define B  POS_WEB_DECISION_BLOCK
#define A  POS_WEB_DECISION_ALLOW
#define IS POS_WEB_DECISION_INTERCEPT_SUCCESS
#define IR POS_WEB_DECISION_INTERCEPT_RETURN

#define TOP POS_WEB_NAV_TOP_LEVEL
#define SUB POS_WEB_NAV_SUBFRAME
#define NEW POS_WEB_NAV_NEW_WINDOW

typedef struct {
  const char *web_origin;
  const char *uri;
  PosWebNavKind kind;
  gboolean user_gesture;
  PosWebDecision expected;
} Row;

static const Row rows[] = {
  /* The configured origin, exactly. */
  { DEV, "https://dev.paystar.io/app/embedded/acme/session/abc", TOP, FALSE, A },
  { DEV, "https://dev.paystar.io/app/embedded/acme/session/abc", SUB, FALSE, A },
  { DEV, "https://dev.paystar.io", TOP, FALSE, A },
  { DEV, "https://dev.paystar.io/?x=1#frag", TOP, FALSE, A },
  { DEV, "https://dev.paystar.io:443/app", TOP, FALSE, A },
  { DEV "/", "https://dev.paystar.io/app", TOP, FALSE, A },
  /* Case: WebKit lower-cases, but the same origin in capitals is still the same origin. */
  { DEV, "HTTPS://DEV.PAYSTAR.IO/app", TOP, FALSE, A },
  { "HTTPS://Dev.Paystar.io", "https://dev.paystar.io/app", TOP, FALSE, A },
  /* Suffix, prefix and look-alike hosts. */
  { DEV, "https://dev.paystar.io.evil.example/app", TOP, FALSE, B },
  { DEV, "https://evil-dev.paystar.io/app", TOP, FALSE, B },
  { DEV, "https://xdev.paystar.io/", TOP, FALSE, B },
  { DEV, "https://paystar.io/", TOP, FALSE, B },
  { DEV, "https://evil.example/dev.paystar.io", TOP, FALSE, B },
  { DEV, "https://evil.example/?next=https://dev.paystar.io", TOP, FALSE, B },
  /* Trailing dots are another host name as far as origins go. */
  { DEV, "https://dev.paystar.io./app", TOP, FALSE, B },
  { "https://dev.paystar.io.", "https://dev.paystar.io/app", TOP, FALSE, B },
  /* Userinfo tricks. */
  { DEV, "https://dev.paystar.io@evil.example/", TOP, FALSE, B },
  { DEV, "https://user:pass@dev.paystar.io/", TOP, FALSE, B },
  { DEV, "https://dev.paystar.io:443@evil.example/", TOP, FALSE, B },
  { DEV, "https://dev.paystar.io\\@evil.example/", TOP, FALSE, B },
  { DEV, "https://dev.paystar.io\\.evil.example/", TOP, FALSE, B },
  /* IDN and encodings: only the canonical ASCII host matches. */
  { DEV, "https://dév.paystar.io/", TOP, FALSE, B },
  { DEV, "https://xn--dv-bja.paystar.io/", TOP, FALSE, B },
  { DEV,
    "https://\xd0\xb4"
    "ev.paystar.io/",
    TOP, FALSE, B }, /* Cyrillic de */
  { DEV, "https://\xef\xbd\x84\xef\xbd\x85\xef\xbd\x96.paystar.io/", TOP, FALSE,
    B }, /* fullwidth */
  { DEV, "https://dev%2Epaystar.io/", TOP, FALSE, B },
  { DEV, "https://dev.paystar.io%2F@evil.example/", TOP, FALSE, B },
  /* Ports. */
  { DEV, "https://dev.paystar.io:8443/app", TOP, FALSE, B },
  { DEV, "https://dev.paystar.io:80/app", TOP, FALSE, B },
  { DEV, "https://dev.paystar.io:99999/app", TOP, FALSE, B },
  { SANDBOX, "http://127.0.0.1:41234/app/embedded/acme/session/1", SUB, FALSE, A },
  { SANDBOX, "http://127.0.0.1:41235/app/embedded/acme/session/1", SUB, FALSE, B },
  { SANDBOX, "http://127.0.0.1/app", SUB, FALSE, B },
  { SANDBOX, "http://localhost:41234/app", SUB, FALSE, B },
  { SANDBOX, "http://127.1:41234/app", SUB, FALSE, B },
  { SANDBOX, "http://2130706433:41234/app", SUB, FALSE, B },
  { SANDBOX, "https://127.0.0.1:41234/app", SUB, FALSE, B },
  { "http://[::1]:41234", "http://[::1]:41234/app", TOP, FALSE, A },
  { "http://[::1]:41234", "http://[::2]:41234/app", TOP, FALSE, B },
  /* No http downgrade for an https origin, and plain http only on loopback. */
  { DEV, "http://dev.paystar.io/app", TOP, FALSE, B },
  { DEV, "ws://dev.paystar.io/app", TOP, FALSE, B },
  { "http://pay.example.com", "http://pay.example.com/app", TOP, FALSE, B },
  { "http://localhost:8080", "http://localhost:8080/app", TOP, FALSE, A },
  /* A custom origin and a malformed configuration. */
  { "https://pay.example.com:8443", "https://pay.example.com:8443/app", TOP, FALSE, A },
  { "https://pay.example.com:8443", "https://pay.example.com/app", TOP, FALSE, B },
  { "https://dev.paystar.io/app", "https://dev.paystar.io/app", TOP, FALSE, B },
  { "dev.paystar.io", "https://dev.paystar.io/app", TOP, FALSE, B },
  { "", "https://dev.paystar.io/app", TOP, FALSE, B },
  { NULL, "https://dev.paystar.io/app", TOP, FALSE, B },
  /* Schemes that never load. */
  { DEV, "data:text/html,<script>alert(1)</script>", TOP, FALSE, B },
  { DEV, "data:text/html,hello", SUB, FALSE, B },
  { DEV, "javascript:alert(1)", TOP, FALSE, B },
  { DEV, "javascript:alert(1)", SUB, TRUE, B },
  { DEV, "file:///etc/passwd", TOP, FALSE, B },
  { DEV, "blob:https://dev.paystar.io/0b7c4a0e-8f3c-4bd7-9d0c-9b8a3c2f1e4d", SUB, FALSE, B },
  { DEV, "ftp://dev.paystar.io/", TOP, FALSE, B },
  { DEV, "about:srcdoc", SUB, FALSE, B },
  { DEV, "about:config", TOP, FALSE, B },
  { DEV, "view-source:https://dev.paystar.io/", TOP, FALSE, B },
  { DEV, "https:dev.paystar.io", TOP, FALSE, B },
  { DEV, "https:/dev.paystar.io/", TOP, FALSE, B },
  { DEV, "//dev.paystar.io/", TOP, FALSE, B },
  { DEV, "", TOP, FALSE, B },
  { DEV, NULL, TOP, FALSE, B },
  /* Whitespace and control characters. */
  { DEV, " https://dev.paystar.io/", TOP, FALSE, B },
  { DEV, "https://dev.paystar.io/a b", TOP, FALSE, B },
  { DEV, "https://dev.paystar.io/\t", TOP, FALSE, B },
  { DEV, "https://dev.paystar.io/\x7f", TOP, FALSE, B },
  /* about:blank: subframes only. */
  { DEV, "about:blank", SUB, FALSE, A },
  { DEV, "ABOUT:BLANK", SUB, FALSE, A },
  { DEV, "about:blank", TOP, FALSE, B },
  { DEV, "about:blank", NEW, TRUE, B },
  { DEV, "about:blank#x", SUB, FALSE, B },
  /* The bridge page. */
  { DEV, BRIDGE "/bridge.html", TOP, FALSE, A },
  { DEV, "http://127.0.0.1:50002/bridge.html", TOP, FALSE, B },
  /* New windows: never without a user gesture. */
  { DEV, "https://dev.paystar.io/terms", NEW, TRUE, A },
  { DEV, "https://dev.paystar.io/terms", NEW, FALSE, B },
  { DEV, "https://evil.example/", NEW, TRUE, B },
  /* The station's SuccessUrl and ReturnUrl: intercepted in every kind of navigation. */
  { DEV, SUCCESS, TOP, FALSE, IS },
  { DEV, SUCCESS "?sessionIdentifier=abc#x", TOP, FALSE, IS },
  { DEV, SUCCESS "/", TOP, FALSE, IS },
  { DEV, SUCCESS "/done", SUB, FALSE, IS },
  { DEV, SUCCESS, NEW, FALSE, IS },
  { DEV, RETURN, TOP, TRUE, IR },
  { DEV, RETURN "?cancelled=1", SUB, FALSE, IR },
  { DEV, "HTTPS://STATION.INVALID/paystar/success", TOP, FALSE, IS },
  { DEV, "https://station.invalid:443/paystar/return", TOP, FALSE, IR },
  { DEV, "https://station.invalid/paystar/successful", TOP, FALSE, B },
  { DEV, "https://station.invalid/paystar/", TOP, FALSE, B },
  { DEV, "https://station.invalid/Paystar/success", TOP, FALSE, B },
  { DEV, "http://station.invalid/paystar/success", TOP, FALSE, B },
  { DEV, "https://station.invalid:8443/paystar/success", TOP, FALSE, B },
  { DEV, "https://station.invalid.evil.example/paystar/success", TOP, FALSE, B },
  { DEV, "https://evil.example/paystar/success", TOP, FALSE, B },
  { DEV, "https://user@station.invalid/paystar/success", TOP, FALSE, B },
  { DEV, "https://evil.example/?u=https://station.invalid/paystar/success", TOP, FALSE, B },
};

static void
test_table (void)
{
  guint failures = 0;

  g_assert_cmpuint (G_N_ELEMENTS (rows), >=, 40);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++) {
    const Row *row = &rows[i];
    PosWebPolicyContext ctx = {
      .web_origin = row->web_origin,
      .bridge_origin = BRIDGE,
      .success_url = SUCCESS,
      .return_url = RETURN,
    };
    PosWebDecision got = pos_web_policy_decide (&ctx, row->uri, row->kind, row->user_gesture);

    if (got != row->expected) {
      g_test_message ("row %u: origin %s, %s %s%s: expected %s, got %s", i, row->web_origin,
                      pos_web_nav_kind_to_string (row->kind), row->uri,
                      row->user_gesture ? " (gesture)" : "",
                      pos_web_decision_to_string (row->expected), pos_web_decision_to_string (got));
      failures++;
    }
  }
  g_assert_cmpuint (failures, ==, 0);
}

/* The station URLs win over the web origin, and success wins when both are the same. */
static void
test_intercept_precedence (void)
{
  PosWebPolicyContext ctx = {
    .web_origin = DEV,
    .success_url = DEV "/station/success",
    .return_url = DEV "/station/success",
  };

  g_assert_cmpint (pos_web_policy_decide (&ctx, DEV "/station/success?x", TOP, FALSE), ==, IS);
  g_assert_cmpint (pos_web_policy_decide (&ctx, DEV "/station", TOP, FALSE), ==, A);

  /* A success URL given as a bare origin intercepts the whole origin, nothing else. */
  ctx.success_url = "https://station.invalid";
  ctx.return_url = NULL;
  g_assert_cmpint (pos_web_policy_decide (&ctx, "https://station.invalid/anything", TOP, FALSE), ==,
                   IS);
  g_assert_cmpint (
    pos_web_policy_decide (&ctx, "https://station.invalid.evil.example/", TOP, FALSE), ==, B);

  /* A station URL with a query still matches on its path. */
  ctx.success_url = "https://station.invalid/ok?lane=3";
  g_assert_cmpint (pos_web_policy_decide (&ctx, "https://station.invalid/ok", TOP, FALSE), ==, IS);

  /* Without station URLs nothing is intercepted. */
  ctx.success_url = NULL;
  g_assert_cmpint (pos_web_policy_decide (&ctx, SUCCESS, TOP, FALSE), ==, B);
}

static void
test_empty_context (void)
{
  PosWebPolicyContext ctx = { 0 };

  g_assert_cmpint (pos_web_policy_decide (&ctx, DEV "/app", TOP, FALSE), ==, B);
  g_assert_cmpint (pos_web_policy_decide (&ctx, "about:blank", SUB, FALSE), ==, A);
}

static void
test_redact (void)
{
  static const struct {
    const char *uri;
    const char *expected;
  } cases[] = {
    { "https://dev.paystar.io/app/embedded/acme/session/abc?token=secret#card",
      "https://dev.paystar.io/app/embedded/acme/session/abc" },
    { "https://user:pw@dev.paystar.io:8443/x?q", "https://dev.paystar.io:8443/x" },
    { "http://[::1]:8080/a?b", "http://[::1]:8080/a" },
    { "data:text/html,4242424242424242", "data:…" },
    { "javascript:alert(document.cookie)", "javascript:…" },
    { "about:blank", "about:blank" },
    { "https://evil.example", "https://evil.example" },
    { "not a uri", "(invalid URI)" },
    { NULL, "(invalid URI)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *got = pos_web_policy_redact_uri (cases[i].uri);

    g_assert_cmpstr (got, ==, cases[i].expected);
  }
}

static void
test_redact_long (void)
{
  g_autoptr (GString) uri = g_string_new ("https://dev.paystar.io/");
  g_autofree char *got = NULL;

  for (guint i = 0; i < 2000; i++)
    g_string_append_c (uri, 'a');
  g_string_append (uri, "?card=4242424242424242");
  got = pos_web_policy_redact_uri (uri->str);
  g_assert_true (g_utf8_validate (got, -1, NULL));
  g_assert_cmpuint (strlen (got), <=, 520);
  g_assert_null (strstr (got, "4242"));
  g_assert_true (g_str_has_suffix (got, "…"));
}

static void
test_origin (void)
{
  static const struct {
    const char *uri;
    const char *expected;
  } cases[] = {
    { "https://dev.paystar.io/app?x", "https://dev.paystar.io" },
    { "HTTPS://DEV.paystar.io:443/", "https://dev.paystar.io" },
    { "http://127.0.0.1:41234/app/embedded.loader.js", "http://127.0.0.1:41234" },
    { "http://127.0.0.1:80/", "http://127.0.0.1" },
    { "http://[::1]:9/", "http://[::1]:9" },
    { "https://u@dev.paystar.io/", NULL },
    { "file:///etc/passwd", NULL },
    { "about:blank", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *got = pos_web_policy_get_origin (cases[i].uri);

    g_assert_cmpstr (got, ==, cases[i].expected);
  }

  g_assert_true (pos_web_policy_is_same_origin (DEV "/a", DEV));
  g_assert_true (
    pos_web_policy_is_same_origin ("http://pay.example.com/a", "http://pay.example.com"));
  g_assert_false (pos_web_policy_is_same_origin ("http://dev.paystar.io/a", DEV));
  g_assert_false (pos_web_policy_is_same_origin (DEV "/a", DEV "/a"));
  g_assert_false (pos_web_policy_is_same_origin (DEV "/a", NULL));
  g_assert_false (pos_web_policy_is_same_origin (NULL, DEV));
}

static void
test_names (void)
{
  g_assert_cmpstr (pos_web_decision_to_string (POS_WEB_DECISION_BLOCK), ==, "block");
  g_assert_cmpstr (pos_web_decision_to_string (POS_WEB_DECISION_INTERCEPT_RETURN), ==,
                   "intercept-return");
  g_assert_cmpstr (pos_web_nav_kind_to_string (POS_WEB_NAV_SUBFRAME), ==, "subframe");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/web-policy/table", test_table);
  g_test_add_func ("/web-policy/intercept-precedence", test_intercept_precedence);
  g_test_add_func ("/web-policy/empty-context", test_empty_context);
  g_test_add_func ("/web-policy/redact", test_redact);
  g_test_add_func ("/web-policy/redact-long", test_redact_long);
  g_test_add_func ("/web-policy/origin", test_origin);
  g_test_add_func ("/web-policy/names", test_names);

  return g_test_run ();
}
