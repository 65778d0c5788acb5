import { ArgumentError } from '../../errors';
import type { FrameBoundNode, WindowFrameNode } from '../nodes';
import * as n from '../nodes';

/** One end of a window frame: a fixed keyword, or a number of rows / range units before or after. */
export type FrameBound =
  | 'unboundedPreceding'
  | 'currentRow'
  | 'unboundedFollowing'
  | {
      /** `n PRECEDING`. */
      readonly preceding: number;
    }
  | {
      /** `n FOLLOWING`. */
      readonly following: number;
    };

/**
 * A window frame as data: `{ rows: ['unboundedPreceding', 'currentRow'] }` is
 * `ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW`; `{ range: [{ preceding: 3 }, 'currentRow'] }`
 * is `RANGE BETWEEN 3 PRECEDING AND CURRENT ROW`. Offsets are non-negative integers.
 */
export type WindowFrameSpec =
  | {
      /** `ROWS BETWEEN start AND end`. */
      readonly rows: readonly [FrameBound, FrameBound];
    }
  | {
      /** `RANGE BETWEEN start AND end`. */
      readonly range: readonly [FrameBound, FrameBound];
    };

/** Frames accepted as text: exactly these, nothing else reaches the SQL. */
const FRAME_TEXTS = {
  'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW': { rows: ['unboundedPreceding', 'currentRow'] },
  'ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING': {
    rows: ['unboundedPreceding', 'unboundedFollowing'],
  },
  'ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING': { rows: ['currentRow', 'unboundedFollowing'] },
  'RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW': { range: ['unboundedPreceding', 'currentRow'] },
  'RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING': {
    range: ['unboundedPreceding', 'unboundedFollowing'],
  },
} as const satisfies Record<string, WindowFrameSpec>;

/** Window frames accepted by `over({ frame })`: one of the fixed texts, or a `WindowFrameSpec`. */
export type WindowFrame = keyof typeof FRAME_TEXTS | WindowFrameSpec;

const KEYWORD_BOUNDS = new Set(['unboundedPreceding', 'currentRow', 'unboundedFollowing']);

function boundNode(bound: unknown): FrameBoundNode {
  if (typeof bound === 'string' && KEYWORD_BOUNDS.has(bound)) {
    return n.frameBound(bound as 'currentRow', undefined);
  }
  if (typeof bound === 'object' && bound !== null) {
    const entries = Object.entries(bound);
    const [direction, offset] = entries[0] ?? [];
    if (
      entries.length === 1 &&
      (direction === 'preceding' || direction === 'following') &&
      Number.isSafeInteger(offset) &&
      (offset as number) >= 0
    ) {
      return n.frameBound(direction, offset as number);
    }
  }
  throw new ArgumentError(
    `over({ frame }): ${JSON.stringify(bound) ?? String(bound)} is not a frame bound; expected ` +
      "'unboundedPreceding', 'currentRow', 'unboundedFollowing', { preceding: n } or { following: n } " +
      'with n a non-negative integer',
  );
}

/**
 * A frame as a node. Text is accepted only when it is one of the fixed frame texts: a cast that
 * slips any other string past the types is an ArgumentError, never SQL.
 * @internal
 */
export function windowFrameNode(frame: unknown): WindowFrameNode | undefined {
  if (frame === undefined) return undefined;
  let spec: unknown = frame;
  if (typeof frame === 'string') {
    if (!Object.prototype.hasOwnProperty.call(FRAME_TEXTS, frame)) {
      throw new ArgumentError(
        `over({ frame }): ${JSON.stringify(frame.slice(0, 80))} is not a known frame; use one of ` +
          `${Object.keys(FRAME_TEXTS).join(', ')}, or a frame object such as ` +
          "{ rows: [{ preceding: 2 }, 'currentRow'] }",
      );
    }
    spec = FRAME_TEXTS[frame as keyof typeof FRAME_TEXTS];
  }
  const keys = typeof spec === 'object' && spec !== null ? Object.keys(spec) : [];
  const mode = keys[0];
  const bounds = keys.length === 1 ? (spec as Record<string, unknown>)[mode!] : undefined;
  if ((mode !== 'rows' && mode !== 'range') || !Array.isArray(bounds) || bounds.length !== 2) {
    throw new ArgumentError(
      'over({ frame }): expected { rows: [start, end] } or { range: [start, end] }, ' +
        `got ${JSON.stringify(frame) ?? String(frame)}`,
    );
  }
  return n.windowFrame(mode === 'rows' ? 'ROWS' : 'RANGE', boundNode(bounds[0]), boundNode(bounds[1]));
}
