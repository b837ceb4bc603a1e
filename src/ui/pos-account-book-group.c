/* pos-account-book-group.c: the account book in the preferences.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-account-book-group.h"

#include <glib/gi18n.h>

#include "pos-preferences-private.h"

/* A billing system's export of a city's customers fits; anything larger is not an account file. */
#define MAX_FILE_BYTES (512 * 1024 * 1024)

struct _PosAccountBookGroup {
  AdwPreferencesGroup parent_instance;

  AdwActionRow *count_row;
  GtkWidget *import_button;
  GtkWidget *import_error;
  AdwEntryRow *layout_row;
  GtkWidget *layout_error;
  AdwEntryRow *try_row;
  AdwActionRow *try_result;

  PosJournal *journal;
  PosSettings *settings;
  GCancellable *cancellable;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (PosAccountBookGroup, pos_account_book_group, ADW_TYPE_PREFERENCES_GROUP)

static void
update_count (PosAccountBookGroup *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 count = self->journal != NULL ? pos_account_book_count (self->journal, &error) : 0;

  if (count < 0)
    text = g_strdup (error->message);
  else
    /* Translators: how many accounts the station's account book holds. */
    text = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%lu account", "%lu accounts", (gulong) count), (gulong) count);
  adw_action_row_set_subtitle (self->count_row, text);
}

static void
set_busy (PosAccountBookGroup *self, gboolean busy)
{
  gtk_widget_set_sensitive (self->import_button, !busy && self->journal != NULL);
  if (busy)
    adw_action_row_set_subtitle (self->count_row, _ ("Importing…"));
}

static void
on_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (PosAccountBookGroup) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *done = NULL;
  GtkWidget *root;
  gsize length = 0;
  gint64 imported;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error)) {
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      return;
    set_busy (self, FALSE);
    update_count (self);
    pos_preferences_show_error (NULL, self->import_error, error->message);
    return;
  }
  set_busy (self, FALSE);
  if (length > MAX_FILE_BYTES) {
    update_count (self);
    pos_preferences_show_error (NULL, self->import_error,
                                _ ("This file is too large to be a file of accounts. Nothing "
                                   "was imported."));
    return;
  }
  imported = pos_account_book_import (self->journal, contents, length, &error);
  update_count (self);
  if (imported < 0) {
    pos_preferences_show_error (NULL, self->import_error, error->message);
    return;
  }
  pos_preferences_show_error (NULL, self->import_error, NULL);
  /* Translators: after an import of a file of accounts. */
  done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu account imported",
                                       "%lu accounts imported", (gulong) imported),
                          (gulong) imported);
  root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (done));
}

void
pos_account_book_group_import_file (PosAccountBookGroup *self, GFile *file)
{
  g_return_if_fail (POS_IS_ACCOUNT_BOOK_GROUP (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->journal == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  g_file_load_contents_async (file, self->cancellable, on_loaded, g_object_ref (self));
}

static void
on_chooser_response (PosAccountBookGroup *self, int response, GtkFileChooserNative *chooser)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    pos_account_book_group_import_file (self, file);
}

static void
on_import_clicked (PosAccountBookGroup *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autoptr (GFile) folder =
    g_file_new_for_path (documents != NULL ? documents : g_get_home_dir ());

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_ ("Import Accounts"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Import"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _ ("CSV files"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* The bill barcode layout: checked as it is applied; a bad one is refused with what to change. */
static void
on_layout_apply (PosAccountBookGroup *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->layout_row));
  g_autofree char *layout = g_strstrip (g_strdup (text));
  g_autoptr (PosBillLayout) parsed = NULL;
  g_autoptr (GError) error = NULL;

  if (self->settings == NULL)
    return;
  if (*layout != '\0' && (parsed = pos_bill_layout_new (layout, &error)) == NULL) {
    pos_preferences_show_error (GTK_WIDGET (self->layout_row), self->layout_error, error->message);
    return;
  }
  pos_preferences_show_error (GTK_WIDGET (self->layout_row), self->layout_error, NULL);
  pos_settings_set_bill_barcode_layout (self->settings, layout);
}

/* What a barcode typed or scanned into the try row says with the layout applied. */
static void
on_try_changed (PosAccountBookGroup *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->try_row));
  const char *layout =
    self->settings != NULL ? pos_settings_get_bill_barcode_layout (self->settings) : "";
  g_autoptr (PosBillLayout) parsed = NULL;
  g_autoptr (PosBillScan) scan = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *said = NULL;

  if (*text == '\0') {
    gtk_widget_set_visible (GTK_WIDGET (self->try_result), FALSE);
    return;
  }
  if (*layout == '\0')
    said = g_strdup (_ ("Apply a layout first: with none, the station does not read bills."));
  else if ((parsed = pos_bill_layout_new (layout, &error)) == NULL ||
           (scan = pos_bill_layout_read (parsed, text, &error)) == NULL)
    said = g_strdup (error->message);
  else
    said = pos_bill_scan_describe (scan);
  adw_action_row_set_subtitle (self->try_result, said);
  gtk_widget_set_visible (GTK_WIDGET (self->try_result), TRUE);
}

static void
pos_account_book_group_dispose (GObject *object)
{
  PosAccountBookGroup *self = POS_ACCOUNT_BOOK_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->journal);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_ACCOUNT_BOOK_GROUP);

  G_OBJECT_CLASS (pos_account_book_group_parent_class)->dispose (object);
}

static void
pos_account_book_group_class_init (PosAccountBookGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_account_book_group_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/paystar/Pos/pos-account-book-group.ui");
  gtk_widget_class_bind_template_child (widget_class, PosAccountBookGroup, count_row);
  gtk_widget_class_bind_template_child (widget_class, PosAccountBookGroup, import_button);
  gtk_widget_class_bind_template_child (widget_class, PosAccountBookGroup, import_error);
  gtk_widget_class_bind_template_child (widget_class, PosAccountBookGroup, layout_row);
  gtk_widget_class_bind_template_child (widget_class, PosAccountBookGroup, layout_error);
  gtk_widget_class_bind_template_child (widget_class, PosAccountBookGroup, try_row);
  gtk_widget_class_bind_template_child (widget_class, PosAccountBookGroup, try_result);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_layout_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_try_changed);
}

static void
pos_account_book_group_init (PosAccountBookGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  set_busy (self, FALSE);
}

void
pos_account_book_group_set_journal (PosAccountBookGroup *self, PosJournal *journal)
{
  g_return_if_fail (POS_IS_ACCOUNT_BOOK_GROUP (self));
  g_return_if_fail (journal == NULL || POS_IS_JOURNAL (journal));

  g_set_object (&self->journal, journal);
  set_busy (self, FALSE);
  update_count (self);
}

void
pos_account_book_group_set_settings (PosAccountBookGroup *self, PosSettings *settings)
{
  g_return_if_fail (POS_IS_ACCOUNT_BOOK_GROUP (self));
  g_return_if_fail (settings == NULL || POS_IS_SETTINGS (settings));

  g_set_object (&self->settings, settings);
  gtk_editable_set_text (GTK_EDITABLE (self->layout_row),
                         settings != NULL ? pos_settings_get_bill_barcode_layout (settings) : "");
  pos_preferences_show_error (GTK_WIDGET (self->layout_row), self->layout_error, NULL);
}
