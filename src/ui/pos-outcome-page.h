/* pos-outcome-page.h: how a payment ended (approved, or pending), with the slip and New Sale.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pos.h"

G_BEGIN_DECLS

#define POS_TYPE_OUTCOME_PAGE (pos_outcome_page_get_type ())
G_DECLARE_FINAL_TYPE (PosOutcomePage, pos_outcome_page, POS, OUTCOME_PAGE, GtkWidget)

/* Shows a succeeded or pending sale: amount, masked card, reference, Paystar's reference (when a
 * lookup gave one), agent and time; a note the journal keeps with a success (e.g. that only the
 * redirect to the success address said so) is shown under the title. "Print
 * Slip" (action outcome.print-slip, Ctrl+P) is there for a succeeded sale; "New Sale" activates
 * win.new-sale. Actions: outcome.print-slip. */

GtkWidget *pos_outcome_page_new (void);

/* @agent_name: the agent's display name (the record's email when NULL); @station_name: for the
 * slip. */
void pos_outcome_page_set_record (PosOutcomePage *self,
                                  PosSaleRecord *record,
                                  const char *agent_name,
                                  const char *station_name);
PosSaleRecord *pos_outcome_page_get_record (PosOutcomePage *self);
/* Puts the keyboard on New Sale. */
void pos_outcome_page_focus_default (PosOutcomePage *self);

/* For tests: the texts as shown ("" for a hidden row). */
const char *pos_outcome_page_get_title (PosOutcomePage *self);
const char *pos_outcome_page_get_amount_text (PosOutcomePage *self);
const char *pos_outcome_page_get_card_text (PosOutcomePage *self);
const char *pos_outcome_page_get_reference_text (PosOutcomePage *self);
const char *pos_outcome_page_get_agent_text (PosOutcomePage *self);
/* Paystar's own reference ("" when the journaled answer has none, e.g. SDK events). */
const char *pos_outcome_page_get_paystar_reference_text (PosOutcomePage *self);
const char *pos_outcome_page_get_description (PosOutcomePage *self);
GtkWidget *pos_outcome_page_get_print_button (PosOutcomePage *self);

G_END_DECLS
