/* main.c: the entry point of paystar-pos.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pos-application.h"
#include "pos-process.h"
#include "pos-web-loader.h"

int
main (int argc, char *argv[])
{
  g_autoptr (PosApplication) app = NULL;

  /* Before anything starts a thread or a child process: the API key leaves the environment here,
   * and the locale and the translations are set up. */
  pos_process_init ();

  app = pos_application_new ();
  /* WebKit comes after the first frame (pos-web-loader.c). */
  pos_web_loader_preload_after_first_frame (GTK_APPLICATION (app));
  return g_application_run (G_APPLICATION (app), argc, argv);
}
