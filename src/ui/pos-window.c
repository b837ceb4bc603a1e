/* pos-window.c: the station's window: header, sandbox strip, sign-in, the sale with its payment
 * step and outcome, the History; its idle lock is in pos-window-idle.c, its lockdown at a kiosk
 * and a self-service station in pos-window-kiosk.c.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a sale moves through the window, and why:
 * - Each sale is a PosCheckout, which journals every step itself. After sign-in the agent first
 *   sees their unfinished sales (the recovery page) when there are any, then the sale page with
 *   their restored sale or a new one.
 * - The sale page submits the checkout; once Paystar created the session ("session-created"),
 *   the payment page shows Paystar's form for it in a PosPaymentView. The recovery page and the
 *   History re-open forms of other sales the same way.
 * - Every payment gets a view of its own, with its own ephemeral network session, and the view
 *   is dropped when the payment step ends: nothing of one customer reaches the next. A view is
 *   never used twice.
 * - Warm-up: while the agent keys the sale, the next sale's view is created and prewarmed (web
 *   process, bridge page, SDK loader, TLS to Paystar), so that Submit only has to wait for
 *   Paystar's answer and the form itself. It is created a moment after the sale page shows, not
 *   with it, so that the page's first frame does not wait for a web process.
 * - The payment page hands every event to the checkout; the window then shows the outcome
 *   (approved, pending) or goes back to where the form was opened from, whose page draws the
 *   checkout's new state (dismissed, declined, not confirmed), and refreshes the History.
 * - Closing the window cancels what the window started; a checkout still in flight is left to
 *   the journal (a sale left "submitting" is "outcome unknown" at its next load).
 * - The idle lock covers every page: the sign-in page takes the window's place, and the same
 *   agent's PIN brings back exactly what was there, payment form included.
 */
#include "config.h"

#include "pos-window.h"
#include "pos-window-private.h"

#include <glib/gi18n.h>

#include "pos-confirm-dialog.h"
#include "pos-admin-gate.h"
#include "pos-application.h"
#include "pos-close-sale.h"
#include "pos-day-close.h"
#include "pos-office-db.h"
#include "pos-text-dialog.h"
#include "pos-history-page.h"
#include "pos-outcome-page.h"
#include "pos-payment-page.h"
#include "pos-preferences-dialog.h"
#include "pos-recovery-page.h"
#include "pos-sign-in-page.h"
#include "pos-station-checkout.h"
#include "pos-ui.h"

/* How long after the sale page shows the next payment view is created and warmed up. */
#define PREWARM_DELAY_MS 300

G_DEFINE_FINAL_TYPE (PosWindow, pos_window, ADW_TYPE_APPLICATION_WINDOW)

enum { PROP_0, PROP_STATION, PROP_AGENT, PROP_LOCKED, PROP_VISIBLE_PAGE, PROP_KIOSK, N_PROPS };

static GParamSpec *properties[N_PROPS];

gboolean
pos_window_signed_in (PosWindow *self)
{
  return self->agent != NULL && !self->locked;
}

static PosSettings *
get_settings (PosWindow *self)
{
  return pos_station_get_settings (self->station);
}

gboolean
pos_window_get_kiosk_mode (PosWindow *self)
{
  return pos_settings_get_kiosk_mode (get_settings (self)) ||
         pos_settings_get_self_service (get_settings (self));
}

static gboolean
get_debug (PosWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  return POS_IS_APPLICATION (application) &&
         pos_application_get_debug (POS_APPLICATION (application));
}

static void
update_subtitle (PosWindow *self)
{
  PosSettings *settings = get_settings (self);
  const char *name = pos_settings_get_station_name (settings);

  adw_view_switcher_title_set_subtitle (
    self->switcher_title,
    name != NULL && *name != '\0' ? name : pos_settings_get_business_unit_slug (settings));
}

static const char *
compute_visible_page (PosWindow *self)
{
  const char *top = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (top, "main") != 0)
    return top;
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->main_stack), "history") == 0)
    return "history";
  return self->work;
}

/* Payment views */

static PosPaymentView *
new_payment_view (PosWindow *self)
{
  PosPaymentView *view;

  view =
    g_object_ref_sink (pos_payment_view_new_for_settings (get_settings (self), get_debug (self)));
  if (self->view_setup != NULL)
    self->view_setup (view, self->view_setup_data);
  return view;
}

static gboolean
can_prewarm (PosWindow *self)
{
  return !self->prewarm_disabled && pos_window_signed_in (self) &&
         pos_station_get_ready (self->station) &&
         pos_settings_get_web_origin (get_settings (self)) != NULL;
}

static gboolean
on_prewarm (gpointer user_data)
{
  PosWindow *self = user_data;

  g_assert (POS_IS_WINDOW (self));

  self->prewarm_source = 0;
  if (self->next_view != NULL || !can_prewarm (self) ||
      g_strcmp0 (compute_visible_page (self), "sale") != 0)
    return G_SOURCE_REMOVE;
  self->next_view = new_payment_view (self);
  pos_payment_view_prewarm (self->next_view);
  return G_SOURCE_REMOVE;
}

static void
schedule_prewarm (PosWindow *self)
{
  if (self->next_view != NULL || self->prewarm_source != 0 || !can_prewarm (self))
    return;
  self->prewarm_source = g_timeout_add (PREWARM_DELAY_MS, on_prewarm, self);
}

static void
drop_next_view (PosWindow *self)
{
  g_clear_handle_id (&self->prewarm_source, g_source_remove);
  g_clear_object (&self->next_view);
}

/* The warmed-up view if there is one, else a new one; the caller owns it. */
static PosPaymentView *
take_payment_view (PosWindow *self)
{
  g_clear_handle_id (&self->prewarm_source, g_source_remove);
  if (self->next_view != NULL)
    return g_steal_pointer (&self->next_view);
  return new_payment_view (self);
}

static void
update_receipt_heading (PosWindow *self)
{
  g_autofree char *heading = pos_settings_dup_receipt_heading (get_settings (self));

  pos_history_page_set_station_name (self->history_page, heading);
}

/* "Ava Alvarez" -> "AA": the first letter of the first and the last word (one word: its first
 * letter). */
static char *
initials_of (const char *name)
{
  g_auto (GStrv) words = g_strsplit_set (name != NULL ? name : "", " \t", -1);
  g_autoptr (GString) initials = g_string_new (NULL);
  const char *first = NULL, *last = NULL;

  for (guint i = 0; words[i] != NULL; i++) {
    if (*words[i] == '\0')
      continue;
    if (first == NULL)
      first = words[i];
    last = words[i];
  }
  if (first != NULL)
    g_string_append_unichar (initials, g_unichar_toupper (g_utf8_get_char (first)));
  if (last != NULL && last != first)
    g_string_append_unichar (initials, g_unichar_toupper (g_utf8_get_char (last)));
  return g_string_free (g_steal_pointer (&initials), FALSE);
}

void
pos_window_update_ui (PosWindow *self)
{
  gboolean in = pos_window_signed_in (self);
  gboolean busy = pos_sale_page_get_busy (self->sale_page);
  const char *page;
  const char *visible;
  gboolean changed;

  if (self->failed)
    page = "failed";
  else if (!pos_station_get_ready (self->station))
    page = "starting";
  else if (in)
    page = "main";
  else if (pos_settings_get_self_service (get_settings (self)))
    page = "self-service";
  else
    page = "sign-in";
  gtk_stack_set_visible_child_name (self->work_stack, self->work);
  changed = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), page) != 0;
  gtk_stack_set_visible_child_name (self->stack, page);
  /* A customer gets no header: no menu, no History, no title to drag; the page has its own bar. */
  gtk_widget_set_visible (GTK_WIDGET (self->header_bar), g_strcmp0 (page, "self-service") != 0);
  /* The page going away stays on screen while the stack cross-fades: a quick Tab must not land
   * in it (the PIN field after signing in, the sale after locking). */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_can_focus (child, child == gtk_stack_get_visible_child (self->stack));
  /* A customer's screen puts the keyboard on its first control (once it can take it). */
  if (changed && g_strcmp0 (page, "self-service") == 0)
    pos_self_service_page_focus_default (self->self_service_page);

  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, in);
  adw_view_switcher_bar_set_reveal (
    self->switcher_bar, in && adw_view_switcher_title_get_title_visible (self->switcher_title));
  gtk_widget_set_visible (self->agent_box, in);
  gtk_widget_set_visible (self->sign_out_button, in);
  gtk_widget_set_visible (self->lock_button, in);
  gtk_widget_set_visible (self->new_sale_button, in);
  pos_office_indicator_set_show_details (
    self->office_indicator, self->agent != NULL && pos_agent_get_is_admin (self->agent));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.office-report",
                                 self->agent != NULL && pos_agent_get_is_admin (self->agent) &&
                                   pos_station_get_office_link (self->station) != NULL);
  /* Every station's sales: for administrators of a station in an office. */
  pos_history_page_set_office (self->history_page,
                               self->agent != NULL && pos_agent_get_is_admin (self->agent) &&
                                   pos_station_get_office_link (self->station) != NULL
                                 ? pos_settings_get_office_database (get_settings (self))
                                 : NULL);
  if (self->agent != NULL) {
    const char *name = pos_agent_get_display_name (self->agent);
    g_autofree char *initials = initials_of (name);
    g_autofree char *tooltip = g_strdup_printf ("%s <%s>", name, pos_agent_get_email (self->agent));
    /* Translators: %s is the signed-in agent's name */
    g_autofree char *accessible = g_strdup_printf (_ ("Signed in: %s"), name);

    gtk_label_set_text (self->agent_label, name);
    gtk_label_set_text (self->agent_initials, initials);
    gtk_widget_set_tooltip_text (self->agent_box, tooltip);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->agent_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    accessible, -1);
  }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", in && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock", in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-sale", in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.submit", in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-charge", in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-history", in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-recovery", in);

  visible = g_intern_string (compute_visible_page (self));
  if (visible != self->visible_page) {
    self->visible_page = visible;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_PAGE]);
  }
  if (g_strcmp0 (visible, "sale") == 0)
    schedule_prewarm (self);
}

static void
set_work (PosWindow *self, const char *work)
{
  self->work = work;
  adw_view_stack_set_visible_child_name (self->main_stack, "work");
  pos_window_update_ui (self);
}

static void
refresh_history (PosWindow *self)
{
  if (pos_history_page_get_journal (self->history_page) != NULL)
    pos_history_page_refresh (self->history_page);
}

static void
update_sandbox_strip (PosWindow *self)
{
  gtk_widget_set_visible (self->sandbox_strip, pos_station_get_is_sandbox (self->station));
  /* Again in the words' language of the moment: a self-service customer may have chosen one. */
  gtk_label_set_text (self->sandbox_label,
                      _ ("Sandbox: no real money moves. Sales go to the built-in test gateway, and "
                         "only test cards work."));
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

static void
on_main_stack_changed (PosWindow *self)
{
  gboolean history;

  g_assert (POS_IS_WINDOW (self));

  history = g_strcmp0 (adw_view_stack_get_visible_child_name (self->main_stack), "history") == 0;
  /* A kiosk shows the day's sales (references, accounts, amounts) to an administrator only,
   * however the History was reached (its tab, Ctrl+H, the menu), and asks again next time. */
  if (history && pos_window_get_kiosk_mode (self) && !self->history_allowed) {
    adw_view_stack_set_visible_child_name (self->main_stack, "work");
    pos_window_kiosk_ask_for_history (self);
    return;
  }
  if (!history)
    self->history_allowed = FALSE;
  if (history)
    refresh_history (self);
  pos_window_update_ui (self);
}

static void
on_payment_settings_changed (PosWindow *self)
{
  g_assert (POS_IS_WINDOW (self));

  /* The warmed-up view was made for the old mode or origin. */
  drop_next_view (self);
  pos_window_update_ui (self);
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
set_shift_start (PosWindow *self, gint64 usec)
{
  pos_history_page_set_shift_start (self->history_page, usec);
}

/* The payment step */

static const char *
station_name (PosWindow *self)
{
  return pos_settings_get_station_name (get_settings (self));
}

/* The checkout of journal row @id: the sale page's own when it is that sale (one object per sale
 * in this window), else loaded from the journal. */
static PosCheckout *
load_checkout (PosWindow *self, gint64 id, GError **error)
{
  PosCheckout *current = pos_sale_page_get_checkout (self->sale_page);
  PosJournal *journal = pos_station_get_journal (self->station);

  if (current != NULL && pos_checkout_get_id (current) == id)
    return g_object_ref (current);
  if (journal == NULL) {
    g_set_error_literal (error, POS_ERROR, POS_ERROR_JOURNAL, _ ("The journal is not open."));
    return NULL;
  }
  return pos_checkout_load (journal, id, station_name (self), error);
}

/* Shows the payment form of @checkout in a view nobody has used; the step goes back to
 * @origin ("sale" or "recovery") when the form is left. FALSE (with a toast) when the form
 * cannot be opened here. */
static gboolean
open_payment (PosWindow *self, PosCheckout *checkout, const char *origin)
{
  g_autoptr (PosPaymentView) view = NULL;

  if (self->agent == NULL)
    return FALSE;
  if (pos_payment_page_get_active (self->payment_page)) {
    pos_window_toast (self, _ ("A payment form is open: finish it or go back to the sale first."));
    return FALSE;
  }
  if (pos_checkout_get_session_link (checkout) == NULL) {
    pos_window_toast (self, _ ("This sale’s payment form cannot be opened again."));
    return FALSE;
  }
  if (pos_settings_get_web_origin (get_settings (self)) == NULL) {
    pos_window_toast (self, _ ("The payment form cannot be opened: the station has no Paystar "
                               "web address. Ask an administrator to check the environment."));
    return FALSE;
  }

  view = take_payment_view (self);
  self->payment_origin = origin;
  /* The page the form is opened from goes out of sight: nothing in it may keep the keyboard.
   * With GTK 4.8, a focused button of the hidden sale page that the sale page then hid itself
   * (its Re-open button, once the form of its own sale opened again) kept the sale page, its
   * checkout and the station alive after the window closed. */
  gtk_root_set_focus (GTK_ROOT (self), NULL);
  /* The page shows first, so that the view is mapped (and its page visible, not throttled as a
   * hidden one) by the time it gets the link. */
  set_work (self, "payment");
  pos_payment_page_begin (self->payment_page, view, checkout,
                          pos_agent_get_display_name (self->agent));
  pos_window_update_ui (self);
  refresh_history (self);
  return TRUE;
}

static void
on_session_created (PosWindow *self, PosCheckout *checkout)
{
  g_assert (POS_IS_WINDOW (self));

  if (!pos_window_signed_in (self) || pos_payment_page_get_active (self->payment_page))
    return;
  /* Without a web origin the sale page keeps showing the link. */
  if (pos_settings_get_web_origin (get_settings (self)) == NULL)
    return;
  open_payment (self, checkout, "sale");
}

static void
on_sale_reopen_payment (PosWindow *self, PosCheckout *checkout)
{
  g_assert (POS_IS_WINDOW (self));

  if (pos_window_signed_in (self))
    open_payment (self, checkout, "sale");
}

static void
on_recovery_reopen (PosWindow *self, PosCheckout *checkout)
{
  g_assert (POS_IS_WINDOW (self));

  if (pos_window_signed_in (self))
    open_payment (self, checkout, "recovery");
}

static void
on_recovery_continue (PosWindow *self)
{
  g_assert (POS_IS_WINDOW (self));

  if (!pos_window_signed_in (self))
    return;
  set_work (self, "sale");
  pos_sale_page_focus_default (self->sale_page);
}

/* Only the agent who keyed a sale acts on it from the History: it is their customer. */
static gboolean
is_own_record (PosWindow *self, PosSaleRecord *record)
{
  const char *email = pos_sale_record_get_agent_email (record);
  PosRoster *roster;
  PosAgent *owner;
  g_autofree char *text = NULL;

  if (email != NULL && g_ascii_strcasecmp (email, pos_agent_get_email (self->agent)) == 0)
    return TRUE;
  roster = pos_station_get_roster (self->station);
  owner = roster != NULL && email != NULL ? pos_roster_lookup (roster, email) : NULL;
  /* Translators: %s is the agent who keyed the sale */
  text = g_strdup_printf (_ ("This sale belongs to %s: they can re-open it after signing in."),
                          owner != NULL   ? pos_agent_get_display_name (owner)
                          : email != NULL ? email
                                          : _ ("another agent"));
  pos_window_toast (self, text);
  return FALSE;
}

static PosCheckout *
load_record_checkout (PosWindow *self, PosSaleRecord *record)
{
  g_autoptr (GError) error = NULL;
  PosCheckout *checkout = load_checkout (self, pos_sale_record_get_id (record), &error);

  if (checkout == NULL) {
    g_warning ("Could not load sale %" G_GINT64_FORMAT ": %s", pos_sale_record_get_id (record),
               error->message);
    pos_window_toast (self, error->message);
  }
  return checkout;
}

static void
on_history_reopen (PosWindow *self, PosSaleRecord *record)
{
  g_autoptr (PosCheckout) checkout = NULL;

  g_assert (POS_IS_WINDOW (self));

  if (!pos_window_signed_in (self) || !is_own_record (self, record))
    return;
  checkout = load_record_checkout (self, record);
  if (checkout != NULL)
    open_payment (self, checkout, "sale");
}

static void
on_history_reconciled (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (PosWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  PosCheckout *checkout = POS_CHECKOUT (object);

  if (pos_checkout_reconcile_finish (checkout, result, &error))
    /* Translators: the sale's reference, then its state, e.g. "Not confirmed" */
    text = g_strdup_printf (_ ("Paystar was asked about %s: the sale is “%s”."),
                            pos_checkout_get_client_reference (checkout),
                            pos_sale_status_get_label (pos_checkout_get_state (checkout)));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    text = g_strdup (_ ("This station cannot ask Paystar about a sale: Paystar’s Query API is not "
                        "set up. Re-open the form to see how the payment stands."));
  else
    /* Translators: %s says why, e.g. "Could not connect to Paystar." */
    text = g_strdup_printf (_ ("Paystar could not be asked: %s"), error->message);
  pos_window_toast (self, text);
  refresh_history (self);
}

static void
on_history_check_outcome (PosWindow *self, PosSaleRecord *record)
{
  g_autoptr (PosCheckout) checkout = NULL;
  PosCheckoutOptions options = { 0 };
  PaystarClient *client = pos_station_get_client (self->station);

  g_assert (POS_IS_WINDOW (self));

  if (!pos_window_signed_in (self) || !is_own_record (self, record))
    return;
  if (client == NULL) {
    pos_window_toast (self, pos_station_get_client_problem (self->station));
    return;
  }
  checkout = load_record_checkout (self, record);
  if (checkout == NULL || pos_checkout_get_busy (checkout))
    return;
  pos_station_get_checkout_options (self->station, &options);
  pos_checkout_reconcile_async (checkout, client, &options, self->cancellable,
                                on_history_reconciled, g_object_ref (self));
}

static void
on_history_closed (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (PosWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (pos_close_sale_finish (result, &error))
    pos_window_toast (self, _ ("The sale is closed. The journal keeps the reason."));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    pos_window_toast (self, error->message);
  refresh_history (self);
}

static void
on_history_close_sale (PosWindow *self, PosSaleRecord *record)
{
  g_autoptr (PosCheckout) checkout = NULL;
  PosRoster *roster = pos_station_get_roster (self->station);

  g_assert (POS_IS_WINDOW (self));

  /* Any agent may ask; the administrator's PIN decides. */
  if (!pos_window_signed_in (self) || roster == NULL)
    return;
  checkout = load_record_checkout (self, record);
  if (checkout == NULL)
    return;
  pos_close_sale_async (GTK_WINDOW (self), roster, checkout, pos_agent_get_email (self->agent),
                        self->cancellable, on_history_closed, g_object_ref (self));
}

/* The office's report of today, shown with Print. */
static void
on_office_report (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (PosWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = pos_office_report_text_finish (result, &error);

  if (text == NULL) {
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      pos_window_toast (self, error->message);
    return;
  }
  pos_text_dialog_present (GTK_WINDOW (self), _ ("Office Report of the Day"), text,
                           _ ("Office report"));
}

static void
office_report_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosWindow *self = POS_WINDOW (widget);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");

  if (!pos_window_signed_in (self) || !pos_agent_get_is_admin (self->agent) ||
      pos_station_get_office_link (self->station) == NULL)
    return;
  pos_window_toast (self, _ ("Reading the office database…"));
  pos_office_report_text_async (pos_settings_get_office_database (get_settings (self)),
                                "paystar-pos-report", day, self->cancellable, on_office_report,
                                g_object_ref (self));
}

typedef struct {
  GWeakRef window; /* not a reference: the prompt goes with the window's cancellable */
  PosWindowAdminAction action;
} AdminRequest;

static void
on_admin (GObject *object, GAsyncResult *result, gpointer user_data)
{
  AdminRequest *request = user_data;
  g_autoptr (PosWindow) self = g_weak_ref_get (&request->window);
  g_autoptr (PosAgent) admin = pos_admin_gate_require_finish (result, NULL);
  PosWindowAdminAction action = request->action;

  g_weak_ref_clear (&request->window);
  g_free (request);
  if (self == NULL)
    return;
  self->admin_pending = FALSE;
  if (admin != NULL)
    action (self, admin);
}

void
pos_window_require_admin (PosWindow *self, const char *purpose, PosWindowAdminAction action)
{
  PosRoster *roster = pos_station_get_roster (self->station);
  AdminRequest *request;

  if (self->admin_pending || roster == NULL)
    return;
  self->admin_pending = TRUE;
  request = g_new0 (AdminRequest, 1);
  g_weak_ref_init (&request->window, self);
  request->action = action;
  pos_admin_gate_require_async (GTK_WINDOW (self), roster,
                                self->agent != NULL ? pos_agent_get_email (self->agent) : NULL,
                                purpose, self->cancellable, on_admin, request);
}

static void
close_day_as_admin (PosWindow *self, PosAgent *admin)
{
  g_autofree char *heading = NULL;

  if (!pos_station_get_ready (self->station))
    return;
  heading = pos_settings_dup_receipt_heading (get_settings (self));
  pos_day_close_run (GTK_WINDOW (self), pos_station_get_journal (self->station), heading,
                     pos_agent_get_email (admin));
  refresh_history (self);
}

static void
on_history_close_day (PosWindow *self)
{
  g_assert (POS_IS_WINDOW (self));

  if (!pos_window_signed_in (self))
    return;
  pos_window_require_admin (
    self, _ ("Enter an administrator’s PIN to close today at this station."), close_day_as_admin);
}

static void
on_payment_finished (PosWindow *self, int status)
{
  g_autoptr (PosCheckout) checkout = NULL;
  g_autoptr (PosSaleRecord) record = NULL;

  g_assert (POS_IS_WINDOW (self));

  checkout = pos_payment_page_get_checkout (self->payment_page);
  if (checkout != NULL) {
    g_object_ref (checkout);
    record = pos_checkout_dup_record (checkout);
  }
  /* The customer's view goes now; the outcome is on disk already. */
  pos_payment_page_end (self->payment_page);

  if (record != NULL) {
    g_autofree char *heading = pos_settings_dup_receipt_heading (get_settings (self));

    pos_outcome_page_set_record (
      self->outcome_page, record,
      self->agent != NULL ? pos_agent_get_display_name (self->agent) : NULL, heading);
    set_work (self, "outcome");
    pos_outcome_page_focus_default (self->outcome_page);
  } else {
    set_work (self, self->payment_origin != NULL ? self->payment_origin : "sale");
  }
  if (g_strcmp0 (self->payment_origin, "recovery") == 0)
    pos_recovery_page_refresh (self->recovery_page);
  refresh_history (self);
}

static void
on_payment_closed (PosWindow *self, int status)
{
  g_assert (POS_IS_WINDOW (self));

  pos_payment_page_end (self->payment_page);
  /* The page the form was opened from draws the checkout's new state. */
  if (g_strcmp0 (self->payment_origin, "recovery") == 0) {
    pos_recovery_page_refresh (self->recovery_page);
    set_work (self, "recovery");
    pos_recovery_page_focus_default (self->recovery_page);
  } else {
    set_work (self, "sale");
    pos_sale_page_focus_default (self->sale_page);
  }
  refresh_history (self);
}

/* Leaves whatever the Sale tab shows for the sale page: an open payment form is left as "Back"
 * leaves it (the sale stays re-openable), an outcome has been recorded already. */
static void
leave_payment_step (PosWindow *self)
{
  if (pos_payment_page_get_active (self->payment_page))
    pos_payment_page_close (self->payment_page);
  /* The last customer's outcome does not stay behind the sale page either. */
  pos_outcome_page_set_record (self->outcome_page, NULL, NULL, NULL);
  self->work = "sale";
}

/* Signing in and out */

/* The agent's sale (restored, or a new one) on the sale page, and their unfinished sales first
 * when there are any. */
static void
begin_agent (PosWindow *self, PosAgent *agent)
{
  PosJournal *journal = pos_station_get_journal (self->station);
  const char *email = pos_agent_get_email (agent);
  g_autoptr (PosCheckout) checkout = NULL;
  g_autoptr (GError) error = NULL;
  guint n_unfinished;

  checkout = pos_checkout_resume (journal, email, station_name (self), &error);
  if (checkout == NULL) {
    if (error != NULL) {
      g_warning ("Could not restore the sale of %s: %s", email, error->message);
      pos_window_toast (self, _ ("The sale saved for you could not be read, so a new sale was "
                                 "started. The journal keeps the old one."));
    }
    checkout = pos_checkout_new (journal, email, station_name (self));
  }
  pos_sale_page_set_checkout (self->sale_page, checkout);
  n_unfinished = pos_recovery_page_show (self->recovery_page, email, checkout);
  self->work = n_unfinished > 0 ? "recovery" : "sale";
}

/* Forgets the agent's sale on the pages (it stays in the journal); a kiosk discards what was
 * not sent, as it keeps nothing for later. */
static void
end_agent (PosWindow *self, gboolean discard)
{
  g_autoptr (PosCheckout) checkout = NULL;
  g_autoptr (GError) error = NULL;

  checkout = pos_sale_page_get_checkout (self->sale_page);
  if (checkout != NULL)
    g_object_ref (checkout);
  /* Flushes the pending draft save first. */
  pos_sale_page_set_checkout (self->sale_page, NULL);
  pos_recovery_page_show (self->recovery_page, NULL, NULL);
  if (discard && checkout != NULL && pos_checkout_get_editable (checkout) &&
      !pos_checkout_discard (checkout, &error))
    g_warning ("Could not discard the kiosk sale: %s", error->message);
}

static void
focus_work (PosWindow *self)
{
  if (g_strcmp0 (self->work, "sale") == 0)
    pos_sale_page_focus_default (self->sale_page);
  else if (g_strcmp0 (self->work, "recovery") == 0)
    pos_recovery_page_focus_default (self->recovery_page);
  else if (g_strcmp0 (self->work, "outcome") == 0)
    pos_outcome_page_focus_default (self->outcome_page);
}

void
pos_window_on_signed_in (PosWindow *self, PosAgent *agent)
{
  gboolean same;

  g_assert (POS_IS_WINDOW (self));

  same = self->agent != NULL &&
         g_ascii_strcasecmp (pos_agent_get_email (self->agent), pos_agent_get_email (agent)) == 0;

  if (self->locked && same) {
    /* The same agent is back: everything is exactly as they left it, payment form included. */
    set_locked (self, FALSE);
  } else {
    if (self->locked && self->agent != NULL) {
      g_autofree char *text = NULL;

      if (pos_payment_page_get_active (self->payment_page))
        /* Translators: %s is the agent who was signed in before the station locked */
        text = g_strdup_printf (_ ("%s’s payment form was closed; they can re-open it from "
                                   "History."),
                                pos_agent_get_display_name (self->agent));
      else
        /* Translators: %s is the agent who was signed in before the station locked */
        text = g_strdup_printf (_ ("%s’s sale is saved and comes back when they sign in."),
                                pos_agent_get_display_name (self->agent));
      leave_payment_step (self);
      pos_window_toast (self, text);
    }
    if (self->agent != NULL)
      end_agent (self, pos_window_get_kiosk_mode (self));
    set_agent (self, agent);
    set_locked (self, FALSE);
    begin_agent (self, agent);
    set_shift_start (self, g_get_real_time ());
    adw_view_stack_set_visible_child_name (self->main_stack, "work");
  }

  pos_sign_in_page_set_locked_agent (self->sign_in_page, NULL);
  pos_window_update_ui (self);
  pos_window_idle_restart (self);
  focus_work (self);
}

void
pos_window_lock (PosWindow *self)
{
  g_return_if_fail (POS_IS_WINDOW (self));

  if (!pos_window_signed_in (self))
    return;

  pos_sale_page_flush_draft (self->sale_page);
  set_locked (self, TRUE);
  pos_window_idle_stop (self);
  pos_window_close_owned_windows (self, FALSE);
  pos_sign_in_page_set_locked_agent (self->sign_in_page, self->agent);
  /* At once: no crossfade that shows the sale fading out behind the lock. */
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_NONE);
  pos_window_update_ui (self);
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  pos_sign_in_page_reset (self->sign_in_page);
}

/* Signs the agent out. In kiosk mode the sale in progress goes with them (an unsent sale is
 * discarded, an open payment form left as "Back" leaves it; what was submitted stays in the
 * journal), as it does when the kiosk was left @idle. */
void
pos_window_sign_out (PosWindow *self, gboolean idle)
{
  g_autofree char *email = NULL;
  gboolean discard = pos_window_get_kiosk_mode (self);

  if (!pos_window_signed_in (self))
    return;
  if (pos_sale_page_get_busy (self->sale_page)) {
    if (idle)
      /* Paystar's answer comes first; the next check discards the sale. */
      pos_window_idle_schedule (self, 1000);
    else
      pos_window_toast (self,
                        _ ("The sale is being sent: wait for Paystar’s answer, then sign out."));
    return;
  }

  leave_payment_step (self);
  email = g_strdup (pos_agent_get_email (self->agent));
  end_agent (self, discard);
  drop_next_view (self);
  pos_window_close_owned_windows (self, FALSE);
  set_agent (self, NULL);
  set_locked (self, FALSE);
  set_shift_start (self, 0);
  adw_view_stack_set_visible_child_name (self->main_stack, "work");
  pos_window_idle_stop (self);
  pos_sign_in_page_set_locked_agent (self->sign_in_page, NULL);
  if (!discard)
    pos_sign_in_page_select_agent (self->sign_in_page, email);
  pos_window_update_ui (self);
  pos_sign_in_page_reset (self->sign_in_page);
  if (pos_settings_get_self_service (get_settings (self)))
    pos_self_service_page_focus_default (self->self_service_page);
  if (!discard)
    pos_window_toast (self, _ ("Signed out. Your sale is saved for your next sign-in."));
  else if (idle)
    pos_window_toast (self, _ ("The station was left idle: the sale was discarded and the agent "
                               "signed out."));
  else
    pos_window_toast (self, _ ("Signed out. Kiosk mode keeps no sale for later."));
}

/* Actions */

static void
on_sign_out_response (AdwMessageDialog *dialog, const char *response, PosWindow *self)
{
  if (g_strcmp0 (response, "discard") == 0)
    pos_window_sign_out (self, FALSE);
}

static void
sign_out_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosWindow *self = POS_WINDOW (widget);
  GtkWidget *dialog;

  /* A kiosk keeps no sale for later: signing out there discards the sale on screen, so the
   * agent confirms first (elsewhere the sale waits for their next sign-in). */
  if (!pos_window_signed_in (self) || !pos_window_get_kiosk_mode (self) ||
      !pos_sale_page_get_has_unsent_work (self->sale_page)) {
    pos_window_sign_out (self, FALSE);
    return;
  }
  dialog = GTK_WIDGET (
    pos_confirm_dialog_new (GTK_WINDOW (self), _ ("Discard the Sale and Sign Out?"),
                            _ ("The sale on screen has not been sent. A kiosk "
                               "keeps no sale for later: signing out discards "
                               "it."),
                            _ ("_Keep Editing"), "discard", _ ("_Discard and Sign Out")));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_sign_out_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
lock_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  pos_window_lock (POS_WINDOW (widget));
}

static void
new_sale_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosWindow *self = POS_WINDOW (widget);

  if (!pos_window_signed_in (self))
    return;
  /* The next customer: an open form is left (re-openable from History), an outcome is done. */
  leave_payment_step (self);
  set_work (self, "sale");
  gtk_widget_activate_action (GTK_WIDGET (self->sale_page), "sale.new", NULL);
}

static void
forward_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosWindow *self = POS_WINDOW (widget);
  const char *target = NULL;

  /* Submitting and adding charges belong to the sale page, and only while it shows. */
  if (!pos_window_signed_in (self) || g_strcmp0 (compute_visible_page (self), "sale") != 0)
    return;
  if (g_str_equal (action_name, "win.submit"))
    target = "sale.submit";
  else if (g_str_equal (action_name, "win.add-charge"))
    target = "sale.add-charge";
  if (target != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->sale_page), target, NULL);
}

static void
show_recovery_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosWindow *self = POS_WINDOW (widget);

  if (!pos_window_signed_in (self))
    return;
  if (pos_payment_page_get_active (self->payment_page)) {
    pos_window_toast (self, _ ("A payment form is open: finish it or go back to the sale first."));
    return;
  }
  pos_outcome_page_set_record (self->outcome_page, NULL, NULL, NULL);
  pos_recovery_page_show (self->recovery_page, pos_agent_get_email (self->agent),
                          pos_sale_page_get_checkout (self->sale_page));
  set_work (self, "recovery");
  pos_recovery_page_focus_default (self->recovery_page);
}

static void
show_history_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosWindow *self = POS_WINDOW (widget);
  gboolean showing;

  if (!pos_window_signed_in (self))
    return;
  showing = g_strcmp0 (adw_view_stack_get_visible_child_name (self->main_stack), "history") == 0;
  adw_view_stack_set_visible_child_name (self->main_stack, showing ? "work" : "history");
}

/* Start-up */

static void
on_station_ready (PosWindow *self)
{
  g_assert (POS_IS_WINDOW (self));

  if (!pos_station_get_ready (self->station))
    return;
  pos_sign_in_page_set_roster (self->sign_in_page, pos_station_get_roster (self->station));
  pos_office_indicator_set_station (self->office_indicator, self->station);
  pos_sale_page_set_station (self->sale_page, self->station);
  pos_recovery_page_set_station (self->recovery_page, self->station);
  pos_payment_page_set_station (self->payment_page, self->station);
  pos_self_service_page_set_station (self->self_service_page, self->station);
  pos_history_page_set_journal (self->history_page, pos_station_get_journal (self->station));
  update_notice (self);
  pos_window_update_ui (self);
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
  pos_window_update_ui (self);
}

static gboolean
pos_window_close_request (GtkWindow *window)
{
  PosWindow *self = POS_WINDOW (window);

  if (pos_window_kiosk_refuse_close (self))
    return TRUE;

  /* An open payment form stays "awaiting payment" in the journal: it is listed among the
   * agent's unfinished sales after the restart, and re-opened from there while the session
   * lives. A request in flight is left to the journal ("outcome unknown" at the next load). */
  pos_sale_page_flush_draft (self->sale_page);
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (pos_window_parent_class)->close_request (window);
}

/* A self-service customer's screen is what the window shows. */
static gboolean
shows_customer (PosWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "self-service") == 0;
}

static PosPaymentView *
self_service_view (gpointer user_data)
{
  return take_payment_view (POS_WINDOW (user_data));
}

/* While a customer enters the amount and checks it, the form's view warms up (web process,
 * bridge page, SDK loader), as it does while an agent types a sale: Pay then waits only for
 * Paystar and its form. A view nobody used goes at the welcome screen and when the customer
 * changes the language (the next one asks Paystar's page for the new one). */
static void
update_self_service_warm_up (PosWindow *self)
{
  const char *screen = pos_self_service_page_get_screen (self->self_service_page);
  gboolean customer = shows_customer (self);

  if (!customer || (g_strcmp0 (screen, "amount") != 0 && g_strcmp0 (screen, "review") != 0)) {
    if (customer)
      drop_next_view (self);
    return;
  }
  if (self->next_view != NULL || self->prewarm_disabled || !pos_station_get_ready (self->station) ||
      pos_settings_get_web_origin (get_settings (self)) == NULL)
    return;
  self->next_view = new_payment_view (self);
  pos_payment_view_prewarm (self->next_view);
}

static void
on_self_service_language (PosWindow *self)
{
  update_sandbox_strip (self);
  drop_next_view (self);
  update_self_service_warm_up (self);
}

/* The customer's display choices on top of the station's. */
static void
update_display_classes (PosWindow *self)
{
  gboolean customer = shows_customer (self);
  gboolean larger = pos_settings_get_larger_text (get_settings (self)) ||
                    (customer && pos_self_service_page_get_larger_text (self->self_service_page));
  gboolean contrast = customer && pos_self_service_page_get_high_contrast (self->self_service_page);

  if (larger)
    gtk_widget_add_css_class (GTK_WIDGET (self), "larger-text");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "larger-text");
  if (contrast)
    gtk_widget_add_css_class (GTK_WIDGET (self), "high-contrast");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "high-contrast");
  /* Self-service: every target at least 44 pixels (style.css). */
  if (customer)
    gtk_widget_add_css_class (GTK_WIDGET (self), "self-service");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "self-service");
}

void
pos_window_set_kiosk (PosWindow *self, gboolean kiosk)
{
  kiosk = !!kiosk;
  if (self->kiosk == kiosk)
    return;
  self->kiosk = kiosk;
  if (kiosk)
    gtk_window_fullscreen (GTK_WINDOW (self));
  else
    gtk_window_unfullscreen (GTK_WINDOW (self));
  /* No window controls at a kiosk: Minimize would hide it without a PIN. */
  adw_header_bar_set_show_start_title_buttons (self->header_bar, !kiosk);
  adw_header_bar_set_show_end_title_buttons (self->header_bar, !kiosk);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIOSK]);
}

static void
pos_window_constructed (GObject *object)
{
  PosWindow *self = POS_WINDOW (object);
  PosSettings *settings;

  G_OBJECT_CLASS (pos_window_parent_class)->constructed (object);

  g_assert (self->station != NULL);
  settings = get_settings (self);

  g_signal_connect_object (self->station, "notify::ready", G_CALLBACK (on_station_ready), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station, "notify::is-sandbox", G_CALLBACK (update_sandbox_strip),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station, "notify::journal-notice", G_CALLBACK (update_notice),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station, "notify::office-link", G_CALLBACK (pos_window_update_ui),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "notify::idle-lock-minutes",
                           G_CALLBACK (pos_window_idle_restart), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "notify::station-name", G_CALLBACK (update_subtitle), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "notify::business-unit-slug", G_CALLBACK (update_subtitle),
                           self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < 4; i++) {
    static const char *const signals[] = { "notify::web-origin", "notify::payment-page-mode",
                                           "notify::success-url", "notify::return-url" };

    g_signal_connect_object (settings, signals[i], G_CALLBACK (on_payment_settings_changed), self,
                             G_CONNECT_SWAPPED);
  }
  /* The History's slips and day closes are headed by the business and the station. */
  g_signal_connect_object (settings, "notify::station-name", G_CALLBACK (update_receipt_heading),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "notify::business-name", G_CALLBACK (update_receipt_heading),
                           self, G_CONNECT_SWAPPED);
  update_receipt_heading (self);
  g_signal_connect_object (self->sale_page, "notify::busy", G_CALLBACK (pos_window_update_ui), self,
                           G_CONNECT_SWAPPED);

  pos_window_kiosk_init (self);
  g_signal_connect_object (settings, "notify::larger-text", G_CALLBACK (update_display_classes),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->self_service_page, "notify::language",
                           G_CALLBACK (on_self_service_language), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->self_service_page, "notify::screen",
                           G_CALLBACK (update_self_service_warm_up), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->self_service_page, "notify::larger-text",
                           G_CALLBACK (update_display_classes), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->self_service_page, "notify::high-contrast",
                           G_CALLBACK (update_display_classes), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (update_display_classes), self, G_CONNECT_SWAPPED);
  pos_self_service_page_set_view_factory (self->self_service_page, self_service_view, self);
  update_display_classes (self);
  update_sandbox_strip (self);
  update_subtitle (self);
  pos_window_update_ui (self);

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

  /* Its other windows go first, while they can still let go of it as their transient parent
   * (the PIN prompt would otherwise outlive it until an idle callback). */
  pos_window_close_owned_windows (self, TRUE);
  g_cancellable_cancel (self->cancellable);
  pos_window_idle_stop (self);
  drop_next_view (self);
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
    case PROP_VISIBLE_PAGE:
      g_value_set_string (value, self->visible_page);
      break;
    case PROP_KIOSK:
      g_value_set_boolean (value, self->kiosk);
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
    case PROP_KIOSK:
      pos_window_set_kiosk (self, g_value_get_boolean (value));
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
  properties[PROP_VISIBLE_PAGE] =
    g_param_spec_string ("visible-page", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_KIOSK] =
    g_param_spec_boolean ("kiosk", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The template names these types. */
  g_type_ensure (POS_TYPE_PAYMENT_PAGE);
  g_type_ensure (POS_TYPE_OUTCOME_PAGE);
  g_type_ensure (POS_TYPE_HISTORY_PAGE);
  g_type_ensure (POS_TYPE_OFFICE_INDICATOR);
  g_type_ensure (POS_TYPE_RECOVERY_PAGE);
  g_type_ensure (POS_TYPE_SELF_SERVICE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/paystar/Pos/pos-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PosWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, new_sale_button);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, sign_out_button);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, lock_button);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, agent_box);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, office_indicator);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, agent_label);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, agent_initials);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, sandbox_strip);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, sandbox_label);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, notice_strip);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, notice_label);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, failed_page);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, work_stack);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, recovery_page);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, sale_page);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, payment_page);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, outcome_page);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, history_page);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, self_service_page);
  gtk_widget_class_bind_template_callback (widget_class, on_notice_dismissed);
  gtk_widget_class_bind_template_callback (widget_class, pos_window_on_signed_in);
  gtk_widget_class_bind_template_callback (widget_class, on_session_created);
  gtk_widget_class_bind_template_callback (widget_class, on_sale_reopen_payment);
  gtk_widget_class_bind_template_callback (widget_class, on_payment_finished);
  gtk_widget_class_bind_template_callback (widget_class, on_payment_closed);
  gtk_widget_class_bind_template_callback (widget_class, on_history_reopen);
  gtk_widget_class_bind_template_callback (widget_class, on_history_check_outcome);
  gtk_widget_class_bind_template_callback (widget_class, on_history_close_sale);
  gtk_widget_class_bind_template_callback (widget_class, on_history_close_day);
  gtk_widget_class_bind_template_callback (widget_class, on_recovery_reopen);
  gtk_widget_class_bind_template_callback (widget_class, on_recovery_continue);

  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "win.new-sale", NULL, new_sale_action);
  gtk_widget_class_install_action (widget_class, "win.submit", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "win.add-charge", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "win.show-history", NULL, show_history_action);
  gtk_widget_class_install_action (widget_class, "win.show-recovery", NULL, show_recovery_action);
  gtk_widget_class_install_action (widget_class, "win.office-report", NULL, office_report_action);
  pos_window_kiosk_class_init (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_q, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.sign-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Q, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.sign-out", NULL);
  gtk_widget_class_add_binding_action (
    widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK, "win.staff", NULL);
  gtk_widget_class_add_binding_action (
    widget_class, GDK_KEY_S, GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK, "win.staff", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.lock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-sale",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.submit",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "win.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_N, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.add-charge", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK,
                                       "win.show-history", NULL);
}

static void
pos_window_init (PosWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->work = "sale";
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->main_stack, "notify::visible-child-name",
                           G_CALLBACK (on_main_stack_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->switcher_title, "notify::title-visible",
                           G_CALLBACK (pos_window_update_ui), self, G_CONNECT_SWAPPED);

  pos_window_idle_init (self);
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

const char *
pos_window_get_visible_page (PosWindow *self)
{
  g_return_val_if_fail (POS_IS_WINDOW (self), NULL);

  return compute_visible_page (self);
}

void
pos_window_toast (PosWindow *self, const char *message)
{
  g_return_if_fail (POS_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

void
pos_window_set_idle_timeout (PosWindow *self, guint milliseconds)
{
  g_return_if_fail (POS_IS_WINDOW (self));

  self->idle_timeout_override = milliseconds;
  pos_window_idle_restart (self);
}

void
pos_window_set_view_setup (PosWindow *self, PosWindowViewSetup setup, gpointer user_data)
{
  g_return_if_fail (POS_IS_WINDOW (self));

  self->view_setup = setup;
  self->view_setup_data = user_data;
  /* A view warmed up before has not been set up. */
  drop_next_view (self);
  pos_window_update_ui (self);
}

void
pos_window_set_prewarm (PosWindow *self, gboolean prewarm)
{
  g_return_if_fail (POS_IS_WINDOW (self));

  self->prewarm_disabled = !prewarm;
  if (!prewarm)
    drop_next_view (self);
  pos_window_update_ui (self);
}
