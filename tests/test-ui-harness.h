/* test-ui-harness.h: what the main-window UI tests share: an isolated station on the in-process
 * sandbox, a window, main-loop waiting, signing in and screenshots.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <libsoup/soup.h>

#include "pos-preferences-unlock.h"
#include "pos-station.h"
#include "pos-ui.h"
#include "ui-reach.h"

G_BEGIN_DECLS

typedef struct {
  char *dir; /* a fresh temporary directory, removed at the end */
  GSettingsBackend *backend;
  PosSettings *settings;
  PosStation *station;
  PosWindow *window;
} UiFixture;

/* Call first in main(): points XDG_DATA_HOME/XDG_CONFIG_HOME at a temporary directory, then
 * g_test_init(), adw_init() and pos_ui_init(). */
void ui_harness_init (int *argc, char ***argv);

/* Pass as the fixture data to start on a journal file that is not a database. */
#define UI_FIXTURE_CORRUPT_JOURNAL "corrupt-journal"

/* A station (memory GSettings, data in a fresh directory, sandbox environment) and a presented
 * window, waited for until the sign-in page shows. */
void ui_fixture_set_up (UiFixture *fixture, gconstpointer data);
void ui_fixture_tear_down (UiFixture *fixture, gconstpointer data);
/* Adds the case @func at @path on a UiFixture with @data. */
#define UI_TEST_ADD(path, data, func) \
  g_test_add (path, UiFixture, data, ui_fixture_set_up, func, ui_fixture_tear_down)
/* Another window on the same station (after the first was destroyed), e.g. a restart. */
void ui_fixture_new_window (UiFixture *fixture);
void ui_fixture_destroy_window (UiFixture *fixture);

typedef gboolean (*UiCondition) (gpointer user_data);
/* Iterates the main loop until @condition holds; fails the test after @timeout_ms. */
void ui_wait_until (UiCondition condition, gpointer user_data, guint timeout_ms, const char *what);
/* Iterates the main loop for @ms milliseconds. */
void ui_wait (guint ms);
/* Waits until the window shows page @name. */
void ui_wait_for_page (PosWindow *window, const char *name);
/* Waits until a toast whose title contains @text is on screen (one queued behind another shows
 * when that one goes), and returns its title. */
const char *ui_wait_for_toast (PosWindow *window, const char *text);

/* Picks the agent at @index in the sign-in list (roster order: Ava Alvarez, Ben Brooks, ...),
 * types @pin into the PIN field and presses Enter in it. */
void ui_enter_pin (PosWindow *window, guint agent_index, const char *pin);
/* The same, then waits for the sale page. */
void ui_sign_in (PosWindow *window, guint agent_index, const char *pin);
/* The same, waiting for page @page instead (e.g. "payment" when unlocking over a payment). */
void ui_sign_in_wait_page (PosWindow *window, guint agent_index, const char *pin, const char *page);

/* The visible AdwMessageDialog (a confirmation, a report), or NULL. */
AdwMessageDialog *ui_find_message_dialog (void);
/* A UiCondition: a message dialog is shown. */
gboolean ui_message_dialog_shows (gpointer user_data);

/* The administrator's PIN prompt (pos-admin-gate.c) when one is shown, else NULL. */
PosPreferencesUnlock *ui_find_admin_prompt (void);
/* Waits for the administrator's PIN prompt, types @pin into it and presses Unlock. */
void ui_enter_admin_pin (const char *pin);

/* Clicks @button (gtk_widget_activate() on a button only clicks after a 250 ms animation). */
void ui_click (GtkWidget *button);

/* Types @text into @field of charge @index, as the agent would. */
void ui_set_charge_field (PosWindow *window, guint index, PosChargeField field, const char *text);

/* Moves the pointer to (@x, @y) in @widget's window, as the user would (a real motion event
 * from the X server). FALSE when the display is not X11. */
gboolean ui_move_pointer (GtkWidget *widget, int x, int y);

/* Presses and releases mouse button @button (1 left, 3 right) over the middle of @widget through
 * the X server (XTEST). Returns before GTK has handled them: events after it (a key) are handled
 * after them. */
void ui_press_button (GtkWidget *widget, guint button);
/* Real key events through the X server (XTEST), as a keyboard makes them, to @widget's window,
 * which gets the keyboard first; returns once GTK has handled them. */
void ui_press_key (GtkWidget *widget, guint keyval, GdkModifierType mods);
/* Types @text key by key (Shift where the character needs it). */
void ui_type_text (GtkWidget *widget, const char *text);
/* The same, each key @ms_between_keys after the one before (by the X server's clock), as a person
 * types; ui_type_text() types as fast as a barcode scanner. */
void ui_type_text_slowly (GtkWidget *widget, const char *text, guint ms_between_keys);
/* @text and Enter as a barcode scanner sends them: one burst, the keys going to the server
 * together (no wait between them), then waits for GTK to handle them. */
void ui_scan_text (GtkWidget *widget, const char *text);

/* Submits @checkout through @client (NULL: @station's) with @station's checkout options and
 * waits for the answer: what pos_checkout_submit_finish() returned, its error in @error. */
gboolean ui_submit_and_wait (PosStation *station,
                             PosCheckout *checkout,
                             PaystarClient *client,
                             GError **error);
/* Gives @window a content size of @width x @height (resizing its X window: under Xvfb there is
 * no window manager to do it), and waits for it. */
void ui_resize (GtkWindow *window, int width, int height);
/* Waits until @window's content is within @slack pixels of @width x @height. */
void ui_wait_for_size (GtkWindow *window, int width, int height, int slack, guint timeout_ms);

/* The mapped label under @root showing @text, or NULL. */
GtkWidget *ui_find_label (GtkWidget *root, const char *text);
/* Fails unless a label under @root shows @text whole: as wide as its text and inside @root. */
void ui_assert_label_whole (GtkWidget *root, const char *text);

/* Renders @widget's window into G_TEST_BUILDDIR/@name (PNG). */
void ui_save_screenshot (GtkWidget *widget, const char *name);
/* Resizes @window to 1280x900 and 800x600 and saves @widget at each as @name-WxH-LANG.png (LANG
 * from the locale the test runs in: "en", "es"); in English the first is also @name.png, the
 * README's picture. */
void ui_save_screenshots (GtkWindow *window, GtkWidget *widget, const char *name);

/* A loopback HTTP server that takes every request and never answers (a gateway that hangs),
 * counting them in @hits when not NULL; its base URI in @out_base. */
SoupServer *ui_start_silent_server (guint *hits, char **out_base);

G_END_DECLS
