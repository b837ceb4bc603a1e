/* pos-admin-gate.c: an administrator's PIN before an administrator's action.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window asks through it before closing a kiosk or leaving kiosk mode, the History before
 * closing a sale, the preferences before opening. The prompt is a PosPreferencesUnlock that says
 * what the PIN is for; it never outlives a lock of the station.
 */
#include "config.h"

#include "pos-admin-gate.h"

#include <glib/gi18n.h>

#include "pos-preferences-unlock.h"

static void
on_parent_locked (GObject *parent, GParamSpec *pspec, GtkWindow *window)
{
  gboolean locked = FALSE;

  g_object_get (parent, "locked", &locked, NULL);
  if (locked)
    gtk_window_destroy (window);
}

void
pos_admin_gate_close_on_lock (GtkWindow *parent, GtkWindow *window)
{
  GParamSpec *pspec;

  if (parent == NULL)
    return;
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (parent), "locked");
  if (pspec == NULL || pspec->value_type != G_TYPE_BOOLEAN)
    return;
  g_signal_connect_object (parent, "notify::locked", G_CALLBACK (on_parent_locked), window, 0);
}

typedef struct {
  PosPreferencesUnlock *unlock; /* not owned: the window owns itself until destroyed */
  gulong cancelled_id;
  PosAgent *admin;
} UnlockData;

static void
unlock_data_free (gpointer data)
{
  UnlockData *unlock_data = data;

  g_clear_object (&unlock_data->admin);
  g_free (unlock_data);
}

static void
on_unlocked (PosPreferencesUnlock *unlock, PosAgent *admin, GTask *task)
{
  UnlockData *data = g_task_get_task_data (task);

  g_set_object (&data->admin, admin);
}

static void
on_unlock_destroyed (GTask *task)
{
  UnlockData *data = g_task_get_task_data (task);

  data->unlock = NULL;
  g_cancellable_disconnect (g_task_get_cancellable (task), data->cancelled_id);
  data->cancelled_id = 0;
  if (data->admin != NULL)
    g_task_return_pointer (task, g_object_ref (data->admin), g_object_unref);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _ ("No administrator PIN was entered."));
  g_object_unref (task);
}

static gboolean
destroy_window_idle (gpointer window)
{
  gtk_window_destroy (window);
  return G_SOURCE_REMOVE;
}

static void
on_unlock_cancelled (GCancellable *cancellable, GTask *task)
{
  UnlockData *data = g_task_get_task_data (task);

  /* Not right here: destroying the window disconnects this handler, and disconnecting from
   * inside a "cancelled" emission deadlocks. */
  if (data->unlock != NULL)
    g_idle_add_full (G_PRIORITY_DEFAULT, destroy_window_idle, g_object_ref (data->unlock),
                     g_object_unref);
}

void
pos_admin_gate_require_async (GtkWindow *parent,
                              PosRoster *roster,
                              const char *agent_email,
                              const char *purpose,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  UnlockData *data;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (POS_IS_ROSTER (roster));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pos_admin_gate_require_async);
  data = g_new0 (UnlockData, 1);
  g_task_set_task_data (task, data, unlock_data_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  data->unlock = pos_preferences_unlock_new (parent, roster, agent_email, purpose);
  g_signal_connect (data->unlock, "unlocked", G_CALLBACK (on_unlocked), task);
  /* The task's last reference goes with the window. */
  g_signal_connect_swapped (data->unlock, "destroy", G_CALLBACK (on_unlock_destroyed),
                            g_object_ref (task));
  if (cancellable != NULL)
    data->cancelled_id =
      g_cancellable_connect (cancellable, G_CALLBACK (on_unlock_cancelled), task, NULL);
  pos_admin_gate_close_on_lock (parent, GTK_WINDOW (data->unlock));
  gtk_window_present (GTK_WINDOW (data->unlock));
}

PosAgent *
pos_admin_gate_require_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pos_admin_gate_require_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
