/* pos-account-book-group.h: the account book in the preferences: how many accounts the station
 * knows, and an administrator's import of a file of accounts.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pos.h"

G_BEGIN_DECLS

#define POS_TYPE_ACCOUNT_BOOK_GROUP (pos_account_book_group_get_type ())
G_DECLARE_FINAL_TYPE (PosAccountBookGroup,
                      pos_account_book_group,
                      POS,
                      ACCOUNT_BOOK_GROUP,
                      AdwPreferencesGroup)

/* The journal whose book it shows and imports into. Import… asks for a CSV file (Documents
 * first), imports it (pos_account_book_import(): all or nothing) and says how many accounts it
 * took, or shows the file's problems under the row. Tests reach "count_row", "import_button" and
 * "import_error" with gtk_widget_get_template_child(), and import a file with
 * pos_account_book_group_import_file(). */
void pos_account_book_group_set_journal (PosAccountBookGroup *self, PosJournal *journal);
/* The settings whose bill-barcode-layout it shows and sets ("layout_row", checked as it is
 * applied, "layout_error" under it), with "try_row" where a scanned or typed barcode is read with
 * the applied layout ("try_result"). */
void pos_account_book_group_set_settings (PosAccountBookGroup *self, PosSettings *settings);
/* Imports @file as Import… does after the file chooser, asynchronously. */
void pos_account_book_group_import_file (PosAccountBookGroup *self, GFile *file);

G_END_DECLS
