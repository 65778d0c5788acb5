import type { CompiledQuery } from '../compiled-query';
import { compiledFromTemplate } from './compiled-from-template';
import { bindValue, type BindParamNode, type TextFragmentNode } from '../nodes';
import { isNullConverting } from './null-binding';
import type { ParamSource } from './statement-cache';

type BindProcessor = (v: unknown) => unknown;

/**
 * A statement compiled once for runs that differ only in the values of some of its bind nodes
 * (its slots): `bind(values)` gives the compiled query for those values without building, keying
 * or walking a tree. What the ORM runs over and over with new keys (get by primary key) keeps one.
 * Every other parameter is read from its node on each bind, as a statement-cache hit does, so a
 * callable bind parameter still gives its current value.
 * @internal
 */
export class PreparedQuery {
  private constructor(
    private readonly template: Omit<CompiledQuery, 'params'>,
    /** Per parameter: the index of its slot, or -1 for a parameter read from its node. */
    private readonly slotOf: Int32Array,
    private readonly sources: readonly ParamSource[],
    private readonly processors: readonly (BindProcessor | undefined)[],
  ) {}

  /**
   * The prepared form of `compiled`, whose parameters came from `sources` through `processors`;
   * undefined when a parameter's source is unknown or a slot is not among the sources.
   */
  static of(
    compiled: CompiledQuery,
    sources: readonly (ParamSource | undefined)[],
    processors: readonly (BindProcessor | undefined)[],
    slots: readonly BindParamNode[],
  ): PreparedQuery | undefined {
    const slotOf = new Int32Array(sources.length);
    const found = new Set<number>();
    const known: ParamSource[] = [];
    for (let i = 0; i < sources.length; i++) {
      const source = sources[i];
      if (source === undefined) return undefined;
      const slot = 'fragment' in source ? -1 : slots.indexOf(source);
      slotOf[i] = slot;
      if (slot >= 0) found.add(slot);
      known.push(source);
    }
    if (found.size !== slots.length) return undefined;
    const { params: _params, ...template } = compiled;
    return new PreparedQuery(Object.freeze(template), slotOf, known, [...processors]);
  }

  /** The compiled query with `values[i]` in the place of slot `i`, converted as a compile would. */
  bind(values: readonly unknown[]): CompiledQuery {
    const n = this.slotOf.length;
    const params = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const slot = this.slotOf[i]!;
      let v: unknown;
      if (slot >= 0) v = values[slot];
      else {
        const source = this.sources[i]!;
        v =
          'fragment' in source
            ? (source.fragment as TextFragmentNode).params[source.name]
            : bindValue(source);
      }
      const proc = this.processors[i];
      if (proc !== undefined && v !== undefined && (v !== null || isNullConverting(proc))) v = proc(v);
      params[i] = v === undefined ? null : v;
    }
    return compiledFromTemplate(this.template, params);
  }
}
