/* pos-office-db.c: the office database: schema, delivery, roster, report.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pos-office-db.h"
#include "pos-sale-record-private.h"

G_DEFINE_QUARK (pos - office - error - quark, pos_office_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

static void
conninfo_options_free (PQconninfoOption *options)
{
  PQconninfoFree (options);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PQconninfoOption, conninfo_options_free)

/* Version 1. Sales are keyed by (station, the station's sale id); last_seq is the outbox
 * sequence of the record that wrote the row, so an older or repeated record changes nothing.
 * Only what the reports and History need comes up: no request bodies, no customer names or
 * addresses (the account numbers, which History searches by, do), no card data beyond the last
 * four digits the station shows in History. */
static const char schema_v1[] =
  "DO $$ BEGIN\n"
  "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" POS_OFFICE_STATION_ROLE "') THEN\n"
  "    CREATE ROLE " POS_OFFICE_STATION_ROLE " NOLOGIN;\n"
  "  END IF;\n"
  "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" POS_OFFICE_ADMIN_ROLE "') THEN\n"
  "    CREATE ROLE " POS_OFFICE_ADMIN_ROLE " NOLOGIN;\n"
  "  END IF;\n"
  "END $$;\n"
  "CREATE TABLE stations (\n"
  "  station_id text PRIMARY KEY CHECK (station_id <> ''),\n"
  "  role_name name NOT NULL DEFAULT current_user,\n"
  "  name text NOT NULL DEFAULT '',\n"
  "  app_version text NOT NULL DEFAULT '',\n"
  "  last_seen timestamptz,\n"
  "  waiting bigint NOT NULL DEFAULT 0,\n"
  "  last_seq bigint NOT NULL DEFAULT 0\n"
  ");\n"
  "CREATE TABLE sales (\n"
  "  station_id text NOT NULL REFERENCES stations,\n"
  "  sale_id bigint NOT NULL,\n"
  "  last_seq bigint NOT NULL,\n"
  "  client_reference text NOT NULL,\n"
  "  agent_email text NOT NULL,\n"
  "  status text NOT NULL,\n"
  "  total bigint NOT NULL,\n"
  "  created timestamptz NOT NULL,\n"
  "  updated timestamptz NOT NULL,\n"
  "  business_day date NOT NULL,\n"
  "  session_identifier text,\n"
  "  card_last4 text CHECK (card_last4 ~ '^[0-9]{4}$'),\n"
  "  closed_by text,\n"
  "  closed_reason text,\n"
  "  accounts text NOT NULL DEFAULT '',\n"
  "  PRIMARY KEY (station_id, sale_id)\n"
  ");\n"
  "CREATE INDEX sales_day ON sales (business_day, station_id, status);\n"
  "CREATE INDEX sales_reference ON sales (client_reference);\n"
  "CREATE INDEX sales_created ON sales (created DESC, sale_id DESC);\n"
  "CREATE TABLE sale_charges (\n"
  "  station_id text NOT NULL,\n"
  "  sale_id bigint NOT NULL,\n"
  "  position integer NOT NULL,\n"
  "  charge_type text NOT NULL,\n"
  "  amount bigint NOT NULL,\n"
  "  PRIMARY KEY (station_id, sale_id, position),\n"
  "  FOREIGN KEY (station_id, sale_id) REFERENCES sales ON DELETE CASCADE\n"
  ");\n"
  "CREATE TABLE day_closes (\n"
  "  station_id text NOT NULL REFERENCES stations,\n"
  "  business_day date NOT NULL,\n"
  "  last_seq bigint NOT NULL,\n"
  "  closed_by text NOT NULL,\n"
  "  closed_at timestamptz NOT NULL,\n"
  "  summary jsonb NOT NULL,\n"
  "  PRIMARY KEY (station_id, business_day)\n"
  ");\n"
  /* The day's figures, kept by paystar_deliver () as the sales change: kind 'status' per status
   * (key: the status), kind 'charge' per charge type of the succeeded sales (key: the type). The
   * office report reads these few rows instead of the day's sales. */
  "CREATE TABLE day_totals (\n"
  "  station_id text NOT NULL REFERENCES stations,\n"
  "  business_day date NOT NULL,\n"
  "  kind text NOT NULL CHECK (kind IN ('status', 'charge')),\n"
  "  key text NOT NULL,\n"
  "  count bigint NOT NULL,\n"
  "  total bigint NOT NULL,\n"
  "  PRIMARY KEY (business_day, station_id, kind, key)\n"
  ");\n"
  /* The station-wide lists an office keeps the same everywhere (names as the settings keys). */
  "CREATE TABLE station_lists (\n"
  "  name text PRIMARY KEY CHECK (name IN ('charge-types', 'payment-fields')),\n"
  "  items text[] NOT NULL,\n"
  "  updated timestamptz NOT NULL DEFAULT now()\n"
  ");\n"
  "CREATE TABLE agents (\n"
  "  email text PRIMARY KEY CHECK (email = lower(email) AND email LIKE '%_@_%'),\n"
  "  display_name text NOT NULL CHECK (btrim(display_name) <> ''),\n"
  "  pin_hash text NOT NULL CHECK (pin_hash LIKE '$%'),\n"
  "  is_admin boolean NOT NULL DEFAULT false,\n"
  "  active boolean NOT NULL DEFAULT true,\n"
  "  updated timestamptz NOT NULL DEFAULT now()\n"
  ");\n"
  /* Row-level security: a station reads everything (the roster; the sales for the "All
   * stations" History of its administrators) and writes only its own rows. */
  "ALTER TABLE stations ENABLE ROW LEVEL SECURITY;\n"
  "ALTER TABLE sales ENABLE ROW LEVEL SECURITY;\n"
  "ALTER TABLE sale_charges ENABLE ROW LEVEL SECURITY;\n"
  "ALTER TABLE day_closes ENABLE ROW LEVEL SECURITY;\n"
  "ALTER TABLE day_totals ENABLE ROW LEVEL SECURITY;\n"
  "CREATE POLICY station_read ON stations FOR SELECT TO " POS_OFFICE_STATION_ROLE " USING (true);\n"
  "CREATE POLICY station_insert ON stations FOR INSERT TO " POS_OFFICE_STATION_ROLE
  "  WITH CHECK (role_name = current_user);\n"
  "CREATE POLICY station_update ON stations FOR UPDATE TO " POS_OFFICE_STATION_ROLE
  "  USING (role_name = current_user) WITH CHECK (role_name = current_user);\n"
  "CREATE POLICY admin_all ON stations TO " POS_OFFICE_ADMIN_ROLE " USING (true);\n"
  "DO $$ DECLARE t text; BEGIN\n"
  "  FOREACH t IN ARRAY ARRAY['sales', 'sale_charges', 'day_closes', 'day_totals'] LOOP\n"
  "    EXECUTE format('CREATE POLICY station_read ON %I FOR SELECT TO " POS_OFFICE_STATION_ROLE
  " USING (true)', t);\n"
  "    EXECUTE format('CREATE POLICY station_write ON %I FOR ALL TO " POS_OFFICE_STATION_ROLE
  " USING (station_id IN (SELECT s.station_id FROM stations s WHERE s.role_name = current_user))"
  " WITH CHECK (station_id IN (SELECT s.station_id FROM stations s"
  " WHERE s.role_name = current_user))', t);\n"
  "    EXECUTE format('CREATE POLICY admin_all ON %I TO " POS_OFFICE_ADMIN_ROLE
  " USING (true)', t);\n"
  "  END LOOP;\n"
  "END $$;\n"
  /* Adds @sign times a sale's contribution to the day's figures. */
  "CREATE FUNCTION paystar_count_sale (p_station text, p_sale bigint, p_day date, p_status text,\n"
  "    p_total bigint, p_sign integer)\n"
  "RETURNS void LANGUAGE plpgsql AS $$\n"
  "BEGIN\n"
  "  INSERT INTO day_totals AS t VALUES (p_station, p_day, 'status', p_status, p_sign,\n"
  "      p_sign * p_total)\n"
  "    ON CONFLICT (business_day, station_id, kind, key) DO UPDATE\n"
  "    SET count = t.count + excluded.count, total = t.total + excluded.total;\n"
  "  IF p_status = 'succeeded' THEN\n"
  "    INSERT INTO day_totals AS t\n"
  "      SELECT p_station, p_day, 'charge', c.charge_type, p_sign * count(*),\n"
  "        p_sign * sum(c.amount)\n"
  "      FROM sale_charges c WHERE c.station_id = p_station AND c.sale_id = p_sale\n"
  "      GROUP BY c.charge_type\n"
  "      ON CONFLICT (business_day, station_id, kind, key) DO UPDATE\n"
  "      SET count = t.count + excluded.count, total = t.total + excluded.total;\n"
  "  END IF;\n"
  "END $$;\n"
  "CREATE FUNCTION paystar_deliver (p_station text, p_name text, p_version text,\n"
  "    p_waiting bigint, p_seqs bigint[], p_kinds text[], p_payloads jsonb[])\n"
  "RETURNS void LANGUAGE plpgsql AS $$\n"
  "DECLARE\n"
  "  i integer;\n"
  "  p jsonb;\n"
  "  n integer;\n"
  "  id bigint;\n"
  "  old record;\n"
  "BEGIN\n"
  "  INSERT INTO stations AS s (station_id, name, app_version, last_seen, waiting)\n"
  "    VALUES (p_station, p_name, p_version, now(), p_waiting)\n"
  "    ON CONFLICT (station_id) DO UPDATE SET name = excluded.name,\n"
  "      app_version = excluded.app_version, last_seen = now(), waiting = excluded.waiting;\n"
  "  FOR i IN 1 .. coalesce(array_length(p_seqs, 1), 0) LOOP\n"
  "    p := p_payloads[i];\n"
  "    IF p_kinds[i] = 'sale' THEN\n"
  "      id := (p->>'id')::bigint;\n"
  "      SELECT x.last_seq, x.status, x.total, x.business_day INTO old FROM sales x\n"
  "        WHERE x.station_id = p_station AND x.sale_id = id FOR UPDATE;\n"
  "      IF FOUND AND old.last_seq >= p_seqs[i] THEN\n"
  "        CONTINUE;\n"
  "      END IF;\n"
  "      IF FOUND THEN\n"
  "        PERFORM paystar_count_sale (p_station, id, old.business_day, old.status, old.total,\n"
  "          -1);\n"
  "      END IF;\n"
  "      INSERT INTO sales AS x (station_id, sale_id, last_seq, client_reference, agent_email,\n"
  "          status, total, created, updated, business_day, session_identifier, card_last4,\n"
  "          closed_by, closed_reason, accounts)\n"
  "        VALUES (p_station, id, p_seqs[i], p->>'reference', p->>'agent',\n"
  "          p->>'status', (p->>'total')::bigint,\n"
  "          to_timestamp((p->>'created')::bigint / 1000000.0),\n"
  "          to_timestamp((p->>'updated')::bigint / 1000000.0), (p->>'day')::date,\n"
  "          p->>'session', p->>'last4', p->>'closed_by', p->>'closed_reason',\n"
  "          coalesce(p->>'accounts', ''))\n"
  "        ON CONFLICT (station_id, sale_id) DO UPDATE SET last_seq = excluded.last_seq,\n"
  "          client_reference = excluded.client_reference, status = excluded.status,\n"
  "          total = excluded.total, updated = excluded.updated,\n"
  "          session_identifier = excluded.session_identifier,\n"
  "          card_last4 = excluded.card_last4, closed_by = excluded.closed_by,\n"
  "          closed_reason = excluded.closed_reason, accounts = excluded.accounts;\n"
  "      DELETE FROM sale_charges WHERE station_id = p_station AND sale_id = id;\n"
  "      INSERT INTO sale_charges (station_id, sale_id, position, charge_type, amount)\n"
  "        SELECT p_station, id, c.position, coalesce(c.value->>'type', ''),\n"
  "          coalesce((c.value->>'amount')::bigint, 0)\n"
  "        FROM jsonb_array_elements(coalesce(p->'charges', '[]'::jsonb))\n"
  "          WITH ORDINALITY AS c (value, position);\n"
  "      PERFORM paystar_count_sale (p_station, id, (p->>'day')::date, p->>'status',\n"
  "        (p->>'total')::bigint, 1);\n"
  "    ELSIF p_kinds[i] = 'close' THEN\n"
  "      INSERT INTO day_closes (station_id, business_day, last_seq, closed_by, closed_at,\n"
  "          summary)\n"
  "        VALUES (p_station, (p->>'day')::date, p_seqs[i], p->>'closed_by',\n"
  "          to_timestamp((p->>'closed_at')::bigint / 1000000.0), p->'summary')\n"
  "        ON CONFLICT (station_id, business_day) DO NOTHING;\n"
  "    ELSE\n"
  "      RAISE EXCEPTION 'unknown outbox record kind: %', p_kinds[i] USING ERRCODE = '22023';\n"
  "    END IF;\n"
  "  END LOOP;\n"
  "  UPDATE stations SET last_seq = greatest(last_seq, coalesce(p_seqs[array_upper(p_seqs, 1)], "
  "0))\n"
  "    WHERE station_id = p_station;\n"
  "END $$;\n"
  "REVOKE ALL ON FUNCTION paystar_deliver, paystar_count_sale FROM PUBLIC;\n"
  "GRANT EXECUTE ON FUNCTION paystar_deliver, paystar_count_sale TO " POS_OFFICE_STATION_ROLE
  ", " POS_OFFICE_ADMIN_ROLE ";\n"
  "GRANT SELECT ON paystar_schema, agents, station_lists TO " POS_OFFICE_STATION_ROLE ";\n"
  "GRANT SELECT, INSERT, UPDATE ON stations, sales, sale_charges, day_closes, day_totals "
  "TO " POS_OFFICE_STATION_ROLE ";\n"
  "GRANT DELETE ON sale_charges TO " POS_OFFICE_STATION_ROLE ";\n"
  "GRANT SELECT, INSERT, UPDATE, DELETE ON paystar_schema, agents, stations, sales, "
  "sale_charges, day_closes, day_totals, station_lists TO " POS_OFFICE_ADMIN_ROLE ";\n";

/* Where a server message ends in a newline, the GError does not. */
static char *
server_message (const char *text)
{
  return g_strchomp (g_strdup (text != NULL && *text != '\0' ? text : _ ("unknown error")));
}

static gboolean
set_result_error (PGconn *conn, const PGresult *result, GError **error)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  g_autofree char *message =
    server_message (result != NULL ? PQresultErrorMessage (result) : PQerrorMessage (conn));
  PosOfficeError code = POS_OFFICE_ERROR_QUERY;

  if (PQstatus (conn) != CONNECTION_OK || state == NULL || g_str_has_prefix (state, "08") ||
      g_str_has_prefix (state, "57P"))
    code = POS_OFFICE_ERROR_CONNECT;
  else if (g_str_equal (state, "42501"))
    code = POS_OFFICE_ERROR_REFUSED;
  else if (g_str_equal (state, "42P01") || g_str_equal (state, "42883"))
    code = POS_OFFICE_ERROR_SCHEMA;
  g_set_error (error, POS_OFFICE_ERROR, code, _ ("The office database: %s"), message);
  return FALSE;
}

static PGresult *
run (PGconn *conn,
     const char *sql,
     int n_params,
     const char *const *values,
     ExecStatusType expected,
     GError **error)
{
  g_autoptr (PGresult) result = NULL;

  result = PQexecParams (conn, sql, n_params, NULL, values, NULL, NULL, 0);
  if (result == NULL || PQresultStatus (result) != expected) {
    set_result_error (conn, result, error);
    return NULL;
  }
  return g_steal_pointer (&result);
}

gboolean
pos_office_exec (PGconn *conn, const char *sql, GError **error)
{
  g_autoptr (PGresult) result = NULL;

  g_return_val_if_fail (conn != NULL, FALSE);

  result = PQexec (conn, sql);
  if (result == NULL ||
      (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK))
    return set_result_error (conn, result, error);
  return TRUE;
}

static gboolean
address_is_local (const char *host)
{
  g_autoptr (GInetAddress) address = NULL;

  if (host[0] == '/' || host[0] == '@' || g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* The first non-local entry of a comma-separated host or hostaddr list, or NULL. */
static char *
find_network_host (const char *list)
{
  g_auto (GStrv) hosts = NULL;

  if (list == NULL || *list == '\0')
    return NULL;
  hosts = g_strsplit (list, ",", -1);
  for (guint i = 0; hosts[i] != NULL; i++) {
    g_strstrip (hosts[i]);
    /* An empty entry is the default: the Unix socket. */
    if (*hosts[i] != '\0' && !address_is_local (hosts[i]))
      return g_strdup (hosts[i]);
  }
  return NULL;
}

gboolean
pos_office_check_conninfo (const char *conninfo, GError **error)
{
  g_autoptr (PQconninfoOption) options = NULL;
  g_autofree char *parse_error = NULL;
  g_autofree char *network_host = NULL;
  const char *host = NULL, *hostaddr = NULL, *sslmode = NULL;
  char *message = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  options = PQconninfoParse (conninfo != NULL ? conninfo : "", &message);
  if (options == NULL) {
    parse_error = server_message (message);
    PQfreemem (message);
    g_set_error (error, POS_OFFICE_ERROR, POS_OFFICE_ERROR_INVALID,
                 _ ("The office database setting is not a connection string libpq can read "
                    "(%s). Write it as “host=… dbname=… user=…” or as a postgresql:// URI."),
                 parse_error);
    return FALSE;
  }
  for (PQconninfoOption *option = options; option->keyword != NULL; option++) {
    if (option->val == NULL)
      continue;
    if (g_str_equal (option->keyword, "password") && *option->val != '\0') {
      g_set_error_literal (error, POS_OFFICE_ERROR, POS_OFFICE_ERROR_INVALID,
                           _ ("The office database setting holds a password. Remove it from the "
                              "connection string and put it in ~/.pgpass of the user the app "
                              "runs as (readable by that user only)."));
      return FALSE;
    }
    if (g_str_equal (option->keyword, "host"))
      host = option->val;
    else if (g_str_equal (option->keyword, "hostaddr"))
      hostaddr = option->val;
    else if (g_str_equal (option->keyword, "sslmode"))
      sslmode = option->val;
  }
  /* What libpq falls back to when the string does not say. */
  if (host == NULL && hostaddr == NULL)
    host = g_getenv ("PGHOST");
  if (hostaddr == NULL)
    hostaddr = g_getenv ("PGHOSTADDR");
  if (sslmode == NULL)
    sslmode = g_getenv ("PGSSLMODE");

  network_host = find_network_host (host);
  if (network_host == NULL)
    network_host = find_network_host (hostaddr);
  if (network_host != NULL && g_strcmp0 (sslmode, "verify-full") != 0) {
    g_set_error (error, POS_OFFICE_ERROR, POS_OFFICE_ERROR_INSECURE,
                 _ ("The office database at %s is reached over the network, so the connection "
                    "must be encrypted and the server’s certificate checked: add "
                    "“sslmode=verify-full” to the connection string (and "
                    "“sslrootcert=/path/to/ca.crt” when the server’s certificate is not signed "
                    "by an authority this computer trusts)."),
                 network_host);
    return FALSE;
  }
  return TRUE;
}

/* The server's notices (e.g. "terminating connection due to administrator command") go to the
 * debug log, not to the terminal of whoever runs the app. */
static void
log_notice (void *data, const char *message)
{
  g_debug ("office database: %s", message);
}

PGconn *
pos_office_connect (const char *conninfo, const char *application_name, GError **error)
{
  /* Later keywords win: the string's own connect_timeout and application_name override these. */
  const char *const keywords[] = { "connect_timeout", "application_name", "dbname", NULL };
  const char *const values[] = { "5", application_name, conninfo, NULL };
  g_autoptr (PGconn) conn = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pos_office_check_conninfo (conninfo, error))
    return NULL;
  conn = PQconnectdbParams (keywords, values, 1);
  if (conn == NULL || PQstatus (conn) != CONNECTION_OK) {
    g_autofree char *message = server_message (conn != NULL ? PQerrorMessage (conn) : NULL);

    g_set_error (error, POS_OFFICE_ERROR, POS_OFFICE_ERROR_CONNECT,
                 _ ("Cannot reach the office database: %s"), message);
    return NULL;
  }
  PQsetNoticeProcessor (conn, log_notice, NULL);
  return g_steal_pointer (&conn);
}

static gint64
schema_version (PGconn *conn, GError **error)
{
  g_autoptr (PGresult) result = NULL;

  result =
    run (conn, "SELECT to_regclass('paystar_schema') IS NULL", 0, NULL, PGRES_TUPLES_OK, error);
  if (result == NULL)
    return -1;
  if (g_str_equal (PQgetvalue (result, 0, 0), "t"))
    return 0;
  g_clear_pointer (&result, PQclear);
  result = run (conn, "SELECT coalesce(max(version), 0) FROM paystar_schema", 0, NULL,
                PGRES_TUPLES_OK, error);
  if (result == NULL)
    return -1;
  return g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
}

gboolean
pos_office_init_schema (PGconn *conn, GError **error)
{
  gint64 version;

  g_return_val_if_fail (conn != NULL, FALSE);

  if (!pos_office_exec (conn, "BEGIN", error))
    return FALSE;
  /* One initialisation at a time. */
  if (!pos_office_exec (conn, "SELECT pg_advisory_xact_lock(7061797374617200)", error))
    goto fail;
  version = schema_version (conn, error);
  if (version < 0)
    goto fail;
  if (version > POS_OFFICE_SCHEMA_VERSION) {
    g_set_error (error, POS_OFFICE_ERROR, POS_OFFICE_ERROR_SCHEMA,
                 _ ("The office database has schema version %d, newer than this program knows "
                    "(%d). Update paystar-office."),
                 (int) version, POS_OFFICE_SCHEMA_VERSION);
    goto fail;
  }
  if (version == 0) {
    if (!pos_office_exec (conn, "CREATE TABLE paystar_schema (version integer NOT NULL)", error) ||
        !pos_office_exec (conn, schema_v1, error) ||
        !pos_office_exec (conn, "INSERT INTO paystar_schema VALUES (1)", error))
      goto fail;
  }
  /* Later versions: one migration each, here, in order. */
  return pos_office_exec (conn, "COMMIT", error);

fail:
  PQclear (PQexec (conn, "ROLLBACK"));
  return FALSE;
}

gboolean
pos_office_check_schema (PGconn *conn, GError **error)
{
  gint64 version;

  g_return_val_if_fail (conn != NULL, FALSE);

  version = schema_version (conn, error);
  if (version < 0)
    return FALSE;
  if (version != POS_OFFICE_SCHEMA_VERSION) {
    g_set_error (error, POS_OFFICE_ERROR, POS_OFFICE_ERROR_SCHEMA,
                 version == 0 ? _ ("The office database has no Paystar POS tables yet. An "
                                   "administrator runs “paystar-office init” once.")
                              : _ ("The office database’s schema is a version this app does not "
                                   "know. Update the app or run “paystar-office init”."));
    return FALSE;
  }
  return TRUE;
}

/* A PostgreSQL array literal element: double-quoted, with backslash and quote escaped. */
static void
append_element (GString *array, const char *text)
{
  if (array->len > 1)
    g_string_append_c (array, ',');
  g_string_append_c (array, '"');
  for (const char *p = text; *p != '\0'; p++) {
    if (*p == '"' || *p == '\\')
      g_string_append_c (array, '\\');
    g_string_append_c (array, *p);
  }
  g_string_append_c (array, '"');
}

gboolean
pos_office_deliver (PGconn *conn,
                    const PosOfficeStation *station,
                    GPtrArray *records,
                    gint64 waiting,
                    GError **error)
{
  g_autoptr (GString) seqs = g_string_new ("{");
  g_autoptr (GString) kinds = g_string_new ("{");
  g_autoptr (GString) payloads = g_string_new ("{");
  g_autoptr (PGresult) result = NULL;
  g_autofree char *waiting_text = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (waiting, 0));
  const char *values[7];

  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (station != NULL && station->id != NULL && *station->id != '\0', FALSE);
  g_return_val_if_fail (records != NULL, FALSE);

  for (guint i = 0; i < records->len; i++) {
    const PosOutboxRecord *record = g_ptr_array_index (records, i);

    if (seqs->len > 1)
      g_string_append_c (seqs, ',');
    g_string_append_printf (seqs, "%" G_GINT64_FORMAT, record->seq);
    append_element (kinds, record->kind);
    append_element (payloads, record->payload);
  }
  g_string_append_c (seqs, '}');
  g_string_append_c (kinds, '}');
  g_string_append_c (payloads, '}');

  values[0] = station->id;
  values[1] = station->name != NULL ? station->name : "";
  values[2] = station->version != NULL ? station->version : "";
  values[3] = waiting_text;
  values[4] = seqs->str;
  values[5] = kinds->str;
  values[6] = payloads->str;
  /* One statement: its own transaction. */
  result = run (conn,
                "SELECT paystar_deliver ($1, $2, $3, $4::bigint, $5::bigint[], $6::text[], "
                "$7::jsonb[])",
                7, values, PGRES_TUPLES_OK, error);
  return result != NULL;
}

GPtrArray *
pos_office_fetch_roster (PGconn *conn, GError **error)
{
  g_autoptr (PGresult) result = NULL;
  g_autoptr (GPtrArray) entries = NULL;

  g_return_val_if_fail (conn != NULL, NULL);

  result = run (conn,
                "SELECT email, display_name, pin_hash, is_admin, active FROM agents "
                "ORDER BY email",
                0, NULL, PGRES_TUPLES_OK, error);
  if (result == NULL)
    return NULL;
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pos_roster_entry_free);
  for (int row = 0; row < PQntuples (result); row++) {
    PosRosterEntry *entry = g_new0 (PosRosterEntry, 1);

    entry->email = g_strdup (PQgetvalue (result, row, 0));
    entry->display_name = g_strdup (PQgetvalue (result, row, 1));
    entry->pin_hash = g_strdup (PQgetvalue (result, row, 2));
    entry->is_admin = g_str_equal (PQgetvalue (result, row, 3), "t");
    entry->active = g_str_equal (PQgetvalue (result, row, 4), "t");
    g_ptr_array_add (entries, entry);
  }
  return g_steal_pointer (&entries);
}

/* Reads a text[] in PostgreSQL's output format ({a,"b c","d\\"e"}) into a GStrv. */
static GStrv
parse_text_array (const char *text)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  const char *p = text;

  if (*p++ != '{')
    return g_strv_builder_end (builder);
  while (*p != '\0' && *p != '}') {
    g_autoptr (GString) item = g_string_new (NULL);

    if (*p == '"') {
      for (p++; *p != '\0' && *p != '"'; p++) {
        if (*p == '\\' && p[1] != '\0')
          p++;
        g_string_append_c (item, *p);
      }
      if (*p == '"')
        p++;
    } else {
      for (; *p != '\0' && *p != ',' && *p != '}'; p++)
        g_string_append_c (item, *p);
    }
    g_strv_builder_add (builder, item->str);
    if (*p == ',')
      p++;
  }
  return g_strv_builder_end (builder);
}

GHashTable *
pos_office_fetch_lists (PGconn *conn, GError **error)
{
  g_autoptr (PGresult) result = NULL;
  GHashTable *lists;

  g_return_val_if_fail (conn != NULL, NULL);

  result = run (conn, "SELECT name, items FROM station_lists ORDER BY name", 0, NULL,
                PGRES_TUPLES_OK, error);
  if (result == NULL)
    return NULL;
  lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  for (int row = 0; row < PQntuples (result); row++)
    g_hash_table_insert (lists, g_strdup (PQgetvalue (result, row, 0)),
                         parse_text_array (PQgetvalue (result, row, 1)));
  return lists;
}

/* The statuses of @mask (0: every status but draft and not-sent) as a text[] literal. */
static char *
status_array (guint mask)
{
  g_autoptr (GString) array = g_string_new ("{");

  for (PosSaleStatus status = 0; status <= POS_SALE_STATUS_LAST; status++) {
    gboolean wanted = mask != 0
                        ? (mask & POS_SALE_STATUS_MASK (status)) != 0
                        : status != POS_SALE_STATUS_DRAFT && status != POS_SALE_STATUS_NOT_SENT;

    if (!wanted)
      continue;
    if (array->len > 1)
      g_string_append_c (array, ',');
    g_string_append (array, pos_sale_status_to_string (status));
  }
  g_string_append_c (array, '}');
  return g_string_free (g_steal_pointer (&array), FALSE);
}

/* The parameters the two History queries share: $1 since, $2 until, $3 statuses. */
typedef struct {
  char *since;
  char *until;
  char *statuses;
} RangeParams;

static void
range_params_init (RangeParams *params, const PosJournalQuery *query)
{
  params->since = g_strdup_printf ("%" G_GINT64_FORMAT, query->since);
  params->until = g_strdup_printf ("%" G_GINT64_FORMAT, query->until);
  params->statuses = status_array (query->status_mask);
}

static void
range_params_clear (RangeParams *params)
{
  g_free (params->since);
  g_free (params->until);
  g_free (params->statuses);
}

#define RANGE_WHERE                                                             \
  "($1::bigint = 0 OR x.created >= to_timestamp ($1::bigint / 1000000.0)) AND " \
  "($2::bigint = 0 OR x.created < to_timestamp ($2::bigint / 1000000.0)) AND "  \
  "x.status = ANY ($3::text[])"

GPtrArray *
pos_office_list_sales (PGconn *conn, const PosJournalQuery *query, GError **error)
{
  g_autoptr (PGresult) result = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GString) pattern = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *offset = NULL;
  g_autofree char *amount = NULL;
  RangeParams params;
  const char *values[8];
  gint64 cents;

  g_return_val_if_fail (conn != NULL && query != NULL, NULL);

  /* The text: a substring of the reference or of an account number (every character literal),
   * or an amount, as the station's own History searches. */
  if (query->text != NULL && *query->text != '\0') {
    pattern = g_string_new ("%");
    for (const char *p = query->text; *p != '\0'; p++) {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
    g_string_append_c (pattern, '%');
    if (paystar_money_parse (query->text, &cents, NULL))
      amount = g_strdup_printf ("%" G_GINT64_FORMAT, cents);
  }
  limit = g_strdup_printf ("%u", query->limit != 0 ? query->limit : 500);
  offset = g_strdup_printf ("%u", query->offset);
  range_params_init (&params, query);
  values[0] = params.since;
  values[1] = params.until;
  values[2] = params.statuses;
  values[3] = pattern != NULL ? pattern->str : NULL;
  values[4] = amount;
  values[5] = limit;
  values[6] = offset;
  result = run (conn,
                "SELECT x.sale_id, x.client_reference, x.agent_email, "
                "(extract (epoch FROM x.created) * 1000000)::bigint, "
                "(extract (epoch FROM x.updated) * 1000000)::bigint, x.status, x.total, "
                "x.session_identifier, x.card_last4, x.closed_by, x.closed_reason, "
                "coalesce (nullif (s.name, ''), s.station_id), x.accounts "
                "FROM sales x JOIN stations s ON s.station_id = x.station_id WHERE " RANGE_WHERE
                " AND ($4::text IS NULL OR x.client_reference ILIKE $4::text OR "
                "x.accounts ILIKE $4::text OR "
                "x.total = $5::bigint) "
                "ORDER BY x.created DESC, x.sale_id DESC LIMIT $6::bigint OFFSET $7::bigint",
                7, values, PGRES_TUPLES_OK, error);
  range_params_clear (&params);
  if (result == NULL)
    return NULL;

  records = g_ptr_array_new_with_free_func (g_object_unref);
  for (int row = 0; row < PQntuples (result); row++) {
    PosSaleRecord *record = pos_sale_record_new ();
    PosSaleStatus status = POS_SALE_STATUS_UNKNOWN;

#define TEXT_OR_NULL(column) \
  (PQgetisnull (result, row, column) ? NULL : g_strdup (PQgetvalue (result, row, column)))
    record->id = g_ascii_strtoll (PQgetvalue (result, row, 0), NULL, 10);
    record->client_reference = TEXT_OR_NULL (1);
    record->agent_email = TEXT_OR_NULL (2);
    record->created = g_ascii_strtoll (PQgetvalue (result, row, 3), NULL, 10);
    record->updated = g_ascii_strtoll (PQgetvalue (result, row, 4), NULL, 10);
    pos_sale_status_from_string (PQgetvalue (result, row, 5), &status);
    record->status = status;
    record->total = g_ascii_strtoll (PQgetvalue (result, row, 6), NULL, 10);
    record->session_identifier = TEXT_OR_NULL (7);
    record->card_last4 = TEXT_OR_NULL (8);
    record->closed_by = TEXT_OR_NULL (9);
    record->closed_reason = TEXT_OR_NULL (10);
    record->station = TEXT_OR_NULL (11);
    record->accounts = TEXT_OR_NULL (12);
#undef TEXT_OR_NULL
    g_ptr_array_add (records, record);
  }
  return g_steal_pointer (&records);
}

gboolean
pos_office_summarize_sales (PGconn *conn,
                            const PosJournalQuery *query,
                            PosShiftSummary *summary,
                            GError **error)
{
  g_autoptr (PGresult) result = NULL;
  RangeParams params;
  const char *values[3];

  g_return_val_if_fail (conn != NULL && query != NULL, FALSE);
  g_return_val_if_fail (POS_IS_SHIFT_SUMMARY (summary), FALSE);

  range_params_init (&params, query);
  values[0] = params.since;
  values[1] = params.until;
  values[2] = params.statuses;
  result = run (conn,
                "SELECT x.agent_email, x.status, count(*), coalesce (sum (x.total), 0) "
                "FROM sales x WHERE " RANGE_WHERE " GROUP BY 1, 2",
                3, values, PGRES_TUPLES_OK, error);
  range_params_clear (&params);
  if (result == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (result); row++) {
    PosSaleStatus status = POS_SALE_STATUS_UNKNOWN;

    pos_sale_status_from_string (PQgetvalue (result, row, 1), &status);
    pos_shift_summary_add_group (summary, PQgetvalue (result, row, 0), status,
                                 (guint) g_ascii_strtoll (PQgetvalue (result, row, 2), NULL, 10),
                                 g_ascii_strtoll (PQgetvalue (result, row, 3), NULL, 10));
  }
  return TRUE;
}

static gint64
value_int (const PGresult *result, int row, int column)
{
  return g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10);
}

static void
add_count (JsonObject *object, const char *member, gint64 count, gint64 total)
{
  JsonObject *entry =
    json_object_has_member (object, member) ? json_object_get_object_member (object, member) : NULL;

  if (entry == NULL) {
    entry = json_object_new ();
    json_object_set_int_member (entry, "count", 0);
    json_object_set_int_member (entry, "total", 0);
    json_object_set_object_member (object, member, entry);
  }
  json_object_set_int_member (entry, "count", json_object_get_int_member (entry, "count") + count);
  json_object_set_int_member (entry, "total", json_object_get_int_member (entry, "total") + total);
}

static void
add_int (JsonObject *object, const char *member, gint64 value)
{
  json_object_set_int_member (object, member,
                              json_object_get_int_member_with_default (object, member, 0) + value);
}

static JsonObject *
new_figures (void)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "count", 0);
  json_object_set_int_member (object, "total", 0);
  json_object_set_int_member (object, "paid_count", 0);
  json_object_set_int_member (object, "paid_total", 0);
  json_object_set_object_member (object, "by_status", json_object_new ());
  return object;
}

/* Adds one (status, count, total) group to @figures. */
static void
add_group (JsonObject *figures, const char *status, gint64 count, gint64 total)
{
  add_int (figures, "count", count);
  add_int (figures, "total", total);
  if (g_str_equal (status, "succeeded")) {
    add_int (figures, "paid_count", count);
    add_int (figures, "paid_total", total);
  }
  add_count (json_object_get_object_member (figures, "by_status"), status, count, total);
}

JsonNode *
pos_office_report (PGconn *conn, const char *day, GError **error)
{
  g_autoptr (PGresult) stations = NULL;
  g_autoptr (PGresult) groups = NULL;
  g_autoptr (PGresult) charges = NULL;
  g_autoptr (GHashTable) by_id = NULL;
  g_autoptr (JsonObject) root = json_object_new ();
  JsonArray *list = json_array_new ();
  JsonObject *totals = new_figures ();
  JsonObject *by_type = json_object_new ();
  JsonNode *node;
  const char *values[] = { day };
  GDate date;

  g_return_val_if_fail (conn != NULL, NULL);

  g_date_clear (&date, 1);
  if (day != NULL)
    g_date_set_parse (&date, day);
  if (day == NULL || strlen (day) != 10 || !g_date_valid (&date)) {
    g_set_error (error, POS_OFFICE_ERROR, POS_OFFICE_ERROR_INVALID,
                 _ ("“%s” is not a date (YYYY-MM-DD)."), day != NULL ? day : "");
    goto fail;
  }

  stations = run (conn,
                  "SELECT s.station_id, s.name, coalesce(to_char(s.last_seen AT TIME ZONE 'UTC', "
                  "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''), s.waiting, s.app_version, "
                  "d.closed_by IS NOT NULL, coalesce(d.closed_by, '') FROM stations s "
                  "LEFT JOIN day_closes d ON d.station_id = s.station_id AND "
                  "d.business_day = $1::date ORDER BY s.name, s.station_id",
                  1, values, PGRES_TUPLES_OK, error);
  if (stations == NULL)
    goto fail;
  groups = run (conn,
                "SELECT station_id, key, count, total FROM day_totals "
                "WHERE business_day = $1::date AND kind = 'status' AND count <> 0 "
                "AND key NOT IN ('draft', 'not-sent')",
                1, values, PGRES_TUPLES_OK, error);
  if (groups == NULL)
    goto fail;
  charges = run (conn,
                 "SELECT key, sum(count), sum(total) FROM day_totals "
                 "WHERE business_day = $1::date AND kind = 'charge' GROUP BY key "
                 "HAVING sum(count) <> 0 ORDER BY key",
                 1, values, PGRES_TUPLES_OK, error);
  if (charges == NULL)
    goto fail;

  by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (int row = 0; row < PQntuples (stations); row++) {
    JsonObject *station = new_figures ();

    json_object_set_string_member (station, "id", PQgetvalue (stations, row, 0));
    json_object_set_string_member (station, "name", PQgetvalue (stations, row, 1));
    json_object_set_string_member (station, "last_seen", PQgetvalue (stations, row, 2));
    json_object_set_int_member (station, "waiting", value_int (stations, row, 3));
    json_object_set_string_member (station, "app_version", PQgetvalue (stations, row, 4));
    json_object_set_boolean_member (station, "closed",
                                    g_str_equal (PQgetvalue (stations, row, 5), "t"));
    json_object_set_string_member (station, "closed_by", PQgetvalue (stations, row, 6));
    json_array_add_object_element (list, station);
    g_hash_table_insert (by_id, PQgetvalue (stations, row, 0), station);
  }
  for (int row = 0; row < PQntuples (groups); row++) {
    JsonObject *station = g_hash_table_lookup (by_id, PQgetvalue (groups, row, 0));
    const char *status = PQgetvalue (groups, row, 1);
    gint64 count = value_int (groups, row, 2), total = value_int (groups, row, 3);

    if (station != NULL)
      add_group (station, status, count, total);
    add_group (totals, status, count, total);
  }
  for (guint i = 0; i < json_array_get_length (list); i++) {
    JsonObject *station = json_array_get_object_element (list, i);
    JsonArray *flags = json_array_new ();

    if (!json_object_get_boolean_member (station, "closed"))
      json_array_add_string_element (flags, "not-closed");
    if (json_object_get_int_member (station, "waiting") > 0)
      json_array_add_string_element (flags, "records-waiting");
    json_object_set_array_member (station, "flags", flags);
  }
  for (int row = 0; row < PQntuples (charges); row++)
    add_count (by_type, PQgetvalue (charges, row, 0), value_int (charges, row, 1),
               value_int (charges, row, 2));

  json_object_set_string_member (root, "day", day);
  json_object_set_array_member (root, "stations", g_steal_pointer (&list));
  json_object_set_object_member (root, "totals", g_steal_pointer (&totals));
  json_object_set_object_member (root, "by_charge_type", g_steal_pointer (&by_type));
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, root);
  return node;

fail:
  if (list != NULL)
    json_array_unref (list);
  if (totals != NULL)
    json_object_unref (totals);
  if (by_type != NULL)
    json_object_unref (by_type);
  return NULL;
}
