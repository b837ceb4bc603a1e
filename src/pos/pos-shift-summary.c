/* pos-shift-summary.c: per agent, how many sales and how much money in each status, over a list
 * of journaled sales or a range of the journal ("today", "this shift").
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-shift-summary.h"

#include <string.h>

#define N_STATUSES (POS_SALE_STATUS_LAST + 1)

/* Rows read from the journal at a time: large enough that paging costs little, small enough that
 * a page of records (with their JSON) stays a few megabytes. */
#define PAGE_SIZE 2000

typedef struct {
  char *email; /* as spelt in the agent's first sale */
  guint count[N_STATUSES];
  gint64 total[N_STATUSES];
} AgentSums;

struct _PosShiftSummary {
  GObject parent_instance;

  /* Lower-cased email -> AgentSums (owned). */
  GHashTable *agents;
  /* The same AgentSums, sorted by email; NULL when it needs rebuilding. */
  GPtrArray *sorted;
  AgentSums all;
};

G_DEFINE_FINAL_TYPE (PosShiftSummary, pos_shift_summary, G_TYPE_OBJECT)

static void
agent_sums_free (gpointer data)
{
  AgentSums *sums = data;

  g_free (sums->email);
  g_free (sums);
}

static void
pos_shift_summary_finalize (GObject *object)
{
  PosShiftSummary *self = POS_SHIFT_SUMMARY (object);

  g_clear_pointer (&self->sorted, g_ptr_array_unref);
  g_clear_pointer (&self->agents, g_hash_table_unref);

  G_OBJECT_CLASS (pos_shift_summary_parent_class)->finalize (object);
}

static void
pos_shift_summary_class_init (PosShiftSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pos_shift_summary_finalize;
}

static void
pos_shift_summary_init (PosShiftSummary *self)
{
  self->agents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, agent_sums_free);
}

PosShiftSummary *
pos_shift_summary_new (void)
{
  return g_object_new (POS_TYPE_SHIFT_SUMMARY, NULL);
}

static AgentSums *
find_agent (PosShiftSummary *self, const char *email)
{
  g_autofree char *key = g_ascii_strdown (email, -1);

  return g_hash_table_lookup (self->agents, key);
}

void
pos_shift_summary_add_group (PosShiftSummary *self,
                             const char *email,
                             PosSaleStatus status,
                             guint count,
                             gint64 total)
{
  AgentSums *sums;

  g_return_if_fail (POS_IS_SHIFT_SUMMARY (self));

  if (email == NULL)
    email = "";
  if ((guint) status > POS_SALE_STATUS_LAST)
    status = POS_SALE_STATUS_UNKNOWN;

  sums = find_agent (self, email);
  if (sums == NULL) {
    sums = g_new0 (AgentSums, 1);
    sums->email = g_strdup (email);
    g_hash_table_insert (self->agents, g_ascii_strdown (email, -1), sums);
    g_clear_pointer (&self->sorted, g_ptr_array_unref);
  }
  sums->count[status] += count;
  sums->total[status] += total;
  self->all.count[status] += count;
  self->all.total[status] += total;
}

void
pos_shift_summary_add_record (PosShiftSummary *self, PosSaleRecord *record)
{
  g_return_if_fail (POS_IS_SHIFT_SUMMARY (self));
  g_return_if_fail (POS_IS_SALE_RECORD (record));

  pos_shift_summary_add_group (self, pos_sale_record_get_agent_email (record),
                               pos_sale_record_get_status (record), 1,
                               pos_sale_record_get_total (record));
}

void
pos_shift_summary_add_records (PosShiftSummary *self, GListModel *records)
{
  guint n;

  g_return_if_fail (POS_IS_SHIFT_SUMMARY (self));
  g_return_if_fail (G_IS_LIST_MODEL (records));

  n = g_list_model_get_n_items (records);
  for (guint i = 0; i < n; i++) {
    g_autoptr (PosSaleRecord) record = g_list_model_get_item (records, i);

    pos_shift_summary_add_record (self, record);
  }
}

PosShiftSummary *
pos_shift_summary_new_from_journal (PosJournal *journal,
                                    const PosJournalQuery *query,
                                    GError **error)
{
  g_autoptr (PosShiftSummary) self = NULL;
  g_autoptr (GHashTable) seen = NULL;
  PosJournalQuery page = { 0 };

  g_return_val_if_fail (POS_IS_JOURNAL (journal), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (query != NULL)
    page = *query;
  page.limit = PAGE_SIZE;
  page.offset = 0;

  self = pos_shift_summary_new ();
  /* Sales journaled while we page (newest first) push older rows down by one: a row may come
   * twice, never be skipped. The ids seen make each count once. */
  seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (;;) {
    g_autoptr (GListModel) records = pos_journal_list (journal, &page, error);
    guint n;

    if (records == NULL)
      return NULL;
    n = g_list_model_get_n_items (records);
    for (guint i = 0; i < n; i++) {
      g_autoptr (PosSaleRecord) record = g_list_model_get_item (records, i);
      gint64 id = pos_sale_record_get_id (record);

      if (g_hash_table_contains (seen, &id))
        continue;
      g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
      pos_shift_summary_add_record (self, record);
    }
    if (n < PAGE_SIZE)
      break;
    page.offset += n;
  }
  return g_steal_pointer (&self);
}

gint64
pos_shift_summary_day_start (gint64 usec)
{
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);
  g_autoptr (GDateTime) midnight = NULL;

  if (now == NULL)
    return 0;
  midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                    g_date_time_get_day_of_month (now), 0, 0, 0);
  if (midnight == NULL)
    return 0;
  return g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
}

static int
compare_agents (gconstpointer a, gconstpointer b)
{
  const AgentSums *x = *(AgentSums *const *) a;
  const AgentSums *y = *(AgentSums *const *) b;
  int cmp = g_ascii_strcasecmp (x->email, y->email);

  return cmp != 0 ? cmp : strcmp (x->email, y->email);
}

static GPtrArray *
get_sorted (PosShiftSummary *self)
{
  if (self->sorted == NULL) {
    GHashTableIter iter;
    gpointer value;

    self->sorted = g_ptr_array_sized_new (g_hash_table_size (self->agents));
    g_hash_table_iter_init (&iter, self->agents);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_ptr_array_add (self->sorted, value);
    g_ptr_array_sort (self->sorted, compare_agents);
  }
  return self->sorted;
}

guint
pos_shift_summary_get_n_agents (PosShiftSummary *self)
{
  g_return_val_if_fail (POS_IS_SHIFT_SUMMARY (self), 0);

  return g_hash_table_size (self->agents);
}

const char *
pos_shift_summary_get_agent (PosShiftSummary *self, guint index)
{
  GPtrArray *sorted;

  g_return_val_if_fail (POS_IS_SHIFT_SUMMARY (self), NULL);

  sorted = get_sorted (self);
  g_return_val_if_fail (index < sorted->len, NULL);
  return ((AgentSums *) g_ptr_array_index (sorted, index))->email;
}

static const AgentSums *
lookup_sums (PosShiftSummary *self, const char *agent_email)
{
  if (agent_email == NULL)
    return &self->all;
  return find_agent (self, agent_email);
}

guint
pos_shift_summary_get_count (PosShiftSummary *self, const char *agent_email, PosSaleStatus status)
{
  const AgentSums *sums;

  g_return_val_if_fail (POS_IS_SHIFT_SUMMARY (self), 0);
  g_return_val_if_fail ((guint) status <= POS_SALE_STATUS_LAST, 0);

  sums = lookup_sums (self, agent_email);
  return sums != NULL ? sums->count[status] : 0;
}

gint64
pos_shift_summary_get_total (PosShiftSummary *self, const char *agent_email, PosSaleStatus status)
{
  const AgentSums *sums;

  g_return_val_if_fail (POS_IS_SHIFT_SUMMARY (self), 0);
  g_return_val_if_fail ((guint) status <= POS_SALE_STATUS_LAST, 0);

  sums = lookup_sums (self, agent_email);
  return sums != NULL ? sums->total[status] : 0;
}

guint
pos_shift_summary_get_n_sales (PosShiftSummary *self, const char *agent_email)
{
  const AgentSums *sums;
  guint n = 0;

  g_return_val_if_fail (POS_IS_SHIFT_SUMMARY (self), 0);

  sums = lookup_sums (self, agent_email);
  if (sums == NULL)
    return 0;
  for (guint s = 0; s < N_STATUSES; s++)
    n += sums->count[s];
  return n;
}
