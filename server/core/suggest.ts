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
  for (const candidate of candidates) {
    if (candidate === written) continue;
    const sameLast = lastSegment !== '' && candidate.slice(candidate.lastIndexOf('/') + 1).toLowerCase() === lastSegment;
    const bound = sameLast ? movedLimit : limit;
    const distance = editDistance(written.toLowerCase(), candidate.toLowerCase(), bound);
    if (distance > bound) continue;
    const score = distance;
    if (score < bestScore || (score === bestScore && best !== undefined && candidate < best)) {
      best = candidate;
      bestScore = score;
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
