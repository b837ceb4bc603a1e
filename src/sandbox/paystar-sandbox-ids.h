/* paystar-sandbox-ids.h: session identifiers, reference numbers and authorisation codes.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PaystarSandboxIds PaystarSandboxIds;

/* Identifiers from the kernel's random source (getrandom(2)): 128 bits per session identifier,
 * unpredictable, as a real gateway's would be. */
PaystarSandboxIds *paystar_sandbox_ids_new_random (void);
/* Identifiers from a GRand seeded with @seed: the same seed and the same sequence of requests
 * give the same identifiers, for reproducible tests and recordings. */
PaystarSandboxIds *paystar_sandbox_ids_new_seeded (guint64 seed);
void paystar_sandbox_ids_free (PaystarSandboxIds *self);

/* 32 lowercase hex digits (128 bits). */
char *paystar_sandbox_ids_session_identifier (PaystarSandboxIds *self);
/* Six uppercase letters, a dash, five uppercase letters, like Paystar's "NYDVNT-WSQPG". */
char *paystar_sandbox_ids_reference_number (PaystarSandboxIds *self);
/* Six characters from A-Z and 0-9, like a card network's approval code. */
char *paystar_sandbox_ids_auth_code (PaystarSandboxIds *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PaystarSandboxIds, paystar_sandbox_ids_free)

G_END_DECLS
