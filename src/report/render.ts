/**
 * Headless rendering of Vega-Lite specs: compile to Vega, render with a Vega View (renderer 'none')
 * to SVG, and rasterise the SVG to PNG with resvg (no native canvas).
 */
import { existsSync } from 'node:fs';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Font files tried, in order, for PNG text (resvg also loads the system's fonts). */
const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  '/usr/share/fonts/liberation/LiberationSans-Regular.ttf',
];

const fontFiles = FONT_CANDIDATES.filter((f) => existsSync(f));
const defaultFamily = fontFiles.some((f) => f.includes('DejaVu')) ? 'DejaVu Sans' : 'Liberation Sans';

/** Compiles a Vega-Lite spec to a Vega spec. @throws Error on an invalid spec. */
export function toVega(spec: TopLevelSpec): vega.Spec {
  return compile(spec).spec;
}

/** Renders a Vega-Lite spec to an SVG document (string) without a browser. */
export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(toVega(spec)), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The pixel width and height an SVG document declares. */
export function svgSize(svg: string): { width: number; height: number } {
  const tag = /<svg[^>]*>/.exec(svg)?.[0] ?? '';
  const num = (name: string) => Number(new RegExp(`\\b${name}="([0-9.]+)"`).exec(tag)?.[1] ?? NaN);
  return { width: num('width'), height: num('height') };
}

/**
 * resvg options for `scale` device pixels per SVG pixel on white. Text needs a font: the system's
 * fonts are loaded, DejaVu Sans (or Liberation Sans) is preferred and stands in for any family the
 * SVG names but the machine lacks.
 */
export function rasterOptions(scale: number): ResvgRenderOptions {
  return {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, fontFiles, defaultFontFamily: defaultFamily, sansSerifFamily: defaultFamily },
  };
}

/** Rasterises an SVG to PNG at `scale` device pixels per SVG pixel (white background). */
export function toPng(svg: string, scale = 2): Buffer {
  return new Resvg(svg, rasterOptions(scale)).render().asPng();
}
