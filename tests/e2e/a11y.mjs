// Accessibility helpers for the end-to-end tests: axe-core run in the page, the UI language, and
// a keyboard walk that records where focus goes and whether it can be seen there.

import { createRequire } from 'node:module';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The WCAG levels audited: A and AA of WCAG 2.0 and 2.1. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa'];

/**
 * Runs axe-core on `page` as it is now (injecting it once per document) and returns its serious
 * and critical violations, each as `{ state, id, impact, help, nodes: [{ target, summary }] }`.
 * Every rule of the audited levels runs: none is disabled.
 */
export async function axeCheck(page, state) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ path: axePath });
  }
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary, html: n.html.slice(0, 160) })),
    }));
  }, AXE_TAGS);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ state, ...v }));
}

/** A readable list of violations: state, rule, impact, and each node with what is wrong. */
export function formatViolations(found) {
  if (found.length === 0) return 'no violations';
  return found
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => `    - ${n.target}\n      ${n.html}\n      ${(n.summary || '').replace(/\n/g, '\n      ')}`)
        .join('\n');
      const more = v.nodes.length > 8 ? `\n    … and ${v.nodes.length - 8} more` : '';
      return `[${v.state}] ${v.id} (${v.impact}): ${v.help}\n${nodes}${more}`;
    })
    .join('\n');
}

/** Switches the UI to `lang` ('zh' or 'en') with the top bar's switch, if it is not already. */
export async function setLanguage(page, lang) {
  const want = lang === 'en' ? 'en' : 'zh-CN';
  if ((await page.evaluate(() => document.documentElement.lang)) === want) return;
  await page.locator('[data-testid=lang-switch]').click();
  await page.waitForFunction((w) => document.documentElement.lang === w, want);
}

/**
 * Describes the focused element in the page, marks it as reached (`data-a11y-reached`) and
 * judges whether its focus can be seen: an outline at least 2 px wide whose colour contrasts at
 * least 3:1 with what is behind it, on the element or on an ancestor drawn by :focus-within
 * (a visually hidden file input inside its label). Returns null when nothing is focused.
 */
function focusState() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  el.setAttribute('data-a11y-reached', '');
  const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const contrast = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const backdrop = (node) => {
    for (let n = node; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) return c;
    }
    return [255, 255, 255];
  };
  const ringOf = (node) => {
    const s = getComputedStyle(node);
    if (s.outlineStyle === 'none' || parseFloat(s.outlineWidth) < 2) return null;
    return { color: rgb(s.outlineColor), against: backdrop(node.parentElement) };
  };
  let ring = null;
  for (let n = el, depth = 0; n && depth < 4 && !ring; n = n.parentElement, depth++) {
    if (n === el || n.matches(':focus-within')) ring = ringOf(n);
  }
  const label = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 30);
  const name = `${el.tagName.toLowerCase()}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ''} "${label}"`;
  const ratio = ring ? contrast(ring.color, ring.against) : 0;
  return { name, visible: ratio >= 3, ratio: Math.round(ratio * 100) / 100 };
}

/**
 * A keyboard walk over `page`: `tabTo(selector)` presses Tab (or Shift+Tab with `back`) until
 * the focused element matches `selector`; `tabAround()` tabs through the whole page once and
 * returns the visible controls it never reached; `unfocusable()` lists every control reached
 * whose focus could not be seen.
 */
export function focusWalk(page, { max = 600 } = {}) {
  const bad = new Map();
  const step = async (key) => {
    await page.keyboard.press(key);
    const state = await page.evaluate(focusState);
    if (state && !state.visible) bad.set(state.name, state.ratio);
    return state;
  };
  return {
    /** Presses Tab (Shift+Tab with `back`) until `target` (a CSS selector or a locator) has focus. */
    async tabTo(target, { back = false } = {}) {
      const trail = [];
      const focused =
        typeof target === 'string'
          ? () => page.evaluate((s) => document.activeElement?.matches(s) ?? false, target)
          : () => target.evaluate((el) => el === document.activeElement);
      for (let i = 0; i < max; i++) {
        const state = await step(back ? 'Shift+Tab' : 'Tab');
        if (state) trail.push(state.name);
        if (await focused()) return;
      }
      throw new Error(`Tab never reached ${target}; last stops: ${trail.slice(-8).join(', ')}`);
    },
    /**
     * Tabs once around the whole page (from wherever focus is, past the end, from the top again
     * back to the first control reached) and returns the number of stops and the visible,
     * enabled controls never reached (a radio group counts as reached through any of its radios).
     */
    async tabAround() {
      await page.evaluate(() => {
        document.querySelectorAll('[data-a11y-reached], [data-a11y-first]').forEach((e) => {
          e.removeAttribute('data-a11y-reached');
          e.removeAttribute('data-a11y-first');
        });
      });
      let stops = 0;
      let outside = 0;
      for (let i = 0; i < max; i++) {
        const state = await step('Tab');
        if (!state) {
          // Focus left the page past its last control; the next Tab starts from the top.
          if (++outside > 2) break;
          continue;
        }
        const wrapped = await page.evaluate(() => {
          const el = document.activeElement;
          if (el.hasAttribute('data-a11y-first')) return true;
          if (!document.querySelector('[data-a11y-first]')) el.setAttribute('data-a11y-first', '');
          return false;
        });
        if (wrapped) break;
        stops++;
      }
      const missed = await page.evaluate(() => {
        const controls = document.querySelectorAll(
          'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])',
        );
        const reachedRadio = new Set(
          [...document.querySelectorAll('input[type=radio][data-a11y-reached]')].map((r) => r.name),
        );
        const shown = (el) => {
          const target = el.closest('label') && el.classList.contains('visually-hidden') ? el.closest('label') : el;
          return target.checkVisibility({ visibilityProperty: true }) && target.getClientRects().length > 0;
        };
        return [...controls]
          .filter((el) => !el.disabled && shown(el) && !el.hasAttribute('data-a11y-reached'))
          .filter((el) => !(el.type === 'radio' && reachedRadio.has(el.name)))
          .map((el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ''} "${(el.textContent || '').trim().slice(0, 30)}"`);
      });
      return { stops, missed };
    },
    unfocusable() {
      return [...bad].map(([name, ratio]) => `${name} (focus ring contrast ${ratio}:1)`);
    },
  };
}

/**
 * Sets the date input `input` (focused on its first part) to `date` (YYYY-MM-DD) with the arrow
 * keys, as a keyboard user does, whatever order the browser's locale shows the parts in: for
 * each part, ArrowUp shows which it is (and ArrowDown puts it back), then the arrows step it to
 * the wanted value and Tab moves to the next part. Leaves focus on the last part.
 *
 * A step can make the parts an impossible date, which the input reports as no value at all: the
 * 30th of a 30-day month stepped up is the 31st, November 31 (so the probe steps on until the
 * input shows a date again: 31 wraps to 1), and a month set before the day can make June 31 (so
 * the parts are tracked here, not read back from the value).
 */
export async function keyDate(page, input, date) {
  const want = date.split('-').map(Number);
  const parts = (await input.inputValue()).split('-').map(Number);
  if (parts.length !== 3) throw new Error(`the date input holds no date to start from: ${parts}`);
  for (let part = 0; part < 3; part++) {
    if (part > 0) await page.keyboard.press('Tab');
    let which;
    let presses = 0;
    while (which === undefined && presses < 8) {
      await page.keyboard.press('ArrowUp');
      presses += 1;
      const shown = await input.inputValue();
      if (shown) {
        const now = shown.split('-').map(Number);
        which = [0, 1, 2].find((i) => now[i] !== parts[i]);
      }
    }
    for (let i = 0; i < presses; i++) await page.keyboard.press('ArrowDown');
    if (which === undefined) throw new Error(`ArrowUp changed no part of ${parts.join('-')}`);
    const delta = want[which] - parts[which];
    for (let i = 0; i < Math.abs(delta); i++) await page.keyboard.press(delta > 0 ? 'ArrowUp' : 'ArrowDown');
    parts[which] = want[which];
  }
  const value = await input.inputValue();
  if (value !== date) throw new Error(`the date input shows ${value}, not ${date}`);
}
