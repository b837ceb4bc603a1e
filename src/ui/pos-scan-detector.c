/* pos-scan-detector.c: a barcode scanner's typing told from a person's.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The keys are never held back: a person's typing reaches the field at once, as always. Only when
 * a burst turns out to be a scan (its Enter comes as fast as its characters) is its effect undone:
 * the text of the field the burst went into is set back to what it was at the burst's first key.
 * Times are the events' own (the X server's), not the time this code runs.
 */
#include "config.h"

#include "pos-scan-detector.h"

#include "pos.h"

struct _PosScanDetector {
  GObject parent_instance;

  GtkWidget *widget; /* weak */
  GString *burst;
  guint32 last_time;
  /* The field the burst's first key went to, and its text and cursor before that key. */
  GtkEditable *field;
  char *field_text;
  int field_position;
  PosBillLayout *layout; /* NULL: not watching */
};

G_DEFINE_FINAL_TYPE (PosScanDetector, pos_scan_detector, G_TYPE_OBJECT)

enum { SIGNAL_SCANNED, N_SIGNALS };

static guint signals[N_SIGNALS];

static void
forget (PosScanDetector *self)
{
  g_string_truncate (self->burst, 0);
  g_clear_weak_pointer (&self->field);
  g_clear_pointer (&self->field_text, g_free);
}

/* The editable that has the keyboard, if any (a GtkText inside an entry). */
static GtkEditable *
focused_editable (PosScanDetector *self)
{
  GtkRoot *root = self->widget != NULL ? gtk_widget_get_root (self->widget) : NULL;
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && GTK_IS_EDITABLE (focus) ? GTK_EDITABLE (focus) : NULL;
}

static void
start_burst (PosScanDetector *self)
{
  GtkEditable *field = focused_editable (self);

  forget (self);
  if (field != NULL) {
    g_set_weak_pointer (&self->field, field);
    self->field_text = g_strdup (gtk_editable_get_text (field));
    self->field_position = gtk_editable_get_position (field);
  }
}

static gboolean
fits (PosScanDetector *self, const char *text)
{
  g_autoptr (PosBillScan) scan = pos_bill_layout_read (self->layout, text, NULL);

  return scan != NULL;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint keyval,
                guint keycode,
                GdkModifierType state,
                PosScanDetector *self)
{
  guint32 time = gtk_event_controller_get_current_event_time (GTK_EVENT_CONTROLLER (controller));
  gboolean close = self->burst->len > 0 && time - self->last_time <= POS_SCAN_MAX_GAP_MS;
  gunichar character = gdk_keyval_to_unicode (keyval);

  if (self->layout == NULL)
    return FALSE;
  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) {
    g_autofree char *text = NULL;
    const char *scan;

    if (!close || g_utf8_strlen (self->burst->str, -1) < POS_SCAN_MIN_LENGTH ||
        (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0) {
      forget (self);
      return FALSE;
    }
    text = g_strdup (self->burst->str);
    /* A person's last keys can run into the scan (a scanner picked up at once): the scan is the
     * longest end of the burst that reads as a bill; what comes before it stays typed. */
    scan = text;
    while (g_utf8_strlen (scan, -1) >= POS_SCAN_MIN_LENGTH && !fits (self, scan))
      scan = g_utf8_next_char (scan);
    if (g_utf8_strlen (scan, -1) < POS_SCAN_MIN_LENGTH)
      scan = text; /* nothing fits: all of it was the scan, which is reported as unusable */
    if (self->field != NULL && self->field_text != NULL) {
      int position = self->field_position;

      gtk_editable_set_text (self->field, self->field_text);
      gtk_editable_insert_text (self->field, text, (int) (scan - text), &position);
      gtk_editable_set_position (self->field, position);
    }
    forget (self);
    g_signal_emit (self, signals[SIGNAL_SCANNED], 0, scan);
    return TRUE;
  }
  /* Shift comes and goes within a scan (capitals): it is no character and breaks nothing. */
  if (keyval == GDK_KEY_Shift_L || keyval == GDK_KEY_Shift_R)
    return FALSE;
  if (character == 0 || g_unichar_iscntrl (character) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0) {
    forget (self);
    return FALSE;
  }
  if (!close)
    start_burst (self);
  g_string_append_unichar (self->burst, character);
  self->last_time = time;
  return FALSE;
}

static void
pos_scan_detector_dispose (GObject *object)
{
  PosScanDetector *self = POS_SCAN_DETECTOR (object);

  forget (self);
  g_clear_weak_pointer (&self->widget);
  g_clear_pointer (&self->layout, pos_bill_layout_free);

  G_OBJECT_CLASS (pos_scan_detector_parent_class)->dispose (object);
}

static void
pos_scan_detector_finalize (GObject *object)
{
  PosScanDetector *self = POS_SCAN_DETECTOR (object);

  g_string_free (self->burst, TRUE);

  G_OBJECT_CLASS (pos_scan_detector_parent_class)->finalize (object);
}

static void
pos_scan_detector_class_init (PosScanDetectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pos_scan_detector_dispose;
  object_class->finalize = pos_scan_detector_finalize;

  signals[SIGNAL_SCANNED] = g_signal_new ("scanned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
pos_scan_detector_init (PosScanDetector *self)
{
  self->burst = g_string_new (NULL);
}

PosScanDetector *
pos_scan_detector_new (GtkWidget *widget)
{
  PosScanDetector *self;
  GtkEventController *controller;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  self = g_object_new (POS_TYPE_SCAN_DETECTOR, NULL);
  g_set_weak_pointer (&self->widget, widget);
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (controller, "pos-scan-detector");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_key_pressed), self, 0);
  gtk_widget_add_controller (widget, controller);
  return self;
}

void
pos_scan_detector_set_layout (PosScanDetector *self, const char *layout)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (POS_IS_SCAN_DETECTOR (self));

  forget (self);
  g_clear_pointer (&self->layout, pos_bill_layout_free);
  if (layout == NULL || *layout == '\0')
    return;
  self->layout = pos_bill_layout_new (layout, &error);
  /* Preferences refuses a bad layout; one set otherwise (gsettings) just turns scanning off. */
  if (self->layout == NULL)
    g_warning ("The bill barcode layout is not usable: %s", error->message);
}
