/* pos-preferences-agent-row.c: one agent of the roster in the preferences, with its actions.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-preferences-agent-row.h"

#include <glib/gi18n.h>

#include "pos-confirm-dialog.h"
#include "pos-preferences-private.h"

struct _PosPreferencesAgentRow {
  AdwExpanderRow parent_instance;

  PosRoster *roster;
  PosAgent *agent;

  AdwAvatar *avatar;
  GtkWidget *admin_badge;
  AdwEntryRow *name_row;
  GtkWidget *name_error;
  GtkSwitch *admin_switch;
  GtkWidget *admin_error;
  AdwPasswordEntryRow *pin_row;
  GtkWidget *pin_error;
  GtkWidget *remove_error;
};

G_DEFINE_FINAL_TYPE (PosPreferencesAgentRow, pos_preferences_agent_row, ADW_TYPE_EXPANDER_ROW)

enum { PROP_0, PROP_ROSTER, PROP_AGENT, N_PROPS };

static GParamSpec *properties[N_PROPS];

/* Shows @message at @field and opens the row, so that the message is seen even when the change
 * came from somewhere the row was collapsed (a test, a keyboard shortcut). */
static void
show_error (PosPreferencesAgentRow *self,
            GtkWidget *field,
            GtkWidget *error_row,
            const char *message)
{
  pos_preferences_show_error (field, error_row, message);
  if (message != NULL)
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
}

static guint
count_admins (PosRoster *roster)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (roster));
  guint admins = 0;

  for (guint i = 0; i < n; i++) {
    g_autoptr (PosAgent) agent = g_list_model_get_item (G_LIST_MODEL (roster), i);

    if (pos_agent_get_is_admin (agent))
      admins++;
  }
  return admins;
}

static gboolean
is_last_admin (PosPreferencesAgentRow *self)
{
  return pos_agent_get_is_admin (self->agent) && count_admins (self->roster) <= 1;
}

static const char *
last_admin_message (void)
{
  return _ ("This is the only administrator. Make another agent an administrator first.");
}

static void
on_name_changed (PosPreferencesAgentRow *self)
{
  g_assert (POS_IS_PREFERENCES_AGENT_ROW (self));

  pos_preferences_show_error (GTK_WIDGET (self->name_row), self->name_error, NULL);
}

static void
on_name_apply (PosPreferencesAgentRow *self)
{
  g_autofree char *name = NULL;
  g_autoptr (GError) error = NULL;

  g_assert (POS_IS_PREFERENCES_AGENT_ROW (self));

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  if (*name == '\0') {
    show_error (self, GTK_WIDGET (self->name_row), self->name_error,
                _ ("Enter the name shown for this agent."));
    return;
  }
  if (!pos_roster_update_agent (self->roster, pos_agent_get_email (self->agent), name,
                                pos_agent_get_is_admin (self->agent), &error)) {
    show_error (self, GTK_WIDGET (self->name_row), self->name_error, error->message);
    return;
  }
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), pos_agent_get_display_name (self->agent));
}

static void
on_admin_switch_active (PosPreferencesAgentRow *self)
{
  gboolean active;
  g_autoptr (GError) error = NULL;

  g_assert (POS_IS_PREFERENCES_AGENT_ROW (self));

  /* The binding from the agent sets the switch too: only a difference is the user's doing. */
  active = gtk_switch_get_active (self->admin_switch);
  if (active == pos_agent_get_is_admin (self->agent))
    return;

  pos_preferences_show_error (NULL, self->admin_error, NULL);
  if (!active && is_last_admin (self)) {
    show_error (self, NULL, self->admin_error, last_admin_message ());
    gtk_switch_set_active (self->admin_switch, TRUE);
    return;
  }
  if (!pos_roster_update_agent (self->roster, pos_agent_get_email (self->agent),
                                pos_agent_get_display_name (self->agent), active, &error)) {
    show_error (self, NULL, self->admin_error,
                g_error_matches (error, POS_ERROR, POS_ERROR_LAST_ADMIN) ? last_admin_message ()
                                                                         : error->message);
    gtk_switch_set_active (self->admin_switch, pos_agent_get_is_admin (self->agent));
  }
}

static void
on_pin_changed (PosPreferencesAgentRow *self)
{
  g_assert (POS_IS_PREFERENCES_AGENT_ROW (self));

  if (*gtk_editable_get_text (GTK_EDITABLE (self->pin_row)) != '\0')
    pos_preferences_show_error (GTK_WIDGET (self->pin_row), self->pin_error, NULL);
}

static void
on_pin_apply (PosPreferencesAgentRow *self)
{
  g_autoptr (GError) error = NULL;
  GtkRoot *root;

  g_assert (POS_IS_PREFERENCES_AGENT_ROW (self));

  if (!pos_roster_set_pin (self->roster, pos_agent_get_email (self->agent),
                           gtk_editable_get_text (GTK_EDITABLE (self->pin_row)), &error)) {
    show_error (self, GTK_WIDGET (self->pin_row), self->pin_error,
                g_error_matches (error, POS_ERROR, POS_ERROR_INVALID_PIN)
                  ? _ ("A PIN is 4 to 12 digits.")
                  : error->message);
    return;
  }
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (ADW_IS_PREFERENCES_WINDOW (root)) {
    /* A toast's title is markup in libadwaita 1.2: escape the name. */
    g_autofree char *text =
      /* Translators: %s is the agent's display name. */
      g_markup_printf_escaped (_ ("New PIN set for %s"), pos_agent_get_display_name (self->agent));

    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (text));
  }
}

static void
on_remove_response (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  g_autoptr (PosPreferencesAgentRow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0)
    return;
  /* The roster refuses to remove the last administrator, whatever happened since the question. */
  if (!pos_roster_remove_agent (self->roster, pos_agent_get_email (self->agent), &error))
    show_error (self, NULL, self->remove_error,
                g_error_matches (error, POS_ERROR, POS_ERROR_LAST_ADMIN) ? last_admin_message ()
                                                                         : error->message);
  /* On success the roster's items-changed takes this row out of the list. */
}

static void
remove_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PosPreferencesAgentRow *self = POS_PREFERENCES_AGENT_ROW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;

  pos_preferences_show_error (NULL, self->remove_error, NULL);
  if (is_last_admin (self)) {
    show_error (self, NULL, self->remove_error, last_admin_message ());
    return;
  }

  dialog = pos_confirm_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, NULL,
                                   _ ("_Cancel"), "remove", _ ("_Remove"));
  /* Translators: %s is the agent's display name. */
  adw_message_dialog_format_heading (dialog, _ ("Remove %s?"),
                                     pos_agent_get_display_name (self->agent));
  adw_message_dialog_format_body (dialog,
                                  /* Translators: %s is the agent's email address. */
                                  _ ("%s will no longer be able to sign in at this station. Their "
                                     "sales stay in the journal."),
                                  pos_agent_get_email (self->agent));
  g_signal_connect (dialog, "response", G_CALLBACK (on_remove_response), g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
escape_markup (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  const char *text = g_value_get_string (from);

  g_value_take_string (to, g_markup_escape_text (text != NULL ? text : "", -1));
  return TRUE;
}

static void
pos_preferences_agent_row_constructed (GObject *object)
{
  PosPreferencesAgentRow *self = POS_PREFERENCES_AGENT_ROW (object);

  G_OBJECT_CLASS (pos_preferences_agent_row_parent_class)->constructed (object);

  /* AdwExpanderRow 1.2 reads its title and subtitle as markup whatever "use-markup" says, so
   * the names and addresses (the users' text) are escaped. */
  g_object_bind_property_full (self->agent, "display-name", self, "title", G_BINDING_SYNC_CREATE,
                               escape_markup, NULL, NULL, NULL);
  g_object_bind_property_full (self->agent, "email", self, "subtitle", G_BINDING_SYNC_CREATE,
                               escape_markup, NULL, NULL, NULL);
  g_object_bind_property (self->agent, "display-name", self->avatar, "text", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->agent, "is-admin", self->admin_badge, "visible",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->agent, "is-admin", self->admin_switch, "active",
                          G_BINDING_SYNC_CREATE);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), pos_agent_get_display_name (self->agent));
}

static void
pos_preferences_agent_row_dispose (GObject *object)
{
  PosPreferencesAgentRow *self = POS_PREFERENCES_AGENT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_PREFERENCES_AGENT_ROW);
  g_clear_object (&self->agent);
  g_clear_object (&self->roster);

  G_OBJECT_CLASS (pos_preferences_agent_row_parent_class)->dispose (object);
}

static void
pos_preferences_agent_row_get_property (GObject *object,
                                        guint prop_id,
                                        GValue *value,
                                        GParamSpec *pspec)
{
  PosPreferencesAgentRow *self = POS_PREFERENCES_AGENT_ROW (object);

  switch (prop_id) {
    case PROP_ROSTER:
      g_value_set_object (value, self->roster);
      break;
    case PROP_AGENT:
      g_value_set_object (value, self->agent);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_preferences_agent_row_set_property (GObject *object,
                                        guint prop_id,
                                        const GValue *value,
                                        GParamSpec *pspec)
{
  PosPreferencesAgentRow *self = POS_PREFERENCES_AGENT_ROW (object);

  switch (prop_id) {
    case PROP_ROSTER:
      self->roster = g_value_dup_object (value);
      break;
    case PROP_AGENT:
      self->agent = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_preferences_agent_row_class_init (PosPreferencesAgentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pos_preferences_agent_row_constructed;
  object_class->dispose = pos_preferences_agent_row_dispose;
  object_class->get_property = pos_preferences_agent_row_get_property;
  object_class->set_property = pos_preferences_agent_row_set_property;

  properties[PROP_ROSTER] =
    g_param_spec_object ("roster", NULL, NULL, POS_TYPE_ROSTER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AGENT] =
    g_param_spec_object ("agent", NULL, NULL, POS_TYPE_AGENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/paystar/Pos/pos-preferences-agent-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesAgentRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesAgentRow, admin_badge);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesAgentRow, name_row);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesAgentRow, name_error);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesAgentRow, admin_switch);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesAgentRow, admin_error);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesAgentRow, pin_row);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesAgentRow, pin_error);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesAgentRow, remove_error);
  gtk_widget_class_bind_template_callback (widget_class, on_name_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_admin_switch_active);
  gtk_widget_class_bind_template_callback (widget_class, on_pin_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_pin_changed);

  gtk_widget_class_install_action (widget_class, "agent.remove", NULL, remove_action);
}

static void
pos_preferences_agent_row_init (PosPreferencesAgentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pos_preferences_agent_row_new (PosRoster *roster, PosAgent *agent)
{
  g_return_val_if_fail (POS_IS_ROSTER (roster), NULL);
  g_return_val_if_fail (POS_IS_AGENT (agent), NULL);

  return g_object_new (POS_TYPE_PREFERENCES_AGENT_ROW, "roster", roster, "agent", agent, NULL);
}

PosAgent *
pos_preferences_agent_row_get_agent (PosPreferencesAgentRow *self)
{
  g_return_val_if_fail (POS_IS_PREFERENCES_AGENT_ROW (self), NULL);

  return self->agent;
}
