/* test-money.c: tests for money parsing, formatting and major-unit conversion (paystar-money).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "paystar-error.h"
#include "paystar-money.h"

/* @cents is the expected value, or -1 when the text must be refused; then @fragment must be in
 * the message, which says what to type instead. */
typedef struct {
  const char *name;
  const char *text;
  gint64 cents;
  const char *fragment;
} ParseCase;

static const ParseCase parse_cases[] = {
  /* Accepted. */
  { "whole", "150", 15000, NULL },
  { "one-decimal", "150.5", 15050, NULL },
  { "two-decimals", "150.50", 15050, NULL },
  { "dollar-and-commas", "$1,234.56", 123456, NULL },
  { "surrounding-spaces", " 7 ", 700, NULL },
  { "surrounding-tabs-newlines", "\t12.34\n", 1234, NULL },
  { "zero", "0", 0, NULL },
  { "zero-decimals", "0.00", 0, NULL },
  { "dollar-zero", "$0", 0, NULL },
  { "one-cent", "0.01", 1, NULL },
  { "five-cents", "$0.05", 5, NULL },
  { "point-five", ".5", 50, NULL },
  { "point-fifty", ".50", 50, NULL },
  { "dollar-point-fifty", "$.50", 50, NULL },
  { "leading-zeros", "007", 700, NULL },
  { "thousands", "1,000", 100000, NULL },
  { "millions", "1,234,567.89", 123456789, NULL },
  { "no-commas-large", "1234567.89", 123456789, NULL },
  { "max", "21474836.47", PAYSTAR_AMOUNT_MAX, NULL },
  { "max-with-commas", "$21,474,836.47", PAYSTAR_AMOUNT_MAX, NULL },
  { "max-dollars", "21474836", 2147483600, NULL },
  { "spaces-around-dollar", "  $5.00  ", 500, NULL },
  /* Refused. */
  { "three-decimals", "1.234", -1, "at most two digits after the decimal point, like 12.50" },
  { "many-decimals", "0.0001", -1, "at most two digits after the decimal point" },
  { "negative", "-5", -1, "cannot be negative" },
  { "negative-dollar", "-$5", -1, "cannot be negative" },
  { "dollar-negative", "$-5", -1, "cannot be negative" },
  { "plus", "+5", -1, "digits 0 to 9" },
  { "comma-decimal", "1,23", -1, "groups of three digits, like 1,234.56" },
  { "european-cents", "0,50", -1, "groups of three digits" },
  { "comma-short-group", "1,2345", -1, "groups of three digits" },
  { "comma-indian", "12,34,567", -1, "groups of three digits" },
  { "comma-first-group-too-long", "1234,567", -1, "groups of three digits" },
  { "comma-leading", ",123", -1, "groups of three digits" },
  { "comma-trailing", "123,", -1, "groups of three digits" },
  { "comma-double", "1,,234", -1, "groups of three digits" },
  { "comma-before-point", "1,.50", -1, "groups of three digits" },
  { "comma-in-decimals", "1.2,3", -1, "digits 0 to 9" },
  { "letters", "abc", -1, "digits 0 to 9, like 12.50" },
  { "letters-after", "12abc", -1, "digits 0 to 9" },
  { "currency-code", "USD 5", -1, "digits 0 to 9" },
  { "euro-sign", "5\xe2\x82\xac", -1, "digits 0 to 9" },
  { "empty", "", -1, "Type an amount, like 12.50" },
  { "spaces-only", "   ", -1, "Type an amount" },
  { "point-only", ".", -1, "digits 0 to 9" },
  { "trailing-point", "1.", -1, "one or two digits after the decimal point" },
  { "dollar-only", "$", -1, "after the dollar sign" },
  { "dollar-point", "$.", -1, "digits 0 to 9" },
  { "double-dollar", "$$5", -1, "dollar sign only at the start" },
  { "trailing-dollar", "5$", -1, "dollar sign only at the start" },
  { "two-points", "1.2.3", -1, "only one decimal point" },
  { "inner-space", "1 000", -1, "without spaces" },
  { "space-after-dollar", "$ 5", -1, "without spaces" },
  { "space-before-decimals", "5. 00", -1, "without spaces" },
  { "nbsp",
    "1\xc2\xa0"
    "000",
    -1, "digits 0 to 9" },
  { "fullwidth-digits", "\xef\xbc\x91\xef\xbc\x92", -1, "digits 0 to 9" },
  { "arabic-indic-digits", "\xd9\xa1\xd9\xa2", -1, "digits 0 to 9" },
  { "exponent", "1e3", -1, "digits 0 to 9" },
  { "hex", "0x10", -1, "digits 0 to 9" },
  { "nan", "NaN", -1, "digits 0 to 9" },
  { "above-max-by-a-cent", "21474836.48", -1, "too large. Type at most $21,474,836.47." },
  { "above-max-commas", "21,474,837", -1, "too large" },
  { "far-above-max", "1000000000", -1, "too large" },
  { "overflow-int64", "92233720368547758.08", -1, "too large" },
  { "overflow-long", "999999999999999999999999999999999999999999", -1, "too large" },
  { "overflow-long-commas", "999,999,999,999,999,999,999,999,999.99", -1, "too large" },
  /* The syntax is checked before the size: the message is about the real mistake. */
  { "overflow-and-three-decimals", "99999999999999999999.999", -1, "at most two digits" },
};

static void
test_parse (gconstpointer data)
{
  const ParseCase *pc = data;
  g_autoptr (GError) error = NULL;
  gint64 cents = 4242;
  gboolean ok;

  ok = paystar_money_parse (pc->text, &cents, &error);
  if (pc->cents >= 0) {
    g_assert_no_error (error);
    g_assert_true (ok);
    g_assert_cmpint (cents, ==, pc->cents);
  } else {
    g_assert_false (ok);
    g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_INPUT);
    /* Refused text leaves the output alone. */
    g_assert_cmpint (cents, ==, 4242);
    if (strstr (error->message, pc->fragment) == NULL) {
      g_test_message ("message “%s” lacks “%s”", error->message, pc->fragment);
      g_test_fail ();
    }
    /* Every message tells the user what to do, ending as a sentence. */
    g_assert_true (g_str_has_suffix (error->message, "."));
  }
}

static void
test_parse_messages (void)
{
  static const struct {
    const char *text;
    const char *message;
  } cases[] = {
    { "1.234", "Use at most two digits after the decimal point, like 12.50." },
    { "-5", "Amounts cannot be negative. Type the amount without a minus sign." },
    { "1,23", "Put commas only between groups of three digits, like 1,234.56, or leave them out." },
    { "abc", "Type the amount with the digits 0 to 9, like 12.50." },
    { "", "Type an amount, like 12.50." },
    { "1 000", "Type the amount without spaces, like 1000 or 1,000.00." },
    { "99999999", "The amount is too large. Type at most $21,474,836.47." },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GError) error = NULL;

    g_assert_false (paystar_money_parse (cases[i].text, NULL, &error));
    g_assert_error (error, PAYSTAR_ERROR, PAYSTAR_ERROR_INVALID_INPUT);
    g_assert_cmpstr (error->message, ==, cases[i].message);
  }
}

/* A NULL out pointer just validates; a NULL error is allowed. */
static void
test_parse_optional_arguments (void)
{
  g_assert_true (paystar_money_parse ("12.50", NULL, NULL));
  g_assert_false (paystar_money_parse ("12.505", NULL, NULL));
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL) {
    while ((name = g_dir_read_name (dir)) != NULL) {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  }
  g_remove (path);
}

/* Makes @name (e.g. "de_DE.UTF-8") usable by setlocale(): the system's when it has it, else
 * compiled with localedef from the `locales` package's sources into @dir, which glibc is then
 * pointed at with LOCPATH (read on every setlocale() call). Returns FALSE, with the test
 * skipped, only when the sources are not installed. */
static gboolean
make_locale_available (const char *input, const char *name, const char *dir)
{
  g_autofree char *source = g_build_filename ("/usr/share/i18n/locales", input, NULL);
  g_autofree char *output = g_build_filename (dir, name, NULL);
  g_autofree char *localedef = g_find_program_in_path ("localedef");
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  const char *argv[] = { NULL, "-i", input, "-f", "UTF-8", output, NULL };
  int wait_status = 0;

  if (setlocale (LC_ALL, name) != NULL)
    return TRUE;
  if (localedef == NULL || !g_file_test (source, G_FILE_TEST_EXISTS)) {
    g_test_skip ("No de_DE locale and no sources to build one: install the locales package "
                 "(build-aux/install-deps does)");
    return FALSE;
  }
  argv[0] = localedef;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &err, &wait_status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (wait_status, NULL))
    g_test_message ("localedef: %s", err);
  g_setenv ("LOCPATH", dir, TRUE);
  return TRUE;
}

/* Whatever the locale says about decimal points and grouping, "1,234.56" is the same amount. The
 * test runs in de_DE, where the decimal point is a comma and "." groups thousands: exactly the
 * reading a locale-dependent parser (strtod, scanf) would get wrong. */
static void
test_parse_locale_independent (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("paystar-money-locale-XXXXXX", &error);
  g_autofree char *text = NULL;
  gint64 cents = 0;

  g_assert_no_error (error);
  if (!make_locale_available ("de_DE", "de_DE.UTF-8", dir)) {
    remove_tree (dir);
    return;
  }
  g_assert_nonnull (setlocale (LC_ALL, "de_DE.UTF-8"));
  /* The locale really is in effect: its decimal point is a comma. */
  g_assert_cmpstr (localeconv ()->decimal_point, ==, ",");

  g_assert_true (paystar_money_parse ("1,234.56", &cents, NULL));
  g_assert_cmpint (cents, ==, 123456);
  g_assert_true (paystar_money_parse ("150.5", &cents, NULL));
  g_assert_cmpint (cents, ==, 15050);
  g_assert_false (paystar_money_parse ("1.234,56", &cents, NULL));
  g_assert_false (paystar_money_parse ("150,5", &cents, NULL));
  g_assert_false (paystar_money_parse ("1.234", &cents, NULL));
  text = paystar_money_format (123456);
  g_assert_cmpstr (text, ==, "$1,234.56");
  g_assert_true (paystar_money_from_major (19.99, &cents));
  g_assert_cmpint (cents, ==, 1999);
  g_assert_true (paystar_money_from_major (0.00001, &cents));
  g_assert_cmpint (cents, ==, 0);

  setlocale (LC_ALL, saved);
  g_unsetenv ("LOCPATH");
  remove_tree (dir);
}

typedef struct {
  gint64 cents;
  const char *text;
} FormatCase;

static const FormatCase format_cases[] = {
  { 0, "$0.00" },
  { 1, "$0.01" },
  { 5, "$0.05" },
  { 10, "$0.10" },
  { 99, "$0.99" },
  { 100, "$1.00" },
  { 15000, "$150.00" },
  { 99999, "$999.99" },
  { 100000, "$1,000.00" },
  { 123456, "$1,234.56" },
  { 12345678, "$123,456.78" },
  { 123456789, "$1,234,567.89" },
  { PAYSTAR_AMOUNT_MAX, "$21,474,836.47" },
  { -1, "-$0.01" },
  { -100, "-$1.00" },
  { -123456, "-$1,234.56" },
  { G_MAXINT64, "$92,233,720,368,547,758.07" },
  { G_MININT64, "-$92,233,720,368,547,758.08" },
};

static void
test_format (void)
{
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (format_cases); i++) {
    g_autofree char *text = paystar_money_format (format_cases[i].cents);

    g_assert_cmpstr (text, ==, format_cases[i].text);
  }
}

/* Every formatted non-negative amount in range parses back to itself. */
static void
test_format_parse_round_trip (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  guint i;

  for (i = 0; i < 10000; i++) {
    gint64 cents = i < 1000 ? (gint64) i : (gint64) g_rand_int_range (rand, 0, G_MAXINT32);
    g_autofree char *text = paystar_money_format (cents);
    gint64 back = -1;
    g_autoptr (GError) error = NULL;

    g_assert_true (paystar_money_parse (text, &back, &error));
    g_assert_no_error (error);
    g_assert_cmpint (back, ==, cents);
  }
}

typedef struct {
  double major;
  gboolean ok;
  gint64 cents;
} MajorCase;

static void
test_from_major (void)
{
  /* Computed at run time so that the compiler cannot fold them differently. */
  volatile double tenth = 0.1, fifth = 0.2;
  const MajorCase cases[] = {
    { 0.0, TRUE, 0 },
    { -0.0, TRUE, 0 },
    { 150.0, TRUE, 15000 },
    { 150.00, TRUE, 15000 },
    { 2.5, TRUE, 250 },
    { 19.99, TRUE, 1999 },       /* 19.989999999999998 */
    { 0.07, TRUE, 7 },           /* 0.070000000000000007 */
    { 4.35, TRUE, 435 },         /* 4.3499999999999996 */
    { 1.15, TRUE, 115 },         /* 1.1499999999999999 */
    { tenth + fifth, TRUE, 30 }, /* 0.30000000000000004 */
    { 0.01, TRUE, 1 },
    { 0.004, TRUE, 0 },
    { 0.005, TRUE, 1 },       /* 0.0050000000000000001: half away from zero */
    { 0.125, TRUE, 13 },      /* exactly half a cent */
    { 1.005, TRUE, 100 },     /* 1.0049999999999999: below half */
    { 2.675, TRUE, 267 },     /* 2.6749999999999998 */
    { 150.005, TRUE, 15001 }, /* 17 digits read 150.005 */
    { 1.115, TRUE, 112 },     /* 17 digits read 1.115 */
    { 0.00001, TRUE, 0 },     /* printed with an exponent: 1.0000000000000001e-05 */
    { 123456.78, TRUE, 12345678 },
    { 21474836.47, TRUE, PAYSTAR_AMOUNT_MAX },
    { 21474836.474, TRUE, PAYSTAR_AMOUNT_MAX },
    { 21474836.475, FALSE, 0 }, /* rounds to one cent above the maximum */
    { 21474836.48, FALSE, 0 },
    { 1e15, FALSE, 0 },
    { 1e300, FALSE, 0 },
    { -1.5, TRUE, -150 },
    { -0.125, TRUE, -13 }, /* away from zero */
    { -19.99, TRUE, -1999 },
    { -21474836.47, TRUE, -PAYSTAR_AMOUNT_MAX },
    { -21474836.48, FALSE, 0 },
    { -1e300, FALSE, 0 },
    { NAN, FALSE, 0 },
    { INFINITY, FALSE, 0 },
    { -INFINITY, FALSE, 0 },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    gint64 cents = 4242;
    gboolean ok = paystar_money_from_major (cases[i].major, &cents);

    g_test_message ("%.17g", cases[i].major);
    g_assert_cmpint (ok, ==, cases[i].ok);
    g_assert_cmpint (cents, ==, cases[i].ok ? cases[i].cents : 4242);
  }
}

/* Every cent amount, written as a major-unit double the way a JavaScript page would
 * (cents / 100), comes back as the same cents. */
static void
test_from_major_round_trip (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  guint i;

  for (i = 0; i < 200000; i++) {
    gint64 cents = i < 100000 ? (gint64) i : (gint64) g_rand_int_range (rand, 0, G_MAXINT32);
    gint64 back = -1;

    g_assert_true (paystar_money_from_major ((double) cents / 100.0, &back));
    g_assert_cmpint (back, ==, cents);
    g_assert_true (paystar_money_from_major (-(double) cents / 100.0, &back));
    g_assert_cmpint (back, ==, -cents);
  }
}

int
main (int argc, char **argv)
{
  gsize i;

  g_test_init (&argc, &argv, NULL);

  for (i = 0; i < G_N_ELEMENTS (parse_cases); i++) {
    g_autofree char *path = g_strdup_printf ("/money/parse/%s", parse_cases[i].name);

    g_test_add_data_func (path, &parse_cases[i], test_parse);
  }
  g_test_add_func ("/money/parse-messages", test_parse_messages);
  g_test_add_func ("/money/parse-optional-arguments", test_parse_optional_arguments);
  g_test_add_func ("/money/parse-locale-independent", test_parse_locale_independent);
  g_test_add_func ("/money/format", test_format);
  g_test_add_func ("/money/format-parse-round-trip", test_format_parse_round_trip);
  g_test_add_func ("/money/from-major", test_from_major);
  g_test_add_func ("/money/from-major-round-trip", test_from_major_round_trip);

  return g_test_run ();
}
