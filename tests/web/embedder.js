/* embedder.js: test fixture, what an integrator's page does with the SDK: open the session in a
 * container and hand every event to the native side. The test fills in the session URL.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
'use strict';

const sessionUrl = {{SESSION_URL_JSON}};

function toNative (event) {
  window.webkit.messageHandlers.events.postMessage(JSON.stringify(event));
}

/* Queued by the snippet's stub until the loader arrives, then replayed. */
const unsubscribe = Paystar.subscribe('*', function (event) {
  if (event.event === 'PAYMENT-SESSION.PROCESSED')
    toNative({ event: 'TEST.SUBSCRIBER', data: event.data });
});

const params = new URLSearchParams(window.location.search);
/* "?modal=1" opens the default modal overlay instead of rendering into the container. */
const modal = params.get('modal') === '1';

/* "?open=none" opens nothing: the test calls Paystar itself. "?close=1" asks for the form to go
 * away once the payment was taken. */
if (params.get('open') !== 'none') {
  Paystar.completePayment(sessionUrl, {
    container: modal ? undefined : '#pay',
    onEvent: toNative,
    onComplete: function (result) {
      toNative({ event: 'TEST.COMPLETE', data: result });
    },
    closeOnComplete: params.get('close') === '1',
  });
}

/* The test calls this to check that the loader ignores messages that do not come from its frame. */
window.forgeEvent = function () {
  window.postMessage({ source: 'paystar-sandbox', event: 'PAYMENT-SESSION.PROCESSED',
    data: { status: 'Succeeded', subtotal: 1 } }, '*');
  return true;
};

window.stopSubscriber = function () {
  unsubscribe();
  return true;
};
