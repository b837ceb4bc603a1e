/* paystar-sandbox-server-respond.c: how the sandbox writes its answers: JSON, the API's envelope,
 * the pay endpoint's errors and small HTML pages, all with the same security headers.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "paystar-envelope.h"
#include "paystar-json.h"
#include "paystar-sandbox-server-private.h"

/* Every answer: nothing cached, nothing sniffed, no referrer leaks, and never a CORS header (no
 * Access-Control-Allow-Origin at all, so no other origin's script can read an answer). */
void
sandbox_respond_common_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
}

static void
set_body (SoupServerMessage *msg, guint status, const char *content_type, char *body, gsize length)
{
  sandbox_respond_common_headers (msg);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, length);
}

void
sandbox_respond_json (SoupServerMessage *msg, guint status, JsonNode *node)
{
  gsize length = 0;
  char *text = paystar_json_to_string (node, &length);

  set_body (msg, status, "application/json; charset=utf-8", text, length);
}

void
sandbox_respond_envelope (SoupServerMessage *msg, guint status, GPtrArray *errors, JsonNode *data)
{
  gsize length = 0;
  char *text = paystar_envelope_build_string (errors, data, &length);

  set_body (msg, status, "application/json; charset=utf-8", text, length);
}

void
sandbox_respond_envelope_message (SoupServerMessage *msg,
                                  guint status,
                                  const char *property_name,
                                  const char *message)
{
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();

  g_ptr_array_add (errors, paystar_field_error_new (property_name, message));
  sandbox_respond_envelope (msg, status, errors, NULL);
}

void
sandbox_respond_pay_error (SoupServerMessage *msg,
                           guint status,
                           const char *message,
                           const char *field)
{
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "error", message);
  if (field != NULL)
    json_object_set_string_member (object, "field", field);
  else
    json_object_set_null_member (object, "field");
  json_node_take_object (node, object);
  sandbox_respond_json (msg, status, node);
}

void
sandbox_respond_html_message (SoupServerMessage *msg,
                              guint status,
                              const char *title,
                              const char *message)
{
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *escaped_message = g_markup_escape_text (message, -1);
  char *page;

  /* Self-contained: no script, no style sheet, nothing for the policy to allow. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Security-Policy",
                                "default-src 'none'; base-uri 'none'; form-action 'none'");
  page = g_strdup_printf ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                          "<title>%s</title>\n</head>\n<body>\n<h1>%s</h1>\n<p>%s</p>\n"
                          "</body>\n</html>\n",
                          escaped_title, escaped_title, escaped_message);
  set_body (msg, status, "text/html; charset=utf-8", page, strlen (page));
}

void
sandbox_respond_error (SoupServerMessage *msg, ErrorStyle style, guint status, const char *message)
{
  switch (style) {
    case STYLE_ENVELOPE:
      sandbox_respond_envelope_message (msg, status, "", message);
      break;
    case STYLE_PAY:
      sandbox_respond_pay_error (msg, status, message, NULL);
      break;
    case STYLE_HTML:
      sandbox_respond_html_message (msg, status, soup_status_get_phrase (status), message);
      break;
    default:
      g_assert_not_reached ();
  }
}

gboolean
sandbox_request_is_json (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr (GHashTable) params = NULL;
  const char *type = soup_message_headers_get_content_type (headers, &params);
  const char *charset;

  if (type == NULL || g_ascii_strcasecmp (type, "application/json") != 0)
    return FALSE;
  charset = params != NULL ? g_hash_table_lookup (params, "charset") : NULL;
  return charset == NULL || g_ascii_strcasecmp (charset, "utf-8") == 0;
}
