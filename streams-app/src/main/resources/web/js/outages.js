// Open outages as cards: what is broken (cause), where (scope, site, proxy), how bad (impact) and what to do. A proxy
// outage across sites is one alert, so one card, with its sites.
import { el, replace } from './dom.js';
import { ago, fullTime, percent } from './format.js';
import { actionBadges, actionButtons } from './actions.js';

const SEVERITY_RANK = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };

export function sortOutages(outages) {
  return [...outages].sort((a, b) => (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9)
    || Date.parse(b.openedAt) - Date.parse(a.openedAt));
}

export function renderOutages(container, outages, onEndpoint, onAction = () => {}, report = () => {}) {
  if (outages.length === 0) {
    replace(container, el('p', { class: 'all-clear' }, 'No open outage. Every site reaches the cloud.'));
    return;
  }
  replace(container, sortOutages(outages).map((o) => card(o, onEndpoint, onAction, report)));
}

// The exact scope: outageScope (PROXY for one proxy failing at several sites, whose scope says FLEET); an answer from
// an instance of an earlier version has only scope.
function scopeOf(o) {
  return o.outageScope ?? o.scope;
}

function where(o) {
  const site = o.site ?? o.sites.join(', ');
  switch (scopeOf(o)) {
    case 'PROXY':
      return `${o.sites.length} sites that share the proxy`;
    case 'FLEET':
      return `${o.sites.length} sites`;
    case 'HOST':
      return `${o.sampleEndpoints.join(', ') || 'one endpoint'} (${site})`;
    default:
      return site;
  }
}

function title(o) {
  const via = o.proxy && o.proxy !== 'DIRECT' ? ` via ${o.proxy}` : '';
  return `${o.errorClass.replaceAll('_', ' ')} at ${where(o)}${via}`;
}

function card(o, onEndpoint, onAction, report) {
  const headingId = `outage-${o.alertId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return el('article', {
    class: `outage severity-${o.severity.toLowerCase()}${o.silencedBy && o.silencedBy.length ? ' is-silenced' : ''}`
      + `${o.acknowledgedBy ? ' is-acked' : ''}`,
    'aria-labelledby': headingId,
    'data-alert-id': o.alertId, 'data-site': o.site ?? '',
  },
  el('header', { class: 'outage-head' },
    el('span', { class: 'badge severity' }, o.severity),
    el('span', { class: 'badge scope' }, `${scopeOf(o)} scope`),
    o.flapping ? el('span', { class: 'badge flapping' }, 'Flapping') : null,
    actionBadges(o),
    el('h3', { id: headingId }, title(o))),
  actionButtons(o, onAction, report),
  el('p', { class: 'cause' }, o.cause),
  el('dl', { class: 'facts' },
    fact('Affected', `${o.affectedEndpoints} of ${o.activeEndpoints} active endpoints (${percent(o.ratio)})`),
    fact('Error', `${o.errorCode} (${o.errorClass})`),
    o.probeEndpoints != null ? fact('Active probe', probe(o)) : null,
    scopeOf(o) === 'FLEET' || scopeOf(o) === 'PROXY' ? fact('Sites', o.sites.join(', ')) : null,
    o.proxy ? fact('Proxy', o.proxy) : null,
    o.targetHosts.length ? fact('Hosts not reached', o.targetHosts.join(', ')) : null,
    fact('Open since', `${fullTime(o.openedAt)} (${ago(o.openedAt)})`),
    fact('Last failure', ago(o.lastSeen)),
    o.sampleEndpoints.length ? fact('Sample endpoints', samples(o.sampleEndpoints, onEndpoint)) : null),
  o.impact.length ? section('Impact', el('ul', { class: 'impact' }, o.impact.map((i) => el('li', {}, i)))) : null,
  section('Remediation', el('ol', { class: 'remediation' }, steps(o).map(step))),
  el('p', { class: 'alert-id' }, `Alert ${o.alertId}, revision ${o.revision}`));
}

// What the collectors' active probe says: "confirmed by probe N/M · step" (the step's finding when there is one). An
// alert whose affected endpoints did not probe, or from an instance before the probe, has no probe fields: no line.
export function probe(o) {
  if (!o.probeConfirmed) {
    return `not confirmed by probe: 0/${o.probeEndpoints} endpoints that probed fail this way`;
  }
  const step = o.probeDetail ?? o.probeFailedStep;
  return `confirmed by probe ${o.probeConfirmed}/${o.probeEndpoints}${step ? ` · ${step}` : ''}`;
}

// An answer from an instance of the previous version has no remediationSteps: its lines are steps without commands.
function steps(o) {
  return o.remediationSteps ?? o.remediation.map((text) => ({ text, commands: [] }));
}

// A step's commands as a code block under its text, one command a line, so that they can be copied as they are.
function step(s) {
  return el('li', {},
    el('span', { class: 'step-text' }, s.text),
    s.commands.length ? el('pre', { class: 'commands' }, el('code', {}, s.commands.join('\n'))) : null);
}

function fact(name, value) {
  return el('div', { class: 'fact' }, el('dt', {}, name), el('dd', {}, value));
}

function section(name, body) {
  return el('section', { class: `outage-${name.toLowerCase()}` }, el('h4', {}, name), body);
}

function samples(ids, onEndpoint) {
  return el('span', { class: 'samples' }, ids.map((id) => el('button', {
    type: 'button', class: 'link', 'aria-label': `Show the status of endpoint ${id}`, onclick: () => onEndpoint(id),
  }, id)));
}
