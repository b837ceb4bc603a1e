/* test-web-module.c: the payment form as a module of its own (src/ui/pos-web-loader.c). This
 * program is built as paystar-pos is (src/ui/meson.build): WebKit not linked, the program's
 * symbols exported, and beside the module, paystar-pos-web.so, where the loader looks first.
 * It starts with no WebKit in its memory, loads the module once its first window has painted
 * its first frame, and a sale of the station's built-in sandbox opens Paystar's form through
 * the module's view, to the SDK's PAYMENT-SESSION.LOADED.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "pos-payment-page.h"
#include "pos-payment-view.h"
#include "pos-station-checkout.h"
#include "pos-test-util.h"
#include "pos-ui.h"
#include "pos-web-loader.h"
#include "station-test-util.h"

#define TIMEOUT_SECONDS 60

static GtkApplication *application;

/* WebKitGTK's library in this process's memory. */
static gboolean
webkit_mapped (void)
{
  g_autofree char *maps = NULL;
  g_autoptr (GError) error = NULL;

  g_file_get_contents ("/proc/self/maps", &maps, NULL, &error);
  g_assert_no_error (error);
  return strstr (maps, "libwebkitgtk-6.0") != NULL;
}

static void
wait_until (gboolean (*condition) (gpointer), gpointer data, const char *what)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_SECONDS * G_USEC_PER_SEC;

  while (!condition (data)) {
    if (g_get_monotonic_time () > deadline)
      g_error ("waited %d s for %s", TIMEOUT_SECONDS, what);
    g_main_context_iteration (NULL, FALSE);
    g_usleep (1000);
  }
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
webkit_loaded (gpointer data)
{
  return webkit_mapped ();
}

typedef struct {
  int webkit_at_map; /* -1 before the map, then 0 or 1 */
  gboolean painted;  /* the first frame */
} FirstFrame;

static void
on_painted (GdkFrameClock *clock, FirstFrame *first)
{
  g_signal_handlers_disconnect_by_func (clock, on_painted, first);
  first->painted = TRUE;
}

static void
on_map (GtkWidget *window, FirstFrame *first)
{
  first->webkit_at_map = webkit_mapped () ? 1 : 0;
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_painted),
                    first);
}

/* Nothing loads WebKit before the first window shows; after its first frame the module comes,
 * without anyone asking for a payment form. */
static void
test_after_first_frame (void)
{
  GtkWindow *window;
  FirstFrame first = { -1, FALSE };

  g_assert_false (webkit_mapped ());
  pos_web_loader_preload_after_first_frame (application);
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_application (window, application);
  g_signal_connect (window, "map", G_CALLBACK (on_map), &first);
  gtk_window_present (window);
  wait_until (is_true, &first.painted, "the first frame");
  g_assert_cmpint (first.webkit_at_map, ==, 0);
  wait_until (webkit_loaded, NULL, "the module to load WebKit");
  gtk_window_destroy (window);
}

static void
on_submitted (GObject *object, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (pos_checkout_submit_finish (POS_CHECKOUT (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

static void
on_loaded (PosPaymentPage *page, gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* A sale through the module's view, as the window shows one. */
static void
test_payment_form (void)
{
  g_autofree char *dir = pos_test_make_tmp_dir ("paystar-web-module-XXXXXX");
  g_autofree char *ava = pos_test_agent_email ("ava");
  PosSettings *settings = station_test_settings_new ();
  PosStation *station = pos_station_new (settings, dir);
  PosCheckoutOptions options = { 0 };
  g_autoptr (PosCheckout) checkout = NULL;
  PosCharge *charge;
  PosPaymentView *view;
  GtkWidget *page;
  GtkWindow *window;
  gboolean submitted = FALSE;
  gboolean loaded = FALSE;

  station_test_start (station);
  checkout = pos_checkout_new (pos_station_get_journal (station), ava,
                               pos_settings_get_station_name (settings));
  charge = pos_sale_get_charge (pos_checkout_get_sale (checkout), 0);
  pos_charge_set_field (charge, POS_CHARGE_FIELD_AMOUNT_TEXT, "12.50");
  pos_charge_set_field (charge, POS_CHARGE_FIELD_DESCRIPTION, "Water service");
  pos_charge_set_has_account (charge, TRUE);
  pos_charge_set_field (charge, POS_CHARGE_FIELD_ACCOUNT_NUMBER, "ACC-12345");
  pos_charge_set_field (charge, POS_CHARGE_FIELD_ACCOUNT_NAME, "Jordan Lee");
  pos_station_get_checkout_options (station, &options);
  pos_checkout_submit_async (checkout, pos_station_get_client (station), &options, NULL,
                             on_submitted, &submitted);
  wait_until (is_true, &submitted, "the sandbox's answer");
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_CREATED);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1024, 768);
  page = pos_payment_page_new ();
  pos_payment_page_set_station (POS_PAYMENT_PAGE (page), station);
  gtk_window_set_child (window, page);
  g_signal_connect (page, "loaded", G_CALLBACK (on_loaded), &loaded);
  gtk_window_present (window);

  /* The view's type and functions are the module's. */
  view = pos_payment_view_new_for_settings (settings, FALSE);
  g_assert_true (POS_IS_PAYMENT_VIEW (view));
  g_assert_cmpint (pos_payment_view_get_mode (view), ==, POS_PAYMENT_PAGE_MODE_SDK);
  pos_payment_page_begin (POS_PAYMENT_PAGE (page), view, checkout, NULL);
  wait_until (is_true, &loaded, "Paystar's form (PAYMENT-SESSION.LOADED)");
  g_assert_cmpint (pos_payment_page_get_state (POS_PAYMENT_PAGE (page)), ==,
                   POS_PAYMENT_PAGE_READY);
  g_assert_true (pos_payment_page_get_view (POS_PAYMENT_PAGE (page)) == view);
  g_assert_cmpint (pos_checkout_get_state (checkout), ==, POS_SALE_STATUS_CREATED);

  pos_payment_page_end (POS_PAYMENT_PAGE (page));
  gtk_window_destroy (window);
  g_clear_object (&checkout);
  station_test_assert_finalized (station);
  g_object_unref (settings);
  pos_test_remove_tree (dir);
}

/* A payment form asked for: the module's view. */
static void
test_form_needed (void)
{
  PosSettings *settings = station_test_settings_new ();
  PosPaymentView *view = g_object_ref_sink (pos_payment_view_new_for_settings (settings, FALSE));

  g_assert_true (POS_IS_PAYMENT_VIEW (view));
  g_assert_finalize_object (view);
  g_object_unref (settings);
}

/* An installation without the module: this program copied to a folder of its own, where no
 * module is beside it, stops with a message that says what is missing and what to do when a
 * payment form is asked for, instead of crashing later. */
static void
test_missing (void)
{
  g_autofree char *installed = g_build_filename (POS_MODULE_DIR, "paystar-pos-web.so", NULL);
  g_autofree char *program = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = pos_test_make_tmp_dir ("paystar-web-module-missing-XXXXXX");
  g_autofree char *copy = g_build_filename (dir, "test-web-module", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *child_err = NULL;
  g_autoptr (GError) error = NULL;
  const char *argv[] = { copy, "-p", "/web-module/form-needed", NULL };
  gsize length = 0;
  int status = 0;

  if (g_file_test (installed, G_FILE_TEST_EXISTS)) {
    g_test_skip ("an installed paystar-pos-web.so would be found");
    pos_test_remove_tree (dir);
    return;
  }
  g_assert_nonnull (program);
  g_assert_true (g_file_get_contents (program, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (
    g_file_set_contents_full (copy, contents, length, G_FILE_SET_CONTENTS_NONE, 0700, &error));
  g_assert_no_error (error);

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &child_err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("the copy said: %s", child_err);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (child_err, "The payment form cannot be shown: its module could not be "
                                       "loaded"));
  g_assert_nonnull (strstr (child_err, "paystar-pos-web.so"));
  g_assert_nonnull (strstr (child_err, "Reinstall Paystar POS"));
  pos_test_remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Before anything could map it: this program links no WebKit. */
  g_assert_false (webkit_mapped ());

  application = gtk_application_new (NULL, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  pos_ui_init ();

  g_test_add_func ("/web-module/after-first-frame", test_after_first_frame);
  g_test_add_func ("/web-module/payment-form", test_payment_form);
  g_test_add_func ("/web-module/form-needed", test_form_needed);
  g_test_add_func ("/web-module/missing", test_missing);
  status = g_test_run ();
  g_object_unref (application);
  return status;
}
