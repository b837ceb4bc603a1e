/* pos-api-key.h: finding, storing and clearing the Paystar API key (keyring, environment, file).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "paystar-client.h"
#include "pos-types.h"

G_BEGIN_DECLS

/* The libsecret schema: name "io.paystar.Pos.ApiKey", one string attribute "environment" (the
 * PosEnvironment nick). */
#define POS_API_KEY_SECRET_SCHEMA_NAME "io.paystar.Pos.ApiKey"
#define POS_API_KEY_ENV_VAR            "PAYSTAR_API_KEY"
/* The largest key file or key accepted, in bytes. */
#define POS_API_KEY_MAX_LENGTH 4096

/* Reads PAYSTAR_API_KEY once, keeps it in memory for pos_api_key_lookup_async(), and removes it
 * from the process: from the environment every child process inherits (WebKit's network and web
 * processes, their sandbox wrappers) and from the start-up environment /proc/PID/environ shows.
 * Call it first thing in main(), before any thread or child process starts: setenv() and
 * unsetenv() are not thread-safe. Without this call, lookups read the variable each time. */
void pos_api_key_take_from_environment (void);

/* Looks the key for @environment up, in order: the keyring (libsecret; a keyring that is missing,
 * locked or unreachable, as on a headless station, just falls through), PAYSTAR_API_KEY (the value
 * pos_api_key_take_from_environment() kept, once it ran), then the
 * key file @key_file (NULL or "": pos_api_key_get_default_file_path()).
 * The key file must be a regular file owned by the user with no group or other permission bits;
 * otherwise POS_ERROR_API_KEY_INSECURE with a message saying to run chmod 600. Nothing anywhere:
 * POS_ERROR_API_KEY_MISSING. The key never appears in a log or an error message. */
void pos_api_key_lookup_async (PosEnvironment environment,
                               const char *key_file,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data);
/* The key (transfer full; wipe it with paystar_secret_free() when done), and where it came from. */
char *pos_api_key_lookup_finish (GAsyncResult *result, PosApiKeySource *out_source, GError **error);

/* Stores @api_key (whitespace around it removed) in the keyring for @environment. Fails with
 * POS_ERROR_KEYRING when no keyring is reachable: the caller then offers the key file. */
void pos_api_key_store_async (PosEnvironment environment,
                              const char *api_key,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data);
gboolean pos_api_key_store_finish (GAsyncResult *result, GError **error);
/* Removes the keyring entry for @environment; no entry is not an error. */
void pos_api_key_clear_async (PosEnvironment environment,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data);
gboolean pos_api_key_clear_finish (GAsyncResult *result, GError **error);

/* $XDG_CONFIG_HOME/paystar-pos/api-key. */
char *pos_api_key_get_default_file_path (void);
/* Reads a key file synchronously with the checks above (opened without following a final
 * symlink, checked with fstat on the open descriptor). The trimmed key, or NULL with
 * POS_ERROR_API_KEY_MISSING (no file), POS_ERROR_API_KEY_INSECURE or POS_ERROR_API_KEY_INVALID. */
char *pos_api_key_read_file (const char *path, GError **error);
/* "••••" followed by the last 4 characters ("sk_live_abcdef1234" -> "••••1234"); "••••" alone
 * when the key has fewer than 8 characters (showing 4 of a short key would show too much). */
char *pos_api_key_mask (const char *api_key);

G_END_DECLS
