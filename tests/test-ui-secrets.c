/* test-ui-secrets.c: the API key never reaches a child process's environment.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The program runs itself again with PAYSTAR_API_KEY set to a key made up for this run, so that
 * the key is in its start-up environment exactly as a station's launcher would put it there. It
 * then does what paystar-pos's main() does first (pos_process_init()), signs in on a real window,
 * waits until the window's warmed-up payment view has its WebKit processes running, and reads
 * /proc/PID/environ of itself and of every process below it: WebKit's network and web processes,
 * their bwrap wrappers, xdg-dbus-proxy. None may hold the key. The key is never printed.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "pos-process.h"
#include "proc-test-util.h"
#include "test-ui-harness.h"

/* Set in the environment of the second run, so that it does not run itself again. */
#define RERUN_VAR "PAYSTAR_TEST_SECRETS_RERUN"

/* The key of this run (random: a key from the machine running the tests is never used). */
static char *test_key;

typedef struct {
  UiFixture ui;
  PosPaymentView *view; /* the window's warmed-up view (not a reference) */
} Fixture;

static void
view_setup (PosPaymentView *view, gpointer user_data)
{
  Fixture *f = user_data;

  f->view = view;
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &f->view);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  ui_fixture_set_up (&f->ui, data);
  pos_window_set_view_setup (f->ui.window, view_setup, f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->view != NULL)
    g_object_remove_weak_pointer (G_OBJECT (f->view), (gpointer *) &f->view);
  ui_fixture_tear_down (&f->ui, data);
}

typedef struct {
  GAsyncResult *result;
} Wait;

static void
keep_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static gboolean
has_result (gpointer user_data)
{
  return ((Wait *) user_data)->result != NULL;
}

/* The key still works from the environment source: read once at start, kept in memory. */
static void
test_key_kept_in_memory (void)
{
  Wait wait = { NULL };
  g_autoptr (GError) error = NULL;
  PosApiKeySource source = POS_API_KEY_SOURCE_KEYRING;
  char *key;

  g_assert_null (g_getenv (POS_API_KEY_ENV_VAR));
  pos_api_key_lookup_async (POS_ENVIRONMENT_PRODUCTION, NULL, NULL, keep_result_cb, &wait);
  ui_wait_until (has_result, &wait, 10000, "the API key lookup");
  key = pos_api_key_lookup_finish (wait.result, &source, &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpint (source, ==, POS_API_KEY_SOURCE_ENVIRONMENT);
  /* Not g_assert_cmpstr: a failure would print the key. */
  g_assert_true (g_strcmp0 (key, test_key) == 0);
  paystar_secret_free (key);
}

static gboolean
webkit_processes_running (gpointer user_data)
{
  g_autoptr (GArray) processes = proc_test_descendants (getpid ());

  return proc_test_count_named (processes, "WebKitWebProces") > 0 &&
         proc_test_count_named (processes, "WebKitNetworkPr") > 0;
}

static gboolean
view_warmed_up (gpointer user_data)
{
  Fixture *f = user_data;
  WebKitWebView *web_view;
  const char *uri;

  if (f->view == NULL)
    return FALSE;
  web_view = pos_payment_view_get_web_view (f->view);
  uri = webkit_web_view_get_uri (web_view);
  return uri != NULL && strstr (uri, "/bridge.html") != NULL &&
         !webkit_web_view_is_loading (web_view);
}

/* Checks one process; TRUE when its environment could be read. */
static gboolean
check_environment (const ProcTestProcess *process)
{
  g_autoptr (GError) error = NULL;
  gboolean has_name = FALSE;
  gboolean has_key = FALSE;
  gboolean has_fatal = FALSE;

  if (!proc_test_environ_has (process->pid, POS_API_KEY_ENV_VAR "=", &has_name, &error) ||
      !proc_test_environ_has (process->pid, test_key, &has_key, &error)) {
    g_autofree char *dir = g_strdup_printf ("/proc/%d", (int) process->pid);

    /* A process that ended meanwhile cannot hold anything. */
    if (!g_file_test (dir, G_FILE_TEST_EXISTS))
      return FALSE;
    g_error ("could not read the environment of %s (%d): %s", process->name, (int) process->pid,
             error->message);
  }
  if (has_name || has_key)
    g_error ("%s (%d) has %s in its environment", process->name, (int) process->pid,
             has_name ? "PAYSTAR_API_KEY" : "the API key's value");
  /* test-child-env.h: the tests' fatal-warnings must not reach WebKit's processes. */
  if (process->pid != getpid () &&
      proc_test_environ_has (process->pid, "fatal-warnings", &has_fatal, NULL) && has_fatal)
    g_error ("%s (%d) was started with G_DEBUG's fatal-warnings", process->name,
             (int) process->pid);
  return TRUE;
}

static void
test_no_child_has_the_key (Fixture *f, gconstpointer data)
{
  g_autoptr (GArray) processes = NULL;
  ProcTestProcess self = { getpid (), getppid (), (char *) "test-ui-secrets" };
  guint checked = 0;

  ui_sign_in (f->ui.window, 0, "1234");
  ui_wait_until (view_warmed_up, f, 60000, "the warmed-up payment view");
  ui_wait_until (webkit_processes_running, NULL, 60000, "WebKit's network and web processes");

  /* Our own start-up environment too: unsetenv() alone leaves it there. */
  g_assert_true (check_environment (&self));
  processes = proc_test_descendants (getpid ());
  for (guint i = 0; i < processes->len; i++) {
    const ProcTestProcess *process = &g_array_index (processes, ProcTestProcess, i);

    if (check_environment (process)) {
      g_test_message ("checked %s (%d)", process->name, (int) process->pid);
      checked++;
    }
  }
  /* At least the network and the web process were read (and whatever wraps them). */
  g_assert_cmpuint (checked, >=, 2);
  g_assert_cmpuint (proc_test_count_named (processes, "WebKitWebProces"), >, 0);
  g_assert_cmpuint (proc_test_count_named (processes, "WebKitNetworkPr"), >, 0);
}

/* Runs this program again with the key in its start-up environment (see the top of the file). */
static void
rerun_with_key (char **argv)
{
  guint8 bytes[16];
  GString *key = g_string_new ("sk_test_");
  g_auto (GStrv) envp = g_get_environ ();

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_random_int_range (0, 256);
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (key, "%02x", bytes[i]);
  envp = g_environ_setenv (envp, POS_API_KEY_ENV_VAR, key->str, TRUE);
  envp = g_environ_setenv (envp, RERUN_VAR, "1", TRUE);
  g_string_free (key, TRUE);
  execve ("/proc/self/exe", argv, envp);
  g_printerr ("test-ui-secrets: could not run itself again: %s\n", g_strerror (errno));
  exit (1);
}

int
main (int argc, char *argv[])
{
  if (g_getenv (RERUN_VAR) == NULL)
    rerun_with_key (argv);

  /* What main() in src/ui/main.c does first. */
  test_key = g_strdup (g_getenv (POS_API_KEY_ENV_VAR));
  g_assert_nonnull (test_key);
  pos_process_init ();

  ui_harness_init (&argc, &argv);
  g_test_add_func ("/ui/secrets/key-kept-in-memory", test_key_kept_in_memory);
  g_test_add ("/ui/secrets/no-child-has-the-key", Fixture, NULL, fixture_set_up,
              test_no_child_has_the_key, fixture_tear_down);
  return g_test_run ();
}
