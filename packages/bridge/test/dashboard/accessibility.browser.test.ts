import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birth, startStack, type Stack } from '../e2e/stack.ts';

/**
 * Every dashboard page checked by axe-core (WCAG 2.1 A/AA rules) in Debian's Chromium, at laptop and phone
 * widths: no violation at any impact level. The sandbox's console too. The pages' CSP forbids injected scripts, so this context
 * bypasses it for axe only; the CSP itself is checked in dashboard.browser.test.ts.
 */
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate<{ violations: Violation[] }>(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })",
  );
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

describe('dashboard accessibility', () => {
  let stack: Stack;
  let browser: Browser;
  let id: string;

  beforeAll(async () => {
    stack = await startStack({ bridgeOptions: { background: false } });
    id = ((await stack.api('POST', '/v1/registrations', birth())).body as { id: string }).id;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it.each([
    { width: 1280, height: 900 },
    { width: 390, height: 844 },
  ])('should have no WCAG 2.1 A/AA violation on any page at $width px', async (viewport) => {
    const context = await browser.newContext({ bypassCSP: true, viewport });
    const page = await context.newPage();
    await page.goto(`${stack.bridge.url}/login`);
    expect(await violations(page)).toEqual([]);
    await page.getByLabel(/API key/).fill(stack.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.bridge.url}/`);
    for (const path of ['/', '/registrations', `/registrations/${id}`, '/settings']) {
      await page.goto(`${stack.bridge.url}${path}`);
      expect({ path, violations: await violations(page) }).toEqual({ path, violations: [] });
    }
    await context.close();
  });

  it('should have no WCAG 2.1 A/AA violation on the sandbox console', async () => {
    const context = await browser.newContext({
      bypassCSP: true,
      httpCredentials: { username: 'admin', password: 'admin' },
    });
    const page = await context.newPage();
    await page.goto(`${stack.sandbox.url}/sandbox/console`);
    expect(await violations(page)).toEqual([]);
    await context.close();
  });
});
