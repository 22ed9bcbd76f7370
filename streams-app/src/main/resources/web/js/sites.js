// Site tiles: one per site, coloured by the worst thing true of it, with its endpoints split by state.
import { el, replace } from './dom.js';
import { plural } from './format.js';

const STATES = {
  outage: 'Outage',
  failing: 'Failing',
  silent: 'Silent',
  ok: 'OK',
};

/** The worst state of a site: an open outage, then failing endpoints, then all endpoints silent. */
export function siteState(site) {
  if (site.openOutages.length > 0) {
    return 'outage';
  }
  if (site.failing > 0) {
    return 'failing';
  }
  if (site.endpoints > 0 && site.active === 0) {
    return 'silent';
  }
  return 'ok';
}

const RANK = { outage: 0, failing: 1, silent: 2, ok: 3 };

/** Worst first, then by name, so the sites that need attention are at the top of a wall display. */
export function sortSites(sites) {
  return [...sites].sort((a, b) => RANK[siteState(a)] - RANK[siteState(b)] || a.site.localeCompare(b.site));
}

export function renderSites(list, sites, selected, onSelect) {
  if (sites.length === 0) {
    replace(list, el('li', { class: 'empty' }, 'No site has reported yet.'));
    return;
  }
  replace(list, sortSites(sites).map((site) => tile(site, site.site === selected, onSelect)));
}

function tile(site, isSelected, onSelect) {
  const state = siteState(site);
  const outages = site.openOutages.length;
  const label = `${site.site}: ${STATES[state]}${outages ? `, ${plural(outages, 'open outage')}` : ''}, `
    + `${site.active} active, ${site.failing} failing, ${site.silent} silent. Show its failures in the chart.`;
  return el('li', { class: `tile state-${state}`, 'data-site': site.site },
    el('button', {
      type: 'button', class: 'tile-button', 'aria-pressed': isSelected ? 'true' : 'false', 'aria-label': label,
      onclick: () => onSelect(site.site),
    },
    el('span', { class: 'tile-head' },
      el('span', { class: 'tile-name' }, site.site),
      el('span', { class: 'tile-state' }, outages > 1 ? `${outages} outages` : STATES[state])),
    el('span', { class: 'tile-counts' },
      count('active', site.active, 'Active'),
      count('failing', site.failing, 'Failing'),
      count('silent', site.silent, 'Silent')),
    bar(site)));
}

function count(kind, n, label) {
  return el('span', { class: `count count-${kind}${n > 0 ? '' : ' zero'}` },
    el('span', { class: 'count-n' }, String(n)), el('span', { class: 'count-label' }, label));
}

/** The endpoints as one bar: healthy active, failing and silent parts in proportion. */
function bar(site) {
  const total = site.active + site.silent;
  const part = (kind, n) => el('span', { class: `bar-part bar-${kind}`, 'data-share': total ? n / total : 0 });
  const node = el('span', { class: 'tile-bar', 'aria-hidden': 'true' },
    part('healthy', Math.max(0, site.active - site.failing)), part('failing', site.failing), part('silent', site.silent));
  // widths through the CSSOM: the page's Content-Security-Policy forbids style attributes in markup
  for (const p of node.children) {
    p.style.flexGrow = p.dataset.share;
  }
  return node;
}
