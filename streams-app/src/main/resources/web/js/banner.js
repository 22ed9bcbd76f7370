// The one banner that says when the figures on the page cannot be fully trusted, and why.
import { el, replace } from './dom.js';

const WORST_FIRST = ['unreachable', 'rebalancing', 'error', 'partial', 'stale'];

/** @param issues Array<{kind: string, text: string}> */
export function showIssues(banner, issues) {
  const unique = [...new Map(issues.map((i) => [`${i.kind}:${i.text}`, i])).values()]
    .sort((a, b) => WORST_FIRST.indexOf(a.kind) - WORST_FIRST.indexOf(b.kind));
  const text = unique.map((i) => i.text).join('\n');
  if (banner.dataset.text === text) {
    return; // unchanged: the live region must not announce it again on every refresh
  }
  banner.dataset.text = text;
  if (unique.length === 0) {
    banner.hidden = true;
    banner.className = 'banner';
    replace(banner);
    return;
  }
  banner.className = `banner banner-${unique[0].kind}`;
  replace(banner, unique.map((i) => el('p', { class: `issue issue-${i.kind}` }, i.text)));
  banner.hidden = false;
}

/** What a merged answer's partial and stale flags mean for an operator. */
export function pageIssues(what, page) {
  const issues = [];
  if (page.partial) {
    const who = page.failures.map((f) => `${f.instance}: ${f.reason}`).join('; ');
    issues.push({
      kind: 'partial',
      text: `Partial answer: the ${what} shown may be incomplete, not every instance answered`
        + `${who ? ` (${who})` : ''}.`,
    });
  }
  if (page.stale) {
    issues.push({ kind: 'stale', text: `Some ${what} come from standby copies during a rebalance and may lag.` });
  }
  return issues;
}
