/** `tiersim chart`: every applicable chart of a results folder as .vl.json, .svg and/or .png. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeResultsAtomically } from '../metrics/tables.js';
import { chartsFor } from './charts.js';
import { toPng, toSvg } from './render.js';

import { CHART_FORMATS, type ChartFormat } from './formats.js';

export { CHART_FORMATS, type ChartFormat };

/** Device pixels per chart pixel in PNG files. */
export const PNG_SCALE = 2;

/**
 * Writes each chart of `resultsDir` in each of `formats` into `outDir` (default
 * `<resultsDir>/charts`), replacing that folder atomically. Nothing is written when the folder is
 * not a tiersim results folder.
 * @returns the paths written
 * @throws ResultsFolderError for a folder that is not a readable tiersim results folder.
 */
export async function writeCharts(
  resultsDir: string,
  formats: readonly ChartFormat[] = CHART_FORMATS,
  outDir: string = join(resultsDir, 'charts'),
): Promise<string[]> {
  const { charts } = await chartsFor(resultsDir);
  const files: string[] = [];
  await writeResultsAtomically(outDir, async (tmp) => {
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
  });
  return files.map((f) => join(outDir, f));
}
