/* pos-window-idle.c: the window's idle lock, and its other windows: input in any of them is
 * activity at the station, and all of them close when the station locks.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Split out of pos-window.c, sharing its instance structure through pos-window-private.h.
 */
#include "config.h"

#include "pos-window-private.h"

static guint
idle_timeout_ms (PosWindow *self)
{
  if (self->idle_timeout_override > 0)
    return self->idle_timeout_override;
  return pos_settings_get_idle_lock_minutes (pos_station_get_settings (self->station)) * 60 * 1000;
}

/* Idle lock (PCI DSS 8.2.8): any input restarts the clock; the check runs once per interval. */

static gboolean
on_idle_check (gpointer user_data)
{
  PosWindow *self = user_data;
  gint64 elapsed_ms;
  guint timeout;

  g_assert (POS_IS_WINDOW (self));

  self->idle_source = 0;
  if (!pos_window_signed_in (self))
    return G_SOURCE_REMOVE;

  timeout = idle_timeout_ms (self);
  elapsed_ms = (g_get_monotonic_time () - self->last_activity) / 1000;
  if (elapsed_ms >= timeout && pos_window_get_kiosk_mode (self))
    /* A kiosk keeps nothing for the next customer: the sale goes, not behind a lock. */
    pos_window_sign_out (self, TRUE);
  else if (elapsed_ms >= timeout)
    pos_window_lock (self);
  else
    pos_window_idle_schedule (self, timeout - (guint) elapsed_ms);
  return G_SOURCE_REMOVE;
}

void
pos_window_idle_schedule (PosWindow *self, guint milliseconds)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
  self->idle_source = g_timeout_add (MAX (milliseconds, 1), on_idle_check, self);
}

void
pos_window_idle_restart (PosWindow *self)
{
  self->last_activity = g_get_monotonic_time ();
  if (pos_window_signed_in (self))
    pos_window_idle_schedule (self, idle_timeout_ms (self));
  else
    g_clear_handle_id (&self->idle_source, g_source_remove);
}

static gboolean
on_any_event (PosWindow *self, GdkEvent *event)
{
  g_assert (POS_IS_WINDOW (self));

  /* Typing into the payment form counts too: its events pass through here first. */
  switch (gdk_event_get_event_type (event)) {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_MOTION_NOTIFY:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
      self->last_activity = g_get_monotonic_time ();
      /* The pending check sees the new time and waits the rest of the interval. */
      if (self->idle_source == 0 && pos_window_signed_in (self))
        pos_window_idle_schedule (self, idle_timeout_ms (self));
      break;
    default:
      break;
  }
  return GDK_EVENT_PROPAGATE;
}

/* The window's other windows (preferences, the PIN prompt, the shortcuts, About, dialogs, file
 * choosers): those transient for it, directly or through another one. */
static gboolean
is_owned_window (PosWindow *self, GtkWindow *window)
{
  for (GtkWindow *parent = gtk_window_get_transient_for (window); parent != NULL;
       parent = gtk_window_get_transient_for (parent)) {
    if (parent == GTK_WINDOW (self))
      return TRUE;
  }
  return FALSE;
}

#define ACTIVITY_CONTROLLER_KEY "pos-window-activity"

/* Input in the window's other windows is activity at the station too: an administrator working
 * in the preferences must not have the station lock (and the preferences close) under them. */
static void
watch_owned_window (PosWindow *self, GtkWindow *window)
{
  GtkEventController *controller;

  if (!is_owned_window (self, window) ||
      g_object_get_data (G_OBJECT (window), ACTIVITY_CONTROLLER_KEY) != NULL)
    return;
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "event", G_CALLBACK (on_any_event), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
  g_object_set_data (G_OBJECT (window), ACTIVITY_CONTROLLER_KEY, controller);
}

static void
on_toplevel_transient_for (GtkWindow *window, GParamSpec *pspec, PosWindow *self)
{
  watch_owned_window (self, window);
}

static void
on_toplevels_changed (GListModel *toplevels,
                      guint position,
                      guint removed,
                      guint added,
                      PosWindow *self)
{
  g_assert (POS_IS_WINDOW (self));

  for (guint i = position; i < position + added; i++) {
    g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

    if (window == GTK_WINDOW (self))
      continue;
    /* A new window is listed before its "transient-for" is set. */
    g_signal_handlers_disconnect_by_func (window, on_toplevel_transient_for, self);
    g_signal_connect_object (window, "notify::transient-for",
                             G_CALLBACK (on_toplevel_transient_for), self, 0);
    watch_owned_window (self, window);
  }
}

/* Nothing of the sale stays on screen over the lock: every other window of this one closes (a
 * dialog as if cancelled, a file chooser with no file). */
void
pos_window_close_owned_windows (PosWindow *self, gboolean destroy)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr (GPtrArray) owned = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++) {
    g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

    if (window != GTK_WINDOW (self) && is_owned_window (self, window) &&
        gtk_widget_get_visible (GTK_WIDGET (window)))
      g_ptr_array_add (owned, g_steal_pointer (&window));
  }
  /* The youngest first: a dialog over the preferences closes before them. */
  for (guint i = owned->len; i > 0; i--) {
    if (destroy)
      gtk_window_destroy (g_ptr_array_index (owned, i - 1));
    else
      gtk_window_close (g_ptr_array_index (owned, i - 1));
  }
}

void
pos_window_idle_stop (PosWindow *self)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
}

void
pos_window_idle_init (PosWindow *self)
{
  GtkEventController *controller;

  /* Sees every input event before any widget does, without taking it. */
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "event", G_CALLBACK (on_any_event), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect_object (gtk_window_get_toplevels (), "items-changed",
                           G_CALLBACK (on_toplevels_changed), self, 0);
}
