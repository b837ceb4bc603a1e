/* pos-sale-record-private.h: the journal fills a record's fields directly.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pos-sale-record.h"

G_BEGIN_DECLS

struct _PosSaleRecord {
  GObject parent_instance;

  gint64 id;
  char *client_reference;
  char *agent_email;
  gint64 created;
  gint64 updated;
  PosSaleStatus status;
  char *session_identifier;
  char *session_link;
  char *error_text;
  gint64 total;
  char *card_last4;
  char *accounts;
  char *request_json;
  char *response_json;
  char *draft_json;
  gint64 edited;
  char *closed_by;
  char *closed_reason;
  char *station; /* the station's name, for a sale read from the office database; else NULL */
};

/* An empty record; the caller sets the fields before handing it out. */
PosSaleRecord *pos_sale_record_new (void);

G_END_DECLS
