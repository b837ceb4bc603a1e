/* pos-self-service-page.h: a payment point a customer uses alone: welcome, account, amount,
 * review, Paystar's form, receipt, and back to the welcome with nothing of that customer kept.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pos-payment-view.h"
#include "pos-station.h"

G_BEGIN_DECLS

#define POS_TYPE_SELF_SERVICE_PAGE (pos_self_service_page_get_type ())
G_DECLARE_FINAL_TYPE (PosSelfServicePage, pos_self_service_page, POS, SELF_SERVICE_PAGE, GtkWidget)

/* A new payment view nobody has used (the caller owns it); the window's, so that a view is set
 * up the same way whoever shows it. */
typedef PosPaymentView *(*PosSelfServiceViewFactory) (gpointer user_data);

/* Properties:
 *   "station"       PosStation
 *   "screen"        string, read-only: "welcome", "account", "amount", "review", "payment" or
 *                   "receipt" (notified on change)
 *   "larger-text"   gboolean, read-only: the customer asked for larger words and controls
 *   "high-contrast" gboolean, read-only: the customer asked for high contrast
 *   "asking"        gboolean, read-only: "Are you still there?" is showing
 * The words are set in code rather than in a template: the customer may change the language on
 * any screen, and every word on the page is then set again. */

GtkWidget *pos_self_service_page_new (void);

void pos_self_service_page_set_station (PosSelfServicePage *self, PosStation *station);
void pos_self_service_page_set_view_factory (PosSelfServicePage *self,
                                             PosSelfServiceViewFactory factory,
                                             gpointer user_data);

/* Back to the welcome screen, keeping nothing of the customer: an open form is closed through the
 * checkout first (recorded), the station's language, text size and contrast come back. */
void pos_self_service_page_reset (PosSelfServicePage *self);

/* Puts the keyboard on the screen's first control. */
void pos_self_service_page_focus_default (PosSelfServicePage *self);

const char *pos_self_service_page_get_screen (PosSelfServicePage *self);
gboolean pos_self_service_page_get_larger_text (PosSelfServicePage *self);
gboolean pos_self_service_page_get_high_contrast (PosSelfServicePage *self);
gboolean pos_self_service_page_get_asking (PosSelfServicePage *self);

/* The idle question after @idle_ms without input (0: the station's setting) and the reset
 * @countdown_ms after it (0: 20 seconds); for tests, which cannot wait a customer's minute. */
void pos_self_service_page_set_idle_timeouts (PosSelfServicePage *self,
                                              guint idle_ms,
                                              guint countdown_ms);

G_END_DECLS
