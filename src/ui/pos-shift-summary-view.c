/* pos-shift-summary-view.c: counts and totals per agent and status (a PosShiftSummary) as a
 * table under a title.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-shift-summary-view.h"

#include <glib/gi18n.h>

#include "paystar.h"

/* The table has a column per status that occurs, so it can be wider than the space it is given
 * (History's list beside an open details pane): status headings wrap ("Outcome / unknown"),
 * agents' emails are shortened in the middle (the whole address is in the tooltip), and what
 * still does not fit scrolls sideways with a visible scrollbar (see the .ui). */
#define HEADING_CHARS 10
#define AGENT_CHARS   26

struct _PosShiftSummaryView {
  GtkWidget parent_instance;

  GtkLabel *title_label;
  GtkGrid *grid;

  PosShiftSummary *summary;
  char *placeholder;
};

G_DEFINE_FINAL_TYPE (PosShiftSummaryView, pos_shift_summary_view, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_TITLE, PROP_SUMMARY, PROP_PLACEHOLDER, N_PROPS };

static GParamSpec *properties[N_PROPS];

static GtkWidget *
grid_attach_label (GtkGrid *grid,
                   const char *text,
                   int column,
                   int row,
                   gboolean heading,
                   gboolean numeric)
{
  GtkWidget *label = gtk_label_new (text);

  if (heading && row == 0 && column > 1) {
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (label), HEADING_CHARS);
    gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
    gtk_widget_set_valign (label, GTK_ALIGN_END);
  } else if (column == 0 && row > 0) {
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
    gtk_label_set_max_width_chars (GTK_LABEL (label), AGENT_CHARS);
    gtk_widget_set_tooltip_text (label, text);
  }
  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_selectable (GTK_LABEL (label), !heading);
  gtk_grid_attach (grid, label, column, row, 1, 1);
  return label;
}

static void
rebuild (PosShiftSummaryView *self)
{
  GtkWidget *child;
  PosShiftSummary *summary = self->summary;
  guint n_agents;
  int column;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);

  if (summary == NULL) {
    if (self->placeholder != NULL)
      grid_attach_label (self->grid, self->placeholder, 0, 0, FALSE, FALSE);
    return;
  }
  n_agents = pos_shift_summary_get_n_agents (summary);
  if (n_agents == 0) {
    grid_attach_label (self->grid, _ ("No sales in this range yet."), 0, 0, FALSE, FALSE);
    return;
  }

  /* Columns: agent, sales, then each status that occurs in the range, in the journal's order. */
  grid_attach_label (self->grid, _ ("Agent"), 0, 0, TRUE, FALSE);
  grid_attach_label (self->grid, _ ("Sales"), 1, 0, TRUE, TRUE);
  column = 2;
  for (guint s = 0; s <= POS_SALE_STATUS_LAST; s++) {
    if (pos_shift_summary_get_count (summary, NULL, s) == 0)
      continue;
    grid_attach_label (self->grid, pos_sale_status_get_label (s), column, 0, TRUE, TRUE);
    /* Each agent, then every agent together. */
    for (guint a = 0; a <= n_agents; a++) {
      const char *agent = a < n_agents ? pos_shift_summary_get_agent (summary, a) : NULL;
      guint count = pos_shift_summary_get_count (summary, agent, s);
      g_autofree char *money =
        paystar_money_format (pos_shift_summary_get_total (summary, agent, s));
      /* Translators: a cell of the summary: how many sales, and their total. */
      g_autofree char *cell =
        count > 0 ? g_strdup_printf (_ ("%u · %s"), count, money) : g_strdup ("–");

      if (a == n_agents && n_agents < 2)
        break;
      grid_attach_label (self->grid, cell, column, a + 1, a == n_agents, TRUE);
    }
    column++;
  }
  for (guint a = 0; a <= n_agents; a++) {
    const char *agent = a < n_agents ? pos_shift_summary_get_agent (summary, a) : NULL;
    g_autofree char *n_sales =
      g_strdup_printf ("%u", pos_shift_summary_get_n_sales (summary, agent));

    if (a == n_agents && n_agents < 2)
      break;
    /* Translators: the last row of the summary, every agent together. */
    grid_attach_label (self->grid, agent != NULL ? agent : _ ("All agents"), 0, a + 1,
                       a == n_agents, FALSE);
    grid_attach_label (self->grid, n_sales, 1, a + 1, a == n_agents, TRUE);
  }
}

GtkWidget *
pos_shift_summary_view_new (void)
{
  return g_object_new (POS_TYPE_SHIFT_SUMMARY_VIEW, NULL);
}

const char *
pos_shift_summary_view_get_title (PosShiftSummaryView *self)
{
  g_return_val_if_fail (POS_IS_SHIFT_SUMMARY_VIEW (self), NULL);

  return gtk_label_get_text (self->title_label);
}

void
pos_shift_summary_view_set_title (PosShiftSummaryView *self, const char *title)
{
  g_return_if_fail (POS_IS_SHIFT_SUMMARY_VIEW (self));

  if (title == NULL)
    title = "";
  if (g_strcmp0 (gtk_label_get_text (self->title_label), title) == 0)
    return;
  gtk_label_set_text (self->title_label, title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

PosShiftSummary *
pos_shift_summary_view_get_summary (PosShiftSummaryView *self)
{
  g_return_val_if_fail (POS_IS_SHIFT_SUMMARY_VIEW (self), NULL);

  return self->summary;
}

void
pos_shift_summary_view_set_summary (PosShiftSummaryView *self, PosShiftSummary *summary)
{
  g_return_if_fail (POS_IS_SHIFT_SUMMARY_VIEW (self));
  g_return_if_fail (summary == NULL || POS_IS_SHIFT_SUMMARY (summary));

  if (!g_set_object (&self->summary, summary))
    return;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}

const char *
pos_shift_summary_view_get_placeholder (PosShiftSummaryView *self)
{
  g_return_val_if_fail (POS_IS_SHIFT_SUMMARY_VIEW (self), NULL);

  return self->placeholder;
}

void
pos_shift_summary_view_set_placeholder (PosShiftSummaryView *self, const char *placeholder)
{
  g_return_if_fail (POS_IS_SHIFT_SUMMARY_VIEW (self));

  if (!paystar_set_str (&self->placeholder, placeholder))
    return;
  if (self->summary == NULL)
    rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLACEHOLDER]);
}

static void
pos_shift_summary_view_get_property (GObject *object,
                                     guint prop_id,
                                     GValue *value,
                                     GParamSpec *pspec)
{
  PosShiftSummaryView *self = POS_SHIFT_SUMMARY_VIEW (object);

  switch (prop_id) {
    case PROP_TITLE:
      g_value_set_string (value, pos_shift_summary_view_get_title (self));
      break;
    case PROP_SUMMARY:
      g_value_set_object (value, self->summary);
      break;
    case PROP_PLACEHOLDER:
      g_value_set_string (value, self->placeholder);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_shift_summary_view_set_property (GObject *object,
                                     guint prop_id,
                                     const GValue *value,
                                     GParamSpec *pspec)
{
  PosShiftSummaryView *self = POS_SHIFT_SUMMARY_VIEW (object);

  switch (prop_id) {
    case PROP_TITLE:
      pos_shift_summary_view_set_title (self, g_value_get_string (value));
      break;
    case PROP_SUMMARY:
      pos_shift_summary_view_set_summary (self, g_value_get_object (value));
      break;
    case PROP_PLACEHOLDER:
      pos_shift_summary_view_set_placeholder (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_shift_summary_view_dispose (GObject *object)
{
  PosShiftSummaryView *self = POS_SHIFT_SUMMARY_VIEW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_SHIFT_SUMMARY_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->summary);

  G_OBJECT_CLASS (pos_shift_summary_view_parent_class)->dispose (object);
}

static void
pos_shift_summary_view_finalize (GObject *object)
{
  PosShiftSummaryView *self = POS_SHIFT_SUMMARY_VIEW (object);

  g_free (self->placeholder);

  G_OBJECT_CLASS (pos_shift_summary_view_parent_class)->finalize (object);
}

static void
pos_shift_summary_view_class_init (PosShiftSummaryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = pos_shift_summary_view_get_property;
  object_class->set_property = pos_shift_summary_view_set_property;
  object_class->dispose = pos_shift_summary_view_dispose;
  object_class->finalize = pos_shift_summary_view_finalize;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SUMMARY] =
    g_param_spec_object ("summary", NULL, NULL, POS_TYPE_SHIFT_SUMMARY,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PLACEHOLDER] =
    g_param_spec_string ("placeholder", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/paystar/Pos/pos-shift-summary-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PosShiftSummaryView, title_label);
  gtk_widget_class_bind_template_child (widget_class, PosShiftSummaryView, grid);
}

static void
pos_shift_summary_view_init (PosShiftSummaryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
