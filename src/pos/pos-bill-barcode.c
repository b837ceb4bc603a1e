/* pos-bill-barcode.c: a bill’s barcode layout and what a scan of it says.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-bill-barcode.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "paystar-money.h"

#define MAX_WIDTH 64

typedef enum {
  PART_LITERAL,
  PART_ACCOUNT,
  PART_SUB,
  PART_AMOUNT,
  PART_DUE,
  PART_SKIP,
} PartKind;

static const char *const part_names[] = {
  [PART_ACCOUNT] = "account", [PART_SUB] = "sub",   [PART_AMOUNT] = "amount",
  [PART_DUE] = "due",         [PART_SKIP] = "skip",
};

typedef struct {
  PartKind kind;
  char *literal; /* PART_LITERAL */
  guint width;   /* 0: to the next literal or the end */
} Part;

struct _PosBillLayout {
  GArray *parts; /* Part */
};

static void
part_clear (gpointer data)
{
  g_free (((Part *) data)->literal);
}

void
pos_bill_layout_free (PosBillLayout *layout)
{
  if (layout == NULL)
    return;
  g_array_unref (layout->parts);
  g_free (layout);
}

static gboolean
layout_error (GError **error, const char *message)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

/* One "{name}" or "{name:width}" (without the braces) into @part. */
static gboolean
parse_part (const char *spec, Part *part, GError **error)
{
  const char *colon = strchr (spec, ':');
  g_autofree char *name = g_strndup (spec, colon != NULL ? (gsize) (colon - spec) : strlen (spec));

  part->kind = PART_LITERAL;
  for (guint k = PART_ACCOUNT; k <= PART_SKIP; k++) {
    if (g_str_equal (name, part_names[k]))
      part->kind = k;
  }
  if (part->kind == PART_LITERAL) {
    g_autofree char *message =
      /* Translators: %s is what the administrator wrote between braces; the parts' names are
       * not translated. */
      g_strdup_printf (_ ("“{%s}” is not a part of a bill’s barcode: use account, sub, amount, "
                          "due or skip."),
                       name);

    return layout_error (error, message);
  }
  part->width = 0;
  if (colon != NULL) {
    guint64 width = 0;

    if (!g_ascii_string_to_unsigned (colon + 1, 10, 1, MAX_WIDTH, &width, NULL)) {
      g_autofree char *message =
        /* Translators: %s is a part's name, %d the largest width. */
        g_strdup_printf (_ ("The width of {%s} must be a number from 1 to %d."), name, MAX_WIDTH);

      return layout_error (error, message);
    }
    part->width = (guint) width;
  }
  if (part->kind == PART_DUE && part->width != 0 && part->width != 8 && part->width != 10)
    return layout_error (error, _ ("A due date is 8 characters (YYYYMMDD) or 10 (YYYY-MM-DD)."));
  return TRUE;
}

PosBillLayout *
pos_bill_layout_new (const char *text, GError **error)
{
  g_autoptr (PosBillLayout) layout = g_new0 (PosBillLayout, 1);
  g_autoptr (GString) literal = g_string_new (NULL);
  gboolean seen[PART_SKIP + 1] = { FALSE };
  gboolean open_ended = FALSE; /* the last part runs to the next literal */

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  layout->parts = g_array_new (FALSE, TRUE, sizeof (Part));
  g_array_set_clear_func (layout->parts, part_clear);
  for (const char *p = text; *p != '\0';) {
    if (*p == '}') {
      layout_error (error, _ ("A “}” closes no part: parts are written {account:10}."));
      return NULL;
    }
    if (*p != '{') {
      g_string_append_c (literal, *p++);
      continue;
    }
    {
      const char *close = strchr (p, '}');
      g_autofree char *spec = NULL;
      Part part = { 0 };

      if (close == NULL) {
        layout_error (error, _ ("A “{” is not closed: parts are written {account:10}."));
        return NULL;
      }
      if (literal->len > 0) {
        Part text_part = { PART_LITERAL, g_strdup (literal->str), 0 };

        g_array_append_val (layout->parts, text_part);
        g_string_truncate (literal, 0);
        open_ended = FALSE;
      }
      spec = g_strndup (p + 1, (gsize) (close - p - 1));
      if (!parse_part (spec, &part, error))
        return NULL;
      if (part.kind != PART_SKIP && seen[part.kind]) {
        g_autofree char *message =
          /* Translators: %s is a part's name. */
          g_strdup_printf (_ ("{%s} is there twice."), part_names[part.kind]);

        layout_error (error, message);
        return NULL;
      }
      if (open_ended) {
        layout_error (error, _ ("A part without a width must be followed by a character or end "
                                "the layout (e.g. {account}-{sub:2})."));
        return NULL;
      }
      open_ended = part.width == 0;
      seen[part.kind] = TRUE;
      g_array_append_val (layout->parts, part);
      p = close + 1;
    }
  }
  if (literal->len > 0) {
    Part text_part = { PART_LITERAL, g_strdup (literal->str), 0 };

    g_array_append_val (layout->parts, text_part);
  }
  if (!seen[PART_ACCOUNT]) {
    layout_error (error, _ ("The layout must have the account: {account} or {account:10}."));
    return NULL;
  }
  return g_steal_pointer (&layout);
}

void
pos_bill_scan_free (PosBillScan *scan)
{
  if (scan == NULL)
    return;
  g_free (scan->account);
  g_free (scan->sub_account);
  g_free (scan->due_date);
  g_free (scan);
}

static gboolean
all_digits (const char *text)
{
  return *text != '\0' && text[strspn (text, "0123456789")] == '\0';
}

static gboolean
read_error (GError **error, const char *message)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, message);
  return FALSE;
}

/* @value (a part's characters) into @scan. */
static gboolean
take (PosBillScan *scan, PartKind kind, const char *value, GError **error)
{
  switch (kind) {
    case PART_ACCOUNT:
      scan->account = g_strstrip (g_strdup (value));
      if (*scan->account == '\0')
        return read_error (error, _ ("The barcode’s account is empty."));
      return TRUE;
    case PART_SUB:
      scan->sub_account = g_strstrip (g_strdup (value));
      return TRUE;
    case PART_AMOUNT: {
      guint64 cents = 0;

      if (!all_digits (value) ||
          !g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT32, &cents, NULL))
        return read_error (error, _ ("The barcode’s amount is not a number of cents."));
      scan->has_amount = TRUE;
      scan->amount = (gint64) cents;
      return TRUE;
    }
    case PART_DUE: {
      g_autofree char *digits = NULL;
      int year, month, day;

      if (strlen (value) == 10 && value[4] == '-' && value[7] == '-')
        digits = g_strdup_printf ("%.4s%.2s%.2s", value, value + 5, value + 8);
      else
        digits = g_strdup (value);
      if (strlen (digits) != 8 || !all_digits (digits) ||
          sscanf (digits, "%4d%2d%2d", &year, &month, &day) != 3 ||
          !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
        return read_error (error, _ ("The barcode’s due date is not a date."));
      scan->due_date = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
      return TRUE;
    }
    case PART_SKIP:
    case PART_LITERAL:
    default:
      return TRUE;
  }
}

PosBillScan *
pos_bill_layout_read (const PosBillLayout *layout, const char *text, GError **error)
{
  g_autoptr (PosBillScan) scan = g_new0 (PosBillScan, 1);
  const char *p = text;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < layout->parts->len; i++) {
    const Part *part = &g_array_index (layout->parts, Part, i);
    g_autofree char *value = NULL;

    if (part->kind == PART_LITERAL) {
      if (!g_str_has_prefix (p, part->literal)) {
        read_error (error, _ ("This barcode is not laid out as this business’s bills are."));
        return NULL;
      }
      p += strlen (part->literal);
      continue;
    }
    if (part->width > 0) {
      if (strlen (p) < part->width) {
        read_error (error, _ ("This barcode is shorter than this business’s bills have them."));
        return NULL;
      }
      value = g_strndup (p, part->width);
    } else {
      /* To the next literal, or the end. */
      const char *next = i + 1 < layout->parts->len
                           ? strstr (p, g_array_index (layout->parts, Part, i + 1).literal)
                           : p + strlen (p);

      if (next == NULL) {
        read_error (error, _ ("This barcode is not laid out as this business’s bills are."));
        return NULL;
      }
      value = g_strndup (p, (gsize) (next - p));
    }
    p += strlen (value);
    if (!take (scan, part->kind, value, error))
      return NULL;
  }
  if (*p != '\0') {
    read_error (error, _ ("This barcode is longer than this business’s bills have them."));
    return NULL;
  }
  return g_steal_pointer (&scan);
}

char *
pos_bill_scan_describe (const PosBillScan *scan)
{
  g_autoptr (GString) text = g_string_new (NULL);

  g_return_val_if_fail (scan != NULL, NULL);

  /* Translators: what a bill’s barcode says, for the administrator's "try it". */
  g_string_append_printf (text, _ ("Account %s"), scan->account);
  if (scan->sub_account != NULL && *scan->sub_account != '\0')
    g_string_append_printf (text, _ (", sub-account %s"), scan->sub_account);
  if (scan->has_amount) {
    g_autofree char *amount = paystar_money_format (scan->amount);

    g_string_append_printf (text, _ (", amount %s"), amount);
  }
  if (scan->due_date != NULL)
    g_string_append_printf (text, _ (", due %s"), scan->due_date);
  return g_string_free (g_steal_pointer (&text), FALSE);
}
