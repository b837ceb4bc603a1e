/* test-ui-i18n.c: the Spanish translation from the build tree, as build-aux/run shows it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The program does what paystar-pos's main() does (pos_process_init()) with LC_ALL=es_ES.UTF-8
 * and PAYSTAR_POS_LOCALEDIR pointing at this build's po/ directory, as build-aux/run sets it, and
 * checks the window in Spanish: the sign-in page, and the built-in charge types, which are shown
 * translated while the sale keeps the setting's English value (sent to Paystar as ChargeType).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "a11y-walk.h"
#include "pos-process.h"
#include "pos-test-util.h"
#include "test-ui-harness.h"

#define LOCALE "es_ES.UTF-8"

static char *locale_dir; /* a locale built for this run, when the system has none */

static void
remove_locale_dir (void)
{
  if (locale_dir != NULL)
    pos_test_remove_tree (locale_dir);
  g_clear_pointer (&locale_dir, g_free);
}

/* es_ES.UTF-8 as installed (build-aux/install-deps generates it), or built with localedef into
 * a temporary LOCPATH from the locales package's sources. FALSE when neither is possible. */
static gboolean
make_spanish_available (void)
{
  g_autofree char *localedef = g_find_program_in_path ("localedef");
  g_autofree char *output = NULL;
  g_autoptr (GError) error = NULL;
  int wait_status = 0;
  const char *argv[] = { NULL, "-i", "es_ES", "-f", "UTF-8", NULL, NULL };

  if (setlocale (LC_ALL, LOCALE) != NULL)
    return TRUE;
  if (localedef == NULL || !g_file_test ("/usr/share/i18n/locales/es_ES", G_FILE_TEST_EXISTS))
    return FALSE;
  locale_dir = g_dir_make_tmp ("paystar-i18n-locale-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (remove_locale_dir);
  output = g_build_filename (locale_dir, LOCALE, NULL);
  argv[0] = localedef;
  argv[5] = output;
  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL,
                     NULL, &wait_status, &error))
    return FALSE;
  g_setenv ("LOCPATH", locale_dir, TRUE);
  return setlocale (LC_ALL, LOCALE) != NULL;
}

static void
test_bound_to_build_tree (void)
{
  g_autofree char *expected = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  g_autofree char *expected_canonical = g_canonicalize_filename (expected, NULL);
  g_autofree char *mo =
    g_build_filename (expected_canonical, "es", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);

  g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (pos_process_get_localedir (), ==, expected_canonical);
  g_assert_cmpstr (setlocale (LC_MESSAGES, NULL), ==, LOCALE);
  g_assert_cmpstr (g_dpgettext2 (GETTEXT_PACKAGE, "sign-in page title", "Sign In"), ==,
                   "Iniciar sesión");
}

/* The language the payment view asks Paystar's page for (pos-payment-view.c) is the app's. */
static void
test_web_language (void)
{
  g_autofree char *language = pos_process_dup_language ();

  g_assert_cmpstr (language, ==, "es");
}

static gboolean
has_label (GtkWidget *widget, const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0 &&
      gtk_widget_is_drawable (widget))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child)) {
    if (has_label (child, text))
      return TRUE;
  }
  return FALSE;
}

static void
test_sign_in_page (UiFixture *fixture, gconstpointer data)
{
  PosSignInPage *page = ui_sign_in_page (fixture->window);

  /* What the window shows, not only what gettext answers. */
  g_assert_true (has_label (GTK_WIDGET (fixture->window), "Iniciar sesión"));
  g_assert_false (has_label (GTK_WIDGET (fixture->window), "Sign In"));
  g_assert_cmpstr (
    gtk_button_get_label (GTK_BUTTON (GTK_WIDGET (ui_child (page, "sign_in_button")))), ==,
    "_Iniciar sesión");
  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-i18n-sign-in.png");
}

static void
test_charge_types (UiFixture *fixture, gconstpointer data)
{
  static const char *const builtin[] = { "Utility bill", "Deposit", "Fee", "Other", NULL };
  const guint n_builtin = G_N_ELEMENTS (builtin) - 1;
  PosSalePage *sale_page;
  PosChargeRow *row;
  GtkDropDown *dropdown;
  GListModel *model;
  guint n;

  /* The schema's default list, as it is stored: English. */
  g_assert_true (g_strv_equal ((const char *const *) pos_settings_get_charge_types (
                                 pos_station_get_settings (fixture->station)),
                               builtin));

  ui_sign_in (fixture->window, 0, "1234");
  sale_page = ui_sale_page (fixture->window);
  row = ui_charge_row (sale_page, 0);
  g_assert_nonnull (row);
  dropdown = GTK_DROP_DOWN (ui_child (row, "type_dropdown"));
  model = gtk_drop_down_get_model (dropdown);
  n = g_list_model_get_n_items (model);
  /* "None", then the four built-in types, translated. */
  g_assert_cmpuint (n, ==, 1 + n_builtin);
  for (guint i = 0; i < n_builtin; i++) {
    const char *shown = gtk_string_list_get_string (GTK_STRING_LIST (model), i + 1);

    g_assert_cmpstr (shown, ==, g_dpgettext2 (GETTEXT_PACKAGE, "charge type", builtin[i]));
    g_assert_cmpstr (shown, !=, builtin[i]);
  }
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 1), ==,
                   "Factura de servicios");

  /* Choosing the translated label stores the English value. */
  gtk_drop_down_set_selected (dropdown, 1);
  g_assert_cmpstr (pos_charge_get_charge_type (pos_charge_row_get_charge (row)), ==,
                   "Utility bill");
  gtk_drop_down_set_selected (dropdown, 3);
  g_assert_cmpstr (pos_charge_get_charge_type (pos_charge_row_get_charge (row)), ==, "Fee");
  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-i18n-sale.png");
}

static void
skip_without_spanish (void)
{
  /* A machine that never generated es_ES.UTF-8 cannot show Spanish: not this code's fault. */
  g_test_skip ("No es_ES.UTF-8 locale and no sources to build one: run build-aux/install-deps");
}

/* Larger text in Spanish, whose words are longer: at 1024x768, with a customer account open,
 * nothing of the sale is cut off. */
static void
test_larger_text (UiFixture *fixture, gconstpointer data)
{
  static const char *const whole[] = {
    "Ava Alvarez", "Venta",       "Historial",     "Cerrar sesión",    "Cargo 1",
    "Importe",     "Descripción", "Tipo de cargo", "Número de cuenta", "Cuenta del cliente",
  };
  GtkWidget *window = GTK_WIDGET (fixture->window);

  ui_sign_in (fixture->window, 0, "1234");
  pos_settings_set_larger_text (fixture->settings, TRUE);
  gtk_expander_set_expanded (
    GTK_EXPANDER (ui_child (ui_charge_row (ui_sale_page (fixture->window), 0), "account_expander")),
    TRUE);
  ui_resize (GTK_WINDOW (fixture->window), 1024, 768);
  ui_save_screenshot (window, "ui-i18n-larger-text-1024.png");
  for (guint i = 0; i < G_N_ELEMENTS (whole); i++)
    ui_assert_label_whole (window, whole[i]);
}

/* What a screen reader hears in Spanish: every control of the sign-in page and of a sale with an
 * account open has a usable name (tests/a11y-walk.c), the translations' mnemonics included. */
static void
test_a11y_walk (UiFixture *fixture, gconstpointer data)
{
  g_autoptr (GString) failures = g_string_new (NULL);
  A11yWalk walk = { 0 };

  a11y_walk_open (&walk);
  a11y_walk_check_names (&walk, "inicio de sesión", failures);
  ui_sign_in (fixture->window, 0, "1234");
  gtk_expander_set_expanded (
    GTK_EXPANDER (ui_child (ui_charge_row (ui_sale_page (fixture->window), 0), "account_expander")),
    TRUE);
  a11y_walk_check_names (&walk, "venta", failures);
  a11y_walk_close (&walk);
  if (failures->len > 0)
    g_error ("controls without a usable name:%s", failures->str);
}

int
main (int argc, char *argv[])
{
  g_autofree char *po_dir = NULL;
  gboolean spanish;

  /* G_TEST_BUILDDIR is set by meson; g_test_build_filename() needs g_test_init() first. */
  g_assert_nonnull (g_getenv ("G_TEST_BUILDDIR"));
  po_dir = g_canonicalize_filename ("../po", g_getenv ("G_TEST_BUILDDIR"));
  spanish = make_spanish_available ();
  /* As build-aux/run and LANG=es_ES.UTF-8 would have it (the test environment sets LC_ALL). Not
   * without the locale: GTK would warn that the C library does not support it. */
  if (spanish)
    g_setenv ("LC_ALL", LOCALE, TRUE);
  g_unsetenv ("LANGUAGE");
  /* The tests' environment turns accessibility off; the Spanish walk reads it. */
  g_unsetenv ("GTK_A11Y");
  g_setenv (POS_LOCALEDIR_ENV_VAR, po_dir, TRUE);
  pos_process_init ();

  ui_harness_init (&argc, &argv);
  if (!spanish) {
    g_test_add_func ("/ui/i18n/no-spanish-locale", skip_without_spanish);
    return g_test_run ();
  }
  g_test_add_func ("/ui/i18n/bound-to-build-tree", test_bound_to_build_tree);
  g_test_add_func ("/ui/i18n/web-language", test_web_language);
  UI_TEST_ADD ("/ui/i18n/sign-in-page", NULL, test_sign_in_page);
  UI_TEST_ADD ("/ui/i18n/charge-types", NULL, test_charge_types);
  UI_TEST_ADD ("/ui/i18n/larger-text", NULL, test_larger_text);
  UI_TEST_ADD ("/ui/i18n/a11y-walk", NULL, test_a11y_walk);
  return g_test_run ();
}
