/* pos-api-key.c: finding, storing and clearing the Paystar API key (keyring, environment, file).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "pos-api-key.h"
#include "pos-settings.h"

/* <unistd.h> declares it only with _GNU_SOURCE. */
extern char **environ;

typedef struct {
  PosEnvironment environment;
  char *key_file;
} LookupData;

static void
lookup_data_free (LookupData *data)
{
  g_free (data->key_file);
  g_free (data);
}

typedef struct {
  char *key;
  PosApiKeySource source;
} LookupResult;

static void
lookup_result_free (LookupResult *result)
{
  paystar_secret_free (result->key);
  g_free (result);
}

char *
pos_api_key_mask (const char *api_key)
{
  static const char dots[] = "\u2022\u2022\u2022\u2022";
  glong n_chars;

  if (api_key == NULL || !g_utf8_validate (api_key, -1, NULL))
    return g_strdup (dots);
  n_chars = g_utf8_strlen (api_key, -1);
  if (n_chars < 8)
    return g_strdup (dots);
  return g_strconcat (dots, g_utf8_offset_to_pointer (api_key, n_chars - 4), NULL);
}

char *
pos_api_key_get_default_file_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "paystar-pos", "api-key", NULL);
}

/* The trimmed key if @text is one acceptable line, else NULL. */
static char *
clean_key (const char *text, gsize length)
{
  g_autofree char *copy = NULL;
  char *trimmed;
  char *result;

  if (length > POS_API_KEY_MAX_LENGTH || memchr (text, '\0', length) != NULL ||
      !g_utf8_validate (text, (gssize) length, NULL))
    return NULL;
  copy = g_strndup (text, length);
  trimmed = g_strstrip (copy);
  for (const char *p = trimmed; *p != '\0'; p++) {
    if (g_ascii_iscntrl (*p)) {
      explicit_bzero (copy, length);
      return NULL;
    }
  }
  result = *trimmed != '\0' ? g_strdup (trimmed) : NULL;
  explicit_bzero (copy, length);
  return result;
}

static gboolean
invalid_file (GError **error, const char *display)
{
  g_set_error (error, POS_ERROR, POS_ERROR_API_KEY_INVALID,
               _ ("The API key file “%s” must hold the key on one line and nothing else."),
               display);
  return FALSE;
}

char *
pos_api_key_read_file (const char *path, GError **error)
{
  g_autofree char *display = NULL;
  char buffer[POS_API_KEY_MAX_LENGTH + 1];
  struct stat st;
  gsize length = 0;
  char *key;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);

  /* O_NOFOLLOW and fstat() on the open descriptor: what is checked is what is read. */
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    int saved_errno = errno;

    if (saved_errno == ENOENT || saved_errno == ENOTDIR) {
      g_set_error (error, POS_ERROR, POS_ERROR_API_KEY_MISSING,
                   _ ("There is no API key: store one in Settings, set PAYSTAR_API_KEY, or put it "
                      "in “%s” (chmod 600)."),
                   display);
    } else if (saved_errno == ELOOP) {
      g_set_error (error, POS_ERROR, POS_ERROR_API_KEY_INSECURE,
                   _ ("The API key file “%s” is a symbolic link. Replace it with a regular file "
                      "and run “chmod 600” on it."),
                   display);
    } else {
      g_set_error (error, POS_ERROR, POS_ERROR_API_KEY_INVALID,
                   _ ("Could not read the API key file “%s”: %s."), display,
                   g_strerror (saved_errno));
    }
    return NULL;
  }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode)) {
    close (fd);
    invalid_file (error, display);
    return NULL;
  }
  if (st.st_uid != getuid () || (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    close (fd);
    g_set_error (error, POS_ERROR, POS_ERROR_API_KEY_INSECURE,
                 _ ("The API key file “%s” can be read by other users or belongs to someone "
                    "else. Run “chmod 600 %s” as its owner."),
                 display, display);
    return NULL;
  }

  while (length < sizeof buffer) {
    ssize_t n = read (fd, buffer + length, sizeof buffer - length);

    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    length += (gsize) n;
  }
  close (fd);

  key = clean_key (buffer, length);
  explicit_bzero (buffer, sizeof buffer);
  if (key == NULL) {
    invalid_file (error, display);
    return NULL;
  }
  return key;
}

#ifdef HAVE_LIBSECRET
static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    POS_API_KEY_SECRET_SCHEMA_NAME,
    SECRET_SCHEMA_NONE,
    {
      { "environment", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}
#endif

/* The key pos_api_key_take_from_environment() took out of the environment (NULL: there was none,
 * or it was blank), and whether it ran. Written once, before the program starts any thread. */
static char *environment_key;
static gboolean environment_taken;

/* Where the kernel keeps the environment the program was started with (what /proc/PID/environ
 * shows): fields 50 and 51 of /proc/self/stat, env_start and env_end. FALSE when unknown. */
static gboolean
get_initial_environment_block (guintptr *start, guintptr *end)
{
  g_autofree char *stat = NULL;
  g_auto (GStrv) fields = NULL;
  const char *after_name;

  /* The command name (field 2) may hold spaces and parentheses: count after the last ")". */
  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      (after_name = strrchr (stat, ')')) == NULL || after_name[1] == '\0')
    return FALSE;
  fields = g_strsplit (after_name + 2, " ", 0);
  /* Field 3 is fields[0] here: env_start (50) and env_end (51) are fields[47] and fields[48]. */
  if (g_strv_length (fields) < 49)
    return FALSE;
  *start = (guintptr) g_ascii_strtoull (fields[47], NULL, 10);
  *end = (guintptr) g_ascii_strtoull (fields[48], NULL, 10);
  return *start != 0 && *start < *end;
}

void
pos_api_key_take_from_environment (void)
{
  g_autoptr (GPtrArray) entries = g_ptr_array_new ();
  const char *value = g_getenv (POS_API_KEY_ENV_VAR);
  gsize prefix_length = strlen (POS_API_KEY_ENV_VAR "=");
  guintptr block_start = 0;
  guintptr block_end = 0;
  gboolean know_block;

  g_clear_pointer (&environment_key, paystar_secret_free);
  environment_taken = TRUE;
  if (value == NULL)
    return;
  environment_key = clean_key (value, strlen (value));

  /* Every "PAYSTAR_API_KEY=..." string (an environment may name a variable twice). */
  for (char **entry = environ; *entry != NULL; entry++) {
    if (strncmp (*entry, POS_API_KEY_ENV_VAR "=", prefix_length) == 0)
      g_ptr_array_add (entries, *entry);
  }
  g_unsetenv (POS_API_KEY_ENV_VAR);

  /* Unsetting only drops the pointers: the strings the program was started with stay in its
   * memory, where /proc/PID/environ shows them. Wipe those in place. Strings setenv() made live on
   * the heap (glibc keeps them for reuse): /proc does not show them, so they are left alone. */
  know_block = get_initial_environment_block (&block_start, &block_end);
  for (guint i = 0; know_block && i < entries->len; i++) {
    char *entry = entries->pdata[i];

    if ((guintptr) entry >= block_start && (guintptr) entry < block_end)
      explicit_bzero (entry, strlen (entry));
  }
}

/* After the keyring: the environment, then the key file. */
static void
lookup_fallback (GTask *task)
{
  LookupData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *default_path = NULL;
  const char *env = environment_taken ? environment_key : g_getenv (POS_API_KEY_ENV_VAR);
  const char *path = data->key_file;
  LookupResult *result;
  char *key;

  if (env != NULL) {
    key = clean_key (env, strlen (env));
    if (key != NULL) {
      result = g_new0 (LookupResult, 1);
      result->key = key;
      result->source = POS_API_KEY_SOURCE_ENVIRONMENT;
      g_task_return_pointer (task, result, (GDestroyNotify) lookup_result_free);
      return;
    }
  }

  if (path == NULL || *path == '\0')
    path = default_path = pos_api_key_get_default_file_path ();
  key = pos_api_key_read_file (path, &error);
  if (key == NULL) {
    g_task_return_error (task, g_steal_pointer (&error));
    return;
  }
  result = g_new0 (LookupResult, 1);
  result->key = key;
  result->source = POS_API_KEY_SOURCE_FILE;
  g_task_return_pointer (task, result, (GDestroyNotify) lookup_result_free);
}

#ifdef HAVE_LIBSECRET
static void
on_keyring_lookup (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (res, &error);
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    g_task_return_error (task, g_steal_pointer (&error));
    return;
  }
  if (secret != NULL) {
    char *key = clean_key (secret, strlen (secret));

    secret_password_free (secret);
    if (key != NULL) {
      LookupResult *result = g_new0 (LookupResult, 1);

      result->key = key;
      result->source = POS_API_KEY_SOURCE_KEYRING;
      g_task_return_pointer (task, result, (GDestroyNotify) lookup_result_free);
      return;
    }
  }
  /* No keyring (headless station, no session bus), a locked or missing collection, or no entry:
   * none of these is the caller's problem while another source has the key. The keyring's error
   * is only logged at debug level; it never contains the key. */
  if (error != NULL)
    g_debug ("Keyring lookup failed, trying the other sources: %s", error->message);
  lookup_fallback (task);
}
#endif

void
pos_api_key_lookup_async (PosEnvironment environment,
                          const char *key_file,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  LookupData *data;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pos_api_key_lookup_async);
  data = g_new0 (LookupData, 1);
  data->environment = environment;
  data->key_file = g_strdup (key_file);
  g_task_set_task_data (task, data, (GDestroyNotify) lookup_data_free);

#ifdef HAVE_LIBSECRET
  secret_password_lookup (get_schema (), cancellable, on_keyring_lookup, g_steal_pointer (&task),
                          "environment", pos_environment_to_string (environment), NULL);
#else
  lookup_fallback (task);
#endif
}

char *
pos_api_key_lookup_finish (GAsyncResult *result, PosApiKeySource *out_source, GError **error)
{
  LookupResult *lookup;
  char *key;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pos_api_key_lookup_async, NULL);

  if (out_source != NULL)
    *out_source = POS_API_KEY_SOURCE_NONE;
  lookup = g_task_propagate_pointer (G_TASK (result), error);
  if (lookup == NULL)
    return NULL;
  key = g_steal_pointer (&lookup->key);
  if (out_source != NULL)
    *out_source = lookup->source;
  lookup_result_free (lookup);
  return key;
}

#ifdef HAVE_LIBSECRET
static void
on_keyring_store (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  if (!secret_password_store_finish (res, &error)) {
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      g_task_return_error (task, g_steal_pointer (&error));
    else
      g_task_return_new_error (task, POS_ERROR, POS_ERROR_KEYRING,
                               _ ("The key could not be stored in the keyring (%s). Use a key "
                                  "file or PAYSTAR_API_KEY instead."),
                               error->message);
    return;
  }
  g_task_return_boolean (task, TRUE);
}

static void
on_keyring_clear (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  /* FALSE without an error: there was nothing to clear. */
  if (!secret_password_clear_finish (res, &error) && error != NULL) {
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      g_task_return_error (task, g_steal_pointer (&error));
    else
      g_task_return_new_error (task, POS_ERROR, POS_ERROR_KEYRING,
                               _ ("The key could not be removed from the keyring (%s)."),
                               error->message);
    return;
  }
  g_task_return_boolean (task, TRUE);
}
#endif

void
pos_api_key_store_async (PosEnvironment environment,
                         const char *api_key,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  char *key;

  g_return_if_fail (api_key != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pos_api_key_store_async);

  key = clean_key (api_key, strlen (api_key));
  if (key == NULL) {
    g_task_return_new_error (task, POS_ERROR, POS_ERROR_API_KEY_INVALID,
                             _ ("The API key must be one line of text."));
    return;
  }

#ifdef HAVE_LIBSECRET
  {
    /* Translators: the keyring item's label; %s is the environment ("production", ...). */
    g_autofree char *label =
      g_strdup_printf (_ ("Paystar POS API key (%s)"), pos_environment_to_string (environment));

    secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, key, cancellable,
                           on_keyring_store, g_steal_pointer (&task), "environment",
                           pos_environment_to_string (environment), NULL);
  }
#else
  g_task_return_new_error (task, POS_ERROR, POS_ERROR_KEYRING,
                           _ ("This build has no keyring support. Use a key file or "
                              "PAYSTAR_API_KEY instead."));
#endif
  paystar_secret_free (key);
}

gboolean
pos_api_key_store_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pos_api_key_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
pos_api_key_clear_async (PosEnvironment environment,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pos_api_key_clear_async);

#ifdef HAVE_LIBSECRET
  secret_password_clear (get_schema (), cancellable, on_keyring_clear, g_steal_pointer (&task),
                         "environment", pos_environment_to_string (environment), NULL);
#else
  g_task_return_new_error (task, POS_ERROR, POS_ERROR_KEYRING,
                           _ ("This build has no keyring support."));
#endif
}

gboolean
pos_api_key_clear_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pos_api_key_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
