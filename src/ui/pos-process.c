/* pos-process.c: what paystar-pos sets up for the whole process before anything else runs.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-process.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "pos-api-key.h"

static char *bound_localedir;
static char *initial_language; /* $LANGUAGE as the process started, "" when unset */

/* GNU gettext's documented way to make a change of $LANGUAGE known while a program runs ("Being
 * a gettext grok" in its manual): glibc keeps found translations until this counter changes. */
extern int _nl_msg_cat_cntr;

void
pos_process_init (void)
{
  const char *localedir = g_getenv (POS_LOCALEDIR_ENV_VAR);

  /* First: environment changes are only safe while the process has a single thread, and WebKit's
   * children copy the environment they start with. */
  pos_api_key_take_from_environment ();
  /* $LANGUAGE exists from now on, so that pos_process_set_language() only ever replaces the
   * value of an existing variable (glibc then swaps one pointer, never the array other threads
   * may be reading); "" is the same as unset to gettext. */
  initial_language = g_strdup (g_getenv ("LANGUAGE") != NULL ? g_getenv ("LANGUAGE") : "");
  g_setenv ("LANGUAGE", initial_language, TRUE);

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

gboolean
pos_process_set_language (const char *language)
{
  g_autofree char *now = NULL;

  if (initial_language == NULL)
    initial_language = g_strdup (g_getenv ("LANGUAGE") != NULL ? g_getenv ("LANGUAGE") : "");
  /* gettext ignores $LANGUAGE under the plain "C" locale (a station started without LANG):
   * C.UTF-8, which glibc always has, reads the same and lets the choice through. Only the
   * messages' category: numbers and dates stay as they were. */
  if (language != NULL) {
    const char *messages = setlocale (LC_MESSAGES, NULL);

    if (messages != NULL && (g_str_equal (messages, "C") || g_str_equal (messages, "POSIX")))
      setlocale (LC_MESSAGES, "C.UTF-8");
  }
  /* "en" is the words as written: a LANGUAGE of "en" finds no catalog and falls back to them. */
  /* setenv() rather than g_setenv(), which warns whenever threads run: the variable exists
   * since pos_process_init(), so only its value changes (see there). */
  setenv ("LANGUAGE", language != NULL ? language : initial_language, 1);
  ++_nl_msg_cat_cntr;
  if (language == NULL)
    return TRUE;
  now = pos_process_dup_language ();
  return g_str_has_prefix (now, language);
}
