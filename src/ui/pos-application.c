/* pos-application.c: the Paystar POS application: station services, app actions, --debug.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PAYSTAR_POS_EXIT_WHEN_READY=1 (for benchmarks/bench-payment.c): once the sign-in page (or a
 * self-service station's welcome) is shown and has been painted, print "ready <microseconds
 * since the process started>" on stdout and quit. The time is measured from the kernel's start time of the process (/proc/self/stat, in
 * clock ticks, usually 10 ms) to CLOCK_BOOTTIME now; the benchmark itself times the whole thing
 * from the outside.
 */
#include "config.h"

#include "pos-application.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pos-preferences-dialog.h"
#include "pos-ui.h"
#include "pos-window.h"

struct _PosApplication {
  AdwApplication parent_instance;

  PosStation *station;
  gboolean debug;
};

G_DEFINE_FINAL_TYPE (PosApplication, pos_application, ADW_TYPE_APPLICATION)

enum { PROP_0, PROP_DEBUG, PROP_STATION, N_PROPS };

static GParamSpec *properties[N_PROPS];

static PosWindow *
get_pos_window (PosApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return POS_IS_WINDOW (window) ? POS_WINDOW (window) : NULL;
}

static void
preferences_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  PosApplication *self = user_data;
  PosWindow *window = get_pos_window (self);
  PosAgent *agent;

  g_assert (POS_IS_APPLICATION (self));

  if (window == NULL || !pos_station_get_ready (self->station))
    return;
  /* A locked station opens nothing: the sale behind the lock belongs to someone else. */
  if (pos_window_get_locked (window)) {
    pos_window_toast (window, _ ("Unlock the station first."));
    return;
  }

  agent = pos_window_get_agent (window);
  /* The dialog asks for an administrator's PIN itself. */
  pos_preferences_dialog_open (GTK_WINDOW (window), pos_station_get_settings (self->station),
                               pos_station_get_roster (self->station),
                               agent != NULL ? pos_agent_get_email (agent) : NULL,
                               G_CALLBACK (pos_station_reload_client), self->station);
}

static void
about_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  PosApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  g_assert (POS_IS_APPLICATION (self));

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW, "transient-for", window, "modal", TRUE,
                        "application-name", _ ("Paystar POS"), "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION, "license-type", GTK_LICENSE_GPL_3_0, "comments",
                        _ ("A point-of-sale terminal for Paystar’s Embedded API: agents key the "
                           "sale, Paystar’s payment form takes the card."),
                        "translator-credits", _ ("translator-credits"), NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  PosApplication *self = user_data;
  GList *windows;

  g_assert (POS_IS_APPLICATION (self));

  /* Closing the windows saves their drafts (close-request) before the application ends. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);
}

/* Exit when ready */

static gint64
usec_since_process_start (void)
{
  g_autofree char *stat = NULL;
  g_auto (GStrv) fields = NULL;
  const char *after_name;
  struct timespec now;
  guint64 start_ticks;
  long ticks_per_second = sysconf (_SC_CLK_TCK);

  /* Field 22 (starttime); the command name in field 2 may hold spaces, so count after ")". */
  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      (after_name = strrchr (stat, ')')) == NULL || ticks_per_second <= 0 ||
      clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return -1;
  fields = g_strsplit (after_name + 2, " ", 0);
  if (g_strv_length (fields) < 20)
    return -1;
  start_ticks = g_ascii_strtoull (fields[19], NULL, 10);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000 -
         (gint64) (start_ticks * G_USEC_PER_SEC / (guint64) ticks_per_second);
}

static void
on_ready_painted (GdkFrameClock *clock, PosApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_ready_painted, self);
  g_print ("ready %" G_GINT64_FORMAT "\n", usec_since_process_start ());
  fflush (stdout);
  g_application_quit (G_APPLICATION (self));
}

static void
on_visible_page (PosWindow *window, GParamSpec *pspec, PosApplication *self)
{
  GdkFrameClock *clock;

  /* The first page that takes input: sign-in, or a self-service station's welcome. */
  if (g_strcmp0 (pos_window_get_visible_page (window), "sign-in") != 0 &&
      g_strcmp0 (pos_window_get_visible_page (window), "self-service") != 0)
    return;
  g_signal_handlers_disconnect_by_func (window, on_visible_page, self);
  /* The page is there and takes input; quit after the frame that shows it. */
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_ready_painted), self, 0);
  gtk_widget_queue_draw (GTK_WIDGET (window));
}

/* The kiosk lockdown (kiosk mode, or self-service) turns About off: its links would open a
 * browser, a way out of the kiosk. */
static void
update_about (PosApplication *self)
{
  PosSettings *settings = pos_station_get_settings (self->station);
  GAction *about = g_action_map_lookup_action (G_ACTION_MAP (self), "about");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (about),
                               !pos_settings_get_kiosk_mode (settings) &&
                                 !pos_settings_get_self_service (settings));
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_activated },
  { "about", about_activated },
  { "quit", quit_activated },
};

static void
pos_application_startup (GApplication *application)
{
  PosApplication *self = POS_APPLICATION (application);
  static const char *const preferences_accels[] = { "<Control>comma", NULL };
  static const char *const quit_accels[] = { "<Control>q", NULL };

  /* Before chaining up: AdwApplication loads style.css from the resources during startup. */
  pos_ui_init ();
  G_APPLICATION_CLASS (pos_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);

  self->station = pos_station_new (NULL, NULL);
  g_signal_connect_object (pos_station_get_settings (self->station), "notify::kiosk-mode",
                           G_CALLBACK (update_about), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (pos_station_get_settings (self->station), "notify::self-service",
                           G_CALLBACK (update_about), self, G_CONNECT_SWAPPED);
  update_about (self);
}

static void
pos_application_activate (GApplication *application)
{
  PosApplication *self = POS_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* The window shows at once and starts the station (journal, sandbox) behind its first frame. */
  if (window == NULL) {
    window = GTK_WINDOW (pos_window_new (GTK_APPLICATION (self), self->station));
    if (g_strcmp0 (g_getenv ("PAYSTAR_POS_EXIT_WHEN_READY"), "1") == 0) {
      g_signal_connect_object (window, "notify::visible-page", G_CALLBACK (on_visible_page), self,
                               0);
      gtk_window_present (window);
      on_visible_page (POS_WINDOW (window), NULL, self);
      return;
    }
  }
  gtk_window_present (window);
}

static int
pos_application_handle_local_options (GApplication *application, GVariantDict *options)
{
  PosApplication *self = POS_APPLICATION (application);

  if (g_variant_dict_contains (options, "version")) {
    g_print ("paystar-pos %s\n", PACKAGE_VERSION);
    return 0;
  }
  if (g_variant_dict_contains (options, "debug")) {
    self->debug = TRUE;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEBUG]);
  }
  return -1;
}

static void
pos_application_dispose (GObject *object)
{
  PosApplication *self = POS_APPLICATION (object);

  g_clear_object (&self->station);

  G_OBJECT_CLASS (pos_application_parent_class)->dispose (object);
}

static void
pos_application_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosApplication *self = POS_APPLICATION (object);

  switch (prop_id) {
    case PROP_DEBUG:
      g_value_set_boolean (value, self->debug);
      break;
    case PROP_STATION:
      g_value_set_object (value, self->station);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_application_class_init (PosApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = pos_application_dispose;
  object_class->get_property = pos_application_get_property;
  application_class->startup = pos_application_startup;
  application_class->activate = pos_application_activate;
  application_class->handle_local_options = pos_application_handle_local_options;

  properties[PROP_DEBUG] =
    g_param_spec_boolean ("debug", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATION] =
    g_param_spec_object ("station", NULL, NULL, POS_TYPE_STATION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pos_application_init (PosApplication *self)
{
  /* The command line carries no secrets: there is no option for a key or a PIN. */
  static const GOptionEntry entries[] = {
    { "debug", 'd', 0, G_OPTION_ARG_NONE, NULL,
      N_ ("Enable debugging aids (the payment view's web inspector)"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_ ("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

PosApplication *
pos_application_new (void)
{
  return g_object_new (POS_TYPE_APPLICATION, "application-id", APPLICATION_ID, "flags",
                       G_APPLICATION_DEFAULT_FLAGS, "resource-base-path", "/io/paystar/Pos", NULL);
}

gboolean
pos_application_get_debug (PosApplication *self)
{
  g_return_val_if_fail (POS_IS_APPLICATION (self), FALSE);

  return self->debug;
}

PosStation *
pos_application_get_station (PosApplication *self)
{
  g_return_val_if_fail (POS_IS_APPLICATION (self), NULL);

  return self->station;
}
