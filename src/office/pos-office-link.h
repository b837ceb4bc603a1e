/* pos-office-link.h: a station's link to its office database: a background sender that delivers
 * the journal's outbox and brings the office roster down, without ever blocking the clerk.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pos.h"

G_BEGIN_DECLS

/* What the header shows. */
typedef enum {
  POS_OFFICE_LINK_CONNECTING,  /* started, no answer from the office yet */
  POS_OFFICE_LINK_IN_STEP,     /* everything delivered */
  POS_OFFICE_LINK_SENDING,     /* connected, records waiting */
  POS_OFFICE_LINK_UNREACHABLE, /* the last attempt failed: see "last-error", "unreachable-since" */
} PosOfficeLinkState;

/* How often the link looks at the outbox, says it is alive, and reads the roster. An agent added
 * or disabled at the office reaches every station within POS_OFFICE_ROSTER_SECONDS plus one
 * delivery. */
#define POS_OFFICE_POLL_MS           1000
#define POS_OFFICE_HEARTBEAT_SECONDS 15
#define POS_OFFICE_ROSTER_SECONDS    20
#define POS_OFFICE_BATCH             500

#define POS_TYPE_OFFICE_LINK (pos_office_link_get_type ())
G_DECLARE_FINAL_TYPE (PosOfficeLink, pos_office_link, POS, OFFICE_LINK, GObject)

/* Properties (read-only, notified on the thread-default main context of the caller of new()):
 *   "state"             PosOfficeLinkState (as guint)
 *   "waiting"           gint64: records in the outbox at the last look
 *   "unreachable-since" gint64: wall-clock microseconds of the first failure in a row, 0 when
 *                       the link works
 *   "last-error"        string or NULL: the last failure, for an administrator
 *   "roster-problem"    string or NULL: why the office roster was not applied
 *
 * @journal's file is opened a second time in the worker thread (WAL: the clerk's writes never
 * wait for the sender's reads). @roster (nullable) receives the office roster whenever it
 * changes (pos_roster_replace(), on the main context). */
PosOfficeLink *pos_office_link_new (PosJournal *journal,
                                    PosRoster *roster,
                                    const char *conninfo,
                                    const char *station_id,
                                    const char *station_name);

/* The settings that take the office's station-wide lists (charge-types, payment-fields) when the
 * office sets them; each time a list changes at the office it replaces the station's. Call it
 * before start. */
void pos_office_link_set_settings (PosOfficeLink *self, PosSettings *settings);

/* Checks the connection string (pos_office_check_conninfo()), enables the journal's outbox and
 * starts the sender. FALSE with the reason when the setting cannot work as written. */
gboolean pos_office_link_start (PosOfficeLink *self, GError **error);
/* Looks at the outbox and reads the roster now instead of at the next poll, and retries at once
 * when the office was unreachable. */
void pos_office_link_wake (PosOfficeLink *self);
/* Stops the sender (waits for the batch in flight; at most the connect timeout). Also on
 * dispose. */
void pos_office_link_stop (PosOfficeLink *self);

PosOfficeLinkState pos_office_link_get_state (PosOfficeLink *self);
gint64 pos_office_link_get_waiting (PosOfficeLink *self);
gint64 pos_office_link_get_unreachable_since (PosOfficeLink *self);
const char *pos_office_link_get_last_error (PosOfficeLink *self);
const char *pos_office_link_get_roster_problem (PosOfficeLink *self);

G_END_DECLS
