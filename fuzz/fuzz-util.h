/* fuzz-util.h: what every libFuzzer harness shares.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

G_BEGIN_DECLS

/* libFuzzer's entry points, defined by each harness. */
int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Makes every warning and critical fatal (a g_return_if_fail() that input can reach is a bug, as
 * in the tests under G_DEBUG=fatal-warnings) and keeps debug output quiet. Call once. */
void fuzz_init (void);

/* The input as a NUL-terminated string, cut at its first NUL byte. */
char *fuzz_text (const uint8_t *data, size_t size);

/* Aborts with @what when @condition is false: an invariant the input broke. Unlike g_assert()
 * it is never compiled out, and it raises SIGABRT (g_error() raises SIGTRAP), on which libFuzzer
 * saves the input. */
#define fuzz_check(condition, what)                                                              \
  G_STMT_START                                                                                   \
  {                                                                                              \
    if (!(condition)) {                                                                          \
      g_printerr ("%s:%d: invariant broken: %s (%s)\n", __FILE__, __LINE__, (what), #condition); \
      abort ();                                                                                  \
    }                                                                                            \
  }                                                                                              \
  G_STMT_END

G_END_DECLS
