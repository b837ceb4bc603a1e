/* pos-process.c: what paystar-pos sets up for the whole process before anything else runs.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-process.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "pos-api-key.h"

static char *bound_localedir;

void
pos_process_init (void)
{
  const char *localedir = g_getenv (POS_LOCALEDIR_ENV_VAR);

  /* First: environment changes are only safe while the process has a single thread, and WebKit's
   * children copy the environment they start with. */
  pos_api_key_take_from_environment ();

  setlocale (LC_ALL, "");
  /* An uninstalled build (build-aux/run) has its .mo files in the build tree, not in LOCALEDIR. */
  if (localedir == NULL || !g_path_is_absolute (localedir) ||
      !g_file_test (localedir, G_FILE_TEST_IS_DIR))
    localedir = LOCALEDIR;
  g_free (bound_localedir);
  bound_localedir = g_strdup (localedir);
  bindtextdomain (GETTEXT_PACKAGE, bound_localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

const char *
pos_process_get_localedir (void)
{
  return bound_localedir;
}

char *
pos_process_dup_language (void)
{
  /* The header of the catalog in use ("Language: es\n..."), or "" when none is. */
  const char *header = dgettext (GETTEXT_PACKAGE, "");
  const char *line = header != NULL ? strstr (header, "Language: ") : NULL;
  gsize length;

  if (line == NULL)
    return g_strdup ("en");
  line += strlen ("Language: ");
  length = strcspn (line, "\n");
  if (length == 0)
    return g_strdup ("en");
  /* "es_MX" as a web language tag: "es-MX". */
  return g_strdelimit (g_strndup (line, length), "_", '-');
}
