// Short messages at the top of the page: successes and errors of actions outside dialogs.

import { h } from './dom.js';
import { describeError } from './api.js';

function area() {
  let el = document.getElementById('notifications');
  if (!el) {
    el = h('div', { id: 'notifications', class: 'notifications', 'aria-live': 'polite' });
    document.body.append(el);
  }
  return el;
}

export function notify(message, kind = 'success') {
  const note = h('div', { class: `notification ${kind}`, role: kind === 'error' ? 'alert' : 'status', testid: `notification-${kind}` },
    h('span', {}, message),
    h('button', { type: 'button', class: 'icon', 'aria-label': 'Dismiss', onclick: () => note.remove() }, '×'));
  area().append(note);
  if (kind !== 'error') setTimeout(() => note.remove(), 6000);
}

export function notifyError(error) {
  notify(describeError(error), 'error');
}
