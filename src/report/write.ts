/** `tiersim chart`: every applicable chart of a results folder as .vl.json, .svg and/or .png. */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CHARTS_MARKER, withOutput } from '../io/output.js';
import { VERSION } from '../version.js';
import { chartsFor } from './charts.js';
import { toPng, toSvg } from './render.js';

import { CHART_FORMATS, type ChartFormat } from './formats.js';

export { CHART_FORMATS, type ChartFormat };

/** Device pixels per chart pixel in PNG files. */
export const PNG_SCALE = 2;

/**
 * Writes each chart of `resultsDir` in each of `formats` into `outDir` (default
 * `<resultsDir>/charts`), under the output policy (src/io/output.ts): the folder is written
 * atomically with its own marker, `manifest.json` (`"format": "tiersim-charts"` and its `files`), and
 * an existing charts folder is replaced only with `force`. Nothing is written when the folder is not
 * a tiersim results folder.
 * @returns the paths of the charts written
 * @throws ResultsFolderError for a folder that is not a readable tiersim results folder;
 *   OutputError when `outDir` may not be written.
 */
export async function writeCharts(
  resultsDir: string,
  formats: readonly ChartFormat[] = CHART_FORMATS,
  outDir?: string,
  opts: { force?: boolean } = {},
): Promise<string[]> {
  const ownFolder = join(resolve(resultsDir), 'charts');
  const { charts } = await chartsFor(resultsDir);
  const files: string[] = [];
  const request = {
    target: outDir ?? ownFolder, kind: 'charts' as const, force: opts.force,
    inputs: [{ path: resultsDir, folder: true }], allowed: ownFolder,
  };
  const out = await withOutput(request, (output) => output.write(async (tmp) => {
    for (const { name, spec } of charts) {
      if (formats.includes('vl')) {
        await writeFile(join(tmp, `${name}.vl.json`), JSON.stringify(spec, null, 2) + '\n');
        files.push(`${name}.vl.json`);
      }
      if (formats.includes('svg') || formats.includes('png')) {
        const svg = await toSvg(spec);
        if (formats.includes('svg')) {
          await writeFile(join(tmp, `${name}.svg`), svg);
          files.push(`${name}.svg`);
        }
        if (formats.includes('png')) {
          await writeFile(join(tmp, `${name}.png`), toPng(svg, PNG_SCALE));
          files.push(`${name}.png`);
        }
      }
    }
    const marker = { format: CHARTS_MARKER, formatVersion: 1, tiersimVersion: VERSION, createdAt: new Date().toISOString(), files: [...files, 'manifest.json'] };
    await writeFile(join(tmp, 'manifest.json'), JSON.stringify(marker, null, 2) + '\n');
  }));
  return files.map((f) => join(out, f));
}
