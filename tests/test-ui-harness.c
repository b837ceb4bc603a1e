/* test-ui-harness.c: what the main-window UI tests share: an isolated station on the in-process
 * sandbox, a window, main-loop waiting, signing in and screenshots.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "test-ui-harness.h"

#include "pos-station-checkout.h"
#include "pos-test-util.h"

#include <dlfcn.h>
#include <string.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <webkit/webkit.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "test-child-env.h"

/* G_DEBUG's fatal flags stay in this program and out of WebKit's processes (test-child-env.h). */
__attribute__ ((constructor)) static void
strip_fatal_flags_for_children (void)
{
  test_child_env_strip_fatal_flags ();
}

static char *process_dir;

static void
remove_process_dir (void)
{
  if (process_dir != NULL)
    pos_test_remove_tree (process_dir);
  g_clear_pointer (&process_dir, g_free);
}

void
ui_harness_init (int *argc, char ***argv)
{
  g_autofree char *data = NULL;
  g_autofree char *config = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GtkCssProvider) provider = NULL;

  /* Before anything asks GLib for the user directories (it caches them). */
  process_dir = g_dir_make_tmp ("paystar-ui-test-XXXXXX", &error);
  g_assert_no_error (error);
  data = g_build_filename (process_dir, "data", NULL);
  config = g_build_filename (process_dir, "config", NULL);
  g_mkdir_with_parents (data, 0700);
  g_mkdir_with_parents (config, 0700);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* No API key may leak in from the machine running the tests. */
  g_unsetenv ("PAYSTAR_API_KEY");
  atexit (remove_process_dir);

  g_test_init (argc, argv, NULL);
  adw_init ();
  pos_ui_init ();

  /* AdwApplication loads the style sheet in the program; the tests have no application. */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/paystar/Pos/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

typedef struct {
  PosWindow *window;
  const char *name;
} PageWait;

static gboolean
page_is (gpointer user_data)
{
  PageWait *wait = user_data;

  return g_strcmp0 (pos_window_get_visible_page (wait->window), wait->name) == 0;
}

void
ui_wait_for_page (PosWindow *window, const char *name)
{
  PageWait wait = { window, name };
  g_autofree char *what = g_strdup_printf ("the page “%s”", name);

  ui_wait_until (page_is, &wait, 15000, what);
}

void
ui_fixture_new_window (UiFixture *fixture)
{
  g_assert_null (fixture->window);
  fixture->window = pos_window_new (NULL, fixture->station);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1180, 860);
  gtk_window_present (GTK_WINDOW (fixture->window));
  ui_wait_for_page (fixture->window, "sign-in");
}

static gboolean
window_finalized (gpointer user_data)
{
  UiFixture *fixture = user_data;

  return fixture->window == NULL;
}

void
ui_fixture_destroy_window (UiFixture *fixture)
{
  if (fixture->window == NULL)
    return;
  gtk_window_close (GTK_WINDOW (fixture->window));
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  /* The last references (pending idle callbacks, the frame clock) go as the loop runs; the
   * fixture's weak pointer says when the window is finalized. Then what its going made ready
   * runs too (callbacks that still hold the station), without waiting for anything else. */
  ui_wait_until (window_finalized, fixture, 5000, "the window to be finalized");
  for (guint i = 0; i < 1000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

void
ui_fixture_set_up (UiFixture *fixture, gconstpointer data)
{
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("paystar-ui-station-XXXXXX", &error);
  g_assert_no_error (error);
  if (g_strcmp0 (data, UI_FIXTURE_CORRUPT_JOURNAL) == 0) {
    g_autofree char *journal = g_build_filename (fixture->dir, "journal.sqlite", NULL);

    /* Not an SQLite database at all, as after a disk fault. */
    g_file_set_contents (journal, "This is not a journal.\n", -1, &error);
    g_assert_no_error (error);
  }
  /* A settings store of its own per test: the default memory backend is shared by the process. */
  fixture->backend = g_memory_settings_backend_new ();
  settings = g_settings_new_with_backend (POS_SETTINGS_SCHEMA_ID, fixture->backend);
  fixture->settings = pos_settings_new_with_settings (settings);
  fixture->station = pos_station_new (fixture->settings, fixture->dir);
  ui_fixture_new_window (fixture);
}

void
ui_fixture_tear_down (UiFixture *fixture, gconstpointer data)
{
  ui_fixture_destroy_window (fixture);
  g_assert_finalize_object (fixture->station);
  fixture->station = NULL;
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->backend);
  pos_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

typedef struct {
  gboolean done;
} Timeout;

static gboolean
on_wait_timeout (gpointer user_data)
{
  Timeout *timeout = user_data;

  timeout->done = TRUE;
  return G_SOURCE_REMOVE;
}

void
ui_wait_until (UiCondition condition, gpointer user_data, guint timeout_ms, const char *what)
{
  Timeout timeout = { FALSE };
  guint source = g_timeout_add (timeout_ms, on_wait_timeout, &timeout);

  while (!condition (user_data) && !timeout.done)
    g_main_context_iteration (NULL, TRUE);
  if (!timeout.done)
    g_source_remove (source);
  if (!condition (user_data))
    g_error ("Timed out after %u ms waiting for %s", timeout_ms, what);
}

void
ui_wait (guint ms)
{
  Timeout timeout = { FALSE };

  g_timeout_add (ms, on_wait_timeout, &timeout);
  while (!timeout.done)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct {
  PosWindow *window;
  const char *text;
} ToastWait;

static gboolean
toast_shown (gpointer user_data)
{
  ToastWait *wait = user_data;
  const char *title = ui_toast_text (wait->window);

  return title != NULL && strstr (title, wait->text) != NULL;
}

const char *
ui_wait_for_toast (PosWindow *window, const char *text)
{
  ToastWait wait = { window, text };
  g_autofree char *what = g_strdup_printf ("a toast saying \"%s\"", text);

  ui_wait_until (toast_shown, &wait, 20000, what);
  return ui_toast_text (window);
}

void
ui_enter_pin (PosWindow *window, guint agent_index, const char *pin)
{
  PosSignInPage *page = ui_sign_in_page (window);
  GtkEditable *pin_editable = GTK_EDITABLE (ui_child (page, "pin_row"));

  adw_combo_row_set_selected (ADW_COMBO_ROW (ui_child (page, "agent_row")), agent_index);
  gtk_editable_set_text (pin_editable, pin);
  /* Enter in the PIN field: the text widget's "activate" is what the Enter key emits. */
  g_signal_emit_by_name (gtk_editable_get_delegate (pin_editable), "activate");
}

void
ui_sign_in (PosWindow *window, guint agent_index, const char *pin)
{
  ui_enter_pin (window, agent_index, pin);
  ui_wait_for_page (window, "sale");
}

void
ui_sign_in_wait_page (PosWindow *window, guint agent_index, const char *pin, const char *page)
{
  ui_enter_pin (window, agent_index, pin);
  ui_wait_for_page (window, page);
}

AdwMessageDialog *
ui_find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++) {
    g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

    if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
      return ADW_MESSAGE_DIALOG (window);
  }
  return NULL;
}

gboolean
ui_message_dialog_shows (gpointer user_data)
{
  return ui_find_message_dialog () != NULL;
}

PosPreferencesUnlock *
ui_find_admin_prompt (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++) {
    g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

    if (POS_IS_PREFERENCES_UNLOCK (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
      return POS_PREFERENCES_UNLOCK (window);
  }
  return NULL;
}

static gboolean
admin_prompt_shows (gpointer user_data)
{
  return ui_find_admin_prompt () != NULL;
}

void
ui_enter_admin_pin (const char *pin)
{
  PosPreferencesUnlock *unlock;
  GtkEditable *editable;

  ui_wait_until (admin_prompt_shows, NULL, 5000, "the administrator's PIN prompt");
  unlock = ui_find_admin_prompt ();
  editable = GTK_EDITABLE (
    gtk_widget_get_template_child (GTK_WIDGET (unlock), POS_TYPE_PREFERENCES_UNLOCK, "pin_row"));
  gtk_editable_set_text (editable, pin);
  gtk_widget_activate_action (GTK_WIDGET (unlock), "unlock.unlock", NULL);
}

void
ui_click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

void
ui_set_charge_field (PosWindow *window, guint index, PosChargeField field, const char *text)
{
  PosSalePage *page = ui_sale_page (window);
  PosChargeRow *row = ui_charge_row (page, index);
  PosFieldEntry *entry;

  g_assert_nonnull (row);
  entry = ui_charge_entry (row, field);
  g_assert_nonnull (entry);
  gtk_editable_set_text (pos_field_entry_get_editable (entry), text);
}

static gboolean
transition_running (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_widget_get_mapped (widget) &&
      gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child)) {
    if (transition_running (child))
      return TRUE;
  }
  return FALSE;
}

static gboolean
transitions_done (gpointer user_data)
{
  return !transition_running (GTK_WIDGET (user_data));
}

static void
collect_web_views (GtkWidget *widget, GPtrArray *web_views)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (WEBKIT_IS_WEB_VIEW (widget)) {
    g_ptr_array_add (web_views, widget);
    return;
  }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_web_views (child, web_views);
}

typedef struct {
  gboolean done;
  GdkTexture *texture;
  GError *error;
} WebSnapshot;

static void
on_web_snapshot (GObject *object, GAsyncResult *result, gpointer user_data)
{
  WebSnapshot *web_snapshot = user_data;

  web_snapshot->texture =
    webkit_web_view_get_snapshot_finish (WEBKIT_WEB_VIEW (object), result, &web_snapshot->error);
  web_snapshot->done = TRUE;
}

static gboolean
web_snapshot_done (gpointer user_data)
{
  return ((WebSnapshot *) user_data)->done;
}

/* Appends what @web_view shows at its bounds in @window's coordinates. */
static void
append_web_view (GtkSnapshot *snapshot, GtkWidget *window, GtkWidget *web_view)
{
  WebSnapshot web_snapshot = { FALSE, NULL, NULL };
  graphene_rect_t bounds;

  if (!gtk_widget_compute_bounds (web_view, window, &bounds) || bounds.size.width <= 0 ||
      bounds.size.height <= 0)
    return;
  webkit_web_view_get_snapshot (WEBKIT_WEB_VIEW (web_view), WEBKIT_SNAPSHOT_REGION_VISIBLE,
                                WEBKIT_SNAPSHOT_OPTIONS_NONE, NULL, on_web_snapshot, &web_snapshot);
  ui_wait_until (web_snapshot_done, &web_snapshot, 10000, "the web view's snapshot");
  if (web_snapshot.texture == NULL) {
    g_test_message ("No snapshot of the web view: %s", web_snapshot.error->message);
    g_clear_error (&web_snapshot.error);
    return;
  }
  gtk_snapshot_push_clip (snapshot, &bounds);
  gtk_snapshot_append_texture (snapshot, web_snapshot.texture, &bounds);
  gtk_snapshot_pop (snapshot);
  g_object_unref (web_snapshot.texture);
}

typedef struct {
  GtkWidget *window;
  int width;
  int height;
  int slack;
} SizeWait;

static gboolean
size_near (gpointer user_data)
{
  SizeWait *wait = user_data;

  return ABS (gtk_widget_get_width (wait->window) - wait->width) <= wait->slack &&
         ABS (gtk_widget_get_height (wait->window) - wait->height) <= wait->slack;
}

void
ui_wait_for_size (GtkWindow *window, int width, int height, int slack, guint timeout_ms)
{
  SizeWait wait = { GTK_WIDGET (window), width, height, slack };

  ui_wait_until (size_near, &wait, timeout_ms, "the window's new size");
}

/* Resizes the X window itself, as a window manager would; FALSE when the display is not X11. */
static gboolean
x11_resize (GtkWindow *window, int width, int height)
{
  typedef int (*ResizeWindow) (Display *, Window, unsigned, unsigned);
  typedef int (*Flush) (Display *);
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  ResizeWindow resize_window;
  Flush flush;

  if (!GDK_IS_X11_DISPLAY (display) || surface == NULL ||
      !gtk_widget_get_mapped (GTK_WIDGET (window)))
    return FALSE;
  /* GTK loaded libX11; the tests do not link it themselves. */
  resize_window = (ResizeWindow) dlsym (RTLD_DEFAULT, "XResizeWindow");
  flush = (Flush) dlsym (RTLD_DEFAULT, "XFlush");
  if (resize_window == NULL || flush == NULL)
    return FALSE;
  resize_window (gdk_x11_display_get_xdisplay (display), gdk_x11_surface_get_xid (surface),
                 (unsigned) width, (unsigned) height);
  flush (gdk_x11_display_get_xdisplay (display));
  return TRUE;
}

/* Asks for a window of @width x @height, decoration included. */
static void
request_size (GtkWindow *window, int width, int height)
{
  gtk_window_set_default_size (window, width, height);
  /* Under Xvfb there is no window manager: a mapped window takes a new size when its X window
   * is resized (a default size alone did not always do it); elsewhere it is mapped again. */
  if (!x11_resize (window, width, height)) {
    gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
    gtk_window_present (window);
  }
}

GtkWidget *
ui_find_label (GtkWidget *root, const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child)) {
    GtkWidget *found = ui_find_label (child, text);

    if (found != NULL)
      return found;
  }
  return NULL;
}

void
ui_assert_label_whole (GtkWidget *root, const char *text)
{
  GtkWidget *label = ui_find_label (root, text);
  graphene_rect_t bounds;
  PangoRectangle logical;
  PangoLayout *layout;

  if (label == NULL)
    g_error ("no label shows “%s”", text);
  /* Cut is ellipsized, or wider than the room it has (a label that does not ellipsize overflows
   * and is clipped). The layout's own width, not the measured one: GTK rounds that up. */
  layout = gtk_label_get_layout (GTK_LABEL (label));
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  if (pango_layout_is_ellipsized (layout) || logical.width > gtk_widget_get_width (label))
    g_error ("“%s” is cut: %d pixels for %d%s", text, gtk_widget_get_width (label), logical.width,
             pango_layout_is_ellipsized (layout) ? ", ellipsized" : "");
  g_assert_true (gtk_widget_compute_bounds (label, root, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (root));
}

void
ui_resize (GtkWindow *window, int width, int height)
{
  SizeWait wait = { GTK_WIDGET (window), width, height, 40 };
  int extra_width, extra_height;
  GListModel *monitors;
  g_autoptr (GdkMonitor) monitor = NULL;
  GdkRectangle geometry = { 0 };

  request_size (window, width, height);
  ui_wait_until (size_near, &wait, 5000, "the window's new size");
  if (gtk_widget_get_width (GTK_WIDGET (window)) == width &&
      gtk_widget_get_height (GTK_WIDGET (window)) == height)
    return;

  /* The size asked for counts the client-side decoration's border, the widget's size does not:
   * ask for that much more, now that it is known. */
  extra_width = width - gtk_widget_get_width (GTK_WIDGET (window));
  extra_height = height - gtk_widget_get_height (GTK_WIDGET (window));
  monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (window)));
  monitor = g_list_model_get_item (monitors, 0);
  /* A window as big as the screen stays a little smaller than asked. */
  gdk_monitor_get_geometry (monitor, &geometry);
  if (width + extra_width > geometry.width || height + extra_height > geometry.height)
    return;
  request_size (window, width + extra_width, height + extra_height);
  wait.slack = 0;
  ui_wait_until (size_near, &wait, 5000, "the window's exact size");
}

/* Real key events, as a keyboard makes them: the X server's XTEST extension (Xvfb has it; the
 * library comes with at-spi2-core, install-deps names it). */
typedef struct {
  Display *display;
  Window window;
  int (*fake_key) (Display *, unsigned int, Bool, unsigned long);
  unsigned char (*keysym_to_keycode) (Display *, unsigned long);
  unsigned long (*keycode_to_keysym) (Display *, unsigned char, int, int);
  int (*set_input_focus) (Display *, Window, int, Time);
  int (*sync) (Display *, Bool);
} Keyboard;

static gboolean
keyboard_open (GtkWidget *widget, Keyboard *keyboard)
{
  static void *xtst;
  GdkDisplay *display = gtk_widget_get_display (widget);
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));

  if (!GDK_IS_X11_DISPLAY (display) || surface == NULL)
    return FALSE;
  if (xtst == NULL)
    xtst = dlopen ("libXtst.so.6", RTLD_NOW | RTLD_GLOBAL);
  if (xtst == NULL)
    return FALSE;
  keyboard->display = gdk_x11_display_get_xdisplay (display);
  keyboard->fake_key = dlsym (xtst, "XTestFakeKeyEvent");
  keyboard->keysym_to_keycode = dlsym (RTLD_DEFAULT, "XKeysymToKeycode");
  keyboard->keycode_to_keysym = dlsym (RTLD_DEFAULT, "XkbKeycodeToKeysym");
  keyboard->set_input_focus = dlsym (RTLD_DEFAULT, "XSetInputFocus");
  keyboard->sync = dlsym (RTLD_DEFAULT, "XSync");
  if (keyboard->fake_key == NULL || keyboard->keysym_to_keycode == NULL ||
      keyboard->keycode_to_keysym == NULL || keyboard->set_input_focus == NULL ||
      keyboard->sync == NULL)
    return FALSE;
  keyboard->window = gdk_x11_surface_get_xid (surface);
  return TRUE;
}

/* Presses and releases @keycode with the modifier keys @mods held, then lets GTK handle what the
 * server sent (XSync returns once the events are in this client's queue). */
static void
keyboard_stroke (Keyboard *keyboard,
                 unsigned int keycode,
                 GdkModifierType mods,
                 guint delay_ms,
                 gboolean wait)
{
  static const struct {
    GdkModifierType mask;
    unsigned long keysym;
  } modifiers[] = {
    { GDK_CONTROL_MASK, GDK_KEY_Control_L },
    { GDK_SHIFT_MASK, GDK_KEY_Shift_L },
    { GDK_ALT_MASK, GDK_KEY_Alt_L },
  };

  /* The display has no window manager: this window takes the keyboard for each key. (The suites
   * share the display; the one that types runs alone, see tests/meson.build.) */
  keyboard->set_input_focus (keyboard->display, keyboard->window, 2 /* RevertToParent */,
                             0 /* CurrentTime */);

  for (guint i = 0; i < G_N_ELEMENTS (modifiers); i++) {
    if (mods & modifiers[i].mask)
      keyboard->fake_key (keyboard->display,
                          keyboard->keysym_to_keycode (keyboard->display, modifiers[i].keysym),
                          True, 0);
  }
  /* XTEST's delay: the server waits that long before the key goes down, and stamps the event
   * with its own clock, as a person's slower typing would be stamped. */
  keyboard->fake_key (keyboard->display, keycode, True, delay_ms);
  keyboard->fake_key (keyboard->display, keycode, False, 0);
  for (guint i = G_N_ELEMENTS (modifiers); i-- > 0;) {
    if (mods & modifiers[i].mask)
      keyboard->fake_key (keyboard->display,
                          keyboard->keysym_to_keycode (keyboard->display, modifiers[i].keysym),
                          False, 0);
  }
  if (!wait)
    return;
  keyboard->sync (keyboard->display, False);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
ui_press_key (GtkWidget *widget, guint keyval, GdkModifierType mods)
{
  Keyboard keyboard;
  unsigned int keycode;

  if (!keyboard_open (widget, &keyboard))
    g_error ("no keyboard to type with (X11 with XTEST and libXtst.so.6 are needed)");
  keycode = keyboard.keysym_to_keycode (keyboard.display, keyval);
  if (keycode == 0)
    g_error ("the keyboard has no key for %s", gdk_keyval_name (keyval));
  keyboard_stroke (&keyboard, keycode, mods, 0, TRUE);
}

void
ui_type_text (GtkWidget *widget, const char *text)
{
  ui_type_text_slowly (widget, text, 0);
}

static void
type_text (GtkWidget *widget, const char *text, guint ms_between_keys, gboolean burst)
{
  Keyboard keyboard;

  if (!keyboard_open (widget, &keyboard))
    g_error ("no keyboard to type with (X11 with XTEST and libXtst.so.6 are needed)");
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p)) {
    guint keyval = gdk_unicode_to_keyval (g_utf8_get_char (p));
    unsigned int keycode = keyboard.keysym_to_keycode (keyboard.display, keyval);
    GdkModifierType mods = 0;

    if (keycode == 0)
      g_error ("the keyboard has no key for \"%s\"", p);
    /* A character on the key's second level ("$", "A") is typed with Shift. */
    if (keyboard.keycode_to_keysym (keyboard.display, (unsigned char) keycode, 0, 0) != keyval)
      mods = GDK_SHIFT_MASK;
    keyboard_stroke (&keyboard, keycode, mods, ms_between_keys, !burst);
  }
  if (burst)
    keyboard_stroke (&keyboard, keyboard.keysym_to_keycode (keyboard.display, GDK_KEY_Return), 0, 0,
                     TRUE);
}

void
ui_type_text_slowly (GtkWidget *widget, const char *text, guint ms_between_keys)
{
  type_text (widget, text, ms_between_keys, FALSE);
}

void
ui_scan_text (GtkWidget *widget, const char *text)
{
  type_text (widget, text, 0, TRUE);
}

void
ui_save_screenshot (GtkWidget *widget, const char *name)
{
  g_autoptr (GPtrArray) web_views = NULL;
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width, height;

  /* Let pending layout and drawing happen first, and the pages' crossfades end: the first frames
   * of a big page can take longer than the transition itself. */
  ui_wait (300);
  ui_wait_until (transitions_done, window, 5000, "the page transitions to end");
  ui_wait (50);

  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  /* The paintable shows the window's last frame; while a redraw is pending there is none, so try
   * again after the next frame (a spinner or the payment form may keep asking for them). */
  for (guint attempt = 0; node == NULL && attempt < 100; attempt++) {
    if (attempt > 0)
      ui_wait (20);
    g_clear_object (&paintable);
    paintable = gtk_widget_paintable_new (window);
    snapshot = gtk_snapshot_new ();
    gdk_paintable_snapshot (paintable, snapshot, width, height);
    node = gtk_snapshot_free_to_node (snapshot);
  }
  g_assert_nonnull (node);

  /* The cairo renderer does not see what the web process drew: paint each visible web view's own
   * snapshot over its place in the window. */
  web_views = g_ptr_array_new ();
  collect_web_views (window, web_views);
  if (web_views->len > 0) {
    snapshot = gtk_snapshot_new ();
    gtk_snapshot_append_node (snapshot, node);
    for (guint i = 0; i < web_views->len; i++)
      append_web_view (snapshot, window, g_ptr_array_index (web_views, i));
    g_clear_pointer (&node, gsk_render_node_unref);
    node = gtk_snapshot_free_to_node (snapshot);
  }

  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
}

gboolean
ui_move_pointer (GtkWidget *widget, int x, int y)
{
  typedef int (*WarpPointer) (Display *, Window, Window, int, int, unsigned, unsigned, int, int);
  typedef int (*Flush) (Display *);
  typedef int (*RaiseWindow) (Display *, Window);
  GdkDisplay *display = gtk_widget_get_display (widget);
  GdkSurface *surface;
  WarpPointer warp_pointer;
  Flush flush;
  RaiseWindow raise_window;

  if (!GDK_IS_X11_DISPLAY (display))
    return FALSE;
  /* GTK loaded libX11; the tests do not link it themselves. */
  warp_pointer = (WarpPointer) dlsym (RTLD_DEFAULT, "XWarpPointer");
  flush = (Flush) dlsym (RTLD_DEFAULT, "XFlush");
  raise_window = (RaiseWindow) dlsym (RTLD_DEFAULT, "XRaiseWindow");
  surface = gtk_native_get_surface (gtk_widget_get_native (widget));
  if (warp_pointer == NULL || flush == NULL || raise_window == NULL || surface == NULL)
    return FALSE;
  /* The suites share one display: another test's window may lie over this one. */
  raise_window (gdk_x11_display_get_xdisplay (display), gdk_x11_surface_get_xid (surface));
  warp_pointer (gdk_x11_display_get_xdisplay (display), None, gdk_x11_surface_get_xid (surface), 0,
                0, 0, 0, x, y);
  flush (gdk_x11_display_get_xdisplay (display));
  return TRUE;
}

void
ui_press_button (GtkWidget *widget, guint button)
{
  typedef int (*FakeButton) (Display *, unsigned int, Bool, unsigned long);
  GtkNative *native = gtk_widget_get_native (widget);
  Keyboard keyboard = { 0 };
  graphene_point_t point;
  FakeButton fake_button;
  double dx, dy;

  g_assert_true (keyboard_open (widget, &keyboard));
  fake_button = (FakeButton) dlsym (RTLD_DEFAULT, "XTestFakeButtonEvent");
  g_assert_nonnull (fake_button);
  g_assert_true (
    gtk_widget_compute_point (widget, GTK_WIDGET (native),
                              &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f,
                                                    gtk_widget_get_height (widget) / 2.f),
                              &point));
  gtk_native_get_surface_transform (native, &dx, &dy);
  g_assert_true (ui_move_pointer (widget, (int) (point.x + dx), (int) (point.y + dy)));
  fake_button (keyboard.display, button, True, 0);
  fake_button (keyboard.display, button, False, 0);
  keyboard.sync (keyboard.display, False);
}

/* The language the test's words are in, for file names: "en" in the C locale. */
static char *
test_language (void)
{
  const char *lang = g_getenv ("LANGUAGE");

  if (lang == NULL || *lang == '\0')
    lang = setlocale (LC_MESSAGES, NULL);
  if (lang == NULL || g_str_has_prefix (lang, "C") || g_str_has_prefix (lang, "POSIX"))
    return g_strdup ("en");
  return g_strndup (lang, 2);
}

void
ui_save_screenshots (GtkWindow *window, GtkWidget *widget, const char *name)
{
  static const int sizes[][2] = { { 1280, 900 }, { 800, 600 } };
  g_autofree char *lang = test_language ();

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++) {
    g_autofree char *file =
      g_strdup_printf ("%s-%dx%d-%s.png", name, sizes[i][0], sizes[i][1], lang);

    ui_resize (window, sizes[i][0], sizes[i][1]);
    ui_save_screenshot (widget, file);
    if (i == 0 && g_str_equal (lang, "en")) {
      g_autofree char *plain = g_strdup_printf ("%s.png", name);

      ui_save_screenshot (widget, plain);
    }
  }
}

static void
never_answer (SoupServer *server,
              SoupServerMessage *message,
              const char *path,
              GHashTable *query,
              gpointer user_data)
{
  guint *hits = user_data;

  if (hits != NULL)
    (*hits)++;
  soup_server_message_pause (message);
}

SoupServer *
ui_start_silent_server (guint *hits, char **out_base)
{
  SoupServer *server = soup_server_new (NULL, NULL);
  g_autoptr (GError) error = NULL;
  GSList *uris;

  soup_server_add_handler (server, NULL, never_answer, hits, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  *out_base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return server;
}

typedef struct {
  gboolean done;
  gboolean ok;
  GError *error;
} SubmitWait;

static void
on_submitted (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SubmitWait *wait = user_data;

  wait->ok = pos_checkout_submit_finish (POS_CHECKOUT (object), result, &wait->error);
  wait->done = TRUE;
}

static gboolean
submit_done (gpointer user_data)
{
  return ((SubmitWait *) user_data)->done;
}

gboolean
ui_submit_and_wait (PosStation *station,
                    PosCheckout *checkout,
                    PaystarClient *client,
                    GError **error)
{
  PosCheckoutOptions options = { 0 };
  SubmitWait wait = { 0 };

  pos_station_get_checkout_options (station, &options);
  pos_checkout_submit_async (checkout, client != NULL ? client : pos_station_get_client (station),
                             &options, NULL, on_submitted, &wait);
  ui_wait_until (submit_done, &wait, 30000, "the checkout's answer");
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.ok;
}
