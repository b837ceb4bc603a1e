/* pos-window-private.h: the window's instance structure and what its files share
 * (pos-window.c, pos-window-idle.c), and what the UI tests reach inside it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pos-history-page.h"
#include "pos-office-indicator.h"
#include "pos-outcome-page.h"
#include "pos-payment-page.h"
#include "pos-recovery-page-private.h"
#include "pos-sale-page.h"
#include "pos-sign-in-page.h"
#include "pos-station.h"
#include "pos-window.h"

G_BEGIN_DECLS

typedef void (*PosWindowViewSetup) (PosPaymentView *view, gpointer user_data);

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
  char *last_toast;

  gint64 last_activity;
  guint idle_source;
  guint idle_timeout_override;

  /* Kiosk mode: "kiosk.leave", enabled while the setting is on. */
  GSimpleActionGroup *kiosk_actions;

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
/* The station's kiosk-mode setting. */
gboolean pos_window_get_kiosk_mode (PosWindow *self);
/* Signs the agent out; @idle: because the station was left (a kiosk then discards the sale). */
void pos_window_sign_out (PosWindow *self, gboolean idle);

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

PosSignInPage *pos_window_get_sign_in_page (PosWindow *self);
PosRecoveryPage *pos_window_get_recovery_page (PosWindow *self);
PosSalePage *pos_window_get_sale_page (PosWindow *self);
PosPaymentPage *pos_window_get_payment_page (PosWindow *self);
PosOutcomePage *pos_window_get_outcome_page (PosWindow *self);
PosHistoryPage *pos_window_get_history_page (PosWindow *self);
/* The header's agent label, or NULL when hidden. */
const char *pos_window_get_agent_text (PosWindow *self);
/* TRUE when the "no real money moves" strip shows. */
gboolean pos_window_get_sandbox_strip_visible (PosWindow *self);
/* The journal notice strip's text, or NULL when hidden. */
const char *pos_window_get_notice_text (PosWindow *self);
/* Replaces the idle-lock interval (settings idle-lock-minutes) with @milliseconds; 0 goes back to
 * the settings. */
void pos_window_set_idle_timeout (PosWindow *self, guint milliseconds);
/* The text of the last toast shown, or NULL. */
const char *pos_window_get_last_toast (PosWindow *self);

/* Called with every payment view the window creates, before it loads anything (tests add their
 * own scripts to it). Drops a view warmed up before. */
void pos_window_set_view_setup (PosWindow *self, PosWindowViewSetup setup, gpointer user_data);
/* FALSE: no warm-up; each payment creates its view at Submit (benchmarks compare the two). */
void pos_window_set_prewarm (PosWindow *self, gboolean prewarm);
/* TRUE when the window runs as a kiosk and asked to be fullscreen (without a window manager, as
 * under Xvfb, gtk_window_is_fullscreen() never turns TRUE). */
gboolean pos_window_get_kiosk (PosWindow *self);
/* The "kiosk" action group: "kiosk.leave", enabled while the station is a kiosk. */
GActionGroup *pos_window_get_kiosk_actions (PosWindow *self);
/* The view warmed up for the next payment, or NULL. */
PosPaymentView *pos_window_get_next_view (PosWindow *self);

G_END_DECLS
