/* pos-bill-barcode.h: the barcode printed on a business's bill stubs, read as a counter scanner
 * types it: which account, the amount due, the due date.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A bill's barcode layout, as an administrator writes it (setting bill-barcode-layout): literal
 * characters and named parts in braces, each part with a width ("{account:10}") or running to the
 * next literal character or the end ("{account}"). The parts: account (required), sub (the
 * sub-account), amount (the amount due in cents, digits), due (the due date, YYYYMMDD or
 * YYYY-MM-DD) and skip (characters to ignore, any number of times). Example:
 * "{account:10}{amount:8}{due:8}" reads "00104432990001205020261217". */
typedef struct _PosBillLayout PosBillLayout;

/* NULL with G_IO_ERROR_INVALID_ARGUMENT and a message that says what to change. */
PosBillLayout *pos_bill_layout_new (const char *layout, GError **error);
void pos_bill_layout_free (PosBillLayout *layout);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosBillLayout, pos_bill_layout_free)

/* What a scan says; absent parts are NULL (has_amount FALSE). */
typedef struct {
  char *account;
  char *sub_account;
  gboolean has_amount;
  gint64 amount;  /* cents */
  char *due_date; /* YYYY-MM-DD */
} PosBillScan;

void pos_bill_scan_free (PosBillScan *scan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosBillScan, pos_bill_scan_free)

/* Reads @text as @layout says, or NULL with G_IO_ERROR_INVALID_DATA and a message saying where
 * it does not fit. The account's surrounding spaces are dropped; its leading zeros are kept. */
PosBillScan *pos_bill_layout_read (const PosBillLayout *layout, const char *text, GError **error);

/* "Account 10-4432, amount $120.05, due 2026-12-17", for the administrator's "try it". */
char *pos_bill_scan_describe (const PosBillScan *scan);

G_END_DECLS
