/* pos-slip.c: the customer's slip for a completed payment, printed or rendered to PDF.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-slip.h"

#include <adwaita.h>
#include <cairo-pdf.h>
#include <glib/gi18n.h>

#include "paystar.h"

/* 80 mm, the common receipt roll, in points. */
#define ROLL_WIDTH (80.0 / 25.4 * 72.0)
#define MARGIN     12.0
/* On a sheet printer the slip keeps a receipt's width, centred. */
#define MAX_PRINT_WIDTH 288.0
#define LINE_GAP        2.0

typedef enum {
  LINE_TITLE,  /* the station name: large, bold, centred */
  LINE_CENTER, /* centred text */
  LINE_PAIR,   /* label on the left, value on the right */
  LINE_TOTAL,  /* a pair in bold */
  LINE_NOTE,   /* small text under a charge */
  LINE_RULE,   /* a thin horizontal line */
} LineKind;

typedef struct {
  LineKind kind;
  char *left;
  char *right;
} SlipLine;

static void
slip_line_free (gpointer data)
{
  SlipLine *line = data;

  g_free (line->left);
  g_free (line->right);
  g_free (line);
}

static void
add_line (GPtrArray *lines, LineKind kind, const char *left, const char *right)
{
  SlipLine *line = g_new0 (SlipLine, 1);

  line->kind = kind;
  line->left = g_strdup (left);
  line->right = g_strdup (right);
  g_ptr_array_add (lines, line);
}

static char *
format_time (gint64 usec)
{
  g_autoptr (GDateTime) local = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  if (local == NULL)
    return g_strdup ("");
  /* Translators: date and time on the printed slip, with the time zone; see
   * g_date_time_format() for the codes. */
  return g_date_time_format (local, _ ("%Y-%m-%d %H:%M %Z"));
}

/* The charges as the request sent them; NULL when the stored request cannot be read (an old or
 * damaged journal row), and the slip then shows the accounts and the total only. */
static PaystarRequest *
read_request (PosSaleRecord *record)
{
  const char *json = pos_sale_record_get_request_json (record);
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GPtrArray) errors = NULL;

  if (json == NULL)
    return NULL;
  root = paystar_json_parse (json, -1, NULL);
  if (root == NULL)
    return NULL;
  errors = paystar_field_errors_new ();
  return paystar_request_from_json_node (root, errors);
}

static GPtrArray *
build_lines (PosSaleRecord *record, const char *station_name)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (slip_line_free);
  g_autoptr (PaystarRequest) request = read_request (record);
  g_autofree char *when = format_time (pos_sale_record_get_created (record));
  g_autofree char *total = paystar_money_format (pos_sale_record_get_total (record));
  g_autofree char *card = pos_sale_record_dup_masked_card (record);
  g_autofree char *paystar_reference =
    pos_sale_record_dup_payment_field (record, "referenceNumber");
  g_autofree char *authorization = pos_sale_record_dup_payment_field (record, "authCode");
  const char *reference = pos_sale_record_get_client_reference (record);
  const char *agent = pos_sale_record_get_agent_email (record);
  const char *customer = NULL;

  add_line (lines, LINE_TITLE,
            station_name != NULL && *station_name != '\0' ? station_name : "Paystar POS", NULL);
  /* Translators: the heading of the slip handed to the customer. */
  add_line (lines, LINE_CENTER, _ ("Payment receipt"), NULL);
  add_line (lines, LINE_RULE, NULL, NULL);
  add_line (lines, LINE_PAIR, _ ("Date"), when);
  add_line (lines, LINE_PAIR, _ ("Agent"), agent != NULL ? agent : "");
  add_line (lines, LINE_PAIR, _ ("Reference"), reference != NULL ? reference : "");
  /* The customer: the name on the first account that has one. */
  for (guint i = 0; request != NULL && i < request->charges->len && customer == NULL; i++) {
    PaystarCharge *charge = g_ptr_array_index (request->charges, i);

    if (charge->client_account != NULL && charge->client_account->name != NULL &&
        *charge->client_account->name != '\0')
      customer = charge->client_account->name;
  }
  if (customer != NULL)
    add_line (lines, LINE_PAIR, _ ("Customer"), customer);
  add_line (lines, LINE_RULE, NULL, NULL);

  if (request != NULL && request->charges->len > 0) {
    for (guint i = 0; i < request->charges->len; i++) {
      PaystarCharge *charge = g_ptr_array_index (request->charges, i);
      g_autofree char *amount = paystar_money_format (charge->has_amount ? charge->amount : 0);
      const char *account =
        charge->client_account != NULL ? charge->client_account->account_number : NULL;
      g_autofree char *label = NULL;

      if (account != NULL && *account != '\0')
        /* Translators: a line of the slip: the customer account a charge was paid against. */
        label = g_strdup_printf (_ ("Account %s"), account);
      else if (charge->charge_type != NULL && *charge->charge_type != '\0')
        /* The charge's type as the clerk picked it (the built-in ones translated). */
        label = g_strdup (pos_charge_type_get_label (charge->charge_type));
      else
        /* Translators: a line of the slip for a charge without a customer account. */
        label = g_strdup (_ ("Payment"));
      add_line (lines, LINE_PAIR, label, amount);
      if (charge->description != NULL && *charge->description != '\0')
        add_line (lines, LINE_NOTE, charge->description, NULL);
    }
  } else {
    const char *accounts = pos_sale_record_get_accounts (record);

    if (accounts != NULL && *accounts != '\0')
      add_line (lines, LINE_PAIR, _ ("Accounts"), accounts);
  }

  add_line (lines, LINE_RULE, NULL, NULL);
  add_line (lines, LINE_TOTAL, _ ("Total"), total);
  if (card != NULL)
    add_line (lines, LINE_PAIR, _ ("Card"), card);
  if (paystar_reference != NULL)
    /* Translators: Paystar's own reference number of the payment, e.g. NYDVNT-WSQPG. */
    add_line (lines, LINE_PAIR, _ ("Paystar reference"), paystar_reference);
  if (authorization != NULL)
    /* Translators: the card authorisation code. */
    add_line (lines, LINE_PAIR, _ ("Authorization"), authorization);
  add_line (lines, LINE_PAIR, _ ("Status"),
            pos_sale_status_get_label (pos_sale_record_get_status (record)));
  add_line (lines, LINE_RULE, NULL, NULL);
  /* Translators: the last line of the slip handed to the customer. */
  add_line (lines, LINE_CENTER, _ ("Thank you"), NULL);
  return lines;
}

char *
pos_slip_dup_text (PosSaleRecord *record, const char *station_name)
{
  g_autoptr (GPtrArray) lines = NULL;
  GString *text;

  g_return_val_if_fail (POS_IS_SALE_RECORD (record), NULL);

  lines = build_lines (record, station_name);
  text = g_string_new (NULL);
  for (guint i = 0; i < lines->len; i++) {
    SlipLine *line = g_ptr_array_index (lines, i);

    switch (line->kind) {
      case LINE_RULE:
        g_string_append (text, "--------------------------------\n");
        break;
      case LINE_PAIR:
      case LINE_TOTAL:
        g_string_append_printf (text, "%s: %s\n", line->left, line->right);
        break;
      case LINE_TITLE:
      case LINE_CENTER:
      case LINE_NOTE:
      default:
        g_string_append_printf (text, "%s\n", line->left);
        break;
    }
  }
  return g_string_free (text, FALSE);
}

/* Lays one line out at @width points; returns its height. The layouts are returned for drawing
 * (@right_out may be NULL for a one-part line). */
static double
layout_line (PangoContext *context,
             SlipLine *line,
             double width,
             PangoLayout **left_out,
             PangoLayout **right_out)
{
  g_autoptr (PangoFontDescription) font = NULL;
  PangoLayout *left = NULL;
  PangoLayout *right = NULL;
  int left_height = 0;
  int right_height = 0;

  *left_out = NULL;
  *right_out = NULL;
  if (line->kind == LINE_RULE)
    return 9.0;

  switch (line->kind) {
    case LINE_TITLE:
      font = pango_font_description_from_string ("Sans Bold 13");
      break;
    case LINE_TOTAL:
      font = pango_font_description_from_string ("Sans Bold 10");
      break;
    case LINE_NOTE:
      font = pango_font_description_from_string ("Sans Italic 8");
      break;
    case LINE_CENTER:
    case LINE_PAIR:
    case LINE_RULE:
    default:
      font = pango_font_description_from_string ("Sans 9");
      break;
  }

  left = pango_layout_new (context);
  pango_layout_set_font_description (left, font);
  pango_layout_set_wrap (left, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (left, line->left != NULL ? line->left : "", -1);

  if (line->kind == LINE_PAIR || line->kind == LINE_TOTAL) {
    int left_width;
    int right_width;
    double right_box;

    right = pango_layout_new (context);
    pango_layout_set_font_description (right, font);
    pango_layout_set_wrap (right, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment (right, PANGO_ALIGN_RIGHT);
    pango_layout_set_text (right, line->right != NULL ? line->right : "", -1);
    /* The value gets what the label leaves, and at least 60 % of the width; the label wraps in
     * the rest. The value is drawn right-aligned in its box (see draw_lines). */
    pango_layout_get_pixel_size (left, &left_width, NULL);
    right_box = MAX (width * 0.6, width - left_width - 8.0);
    pango_layout_set_width (right, pango_units_from_double (right_box));
    pango_layout_get_pixel_size (right, &right_width, NULL);
    pango_layout_set_width (left,
                            pango_units_from_double (MAX (width - right_width - 8.0, width * 0.4)));
  } else {
    pango_layout_set_width (left, pango_units_from_double (width));
    if (line->kind != LINE_NOTE)
      pango_layout_set_alignment (left, PANGO_ALIGN_CENTER);
  }

  pango_layout_get_pixel_size (left, NULL, &left_height);
  if (right != NULL) {
    pango_layout_get_pixel_size (right, NULL, &right_height);
  }
  *left_out = left;
  *right_out = right;
  return MAX (left_height, right_height) + LINE_GAP + (line->kind == LINE_TITLE ? 4.0 : 0.0);
}

static double
line_height (PangoContext *context, SlipLine *line, double width)
{
  g_autoptr (PangoLayout) left = NULL;
  g_autoptr (PangoLayout) right = NULL;

  return layout_line (context, line, width, &left, &right);
}

/* Draws @lines[first, last) from (x, y) down; returns the y below the last. */
static double
draw_lines (cairo_t *cr,
            PangoContext *context,
            GPtrArray *lines,
            guint first,
            guint last,
            double x,
            double y,
            double width)
{
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = first; i < last; i++) {
    SlipLine *line = g_ptr_array_index (lines, i);
    g_autoptr (PangoLayout) left = NULL;
    g_autoptr (PangoLayout) right = NULL;
    double height = layout_line (context, line, width, &left, &right);

    if (line->kind == LINE_RULE) {
      cairo_save (cr);
      cairo_set_line_width (cr, 0.5);
      cairo_set_dash (cr, (double[]){ 2.0, 2.0 }, 2, 0);
      cairo_move_to (cr, x, y + height / 2.0);
      cairo_line_to (cr, x + width, y + height / 2.0);
      cairo_stroke (cr);
      cairo_restore (cr);
    } else {
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, left);
      if (right != NULL) {
        cairo_move_to (cr, x + width - pango_units_to_double (pango_layout_get_width (right)), y);
        pango_cairo_show_layout (cr, right);
      }
    }
    y += height;
  }
  return y;
}

static void
set_font_options (PangoContext *context)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Unhinted metrics: the same line heights whatever the target, so measuring equals drawing. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
}

gboolean
pos_slip_render_pdf (PosSaleRecord *record,
                     const char *station_name,
                     const char *path,
                     GError **error)
{
  g_autoptr (GPtrArray) lines = NULL;
  PangoContext *context;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  double width = ROLL_WIDTH - 2 * MARGIN;
  double height = 0;

  g_return_val_if_fail (POS_IS_SALE_RECORD (record), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  lines = build_lines (record, station_name);

  /* The page is sized after measuring, which cairo allows before anything is drawn on it. */
  surface = cairo_pdf_surface_create (path, ROLL_WIDTH, ROLL_WIDTH);
  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy (surface);
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _ ("Could not write the slip to “%s”: %s"),
                 path, cairo_status_to_string (status));
    return FALSE;
  }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _ ("Payment receipt"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Paystar POS");

  cr = cairo_create (surface);
  context = pango_cairo_create_context (cr);
  pango_cairo_context_set_resolution (context, 72.0);
  set_font_options (context);

  for (guint i = 0; i < lines->len; i++)
    height += line_height (context, g_ptr_array_index (lines, i), width);
  cairo_pdf_surface_set_size (surface, ROLL_WIDTH, (int) (height + 2 * MARGIN + 1.0));

  draw_lines (cr, context, lines, 0, lines->len, MARGIN, MARGIN, width);
  g_object_unref (context);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _ ("Could not write the slip to “%s”: %s"),
                 path, cairo_status_to_string (status));
    return FALSE;
  }
  return TRUE;
}

/* Printing: the lines, and where each page starts (computed in begin-print for the page size the
 * user chose). */
typedef struct {
  GPtrArray *lines;
  GArray *page_starts; /* guint */
  double width;
  double x;
} PrintJob;

static void
print_job_free (gpointer data)
{
  PrintJob *job = data;

  g_clear_pointer (&job->lines, g_ptr_array_unref);
  g_clear_pointer (&job->page_starts, g_array_unref);
  g_free (job);
}

static void
on_begin_print (GtkPrintOperation *operation, GtkPrintContext *print_context, gpointer user_data)
{
  PrintJob *job = user_data;
  PangoContext *context = gtk_print_context_create_pango_context (print_context);
  double page_height = gtk_print_context_get_height (print_context);
  double y = 0;
  guint zero = 0;

  set_font_options (context);
  job->width = MIN (gtk_print_context_get_width (print_context), MAX_PRINT_WIDTH);
  job->x = (gtk_print_context_get_width (print_context) - job->width) / 2.0;

  g_array_set_size (job->page_starts, 0);
  g_array_append_val (job->page_starts, zero);
  for (guint i = 0; i < job->lines->len; i++) {
    double height = line_height (context, g_ptr_array_index (job->lines, i), job->width);

    /* A line taller than a page still gets a page of its own rather than an endless loop. */
    if (y > 0 && y + height > page_height) {
      g_array_append_val (job->page_starts, i);
      y = 0;
    }
    y += height;
  }
  g_object_unref (context);
  gtk_print_operation_set_n_pages (operation, job->page_starts->len);
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext *print_context,
              int page_nr,
              gpointer user_data)
{
  PrintJob *job = user_data;
  PangoContext *context;
  cairo_t *cr = gtk_print_context_get_cairo_context (print_context);
  guint first;
  guint last;

  if (page_nr < 0 || (guint) page_nr >= job->page_starts->len)
    return;
  context = gtk_print_context_create_pango_context (print_context);
  set_font_options (context);
  first = g_array_index (job->page_starts, guint, page_nr);
  last = (guint) page_nr + 1 < job->page_starts->len
           ? g_array_index (job->page_starts, guint, page_nr + 1)
           : job->lines->len;
  draw_lines (cr, context, job->lines, first, last, job->x, 0, job->width);
  g_object_unref (context);
}

GtkPrintOperation *
pos_slip_print_operation_new (PosSaleRecord *record, const char *station_name)
{
  GtkPrintOperation *operation;
  PrintJob *job;
  g_autofree char *job_name = NULL;

  g_return_val_if_fail (POS_IS_SALE_RECORD (record), NULL);

  job = g_new0 (PrintJob, 1);
  job->lines = build_lines (record, station_name);
  job->page_starts = g_array_new (FALSE, FALSE, sizeof (guint));

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  /* Translators: the print job's name; %s is the sale's reference. */
  job_name = g_strdup_printf (_ ("Receipt %s"), pos_sale_record_get_client_reference (record));
  gtk_print_operation_set_job_name (operation, job_name);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_object_set_data_full (G_OBJECT (operation), "pos-slip-job", job, print_job_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), job);
  return operation;
}

static void
show_print_error (GtkWindow *parent, const GError *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (parent, _ ("Could Not Print the Slip"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct {
  GtkWindow *parent;
  gboolean async;
  gboolean error_shown;
} PrintState;

static void
print_state_free (gpointer data)
{
  PrintState *state = data;

  g_clear_object (&state->parent);
  g_free (state);
}

static void
on_print_done (GtkPrintOperation *operation, GtkPrintOperationResult result, gpointer user_data)
{
  PrintState *state = user_data;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && !state->error_shown) {
    g_autoptr (GError) error = NULL;

    gtk_print_operation_get_error (operation, &error);
    if (error != NULL) {
      show_print_error (state->parent, error);
      state->error_shown = TRUE;
    }
  }
  /* An asynchronous run kept the operation alive until now (see pos_slip_print()). */
  if (state->async)
    g_object_unref (operation);
}

void
pos_slip_print (PosSaleRecord *record, const char *station_name, GtkWindow *parent)
{
  g_autoptr (GError) error = NULL;
  GtkPrintOperation *operation;
  GtkPrintOperationResult result;
  PrintState *state;

  g_return_if_fail (POS_IS_SALE_RECORD (record));
  g_return_if_fail (pos_sale_record_get_status (record) == POS_SALE_STATUS_SUCCEEDED);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  operation = pos_slip_print_operation_new (record, station_name);
  state = g_new0 (PrintState, 1);
  state->parent = parent != NULL ? g_object_ref (parent) : NULL;
  g_object_set_data_full (G_OBJECT (operation), "pos-slip-state", state, print_state_free);
  g_signal_connect (operation, "done", G_CALLBACK (on_print_done), state);

  gtk_print_operation_set_allow_async (operation, TRUE);
  result =
    gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS) {
    /* "done" comes later and drops this reference. */
    state->async = TRUE;
    return;
  }
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && error != NULL && !state->error_shown)
    show_print_error (parent, error);
  g_object_unref (operation);
}
