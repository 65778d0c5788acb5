import type { InstanceState } from '../mapper';

/**
 * The session's identity map: identity key (mapper + primary key) → the one object for that row.
 * A row already in the map is never hydrated twice.
 */
export class IdentityMap {
  private readonly byKey = new Map<string, InstanceState>();

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): InstanceState | undefined {
    return this.byKey.get(key);
  }

  add(state: InstanceState): void {
    if (state.key !== undefined) this.byKey.set(state.key, state);
  }

  /** Puts `state` under its key, displacing another state there; returns the displaced one. */
  replace(state: InstanceState): InstanceState | undefined {
    if (state.key === undefined) return undefined;
    const old = this.byKey.get(state.key);
    this.byKey.set(state.key, state);
    return old === state ? undefined : old;
  }

  remove(state: InstanceState): void {
    if (state.key !== undefined && this.byKey.get(state.key) === state) this.byKey.delete(state.key);
  }

  has(state: InstanceState): boolean {
    return state.key !== undefined && this.byKey.get(state.key) === state;
  }

  states(): IterableIterator<InstanceState> {
    return this.byKey.values();
  }

  clear(): void {
    this.byKey.clear();
  }
}
