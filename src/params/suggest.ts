/**
 * Suggestions in messages: the known name closest to a mistyped one ("did you mean ...?").
 */

/** Levenshtein edit distance. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The known key closest to `key`: a case-insensitive match, else the nearest one
 * within edit distance 2; undefined when none is close.
 */
export function closestKey(key: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDist = 3;
  for (const k of known) {
    if (k.toLowerCase() === key.toLowerCase()) return k;
    if (Math.abs(k.length - key.length) >= bestDist) continue; // the distance is at least the difference in length
    const d = editDistance(key, k);
    if (d < bestDist) [best, bestDist] = [k, d];
  }
  return best;
}

/**
 * The suffix `; did you mean \`x\`?` for the closest known key; failing that,
 * the list of known keys when it is short (up to 8); else an empty string.
 */
export function didYouMean(key: string, known: Iterable<string>): string {
  const keys = [...known];
  const k = closestKey(key, keys);
  if (k !== undefined) return `; did you mean \`${k}\`?`;
  return keys.length > 0 && keys.length <= 8 ? ` (known keys: ${keys.join(', ')})` : '';
}
