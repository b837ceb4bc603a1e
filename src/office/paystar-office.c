/* paystar-office.c: the office administrator's program: the office database's schema, the
 * roster every station signs in with, the stations, the day's report. No display needed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "pos-office-db.h"

#define EXIT_USAGE 2

static const char usage_text[] =
  "Usage: paystar-office [--database CONNINFO] COMMAND ...\n"
  "\n"
  "Commands:\n"
  "  init                              create or upgrade the office schema and its roles\n"
  "  agents list                       the office roster\n"
  "  agents add EMAIL NAME [--admin]   add an agent (the PIN is asked for)\n"
  "  agents set-pin EMAIL              set a new PIN (asked for)\n"
  "  agents set-admin EMAIL yes|no     make an agent an administrator, or not\n"
  "  agents disable EMAIL              the agent can no longer sign in anywhere\n"
  "  agents enable EMAIL               undo disable\n"
  "  lists                             the station-wide lists the office sets\n"
  "  lists set charge-types|payment-fields ITEM...\n"
  "                                    every station offers these (replacing its own)\n"
  "  lists clear charge-types|payment-fields\n"
  "                                    each station keeps its own again\n"
  "  stations                          every station: last seen, records waiting, version\n"
  "  report --date YYYY-MM-DD [--csv|--json]\n"
  "                                    the day's report of every station\n"
  "\n"
  "The connection string comes from --database, else $PAYSTAR_OFFICE_DATABASE, else libpq's\n"
  "own defaults (PGHOST, PGDATABASE, PGUSER, ...). Keep the password in ~/.pgpass.\n"
  "A PIN is read from the terminal without echo (twice), or as one line from standard input\n"
  "when that is not a terminal; never from the command line.\n";

static int
usage (void)
{
  fputs (usage_text, stderr);
  return EXIT_USAGE;
}

static int
fail (GError *error)
{
  g_printerr ("paystar-office: %s\n", error->message);
  g_error_free (error);
  return EXIT_FAILURE;
}

/* One line from @stream without its newline; NULL at end of file. The line is a PIN: the stack
 * copy is wiped. */
static char *
read_line (FILE *stream)
{
  char buffer[256];
  char *line = NULL;

  if (fgets (buffer, sizeof buffer, stream) != NULL) {
    buffer[strcspn (buffer, "\r\n")] = '\0';
    line = g_strdup (buffer);
  }
  explicit_bzero (buffer, sizeof buffer);
  return line;
}

static char *
read_pin_once (const char *prompt)
{
  struct termios saved, quiet;
  char *pin;

  if (!isatty (STDIN_FILENO))
    return read_line (stdin);
  fputs (prompt, stderr);
  fflush (stderr);
  tcgetattr (STDIN_FILENO, &saved);
  quiet = saved;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
  pin = read_line (stdin);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  fputc ('\n', stderr);
  return pin;
}

static char *
read_pin (GError **error)
{
  g_autoptr (PaystarSecret) pin = read_pin_once (_ ("PIN (4 to 12 digits): "));

  if (pin == NULL || !pos_pin_is_valid (pin)) {
    g_set_error_literal (error, POS_ERROR, POS_ERROR_INVALID_PIN,
                         _ ("A PIN is 4 to 12 digits. Nothing was changed."));
    return NULL;
  }
  if (isatty (STDIN_FILENO)) {
    g_autoptr (PaystarSecret) again = read_pin_once (_ ("The same PIN again: "));

    if (g_strcmp0 (pin, again) != 0) {
      g_set_error_literal (error, POS_ERROR, POS_ERROR_INVALID_PIN,
                           _ ("The two PINs differ. Nothing was changed."));
      return NULL;
    }
  }
  return g_steal_pointer (&pin);
}

/* Runs a one-row change; POS_ERROR_NOT_FOUND when no row changed. */
static gboolean
change_agent (PGconn *conn, const char *sql, int n, const char *const *values, GError **error)
{
  PGresult *result = PQexecParams (conn, sql, n, NULL, values, NULL, NULL, 0);
  gboolean ok = PQresultStatus (result) == PGRES_COMMAND_OK;

  if (!ok) {
    g_set_error (error, POS_OFFICE_ERROR, POS_OFFICE_ERROR_QUERY, _ ("The office database: %s"),
                 g_strchomp (PQresultErrorMessage (result)));
  } else if (g_strcmp0 (PQcmdTuples (result), "0") == 0) {
    g_set_error (error, POS_ERROR, POS_ERROR_NOT_FOUND,
                 _ ("%s is not on the office roster (see “paystar-office agents list”)."),
                 values[0]);
    ok = FALSE;
  }
  PQclear (result);
  return ok;
}

static int
agents_list (PGconn *conn)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = pos_office_fetch_roster (conn, &error);

  if (entries == NULL)
    return fail (g_steal_pointer (&error));
  g_print ("%-36s %-28s %-6s %s\n", _ ("Email"), _ ("Name"), _ ("Admin"), _ ("Active"));
  for (guint i = 0; i < entries->len; i++) {
    const PosRosterEntry *entry = g_ptr_array_index (entries, i);

    g_print ("%-36s %-28s %-6s %s\n", entry->email, entry->display_name,
             entry->is_admin ? _ ("yes") : _ ("no"), entry->active ? _ ("yes") : _ ("no"));
  }
  return EXIT_SUCCESS;
}

static int
agents (PGconn *conn, int argc, char **argv)
{
  GError *error = NULL;
  g_autofree char *email = NULL;
  const char *command;

  if (argc < 1)
    return usage ();
  command = argv[0];
  if (g_str_equal (command, "list"))
    return argc == 1 ? agents_list (conn) : usage ();
  if (argc < 2)
    return usage ();
  email = g_ascii_strdown (argv[1], -1);

  if (g_str_equal (command, "add")) {
    gboolean admin = argc == 4 && g_str_equal (argv[3], "--admin");
    g_autoptr (PaystarSecret) pin = NULL;
    g_autofree char *hash = NULL;
    g_autofree char *name = NULL;

    if (argc != 3 && !admin)
      return usage ();
    if (!paystar_is_valid_email (email)) {
      g_printerr (_ ("paystar-office: “%s” is not an email address.\n"), argv[1]);
      return EXIT_FAILURE;
    }
    name = g_strstrip (g_strdup (argv[2]));
    if (*name == '\0') {
      g_printerr (_ ("paystar-office: the agent needs a name.\n"));
      return EXIT_FAILURE;
    }
    pin = read_pin (&error);
    hash = pin != NULL ? pos_pin_hash (pin, &error) : NULL;
    if (hash == NULL)
      return fail (error);
    {
      const char *values[] = { email, name, hash, admin ? "true" : "false" };
      PGresult *result = PQexecParams (conn,
                                       "INSERT INTO agents (email, display_name, pin_hash, "
                                       "is_admin) VALUES ($1, $2, $3, $4::boolean) "
                                       "ON CONFLICT DO NOTHING",
                                       4, NULL, values, NULL, NULL, 0);
      gboolean ok = PQresultStatus (result) == PGRES_COMMAND_OK;
      gboolean added = ok && g_strcmp0 (PQcmdTuples (result), "1") == 0;

      if (!ok)
        g_printerr (_ ("paystar-office: the office database: %s\n"),
                    g_strchomp (PQresultErrorMessage (result)));
      else if (!added)
        g_printerr (_ ("paystar-office: %s is already on the office roster.\n"), email);
      PQclear (result);
      if (!added)
        return EXIT_FAILURE;
    }
    g_print (_ ("Added %s. They can sign in at every station within a minute.\n"), email);
    return EXIT_SUCCESS;
  }
  if (g_str_equal (command, "set-pin") && argc == 2) {
    g_autoptr (PaystarSecret) pin = read_pin (&error);
    g_autofree char *hash = pin != NULL ? pos_pin_hash (pin, &error) : NULL;
    const char *values[2] = { email, hash };

    if (hash == NULL ||
        !change_agent (conn, "UPDATE agents SET pin_hash = $2, updated = now() WHERE email = $1", 2,
                       values, &error))
      return fail (error);
    g_print (_ ("New PIN set for %s.\n"), email);
    return EXIT_SUCCESS;
  }
  if (g_str_equal (command, "set-admin") && argc == 3) {
    gboolean yes = g_str_equal (argv[2], "yes");
    const char *values[2] = { email, yes ? "true" : "false" };

    if (!yes && !g_str_equal (argv[2], "no"))
      return usage ();
    if (!change_agent (conn,
                       "UPDATE agents SET is_admin = $2::boolean, updated = now() "
                       "WHERE email = $1",
                       2, values, &error))
      return fail (error);
    g_print (yes ? _ ("%s is an administrator.\n") : _ ("%s is no longer an administrator.\n"),
             email);
    return EXIT_SUCCESS;
  }
  if ((g_str_equal (command, "disable") || g_str_equal (command, "enable")) && argc == 2) {
    gboolean enable = g_str_equal (command, "enable");
    const char *values[2] = { email, enable ? "true" : "false" };

    if (!change_agent (conn,
                       "UPDATE agents SET active = $2::boolean, updated = now() WHERE email = $1",
                       2, values, &error))
      return fail (error);
    g_print (enable ? _ ("%s can sign in again.\n")
                    : _ ("%s can no longer sign in; every station follows within a minute.\n"),
             email);
    return EXIT_SUCCESS;
  }
  return usage ();
}

static gboolean
is_list_name (const char *name)
{
  return g_str_equal (name, "charge-types") || g_str_equal (name, "payment-fields");
}

static int
lists (PGconn *conn, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  PGresult *result;
  gboolean ok;

  if (argc == 0) {
    g_autoptr (GHashTable) all = pos_office_fetch_lists (conn, &error);
    const char *const names[] = { "charge-types", "payment-fields" };

    if (all == NULL)
      return fail (g_steal_pointer (&error));
    for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
      const char *const *items = g_hash_table_lookup (all, names[i]);
      g_autofree char *joined = items != NULL ? g_strjoinv (", ", (char **) items) : NULL;

      g_print ("%s: %s\n", names[i], joined != NULL ? joined : _ ("(each station’s own)"));
    }
    return EXIT_SUCCESS;
  }
  if (argc < 2 || !is_list_name (argv[1]))
    return usage ();
  if (g_str_equal (argv[0], "clear") && argc == 2) {
    const char *values[] = { argv[1] };

    result = PQexecParams (conn, "DELETE FROM station_lists WHERE name = $1", 1, NULL, values, NULL,
                           NULL, 0);
  } else if (g_str_equal (argv[0], "set") && argc >= 3) {
    g_autoptr (GString) array = g_string_new ("{");
    const char *values[2];

    for (int i = 2; i < argc; i++) {
      g_autofree char *item = g_strstrip (g_strdup (argv[i]));

      if (*item == '\0' || !g_utf8_validate (item, -1, NULL)) {
        g_printerr (_ ("paystar-office: a list item is empty or not text. Nothing was changed.\n"));
        return EXIT_FAILURE;
      }
      if (array->len > 1)
        g_string_append_c (array, ',');
      g_string_append_c (array, '"');
      for (const char *p = item; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
          g_string_append_c (array, '\\');
        g_string_append_c (array, *p);
      }
      g_string_append_c (array, '"');
    }
    g_string_append_c (array, '}');
    values[0] = argv[1];
    values[1] = array->str;
    result = PQexecParams (conn,
                           "INSERT INTO station_lists (name, items) VALUES ($1, $2::text[]) "
                           "ON CONFLICT (name) DO UPDATE SET items = excluded.items, "
                           "updated = now()",
                           2, NULL, values, NULL, NULL, 0);
  } else {
    return usage ();
  }
  ok = PQresultStatus (result) == PGRES_COMMAND_OK;
  if (!ok)
    g_printerr (_ ("paystar-office: the office database: %s\n"),
                g_strchomp (PQresultErrorMessage (result)));
  PQclear (result);
  if (ok)
    g_print (_ ("Every station follows within a minute.\n"));
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}

static int
stations (PGconn *conn)
{
  PGresult *result = PQexec (conn, "SELECT station_id, name, coalesce(to_char(last_seen, "
                                   "'YYYY-MM-DD HH24:MI:SS TZ'), 'never'), waiting, app_version "
                                   "FROM stations ORDER BY name, station_id");

  if (PQresultStatus (result) != PGRES_TUPLES_OK) {
    g_printerr (_ ("paystar-office: the office database: %s\n"),
                g_strchomp (PQresultErrorMessage (result)));
    PQclear (result);
    return EXIT_FAILURE;
  }
  g_print ("%-38s %-20s %-26s %8s %s\n", _ ("Station"), _ ("Name"), _ ("Last seen"), _ ("Waiting"),
           _ ("Version"));
  for (int row = 0; row < PQntuples (result); row++)
    g_print ("%-38s %-20s %-26s %8s %s\n", PQgetvalue (result, row, 0), PQgetvalue (result, row, 1),
             PQgetvalue (result, row, 2), PQgetvalue (result, row, 3), PQgetvalue (result, row, 4));
  PQclear (result);
  return EXIT_SUCCESS;
}

static int
report (PGconn *conn, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  const char *day = NULL;
  gboolean csv = FALSE, json = FALSE;

  for (int i = 0; i < argc; i++) {
    if (g_str_equal (argv[i], "--date") && i + 1 < argc)
      day = argv[++i];
    else if (g_str_has_prefix (argv[i], "--date="))
      day = argv[i] + strlen ("--date=");
    else if (g_str_equal (argv[i], "--csv"))
      csv = TRUE;
    else if (g_str_equal (argv[i], "--json"))
      json = TRUE;
    else
      return usage ();
  }
  if (day == NULL || (csv && json))
    return usage ();
  node = pos_office_report (conn, day, &error);
  if (node == NULL)
    return fail (g_steal_pointer (&error));

  if (json) {
    g_autofree char *text = json_to_string (node, TRUE);

    g_print ("%s\n", text);
  } else {
    g_autofree char *text =
      csv ? pos_office_report_to_csv (node) : pos_office_report_to_text (node);

    g_print ("%s", text);
  }
  return EXIT_SUCCESS;
}

int
main (int argc, char **argv)
{
  g_autoptr (PGconn) conn = NULL;
  GError *error = NULL;
  const char *conninfo = g_getenv ("PAYSTAR_OFFICE_DATABASE");
  int first = 1;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc > 2 && g_str_equal (argv[1], "--database")) {
    conninfo = argv[2];
    first = 3;
  } else if (argc > 1 && g_str_has_prefix (argv[1], "--database=")) {
    conninfo = argv[1] + strlen ("--database=");
    first = 2;
  }
  if (argc <= first || g_str_equal (argv[first], "--help") || g_str_equal (argv[first], "-h")) {
    fputs (usage_text, argc <= first ? stderr : stdout);
    return argc <= first ? EXIT_USAGE : EXIT_SUCCESS;
  }

  conn = pos_office_connect (conninfo != NULL ? conninfo : "", "paystar-office", &error);
  if (conn == NULL)
    return fail (error);

  if (g_str_equal (argv[first], "init")) {
    if (argc != first + 1)
      return usage ();
    if (!pos_office_init_schema (conn, &error))
      return fail (error);
    g_print (_ ("The office schema is ready (version %d). Give each station a login role in "
                "“%s” and each administrator one in “%s”.\n"),
             POS_OFFICE_SCHEMA_VERSION, POS_OFFICE_STATION_ROLE, POS_OFFICE_ADMIN_ROLE);
    return EXIT_SUCCESS;
  }
  if (!pos_office_check_schema (conn, &error))
    return fail (error);
  if (g_str_equal (argv[first], "agents"))
    return agents (conn, argc - first - 1, argv + first + 1);
  if (g_str_equal (argv[first], "lists"))
    return lists (conn, argc - first - 1, argv + first + 1);
  if (g_str_equal (argv[first], "stations"))
    return argc == first + 1 ? stations (conn) : usage ();
  if (g_str_equal (argv[first], "report"))
    return report (conn, argc - first - 1, argv + first + 1);
  return usage ();
}
