/* test-ui-sale.c: keying a sale: charges, the parsed amounts, an account, the running total,
 * field errors, the 25-charge limit and the draft that survives a restart, saying so.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-ui-harness.h"

#include <string.h>

static PosSalePage *
sale_page (UiFixture *fixture)
{
  return ui_sale_page (fixture->window);
}

static PosChargeRow *
charge_row (UiFixture *fixture, guint index)
{
  PosChargeRow *row = ui_charge_row (sale_page (fixture), index);

  g_assert_nonnull (row);
  return row;
}

static const char *
field_message (UiFixture *fixture, guint index, PosChargeField field)
{
  return ui_charge_message (charge_row (fixture, index), field);
}

static gboolean
submit_enabled (UiFixture *fixture)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (ui_child (sale_page (fixture), "submit_button")));
}

static void
select_in_dropdown (GtkDropDown *dropdown, const char *text)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++) {
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text) == 0) {
      gtk_drop_down_set_selected (dropdown, i);
      return;
    }
  }
  g_error ("“%s” is not a choice", text);
}

static void
key_three_charges (UiFixture *fixture)
{
  PosSalePage *page = sale_page (fixture);
  PosChargeRow *row;

  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "1,234.5");
  g_assert_cmpstr (field_message (fixture, 0, POS_CHARGE_FIELD_AMOUNT_TEXT), ==, "= $1,234.50");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_DESCRIPTION, "Water, January");
  select_in_dropdown (GTK_DROP_DOWN (ui_child (charge_row (fixture, 0), "type_dropdown")),
                      "Utility bill");

  ui_click (GTK_WIDGET (ui_child (page, "add_button")));
  ui_click (GTK_WIDGET (ui_child (page, "add_button")));
  g_assert_nonnull (ui_charge_row (page, 2));
  g_assert_null (ui_charge_row (page, 3));

  ui_set_charge_field (fixture->window, 1, POS_CHARGE_FIELD_AMOUNT_TEXT, "$20");
  ui_set_charge_field (fixture->window, 1, POS_CHARGE_FIELD_DESCRIPTION, "Deposit");
  ui_set_charge_field (fixture->window, 2, POS_CHARGE_FIELD_AMOUNT_TEXT, "0.05");
  ui_set_charge_field (fixture->window, 2, POS_CHARGE_FIELD_DESCRIPTION, "Late fee");

  /* The second charge goes against a customer account, with every kind of field. */
  row = charge_row (fixture, 1);
  gtk_expander_set_expanded (GTK_EXPANDER (ui_child (row, "account_expander")), TRUE);
  ui_set_charge_field (fixture->window, 1, POS_CHARGE_FIELD_ACCOUNT_NUMBER, "10-4432");
  ui_set_charge_field (fixture->window, 1, POS_CHARGE_FIELD_ACCOUNT_NAME, "Dana Lee");
  ui_set_charge_field (fixture->window, 1, POS_CHARGE_FIELD_BALANCE_TEXT, "87.10");
  ui_set_charge_field (fixture->window, 1, POS_CHARGE_FIELD_DUE_DATE, "2025-02-01");
  ui_set_charge_field (fixture->window, 1, POS_CHARGE_FIELD_STREET_ADDRESS, "12 Elm Street");
  ui_set_charge_field (fixture->window, 1, POS_CHARGE_FIELD_CITY, "Austin");
  select_in_dropdown (GTK_DROP_DOWN (ui_child (row, "state_dropdown")), "TX");
  ui_set_charge_field (fixture->window, 1, POS_CHARGE_FIELD_ZIP_CODE, "78701");
}

static void
test_three_charges (UiFixture *fixture, gconstpointer data)
{
  PosSalePage *page;
  PosSale *sale;
  PosCharge *charge;

  ui_sign_in (fixture->window, 0, "1234");
  page = sale_page (fixture);
  sale = pos_sale_page_get_sale (page);

  /* An untouched new charge is not yet an error at the field, but Submit is off. */
  g_assert_null (field_message (fixture, 0, POS_CHARGE_FIELD_AMOUNT_TEXT));
  g_assert_false (submit_enabled (fixture));
  g_assert_cmpstr (ui_label_text (page, "problems_label"), ==, "Charge 1: Enter an amount.");

  key_three_charges (fixture);
  g_assert_cmpstr (ui_label_text (page, "total_label"), ==, "Total $1,254.55");
  g_assert_cmpstr (field_message (fixture, 1, POS_CHARGE_FIELD_BALANCE_TEXT), ==, "= $87.10");
  g_assert_true (submit_enabled (fixture));
  g_assert_null (ui_label_text (page, "problems_label"));

  charge = pos_sale_get_charge (sale, 1);
  g_assert_true (pos_charge_get_has_account (charge));
  g_assert_cmpstr (pos_charge_get_field (charge, POS_CHARGE_FIELD_STATE), ==, "TX");
  g_assert_false (pos_charge_get_has_account (pos_sale_get_charge (sale, 0)));
  g_assert_cmpstr (pos_charge_get_charge_type (pos_sale_get_charge (sale, 0)), ==, "Utility bill");

  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-sale.png");

  /* Invalid fields say why, at the field, and Submit goes off. */
  ui_set_charge_field (fixture->window, 1, POS_CHARGE_FIELD_ZIP_CODE, "7870");
  g_assert_cmpstr (field_message (fixture, 1, POS_CHARGE_FIELD_ZIP_CODE), ==,
                   "Use a ZIP code such as 12345 or 12345-6789.");
  g_assert_false (submit_enabled (fixture));
  ui_set_charge_field (fixture->window, 2, POS_CHARGE_FIELD_AMOUNT_TEXT, "1.234");
  g_assert_nonnull (field_message (fixture, 2, POS_CHARGE_FIELD_AMOUNT_TEXT));
  g_assert_false (g_str_has_prefix (field_message (fixture, 2, POS_CHARGE_FIELD_AMOUNT_TEXT), "="));
  g_assert_cmpstr (ui_label_text (page, "total_label"), ==, "Total $1,254.50");
  ui_set_charge_field (fixture->window, 1, POS_CHARGE_FIELD_ACCOUNT_NAME, "");
  g_assert_cmpstr (field_message (fixture, 1, POS_CHARGE_FIELD_ACCOUNT_NAME), ==,
                   "Enter the account holder's name.");
  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-sale-errors.png");

  /* Fixed again. */
  ui_set_charge_field (fixture->window, 1, POS_CHARGE_FIELD_ZIP_CODE, "78701-1234");
  ui_set_charge_field (fixture->window, 2, POS_CHARGE_FIELD_AMOUNT_TEXT, "0.05");
  ui_set_charge_field (fixture->window, 1, POS_CHARGE_FIELD_ACCOUNT_NAME, "Dana Lee");
  g_assert_null (field_message (fixture, 1, POS_CHARGE_FIELD_ZIP_CODE));
  g_assert_true (submit_enabled (fixture));

  /* Remove and duplicate. */
  gtk_widget_activate_action (GTK_WIDGET (charge_row (fixture, 2)), "charge.remove", NULL);
  g_assert_null (ui_charge_row (page, 2));
  g_assert_cmpstr (ui_label_text (page, "total_label"), ==, "Total $1,254.50");
  gtk_widget_activate_action (GTK_WIDGET (charge_row (fixture, 1)), "charge.duplicate", NULL);
  g_assert_cmpuint (pos_sale_get_n_charges (sale), ==, 3);
  g_assert_cmpstr (
    pos_charge_get_field (pos_sale_get_charge (sale, 2), POS_CHARGE_FIELD_ACCOUNT_NUMBER), ==,
    "10-4432");
  g_assert_cmpstr (ui_label_text (page, "total_label"), ==, "Total $1,274.50");

  /* "Use this account for every charge" copies it to the first charge too. */
  gtk_widget_activate_action (GTK_WIDGET (charge_row (fixture, 1)), "charge.use-account-for-all",
                              NULL);
  g_assert_cmpstr (
    pos_charge_get_field (pos_sale_get_charge (sale, 0), POS_CHARGE_FIELD_ACCOUNT_NAME), ==,
    "Dana Lee");
  g_assert_true (pos_charge_get_has_account (pos_sale_get_charge (sale, 0)));
}

static void
test_local_rules (UiFixture *fixture, gconstpointer data)
{
  PosSalePage *page;
  PosPairsEditor *custom;

  ui_sign_in (fixture->window, 0, "1234");
  page = sale_page (fixture);
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "15");
  g_assert_true (submit_enabled (fixture));

  /* A due date that is no date. */
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_ACCOUNT_NUMBER, "A-1");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_ACCOUNT_NAME, "Sam Roe");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_DUE_DATE, "02/01/2025");
  g_assert_cmpstr (field_message (fixture, 0, POS_CHARGE_FIELD_DUE_DATE), ==,
                   "Use a date such as 2025-02-01 or 2025-02-01T00:00:00Z.");
  g_assert_false (submit_enabled (fixture));
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_DUE_DATE, "2025-02-01");
  g_assert_true (submit_enabled (fixture));

  /* Only the account number: the name is required, shown once asked for. */
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_ACCOUNT_NAME, "");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_DUE_DATE, "");
  g_assert_false (submit_enabled (fixture));
  g_assert_cmpstr (ui_label_text (page, "problems_label"), ==,
                   "Charge 1: Enter the account holder's name.");
  gtk_widget_activate_action (GTK_WIDGET (page), "sale.show-problems", NULL);
  g_assert_cmpstr (field_message (fixture, 0, POS_CHARGE_FIELD_ACCOUNT_NAME), ==,
                   "Enter the account holder's name.");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_ACCOUNT_NUMBER, "");
  g_assert_true (submit_enabled (fixture));

  /* A custom value without a name, then a name used twice. */
  custom = POS_PAIRS_EDITOR (ui_child (page, "custom_meta_editor"));
  pos_pairs_editor_add_pair (custom, "", "Water");
  g_assert_false (submit_enabled (fixture));
  g_assert_cmpstr (ui_label_text (page, "problems_label"), ==,
                   "Custom data: Enter a name for this value, or remove the row.");
  pos_pairs_editor_clear_server_errors (custom);
  g_assert_cmpuint (pos_pairs_editor_get_n_problems (custom), ==, 1);
}

static void
test_charge_limit (UiFixture *fixture, gconstpointer data)
{
  PosSalePage *page;
  GtkWidget *add;
  g_autofree char *tooltip = NULL;

  ui_sign_in (fixture->window, 0, "1234");
  page = sale_page (fixture);
  add = GTK_WIDGET (ui_child (page, "add_button"));

  for (guint i = 1; i < PAYSTAR_MAX_CHARGES; i++) {
    g_assert_true (gtk_widget_get_sensitive (add));
    ui_click (add);
  }
  g_assert_cmpuint (pos_sale_get_n_charges (pos_sale_page_get_sale (page)), ==, 25);
  g_assert_false (gtk_widget_get_sensitive (add));
  g_assert_cmpstr (ui_label_text (page, "add_limit_label"), ==,
                   "A sale holds at most 25 charges. Submit this sale and start another one for "
                   "the rest.");
  tooltip =
    gtk_widget_get_tooltip_text (add) != NULL ? g_strdup (gtk_widget_get_tooltip_text (add)) : NULL;
  g_assert_cmpstr (tooltip, ==, ui_label_text (page, "add_limit_label"));
  /* Duplicating is off too. */
  gtk_widget_activate_action (GTK_WIDGET (ui_charge_row (page, 0)), "charge.duplicate", NULL);
  g_assert_cmpuint (pos_sale_get_n_charges (pos_sale_page_get_sale (page)), ==, 25);

  gtk_widget_activate_action (GTK_WIDGET (ui_charge_row (page, 24)), "charge.remove", NULL);
  g_assert_true (gtk_widget_get_sensitive (add));
  g_assert_null (ui_label_text (page, "add_limit_label"));
}

typedef struct {
  PosJournal *journal;
  const char *email;
  const char *needle;
} DraftWait;

/* The agent's editable sale in the journal holds @needle (the checkout saves it on its own). */
static gboolean
draft_contains (gpointer user_data)
{
  DraftWait *wait = user_data;
  g_autoptr (PosSaleRecord) record = pos_journal_find_editable (wait->journal, wait->email, NULL);
  const char *json = record != NULL ? pos_sale_record_get_draft_json (record) : NULL;

  return json != NULL && strstr (json, wait->needle) != NULL;
}

static void
test_draft_survives_restart (UiFixture *fixture, gconstpointer data)
{
  PosJournal *journal = pos_station_get_journal (fixture->station);
  g_autofree char *ava = g_strconcat ("ava", "@", "acme-utilities.example", NULL);
  DraftWait wait = { journal, ava, "Late fee" };
  g_autofree char *reference = NULL;
  g_autofree char *banner = NULL;
  g_autofree char *time = NULL;
  g_autoptr (GDateTime) edited = NULL;
  PosSalePage *page;
  PosCheckout *checkout;
  PosSale *sale;

  ui_sign_in (fixture->window, 0, "1234");
  page = sale_page (fixture);
  /* A new sale says nothing about being restored. */
  g_assert_null (ui_card_text (page, "restored_box", "restored_label"));
  key_three_charges (fixture);
  reference = g_strdup (pos_sale_get_client_reference (pos_sale_page_get_sale (page)));

  /* Saved without anything else happening (how soon is bench-draft's to measure). */
  ui_wait_until (draft_contains, &wait, 10000, "the draft to be saved");

  /* A kill: the window goes away without signing out; a new one comes up. */
  ui_fixture_destroy_window (fixture);
  ui_fixture_new_window (fixture);
  ui_sign_in (fixture->window, 0, "1234");
  page = sale_page (fixture);
  checkout = pos_sale_page_get_checkout (page);
  sale = pos_sale_page_get_sale (page);
  g_assert_cmpuint (pos_sale_get_n_charges (sale), ==, 3);
  g_assert_cmpstr (pos_sale_get_client_reference (sale), ==, reference);
  g_assert_cmpstr (pos_charge_get_amount_text (pos_sale_get_charge (sale, 0)), ==, "1,234.5");
  g_assert_cmpstr (ui_label_text (page, "total_label"), ==, "Total $1,254.55");
  g_assert_cmpstr (pos_charge_get_field (pos_sale_get_charge (sale, 1), POS_CHARGE_FIELD_STATE), ==,
                   "TX");
  g_assert_true (ui_sale_form_editable (page));

  /* It says it was restored, and when it was last edited. */
  g_assert_true (pos_checkout_get_restored (checkout));
  edited = g_date_time_new_from_unix_local (pos_checkout_get_edited (checkout) / G_USEC_PER_SEC);
  time = g_date_time_format (edited, "%H:%M");
  banner = g_strdup_printf ("Restored sale, last edited at %s", time);
  g_assert_cmpstr (ui_card_text (page, "restored_box", "restored_label"), ==, banner);
  ui_save_screenshot (GTK_WIDGET (fixture->window), "ui-sale-restored.png");

  /* Another agent has a sale of their own, not restored. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sign-out", NULL);
  ui_sign_in (fixture->window, 1, "5678");
  sale = pos_sale_page_get_sale (sale_page (fixture));
  g_assert_cmpuint (pos_sale_get_n_charges (sale), ==, 1);
  g_assert_cmpstr (pos_sale_get_client_reference (sale), !=, reference);
  g_assert_null (ui_card_text (sale_page (fixture), "restored_box", "restored_label"));

  /* Ava's sale is still hers after the other agent's turn. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sign-out", NULL);
  ui_sign_in (fixture->window, 0, "1234");
  g_assert_cmpstr (pos_sale_get_client_reference (pos_sale_page_get_sale (sale_page (fixture))), ==,
                   reference);
}

/* New Sale over an unsent sale asks first; discarding ends it in the journal too. */
static void
test_new_sale_discards (UiFixture *fixture, gconstpointer data)
{
  PosJournal *journal = pos_station_get_journal (fixture->station);
  g_autofree char *ava = g_strconcat ("ava", "@", "acme-utilities.example", NULL);
  DraftWait wait = { journal, ava, "Kept for now" };
  g_autoptr (PosCheckout) old = NULL;
  g_autoptr (PosSaleRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  PosSalePage *page;

  ui_sign_in (fixture->window, 0, "1234");
  page = sale_page (fixture);
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "9");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_DESCRIPTION, "Kept for now");
  ui_wait_until (draft_contains, &wait, 10000, "the draft to be saved");
  old = g_object_ref (pos_sale_page_get_checkout (page));

  /* Keep Editing: nothing changes. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-sale", NULL);
  ui_wait_until (ui_message_dialog_shows, NULL, 5000, "the New Sale question");
  adw_message_dialog_response (ui_find_message_dialog (), "cancel");
  g_assert_true (pos_sale_page_get_checkout (page) == old);

  /* Discard and Start New: a new sale, and the unsent one is gone from the journal. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-sale", NULL);
  ui_wait_until (ui_message_dialog_shows, NULL, 5000, "the New Sale question");
  adw_message_dialog_response (ui_find_message_dialog (), "discard");
  g_assert_true (pos_sale_page_get_checkout (page) != old);
  g_assert_cmpint (pos_checkout_get_state (pos_sale_page_get_checkout (page)), ==,
                   POS_SALE_STATUS_DRAFT);
  g_assert_cmpstr (ui_label_text (page, "total_label"), ==, "Total $0.00");
  g_assert_false (draft_contains (&wait));
  record = pos_journal_lookup (journal, pos_checkout_get_id (old), &error);
  g_assert_null (record);
  g_assert_error (error, POS_ERROR, POS_ERROR_NOT_FOUND);
}

static PosFieldEntry *
charge_field (PosWindow *window, const char *name)
{
  PosChargeRow *row = ui_charge_row (ui_sale_page (window), 0);

  return POS_FIELD_ENTRY (
    gtk_widget_get_template_child (GTK_WIDGET (row), POS_TYPE_CHARGE_ROW, name));
}

static gboolean
focus_is_in (PosWindow *window, gpointer widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL &&
         (focus == GTK_WIDGET (widget) || gtk_widget_is_ancestor (focus, GTK_WIDGET (widget)));
}

/* Shift+Tab in a text field goes back to the field before it (as the window's Tab binding moves
 * focus), and what was typed stays; Tab comes back. */
static void
test_shift_tab (UiFixture *fixture, gconstpointer data)
{
  PosFieldEntry *amount;
  PosFieldEntry *description;

  ui_sign_in (fixture->window, 0, "1234");
  amount = charge_field (fixture->window, "amount_field");
  description = charge_field (fixture->window, "description_field");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "12");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_DESCRIPTION, "abc");

  gtk_widget_grab_focus (GTK_WIDGET (description));
  g_assert_true (focus_is_in (fixture->window, description));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_BACKWARD));
  g_assert_true (focus_is_in (fixture->window, amount));
  g_assert_cmpstr (pos_field_entry_get_text (description), ==, "abc");
  g_assert_cmpstr (pos_field_entry_get_text (amount), ==, "12");

  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_is_in (fixture->window, description));
}

static guint
n_charges (UiFixture *fixture)
{
  return pos_sale_get_n_charges (pos_sale_page_get_sale (sale_page (fixture)));
}

static const char *
charge_text (UiFixture *fixture, guint index, PosChargeField field)
{
  PosSale *sale = pos_sale_page_get_sale (sale_page (fixture));

  return pos_charge_get_field (pos_sale_get_charge (sale, index), field);
}

/* The trash button removes an empty charge at once; a filled one can be put back, by the
 * toast's Undo or by Ctrl+Z (real key events) while the toast shows. */
static void
test_remove_undo (UiFixture *fixture, gconstpointer data)
{
  PosSalePage *page;
  GtkWidget *window = GTK_WIDGET (fixture->window);
  const char *toast;

  ui_sign_in (fixture->window, 0, "1234");
  page = sale_page (fixture);
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "10");
  gtk_widget_activate_action (GTK_WIDGET (page), "sale.add-charge", NULL);
  ui_set_charge_field (fixture->window, 1, POS_CHARGE_FIELD_AMOUNT_TEXT, "25.50");
  ui_set_charge_field (fixture->window, 1, POS_CHARGE_FIELD_DESCRIPTION, "Late fee");
  gtk_widget_activate_action (GTK_WIDGET (page), "sale.add-charge", NULL);
  g_assert_cmpuint (n_charges (fixture), ==, 3);

  /* Empty: it just goes, nothing to undo. */
  gtk_widget_activate_action (GTK_WIDGET (charge_row (fixture, 2)), "charge.remove", NULL);
  g_assert_cmpuint (n_charges (fixture), ==, 2);
  toast = ui_toast_text (fixture->window);
  g_assert_true (toast == NULL || strstr (toast, "removed") == NULL);

  /* Filled: the toast says so; Ctrl+Z puts it back where it was, with what was typed. */
  gtk_widget_activate_action (GTK_WIDGET (charge_row (fixture, 0)), "charge.remove", NULL);
  g_assert_cmpuint (n_charges (fixture), ==, 1);
  g_assert_cmpstr (ui_label_text (page, "total_label"), ==, "Total $25.50");
  ui_wait_for_toast (fixture->window, "Charge 1 removed");
  ui_save_screenshot (window, "ui-sale-undo.png");
  ui_press_key (window, GDK_KEY_z, GDK_CONTROL_MASK);
  g_assert_cmpuint (n_charges (fixture), ==, 2);
  g_assert_cmpstr (charge_text (fixture, 0, POS_CHARGE_FIELD_AMOUNT_TEXT), ==, "10");
  g_assert_cmpstr (charge_text (fixture, 1, POS_CHARGE_FIELD_DESCRIPTION), ==, "Late fee");
  g_assert_cmpstr (ui_label_text (page, "total_label"), ==, "Total $35.50");
  /* Once used, Ctrl+Z is the text field's own again: nothing more comes back. */
  ui_press_key (window, GDK_KEY_z, GDK_CONTROL_MASK);
  g_assert_cmpuint (n_charges (fixture), ==, 2);

  /* The toast's button does the same. */
  gtk_widget_activate_action (GTK_WIDGET (charge_row (fixture, 1)), "charge.remove", NULL);
  g_assert_cmpuint (n_charges (fixture), ==, 1);
  ui_wait_for_toast (fixture->window, "Charge 2 removed");
  g_assert_nonnull (ui_toast_button (fixture->window));
  ui_click (ui_toast_button (fixture->window));
  g_assert_cmpuint (n_charges (fixture), ==, 2);
  g_assert_cmpstr (charge_text (fixture, 1, POS_CHARGE_FIELD_DESCRIPTION), ==, "Late fee");
  g_assert_cmpstr (charge_text (fixture, 1, POS_CHARGE_FIELD_AMOUNT_TEXT), ==, "25.50");
}

/* The keyboard's field lies wholly inside the sale's scrolled area (above the bottom bar). */
static gboolean
focus_in_view (gpointer user_data)
{
  UiFixture *fixture = user_data;
  GtkWidget *scroller = ui_child (ui_sale_page (fixture->window), "scroller");
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  graphene_rect_t bounds;

  return focus != NULL && gtk_widget_compute_bounds (focus, scroller, &bounds) &&
         bounds.size.height > 0 && bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller);
}

/* Where the keyboard is: the charge row's template child @name (a field, a drop-down, the
 * expander) holds the focus. */
static void
assert_focus_at (UiFixture *fixture, const char *name)
{
  GtkWidget *target = ui_child (charge_row (fixture, 0), name);

  if (!focus_is_in (fixture->window, target)) {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

    g_error ("the keyboard is not at %s but at a %s", name,
             focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "nothing");
  }
}

static void
tab (UiFixture *fixture, const char *expected)
{
  ui_press_key (GTK_WIDGET (fixture->window), GDK_KEY_Tab, 0);
  assert_focus_at (fixture, expected);
}

static void
shift_tab (UiFixture *fixture, const char *expected)
{
  /* X sends Shift+Tab as ISO_Left_Tab, as a real keyboard does. */
  ui_press_key (GTK_WIDGET (fixture->window), GDK_KEY_Tab, GDK_SHIFT_MASK);
  assert_focus_at (fixture, expected);
}

static void
type (UiFixture *fixture, const char *text)
{
  ui_type_text (GTK_WIDGET (fixture->window), text);
}

static const char *
member_string (JsonObject *object, const char *path)
{
  g_auto (GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i + 1] != NULL; i++) {
    g_assert_true (json_object_has_member (object, parts[i]));
    object = json_object_get_object_member (object, parts[i]);
  }
  return json_object_get_string_member_with_default (object, parts[g_strv_length (parts) - 1],
                                                     NULL);
}

/* A whole sale with an account and an address, keyed with real key events only, as a clerk does:
 * the PIN, Tab and Shift+Tab through the fields in reading order (corrections on the way back
 * keep what was typed elsewhere), typing in the drop-downs, Space on the account's expander,
 * Alt+Down for the due date's calendar, Ctrl+Enter. The request that reaches the journal is
 * checked field by field. */
static void
test_keyboard_only_sale (UiFixture *fixture, gconstpointer data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  g_autoptr (PosSaleRecord) record = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *charge;
  gint64 id;

  /* The sign-in page opens with the first agent chosen and the keyboard in the PIN. */
  type (fixture, "1234");
  ui_press_key (window, GDK_KEY_Return, 0);
  ui_wait_for_page (fixture->window, "sale");
  assert_focus_at (fixture, "amount_field");
  /* The smallest screen a counter has: the whole sale works at 800x600. */
  ui_resize (GTK_WINDOW (fixture->window), 800, 600);
  assert_focus_at (fixture, "amount_field");

  type (fixture, "150");
  tab (fixture, "description_field");
  type (fixture, "Water Decmber");
  tab (fixture, "type_dropdown");
  /* Back to fix the typo: the field is selected whole, typing replaces it; the amount stays. */
  shift_tab (fixture, "description_field");
  type (fixture, "Water, December");
  shift_tab (fixture, "amount_field");
  tab (fixture, "description_field");
  tab (fixture, "type_dropdown");
  type (fixture, "u"); /* Utility bill */
  tab (fixture, "account_expander");
  ui_press_key (window, GDK_KEY_space, 0);
  tab (fixture, "account_number_field");
  type (fixture, "10-4432");
  tab (fixture, "sub_account_number_field");
  tab (fixture, "account_name_field");
  type (fixture, "Dana Lee");
  tab (fixture, "balance_field");
  type (fixture, "$1,200.5");
  tab (fixture, "phone_number_field");
  type (fixture, "512-555-0100");
  tab (fixture, "due_date_field");
  type (fixture, "2026-12-10");
  /* Alt+Down opens the calendar at that day; a week later, Enter takes it. */
  ui_press_key (window, GDK_KEY_Down, GDK_ALT_MASK);
  ui_press_key (window, GDK_KEY_Down, 0);
  ui_press_key (window, GDK_KEY_Return, 0);
  assert_focus_at (fixture, "due_date_field");
  tab (fixture, "issue_date_field");
  tab (fixture, "note_field");
  tab (fixture, "street_address_field");
  type (fixture, "1 Main St");
  tab (fixture, "street_address2_field");
  tab (fixture, "city_field");
  type (fixture, "Austn");
  tab (fixture, "state_dropdown");
  type (fixture, "tx");
  tab (fixture, "zip_code_field");
  type (fixture, "78701");
  /* Back over the State (kept) to the city's typo. */
  shift_tab (fixture, "state_dropdown");
  shift_tab (fixture, "city_field");
  type (fixture, "Austin");
  tab (fixture, "state_dropdown");
  tab (fixture, "zip_code_field");

  g_assert_cmpstr (ui_label_text (ui_sale_page (fixture->window), "total_label"), ==,
                   "Total $150.00");
  /* The field being typed in is in view at this size too. */
  ui_wait_until (focus_in_view, fixture, 5000, "the ZIP code to be in view");
  ui_save_screenshot (window, "ui-sale-keyboard-800.png");
  ui_press_key (window, GDK_KEY_Return, GDK_CONTROL_MASK);
  ui_wait_for_page (fixture->window, "payment");

  id = pos_payment_page_get_journal_id (ui_payment_page (fixture->window));
  record = pos_journal_lookup (pos_station_get_journal (fixture->station), id, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, pos_sale_record_get_request_json (record), -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (json_parser_get_root (parser)), "Charges")),
                    ==, 1);
  charge = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "Charges"),
    0);
  g_assert_cmpint (json_object_get_int_member (charge, "Amount"), ==, 15000);
  g_assert_cmpstr (member_string (charge, "Description"), ==, "Water, December");
  g_assert_cmpstr (member_string (charge, "ChargeType"), ==, "Utility bill");
  g_assert_cmpstr (member_string (charge, "ClientAccount.AccountNumber"), ==, "10-4432");
  g_assert_null (member_string (charge, "ClientAccount.SubAccountNumber"));
  g_assert_cmpstr (member_string (charge, "ClientAccount.Name"), ==, "Dana Lee");
  g_assert_cmpint (
    json_object_get_int_member (json_object_get_object_member (charge, "ClientAccount"), "Balance"),
    ==, 120050);
  g_assert_cmpstr (member_string (charge, "ClientAccount.PhoneNumber"), ==, "512-555-0100");
  g_assert_true (g_str_has_prefix (member_string (charge, "ClientAccount.DueDate"), "2026-12-17"));
  g_assert_null (member_string (charge, "ClientAccount.IssueDate"));
  g_assert_cmpstr (member_string (charge, "ClientAccount.Address.StreetAddress"), ==, "1 Main St");
  g_assert_cmpstr (member_string (charge, "ClientAccount.Address.City"), ==, "Austin");
  g_assert_cmpstr (member_string (charge, "ClientAccount.Address.State"), ==, "TX");
  g_assert_cmpstr (member_string (charge, "ClientAccount.Address.ZipCode"), ==, "78701");
}

/* The account book's list under a field of charge 0, when it shows. */
static GtkWidget *
shown_suggestions (UiFixture *fixture, const char *field)
{
  GtkWidget *entry = ui_child (charge_row (fixture, 0), field);

  for (GtkWidget *child = gtk_widget_get_first_child (entry); child != NULL;
       child = gtk_widget_get_next_sibling (child)) {
    if (GTK_IS_POPOVER (child) && gtk_widget_get_visible (child))
      return child;
  }
  return NULL;
}

static gboolean
number_suggestions_shown (gpointer user_data)
{
  return shown_suggestions (user_data, "account_number_field") != NULL;
}

static gboolean
name_suggestions_shown (gpointer user_data)
{
  return shown_suggestions (user_data, "account_name_field") != NULL;
}

/* Typing in Account number or Name offers the station's accounts; Down and Enter take one: every
 * account field filled, the balance offered as the amount, the keyboard on the amount. */
static void
test_account_book (UiFixture *fixture, gconstpointer data)
{
  static const char csv[] =
    "AccountNumber,Name,Balance,PhoneNumber,StreetAddress,City,State,ZipCode\n"
    "10-4432,Dana Lee,1200.50,512-555-0100,1 Main St,Austin,TX,78701\n"
    "10-4499,Dan Leeds,5,,,,,\n"
    "20-1,Ana Ortiz,0,,,,,\n";
  GtkWidget *window = GTK_WIDGET (fixture->window);
  g_autoptr (GError) error = NULL;
  PosCharge *charge;

  g_assert_cmpint (
    pos_account_book_import (pos_station_get_journal (fixture->station), csv, strlen (csv), &error),
    ==, 3);
  g_assert_no_error (error);
  ui_sign_in (fixture->window, 0, "1234");
  gtk_expander_set_expanded (GTK_EXPANDER (ui_child (charge_row (fixture, 0), "account_expander")),
                             TRUE);
  gtk_widget_grab_focus (ui_child (charge_row (fixture, 0), "account_number_field"));
  ui_type_text (window, "10-44");
  ui_wait_until (number_suggestions_shown, fixture, 5000, "the matching accounts");
  ui_save_screenshot (window, "ui-sale-account-book.png");
  /* Escape closes the list, typing opens it again. */
  ui_press_key (window, GDK_KEY_Escape, 0);
  g_assert_null (shown_suggestions (fixture, "account_number_field"));
  ui_type_text (window, "3");
  ui_wait_until (number_suggestions_shown, fixture, 5000, "the matching accounts again");
  ui_press_key (window, GDK_KEY_Down, 0);
  ui_press_key (window, GDK_KEY_Return, 0);
  g_assert_null (shown_suggestions (fixture, "account_number_field"));

  charge = pos_sale_get_charge (pos_sale_page_get_sale (sale_page (fixture)), 0);
  g_assert_true (pos_charge_get_has_account (charge));
  g_assert_cmpstr (charge_text (fixture, 0, POS_CHARGE_FIELD_ACCOUNT_NUMBER), ==, "10-4432");
  g_assert_cmpstr (charge_text (fixture, 0, POS_CHARGE_FIELD_ACCOUNT_NAME), ==, "Dana Lee");
  g_assert_cmpstr (charge_text (fixture, 0, POS_CHARGE_FIELD_PHONE_NUMBER), ==, "512-555-0100");
  g_assert_cmpstr (charge_text (fixture, 0, POS_CHARGE_FIELD_CITY), ==, "Austin");
  g_assert_cmpstr (charge_text (fixture, 0, POS_CHARGE_FIELD_STATE), ==, "TX");
  g_assert_cmpint (pos_charge_get_balance (charge), ==, 120050);
  g_assert_cmpint (pos_charge_get_amount (charge), ==, 120050);
  g_assert_true (focus_is_in (fixture->window, ui_child (charge_row (fixture, 0), "amount_field")));

  /* By name: another account replaces this one whole; the amount typed stays. */
  ui_type_text (window, "7");
  gtk_widget_grab_focus (ui_child (charge_row (fixture, 0), "account_name_field"));
  ui_press_key (window, GDK_KEY_a, GDK_CONTROL_MASK);
  ui_type_text (window, "orti");
  ui_wait_until (name_suggestions_shown, fixture, 5000, "the accounts of that name");
  ui_press_key (window, GDK_KEY_Down, 0);
  ui_press_key (window, GDK_KEY_Return, 0);
  g_assert_cmpstr (charge_text (fixture, 0, POS_CHARGE_FIELD_ACCOUNT_NUMBER), ==, "20-1");
  g_assert_cmpstr (charge_text (fixture, 0, POS_CHARGE_FIELD_ACCOUNT_NAME), ==, "Ana Ortiz");
  g_assert_cmpstr (charge_text (fixture, 0, POS_CHARGE_FIELD_CITY), ==, "");
  g_assert_cmpstr (charge_text (fixture, 0, POS_CHARGE_FIELD_AMOUNT_TEXT), ==, "7");
}

/* A bill stub scanned anywhere on the sale page (here in a charge's Description, which keeps
 * what was typed in it): its charge is added with the account as the book knows it and the
 * bill's amount and due date. The same characters typed at a person's pace stay typing; a
 * barcode of another layout changes nothing and says so. Real key events, the scanner's a
 * millisecond apart, the person's 120 ms. */
static void
test_bill_scan (UiFixture *fixture, gconstpointer data)
{
  static const char csv[] = "AccountNumber,Name,City\n10-4432,Dana Lee,Austin\n";
  GtkWidget *window = GTK_WIDGET (fixture->window);
  g_autoptr (GError) error = NULL;
  PosSale *sale;
  const char *toast;

  g_assert_cmpint (
    pos_account_book_import (pos_station_get_journal (fixture->station), csv, strlen (csv), &error),
    ==, 1);
  pos_settings_set_bill_barcode_layout (fixture->settings, "B{account}|{amount:8}{due:8}");
  ui_sign_in (fixture->window, 0, "1234");
  sale = pos_sale_page_get_sale (sale_page (fixture));
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "5");
  gtk_widget_grab_focus (ui_child (charge_row (fixture, 0), "description_field"));
  ui_type_text_slowly (window, "Deposit", 120);

  /* The scanner, picked up right after the last key typed (its burst begins with that "t"): a
   * charge added, the field as it was typed. */
  ui_scan_text (window, "B10-4432|0001205020261217");
  g_assert_cmpuint (pos_sale_get_n_charges (sale), ==, 2);
  g_assert_cmpstr (charge_text (fixture, 0, POS_CHARGE_FIELD_DESCRIPTION), ==, "Deposit");
  g_assert_cmpstr (charge_text (fixture, 1, POS_CHARGE_FIELD_ACCOUNT_NUMBER), ==, "10-4432");
  g_assert_cmpstr (charge_text (fixture, 1, POS_CHARGE_FIELD_ACCOUNT_NAME), ==, "Dana Lee");
  g_assert_cmpstr (charge_text (fixture, 1, POS_CHARGE_FIELD_CITY), ==, "Austin");
  g_assert_cmpint (pos_charge_get_amount (pos_sale_get_charge (sale, 1)), ==, 12050);
  g_assert_cmpstr (charge_text (fixture, 1, POS_CHARGE_FIELD_DUE_DATE), ==, "2026-12-17");
  ui_wait_for_toast (fixture->window, "Bill scanned: 10-4432, Dana Lee");

  /* A person typing the same: typing, nothing added. */
  gtk_widget_grab_focus (ui_child (charge_row (fixture, 0), "description_field"));
  ui_press_key (window, GDK_KEY_End, 0);
  ui_type_text_slowly (window, " B10-4432|0001205020261217", 120);
  ui_press_key (window, GDK_KEY_Return, 0);
  g_assert_cmpuint (pos_sale_get_n_charges (sale), ==, 2);
  g_assert_cmpstr (charge_text (fixture, 0, POS_CHARGE_FIELD_DESCRIPTION), ==,
                   "Deposit B10-4432|0001205020261217");

  /* Another layout's barcode: nothing changes, and the agent is told. */
  ui_scan_text (window, "X99999999999");
  g_assert_cmpuint (pos_sale_get_n_charges (sale), ==, 2);
  g_assert_cmpstr (charge_text (fixture, 0, POS_CHARGE_FIELD_DESCRIPTION), ==,
                   "Deposit B10-4432|0001205020261217");
  toast = ui_wait_for_toast (fixture->window, "Scan not used");
  g_assert_nonnull (strstr (toast, "not laid out"));

  /* An account the book does not have: its charge with the number, the name left to type. */
  ui_scan_text (window, "B77-1|0000010020270105");
  g_assert_cmpuint (pos_sale_get_n_charges (sale), ==, 3);
  g_assert_cmpstr (charge_text (fixture, 2, POS_CHARGE_FIELD_ACCOUNT_NUMBER), ==, "77-1");
  g_assert_cmpstr (charge_text (fixture, 2, POS_CHARGE_FIELD_ACCOUNT_NAME), ==, "");
  g_assert_cmpint (pos_charge_get_amount (pos_sale_get_charge (sale, 2)), ==, 100);
  ui_wait_for_toast (fixture->window, "not in the account book");
}

/* Ctrl+Shift+N again and again: each new charge's Amount has the keyboard and is scrolled into
 * view as it is typed in, never left under the bottom bar. */
static void
test_new_charge_in_view (UiFixture *fixture, gconstpointer data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);

  ui_sign_in (fixture->window, 0, "1234");
  for (guint i = 1; i < 8; i++) {
    ui_press_key (window, GDK_KEY_N, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
    g_assert_true (
      focus_is_in (fixture->window, ui_child (charge_row (fixture, i), "amount_field")));
    ui_type_text (window, "12");
    ui_wait_until (focus_in_view, fixture, 5000, "the new charge's amount to be in view");
  }
  g_assert_cmpuint (pos_sale_get_n_charges (pos_sale_page_get_sale (sale_page (fixture))), ==, 8);
}

/* Where @widget lies in the window. */
static graphene_rect_t
place_of (UiFixture *fixture, GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (fixture->window), &bounds));
  return bounds;
}

typedef struct {
  GdkFrameClock *clock;
  gint64 until;
} FrameWait;

static gboolean
frames_passed (gpointer user_data)
{
  FrameWait *wait = user_data;

  return gdk_frame_clock_get_frame_counter (wait->clock) >= wait->until;
}

/* Waits for the window's next frames: what changed has been laid out and drawn. */
static void
wait_for_layout (UiFixture *fixture)
{
  FrameWait wait = { gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window)), 0 };

  wait.until = gdk_frame_clock_get_frame_counter (wait.clock) + 2;
  gtk_widget_queue_draw (GTK_WIDGET (fixture->window));
  ui_wait_until (frames_passed, &wait, 5000, "two frames");
}

/* A long message under Amount wraps within the field: the Amount column keeps its width and the
 * Description beside it does not move. */
static void
test_message_keeps_columns (UiFixture *fixture, gconstpointer data)
{
  GtkWidget *amount;
  GtkWidget *description;
  graphene_rect_t amount_before, description_before, amount_after, description_after;

  ui_sign_in (fixture->window, 0, "1234");
  amount = ui_child (charge_row (fixture, 0), "amount_field");
  description = ui_child (charge_row (fixture, 0), "description_field");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "12");
  wait_for_layout (fixture);
  amount_before = place_of (fixture, amount);
  description_before = place_of (fixture, description);

  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "1.234");
  g_assert_cmpstr (ui_charge_message (charge_row (fixture, 0), POS_CHARGE_FIELD_AMOUNT_TEXT), ==,
                   "Use at most two digits after the decimal point, like 12.50.");
  wait_for_layout (fixture);
  amount_after = place_of (fixture, amount);
  description_after = place_of (fixture, description);
  g_assert_cmpfloat (amount_after.size.width, ==, amount_before.size.width);
  g_assert_cmpfloat (description_after.origin.x, ==, description_before.origin.x);
  g_assert_cmpfloat (description_after.origin.y, ==, description_before.origin.y);
}

/* Keys as the drop-down's own key controller receives them. */
static void
type_into_drop_down (GtkWidget *drop_down, const char *keys)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (drop_down);
  GtkEventController *type_ahead = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && type_ahead == NULL; i++) {
    g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

    if (g_strcmp0 (gtk_event_controller_get_name (controller), "pos-type-ahead") == 0)
      type_ahead = controller;
  }
  g_assert_nonnull (type_ahead);
  for (const char *k = keys; *k != '\0'; k++) {
    gboolean handled = FALSE;

    g_signal_emit_by_name (type_ahead, "key-pressed", gdk_unicode_to_keyval ((guchar) *k), 0, 0,
                           &handled);
    g_assert_true (handled);
  }
}

/* Typing picks in a closed drop-down: "T", "X" selects TX, and the charge's State is TX. */
static void
test_drop_down_typing (UiFixture *fixture, gconstpointer data)
{
  PosSalePage *page;
  PosChargeRow *row;
  GtkWidget *state;
  PosCharge *charge;

  ui_sign_in (fixture->window, 0, "1234");
  page = ui_sale_page (fixture->window);
  row = ui_charge_row (page, 0);
  state = GTK_WIDGET (
    gtk_widget_get_template_child (GTK_WIDGET (row), POS_TYPE_CHARGE_ROW, "state_dropdown"));
  charge = pos_sale_get_charge (pos_sale_page_get_sale (page), 0);

  type_into_drop_down (state, "tx");
  g_assert_cmpstr (pos_charge_get_field (charge, POS_CHARGE_FIELD_STATE), ==, "TX");
  /* No state begins with "TXC": "C" starts afresh, at the first state beginning with C. */
  type_into_drop_down (state, "C");
  g_assert_cmpstr (pos_charge_get_field (charge, POS_CHARGE_FIELD_STATE), ==, "CA");
  type_into_drop_down (state, "O");
  g_assert_cmpstr (pos_charge_get_field (charge, POS_CHARGE_FIELD_STATE), ==, "CO");
}

/* The larger-text setting: every word bigger (not one label), the controls with them, and at
 * 1024x768 nothing of a sale with an account open is cut off. */
static void
test_larger_text (UiFixture *fixture, gconstpointer data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *total;
  GtkWidget *amount;
  int total_before, amount_before;
  static const char *const whole[] = {
    "Ava Alvarez",    "Charge 1", "Amount",     "Description",  "Charge type",
    "Account number", "Name",     "Add Charge", "Total $12.50",
  };

  ui_sign_in (fixture->window, 0, "1234");
  ui_set_charge_field (fixture->window, 0, POS_CHARGE_FIELD_AMOUNT_TEXT, "12.50");
  total = ui_find_label (window, "Total $12.50");
  g_assert_nonnull (total);
  amount = ui_child (charge_row (fixture, 0), "amount_field");
  wait_for_layout (fixture);
  total_before = gtk_widget_get_height (total);
  ui_assert_label_whole (window, "Add Charge");
  amount_before = gtk_widget_get_height (amount);

  pos_settings_set_larger_text (fixture->settings, TRUE);
  g_assert_true (gtk_widget_has_css_class (window, "larger-text"));
  gtk_expander_set_expanded (GTK_EXPANDER (ui_child (charge_row (fixture, 0), "account_expander")),
                             TRUE);
  ui_resize (GTK_WINDOW (fixture->window), 1024, 768);
  wait_for_layout (fixture);
  /* A third bigger: the total's words and the Amount field around its own. */
  g_assert_cmpint (gtk_widget_get_height (total) * 100, >=, total_before * 120);
  g_assert_cmpint (gtk_widget_get_height (amount) * 100, >=, amount_before * 120);
  ui_save_screenshot (window, "ui-sale-larger-text-1024.png");
  for (guint i = 0; i < G_N_ELEMENTS (whole); i++)
    ui_assert_label_whole (window, whole[i]);

  /* Off again: back to the usual size. */
  pos_settings_set_larger_text (fixture->settings, FALSE);
  g_assert_false (gtk_widget_has_css_class (window, "larger-text"));
  wait_for_layout (fixture);
  g_assert_cmpint (gtk_widget_get_height (total), ==, total_before);
}

int
main (int argc, char *argv[])
{
  ui_harness_init (&argc, &argv);

  UI_TEST_ADD ("/ui/sale/shift-tab", NULL, test_shift_tab);
  UI_TEST_ADD ("/ui/sale/drop-down-typing", NULL, test_drop_down_typing);
  UI_TEST_ADD ("/ui/sale/keyboard-only-sale", NULL, test_keyboard_only_sale);
  UI_TEST_ADD ("/ui/sale/account-book", NULL, test_account_book);
  UI_TEST_ADD ("/ui/sale/bill-scan", NULL, test_bill_scan);
  UI_TEST_ADD ("/ui/sale/new-charge-in-view", NULL, test_new_charge_in_view);
  UI_TEST_ADD ("/ui/sale/larger-text", NULL, test_larger_text);
  UI_TEST_ADD ("/ui/sale/message-keeps-columns", NULL, test_message_keeps_columns);
  UI_TEST_ADD ("/ui/sale/remove-undo", NULL, test_remove_undo);
  UI_TEST_ADD ("/ui/sale/three-charges", NULL, test_three_charges);
  UI_TEST_ADD ("/ui/sale/local-rules", NULL, test_local_rules);
  UI_TEST_ADD ("/ui/sale/charge-limit", NULL, test_charge_limit);
  UI_TEST_ADD ("/ui/sale/new-sale-discards", NULL, test_new_sale_discards);
  UI_TEST_ADD ("/ui/sale/draft-survives-restart", NULL, test_draft_survives_restart);

  return g_test_run ();
}
