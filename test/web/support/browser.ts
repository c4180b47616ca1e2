import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import type { AxeResults, ContextObject, RunOptions } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Where each page's screenshot goes (git-ignored, kept by CI as an artefact). */
export const ARTIFACTS = resolve(__dirname, '../../artifacts/web');

/** The system Chromium on PATH (Debian's `chromium`); browsers are never downloaded. */
export function findChromium(): string {
  const names = ['chromium', 'chromium-browser'];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  throw new Error('Chromium is not installed: apt-get install -y chromium (.ci/run does this)');
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Each launch gets a fresh temporary profile; each context below is a separate person (own cookies). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
}

export async function newPerson(
  browser: Browser,
  baseURL: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 860 },
    locale: 'en-GB',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  // BROWSER_CPU_THROTTLE=6 runs the page's scripts six times slower (Chromium's own CPU throttling): a
  // fast machine then shows the races a small CI machine does.
  const throttle = Number(process.env.BROWSER_CPU_THROTTLE ?? 1);
  if (throttle > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  }
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text()))
      cspViolations.set(page, [...(cspViolations.get(page) ?? []), msg.text()]);
  });
  return { context, page };
}

const cspViolations = new WeakMap<Page, string[]>();

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** axe-core's browser build, read once per test file and injected into each document it checks. */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core over the whole page, reporting violations only: every rule still runs, but the passing and
 * inapplicable nodes are not described (a unique selector and an HTML excerpt each). axe runs in the page
 * itself (there are no cross-origin frames to merge results from), and its script is evaluated once per
 * document: a page checked at two widths, or again after an action, reuses it (a navigation starts a new
 * document without it). react-aria's live announcer briefly holds an announcement that points at the
 * label of a button that was pending; it is removed after a few seconds and is not page content.
 */
const AXE_CONTEXT: ContextObject = { exclude: ['[aria-live] > [role="img"]'] };
const AXE_OPTIONS: RunOptions = { resultTypes: ['violations'] };

async function runAxe(page: Page): Promise<AxeResults> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    ([context, options]) =>
      (globalThis as unknown as { axe: { run(c: unknown, o: unknown): Promise<AxeResults> } }).axe.run(
        context,
        options,
      ),
    [AXE_CONTEXT, AXE_OPTIONS] as const,
  );
}

/** Runs axe-core on the page as it is now; returns the serious and critical violations. */
export async function seriousA11yViolations(page: Page): Promise<AxeFinding[]> {
  return (await a11yViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Runs axe-core on the page as it is now; returns every violation, whatever its impact. */
export async function a11yViolations(page: Page): Promise<AxeFinding[]> {
  const result = await runAxe(page);
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}

/** Resolves after the page has laid out and painted twice (a resize's layout is then done). */
async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const { requestAnimationFrame: raf } = globalThis as unknown as {
          requestAnimationFrame(cb: () => void): number;
        };
        raf(() => raf(() => resolve()));
      }),
  );
}

/** The widths every page is checked at: a phone and a laptop. */
export const WIDTHS = [390, 1280] as const;

/** How far the page scrolls sideways (0 when it fits its viewport). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as {
      document: { documentElement: { scrollWidth: number; clientWidth: number } };
    };
    return document.documentElement.scrollWidth - document.documentElement.clientWidth;
  });
}

/**
 * Accessibility check at 1280 and 390 px wide: zero axe violations of any impact and no sideways scrolling
 * at either width. Every page of the suite goes through this; the viewport is put back. With
 * WEB_SCREENSHOTS=1 it also saves a screenshot at each width to test/artifacts/web (the full page at the
 * laptop width, the first screen at the phone's), for a person to look at.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  const screenshots = process.env.WEB_SCREENSHOTS === '1';
  if (screenshots) mkdirSync(ARTIFACTS, { recursive: true });
  const original = page.viewportSize() ?? { width: 1280, height: 860 };
  try {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width < 600 ? 844 : 860 });
      await nextFrames(page);
      if (screenshots)
        await page.screenshot({
          path: join(ARTIFACTS, width === 1280 ? `${name}.png` : `${name}-${width}.png`),
          fullPage: width === 1280,
        });
      expect({ width, violations: await a11yViolations(page) }).toEqual({ width, violations: [] });
      expect({ width, overflow: await horizontalOverflow(page) }).toEqual({ width, overflow: 0 });
    }
  } finally {
    await page.setViewportSize(original);
  }
  expect(cspViolations.get(page) ?? []).toEqual([]);
}

// The page's strict CSP forbids evaluating strings, so in-page code is passed as functions; the tests
// compile without the DOM library, hence this minimal view of the page's globals.
interface PageGlobals {
  location: { pathname: string };
  document: {
    documentElement: { dataset: Record<string, string | undefined> };
    activeElement: PageElement | null;
    body: PageElement;
    getElementById(id: string): PageElement | null;
    querySelector(selector: string): PageElement | null;
  };
}
interface PageElement {
  id: string;
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
}

/**
 * Waits until the page marked itself usable for the address now shown (see markInteractive in the web app):
 * after a move from one section to the next, the id is the same but the path is not.
 */
export async function waitForPage(page: Page, id: string): Promise<void> {
  await page.waitForFunction(
    (expected) => {
      const { document, location } = globalThis as unknown as PageGlobals;
      const { ready, readyPath } = document.documentElement.dataset;
      return ready === expected && readyPath === location.pathname;
    },
    id,
    { timeout: 15_000 },
  );
}

/** The element that has keyboard focus, as `tag:accessible name`. */
export async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as PageGlobals;
    const el = document.activeElement;
    if (!el || el === document.body) return '';
    const byFor = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
    const byLabelledBy = el
      .getAttribute('aria-labelledby')
      ?.split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ');
    const label = el.getAttribute('aria-label') || byLabelledBy || byFor?.textContent || el.textContent || '';
    return `${el.tagName.toLowerCase()}:${label.replace(/\s+/g, ' ').trim()}`;
  });
}
