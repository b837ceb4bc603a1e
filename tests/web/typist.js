/* typist.js: test fixture, a user script in an isolated world that plays the customer on the hosted
 * payment page: it fills inputs and clicks buttons when the native test tells it to.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test prepends "const TYPIST_ORIGIN = <sandbox origin>;". The script runs in every frame but
 * acts only in the hosted page's frame. It talks to the test over the "typist" message handler
 * (with replies): it sends a report of what the page shows and receives the next command.
 */
(function () {
  'use strict';

  if (window.location.origin !== TYPIST_ORIGIN || !document.getElementById('paystar-session'))
    return;
  const handler = window.webkit.messageHandlers.typist;

  function $ (id) {
    return document.getElementById(id);
  }

  function visible (id) {
    const node = $(id);
    return !!node && !node.hidden;
  }

  function sleep (ms) {
    return new Promise(function (resolve) {
      setTimeout(resolve, ms);
    });
  }

  function report (extra) {
    const invalid = [];
    const errors = {};
    for (const input of document.querySelectorAll('input')) {
      if (input.getAttribute('aria-invalid') === 'true') {
        invalid.push(input.id);
        const describedBy = input.getAttribute('aria-describedby');
        const error = describedBy ? $(describedBy) : null;
        errors[input.id] = error && !error.hidden ? error.textContent : null;
      }
    }
    const pay = $('pay-button');
    return Object.assign({
      frame: window.parent !== window,
      formVisible: visible('pay-form'),
      lang: document.documentElement.lang,
      title: document.title,
      cardNumberLabel: document.querySelector('label[for="card-number"]').textContent,
      focused: document.activeElement ? document.activeElement.id : null,
      confirmationVisible: visible('confirmation'),
      cancelledVisible: visible('cancelled'),
      declineVisible: visible('decline-message'),
      declineText: $('decline-message').textContent,
      formError: visible('form-error') ? $('form-error').textContent : null,
      payText: pay.textContent,
      payDisabled: pay.disabled,
      cardNumber: $('card-number').value,
      cardCvc: $('card-cvc').value,
      invalid: invalid,
      errors: errors,
      paymentFieldInputs: Array.from(document.querySelectorAll('[id^="payment-field-"]'))
        .filter(function (node) { return node.tagName === 'INPUT'; })
        .map(function (node) { return node.id; }),
      businessName: $('business-name').textContent,
      takenBy: visible('taken-by') ? $('taken-by').textContent : null,
      total: $('total-amount').textContent,
      lineItems: Array.from(document.querySelectorAll('#line-items > li'))
        .map(function (node) { return node.textContent; }),
      reference: $('reference-number').textContent,
      masked: $('masked-card').textContent,
      testCards: document.querySelectorAll('#test-card-list li').length,
      linksVisible: visible('confirmation-links'),
      doneHref: $('done-link').getAttribute('href'),
      backHref: $('back-link').getAttribute('href'),
      closeVisible: visible('confirmation-close'),
      banner: document.querySelector('.sandbox-banner').textContent.replace(/\s+/g, ' ').trim(),
    }, extra || {});
  }

  function fill (values) {
    for (const id of Object.keys(values)) {
      const input = $(id);
      /* A payment field the session already has is not asked for: nothing to fill. */
      if (!input && id.startsWith('payment-field-'))
        continue;
      if (!input)
        throw new Error('no input ' + id);
      input.focus();
      input.value = values[id];
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
      input.blur();
    }
  }

  /* After a click on Pay: wait until the page has answered (confirmation, decline, or an error). */
  async function settle () {
    for (let i = 0; i < 200; i++) {
      await sleep(50);
      const pay = $('pay-button');
      if (pay.getAttribute('aria-busy') === 'true')
        continue;
      if (visible('confirmation') || visible('decline-message') || visible('form-error') ||
          document.querySelector('input[aria-invalid="true"]'))
        return true;
    }
    return false;
  }

  async function perform (command) {
    switch (command.action) {
      case 'fill':
        fill(command.values);
        return report();
      case 'click': {
        $(command.id).click();
        const settled = command.settle ? await settle() : true;
        return report({ settled: settled });
      }
      /* What the page shows now, the field with the keyboard and its value included. */
      /* What the page shows now, with the value of the field that has the keyboard. */
      case 'look':
        return report({
          focusedValue: document.activeElement && 'value' in document.activeElement
            ? document.activeElement.value : null,
        });
      case 'key':
        document.dispatchEvent(new KeyboardEvent('keydown', { key: command.key, bubbles: true }));
        return report();
      /* What the page can keep: the payment view must forget it between sales. */
      case 'storage-set':
        localStorage.setItem(command.key, command.value);
        sessionStorage.setItem(command.key, command.value);
        document.cookie = command.key + '=' + command.value + '; path=/; max-age=86400';
        return report();
      case 'storage-get':
        return report({
          local: localStorage.getItem(command.key),
          session: sessionStorage.getItem(command.key),
          cookie: document.cookie,
        });
      /* Ways out of the page: the payment view must refuse them. */
      case 'open-window': {
        const link = document.createElement('a');
        link.href = command.url;
        link.target = '_blank';
        link.textContent = 'x';
        document.body.append(link);
        link.click();
        link.remove();
        const opened = window.open(command.url, 'other');
        await sleep(300);
        return report({ href: window.location.href, opened: !!opened });
      }
      case 'navigate':
        window.location.href = command.url;
        await sleep(300);
        return report({ href: window.location.href });
      default:
        return report({ unknownCommand: String(command.action) });
    }
  }

  async function run () {
    /* page.js is deferred; wait until it has rendered the form or the confirmation. */
    for (let i = 0; i < 200 && !(visible('pay-form') || visible('confirmation')); i++)
      await sleep(25);
    let message = report({ ready: true });
    for (;;) {
      const reply = await handler.postMessage(JSON.stringify(message));
      const command = JSON.parse(reply);
      if (command.action === 'done')
        return;
      try {
        message = await perform(command);
      } catch (e) {
        message = report({ exception: String(e) });
      }
    }
  }

  run().catch(function (e) {
    handler.postMessage(JSON.stringify({ exception: String(e) }));
  });
})();
