/* pos-preferences-unlock.c: the small modal window that asks for an administrator's PIN.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-preferences-unlock.h"

#include <glib/gi18n.h>

#include "pos-preferences-private.h"

struct _PosPreferencesUnlock {
  AdwWindow parent_instance;

  PosRoster *roster;
  GtkFilterListModel *admins;

  AdwComboRow *admin_row;
  AdwPasswordEntryRow *pin_row;
  GtkWidget *pin_error;
  GtkLabel *purpose_label;
};

G_DEFINE_FINAL_TYPE (PosPreferencesUnlock, pos_preferences_unlock, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_ROSTER, N_PROPS };

enum { SIGNAL_UNLOCKED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static PosAgent *
get_selected_admin (PosPreferencesUnlock *self)
{
  return adw_combo_row_get_selected_item (self->admin_row);
}

static void
update_unlock_sensitivity (PosPreferencesUnlock *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unlock.unlock",
                                 get_selected_admin (self) != NULL);
}

static void
on_admin_selected (PosPreferencesUnlock *self)
{
  g_assert (POS_IS_PREFERENCES_UNLOCK (self));

  pos_preferences_show_error (GTK_WIDGET (self->pin_row), self->pin_error, NULL);
  update_unlock_sensitivity (self);
}

static void
on_pin_changed (PosPreferencesUnlock *self)
{
  g_assert (POS_IS_PREFERENCES_UNLOCK (self));

  if (*gtk_editable_get_text (GTK_EDITABLE (self->pin_row)) != '\0')
    pos_preferences_show_error (GTK_WIDGET (self->pin_row), self->pin_error, NULL);
}

static void
unlock (PosPreferencesUnlock *self)
{
  g_autoptr (PosAgent) agent = NULL;
  g_autoptr (GError) error = NULL;
  PosAgent *admin = get_selected_admin (self);
  const char *email;

  if (admin == NULL)
    return;
  email = pos_agent_get_email (admin);

  agent = pos_roster_sign_in (self->roster, email,
                              gtk_editable_get_text (GTK_EDITABLE (self->pin_row)), &error);
  /* Whatever the outcome, the PIN does not stay in the entry. */
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");

  if (agent == NULL) {
    g_autofree char *message = NULL;

    if (g_error_matches (error, POS_ERROR, POS_ERROR_LOCKED_OUT)) {
      guint seconds = MAX (1, pos_roster_get_lockout_remaining (self->roster, email));

      if (seconds >= 120)
        message = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "Too many wrong PINs. Try again in %u minute.",
                       "Too many wrong PINs. Try again in %u minutes.", (seconds + 59) / 60),
          (seconds + 59) / 60);
      else
        message = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "Too many wrong PINs. Try again in %u second.",
                       "Too many wrong PINs. Try again in %u seconds.", seconds),
          seconds);
    } else if (g_error_matches (error, POS_ERROR, POS_ERROR_WRONG_PIN)) {
      message = g_strdup (_ ("Wrong PIN. Try again."));
    } else {
      message = g_strdup (error->message);
    }
    pos_preferences_show_error (GTK_WIDGET (self->pin_row), self->pin_error, message);
    gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
    return;
  }

  /* The list holds administrators only, but the roster may have changed meanwhile. */
  if (!pos_agent_get_is_admin (agent)) {
    pos_preferences_show_error (GTK_WIDGET (self->pin_row), self->pin_error,
                                _ ("This agent is no longer an administrator."));
    return;
  }

  g_signal_emit (self, signals[SIGNAL_UNLOCKED], 0, agent);
  gtk_window_close (GTK_WINDOW (self));
}

static void
unlock_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  unlock (POS_PREFERENCES_UNLOCK (widget));
}

static void
on_pin_activated (PosPreferencesUnlock *self)
{
  g_assert (POS_IS_PREFERENCES_UNLOCK (self));

  unlock (self);
}

static void
select_agent (PosPreferencesUnlock *self, const char *email)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->admins));

  if (email == NULL)
    return;
  for (guint i = 0; i < n; i++) {
    g_autoptr (PosAgent) agent = g_list_model_get_item (G_LIST_MODEL (self->admins), i);

    if (g_ascii_strcasecmp (pos_agent_get_email (agent), email) == 0) {
      adw_combo_row_set_selected (self->admin_row, i);
      return;
    }
  }
}

static void
pos_preferences_unlock_constructed (GObject *object)
{
  PosPreferencesUnlock *self = POS_PREFERENCES_UNLOCK (object);
  GtkExpression *is_admin;
  GtkExpression *name;

  G_OBJECT_CLASS (pos_preferences_unlock_parent_class)->constructed (object);

  is_admin = gtk_property_expression_new (POS_TYPE_AGENT, NULL, "is-admin");
  self->admins = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->roster)),
                                            GTK_FILTER (gtk_bool_filter_new (is_admin)));
  name = gtk_property_expression_new (POS_TYPE_AGENT, NULL, "display-name");
  adw_combo_row_set_expression (self->admin_row, name);
  gtk_expression_unref (name);
  adw_combo_row_set_model (self->admin_row, G_LIST_MODEL (self->admins));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->admins)) == 0)
    pos_preferences_show_error (NULL, self->pin_error,
                                _ ("There is no administrator on the roster, so the preferences "
                                   "cannot be opened."));
  update_unlock_sensitivity (self);
}

static void
pos_preferences_unlock_dispose (GObject *object)
{
  PosPreferencesUnlock *self = POS_PREFERENCES_UNLOCK (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_PREFERENCES_UNLOCK);
  g_clear_object (&self->admins);
  g_clear_object (&self->roster);

  G_OBJECT_CLASS (pos_preferences_unlock_parent_class)->dispose (object);
}

static void
pos_preferences_unlock_get_property (GObject *object,
                                     guint prop_id,
                                     GValue *value,
                                     GParamSpec *pspec)
{
  PosPreferencesUnlock *self = POS_PREFERENCES_UNLOCK (object);

  switch (prop_id) {
    case PROP_ROSTER:
      g_value_set_object (value, self->roster);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_preferences_unlock_set_property (GObject *object,
                                     guint prop_id,
                                     const GValue *value,
                                     GParamSpec *pspec)
{
  PosPreferencesUnlock *self = POS_PREFERENCES_UNLOCK (object);

  switch (prop_id) {
    case PROP_ROSTER:
      self->roster = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_preferences_unlock_class_init (PosPreferencesUnlockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pos_preferences_unlock_constructed;
  object_class->dispose = pos_preferences_unlock_dispose;
  object_class->get_property = pos_preferences_unlock_get_property;
  object_class->set_property = pos_preferences_unlock_set_property;

  properties[PROP_ROSTER] =
    g_param_spec_object ("roster", NULL, NULL, POS_TYPE_ROSTER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_UNLOCKED] = g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, POS_TYPE_AGENT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/paystar/Pos/pos-preferences-unlock.ui");
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesUnlock, admin_row);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesUnlock, pin_row);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesUnlock, pin_error);
  gtk_widget_class_bind_template_child (widget_class, PosPreferencesUnlock, purpose_label);
  gtk_widget_class_bind_template_callback (widget_class, on_admin_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_pin_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_pin_changed);

  gtk_widget_class_install_action (widget_class, "unlock.unlock", NULL, unlock_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pos_preferences_unlock_init (PosPreferencesUnlock *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PosPreferencesUnlock *
pos_preferences_unlock_new (GtkWindow *parent,
                            PosRoster *roster,
                            const char *agent_email,
                            const char *purpose)
{
  PosPreferencesUnlock *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (POS_IS_ROSTER (roster), NULL);

  self =
    g_object_new (POS_TYPE_PREFERENCES_UNLOCK, "roster", roster, "transient-for", parent, NULL);
  select_agent (self, agent_email);
  if (purpose != NULL)
    gtk_label_set_label (self->purpose_label, purpose);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->pin_row));
  return self;
}
