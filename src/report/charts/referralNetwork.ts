/**
 * Chart: the referral network. The four tiers are boxes stacked bottom (village) to top (regional);
 * each route is an arrow whose width shows its rate (the same rate and unit as the referral-flows
 * bars, see {@link flowRates}): up routes run on the left, down routes on the right, each in its own
 * lane, labelled with the rate.
 */
import type { ColumnTable } from 'arquero';
import type { TopLevelSpec } from 'vega-lite';
import { TIERS } from '../../metrics/tables.js';
import { CHART_CONFIG, OTHER_COLORS } from '../theme.js';
import { type ChartContext, VEGA_LITE_SCHEMA, contextLine } from './common.js';
import { type FlowRate, flowRates, flowTooltip, rateLabel } from './referralFlows.js';

/** Half the width and half the height of a tier's box, in chart units (one unit between tiers). */
const BOX_HALF_WIDTH = 1;
const BOX_HALF_HEIGHT = 0.22;
/** Distance from a box to the first lane, and between lanes (units). */
const FIRST_LANE = 0.7;
const LANE_GAP = 1.4;
/** Widest arrow (px) and narrowest. */
const MAX_STROKE = 16;
const MIN_STROKE = 1.5;
const WIDTH = 620;
/** Gap (px) between a lane and its label: clear of the widest arrow. */
const LABEL_GAP = MAX_STROKE / 2 + 4;

const level = (tier: string) => (TIERS as readonly string[]).indexOf(tier);

/** Lanes for routes as [low, high] spans: the first lane whose routes neither overlap nor touch this one. */
function assignLanes(spans: Array<[number, number]>): number[] {
  const order = spans.map((s, i) => i).sort((a, b) => (spans[a][1] - spans[a][0]) - (spans[b][1] - spans[b][0]) || spans[a][0] - spans[b][0]);
  const lanes: Array<Array<[number, number]>> = [];
  const result = new Array<number>(spans.length);
  for (const i of order) {
    const [lo, hi] = spans[i];
    let k = lanes.findIndex((taken) => taken.every(([a, b]) => hi < a || lo > b));
    if (k < 0) { lanes.push([]); k = lanes.length - 1; }
    lanes[k].push(spans[i]);
    result[i] = k;
  }
  return result;
}

/**
 * Builds the referral-network spec from flows.csv rows (routes between tiers not in the four
 * tiers are left out).
 */
export function referralNetworkSpec(flows: ColumnTable, ctx: ChartContext = {}): TopLevelSpec {
  const rates = flowRates(flows, ctx);
  const routes = rates.rows.filter((r) => level(r.from_tier) >= 0 && level(r.to_tier) >= 0 && r.from_tier !== r.to_tier);
  const top = Math.max(0, ...routes.map((r) => r.rate ?? 0));
  const stroke = (rate: number | null) => (top > 0 && rate ? MIN_STROKE + (MAX_STROKE - MIN_STROKE) * (rate / top) : MIN_STROKE);

  const segments: Array<Record<string, unknown>> = [];
  const heads: Array<Record<string, unknown>> = [];
  const labels: Array<Record<string, unknown>> = [];
  let widest = 0;
  for (const side of [-1, 1]) {
    const mine = routes.filter((r) => (r.direction === 'up' ? -1 : 1) === side);
    const spans = mine.map((r): [number, number] => [Math.min(level(r.from_tier), level(r.to_tier)), Math.max(level(r.from_tier), level(r.to_tier))]);
    const lanes = assignLanes(spans);
    widest = Math.max(widest, ...lanes.map((k) => k + 1));
    // Where each route meets a box: spread over the box's height, inner lanes nearer the middle.
    const ends = new Map<string, number[]>();
    mine.forEach((r, i) => {
      for (const t of [r.from_tier, r.to_tier]) ends.set(t, [...(ends.get(t) ?? []), i]);
    });
    const offset = (tier: string, i: number) => {
      const at = (ends.get(tier) ?? []).sort((a, b) => lanes[a] - lanes[b]);
      const k = at.indexOf(i);
      return at.length < 2 ? 0 : (k / (at.length - 1) - 0.5) * 1.2 * BOX_HALF_HEIGHT * (mine[i].direction === 'up' ? 1 : -1);
    };
    mine.forEach((r: FlowRate, i) => {
      const x0 = side * BOX_HALF_WIDTH;
      const lane = side * (BOX_HALF_WIDTH + FIRST_LANE + lanes[i] * LANE_GAP);
      const y0 = level(r.from_tier) + offset(r.from_tier, i);
      const y1 = level(r.to_tier) + offset(r.to_tier, i);
      const w = stroke(r.rate);
      const base = { ...r, w };
      // Out of the box, along the lane, back into the other box (stopping short for the arrowhead).
      const tip = x0 + side * 0.18;
      segments.push({ ...base, x: x0, y: y0, x2: lane, y2: y0 }, { ...base, x: lane, y: y0, x2: lane, y2: y1 }, { ...base, x: lane, y: y1, x2: tip, y2: y1 });
      heads.push({ ...base, x: x0 + side * 0.1, y: y1, shape: side < 0 ? 'triangle-right' : 'triangle-left', area: (w * 2.2 + 6) ** 2 });
      labels.push({ ...base, x: lane, y: (y0 + y1) / 2, text: rateLabel(r.rate), align: side < 0 ? 'right' : 'left' });
    });
  }
  const reach = BOX_HALF_WIDTH + FIRST_LANE + Math.max(0, widest - 1) * LANE_GAP + 1.3;
  const nodes = TIERS.map((t) => ({ tier: t, x: -BOX_HALF_WIDTH, x2: BOX_HALF_WIDTH, y: level(t) - BOX_HALF_HEIGHT, y2: level(t) + BOX_HALF_HEIGHT, yc: level(t) }));
  const x = { type: 'quantitative' as const, scale: { domain: [-reach, reach], nice: false, zero: false }, axis: null };
  const y = { type: 'quantitative' as const, scale: { domain: [-0.5, TIERS.length - 0.5], nice: false, zero: false }, axis: null };
  const color = {
    field: 'direction', type: 'nominal' as const, title: 'Direction', sort: ['up', 'down'],
    scale: { domain: ['up', 'down'], range: [OTHER_COLORS[0], OTHER_COLORS[1]] },
  };
  const tooltip = flowTooltip(rates);
  const of = (kind: string) => [{ filter: { field: 'kind', equal: kind } }];

  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `Referral network (${rates.unit})`,
      subtitle: [contextLine(ctx), 'Arrow width proportional to the mean rate after warm-up; up on the left, down on the right'].filter(Boolean),
    },
    config: CHART_CONFIG,
    width: WIDTH,
    height: 90 * TIERS.length,
    data: {
      values: [
        ...nodes.map((d) => ({ kind: 'node', ...d })), ...segments.map((d) => ({ kind: 'segment', ...d })),
        ...heads.map((d) => ({ kind: 'head', ...d })), ...labels.map((d) => ({ kind: 'label', ...d })),
      ],
    },
    layer: [
      {
        transform: of('segment'),
        mark: { type: 'rule', strokeCap: 'butt' },
        encoding: { x: { ...x, field: 'x' }, y: { ...y, field: 'y' }, x2: { field: 'x2' }, y2: { field: 'y2' }, color, size: { field: 'w', type: 'quantitative', scale: null }, tooltip },
      },
      {
        transform: of('head'),
        mark: { type: 'point', filled: true, opacity: 1 },
        encoding: {
          x: { ...x, field: 'x' }, y: { ...y, field: 'y' }, color, shape: { field: 'shape', type: 'nominal', scale: null },
          size: { field: 'area', type: 'quantitative', scale: null }, tooltip,
        },
      },
      {
        transform: of('node'),
        mark: { type: 'rect', fill: '#f4f4f4', stroke: '#555555', strokeWidth: 1, cornerRadius: 3 },
        encoding: { x: { ...x, field: 'x' }, x2: { field: 'x2' }, y: { ...y, field: 'y' }, y2: { field: 'y2' } },
      },
      {
        transform: of('node'),
        mark: { type: 'text', fontSize: 13, fontWeight: 'bold', color: '#222222' },
        encoding: { x: { datum: 0, type: 'quantitative', scale: x.scale, axis: null }, y: { ...y, field: 'yc' }, text: { field: 'tier' } },
      },
      {
        transform: [...of('label'), { filter: "datum.align === 'right'" }],
        mark: { type: 'text', fontSize: 11, align: 'right', baseline: 'middle', color: '#222222', dx: -LABEL_GAP },
        encoding: { x: { ...x, field: 'x' }, y: { ...y, field: 'y' }, text: { field: 'text' } },
      },
      {
        transform: [...of('label'), { filter: "datum.align === 'left'" }],
        mark: { type: 'text', fontSize: 11, align: 'left', baseline: 'middle', color: '#222222', dx: LABEL_GAP },
        encoding: { x: { ...x, field: 'x' }, y: { ...y, field: 'y' }, text: { field: 'text' } },
      },
    ],
  } as TopLevelSpec;
}
