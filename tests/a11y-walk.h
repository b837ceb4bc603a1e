/* a11y-walk.h: what a screen reader hears: the process's own AT-SPI tree, read over the
 * accessibility bus as Orca reads it, and the controls in it without a usable name.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK answers AT-SPI on the test's own main loop, so every call is asynchronous and the main loop
 * runs while it waits. The test program must not set GTK_A11Y=none (the tests' environment does:
 * unset it before gtk_init()).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  GDBusConnection *bus; /* the accessibility bus */
  char *app_name;       /* this process's name on it */
  GString *report;      /* one line per control, for the test's log and its failures */
  GPtrArray *problems;
  guint controls;
} A11yWalk;

/* Connects to the accessibility bus and finds this process on it. */
void a11y_walk_open (A11yWalk *walk);
void a11y_walk_close (A11yWalk *walk);
/* Walks everything the process shows now; adds a line to @failures for each operable control
 * (button, entry, toggle, drop-down, list item, row, tab, link...) whose name is empty, a type
 * name ("GtkImage"), shows a mnemonic underscore or says its label twice. */
void a11y_walk_check_names (A11yWalk *walk, const char *page, GString *failures);

G_END_DECLS
