import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/report/html.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'results');

let browser: Browser;
let work: string;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  work = await mkdtemp(join(tmpdir(), 'tiersim-browser-'));
  await mkdir(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Builds the report of a copy of fixture `kind`, opens it from disk, and waits for every chart. */
async function openReport(kind: string): Promise<{ page: Page; errors: string[] }> {
  const dir = join(work, kind);
  await cp(join(FIXTURES, `results-${kind}-small`), dir, { recursive: true });
  const report = await writeReport(dir);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('request', (req) => { if (!req.url().startsWith('file:')) errors.push(`network request: ${req.url()}`); });
  await page.goto(pathToFileURL(report).href);
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-chart]')].every((el) => el.getAttribute('data-rendered') === 'true'),
    undefined,
    { timeout: 20_000 },
  );
  return { page, errors };
}

/** Number of drawn data-mark elements (not axes or legends) in each chart's SVG, by chart name. */
async function markCounts(page: Page): Promise<Record<string, number>> {
  return page.$$eval('[data-chart]', (els) =>
    Object.fromEntries(els.map((el) => [el.getAttribute('data-chart'), el.querySelectorAll('svg g.role-mark > *').length])));
}

/** The tick labels of every axis drawn in the page, as [chart, labels] (one entry per axis). */
async function axisLabels(page: Page): Promise<Array<[string, string[]]>> {
  return page.$$eval('[data-chart]', (els) => els.flatMap((el) =>
    [...el.querySelectorAll('g.role-axis-label')].map((g) =>
      [el.getAttribute('data-chart') ?? '', [...g.querySelectorAll('text')].map((t) => t.textContent ?? '')] as [string, string[]])));
}

/** Checks that no axis in the page repeats a tick label or writes one in exponent notation. */
async function expectReadableAxes(page: Page): Promise<void> {
  const axes = await axisLabels(page);
  expect(axes.length).toBeGreaterThan(0);
  for (const [chart, labels] of axes) {
    expect(new Set(labels).size, `${chart}: ${labels.join(', ')}`).toBe(labels.length);
    for (const l of labels) expect(l, chart).not.toMatch(/\de[+-]?\d/i);
  }
}

/** Hovers the first element matching `selector` and returns the tooltip's text ('' when hidden). */
async function hoverTooltip(page: Page, selector: string): Promise<string> {
  await page.locator(selector).first().hover();
  const tip = page.locator('#tiersim-tooltip');
  await tip.waitFor({ state: 'visible', timeout: 5_000 });
  return tip.innerText();
}

describe('report.html in headless Chromium', () => {
  it('run report: loads without console errors, draws every chart, shows tooltips', async () => {
    const { page, errors } = await openReport('run');
    const counts = await markCounts(page);
    expect(Object.keys(counts).sort()).toEqual(['bed-occupancy', 'referral-flows', 'referral-network', 'wait-distribution']);
    for (const [name, n] of Object.entries(counts)) expect(n, name).toBeGreaterThan(0);
    await expectReadableAxes(page);
    // The headline table, and the full summary collapsed beneath it (opened on click).
    expect(await page.locator('table.summary tbody tr').count()).toBeGreaterThan(5);
    const full = page.locator('details', { has: page.locator('table.full') }).first();
    expect(await full.locator('table.full').isVisible()).toBe(false);
    await full.locator('summary').click();
    expect(await full.locator('table.full tbody tr').count()).toBeGreaterThan(await page.locator('table.summary tbody tr').count());
    const network = await hoverTooltip(page, '#chart-referral-network g.mark-symbol.role-mark path');
    expect(network).toMatch(/referrals per year/);
    const flows = await hoverTooltip(page, '#chart-referral-flows g.mark-rect.role-mark path');
    expect(flows).toContain('village → township');
    const waits = await hoverTooltip(page, '#chart-wait-distribution g.mark-rect.role-mark path');
    expect(waits).toContain('Share of patients');
    // The occupancy chart's tooltip follows the nearest day (a voronoi layer over the lines).
    await page.locator('#chart-bed-occupancy g[class*="voronoi"] path').nth(30).hover();
    await expect.poll(() => page.locator('#tiersim-tooltip').innerText()).toMatch(/Day\s+30[\s\S]*regional occupancy/);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'report-screenshot.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('compare report: forest plot and both scenarios drawn, tooltip on a difference', async () => {
    const { page, errors } = await openReport('compare');
    const counts = await markCounts(page);
    expect(Object.keys(counts)).toHaveLength(9);
    for (const [name, n] of Object.entries(counts)) expect(n, name).toBeGreaterThan(0);
    await expectReadableAxes(page);
    const tip = await hoverTooltip(page, '[id="chart-forest-plot"] g.mark-symbol.role-mark path');
    expect(tip).toContain('Difference');
    expect(await page.locator('table.comparison tbody tr').count()).toBeGreaterThan(0);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'report-screenshot-compare.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sweep report: the sweep chart is drawn with tooltips', async () => {
    const { page, errors } = await openReport('sweep');
    const counts = await markCounts(page);
    expect(Object.keys(counts)).toEqual(['sweep']);
    expect(counts.sweep).toBeGreaterThan(0);
    const tip = await hoverTooltip(page, '#chart-sweep g.mark-symbol.role-mark path');
    expect(tip).toContain('policy.primaryFirst.share');
    await expectReadableAxes(page);
    // Headline metrics at each point, and each point's difference from the first.
    expect(await page.locator('table.sweep thead th').count()).toBe(3 + 5);
    expect(await page.locator('table.sweep tbody tr').count()).toBeGreaterThan(5);
    expect(await page.locator('table.comparison tbody tr').count()).toBeGreaterThan(5);
    expect(await page.locator('table.comparison .sig').count()).toBeGreaterThan(0);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'report-screenshot-sweep.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
