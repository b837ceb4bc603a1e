/* test-bill-barcode.c: a bill's barcode layout: what an administrator may write, and what scans
 * of it say (fixed widths, parts up to a separator, dates in both forms, every misfit refused
 * with a message).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "pos-bill-barcode.h"

static PosBillLayout *
layout_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  PosBillLayout *layout = pos_bill_layout_new (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (layout);
  return layout;
}

static void
test_layouts (void)
{
  static const struct {
    const char *layout;
    const char *message_part; /* NULL: accepted */
  } cases[] = {
    { "{account:10}{amount:8}{due:8}", NULL },
    { "ACME{account}|{sub}|{amount}|{due:10}", NULL },
    { "{skip:2}{account:6}{skip:3}", NULL },
    { "{account}", NULL },
    { "", "must have the account" },
    { "{amount:8}", "must have the account" },
    { "{acount:10}", "is not a part" },
    { "{account:0}", "from 1 to 64" },
    { "{account:65}", "from 1 to 64" },
    { "{account:x}", "from 1 to 64" },
    { "{account:10}{due:6}", "8 characters" },
    { "{account:5}{account:5}", "there twice" },
    { "{account}{amount}", "followed by a character" },
    { "{account}{amount:8}", "followed by a character" },
    { "{account:10", "not closed" },
    { "account:10}", "closes no part" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (PosBillLayout) layout = pos_bill_layout_new (cases[i].layout, &error);

    if (cases[i].message_part == NULL) {
      g_assert_no_error (error);
      g_assert_nonnull (layout);
    } else {
      g_assert_null (layout);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      if (strstr (error->message, cases[i].message_part) == NULL)
        g_error ("“%s”: “%s” does not say “%s”", cases[i].layout, error->message,
                 cases[i].message_part);
    }
  }
}

static void
test_read (void)
{
  g_autoptr (PosBillLayout) fixed = layout_ok ("{account:10}{amount:8}{due:8}");
  g_autoptr (PosBillLayout) separated = layout_ok ("ACME{account}|{sub}|{amount}|{due:10}");
  g_autoptr (PosBillScan) scan = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *described = NULL;

  scan = pos_bill_layout_read (fixed, "00104432990001205020261217", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (scan->account, ==, "0010443299");
  g_assert_null (scan->sub_account);
  g_assert_true (scan->has_amount);
  g_assert_cmpint (scan->amount, ==, 12050);
  g_assert_cmpstr (scan->due_date, ==, "2026-12-17");
  described = pos_bill_scan_describe (scan);
  g_assert_cmpstr (described, ==, "Account 0010443299, amount $120.50, due 2026-12-17");
  g_clear_pointer (&scan, pos_bill_scan_free);
  g_clear_pointer (&described, g_free);

  scan = pos_bill_layout_read (separated, "ACME10-4432|2|150|2026-01-31", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (scan->account, ==, "10-4432");
  g_assert_cmpstr (scan->sub_account, ==, "2");
  g_assert_cmpint (scan->amount, ==, 150);
  g_assert_cmpstr (scan->due_date, ==, "2026-01-31");
  described = pos_bill_scan_describe (scan);
  g_assert_cmpstr (described, ==, "Account 10-4432, sub-account 2, amount $1.50, due 2026-01-31");
  g_clear_pointer (&scan, pos_bill_scan_free);

  {
    static const struct {
      gboolean fixed;
      const char *text;
      const char *message_part;
    } misfits[] = {
      { TRUE, "0010443299000120502026121", "shorter" },
      { TRUE, "001044329900012050202612170", "longer" },
      { TRUE, "00104432990001205X20261217", "not a number of cents" },
      { TRUE, "00104432990001205020261317", "not a date" },
      { TRUE, "          0001205020261217", "account is empty" },
      { FALSE, "XYZ10-4432|2|150|2026-01-31", "not laid out" },
      { FALSE, "ACME10-4432|2|150", "not laid out" },
      { FALSE, "ACME10-4432|2|99999999999|2026-01-31", "not a number of cents" },
      { FALSE, "", "not laid out" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (misfits); i++) {
      g_autoptr (GError) misfit = NULL;
      g_autoptr (PosBillScan) none =
        pos_bill_layout_read (misfits[i].fixed ? fixed : separated, misfits[i].text, &misfit);

      g_assert_null (none);
      g_assert_error (misfit, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      if (strstr (misfit->message, misfits[i].message_part) == NULL)
        g_error ("“%s”: “%s” does not say “%s”", misfits[i].text, misfit->message,
                 misfits[i].message_part);
    }
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pos/bill-barcode/layouts", test_layouts);
  g_test_add_func ("/pos/bill-barcode/read", test_read);

  return g_test_run ();
}
