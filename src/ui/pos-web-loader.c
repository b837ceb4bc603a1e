/* pos-web-loader.c: the program's side of its payment form module.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * WebKitGTK and the hundred libraries behind it (JavaScriptCore, ICU, GStreamer, ...) took about
 * 100 ms to map and relocate at every start, before main(), for a page the sign-in screen does
 * not need. So the payment view (pos-payment-view.c, the only code that calls WebKit) is built
 * as the module paystar-pos-web.so, and the program, which links no WebKit, defines here the few
 * pos_payment_view_*() functions the rest of the front end calls: each loads the module if it is
 * not loaded yet and calls the module's own. The module finds the program's functions (settings,
 * the bridge server, the web policy) because the program exports its symbols.
 *
 * Where the module is: beside the program (the build tree), else in POS_MODULE_DIR (installed).
 * The tests and benchmarks link the view directly and do not use this file.
 */
#include "config.h"

#include "pos-web-loader.h"

#include <gmodule.h>

#include "pos-payment-view.h"

#define MODULE_NAME "paystar-pos-web.so"

static struct {
  GType (*get_type) (void);
  PosPaymentView *(*new_for_settings) (PosSettings *settings, gboolean debug);
  void (*prewarm) (PosPaymentView *self);
  void (*open) (PosPaymentView *self, const char *payment_link);
  PosPaymentPageMode (*get_mode) (PosPaymentView *self);
} web;

static char *
find_module (void)
{
  g_autofree char *program = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *installed = g_build_filename (POS_MODULE_DIR, MODULE_NAME, NULL);

  if (program != NULL) {
    g_autofree char *dir = g_path_get_dirname (program);
    g_autofree char *beside = g_build_filename (dir, MODULE_NAME, NULL);

    if (g_file_test (beside, G_FILE_TEST_IS_REGULAR))
      return g_steal_pointer (&beside);
  }
  return g_steal_pointer (&installed);
}

static gboolean
lookup (GModule *module, const char *name, gpointer *out, char **problem)
{
  if (g_module_symbol (module, name, out) && *out != NULL)
    return TRUE;
  *problem = g_strdup_printf ("%s has no %s", g_module_name (module), name);
  return FALSE;
}

/* Loads the module and fills `web`, once: a GOnce function. Returns why it could not (never
 * freed), or NULL. */
static gpointer
load (gpointer data)
{
  g_autofree char *path = find_module ();
  char *problem = NULL;
  GModule *module;

  /* Every symbol resolved now: one the program does not have is an error here, not a crash at
   * the first payment. */
  module = g_module_open (path, G_MODULE_BIND_LOCAL);
  if (module == NULL)
    return g_strdup (g_module_error ());
  if (!lookup (module, "pos_payment_view_get_type", (gpointer *) &web.get_type, &problem) ||
      !lookup (module, "pos_payment_view_new_for_settings", (gpointer *) &web.new_for_settings,
               &problem) ||
      !lookup (module, "pos_payment_view_prewarm", (gpointer *) &web.prewarm, &problem) ||
      !lookup (module, "pos_payment_view_open", (gpointer *) &web.open, &problem) ||
      !lookup (module, "pos_payment_view_get_mode", (gpointer *) &web.get_mode, &problem)) {
    g_module_close (module);
    return problem;
  }
  /* Its types stay registered: it is never unloaded. */
  g_module_make_resident (module);
  return NULL;
}

/* The module loaded, by whichever thread asks first (the other waits for it); why not, or NULL. */
static const char *
load_once (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, load, NULL);
}

static void
ensure_loaded (void)
{
  const char *problem = load_once ();

  /* An installation without the module cannot take a payment; nothing else would tell. */
  if (problem != NULL)
    g_error ("The payment form cannot be shown: its module could not be loaded (%s). Reinstall "
             "Paystar POS.",
             problem);
}

static gpointer
preload_thread (gpointer data)
{
  const char *problem = load_once ();

  if (problem != NULL)
    g_critical ("The payment form's module could not be loaded: %s", problem);
  return NULL;
}

static void
on_first_paint (GdkFrameClock *clock, gpointer data)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_paint, data);
  g_thread_unref (g_thread_new ("pos-web-loader", preload_thread, NULL));
}

static void
on_window_mapped (GtkWidget *window, gpointer data)
{
  g_signal_handlers_disconnect_by_func (window, on_window_mapped, data);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_first_paint),
                    NULL);
}

static void
on_window_added (GtkApplication *application, GtkWindow *window, gpointer data)
{
  g_signal_handlers_disconnect_by_func (application, on_window_added, data);
  g_signal_connect (window, "map", G_CALLBACK (on_window_mapped), NULL);
}

void
pos_web_loader_preload_after_first_frame (GtkApplication *application)
{
  g_return_if_fail (GTK_IS_APPLICATION (application));

  g_signal_connect (application, "window-added", G_CALLBACK (on_window_added), NULL);
}

/* The view's functions the front end calls (pos-payment-view.h). */

GType
pos_payment_view_get_type (void)
{
  ensure_loaded ();
  return web.get_type ();
}

PosPaymentView *
pos_payment_view_new_for_settings (PosSettings *settings, gboolean debug)
{
  ensure_loaded ();
  return web.new_for_settings (settings, debug);
}

void
pos_payment_view_prewarm (PosPaymentView *self)
{
  ensure_loaded ();
  web.prewarm (self);
}

void
pos_payment_view_open (PosPaymentView *self, const char *payment_link)
{
  ensure_loaded ();
  web.open (self, payment_link);
}

PosPaymentPageMode
pos_payment_view_get_mode (PosPaymentView *self)
{
  ensure_loaded ();
  return web.get_mode (self);
}
