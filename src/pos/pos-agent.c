/* pos-agent.c: one agent on the station's roster (the PIN hash stays inside the roster).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-agent-private.h"

#include "paystar-compat.h"

struct _PosAgent {
  GObject parent_instance;

  char *email;
  char *display_name;
  gboolean is_admin;
};

G_DEFINE_FINAL_TYPE (PosAgent, pos_agent, G_TYPE_OBJECT)

enum { PROP_0, PROP_EMAIL, PROP_DISPLAY_NAME, PROP_IS_ADMIN, N_PROPS };

static GParamSpec *properties[N_PROPS];

static void
pos_agent_finalize (GObject *object)
{
  PosAgent *self = POS_AGENT (object);

  g_free (self->email);
  g_free (self->display_name);

  G_OBJECT_CLASS (pos_agent_parent_class)->finalize (object);
}

static void
pos_agent_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosAgent *self = POS_AGENT (object);

  switch (prop_id) {
    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_IS_ADMIN:
      g_value_set_boolean (value, self->is_admin);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_agent_class_init (PosAgentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pos_agent_finalize;
  object_class->get_property = pos_agent_get_property;

  properties[PROP_EMAIL] = g_param_spec_string (
    "email", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_IS_ADMIN] =
    g_param_spec_boolean ("is-admin", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pos_agent_init (PosAgent *self)
{
}

PosAgent *
pos_agent_new (const char *email, const char *display_name, gboolean is_admin)
{
  PosAgent *self;

  g_return_val_if_fail (email != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  self = g_object_new (POS_TYPE_AGENT, NULL);
  self->email = g_strdup (email);
  self->display_name = g_strdup (display_name);
  self->is_admin = !!is_admin;
  return self;
}

const char *
pos_agent_get_email (PosAgent *self)
{
  g_return_val_if_fail (POS_IS_AGENT (self), NULL);

  return self->email;
}

const char *
pos_agent_get_display_name (PosAgent *self)
{
  g_return_val_if_fail (POS_IS_AGENT (self), NULL);

  return self->display_name;
}

gboolean
pos_agent_get_is_admin (PosAgent *self)
{
  g_return_val_if_fail (POS_IS_AGENT (self), FALSE);

  return self->is_admin;
}

void
pos_agent_set_display_name (PosAgent *self, const char *display_name)
{
  g_return_if_fail (POS_IS_AGENT (self));
  g_return_if_fail (display_name != NULL);

  if (paystar_set_str (&self->display_name, display_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

void
pos_agent_set_is_admin (PosAgent *self, gboolean is_admin)
{
  g_return_if_fail (POS_IS_AGENT (self));

  is_admin = !!is_admin;
  if (self->is_admin == is_admin)
    return;
  self->is_admin = is_admin;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_ADMIN]);
}
