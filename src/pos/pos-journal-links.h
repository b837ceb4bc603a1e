/* pos-journal-links.h: moving the journal's stored payment links to another origin.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pos-journal.h"

G_BEGIN_DECLS

/* Rewrites the stored session links of the form {old_origin}/app/embedded/{slug}/session/{id},
 * where {id} is the sale's own session identifier, to
 * {new_origin}/app/embedded/{slug}/session/{id}, in one transaction. Links of other origins, or
 * of another shape, are left as they are. For the built-in sandbox when it could not listen on
 * its remembered port again: its sessions live on, at another address. Origins are like
 * "http://127.0.0.1:8080", without a trailing "/". */
gboolean pos_journal_rewrite_session_links (PosJournal *self,
                                            const char *old_origin,
                                            const char *new_origin,
                                            GError **error);

G_END_DECLS
