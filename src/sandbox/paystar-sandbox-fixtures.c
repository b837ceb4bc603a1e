/* paystar-sandbox-fixtures.c: what the sandbox knows before any request: business units, their
 * users and payment fields, and the accepted API keys.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "paystar-sandbox-fixtures.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "paystar-json.h"
#include "paystar-sandbox-error.h"

#define FIXTURES_MAX_BYTES (1024 * 1024)
#define FIXTURES_MAX_DEPTH 8
#define SLUG_MAX_LENGTH    64
#define KEY_MAX_LENGTH     256
#define FIELD_MAX_LENGTH   100

/* The built-in users' domain. The addresses are assembled from their parts because some tools in
 * this project's history rewrote typed email addresses into "[email protected]". */
#define BUILTIN_DOMAIN "acme-utilities.example"

static void
unit_free (gpointer data)
{
  PaystarSandboxUnit *unit = data;

  g_free (unit->slug);
  g_free (unit->name);
  g_strfreev (unit->pos_users);
  g_strfreev (unit->known_users);
  g_strfreev (unit->payment_fields);
  g_free (unit);
}

static PaystarSandboxFixtures *
fixtures_new (void)
{
  PaystarSandboxFixtures *fixtures = g_new0 (PaystarSandboxFixtures, 1);

  fixtures->units = g_ptr_array_new_with_free_func (unit_free);
  return fixtures;
}

void
paystar_sandbox_fixtures_free (PaystarSandboxFixtures *fixtures)
{
  if (fixtures == NULL)
    return;
  g_strfreev (fixtures->api_keys);
  g_clear_pointer (&fixtures->units, g_ptr_array_unref);
  g_free (fixtures);
}

PaystarSandboxFixtures *
paystar_sandbox_fixtures_new_builtin (void)
{
  PaystarSandboxFixtures *fixtures = fixtures_new ();
  PaystarSandboxUnit *unit = g_new0 (PaystarSandboxUnit, 1);
  g_autoptr (GStrvBuilder) pos = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) known = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) keys = g_strv_builder_new ();

  unit->slug = g_strdup ("acme-utilities");
  unit->name = g_strdup ("Acme Utilities");

  g_strv_builder_add (pos, "ava"
                           "@" BUILTIN_DOMAIN);
  g_strv_builder_add (pos, "ben"
                           "@" BUILTIN_DOMAIN);
  g_strv_builder_add (known, "ava"
                             "@" BUILTIN_DOMAIN);
  g_strv_builder_add (known, "ben"
                             "@" BUILTIN_DOMAIN);
  g_strv_builder_add (known, "cory"
                             "@" BUILTIN_DOMAIN);
  unit->pos_users = g_strv_builder_end (pos);
  unit->known_users = g_strv_builder_end (known);
  unit->payment_fields =
    g_strdupv ((char *[]){ (char *) "invoiceNumber", (char *) "memoLine", NULL });
  g_ptr_array_add (fixtures->units, unit);

  g_strv_builder_add (keys, PAYSTAR_SANDBOX_DEFAULT_API_KEY);
  fixtures->api_keys = g_strv_builder_end (keys);
  return fixtures;
}

const PaystarSandboxUnit *
paystar_sandbox_fixtures_lookup (const PaystarSandboxFixtures *fixtures, const char *slug)
{
  g_return_val_if_fail (fixtures != NULL, NULL);

  if (slug == NULL)
    return NULL;
  for (guint i = 0; i < fixtures->units->len; i++) {
    const PaystarSandboxUnit *unit = g_ptr_array_index (fixtures->units, i);

    if (g_str_equal (unit->slug, slug))
      return unit;
  }
  return NULL;
}

void
paystar_sandbox_unit_fill_profile (const PaystarSandboxUnit *unit,
                                   PaystarBusinessUnitProfile *profile)
{
  g_return_if_fail (unit != NULL);
  g_return_if_fail (profile != NULL);

  profile->slug = unit->slug;
  profile->pos_users = (const char *const *) unit->pos_users;
  profile->known_users = (const char *const *) unit->known_users;
  profile->payment_fields = (const char *const *) unit->payment_fields;
}

/* Parsing */

typedef struct {
  GString *problems;
} Loader;

static void
problem (Loader *loader, const char *path, const char *message)
{
  if (loader->problems->len > 0)
    g_string_append_c (loader->problems, '\n');
  g_string_append_printf (loader->problems, "%s: %s", path, message);
}

static gboolean
is_valid_slug (const char *text)
{
  gsize length = strlen (text);

  if (length == 0 || length > SLUG_MAX_LENGTH || text[0] == '-' || text[length - 1] == '-')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++) {
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      return FALSE;
  }
  return TRUE;
}

/* API keys travel in an HTTP header: printable ASCII without spaces. */
static gboolean
is_valid_api_key (const char *text)
{
  gsize length = strlen (text);

  if (length == 0 || length > KEY_MAX_LENGTH)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++) {
    if (*p < 0x21 || *p > 0x7e)
      return FALSE;
  }
  return TRUE;
}

/* A payment field key appears in JSON paths ("PaymentFields.KEY") and on the page: printable
 * text without dots, brackets or control characters. */
static gboolean
is_valid_field_key (const char *text)
{
  if (text[0] == '\0' || g_utf8_strlen (text, -1) > FIELD_MAX_LENGTH)
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (!g_unichar_isgraph (c) || c == '.' || c == '[' || c == ']')
      return FALSE;
  }
  return TRUE;
}

static gboolean
fold_seen (GHashTable *seen, const char *text)
{
  char *folded = g_utf8_casefold (text, -1);

  if (g_hash_table_contains (seen, folded)) {
    g_free (folded);
    return TRUE;
  }
  g_hash_table_add (seen, folded);
  return FALSE;
}

static const char *
string_member (Loader *loader,
               JsonObject *object,
               const char *member,
               const char *path,
               gboolean required)
{
  g_autofree char *member_path = g_strconcat (path, ".", member, NULL);
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL) {
    if (required)
      problem (loader, member_path, _ ("is required"));
    return NULL;
  }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING) {
    problem (loader, member_path, _ ("must be a string"));
    return NULL;
  }
  return json_node_get_string (node);
}

static JsonArray *
array_member (Loader *loader, JsonObject *object, const char *member, const char *path)
{
  g_autofree char *member_path = g_strconcat (path, ".", member, NULL);
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node)) {
    problem (loader, member_path, _ ("must be an array"));
    return NULL;
  }
  return json_node_get_array (node);
}

static void
check_members (Loader *loader, JsonObject *object, const char *path, const char *const *allowed)
{
  g_autoptr (GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next) {
    if (!g_strv_contains (allowed, l->data)) {
      g_autofree char *member_path = g_strconcat (path, ".", (const char *) l->data, NULL);

      problem (loader, member_path, _ ("is not a known field"));
    }
  }
}

static void
load_user (Loader *loader,
           JsonNode *node,
           const char *path,
           GHashTable *seen,
           GStrvBuilder *pos,
           GStrvBuilder *known)
{
  static const char *const allowed[] = { "email", "posPermission", NULL };
  JsonObject *object;
  JsonNode *permission;
  const char *email;
  gboolean has_pos = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (node)) {
    problem (loader, path, _ ("must be an object"));
    return;
  }
  object = json_node_get_object (node);
  check_members (loader, object, path, allowed);

  permission = json_object_get_member (object, "posPermission");
  if (permission != NULL) {
    if (JSON_NODE_HOLDS_VALUE (permission) &&
        json_node_get_value_type (permission) == G_TYPE_BOOLEAN) {
      has_pos = json_node_get_boolean (permission);
    } else {
      g_autofree char *member_path = g_strconcat (path, ".posPermission", NULL);

      problem (loader, member_path, _ ("must be true or false"));
    }
  }

  email = string_member (loader, object, "email", path, TRUE);
  if (email == NULL)
    return;
  if (!paystar_is_valid_email (email)) {
    g_autofree char *member_path = g_strconcat (path, ".email", NULL);

    problem (loader, member_path, _ ("is not a valid email address"));
    return;
  }
  if (fold_seen (seen, email)) {
    g_autofree char *member_path = g_strconcat (path, ".email", NULL);

    problem (loader, member_path, _ ("appears more than once in this business unit"));
    return;
  }
  g_strv_builder_add (known, email);
  if (has_pos)
    g_strv_builder_add (pos, email);
}

static PaystarSandboxUnit *
load_unit (Loader *loader, JsonNode *node, const char *path, GHashTable *slugs)
{
  static const char *const allowed[] = { "slug", "name", "paymentFields", "users", NULL };
  g_autoptr (GStrvBuilder) pos = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) known = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) fields = g_strv_builder_new ();
  g_autoptr (GHashTable) seen_users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) seen_fields = g_hash_table_new (g_str_hash, g_str_equal);
  PaystarSandboxUnit *unit;
  JsonObject *object;
  JsonArray *array;
  const char *slug, *name;

  if (!JSON_NODE_HOLDS_OBJECT (node)) {
    problem (loader, path, _ ("must be an object"));
    return NULL;
  }
  object = json_node_get_object (node);
  check_members (loader, object, path, allowed);

  slug = string_member (loader, object, "slug", path, TRUE);
  if (slug != NULL && !is_valid_slug (slug)) {
    g_autofree char *member_path = g_strconcat (path, ".slug", NULL);

    problem (
      loader, member_path,
      _ ("use 1 to 64 lowercase letters, digits and dashes, not starting or ending with a dash"));
    slug = NULL;
  } else if (slug != NULL && g_hash_table_contains (slugs, slug)) {
    g_autofree char *member_path = g_strconcat (path, ".slug", NULL);

    problem (loader, member_path, _ ("another business unit already uses this slug"));
    slug = NULL;
  }

  name = string_member (loader, object, "name", path, TRUE);
  if (name != NULL && (g_utf8_strlen (name, -1) > FIELD_MAX_LENGTH || name[0] == '\0')) {
    g_autofree char *member_path = g_strconcat (path, ".name", NULL);

    problem (loader, member_path, _ ("use 1 to 100 characters"));
    name = NULL;
  }

  array = array_member (loader, object, "paymentFields", path);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++) {
    JsonNode *element = json_array_get_element (array, i);
    g_autofree char *element_path = g_strdup_printf ("%s.paymentFields[%u]", path, i);
    const char *key;

    if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING) {
      problem (loader, element_path, _ ("must be a string"));
      continue;
    }
    key = json_node_get_string (element);
    if (!is_valid_field_key (key)) {
      problem (loader, element_path,
               _ ("use 1 to 100 visible characters without dots or brackets"));
    } else if (g_hash_table_contains (seen_fields, key)) {
      problem (loader, element_path, _ ("appears more than once"));
    } else {
      g_hash_table_add (seen_fields, (gpointer) key);
      g_strv_builder_add (fields, key);
    }
  }

  array = array_member (loader, object, "users", path);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++) {
    g_autofree char *element_path = g_strdup_printf ("%s.users[%u]", path, i);

    load_user (loader, json_array_get_element (array, i), element_path, seen_users, pos, known);
  }

  if (slug == NULL || name == NULL)
    return NULL;

  g_hash_table_add (slugs, g_strdup (slug));
  unit = g_new0 (PaystarSandboxUnit, 1);
  unit->slug = g_strdup (slug);
  unit->name = g_strdup (name);
  unit->pos_users = g_strv_builder_end (pos);
  unit->known_users = g_strv_builder_end (known);
  unit->payment_fields = g_strv_builder_end (fields);
  return unit;
}

static GStrv
load_api_keys (Loader *loader, JsonObject *root)
{
  g_autoptr (GStrvBuilder) keys = g_strv_builder_new ();
  JsonArray *array = array_member (loader, root, "apiKeys", "$");
  guint n_keys = 0;

  if (array == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++) {
    JsonNode *element = json_array_get_element (array, i);
    g_autofree char *element_path = g_strdup_printf ("$.apiKeys[%u]", i);

    /* The key itself never goes into a message. */
    if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING) {
      problem (loader, element_path, _ ("must be a string"));
    } else if (!is_valid_api_key (json_node_get_string (element))) {
      problem (loader, element_path, _ ("use 1 to 256 printable ASCII characters without spaces"));
    } else {
      g_strv_builder_add (keys, json_node_get_string (element));
      n_keys++;
    }
  }
  if (n_keys == 0 && json_array_get_length (array) == 0)
    problem (loader, "$.apiKeys", _ ("name at least one key, or leave apiKeys out"));
  return g_strv_builder_end (keys);
}

PaystarSandboxFixtures *
paystar_sandbox_fixtures_parse (const char *data, gssize length, GError **error)
{
  static const char *const allowed[] = { "apiKeys", "businessUnits", NULL };
  g_autoptr (PaystarSandboxFixtures) fixtures = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GHashTable) slugs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GError) local_error = NULL;
  Loader loader;
  JsonObject *object;
  JsonArray *units;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root =
    paystar_json_parse_strict (data, length, FIXTURES_MAX_BYTES, FIXTURES_MAX_DEPTH, &local_error);
  if (root == NULL) {
    g_set_error (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_FIXTURES,
                 _ ("The fixtures are not valid JSON: %s"), local_error->message);
    return NULL;
  }
  if (!JSON_NODE_HOLDS_OBJECT (root)) {
    g_set_error_literal (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_FIXTURES,
                         _ ("The fixtures must be a JSON object."));
    return NULL;
  }

  loader.problems = g_string_new (NULL);
  fixtures = fixtures_new ();
  object = json_node_get_object (root);
  check_members (&loader, object, "$", allowed);
  fixtures->api_keys = load_api_keys (&loader, object);

  units = array_member (&loader, object, "businessUnits", "$");
  if (units == NULL && json_object_get_member (object, "businessUnits") == NULL)
    problem (&loader, "$.businessUnits", _ ("is required"));
  for (guint i = 0; units != NULL && i < json_array_get_length (units); i++) {
    g_autofree char *path = g_strdup_printf ("$.businessUnits[%u]", i);
    PaystarSandboxUnit *unit = load_unit (&loader, json_array_get_element (units, i), path, slugs);

    if (unit != NULL)
      g_ptr_array_add (fixtures->units, unit);
  }
  if (units != NULL && json_array_get_length (units) == 0)
    problem (&loader, "$.businessUnits", _ ("name at least one business unit"));

  if (loader.problems->len > 0) {
    g_set_error (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_FIXTURES,
                 _ ("The fixtures are not valid:\n%s"), loader.problems->str);
    g_string_free (loader.problems, TRUE);
    return NULL;
  }
  g_string_free (loader.problems, TRUE);
  return g_steal_pointer (&fixtures);
}

PaystarSandboxFixtures *
paystar_sandbox_fixtures_load (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) local_error = NULL;
  PaystarSandboxFixtures *fixtures;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The file is the operator's own, so reading it whole before the size check is acceptable. */
  if (!g_file_get_contents (path, &contents, &length, &local_error)) {
    g_set_error (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_FIXTURES,
                 _ ("Cannot read the fixtures file: %s"), local_error->message);
    return NULL;
  }
  fixtures = paystar_sandbox_fixtures_parse (contents, (gssize) length, &local_error);
  if (fixtures == NULL) {
    g_set_error (error, PAYSTAR_SANDBOX_ERROR, PAYSTAR_SANDBOX_ERROR_FIXTURES, "%s: %s", path,
                 local_error->message);
    return NULL;
  }
  return fixtures;
}
