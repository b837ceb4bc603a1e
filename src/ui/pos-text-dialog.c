/* pos-text-dialog.c: a report shown as text, and printed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pos-text-dialog.h"

#define PRINT_FONT "Monospace 9"

/* Printing: the text in a monospace font, as many pages as it needs. */
typedef struct {
  char *text;
  PangoLayout *layout;
  int lines_per_page;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_free (job->text);
  g_clear_object (&job->layout);
  g_free (job);
}

static void
on_begin_print (GtkPrintOperation *operation, GtkPrintContext *context, PrintJob *job)
{
  g_autoptr (PangoFontDescription) font = pango_font_description_from_string (PRINT_FONT);
  int line_height;

  job->layout = gtk_print_context_create_pango_layout (context);
  pango_layout_set_font_description (job->layout, font);
  pango_layout_set_text (job->layout, job->text, -1);
  pango_layout_get_pixel_size (job->layout, NULL, &line_height);
  line_height = MAX (1, line_height / MAX (1, pango_layout_get_line_count (job->layout)));
  job->lines_per_page = MAX (1, (int) (gtk_print_context_get_height (context) / line_height));
  gtk_print_operation_set_n_pages (
    operation, MAX (1, (pango_layout_get_line_count (job->layout) + job->lines_per_page - 1) /
                         job->lines_per_page));
}

static void
on_draw_page (GtkPrintOperation *operation, GtkPrintContext *context, int page, PrintJob *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  int first = page * job->lines_per_page;
  double y = 0;

  for (int i = first; i < first + job->lines_per_page; i++) {
    PangoLayoutLine *line = pango_layout_get_line_readonly (job->layout, i);
    PangoRectangle logical;

    if (line == NULL)
      break;
    pango_layout_line_get_pixel_extents (line, NULL, &logical);
    cairo_move_to (cr, 0, y - logical.y);
    pango_cairo_show_layout_line (cr, line);
    y += logical.height;
  }
}

void
pos_text_print (GtkWindow *parent, const char *job_name, const char *text)
{
  g_autoptr (GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr (GError) error = NULL;
  PrintJob *job = g_new0 (PrintJob, 1);

  job->text = g_strdup (text);
  g_object_set_data_full (G_OBJECT (operation), "job", job, (GDestroyNotify) print_job_free);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, job_name);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), job);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent,
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR) {
    AdwMessageDialog *dialog =
      ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _ ("Not Printed"), error->message));

    adw_message_dialog_add_response (dialog, "close", _ ("_Close"));
    gtk_window_present (GTK_WINDOW (dialog));
  }
}

static void
on_response (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  if (g_str_equal (response, "print"))
    pos_text_print (gtk_window_get_transient_for (GTK_WINDOW (dialog)),
                    g_object_get_data (G_OBJECT (dialog), "job"),
                    g_object_get_data (G_OBJECT (dialog), "text"));
}

void
pos_text_dialog_present (GtkWindow *parent,
                         const char *heading,
                         const char *text,
                         const char *job_name)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, NULL));
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "monospace");
  adw_message_dialog_set_extra_child (dialog, label);
  adw_message_dialog_add_responses (dialog, "print", _ ("_Print…"), "close", _ ("_Close"), NULL);
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  g_object_set_data_full (G_OBJECT (dialog), "text", g_strdup (text), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "job", g_strdup (job_name), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}
