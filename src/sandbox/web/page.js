/* page.js: the behaviour of the sandbox's hosted payment page (render, card checks, pay, events).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything from the session is rendered with textContent; nothing is ever parsed as markup. The
 * card number lives only in its input and is cleared as soon as a payment attempt has been answered.
 */
'use strict';

(function () {
  const MESSAGE_SOURCE = 'paystar-sandbox';

  const TEST_CARDS = [
    { number: '4242424242424242', outcome: 'Approved' },
    { number: '4000000000000002', outcome: 'Declined: generic decline' },
    { number: '4000000000009995', outcome: 'Declined: insufficient funds' },
    { number: '4000000000000069', outcome: 'Declined: expired card' },
  ];

  /* ---- Language ----
   * The page follows the language its visitor's browser asks for (navigator.languages, the same
   * list as the Accept-Language header), as a hosted page does: English, or Spanish. The station
   * sets its web view's languages to its own, so a customer served in Spanish is not switched to
   * English at the card step. Paystar's real page's languages are not published. */
  const SPANISH = {
    'Secure payment · Paystar sandbox': 'Pago seguro · Paystar sandbox',
    'SANDBOX': 'SANDBOX',
    '— no real money moves': '— no se mueve dinero real',
    'Secure payment': 'Pago seguro',
    'Payment successful': 'Pago realizado',
    'Payment pending': 'Pago pendiente',
    'Reference number': 'Número de referencia',
    'Amount': 'Importe',
    'Card': 'Tarjeta',
    'Date': 'Fecha',
    'I\'m done': 'He terminado',
    'Go back': 'Volver',
    'Close': 'Cerrar',
    'Payment summary': 'Resumen del pago',
    'Total': 'Total',
    'Payment': 'Pago',
    'Payment details': 'Datos del pago',
    'Card details': 'Datos de la tarjeta',
    'Card number': 'Número de tarjeta',
    'Expiry (MM/YY)': 'Vencimiento (MM/AA)',
    'MM/YY': 'MM/AA',
    'CVC': 'CVC',
    'Name on card': 'Nombre en la tarjeta',
    'Billing ZIP': 'Código postal de facturación',
    'Pay': 'Pagar',
    'Cancel': 'Cancelar',
    'Card details are sent only to Paystar.': 'Los datos de la tarjeta se envían solo a Paystar.',
    'Sandbox test cards': 'Tarjetas de prueba del sandbox',
    'Use any future expiry, any 3-digit CVC and any 5-digit ZIP. Choose a card to fill in its number.': 'Use cualquier vencimiento futuro, cualquier CVC de 3 dígitos y cualquier código postal de 5 dígitos. Elija una tarjeta para rellenar su número.',
    'Payment cancelled': 'Pago cancelado',
    'No payment was taken.': 'No se cobró ningún pago.',
    'Return to payment': 'Volver al pago',
    'Powered by Paystar': 'Con la tecnología de Paystar',
    'Approved': 'Aprobada',
    'Declined: generic decline': 'Rechazada: rechazo genérico',
    'Declined: insufficient funds': 'Rechazada: fondos insuficientes',
    'Declined: expired card': 'Rechazada: tarjeta vencida',
    'Pay {name} · Paystar sandbox': 'Pagar a {name} · Paystar sandbox',
    'Taken by {user}': 'Atendido por {user}',
    'Session {id}': 'Sesión {id}',
    'Account {number}': 'Cuenta {number}',
    'Balance {amount}': 'Saldo {amount}',
    'Due {date}': 'Vence el {date}',
    'Charge {n}': 'Cargo {n}',
    'Descriptor': 'Descriptor',
    'Use test card {number}: {outcome}': 'Usar la tarjeta de prueba {number}: {outcome}',
    'Processing…': 'Procesando…',
    'Pay {amount}': 'Pagar {amount}',
    'The payment was submitted and is waiting to settle.': 'El pago se envió y está pendiente de liquidarse.',
    'Thank you. Keep the reference number for your records.': 'Gracias. Guarde el número de referencia para sus registros.',
    'Enter the card number.': 'Escriba el número de la tarjeta.',
    'The card number can only contain digits.': 'El número de la tarjeta solo puede tener dígitos.',
    'The card number should have 12 to 19 digits.': 'El número de la tarjeta debe tener de 12 a 19 dígitos.',
    'This card number is not valid. Check it for typing mistakes.': 'Este número de tarjeta no es válido. Revíselo por si hay errores.',
    'Enter the expiry date.': 'Escriba la fecha de vencimiento.',
    'Enter the expiry date as MM/YY.': 'Escriba la fecha de vencimiento como MM/AA.',
    'The month must be between 01 and 12.': 'El mes debe estar entre 01 y 12.',
    'This card has expired.': 'Esta tarjeta está vencida.',
    'The expiry date is too far in the future.': 'La fecha de vencimiento está demasiado lejos en el futuro.',
    'Enter the security code.': 'Escriba el código de seguridad.',
    'The security code is 3 or 4 digits.': 'El código de seguridad tiene 3 o 4 dígitos.',
    'American Express cards have a 4-digit security code.': 'Las tarjetas American Express tienen un código de seguridad de 4 dígitos.',
    'The security code is 3 digits.': 'El código de seguridad tiene 3 dígitos.',
    'Enter the name on the card.': 'Escriba el nombre que figura en la tarjeta.',
    'Enter the billing ZIP code.': 'Escriba el código postal de facturación.',
    'The ZIP code is 5 digits.': 'El código postal tiene 5 dígitos.',
    'This field is required.': 'Este campo es obligatorio.',
    'Card declined': 'Tarjeta rechazada',
    'No money was taken.': 'No se cobró dinero.',
    'No money was taken. Please try another card.': 'No se cobró dinero. Pruebe con otra tarjeta.',
    'Paystar could not be reached. Check the connection and try again.': 'No se pudo conectar con Paystar. Revise la conexión e inténtelo de nuevo.',
    'This payment has already been completed.': 'Este pago ya se realizó.',
    'This payment session was not found.': 'No se encontró esta sesión de pago.',
    'This payment session has expired. Ask for a new payment link.': 'Esta sesión de pago ha vencido. Pida un enlace de pago nuevo.',
    'Something went wrong (HTTP {status}). Please try again.': 'Algo salió mal (HTTP {status}). Inténtelo de nuevo.',
    'This payment page could not be loaded. Ask for a new payment link.': 'No se pudo cargar esta página de pago. Pida un enlace de pago nuevo.',
  };
  const LANGUAGE = (function () {
    const wanted = Array.isArray(navigator.languages) && navigator.languages.length
      ? navigator.languages : [navigator.language || 'en'];
    for (const tag of wanted) {
      const primary = String(tag).toLowerCase().split('-')[0];
      if (primary === 'es' || primary === 'en')
        return primary;
    }
    return 'en';
  })();
  const LOCALE = LANGUAGE === 'es' ? 'es-US' : 'en-US';

  /* @text in the page's language, its {names} replaced by @values. */
  function t (text, values) {
    let out = LANGUAGE === 'es' && Object.prototype.hasOwnProperty.call(SPANISH, text)
      ? SPANISH[text] : text;
    if (values) {
      for (const name of Object.keys(values))
        out = out.split('{' + name + '}').join(String(values[name]));
    }
    return out;
  }

  /* The page's own words (page.html) in the page's language: text and the attributes a person
   * sees or hears. */
  function translatePage () {
    document.documentElement.lang = LANGUAGE;
    if (LANGUAGE === 'en')
      return;
    document.title = t(document.title);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.nodeValue.replace(/\s+/g, ' ').trim();
      if (text && Object.prototype.hasOwnProperty.call(SPANISH, text))
        node.nodeValue = node.nodeValue.replace(/\S[\s\S]*\S|\S/, SPANISH[text]);
    }
    for (const node of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
      for (const name of ['placeholder', 'aria-label', 'title']) {
        if (node.hasAttribute(name))
          node.setAttribute(name, t(node.getAttribute(name)));
      }
    }
  }

  const CARD_FIELDS = ['card-number', 'card-expiry', 'card-cvc', 'card-name', 'card-zip'];

  /* Server field names (the pay endpoint's 400 "field") to input ids. */
  const SERVER_FIELDS = {
    cardNumber: 'card-number',
    expiry: 'card-expiry',
    cvc: 'card-cvc',
    name: 'card-name',
    zip: 'card-zip',
  };

  const state = {
    session: null,
    sdkSession: null,
    parentOrigin: null, /* set only when messages to the embedder are allowed */
    embedded: false,
    touched: new Set(),
    submitAttempted: false,
    inFlight: false,
    formComplete: false,
    closed: false, /* the session can no longer be paid from this page */
  };

  function $ (id) {
    return document.getElementById(id);
  }

  function el (tag, className, text) {
    const node = document.createElement(tag);
    if (className)
      node.className = className;
    if (text !== undefined && text !== null)
      node.textContent = String(text);
    return node;
  }

  /* ---- Money: integer minor units, formatted without floating point ---- */

  function formatMinor (minor) {
    if (typeof minor !== 'number' || !Number.isSafeInteger(minor))
      return '—';
    let value = BigInt(minor);
    const negative = value < 0n;
    if (negative)
      value = -value;
    const dollars = (value / 100n).toString();
    const cents = (value % 100n).toString().padStart(2, '0');
    const grouped = dollars.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return (negative ? '−$' : '$') + grouped + '.' + cents;
  }

  /* ---- Dates ---- */

  function formatDueDate (text) {
    if (typeof text !== 'string')
      return null;
    /* The date part alone: a due date at UTC midnight must not become the previous day locally. */
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
    if (!m)
      return text;
    const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (Number.isNaN(date.getTime()))
      return text;
    return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  }

  function formatTimestamp (text) {
    if (typeof text !== 'string')
      return null;
    const date = new Date(text);
    if (Number.isNaN(date.getTime()))
      return text;
    return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  }

  /* ---- Labels ---- */

  /* "invoiceNumber" -> "Invoice number", "memo_line" -> "Memo line". */
  function humanizeKey (key) {
    const words = String(key)
      .replace(/[_-]+/g, ' ')
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .trim()
      .toLowerCase();
    if (!words)
      return String(key);
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  /* Only ordinary navigable schemes may become a link target; never script or data URLs. */
  function safeUrl (text) {
    if (typeof text !== 'string' || text === '')
      return null;
    let url;
    try {
      url = new URL(text);
    } catch (e) {
      return null;
    }
    const blocked = ['javascript:', 'data:', 'vbscript:', 'blob:', 'file:', 'about:', 'filesystem:'];
    if (blocked.includes(url.protocol))
      return null;
    return url.href;
  }

  /* ---- Embedder messages ---- */

  function initEmbedding () {
    let inFrame;
    try {
      inFrame = window.parent !== window;
    } catch (e) {
      inFrame = true;
    }
    state.embedded = inFrame;
    if (!inFrame)
      return;
    const param = new URLSearchParams(window.location.search).get('parentOrigin');
    if (!param)
      return;
    /* An exact origin only: "*", "null", paths or anything else that is not its own origin is refused. */
    let origin = null;
    try {
      const url = new URL(param);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin === param)
        origin = param;
    } catch (e) {
      origin = null;
    }
    state.parentOrigin = origin;
  }

  function post (eventName, data) {
    if (!state.parentOrigin)
      return;
    const message = { source: MESSAGE_SOURCE, event: eventName, data: data === undefined ? null : data };
    window.parent.postMessage(message, state.parentOrigin);
  }

  /* ---- Rendering ---- */

  function renderHeader (session) {
    const name = typeof session.businessUnitName === 'string' && session.businessUnitName
      ? session.businessUnitName
      : session.businessUnitSlug || 'Paystar';
    $('business-name').textContent = name;
    $('merchant-mark').textContent = String(name).trim().charAt(0).toUpperCase();
    document.title = t('Pay {name} · Paystar sandbox', { name: name });

    const takenBy = $('taken-by');
    if (session.channel === 'POS' && typeof session.posUser === 'string' && session.posUser) {
      takenBy.textContent = t('Taken by {user}', { user: session.posUser });
      takenBy.hidden = false;
    } else {
      takenBy.hidden = true;
    }

    if (typeof session.identifier === 'string')
      $('session-id').textContent = t('Session {id}', { id: session.identifier });
  }

  function renderAccount (account) {
    const line = el('p', 'account');
    if (typeof account.name === 'string' && account.name)
      line.append(el('span', null, account.name));
    if (typeof account.accountNumber === 'string') {
      let number = t('Account {number}', { number: account.accountNumber });
      if (typeof account.subAccountNumber === 'string' && account.subAccountNumber)
        number += ' / ' + account.subAccountNumber;
      line.append(el('span', null, number));
    }
    if (typeof account.balanceMinor === 'number')
      line.append(el('span', null, t('Balance {amount}', { amount: formatMinor(account.balanceMinor) })));
    const due = formatDueDate(account.dueDate);
    if (due)
      line.append(el('span', null, t('Due {date}', { date: due })));
    return line;
  }

  function renderSummary (session) {
    const list = $('line-items');
    list.replaceChildren();
    const items = Array.isArray(session.lineItems) ? session.lineItems : [];
    items.forEach(function (item, index) {
      const li = el('li', 'line-item');
      const head = el('div', 'line-item-head');
      const title = el('span', 'line-item-title',
        typeof item.description === 'string' && item.description
          ? item.description
          : (items.length > 1 ? t('Charge {n}', { n: index + 1 }) : t('Payment')));
      if (typeof item.chargeType === 'string' && item.chargeType)
        title.append(el('span', 'charge-type', item.chargeType));
      head.append(title, el('span', 'line-item-amount', formatMinor(item.priceMinor)));
      li.append(head);
      if (item.account && typeof item.account === 'object')
        li.append(renderAccount(item.account));
      list.append(li);
    });

    /* Values the integrator already supplied are shown so the clerk can check them. */
    const configured = $('configured-fields');
    configured.replaceChildren();
    if (typeof session.paymentDescriptor === 'string' && session.paymentDescriptor)
      configured.append(el('dt', null, t('Descriptor')), el('dd', null, session.paymentDescriptor));
    const fields = Array.isArray(session.paymentFields) ? session.paymentFields : [];
    fields.forEach(function (field) {
      if (typeof field.key !== 'string' || typeof field.value !== 'string' || field.value === '')
        return;
      configured.append(el('dt', null, humanizeKey(field.key)), el('dd', null, field.value));
    });
    configured.hidden = configured.childElementCount === 0;

    $('total-amount').textContent = formatMinor(session.subtotalMinor);
    $('summary').hidden = false;
  }

  function renderPaymentFields (session) {
    const list = $('payment-fields-list');
    list.replaceChildren();
    const fields = Array.isArray(session.paymentFields) ? session.paymentFields : [];
    fields.forEach(function (field) {
      if (typeof field.key !== 'string' || field.value !== null)
        return;
      const id = 'payment-field-' + field.key;
      const wrapper = el('div', 'field');
      const label = el('label', null, humanizeKey(field.key));
      label.htmlFor = id;
      const mark = el('span', 'required-mark', '*');
      mark.setAttribute('aria-hidden', 'true');
      label.append(mark);
      const input = document.createElement('input');
      input.id = id;
      input.type = 'text';
      input.required = true;
      input.maxLength = 255;
      input.autocomplete = 'off';
      input.spellcheck = false;
      input.dataset.paymentField = field.key;
      input.setAttribute('aria-describedby', id + '-error');
      const error = el('p', 'field-error');
      error.id = id + '-error';
      error.hidden = true;
      wrapper.append(label, input, error);
      list.append(wrapper);
    });
    $('payment-fields').hidden = list.childElementCount === 0;
  }

  function renderTestCards () {
    const list = $('test-card-list');
    list.replaceChildren();
    TEST_CARDS.forEach(function (card) {
      const li = document.createElement('li');
      const button = el('button', 'test-card-button');
      button.type = 'button';
      button.append(el('span', 'test-card-number', groupCardNumber(card.number)),
        el('span', 'test-card-outcome', t(card.outcome)));
      button.setAttribute('aria-label',
        t('Use test card {number}: {outcome}', { number: card.number, outcome: t(card.outcome) }));
      button.addEventListener('click', function () {
        if (state.inFlight || state.closed)
          return;
        const input = $('card-number');
        input.value = groupCardNumber(card.number);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        state.touched.add('card-number');
        validateField('card-number', true);
        $('card-expiry').focus();
      });
      li.append(button);
      list.append(li);
    });
  }

  function updatePayButton () {
    const button = $('pay-button');
    if (state.inFlight) {
      button.textContent = t('Processing…');
      button.setAttribute('aria-busy', 'true');
    } else {
      button.textContent = t('Pay {amount}', { amount: formatMinor(state.session.subtotalMinor) });
      button.removeAttribute('aria-busy');
    }
    button.disabled = state.inFlight || state.closed;
  }

  function showOnly (sectionId) {
    for (const id of ['pay-form', 'confirmation', 'cancelled'])
      $(id).hidden = id !== sectionId;
  }

  /* @focus: after a payment; not when a paid session is opened (the embedder keeps its focus). */
  function showConfirmation (session, focus) {
    const payment = session.payment || {};
    const pending = payment.status === 'Pending' || session.status === 'Pending';
    const icon = $('confirmation-icon');
    icon.textContent = pending ? '…' : '✓';
    icon.classList.toggle('pending', pending);
    $('confirmation-title').textContent = pending ? t('Payment pending') : t('Payment successful');
    $('confirmation-lead').textContent = pending
      ? t('The payment was submitted and is waiting to settle.')
      : t('Thank you. Keep the reference number for your records.');
    $('reference-number').textContent = payment.referenceNumber || '—';
    $('masked-card').textContent = payment.accountNumberMasked || '—';
    $('confirmation-amount').textContent =
      formatMinor(typeof payment.amountMinor === 'number' ? payment.amountMinor : session.subtotalMinor);
    const date = formatTimestamp(payment.paymentDate);
    $('confirmation-date').textContent = date || '';
    $('confirmation-date-row').hidden = !date;

    const success = safeUrl(session.successUrl);
    const back = safeUrl(session.returnUrl);
    if (success && back) {
      const done = $('done-link');
      const ret = $('back-link');
      done.href = success;
      ret.href = back;
      /* Inside an iframe the links are for the whole window, as with a redirect integration. */
      if (state.embedded) {
        done.target = '_top';
        ret.target = '_top';
      }
      $('confirmation-links').hidden = false;
    }
    $('confirmation-close').hidden = !(state.parentOrigin && !(success && back));

    state.closed = true;
    clearCardInputs(true);
    showOnly('confirmation');
    if (focus)
      $('confirmation').focus();
  }

  function showFatal (message) {
    const box = $('load-error');
    box.textContent = message;
    box.hidden = false;
  }

  /* ---- Card checks ---- */

  function digitsOf (text) {
    return String(text).replace(/[\s-]/g, '');
  }

  function groupCardNumber (digits) {
    return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
  }

  function luhnValid (digits) {
    let sum = 0;
    let double = false;
    for (let i = digits.length - 1; i >= 0; i--) {
      let d = digits.charCodeAt(i) - 48;
      if (double) {
        d *= 2;
        if (d > 9)
          d -= 9;
      }
      sum += d;
      double = !double;
    }
    return sum % 10 === 0;
  }

  /* Each check returns null when the value is fine, else the message to show. */
  const CHECKS = {
    'card-number': function (value) {
      const digits = digitsOf(value);
      if (digits === '')
        return t('Enter the card number.');
      if (!/^\d+$/.test(digits))
        return t('The card number can only contain digits.');
      if (digits.length < 12 || digits.length > 19)
        return t('The card number should have 12 to 19 digits.');
      if (!luhnValid(digits))
        return t('This card number is not valid. Check it for typing mistakes.');
      return null;
    },
    'card-expiry': function (value) {
      const text = value.trim();
      if (text === '')
        return t('Enter the expiry date.');
      const m = /^(\d{2})\s*\/\s*(\d{2})$/.exec(text);
      if (!m)
        return t('Enter the expiry date as MM/YY.');
      const month = Number(m[1]);
      const year = 2000 + Number(m[2]);
      if (month < 1 || month > 12)
        return t('The month must be between 01 and 12.');
      const now = new Date();
      const current = now.getFullYear() * 12 + now.getMonth();
      const expiry = year * 12 + (month - 1);
      /* A card is valid through the last day of its expiry month. */
      if (expiry < current)
        return t('This card has expired.');
      if (expiry > current + 12 * 20)
        return t('The expiry date is too far in the future.');
      return null;
    },
    'card-cvc': function (value) {
      const text = value.trim();
      if (text === '')
        return t('Enter the security code.');
      if (!/^\d{3,4}$/.test(text))
        return t('The security code is 3 or 4 digits.');
      /* American Express cards (34, 37) have a 4-digit code, the others 3 digits. */
      const amex = /^3[47]/.test(digitsOf($('card-number').value));
      if (amex && text.length !== 4)
        return t('American Express cards have a 4-digit security code.');
      if (!amex && text.length !== 3)
        return t('The security code is 3 digits.');
      return null;
    },
    'card-name': function (value) {
      if (value.trim() === '')
        return t('Enter the name on the card.');
      return null;
    },
    'card-zip': function (value) {
      const text = value.trim();
      if (text === '')
        return t('Enter the billing ZIP code.');
      if (!/^\d{5}$/.test(text))
        return t('The ZIP code is 5 digits.');
      return null;
    },
  };

  function checkPaymentField (value) {
    if (value.trim() === '')
      return t('This field is required.');
    return null;
  }

  function messageFor (input) {
    if (input.dataset.paymentField !== undefined)
      return checkPaymentField(input.value);
    const check = CHECKS[input.id];
    return check ? check(input.value) : null;
  }

  function setFieldError (input, message) {
    const error = $(input.id + '-error');
    if (message) {
      input.setAttribute('aria-invalid', 'true');
      if (error) {
        error.textContent = message;
        error.hidden = false;
      }
    } else {
      input.removeAttribute('aria-invalid');
      if (error) {
        error.textContent = '';
        error.hidden = true;
      }
    }
  }

  /* Shows the message only once the field was left or a payment was attempted, so typing is not
   * interrupted; a fixed field loses its error at once. */
  function validateField (id, show) {
    const input = $(id);
    const message = messageFor(input);
    if (!message)
      setFieldError(input, null);
    else if (show || state.submitAttempted || state.touched.has(id))
      setFieldError(input, message);
    return message;
  }

  function allInputs () {
    const inputs = CARD_FIELDS.map($);
    return Array.from(document.querySelectorAll('[data-payment-field]')).concat(inputs);
  }

  /* As a careful hosted form does, the first field still to fill has the keyboard when the page
   * opens, so that what the clerk or customer types first is not lost. No scroll: the embedder
   * decides what is in view. In a cross-origin frame a browser refuses focus() until a person
   * has used the frame, so it is tried again when the frame gets the focus and on the first key
   * typed into it (start(), below), unless a field has it by then. */
  function focusFirstEmpty () {
    const first = allInputs().find(function (input) {
      return input.value === '' && !input.disabled && input.offsetParent !== null;
    });
    if (first)
      first.focus({ preventScroll: true });
  }

  function nothingFocused () {
    return !$('pay-form').hidden &&
      (document.activeElement === null || document.activeElement === document.body);
  }

  function formIsComplete () {
    return allInputs().every(function (input) {
      return messageFor(input) === null;
    });
  }

  function sdkSessionWithCard () {
    const copy = Object.assign({}, state.sdkSession);
    const digits = digitsOf($('card-number').value);
    copy.paymentSource = {
      paymentSourceType: 'CreditCard',
      accountNumberMasked: '****' + digits.slice(-4),
      nickname: null,
    };
    return copy;
  }

  /* PAYMENT-SESSION.UPDATED each time the form becomes complete (a payment method was chosen). */
  function updateCompleteness () {
    const complete = formIsComplete();
    if (complete && !state.formComplete)
      post('PAYMENT-SESSION.UPDATED', sdkSessionWithCard());
    state.formComplete = complete;
  }

  /* Light formatting while typing, only when the caret is at the end so editing stays natural. */
  function reformat (input) {
    const atEnd = input.selectionStart === input.value.length;
    if (!atEnd)
      return;
    if (input.id === 'card-number') {
      const digits = input.value.replace(/\D/g, '').slice(0, 19);
      input.value = groupCardNumber(digits);
    } else if (input.id === 'card-expiry') {
      /* "1228" and "12/28" both become "12/28"; a slash is never forced in while typing. */
      const digits = input.value.replace(/\D/g, '').slice(0, 4);
      if (digits.length > 2)
        input.value = digits.slice(0, 2) + '/' + digits.slice(2);
    } else if (input.id === 'card-cvc' || input.id === 'card-zip') {
      input.value = input.value.replace(/\D/g, '');
    }
  }

  function clearCardInputs (all) {
    $('card-number').value = '';
    $('card-cvc').value = '';
    if (all) {
      for (const input of allInputs())
        input.value = '';
    }
    state.formComplete = false;
  }

  function clearNotices () {
    $('decline-message').hidden = true;
    $('decline-message').replaceChildren();
    $('form-error').hidden = true;
    $('form-error').textContent = '';
  }

  function showFormError (message) {
    const box = $('form-error');
    box.textContent = message;
    box.hidden = false;
  }

  function setInputsDisabled (disabled) {
    for (const input of allInputs())
      input.disabled = disabled;
    for (const button of document.querySelectorAll('.test-card-button'))
      button.disabled = disabled;
  }

  function showDecline (reason) {
    const box = $('decline-message');
    box.replaceChildren(el('strong', null, t('Card declined')));
    if (reason)
      box.append(el('span', 'notice-line', reason));
    /* The gateway's reason may already say what to do; say it once. */
    const said = reason && /another card/i.test(reason);
    box.append(el('span', 'notice-line',
      said ? t('No money was taken.') : t('No money was taken. Please try another card.')));
    box.hidden = false;
  }

  /* ---- Paying ---- */

  function payUrl () {
    return '/app/embedded/' + encodeURIComponent(state.session.businessUnitSlug) + '/session/' +
      encodeURIComponent(state.session.identifier) + '/pay';
  }

  function collectRequest () {
    const paymentFields = {};
    for (const input of document.querySelectorAll('[data-payment-field]'))
      paymentFields[input.dataset.paymentField] = input.value.trim();
    const expiry = /^(\d{2})\s*\/\s*(\d{2})$/.exec($('card-expiry').value.trim());
    return {
      cardNumber: digitsOf($('card-number').value),
      expiry: expiry ? expiry[1] + '/' + expiry[2] : $('card-expiry').value.trim(),
      cvc: $('card-cvc').value.trim(),
      name: $('card-name').value.trim(),
      zip: $('card-zip').value.trim(),
      paymentFields: paymentFields,
    };
  }

  function fieldInput (field) {
    if (typeof field !== 'string')
      return null;
    if (SERVER_FIELDS[field])
      return $(SERVER_FIELDS[field]);
    if (field.startsWith('paymentFields.'))
      return $('payment-field-' + field.slice('paymentFields.'.length));
    return null;
  }

  async function readJson (response) {
    try {
      return await response.json();
    } catch (e) {
      return null;
    }
  }

  function sessionGone (message) {
    state.closed = true;
    setInputsDisabled(true);
    showFormError(message);
    updatePayButton();
  }

  async function onSubmit (event) {
    event.preventDefault();
    if (state.inFlight || state.closed)
      return;
    clearNotices();
    state.submitAttempted = true;
    let firstInvalid = null;
    for (const input of allInputs()) {
      const message = validateField(input.id, true);
      if (message && !firstInvalid)
        firstInvalid = input;
    }
    if (firstInvalid) {
      firstInvalid.focus();
      return;
    }

    const body = JSON.stringify(collectRequest());
    state.inFlight = true;
    setInputsDisabled(true);
    updatePayButton();

    let response;
    try {
      response = await fetch(payUrl(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
        body: body,
        credentials: 'same-origin',
        cache: 'no-store',
        redirect: 'error',
      });
    } catch (e) {
      response = null;
    }
    const json = response ? await readJson(response) : null;

    state.inFlight = false;
    setInputsDisabled(false);

    if (!response) {
      showFormError(t('Paystar could not be reached. Check the connection and try again.'));
    } else if (response.status === 200 && json && typeof json === 'object') {
      handlePayResult(json);
    } else if (response.status === 400) {
      const input = fieldInput(json && json.field);
      const message = (json && typeof json.error === 'string') ? json.error : 'The payment was refused.';
      if (input) {
        setFieldError(input, message);
        input.focus();
      } else {
        showFormError(message);
      }
    } else if (response.status === 409) {
      sessionGone(t('This payment has already been completed.'));
    } else if (response.status === 404) {
      sessionGone(t('This payment session was not found.'));
    } else if (response.status === 410) {
      sessionGone(t('This payment session has expired. Ask for a new payment link.'));
    } else {
      showFormError(t('Something went wrong (HTTP {status}). Please try again.',
        { status: response.status }));
    }
    updatePayButton();
  }

  function handlePayResult (result) {
    if (result.session && typeof result.session === 'object')
      state.session = result.session;
    if (result.event && typeof result.event === 'object')
      state.sdkSession = result.event;

    /* The card was answered for: it never stays on the page. */
    clearCardInputs(false);

    if (result.status === 'Succeeded' || result.status === 'Pending') {
      showConfirmation(state.session, true);
      post('PAYMENT-SESSION.PROCESSED', state.sdkSession);
      return;
    }

    showDecline(typeof result.declineReason === 'string' ? result.declineReason : null);
    state.submitAttempted = false;
    state.touched.delete('card-number');
    state.touched.delete('card-cvc');
    setFieldError($('card-number'), null);
    setFieldError($('card-cvc'), null);
    post('PAYMENT-SESSION.PROCESSED', state.sdkSession);
    $('card-number').focus();
  }

  /* ---- Cancel ---- */

  function cancel () {
    if (state.parentOrigin) {
      post('COMPONENT.DISMISS', null);
      return;
    }
    const back = safeUrl(state.session && state.session.returnUrl);
    if (back) {
      window.location.assign(back);
      return;
    }
    clearCardInputs(false);
    showOnly('cancelled');
    $('cancelled').focus();
  }

  /* ---- Start ---- */

  function readSession () {
    const node = $('paystar-session');
    if (!node)
      return null;
    try {
      const value = JSON.parse(node.textContent);
      return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
    } catch (e) {
      return null;
    }
  }

  function wireInputs () {
    for (const input of allInputs()) {
      input.addEventListener('input', function () {
        reformat(input);
        validateField(input.id, false);
        updateCompleteness();
      });
      input.addEventListener('change', function () {
        validateField(input.id, false);
        updateCompleteness();
      });
      input.addEventListener('blur', function () {
        if (input.value !== '')
          state.touched.add(input.id);
        validateField(input.id, false);
      });
    }
  }

  function start () {
    translatePage();
    initEmbedding();
    const session = readSession();
    if (!session) {
      showFatal(t('This payment page could not be loaded. Ask for a new payment link.'));
      return;
    }
    state.session = session;
    state.sdkSession = session.sdkSession && typeof session.sdkSession === 'object' ? session.sdkSession : null;
    renderHeader(session);
    renderSummary(session);

    $('cancel-button').addEventListener('click', cancel);
    $('close-button').addEventListener('click', function () {
      post('COMPONENT.DISMISS', null);
    });
    $('resume-button').addEventListener('click', function () {
      showOnly('pay-form');
      $('card-number').focus();
    });
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && state.parentOrigin && !event.defaultPrevented) {
        event.preventDefault();
        post('COMPONENT.DISMISS', null);
      }
    });

    /* A session that was already paid shows its confirmation: never a second payment. */
    if (session.status === 'Succeeded' || session.status === 'Pending') {
      showConfirmation(session, false);
    } else {
      renderPaymentFields(session);
      renderTestCards();
      wireInputs();
      $('pay-form').addEventListener('submit', onSubmit);
      window.addEventListener('focus', function () {
        if (nothingFocused())
          focusFirstEmpty();
      });
      /* WebKit (as other engines) refuses focus() in a cross-origin frame until a person has
       * used that frame, the embedder's focus included: the frame has the keyboard, its body has
       * the focus. So the first character typed there moves the focus to the first field still
       * to fill, while the key is being handled; the engine then gives the character to that
       * field (it looks the target up again after keydown), and nothing typed is lost. */
      document.addEventListener('keydown', function (event) {
        if (event.key.length === 1 && !event.ctrlKey && !event.altKey && !event.metaKey &&
            nothingFocused())
          focusFirstEmpty();
      }, true);
      if (typeof session.lastDecline === 'string' && session.lastDecline)
        showDecline(session.lastDecline);
      updatePayButton();
      showOnly('pay-form');
      focusFirstEmpty();
    }
    post('PAYMENT-SESSION.LOADED', state.sdkSession);
  }

  if (document.readyState === 'loading')
    document.addEventListener('DOMContentLoaded', start);
  else
    start();
})();
