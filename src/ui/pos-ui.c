/* pos-ui.c: one-time set-up of the front end library (resources, types, a screen reader's names: pos-a11y.c).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-ui.h"

#include "pos-a11y.h"
#include "pos-charge-row.h"
#include "pos-field-entry.h"
#include "pos-pairs-editor.h"
#include "pos-resources.h"
#include "pos-sale-page.h"
#include "pos-sign-in-page.h"
#include "pos-window.h"

void
pos_ui_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized)) {
    pos_ui_register_resource ();
    /* Templates name these types; make them known before the first template is parsed. */
    g_type_ensure (POS_TYPE_FIELD_ENTRY);
    g_type_ensure (POS_TYPE_PAIRS_EDITOR);
    g_type_ensure (POS_TYPE_CHARGE_ROW);
    g_type_ensure (POS_TYPE_SIGN_IN_PAGE);
    g_type_ensure (POS_TYPE_SALE_PAGE);
    g_type_ensure (POS_TYPE_WINDOW);
    pos_a11y_init ();
    g_once_init_leave (&initialized, 1);
  }
}
