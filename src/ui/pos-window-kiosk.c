/* pos-window-kiosk.c: the window's lockdown at a kiosk and at a self-service station, and the
 * administrator's PIN that each of its locks asks for.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Split out of pos-window.c, sharing its instance structure through pos-window-private.h. Under
 * the lockdown (the settings' kiosk-mode or self-service) the window stays fullscreen and comes
 * back when minimized; closing it, opening the History, leaving kiosk mode and leaving
 * self-service each ask for an administrator's PIN first; at a self-service station the staff
 * key signs an administrator in.
 */
#include "config.h"

#include "pos-window-private.h"

#include <glib/gi18n.h>

static void
close_as_admin (PosWindow *self, PosAgent *admin)
{
  self->close_allowed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static void
open_history_as_admin (PosWindow *self, PosAgent *admin)
{
  if (!pos_window_signed_in (self))
    return;
  self->history_allowed = TRUE;
  adw_view_stack_set_visible_child_name (self->main_stack, "history");
}

void
pos_window_kiosk_ask_for_history (PosWindow *self)
{
  pos_window_require_admin (self, _ ("Only an administrator can open the History at a kiosk."),
                            open_history_as_admin);
}

static void
leave_kiosk_as_admin (PosWindow *self, PosAgent *admin)
{
  /* The window leaves fullscreen through its binding to the setting. */
  pos_settings_set_kiosk_mode (pos_station_get_settings (self->station), FALSE);
}

static void
leave_kiosk_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  PosWindow *self = user_data;

  g_assert (POS_IS_WINDOW (self));

  pos_window_require_admin (self, _ ("Only an administrator can leave kiosk mode."),
                            leave_kiosk_as_admin);
}

static void
on_fullscreened (PosWindow *self)
{
  g_assert (POS_IS_WINDOW (self));

  /* Leaving fullscreen (a window manager's key, say) is leaving the kiosk: only
   * "win.leave-kiosk" does that, with an administrator's PIN. */
  if (pos_window_get_kiosk_mode (self) && !gtk_window_is_fullscreen (GTK_WINDOW (self)))
    gtk_window_fullscreen (GTK_WINDOW (self));
}

/* A window manager that minimizes the kiosk (a key, a panel) gets it back at once. */
static void
on_surface_state (GdkToplevel *toplevel, GParamSpec *pspec, PosWindow *self)
{
  if (pos_window_get_kiosk_mode (self) &&
      (gdk_toplevel_get_state (toplevel) & GDK_TOPLEVEL_STATE_MINIMIZED) != 0)
    gtk_window_present (GTK_WINDOW (self));
}

static void
on_realize (PosWindow *self)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (self));

  if (GDK_IS_TOPLEVEL (surface))
    g_signal_connect_object (surface, "notify::state", G_CALLBACK (on_surface_state), self, 0);
}

static void
update_kiosk (PosWindow *self)
{
  pos_window_set_kiosk (self, pos_window_get_kiosk_mode (self));
}

static void
on_self_service_changed (PosWindow *self)
{
  update_kiosk (self);
  /* Whatever a customer left goes when the station stops or starts serving them. */
  pos_self_service_page_reset (self->self_service_page);
  pos_window_update_ui (self);
}

static void
leave_self_service_as_admin (PosWindow *self, PosAgent *admin)
{
  pos_settings_set_self_service (pos_station_get_settings (self->station), FALSE);
}

static void
leave_self_service_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  PosWindow *self = user_data;

  g_assert (POS_IS_WINDOW (self));

  pos_window_require_admin (self, _ ("Only an administrator can leave self-service."),
                            leave_self_service_as_admin);
}

/* Staff at a self-service station: an administrator's PIN signs them in, as at a staffed kiosk
 * (Preferences, History, Leave Self-Service in the menu); signing out is back to the welcome. */
static void
sign_staff_in (PosWindow *self, PosAgent *admin)
{
  if (pos_window_signed_in (self))
    return;
  /* The customer's screen goes first, an open form closed through its checkout. */
  pos_self_service_page_reset (self->self_service_page);
  pos_window_on_signed_in (self, admin);
  self->history_allowed = TRUE;
}

static void
staff_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosWindow *self = POS_WINDOW (widget);

  if (!pos_settings_get_self_service (pos_station_get_settings (self->station)) ||
      pos_window_signed_in (self))
    return;
  pos_window_require_admin (
    self,
    _ ("Staff only: an administrator’s PIN opens the station’s Preferences and "
       "History, and lets you leave self-service."),
    sign_staff_in);
}

void
pos_window_kiosk_init (PosWindow *self)
{
  static const GActionEntry entries[] = {
    { "leave-kiosk", leave_kiosk_activated },
    { "leave-self-service", leave_self_service_activated },
  };
  PosSettings *settings = pos_station_get_settings (self->station);

  /* In the window's own action map (GtkApplicationWindow's "win" group) rather than class
   * actions: their enabled state follows the settings through bindings. */
  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  /* The settings decide, through bindings: fullscreen, and whether there is a kiosk or
   * self-service to leave. */
  g_object_bind_property (settings, "kiosk-mode",
                          g_action_map_lookup_action (G_ACTION_MAP (self), "leave-kiosk"),
                          "enabled", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (settings, "notify::kiosk-mode", G_CALLBACK (update_kiosk), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "notify::self-service", G_CALLBACK (on_self_service_changed),
                           self, G_CONNECT_SWAPPED);
  g_object_bind_property (settings, "self-service",
                          g_action_map_lookup_action (G_ACTION_MAP (self), "leave-self-service"),
                          "enabled", G_BINDING_SYNC_CREATE);
  update_kiosk (self);
  g_signal_connect (self, "notify::fullscreened", G_CALLBACK (on_fullscreened), NULL);
  g_signal_connect (self, "realize", G_CALLBACK (on_realize), NULL);
}

gboolean
pos_window_kiosk_refuse_close (PosWindow *self)
{
  /* Only an administrator closes a kiosk (the window, or the application through app.quit). */
  if (!pos_window_get_kiosk_mode (self) || self->close_allowed)
    return FALSE;
  pos_window_require_admin (self, _ ("Only an administrator can close the station."),
                            close_as_admin);
  return TRUE;
}

void
pos_window_kiosk_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.staff", NULL, staff_action);
}
