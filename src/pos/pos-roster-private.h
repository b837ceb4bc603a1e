/* pos-roster-private.h: hashing with a chosen libxcrypt method, for the tests of the fallback.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pos-roster.h"

G_BEGIN_DECLS

/* Like pos_pin_hash() with one method prefix ("$y$", "$6$"); POS_ERROR_HASH when libxcrypt
 * does not support it. */
char *pos_pin_hash_with_prefix (const char *pin, const char *prefix, GError **error);

G_END_DECLS
