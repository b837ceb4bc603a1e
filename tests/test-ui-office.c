/* test-ui-office.c: the header's office indicator against a real PostgreSQL (pg-harness.c): in
 * step once the station joins, unreachable (with the error, for an administrator) when the office
 * database stops, in step again when it is back; a setting it must refuse says why.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pg-harness.h"
#include "pos-office-db.h"
#include "pos-office-indicator.h"
#include "test-ui-harness.h"

static PosOfficeIndicator *
get_indicator (UiFixture *fixture)
{
  return POS_OFFICE_INDICATOR (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                              POS_TYPE_WINDOW, "office_indicator"));
}

typedef struct {
  UiFixture *fixture;
  const char *prefix;
} TextWanted;

static gboolean
indicator_says (gpointer data)
{
  TextWanted *wanted = data;
  PosOfficeIndicator *indicator = get_indicator (wanted->fixture);

  return gtk_widget_get_visible (GTK_WIDGET (indicator)) &&
         g_str_has_prefix (pos_office_indicator_get_text (indicator), wanted->prefix);
}

static void
wait_for_text (UiFixture *fixture, const char *prefix)
{
  TextWanted wanted = { fixture, prefix };

  ui_wait_until (indicator_says, &wanted, 60000, prefix);
}

/* The window's content at a default size of 800x600 (the frame takes a few pixels of it). */
static gboolean
window_is_800_wide (gpointer data)
{
  return gtk_widget_get_width (GTK_WIDGET (data)) <= 800 &&
         gtk_widget_get_height (GTK_WIDGET (data)) <= 600;
}

static void
test_indicator (UiFixture *fixture, gconstpointer data)
{
  g_autoptr (PgServer) server = NULL;
  g_autoptr (PGconn) admin = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *admin_conninfo = NULL;
  g_autofree char *conninfo = NULL;
  PosOfficeIndicator *indicator = get_indicator (fixture);
  GtkWidget *button;
  const char *description;

  if (!pg_harness_require ())
    return;

  /* A stand-alone station shows nothing. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (indicator)));

  server = pg_server_start ();
  admin_conninfo = pg_server_conninfo (server, "office");
  admin = pos_office_connect (admin_conninfo, "test", &error);
  g_assert_no_error (error);
  pos_office_init_schema (admin, &error);
  g_assert_no_error (error);
  pos_office_exec (admin, "CREATE ROLE window1 LOGIN IN ROLE " POS_OFFICE_STATION_ROLE, &error);
  g_assert_no_error (error);

  ui_sign_in (fixture->window, 0, "1234");
  conninfo = pg_server_conninfo (server, "window1");
  pos_settings_set_office_database (fixture->settings, conninfo);
  wait_for_text (fixture, "Office: in step");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 900);
  ui_wait (200);
  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-office-in-step.png");

  g_clear_pointer (&admin, PQfinish);
  pg_server_stop (server, TRUE);
  pos_office_link_wake (pos_station_get_office_link (fixture->station));
  wait_for_text (fixture, "Office unreachable since");
  /* Ava is an administrator: the details say what went wrong, and that selling goes on. */
  button = gtk_widget_get_first_child (GTK_WIDGET (indicator));
  description = gtk_widget_get_tooltip_text (button);
  g_assert_nonnull (strstr (description, "Selling goes on"));
  g_assert_nonnull (strstr (description, "office database"));
  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-office-unreachable.png");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 800, 600);
  ui_wait_until (window_is_800_wide, fixture->window, 5000, "the window at 800x600");
  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-office-unreachable-800.png");

  pg_server_resume (server);
  pos_office_link_wake (pos_station_get_office_link (fixture->station));
  wait_for_text (fixture, "Office: in step");

  /* A setting the station must refuse: said at once, no link. */
  pos_settings_set_office_database (fixture->settings, "host=db.example.org dbname=paystar");
  wait_for_text (fixture, "Office: not joined");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "sslmode=verify-full"));

  pos_settings_set_office_database (fixture->settings, "");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (indicator)));
}

int
main (int argc, char *argv[])
{
  ui_harness_init (&argc, &argv);

  g_test_add ("/ui/office/indicator", UiFixture, NULL, ui_fixture_set_up, test_indicator,
              ui_fixture_tear_down);
  return g_test_run ();
}
