/* pos-window-private.h: the window's instance structure and what its files share
 * (pos-window.c, pos-window-idle.c, pos-window-kiosk.c).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pos-history-page.h"
#include "pos-office-indicator.h"
#include "pos-outcome-page.h"
#include "pos-payment-page.h"
#include "pos-recovery-page.h"
#include "pos-sale-page.h"
#include "pos-self-service-page.h"
#include "pos-sign-in-page.h"
#include "pos-station.h"
#include "pos-window.h"

G_BEGIN_DECLS

struct _PosWindow {
  AdwApplicationWindow parent_instance;

  AdwHeaderBar *header_bar;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar *switcher_bar;
  GtkWidget *new_sale_button;
  GtkWidget *sign_out_button;
  GtkWidget *lock_button;
  GtkWidget *agent_box;
  PosOfficeIndicator *office_indicator;
  GtkLabel *agent_label;
  GtkLabel *agent_initials;
  GtkWidget *sandbox_strip;
  GtkLabel *sandbox_label;
  GtkWidget *notice_strip;
  GtkLabel *notice_label;
  AdwToastOverlay *toast_overlay;
  GtkStack *stack;
  AdwStatusPage *failed_page;
  PosSignInPage *sign_in_page;
  AdwViewStack *main_stack;
  GtkStack *work_stack;
  PosRecoveryPage *recovery_page;
  PosSalePage *sale_page;
  PosPaymentPage *payment_page;
  PosOutcomePage *outcome_page;
  PosHistoryPage *history_page;
  PosSelfServicePage *self_service_page;

  PosStation *station;
  PosAgent *agent;
  GCancellable *cancellable;

  /* "recovery", "sale", "payment" or "outcome": what the Sale tab shows. */
  const char *work;
  /* Where the payment step goes back to when its form is left: "sale" or "recovery". */
  const char *payment_origin;
  const char *visible_page; /* interned */

  PosPaymentView *next_view; /* warmed up for the next payment; nobody has used it */
  guint prewarm_source;
  PosWindowViewSetup view_setup;
  gpointer view_setup_data;

  gint64 last_activity;
  guint idle_source;
  guint idle_timeout_override;

  guint locked : 1;
  guint failed : 1;
  guint prewarm_disabled : 1;
  guint kiosk : 1;           /* fullscreen asked for, as the settings' kiosk-mode says */
  guint close_allowed : 1;   /* an administrator let a kiosk window close */
  guint admin_pending : 1;   /* the administrator's PIN is being asked for */
  guint history_allowed : 1; /* kiosk: an administrator opened the History, until it is left */
};

/* pos-window.c */
/* An agent is signed in and the station is not locked. */
gboolean pos_window_signed_in (PosWindow *self);
/* The kiosk lockdown holds: the station's kiosk-mode or self-service setting. */
gboolean pos_window_get_kiosk_mode (PosWindow *self);
/* Signs the agent out; @idle: because the station was left (a kiosk then discards the sale). */
void pos_window_sign_out (PosWindow *self, gboolean idle);
/* @agent signed in (the sign-in page's "signed-in", or an administrator's PIN at a self-service
 * station): the same agent back at a locked station finds everything as it was. */
void pos_window_on_signed_in (PosWindow *self, PosAgent *agent);
/* What an administrator's PIN lets through, once given by @admin. */
typedef void (*PosWindowAdminAction) (PosWindow *self, PosAgent *admin);
/* Asks for an administrator's PIN over the window, saying @purpose, then does @action. One
 * prompt at a time; none without a roster. */
void pos_window_require_admin (PosWindow *self, const char *purpose, PosWindowAdminAction action);
/* Shows what the window's state says: the page, the header's buttons, the actions. */
void pos_window_update_ui (PosWindow *self);
/* Fullscreen and no window controls, or back: the "kiosk" property. */
void pos_window_set_kiosk (PosWindow *self, gboolean kiosk);

/* pos-window-kiosk.c */
/* The lockdown's actions and bindings to the settings. */
void pos_window_kiosk_init (PosWindow *self);
void pos_window_kiosk_class_init (GtkWidgetClass *widget_class);
/* TRUE when the lockdown holds the window open: an administrator's PIN is asked for instead. */
gboolean pos_window_kiosk_refuse_close (PosWindow *self);
/* Asks for an administrator's PIN, then shows the History (until it is left). */
void pos_window_kiosk_ask_for_history (PosWindow *self);

/* pos-window-idle.c */
/* Watches input in the window and in its other windows. */
void pos_window_idle_init (PosWindow *self);
/* Input just now: the idle lock waits its whole interval again (none while signed out). */
void pos_window_idle_restart (PosWindow *self);
/* Checks for idleness in @milliseconds. */
void pos_window_idle_schedule (PosWindow *self, guint milliseconds);
void pos_window_idle_stop (PosWindow *self);
/* Closes the window's other windows (transient for it), the youngest first; @destroy: at once. */
void pos_window_close_owned_windows (PosWindow *self, gboolean destroy);

G_END_DECLS
