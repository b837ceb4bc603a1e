/* paystar.h: everything of the Paystar Embedded API library.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "paystar-card.h"
#include "paystar-client.h"
#include "paystar-compat.h"
#include "paystar-envelope.h"
#include "paystar-error.h"
#include "paystar-event.h"
#include "paystar-json.h"
#include "paystar-money.h"
#include "paystar-request.h"
#include "paystar-session-info.h"
