/**
 * Checking the paths of an `uncertainty:` block (src/scenario/uncertainty.ts) against the scenario
 * schema. Apart from the block's schema, as the schema's JSON form is built from the scenario schema.
 */
import { schemaAt, type JsonSchemaNode } from './jsonSchema.js';
import { formatPath, parsePath, type PathSegment } from './paths.js';
import type { UncertainDist } from './uncertainty.js';

/** Does a schema node accept numbers, and only whole ones? */
function numericKind(nodes: readonly JsonSchemaNode[]): 'number' | 'integer' | undefined {
  const types = nodes.flatMap((n) => (Array.isArray(n.type) ? n.type : n.type ? [n.type] : []));
  if (types.includes('number')) return 'number';
  if (types.includes('integer')) return 'integer';
  return undefined;
}

/** One uncertain parameter, checked: its path as written and parsed, and whether draws are rounded. */
export interface UncertainParam {
  path: string;
  segments: PathSegment[];
  dist: UncertainDist;
  /** The field takes whole numbers: draws are rounded to the nearest one. */
  integer: boolean;
}

/**
 * Checks each path of an `uncertainty:` block against the scenario schema: it must name a numeric
 * field outside `simulation`, `uncertainty` and `extends`. `check` is the path checker of
 * `--param` (unknown fields with a did-you-mean). Returns the parameters and the problems, by key.
 */
export function checkUncertainPaths(
  block: Record<string, UncertainDist>,
  raw: unknown,
  check: (path: PathSegment[], raw: unknown) => string | undefined,
): { params: UncertainParam[]; problems: Array<{ key: string; message: string }> } {
  const params: UncertainParam[] = [];
  const problems: Array<{ key: string; message: string }> = [];
  for (const [key, dist] of Object.entries(block)) {
    let segments: PathSegment[];
    try {
      segments = parsePath(key);
    } catch (err) {
      problems.push({ key, message: (err as Error).message });
      continue;
    }
    if (['simulation', 'uncertainty', 'extends', 'name', '$schema'].includes(String(segments[0]))) {
      problems.push({ key, message: `${formatPath(segments.slice(0, 1))} cannot be uncertain (simulation settings are given with --days, --replications, ...)` });
      continue;
    }
    const problem = check(segments, raw);
    if (problem) {
      problems.push({ key, message: problem });
      continue;
    }
    const kind = numericKind(schemaAt(segments, raw));
    if (!kind) {
      problems.push({ key, message: `${formatPath(segments)} is not a numeric field, so it cannot take a distribution` });
      continue;
    }
    params.push({ path: key, segments, dist, integer: kind === 'integer' });
  }
  return { params, problems };
}
