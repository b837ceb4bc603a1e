/* pos-scan-detector.h: tells a barcode scanner's typing from a person's: a scanner acting as a
 * keyboard types a burst of characters, milliseconds apart, ending with Enter.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define POS_TYPE_SCAN_DETECTOR (pos_scan_detector_get_type ())
G_DECLARE_FINAL_TYPE (PosScanDetector, pos_scan_detector, POS, SCAN_DETECTOR, GObject)

/* The fastest a person types: keys closer than this in a row of at least POS_SCAN_MIN_LENGTH
 * characters, then Enter as close, are a scanner's. Measured people's fastest sustained runs are
 * about 80 ms a key; counter scanners send a key every 1 to 10 ms. */
#define POS_SCAN_MAX_GAP_MS 35
#define POS_SCAN_MIN_LENGTH 6

/* Watches the keys that reach @widget (in the capture phase, before any field). Once a layout is
 * set, a burst that ends with Enter is taken away from the field it went into and "scanned"
 * (const char *text) is emitted with it; the Enter goes no further. Everything else reaches the
 * fields as typed. When a person's last keys ran into the burst, only the longest end of it that
 * reads as a bill of @layout is the scan, and the keys before it stay typed. */
PosScanDetector *pos_scan_detector_new (GtkWidget *widget);
/* The bill barcode layout (pos-bill-barcode.h); NULL or "": not watching. */
void pos_scan_detector_set_layout (PosScanDetector *self, const char *layout);

G_END_DECLS
