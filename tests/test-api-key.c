/* test-api-key.c: tests of the API key lookup without a keyring: environment, key file, masking.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "pos.h"

typedef struct {
  GAsyncResult *result;
} Wait;

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Wait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return wait->result;
}

static char *
lookup (const char *key_file, PosApiKeySource *source, GError **error)
{
  Wait wait = { NULL };
  char *key;

  pos_api_key_lookup_async (POS_ENVIRONMENT_PRODUCTION, key_file, NULL, on_done, &wait);
  key = pos_api_key_lookup_finish (wait_for (&wait), source, error);
  g_object_unref (wait.result);
  return key;
}

static char *
write_key_file (const char *contents, int mode)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "paystar-pos", NULL);
  char *path = g_build_filename (dir, "api-key", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return path;
}

static void
test_mask (void)
{
  g_autofree char *masked = pos_api_key_mask ("sk_live_abcdef1234");
  g_autofree char *short_key = pos_api_key_mask ("abc1234");
  g_autofree char *none = pos_api_key_mask (NULL);
  g_autofree char *eight = pos_api_key_mask ("12345678");

  g_assert_cmpstr (masked, ==, "\u2022\u2022\u2022\u20221234");
  g_assert_cmpstr (short_key, ==, "\u2022\u2022\u2022\u2022");
  g_assert_cmpstr (none, ==, "\u2022\u2022\u2022\u2022");
  g_assert_cmpstr (eight, ==, "\u2022\u2022\u2022\u20225678");
}

static void
test_environment (void)
{
  g_autoptr (GError) error = NULL;
  PosApiKeySource source = POS_API_KEY_SOURCE_NONE;
  char *key;

  /* The environment wins over a key file. */
  g_autofree char *path = write_key_file ("file-key\n", 0600);

  g_setenv (POS_API_KEY_ENV_VAR, "  env-key-123456 \n", TRUE);
  key = lookup (NULL, &source, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "env-key-123456");
  g_assert_cmpint (source, ==, POS_API_KEY_SOURCE_ENVIRONMENT);
  paystar_secret_free (key);

  /* An empty variable does not count. */
  g_setenv (POS_API_KEY_ENV_VAR, " ", TRUE);
  key = lookup (NULL, &source, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "file-key");
  g_assert_cmpint (source, ==, POS_API_KEY_SOURCE_FILE);
  paystar_secret_free (key);
  g_unsetenv (POS_API_KEY_ENV_VAR);
}

static void
test_key_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *default_path = pos_api_key_get_default_file_path ();
  g_autofree char *path = NULL;
  g_autofree char *other = g_build_filename (g_get_user_config_dir (), "elsewhere", NULL);
  PosApiKeySource source = POS_API_KEY_SOURCE_NONE;
  char *key;

  g_unsetenv (POS_API_KEY_ENV_VAR);
  g_assert_true (g_str_has_prefix (default_path, g_get_user_config_dir ()));
  g_assert_true (g_str_has_suffix (default_path, "/paystar-pos/api-key"));

  /* Nothing anywhere. */
  key = lookup (NULL, &source, &error);
  g_assert_null (key);
  g_assert_error (error, POS_ERROR, POS_ERROR_API_KEY_MISSING);
  g_assert_cmpint (source, ==, POS_API_KEY_SOURCE_NONE);
  g_clear_error (&error);

  /* The default file, 0600. */
  path = write_key_file ("sk_test_secret-value-9876\n", 0600);
  g_assert_cmpstr (path, ==, default_path);
  key = lookup (NULL, &source, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "sk_test_secret-value-9876");
  g_assert_cmpint (source, ==, POS_API_KEY_SOURCE_FILE);
  paystar_secret_free (key);

  /* Readable by others: refused, with the fix in the message, never the key. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  key = lookup ("", &source, &error);
  g_assert_null (key);
  g_assert_error (error, POS_ERROR, POS_ERROR_API_KEY_INSECURE);
  g_assert_nonnull (strstr (error->message, "chmod 600"));
  g_assert_null (strstr (error->message, "secret-value"));
  g_clear_error (&error);
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  g_assert_null (pos_api_key_read_file (path, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_API_KEY_INSECURE);
  g_clear_error (&error);

  /* 0400 is fine too. */
  g_assert_cmpint (g_chmod (path, 0400), ==, 0);
  key = pos_api_key_read_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "sk_test_secret-value-9876");
  paystar_secret_free (key);
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);

  /* A symbolic link is refused (even to a good file). */
  g_assert_cmpint (symlink (path, other), ==, 0);
  key = lookup (other, &source, &error);
  g_assert_null (key);
  g_assert_error (error, POS_ERROR, POS_ERROR_API_KEY_INSECURE);
  g_clear_error (&error);
  g_unlink (other);

  /* An explicit path. */
  g_assert_true (g_file_set_contents (other, "explicit-key", -1, &error));
  g_assert_cmpint (g_chmod (other, 0600), ==, 0);
  key = lookup (other, &source, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "explicit-key");
  paystar_secret_free (key);

  /* Empty, multi-line, or binary files are not keys. */
  {
    const char *const bad[] = { "", " \n\n", "line one\nline two\n", "nul\x01" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
      g_assert_true (g_file_set_contents (other, bad[i], -1, &error));
      g_assert_cmpint (g_chmod (other, 0600), ==, 0);
      g_assert_null (pos_api_key_read_file (other, &error));
      g_assert_error (error, POS_ERROR, POS_ERROR_API_KEY_INVALID);
      g_clear_error (&error);
    }
  }

  /* A directory is not a key file. */
  g_unlink (other);
  g_assert_cmpint (g_mkdir (other, 0700), ==, 0);
  g_assert_null (pos_api_key_read_file (other, &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_API_KEY_INVALID);
  g_clear_error (&error);
  g_rmdir (other);
  g_unlink (path);
}

static void
test_keyring_unavailable (void)
{
  g_autoptr (GError) error = NULL;
  Wait wait = { NULL };

  /* Without a session bus the keyring cannot store: a clear error, no crash, no hang. */
  pos_api_key_store_async (POS_ENVIRONMENT_PRODUCTION, "sk_live_abcdef1234", NULL, on_done, &wait);
  g_assert_false (pos_api_key_store_finish (wait_for (&wait), &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_KEYRING);
  g_assert_null (strstr (error->message, "abcdef1234"));
  g_clear_error (&error);
  g_clear_object (&wait.result);

  pos_api_key_store_async (POS_ENVIRONMENT_PRODUCTION, "two\nlines", NULL, on_done, &wait);
  g_assert_false (pos_api_key_store_finish (wait_for (&wait), &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_API_KEY_INVALID);
  g_clear_error (&error);
  g_clear_object (&wait.result);

  pos_api_key_clear_async (POS_ENVIRONMENT_PRODUCTION, NULL, on_done, &wait);
  g_assert_false (pos_api_key_clear_finish (wait_for (&wait), &error));
  g_assert_error (error, POS_ERROR, POS_ERROR_KEYRING);
  g_clear_object (&wait.result);
}

int
main (int argc, char **argv)
{
  /* Never talk to a real keyring from a test: point the session bus nowhere. The lookup must then
   * fall back to the environment and the key file. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/paystar-pos-test-bus", TRUE);
  g_unsetenv ("DISPLAY");
  g_unsetenv (POS_API_KEY_ENV_VAR);

  /* Each test gets its own XDG_CONFIG_HOME. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pos/api-key/mask", test_mask);
  g_test_add_func ("/pos/api-key/environment", test_environment);
  g_test_add_func ("/pos/api-key/key-file", test_key_file);
  g_test_add_func ("/pos/api-key/keyring-unavailable", test_keyring_unavailable);

  return g_test_run ();
}
