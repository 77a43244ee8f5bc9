import { join } from 'node:path';
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { chartsFor } from '../../src/report/charts.js';
import { toVega } from '../../src/report/render.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** The tick labels of each axis a spec draws, read from Vega's scenegraph after a headless run. */
export async function axisLabels(spec: TopLevelSpec): Promise<Array<{ title: string; labels: string[] }>> {
  const view = new vega.View(vega.parse(toVega(spec)), { renderer: 'none' });
  await view.runAsync();
  const found: Array<{ title: string; labels: string[] }> = [];
  const walk = (node: any, title: string): void => {
    if (!node) return;
    if (node.marktype) {
      if (node.role === 'axis-label') found.push({ title, labels: node.items.map((i: any) => String(i.text)) });
      for (const item of node.items ?? []) walk(item, title);
      return;
    }
    let axisTitle = title;
    const titleMark = (node.items ?? []).find((m: any) => m.role === 'axis-title');
    if (titleMark?.items?.[0]) axisTitle = [titleMark.items[0].text].flat().join(' ');
    for (const child of node.items ?? []) walk(child, axisTitle);
  };
  walk((view.scenegraph() as any).root, '');
  view.finalize();
  return found;
}

describe('axis tick labels', () => {
  for (const kind of ['run', 'compare', 'sweep']) {
    it(`${kind}: no axis repeats a label, none uses exponent notation`, async () => {
      const { charts } = await chartsFor(join(FIXTURES, `results-${kind}-small`));
      for (const { name, spec } of charts) {
        const axes = await axisLabels(spec);
        expect(axes.length, name).toBeGreaterThan(0);
        for (const { title, labels } of axes) {
          console.log(name, '|', title, '|', labels.join(' ; '));
          expect(new Set(labels).size, `${name} / ${title}: ${labels.join(', ')}`).toBe(labels.length);
          for (const l of labels) expect(l, `${name} / ${title}`).not.toMatch(/\de[+-]?\d/i);
        }
      }
    });
  }
});
