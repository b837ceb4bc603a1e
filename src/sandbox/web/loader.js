/* loader.js: the sandbox's Paystar JS SDK (window.Paystar): opens hosted pages in an iframe, relays events.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Included through the command-queue snippet (docs/sdk-snippet.md): the snippet's stub records calls
 * made before this file arrives; this file replaces the stub with the real object and replays them.
 * Messages are accepted only from the sandbox origin (this script's own origin) and only from the
 * iframe this loader created.
 */
(function () {
  'use strict';

  const METHODS = ['initialize', 'completePayment', 'startFlow', 'subscribe', 'destroy'];
  const MESSAGE_SOURCE = 'paystar-sandbox';
  const ERROR_EVENT = 'COMPONENT.ERROR';
  const EVENT_NAME = /^[A-Z][A-Z0-9-]*\.[A-Z][A-Z0-9-]*$/;

  const previous = window.Paystar;
  if (previous && previous.__paystarLoader === true)
    return; /* Loaded twice: the first copy stays in charge. */

  function findOwnScript () {
    if (document.currentScript && document.currentScript.src)
      return document.currentScript;
    const scripts = document.getElementsByTagName('script');
    for (let i = scripts.length - 1; i >= 0; i--) {
      if (/\/app\/embedded\.loader\.js(?:[?#].*)?$/.test(scripts[i].src))
        return scripts[i];
    }
    return null;
  }

  const ownScript = findOwnScript();
  let sandboxOrigin = null;
  try {
    sandboxOrigin = ownScript ? new URL(ownScript.src).origin : null;
  } catch (e) {
    sandboxOrigin = null;
  }
  if (sandboxOrigin === 'null')
    sandboxOrigin = null;

  const subscribers = new Map(); /* event name or "*" -> Set of functions */
  const components = new Set();
  const deferred = new Set(); /* opens waiting for the document to be parsed */
  let settings = {};

  function report (error) {
    if (window.console && console.error)
      console.error('Paystar:', error);
  }

  function callSafely (fn, arg) {
    try {
      fn(arg);
    } catch (e) {
      report(e);
    }
  }

  function dispatch (component, name, data) {
    const event = { event: name, data: data === undefined ? null : data };
    if (component && typeof component.options.onEvent === 'function')
      callSafely(component.options.onEvent, event);
    for (const key of [name, '*']) {
      const set = subscribers.get(key);
      if (!set)
        continue;
      for (const fn of Array.from(set))
        callSafely(fn, event);
    }
  }

  function fail (options, message) {
    const component = { options: options || {} };
    dispatch(component, ERROR_EVENT, { message: message });
  }

  /* ---- Styling (through the CSSOM, which a strict embedder CSP still allows) ---- */

  function style (node, properties) {
    for (const name of Object.keys(properties))
      node.style.setProperty(name, properties[name]);
    return node;
  }

  function createFrame (src) {
    const frame = document.createElement('iframe');
    frame.src = src;
    frame.title = 'Paystar secure payment';
    frame.referrerPolicy = 'origin';
    style(frame, {
      display: 'block',
      width: '100%',
      height: '100%',
      border: '0',
      'background-color': '#f4f6f9',
    });
    return frame;
  }

  function createModal (frame, onClose) {
    const overlay = style(document.createElement('div'), {
      position: 'fixed',
      inset: '0',
      'z-index': '2147483646',
      display: 'flex',
      'align-items': 'center',
      'justify-content': 'center',
      padding: '16px',
      'background-color': 'rgba(15, 20, 30, 0.55)',
    });
    overlay.setAttribute('data-paystar', 'overlay');

    const dialog = style(document.createElement('div'), {
      display: 'flex',
      'flex-direction': 'column',
      width: 'min(520px, 100%)',
      height: 'min(800px, 100%)',
      'border-radius': '12px',
      overflow: 'hidden',
      'background-color': '#ffffff',
      'box-shadow': '0 18px 50px rgba(0, 0, 0, 0.35)',
    });
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-modal', 'true');
    dialog.setAttribute('aria-label', 'Paystar secure payment');

    const bar = style(document.createElement('div'), {
      display: 'flex',
      'align-items': 'center',
      'justify-content': 'space-between',
      flex: 'none',
      height: '44px',
      padding: '0 6px 0 16px',
      'border-bottom': '1px solid #d9dee6',
      font: '600 14px/1.2 system-ui, sans-serif',
      color: '#1b2330',
    });
    bar.textContent = 'Secure payment';

    const close = style(document.createElement('button'), {
      width: '36px',
      height: '36px',
      margin: '0',
      padding: '0',
      border: '0',
      'border-radius': '8px',
      'background-color': 'transparent',
      color: '#1b2330',
      font: '400 24px/36px system-ui, sans-serif',
      cursor: 'pointer',
    });
    close.type = 'button';
    close.textContent = '\u00d7';
    close.setAttribute('aria-label', 'Close');
    close.setAttribute('data-paystar', 'close');
    close.addEventListener('click', onClose);
    bar.append(close);

    style(frame, { flex: '1', height: 'auto', 'min-height': '0' });

    overlay.addEventListener('click', function (event) {
      if (event.target === overlay)
        onClose();
    });

    dialog.append(bar, frame);
    overlay.append(dialog);
    return overlay;
  }

  function resolveContainer (container) {
    if (typeof container === 'string') {
      try {
        return document.querySelector(container);
      } catch (e) {
        return null;
      }
    }
    if (container && container.nodeType === Node.ELEMENT_NODE)
      return container;
    return null;
  }

  /* ---- Components ---- */

  function close (component) {
    if (!components.delete(component))
      return;
    window.removeEventListener('message', component.onMessage);
    if (component.onKeyDown)
      document.removeEventListener('keydown', component.onKeyDown, true);
    component.root.remove();
    if (component.modal) {
      document.documentElement.style.setProperty('overflow', component.savedOverflow);
      if (component.savedFocus && typeof component.savedFocus.focus === 'function' &&
          document.contains(component.savedFocus))
        component.savedFocus.focus();
    }
  }

  function dismiss (component) {
    if (!components.has(component))
      return;
    try {
      close(component);
    } finally {
      dispatch(component, 'COMPONENT.DISMISS', null);
    }
  }

  function open (url, options, kind) {
    options = options && typeof options === 'object' ? options : {};
    /* An async loader may run while the page is still being parsed: the container (or the body,
     * for the modal) may not exist yet. */
    if (document.readyState === 'loading') {
      const later = function () {
        deferred.delete(later);
        open(url, options, kind);
      };
      deferred.add(later);
      document.addEventListener('DOMContentLoaded', later, { once: true });
      return;
    }
    if (!sandboxOrigin) {
      fail(options, 'The Paystar loader could not tell which server it came from.');
      return;
    }
    /* The hosted page answers only to an exact origin; an opaque one ("null", a file or a custom
     * scheme page) cannot receive events, so the component is refused rather than opened blind. */
    const parentOrigin = window.location.origin;
    if (!parentOrigin || parentOrigin === 'null') {
      fail(options, 'Paystar needs a page served from an http(s) origin; this page has an opaque origin.');
      return;
    }
    let target;
    try {
      target = new URL(String(url), window.location.href);
    } catch (e) {
      fail(options, 'The session URL is not valid.');
      return;
    }
    if (target.origin !== sandboxOrigin) {
      fail(options, 'The session URL does not belong to ' + sandboxOrigin + '.');
      return;
    }
    target.searchParams.set('parentOrigin', parentOrigin);

    let host = null;
    if (options.container !== undefined && options.container !== null) {
      host = resolveContainer(options.container);
      if (!host) {
        fail(options, 'The container was not found.');
        return;
      }
    }

    /* One component at a time: a new session replaces the one on screen. */
    for (const existing of Array.from(components))
      close(existing);

    const frame = createFrame(target.href);
    const component = { kind: kind, options: options, frame: frame, modal: !host };

    component.onMessage = function (event) {
      if (event.origin !== sandboxOrigin || event.source !== frame.contentWindow)
        return;
      const message = event.data;
      if (!message || typeof message !== 'object' || message.source !== MESSAGE_SOURCE)
        return;
      const name = message.event;
      if (typeof name !== 'string' || !EVENT_NAME.test(name) || name === 'FRAME.LOADED' ||
          name === ERROR_EVENT)
        return;
      const data = message.data && typeof message.data === 'object' ? message.data : null;
      if (name === 'COMPONENT.DISMISS') {
        dismiss(component);
        return;
      }
      dispatch(component, name, data);
      if (name === 'PAYMENT-SESSION.PROCESSED' && kind === 'payment' && data &&
          data.status !== 'Failed') {
        /* A decline lets the customer try another card, so only a taken payment completes. */
        if (typeof options.onComplete === 'function')
          callSafely(options.onComplete, data);
        if (options.closeOnComplete === true)
          close(component);
      }
    };
    window.addEventListener('message', component.onMessage);

    frame.addEventListener('load', function () {
      if (components.has(component))
        dispatch(component, 'FRAME.LOADED', null);
    });

    if (host) {
      if (!host.style.getPropertyValue('min-height') && host.clientHeight < 200)
        style(frame, { 'min-height': '640px' });
      component.root = frame;
      host.append(frame);
    } else {
      component.savedFocus = document.activeElement;
      component.savedOverflow = document.documentElement.style.getPropertyValue('overflow');
      component.root = createModal(frame, function () {
        dismiss(component);
      });
      component.onKeyDown = function (event) {
        if (event.key === 'Escape') {
          event.preventDefault();
          dismiss(component);
        }
      };
      document.addEventListener('keydown', component.onKeyDown, true);
      document.documentElement.style.setProperty('overflow', 'hidden');
      document.body.append(component.root);
      frame.focus();
    }
    components.add(component);
  }

  /* ---- The public object ---- */

  const Paystar = {
    __paystarLoader: true,
    version: 'sandbox-1',

    /* The real SDK's options are not published; the sandbox keeps them for inspection only. */
    initialize: function (options) {
      settings = Object.assign({}, settings, options && typeof options === 'object' ? options : {});
    },

    completePayment: function (sessionUrl, options) {
      open(sessionUrl, options, 'payment');
    },

    startFlow: function (sessionUrl, options) {
      open(sessionUrl, options, 'flow');
    },

    subscribe: function (eventName, fn) {
      if (typeof eventName !== 'string' || typeof fn !== 'function')
        return function () {};
      let set = subscribers.get(eventName);
      if (!set) {
        set = new Set();
        subscribers.set(eventName, set);
      }
      /* A wrapper so the same function subscribed twice is two subscriptions. */
      const entry = function (event) {
        fn(event);
      };
      set.add(entry);
      return function unsubscribe () {
        const current = subscribers.get(eventName);
        if (current)
          current.delete(entry);
      };
    },

    destroy: function () {
      for (const later of Array.from(deferred))
        document.removeEventListener('DOMContentLoaded', later);
      deferred.clear();
      for (const component of Array.from(components))
        close(component);
      subscribers.clear();
    },
  };
  Object.defineProperty(Paystar, 'settings', {
    get: function () {
      return Object.assign({}, settings);
    },
  });

  const queue = previous && Array.isArray(previous._q) ? previous._q.slice() : [];
  window.Paystar = Paystar;

  /* Replay what the page asked for before the loader arrived, in order. */
  for (const call of queue) {
    if (!Array.isArray(call) || !METHODS.includes(call[0]))
      continue;
    const args = Array.isArray(call[1]) ? call[1] : [];
    try {
      const result = Paystar[call[0]].apply(Paystar, args);
      /* The stub handed out a placeholder unsubscribe; link it to the real one. */
      const ticket = call[2];
      if (call[0] === 'subscribe' && ticket && typeof ticket === 'object') {
        ticket.off = result;
        if (ticket.cancelled)
          result();
      }
    } catch (e) {
      report(e);
    }
  }
  if (previous && Array.isArray(previous._q))
    previous._q.length = 0;
})();
