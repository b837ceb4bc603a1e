/* pos-office-link.c: the background sender between a station's journal and its office database.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pos-journal-private.h"
#include "pos-office-db.h"
#include "pos-office-link.h"

/* The longest pause between two attempts while the office is unreachable. */
#define MAX_BACKOFF_MS 30000

/* What the worker thread and the object share; the thread holds a reference, so the object can
 * go while a batch is in flight. */
typedef struct {
  GMutex lock;
  GCond cond;
  gboolean stop;
  gboolean wake;
  char *journal_path;
  char *conninfo;
  char *station_id;
  char *station_name;
  GMainContext *context;
  GWeakRef link;
} Shared;

static void
shared_clear (Shared *shared)
{
  g_mutex_clear (&shared->lock);
  g_cond_clear (&shared->cond);
  g_free (shared->journal_path);
  g_free (shared->conninfo);
  g_free (shared->station_id);
  g_free (shared->station_name);
  g_main_context_unref (shared->context);
  g_weak_ref_clear (&shared->link);
}

static void
shared_unref (Shared *shared)
{
  g_atomic_rc_box_release_full (shared, (GDestroyNotify) shared_clear);
}

struct _PosOfficeLink {
  GObject parent_instance;

  PosJournal *journal;
  PosRoster *roster;
  PosSettings *settings;
  char *conninfo;
  char *station_id;
  char *station_name;
  Shared *shared;
  GThread *thread;

  PosOfficeLinkState state;
  gint64 waiting;
  gint64 unreachable_since;
  char *last_error;
  char *roster_problem;
};

G_DEFINE_FINAL_TYPE (PosOfficeLink, pos_office_link, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_WAITING,
  PROP_UNREACHABLE_SINCE,
  PROP_LAST_ERROR,
  PROP_ROSTER_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One report of the thread to the main context. */
typedef struct {
  Shared *shared;
  PosOfficeLinkState state;
  gint64 waiting;
  gint64 unreachable_since;
  char *last_error;
  GPtrArray *roster; /* PosRosterEntry*, or NULL: no new roster */
  GHashTable *lists; /* name to GStrv, or NULL: no new lists */
} Update;

static void
update_free (Update *update)
{
  shared_unref (update->shared);
  g_free (update->last_error);
  g_clear_pointer (&update->roster, g_ptr_array_unref);
  g_clear_pointer (&update->lists, g_hash_table_unref);
  g_free (update);
}

static void
set_string (PosOfficeLink *self, char **field, const char *value, GParamSpec *pspec)
{
  if (paystar_set_str (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static gboolean
apply_update (gpointer data)
{
  Update *update = data;
  g_autoptr (PosOfficeLink) self = g_weak_ref_get (&update->shared->link);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  g_object_freeze_notify (G_OBJECT (self));
  if (update->roster != NULL && self->roster != NULL) {
    g_autoptr (GError) error = NULL;

    pos_roster_replace (self->roster, update->roster, &error);
    set_string (self, &self->roster_problem, error != NULL ? error->message : NULL,
                properties[PROP_ROSTER_PROBLEM]);
  }
  if (update->lists != NULL && self->settings != NULL) {
    const char *const *charge_types = g_hash_table_lookup (update->lists, "charge-types");
    const char *const *payment_fields = g_hash_table_lookup (update->lists, "payment-fields");

    if (charge_types != NULL)
      pos_settings_set_charge_types (self->settings, charge_types);
    if (payment_fields != NULL)
      pos_settings_set_payment_fields (self->settings, payment_fields);
  }
  if (self->state != update->state) {
    self->state = update->state;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  }
  if (self->waiting != update->waiting) {
    self->waiting = update->waiting;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);
  }
  if (self->unreachable_since != update->unreachable_since) {
    self->unreachable_since = update->unreachable_since;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREACHABLE_SINCE]);
  }
  set_string (self, &self->last_error, update->last_error, properties[PROP_LAST_ERROR]);
  g_object_thaw_notify (G_OBJECT (self));
  return G_SOURCE_REMOVE;
}

/* The worker's view of what it last told the main context. */
typedef struct {
  PosOfficeLinkState state;
  gint64 waiting;
  gint64 unreachable_since;
  char *last_error;
} Told;

static void
tell (Shared *shared, Told *told, const Told *now, GPtrArray *roster, GHashTable *lists)
{
  Update *update;
  GSource *source;

  if (roster == NULL && lists == NULL && told->state == now->state &&
      told->waiting == now->waiting && told->unreachable_since == now->unreachable_since &&
      g_strcmp0 (told->last_error, now->last_error) == 0)
    return;
  told->state = now->state;
  told->waiting = now->waiting;
  told->unreachable_since = now->unreachable_since;
  g_free (told->last_error);
  told->last_error = g_strdup (now->last_error);

  update = g_new0 (Update, 1);
  update->shared = g_atomic_rc_box_acquire (shared);
  update->state = now->state;
  update->waiting = now->waiting;
  update->unreachable_since = now->unreachable_since;
  update->last_error = g_strdup (now->last_error);
  update->roster = roster;
  update->lists = lists;
  /* Always through a source, never g_main_context_invoke(): that runs the function right here,
   * in this worker thread, when the context is the global default one and nobody is iterating
   * it at that instant, and the roster and the properties belong to the main thread. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, apply_update, update, (GDestroyNotify) update_free);
  g_source_set_static_name (source, "[paystar] office link update");
  g_source_attach (source, shared->context);
  g_source_unref (source);
}

/* Waits @delay_ms or until woken (*@woken); TRUE when the link stops. */
static gboolean
wait_or_stop (Shared *shared, guint delay_ms, gboolean *woken)
{
  gint64 until = g_get_monotonic_time () + (gint64) delay_ms * 1000;
  gboolean stop;

  g_mutex_lock (&shared->lock);
  while (!shared->stop && !shared->wake) {
    if (!g_cond_wait_until (&shared->cond, &shared->lock, until))
      break;
  }
  *woken = shared->wake;
  shared->wake = FALSE;
  stop = shared->stop;
  g_mutex_unlock (&shared->lock);
  return stop;
}

static char *
lists_digest (GHashTable *lists)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *const names[] = { "charge-types", "payment-fields" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    const char *const *items = g_hash_table_lookup (lists, names[i]);

    g_checksum_update (checksum, (const guchar *) (items != NULL ? "[" : "-"), 1);
    for (guint j = 0; items != NULL && items[j] != NULL; j++) {
      g_checksum_update (checksum, (const guchar *) items[j], -1);
      g_checksum_update (checksum, (const guchar *) "\n", 1);
    }
  }
  return g_strdup (g_checksum_get_string (checksum));
}

static char *
roster_digest (GPtrArray *entries)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < entries->len; i++) {
    const PosRosterEntry *entry = g_ptr_array_index (entries, i);
    const char *flags = entry->active ? (entry->is_admin ? "aA" : "a-") : "--";

    g_checksum_update (checksum, (const guchar *) entry->email, -1);
    g_checksum_update (checksum, (const guchar *) "\n", 1);
    g_checksum_update (checksum, (const guchar *) entry->display_name, -1);
    g_checksum_update (checksum, (const guchar *) "\n", 1);
    g_checksum_update (checksum, (const guchar *) entry->pin_hash, -1);
    g_checksum_update (checksum, (const guchar *) flags, 2);
  }
  return g_strdup (g_checksum_get_string (checksum));
}

typedef struct {
  Shared *shared;
  PosJournal *journal;
  PGconn *conn;
  gint64 next_heartbeat;
  gint64 next_roster;
  char *roster_digest;
  char *lists_digest;
  gint64 waiting;
} Worker;

/* One round: deliver a batch (or a heartbeat), read the roster when it is time. Returns the
 * new roster to apply (or NULL) through @out_roster. */
static gboolean
round_trip (Worker *worker, GPtrArray **out_roster, GHashTable **out_lists, GError **error)
{
  const PosOfficeStation station = {
    worker->shared->station_id,
    worker->shared->station_name,
    PACKAGE_VERSION,
  };
  g_autoptr (GPtrArray) records = NULL;
  gint64 now, count;

  if (worker->journal == NULL) {
    worker->journal = pos_journal_open_existing (worker->shared->journal_path, error);
    if (worker->journal == NULL)
      return FALSE;
  }
  if (worker->conn == NULL) {
    worker->conn = pos_office_connect (worker->shared->conninfo, "paystar-pos", error);
    if (worker->conn == NULL)
      return FALSE;
    if (!pos_office_check_schema (worker->conn, error))
      return FALSE;
    worker->next_heartbeat = 0;
    worker->next_roster = 0;
  }

  records = pos_journal_outbox_peek (worker->journal, POS_OFFICE_BATCH, error);
  count = records != NULL ? pos_journal_outbox_count (worker->journal, error) : -1;
  if (count < 0)
    return FALSE;
  now = g_get_monotonic_time ();
  if (records->len > 0 || now >= worker->next_heartbeat) {
    const PosOutboxRecord *last =
      records->len > 0 ? g_ptr_array_index (records, records->len - 1) : NULL;

    if (!pos_office_deliver (worker->conn, &station, records, count - records->len, error))
      return FALSE;
    /* Committed at the office: a crash before this removal delivers them again, which changes
     * nothing there. */
    if (last != NULL && !pos_journal_outbox_remove_through (worker->journal, last->seq, error))
      return FALSE;
    worker->next_heartbeat = now + POS_OFFICE_HEARTBEAT_SECONDS * G_USEC_PER_SEC;
  }
  worker->waiting = count - records->len;

  if (now >= worker->next_roster) {
    g_autoptr (GPtrArray) entries = pos_office_fetch_roster (worker->conn, error);
    g_autoptr (GHashTable) lists = NULL;
    g_autofree char *digest = NULL;
    g_autofree char *digest_of_lists = NULL;

    if (entries == NULL)
      return FALSE;
    digest = roster_digest (entries);
    if (g_strcmp0 (digest, worker->roster_digest) != 0) {
      g_free (worker->roster_digest);
      worker->roster_digest = g_steal_pointer (&digest);
      *out_roster = g_steal_pointer (&entries);
    }
    lists = pos_office_fetch_lists (worker->conn, error);
    if (lists == NULL)
      return FALSE;
    digest_of_lists = lists_digest (lists);
    if (g_strcmp0 (digest_of_lists, worker->lists_digest) != 0) {
      g_free (worker->lists_digest);
      worker->lists_digest = g_steal_pointer (&digest_of_lists);
      *out_lists = g_steal_pointer (&lists);
    }
    worker->next_roster = now + POS_OFFICE_ROSTER_SECONDS * G_USEC_PER_SEC;
  }
  return TRUE;
}

static gpointer
worker_main (gpointer data)
{
  Worker worker = { data, NULL, NULL, 0, 0, NULL, NULL, 0 };
  Told told = { POS_OFFICE_LINK_CONNECTING, 0, 0, NULL };
  gint64 failing_since = 0;
  guint backoff_ms = 0;
  guint delay_ms = 0;
  gboolean woken = FALSE;

  while (!wait_or_stop (worker.shared, delay_ms, &woken)) {
    g_autoptr (GError) error = NULL;
    GPtrArray *roster = NULL;
    GHashTable *lists = NULL;
    Told now = { 0 };

    /* Woken on purpose (an administrator's change, a test): the roster too, now. */
    if (woken)
      worker.next_roster = 0;
    if (round_trip (&worker, &roster, &lists, &error)) {
      failing_since = 0;
      backoff_ms = 0;
      now.state = worker.waiting > 0 ? POS_OFFICE_LINK_SENDING : POS_OFFICE_LINK_IN_STEP;
      now.waiting = worker.waiting;
      delay_ms = worker.waiting > 0 ? 0 : POS_OFFICE_POLL_MS;
    } else {
      /* Start again from a new connection: a broken one, or one in an aborted transaction. */
      g_clear_pointer (&worker.conn, PQfinish);
      if (failing_since == 0)
        failing_since = g_get_real_time ();
      backoff_ms = CLAMP (backoff_ms * 2, POS_OFFICE_POLL_MS, MAX_BACKOFF_MS);
      delay_ms = backoff_ms;
      now.state = POS_OFFICE_LINK_UNREACHABLE;
      now.waiting =
        worker.journal != NULL ? pos_journal_outbox_count (worker.journal, NULL) : worker.waiting;
      now.unreachable_since = failing_since;
      now.last_error = error->message;
    }
    tell (worker.shared, &told, &now, roster, lists);
  }

  g_clear_pointer (&worker.conn, PQfinish);
  g_clear_object (&worker.journal);
  g_free (worker.roster_digest);
  g_free (worker.lists_digest);
  g_free (told.last_error);
  shared_unref (worker.shared);
  return NULL;
}

void
pos_office_link_stop (PosOfficeLink *self)
{
  g_return_if_fail (POS_IS_OFFICE_LINK (self));

  if (self->thread == NULL)
    return;
  g_mutex_lock (&self->shared->lock);
  self->shared->stop = TRUE;
  g_cond_broadcast (&self->shared->cond);
  g_mutex_unlock (&self->shared->lock);
  g_thread_join (g_steal_pointer (&self->thread));
}

void
pos_office_link_wake (PosOfficeLink *self)
{
  g_return_if_fail (POS_IS_OFFICE_LINK (self));

  g_mutex_lock (&self->shared->lock);
  self->shared->wake = TRUE;
  g_cond_broadcast (&self->shared->cond);
  g_mutex_unlock (&self->shared->lock);
}

gboolean
pos_office_link_start (PosOfficeLink *self, GError **error)
{
  g_return_val_if_fail (POS_IS_OFFICE_LINK (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pos_office_check_conninfo (self->conninfo, error))
    return FALSE;
  if (self->station_id == NULL || *self->station_id == '\0') {
    g_set_error_literal (error, POS_OFFICE_ERROR, POS_OFFICE_ERROR_INVALID,
                         _ ("The station has no identifier."));
    return FALSE;
  }
  if (!pos_journal_set_outbox_enabled (self->journal, TRUE, error))
    return FALSE;
  self->thread = g_thread_new ("office-link", worker_main, g_atomic_rc_box_acquire (self->shared));
  return TRUE;
}

static void
pos_office_link_dispose (GObject *object)
{
  PosOfficeLink *self = POS_OFFICE_LINK (object);

  pos_office_link_stop (self);
  g_clear_object (&self->journal);
  g_clear_object (&self->roster);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (pos_office_link_parent_class)->dispose (object);
}

static void
pos_office_link_finalize (GObject *object)
{
  PosOfficeLink *self = POS_OFFICE_LINK (object);

  g_clear_pointer (&self->shared, shared_unref);
  g_free (self->conninfo);
  g_free (self->station_id);
  g_free (self->station_name);
  g_free (self->last_error);
  g_free (self->roster_problem);
  G_OBJECT_CLASS (pos_office_link_parent_class)->finalize (object);
}

static void
pos_office_link_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosOfficeLink *self = POS_OFFICE_LINK (object);

  switch (prop_id) {
    case PROP_STATE:
      g_value_set_uint (value, self->state);
      break;
    case PROP_WAITING:
      g_value_set_int64 (value, self->waiting);
      break;
    case PROP_UNREACHABLE_SINCE:
      g_value_set_int64 (value, self->unreachable_since);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_ROSTER_PROBLEM:
      g_value_set_string (value, self->roster_problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_office_link_class_init (PosOfficeLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = pos_office_link_dispose;
  object_class->finalize = pos_office_link_finalize;
  object_class->get_property = pos_office_link_get_property;

  properties[PROP_STATE] = g_param_spec_uint ("state", NULL, NULL, 0, POS_OFFICE_LINK_UNREACHABLE,
                                              POS_OFFICE_LINK_CONNECTING, flags);
  properties[PROP_WAITING] = g_param_spec_int64 ("waiting", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UNREACHABLE_SINCE] =
    g_param_spec_int64 ("unreachable-since", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, flags);
  properties[PROP_ROSTER_PROBLEM] = g_param_spec_string ("roster-problem", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pos_office_link_init (PosOfficeLink *self)
{
}

PosOfficeLink *
pos_office_link_new (PosJournal *journal,
                     PosRoster *roster,
                     const char *conninfo,
                     const char *station_id,
                     const char *station_name)
{
  PosOfficeLink *self;

  g_return_val_if_fail (POS_IS_JOURNAL (journal), NULL);
  g_return_val_if_fail (roster == NULL || POS_IS_ROSTER (roster), NULL);
  g_return_val_if_fail (conninfo != NULL, NULL);

  self = g_object_new (POS_TYPE_OFFICE_LINK, NULL);
  self->journal = g_object_ref (journal);
  self->roster = roster != NULL ? g_object_ref (roster) : NULL;
  self->conninfo = g_strdup (conninfo);
  self->station_id = g_strdup (station_id);
  self->station_name = g_strdup (station_name != NULL ? station_name : "");

  self->shared = g_atomic_rc_box_new0 (Shared);
  g_mutex_init (&self->shared->lock);
  g_cond_init (&self->shared->cond);
  self->shared->journal_path = g_strdup (pos_journal_get_path (journal));
  self->shared->conninfo = g_strdup (conninfo);
  self->shared->station_id = g_strdup (station_id);
  self->shared->station_name = g_strdup (self->station_name);
  self->shared->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&self->shared->link, self);
  return self;
}

void
pos_office_link_set_settings (PosOfficeLink *self, PosSettings *settings)
{
  g_return_if_fail (POS_IS_OFFICE_LINK (self));
  g_return_if_fail (settings == NULL || POS_IS_SETTINGS (settings));

  g_set_object (&self->settings, settings);
}

PosOfficeLinkState
pos_office_link_get_state (PosOfficeLink *self)
{
  g_return_val_if_fail (POS_IS_OFFICE_LINK (self), POS_OFFICE_LINK_CONNECTING);
  return self->state;
}

gint64
pos_office_link_get_waiting (PosOfficeLink *self)
{
  g_return_val_if_fail (POS_IS_OFFICE_LINK (self), 0);
  return self->waiting;
}

gint64
pos_office_link_get_unreachable_since (PosOfficeLink *self)
{
  g_return_val_if_fail (POS_IS_OFFICE_LINK (self), 0);
  return self->unreachable_since;
}

const char *
pos_office_link_get_last_error (PosOfficeLink *self)
{
  g_return_val_if_fail (POS_IS_OFFICE_LINK (self), NULL);
  return self->last_error;
}

const char *
pos_office_link_get_roster_problem (PosOfficeLink *self)
{
  g_return_val_if_fail (POS_IS_OFFICE_LINK (self), NULL);
  return self->roster_problem;
}
