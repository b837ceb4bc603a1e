/* pos-types.c: the error domain and the sale status names of the POS domain layer.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pos-types.h"

GQuark
pos_error_quark (void)
{
  return g_quark_from_static_string ("pos-error-quark");
}

/* The strings are stored in the journal: never change them, only add. */
static const char *const status_names[] = {
  [POS_SALE_STATUS_DRAFT] = "draft",
  [POS_SALE_STATUS_SUBMITTING] = "submitting",
  [POS_SALE_STATUS_CREATED] = "created",
  [POS_SALE_STATUS_SUCCEEDED] = "succeeded",
  [POS_SALE_STATUS_FAILED] = "failed",
  [POS_SALE_STATUS_PENDING] = "pending",
  [POS_SALE_STATUS_DISMISSED] = "dismissed",
  [POS_SALE_STATUS_UNKNOWN] = "unknown",
  [POS_SALE_STATUS_ERROR] = "error",
  [POS_SALE_STATUS_NOT_SENT] = "not-sent",
  [POS_SALE_STATUS_UNCONFIRMED] = "unconfirmed",
  [POS_SALE_STATUS_CLOSED] = "closed",
};

G_STATIC_ASSERT (G_N_ELEMENTS (status_names) == POS_SALE_STATUS_LAST + 1);

const char *
pos_sale_status_to_string (PosSaleStatus status)
{
  if ((guint) status > POS_SALE_STATUS_LAST)
    return NULL;
  return status_names[status];
}

gboolean
pos_sale_status_from_string (const char *text, PosSaleStatus *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++) {
    if (g_str_equal (text, status_names[i])) {
      *out = (PosSaleStatus) i;
      return TRUE;
    }
  }
  return FALSE;
}

const char *
pos_sale_status_get_label (PosSaleStatus status)
{
  switch (status) {
    case POS_SALE_STATUS_DRAFT:
      /* Translators: the state of a sale that is still being keyed. */
      return _ ("Draft");
    case POS_SALE_STATUS_SUBMITTING:
      return _ ("Submitting");
    case POS_SALE_STATUS_CREATED:
      /* Translators: the payment page is open and waiting for the card. */
      return _ ("Awaiting payment");
    case POS_SALE_STATUS_SUCCEEDED:
      return _ ("Succeeded");
    case POS_SALE_STATUS_FAILED:
      return _ ("Failed");
    case POS_SALE_STATUS_PENDING:
      return _ ("Pending");
    case POS_SALE_STATUS_DISMISSED:
      /* Translators: the payment page was closed without paying. */
      return _ ("Cancelled");
    case POS_SALE_STATUS_UNKNOWN:
      /* Translators: no answer came back; check with Paystar before charging again. */
      return _ ("Outcome unknown");
    case POS_SALE_STATUS_ERROR:
      return _ ("Error");
    case POS_SALE_STATUS_NOT_SENT:
      /* Translators: a submit failed before anything reached Paystar. */
      return _ ("Not sent");
    case POS_SALE_STATUS_UNCONFIRMED:
      /* Translators: the payment form was closed before Paystar reported an outcome. */
      return _ ("Not confirmed");
    case POS_SALE_STATUS_CLOSED:
      /* Translators: an administrator ended the sale with a reason. */
      return _ ("Closed");
    default:
      return _ ("Unknown status");
  }
}

gboolean
pos_sale_status_is_final (PosSaleStatus status)
{
  switch (status) {
    case POS_SALE_STATUS_SUCCEEDED:
    case POS_SALE_STATUS_FAILED:
    case POS_SALE_STATUS_DISMISSED:
    case POS_SALE_STATUS_ERROR:
    case POS_SALE_STATUS_CLOSED:
      return TRUE;
    case POS_SALE_STATUS_NOT_SENT:
    case POS_SALE_STATUS_UNCONFIRMED:
    case POS_SALE_STATUS_DRAFT:
    case POS_SALE_STATUS_SUBMITTING:
    case POS_SALE_STATUS_CREATED:
    case POS_SALE_STATUS_PENDING:
    case POS_SALE_STATUS_UNKNOWN:
    default:
      return FALSE;
  }
}
