// Drives the operator page in Debian's headless Chromium against a running app, the way an operator would.
// Usage: node operator-page.test.mjs <baseUrl> <token> <failingEndpointId> <screenshotPath>
// Prints one line per step ("ok <step>: ..."); PAGE_READY once the page polls with the token (the caller may then
// script an outage); OUTAGE_VISIBLE <epoch ms> when an outage card is on the page; AWAIT_PROXY when it waits for a proxy
// outage across sites (the caller then scripts one); PASS at the end, or FAIL and exit 1.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const [baseUrl, token, failingEndpoint, screenshot] = process.argv.slice(2);
if (!screenshot) {
  console.error('usage: node operator-page.test.mjs <baseUrl> <token> <failingEndpointId> <screenshotPath>');
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const OUTAGE_TIMEOUT_MS = Number(process.env.OUTAGE_TIMEOUT_MS ?? 180000);
const STEP_TIMEOUT_MS = 30000;

const pageErrors = [];
let step = 'launch';

function ok(what) {
  console.log(`ok ${step}: ${what}`);
}

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

const sibling = (suffix) => screenshot.replace(/\.png$/, `-${suffix}.png`);

mkdirSync(dirname(screenshot), { recursive: true });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
    '--no-first-run', '--disable-component-update', '--disable-sync'],
});
let page;
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.on('pageerror', (e) => pageErrors.push(e.message));

  step = 'static files without a token';
  const response = await page.goto(`${baseUrl}/`);
  check(response.status() === 200, `GET / answered ${response.status()}`);
  await page.locator('#login').waitFor({ state: 'visible' });
  ok(`page loaded (${response.headers()['content-type']}), token prompt shown: `
    + `"${await page.locator('#login-reason').textContent()}"`);

  step = 'wrong token';
  await page.getByLabel('API token', { exact: true }).fill('not-the-token');
  await page.getByRole('button', { name: 'Use this token' }).click();
  await page.locator('#login-reason').filter({ hasText: 'not valid' }).waitFor();
  check(await page.locator('#dashboard').isHidden(), 'the dashboard shows although the token was refused');
  ok(`asked again: "${await page.locator('#login-reason').textContent()}"`);

  step = 'right token';
  await page.getByLabel('API token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Use this token' }).click();
  await page.locator('#sites .tile').first().waitFor();
  const stored = await page.evaluate(() => sessionStorage.getItem('fleet-telemetry.api-token'));
  check(stored === token, 'the token is not in sessionStorage');
  ok(`${await page.locator('#sites .tile').count()} site tiles; token kept in sessionStorage`);
  console.log('PAGE_READY');

  step = 'outage appears';
  const outage = page.locator('#outages article.outage').first();
  await outage.waitFor({ timeout: OUTAGE_TIMEOUT_MS });
  console.log(`OUTAGE_VISIBLE ${Date.now()}`);
  const title = await outage.locator('h3').textContent();
  const site = await outage.getAttribute('data-site');
  const remediation = await outage.locator('ol.remediation > li .step-text').allTextContents();
  check(remediation.length > 0, 'the outage shows no remediation step');
  ok(`"${title}" at site ${site}; cause "${await outage.locator('.cause').textContent()}"; `
    + `${remediation.length} remediation steps, first: "${remediation[0]}"`);
  await page.locator(`#sites .tile.state-outage[data-site="${site}"]`).waitFor();
  ok(`the tile of ${site} is coloured as an outage`);

  step = 'remediation commands';
  const commands = await outage.locator('ol.remediation > li pre.commands code').allTextContents();
  const cacheCleanUp = commands.find((c) => c.split('\n').includes('net stop fsulnethoster'));
  check(cacheCleanUp, `no step shows the cache clean-up commands as code: ${JSON.stringify(commands)}`);
  check(!remediation.some((text) => text.startsWith('net ')), 'a command is shown as a step of its own');
  ok(`${commands.length} steps with commands as code, the cache clean-up: ${JSON.stringify(cacheCleanUp)}`);

  step = 'chart';
  await page.getByLabel('Site', { exact: true }).selectOption(site);
  const bars = page.locator('#chart rect.bar');
  await bars.first().waitFor();
  const byCode = await bars.evaluateAll((rects) => {
    const sums = {};
    for (const r of rects) {
      sums[r.dataset.code] = (sums[r.dataset.code] ?? 0) + Number(r.dataset.count);
    }
    return sums;
  });
  const legend = await page.locator('#chart-legend li').allTextContents();
  const n = await bars.count();
  ok(`${n} bar${n === 1 ? '' : 's'} for ${site}, failures by code ${JSON.stringify(byCode)}; legend ${legend.join(' | ')}`);

  step = 'endpoint search';
  await page.getByLabel('Endpoint ID', { exact: true }).fill(failingEndpoint);
  await page.getByRole('button', { name: 'Show status' }).click();
  const result = page.locator('#endpoint article.endpoint');
  await result.locator('.endpoint-state', { hasText: 'FAILING' }).waitFor();
  const failure = await result.locator('.fact', { hasText: 'Last failure' }).textContent();
  ok(`${failingEndpoint} is FAILING; ${failure}`);
  await page.getByLabel('Endpoint ID', { exact: true }).fill('no-such-endpoint');
  await page.getByRole('button', { name: 'Show status' }).click();
  await page.locator('#endpoint .endpoint-message', { hasText: 'No endpoint "no-such-endpoint"' }).waitFor();
  await page.getByLabel('Endpoint ID', { exact: true }).fill(failingEndpoint);
  await page.getByRole('button', { name: 'Show status' }).click();
  await result.locator('.endpoint-state', { hasText: 'FAILING' }).waitFor();
  ok('an unknown id is said to be unknown');

  step = 'acknowledge';
  page.once('dialog', (d) => d.accept('on it, from the page'));
  await outage.getByRole('button', { name: 'Acknowledge' }).click();
  const acked = outage.locator('.badge.acked');
  await acked.waitFor();
  ok(`"${await acked.textContent()}" on the card (title "${await acked.getAttribute('title')}")`);

  step = 'silence from the outage';
  await outage.getByRole('button', { name: 'Silence…' }).click();
  const matchers = await page.locator('#silence-matchers').inputValue();
  check(JSON.parse(matchers).some((m) => m.name === 'site' && m.value === site),
    `the form is not pre-filled with the outage's site: ${matchers}`);
  await page.getByRole('button', { name: 'Create silence' }).click();
  await page.locator('#silences li.silence.state-active').waitFor();
  await outage.locator('.badge.silenced').waitFor();
  check(await outage.evaluate((n) => n.classList.contains('is-silenced')), 'the silenced card is not dimmed');
  ok(`silence created from the form (matchers ${matchers.replace(/\s+/g, ' ')}), listed active, the card dimmed and `
    + 'marked Silenced');

  step = 'screenshots';
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByRole('button', { name: 'Large type' }).click();
  await page.locator('html.large-type').waitFor({ state: 'attached' });
  await page.screenshot({ path: sibling('wall') });
  await page.getByRole('button', { name: 'Large type' }).click();
  await page.setViewportSize({ width: 1440, height: 900 });
  ok(`${screenshot}, ${sibling('wall')}`);

  step = 'expire the silence';
  await page.locator('#silences li.silence').getByRole('button', { name: 'Expire' }).click();
  await page.locator('#silences .no-silences').waitFor();
  await outage.locator('.badge.silenced').waitFor({ state: 'detached' });
  ok('expired: gone from the list, the card no longer marked');

  step = 'viewer';
  // a real viewer of every site (principal vera, from VIEWER_TOKEN): the page asks GET /api/v1/me and hides actions
  const viewerToken = process.env.VIEWER_TOKEN;
  check(viewerToken, 'VIEWER_TOKEN is not set');
  await page.evaluate((t) => sessionStorage.setItem('fleet-telemetry.api-token', t), viewerToken);
  await page.reload();
  await page.locator('#outages article.outage').first().waitFor();
  await page.locator('#outages article.outage .badge.acked').first().waitFor();
  check(await page.locator('.outage-actions').count() === 0, 'a viewer is shown action buttons');
  check(await page.getByRole('button', { name: 'Acknowledge' }).count() === 0, 'a viewer is offered Acknowledge');
  await page.evaluate((t) => sessionStorage.setItem('fleet-telemetry.api-token', t), token);
  await page.reload();
  await page.locator('#outages article.outage .outage-actions').first().waitFor();
  ok('a viewer (GET /api/v1/me: viewer) sees the acknowledgement but no action button; the admin token sees them');

  step = 'rebalancing banner';
  await page.route('**/api/v1/outages', (route) => route.fulfill({
    status: 503, headers: { 'Retry-After': '1', 'Content-Type': 'application/json' },
    body: JSON.stringify({ code: 'unavailable', message: 'the state is being rebalanced' }),
  }));
  const banner = page.locator('#banner');
  await banner.filter({ hasText: 'rebalancing' }).waitFor();
  check(await banner.getAttribute('aria-live') === 'polite', 'the banner is not a live region');
  ok(`"${(await banner.textContent()).trim()}"`);
  await page.unroute('**/api/v1/outages');
  await banner.waitFor({ state: 'hidden' });

  step = 'partial banner';
  await page.route('**/api/v1/sites', async (route) => {
    const real = await route.fetch();
    const body = await real.json();
    body.partial = true;
    body.failures = [{ instance: '10.0.0.9:7070', reason: 'timed out after 3 s' }];
    await route.fulfill({ response: real, json: body });
  });
  await banner.filter({ hasText: 'Partial answer' }).waitFor();
  ok(`"${(await banner.textContent()).trim()}"`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: sibling('partial') });
  await page.unroute('**/api/v1/sites');
  await banner.waitFor({ state: 'hidden' });

  step = 'probe confirmation';
  // the active probe's figures (#18) as the API gives them on an outage: a fact line "confirmed by probe N/M · step"
  await page.route('**/api/v1/outages', async (route) => {
    const real = await route.fetch();
    const body = await real.json();
    body.items = body.items.map((o) => ({
      ...o, probeConfirmed: 5, probeEndpoints: 6, probeFailedStep: 'PROXY_TUNNEL', probeDetail: 'PROXY_TUNNEL answered 407',
    }));
    await route.fulfill({ response: real, json: body });
  });
  const probeFact = page.locator('#outages article.outage .facts').first()
    .getByText('confirmed by probe 5/6 · PROXY_TUNNEL answered 407');
  await probeFact.waitFor();
  ok(`"${(await probeFact.textContent()).trim()}"`);
  await page.unroute('**/api/v1/outages');
  await probeFact.waitFor({ state: 'detached' });

  step = 'proxy outage across sites';
  console.log('AWAIT_PROXY');
  const proxyCards = page.locator('#outages article.outage').filter({
    has: page.locator('.badge.scope', { hasText: 'PROXY scope' }),
  });
  await proxyCards.first().waitFor({ timeout: OUTAGE_TIMEOUT_MS });
  // the page polls every 5 s: two more polls, so a second card for the same outage would show by then
  await page.waitForTimeout(11000);
  const proxyCount = await proxyCards.count();
  check(proxyCount === 1, `${proxyCount} cards for the proxy outage`);
  const proxyCard = proxyCards.first();
  const factOf = (name) => proxyCard.locator('.fact')
    .filter({ has: page.locator('dt', { hasText: new RegExp(`^${name}$`) }) }).locator('dd').textContent();
  const sitesFact = await factOf('Sites');
  const proxyFact = await factOf('Proxy');
  ok(`one card: "${await proxyCard.locator('h3').textContent()}"; proxy ${proxyFact}; sites ${sitesFact}; `
    + `cause "${await proxyCard.locator('.cause').textContent()}"`);

  step = 'token refused later';
  await page.evaluate(() => sessionStorage.setItem('fleet-telemetry.api-token', 'revoked-token'));
  await page.locator('#login').waitFor({ state: 'visible' });
  ok('the page asks for the token again when the API refuses it');

  step = 'no script errors';
  check(pageErrors.length === 0, `uncaught errors in the page: ${pageErrors.join(' | ')}`);
  ok('none');
  console.log('PASS');
} catch (e) {
  console.log(`FAIL ${step}: ${e.message.split('\n')[0]}`);
  if (pageErrors.length) {
    console.log(`page errors: ${pageErrors.join(' | ')}`);
  }
  if (page) {
    await page.screenshot({ path: sibling('failure'), fullPage: true }).catch(() => {});
  }
  process.exitCode = 1;
} finally {
  await browser.close();
}
