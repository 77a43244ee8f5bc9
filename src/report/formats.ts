/** Chart file formats: the Vega-Lite spec (`.vl.json`, data inlined), SVG, PNG. */
export const CHART_FORMATS = ['svg', 'png', 'vl'] as const;
export type ChartFormat = (typeof CHART_FORMATS)[number];
