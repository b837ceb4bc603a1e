/* pos-settings.h: the station settings facade over the GSettings schema io.paystar.Pos.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pos-types.h"

G_BEGIN_DECLS

#define POS_SETTINGS_SCHEMA_ID "io.paystar.Pos"
#define POS_SETTINGS_PATH      "/io/paystar/Pos/"

#define POS_IDLE_LOCK_MINUTES_MIN     1
#define POS_IDLE_LOCK_MINUTES_MAX     15 /* PCI DSS 8.2.8 */
#define POS_IDLE_LOCK_MINUTES_DEFAULT 5

/* Defaults of success-url/return-url for redirect mode. The reserved ".invalid" domain never
 * resolves, so nothing can be served there: the payment view intercepts navigation to these
 * URLs (by prefix) before any request leaves. */
#define POS_DEFAULT_SUCCESS_URL "https://station.invalid/paystar/success"
#define POS_DEFAULT_RETURN_URL  "https://station.invalid/paystar/return"

#define POS_DEVELOPMENT_API_BASE_URI "https://dev-gateway.paystar.io"
#define POS_DEVELOPMENT_WEB_ORIGIN   "https://dev.paystar.io"
#define POS_PRODUCTION_API_BASE_URI  "https://secure.paystar.io"
#define POS_PRODUCTION_WEB_ORIGIN    "https://secure.paystar.io"
#define POS_SDK_LOADER_PATH          "/app/embedded.loader.js"

#define POS_TYPE_SETTINGS (pos_settings_get_type ())
G_DECLARE_FINAL_TYPE (PosSettings, pos_settings, POS, SETTINGS, GObject)

/* Properties. Those marked [key] are bound to the GSettings key of the same name with
 * g_settings_bind (G_SETTINGS_BIND_DEFAULT): setting them writes the key, a key change
 * notifies them. Bind widgets to the facade, not to GSettings.
 *   "environment"          PosEnvironment [key], default sandbox
 *   "custom-api-base-uri"  string [key]: the API base in the custom environment
 *   "custom-web-origin"    string [key]: the web origin in the custom environment
 *   "sandbox-origin"       string, not stored: set at runtime by the app to the in-process
 *                          sandbox's "http://127.0.0.1:PORT"
 *   "api-base-uri"         string, read-only: the effective API base for the environment (NULL in
 *                          sandbox until sandbox-origin is set)
 *   "web-origin"           string, read-only: the effective web origin, the same way
 *   "business-unit-slug"   string [key], default "acme-utilities"
 *   "station-name"         string [key], default "" (used in ClientReferences and the title)
 *   "business-name"        string [key], default "": at the top of every receipt
 *   "bill-barcode-layout"  string [key], default "" (no scanning): the layout of the barcode on
 *                          the business's bill stubs (pos-bill-barcode.h); a scan on the sale
 *                          page then adds the bill's charge
 *   "station-id"           string [key], default "": the station's stable identifier in the
 *                          office database (pos_settings_ensure_station_id() makes one)
 *   "office-database"      string [key], default "": the office database's libpq connection
 *                          string (src/office); "" is a stand-alone station
 *   "idle-lock-minutes"    guint [key], 1 to 15, default 5
 *   "charge-types"         GStrv [key], default ["Utility bill", "Deposit", "Fee", "Other"]
 *   "payment-fields"       GStrv [key], default ["invoiceNumber", "memoLine"]: the PaymentFields
 *                          keys the business unit has configured with Paystar, offered on the
 *                          sale page
 *   "payment-page-mode"    PosPaymentPageMode [key], default sdk
 *   "success-url"          string [key], default POS_DEFAULT_SUCCESS_URL
 *   "return-url"           string [key], default POS_DEFAULT_RETURN_URL
 *   "kiosk-mode"           gboolean [key], default FALSE
 *   "larger-text"          gboolean [key], default FALSE: larger words and controls in the
 *                          main window
 *   "self-service"         gboolean [key], default FALSE: a customer-operated payment point
 *                          (implies the kiosk lockdown); its other keys (self-service-channel,
 *                          -pos-user, -minimum-cents, -maximum-cents, -idle-seconds, -printer)
 *                          are read through the getters below when a customer begins
 *   "api-key-file"         string [key], default "": the key file path ("" = the default,
 *                          $XDG_CONFIG_HOME/paystar-pos/api-key)
 *   "query-session-path"   string [key], default "" (off): the path of Paystar's Query API
 *                          operation "a session by sessionIdentifier", with "{sessionIdentifier}"
 *                          where the identifier goes; see paystar_client_set_query_paths()
 *   "query-reference-path" string [key], default "" (off): the path of the operation "a session
 *                          by clientReference" ("?clientReference=..." is appended)
 * Paystar has not published the two Query API paths: both stay empty unless Paystar gave them.
 * Only valid paths (pos_settings_check_query_path()) are taken: an invalid value, from the key or
 * a setter, is ignored with a message in the log and the property keeps its previous value. */

/* Over g_settings_new (POS_SETTINGS_SCHEMA_ID). */
PosSettings *pos_settings_new (void);
/* Over @settings (which must use the io.paystar.Pos schema), e.g. one on a memory backend. */
PosSettings *pos_settings_new_with_settings (GSettings *settings);
/* Transfer none: for g_settings_bind_with_mapping (kiosk lockdown) and delayed-apply dialogs. */
GSettings *pos_settings_get_settings (PosSettings *self);

PosEnvironment pos_settings_get_environment (PosSettings *self);
void pos_settings_set_environment (PosSettings *self, PosEnvironment environment);
const char *pos_settings_get_custom_api_base_uri (PosSettings *self);
void pos_settings_set_custom_api_base_uri (PosSettings *self, const char *uri);
const char *pos_settings_get_custom_web_origin (PosSettings *self);
void pos_settings_set_custom_web_origin (PosSettings *self, const char *origin);
const char *pos_settings_get_sandbox_origin (PosSettings *self);
void pos_settings_set_sandbox_origin (PosSettings *self, const char *origin);

/* The effective endpoints for the current environment (NULL when unknown: sandbox without
 * sandbox-origin, custom with an empty key). A trailing "/" is removed. */
const char *pos_settings_get_api_base_uri (PosSettings *self);
const char *pos_settings_get_web_origin (PosSettings *self);
/* web-origin + POS_SDK_LOADER_PATH, e.g. "https://dev.paystar.io/app/embedded.loader.js";
 * NULL when the web origin is unknown. */
char *pos_settings_get_sdk_loader_url (PosSettings *self);

const char *pos_settings_get_business_unit_slug (PosSettings *self);
void pos_settings_set_business_unit_slug (PosSettings *self, const char *slug);
const char *pos_settings_get_business_name (PosSettings *self);
void pos_settings_set_business_name (PosSettings *self, const char *name);
const char *pos_settings_get_bill_barcode_layout (PosSettings *self);
void pos_settings_set_bill_barcode_layout (PosSettings *self, const char *layout);
/* What heads a receipt: "Business – Station", or whichever of the two is set ("" when neither;
 * the slip then says "Paystar POS"). */
char *pos_settings_dup_receipt_heading (PosSettings *self);
const char *pos_settings_get_station_id (PosSettings *self);
void pos_settings_set_station_id (PosSettings *self, const char *id);
/* The station identifier, made (a random UUID) and stored the first time it is asked for. */
const char *pos_settings_ensure_station_id (PosSettings *self);
const char *pos_settings_get_office_database (PosSettings *self);
void pos_settings_set_office_database (PosSettings *self, const char *conninfo);
const char *pos_settings_get_station_name (PosSettings *self);
void pos_settings_set_station_name (PosSettings *self, const char *name);
guint pos_settings_get_idle_lock_minutes (PosSettings *self);
/* Clamps to POS_IDLE_LOCK_MINUTES_MIN..POS_IDLE_LOCK_MINUTES_MAX. */
void pos_settings_set_idle_lock_minutes (PosSettings *self, guint minutes);
const char *const *pos_settings_get_charge_types (PosSettings *self);
/* The setters of the string lists copy @charge_types / @payment_fields (NULL: empty) before
 * freeing the old list, so the getter's own strings may be passed back. */
void pos_settings_set_charge_types (PosSettings *self, const char *const *charge_types);
const char *const *pos_settings_get_payment_fields (PosSettings *self);
void pos_settings_set_payment_fields (PosSettings *self, const char *const *payment_fields);
PosPaymentPageMode pos_settings_get_payment_page_mode (PosSettings *self);
void pos_settings_set_payment_page_mode (PosSettings *self, PosPaymentPageMode mode);
const char *pos_settings_get_success_url (PosSettings *self);
void pos_settings_set_success_url (PosSettings *self, const char *url);
const char *pos_settings_get_return_url (PosSettings *self);
void pos_settings_set_return_url (PosSettings *self, const char *url);
gboolean pos_settings_get_kiosk_mode (PosSettings *self);
void pos_settings_set_kiosk_mode (PosSettings *self, gboolean kiosk_mode);
gboolean pos_settings_get_larger_text (PosSettings *self);
void pos_settings_set_larger_text (PosSettings *self, gboolean larger_text);
gboolean pos_settings_get_self_service (PosSettings *self);
void pos_settings_set_self_service (PosSettings *self, gboolean self_service);
/* "POS" or "QuickPay" (the schema allows no other). */
char *pos_settings_dup_self_service_channel (PosSettings *self);
/* The station's own Paystar user (PosUser in the POS channel), NULL when not set. */
char *pos_settings_dup_self_service_pos_user (PosSettings *self);
/* Who the journal records as the taker of a self-service sale: the station's Paystar user, else
 * "self-service@" and the station's name. */
char *pos_settings_dup_self_service_taker (PosSettings *self);
/* The smallest and largest amount a customer may pay, in cents. */
void pos_settings_get_self_service_limits (PosSettings *self, gint64 *minimum, gint64 *maximum);
guint pos_settings_get_self_service_idle_seconds (PosSettings *self);
/* The receipt printer's name, NULL for none. */
char *pos_settings_dup_self_service_printer (PosSettings *self);
const char *pos_settings_get_api_key_file (PosSettings *self);
void pos_settings_set_api_key_file (PosSettings *self, const char *path);
/* Never NULL; "" when off. */
const char *pos_settings_get_query_session_path (PosSettings *self);
void pos_settings_set_query_session_path (PosSettings *self, const char *path);
const char *pos_settings_get_query_reference_path (PosSettings *self);
void pos_settings_set_query_reference_path (PosSettings *self, const char *path);
/* Whether @path may be stored as the query-session-path (@session_path TRUE) or the
 * query-reference-path: "" (off), or an absolute path starting with a single "/" without a
 * scheme, host, query or fragment; the session path must contain "{sessionIdentifier}" once, the
 * reference path not at all. PAYSTAR_ERROR_INVALID_INPUT with a translated message otherwise. */
gboolean pos_settings_check_query_path (const char *path, gboolean session_path, GError **error);

/* Static helpers for an environment without a facade: the fixed endpoints of development and
 * production; NULL for sandbox and custom. */
const char *pos_environment_get_api_base_uri (PosEnvironment environment);
const char *pos_environment_get_web_origin (PosEnvironment environment);
/* "sandbox", "development", ... (the GSettings nick). */
const char *pos_environment_to_string (PosEnvironment environment);

/* What the agent reads for @charge_type, a value of the charge-types setting: the translation of
 * the built-in ones ("Utility bill", "Deposit", "Fee", "Other", the schema's default), which
 * stay English in the setting, the draft and the request; any other type as it is. */
const char *pos_charge_type_get_label (const char *charge_type);

G_END_DECLS
