/* bridge.js: loads the environment's Paystar SDK loader and relays its events to the station.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs in the station's own bridge page (never in Paystar's hosted page). The payment view
 * (pos-payment-view.c) talks to it in two ways:
 * - the view calls posBridge.open(link) once the loader is ready;
 * - the page posts JSON strings to the "paystar" script message handler:
 *   { "token": T, "kind": "ready" }            the loader is in place (window.Paystar exists)
 *   { "token": T, "kind": "loader-error" }     the loader could not be loaded
 *   { "token": T, "kind": "event", "event": { "event": NAME, "data": OBJECT|null } }
 * T is the per-view secret the view put in this page's URL fragment. WebKit exposes message
 * handlers to every frame, the cross-origin hosted page included; that page cannot read our
 * fragment, so the view can tell our messages from anything else.
 */
(function () {
  'use strict';

  const handlers = window.webkit && window.webkit.messageHandlers;
  const handler = handlers ? handlers.paystar : null;
  const token = window.location.hash.slice(1);
  const loaderUrl = document.documentElement.dataset.loader;
  let ready = false;
  let pendingLink = null;

  /* The token has been read; keep it out of the address the page shows. */
  if (window.history && typeof window.history.replaceState === 'function')
    window.history.replaceState(null, '', window.location.pathname);

  function post (message) {
    if (!handler)
      return;
    message.token = token;
    try {
      handler.postMessage(JSON.stringify(message));
    } catch (e) {
      /* A message that cannot be serialised (a cycle) is dropped rather than half sent. */
    }
  }

  function relay (sdkEvent) {
    const name = sdkEvent && typeof sdkEvent.event === 'string' ? sdkEvent.event : null;
    if (!name)
      return;
    /* Keyboard-only clerks: once the form is there, Tab and typing go into it. */
    if (name === 'FRAME.LOADED') {
      const frame = document.querySelector('#payment iframe');
      if (frame)
        frame.focus();
    }
    const data = sdkEvent.data && typeof sdkEvent.data === 'object' ? sdkEvent.data : null;
    post({ kind: 'event', event: { event: name, data: data } });
  }

  function start (link) {
    document.getElementById('status').hidden = true;
    window.Paystar.completePayment(link, {
      container: '#payment',
      onEvent: relay,
    });
  }

  window.posBridge = Object.freeze({
    /* Returns true when the form is being opened, false when it will be once the loader is in. */
    open: function (link) {
      if (typeof link !== 'string' || link === '')
        return false;
      if (!ready) {
        pendingLink = link;
        return false;
      }
      start(link);
      return true;
    },
  });

  function loaded () {
    if (!window.Paystar || typeof window.Paystar.completePayment !== 'function') {
      post({ kind: 'loader-error' });
      return;
    }
    ready = true;
    post({ kind: 'ready' });
    if (pendingLink !== null) {
      const link = pendingLink;
      pendingLink = null;
      start(link);
    }
  }

  if (!loaderUrl) {
    post({ kind: 'loader-error' });
    return;
  }
  const script = document.createElement('script');
  script.src = loaderUrl;
  script.async = true;
  script.addEventListener('load', loaded);
  script.addEventListener('error', function () {
    post({ kind: 'loader-error' });
  });
  document.head.append(script);
})();
