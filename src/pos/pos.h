/* pos.h: everything of the POS domain layer.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pos-agent.h"
#include "pos-api-key.h"
#include "pos-bill-barcode.h"
#include "pos-charge.h"
#include "pos-checkout.h"
#include "pos-export.h"
#include "pos-account-book.h"
#include "pos-journal.h"
#include "pos-journal-office.h"
#include "pos-roster.h"
#include "pos-sale-record.h"
#include "pos-sale.h"
#include "pos-settings.h"
#include "pos-shift-summary.h"
#include "pos-types.h"
#include "pos-web-policy.h"
