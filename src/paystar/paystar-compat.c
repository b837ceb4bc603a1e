/* paystar-compat.c: what GLib 2.76 added that Debian 12's GLib 2.74 lacks, shared by every layer.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "paystar-compat.h"

gboolean
paystar_set_str (char **str_pointer, const char *new_str)
{
  char *copy;

  g_return_val_if_fail (str_pointer != NULL, FALSE);

  if (*str_pointer == new_str || g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;
  /* Copied before the old string is freed: @new_str may be part of it. */
  copy = g_strdup (new_str);
  g_free (*str_pointer);
  *str_pointer = copy;
  return TRUE;
}
