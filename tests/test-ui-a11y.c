/* test-ui-a11y.c: what a screen reader hears, page by page: every control has a name.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test reads its own window the way Orca does: through the AT-SPI tree on the accessibility
 * bus (GTK's own AT-SPI backend, not a stand-in; tests/a11y-walk.c). On each page (sign-in, sale
 * with an account open, the recovery list, the payment step, History, the success screen,
 * Preferences) it fails on any showing button, entry, toggle, drop-down, list item or link whose
 * name is empty, is a type name ("GtkImage"), shows a mnemonic underscore ("_Sign In") or repeats
 * itself ("Sign In Sign In"). tests/test-ui-i18n.c walks the same way in Spanish.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "a11y-walk.h"
#include "pos-preferences-dialog.h"
#include "pos-test-util.h"
#include "test-ui-harness.h"

static gboolean
page_shown (gpointer user_data)
{
  GtkWidget *widget = user_data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static gboolean
form_ready (gpointer user_data)
{
  return pos_payment_page_get_state (POS_PAYMENT_PAGE (user_data)) == POS_PAYMENT_PAGE_READY;
}

static void
test_pages (UiFixture *f, gconstpointer data)
{
  g_autoptr (GString) failures = g_string_new (NULL);
  g_autofree char *ava = pos_test_agent_email ("ava");
  g_autoptr (GError) error = NULL;
  g_autoptr (PosSaleRecord) record = NULL;
  PosSalePage *sale_page;
  gint64 id;
  gint64 paid;
  GtkWidget *preferences;
  GtkWidget *outcome_window;
  GtkWidget *outcome;
  A11yWalk walk = { 0 };

  a11y_walk_open (&walk);
  a11y_walk_check_names (&walk, "sign-in", failures);

  /* A sale an earlier run left without an outcome: the recovery list after sign-in, then a
   * row of History. */
  id = pos_journal_begin_submit (pos_station_get_journal (f->station), ava, "{}", "POS-A11Y-1",
                                 4200, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  ui_sign_in_wait_page (f->window, 0, "1234", "recovery");
  a11y_walk_check_names (&walk, "recovery", failures);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui_recovery_page (f->window)),
                                             "recovery.continue", NULL));
  ui_wait_for_page (f->window, "sale");

  /* The sale, with a customer account open on its first charge. */
  sale_page = ui_sale_page (f->window);
  gtk_expander_set_expanded (
    GTK_EXPANDER (ui_child (ui_charge_row (sale_page, 0), "account_expander")), TRUE);
  ui_set_charge_field (f->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "12.50");
  a11y_walk_check_names (&walk, "sale", failures);

  /* The payment step: the page around the form. (WebKit's content does not appear in the
   * window's AT-SPI tree here; see the README.) */
  ui_set_charge_field (f->window, 0, POS_CHARGE_FIELD_DESCRIPTION, "Water service");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.submit", NULL));
  ui_wait_until (form_ready, ui_payment_page (f->window), 30000, "the payment form");
  a11y_walk_check_names (&walk, "payment", failures);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-sale", NULL));
  ui_wait_for_page (f->window, "sale");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-history", NULL));
  ui_wait_for_page (f->window, "history");
  a11y_walk_check_names (&walk, "history", failures);

  /* The success screen of a paid sale, in a window of its own. */
  paid = pos_test_add_sale (pos_station_get_journal (f->station), ava, "POS-A11Y-2",
                            "{\"Charges\":[{\"Amount\":1250}],\"ClientReference\":\"POS-A11Y-2\"}",
                            1250, POS_SALE_STATUS_SUCCEEDED, NULL, "4242");
  record = pos_journal_lookup (pos_station_get_journal (f->station), paid, &error);
  g_assert_no_error (error);
  outcome_window = gtk_window_new ();
  outcome = pos_outcome_page_new ();
  gtk_window_set_child (GTK_WINDOW (outcome_window), outcome);
  pos_outcome_page_set_record (POS_OUTCOME_PAGE (outcome), record, "Ava Alvarez", "Acme Utilities");
  gtk_window_present (GTK_WINDOW (outcome_window));
  ui_wait_until (page_shown, outcome, 5000, "the success screen");
  a11y_walk_check_names (&walk, "outcome", failures);
  gtk_window_destroy (GTK_WINDOW (outcome_window));

  preferences = pos_preferences_dialog_new (GTK_WINDOW (f->window), f->settings,
                                            pos_station_get_roster (f->station));
  gtk_window_present (GTK_WINDOW (preferences));
  ui_wait_until (page_shown, preferences, 5000, "the preferences");
  a11y_walk_check_names (&walk, "preferences", failures);
  gtk_window_destroy (GTK_WINDOW (preferences));

  a11y_walk_close (&walk);
  if (failures->len > 0)
    g_error ("controls without a usable name:%s", failures->str);
}

int
main (int argc, char *argv[])
{
  /* The tests' environment turns accessibility off (GTK_A11Y=none); this one reads it. */
  g_unsetenv ("GTK_A11Y");
  ui_harness_init (&argc, &argv);

  UI_TEST_ADD ("/ui/a11y/pages", NULL, test_pages);

  return g_test_run ();
}
