/* pos-web-policy.h: where the payment page may navigate, as pure functions (no WebKit types).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What kind of navigation is asked for. WebKit cannot always tell a subframe from the main frame in
 * its navigation policy; the payment view passes what it knows (see pos-payment-view.c). */
typedef enum {
  POS_WEB_NAV_TOP_LEVEL,  /* the view's main frame */
  POS_WEB_NAV_SUBFRAME,   /* an iframe, e.g. the hosted form inside the bridge page */
  POS_WEB_NAV_NEW_WINDOW, /* target=_blank, window.open(): never a new window, at most this view */
} PosWebNavKind;

/* The answer. BLOCK is 0 so that a zeroed value is the safe one. */
typedef enum {
  POS_WEB_DECISION_BLOCK,
  POS_WEB_DECISION_ALLOW,
  POS_WEB_DECISION_INTERCEPT_SUCCESS, /* the station's SuccessUrl: never loaded, reported */
  POS_WEB_DECISION_INTERCEPT_RETURN,  /* the station's ReturnUrl: never loaded, reported */
} PosWebDecision;

/* What one payment view allows. Every member may be NULL (nothing matches it).
 *
 * web_origin and bridge_origin are origins ("https://dev.paystar.io", "http://127.0.0.1:41234"):
 * a scheme, a host and an optional port, nothing else (a trailing "/" is tolerated). A URI matches
 * one only when its scheme, host and effective port are exactly equal (scheme and host compared
 * without regard to ASCII case, default ports 80/443 made explicit). An origin is honoured only
 * when it is https, or http on a loopback host (127.0.0.0/8, ::1, localhost): plain http to
 * anywhere else would send card data in the clear, so such an origin matches nothing.
 *
 * success_url and return_url are the station's redirect targets. A URI is intercepted when it has
 * the same origin and its path is the configured path or lies below it ("/paystar/success" matches
 * "/paystar/success", "/paystar/success/" and "/paystar/success/x", not "/paystar/successful");
 * query and fragment are ignored on both sides. http is fine for these: they are never loaded. */
typedef struct {
  const char *web_origin;
  const char *bridge_origin;
  const char *success_url;
  const char *return_url;
} PosWebPolicyContext;

/* Decides one navigation, in this order:
 * 1. A URI that is not plain canonical ASCII (spaces, control characters, backslashes, non-ASCII
 *    bytes, "%" in the host) or that carries userinfo ("user@host") is blocked: WebKit hands over
 *    canonical URIs, so anything else is a trick.
 * 2. The success and return URLs are intercepted, whatever @kind and @user_gesture.
 * 3. A new window without a user gesture (a pop-up) is blocked.
 * 4. "about:blank" is allowed for subframes only.
 * 5. A URI on web_origin or bridge_origin is allowed.
 * 6. Everything else (other hosts, ports or schemes; data:, javascript:, file:, blob:, about:
 *    pages, http on an https origin, "dev.paystar.io.evil.example", trailing dots, IDN
 *    look-alikes) is blocked. */
PosWebDecision pos_web_policy_decide (const PosWebPolicyContext *ctx,
                                      const char *uri,
                                      PosWebNavKind kind,
                                      gboolean user_gesture);

/* @uri without userinfo, query and fragment, for logs: "https://dev.paystar.io/app/x". A URI
 * without a host keeps only its scheme ("data:…"); one that cannot be parsed gives
 * "(invalid URI)". Never NULL. */
char *pos_web_policy_redact_uri (const char *uri);

/* The origin of @uri as "scheme://host[:port]" (lower-case, default port omitted), or NULL when
 * @uri is not an http(s) URI with a host. */
char *pos_web_policy_get_origin (const char *uri);

/* TRUE when @uri is an http(s) URI on @origin: exact scheme, host and effective port, compared
 * as above. Unlike pos_web_policy_decide() this does not ask whether @origin is honoured. */
gboolean pos_web_policy_is_same_origin (const char *uri, const char *origin);

/* "block", "allow", "intercept-success", "intercept-return". */
const char *pos_web_decision_to_string (PosWebDecision decision);
/* "top-level", "subframe", "new-window". */
const char *pos_web_nav_kind_to_string (PosWebNavKind kind);

G_END_DECLS
