/* paystar-sandbox-error.c: the error domain of the sandbox gateway.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "paystar-sandbox-error.h"

/* The quark's name is the macro's first argument, as written: clang-format would space the
 * dashes into it. */
/* clang-format off */
G_DEFINE_QUARK (paystar-sandbox-error-quark, paystar_sandbox_error)
/* clang-format on */
