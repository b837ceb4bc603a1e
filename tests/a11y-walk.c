/* a11y-walk.c: what a screen reader hears: the process's own AT-SPI tree over the accessibility
 * bus, and the controls in it without a usable name.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "a11y-walk.h"
#include "test-ui-harness.h"

/* AT-SPI's state bits (AtspiStateType). */
#define STATE_VISIBLE 30

/* The roles a person operates: each must have a usable name. */
/* The roles a person operates, as GTK names them: each must have a usable name. */
static const char *const operable_roles[] = {
  "button",     "toggle button", "check box",           "radio",           "switch", "text box",
  "search box", "spin button",   "combo box",           "list item",       "row",    "tab",
  "link",       "menu item",     "menu item check box", "menu item radio", "slider",
};

typedef struct {
  GVariant *reply;
  GError *error;
  gboolean done;
} Call;

static void
call_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Call *call = user_data;

  call->reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &call->error);
  call->done = TRUE;
}

static gboolean
call_finished (gpointer user_data)
{
  return ((Call *) user_data)->done;
}

/* A D-Bus call answered while the main loop runs: GTK answers AT-SPI on this thread. */
static GVariant *
call (GDBusConnection *bus,
      const char *name,
      const char *path,
      const char *interface,
      const char *method,
      GVariant *parameters,
      const GVariantType *reply_type)
{
  Call result = { NULL, NULL, FALSE };

  g_dbus_connection_call (bus, name, path, interface, method, parameters, reply_type,
                          G_DBUS_CALL_FLAGS_NONE, 10000, NULL, call_done, &result);
  ui_wait_until (call_finished, &result, 15000, method);
  if (result.error != NULL)
    g_error ("%s.%s on %s %s: %s", interface, method, name, path, result.error->message);
  return result.reply;
}

static char *
accessible_string (A11yWalk *walk, const char *name, const char *path, const char *property)
{
  g_autoptr (GVariant) reply =
    call (walk->bus, name, path, "org.freedesktop.DBus.Properties", "Get",
          g_variant_new ("(ss)", "org.a11y.atspi.Accessible", property), G_VARIANT_TYPE ("(v)"));
  g_autoptr (GVariant) value = NULL;

  g_variant_get (reply, "(v)", &value);
  return g_variant_dup_string (value, NULL);
}

static gboolean
has_state (GVariant *states, guint bit)
{
  g_autoptr (GVariant) words = g_variant_get_child_value (states, 0);
  gsize n = g_variant_n_children (words);
  guint32 word;

  if (bit / 32 >= n)
    return FALSE;
  g_variant_get_child (words, bit / 32, "u", &word);
  return (word & (1u << (bit % 32))) != 0;
}

static gboolean
has_size (A11yWalk *walk, const char *name, const char *path)
{
  g_autoptr (GVariant) extents =
    call (walk->bus, name, path, "org.a11y.atspi.Component", "GetExtents",
          g_variant_new ("(u)", 1 /* ATSPI_COORD_TYPE_WINDOW */), G_VARIANT_TYPE ("((iiii))"));
  int x, y, width, height;

  g_variant_get (extents, "((iiii))", &x, &y, &width, &height);
  return width > 0 && height > 0;
}

static gboolean
operable (const char *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (operable_roles); i++) {
    if (g_str_equal (role, operable_roles[i]))
      return TRUE;
  }
  return FALSE;
}

/* What is wrong with @accessible_name for a control, or NULL. */
static const char *
name_problem (const char *accessible_name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (accessible_name));
  gsize len = strlen (stripped);

  if (len == 0)
    return "no name";
  if (g_regex_match_simple ("^(Gtk|Adw|Pos|WebKit)[A-Z][A-Za-z]*$", stripped, 0, 0))
    return "a type name";
  if (g_regex_match_simple ("(^|\\s)_\\w", stripped, 0, 0))
    return "a mnemonic underscore";
  /* "Sign In Sign In": the same words twice. */
  if (len % 2 == 1 && stripped[len / 2] == ' ' &&
      strncmp (stripped, stripped + len / 2 + 1, len / 2) == 0)
    return "the label twice";
  return NULL;
}

static void
walk_object (A11yWalk *walk, const char *name, const char *path, guint depth)
{
  g_autoptr (GVariant) states = call (walk->bus, name, path, "org.a11y.atspi.Accessible",
                                      "GetState", NULL, G_VARIANT_TYPE ("(au)"));
  g_autoptr (GVariant) role_reply = NULL;
  g_autoptr (GVariant) children = NULL;
  g_autoptr (GVariantIter) iter = NULL;
  g_autofree char *accessible_name = NULL;
  const char *role;
  const char *child_name;
  const char *child_path;

  /* What is not on screen is not heard: a page of a stack that is not shown, a closed popover
   * (GTK 4.8 gives no "showing" state; such objects have no size). */
  if (depth > 0 && (!has_state (states, STATE_VISIBLE) || !has_size (walk, name, path)))
    return;
  g_assert_cmpuint (depth, <, 64);

  role_reply = call (walk->bus, name, path, "org.a11y.atspi.Accessible", "GetRoleName", NULL,
                     G_VARIANT_TYPE ("(s)"));
  g_variant_get (role_reply, "(&s)", &role);
  accessible_name = accessible_string (walk, name, path, "Name");
  if (operable (role)) {
    const char *problem = name_problem (accessible_name);

    walk->controls++;
    g_string_append_printf (walk->report, "%*s%s \"%s\"%s%s\n", (int) depth, "", role,
                            accessible_name, problem ? ": " : "", problem ? problem : "");
    if (problem != NULL)
      g_ptr_array_add (walk->problems,
                       g_strdup_printf ("%s \"%s\": %s", role, accessible_name, problem));
  }

  children = call (walk->bus, name, path, "org.a11y.atspi.Accessible", "GetChildren", NULL,
                   G_VARIANT_TYPE ("(a(so))"));
  g_variant_get (children, "(a(so))", &iter);
  while (g_variant_iter_loop (iter, "(&s&o)", &child_name, &child_path))
    walk_object (walk, child_name, child_path, depth + 1);
}

/* This process's application on the accessibility bus. */
static char *
find_application (GDBusConnection *bus)
{
  g_autoptr (GVariant) apps =
    call (bus, "org.a11y.atspi.Registry", "/org/a11y/atspi/accessible/root",
          "org.a11y.atspi.Accessible", "GetChildren", NULL, G_VARIANT_TYPE ("(a(so))"));
  g_autoptr (GVariantIter) iter = NULL;
  const char *name;
  const char *path;

  g_variant_get (apps, "(a(so))", &iter);
  while (g_variant_iter_loop (iter, "(&s&o)", &name, &path)) {
    g_autoptr (GVariant) pid =
      call (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
            "GetConnectionUnixProcessID", g_variant_new ("(s)", name), G_VARIANT_TYPE ("(u)"));
    guint32 value;

    g_variant_get (pid, "(u)", &value);
    if (value == (guint32) getpid ())
      return g_strdup (name);
  }
  return NULL;
}

static gboolean
application_found (gpointer user_data)
{
  A11yWalk *walk = user_data;

  g_free (walk->app_name);
  walk->app_name = find_application (walk->bus);
  return walk->app_name != NULL;
}

void
a11y_walk_open (A11yWalk *walk)
{
  g_autoptr (GDBusConnection) session = NULL;
  g_autoptr (GVariant) address = NULL;
  g_autoptr (GError) error = NULL;
  const char *text;

  session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  address = call (session, "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress", NULL,
                  G_VARIANT_TYPE ("(s)"));
  g_variant_get (address, "(&s)", &text);
  walk->bus = g_dbus_connection_new_for_address_sync (
    text,
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);
  ui_wait_until (application_found, walk, 15000, "this process on the accessibility bus");
}

void
a11y_walk_close (A11yWalk *walk)
{
  g_clear_object (&walk->bus);
  g_clear_pointer (&walk->app_name, g_free);
}

/* Walks everything the process shows now; adds a line for each control without a usable name
 * to @failures. */
void
a11y_walk_check_names (A11yWalk *walk, const char *page, GString *failures)
{
  walk->report = g_string_new (NULL);
  walk->problems = g_ptr_array_new_with_free_func (g_free);
  walk->controls = 0;
  walk_object (walk, walk->app_name, "/org/a11y/atspi/accessible/root", 0);
  g_test_message ("%s: %u controls\n%s", page, walk->controls, walk->report->str);
  for (guint i = 0; i < walk->problems->len; i++)
    g_string_append_printf (failures, "\n  %s: %s", page,
                            (char *) g_ptr_array_index (walk->problems, i));
  /* A walk that finds nothing is a broken walk. */
  g_assert_cmpuint (walk->controls, >, 3);
  g_string_free (walk->report, TRUE);
  g_ptr_array_unref (walk->problems);
}
