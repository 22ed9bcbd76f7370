// Acknowledgements and silences from the page: an outage card's buttons, the silence form pre-filled from an outage,
// and the list of silences with their expire buttons. Hidden for a viewer, who may not act.
import { send } from './api.js';
import { el, replace } from './dom.js';
import { fullTime } from './format.js';

/** Whether the page shows action buttons: set from GET /api/v1/me. */
export const who = { role: 'ADMIN', name: null, canAct: true };

export function setWho(me) {
  // the API says viewer, operator or admin; compared in upper case here
  who.role = String(me.role ?? 'ADMIN').toUpperCase();
  who.name = me.name;
  who.canAct = who.role !== 'VIEWER';
}

/** The outage's badges: who acknowledged it, which silences cover it. */
export function actionBadges(o) {
  return [
    o.acknowledgedBy ? el('span', {
      class: 'badge acked', title: `${o.acknowledgeComment ?? ''} (${fullTime(o.acknowledgedAt)})`,
    }, `Acknowledged by ${o.acknowledgedBy}`) : null,
    o.silencedBy && o.silencedBy.length ? el('span', { class: 'badge silenced', title: o.silencedBy.join(', ') },
      'Silenced') : null,
  ];
}

/** The card's action buttons, or nothing for a viewer. */
export function actionButtons(o, done, report) {
  if (!who.canAct) {
    return null;
  }
  const ack = o.acknowledgedBy
    ? el('button', {
      type: 'button', class: 'unack',
      onclick: () => run(() => send('DELETE', `/api/v1/outages/${encodeURIComponent(o.alertId)}/ack`), done, report),
    }, 'Take back acknowledgement')
    : el('button', {
      type: 'button', class: 'ack',
      onclick: () => {
        const comment = window.prompt(`Acknowledge ${o.alertId}: comment`, '');
        if (comment !== null) {
          run(() => send('POST', `/api/v1/outages/${encodeURIComponent(o.alertId)}/ack`, { comment }), done, report);
        }
      },
    }, 'Acknowledge');
  const silence = el('button', {
    type: 'button', class: 'silence', onclick: () => openSilenceForm(o),
  }, 'Silence…');
  return el('div', { class: 'outage-actions' }, ack, silence);
}

/** The matchers a silence of this outage starts with: its site (or each of its sites' outage class), class, proxy. */
export function matchersOf(o) {
  const m = [];
  if (o.site) {
    m.push({ name: 'site', value: o.site, isRegex: false, isEqual: true });
  }
  if (o.proxy) {
    m.push({ name: 'proxy', value: o.proxy, isRegex: false, isEqual: true });
  }
  m.push({ name: 'errorClass', value: o.errorClass, isRegex: false, isEqual: true });
  return m;
}

let form;
let afterCreate = () => {};

/** Wires the silence form (a dialog in index.html). */
export function wireSilenceForm(dialog, done) {
  form = dialog;
  afterCreate = done;
  dialog.querySelector('form').addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(event.target);
    let matchers;
    try {
      matchers = JSON.parse(data.get('matchers'));
    } catch {
      showFormError('The matchers are not valid JSON.');
      return;
    }
    const hours = Number(data.get('hours'));
    const startsAt = data.get('startsAt') ? new Date(data.get('startsAt')) : new Date();
    const body = {
      matchers,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + hours * 3600000).toISOString(),
      comment: data.get('comment'),
    };
    send('POST', '/api/v1/silences', body)
      .then(() => {
        dialog.close();
        afterCreate();
      })
      .catch((e) => showFormError(e.message));
  });
  dialog.querySelector('.cancel').addEventListener('click', () => dialog.close());
}

function showFormError(text) {
  replace(form.querySelector('.form-error'), text);
}

export function openSilenceForm(o) {
  const f = form.querySelector('form');
  f.elements.matchers.value = JSON.stringify(matchersOf(o), null, 1);
  f.elements.comment.value = `${o.errorClass} at ${o.site ?? o.sites.join(', ')}`;
  f.elements.startsAt.value = '';
  f.elements.hours.value = '2';
  replace(form.querySelector('.form-error'));
  form.showModal();
}

/** The silences as a list: state, matchers, until when, by whom, and an expire button where the viewer may. */
export function renderSilences(container, silences, done, report) {
  const shown = silences.filter((s) => s.status.state !== 'expired');
  if (shown.length === 0) {
    replace(container, el('p', { class: 'no-silences' }, 'No active or pending silence.'));
    return;
  }
  replace(container, el('ul', { class: 'silences' }, shown.map((s) => el('li', {
    class: `silence state-${s.status.state}`, 'data-silence-id': s.id,
  },
  el('span', { class: 'badge' }, s.status.state),
  el('code', {}, s.matchers.map((m) => `${m.name}${m.isEqual ? '' : '!'}${m.isRegex ? '=~' : '='}${m.value}`).join(', ')),
  ` until ${fullTime(s.endsAt)} by ${s.createdBy}${s.comment ? `: ${s.comment}` : ''} `,
  who.canAct && (who.role === 'ADMIN' || s.createdBy === who.name)
    ? el('button', {
      type: 'button', class: 'expire',
      onclick: () => run(() => send('DELETE', `/api/v1/silences/${encodeURIComponent(s.id)}`), done, report),
    }, 'Expire')
    : null))));
}

function run(action, done, report) {
  action().then(done).catch((e) => report(e.message));
}
