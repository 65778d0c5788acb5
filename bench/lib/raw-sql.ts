/** Helpers the hand-written raw-driver entries share. */
import type { ChildLike, ParentLike } from './types';

export type ChildRow = ChildLike & { parentId: number };

/** `?, ?, …` for `n` values. */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** Parents with their children attached, in the parents' order (children in the rows' order). */
export function groupChildren(
  parents: { id: number; name: string; createdAt: Date }[],
  kids: ChildRow[],
): ParentLike[] {
  const byId = new Map<number, ChildLike[]>();
  const out = parents.map((p) => {
    const children: ChildLike[] = [];
    byId.set(p.id, children);
    return { id: p.id, name: p.name, createdAt: p.createdAt, children };
  });
  for (const k of kids) byId.get(k.parentId)!.push(k);
  return out;
}
