/* paystar-validate.c: the documented rules of an initiate request, and single-field checks.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where Paystar's pages leave a rule open, the choice made here is written next to the code:
 * - Amount and Balance are "integer" in the docs; we read that as a signed 32-bit integer, so an
 *   Amount is 1..PAYSTAR_AMOUNT_MAX and a Balance is -PAYSTAR_AMOUNT_MAX..PAYSTAR_AMOUNT_MAX (a
 *   negative balance is a credit on the account, which billing systems do send).
 * - Channel is matched exactly ("QuickPay", "POS"), like every key of the document.
 * - An optional string that is present must be valid even when empty: "" is not a date, a state
 *   or a ZIP code. Callers that mean "absent" send NULL.
 * - Every failed rule is reported, never only the first; a property that already has an error
 *   (from an earlier rule or from the JSON reader) gets no second one, and a type error that the
 *   reader reported on an object (say "Charges[1]" or "Charges[0].ClientAccount") silences the
 *   rules of the members below it.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "paystar-money.h"
#include "paystar-request.h"

/* Single-field helpers */

static gboolean
is_ascii_digits (const char *text, gsize n)
{
  for (gsize i = 0; i < n; i++) {
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  }
  return TRUE;
}

static int
digits_value (const char *text, gsize n)
{
  int value = 0;

  for (gsize i = 0; i < n; i++)
    value = value * 10 + (text[i] - '0');
  return value;
}

/* Checks "YYYY-MM-DD" at the start of @text as a real calendar date (year 0001 to 9999). */
static gboolean
is_valid_date_prefix (const char *text)
{
  int year, month, day;

  if (strlen (text) < 10)
    return FALSE;
  if (!is_ascii_digits (text, 4) || text[4] != '-' || !is_ascii_digits (text + 5, 2) ||
      text[7] != '-' || !is_ascii_digits (text + 8, 2))
    return FALSE;

  year = digits_value (text, 4);
  month = digits_value (text + 5, 2);
  day = digits_value (text + 8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1)
    return FALSE;
  return day <= g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year);
}

/* Checks the "Thh:mm:ss[.fff](Z|+hh:mm|-hh:mm)" tail of a date-time. Seconds are required, as
 * GLib's parser requires them in this extended form. A zone is required too: a time without one
 * means different instants on the station and at Paystar. A leap second (:60) is refused, as
 * most servers refuse it. */
static gboolean
is_valid_time_suffix (const char *p)
{
  if (*p++ != 'T')
    return FALSE;
  if (!is_ascii_digits (p, 2) || p[2] != ':' || !is_ascii_digits (p + 3, 2) || p[5] != ':' ||
      !is_ascii_digits (p + 6, 2))
    return FALSE;
  if (digits_value (p, 2) > 23 || digits_value (p + 3, 2) > 59 || digits_value (p + 6, 2) > 59)
    return FALSE;
  p += 8;
  if (*p == '.') {
    p++;
    if (!g_ascii_isdigit (*p))
      return FALSE;
    while (g_ascii_isdigit (*p))
      p++;
  }
  if (*p == 'Z')
    return p[1] == '\0';
  if (*p == '+' || *p == '-') {
    p++;
    if (!is_ascii_digits (p, 2) || p[2] != ':' || !is_ascii_digits (p + 3, 2) || p[5] != '\0')
      return FALSE;
    return digits_value (p, 2) <= 23 && digits_value (p + 3, 2) <= 59;
  }
  return FALSE;
}

/* Accepts the two ISO 8601 forms the docs show: a calendar date "2025-02-01" and a date-time
 * "2025-02-01T00:00:00Z" (optionally with a fraction of a second, and with Z or a +hh:mm/-hh:mm
 * offset).
 * GLib's parser alone would also take ordinal and week dates, a lowercase 't', a space and
 * other forms Paystar never shows, so the syntax is checked here first and GLib then confirms
 * the date-time. */
gboolean
paystar_is_valid_iso8601_date (const char *text)
{
  g_autoptr (GDateTime) date_time = NULL;

  if (text == NULL || !is_valid_date_prefix (text))
    return FALSE;
  if (text[10] == '\0')
    return TRUE;
  if (!is_valid_time_suffix (text + 10))
    return FALSE;

  date_time = g_date_time_new_from_iso8601 (text, NULL);
  return date_time != NULL;
}

/* Sorted, so that paystar_state_abbreviations() keeps its promise. */
static const char *const state_abbreviations[] = {
  "AA", "AE", "AK", "AL", "AP", "AR", "AS", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "GU",
  "HI", "IA", "ID", "IL", "IN", "KS", "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MP", "MS",
  "MT", "NC", "ND", "NE", "NH", "NJ", "NM", "NV", "NY", "OH", "OK", "OR", "PA", "PR", "RI", "SC",
  "SD", "TN", "TX", "UM", "UT", "VA", "VI", "VT", "WA", "WI", "WV", "WY", NULL,
};

const char *const *
paystar_state_abbreviations (void)
{
  return state_abbreviations;
}

/* Uppercase only: USPS abbreviations are uppercase, the docs do not say Paystar folds case, and
 * sending "tx" to the real API would be a guess. The UI uppercases what the agent types. */
gboolean
paystar_is_valid_state (const char *text)
{
  return text != NULL && g_strv_contains (state_abbreviations, text);
}

/* "12345" or "12345-6789", ASCII digits only. */
gboolean
paystar_is_valid_zip_code (const char *text)
{
  gsize length;

  if (text == NULL)
    return FALSE;
  length = strlen (text);
  if (length == 5)
    return is_ascii_digits (text, 5);
  if (length == 10)
    return is_ascii_digits (text, 5) && text[5] == '-' && is_ascii_digits (text + 6, 4);
  return FALSE;
}

static gboolean
is_valid_domain (const char *domain)
{
  guint n_labels = 0;
  const char *label = domain;

  for (;;) {
    const char *end = label;
    gsize length;

    while (g_ascii_isalnum (*end) || *end == '-')
      end++;
    length = end - label;
    /* Labels as in RFC 1035: 1 to 63 characters, no hyphen at either end. */
    if (length == 0 || length > 63 || label[0] == '-' || end[-1] == '-')
      return FALSE;
    n_labels++;
    if (*end == '\0')
      break;
    if (*end != '.')
      return FALSE;
    label = end + 1;
  }
  return n_labels >= 2;
}

/* Pragmatic, not RFC 5322: what a person types at a counter. One '@'; a non-empty local part
 * without spaces, control characters or the specials ()<>[]:;,\" (valid only in quoted local
 * parts, which nobody types, and usually a sign of two addresses pasted together); a domain of
 * at least two dot-separated ASCII labels of letters, digits and hyphens (internationalised
 * domains must be given in their xn-- form); at most 254 bytes in all. */
gboolean
paystar_is_valid_email (const char *text)
{
  const char *at;
  gsize length;

  if (text == NULL)
    return FALSE;
  length = strlen (text);
  if (length == 0 || length > 254 || !g_utf8_validate (text, length, NULL))
    return FALSE;

  at = strchr (text, '@');
  if (at == NULL || at == text || strchr (at + 1, '@') != NULL)
    return FALSE;

  for (const char *p = text; p < at; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (g_unichar_iscntrl (c) || g_unichar_isspace (c) || c == 0x7f || c == 0x200b || c == 0xfeff ||
        (c < 0x80 && strchr ("()<>[]:;,\\\"", (int) c) != NULL))
      return FALSE;
  }
  return is_valid_domain (at + 1);
}

/* Validation */

typedef struct {
  GPtrArray *errors;
  guint n_before; /* errors already present when validation began, e.g. from the JSON reader */
} Checker;

/* TRUE when @path already has an error, or when one of its ancestors had one before validation
 * began (a type error from the reader on an object). */
static gboolean
checker_has_error (Checker *checker, const char *path)
{
  gsize length = strlen (path);

  for (guint i = 0; i < checker->errors->len; i++) {
    const PaystarFieldError *error = g_ptr_array_index (checker->errors, i);
    const char *name = error->property_name;
    gsize name_length;

    if (g_str_equal (name, path))
      return TRUE;
    if (i >= checker->n_before)
      continue;
    name_length = strlen (name);
    if (name_length > 0 && name_length < length && strncmp (path, name, name_length) == 0 &&
        (path[name_length] == '.' || path[name_length] == '['))
      return TRUE;
  }
  return FALSE;
}

static void
report (Checker *checker, const char *path, const char *message)
{
  if (!checker_has_error (checker, path))
    g_ptr_array_add (checker->errors, paystar_field_error_new (path, message));
}

/* NULL, "" and text of only white space count as blank; invalid UTF-8 is not blank. */
static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p)) {
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  }
  return TRUE;
}

/* A host name or IPv4 address of letters, digits, dots and hyphens, or an IPv6 literal (which
 * GLib returns without its brackets). GLib's strict parser alone lets "exa mple.com" through. */
static gboolean
is_valid_url_host (const char *host)
{
  gboolean ipv6;

  if (host == NULL || host[0] == '\0')
    return FALSE;
  ipv6 = strchr (host, ':') != NULL;
  for (const char *p = host; *p != '\0'; p++) {
    if (ipv6 ? !(g_ascii_isxdigit (*p) || *p == ':' || *p == '.')
             : !(g_ascii_isalnum (*p) || *p == '.' || *p == '-'))
      return FALSE;
  }
  return TRUE;
}

/* An absolute http or https URL with a host, parsed strictly by GLib, with no white space or
 * control characters anywhere. */
gboolean
paystar_is_valid_web_url (const char *text)
{
  g_autoptr (GUri) uri = NULL;
  const char *scheme;

  if (text == NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++) {
    if ((guchar) *p <= 0x20 || *p == 0x7f)
      return FALSE;
  }
  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return FALSE;
  return is_valid_url_host (g_uri_get_host (uri));
}

static gboolean
is_pos_channel (const PaystarRequest *request)
{
  return g_strcmp0 (request->channel, "POS") == 0;
}

static gboolean
is_quick_pay_channel (const PaystarRequest *request)
{
  /* QuickPay is the documented default when Channel is absent. */
  return request->channel == NULL || g_str_equal (request->channel, "QuickPay");
}

static void
check_text_length (Checker *checker, const char *prefix, const char *name, const char *text)
{
  g_autofree char *path = NULL;

  if (text == NULL)
    return;
  path = g_strconcat (prefix, name, NULL);
  if (!g_utf8_validate (text, -1, NULL)) {
    report (checker, path, _ ("This text is not valid UTF-8."));
  } else if (g_utf8_strlen (text, -1) > PAYSTAR_ADDRESS_MAX_CHARS) {
    /* The docs say "max 100 chars"; we count Unicode characters, not bytes, so "Müller" is 6. */
    g_autofree char *message =
      g_strdup_printf (_ ("Use at most %d characters."), PAYSTAR_ADDRESS_MAX_CHARS);

    report (checker, path, message);
  }
}

static void
check_address (Checker *checker, const PaystarAddress *address, const char *prefix)
{
  check_text_length (checker, prefix, "StreetAddress", address->street_address);
  check_text_length (checker, prefix, "StreetAddress2", address->street_address2);
  check_text_length (checker, prefix, "City", address->city);

  if (address->state != NULL && !paystar_is_valid_state (address->state)) {
    g_autofree char *path = g_strconcat (prefix, "State", NULL);

    report (checker, path, _ ("Use a two-letter US state abbreviation such as TX."));
  }
  if (address->zip_code != NULL && !paystar_is_valid_zip_code (address->zip_code)) {
    g_autofree char *path = g_strconcat (prefix, "ZipCode", NULL);

    report (checker, path, _ ("Use a ZIP code such as 12345 or 12345-6789."));
  }
}

static void
check_date (Checker *checker, const char *prefix, const char *name, const char *text)
{
  if (text != NULL && !paystar_is_valid_iso8601_date (text)) {
    g_autofree char *path = g_strconcat (prefix, name, NULL);

    report (checker, path, _ ("Use a date such as 2025-02-01 or 2025-02-01T00:00:00Z."));
  }
}

static void
check_client_account (Checker *checker, const PaystarClientAccount *account, const char *prefix)
{
  if (is_blank (account->account_number)) {
    g_autofree char *path = g_strconcat (prefix, "AccountNumber", NULL);

    report (checker, path, _ ("Enter the account number."));
  }
  if (is_blank (account->name)) {
    g_autofree char *path = g_strconcat (prefix, "Name", NULL);

    report (checker, path, _ ("Enter the account holder's name."));
  }
  if (account->has_balance &&
      (account->balance < -PAYSTAR_AMOUNT_MAX || account->balance > PAYSTAR_AMOUNT_MAX)) {
    g_autofree char *path = g_strconcat (prefix, "Balance", NULL);

    report (checker, path, _ ("The balance must be between -$21,474,836.47 and $21,474,836.47."));
  }
  check_date (checker, prefix, "DueDate", account->due_date);
  check_date (checker, prefix, "IssueDate", account->issue_date);
  if (account->address != NULL) {
    g_autofree char *address_prefix = g_strconcat (prefix, "Address.", NULL);

    check_address (checker, account->address, address_prefix);
  }
}

static void
check_charge (Checker *checker, const PaystarCharge *charge, guint index)
{
  g_autofree char *prefix = g_strdup_printf ("Charges[%u].", index);
  g_autofree char *amount_path = g_strconcat (prefix, "Amount", NULL);

  if (!charge->has_amount)
    report (checker, amount_path, _ ("Enter an amount."));
  else if (charge->amount < 1)
    report (checker, amount_path, _ ("The amount must be more than zero."));
  else if (charge->amount > PAYSTAR_AMOUNT_MAX)
    report (checker, amount_path, _ ("The amount must be at most $21,474,836.47."));

  if (charge->client_account != NULL) {
    g_autofree char *account_prefix = g_strconcat (prefix, "ClientAccount.", NULL);

    check_client_account (checker, charge->client_account, account_prefix);
  }
}

static void
check_pairs (Checker *checker, GPtrArray *pairs, const char *name, const char *empty_key_message)
{
  if (pairs == NULL)
    return;
  for (guint i = 0; i < pairs->len; i++) {
    const PaystarPair *pair = g_ptr_array_index (pairs, i);

    /* An empty key has no path of its own ("PaymentFields." would name nothing), so the error
     * goes on the object. */
    if (is_blank (pair->key)) {
      report (checker, name, empty_key_message);
      continue;
    }
    /* A parsed document cannot repeat a key (the strict reader refuses it), but a request built
     * in code can, and JSON would keep only one of them. */
    for (guint j = 0; j < i; j++) {
      const PaystarPair *earlier = g_ptr_array_index (pairs, j);

      if (g_strcmp0 (earlier->key, pair->key) == 0) {
        g_autofree char *path = g_strconcat (name, ".", pair->key, NULL);

        report (checker, path, _ ("This name appears more than once."));
        break;
      }
    }
  }
}

static void
check_request (Checker *checker, const PaystarRequest *request)
{
  guint n_charges = request->charges != NULL ? request->charges->len : 0;

  if (is_blank (request->business_unit_slug))
    report (checker, "BusinessUnitSlug", _ ("Enter the business unit slug."));

  if (!is_pos_channel (request) && !is_quick_pay_channel (request))
    /* Translators: QuickPay and POS are the API's values; keep them as they are. */
    report (checker, "Channel", _ ("Use QuickPay or POS as the channel."));

  if (is_pos_channel (request)) {
    if (is_blank (request->pos_user))
      report (checker, "PosUser", _ ("Enter the agent's Paystar email address."));
    else if (!paystar_is_valid_email (request->pos_user))
      report (checker, "PosUser", _ ("Enter a valid email address for the agent."));
    if (request->client_user != NULL)
      report (checker, "ClientUser", _ ("A POS payment cannot name a customer."));
  } else if (is_quick_pay_channel (request)) {
    if (request->pos_user != NULL)
      report (checker, "PosUser", _ ("Only a POS payment can name an agent."));
  }

  /* A ClientUser that the channel does not allow is not checked further: its one error says it
   * all. */
  if (request->client_user != NULL && !is_pos_channel (request)) {
    const char *email = request->client_user->email_address;

    if (is_blank (email))
      report (checker, "ClientUser.EmailAddress", _ ("Enter the customer's email address."));
    else if (!paystar_is_valid_email (email))
      report (checker, "ClientUser.EmailAddress",
              _ ("Enter a valid email address for the customer."));
  }

  if (n_charges == 0) {
    report (checker, "Charges", _ ("Add at least one charge."));
  } else if (n_charges > PAYSTAR_MAX_CHARGES) {
    g_autofree char *message =
      g_strdup_printf (_ ("A sale can have at most %d charges."), PAYSTAR_MAX_CHARGES);

    report (checker, "Charges", message);
  }
  for (guint i = 0; i < n_charges; i++)
    check_charge (checker, g_ptr_array_index (request->charges, i), i);

  /* "Must be unique if provided": an empty or blank reference cannot identify anything, so a
   * present ClientReference must have some text. */
  if (request->client_reference != NULL && is_blank (request->client_reference))
    report (checker, "ClientReference", _ ("Enter a reference, or leave ClientReference out."));

  if (request->success_url != NULL && request->return_url == NULL)
    /* Translators: SuccessUrl and ReturnUrl are the API's names; keep them as they are. */
    report (checker, "ReturnUrl", _ ("Add a ReturnUrl too: SuccessUrl and ReturnUrl go together."));
  if (request->return_url != NULL && request->success_url == NULL)
    /* Translators: SuccessUrl and ReturnUrl are the API's names; keep them as they are. */
    report (checker, "SuccessUrl",
            _ ("Add a SuccessUrl too: SuccessUrl and ReturnUrl go together."));
  if (request->success_url != NULL && !paystar_is_valid_web_url (request->success_url))
    report (checker, "SuccessUrl", _ ("Use a full web address starting with http:// or https://."));
  if (request->return_url != NULL && !paystar_is_valid_web_url (request->return_url))
    report (checker, "ReturnUrl", _ ("Use a full web address starting with http:// or https://."));

  check_pairs (checker, request->payment_fields, "PaymentFields",
               _ ("Every payment field needs a name."));
  check_pairs (checker, request->custom_meta, "CustomMeta",
               _ ("Every CustomMeta entry needs a name."));
}

/* Case-insensitive, as email addresses are in practice (and as the profile promises). */
static gboolean
email_in_list (const char *email, const char *const *list)
{
  g_autofree char *folded = NULL;

  if (list == NULL)
    return FALSE;
  folded = g_utf8_casefold (email, -1);
  for (guint i = 0; list[i] != NULL; i++) {
    g_autofree char *other = g_utf8_casefold (list[i], -1);

    if (g_str_equal (folded, other))
      return TRUE;
  }
  return FALSE;
}

/* The profile is the one the caller looked up for the request's slug; the slug is not compared
 * again here, so the caller decides how slugs match. */
static void
check_profile (Checker *checker,
               const PaystarRequest *request,
               const PaystarBusinessUnitProfile *profile)
{
  if (profile == NULL) {
    report (checker, "BusinessUnitSlug", _ ("This business unit does not exist. Check the slug."));
    return;
  }

  /* Only a PosUser that passed the documented rules is looked up. A user with POS permission is
   * known even when the fixtures forgot to list it among known_users. */
  if (is_pos_channel (request) && !checker_has_error (checker, "PosUser")) {
    if (!email_in_list (request->pos_user, profile->pos_users)) {
      if (email_in_list (request->pos_user, profile->known_users))
        report (
          checker, "PosUser",
          _ ("This agent does not have POS permission. Ask your account manager to turn it on."));
      else
        report (checker, "PosUser",
                _ ("Paystar does not know this agent. Check the email address."));
    }
  }

  if (request->client_reference != NULL && !checker_has_error (checker, "ClientReference") &&
      profile->client_reference_taken != NULL &&
      profile->client_reference_taken (request->client_reference, profile->user_data))
    report (checker, "ClientReference",
            _ ("This reference was already used; each payment needs its own."));

  /* PaymentFields keys are matched exactly, like the document's own keys. */
  for (guint i = 0; request->payment_fields != NULL && i < request->payment_fields->len; i++) {
    const PaystarPair *pair = g_ptr_array_index (request->payment_fields, i);

    if (!is_blank (pair->key) && (profile->payment_fields == NULL ||
                                  !g_strv_contains (profile->payment_fields, pair->key))) {
      g_autofree char *path = g_strconcat ("PaymentFields.", pair->key, NULL);

      report (checker, path, _ ("This payment field is not configured for the business unit."));
    }
  }
}

/* The rules of the documents; with @with_profile, then the business unit's (@profile NULL: there
 * is no such unit). */
static void
validate (const PaystarRequest *request,
          gboolean with_profile,
          const PaystarBusinessUnitProfile *profile,
          GPtrArray *errors)
{
  Checker checker = { errors, errors->len };

  check_request (&checker, request);
  /* The same checker: the profile's rules look at what those found (a PosUser already refused
   * is not looked up). */
  if (with_profile)
    check_profile (&checker, request, profile);
}

void
paystar_request_validate (const PaystarRequest *request, GPtrArray *errors)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (errors != NULL);

  validate (request, FALSE, NULL, errors);
}

void
paystar_request_validate_with_profile (const PaystarRequest *request,
                                       const PaystarBusinessUnitProfile *profile,
                                       GPtrArray *errors)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (errors != NULL);

  validate (request, TRUE, profile, errors);
}
