/* pos-office-report.c: the office report of a day as text (for a terminal, a dialog, a printer)
 * and as CSV.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pos-office-db.h"

static char *
flags_text (JsonObject *station)
{
  JsonArray *flags = json_object_get_array_member (station, "flags");
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (flags); i++) {
    if (i > 0)
      g_string_append_c (text, ' ');
    g_string_append (text, json_array_get_string_element (flags, i));
  }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
append_csv_row (GString *out, const char *const *fields)
{
  for (guint i = 0; fields[i] != NULL; i++) {
    g_autofree char *field = pos_export_csv_field (fields[i]);

    g_string_append_printf (out, "%s%s", i > 0 ? "," : "", field);
  }
  g_string_append (out, "\r\n");
}

static void
append_figures_csv (GString *out,
                    const char *id,
                    const char *name,
                    JsonObject *figures,
                    JsonObject *station)
{
  g_autofree char *count =
    g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (figures, "count"));
  g_autofree char *total =
    pos_export_format_decimal (json_object_get_int_member (figures, "total"));
  g_autofree char *paid_count =
    g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (figures, "paid_count"));
  g_autofree char *paid_total =
    pos_export_format_decimal (json_object_get_int_member (figures, "paid_total"));
  g_autofree char *waiting = NULL;
  g_autofree char *flags = NULL;
  const char *fields[11];

  if (station != NULL) {
    waiting =
      g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (station, "waiting"));
    flags = flags_text (station);
  }
  fields[0] = id;
  fields[1] = name;
  fields[2] = count;
  fields[3] = total;
  fields[4] = paid_count;
  fields[5] = paid_total;
  fields[6] = station == NULL                                      ? ""
              : json_object_get_boolean_member (station, "closed") ? "yes"
                                                                   : "no";
  fields[7] = station != NULL ? json_object_get_string_member (station, "closed_by") : "";
  fields[8] = waiting != NULL ? waiting : "";
  fields[9] = flags != NULL ? flags : "";
  fields[10] = NULL;
  append_csv_row (out, fields);
}

char *
pos_office_report_to_csv (JsonNode *report)
{
  const char *header[] = { "station_id", "station",    "sales",  "total",
                           "paid_sales", "paid_total", "closed", "closed_by",
                           "waiting",    "flags",      NULL };
  JsonObject *root = json_node_get_object (report);
  JsonArray *list = json_object_get_array_member (root, "stations");
  g_autoptr (GString) out = g_string_new (NULL);

  append_csv_row (out, header);
  for (guint i = 0; i < json_array_get_length (list); i++) {
    JsonObject *station = json_array_get_object_element (list, i);

    append_figures_csv (out, json_object_get_string_member (station, "id"),
                        json_object_get_string_member (station, "name"), station, station);
  }
  append_figures_csv (out, "", "All stations", json_object_get_object_member (root, "totals"),
                      NULL);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
append_figures_text (GString *out, const char *name, JsonObject *figures, JsonObject *station)
{
  g_autofree char *total = paystar_money_format (json_object_get_int_member (figures, "total"));
  g_autofree char *paid = paystar_money_format (json_object_get_int_member (figures, "paid_total"));
  g_autofree char *flags = station != NULL ? flags_text (station) : g_strdup ("");
  const char *closed = station == NULL ? ""
                       : json_object_get_boolean_member (station, "closed")
                         ? json_object_get_string_member (station, "closed_by")
                         : _ ("no");

  g_string_append_printf (out,
                          "%-24s %7" G_GINT64_FORMAT " %14s %7" G_GINT64_FORMAT " %14s  %-24s %s\n",
                          name, json_object_get_int_member (figures, "count"), total,
                          json_object_get_int_member (figures, "paid_count"), paid, closed, flags);
}

char *
pos_office_report_to_text (JsonNode *report)
{
  JsonObject *root = json_node_get_object (report);
  JsonArray *list = json_object_get_array_member (root, "stations");
  JsonObject *types = json_object_get_object_member (root, "by_charge_type");
  g_autoptr (GList) members = json_object_get_members (types);
  g_autoptr (GString) out = g_string_new (NULL);

  g_string_append_printf (out, _ ("Office report for %s\n\n"),
                          json_object_get_string_member (root, "day"));
  g_string_append_printf (out, "%-24s %7s %14s %7s %14s  %-24s %s\n", _ ("Station"), _ ("Sales"),
                          _ ("Total"), _ ("Paid"), _ ("Paid total"), _ ("Closed by"), _ ("Flags"));
  for (guint i = 0; i < json_array_get_length (list); i++) {
    JsonObject *station = json_array_get_object_element (list, i);
    const char *name = json_object_get_string_member (station, "name");

    append_figures_text (out, *name != '\0' ? name : json_object_get_string_member (station, "id"),
                         station, station);
  }
  append_figures_text (out, _ ("All stations"), json_object_get_object_member (root, "totals"),
                       NULL);
  if (members != NULL)
    g_string_append (out, _ ("\nPaid by charge type:\n"));
  members = g_list_sort (members, (GCompareFunc) g_strcmp0);
  for (GList *l = members; l != NULL; l = l->next) {
    JsonObject *type = json_object_get_object_member (types, l->data);
    g_autofree char *total = paystar_money_format (json_object_get_int_member (type, "total"));

    g_string_append_printf (out, "  %-22s %7" G_GINT64_FORMAT " %14s\n", (const char *) l->data,
                            json_object_get_int_member (type, "count"), total);
  }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The task's data: a string vector of what to connect with and the day. */
enum { TEXT_CONNINFO, TEXT_APPLICATION_NAME, TEXT_DAY };

static void
text_thread (GTask *task, gpointer object, gpointer data, GCancellable *cancellable)
{
  const char *const *request = data;
  g_autoptr (PGconn) conn = NULL;
  g_autoptr (JsonNode) report = NULL;
  GError *error = NULL;

  conn = pos_office_connect (request[TEXT_CONNINFO], request[TEXT_APPLICATION_NAME], &error);
  if (conn != NULL)
    report = pos_office_report (conn, request[TEXT_DAY], &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pos_office_report_to_text (report), g_free);
}

void
pos_office_report_text_async (const char *conninfo,
                              const char *application_name,
                              const char *day,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  const char *const request[] = { conninfo, application_name, day, NULL };
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (conninfo != NULL);
  g_return_if_fail (application_name != NULL);
  g_return_if_fail (day != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pos_office_report_text_async);
  g_task_set_task_data (task, g_strdupv ((char **) request), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, text_thread);
}

char *
pos_office_report_text_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pos_office_report_text_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
