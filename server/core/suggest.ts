/**
 * The candidate fewest edits away from what was written, for "did you mean", if it is near
 * enough to be what was meant; ties go to the alphabetically first.
 */
export function closestMatch(written: string, candidates: Iterable<string>): string | undefined {
  const lastSegment = written.slice(written.lastIndexOf('/') + 1).toLowerCase();
  const limit = Math.max(2, Math.floor(written.length / 3));
  // A page that kept its name but moved folder may be further away, within reason.
  const movedLimit = Math.max(limit, Math.floor(written.length / 2));
  let best: string | undefined;
  let bestScore = Infinity;
  const lowered = written.toLowerCase();
  for (const candidate of candidates) {
    if (candidate === written || Math.abs(candidate.length - written.length) > movedLimit) continue;
    const sameLast = lastSegment !== '' && candidate.slice(candidate.lastIndexOf('/') + 1).toLowerCase() === lastSegment;
    const bound = sameLast ? movedLimit : limit;
    // Only a candidate at least as close as the best so far matters, so stop past that.
    const distance = editDistance(lowered, candidate.toLowerCase(), Math.min(bound, bestScore));
    if (distance > bound) continue;
    if (distance < bestScore || (distance === bestScore && best !== undefined && candidate < best)) {
      best = candidate;
      bestScore = distance;
    }
  }
  return best;
}

// Two rows of the distance table, reused by every call: a call runs to its end without
// yielding and calls nothing that uses them, so no two calls ever hold them at once.
let previousRow = new Int32Array(128);
let currentRow = new Int32Array(128);

/** Levenshtein distance, giving up (returning more than `bound`) once it must exceed it. */
export function editDistance(a: string, b: string, bound = Infinity): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  // A shared prefix and suffix never change the distance; URLs share long prefixes.
  let start = 0;
  while (start < a.length && start < b.length && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  const m = endA - start;
  const n = endB - start;
  if (m === 0 || n === 0) return m + n;
  if (previousRow.length <= n) {
    previousRow = new Int32Array(2 * n + 1);
    currentRow = new Int32Array(2 * n + 1);
  }
  let previous = previousRow;
  let current = currentRow;
  for (let j = 0; j <= n; j++) previous[j] = j;
  for (let i = 1; i <= m; i++) {
    const code = a.charCodeAt(start + i - 1);
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const substitution = previous[j - 1] + (code === b.charCodeAt(start + j - 1) ? 0 : 1);
      const deletion = previous[j] + 1;
      const insertion = current[j - 1] + 1;
      let value = substitution < deletion ? substitution : deletion;
      if (insertion < value) value = insertion;
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > bound) return bound + 1;
    const swap = previous;
    previous = current;
    current = swap;
  }
  return previous[n];
}
