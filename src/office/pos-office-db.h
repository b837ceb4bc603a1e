/* pos-office-db.h: the office database (PostgreSQL through libpq): where the stations of an
 * office meet. Its schema, a station's delivery, the roster it hands down, the day's report.
 * Everything here blocks: call it from a worker thread (pos-office-link.c) or a command-line
 * program (paystar-office).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "pos.h"

G_BEGIN_DECLS

#define POS_OFFICE_ERROR (pos_office_error_quark ())

typedef enum {
  POS_OFFICE_ERROR_INVALID,  /* the connection string cannot be read, or holds a password */
  POS_OFFICE_ERROR_INSECURE, /* a network host without sslmode=verify-full */
  POS_OFFICE_ERROR_CONNECT,  /* the server cannot be reached or refused the login */
  POS_OFFICE_ERROR_SCHEMA,   /* no schema, or one this version does not know: run paystar-office */
  POS_OFFICE_ERROR_REFUSED,  /* the role may not do that (privileges, row-level security) */
  POS_OFFICE_ERROR_QUERY,    /* any other error of the server */
} PosOfficeError;

GQuark pos_office_error_quark (void);

/* The version of the schema this code creates and needs (table paystar_schema). */
#define POS_OFFICE_SCHEMA_VERSION 1

/* The roles pos_office_init_schema() creates (without login): a station's login role is made a
 * member of POS_OFFICE_STATION_ROLE, an administrator's of POS_OFFICE_ADMIN_ROLE. */
#define POS_OFFICE_STATION_ROLE "paystar_station"
#define POS_OFFICE_ADMIN_ROLE   "paystar_admin"

/* Checks a libpq connection string before it is used: it must parse, hold no password (the
 * password belongs in ~/.pgpass or the keyring, never in settings), and any host that is not a
 * Unix socket or loopback must be reached with sslmode=verify-full (PGHOST and PGSSLMODE count
 * when the string does not say). The message says what to change. */
gboolean pos_office_check_conninfo (const char *conninfo, GError **error);

/* Checks @conninfo and connects (connect_timeout 5 s unless it says otherwise). */
PGconn *pos_office_connect (const char *conninfo, const char *application_name, GError **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

/* Runs @sql (no parameters, no rows wanted); POS_OFFICE_ERROR_* from the server's SQLSTATE. */
gboolean pos_office_exec (PGconn *conn, const char *sql, GError **error);

/* Creates the schema, its roles, grants and row-level security, or migrates an older one; safe to
 * run again. Needs a role that may create roles and tables (the database's owner). */
gboolean pos_office_init_schema (PGconn *conn, GError **error);
/* POS_OFFICE_ERROR_SCHEMA unless the schema is there at POS_OFFICE_SCHEMA_VERSION. */
gboolean pos_office_check_schema (PGconn *conn, GError **error);

/* Who a station is, as it tells the office. */
typedef struct {
  const char *id;      /* stable identifier (settings: station-id) */
  const char *name;    /* shown in reports (settings: station-name) */
  const char *version; /* the app's version */
} PosOfficeStation;

/* Delivers @records (PosOutboxRecord*, in seq order) and the station's heartbeat (last seen,
 * @waiting: what stays in its outbox after these) in one transaction. Idempotent: a record that
 * arrives again, or after a newer one of the same sale, changes nothing. Records of another
 * station's identifier are refused by row-level security (POS_OFFICE_ERROR_REFUSED). */
gboolean pos_office_deliver (PGconn *conn,
                             const PosOfficeStation *station,
                             GPtrArray *records,
                             gint64 waiting,
                             GError **error);

/* The office roster, every agent (PosRosterEntry*, disabled ones too), by email. */
GPtrArray *pos_office_fetch_roster (PGconn *conn, GError **error);

/* The station-wide lists the office sets (table station_lists): name ("charge-types",
 * "payment-fields", as the settings keys) to GStrv. A list the office does not set is absent:
 * each station keeps its own. */
GHashTable *pos_office_fetch_lists (PGconn *conn, GError **error);

/* History's "All stations": every station's sales matching @query as pos_journal_list() reads
 * it (status mask, since, until, limit, offset; the text matches a substring of the reference or
 * of an account number, or an amount), newest first, as PosSaleRecord (transfer full) whose
 * "station" is the station's name. */
GPtrArray *pos_office_list_sales (PGconn *conn, const PosJournalQuery *query, GError **error);
/* Adds every station's sales in @query's range (status mask, since, until) to @summary. */
gboolean pos_office_summarize_sales (PGconn *conn,
                                     const PosJournalQuery *query,
                                     PosShiftSummary *summary,
                                     GError **error);

/* The office report of @day ("YYYY-MM-DD") as JSON:
 * {"day", "stations": [{"id", "name", "last_seen", "waiting", "app_version", "closed",
 *   "closed_by", "count", "total", "paid_count", "paid_total", "by_status": {status: {"count",
 *   "total"}}, "flags": [...]}], "totals": {"count", "total", "paid_count", "paid_total",
 *   "by_status"}, "by_charge_type": {type: {"count", "total"}}}
 * Counts leave out drafts and not-sent sales; paid is "succeeded". A station is flagged
 * "not-closed" when it has no close for the day and "records-waiting" when its last heartbeat
 * said records were waiting. */
JsonNode *pos_office_report (PGconn *conn, const char *day, GError **error);
/* @report (as pos_office_report() gives it) as aligned text: a line per station with its sales,
 * total, paid sales and total, who closed its day and its flags; the totals; the paid amounts by
 * charge type (pos-office-report.c). */
char *pos_office_report_to_text (JsonNode *report);
/* The same as CSV (RFC 4180, CRLF): a row per station and an "All stations" row. */
char *pos_office_report_to_csv (JsonNode *report);
/* Connects with @conninfo (as @application_name) and gives the office report of @day as
 * pos_office_report_to_text() writes it, in a worker thread, so that a window stays responsive
 * while the office database answers (pos-office-report.c). */
void pos_office_report_text_async (const char *conninfo,
                                   const char *application_name,
                                   const char *day,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
char *pos_office_report_text_finish (GAsyncResult *result, GError **error);

G_END_DECLS
