/* fuzz-util.c: what every libFuzzer harness shares.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-util.h"

#include <string.h>

/* libsoup 3.2 warns (in GLib-GObject) about a request with a negative Content-Length before any
 * handler of ours runs; paystar-sandbox makes exactly that warning non-fatal, and so do we.
 * Every other warning stays fatal. */
static gboolean
on_fatal_log (const char *log_domain,
              GLogLevelFlags log_level,
              const char *message,
              gpointer user_data)
{
  if (g_strcmp0 (log_domain, "GLib-GObject") == 0 && message != NULL &&
      strstr (message, "'content-length'") != NULL)
    return FALSE;
  return TRUE;
}

void
fuzz_init (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_test_log_set_fatal_handler (on_fatal_log, NULL);
}

char *
fuzz_text (const uint8_t *data, size_t size)
{
  return g_strndup ((const char *) data, size);
}
