// The operator page: polls the merged query API every few seconds and draws sites, outages, a site's failures and one
// endpoint. Any instance serves it; the token is asked for on a 401 and kept in this tab only.
import {
  ApiError, AuthError, NotFoundError, UnavailableError, UnreachableError, get, whoAmI,
} from './api.js';
import { pageIssues, showIssues } from './banner.js';
import { failureSeries, redrawChart, renderChart } from './chart.js';
import { el, replace, setText } from './dom.js';
import { renderEndpoint, renderEndpointMessage, renderFailingList } from './endpoint.js';
import { hhmmss, plural } from './format.js';
import { renderOutages } from './outages.js';
import { renderSilences, setWho, wireSilenceForm } from './actions.js';
import { renderSites, sortSites } from './sites.js';
import { clearToken, setToken } from './token.js';

const params = new URLSearchParams(location.search);
const REFRESH_MS = Math.max(1, Number(params.get('refresh')) || 5) * 1000;
const LARGE_TYPE_KEY = 'fleet-telemetry.large-type';

const $ = (id) => document.getElementById(id);
const ui = {
  banner: $('banner'),
  freshness: $('freshness'),
  login: $('login'),
  loginForm: $('login-form'),
  loginReason: $('login-reason'),
  tokenInput: $('token-input'),
  dashboard: $('dashboard'),
  outages: $('outages'),
  outageCount: $('outage-count'),
  sites: $('sites'),
  chartSite: $('chart-site'),
  chartHours: $('chart-hours'),
  chart: $('chart'),
  legend: $('chart-legend'),
  chartTable: $('chart-table'),
  failingSite: $('failing-site'),
  failing: $('failing-endpoints'),
  searchForm: $('search-form'),
  searchInput: $('search-input'),
  endpoint: $('endpoint'),
  largeType: $('large-type'),
  pause: $('pause'),
  changeToken: $('change-token'),
  silences: $('silences'),
  actionError: $('action-error'),
  silenceDialog: $('silence-dialog'),
};

const state = {
  chosenSite: params.get('site'),
  shownSite: null,
  hours: Number(params.get('hours')) || 3,
  endpointId: null,
  paused: false,
  timer: null,
  lastGood: null,
  instances: null,
  running: false,
  again: false,
  who: null,
};

/** Runs a refresh now; one asked for while another runs follows it, so a new choice is never lost. */
async function refresh() {
  if (state.running) {
    state.again = true;
    return;
  }
  state.running = true;
  try {
    do {
      state.again = false;
      clearTimeout(state.timer);
      await cycle();
    } while (state.again);
  } finally {
    state.running = false;
  }
}

async function cycle() {
  const issues = [];
  let delay = REFRESH_MS;
  try {
    if (state.who === null) {
      state.who = await whoAmI();
      setWho(state.who);
    }
    const [sites, outages, silences] = await Promise.all([
      get('/api/v1/sites'), get('/api/v1/outages'), get('/api/v1/silences')]);
    renderSilences(ui.silences, silences.body, actionDone, reportAction);
    issues.push(...pageIssues('sites', sites.body), ...pageIssues('outages', outages.body));
    state.instances = sites.body.instances;
    showOutages(outages.body.items);
    showSites(sites.body.items);
    await Promise.all([showChart(issues), showEndpoint(issues)]);
    state.lastGood = Date.now();
  } catch (e) {
    if (e instanceof AuthError) {
      askForToken(e.message);
      return;
    }
    issues.push(issueOf(e));
    if (e instanceof UnavailableError) {
      delay = Math.max(1000, e.retryAfterSeconds * 1000);
    }
  }
  showIssues(ui.banner, issues);
  showFreshness();
  if (!state.paused) {
    state.timer = setTimeout(refresh, delay);
  }
}

function issueOf(e) {
  if (e instanceof UnavailableError) {
    return {
      kind: 'rebalancing',
      text: `The app is rebalancing (an instance joined or left), so its state cannot be read right now: ${e.message}. `
        + `Retrying in ${e.retryAfterSeconds} s; the figures below are from the last good answer.`,
    };
  }
  if (e instanceof UnreachableError) {
    return { kind: 'unreachable', text: `The app cannot be reached (${e.message}). Retrying; the figures below may be old.` };
  }
  return { kind: 'error', text: `The app answered with an error: ${e.message}` };
}

function showOutages(outages) {
  setText(ui.outageCount, `(${outages.length})`);
  renderOutages(ui.outages, outages, lookUp, actionDone, reportAction);
}

/** After an action: its result shows on the next answers (the alert's UPDATE follows within a second). */
function actionDone() {
  setText(ui.actionError, '');
  setTimeout(refresh, 1200);
  refresh();
}

function reportAction(message) {
  setText(ui.actionError, `The action was refused: ${message}`);
}

function showSites(sites) {
  const sorted = sortSites(sites);
  const names = sites.map((s) => s.site).sort();
  if (!state.chosenSite || !names.includes(state.chosenSite)) {
    // until the operator picks one, the chart follows the site most in need of attention
    state.shownSite = sorted.length ? sorted[0].site : null;
  } else {
    state.shownSite = state.chosenSite;
  }
  renderSites(ui.sites, sites, state.shownSite, chooseSite);
  const current = [...ui.chartSite.options].map((o) => o.value).join(',');
  if (current !== names.join(',')) {
    replace(ui.chartSite, names.map((n) => el('option', { value: n }, n)));
  }
  ui.chartSite.value = state.shownSite ?? '';
}

async function showChart(issues) {
  const site = state.shownSite;
  setText(ui.failingSite, site ?? 'no site');
  if (!site) {
    replace(ui.chart, el('p', { class: 'chart-message' }, 'No site to chart yet.'));
    return;
  }
  const to = new Date();
  const from = new Date(to.getTime() - state.hours * 3600000);
  const range = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
  const path = `/api/v1/sites/${encodeURIComponent(site)}`;
  try {
    const [report, failing] = await Promise.all([
      get(`${path}/failures?${range}`),
      get(`${path}/endpoints?state=FAILING&limit=20`),
    ]);
    if (site !== state.shownSite) {
      return; // the operator chose another site while this one loaded
    }
    renderChart(ui.chart, ui.legend, ui.chartTable, site, state.hours, failureSeries(report.body));
    renderFailingList(ui.failing, site, failing, lookUp);
  } catch (e) {
    if (e instanceof AuthError) {
      throw e;
    }
    if (e instanceof NotFoundError || e instanceof ApiError) {
      replace(ui.chart, el('p', { class: 'chart-message' }, `No chart for ${site}: ${e.message}`));
      return;
    }
    issues.push(issueOf(e));
  }
}

async function showEndpoint(issues) {
  const id = state.endpointId;
  if (!id) {
    return;
  }
  try {
    const answer = await get(`/api/v1/endpoints/${encodeURIComponent(id)}`);
    if (id === state.endpointId) {
      renderEndpoint(ui.endpoint, answer);
    }
  } catch (e) {
    if (e instanceof AuthError) {
      throw e;
    }
    if (id !== state.endpointId) {
      return;
    }
    if (e instanceof NotFoundError) {
      renderEndpointMessage(ui.endpoint, `No endpoint "${id}" is known: it has sent no heartbeat or event yet, `
        + 'or the id is misspelt.');
    } else if (e instanceof ApiError) {
      renderEndpointMessage(ui.endpoint, `"${id}" cannot be looked up: ${e.message}`);
    } else {
      issues.push(issueOf(e));
    }
  }
}

function showFreshness() {
  if (state.lastGood === null) {
    setText(ui.freshness, 'Waiting for the first answer…');
    return;
  }
  const late = Date.now() - state.lastGood > 3 * REFRESH_MS;
  ui.freshness.classList.toggle('late', late);
  const every = state.paused ? 'refresh paused' : `refresh every ${REFRESH_MS / 1000} s`;
  setText(ui.freshness, `${late ? 'Last good answer' : 'Updated'} ${hhmmss(state.lastGood)} from `
    + `${plural(state.instances ?? 0, 'instance')}; ${every}`);
}

function chooseSite(site) {
  state.chosenSite = site;
  state.shownSite = site;
  for (const b of ui.sites.querySelectorAll('.tile')) {
    b.querySelector('button').setAttribute('aria-pressed', b.dataset.site === site ? 'true' : 'false');
  }
  ui.chartSite.value = site;
  refresh();
}

function lookUp(id) {
  ui.searchInput.value = id;
  state.endpointId = id;
  renderEndpointMessage(ui.endpoint, `Looking up ${id}…`);
  ui.endpoint.closest('section').scrollIntoView({ block: 'nearest' });
  refresh();
}

function askForToken(reason) {
  clearTimeout(state.timer);
  ui.dashboard.hidden = true;
  ui.login.hidden = false;
  setText(ui.loginReason, reason);
  showIssues(ui.banner, []);
  ui.tokenInput.value = '';
  ui.tokenInput.focus();
}

function wire() {
  ui.loginForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = ui.tokenInput.value.trim();
    if (!token) {
      return;
    }
    setToken(token);
    ui.login.hidden = true;
    ui.dashboard.hidden = false;
    setText(ui.loginReason, '');
    refresh();
  });
  ui.searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = ui.searchInput.value.trim();
    if (id) {
      lookUp(id);
    } else {
      state.endpointId = null;
      renderEndpointMessage(ui.endpoint, 'Type an endpoint id, e.g. from an outage or the failing list.');
    }
  });
  ui.chartSite.addEventListener('change', () => chooseSite(ui.chartSite.value));
  ui.chartHours.value = String(state.hours);
  ui.chartHours.addEventListener('change', () => {
    state.hours = Number(ui.chartHours.value);
    refresh();
  });
  ui.largeType.addEventListener('click', () => setLargeType(!document.documentElement.classList.contains('large-type')));
  ui.pause.addEventListener('click', () => {
    state.paused = !state.paused;
    ui.pause.setAttribute('aria-pressed', String(state.paused));
    ui.pause.textContent = state.paused ? 'Resume refresh' : 'Pause refresh';
    if (state.paused) {
      clearTimeout(state.timer);
      showFreshness();
    } else {
      refresh();
    }
  });
  wireSilenceForm(ui.silenceDialog, actionDone);
  ui.changeToken.addEventListener('click', () => {
    clearToken();
    state.who = null;
    askForToken('Enter the API token to use.');
  });
  let resizing = 0;
  window.addEventListener('resize', () => {
    cancelAnimationFrame(resizing);
    resizing = requestAnimationFrame(redrawChart);
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && !state.paused && ui.login.hidden) {
      refresh();
    }
  });
}

function setLargeType(on) {
  document.documentElement.classList.toggle('large-type', on);
  ui.largeType.setAttribute('aria-pressed', String(on));
  localStorage.setItem(LARGE_TYPE_KEY, on ? '1' : '0');
  redrawChart();
}

wire();
setLargeType(params.has('large') ? params.get('large') !== '0' : localStorage.getItem(LARGE_TYPE_KEY) === '1');
refresh();
