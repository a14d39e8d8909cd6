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

/** Levenshtein distance, giving up (returning more than `bound`) once it must exceed it. */
export function editDistance(a: string, b: string, bound = Infinity): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > bound) return bound + 1;
    previous = current;
  }
  return previous[b.length];
}
