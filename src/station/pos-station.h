/* pos-station.h: the services one station runs with: settings, journal, roster, API client and,
 * on the sandbox, the in-process gateway emulator.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "paystar.h"
#include "pos-office-link.h"
#include "pos.h"

G_BEGIN_DECLS

#define POS_TYPE_STATION (pos_station_get_type ())
G_DECLARE_FINAL_TYPE (PosStation, pos_station, POS, STATION, GObject)

/* Properties (read-only unless said otherwise):
 *   "settings"        PosSettings, construct-only
 *   "data-dir"        string, construct-only: where the journal and the sandbox's state live
 *                     (NULL: $XDG_DATA_HOME/paystar-pos)
 *   "ready"           gboolean: the journal and the roster are open (after start)
 *   "client"          PaystarClient or NULL: how to reach the API in the current environment
 *   "client-problem"  string or NULL: why there is no client, translated, saying what to do
 *   "is-sandbox"      gboolean: the station talks to the in-process sandbox gateway
 *   "journal-notice"  string or NULL: a translated message about the journal's start-up (a
 *                     damaged journal moved aside), for the window to show once
 *   "office-link"     PosOfficeLink or NULL: the link to the office database while the setting
 *                     office-database names one (src/office); replaced when it changes
 *   "office-problem"  string or NULL: why the office-database setting cannot be used as written
 *                     (a password in it, a network host without sslmode=verify-full) */

PosStation *pos_station_new (PosSettings *settings, const char *data_dir);

/* Opens the journal (in a worker thread, so the first frame is not held up), loads the roster,
 * and sets up the client for the configured environment: on the sandbox, starts the gateway
 * emulator on 127.0.0.1 and seeds the demo roster when it is empty. Fails only when the journal
 * cannot be opened at all. */
void pos_station_start_async (PosStation *self,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data);
gboolean pos_station_start_finish (PosStation *self, GAsyncResult *result, GError **error);

PosSettings *pos_station_get_settings (PosStation *self);
const char *pos_station_get_data_dir (PosStation *self);
gboolean pos_station_get_ready (PosStation *self);
/* NULL until ready. */
PosJournal *pos_station_get_journal (PosStation *self);
PosRoster *pos_station_get_roster (PosStation *self);
PaystarClient *pos_station_get_client (PosStation *self);
const char *pos_station_get_client_problem (PosStation *self);
gboolean pos_station_get_is_sandbox (PosStation *self);
const char *pos_station_get_journal_notice (PosStation *self);
PosOfficeLink *pos_station_get_office_link (PosStation *self);
const char *pos_station_get_office_problem (PosStation *self);

/* Looks the API key up again and rebuilds the client (after the administrator changed the key or
 * the environment in Preferences; settings changes are followed on their own). */
void pos_station_reload_client (PosStation *self);

/* The client follows the settings' query-session-path and query-reference-path on a real
 * gateway; on the built-in sandbox its paths are PAYSTAR_SANDBOX_QUERY_SESSION_PATH and
 * PAYSTAR_SANDBOX_QUERY_REFERENCE_PATH. The built-in sandbox listens on the port it had last time
 * (remembered in <data-dir>/sandbox/port); when that port is taken it takes a free one and the
 * journal's payment links of the old address are moved to the new one
 * (pos_journal_rewrite_session_links()). */

/* For tests: replaces the client (e.g. with one pointed at a server that never answers). */
void pos_station_set_client (PosStation *self, PaystarClient *client);

/* What the station learnt about a payment session after the fact: in redirect mode the
 * success and return URLs say only that the customer left Paystar's page, not how it ended. */
typedef struct {
  PaystarSessionStatus status; /* NONE when the session has no status the station knows */
  char *status_text;           /* as Paystar spelled it, e.g. "RequiresPaymentSource" */
  char *card_last4;            /* the last four digits of the card, NULL when unknown */
  char *reference_number;      /* Paystar's payment reference, NULL when not paid */
  gint64 amount;               /* the amount paid in cents, -1 when unknown */
  char *summary_json;          /* the above as JSON for the journal (never more card data) */
} PosSessionLookup;

void pos_session_lookup_free (PosSessionLookup *lookup);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosSessionLookup, pos_session_lookup_free)

/* Asks the gateway how session @identifier stands, through the client's Query API lookup
 * (paystar_client_lookup_session_async(); a thin wrapper kept for the payment page). The built-in
 * sandbox always answers; on a real gateway the paths of Paystar's Query API are not published
 * (see API-NOTES.md), so unless an administrator set them this fails with
 * G_IO_ERROR_NOT_SUPPORTED and the caller falls back on what the redirect says. Other errors are
 * the client's (PAYSTAR_ERROR_NOT_FOUND, ...). */
void pos_station_lookup_session_async (PosStation *self,
                                       const char *identifier,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
PosSessionLookup *
pos_station_lookup_session_finish (PosStation *self, GAsyncResult *result, GError **error);

G_END_DECLS
