import { readFileSync } from 'node:fs';
import { libPath, tsFiles } from './lib-files';

/**
 * Comments a newcomer can follow: they explain the code in its own terms, never by pointing at an
 * issue tracker or a benchmark's label, and a doc comment sits right above what it documents.
 */
const TRACKER_OR_BENCHMARK_LABEL = /\b[Ii]ssue\s*#?\d+|\bW\d+[a-z]?\b|\bbench_\w+/;

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n');
}

/** Lines that mention an issue number or a benchmark label. */
function labelsIn(file: string): string[] {
  return lines(file).flatMap((line, i) =>
    TRACKER_OR_BENCHMARK_LABEL.test(line) ? [`${libPath(file)}:${i + 1}: ${line.trim()}`] : [],
  );
}

/** Doc comments followed directly by another doc comment: the first documents nothing. */
function strandedDocComments(file: string): string[] {
  const text = lines(file);
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (!text[i]!.trim().startsWith('/**')) continue;
    let end = i;
    while (end < text.length && !text[end]!.includes('*/')) end++;
    if (text[end + 1]?.trim().startsWith('/**')) found.push(`${libPath(file)}:${i + 1}: ${text[i]!.trim()}`);
    i = end;
  }
  return found;
}

describe('comments in lib/', () => {
  const files = tsFiles();

  it('name no issue number or benchmark label', () => {
    expect(files.flatMap(labelsIn)).toEqual([]);
  });

  it('put each doc comment right above its declaration', () => {
    expect(files.flatMap(strandedDocComments)).toEqual([]);
  });

  it('the patterns find what they look for (the checks can fail)', () => {
    for (const label of ['(issue 6)', 'see W3j', 'the bench_item table', 'issue #12']) {
      expect(TRACKER_OR_BENCHMARK_LABEL.test(label)).toBe(true);
    }
    for (const fine of ['a W-shaped join', 'issues a query', 'WITH RECURSIVE', 'W3C']) {
      expect(TRACKER_OR_BENCHMARK_LABEL.test(fine)).toBe(false);
    }
  });
});
