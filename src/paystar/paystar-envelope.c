/* paystar-envelope.c: reads and builds the API's response envelope {hasErrors, errors, data}.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "paystar-envelope.h"
#include "paystar-error-private.h"
#include "paystar-json.h"
#include "paystar-request.h"

/* The envelope is camelCase ("hasErrors", "errors", "propertyName", "errorMessage") while the
 * data inside it is PascalCase; both spellings are taken exactly as published, nothing else.
 * Members of the envelope we do not know are ignored, so that Paystar can add some (e.g. a
 * trace id) without breaking stations in the field. */

/* Everything wrong with an envelope is an invalid response. */
#define invalid(error, ...) paystar_set_error ((error), PAYSTAR_ERROR_INVALID_RESPONSE, __VA_ARGS__)

/* The JSON type of @node with its article, for messages ("an array", "null"). */
static const char *
node_type_name (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "an array";

  switch (json_node_get_value_type (node)) {
    case G_TYPE_BOOLEAN:
      return "a boolean";
    case G_TYPE_STRING:
      return "a string";
    default:
      return "a number";
  }
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

/* Reads one member of an error object that must be a string when present; absent and null
 * give NULL. */
static gboolean
read_optional_string (JsonObject *object,
                      const char *member,
                      guint index,
                      const char **out,
                      GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!node_is_string (node))
    return invalid (error, _ ("The response's errors[%u].%s is %s, not a string."), index, member,
                    node_type_name (node));
  *out = json_node_get_string (node);
  return TRUE;
}

static const char *
message_or_generic (const char *message)
{
  /* An error without a message still has to say something a clerk can act on. */
  if (message == NULL || *message == '\0')
    return _ ("Paystar refused this value without saying why. Check it and submit again.");
  return message;
}

static gboolean
read_errors (JsonNode *node, GPtrArray *errors, GError **error)
{
  JsonArray *array;
  guint n;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, _ ("The response's errors member is %s, not an array."),
                    node_type_name (node));

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++) {
    JsonNode *element = json_array_get_element (array, i);

    if (node_is_string (element)) {
      /* Some gateways answer with plain strings; they belong to no particular field. */
      g_ptr_array_add (
        errors, paystar_field_error_new ("", message_or_generic (json_node_get_string (element))));
    } else if (JSON_NODE_HOLDS_OBJECT (element)) {
      JsonObject *object = json_node_get_object (element);
      const char *property_name;
      const char *message;

      if (!read_optional_string (object, "propertyName", i, &property_name, error) ||
          !read_optional_string (object, "errorMessage", i, &message, error))
        return FALSE;
      g_ptr_array_add (errors, paystar_field_error_new (property_name != NULL ? property_name : "",
                                                        message_or_generic (message)));
    } else {
      return invalid (error, _ ("The response's errors[%u] is %s, not an object or a string."), i,
                      node_type_name (element));
    }
  }
  return TRUE;
}

PaystarEnvelope *
paystar_envelope_parse (const char *body, gsize length, gsize max_bytes, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (PaystarEnvelope) envelope = NULL;
  JsonObject *object;
  JsonNode *has_errors;
  JsonNode *data;

  g_return_val_if_fail (body != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > max_bytes || length > G_MAXSSIZE) {
    invalid (error, _ ("The response is larger than %lu bytes."), (unsigned long) max_bytes);
    return NULL;
  }

  root = paystar_json_parse_strict (body != NULL ? body : "", (gssize) length, max_bytes,
                                    PAYSTAR_JSON_DEFAULT_MAX_DEPTH, &local_error);
  if (root == NULL) {
    invalid (error, _ ("The response is not valid JSON: %s"), local_error->message);
    return NULL;
  }

  if (!JSON_NODE_HOLDS_OBJECT (root)) {
    invalid (error, _ ("The response is %s, not a JSON object."), node_type_name (root));
    return NULL;
  }
  object = json_node_get_object (root);

  has_errors = json_object_get_member (object, "hasErrors");
  if (has_errors == NULL) {
    invalid (error, _ ("The response has no hasErrors member."));
    return NULL;
  }
  if (!JSON_NODE_HOLDS_VALUE (has_errors) ||
      json_node_get_value_type (has_errors) != G_TYPE_BOOLEAN) {
    invalid (error, _ ("The response's hasErrors member is %s, not a boolean."),
             node_type_name (has_errors));
    return NULL;
  }

  envelope = g_new0 (PaystarEnvelope, 1);
  envelope->has_errors = json_node_get_boolean (has_errors);
  envelope->errors = paystar_field_errors_new ();
  if (!read_errors (json_object_get_member (object, "errors"), envelope->errors, error))
    return NULL;

  data = json_object_get_member (object, "data");
  if (data != NULL && !JSON_NODE_HOLDS_NULL (data))
    envelope->data = json_node_copy (data);

  return g_steal_pointer (&envelope);
}

void
paystar_envelope_free (PaystarEnvelope *envelope)
{
  if (envelope == NULL)
    return;
  g_clear_pointer (&envelope->errors, g_ptr_array_unref);
  g_clear_pointer (&envelope->data, json_node_unref);
  g_free (envelope);
}

JsonNode *
paystar_envelope_build (GPtrArray *errors, JsonNode *data)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  guint n_errors = errors != NULL ? errors->len : 0;

  /* The members go in the published order: hasErrors, errors, data. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "hasErrors");
  json_builder_add_boolean_value (builder, n_errors > 0);

  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_errors; i++) {
    const PaystarFieldError *field_error = g_ptr_array_index (errors, i);

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "propertyName");
    json_builder_add_string_value (
      builder, field_error->property_name != NULL ? field_error->property_name : "");
    json_builder_set_member_name (builder, "errorMessage");
    json_builder_add_string_value (builder,
                                   field_error->message != NULL ? field_error->message : "");
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "data");
  if (data != NULL)
    json_builder_add_value (builder, json_node_copy (data));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
paystar_envelope_build_string (GPtrArray *errors, JsonNode *data, gsize *length)
{
  g_autoptr (JsonNode) root = paystar_envelope_build (errors, data);

  return paystar_json_to_string (root, length);
}

/* The link is opened in a web view, so it must be an absolute http(s) URL with a host; anything
 * else (javascript:, data:, a relative path) is refused here, long before any view sees it. */
static gboolean
is_web_url (const char *text)
{
  g_autoptr (GUri) uri = NULL;
  const char *scheme;
  const char *host;

  /* GUri accepts spaces and backslashes that browsers read differently (WebKit takes "\\" for
   * "/" in http URLs), which would let the host GUri sees differ from the one the view opens. */
  for (const char *p = text; *p != '\0'; p++) {
    if ((guchar) *p <= 0x20 || (guchar) *p == 0x7f || *p == '\\')
      return FALSE;
  }

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    return FALSE;
  if (host == NULL || *host == '\0')
    return FALSE;
  return TRUE;
}

static gboolean
read_session_string (JsonObject *object, const char *member, char **out, GError **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  if (node == NULL)
    return invalid (error, _ ("The response's data has no %s."), member);
  if (!node_is_string (node))
    return invalid (error, _ ("The response's data.%s is %s, not a string."), member,
                    node_type_name (node));
  value = json_node_get_string (node);
  if (value == NULL || *value == '\0')
    return invalid (error, _ ("The response's data.%s is empty."), member);
  *out = g_strdup (value);
  return TRUE;
}

PaystarSession *
paystar_session_from_data (JsonNode *data, GError **error)
{
  g_autoptr (PaystarSession) session = NULL;
  JsonObject *object;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data)) {
    invalid (error, _ ("The response's data is %s, not an object."), node_type_name (data));
    return NULL;
  }
  object = json_node_get_object (data);

  session = g_new0 (PaystarSession, 1);
  if (!read_session_string (object, "PaymentSessionIdentifier", &session->identifier, error) ||
      !read_session_string (object, "PaymentLogInLink", &session->link, error) ||
      !read_session_string (object, "Status", &session->status, error))
    return NULL;

  if (!is_web_url (session->link)) {
    /* The link itself is not quoted: it is untrusted text and may be long. */
    invalid (error,
             _ ("The response's data.PaymentLogInLink is not an absolute http or https URL."));
    return NULL;
  }

  return g_steal_pointer (&session);
}

PaystarSession *
paystar_session_copy (const PaystarSession *session)
{
  PaystarSession *copy;

  g_return_val_if_fail (session != NULL, NULL);

  copy = g_new0 (PaystarSession, 1);
  copy->identifier = g_strdup (session->identifier);
  copy->link = g_strdup (session->link);
  copy->status = g_strdup (session->status);
  return copy;
}

void
paystar_session_free (PaystarSession *session)
{
  if (session == NULL)
    return;
  g_free (session->identifier);
  g_free (session->link);
  g_free (session->status);
  g_free (session);
}
