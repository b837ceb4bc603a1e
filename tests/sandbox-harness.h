/* sandbox-harness.h: starts the real paystar-sandbox program for the golden HTTP tests and talks
 * to it over loopback.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define SANDBOX_KEY  "sandbox-key"
#define SANDBOX_SLUG "acme-utilities"
/* Email addresses are assembled from parts: some tools rewrite typed addresses. */
#define SANDBOX_DOMAIN "acme-utilities.example"
#define SANDBOX_AVA \
  "ava"             \
  "@" SANDBOX_DOMAIN
#define SANDBOX_BEN \
  "ben"             \
  "@" SANDBOX_DOMAIN
#define SANDBOX_CORY \
  "cory"             \
  "@" SANDBOX_DOMAIN

typedef struct {
  GSubprocess *process;
  char *dir; /* temporary: port file, stdout and stderr of the program */
  char *port_file;
  char *stdout_path;
  char *stderr_path;
  char *base_uri; /* "http://127.0.0.1:PORT" */
  guint port;
  SoupSession *session;
  gboolean exited;
  int wait_status;
} SandboxHarness;

typedef struct {
  guint status;
  char *body;
  gsize length;
  SoupMessageHeaders *headers;
  JsonNode *json; /* the body through the strict reader, or NULL */
} SandboxResponse;

/* The program under test: $PAYSTAR_SANDBOX (set by tests/meson.build). */
const char *sandbox_program (void);

/* Starts the program with --port 0 --port-file and the extra arguments, waits until it listens
 * (asserting it does within 20 s) and returns it. */
SandboxHarness *sandbox_harness_start (const char *first_arg, ...) G_GNUC_NULL_TERMINATED;
SandboxHarness *sandbox_harness_start_argv (const char *const *args);
/* Sends @signum, waits for the exit and returns the exit status (asserting a normal exit). */
int sandbox_harness_stop (SandboxHarness *self, int signum);
void sandbox_harness_free (SandboxHarness *self);
/* What the program wrote so far. */
char *sandbox_harness_read_stdout (SandboxHarness *self);
char *sandbox_harness_read_stderr (SandboxHarness *self);

/* Runs the program to completion (at most 20 s) with @args; returns its exit status. */
int sandbox_run_program (const char *const *args, char **out_stdout, char **out_stderr);

/* One HTTP request. @api_key NULL sends none; @content_type NULL sends none. */
SandboxResponse *sandbox_harness_request (SandboxHarness *self,
                                          const char *method,
                                          const char *path,
                                          const char *api_key,
                                          const char *content_type,
                                          const char *body,
                                          gssize length);
/* GET with the sandbox key. */
SandboxResponse *sandbox_harness_get (SandboxHarness *self, const char *path);
/* POST of JSON with the sandbox key. */
SandboxResponse *sandbox_harness_post (SandboxHarness *self, const char *path, const char *json);
/* POST /integrations/embedded/initiate with the sandbox key. */
SandboxResponse *sandbox_harness_initiate (SandboxHarness *self, const char *json);
/* Initiates and asserts success; returns the session identifier. */
char *sandbox_harness_initiate_ok (SandboxHarness *self, const char *json);
/* POST /_sandbox/reset, asserting success. */
void sandbox_harness_reset (SandboxHarness *self);
/* Sends @request as raw bytes on a new connection; returns the answer's status code (0 when the
 * connection closed without one) and, if asked, the whole answer. */
guint
sandbox_harness_raw (SandboxHarness *self, const char *request, gsize length, char **out_response);

void sandbox_response_free (SandboxResponse *response);

/* Replaces every ' with " so that JSON reads well in C literals. */
char *sandbox_json (const char *text);
/* The node at @path ("data.paymentSession.status", "errors[0].propertyName") or NULL. */
JsonNode *sandbox_json_at (JsonNode *root, const char *path);
const char *sandbox_json_string (JsonNode *root, const char *path);
gint64 sandbox_json_int (JsonNode *root, const char *path);
gboolean sandbox_json_bool (JsonNode *root, const char *path);
gboolean sandbox_json_is_null (JsonNode *root, const char *path);
guint sandbox_json_length (JsonNode *root, const char *path);

/* Asserts HTTP 200, hasErrors false, errors [] and returns data. */
JsonNode *sandbox_assert_success (SandboxResponse *response);
/* Asserts an envelope with HTTP @status, hasErrors true, data null and an error for
 * @property_name. */
void
sandbox_assert_envelope_error (SandboxResponse *response, guint status, const char *property_name);
/* TRUE when the envelope has an error for @property_name. */
gboolean sandbox_response_has_error (SandboxResponse *response, const char *property_name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SandboxHarness, sandbox_harness_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SandboxResponse, sandbox_response_free)

G_END_DECLS
