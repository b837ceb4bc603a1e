/* pos-station.c: the services one station runs with: settings, journal, roster, API client and,
 * on the sandbox, the in-process gateway emulator.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-station.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "paystar-sandbox-server.h"
#include "pos-journal-links.h"

/* The sandbox gateway's built-in API key: not a secret, it opens nothing but the local emulator. */
#define SANDBOX_API_KEY "sandbox-key"
/* In the sandbox's folder: the port it listened on last, so that its address (and with it every
 * payment link it gave out) survives a restart of the app. */
#define SANDBOX_PORT_FILE "port"

struct _PosStation {
  GObject parent_instance;

  PosSettings *settings;
  char *data_dir;

  GCancellable *cancellable;
  PosJournal *journal;
  PosRoster *roster;
  PaystarSandboxServer *sandbox;
  PaystarClient *client;
  char *client_problem;
  char *journal_notice;
  PosOfficeLink *office_link;
  char *office_problem;

  /* Bumped on every reconfiguration so that a key lookup that finishes late is dropped. */
  guint client_generation;
  guint ready : 1;
  guint is_sandbox : 1;
  guint configuring : 1;
};

G_DEFINE_FINAL_TYPE (PosStation, pos_station, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_DATA_DIR,
  PROP_READY,
  PROP_CLIENT,
  PROP_CLIENT_PROBLEM,
  PROP_IS_SANDBOX,
  PROP_JOURNAL_NOTICE,
  PROP_OFFICE_LINK,
  PROP_OFFICE_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_client (PosStation *self, PaystarClient *client, const char *problem)
{
  if (g_set_object (&self->client, client))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
  if (paystar_set_str (&self->client_problem, problem))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT_PROBLEM]);
}

static void
set_is_sandbox (PosStation *self, gboolean is_sandbox)
{
  is_sandbox = !!is_sandbox;
  if (self->is_sandbox != is_sandbox) {
    self->is_sandbox = is_sandbox;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_SANDBOX]);
  }
}

/* The port remembered in @state_dir, 0 when none (or not a port). */
static guint
read_sandbox_port (const char *state_dir)
{
  g_autofree char *path = g_build_filename (state_dir, SANDBOX_PORT_FILE, NULL);
  g_autofree char *text = NULL;
  guint64 port = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  if (!g_ascii_string_to_unsigned (g_strstrip (text), 10, 1, G_MAXUINT16, &port, NULL))
    return 0;
  return (guint) port;
}

static void
write_sandbox_port (const char *state_dir, guint port)
{
  g_autofree char *path = g_build_filename (state_dir, SANDBOX_PORT_FILE, NULL);
  g_autofree char *text = g_strdup_printf ("%u\n", port);
  g_autoptr (GError) error = NULL;

  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_warning ("Could not remember the sandbox's port: %s", error->message);
}

/* Listens on the port the sandbox had last time, so that the links it gave out still open; when
 * that port is taken, on a free one, moving the journal's links of the old address there. */
static gboolean
sandbox_listen (PosStation *self,
                PaystarSandboxServer *sandbox,
                const char *state_dir,
                GError **error)
{
  guint remembered = read_sandbox_port (state_dir);
  guint port;

  if (remembered != 0) {
    g_autoptr (GError) listen_error = NULL;

    if (paystar_sandbox_server_listen (sandbox, "127.0.0.1", remembered, &listen_error))
      return TRUE;
    g_message ("The sandbox cannot listen on its port %u again (%s); it moves to another one",
               remembered, listen_error->message);
  }
  if (!paystar_sandbox_server_listen (sandbox, "127.0.0.1", 0, error))
    return FALSE;

  port = paystar_sandbox_server_get_port (sandbox);
  write_sandbox_port (state_dir, port);
  if (remembered != 0 && self->journal != NULL) {
    g_autofree char *old_origin = g_strdup_printf ("http://127.0.0.1:%u", remembered);
    g_autoptr (GError) rewrite_error = NULL;

    /* The sessions live on in the sandbox's database; only their address changed. */
    if (!pos_journal_rewrite_session_links (
          self->journal, old_origin, paystar_sandbox_server_get_base_uri (sandbox), &rewrite_error))
      g_warning ("Could not move the sandbox's payment links to its new address: %s",
                 rewrite_error->message);
  }
  return TRUE;
}

static gboolean
ensure_sandbox (PosStation *self, GError **error)
{
  g_autoptr (PaystarSandboxServer) sandbox = NULL;
  g_autofree char *state_dir = NULL;

  if (self->sandbox != NULL)
    return TRUE;

  state_dir = g_build_filename (self->data_dir, "sandbox", NULL);
  if (g_mkdir_with_parents (state_dir, 0700) != 0) {
    int saved_errno = errno;

    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 /* Translators: %s is a folder, the second %s the system's reason */
                 _ ("Could not create the folder “%s”: %s"), state_dir, g_strerror (saved_errno));
    return FALSE;
  }

  sandbox = paystar_sandbox_server_new ();
  if (!paystar_sandbox_server_set_data_dir (sandbox, state_dir, error))
    return FALSE;
  if (!sandbox_listen (self, sandbox, state_dir, error))
    return FALSE;

  self->sandbox = g_steal_pointer (&sandbox);
  return TRUE;
}

typedef struct {
  PosStation *station;
  guint generation;
} KeyLookup;

static void
on_api_key_looked_up (GObject *object, GAsyncResult *result, gpointer user_data)
{
  KeyLookup *lookup = user_data;
  g_autoptr (PosStation) self = lookup->station;
  guint generation = lookup->generation;
  g_autoptr (GError) error = NULL;
  g_autoptr (PaystarClient) client = NULL;
  char *api_key;

  g_free (lookup);
  g_assert (POS_IS_STATION (self));

  api_key = pos_api_key_lookup_finish (result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      generation != self->client_generation) {
    paystar_secret_free (api_key);
    return;
  }

  if (api_key == NULL) {
    if (g_error_matches (error, POS_ERROR, POS_ERROR_API_KEY_MISSING))
      set_client (self, NULL,
                  _ ("This station has no Paystar API key. Ask an administrator to enter it in "
                     "Preferences."));
    else
      set_client (self, NULL, error->message);
    return;
  }

  client = paystar_client_new (pos_settings_get_api_base_uri (self->settings), api_key);
  paystar_secret_free (api_key);
  paystar_client_set_query_paths (client, pos_settings_get_query_session_path (self->settings),
                                  pos_settings_get_query_reference_path (self->settings));
  set_client (self, client, NULL);
}

/* On a real gateway the Query API paths are the settings' (empty: off), followed as they change;
 * the built-in sandbox always answers at its own. */
static void
on_query_paths_changed (PosStation *self)
{
  g_assert (POS_IS_STATION (self));

  if (self->client != NULL && !self->is_sandbox)
    paystar_client_set_query_paths (self->client,
                                    pos_settings_get_query_session_path (self->settings),
                                    pos_settings_get_query_reference_path (self->settings));
}

static void
configure_client (PosStation *self)
{
  g_autoptr (GError) error = NULL;
  PosEnvironment environment;
  const char *base_uri;

  /* Setting sandbox-origin below notifies api-base-uri, which brings us back here. */
  if (self->configuring)
    return;
  self->configuring = TRUE;
  self->client_generation++;

  environment = pos_settings_get_environment (self->settings);
  set_is_sandbox (self, environment == POS_ENVIRONMENT_SANDBOX);

  if (environment == POS_ENVIRONMENT_SANDBOX) {
    if (ensure_sandbox (self, &error)) {
      g_autoptr (PaystarClient) client = NULL;
      const char *origin = paystar_sandbox_server_get_base_uri (self->sandbox);

      pos_settings_set_sandbox_origin (self->settings, origin);
      client = paystar_client_new (origin, SANDBOX_API_KEY);
      paystar_client_set_query_paths (client, PAYSTAR_SANDBOX_QUERY_SESSION_PATH,
                                      PAYSTAR_SANDBOX_QUERY_REFERENCE_PATH);
      set_client (self, client, NULL);
    } else {
      g_autofree char *message = NULL;

      g_warning ("The sandbox gateway did not start: %s", error->message);
      /* Translators: %s says why, e.g. "Address already in use" */
      message = g_strdup_printf (_ ("The built-in sandbox could not start (%s). Restart the app; "
                                    "if it keeps happening, tell an administrator."),
                                 error->message);
      set_client (self, NULL, message);
    }
    self->configuring = FALSE;
    return;
  }

  /* A real gateway: the emulator is not needed any more. */
  if (self->sandbox != NULL)
    paystar_sandbox_server_shutdown (self->sandbox);
  g_clear_object (&self->sandbox);
  pos_settings_set_sandbox_origin (self->settings, NULL);

  base_uri = pos_settings_get_api_base_uri (self->settings);
  if (base_uri == NULL || *base_uri == '\0') {
    set_client (self, NULL,
                _ ("The Paystar API address is not set. Ask an administrator to enter it in "
                   "Preferences."));
  } else {
    KeyLookup *lookup = g_new0 (KeyLookup, 1);

    lookup->station = g_object_ref (self);
    lookup->generation = self->client_generation;
    set_client (self, NULL, _ ("Looking up the Paystar API key…"));
    pos_api_key_lookup_async (environment, pos_settings_get_api_key_file (self->settings),
                              self->cancellable, on_api_key_looked_up, lookup);
  }
  self->configuring = FALSE;
}

static void
on_settings_changed (PosStation *self)
{
  g_assert (POS_IS_STATION (self));

  if (self->ready)
    configure_client (self);
}

static void
open_journal_thread (GTask *task,
                     gpointer source_object,
                     gpointer task_data,
                     GCancellable *cancellable)
{
  const char *path = task_data;
  GError *error = NULL;
  PosJournal *journal;

  journal = pos_journal_open (path, &error);
  if (journal == NULL) {
    g_task_return_error (task, error);
    return;
  }
  /* Nothing of this run is in flight yet: a sale still "submitting" was left by an earlier one,
   * and every list (History, the recovery page) must show it as "outcome unknown". */
  if (!pos_checkout_recover_interrupted (journal, &error)) {
    g_warning ("Could not mark the sales an earlier run left unanswered: %s", error->message);
    g_clear_error (&error);
  }
  g_task_return_pointer (task, journal, g_object_unref);
}

/* Where the damaged journal went, what of it was salvaged into the new one, and what to do. */
static char *
journal_notice_text (const char *moved_aside, const PosJournalSalvage *salvage)
{
  g_autofree char *where = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *recovered = NULL;
  g_autofree char *lost = NULL;
  g_autofree char *recovered_text = NULL;
  g_autofree char *lost_text = NULL;
  gulong n_recovered = (gulong) MIN (salvage->recovered, G_MAXULONG);
  gulong n_lost = (gulong) MIN (salvage->lost, G_MAXULONG);

  /* Translators: %s is the path of the damaged file */
  where = g_strdup_printf (_ ("The station's journal was damaged and has been moved aside to "
                              "“%s”."),
                           moved_aside);
  if (salvage->recovered == 0 && salvage->lost == 0) {
    counts = g_strdup (_ ("Nothing could be recovered from it, and a new, empty journal was "
                          "started."));
  } else {
    recovered = g_strdup_printf ("%lu", n_recovered);
    lost = g_strdup_printf ("%lu", n_lost);
    /* Translators: %s is a number of records (agents, sales, drafts) */
    recovered_text =
      g_strdup_printf (ngettext ("%s record was recovered into a new journal",
                                 "%s records were recovered into a new journal", n_recovered),
                       recovered);
    if (salvage->lost_unknown)
      /* Translators: %s is a number of records */
      lost_text = g_strdup_printf (ngettext ("at least %s record could not be read",
                                             "at least %s records could not be read", n_lost),
                                   lost);
    else if (salvage->lost > 0)
      /* Translators: %s is a number of records */
      lost_text = g_strdup_printf (
        ngettext ("%s record could not be read", "%s records could not be read", n_lost), lost);
    else
      lost_text = g_strdup (_ ("nothing was lost"));
    /* Translators: "12 records were recovered into a new journal" and "3 records could not be
     * read", joined into one sentence */
    counts = g_strdup_printf (_ ("%s; %s."), recovered_text, lost_text);
  }
  return g_strdup_printf ("%s %s %s", where, counts,
                          _ ("Tell an administrator, and check with Paystar any sale whose "
                             "outcome is not known. Keep the damaged file: it can help "
                             "support."));
}

/* Joins the office database the settings name (or leaves it when the setting is empty). The link
 * works in its own thread: nothing here waits for the office. */
static void
configure_office (PosStation *self)
{
  PosSettings *settings = self->settings;
  const char *conninfo = pos_settings_get_office_database (settings);
  g_autoptr (GError) error = NULL;
  g_autoptr (PosOfficeLink) link = NULL;
  gboolean had_link = self->office_link != NULL;

  if (self->office_link != NULL)
    pos_office_link_stop (self->office_link);
  g_clear_object (&self->office_link);

  if (conninfo != NULL && *conninfo != '\0') {
    link = pos_office_link_new (self->journal, self->roster, conninfo,
                                pos_settings_ensure_station_id (settings),
                                pos_settings_get_station_name (settings));
    pos_office_link_set_settings (link, settings);
    if (pos_office_link_start (link, &error))
      self->office_link = g_steal_pointer (&link);
  } else if (!pos_journal_set_outbox_enabled (self->journal, FALSE, &error)) {
    g_warning ("Could not leave the office: %s", error->message);
    g_clear_error (&error);
  }

  if (g_strcmp0 (self->office_problem, error != NULL ? error->message : NULL) != 0) {
    g_free (self->office_problem);
    self->office_problem = error != NULL ? g_strdup (error->message) : NULL;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFICE_PROBLEM]);
  }
  if (had_link || self->office_link != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFICE_LINK]);
}

static void
on_office_setting_changed (PosStation *self)
{
  if (self->ready)
    configure_office (self);
}

static void
on_journal_opened (GObject *object, GAsyncResult *result, gpointer user_data)
{
  PosStation *self = POS_STATION (object);
  g_autoptr (GTask) task = user_data;
  g_autoptr (PosJournal) journal = NULL;
  g_autoptr (PosRoster) roster = NULL;
  g_autoptr (GError) error = NULL;
  const char *moved_aside;

  journal = g_task_propagate_pointer (G_TASK (result), &error);
  if (journal == NULL) {
    g_task_return_error (task, g_steal_pointer (&error));
    return;
  }

  roster = pos_roster_new (journal, &error);
  if (roster == NULL) {
    g_task_return_error (task, g_steal_pointer (&error));
    return;
  }

  self->journal = g_steal_pointer (&journal);
  self->roster = g_steal_pointer (&roster);

  moved_aside = pos_journal_get_moved_aside_path (self->journal);
  if (moved_aside != NULL) {
    g_free (self->journal_notice);
    self->journal_notice =
      journal_notice_text (moved_aside, pos_journal_get_salvage (self->journal));
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOURNAL_NOTICE]);
  }

  configure_client (self);

  /* The demo agents only ever exist on the sandbox: their PINs are printed in the docs. */
  if (self->is_sandbox && !pos_roster_seed_demo (self->roster, &error) && error != NULL)
    g_warning ("Could not add the demo agents: %s", error->message);
  configure_office (self);

  self->ready = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
  g_task_return_boolean (task, TRUE);
}

void
pos_station_start_async (PosStation *self,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GTask) open_task = NULL;

  g_return_if_fail (POS_IS_STATION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pos_station_start_async);

  if (self->ready || self->journal != NULL) {
    g_task_return_boolean (task, TRUE);
    return;
  }

  open_task = g_task_new (self, cancellable, on_journal_opened, g_steal_pointer (&task));
  g_task_set_source_tag (open_task, open_journal_thread);
  g_task_set_task_data (open_task, g_build_filename (self->data_dir, "journal.sqlite", NULL),
                        g_free);
  g_task_run_in_thread (open_task, open_journal_thread);
}

gboolean
pos_station_start_finish (PosStation *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (POS_IS_STATION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
pos_station_constructed (GObject *object)
{
  PosStation *self = POS_STATION (object);

  G_OBJECT_CLASS (pos_station_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = pos_settings_new ();
  if (self->data_dir == NULL)
    self->data_dir = g_build_filename (g_get_user_data_dir (), "paystar-pos", NULL);

  g_signal_connect_object (self->settings, "notify::office-database",
                           G_CALLBACK (on_office_setting_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::station-name",
                           G_CALLBACK (on_office_setting_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::environment", G_CALLBACK (on_settings_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::api-base-uri", G_CALLBACK (on_settings_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::api-key-file", G_CALLBACK (on_settings_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::query-session-path",
                           G_CALLBACK (on_query_paths_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::query-reference-path",
                           G_CALLBACK (on_query_paths_changed), self, G_CONNECT_SWAPPED);

  set_is_sandbox (self, pos_settings_get_environment (self->settings) == POS_ENVIRONMENT_SANDBOX);
}

static void
pos_station_dispose (GObject *object)
{
  PosStation *self = POS_STATION (object);

  g_cancellable_cancel (self->cancellable);
  if (self->office_link != NULL)
    pos_office_link_stop (self->office_link);
  g_clear_object (&self->office_link);
  g_clear_object (&self->client);
  if (self->sandbox != NULL)
    paystar_sandbox_server_shutdown (self->sandbox);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->roster);
  g_clear_object (&self->journal);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pos_station_parent_class)->dispose (object);
}

static void
pos_station_finalize (GObject *object)
{
  PosStation *self = POS_STATION (object);

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->client_problem, g_free);
  g_clear_pointer (&self->journal_notice, g_free);

  G_OBJECT_CLASS (pos_station_parent_class)->finalize (object);
}

static void
pos_station_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosStation *self = POS_STATION (object);

  switch (prop_id) {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_CLIENT_PROBLEM:
      g_value_set_string (value, self->client_problem);
      break;
    case PROP_IS_SANDBOX:
      g_value_set_boolean (value, self->is_sandbox);
      break;
    case PROP_OFFICE_LINK:
      g_value_set_object (value, self->office_link);
      break;
    case PROP_OFFICE_PROBLEM:
      g_value_set_string (value, self->office_problem);
      break;
    case PROP_JOURNAL_NOTICE:
      g_value_set_string (value, self->journal_notice);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_station_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  PosStation *self = POS_STATION (object);

  switch (prop_id) {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_DATA_DIR:
      self->data_dir = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_station_class_init (PosStationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = pos_station_constructed;
  object_class->dispose = pos_station_dispose;
  object_class->finalize = pos_station_finalize;
  object_class->get_property = pos_station_get_property;
  object_class->set_property = pos_station_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, POS_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, PAYSTAR_TYPE_CLIENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CLIENT_PROBLEM] =
    g_param_spec_string ("client-problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_IS_SANDBOX] =
    g_param_spec_boolean ("is-sandbox", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_JOURNAL_NOTICE] =
    g_param_spec_string ("journal-notice", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_OFFICE_LINK] =
    g_param_spec_object ("office-link", NULL, NULL, POS_TYPE_OFFICE_LINK,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_OFFICE_PROBLEM] =
    g_param_spec_string ("office-problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pos_station_init (PosStation *self)
{
  self->cancellable = g_cancellable_new ();
}

PosStation *
pos_station_new (PosSettings *settings, const char *data_dir)
{
  g_return_val_if_fail (!settings || POS_IS_SETTINGS (settings), NULL);

  return g_object_new (POS_TYPE_STATION, "settings", settings, "data-dir", data_dir, NULL);
}

PosSettings *
pos_station_get_settings (PosStation *self)
{
  g_return_val_if_fail (POS_IS_STATION (self), NULL);

  return self->settings;
}

const char *
pos_station_get_data_dir (PosStation *self)
{
  g_return_val_if_fail (POS_IS_STATION (self), NULL);

  return self->data_dir;
}

gboolean
pos_station_get_ready (PosStation *self)
{
  g_return_val_if_fail (POS_IS_STATION (self), FALSE);

  return self->ready;
}

PosJournal *
pos_station_get_journal (PosStation *self)
{
  g_return_val_if_fail (POS_IS_STATION (self), NULL);

  return self->journal;
}

PosRoster *
pos_station_get_roster (PosStation *self)
{
  g_return_val_if_fail (POS_IS_STATION (self), NULL);

  return self->roster;
}

PaystarClient *
pos_station_get_client (PosStation *self)
{
  g_return_val_if_fail (POS_IS_STATION (self), NULL);

  return self->client;
}

const char *
pos_station_get_client_problem (PosStation *self)
{
  g_return_val_if_fail (POS_IS_STATION (self), NULL);

  return self->client_problem;
}

gboolean
pos_station_get_is_sandbox (PosStation *self)
{
  g_return_val_if_fail (POS_IS_STATION (self), FALSE);

  return self->is_sandbox;
}

PosOfficeLink *
pos_station_get_office_link (PosStation *self)
{
  g_return_val_if_fail (POS_IS_STATION (self), NULL);

  return self->office_link;
}

const char *
pos_station_get_office_problem (PosStation *self)
{
  g_return_val_if_fail (POS_IS_STATION (self), NULL);

  return self->office_problem;
}

const char *
pos_station_get_journal_notice (PosStation *self)
{
  g_return_val_if_fail (POS_IS_STATION (self), NULL);

  return self->journal_notice;
}

void
pos_station_reload_client (PosStation *self)
{
  g_return_if_fail (POS_IS_STATION (self));

  if (self->ready)
    configure_client (self);
}

void
pos_station_set_client (PosStation *self, PaystarClient *client)
{
  g_return_if_fail (POS_IS_STATION (self));
  g_return_if_fail (!client || PAYSTAR_IS_CLIENT (client));

  self->client_generation++;
  set_client (self, client, NULL);
}

/* Session lookups */

void
pos_session_lookup_free (PosSessionLookup *lookup)
{
  if (lookup == NULL)
    return;
  g_free (lookup->status_text);
  g_free (lookup->card_last4);
  g_free (lookup->reference_number);
  g_free (lookup->summary_json);
  g_free (lookup);
}

/* What the station may keep of the answer: the card holder's name stays out. */
static PosSessionLookup *
lookup_from_info (const PaystarSessionInfo *info)
{
  PosSessionLookup *lookup = g_new0 (PosSessionLookup, 1);

  lookup->status = info->status;
  lookup->status_text = g_strdup (info->status_text);
  lookup->card_last4 = g_strdup (info->account_number_last4);
  lookup->amount = -1;
  if (info->has_payment) {
    lookup->reference_number = g_strdup (info->reference_number);
    if (info->has_amount)
      lookup->amount = info->amount;
  }
  lookup->summary_json = paystar_session_info_to_json (info);
  return lookup;
}

static void
on_session_looked_up (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (PaystarSessionInfo) info = NULL;
  GError *error = NULL;

  info = paystar_client_lookup_session_finish (PAYSTAR_CLIENT (object), result, &error);
  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, lookup_from_info (info), (GDestroyNotify) pos_session_lookup_free);
}

void
pos_station_lookup_session_async (PosStation *self,
                                  const char *identifier,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (POS_IS_STATION (self));
  g_return_if_fail (identifier != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pos_station_lookup_session_async);

  if (self->client == NULL || *identifier == '\0') {
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             _ ("Paystar’s session lookup is not available to the station."));
    return;
  }
  paystar_client_lookup_session_async (self->client, identifier, cancellable, on_session_looked_up,
                                       g_steal_pointer (&task));
}

PosSessionLookup *
pos_station_lookup_session_finish (PosStation *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (POS_IS_STATION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
