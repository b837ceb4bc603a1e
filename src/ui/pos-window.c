/* pos-window.c: the station's window: header, sandbox strip, sign-in, sale and the idle lock.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-window.h"
#include "pos-window-private.h"

#include <glib/gi18n.h>

#include "pos-sale-page.h"
#include "pos-sign-in-page.h"

struct _PosWindow {
  AdwApplicationWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget *new_sale_button;
  GtkWidget *sign_out_button;
  GtkWidget *lock_button;
  GtkWidget *agent_box;
  GtkLabel *agent_label;
  GtkWidget *sandbox_strip;
  GtkWidget *notice_strip;
  GtkLabel *notice_label;
  AdwToastOverlay *toast_overlay;
  GtkStack *stack;
  AdwStatusPage *failed_page;
  PosSignInPage *sign_in_page;
  PosSalePage *sale_page;

  PosStation *station;
  PosAgent *agent;
  GCancellable *cancellable;

  gint64 last_activity;
  guint idle_source;
  guint idle_timeout_override;

  guint locked : 1;
  guint failed : 1;
};

G_DEFINE_FINAL_TYPE (PosWindow, pos_window, ADW_TYPE_APPLICATION_WINDOW)

enum { PROP_0, PROP_STATION, PROP_AGENT, PROP_LOCKED, N_PROPS };

static GParamSpec *properties[N_PROPS];

static void schedule_idle_check (PosWindow *self, guint milliseconds);

static gboolean
signed_in (PosWindow *self)
{
  return self->agent != NULL && !self->locked;
}

static guint
idle_timeout_ms (PosWindow *self)
{
  if (self->idle_timeout_override > 0)
    return self->idle_timeout_override;
  return pos_settings_get_idle_lock_minutes (pos_station_get_settings (self->station)) * 60 * 1000;
}

static void
update_subtitle (PosWindow *self)
{
  PosSettings *settings = pos_station_get_settings (self->station);
  const char *name = pos_settings_get_station_name (settings);

  adw_window_title_set_subtitle (
    self->window_title,
    name != NULL && *name != '\0' ? name : pos_settings_get_business_unit_slug (settings));
}

static void
update_ui (PosWindow *self)
{
  gboolean in = signed_in (self);
  gboolean busy = pos_sale_page_get_busy (self->sale_page);
  const char *page;

  if (self->failed)
    page = "failed";
  else if (!pos_station_get_ready (self->station))
    page = "starting";
  else if (in)
    page = "sale";
  else
    page = "sign-in";
  gtk_stack_set_visible_child_name (self->stack, page);

  gtk_widget_set_visible (self->agent_box, in);
  gtk_widget_set_visible (self->sign_out_button, in);
  gtk_widget_set_visible (self->lock_button, in);
  gtk_widget_set_visible (self->new_sale_button, in);
  if (self->agent != NULL) {
    gtk_label_set_text (self->agent_label, pos_agent_get_display_name (self->agent));
    gtk_widget_set_tooltip_text (self->agent_box, pos_agent_get_email (self->agent));
  }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", in && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock", in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-sale", in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.submit", in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-charge", in);
}

static void
update_sandbox_strip (PosWindow *self)
{
  gtk_widget_set_visible (self->sandbox_strip, pos_station_get_is_sandbox (self->station));
}

static void
update_notice (PosWindow *self)
{
  const char *notice = pos_station_get_journal_notice (self->station);

  if (notice != NULL) {
    gtk_label_set_text (self->notice_label, notice);
    gtk_widget_set_visible (self->notice_strip, TRUE);
  }
}

static void
on_notice_dismissed (PosWindow *self)
{
  g_assert (POS_IS_WINDOW (self));

  gtk_widget_set_visible (self->notice_strip, FALSE);
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
  if (!signed_in (self))
    return G_SOURCE_REMOVE;

  timeout = idle_timeout_ms (self);
  elapsed_ms = (g_get_monotonic_time () - self->last_activity) / 1000;
  if (elapsed_ms >= timeout)
    pos_window_lock (self);
  else
    schedule_idle_check (self, timeout - (guint) elapsed_ms);
  return G_SOURCE_REMOVE;
}

static void
schedule_idle_check (PosWindow *self, guint milliseconds)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
  self->idle_source = g_timeout_add (MAX (milliseconds, 1), on_idle_check, self);
}

static void
restart_idle_timer (PosWindow *self)
{
  self->last_activity = g_get_monotonic_time ();
  if (signed_in (self))
    schedule_idle_check (self, idle_timeout_ms (self));
  else
    g_clear_handle_id (&self->idle_source, g_source_remove);
}

static gboolean
on_any_event (PosWindow *self, GdkEvent *event)
{
  g_assert (POS_IS_WINDOW (self));

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
      if (self->idle_source == 0 && signed_in (self))
        schedule_idle_check (self, idle_timeout_ms (self));
      break;
    default:
      break;
  }
  return GDK_EVENT_PROPAGATE;
}

static void
on_idle_minutes_changed (PosWindow *self)
{
  g_assert (POS_IS_WINDOW (self));

  restart_idle_timer (self);
}

static void
set_agent (PosWindow *self, PosAgent *agent)
{
  if (g_set_object (&self->agent, agent))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENT]);
}

static void
set_locked (PosWindow *self, gboolean locked)
{
  locked = !!locked;
  if (self->locked != locked) {
    self->locked = locked;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
  }
}

static void
on_signed_in (PosWindow *self, PosAgent *agent)
{
  gboolean same;

  g_assert (POS_IS_WINDOW (self));

  same = self->agent != NULL &&
         g_ascii_strcasecmp (pos_agent_get_email (self->agent), pos_agent_get_email (agent)) == 0;

  if (self->locked && same) {
    /* The same agent is back: the sale is exactly as they left it. */
    set_locked (self, FALSE);
  } else {
    if (self->locked && self->agent != NULL) {
      g_autofree char *text = NULL;

      /* Translators: %s is the agent who was signed in before the station locked */
      text = g_strdup_printf (_ ("%s’s sale is saved and comes back when they sign in."),
                              pos_agent_get_display_name (self->agent));
      pos_window_toast (self, text);
    }
    set_agent (self, agent);
    set_locked (self, FALSE);
    pos_sale_page_begin (self->sale_page, agent);
  }

  pos_sign_in_page_set_locked_agent (self->sign_in_page, NULL);
  update_ui (self);
  restart_idle_timer (self);
  pos_sale_page_focus_default (self->sale_page);
}

void
pos_window_lock (PosWindow *self)
{
  g_return_if_fail (POS_IS_WINDOW (self));

  if (!signed_in (self))
    return;

  pos_sale_page_flush_draft (self->sale_page);
  set_locked (self, TRUE);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  pos_sign_in_page_set_locked_agent (self->sign_in_page, self->agent);
  update_ui (self);
  pos_sign_in_page_reset (self->sign_in_page);
}

static void
sign_out (PosWindow *self)
{
  g_autofree char *email = NULL;

  if (!signed_in (self))
    return;
  if (pos_sale_page_get_busy (self->sale_page)) {
    pos_window_toast (self,
                      _ ("The sale is being sent: wait for Paystar’s answer, then sign out."));
    return;
  }

  email = g_strdup (pos_agent_get_email (self->agent));
  pos_sale_page_end (self->sale_page);
  set_agent (self, NULL);
  set_locked (self, FALSE);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  pos_sign_in_page_set_locked_agent (self->sign_in_page, NULL);
  pos_sign_in_page_select_agent (self->sign_in_page, email);
  update_ui (self);
  pos_sign_in_page_reset (self->sign_in_page);
  pos_window_toast (self, _ ("Signed out. Your sale is saved for your next sign-in."));
}

static void
sign_out_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  sign_out (POS_WINDOW (widget));
}

static void
lock_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  pos_window_lock (POS_WINDOW (widget));
}

static void
forward_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosWindow *self = POS_WINDOW (widget);
  const char *target = NULL;

  if (!signed_in (self))
    return;
  if (g_str_equal (action_name, "win.new-sale"))
    target = "sale.new";
  else if (g_str_equal (action_name, "win.submit"))
    target = "sale.submit";
  else if (g_str_equal (action_name, "win.add-charge"))
    target = "sale.add-charge";
  if (target != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->sale_page), target, NULL);
}

static void
on_station_ready (PosWindow *self)
{
  g_assert (POS_IS_WINDOW (self));

  if (!pos_station_get_ready (self->station))
    return;
  pos_sign_in_page_set_roster (self->sign_in_page, pos_station_get_roster (self->station));
  pos_sale_page_set_station (self->sale_page, self->station);
  update_notice (self);
  update_ui (self);
  pos_sign_in_page_reset (self->sign_in_page);
}

static void
on_station_started (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (PosWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (pos_station_start_finish (POS_STATION (object), result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_warning ("The station did not start: %s", error->message);
  self->failed = TRUE;
  adw_status_page_set_description (self->failed_page, error->message);
  update_ui (self);
}

static gboolean
pos_window_close_request (GtkWindow *window)
{
  PosWindow *self = POS_WINDOW (window);

  pos_sale_page_flush_draft (self->sale_page);
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (pos_window_parent_class)->close_request (window);
}

static void
pos_window_constructed (GObject *object)
{
  PosWindow *self = POS_WINDOW (object);
  PosSettings *settings;

  G_OBJECT_CLASS (pos_window_parent_class)->constructed (object);

  g_assert (self->station != NULL);
  settings = pos_station_get_settings (self->station);

  g_signal_connect_object (self->station, "notify::ready", G_CALLBACK (on_station_ready), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station, "notify::is-sandbox", G_CALLBACK (update_sandbox_strip),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station, "notify::journal-notice", G_CALLBACK (update_notice),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "notify::idle-lock-minutes",
                           G_CALLBACK (on_idle_minutes_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "notify::station-name", G_CALLBACK (update_subtitle), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "notify::business-unit-slug", G_CALLBACK (update_subtitle),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sale_page, "notify::busy", G_CALLBACK (update_ui), self,
                           G_CONNECT_SWAPPED);

  update_sandbox_strip (self);
  update_subtitle (self);
  update_ui (self);

  if (pos_station_get_ready (self->station))
    on_station_ready (self);
  else
    pos_station_start_async (self->station, self->cancellable, on_station_started,
                             g_object_ref (self));
}

static void
pos_window_dispose (GObject *object)
{
  PosWindow *self = POS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_WINDOW);
  g_clear_object (&self->agent);
  g_clear_object (&self->station);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pos_window_parent_class)->dispose (object);
}

static void
pos_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosWindow *self = POS_WINDOW (object);

  switch (prop_id) {
    case PROP_STATION:
      g_value_set_object (value, self->station);
      break;
    case PROP_AGENT:
      g_value_set_object (value, self->agent);
      break;
    case PROP_LOCKED:
      g_value_set_boolean (value, self->locked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  PosWindow *self = POS_WINDOW (object);

  switch (prop_id) {
    case PROP_STATION:
      self->station = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_window_class_init (PosWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = pos_window_constructed;
  object_class->dispose = pos_window_dispose;
  object_class->get_property = pos_window_get_property;
  object_class->set_property = pos_window_set_property;
  window_class->close_request = pos_window_close_request;

  properties[PROP_STATION] =
    g_param_spec_object ("station", NULL, NULL, POS_TYPE_STATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AGENT] =
    g_param_spec_object ("agent", NULL, NULL, POS_TYPE_AGENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/paystar/Pos/pos-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PosWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, new_sale_button);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, sign_out_button);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, lock_button);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, agent_box);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, agent_label);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, sandbox_strip);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, notice_strip);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, notice_label);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, failed_page);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, sale_page);
  gtk_widget_class_bind_template_callback (widget_class, on_notice_dismissed);
  gtk_widget_class_bind_template_callback (widget_class, on_signed_in);

  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "win.new-sale", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "win.submit", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "win.add-charge", NULL, forward_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_q, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.sign-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Q, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.sign-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.lock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-sale",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.submit",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "win.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_N, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.add-charge", NULL);
}

static void
pos_window_init (PosWindow *self)
{
  GtkEventController *controller;

  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Sees every input event before any widget does, without taking it. */
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "event", G_CALLBACK (on_any_event), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

PosWindow *
pos_window_new (GtkApplication *application, PosStation *station)
{
  g_return_val_if_fail (!application || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (POS_IS_STATION (station), NULL);

  return g_object_new (POS_TYPE_WINDOW, "application", application, "station", station, NULL);
}

PosStation *
pos_window_get_station (PosWindow *self)
{
  g_return_val_if_fail (POS_IS_WINDOW (self), NULL);

  return self->station;
}

PosAgent *
pos_window_get_agent (PosWindow *self)
{
  g_return_val_if_fail (POS_IS_WINDOW (self), NULL);

  return self->agent;
}

gboolean
pos_window_get_locked (PosWindow *self)
{
  g_return_val_if_fail (POS_IS_WINDOW (self), FALSE);

  return self->locked;
}

void
pos_window_toast (PosWindow *self, const char *message)
{
  g_return_if_fail (POS_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

PosSignInPage *
pos_window_get_sign_in_page (PosWindow *self)
{
  g_return_val_if_fail (POS_IS_WINDOW (self), NULL);

  return self->sign_in_page;
}

PosSalePage *
pos_window_get_sale_page (PosWindow *self)
{
  g_return_val_if_fail (POS_IS_WINDOW (self), NULL);

  return self->sale_page;
}

const char *
pos_window_get_visible_page (PosWindow *self)
{
  g_return_val_if_fail (POS_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
pos_window_get_agent_text (PosWindow *self)
{
  g_return_val_if_fail (POS_IS_WINDOW (self), NULL);

  return gtk_widget_get_visible (self->agent_box) ? gtk_label_get_text (self->agent_label) : NULL;
}

gboolean
pos_window_get_sandbox_strip_visible (PosWindow *self)
{
  g_return_val_if_fail (POS_IS_WINDOW (self), FALSE);

  return gtk_widget_get_visible (self->sandbox_strip);
}

const char *
pos_window_get_notice_text (PosWindow *self)
{
  g_return_val_if_fail (POS_IS_WINDOW (self), NULL);

  return gtk_widget_get_visible (self->notice_strip) ? gtk_label_get_text (self->notice_label)
                                                     : NULL;
}

void
pos_window_set_idle_timeout (PosWindow *self, guint milliseconds)
{
  g_return_if_fail (POS_IS_WINDOW (self));

  self->idle_timeout_override = milliseconds;
  restart_idle_timer (self);
}
