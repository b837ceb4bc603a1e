/* pos-roster.c: the station's agents, their PINs (as libxcrypt hashes only) and sign-in lockout.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <crypt.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "paystar.h"
#include "pos-agent-private.h"
#include "pos-journal-private.h"
#include "pos-roster-private.h"

struct _PosRoster {
  GObject parent_instance;

  PosJournal *journal;
  GPtrArray *agents; /* PosAgent*, sorted by display name */
  PosClockFunc clock;
  gpointer clock_data;
};

static void pos_roster_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PosRoster,
                               pos_roster,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      pos_roster_list_model_init))

enum { PROP_0, PROP_JOURNAL, N_PROPS };

static GParamSpec *properties[N_PROPS];

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static GType
pos_roster_get_item_type (GListModel *model)
{
  return POS_TYPE_AGENT;
}

static guint
pos_roster_get_n_items (GListModel *model)
{
  return POS_ROSTER (model)->agents->len;
}

static gpointer
pos_roster_get_item (GListModel *model, guint position)
{
  PosRoster *self = POS_ROSTER (model);

  if (position >= self->agents->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->agents, position));
}

static void
pos_roster_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pos_roster_get_item_type;
  iface->get_n_items = pos_roster_get_n_items;
  iface->get_item = pos_roster_get_item;
}

static void
pos_roster_dispose (GObject *object)
{
  PosRoster *self = POS_ROSTER (object);

  g_clear_object (&self->journal);
  g_clear_pointer (&self->agents, g_ptr_array_unref);

  G_OBJECT_CLASS (pos_roster_parent_class)->dispose (object);
}

static void
pos_roster_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PosRoster *self = POS_ROSTER (object);

  switch (prop_id) {
    case PROP_JOURNAL:
      g_value_set_object (value, self->journal);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_roster_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  PosRoster *self = POS_ROSTER (object);

  switch (prop_id) {
    case PROP_JOURNAL:
      self->journal = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pos_roster_class_init (PosRosterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pos_roster_dispose;
  object_class->get_property = pos_roster_get_property;
  object_class->set_property = pos_roster_set_property;

  properties[PROP_JOURNAL] =
    g_param_spec_object ("journal", NULL, NULL, POS_TYPE_JOURNAL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pos_roster_init (PosRoster *self)
{
  self->agents = g_ptr_array_new_with_free_func (g_object_unref);
}

/* PINs. */

gboolean
pos_pin_is_valid (const char *pin)
{
  gsize n = 0;

  if (pin == NULL)
    return FALSE;
  for (; pin[n] != '\0'; n++) {
    if (!g_ascii_isdigit (pin[n]))
      return FALSE;
  }
  return n >= POS_PIN_MIN_DIGITS && n <= POS_PIN_MAX_DIGITS;
}

static gboolean
invalid_pin_error (GError **error)
{
  g_set_error (error, POS_ERROR, POS_ERROR_INVALID_PIN, _ ("A PIN is %d to %d digits."),
               POS_PIN_MIN_DIGITS, POS_PIN_MAX_DIGITS);
  return FALSE;
}

/* crypt_ra's work area holds the passphrase's derived state: wipe it before freeing. */
static void
free_crypt_data (void *data, int size)
{
  if (data == NULL)
    return;
  explicit_bzero (data, (size_t) size);
  free (data);
}

char *
pos_pin_hash_with_prefix (const char *pin, const char *prefix, GError **error)
{
  char *setting;
  void *data = NULL;
  int size = 0;
  const char *hash;
  char *result = NULL;

  g_return_val_if_fail (prefix != NULL, NULL);

  if (!pos_pin_is_valid (pin)) {
    invalid_pin_error (error);
    return NULL;
  }

  /* Count 0 is the method's default cost; NULL random bytes let libxcrypt draw them itself
   * (CRYPT_GENSALT_IMPLEMENTS_AUTO_ENTROPY). */
  setting = crypt_gensalt_ra (prefix, 0, NULL, 0);
  if (setting != NULL) {
    hash = crypt_ra (pin, setting, &data, &size);
    /* libxcrypt reports failure as NULL or a string starting with '*'. */
    if (hash != NULL && hash[0] != '*' && g_str_has_prefix (hash, prefix))
      result = g_strdup (hash);
  }
  free_crypt_data (data, size);
  free (setting);

  if (result == NULL)
    g_set_error (error, POS_ERROR, POS_ERROR_HASH, _ ("This system cannot hash PINs with “%s”."),
                 prefix);
  return result;
}

char *
pos_pin_hash (const char *pin, GError **error)
{
  char *hash;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pos_pin_is_valid (pin)) {
    invalid_pin_error (error);
    return NULL;
  }
  /* yescrypt where libxcrypt has it (Debian's does), sha512-crypt elsewhere. */
  hash = pos_pin_hash_with_prefix (pin, "$y$", NULL);
  if (hash == NULL)
    hash = pos_pin_hash_with_prefix (pin, "$6$", error);
  return hash;
}

static gboolean
constant_time_equal (const char *a, const char *b)
{
  gsize len_a = strlen (a);
  gsize len_b = strlen (b);
  volatile guchar diff = 0;

  /* The length of a hash depends only on its method, which is not secret. */
  if (len_a != len_b)
    return FALSE;
  for (gsize i = 0; i < len_a; i++)
    diff |= (guchar) a[i] ^ (guchar) b[i];
  return diff == 0;
}

gboolean
pos_pin_verify (const char *pin, const char *hash)
{
  void *data = NULL;
  int size = 0;
  const char *computed;
  gboolean ok = FALSE;

  if (pin == NULL || hash == NULL || *hash == '\0' || *hash == '*')
    return FALSE;
  if (!pos_pin_is_valid (pin))
    return FALSE;

  computed = crypt_ra (pin, hash, &data, &size);
  if (computed != NULL && computed[0] != '*')
    ok = constant_time_equal (computed, hash);
  free_crypt_data (data, size);
  return ok;
}

/* A hash to verify against when the email is unknown, so that an unknown email takes as long
 * as a wrong PIN. */
static const char *
dummy_hash (void)
{
  static gsize hash = 0;

  if (g_once_init_enter (&hash)) {
    char *computed = pos_pin_hash ("000000", NULL);

    g_once_init_leave (&hash, (gsize) (computed != NULL ? computed : g_strdup ("*")));
  }
  return (const char *) hash;
}

/* The roster. */

static int
compare_agents (gconstpointer a, gconstpointer b)
{
  PosAgent *agent_a = *(PosAgent **) a;
  PosAgent *agent_b = *(PosAgent **) b;
  g_autofree char *key_a = g_utf8_casefold (pos_agent_get_display_name (agent_a), -1);
  g_autofree char *key_b = g_utf8_casefold (pos_agent_get_display_name (agent_b), -1);
  int result = g_utf8_collate (key_a, key_b);

  if (result != 0)
    return result;
  return g_ascii_strcasecmp (pos_agent_get_email (agent_a), pos_agent_get_email (agent_b));
}

/* @sql prepared on the journal with the agent's @email bound to ?1; NULL, with the error (@what
 * failed), when it cannot be. */
static sqlite3_stmt *
agent_statement (PosRoster *self,
                 const char *sql,
                 const char *email,
                 const char *what,
                 GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (pos_journal_get_db (self->journal), sql, -1, &stmt, NULL) != SQLITE_OK) {
    sqlite3_finalize (stmt);
    pos_journal_set_error (self->journal, what, error);
    return NULL;
  }
  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_TRANSIENT);
  return stmt;
}

/* Runs @stmt (taken; NULL when it could not be prepared, its error set) to its end. */
static gboolean
save_step (PosRoster *self, sqlite3_stmt *stmt, GError **error)
{
  g_autoptr (sqlite3_stmt) owned = stmt;

  if (owned == NULL)
    return FALSE;
  if (sqlite3_step (owned) != SQLITE_DONE)
    return pos_journal_set_error (self->journal, _ ("saving the roster"), error);
  return TRUE;
}

static guint
find_agent (PosRoster *self, const char *email)
{
  for (guint i = 0; i < self->agents->len; i++) {
    if (g_ascii_strcasecmp (pos_agent_get_email (g_ptr_array_index (self->agents, i)), email) == 0)
      return i;
  }
  return G_MAXUINT;
}

/* Moves the agent at @position to its sorted place and tells the list's observers. */
static void
resort (PosRoster *self, guint position)
{
  PosAgent *agent = g_ptr_array_steal_index (self->agents, position);
  guint target = 0;

  while (target < self->agents->len &&
         compare_agents (&g_ptr_array_index (self->agents, target), &agent) < 0)
    target++;
  g_ptr_array_insert (self->agents, (int) target, agent);

  if (target == position) {
    g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
  } else {
    guint first = MIN (target, position);
    guint count = MAX (target, position) - first + 1;

    g_list_model_items_changed (G_LIST_MODEL (self), first, count, count);
  }
}

static gboolean
load (PosRoster *self, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  sqlite3 *db = pos_journal_get_db (self->journal);
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT email, display_name, is_admin FROM agents", -1, &stmt,
                          NULL) != SQLITE_OK)
    return pos_journal_set_error (self->journal, _ ("reading the roster"), error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
    g_ptr_array_add (self->agents, pos_agent_new ((const char *) sqlite3_column_text (stmt, 0),
                                                  (const char *) sqlite3_column_text (stmt, 1),
                                                  sqlite3_column_int (stmt, 2) != 0));
  }
  if (rc != SQLITE_DONE)
    return pos_journal_set_error (self->journal, _ ("reading the roster"), error);
  g_ptr_array_sort (self->agents, compare_agents);
  return TRUE;
}

PosRoster *
pos_roster_new (PosJournal *journal, GError **error)
{
  g_autoptr (PosRoster) self = NULL;

  g_return_val_if_fail (POS_IS_JOURNAL (journal), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (POS_TYPE_ROSTER, "journal", journal, NULL);
  if (!load (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
pos_roster_set_clock (PosRoster *self, PosClockFunc clock, gpointer user_data)
{
  g_return_if_fail (POS_IS_ROSTER (self));

  self->clock = clock;
  self->clock_data = user_data;
}

static gint64
now (PosRoster *self)
{
  if (self->clock != NULL)
    return self->clock (self->clock_data);
  return g_get_real_time ();
}

guint
pos_roster_get_n_agents (PosRoster *self)
{
  g_return_val_if_fail (POS_IS_ROSTER (self), 0);

  return self->agents->len;
}

static guint
count_admins (PosRoster *self)
{
  guint n = 0;

  for (guint i = 0; i < self->agents->len; i++) {
    if (pos_agent_get_is_admin (g_ptr_array_index (self->agents, i)))
      n++;
  }
  return n;
}

gboolean
pos_roster_has_admin (PosRoster *self)
{
  g_return_val_if_fail (POS_IS_ROSTER (self), FALSE);

  return count_admins (self) > 0;
}

PosAgent *
pos_roster_lookup (PosRoster *self, const char *email)
{
  guint position;

  g_return_val_if_fail (POS_IS_ROSTER (self), NULL);

  if (email == NULL)
    return NULL;
  position = find_agent (self, email);
  return position != G_MAXUINT ? g_ptr_array_index (self->agents, position) : NULL;
}

static gboolean
not_found (GError **error)
{
  g_set_error_literal (error, POS_ERROR, POS_ERROR_NOT_FOUND, _ ("There is no such agent."));
  return FALSE;
}

static gboolean
last_admin (GError **error)
{
  g_set_error_literal (error, POS_ERROR, POS_ERROR_LAST_ADMIN,
                       _ ("The station needs at least one administrator. Make another agent an "
                          "administrator first."));
  return FALSE;
}

static char *
check_display_name (const char *display_name, GError **error)
{
  g_autofree char *name = g_strstrip (g_strdup (display_name != NULL ? display_name : ""));

  if (*name == '\0' || !g_utf8_validate (name, -1, NULL)) {
    g_set_error_literal (error, POS_ERROR, POS_ERROR_INVALID_AGENT, _ ("Enter the agent’s name."));
    return NULL;
  }
  return g_steal_pointer (&name);
}

gboolean
pos_roster_add_agent (PosRoster *self,
                      const char *email,
                      const char *display_name,
                      const char *pin,
                      gboolean is_admin,
                      GError **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *name = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (POS_IS_ROSTER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (email == NULL || !paystar_is_valid_email (email)) {
    g_set_error_literal (error, POS_ERROR, POS_ERROR_INVALID_AGENT,
                         _ ("Enter the agent’s Paystar email address."));
    return FALSE;
  }
  name = check_display_name (display_name, error);
  if (name == NULL)
    return FALSE;
  if (!pos_pin_is_valid (pin))
    return invalid_pin_error (error);
  if (find_agent (self, email) != G_MAXUINT) {
    g_set_error_literal (error, POS_ERROR, POS_ERROR_AGENT_EXISTS,
                         _ ("An agent with this email address is already on the roster."));
    return FALSE;
  }
  hash = pos_pin_hash (pin, error);
  if (hash == NULL)
    return FALSE;

  stmt = agent_statement (self,
                          "INSERT INTO agents (email, display_name, pin_hash, is_admin) "
                          "VALUES (?1, ?2, ?3, ?4)",
                          email, _ ("saving the roster"), error);
  if (stmt != NULL) {
    sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 4, is_admin ? 1 : 0);
  }
  if (!save_step (self, stmt, error))
    return FALSE;

  g_ptr_array_add (self->agents, pos_agent_new (email, name, is_admin));
  /* resort() reports the moved range as changed: report the addition first. */
  g_list_model_items_changed (G_LIST_MODEL (self), self->agents->len - 1, 0, 1);
  resort (self, self->agents->len - 1);
  return TRUE;
}

gboolean
pos_roster_update_agent (PosRoster *self,
                         const char *email,
                         const char *display_name,
                         gboolean is_admin,
                         GError **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *name = NULL;
  PosAgent *agent;
  guint position;

  g_return_val_if_fail (POS_IS_ROSTER (self), FALSE);
  g_return_val_if_fail (email != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  position = find_agent (self, email);
  if (position == G_MAXUINT)
    return not_found (error);
  agent = g_ptr_array_index (self->agents, position);
  name = check_display_name (display_name, error);
  if (name == NULL)
    return FALSE;
  if (pos_agent_get_is_admin (agent) && !is_admin && count_admins (self) == 1)
    return last_admin (error);

  stmt =
    agent_statement (self, "UPDATE agents SET display_name = ?2, is_admin = ?3 WHERE email = ?1",
                     email, _ ("saving the roster"), error);
  if (stmt != NULL) {
    sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 3, is_admin ? 1 : 0);
  }
  if (!save_step (self, stmt, error))
    return FALSE;

  pos_agent_set_display_name (agent, name);
  pos_agent_set_is_admin (agent, is_admin);
  resort (self, position);
  return TRUE;
}

gboolean
pos_roster_set_pin (PosRoster *self, const char *email, const char *pin, GError **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (POS_IS_ROSTER (self), FALSE);
  g_return_val_if_fail (email != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (find_agent (self, email) == G_MAXUINT)
    return not_found (error);
  hash = pos_pin_hash (pin, error);
  if (hash == NULL)
    return FALSE;

  stmt = agent_statement (self,
                          "UPDATE agents SET pin_hash = ?2, failed_attempts = 0, lockouts = 0, "
                          "locked_until = 0 WHERE email = ?1",
                          email, _ ("saving the roster"), error);
  if (stmt != NULL)
    sqlite3_bind_text (stmt, 2, hash, -1, SQLITE_TRANSIENT);
  return save_step (self, stmt, error);
}

gboolean
pos_roster_remove_agent (PosRoster *self, const char *email, GError **error)
{
  guint position;

  g_return_val_if_fail (POS_IS_ROSTER (self), FALSE);
  g_return_val_if_fail (email != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  position = find_agent (self, email);
  if (position == G_MAXUINT)
    return not_found (error);
  if (pos_agent_get_is_admin (g_ptr_array_index (self->agents, position)) &&
      count_admins (self) == 1)
    return last_admin (error);

  /* The agent's unfinished draft goes too: it holds customer details nobody can reach anymore.
   * Submitted sales stay in the journal. */
  if (!pos_journal_exec (self->journal, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!save_step (self,
                  agent_statement (self, "DELETE FROM agents WHERE email = ?1", email,
                                   _ ("saving the roster"), error),
                  error) ||
      !save_step (self,
                  agent_statement (self,
                                   "DELETE FROM sales WHERE agent_email = ?1 COLLATE NOCASE AND "
                                   "status IN ('draft', 'not-sent')",
                                   email, _ ("saving the roster"), error),
                  error) ||
      !pos_journal_exec (self->journal, "COMMIT", error)) {
    pos_journal_exec (self->journal, "ROLLBACK", NULL);
    return FALSE;
  }

  g_ptr_array_remove_index (self->agents, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  return TRUE;
}

static gboolean
wrong_pin (GError **error)
{
  g_set_error_literal (error, POS_ERROR, POS_ERROR_WRONG_PIN,
                       _ ("The email address or the PIN is not right. Try again."));
  return FALSE;
}

static gboolean
locked_out (guint seconds, GError **error)
{
  if (seconds > 90) {
    guint minutes = (seconds + 59) / 60;

    g_set_error (error, POS_ERROR, POS_ERROR_LOCKED_OUT,
                 g_dngettext (GETTEXT_PACKAGE, "Too many wrong PINs. Try again in %u minute.",
                              "Too many wrong PINs. Try again in %u minutes.", minutes),
                 minutes);
  } else {
    g_set_error (error, POS_ERROR, POS_ERROR_LOCKED_OUT,
                 g_dngettext (GETTEXT_PACKAGE, "Too many wrong PINs. Try again in %u second.",
                              "Too many wrong PINs. Try again in %u seconds.", seconds),
                 seconds);
  }
  return FALSE;
}

static guint
remaining_seconds (gint64 locked_until, gint64 at)
{
  if (locked_until <= at)
    return 0;
  return (guint) ((locked_until - at + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

typedef struct {
  char *pin_hash;
  gint64 failed_attempts;
  gint64 lockouts;
  gint64 locked_until;
} AgentState;

static void
agent_state_clear (AgentState *state)
{
  g_clear_pointer (&state->pin_hash, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AgentState, agent_state_clear)

/* TRUE with the row, FALSE without error when there is none, FALSE with @error on failure. */
static gboolean
read_state (PosRoster *self, const char *email, AgentState *state, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = agent_statement (self,
                          "SELECT pin_hash, failed_attempts, lockouts, locked_until FROM agents "
                          "WHERE email = ?1",
                          email, _ ("reading the roster"), error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return FALSE;
  if (rc != SQLITE_ROW)
    return pos_journal_set_error (self->journal, _ ("reading the roster"), error);
  state->pin_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  state->failed_attempts = sqlite3_column_int64 (stmt, 1);
  state->lockouts = sqlite3_column_int64 (stmt, 2);
  state->locked_until = sqlite3_column_int64 (stmt, 3);
  return TRUE;
}

static gboolean
write_state (PosRoster *self, const char *email, const AgentState *state, GError **error)
{
  sqlite3_stmt *stmt = agent_statement (self,
                                        "UPDATE agents SET failed_attempts = ?2, lockouts = ?3, "
                                        "locked_until = ?4 WHERE email = ?1",
                                        email, _ ("saving the roster"), error);

  if (stmt != NULL) {
    sqlite3_bind_int64 (stmt, 2, state->failed_attempts);
    sqlite3_bind_int64 (stmt, 3, state->lockouts);
    sqlite3_bind_int64 (stmt, 4, state->locked_until);
  }
  return save_step (self, stmt, error);
}

/* The lockout the next one after @lockouts earlier ones (since the last correct PIN) lasts. */
static guint
lockout_delay (gint64 lockouts)
{
  guint delay = POS_ROSTER_LOCKOUT_INITIAL_SEC;

  for (gint64 i = 0; i < lockouts && delay < POS_ROSTER_LOCKOUT_MAX_SEC; i++)
    delay *= 2;
  return MIN (delay, POS_ROSTER_LOCKOUT_MAX_SEC);
}

PosAgent *
pos_roster_sign_in (PosRoster *self, const char *email, const char *pin, GError **error)
{
  g_auto (AgentState) state = { 0 };
  g_autoptr (GError) local_error = NULL;
  PosAgent *agent;
  gint64 at;

  g_return_val_if_fail (POS_IS_ROSTER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  agent = email != NULL ? pos_roster_lookup (self, email) : NULL;
  if (agent == NULL || !read_state (self, email, &state, &local_error)) {
    if (local_error != NULL) {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
    /* Same work as a wrong PIN, so that timing does not tell which emails are on the roster. */
    pos_pin_verify (pin != NULL && pos_pin_is_valid (pin) ? pin : "0000", dummy_hash ());
    wrong_pin (error);
    return NULL;
  }

  at = now (self);
  if (state.locked_until > at) {
    locked_out (remaining_seconds (state.locked_until, at), error);
    return NULL;
  }

  if (pos_pin_verify (pin, state.pin_hash)) {
    if (state.failed_attempts != 0 || state.lockouts != 0 || state.locked_until != 0) {
      state.failed_attempts = 0;
      state.lockouts = 0;
      state.locked_until = 0;
      if (!write_state (self, email, &state, error))
        return NULL;
    }
    return g_object_ref (agent);
  }

  state.failed_attempts++;
  if (state.failed_attempts >= POS_ROSTER_MAX_ATTEMPTS) {
    guint delay = lockout_delay (state.lockouts);

    state.lockouts++;
    state.failed_attempts = 0;
    state.locked_until = at + (gint64) delay * G_USEC_PER_SEC;
    if (!write_state (self, email, &state, error))
      return NULL;
    locked_out (delay, error);
    return NULL;
  }
  if (!write_state (self, email, &state, error))
    return NULL;
  wrong_pin (error);
  return NULL;
}

guint
pos_roster_get_lockout_remaining (PosRoster *self, const char *email)
{
  g_auto (AgentState) state = { 0 };

  g_return_val_if_fail (POS_IS_ROSTER (self), 0);

  if (email == NULL || !read_state (self, email, &state, NULL))
    return 0;
  return remaining_seconds (state.locked_until, now (self));
}

guint
pos_roster_get_attempts_left (PosRoster *self, const char *email)
{
  g_auto (AgentState) state = { 0 };

  g_return_val_if_fail (POS_IS_ROSTER (self), 0);

  /* An unknown email answers like a fresh agent, as pos_roster_sign_in() does. */
  if (email == NULL || !read_state (self, email, &state, NULL))
    return POS_ROSTER_MAX_ATTEMPTS;
  if (state.locked_until > now (self))
    return 0;
  if (state.failed_attempts >= POS_ROSTER_MAX_ATTEMPTS)
    return 1;
  return POS_ROSTER_MAX_ATTEMPTS - (guint) MAX (state.failed_attempts, 0);
}

guint
pos_roster_get_next_lockout_seconds (PosRoster *self, const char *email)
{
  g_auto (AgentState) state = { 0 };

  g_return_val_if_fail (POS_IS_ROSTER (self), POS_ROSTER_LOCKOUT_INITIAL_SEC);

  if (email == NULL || !read_state (self, email, &state, NULL))
    return POS_ROSTER_LOCKOUT_INITIAL_SEC;
  return lockout_delay (state.lockouts);
}

void
pos_roster_entry_free (PosRosterEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->email);
  g_free (entry->display_name);
  g_free (entry->pin_hash);
  g_free (entry);
}

static gboolean
has_text (const char *text)
{
  for (; text != NULL && *text != '\0'; text++) {
    if (!g_ascii_isspace (*text))
      return TRUE;
  }
  return FALSE;
}

static gboolean
entry_is_usable (const PosRosterEntry *entry)
{
  return entry->active && entry->email != NULL && paystar_is_valid_email (entry->email) &&
         has_text (entry->display_name) && entry->pin_hash != NULL && entry->pin_hash[0] == '$';
}

static gboolean
apply_entries (PosRoster *self, GPtrArray *entries, GHashTable *keep, GError **error)
{
  g_autoptr (sqlite3_stmt) upsert = NULL;
  g_autoptr (sqlite3_stmt) remove = NULL;
  g_autoptr (sqlite3_stmt) drafts = NULL;
  sqlite3 *db = pos_journal_get_db (self->journal);

  /* In SQLite's DO UPDATE every right-hand side reads the row as it was. */
  if (sqlite3_prepare_v2 (
        db,
        "INSERT INTO agents (email, display_name, pin_hash, is_admin) "
        "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (email) DO UPDATE SET "
        "display_name = excluded.display_name, is_admin = excluded.is_admin, "
        "pin_hash = excluded.pin_hash, "
        "failed_attempts = iif(pin_hash = excluded.pin_hash, failed_attempts, 0), "
        "lockouts = iif(pin_hash = excluded.pin_hash, lockouts, 0), "
        "locked_until = iif(pin_hash = excluded.pin_hash, locked_until, 0)",
        -1, &upsert, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "DELETE FROM agents WHERE email = ?1", -1, &remove, NULL) !=
        SQLITE_OK ||
      sqlite3_prepare_v2 (db,
                          "DELETE FROM sales WHERE agent_email = ?1 COLLATE NOCASE AND "
                          "status IN ('draft', 'not-sent')",
                          -1, &drafts, NULL) != SQLITE_OK)
    return pos_journal_set_error (self->journal, _ ("saving the roster"), error);

  for (guint i = 0; i < entries->len; i++) {
    const PosRosterEntry *entry = g_ptr_array_index (entries, i);
    g_autofree char *name = NULL;

    if (!g_hash_table_contains (keep, entry->email))
      continue;
    name = g_strstrip (g_strdup (entry->display_name));
    sqlite3_reset (upsert);
    sqlite3_bind_text (upsert, 1, entry->email, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (upsert, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (upsert, 3, entry->pin_hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (upsert, 4, entry->is_admin ? 1 : 0);
    if (sqlite3_step (upsert) != SQLITE_DONE)
      return pos_journal_set_error (self->journal, _ ("saving the roster"), error);
  }
  for (guint i = 0; i < self->agents->len; i++) {
    const char *email = pos_agent_get_email (g_ptr_array_index (self->agents, i));

    if (g_hash_table_contains (keep, email))
      continue;
    sqlite3_reset (remove);
    sqlite3_bind_text (remove, 1, email, -1, SQLITE_TRANSIENT);
    sqlite3_reset (drafts);
    sqlite3_bind_text (drafts, 1, email, -1, SQLITE_TRANSIENT);
    if (sqlite3_step (remove) != SQLITE_DONE || sqlite3_step (drafts) != SQLITE_DONE)
      return pos_journal_set_error (self->journal, _ ("saving the roster"), error);
  }
  return TRUE;
}

static guint
ascii_case_hash (gconstpointer key)
{
  g_autofree char *lower = g_ascii_strdown (key, -1);

  return g_str_hash (lower);
}

static gboolean
ascii_case_equal (gconstpointer a, gconstpointer b)
{
  return g_ascii_strcasecmp (a, b) == 0;
}

gboolean
pos_roster_replace (PosRoster *self, GPtrArray *entries, GError **error)
{
  g_autoptr (GHashTable) keep = NULL;
  gboolean has_admin = FALSE;
  guint old_n;

  g_return_val_if_fail (POS_IS_ROSTER (self), FALSE);
  g_return_val_if_fail (entries != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  keep = g_hash_table_new (ascii_case_hash, ascii_case_equal);
  for (guint i = 0; i < entries->len; i++) {
    PosRosterEntry *entry = g_ptr_array_index (entries, i);

    if (!entry_is_usable (entry))
      continue;
    g_hash_table_add (keep, entry->email);
    has_admin |= entry->is_admin;
  }
  if (!has_admin) {
    g_set_error_literal (error, POS_ERROR, POS_ERROR_LAST_ADMIN,
                         _ ("The office roster has no active administrator: this station keeps "
                            "its own roster until it has one."));
    return FALSE;
  }

  if (!pos_journal_exec (self->journal, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!apply_entries (self, entries, keep, error) ||
      !pos_journal_exec (self->journal, "COMMIT", error)) {
    pos_journal_exec (self->journal, "ROLLBACK", NULL);
    return FALSE;
  }

  old_n = self->agents->len;
  g_ptr_array_set_size (self->agents, 0);
  if (!load (self, error)) {
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->agents->len);
    return FALSE;
  }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->agents->len);
  return TRUE;
}

gboolean
pos_roster_seed_demo (PosRoster *self, GError **error)
{
  /* The addresses are assembled from their parts: in this project's tooling a typed address
   * can come out mangled into placeholder text. */
  g_autofree char *ava = g_strconcat ("ava", "@", "acme-utilities.example", NULL);
  g_autofree char *ben = g_strconcat ("ben", "@", "acme-utilities.example", NULL);

  g_return_val_if_fail (POS_IS_ROSTER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->agents->len > 0)
    return FALSE;
  return pos_roster_add_agent (self, ava, "Ava Alvarez", "1234", TRUE, error) &&
         pos_roster_add_agent (self, ben, "Ben Brooks", "5678", FALSE, error);
}
