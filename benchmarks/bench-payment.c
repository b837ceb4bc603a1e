/* bench-payment.c: how long the agent waits for Paystar's form after Submit (with and without the
 * warm-up), and how long paystar-pos takes to start. A benchmark, not a test: it prints figures.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run from the build directory under Xvfb (a display is needed; there is no GPU there, so use the
 * cairo renderer, as the UI tests do):
 *
 *   xvfb-run -a -s '-screen 0 1280x900x24' dbus-run-session -- \
 *     env GSK_RENDERER=cairo benchmarks/bench-payment [--runs N] [--app PATH] [--only submit|start]
 *
 * (1) Submit to form ready: the main window on a station of its own (memory GSettings, a
 *     temporary journal) with the in-process sandbox gateway, as the app runs it. An agent signs
 *     in and keys a sale; after 1.5 s of "typing" the benchmark activates win.submit and stops the
 *     clock when the payment page reports PAYMENT-SESSION.LOADED (the SDK's event, relayed by the
 *     bridge page). That covers journaling, the initiate request, handing the link to the view,
 *     the hosted page in its iframe and the SDK's first event. Measured N times with the view
 *     warmed up while the agent types (the app's behaviour), and N times with the warm-up off (the
 *     view is created at Submit). One run of each is made first and not counted.
 * (2) Cold start to an interactive window: spawns paystar-pos (--app, or ../src/ui/paystar-pos
 *     next to this program) with a private XDG_DATA_HOME and XDG_CONFIG_HOME,
 *     GSETTINGS_BACKEND=memory and PAYSTAR_POS_EXIT_WHEN_READY=1, which makes it print
 *     "ready <usec since process start>" after the first frame that shows the sign-in page, and
 *     quit. The clock runs from just before the spawn to that line. The first start (a new data
 *     folder: journal created, demo agents' PINs hashed, sandbox state created) is shown apart
 *     from the N starts that follow on the same folder.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <adwaita.h>

#include "pos-station.h"
#include "pos-test-util.h"
#include "proc-test-util.h"
#include "pos-ui.h"
#include "ui-reach.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#define MAX_RUNS   1000
#define TYPING_MS  1500
#define TIMEOUT_MS 30000

static char *temp_root;

/* Figures */

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
print_figures_in (const char *what, GArray *ms, const char *unit)
{
  double median;

  if (ms->len == 0) {
    g_print ("%-46s no runs\n", what);
    return;
  }
  g_array_sort (ms, compare_doubles);
  median =
    ms->len % 2 == 1
      ? g_array_index (ms, double, ms->len / 2)
      : (g_array_index (ms, double, ms->len / 2 - 1) + g_array_index (ms, double, ms->len / 2)) / 2;
  g_print ("%-46s median %7.1f %s   min %7.1f   max %7.1f   (%u runs)\n", what, median, unit,
           g_array_index (ms, double, 0), g_array_index (ms, double, ms->len - 1), ms->len);
}

static void
print_figures (const char *what, GArray *ms)
{
  print_figures_in (what, ms, "ms");
}

/* Proportional set size of process @pid in kB (its share of pages it shares with others), from
 * /proc/PID/smaps_rollup; 0 when it is gone. */
static guint64
pss_kb (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/smaps_rollup", (int) pid);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  line = strstr (text, "\nPss:");
  return line != NULL ? g_ascii_strtoull (line + strlen ("\nPss:"), NULL, 10) : 0;
}

/* How long ago process @pid started, in seconds (from /proc/PID/stat's start time and
 * /proc/uptime); -1 when it is gone. Tells a process of this sale from one left by an earlier
 * one. */
static double
age_s (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *stat = NULL;
  g_autofree char *uptime = NULL;
  const char *field;
  guint64 start_ticks;

  if (!g_file_get_contents (path, &stat, NULL, NULL) ||
      !g_file_get_contents ("/proc/uptime", &uptime, NULL, NULL))
    return -1;
  /* After the name in parentheses (which may hold spaces): state is field 3, starttime 22. */
  field = strrchr (stat, ')');
  if (field == NULL)
    return -1;
  for (int i = 2; i < 22 && field != NULL; i++)
    field = strchr (field + 1, ' ');
  if (field == NULL)
    return -1;
  start_ticks = g_ascii_strtoull (field + 1, NULL, 10);
  return g_ascii_strtod (uptime, NULL) - (double) start_ticks / sysconf (_SC_CLK_TCK);
}

/* The memory of the whole app with the form open: this process (the window, the station, its
 * sandbox) and every process below it (WebKit's web and network processes), in MB. */
static double
tree_pss_mb (GString *detail)
{
  g_autoptr (GArray) processes = proc_test_descendants (getpid ());
  guint64 kb = pss_kb (getpid ());

  g_string_printf (detail, "    this process (window, station, sandbox) %.1f MB\n", kb / 1024.0);
  for (guint i = 0; i < processes->len; i++) {
    ProcTestProcess *process = &g_array_index (processes, ProcTestProcess, i);
    guint64 one = pss_kb (process->pid);

    g_string_append_printf (detail, "    %-40s %.1f MB (started %.1f s before)\n", process->name,
                            one / 1024.0, age_s (process->pid));
    kb += one;
  }
  return kb / 1024.0;
}

/* Waiting on the main loop */

typedef gboolean (*Condition) (gpointer user_data);

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_until (Condition condition, gpointer user_data, const char *what)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add (TIMEOUT_MS, on_timeout, &timed_out);

  while (!condition (user_data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out) {
    g_printerr ("bench-payment: timed out waiting for %s\n", what);
    exit (1);
  }
  g_source_remove (source);
}

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct {
  PosWindow *window;
  const char *page;
} PageWait;

static gboolean
page_is (gpointer user_data)
{
  PageWait *wait = user_data;

  return g_strcmp0 (pos_window_get_visible_page (wait->window), wait->page) == 0;
}

static void
wait_for_page (PosWindow *window, const char *page)
{
  PageWait wait = { window, page };

  wait_until (page_is, &wait, page);
}

/* (1) Submit to form ready */

/* The moments of one Submit, microseconds of the monotonic clock (0 until reached). */
enum {
  MOMENT_SUBMIT,    /* win.submit activated */
  MOMENT_COMMITTED, /* the sale checked and journaled as sent (its fsync included) */
  MOMENT_ANSWERED,  /* Paystar's answer is in (the session and its link) */
  MOMENT_OPENING,   /* the payment page hands the link to its view */
  MOMENT_FRAME,     /* the SDK's FRAME.LOADED: the hosted page's document and assets are in */
  MOMENT_LOADED,    /* PAYMENT-SESSION.LOADED: the form is payable */
  N_MOMENTS
};

static const char *const phase_names[N_MOMENTS] = {
  NULL,
  "    checks and journal (fsync)",
  "    the initiate request",
  "    answer to the view having the link",
  "    the hosted page's document and assets",
  "    to the SDK's PAYMENT-SESSION.LOADED",
};

typedef struct {
  gint64 at[N_MOMENTS];
  PosPaymentView *view;
  gulong view_handler;
} Moments;

static void
mark (Moments *moments, guint moment)
{
  if (moments->at[moment] == 0)
    moments->at[moment] = g_get_monotonic_time ();
}

static void
on_loaded (PosPaymentPage *page, Moments *moments)
{
  mark (moments, MOMENT_LOADED);
}

static gboolean
is_loaded (gpointer user_data)
{
  return ((Moments *) user_data)->at[MOMENT_LOADED] != 0;
}

static void
on_step (PosCheckout *checkout, const char *name, Moments *moments)
{
  if (g_str_equal (name, "committed"))
    mark (moments, MOMENT_COMMITTED);
  else if (g_str_equal (name, "answered"))
    mark (moments, MOMENT_ANSWERED);
}

static void
on_view_event (PosPaymentView *view, gpointer data, Moments *moments)
{
  const PaystarEvent *event = data;

  if (event->kind == PAYSTAR_EVENT_FRAME_LOADED)
    mark (moments, MOMENT_FRAME);
}

static void
on_page_state (PosPaymentPage *page, GParamSpec *pspec, Moments *moments)
{
  if (pos_payment_page_get_state (page) != POS_PAYMENT_PAGE_LOADING || moments->view != NULL)
    return;
  mark (moments, MOMENT_OPENING);
  if (pos_payment_page_get_view (page) == NULL)
    return;
  moments->view = g_object_ref (pos_payment_page_get_view (page));

  moments->view_handler =
    g_signal_connect (moments->view, "event", G_CALLBACK (on_view_event), moments);
}

/* Submits the sale on screen and returns the milliseconds to PAYMENT-SESSION.LOADED; @phases
 * (when not NULL) gets each phase's milliseconds appended, one GArray per moment after the
 * first. */
static double
submit_once (PosWindow *window, GArray **phases)
{
  PosSalePage *sale_page = ui_sale_page (window);
  PosPaymentPage *payment_page = ui_payment_page (window);
  PosCheckout *checkout;
  PosChargeRow *row;
  Moments moments = { { 0 } };
  gulong handlers[3];

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-sale", NULL);
  wait_for_page (window, "sale");
  row = ui_charge_row (sale_page, 0);
  gtk_editable_set_text (
    pos_field_entry_get_editable (ui_charge_entry (row, POS_CHARGE_FIELD_AMOUNT_TEXT)), "150");
  gtk_editable_set_text (
    pos_field_entry_get_editable (ui_charge_entry (row, POS_CHARGE_FIELD_DESCRIPTION)),
    "Water service");
  /* The agent types; the warm-up (when on) happens meanwhile. */
  spin (TYPING_MS);

  checkout = pos_sale_page_get_checkout (sale_page);
  handlers[0] = g_signal_connect (payment_page, "loaded", G_CALLBACK (on_loaded), &moments);
  handlers[1] =
    g_signal_connect (payment_page, "notify::state", G_CALLBACK (on_page_state), &moments);
  handlers[2] = g_signal_connect (checkout, "step", G_CALLBACK (on_step), &moments);
  mark (&moments, MOMENT_SUBMIT);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.submit", NULL);
  wait_until (is_loaded, &moments, "PAYMENT-SESSION.LOADED");
  g_signal_handler_disconnect (payment_page, handlers[0]);
  g_signal_handler_disconnect (payment_page, handlers[1]);
  g_signal_handler_disconnect (checkout, handlers[2]);
  if (moments.view != NULL) {
    g_signal_handler_disconnect (moments.view, moments.view_handler);
    g_clear_object (&moments.view);
  }

  for (guint i = 1; phases != NULL && i < N_MOMENTS; i++) {
    /* A moment not seen (no FRAME.LOADED from an SDK that does not send it) counts as nothing. */
    gint64 from = moments.at[i - 1], to = moments.at[i] != 0 ? moments.at[i] : from;
    double ms = (to - from) / 1000.0;

    if (from != 0)
      g_array_append_val (phases[i], ms);
    if (moments.at[i] == 0)
      moments.at[i] = from;
  }
  return (moments.at[MOMENT_LOADED] - moments.at[MOMENT_SUBMIT]) / 1000.0;
}

static void
bench_submit (guint runs)
{
  g_autoptr (GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr (GSettings) gsettings = g_settings_new_with_backend (POS_SETTINGS_SCHEMA_ID, backend);
  g_autoptr (PosSettings) settings = pos_settings_new_with_settings (gsettings);
  g_autofree char *data_dir = g_build_filename (temp_root, "station", NULL);
  g_autoptr (PosStation) station = NULL;
  g_autoptr (GArray) warm = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) cold = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) memory = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GString) detail = g_string_new (NULL);
  GArray *phases[2][N_MOMENTS] = { { NULL } };
  PosSignInPage *sign_in;
  PosWindow *window;

  g_mkdir_with_parents (data_dir, 0700);
  station = pos_station_new (settings, data_dir);
  window = pos_window_new (NULL, station);
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 860);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_page (window, "sign-in");

  sign_in = ui_sign_in_page (window);
  adw_combo_row_set_selected (ADW_COMBO_ROW (ui_child (sign_in, "agent_row")), 0);
  gtk_editable_set_text (GTK_EDITABLE (ui_child (sign_in, "pin_row")), "1234");
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (ui_child (sign_in, "pin_row"))),
                         "activate");
  wait_for_page (window, "sale");

  g_print ("Submit -> PAYMENT-SESSION.LOADED (in-process sandbox, sdk mode, %u runs each)\n", runs);
  for (int mode = 0; mode < 2; mode++) {
    gboolean prewarm = mode == 0;
    GArray *figures = prewarm ? warm : cold;

    pos_window_set_prewarm (window, prewarm);
    for (guint i = 1; i < N_MOMENTS; i++)
      phases[mode][i] = g_array_new (FALSE, FALSE, sizeof (double));
    submit_once (window, NULL); /* not counted: the first of its kind */
    for (guint i = 0; i < runs; i++) {
      double ms = submit_once (window, phases[mode]);

      g_array_append_val (figures, ms);
      if (prewarm) {
        double mb = tree_pss_mb (detail);

        g_array_append_val (memory, mb);
      }
    }
  }
  print_figures ("  view warmed up while the agent types", warm);
  for (guint i = 1; i < N_MOMENTS; i++)
    print_figures (phase_names[i], phases[0][i]);
  print_figures ("  view created at Submit (no warm-up)", cold);
  for (guint i = 1; i < N_MOMENTS; i++)
    print_figures (phase_names[i], phases[1][i]);
  print_figures_in ("  memory with the form open (PSS, all processes)", memory, "MB");
  g_print ("  by process, last warmed run:\n%s", detail->str);

  for (guint mode = 0; mode < 2; mode++) {
    for (guint i = 1; i < N_MOMENTS; i++)
      g_array_unref (phases[mode][i]);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  spin (200);
}

/* (2) Cold start */

static char *
default_app_path (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = NULL;

  if (self == NULL)
    return NULL;
  dir = g_path_get_dirname (self);
  return g_build_filename (dir, "..", "src", "ui", "paystar-pos", NULL);
}

/* Spawns the app once; returns the wall time to its "ready" line in ms (and the app's own figure
 * in *app_ms), or a negative number on failure. */
static double
start_once (const char *app, char **envp, double *app_ms)
{
  const char *argv[] = { app, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GIOChannel) channel = NULL;
  g_autofree char *line = NULL;
  double ms = -1;
  gint64 start;
  GPid pid;
  int out_fd;
  int status;

  start = g_get_monotonic_time ();
  if (!g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                 &pid, NULL, &out_fd, NULL, &error)) {
    g_printerr ("bench-payment: %s\n", error->message);
    return -1;
  }
  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  while (g_io_channel_read_line (channel, &line, NULL, NULL, NULL) == G_IO_STATUS_NORMAL) {
    if (g_str_has_prefix (line, "ready ")) {
      ms = (g_get_monotonic_time () - start) / 1000.0;
      *app_ms = g_ascii_strtoll (line + strlen ("ready "), NULL, 10) / 1000.0;
      break;
    }
    g_clear_pointer (&line, g_free);
  }
  /* The next start must not find this one still on the bus. */
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  g_spawn_close_pid (pid);
  if (ms < 0)
    g_printerr ("bench-payment: %s exited without saying it was ready\n", app);
  return ms;
}

static void
bench_start (guint runs, const char *app)
{
  g_autofree char *data = g_build_filename (temp_root, "start", "data", NULL);
  g_autofree char *config = g_build_filename (temp_root, "start", "config", NULL);
  g_autoptr (GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) own = g_array_new (FALSE, FALSE, sizeof (double));
  g_auto (GStrv) envp = g_get_environ ();
  double first, first_own = 0;

  g_mkdir_with_parents (data, 0700);
  g_mkdir_with_parents (config, 0700);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", data, TRUE);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", config, TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  envp = g_environ_setenv (envp, "PAYSTAR_POS_EXIT_WHEN_READY", "1", TRUE);
  envp = g_environ_unsetenv (envp, "PAYSTAR_API_KEY");

  g_print ("\nCold start to an interactive sign-in page (%s)\n", app);
  first = start_once (app, envp, &first_own);
  if (first < 0)
    return;
  for (guint i = 0; i < runs; i++) {
    double app_ms = 0;
    double ms = start_once (app, envp, &app_ms);

    if (ms < 0)
      return;
    g_array_append_val (wall, ms);
    g_array_append_val (own, app_ms);
  }
  g_print ("  %-44s %7.1f ms (the app's own figure: %.1f ms)\n", "first start (new data folder)",
           first, first_own);
  print_figures ("  spawn -> \"ready\" line, same data folder", wall);
  print_figures ("  the app's own figure (process start -> frame)", own);
}

/* Main */

int
main (int argc, char *argv[])
{
  int runs = 10;
  g_autofree char *app = NULL;
  g_autofree char *only = NULL;
  g_autofree char *data = NULL;
  g_autofree char *config = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = NULL;
  const GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Measured runs of each kind (default 10)", "N" },
    { "app", 0, 0, G_OPTION_ARG_FILENAME, &app, "The paystar-pos program to start", "PATH" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Run one part only: submit or start", "PART" },
    { NULL }
  };

  context = g_option_context_new ("- time Submit to form ready, and the app's cold start");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error)) {
    g_printerr ("bench-payment: %s\n", error->message);
    return 2;
  }
  if (runs < 1 || runs > MAX_RUNS ||
      (only != NULL && !g_str_equal (only, "submit") && !g_str_equal (only, "start"))) {
    g_printerr ("bench-payment: use 1 <= N <= %d and --only submit|start\n", MAX_RUNS);
    return 2;
  }
  if (app == NULL)
    app = default_app_path ();

  /* A private home for everything, before GLib caches the user directories. */
  temp_root = g_dir_make_tmp ("paystar-bench-XXXXXX", &error);
  if (temp_root == NULL) {
    g_printerr ("bench-payment: %s\n", error->message);
    return 1;
  }
  data = g_build_filename (temp_root, "data", NULL);
  config = g_build_filename (temp_root, "config", NULL);
  g_mkdir_with_parents (data, 0700);
  g_mkdir_with_parents (config, 0700);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", POS_BUILD_ROOT "/data", FALSE);
  g_unsetenv ("PAYSTAR_API_KEY");
  if (g_getenv ("GSK_RENDERER") == NULL)
    g_printerr ("bench-payment: GSK_RENDERER is not set; under Xvfb, GSK_RENDERER=cairo is the "
                "renderer the figures are meant for\n");

  if (only == NULL || g_str_equal (only, "submit")) {
    adw_init ();
    pos_ui_init ();
    bench_submit ((guint) runs);
  }
  if (only == NULL || g_str_equal (only, "start"))
    bench_start ((guint) runs, app);

  pos_test_remove_tree (temp_root);
  g_free (temp_root);
  return 0;
}
