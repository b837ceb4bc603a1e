/* paystar-compat.h: what GLib 2.76 added that Debian 12's GLib 2.74 lacks, shared by every layer.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* GLib 2.76's g_set_str(): replaces the string *@str_pointer with a copy of @new_str (which may be
 * NULL) and returns TRUE, or returns FALSE when they are already equal. @new_str may point into
 * *@str_pointer itself. */
gboolean paystar_set_str (char **str_pointer, const char *new_str);

G_END_DECLS
