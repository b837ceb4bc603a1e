/* pos-ui.h: one-time set-up of the front end library (resources, types).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Registers the front end's GResource and its widget types; safe to call more than once. The
 * application calls it at start-up, the UI tests after adw_init(). */
void pos_ui_init (void);

/* g_set_str() arrived in GLib 2.76; Debian 12 has 2.74. Returns TRUE when *@str_ptr changed. */
static inline gboolean
pos_set_str (char **str_ptr, const char *new_str)
{
  char *copy;

  if (*str_ptr == new_str || g_strcmp0 (*str_ptr, new_str) == 0)
    return FALSE;
  copy = g_strdup (new_str);
  g_free (*str_ptr);
  *str_ptr = copy;
  return TRUE;
}

G_END_DECLS
