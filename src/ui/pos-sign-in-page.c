/* pos-sign-in-page.c: choose an agent and enter the PIN, to sign in or to unlock the station.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-sign-in-page.h"

#include <adwaita.h>

#include <glib/gi18n.h>
#include <string.h>

struct _PosSignInPage {
  GtkWidget parent_instance;

  GtkWidget *scroller;
  GtkImage *icon;
  GtkLabel *title;
  GtkLabel *description;
  AdwComboRow *agent_row;
  GtkStringList *agent_names;
  AdwEntryRow *email_row;
  AdwEntryRow *pin_row;
  GtkLabel *message;
  GtkWidget *sign_in_button;

  PosRoster *roster;
  PosAgent *locked_agent;
  /* The emails behind agent_names, in the same order (without the final "Other agent"). */
  GPtrArray *emails;
  char *lockout_email;
  guint lockout_source;
  guint rebuilding : 1;
};

G_DEFINE_FINAL_TYPE (PosSignInPage, pos_sign_in_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_ROSTER, PROP_LOCKED_AGENT, N_PROPS };

enum { SIGNAL_SIGNED_IN, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
other_selected (PosSignInPage *self)
{
  return adw_combo_row_get_selected (self->agent_row) >= self->emails->len;
}

static char *
dup_current_email (PosSignInPage *self)
{
  guint selected = adw_combo_row_get_selected (self->agent_row);

  if (selected < self->emails->len)
    return g_strdup (g_ptr_array_index (self->emails, selected));
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->email_row))));
}

static void
set_message (PosSignInPage *self, const char *text)
{
  gtk_label_set_text (self->message, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), text != NULL && *text != '\0');
}

static void
update_button_label (PosSignInPage *self)
{
  g_autofree char *email = dup_current_email (self);
  gboolean unlock = self->locked_agent != NULL &&
                    g_ascii_strcasecmp (pos_agent_get_email (self->locked_agent), email) == 0;

  gtk_button_set_label (GTK_BUTTON (self->sign_in_button), unlock ? _ ("_Unlock") : _ ("_Sign In"));
}

static void
update_sensitivity (PosSignInPage *self)
{
  g_autofree char *email = dup_current_email (self);
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));
  gboolean waiting = self->lockout_source != 0 && self->lockout_email != NULL &&
                     g_ascii_strcasecmp (self->lockout_email, email) == 0;

  gtk_widget_set_sensitive (self->sign_in_button,
                            self->roster != NULL && *email != '\0' && *pin != '\0' && !waiting);
  update_button_label (self);
}

static void
stop_lockout_countdown (PosSignInPage *self)
{
  g_clear_handle_id (&self->lockout_source, g_source_remove);
  g_clear_pointer (&self->lockout_email, g_free);
}

static gboolean
on_lockout_tick (gpointer user_data)
{
  PosSignInPage *self = user_data;
  guint remaining;

  g_assert (POS_IS_SIGN_IN_PAGE (self));

  remaining = self->roster != NULL && self->lockout_email != NULL
                ? pos_roster_get_lockout_remaining (self->roster, self->lockout_email)
                : 0;
  if (remaining == 0) {
    self->lockout_source = 0;
    g_clear_pointer (&self->lockout_email, g_free);
    set_message (self, _ ("You can try your PIN again now."));
    update_sensitivity (self);
    return G_SOURCE_REMOVE;
  } else {
    g_autofree char *text = NULL;

    text = g_strdup_printf (
      ngettext ("Too many wrong PINs. This agent can try again in %u second.",
                "Too many wrong PINs. This agent can try again in %u seconds.", remaining),
      remaining);
    set_message (self, text);
    return G_SOURCE_CONTINUE;
  }
}

static void
start_lockout_countdown (PosSignInPage *self, const char *email)
{
  stop_lockout_countdown (self);
  self->lockout_email = g_ascii_strdown (email, -1);
  self->lockout_source = g_timeout_add_seconds (1, on_lockout_tick, self);
  on_lockout_tick (self);
  update_sensitivity (self);
}

static void
try_sign_in (PosSignInPage *self)
{
  g_autofree char *email = NULL;
  g_autoptr (PaystarSecret) pin = NULL; /* wiped whichever way the attempt ends */
  g_autoptr (PosAgent) agent = NULL;
  g_autoptr (GError) error = NULL;

  if (self->roster == NULL || !gtk_widget_get_sensitive (self->sign_in_button))
    return;

  email = dup_current_email (self);
  pin = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->pin_row)));
  /* The PIN never stays on screen after an attempt, right or wrong. */
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");

  if (!pos_pin_is_valid (pin)) {
    /* Not a PIN at all (letters, too short): a typo, so it does not count as a wrong PIN. */
    set_message (self, _ ("A PIN has 4 to 12 digits. Type it again."));
    gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
    return;
  }

  agent = pos_roster_sign_in (self->roster, email, pin, &error);

  if (agent != NULL) {
    stop_lockout_countdown (self);
    set_message (self, NULL);
    g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0, agent);
    return;
  }

  if (g_error_matches (error, POS_ERROR, POS_ERROR_LOCKED_OUT)) {
    start_lockout_countdown (self, email);
  } else if (g_error_matches (error, POS_ERROR, POS_ERROR_WRONG_PIN)) {
    /* The roster keeps the count (across restarts) and knows how long the next lockout lasts
     * (it doubles after each one). */
    guint left = MAX (pos_roster_get_attempts_left (self->roster, email), 1);
    guint seconds = pos_roster_get_next_lockout_seconds (self->roster, email);
    g_autofree char *text = NULL;

    text = g_strdup_printf (ngettext ("Wrong PIN. %u try left before this agent is locked for "
                                      "%u seconds.",
                                      "Wrong PIN. %u tries left before this agent is locked for "
                                      "%u seconds.",
                                      left),
                            left, seconds);
    set_message (self, text);
  } else {
    set_message (self, error->message);
  }
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
  update_sensitivity (self);
}

static void
on_sign_in_clicked (PosSignInPage *self)
{
  g_assert (POS_IS_SIGN_IN_PAGE (self));

  try_sign_in (self);
}

static void
on_pin_activated (PosSignInPage *self)
{
  g_assert (POS_IS_SIGN_IN_PAGE (self));

  try_sign_in (self);
}

static void
on_email_activated (PosSignInPage *self)
{
  g_assert (POS_IS_SIGN_IN_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
}

static void
on_input_changed (PosSignInPage *self)
{
  g_assert (POS_IS_SIGN_IN_PAGE (self));

  update_sensitivity (self);
}

static void
on_agent_selected (PosSignInPage *self)
{
  gboolean other;
  guint selected;

  g_assert (POS_IS_SIGN_IN_PAGE (self));

  if (self->rebuilding)
    return;

  other = other_selected (self);
  selected = adw_combo_row_get_selected (self->agent_row);
  gtk_widget_set_visible (GTK_WIDGET (self->email_row), other);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->agent_row),
                               other ? "" : g_ptr_array_index (self->emails, selected));
  if (other && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->email_row));
  set_message (self, NULL);
  update_sensitivity (self);
}

static void
rebuild_agents (PosSignInPage *self)
{
  g_autofree char *previous = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  guint n = self->roster != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->roster)) : 0;
  guint selected = 0;

  if (self->emails->len > 0 && !other_selected (self))
    previous = dup_current_email (self);

  g_ptr_array_set_size (self->emails, 0);
  for (guint i = 0; i < n; i++) {
    g_autoptr (PosAgent) agent = g_list_model_get_item (G_LIST_MODEL (self->roster), i);

    g_ptr_array_add (self->emails, g_strdup (pos_agent_get_email (agent)));
    g_ptr_array_add (names, (gpointer) pos_agent_get_display_name (agent));
    if (previous != NULL && g_ascii_strcasecmp (previous, pos_agent_get_email (agent)) == 0)
      selected = i;
  }
  /* Translators: the last choice of the agent list; it shows a field to type the email */
  g_ptr_array_add (names, (gpointer) _ ("Other agent (type the email)"));
  g_ptr_array_add (names, NULL);

  self->rebuilding = TRUE;
  gtk_string_list_splice (self->agent_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->agent_names)),
                          (const char *const *) names->pdata);
  adw_combo_row_set_selected (self->agent_row, selected);
  self->rebuilding = FALSE;
  on_agent_selected (self);
}

static void
update_mode (PosSignInPage *self)
{
  if (self->locked_agent != NULL) {
    g_autofree char *text = NULL;
    const char *name = pos_agent_get_display_name (self->locked_agent);

    gtk_image_set_from_icon_name (self->icon, "system-lock-screen-symbolic");
    gtk_label_set_text (self->title, _ ("Station Locked"));
    /* Translators: %s is the agent's name */
    text = g_strdup_printf (_ ("%s’s sale is kept behind the lock. Enter the PIN to continue it, "
                               "or choose another agent to sign in."),
                            name);
    gtk_label_set_text (self->description, text);
    pos_sign_in_page_select_agent (self, pos_agent_get_email (self->locked_agent));
    update_button_label (self);
  } else {
    update_button_label (self);
    gtk_image_set_from_icon_name (self->icon, "avatar-default-symbolic");
    gtk_label_set_text (self->title, C_ ("sign-in page title", "Sign In"));
    if (self->roster != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->roster)) == 0)
      gtk_label_set_text (self->description,
                          _ ("No agent is set up on this station yet. Start it once on the "
                             "sandbox to create the demo administrator, then add agents in "
                             "Preferences."));
    else
      gtk_label_set_text (self->description, _ ("Choose your name and enter your PIN."));
  }
}

static void
on_roster_items_changed (PosSignInPage *self)
{
  g_assert (POS_IS_SIGN_IN_PAGE (self));

  rebuild_agents (self);
  update_mode (self);
}

static void
pos_sign_in_page_dispose (GObject *object)
{
  PosSignInPage *self = POS_SIGN_IN_PAGE (object);

  stop_lockout_countdown (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_SIGN_IN_PAGE);
  /* The template's top box has no id, so dispose_template() leaves it to us. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->roster);
  g_clear_object (&self->locked_agent);

  G_OBJECT_CLASS (pos_sign_in_page_parent_class)->dispose (object);
}

static void
pos_sign_in_page_finalize (GObject *object)
{
  PosSignInPage *self = POS_SIGN_IN_PAGE (object);

  g_clear_pointer (&self->emails, g_ptr_array_unref);

  G_OBJECT_CLASS (pos_sign_in_page_parent_class)->finalize (object);
}

static void
pos_sign_in_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosSignInPage *self = POS_SIGN_IN_PAGE (object);

  switch (prop_id) {
    case PROP_ROSTER:
      g_value_set_object (value, self->roster);
      break;
    case PROP_LOCKED_AGENT:
      g_value_set_object (value, self->locked_agent);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_sign_in_page_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  PosSignInPage *self = POS_SIGN_IN_PAGE (object);

  switch (prop_id) {
    case PROP_ROSTER:
      pos_sign_in_page_set_roster (self, g_value_get_object (value));
      break;
    case PROP_LOCKED_AGENT:
      pos_sign_in_page_set_locked_agent (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_sign_in_page_class_init (PosSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_sign_in_page_dispose;
  object_class->finalize = pos_sign_in_page_finalize;
  object_class->get_property = pos_sign_in_page_get_property;
  object_class->set_property = pos_sign_in_page_set_property;

  properties[PROP_ROSTER] =
    g_param_spec_object ("roster", NULL, NULL, POS_TYPE_ROSTER,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOCKED_AGENT] =
    g_param_spec_object ("locked-agent", NULL, NULL, POS_TYPE_AGENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, POS_TYPE_AGENT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/paystar/Pos/pos-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PosSignInPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, PosSignInPage, icon);
  gtk_widget_class_bind_template_child (widget_class, PosSignInPage, title);
  gtk_widget_class_bind_template_child (widget_class, PosSignInPage, description);
  gtk_widget_class_bind_template_child (widget_class, PosSignInPage, agent_row);
  gtk_widget_class_bind_template_child (widget_class, PosSignInPage, agent_names);
  gtk_widget_class_bind_template_child (widget_class, PosSignInPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, PosSignInPage, pin_row);
  gtk_widget_class_bind_template_child (widget_class, PosSignInPage, message);
  gtk_widget_class_bind_template_child (widget_class, PosSignInPage, sign_in_button);
  gtk_widget_class_bind_template_callback (widget_class, on_agent_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_email_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_pin_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_clicked);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "possigninpage");
}

static void
pos_sign_in_page_init (PosSignInPage *self)
{
  self->emails = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  rebuild_agents (self);
  update_mode (self);
}

GtkWidget *
pos_sign_in_page_new (void)
{
  return g_object_new (POS_TYPE_SIGN_IN_PAGE, NULL);
}

PosRoster *
pos_sign_in_page_get_roster (PosSignInPage *self)
{
  g_return_val_if_fail (POS_IS_SIGN_IN_PAGE (self), NULL);

  return self->roster;
}

void
pos_sign_in_page_set_roster (PosSignInPage *self, PosRoster *roster)
{
  g_return_if_fail (POS_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (!roster || POS_IS_ROSTER (roster));

  if (self->roster == roster)
    return;

  if (self->roster != NULL)
    g_signal_handlers_disconnect_by_func (self->roster, on_roster_items_changed, self);
  g_set_object (&self->roster, roster);
  if (self->roster != NULL)
    g_signal_connect_object (self->roster, "items-changed", G_CALLBACK (on_roster_items_changed),
                             self, G_CONNECT_SWAPPED);

  rebuild_agents (self);
  update_mode (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROSTER]);
}

PosAgent *
pos_sign_in_page_get_locked_agent (PosSignInPage *self)
{
  g_return_val_if_fail (POS_IS_SIGN_IN_PAGE (self), NULL);

  return self->locked_agent;
}

void
pos_sign_in_page_set_locked_agent (PosSignInPage *self, PosAgent *agent)
{
  g_return_if_fail (POS_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (!agent || POS_IS_AGENT (agent));

  if (g_set_object (&self->locked_agent, agent)) {
    update_mode (self);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED_AGENT]);
  }
}

void
pos_sign_in_page_select_agent (PosSignInPage *self, const char *email)
{
  g_return_if_fail (POS_IS_SIGN_IN_PAGE (self));

  if (email == NULL)
    return;

  for (guint i = 0; i < self->emails->len; i++) {
    if (g_ascii_strcasecmp (g_ptr_array_index (self->emails, i), email) == 0) {
      adw_combo_row_set_selected (self->agent_row, i);
      return;
    }
  }
  /* Not on the list (typed last time): keep it in the email field. */
  adw_combo_row_set_selected (self->agent_row, self->emails->len);
  gtk_editable_set_text (GTK_EDITABLE (self->email_row), email);
}

void
pos_sign_in_page_reset (PosSignInPage *self)
{
  g_return_if_fail (POS_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  if (self->lockout_source == 0)
    set_message (self, NULL);
  update_sensitivity (self);
  gtk_widget_grab_focus (other_selected (self) ? GTK_WIDGET (self->email_row)
                                               : GTK_WIDGET (self->pin_row));
}
