/**
 * The migration history as a graph: each revision names the revision(s) it follows
 * (`downRevision`: none for a base, one for a step, several for a merge). Heads are revisions no
 * other follows. What is applied is the set of ancestors of the rows in the version table, so a
 * branch and a merge need no special cases: upgrading applies what the target's ancestry lacks,
 * parents first; downgrading removes what the target's ancestry does not hold, children first.
 */
import { DuplicateRevisionError, MigrationError } from '../errors';
import type { MigrationOps } from './op';

/** What a migration file exports. */
export interface MigrationModule {
  /** This revision's id (letters, digits and _). */
  readonly revision: string;
  /** The revision it follows: null for a base, a list for a merge. */
  readonly downRevision: string | readonly string[] | null;
  /** What the revision does, in a few words. */
  readonly message?: string;
  /** Records the operations that apply the revision. */
  upgrade(op: MigrationOps): void | Promise<void>;
  /** Records the operations that undo it. */
  downgrade(op: MigrationOps): void | Promise<void>;
}

/** A revision of the history. */
export interface Revision {
  /** The revision's id. */
  readonly id: string;
  /** The revisions it follows (none for a base, several for a merge). */
  readonly downRevisions: readonly string[];
  /** Its message ('' when the file gives none). */
  readonly message: string;
  /** The file it was loaded from, when it was. */
  readonly path: string | undefined;
  /** The migration file's exports. */
  readonly module: MigrationModule;
}

/** A revision from a module, its exports checked. */
export function revisionOf(module: Partial<MigrationModule>, path?: string): Revision {
  const where = path ?? 'a migration';
  if (typeof module.revision !== 'string' || !/^[A-Za-z0-9_]+$/.test(module.revision))
    throw new MigrationError(`${where} must export revision, a string of letters, digits and _`);
  const down = module.downRevision;
  const downRevisions =
    down === null
      ? []
      : typeof down === 'string'
        ? [down]
        : Array.isArray(down)
          ? [...(down as string[])]
          : undefined;
  if (downRevisions === undefined || downRevisions.some((d) => typeof d !== 'string'))
    throw new MigrationError(`${where} must export downRevision: a revision, a list of revisions, or null`);
  if (typeof module.upgrade !== 'function' || typeof module.downgrade !== 'function')
    throw new MigrationError(`${where} must export the functions upgrade(op) and downgrade(op)`);
  return Object.freeze({
    id: module.revision,
    downRevisions: Object.freeze(downRevisions),
    message: module.message ?? '',
    path,
    module: module as MigrationModule,
  });
}

/** The revisions of a history, linked: heads, bases, ancestry, and the order to run them in. */
export class RevisionGraph {
  private readonly byId = new Map<string, Revision>();
  private readonly children = new Map<string, string[]>();
  /** Every revision, parents before children. */
  readonly ordered: readonly Revision[];

  /**
   * Links the revisions. Throws DuplicateRevisionError for a repeated id, MigrationError for a
   * revision following one no migration defines.
   */
  constructor(revisions: readonly Revision[]) {
    for (const r of revisions) {
      const other = this.byId.get(r.id);
      if (other !== undefined) throw new DuplicateRevisionError(r.id, [other.path ?? '?', r.path ?? '?']);
      this.byId.set(r.id, r);
      this.children.set(r.id, []);
    }
    for (const r of revisions) {
      for (const d of r.downRevisions) {
        if (!this.byId.has(d))
          throw new MigrationError(`revision ${r.id} follows ${d}, which no migration defines`);
        this.children.get(d)!.push(r.id);
      }
    }
    this.ordered = Object.freeze(this.topological(revisions));
  }

  private topological(revisions: readonly Revision[]): Revision[] {
    const state = new Map<string, 'visiting' | 'done'>();
    const out: Revision[] = [];
    const visit = (r: Revision, path: string[]) => {
      const s = state.get(r.id);
      if (s === 'done') return;
      if (s === 'visiting')
        throw new MigrationError(`the history has a cycle: ${[...path, r.id].join(' -> ')}`);
      state.set(r.id, 'visiting');
      for (const d of r.downRevisions) visit(this.byId.get(d)!, [...path, r.id]);
      state.set(r.id, 'done');
      out.push(r);
    };
    for (const r of [...revisions].sort((a, b) => a.id.localeCompare(b.id))) visit(r, []);
    return out;
  }

  /** How many revisions the history holds. */
  get size(): number {
    return this.byId.size;
  }

  /** The revision `id` names: the whole id or a unique prefix of one. */
  get(id: string): Revision {
    const exact = this.byId.get(id);
    if (exact !== undefined) return exact;
    const matches = [...this.byId.keys()].filter((k) => k.startsWith(id));
    if (matches.length === 1) return this.byId.get(matches[0]!)!;
    if (matches.length > 1)
      throw new MigrationError(`revision '${id}' is ambiguous: ${matches.sort().join(', ')}`);
    throw new MigrationError(`no revision '${id}'`);
  }

  /** Revisions no other follows, in history order. */
  heads(): string[] {
    return this.ordered.filter((r) => this.children.get(r.id)!.length === 0).map((r) => r.id);
  }

  /** The revisions that follow none, in order. */
  bases(): string[] {
    return this.ordered.filter((r) => r.downRevisions.length === 0).map((r) => r.id);
  }

  /** The revisions that follow `id` directly. */
  childrenOf(id: string): readonly string[] {
    return this.children.get(id) ?? [];
  }

  /** `ids` and every revision they follow, directly or not. */
  ancestry(ids: Iterable<string>): Set<string> {
    const seen = new Set<string>();
    const stack = [...ids];
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...this.get(id).downRevisions);
    }
    return seen;
  }

  /** The heads of a set of applied revisions: what the version table holds for it. */
  headsOf(applied: ReadonlySet<string>): string[] {
    return this.ordered
      .filter((r) => applied.has(r.id) && !this.children.get(r.id)!.some((c) => applied.has(c)))
      .map((r) => r.id);
  }

  /** The revisions of a set, in history order. */
  inOrder(ids: ReadonlySet<string>): Revision[] {
    return this.ordered.filter((r) => ids.has(r.id));
  }

  /** The single head, or an error listing them. */
  singleHead(): string | undefined {
    const heads = this.heads();
    if (heads.length > 1)
      throw new MigrationError(
        `the history has ${heads.length} heads (${heads.join(', ')}): name one, use 'heads', or merge them (athanor merge)`,
      );
    return heads[0];
  }
}
