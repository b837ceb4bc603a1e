/* pos-day-close.c: closing the station's day.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "pos-day-close.h"
#include "pos-text-dialog.h"

static void
append_figures (GString *text, JsonObject *object, gboolean statuses)
{
  g_autoptr (GList) members = json_object_get_members (object);

  members = g_list_sort (members, (GCompareFunc) g_strcmp0);
  for (GList *l = members; l != NULL; l = l->next) {
    JsonObject *figures = NULL;
    g_autofree char *total = NULL;
    const char *name = l->data;
    PosSaleStatus status;

    /* A summary from a damaged journal shows what it can. */
    if (!paystar_json_get_object (object, name, &figures))
      continue;
    total = paystar_money_format (json_object_get_int_member_with_default (figures, "total", 0));
    if (statuses && pos_sale_status_from_string (name, &status))
      name = pos_sale_status_get_label (status);
    g_string_append_printf (text, "  %-28s %6" G_GINT64_FORMAT " %14s\n",
                            *name != '\0' ? name : _ ("(no charge type)"),
                            json_object_get_int_member_with_default (figures, "count", 0), total);
  }
  if (members == NULL)
    g_string_append_printf (text, "  %s\n", _ ("none"));
}

char *
pos_day_close_dup_text (const char *summary_json,
                        const char *station_name,
                        const char *closed_by,
                        gint64 closed_at)
{
  g_autoptr (JsonNode) node = json_from_string (summary_json, NULL);
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (closed_at / G_USEC_PER_SEC);
  g_autofree char *when_text = when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M %Z") : NULL;
  g_autofree char *total = NULL;
  JsonObject *summary, *by_status, *by_agent, *by_type;
  const char *day;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  summary = json_node_get_object (node);
  if (!paystar_json_get_string (summary, "day", &day) ||
      !paystar_json_get_object (summary, "by_status", &by_status) ||
      !paystar_json_get_object (summary, "by_agent", &by_agent) ||
      !paystar_json_get_object (summary, "by_charge_type", &by_type))
    return NULL;

  total = paystar_money_format (json_object_get_int_member_with_default (summary, "total", 0));
  /* Translators: %s is a date, 2026-12-04 */
  g_string_append_printf (text, _ ("Day closed: %s"), day);
  g_string_append_c (text, '\n');
  if (station_name != NULL && *station_name != '\0')
    g_string_append_printf (text, "%s: %s\n", _ ("Station"), station_name);
  g_string_append_printf (text, "%s: %s, %s\n", _ ("Closed by"), closed_by,
                          when_text != NULL ? when_text : "");
  g_string_append_printf (text, "%s: %" G_GINT64_FORMAT ", %s\n", _ ("Sales"),
                          json_object_get_int_member_with_default (summary, "count", 0), total);
  g_string_append_printf (
    text, "%s: %s\n%s: %s\n", _ ("First reference"),
    json_object_get_string_member_with_default (summary, "first_reference", "—"),
    _ ("Last reference"),
    json_object_get_string_member_with_default (summary, "last_reference", "—"));
  g_string_append_printf (text, "\n%s\n", _ ("By status"));
  append_figures (text, by_status, TRUE);
  g_string_append_printf (text, "\n%s\n", _ ("Paid, by agent"));
  append_figures (text, by_agent, FALSE);
  g_string_append_printf (text, "\n%s\n", _ ("Paid, by charge type"));
  append_figures (text, by_type, FALSE);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
pos_day_close_run (GtkWindow *parent,
                   PosJournal *journal,
                   const char *station_name,
                   const char *admin_email)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr (GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *closed_by = NULL;
  g_autofree char *text = NULL;
  g_autofree char *closed = NULL;
  const char *heading = _ ("Day Closed");
  gint64 closed_at = 0;
  AdwMessageDialog *dialog;

  g_return_if_fail (POS_IS_JOURNAL (journal));

  closed = pos_journal_close_day (journal, day, admin_email, &error);
  if (closed != NULL || g_error_matches (error, POS_ERROR, POS_ERROR_DAY_CLOSED)) {
    if (error != NULL)
      heading = _ ("The Day Was Already Closed");
    g_clear_error (&error);
    summary = pos_journal_get_day_close (journal, day, &closed_by, &closed_at, &error);
  }
  text =
    summary != NULL ? pos_day_close_dup_text (summary, station_name, closed_by, closed_at) : NULL;
  if (text == NULL) {
    dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      parent, _ ("The Day Could Not Be Closed"),
      error != NULL ? error->message : _ ("The journal’s figures of the day cannot be read.")));
    adw_message_dialog_add_response (dialog, "close", _ ("_Close"));
    gtk_window_present (GTK_WINDOW (dialog));
    return;
  }

  pos_text_dialog_present (parent, heading, text, _ ("Day close"));
}
