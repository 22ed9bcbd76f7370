// One endpoint's status as the app knows it, and the list of a site's failing endpoints that leads there.
import { el, replace } from './dom.js';
import { when } from './format.js';

const STATE_TEXT = {
  HEALTHY: 'Healthy: reaches the cloud',
  FAILING: 'Failing: its connections to the cloud fail',
  SILENT: 'Silent: not heard from lately',
};

export function renderEndpoint(container, answer) {
  const e = answer.body;
  const origin = answer.staleLag === null
    ? `Answered by ${answer.servedBy ?? 'the app'}.`
    : `Answered by ${answer.servedBy} from a standby copy ${answer.staleLag} records behind.`;
  replace(container, el('article', { class: `endpoint state-${e.state.toLowerCase()}`, 'aria-labelledby': 'endpoint-name' },
    el('header', { class: 'endpoint-head' },
      el('h3', { id: 'endpoint-name' }, e.endpointId),
      el('span', { class: 'badge endpoint-state' }, e.state)),
    el('p', { class: 'endpoint-summary' }, STATE_TEXT[e.state] ?? e.state),
    el('dl', { class: 'facts' },
      fact('Site', e.site),
      fact('Proxy', e.proxy),
      fact('Product', e.product),
      fact('Last event', when(e.lastEvent)),
      fact('Last failure', e.lastFailure ? `${when(e.lastFailure)}: ${e.lastErrorCode} (${e.lastErrorClass})` : 'none'),
      fact('Last healthy', when(e.lastHealthy)),
      e.stickySince ? fact('In this state since', when(e.stickySince)) : null),
    el('p', { class: 'served-by' }, origin)));
}

export function renderEndpointMessage(container, text) {
  replace(container, el('p', { class: 'endpoint-message' }, text));
}

export function renderFailingList(list, site, answer, onEndpoint) {
  if (!answer) {
    replace(list);
    return;
  }
  const page = answer.body;
  if (page.items.length === 0) {
    replace(list, el('li', { class: 'empty' }, `No endpoint at ${site} is failing.`));
    return;
  }
  replace(list, page.items.map((e) => el('li', {},
    el('button', {
      type: 'button', class: 'link', 'aria-label': `Show the status of endpoint ${e.endpointId}`,
      onclick: () => onEndpoint(e.endpointId),
    }, e.endpointId),
    ` ${e.failingClasses.join(', ')}`)),
  page.truncated ? el('li', { class: 'more' }, `and ${page.matched - page.items.length} more`) : null);
}

function fact(name, value) {
  return el('div', { class: 'fact' }, el('dt', {}, name), el('dd', {}, value ?? 'unknown'));
}
