/* paystar-sandbox-ids.c: session identifiers, reference numbers and authorisation codes.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * g_random_*() is not used for the unseeded case: it is a Mersenne Twister seeded from the time
 * and /dev/urandom once, and its output is predictable from earlier outputs. Session identifiers
 * are bearer tokens (whoever knows one can open the payment page), so they come from getrandom(2).
 */
#include "config.h"

#include "paystar-sandbox-ids.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

struct _PaystarSandboxIds {
  GRand *rand; /* NULL: use the kernel's random source */
};

PaystarSandboxIds *
paystar_sandbox_ids_new_random (void)
{
  return g_new0 (PaystarSandboxIds, 1);
}

PaystarSandboxIds *
paystar_sandbox_ids_new_seeded (guint64 seed)
{
  PaystarSandboxIds *self = g_new0 (PaystarSandboxIds, 1);
  guint32 words[2] = { (guint32) (seed & 0xffffffffu), (guint32) (seed >> 32) };

  self->rand = g_rand_new_with_seed_array (words, G_N_ELEMENTS (words));
  return self;
}

void
paystar_sandbox_ids_free (PaystarSandboxIds *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->rand, g_rand_free);
  g_free (self);
}

static void
fill_random (PaystarSandboxIds *self, guint8 *buffer, gsize length)
{
  gsize done = 0;

  if (self->rand != NULL) {
    for (gsize i = 0; i < length; i++)
      buffer[i] = (guint8) (g_rand_int (self->rand) & 0xff);
    return;
  }

  while (done < length) {
    ssize_t n = getrandom (buffer + done, length - done, 0);

    if (n < 0) {
      if (errno == EINTR)
        continue;
      /* getrandom() only fails like this on kernels older than 3.17 or under a seccomp filter
       * that forbids it; handing out guessable identifiers instead would be worse than
       * stopping. */
      g_error ("getrandom() failed: %s", g_strerror (errno));
    }
    done += (gsize) n;
  }
}

/* A uniformly distributed value below @bound (at most 256), by rejection sampling, so that no
 * letter is likelier than another. */
static guint
uniform_below (PaystarSandboxIds *self, guint bound)
{
  guint limit = 256 - (256 % bound);

  for (;;) {
    guint8 byte;

    fill_random (self, &byte, 1);
    if (byte < limit)
      return byte % bound;
  }
}

char *
paystar_sandbox_ids_session_identifier (PaystarSandboxIds *self)
{
  static const char hex[] = "0123456789abcdef";
  guint8 bytes[16];
  char *text = g_malloc (sizeof bytes * 2 + 1);

  g_return_val_if_fail (self != NULL, NULL);

  fill_random (self, bytes, sizeof bytes);
  for (gsize i = 0; i < sizeof bytes; i++) {
    text[2 * i] = hex[bytes[i] >> 4];
    text[2 * i + 1] = hex[bytes[i] & 0xf];
  }
  text[sizeof bytes * 2] = '\0';
  return text;
}

static void
append_from_alphabet (PaystarSandboxIds *self, GString *out, const char *alphabet, guint count)
{
  guint size = (guint) strlen (alphabet);

  for (guint i = 0; i < count; i++)
    g_string_append_c (out, alphabet[uniform_below (self, size)]);
}

char *
paystar_sandbox_ids_reference_number (PaystarSandboxIds *self)
{
  static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  GString *out = g_string_sized_new (12);

  g_return_val_if_fail (self != NULL, NULL);

  append_from_alphabet (self, out, letters, 6);
  g_string_append_c (out, '-');
  append_from_alphabet (self, out, letters, 5);
  return g_string_free (out, FALSE);
}

char *
paystar_sandbox_ids_auth_code (PaystarSandboxIds *self)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  GString *out = g_string_sized_new (6);

  g_return_val_if_fail (self != NULL, NULL);

  append_from_alphabet (self, out, alphabet, 6);
  return g_string_free (out, FALSE);
}
