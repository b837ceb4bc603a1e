/* pos-process.h: what paystar-pos sets up for the whole process before anything else runs.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The variable naming a directory of <lang>/LC_MESSAGES/paystar-pos.mo files to use instead of
 * the installed ones: build-aux/run and `meson devenv` point it at the build tree's po/. */
#define POS_LOCALEDIR_ENV_VAR "PAYSTAR_POS_LOCALEDIR"

/* Call first thing in main(), before any thread or child process starts. Takes the API key out
 * of the environment (pos_api_key_take_from_environment(): no child process ever inherits it),
 * sets the locale from the environment and binds the translations: from $PAYSTAR_POS_LOCALEDIR
 * when it names a directory, else from the installed LOCALEDIR. */
void pos_process_init (void);

/* The language the app's words are shown in: the language of the translation in use ("es"),
 * "en" without one. Free with g_free(). */
char *pos_process_dup_language (void);

/* Switches the app's words to @language ("en", "es") while it runs, for a self-service customer
 * who chose one; NULL goes back to the language the process started with. Words already on screen
 * stay as they are: their owners set them again. TRUE when the words now come in @language (it has
 * a translation, and the station's locale is not the plain "C" one, where gettext ignores any
 * choice). */
gboolean pos_process_set_language (const char *language);

/* Where the translations were bound (for tests). */
const char *pos_process_get_localedir (void);

G_END_DECLS
