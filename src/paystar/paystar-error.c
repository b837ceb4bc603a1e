/* paystar-error.c: the error domain of the Paystar API library.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "paystar-error.h"

G_DEFINE_QUARK (paystar - error - quark, paystar_error)
