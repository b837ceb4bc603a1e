/* test-envelope.c: tests of the response envelope reader and builder and of session data.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "paystar.h"

#define MAX_BYTES (64 * 1024)

static PaystarEnvelope *
parse (const char *json, GError **error)
{
  return paystar_envelope_parse (json, strlen (json), MAX_BYTES, error);
}

/* Error @i of @envelope names @property_name and says @message. */
static void
assert_field_error (const PaystarEnvelope *envelope,
                    guint i,
                    const char *property_name,
                    const char *message)
{
  const PaystarFieldError *field_error;

  g_assert_cmpuint (i, <, envelope->errors->len);
  field_error = g_ptr_array_index (envelope->errors, i);
  g_assert_cmpstr (field_error->property_name, ==, property_name);
  g_assert_cmpstr (field_error->message, ==, message);
}

static void
assert_invalid (const char *json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarEnvelope) envelope = NULL;

  envelope = parse (json, &error);
  if (envelope != NULL)
    g_error ("accepted: %s", json);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_envelope_success (void)
{
  const char *json = "{ \"hasErrors\": false, \"errors\": [],\n"
                     "  \"data\": { \"PaymentSessionIdentifier\": \"abc123-def456-ghi789\",\n"
                     "            \"PaymentLogInLink\": "
                     "\"https://dev.paystar.io/app/embedded/acme-utilities/session/abc123\",\n"
                     "            \"Status\": \"RequiresPaymentSource\" } }";
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarEnvelope) envelope = NULL;
  g_autoptr (PaystarSession) session = NULL;
  g_autoptr (PaystarSession) copy = NULL;

  envelope = parse (json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (envelope);
  g_assert_false (envelope->has_errors);
  g_assert_nonnull (envelope->errors);
  g_assert_cmpuint (envelope->errors->len, ==, 0);
  g_assert_nonnull (envelope->data);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (envelope->data));

  session = paystar_session_from_data (envelope->data, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (session->identifier, ==, "abc123-def456-ghi789");
  g_assert_cmpstr (session->link, ==,
                   "https://dev.paystar.io/app/embedded/acme-utilities/session/abc123");
  g_assert_cmpstr (session->status, ==, "RequiresPaymentSource");

  copy = paystar_session_copy (session);
  g_assert_true (copy != session);
  g_assert_true (copy->identifier != session->identifier);
  g_assert_cmpstr (copy->identifier, ==, session->identifier);
  g_assert_cmpstr (copy->link, ==, session->link);
  g_assert_cmpstr (copy->status, ==, session->status);
}

static void
test_envelope_field_errors (void)
{
  const char *json =
    "{\"hasErrors\":true,\"errors\":["
    "{\"propertyName\":\"Charges[0].Amount\",\"errorMessage\":\"Amount must be greater than 0\"},"
    "{\"propertyName\":\"PosUser\",\"errorMessage\":\"Unknown user\",\"extra\":1}],"
    "\"data\":null}";
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarEnvelope) envelope = NULL;

  envelope = parse (json, &error);
  g_assert_no_error (error);
  g_assert_true (envelope->has_errors);
  g_assert_null (envelope->data);
  g_assert_cmpuint (envelope->errors->len, ==, 2);
  assert_field_error (envelope, 0, "Charges[0].Amount", "Amount must be greater than 0");
  assert_field_error (envelope, 1, "PosUser", "Unknown user");
}

static void
test_envelope_plain_string_errors (void)
{
  const char *json = "{\"hasErrors\":true,\"errors\":[\"Business unit not found\",\"\"]}";
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarEnvelope) envelope = NULL;
  const PaystarFieldError *field_error;

  envelope = parse (json, &error);
  g_assert_no_error (error);
  g_assert_true (envelope->has_errors);
  g_assert_null (envelope->data);
  g_assert_cmpuint (envelope->errors->len, ==, 2);
  assert_field_error (envelope, 0, "", "Business unit not found");
  /* An empty message is replaced by one a clerk can read. */
  field_error = g_ptr_array_index (envelope->errors, 1);
  g_assert_cmpstr (field_error->property_name, ==, "");
  g_assert_cmpstr (field_error->message, !=, "");
}

static void
test_envelope_missing_members (void)
{
  const char *json = "{\"hasErrors\":true,\"errors\":["
                     "{\"errorMessage\":\"Something is wrong\"},"
                     "{\"propertyName\":null,\"errorMessage\":null},"
                     "{\"propertyName\":\"Channel\"},"
                     "{}]}";
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarEnvelope) envelope = NULL;
  const PaystarFieldError *field_error;

  envelope = parse (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (envelope->errors->len, ==, 4);

  assert_field_error (envelope, 0, "", "Something is wrong");

  for (guint i = 1; i < 4; i++) {
    field_error = g_ptr_array_index (envelope->errors, i);
    g_assert_nonnull (field_error->property_name);
    g_assert_nonnull (field_error->message);
    g_assert_cmpstr (field_error->message, !=, "");
  }
  field_error = g_ptr_array_index (envelope->errors, 1);
  g_assert_cmpstr (field_error->property_name, ==, "");
  field_error = g_ptr_array_index (envelope->errors, 2);
  g_assert_cmpstr (field_error->property_name, ==, "Channel");
  field_error = g_ptr_array_index (envelope->errors, 3);
  g_assert_cmpstr (field_error->property_name, ==, "");
}

static void
test_envelope_optional_members (void)
{
  const char *documents[] = {
    "{\"hasErrors\":false}",
    "{\"hasErrors\":false,\"errors\":null,\"data\":null}",
    "{\"data\":null,\"errors\":[],\"hasErrors\":false,\"traceId\":\"x\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (PaystarEnvelope) envelope = NULL;

    envelope = parse (documents[i], &error);
    g_assert_no_error (error);
    g_assert_false (envelope->has_errors);
    g_assert_nonnull (envelope->errors);
    g_assert_cmpuint (envelope->errors->len, ==, 0);
    g_assert_null (envelope->data);
  }
}

static void
test_envelope_data_kept (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarEnvelope) envelope = NULL;

  /* data is handed back as it came; its shape is the caller's business. */
  envelope = parse ("{\"hasErrors\":false,\"data\":[1,2,3]}", &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (envelope->data));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (envelope->data)), ==, 3);
}

static void
test_envelope_wrong_shape (void)
{
  const char *documents[] = {
    "[]",
    "\"hasErrors\"",
    "null",
    "true",
    "42",
    "{}",
    "{\"errors\":[]}",
    "{\"hasErrors\":\"false\"}",
    "{\"hasErrors\":0}",
    "{\"hasErrors\":null}",
    "{\"hasErrors\":[]}",
    "{\"hasErrors\":{}}",
    "{\"HasErrors\":false}",
    "{\"hasErrors\":false,\"errors\":{}}",
    "{\"hasErrors\":false,\"errors\":\"bad\"}",
    "{\"hasErrors\":false,\"errors\":true}",
    "{\"hasErrors\":true,\"errors\":[1]}",
    "{\"hasErrors\":true,\"errors\":[null]}",
    "{\"hasErrors\":true,\"errors\":[[]]}",
    "{\"hasErrors\":true,\"errors\":[true]}",
    "{\"hasErrors\":true,\"errors\":[{\"propertyName\":5,\"errorMessage\":\"x\"}]}",
    "{\"hasErrors\":true,\"errors\":[{\"propertyName\":\"x\",\"errorMessage\":{}}]}",
    "{\"hasErrors\":true,\"errors\":[{\"propertyName\":\"x\",\"errorMessage\":[\"a\"]}]}",
    "{\"hasErrors\":true,\"errors\":[{\"propertyName\":\"x\",\"errorMessage\":false}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    assert_invalid (documents[i]);
}

static void
test_envelope_hostile (void)
{
  const char *documents[] = {
    "",
    " ",
    "{",
    "<html><body>Bad gateway</body></html>",
    "{\"hasErrors\":false,}",
    "{\"hasErrors\":false} {}",
    "{\"hasErrors\":false}x",
    "{\"hasErrors\":false,\"hasErrors\":true}",
    "{'hasErrors':false}",
    "{\"hasErrors\":false /* comment */}",
    "{\"hasErrors\":false,\"data\":{\"Amount\":99999999999999999999}}",
    "{\"hasErrors\":false,\"data\":\"a\\u0000b\"}",
    "{\"hasErrors\":false,\"data\":0x10}",
    "{\"hasErrors\":false,\"data\":\"\xff\xfe\"}",
    "\xef\xbb\xbf{\"hasErrors\":false}",
  };
  g_autoptr (GString) deep = g_string_new ("{\"hasErrors\":false,\"data\":");
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarEnvelope) envelope = NULL;
  const char nul_inside[] = "{\"hasErrors\":false}\0{}";

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    assert_invalid (documents[i]);

  /* Nesting far deeper than any envelope: refused without recursing. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  envelope = paystar_envelope_parse (deep->str, deep->len, 1024 * 1024, &error);
  g_assert_null (envelope);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);

  /* A NUL byte inside the given length is not the end of the document. */
  envelope = paystar_envelope_parse (nul_inside, sizeof nul_inside - 1, MAX_BYTES, &error);
  g_assert_null (envelope);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);

  /* Nothing at all. */
  envelope = paystar_envelope_parse (NULL, 0, MAX_BYTES, &error);
  g_assert_null (envelope);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE);
}

static void
test_envelope_max_bytes (void)
{
  const char *json = "{\"hasErrors\":false,\"errors\":[],\"data\":null}";
  gsize length = strlen (json);
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarEnvelope) envelope = NULL;

  envelope = paystar_envelope_parse (json, length, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (envelope);
  g_clear_pointer (&envelope, paystar_envelope_free);

  envelope = paystar_envelope_parse (json, length, length - 1, &error);
  g_assert_null (envelope);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE);
}

static void
test_envelope_build (void)
{
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();
  g_autoptr (JsonNode) data = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarEnvelope) envelope = NULL;
  g_autofree char *json = NULL;
  gsize length = 0;

  json = paystar_envelope_build_string (NULL, NULL, &length);
  g_assert_cmpstr (json, ==, "{\"hasErrors\":false,\"errors\":[],\"data\":null}");
  g_assert_cmpuint (length, ==, strlen (json));
  g_clear_pointer (&json, g_free);

  data =
    paystar_json_parse ("{\"PaymentSessionIdentifier\":\"s1\","
                        "\"PaymentLogInLink\":\"http://127.0.0.1:8080/app/embedded/a/session/s1\","
                        "\"Status\":\"RequiresPaymentSource\"}",
                        -1, &error);
  g_assert_no_error (error);
  json = paystar_envelope_build_string (errors, data, &length);
  g_assert_cmpstr (
    json, ==,
    "{\"hasErrors\":false,\"errors\":[],\"data\":{\"PaymentSessionIdentifier\":\"s1\","
    "\"PaymentLogInLink\":\"http://127.0.0.1:8080/app/embedded/a/session/s1\","
    "\"Status\":\"RequiresPaymentSource\"}}");
  g_clear_pointer (&json, g_free);

  paystar_field_errors_add (errors, "Charges[1].Amount", "Amount is required");
  paystar_field_errors_add (errors, "", "Quote \" and \\ and\nnewline");
  json = paystar_envelope_build_string (errors, NULL, &length);
  g_assert_cmpstr (
    json, ==,
    "{\"hasErrors\":true,\"errors\":["
    "{\"propertyName\":\"Charges[1].Amount\",\"errorMessage\":\"Amount is required\"},"
    "{\"propertyName\":\"\",\"errorMessage\":\"Quote \\\" and \\\\ and\\nnewline\"}],"
    "\"data\":null}");

  /* What we build, we read back the same. */
  envelope = paystar_envelope_parse (json, length, MAX_BYTES, &error);
  g_assert_no_error (error);
  g_assert_true (envelope->has_errors);
  g_assert_null (envelope->data);
  g_assert_cmpuint (envelope->errors->len, ==, 2);
  assert_field_error (envelope, 0, "Charges[1].Amount", "Amount is required");
  assert_field_error (envelope, 1, "", "Quote \" and \\ and\nnewline");
}

static void
test_envelope_build_node (void)
{
  g_autoptr (JsonNode) data = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (JsonObject) object = json_object_new ();
  g_autoptr (JsonNode) root = NULL;
  JsonObject *root_object;

  json_object_set_string_member (object, "Status", "RequiresPaymentSource");
  json_node_set_object (data, object);

  root = paystar_envelope_build (NULL, data);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  root_object = json_node_get_object (root);
  g_assert_false (json_object_get_boolean_member (root_object, "hasErrors"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root_object, "errors")),
                    ==, 0);
  /* The data is copied, not shared. */
  g_assert_true (json_object_get_member (root_object, "data") != data);
  g_assert_cmpstr (
    json_object_get_string_member (json_object_get_object_member (root_object, "data"), "Status"),
    ==, "RequiresPaymentSource");
}

static void
assert_bad_session (const char *json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) data = NULL;
  g_autoptr (PaystarSession) session = NULL;

  data = paystar_json_parse (json, -1, &error);
  g_assert_no_error (error);
  session = paystar_session_from_data (data, &error);
  if (session != NULL)
    g_error ("accepted session data: %s", json);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE);
}

#define ID_AND_STATUS "\"PaymentSessionIdentifier\":\"abc\",\"Status\":\"RequiresPaymentSource\""

static void
test_session_bad_data (void)
{
  const char *documents[] = {
    "[]",
    "\"https://dev.paystar.io/\"",
    "{}",
    "{\"PaymentLogInLink\":\"https://dev.paystar.io/app/embedded/a/session/abc\","
    "\"Status\":\"RequiresPaymentSource\"}",
    "{\"PaymentSessionIdentifier\":\"abc\","
    "\"PaymentLogInLink\":\"https://dev.paystar.io/app/embedded/a/session/abc\"}",
    "{\"PaymentSessionIdentifier\":\"\",\"Status\":\"RequiresPaymentSource\","
    "\"PaymentLogInLink\":\"https://dev.paystar.io/app/embedded/a/session/abc\"}",
    "{\"PaymentSessionIdentifier\":42,\"Status\":\"RequiresPaymentSource\","
    "\"PaymentLogInLink\":\"https://dev.paystar.io/app/embedded/a/session/abc\"}",
    "{\"PaymentSessionIdentifier\":\"abc\",\"Status\":null,"
    "\"PaymentLogInLink\":\"https://dev.paystar.io/app/embedded/a/session/abc\"}",
    "{\"paymentSessionIdentifier\":\"abc\",\"status\":\"RequiresPaymentSource\","
    "\"paymentLogInLink\":\"https://dev.paystar.io/app/embedded/a/session/abc\"}",
    "{" ID_AND_STATUS ",\"PaymentLogInLink\":\"\"}",
    "{" ID_AND_STATUS ",\"PaymentLogInLink\":\"javascript:alert(1)\"}",
    "{" ID_AND_STATUS ",\"PaymentLogInLink\":\"data:text/html,<h1>x</h1>\"}",
    "{" ID_AND_STATUS ",\"PaymentLogInLink\":\"/app/embedded/a/session/abc\"}",
    "{" ID_AND_STATUS ",\"PaymentLogInLink\":\"dev.paystar.io/app/embedded/a/session/abc\"}",
    "{" ID_AND_STATUS ",\"PaymentLogInLink\":\"ftp://dev.paystar.io/x\"}",
    "{" ID_AND_STATUS ",\"PaymentLogInLink\":\"file:///etc/passwd\"}",
    "{" ID_AND_STATUS ",\"PaymentLogInLink\":\"https:///no-host\"}",
    "{" ID_AND_STATUS ",\"PaymentLogInLink\":\"https://dev.paystar.io/a b\"}",
    "{" ID_AND_STATUS ",\"PaymentLogInLink\":\"https://dev.paystar.io/a\\tb\"}",
    "{" ID_AND_STATUS ",\"PaymentLogInLink\":\" https://dev.paystar.io/\"}",
    "{" ID_AND_STATUS ",\"PaymentLogInLink\":\"https://evil.example\\\\@dev.paystar.io/\"}",
    "{" ID_AND_STATUS ",\"PaymentLogInLink\":\"https://dev.paystar.io/\\u007f\"}",
    "{" ID_AND_STATUS ",\"PaymentLogInLink\":[\"https://dev.paystar.io/\"]}",
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarSession) session = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    assert_bad_session (documents[i]);

  session = paystar_session_from_data (NULL, &error);
  g_assert_null (session);
  g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE);
}

static void
test_session_good_links (void)
{
  const char *links[] = {
    "https://dev.paystar.io/app/embedded/acme-utilities/session/abc123",
    "http://127.0.0.1:43210/app/embedded/acme-utilities/session/abc123",
    "http://[::1]:8080/app/embedded/a/session/b?x=1#frag",
    "HTTPS://SECURE.PAYSTAR.IO/app/embedded/a/session/b",
  };

  for (guint i = 0; i < G_N_ELEMENTS (links); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (JsonNode) data = NULL;
    g_autoptr (PaystarSession) session = NULL;
    g_autofree char *json = NULL;
    g_autofree char *escaped = g_strescape (links[i], NULL);

    json = g_strdup_printf ("{" ID_AND_STATUS ",\"PaymentLogInLink\":\"%s\"}", escaped);
    data = paystar_json_parse (json, -1, &error);
    g_assert_no_error (error);
    session = paystar_session_from_data (data, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (session->link, ==, links[i]);
    g_assert_cmpstr (session->identifier, ==, "abc");
  }
}

/* The domain's name is what G_DEFINE_QUARK was given, dashes and all (clang-format once spaced
 * them into "paystar - error - quark"). */
static void
test_error_domain_name (void)
{
  g_assert_cmpstr (g_quark_to_string (PAYSTAR_ERROR), ==, "paystar-error-quark");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/envelope/error-domain-name", test_error_domain_name);
  g_test_add_func ("/envelope/success", test_envelope_success);
  g_test_add_func ("/envelope/field-errors", test_envelope_field_errors);
  g_test_add_func ("/envelope/plain-string-errors", test_envelope_plain_string_errors);
  g_test_add_func ("/envelope/missing-members", test_envelope_missing_members);
  g_test_add_func ("/envelope/optional-members", test_envelope_optional_members);
  g_test_add_func ("/envelope/data-kept", test_envelope_data_kept);
  g_test_add_func ("/envelope/wrong-shape", test_envelope_wrong_shape);
  g_test_add_func ("/envelope/hostile", test_envelope_hostile);
  g_test_add_func ("/envelope/max-bytes", test_envelope_max_bytes);
  g_test_add_func ("/envelope/build", test_envelope_build);
  g_test_add_func ("/envelope/build-node", test_envelope_build_node);
  g_test_add_func ("/session/bad-data", test_session_bad_data);
  g_test_add_func ("/session/good-links", test_session_good_links);

  return g_test_run ();
}
