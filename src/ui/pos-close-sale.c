/* pos-close-sale.c: an administrator closes a sale that reached Paystar: PIN, then a reason.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Closing is the only way past a sale whose reference reached Paystar and whose outcome nobody
 * knows, and it gives up on knowing: so it takes an administrator's PIN (through the same gate
 * as the preferences, which counts wrong PINs towards the roster's lockout) and a reason, which
 * the journal keeps with the administrator's email.
 */
#include "config.h"

#include "pos-close-sale.h"

#include <glib/gi18n.h>

#include "pos-confirm-dialog.h"
#include "pos-admin-gate.h"

typedef struct {
  GtkWindow *parent; /* weak */
  PosCheckout *checkout;
  PosAgent *admin;
  GtkEditable *reason;
  gulong cancelled_id;
} CloseData;

static void
close_data_free (CloseData *data)
{
  g_clear_weak_pointer (&data->parent);
  g_clear_object (&data->checkout);
  g_clear_object (&data->admin);
  g_free (data);
}

static void
return_cancelled (GTask *task)
{
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                           _ ("The sale was not closed."));
}

static void
on_reason_changed (GtkEditable *editable, AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  adw_message_dialog_set_response_enabled (dialog, "close", *text != '\0');
}

static void
on_reason_activate (GtkEntry *entry, AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "close"))
    adw_message_dialog_response (dialog, "close");
}

static void
on_response (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  CloseData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *reason = NULL;

  if (data->cancelled_id != 0 && g_task_get_cancellable (task) != NULL)
    g_signal_handler_disconnect (g_task_get_cancellable (task), data->cancelled_id);
  data->cancelled_id = 0;

  if (g_strcmp0 (response, "close") != 0) {
    return_cancelled (task);
    return;
  }
  reason = g_strstrip (g_strdup (gtk_editable_get_text (data->reason)));
  if (!pos_checkout_close (data->checkout, pos_agent_get_email (data->admin), reason, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_cancelled (GCancellable *cancellable, AdwMessageDialog *dialog)
{
  adw_message_dialog_response (dialog, "cancel");
}

static void
ask_reason (GTask *task)
{
  CloseData *data = g_task_get_task_data (task);
  g_autofree char *total = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;

  total = paystar_money_format (pos_sale_get_total (pos_checkout_get_sale (data->checkout)));
  body = g_strdup_printf (
    /* Translators: the sale's reference, its total, then the administrator's name */
    _ ("Sale %s, %s. Closing ends it without knowing whether the customer paid, and it cannot "
       "be sent again: check with Paystar first. The journal keeps your reason with %s’s "
       "name."),
    pos_checkout_get_client_reference (data->checkout), total,
    pos_agent_get_display_name (data->admin));
  dialog = GTK_WIDGET (pos_confirm_dialog_new (data->parent, _ ("Close This Sale?"), body,
                                               _ ("_Cancel"), "close", _ ("C_lose Sale")));
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "close", FALSE);

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _ ("Why the sale is closed (required)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Reason for closing the sale"), -1);
  gtk_entry_set_max_length (GTK_ENTRY (entry), 500);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  data->reason = GTK_EDITABLE (entry);
  g_signal_connect (entry, "changed", G_CALLBACK (on_reason_changed), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (on_reason_activate), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), g_object_ref (task));
  if (g_task_get_cancellable (task) != NULL)
    data->cancelled_id = g_signal_connect_object (g_task_get_cancellable (task), "cancelled",
                                                  G_CALLBACK (on_cancelled), dialog, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
on_admin (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  CloseData *data = g_task_get_task_data (task);

  data->admin = pos_admin_gate_require_finish (result, NULL);
  if (data->admin == NULL || data->parent == NULL ||
      g_cancellable_is_cancelled (g_task_get_cancellable (task))) {
    return_cancelled (task);
    return;
  }
  ask_reason (task);
}

void
pos_close_sale_async (GtkWindow *parent,
                      PosRoster *roster,
                      PosCheckout *checkout,
                      const char *agent_email,
                      GCancellable *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  CloseData *data;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (POS_IS_ROSTER (roster));
  g_return_if_fail (POS_IS_CHECKOUT (checkout));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pos_close_sale_async);
  data = g_new0 (CloseData, 1);
  g_set_weak_pointer (&data->parent, parent);
  data->checkout = g_object_ref (checkout);
  g_task_set_task_data (task, data, (GDestroyNotify) close_data_free);

  pos_admin_gate_require_async (parent, roster, agent_email,
                                _ ("Only an administrator can close a sale."), cancellable,
                                on_admin, g_steal_pointer (&task));
}

gboolean
pos_close_sale_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pos_close_sale_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
