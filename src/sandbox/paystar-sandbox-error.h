/* paystar-sandbox-error.h: the error domain of the sandbox gateway.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PAYSTAR_SANDBOX_ERROR (paystar_sandbox_error_quark ())

typedef enum {
  PAYSTAR_SANDBOX_ERROR_NOT_LOOPBACK, /* --host names something other than a loopback address */
  PAYSTAR_SANDBOX_ERROR_FIXTURES,     /* the fixtures file is unreadable or invalid */
  PAYSTAR_SANDBOX_ERROR_DATA_DIR,     /* the data directory or its database cannot be used */
  PAYSTAR_SANDBOX_ERROR_LISTEN,       /* binding the socket failed, or the server already listens */
} PaystarSandboxError;

GQuark paystar_sandbox_error_quark (void);

G_END_DECLS
