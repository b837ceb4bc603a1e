/* test-child-env.h: keeps G_DEBUG's fatal flags out of the processes a test program starts.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/meson.build sets G_DEBUG=gc-friendly,fatal-warnings for every test program. GLib reads it
 * once, in its own constructor, before main(); g_test_init() makes warnings and criticals fatal
 * in the test program anyway. But WebKit starts its network and web processes (and their bwrap
 * and xdg-dbus-proxy helpers) with the test program's environment, and there fatal-warnings turns
 * any third-party warning (no accessibility bus, a font, a GPU driver) into a crash of the page.
 * test_child_env_strip_fatal_flags() removes the fatal flags from G_DEBUG after GLib has read
 * them: the test program keeps them, its children do not get them. Call it from a constructor,
 * which runs after GLib's (a program's constructors run after those of the libraries it links)
 * and while the process still has one thread.
 */
#pragma once

#include <glib.h>

static inline void
test_child_env_strip_fatal_flags (void)
{
  const char *value = g_getenv ("G_DEBUG");
  g_auto (GStrv) flags = NULL;
  g_autoptr (GPtrArray) kept = NULL;
  g_autofree char *joined = NULL;

  if (value == NULL)
    return;
  /* GLib's separators for debug flags: ':', ';', ',', ' ' and '\t'. */
  flags = g_strsplit_set (value, ":;, \t", -1);
  kept = g_ptr_array_new ();
  for (guint i = 0; flags[i] != NULL; i++) {
    if (*flags[i] != '\0' && g_ascii_strcasecmp (flags[i], "fatal-warnings") != 0 &&
        g_ascii_strcasecmp (flags[i], "fatal-criticals") != 0)
      g_ptr_array_add (kept, flags[i]);
  }
  g_ptr_array_add (kept, NULL);
  joined = g_strjoinv (",", (char **) kept->pdata);
  if (*joined == '\0')
    g_unsetenv ("G_DEBUG");
  else
    g_setenv ("G_DEBUG", joined, TRUE);
}
