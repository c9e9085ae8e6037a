import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFullStack, type FullStack } from '../observability/full-stack.ts';
import { birth } from '../e2e/stack.ts';

/**
 * The dashboard in a real browser (Debian's Chromium, driven by playwright-core): an operator signs in,
 * watches a birth reach uin_issued, switches on an outage with the sandbox console's fault switch, sees the
 * failure on the overview, retries it from the detail page once MOSIP is back, and sees it succeed. A
 * screenshot of each step is kept in test-artifacts/dashboard/.
 */
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/dashboard/', import.meta.url));

describe('dashboard in Chromium', () => {
  let full: FullStack;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // Two attempts, so an outage fails a registration in well under a second (backoff 50–400 ms).
    full = await startFullStack({ bridge: { MAX_ATTEMPTS: 2 } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    await full?.close();
  });

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
  const submit = async () => {
    const res = await full.stack.api('POST', '/v1/registrations', birth());
    expect(res.status).toBe(202);
    return res.body as { id: string; rid: string };
  };

  it('should follow a birth to uin_issued, show an outage failure, and retry it to success', async () => {
    const bridgeUrl = full.stack.bridge.url;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Any script error or Content-Security-Policy violation shows up here (htmx runs under a strict CSP).
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });

    // Sign in: the dashboard sends a visitor to the sign-in form, then back where they were going.
    await page.goto(`${bridgeUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel(/API key/).fill(full.stack.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${bridgeUrl}/`);
    await expect.poll(() => page.locator('[data-testid=mosip-state]').textContent()).toContain('reachable');
    // All three MOSIP clients hold a token: writer, reader and the WebSub partner; both topics verified.
    const tokens = await page.locator('[data-testid=tokens]').textContent();
    expect(tokens).toMatch(/writer.*yes.*reader.*yes.*partner \(WebSub subscriptions\)\s*yes/s);
    expect((await page.locator('[data-testid=websub]').textContent())!.match(/verified/g)).toHaveLength(2);
    await shot(page, '1-overview');

    // A birth through the API, watched on its detail page (htmx refreshes the status every 3 s).
    const ok = await submit();
    await page.goto(`${bridgeUrl}/registrations/${ok.id}`);
    await expect
      .poll(() => page.locator('[data-testid=status]').textContent(), { timeout: 30_000, interval: 500 })
      .toContain('uin issued');
    const timeline = await page.locator('[data-testid=timeline]').textContent();
    for (const step of ['accepted', 'packet created', 'processing', 'uin issued']) {
      expect(timeline).toContain(step);
    }
    expect(await page.locator('[data-testid=uin]').textContent()).toMatch(/\d{10}/);
    await shot(page, '2-uin-issued');

    // The sandbox console's outage switch, operated like a demo would (Basic admin credentials).
    const sandboxUrl = full.sandbox.url;
    const console = await browser.newPage({ httpCredentials: { username: 'admin', password: 'admin' } });
    console.on('pageerror', (error) => problems.push(`console page error: ${error.message}`));
    console.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console page: ${message.text()}`);
    });
    await console.goto(`${sandboxUrl}/sandbox/console`);
    await console.getByRole('button', { name: 'Outage on' }).click();
    await console.waitForURL(/applied=outage-on/);
    await shot(console, '3-sandbox-outage-on');

    const failing = await submit();
    await page.goto(`${bridgeUrl}/`);
    await expect
      .poll(
        () =>
          page
            .locator('[data-testid=failures]')
            .textContent()
            .catch(() => ''),
        { timeout: 30_000, interval: 500 },
      )
      .toMatch(/failed/);
    await shot(page, '4-overview-failure');

    // MOSIP back, then the operator retries from the detail page.
    await console.getByRole('button', { name: 'Outage off' }).click();
    await console.waitForURL(/applied=outage-off/);
    await page.goto(`${bridgeUrl}/registrations/${failing.id}`);
    expect(await page.locator('[data-testid=status]').textContent()).toContain('failed');
    await shot(page, '5-detail-failed');
    await page.getByRole('button', { name: 'Retry registration' }).click();
    await page.waitForURL(/done=retried/);
    await expect
      .poll(() => page.locator('[data-testid=status]').textContent(), { timeout: 30_000, interval: 500 })
      .toContain('uin issued');
    expect(await page.locator('[data-testid=timeline]').textContent()).toContain('retried by an operator');
    await shot(page, '6-retried-uin-issued');
    // The sandbox console, left open since the outage ended, has refreshed itself: the retried packet is there.
    await expect
      .poll(() => console.locator('#packets').textContent(), { timeout: 15_000, interval: 500 })
      .toContain(failing.rid);
    await shot(console, '6b-sandbox-console-after-retry');

    // Keyboard: the skip link is the first stop and the navigation is reachable without a mouse.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');

    // A phone-width viewport: the page does not overflow horizontally (tables scroll in their wrapper).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${bridgeUrl}/`);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(1);
    await shot(page, '7-phone-overview');
    expect(problems).toEqual([]);
    await console.close();
    await page.close();
  });
});
