/* pos-sale-page.c: the sale being keyed: charges, options, total and submit.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What happens to a sale, and why:
 * - Every edit schedules a draft save (debounced), so a crash or a power cut loses at most the
 *   last few hundred milliseconds of typing.
 * - Submit journals the request (status "submitting") before it leaves, then sends it once. The
 *   submit action is disabled while a request is in flight, so it cannot fire twice.
 * - No answer (timeout, network failure, unreadable answer) puts the sale in "outcome unknown":
 *   Retry sends the very same request with the same ClientReference, Discard ends the sale. The
 *   sale is never sent again with a new reference behind the agent's back.
 * - A created session hands the sale to the window's payment step ("session-created"). When the
 *   payment form is left without a payment, the sale comes back intact with its session
 *   re-openable. Its reference now has a session, so the first change to the sale gives it a new
 *   reference (a changed sale is a new payment session) and the re-open offer goes; until then
 *   no draft is saved, as the sale is in the journal already.
 */
#include "config.h"

#include "pos-sale-page.h"
#include "pos-sale-page-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "pos-charge-row.h"
#include "pos-field-entry.h"
#include "pos-pairs-editor.h"
#include "pos-ui.h"

#define DEFAULT_DRAFT_DELAY_MS 300

/* The PaymentFields the sandbox's business unit is configured with; offered as empty rows. */

typedef struct {
  PosSalePage *page;
  PosStation *station;
  PosSale *sale;
  char *agent_email;
  gint64 journal_id;
  gboolean retry;
} Submission;

struct _PosSalePage {
  GtkWidget parent_instance;

  GtkStack *stack;
  GtkScrolledWindow *scroller;
  GtkWidget *unknown_box;
  GtkWidget *reopen_box;
  GtkLabel *reopen_text;
  GtkLabel *unknown_title;
  GtkLabel *unknown_text;
  GtkWidget *retry_button;
  GtkWidget *discard_button;
  GtkLabel *general_message;
  GtkWidget *form_box;
  GtkLabel *count_label;
  GtkListBox *charges_list;
  GtkLabel *charges_message;
  GtkWidget *add_button;
  GtkLabel *add_limit_label;
  PosFieldEntry *descriptor_field;
  GtkLabel *reference_label;
  GtkLabel *reference_message;
  GtkWidget *new_reference_button;
  PosPairsEditor *payment_fields_editor;
  PosPairsEditor *custom_meta_editor;
  GtkLabel *created_total_label;
  GtkLabel *created_reference_label;
  GtkLabel *session_label;
  GtkLabel *link_label;
  GtkWidget *new_sale_button;
  GtkWidget *submit_bar;
  GtkLabel *total_label;
  GtkLabel *summary_label;
  GtkLabel *problems_label;
  GtkWidget *show_problems_button;
  GtkSpinner *spinner;
  GtkLabel *progress_label;
  GtkWidget *submit_button;
  GtkWidget *reopen_submit_button;

  PosStation *station;
  PosAgent *agent;
  PosSale *sale;
  GBinding *descriptor_binding;
  GCancellable *cancellable;
  PosSalePageState state;

  /* What was sent, for Retry (exactly the same request, same ClientReference). */
  PaystarRequest *request;
  gint64 journal_id;
  Submission *in_flight; /* not owned */
  /* The sale's session, left without a payment and re-openable (0: none). */
  gint64 reopen_id;

  guint draft_source;
  guint draft_delay;
  guint n_problems;
  char *first_problem;
  char *descriptor_server_error;
  char *reference_server_error;

  guint reveal : 1;
  guint dirty : 1;
  guint focus_new_rows : 1;
};

G_DEFINE_FINAL_TYPE (PosSalePage, pos_sale_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_STATION, PROP_AGENT, PROP_SALE, PROP_STATE, PROP_BUSY, N_PROPS };

enum { SIGNAL_SESSION_CREATED, SIGNAL_REOPEN_PAYMENT, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void validate (PosSalePage *self);
static void set_sale (PosSalePage *self, PosSale *sale);

static void
submission_free (Submission *submission)
{
  g_clear_object (&submission->page);
  g_clear_object (&submission->station);
  g_clear_object (&submission->sale);
  g_clear_pointer (&submission->agent_email, g_free);
  g_free (submission);
}

static PosJournal *
get_journal (PosSalePage *self)
{
  return self->station != NULL ? pos_station_get_journal (self->station) : NULL;
}

static void
show_label (GtkLabel *label, const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
set_general_message (PosSalePage *self, const char *text)
{
  show_label (self->general_message, text);
}

static const char *
label_text_or_null (GtkLabel *label)
{
  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : NULL;
}

static void
update_actions (PosSalePage *self)
{
  gboolean editing =
    self->state == POS_SALE_PAGE_EDITING && self->sale != NULL && self->agent != NULL;
  gboolean has_client = self->station != NULL && pos_station_get_client (self->station) != NULL;
  gboolean can_add = editing && pos_sale_get_can_add (self->sale);
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "sale.submit",
                                 editing &&
                                   (self->reopen_id != 0 || (has_client && self->n_problems == 0)));
  gtk_widget_action_set_enabled (widget, "sale.reopen-payment", editing && self->reopen_id != 0);
  gtk_widget_action_set_enabled (widget, "sale.add-charge", can_add);
  gtk_widget_action_set_enabled (widget, "sale.new",
                                 self->sale != NULL && (self->state == POS_SALE_PAGE_EDITING ||
                                                        self->state == POS_SALE_PAGE_CREATED));
  gtk_widget_action_set_enabled (widget, "sale.retry",
                                 self->state == POS_SALE_PAGE_UNKNOWN && has_client &&
                                   self->request != NULL);
  gtk_widget_action_set_enabled (widget, "sale.discard", self->state == POS_SALE_PAGE_UNKNOWN);
  gtk_widget_action_set_enabled (widget, "sale.show-problems", editing && self->n_problems > 0);
  gtk_widget_action_set_enabled (widget, "sale.new-reference",
                                 editing && self->reference_server_error != NULL);

  /* Say why the add control is off, in its tooltip and beside it. */
  if (self->sale != NULL && !pos_sale_get_can_add (self->sale)) {
    g_autofree char *text = NULL;

    text = g_strdup_printf (_ ("A sale holds at most %d charges. Submit this sale and start "
                               "another one for the rest."),
                            PAYSTAR_MAX_CHARGES);
    gtk_widget_set_tooltip_text (self->add_button, text);
    show_label (self->add_limit_label, text);
  } else {
    gtk_widget_set_tooltip_text (self->add_button, _ ("Add a charge to this sale (Ctrl+Shift+N)"));
    show_label (self->add_limit_label, NULL);
  }
}

static void
set_state (PosSalePage *self, PosSalePageState state)
{
  gboolean was_busy = self->state == POS_SALE_PAGE_SUBMITTING;
  gboolean busy = state == POS_SALE_PAGE_SUBMITTING;

  self->state = state;

  /* Move the keyboard out of the form before it goes insensitive: GTK 4.8 takes the focus from an
   * insensitive entry without telling it, and its cursor keeps blinking. */
  if (state != POS_SALE_PAGE_EDITING) {
    GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
    GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

    if (focus != NULL && gtk_widget_is_ancestor (focus, self->form_box))
      gtk_root_set_focus (root, NULL);
  }

  gtk_stack_set_visible_child_name (self->stack,
                                    state == POS_SALE_PAGE_CREATED ? "created" : "form");
  gtk_widget_set_visible (self->submit_bar, state != POS_SALE_PAGE_CREATED);
  gtk_widget_set_visible (self->unknown_box, state == POS_SALE_PAGE_UNKNOWN);
  gtk_widget_set_sensitive (self->form_box, state == POS_SALE_PAGE_EDITING);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), busy);
  gtk_widget_set_visible (self->submit_button,
                          state != POS_SALE_PAGE_UNKNOWN && self->reopen_id == 0);
  gtk_widget_set_visible (self->reopen_submit_button,
                          state == POS_SALE_PAGE_EDITING && self->reopen_id != 0);
  gtk_widget_set_visible (self->reopen_box, state == POS_SALE_PAGE_EDITING && self->reopen_id != 0);

  validate (self);
  update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (was_busy != busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
update_totals (PosSalePage *self)
{
  g_autofree char *total = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *count = NULL;
  guint n = self->sale != NULL ? pos_sale_get_n_charges (self->sale) : 0;

  total = paystar_money_format (self->sale != NULL ? pos_sale_get_total (self->sale) : 0);
  /* Translators: the running total of the sale, e.g. "Total $1,234.56" */
  total_text = g_strdup_printf (_ ("Total %s"), total);
  gtk_label_set_text (self->total_label, total_text);
  summary = g_strdup_printf (ngettext ("%u charge", "%u charges", n), n);
  gtk_label_set_text (self->summary_label, summary);
  /* Translators: how many charges the sale has of the most it can have, e.g. "3 of 25" */
  count = g_strdup_printf (_ ("%u of %d"), n, PAYSTAR_MAX_CHARGES);
  gtk_label_set_text (self->count_label, count);
}

/* "Charges[12].ClientAccount.Name" -> 12 and "ClientAccount.Name". */
static gboolean
split_charge_path (const char *path, guint *out_index, const char **out_rest)
{
  const char *p;
  char *end = NULL;
  guint64 index;

  if (g_ascii_strncasecmp (path, "Charges[", strlen ("Charges[")) != 0)
    return FALSE;
  p = path + strlen ("Charges[");
  if (!g_ascii_isdigit (*p))
    return FALSE;
  index = g_ascii_strtoull (p, &end, 10);
  if (end == NULL || *end != ']' || index >= G_MAXUINT)
    return FALSE;
  end++;
  if (*end == '.')
    end++;
  else if (*end != '\0')
    return FALSE;
  *out_index = (guint) index;
  *out_rest = end;
  return TRUE;
}

/* "PaymentFields.invoiceNumber" or "PaymentFields[invoiceNumber]" -> "invoiceNumber"; the bare
 * name gives "" (the whole object). */
static gboolean
split_pairs_path (const char *path, const char *name, char **out_key)
{
  gsize length = strlen (name);
  const char *p;

  if (g_ascii_strncasecmp (path, name, length) != 0)
    return FALSE;
  p = path + length;
  if (*p == '\0') {
    *out_key = g_strdup ("");
    return TRUE;
  }
  if (*p == '.') {
    *out_key = g_strdup (p + 1);
    return TRUE;
  }
  if (*p == '[' && p[1] != '\0' && p[strlen (p) - 1] == ']') {
    const char *start = p[1] == '"' || p[1] == '\'' ? p + 2 : p + 1;
    const char *stop = p + strlen (p) - 1;

    if (stop > start && (stop[-1] == '"' || stop[-1] == '\''))
      stop--;
    *out_key = g_strndup (start, stop - start);
    return TRUE;
  }
  return FALSE;
}

static char *
describe_problem (const PaystarFieldError *error)
{
  const char *path = error->property_name;
  const char *rest;
  guint index;

  if (split_charge_path (path, &index, &rest))
    /* Translators: where a problem is, then the problem, e.g. "Charge 2: Enter an amount." */
    return g_strdup_printf (_ ("Charge %u: %s"), index + 1, error->message);
  if (g_ascii_strcasecmp (path, "PaymentDescriptor") == 0)
    return g_strdup_printf (_ ("Payment descriptor: %s"), error->message);
  if (g_ascii_strncasecmp (path, "PaymentFields", strlen ("PaymentFields")) == 0)
    return g_strdup_printf (_ ("Payment fields: %s"), error->message);
  if (g_ascii_strncasecmp (path, "CustomMeta", strlen ("CustomMeta")) == 0)
    return g_strdup_printf (_ ("Custom data: %s"), error->message);
  if (g_ascii_strcasecmp (path, "BusinessUnitSlug") == 0)
    return g_strdup_printf (_ ("Station settings: %s Ask an administrator."), error->message);
  if (g_ascii_strcasecmp (path, "PosUser") == 0)
    return g_strdup_printf (_ ("Agent: %s"), error->message);
  return g_strdup (error->message);
}

static void
validate (PosSalePage *self)
{
  g_autoptr (GPtrArray) errors = NULL;
  g_autofree char *problem_text = NULL;
  PosSettings *settings;
  const char *success_url = NULL;
  const char *return_url = NULL;
  const char *descriptor_error = NULL;
  const char *charges_error = NULL;
  guint n_rows;

  g_clear_pointer (&self->first_problem, g_free);
  self->n_problems = 0;

  if (self->sale == NULL || self->agent == NULL || self->station == NULL) {
    show_label (self->problems_label, NULL);
    gtk_widget_set_visible (self->show_problems_button, FALSE);
    return;
  }

  settings = pos_station_get_settings (self->station);
  if (pos_settings_get_payment_page_mode (settings) == POS_PAYMENT_PAGE_MODE_REDIRECT) {
    success_url = pos_settings_get_success_url (settings);
    return_url = pos_settings_get_return_url (settings);
  }
  errors = pos_sale_validate (self->sale, pos_settings_get_business_unit_slug (settings),
                              pos_agent_get_email (self->agent), success_url, return_url);

  /* Hand every charge its own errors, with paths relative to the charge. */
  n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->sale));
  for (guint i = 0; i < n_rows; i++) {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->charges_list, i);
    g_autoptr (GPtrArray) row_errors = paystar_field_errors_new ();

    if (!POS_IS_CHARGE_ROW (row))
      continue;
    for (guint j = 0; j < errors->len; j++) {
      const PaystarFieldError *error = g_ptr_array_index (errors, j);
      const char *rest;
      guint index;

      if (split_charge_path (error->property_name, &index, &rest) && index == i)
        g_ptr_array_add (row_errors, paystar_field_error_new (rest, error->message));
    }
    pos_charge_row_set_local_errors (POS_CHARGE_ROW (row), row_errors);
  }

  for (guint j = 0; j < errors->len; j++) {
    const PaystarFieldError *error = g_ptr_array_index (errors, j);

    if (g_ascii_strcasecmp (error->property_name, "PaymentDescriptor") == 0)
      descriptor_error = error->message;
    else if (g_ascii_strcasecmp (error->property_name, "Charges") == 0)
      charges_error = error->message;
  }
  pos_field_entry_set_error (self->descriptor_field, self->descriptor_server_error != NULL
                                                       ? self->descriptor_server_error
                                                       : descriptor_error);
  show_label (self->charges_message, self->reveal ? charges_error : NULL);

  self->n_problems = errors->len + pos_pairs_editor_get_n_problems (self->payment_fields_editor) +
                     pos_pairs_editor_get_n_problems (self->custom_meta_editor);
  if (errors->len > 0) {
    const PaystarFieldError *first = NULL;
    guint first_index = G_MAXUINT;

    /* The first problem on screen, top to bottom; the validator lists amounts first. */
    for (guint j = 0; j < errors->len; j++) {
      const PaystarFieldError *error = g_ptr_array_index (errors, j);
      const char *rest;
      guint index = G_MAXUINT - 1;

      if (!split_charge_path (error->property_name, &index, &rest))
        index = G_MAXUINT - 1;
      if (first == NULL || index < first_index) {
        first = error;
        first_index = index;
      }
    }
    self->first_problem = describe_problem (first);
  } else if (pos_pairs_editor_get_first_problem (self->payment_fields_editor) != NULL)
    self->first_problem = g_strdup_printf (
      _ ("Payment fields: %s"), pos_pairs_editor_get_first_problem (self->payment_fields_editor));
  else if (pos_pairs_editor_get_first_problem (self->custom_meta_editor) != NULL)
    self->first_problem = g_strdup_printf (
      _ ("Custom data: %s"), pos_pairs_editor_get_first_problem (self->custom_meta_editor));

  if (self->state != POS_SALE_PAGE_EDITING) {
    problem_text = NULL;
  } else if (self->n_problems == 1) {
    problem_text = g_strdup (self->first_problem);
  } else if (self->n_problems > 1) {
    /* Translators: the first problem, then how many more there are */
    problem_text = g_strdup_printf (
      ngettext ("%s (and %u more problem)", "%s (and %u more problems)", self->n_problems - 1),
      self->first_problem, self->n_problems - 1);
  } else if (pos_station_get_client (self->station) == NULL) {
    problem_text = g_strdup (pos_station_get_client_problem (self->station));
  }
  show_label (self->problems_label, problem_text);
  gtk_widget_set_visible (self->show_problems_button,
                          self->state == POS_SALE_PAGE_EDITING && self->n_problems > 0);
  update_actions (self);
}

static void
reveal_errors (PosSalePage *self)
{
  self->reveal = TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->charges_list));
       child != NULL; child = gtk_widget_get_next_sibling (child)) {
    if (POS_IS_CHARGE_ROW (child))
      pos_charge_row_reveal_errors (POS_CHARGE_ROW (child));
  }
  validate (self);
}

static void
focus_first_error (PosSalePage *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->charges_list));
       child != NULL; child = gtk_widget_get_next_sibling (child)) {
    if (POS_IS_CHARGE_ROW (child) && pos_charge_row_focus_first_error (POS_CHARGE_ROW (child)))
      return;
  }
  if (pos_field_entry_get_error (self->descriptor_field) != NULL) {
    gtk_widget_grab_focus (GTK_WIDGET (self->descriptor_field));
    return;
  }
  if (pos_pairs_editor_focus_first_error (self->payment_fields_editor) ||
      pos_pairs_editor_focus_first_error (self->custom_meta_editor))
    return;
  if (gtk_widget_get_visible (GTK_WIDGET (self->reference_message))) {
    gtk_widget_grab_focus (self->new_reference_button);
    return;
  }
  if (gtk_widget_get_visible (GTK_WIDGET (self->charges_message)))
    gtk_widget_grab_focus (self->add_button);
}

static void
clear_server_errors (PosSalePage *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->charges_list));
       child != NULL; child = gtk_widget_get_next_sibling (child)) {
    if (POS_IS_CHARGE_ROW (child))
      pos_charge_row_clear_server_errors (POS_CHARGE_ROW (child));
  }
  pos_pairs_editor_clear_server_errors (self->payment_fields_editor);
  pos_pairs_editor_clear_server_errors (self->custom_meta_editor);
  g_clear_pointer (&self->descriptor_server_error, g_free);
  g_clear_pointer (&self->reference_server_error, g_free);
  show_label (self->reference_message, NULL);
  gtk_widget_set_visible (self->new_reference_button, FALSE);
  set_general_message (self, NULL);
}

/* Puts each of the server's errors[] at its field; what names no field goes above the form. */
static void
show_server_errors (PosSalePage *self, GPtrArray *field_errors)
{
  g_autoptr (GString) general = g_string_new (NULL);

  for (guint i = 0; field_errors != NULL && i < field_errors->len; i++) {
    const PaystarFieldError *error = g_ptr_array_index (field_errors, i);
    const char *path = error->property_name != NULL ? error->property_name : "";
    g_autofree char *key = NULL;
    const char *rest;
    guint index;
    gboolean shown = FALSE;

    if (split_charge_path (path, &index, &rest)) {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->charges_list, index);

      if (POS_IS_CHARGE_ROW (row))
        shown = pos_charge_row_set_server_error (POS_CHARGE_ROW (row), rest, error->message);
    } else if (g_ascii_strcasecmp (path, "Charges") == 0) {
      show_label (self->charges_message, error->message);
      shown = TRUE;
    } else if (g_ascii_strcasecmp (path, "PaymentDescriptor") == 0) {
      pos_set_str (&self->descriptor_server_error, error->message);
      pos_field_entry_set_error (self->descriptor_field, error->message);
      shown = TRUE;
    } else if (g_ascii_strcasecmp (path, "ClientReference") == 0) {
      pos_set_str (&self->reference_server_error, error->message);
      show_label (self->reference_message, error->message);
      gtk_widget_set_visible (self->new_reference_button, TRUE);
      shown = TRUE;
    } else if (split_pairs_path (path, "PaymentFields", &key)) {
      pos_pairs_editor_set_server_error (self->payment_fields_editor, *key ? key : NULL,
                                         error->message);
      shown = TRUE;
    } else if (split_pairs_path (path, "CustomMeta", &key)) {
      pos_pairs_editor_set_server_error (self->custom_meta_editor, *key ? key : NULL,
                                         error->message);
      shown = TRUE;
    }

    if (!shown) {
      g_autofree char *text = NULL;

      if (g_ascii_strcasecmp (path, "PosUser") == 0)
        /* Translators: %s is the agent's email, then the server's reason */
        text = g_strdup_printf (_ ("Paystar refused the agent %s: %s"),
                                pos_agent_get_email (self->agent), error->message);
      else if (*path != '\0')
        text = g_strdup_printf ("%s: %s", path, error->message);
      else
        text = g_strdup (error->message);
      if (general->len > 0)
        g_string_append_c (general, '\n');
      g_string_append (general, text);
    }
  }

  if (general->len == 0 && (field_errors == NULL || field_errors->len == 0))
    g_string_append (general, _ ("Paystar refused the sale without saying why. Check the fields "
                                 "and try again."));
  set_general_message (self, general->len > 0 ? general->str : NULL);
  reveal_errors (self);
  update_actions (self);
}

/* Drafts */

static void
save_draft_now (PosSalePage *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  PosJournal *journal = get_journal (self);

  g_clear_handle_id (&self->draft_source, g_source_remove);

  if (journal == NULL || self->agent == NULL || self->sale == NULL ||
      self->state == POS_SALE_PAGE_CREATED || self->reopen_id != 0)
    return;

  json = pos_sale_to_json (self->sale);
  if (!pos_journal_save_draft (journal, pos_agent_get_email (self->agent), json, &error)) {
    if (g_error_matches (error, POS_ERROR, POS_ERROR_SENSITIVE_DATA))
      set_general_message (self, _ ("A field looks like a card number, so the sale cannot be "
                                    "saved. Card numbers are typed only on Paystar’s payment "
                                    "form: remove it from the sale."));
    else
      set_general_message (self, error->message);
    g_warning ("Could not save the draft: %s", error->message);
  } else if (gtk_widget_get_visible (GTK_WIDGET (self->general_message)) &&
             self->state == POS_SALE_PAGE_EDITING && !self->reveal) {
    set_general_message (self, NULL);
  }
}

static gboolean
on_draft_timeout (gpointer user_data)
{
  PosSalePage *self = user_data;

  g_assert (POS_IS_SALE_PAGE (self));

  self->draft_source = 0;
  save_draft_now (self);
  return G_SOURCE_REMOVE;
}

static const char *station_name (PosSalePage *self);

static void
on_sale_changed (PosSalePage *self)
{
  g_assert (POS_IS_SALE_PAGE (self));

  /* The sale is no longer the one its session was created for: it gets a session of its own. */
  if (self->reopen_id != 0 && self->state == POS_SALE_PAGE_EDITING) {
    self->reopen_id = 0;
    pos_sale_renew_client_reference (self->sale, station_name (self));
    gtk_label_set_text (self->reference_label, pos_sale_get_client_reference (self->sale));
    g_clear_pointer (&self->request, paystar_request_free);
    self->journal_id = 0;
    set_state (self, self->state);
  }

  self->dirty = TRUE;
  if (self->draft_source == 0)
    self->draft_source = g_timeout_add (self->draft_delay, on_draft_timeout, self);
  update_totals (self);
  validate (self);
}

static void
renumber_rows (PosSalePage *self)
{
  guint number = 1;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->charges_list));
       child != NULL; child = gtk_widget_get_next_sibling (child)) {
    if (POS_IS_CHARGE_ROW (child))
      pos_charge_row_set_number (POS_CHARGE_ROW (child), number++);
  }
}

static void
on_sale_items_changed (PosSalePage *self, guint position, guint removed, guint added)
{
  guint n;

  g_assert (POS_IS_SALE_PAGE (self));

  renumber_rows (self);
  update_totals (self);
  validate (self);

  if (!self->focus_new_rows)
    return;

  /* Keep the keyboard where the agent works: on the new charge, or next to the removed one. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->sale));
  if (added == 1 && removed == 0) {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->charges_list, position);

    if (POS_IS_CHARGE_ROW (row))
      pos_charge_row_focus_amount (POS_CHARGE_ROW (row));
  } else if (removed > 0 && added == 0) {
    GtkListBoxRow *row =
      n > 0 ? gtk_list_box_get_row_at_index (self->charges_list, MIN (position, n - 1)) : NULL;

    if (POS_IS_CHARGE_ROW (row))
      pos_charge_row_focus_amount (POS_CHARGE_ROW (row));
    else
      gtk_widget_grab_focus (self->add_button);
  }
}

static GtkWidget *
create_charge_row (gpointer item, gpointer user_data)
{
  PosSalePage *self = user_data;
  GtkWidget *row = pos_charge_row_new (self->sale, POS_CHARGE (item));

  pos_charge_row_set_charge_types (
    POS_CHARGE_ROW (row), pos_settings_get_charge_types (pos_station_get_settings (self->station)));
  if (self->reveal)
    pos_charge_row_reveal_errors (POS_CHARGE_ROW (row));
  return row;
}

static void
on_charge_types_changed (PosSalePage *self)
{
  const char *const *types;

  g_assert (POS_IS_SALE_PAGE (self));

  types = pos_settings_get_charge_types (pos_station_get_settings (self->station));
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->charges_list));
       child != NULL; child = gtk_widget_get_next_sibling (child)) {
    if (POS_IS_CHARGE_ROW (child))
      pos_charge_row_set_charge_types (POS_CHARGE_ROW (child), types);
  }
}

static void
set_sale (PosSalePage *self, PosSale *sale)
{
  if (self->sale == sale)
    return;

  self->reopen_id = 0;

  g_clear_pointer (&self->descriptor_binding, g_binding_unbind);
  if (self->sale != NULL)
    g_signal_handlers_disconnect_by_data (self->sale, self);
  g_set_object (&self->sale, sale);
  self->reveal = FALSE;
  self->dirty = FALSE;
  self->focus_new_rows = FALSE;

  if (self->sale != NULL) {
    gtk_list_box_bind_model (self->charges_list, G_LIST_MODEL (self->sale), create_charge_row, self,
                             NULL);
    g_signal_connect_object (self->sale, "changed", G_CALLBACK (on_sale_changed), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (self->sale, "items-changed", G_CALLBACK (on_sale_items_changed), self,
                             G_CONNECT_SWAPPED);
    /* "changed" comes with the text edit, before the parsed amounts and the total follow it. */
    g_signal_connect_object (self->sale, "notify::total", G_CALLBACK (update_totals), self,
                             G_CONNECT_SWAPPED);
    self->descriptor_binding =
      g_object_bind_property (self->sale, "payment-descriptor", self->descriptor_field, "text",
                              G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
    gtk_label_set_text (self->reference_label, pos_sale_get_client_reference (self->sale));
  } else {
    gtk_list_box_bind_model (self->charges_list, NULL, NULL, NULL, NULL);
    gtk_label_set_text (self->reference_label, "");
  }
  pos_pairs_editor_set_sale (self->payment_fields_editor, self->sale);
  pos_pairs_editor_set_sale (self->custom_meta_editor, self->sale);
  /* The editors wrote their rows back into the sale: that was no edit of the agent's. */
  self->dirty = FALSE;
  g_clear_handle_id (&self->draft_source, g_source_remove);

  clear_server_errors (self);
  renumber_rows (self);
  update_totals (self);
  validate (self);
  self->focus_new_rows = TRUE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SALE]);
}

static const char *
station_name (PosSalePage *self)
{
  return pos_settings_get_station_name (pos_station_get_settings (self->station));
}

static void
start_new_sale (PosSalePage *self)
{
  g_autoptr (PosSale) sale = pos_sale_new (station_name (self));
  g_autoptr (GError) error = NULL;
  PosJournal *journal = get_journal (self);

  /* One empty charge to type into: nearly every sale has at least one. */
  pos_sale_add_charge (sale, NULL);

  if (journal != NULL && self->agent != NULL &&
      !pos_journal_delete_draft (journal, pos_agent_get_email (self->agent), &error))
    g_warning ("Could not delete the draft: %s", error->message);

  g_clear_pointer (&self->request, paystar_request_free);
  self->journal_id = 0;
  set_sale (self, sale);
  self->reopen_id = 0;
  set_state (self, POS_SALE_PAGE_EDITING);

  if (gtk_widget_get_mapped (GTK_WIDGET (self))) {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->charges_list, 0);

    if (POS_IS_CHARGE_ROW (row))
      pos_charge_row_focus_amount (POS_CHARGE_ROW (row));
  }
}

/* Submitting */

static char *
session_to_json (const PaystarSession *session)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "PaymentSessionIdentifier");
  json_builder_add_string_value (builder, session->identifier);
  json_builder_set_member_name (builder, "PaymentLogInLink");
  json_builder_add_string_value (builder, session->link);
  json_builder_set_member_name (builder, "Status");
  json_builder_add_string_value (builder, session->status);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return paystar_json_to_string (root, NULL);
}

static void
show_created (PosSalePage *self, const PaystarSession *session)
{
  g_autofree char *total = paystar_money_format (pos_sale_get_total (self->sale));

  gtk_label_set_text (self->created_total_label, total);
  gtk_label_set_text (self->created_reference_label, pos_sale_get_client_reference (self->sale));
  gtk_label_set_text (self->session_label, session->identifier);
  gtk_label_set_text (self->link_label, session->link);
  self->reopen_id = 0;
  set_state (self, POS_SALE_PAGE_CREATED);
  gtk_widget_grab_focus (self->new_sale_button);
  /* The window takes the sale to the payment step; without one, this page shows the link. */
  g_signal_emit (self, signals[SIGNAL_SESSION_CREATED], 0, self->journal_id);
}

static void
show_unknown (PosSalePage *self, const char *reason)
{
  g_autoptr (GString) text = g_string_new (NULL);

  gtk_label_set_text (self->unknown_title, _ ("Outcome Unknown"));
  g_string_append_printf (text,
                          _ ("Paystar did not answer, so this sale may or may not have a payment "
                             "session. Retry sends it again with the same reference (%s): Paystar "
                             "will not create a second session for it. Discard ends the sale here; "
                             "the journal keeps it as “outcome unknown” for checking with Paystar "
                             "before the sale is keyed again."),
                          pos_sale_get_client_reference (self->sale));
  if (reason != NULL && *reason != '\0') {
    g_string_append (text, "\n\n");
    /* Translators: %s is the technical reason, e.g. "No answer within 30 seconds." */
    g_string_append_printf (text, _ ("What happened: %s"), reason);
  }
  gtk_label_set_text (self->unknown_text, text->str);
  set_state (self, POS_SALE_PAGE_UNKNOWN);
  gtk_widget_grab_focus (self->retry_button);
}

static void
show_already_received (PosSalePage *self)
{
  g_autofree char *text = NULL;

  gtk_label_set_text (self->unknown_title, _ ("Sale Already Received"));
  text = g_strdup_printf (_ ("Paystar already has a sale with this reference (%s): the first "
                             "attempt most likely created its payment session. Do not take the "
                             "payment again before checking the reference with Paystar. Discard "
                             "ends the sale here; the journal keeps it as “outcome unknown”."),
                          pos_sale_get_client_reference (self->sale));
  gtk_label_set_text (self->unknown_text, text);
  set_state (self, POS_SALE_PAGE_UNKNOWN);
  gtk_widget_grab_focus (self->discard_button);
}

static gboolean
errors_name (GPtrArray *field_errors, const char *property_name)
{
  for (guint i = 0; field_errors != NULL && i < field_errors->len; i++) {
    const PaystarFieldError *error = g_ptr_array_index (field_errors, i);

    if (g_ascii_strcasecmp (error->property_name, property_name) == 0)
      return TRUE;
  }
  return FALSE;
}

static char *
summarize_field_errors (GPtrArray *field_errors)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; field_errors != NULL && i < field_errors->len; i++) {
    const PaystarFieldError *error = g_ptr_array_index (field_errors, i);

    if (text->len > 0)
      g_string_append (text, "; ");
    g_string_append_printf (text, "%s: %s", error->property_name, error->message);
  }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
journal_status (Submission *submission, PosSaleStatus status, const char *error_text)
{
  PosJournal *journal = pos_station_get_journal (submission->station);
  g_autoptr (GError) error = NULL;

  if (journal != NULL &&
      !pos_journal_set_status (journal, submission->journal_id, status, error_text, &error))
    g_warning ("Could not journal the outcome of sale %" G_GINT64_FORMAT ": %s",
               submission->journal_id, error->message);
}

static void
on_initiated (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Submission *submission = user_data;
  PosSalePage *self = submission->page;
  g_autoptr (PaystarSession) session = NULL;
  g_autoptr (GPtrArray) field_errors = NULL;
  g_autoptr (GError) error = NULL;
  PosJournal *journal = pos_station_get_journal (submission->station);
  gboolean current;

  session = paystar_client_initiate_payment_session_finish (PAYSTAR_CLIENT (object), result,
                                                            &field_errors, &error);

  /* The journal learns the outcome whatever the screen shows by now. */
  if (session != NULL) {
    g_autofree char *response = session_to_json (session);
    g_autoptr (GError) journal_error = NULL;

    if (journal != NULL &&
        !pos_journal_set_created (journal, submission->journal_id, session->identifier,
                                  session->link, response, &journal_error))
      g_warning ("Could not journal the created session: %s", journal_error->message);
    if (journal != NULL && !pos_journal_delete_draft (journal, submission->agent_email, NULL))
      g_warning ("Could not delete the draft of a created sale");
  } else if (g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_CANCELLED) ||
             g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    journal_status (submission, POS_SALE_STATUS_UNKNOWN,
                    _ ("The station stopped waiting before Paystar answered."));
  } else if (g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_REJECTED)) {
    g_autofree char *summary = summarize_field_errors (field_errors);

    journal_status (submission,
                    submission->retry && errors_name (field_errors, "ClientReference")
                      ? POS_SALE_STATUS_UNKNOWN
                      : POS_SALE_STATUS_ERROR,
                    summary);
  } else if (g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_TIMEOUT) ||
             g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_NETWORK) ||
             g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_SERVER) ||
             g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE)) {
    /* The request may have arrived: only Paystar knows whether the session exists. */
    journal_status (submission, POS_SALE_STATUS_UNKNOWN, error->message);
  } else {
    journal_status (submission, POS_SALE_STATUS_ERROR, error->message);
  }

  current = self->in_flight == submission;
  if (current)
    self->in_flight = NULL;
  /* The window closed, or another agent's sale is on screen now: the journal has it all. */
  if (!current || self->sale != submission->sale ||
      g_cancellable_is_cancelled (self->cancellable)) {
    submission_free (submission);
    return;
  }

  if (session != NULL) {
    show_created (self, session);
  } else if (g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_REJECTED)) {
    if (submission->retry && errors_name (field_errors, "ClientReference")) {
      show_already_received (self);
    } else {
      set_state (self, POS_SALE_PAGE_EDITING);
      show_server_errors (self, field_errors);
      focus_first_error (self);
    }
  } else if (g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_UNAUTHORIZED)) {
    set_state (self, POS_SALE_PAGE_EDITING);
    set_general_message (self, _ ("Paystar refused this station’s API key, so the sale was not "
                                  "created. Ask an administrator to check the API key in "
                                  "Preferences."));
  } else if (g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_TIMEOUT) ||
             g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_NETWORK) ||
             g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_SERVER) ||
             g_error_matches (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_RESPONSE)) {
    show_unknown (self, error->message);
  } else {
    set_state (self, POS_SALE_PAGE_EDITING);
    set_general_message (self, error->message);
  }

  submission_free (submission);
}

static void
send_request (PosSalePage *self, gboolean retry)
{
  Submission *submission;
  PaystarClient *client = pos_station_get_client (self->station);

  g_assert (client != NULL);
  g_assert (self->request != NULL);
  g_assert (self->in_flight == NULL);

  submission = g_new0 (Submission, 1);
  submission->page = g_object_ref (self);
  submission->station = g_object_ref (self->station);
  submission->sale = g_object_ref (self->sale);
  submission->agent_email = g_strdup (pos_agent_get_email (self->agent));
  submission->journal_id = self->journal_id;
  submission->retry = retry;
  self->in_flight = submission;

  set_state (self, POS_SALE_PAGE_SUBMITTING);
  paystar_client_initiate_payment_session_async (client, self->request, self->cancellable,
                                                 on_initiated, submission);
}

static void
submit (PosSalePage *self)
{
  g_autoptr (PaystarRequest) request = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  PosSettings *settings;
  PosJournal *journal = get_journal (self);
  gint64 id;

  if (self->state != POS_SALE_PAGE_EDITING || self->in_flight != NULL || self->sale == NULL ||
      self->agent == NULL || journal == NULL)
    return;

  /* The unchanged sale has a live session already: open that rather than create a second. */
  if (self->reopen_id != 0) {
    g_signal_emit (self, signals[SIGNAL_REOPEN_PAYMENT], 0, self->reopen_id);
    return;
  }

  validate (self);
  if (self->n_problems > 0) {
    reveal_errors (self);
    focus_first_error (self);
    return;
  }
  if (pos_station_get_client (self->station) == NULL) {
    set_general_message (self, pos_station_get_client_problem (self->station));
    return;
  }

  settings = pos_station_get_settings (self->station);
  if (pos_settings_get_payment_page_mode (settings) == POS_PAYMENT_PAGE_MODE_REDIRECT)
    request = pos_sale_to_request (
      self->sale, pos_settings_get_business_unit_slug (settings), pos_agent_get_email (self->agent),
      pos_settings_get_success_url (settings), pos_settings_get_return_url (settings));
  else
    request = pos_sale_to_request (self->sale, pos_settings_get_business_unit_slug (settings),
                                   pos_agent_get_email (self->agent), NULL, NULL);
  json = paystar_request_to_json (request, NULL);

  /* The draft first, then the journal row: both are on disk before the request leaves. */
  save_draft_now (self);
  id = pos_journal_begin_submit (journal, pos_agent_get_email (self->agent), json,
                                 pos_sale_get_client_reference (self->sale),
                                 pos_sale_get_total (self->sale), &error);
  if (id == 0) {
    g_autofree char *text = NULL;

    if (g_error_matches (error, POS_ERROR, POS_ERROR_SENSITIVE_DATA))
      text = g_strdup (_ ("A field looks like a card number, so the sale was not sent. Card "
                          "numbers are typed only on Paystar’s payment form: remove it."));
    else
      /* Translators: %s is the journal's error */
      text = g_strdup_printf (_ ("The sale was not sent: the journal could not record it (%s). "
                                 "Tell an administrator."),
                              error->message);
    set_general_message (self, text);
    return;
  }

  clear_server_errors (self);
  g_clear_pointer (&self->request, paystar_request_free);
  self->request = g_steal_pointer (&request);
  self->journal_id = id;
  send_request (self, FALSE);
}

/* Actions */

static void
submit_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  submit (POS_SALE_PAGE (widget));
}

static void
add_charge_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSalePage *self = POS_SALE_PAGE (widget);
  g_autoptr (GError) error = NULL;

  if (self->sale == NULL || self->state != POS_SALE_PAGE_EDITING)
    return;
  if (pos_sale_add_charge (self->sale, &error) == NULL)
    g_debug ("Could not add a charge: %s", error->message);
}

static void
on_new_sale_response (AdwMessageDialog *dialog, const char *response, PosSalePage *self)
{
  g_assert (POS_IS_SALE_PAGE (self));

  if (g_strcmp0 (response, "discard") == 0 && self->state == POS_SALE_PAGE_EDITING)
    start_new_sale (self);
}

static void
new_sale_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSalePage *self = POS_SALE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  /* A sale whose session was created is in the journal: nothing to lose. */
  if (self->state == POS_SALE_PAGE_CREATED || self->reopen_id != 0 || !self->dirty ||
      !GTK_IS_WINDOW (root)) {
    start_new_sale (self);
    return;
  }

  dialog = adw_message_dialog_new (GTK_WINDOW (root), _ ("Start a New Sale?"),
                                   _ ("The sale on screen has not been sent. Starting a new sale "
                                      "discards it."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Keep Editing"),
                                    "discard", _ ("_Discard and Start New"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_new_sale_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retry_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSalePage *self = POS_SALE_PAGE (widget);
  PosJournal *journal = get_journal (self);
  g_autoptr (GError) error = NULL;

  if (self->state != POS_SALE_PAGE_UNKNOWN || self->request == NULL || self->in_flight != NULL ||
      journal == NULL || pos_station_get_client (self->station) == NULL)
    return;

  /* The same journal row goes back to "submitting" before the same request leaves again. */
  if (!pos_journal_set_status (journal, self->journal_id, POS_SALE_STATUS_SUBMITTING, NULL,
                               &error)) {
    g_autofree char *text = NULL;

    text = g_strdup_printf (_ ("The sale was not sent again: the journal could not record it "
                               "(%s). Tell an administrator."),
                            error->message);
    gtk_label_set_text (self->unknown_text, text);
    return;
  }
  send_request (self, TRUE);
}

static void
discard_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSalePage *self = POS_SALE_PAGE (widget);

  if (self->state != POS_SALE_PAGE_UNKNOWN)
    return;
  /* The journal row stays "outcome unknown": that is the truth until someone checks. */
  start_new_sale (self);
}

static void
show_problems_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSalePage *self = POS_SALE_PAGE (widget);

  reveal_errors (self);
  focus_first_error (self);
}

static void
new_reference_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSalePage *self = POS_SALE_PAGE (widget);

  if (self->sale == NULL || self->state != POS_SALE_PAGE_EDITING)
    return;
  pos_sale_renew_client_reference (self->sale, station_name (self));
  gtk_label_set_text (self->reference_label, pos_sale_get_client_reference (self->sale));
  g_clear_pointer (&self->reference_server_error, g_free);
  show_label (self->reference_message, NULL);
  gtk_widget_set_visible (self->new_reference_button, FALSE);
  on_sale_changed (self);
}

static void
reopen_payment_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSalePage *self = POS_SALE_PAGE (widget);

  if (self->state != POS_SALE_PAGE_EDITING || self->reopen_id == 0)
    return;
  g_signal_emit (self, signals[SIGNAL_REOPEN_PAYMENT], 0, self->reopen_id);
}

static void
copy_link_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosSalePage *self = POS_SALE_PAGE (widget);
  const char *link = gtk_label_get_text (self->link_label);

  if (link != NULL && *link != '\0')
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), link);
}

static void
on_client_changed (PosSalePage *self)
{
  g_assert (POS_IS_SALE_PAGE (self));

  validate (self);
}

static void
pos_sale_page_dispose (GObject *object)
{
  PosSalePage *self = POS_SALE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->draft_source != 0)
    save_draft_now (self);
  g_clear_pointer (&self->descriptor_binding, g_binding_unbind);
  if (self->charges_list != NULL)
    gtk_list_box_bind_model (self->charges_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_SALE_PAGE);
  /* The template's top box has no id, so dispose_template() leaves it to us. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->sale);
  g_clear_object (&self->agent);
  g_clear_object (&self->station);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pos_sale_page_parent_class)->dispose (object);
}

static void
pos_sale_page_finalize (GObject *object)
{
  PosSalePage *self = POS_SALE_PAGE (object);

  g_clear_pointer (&self->request, paystar_request_free);
  g_clear_pointer (&self->first_problem, g_free);
  g_clear_pointer (&self->descriptor_server_error, g_free);
  g_clear_pointer (&self->reference_server_error, g_free);

  G_OBJECT_CLASS (pos_sale_page_parent_class)->finalize (object);
}

static void
pos_sale_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosSalePage *self = POS_SALE_PAGE (object);

  switch (prop_id) {
    case PROP_STATION:
      g_value_set_object (value, self->station);
      break;
    case PROP_AGENT:
      g_value_set_object (value, self->agent);
      break;
    case PROP_SALE:
      g_value_set_object (value, self->sale);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, pos_sale_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_sale_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  PosSalePage *self = POS_SALE_PAGE (object);

  switch (prop_id) {
    case PROP_STATION:
      pos_sale_page_set_station (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_sale_page_class_init (PosSalePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_sale_page_dispose;
  object_class->finalize = pos_sale_page_finalize;
  object_class->get_property = pos_sale_page_get_property;
  object_class->set_property = pos_sale_page_set_property;

  properties[PROP_STATION] =
    g_param_spec_object ("station", NULL, NULL, POS_TYPE_STATION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_AGENT] =
    g_param_spec_object ("agent", NULL, NULL, POS_TYPE_AGENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SALE] =
    g_param_spec_object ("sale", NULL, NULL, POS_TYPE_SALE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATE] = g_param_spec_int (
    "state", NULL, NULL, POS_SALE_PAGE_EDITING, POS_SALE_PAGE_UNKNOWN, POS_SALE_PAGE_EDITING,
    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] = g_param_spec_boolean (
    "busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::session-created (gint64 journal_id): Paystar created the sale's payment session. */
  signals[SIGNAL_SESSION_CREATED] =
    g_signal_new ("session-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* ::reopen-payment (gint64 journal_id): the agent wants the sale's payment form back. */
  signals[SIGNAL_REOPEN_PAYMENT] =
    g_signal_new ("reopen-payment", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/paystar/Pos/pos-sale-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, stack);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, unknown_box);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, reopen_box);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, reopen_text);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, unknown_title);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, unknown_text);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, discard_button);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, general_message);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, form_box);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, count_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, charges_list);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, charges_message);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, add_button);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, add_limit_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, descriptor_field);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, reference_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, reference_message);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, new_reference_button);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, payment_fields_editor);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, custom_meta_editor);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, created_total_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, created_reference_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, session_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, link_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, new_sale_button);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, submit_bar);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, total_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, problems_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, show_problems_button);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, submit_button);
  gtk_widget_class_bind_template_child (widget_class, PosSalePage, reopen_submit_button);

  gtk_widget_class_install_action (widget_class, "sale.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "sale.add-charge", NULL, add_charge_action);
  gtk_widget_class_install_action (widget_class, "sale.new", NULL, new_sale_action);
  gtk_widget_class_install_action (widget_class, "sale.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "sale.discard", NULL, discard_action);
  gtk_widget_class_install_action (widget_class, "sale.show-problems", NULL, show_problems_action);
  gtk_widget_class_install_action (widget_class, "sale.new-reference", NULL, new_reference_action);
  gtk_widget_class_install_action (widget_class, "sale.copy-link", NULL, copy_link_action);
  gtk_widget_class_install_action (widget_class, "sale.reopen-payment", NULL,
                                   reopen_payment_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "sale.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "sale.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "sale.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_N, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "sale.add-charge", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "possalepage");
}

static void
pos_sale_page_init (PosSalePage *self)
{
  self->cancellable = g_cancellable_new ();
  self->draft_delay = DEFAULT_DRAFT_DELAY_MS;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->payment_fields_editor, "notify::n-problems", G_CALLBACK (validate),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->custom_meta_editor, "notify::n-problems", G_CALLBACK (validate),
                           self, G_CONNECT_SWAPPED);
  set_state (self, POS_SALE_PAGE_EDITING);
}

GtkWidget *
pos_sale_page_new (void)
{
  return g_object_new (POS_TYPE_SALE_PAGE, NULL);
}

PosStation *
pos_sale_page_get_station (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), NULL);

  return self->station;
}

/* The PaymentFields keys the business unit has configured with Paystar (setting payment-fields)
 * are offered as empty rows; the station's settings decide them, not this page. */
static void
on_payment_fields_changed (PosSalePage *self)
{
  const char *const *keys = NULL;

  if (self->station != NULL)
    keys = pos_settings_get_payment_fields (pos_station_get_settings (self->station));
  pos_pairs_editor_set_suggested_keys (self->payment_fields_editor, keys);
}

void
pos_sale_page_set_station (PosSalePage *self, PosStation *station)
{
  g_return_if_fail (POS_IS_SALE_PAGE (self));
  g_return_if_fail (!station || POS_IS_STATION (station));

  if (self->station == station)
    return;

  if (self->station != NULL) {
    g_signal_handlers_disconnect_by_data (self->station, self);
    g_signal_handlers_disconnect_by_data (pos_station_get_settings (self->station), self);
  }
  g_set_object (&self->station, station);
  if (self->station != NULL) {
    g_signal_connect_object (self->station, "notify::client", G_CALLBACK (on_client_changed), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (pos_station_get_settings (self->station), "notify::charge-types",
                             G_CALLBACK (on_charge_types_changed), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (pos_station_get_settings (self->station), "notify::business-unit-slug",
                             G_CALLBACK (validate), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (pos_station_get_settings (self->station), "notify::payment-page-mode",
                             G_CALLBACK (validate), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (pos_station_get_settings (self->station), "notify::payment-fields",
                             G_CALLBACK (on_payment_fields_changed), self, G_CONNECT_SWAPPED);
  }
  on_payment_fields_changed (self);
  validate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATION]);
}

/* The newest sale of @email that was sent but never answered. */
static PosSaleRecord *
find_unanswered (PosJournal *journal, const char *email)
{
  g_autoptr (GListModel) records = NULL;
  g_autoptr (GError) error = NULL;
  PosJournalQuery query = { 0 };

  query.agent_email = email;
  query.status_mask = POS_SALE_STATUS_MASK (POS_SALE_STATUS_SUBMITTING) |
                      POS_SALE_STATUS_MASK (POS_SALE_STATUS_UNKNOWN);
  query.limit = 1;
  records = pos_journal_list (journal, &query, &error);
  if (records == NULL) {
    g_warning ("Could not read the journal: %s", error->message);
    return NULL;
  }
  return g_list_model_get_n_items (records) > 0 ? g_list_model_get_item (records, 0) : NULL;
}

static PaystarRequest *
request_from_json (const char *json)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GPtrArray) errors = paystar_field_errors_new ();

  if (json == NULL)
    return NULL;
  root = paystar_json_parse (json, -1, NULL);
  if (root == NULL)
    return NULL;
  return paystar_request_from_json_node (root, errors);
}

void
pos_sale_page_begin (PosSalePage *self, PosAgent *agent)
{
  g_autoptr (PosSaleRecord) record = NULL;
  g_autoptr (PosSale) sale = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *notice = NULL;
  PosJournal *journal;
  const char *email;

  g_return_if_fail (POS_IS_SALE_PAGE (self));
  g_return_if_fail (POS_IS_AGENT (agent));
  g_return_if_fail (self->station != NULL);

  journal = get_journal (self);
  g_return_if_fail (journal != NULL);

  save_draft_now (self);
  g_set_object (&self->agent, agent);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENT]);
  email = pos_agent_get_email (agent);

  /* This agent's request is still on its way (they were away while it flew): show it. */
  if (self->in_flight != NULL && g_ascii_strcasecmp (self->in_flight->agent_email, email) == 0) {
    set_sale (self, self->in_flight->sale);
    set_state (self, POS_SALE_PAGE_SUBMITTING);
    return;
  }

  draft = pos_journal_load_draft (journal, email, &error);
  if (error != NULL) {
    g_warning ("Could not load the draft: %s", error->message);
    g_clear_error (&error);
  }
  if (draft != NULL) {
    sale = pos_sale_new_from_json (draft, -1, &error);
    if (sale == NULL) {
      g_warning ("Could not read the draft: %s", error->message);
      notice = g_strdup (_ ("The sale saved for you could not be read, so a new sale was "
                            "started."));
    }
  }

  record = find_unanswered (journal, email);
  if (record != NULL && sale != NULL &&
      g_strcmp0 (pos_sale_record_get_client_reference (record),
                 pos_sale_get_client_reference (sale)) == 0) {
    g_clear_pointer (&self->request, paystar_request_free);
    self->request = request_from_json (pos_sale_record_get_request_json (record));
    self->journal_id = pos_sale_record_get_id (record);
    if (pos_sale_record_get_status (record) == POS_SALE_STATUS_SUBMITTING &&
        !pos_journal_set_status (journal, self->journal_id, POS_SALE_STATUS_UNKNOWN,
                                 _ ("The station stopped before Paystar answered."), &error))
      g_warning ("Could not journal the outcome: %s", error->message);
    set_sale (self, sale);
    show_unknown (self, pos_sale_record_get_error_text (record) != NULL
                          ? pos_sale_record_get_error_text (record)
                          : _ ("The station stopped before Paystar answered."));
    return;
  }

  if (sale != NULL) {
    g_clear_pointer (&self->request, paystar_request_free);
    self->journal_id = 0;
    set_sale (self, sale);
    set_state (self, POS_SALE_PAGE_EDITING);
    /* A restored sale shows what is still missing. */
    if (pos_sale_get_n_charges (sale) > 0)
      reveal_errors (self);
    return;
  }

  start_new_sale (self);
  if (notice != NULL)
    set_general_message (self, notice);
}

void
pos_sale_page_end (PosSalePage *self)
{
  g_return_if_fail (POS_IS_SALE_PAGE (self));

  save_draft_now (self);
  set_sale (self, NULL);
  if (g_set_object (&self->agent, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENT]);
  g_clear_pointer (&self->request, paystar_request_free);
  self->journal_id = 0;
  self->reopen_id = 0;
  set_state (self, POS_SALE_PAGE_EDITING);
}

void
pos_sale_page_payment_left (PosSalePage *self, gint64 journal_id, PosSaleStatus status)
{
  g_autofree char *text = NULL;

  g_return_if_fail (POS_IS_SALE_PAGE (self));

  if (journal_id == 0 || journal_id != self->journal_id || self->state != POS_SALE_PAGE_CREATED)
    return;

  self->reopen_id = journal_id;
  self->dirty = FALSE;
  if (status == POS_SALE_STATUS_FAILED)
    text = g_strdup (_ ("The card was declined and the payment form was closed. Re-open the form "
                        "to try another card. Changing the sale creates a new payment session "
                        "for it instead."));
  else
    text = g_strdup (_ ("The payment form was closed without a payment. Re-open it to take the "
                        "card for this sale. Changing the sale creates a new payment session for "
                        "it instead; the closed one stays in History."));
  gtk_label_set_text (self->reopen_text, text);
  set_state (self, POS_SALE_PAGE_EDITING);
}

void
pos_sale_page_payment_reopened (PosSalePage *self, gint64 journal_id)
{
  g_return_if_fail (POS_IS_SALE_PAGE (self));

  if (journal_id == 0 || journal_id != self->reopen_id || self->state != POS_SALE_PAGE_EDITING)
    return;
  self->reopen_id = 0;
  set_state (self, POS_SALE_PAGE_CREATED);
}

gint64
pos_sale_page_get_reopen_id (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), 0);

  return self->reopen_id;
}

void
pos_sale_page_focus_default (PosSalePage *self)
{
  g_return_if_fail (POS_IS_SALE_PAGE (self));

  switch (self->state) {
    case POS_SALE_PAGE_UNKNOWN:
      gtk_widget_grab_focus (self->retry_button);
      return;
    case POS_SALE_PAGE_CREATED:
      gtk_widget_grab_focus (self->new_sale_button);
      return;
    case POS_SALE_PAGE_SUBMITTING:
      return;
    case POS_SALE_PAGE_EDITING:
    default:
      break;
  }

  if (self->reopen_id != 0) {
    gtk_widget_grab_focus (self->reopen_submit_button);
    return;
  }
  if (self->sale == NULL)
    return;
  for (guint i = 0; i < pos_sale_get_n_charges (self->sale); i++) {
    const char *amount = pos_charge_get_amount_text (pos_sale_get_charge (self->sale, i));
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->charges_list, i);

    if ((amount == NULL || *amount == '\0') && POS_IS_CHARGE_ROW (row)) {
      pos_charge_row_focus_amount (POS_CHARGE_ROW (row));
      return;
    }
  }
  if (pos_sale_get_n_charges (self->sale) > 0) {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->charges_list, 0);

    if (POS_IS_CHARGE_ROW (row))
      pos_charge_row_focus_amount (POS_CHARGE_ROW (row));
  } else {
    gtk_widget_grab_focus (self->add_button);
  }
}

void
pos_sale_page_flush_draft (PosSalePage *self)
{
  g_return_if_fail (POS_IS_SALE_PAGE (self));

  if (self->draft_source != 0)
    save_draft_now (self);
}

PosAgent *
pos_sale_page_get_agent (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), NULL);

  return self->agent;
}

PosSale *
pos_sale_page_get_sale (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), NULL);

  return self->sale;
}

PosSalePageState
pos_sale_page_get_state (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), POS_SALE_PAGE_EDITING);

  return self->state;
}

gboolean
pos_sale_page_get_busy (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), FALSE);

  return self->state == POS_SALE_PAGE_SUBMITTING;
}

/* Test API */

PosChargeRow *
pos_sale_page_get_charge_row (PosSalePage *self, guint index)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (POS_IS_SALE_PAGE (self), NULL);

  row = gtk_list_box_get_row_at_index (self->charges_list, index);
  return POS_IS_CHARGE_ROW (row) ? POS_CHARGE_ROW (row) : NULL;
}

GtkWidget *
pos_sale_page_get_add_button (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), NULL);

  return self->add_button;
}

GtkWidget *
pos_sale_page_get_submit_button (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), NULL);

  return self->submit_button;
}

const char *
pos_sale_page_get_total_text (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), NULL);

  return gtk_label_get_text (self->total_label);
}

const char *
pos_sale_page_get_add_limit_text (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), NULL);

  return label_text_or_null (self->add_limit_label);
}

const char *
pos_sale_page_get_problems_text (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), NULL);

  return label_text_or_null (self->problems_label);
}

const char *
pos_sale_page_get_progress_text (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), NULL);

  return label_text_or_null (self->progress_label);
}

const char *
pos_sale_page_get_general_message (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), NULL);

  return label_text_or_null (self->general_message);
}

const char *
pos_sale_page_get_unknown_text (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), NULL);

  return gtk_widget_get_visible (self->unknown_box) ? gtk_label_get_text (self->unknown_text)
                                                    : NULL;
}

const char *
pos_sale_page_get_reference_message (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), NULL);

  return label_text_or_null (self->reference_message);
}

const char *
pos_sale_page_get_session_text (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), NULL);

  return gtk_label_get_text (self->session_label);
}

const char *
pos_sale_page_get_link_text (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), NULL);

  return gtk_label_get_text (self->link_label);
}

PosFieldEntry *
pos_sale_page_get_descriptor_field (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), NULL);

  return self->descriptor_field;
}

PosPairsEditor *
pos_sale_page_get_payment_fields_editor (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), NULL);

  return self->payment_fields_editor;
}

PosPairsEditor *
pos_sale_page_get_custom_meta_editor (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), NULL);

  return self->custom_meta_editor;
}

gint64
pos_sale_page_get_journal_id (PosSalePage *self)
{
  g_return_val_if_fail (POS_IS_SALE_PAGE (self), 0);

  return self->journal_id;
}

void
pos_sale_page_set_draft_delay (PosSalePage *self, guint delay_ms)
{
  g_return_if_fail (POS_IS_SALE_PAGE (self));

  self->draft_delay = delay_ms;
}
