/* pos-web-policy.c: where the payment page may navigate, as pure functions (no WebKit types).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules are strict on purpose: WebKit hands the policy canonical URIs (lower-case scheme and
 * host, punycode for IDN, no backslashes), so anything that is not canonical did not come from an
 * ordinary navigation and is refused rather than interpreted.
 */
#include "config.h"

#include "pos-web-policy.h"

#include <gio/gio.h>
#include <string.h>

#define REDACT_MAX_BYTES 512

typedef struct {
  char *scheme; /* lower-case, "http" or "https" */
  char *host;   /* lower-case; an IPv6 literal without brackets */
  int port;     /* the effective port */
  char *path;   /* never NULL; "" becomes "/" */
  gboolean has_query_or_fragment;
} WebUri;

static void
web_uri_clear (WebUri *uri)
{
  g_clear_pointer (&uri->scheme, g_free);
  g_clear_pointer (&uri->host, g_free);
  g_clear_pointer (&uri->path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WebUri, web_uri_clear)

/* Printable ASCII without spaces and backslashes: what a canonical URI is made of. */
static gboolean
is_canonical_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++) {
    if (*p <= 0x20 || *p >= 0x7f || *p == '\\')
      return FALSE;
  }
  return TRUE;
}

/* The raw authority (between "//" and the next "/", "?" or "#") must hold neither userinfo nor
 * percent-escapes: GUri decodes "%2E" in a host even with G_URI_FLAGS_ENCODED. */
static gboolean
raw_authority_is_plain (const char *text)
{
  const char *start = strstr (text, "://");
  gsize length;

  if (start == NULL)
    return FALSE;
  start += 3;
  length = strcspn (start, "/?#");
  return memchr (start, '@', length) == NULL && memchr (start, '%', length) == NULL;
}

static gboolean
parse_web_uri (const char *text, WebUri *out)
{
  g_autoptr (GUri) uri = NULL;
  const char *scheme;
  const char *host;
  const char *path;
  int port;

  if (text == NULL || !is_canonical_ascii (text) || !raw_authority_is_plain (text))
    return FALSE;
  uri = g_uri_parse (text, G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, NULL);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    port = 443;
  else if (g_ascii_strcasecmp (scheme, "http") == 0)
    port = 80;
  else
    return FALSE;

  host = g_uri_get_host (uri);
  if (g_uri_get_userinfo (uri) != NULL || host == NULL || *host == '\0')
    return FALSE;
  if (g_uri_get_port (uri) > 0)
    port = g_uri_get_port (uri);

  path = g_uri_get_path (uri);
  out->scheme = g_ascii_strdown (scheme, -1);
  out->host = g_ascii_strdown (host, -1);
  out->port = port;
  out->path = g_strdup (path != NULL && *path != '\0' ? path : "/");
  out->has_query_or_fragment = g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL;
  return TRUE;
}

/* An origin is a web URI with nothing after the authority but an optional "/". */
static gboolean
parse_origin (const char *text, WebUri *out)
{
  if (!parse_web_uri (text, out))
    return FALSE;
  if (!g_str_equal (out->path, "/") || out->has_query_or_fragment) {
    web_uri_clear (out);
    return FALSE;
  }
  return TRUE;
}

static gboolean
same_origin (const WebUri *a, const WebUri *b)
{
  return g_str_equal (a->scheme, b->scheme) && g_str_equal (a->host, b->host) && a->port == b->port;
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr (GInetAddress) address = NULL;

  if (g_str_equal (host, "localhost"))
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* Card data may only travel over TLS, or over loopback (the sandbox, the bridge page). */
static gboolean
is_honoured_origin (const WebUri *origin)
{
  return g_str_equal (origin->scheme, "https") || is_loopback_host (origin->host);
}

static gboolean
matches_origin (const WebUri *candidate, const char *origin_text)
{
  g_auto (WebUri) origin = { 0 };

  if (origin_text == NULL || !parse_origin (origin_text, &origin))
    return FALSE;
  return is_honoured_origin (&origin) && same_origin (candidate, &origin);
}

/* "/a/b" matches "/a/b", "/a/b/" and "/a/b/c", not "/a/bc"; "/a/" matches everything below it. */
static gboolean
path_is_at_or_below (const char *path, const char *base)
{
  gsize length = strlen (base);

  if (strncmp (path, base, length) != 0)
    return FALSE;
  return path[length] == '\0' || path[length] == '/' || (length > 0 && base[length - 1] == '/');
}

static gboolean
matches_station_url (const WebUri *candidate, const char *url_text)
{
  g_auto (WebUri) url = { 0 };

  if (url_text == NULL || !parse_web_uri (url_text, &url))
    return FALSE;
  return same_origin (candidate, &url) && path_is_at_or_below (candidate->path, url.path);
}

PosWebDecision
pos_web_policy_decide (const PosWebPolicyContext *ctx,
                       const char *uri,
                       PosWebNavKind kind,
                       gboolean user_gesture)
{
  g_auto (WebUri) candidate = { 0 };

  g_return_val_if_fail (ctx != NULL, POS_WEB_DECISION_BLOCK);

  if (uri == NULL)
    return POS_WEB_DECISION_BLOCK;

  /* about:blank is the only non-web URI a frame may show (an iframe before its document). */
  if (g_ascii_strcasecmp (uri, "about:blank") == 0) {
    if (kind == POS_WEB_NAV_SUBFRAME)
      return POS_WEB_DECISION_ALLOW;
    return POS_WEB_DECISION_BLOCK;
  }

  if (!parse_web_uri (uri, &candidate))
    return POS_WEB_DECISION_BLOCK;

  /* Interception comes first: the station URLs are outcomes, never pages, and a pop-up to them
   * still tells us how the payment ended. */
  if (matches_station_url (&candidate, ctx->success_url))
    return POS_WEB_DECISION_INTERCEPT_SUCCESS;
  if (matches_station_url (&candidate, ctx->return_url))
    return POS_WEB_DECISION_INTERCEPT_RETURN;

  if (kind == POS_WEB_NAV_NEW_WINDOW && !user_gesture)
    return POS_WEB_DECISION_BLOCK;

  if (matches_origin (&candidate, ctx->web_origin) ||
      matches_origin (&candidate, ctx->bridge_origin))
    return POS_WEB_DECISION_ALLOW;

  return POS_WEB_DECISION_BLOCK;
}

char *
pos_web_policy_redact_uri (const char *uri)
{
  g_autoptr (GUri) parsed = NULL;
  g_autoptr (GString) text = NULL;
  const char *host;

  if (uri == NULL)
    return g_strdup ("(invalid URI)");
  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, NULL);
  if (parsed == NULL)
    return g_strdup ("(invalid URI)");

  text = g_string_new (g_uri_get_scheme (parsed));
  g_string_append_c (text, ':');
  host = g_uri_get_host (parsed);
  if (host == NULL || *host == '\0') {
    /* data:, javascript:, about:... carry their payload in the path. */
    if (g_ascii_strcasecmp (g_uri_get_scheme (parsed), "about") == 0)
      g_string_append (text, g_uri_get_path (parsed));
    else
      g_string_append (text, "…");
  } else {
    g_string_append (text, "//");
    if (strchr (host, ':') != NULL)
      g_string_append_printf (text, "[%s]", host);
    else
      g_string_append (text, host);
    if (g_uri_get_port (parsed) > 0)
      g_string_append_printf (text, ":%d", g_uri_get_port (parsed));
    g_string_append (text, g_uri_get_path (parsed));
  }

  /* Keep the log line one short, printable line whatever the URI held. */
  for (gsize i = 0; i < text->len; i++) {
    guchar c = text->str[i];

    if (c < 0x20 || c == 0x7f)
      text->str[i] = '?';
  }
  if (text->len > REDACT_MAX_BYTES) {
    g_string_truncate (text, REDACT_MAX_BYTES);
    while (text->len > 0 && !g_utf8_validate (text->str, text->len, NULL))
      g_string_truncate (text, text->len - 1);
    g_string_append (text, "…");
  }
  if (!g_utf8_validate (text->str, text->len, NULL))
    return g_strdup ("(invalid URI)");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
pos_web_policy_get_origin (const char *uri)
{
  g_auto (WebUri) parsed = { 0 };
  g_autofree char *port = NULL;
  gboolean ipv6;

  if (!parse_web_uri (uri, &parsed))
    return NULL;
  if (!((g_str_equal (parsed.scheme, "https") && parsed.port == 443) ||
        (g_str_equal (parsed.scheme, "http") && parsed.port == 80)))
    port = g_strdup_printf (":%d", parsed.port);
  ipv6 = strchr (parsed.host, ':') != NULL;
  return g_strconcat (parsed.scheme, "://", ipv6 ? "[" : "", parsed.host, ipv6 ? "]" : "",
                      port != NULL ? port : "", NULL);
}

gboolean
pos_web_policy_is_same_origin (const char *uri, const char *origin)
{
  g_auto (WebUri) candidate = { 0 };
  g_auto (WebUri) expected = { 0 };

  if (!parse_web_uri (uri, &candidate) || origin == NULL || !parse_origin (origin, &expected))
    return FALSE;
  return same_origin (&candidate, &expected);
}

const char *
pos_web_decision_to_string (PosWebDecision decision)
{
  switch (decision) {
    case POS_WEB_DECISION_BLOCK:
      return "block";
    case POS_WEB_DECISION_ALLOW:
      return "allow";
    case POS_WEB_DECISION_INTERCEPT_SUCCESS:
      return "intercept-success";
    case POS_WEB_DECISION_INTERCEPT_RETURN:
      return "intercept-return";
    default:
      return "unknown";
  }
}

const char *
pos_web_nav_kind_to_string (PosWebNavKind kind)
{
  switch (kind) {
    case POS_WEB_NAV_TOP_LEVEL:
      return "top-level";
    case POS_WEB_NAV_SUBFRAME:
      return "subframe";
    case POS_WEB_NAV_NEW_WINDOW:
      return "new-window";
    default:
      return "unknown";
  }
}
