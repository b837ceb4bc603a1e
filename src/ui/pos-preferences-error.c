/* pos-preferences-error.c: a field's error in the preferences, shown under it and told to
 * assistive technologies; shared by the dialog and its groups and rows (pos-preferences-private.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-preferences-private.h"

void
pos_preferences_show_error (GtkWidget *field, GtkWidget *error_row, const char *message)
{
  gboolean failed = message != NULL && *message != '\0';
  GtkWidget *label;

  g_return_if_fail (ADW_IS_PREFERENCES_ROW (error_row));

  label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (error_row));
  gtk_label_set_text (GTK_LABEL (label), failed ? message : "");
  gtk_widget_set_visible (error_row, failed);

  if (field == NULL)
    return;
  if (failed)
    gtk_widget_add_css_class (field, "error");
  else
    gtk_widget_remove_css_class (field, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID,
                               failed ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  label, NULL, -1);
}
