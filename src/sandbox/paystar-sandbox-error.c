/* paystar-sandbox-error.c: the error domain of the sandbox gateway.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "paystar-sandbox-error.h"

G_DEFINE_QUARK (paystar - sandbox - error - quark, paystar_sandbox_error)
