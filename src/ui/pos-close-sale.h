/* pos-close-sale.h: an administrator closes a sale that reached Paystar: PIN, then a reason.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pos-checkout.h"

G_BEGIN_DECLS

/* Asks for an administrator's PIN over @parent (pos_admin_gate_require_async(),
 * @agent_email preselected when that agent is an administrator), then for the reason, and closes
 * @checkout in the administrator's name (pos_checkout_close()). The sale's own state decides
 * whether it may be closed. */
void pos_close_sale_async (GtkWindow *parent,
                           PosRoster *roster,
                           PosCheckout *checkout,
                           const char *agent_email,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data);
/* TRUE when the sale is closed; FALSE with G_IO_ERROR_CANCELLED when the PIN or the reason was
 * not given, or with the checkout's error. */
gboolean pos_close_sale_finish (GAsyncResult *result, GError **error);

G_END_DECLS
