/**
 * Synonyms: another name for a mapped column attribute (`@Synonym('name') uname!: string`).
 * Reading and writing the synonym read and write the column attribute (so history, `isModified`,
 * expiry and merge are the column's); `attrs(User).uname` is the column's expression, and ORM
 * bulk `values({ uname })` set the column.
 */
import { ConfigurationError } from '../errors';

/**
 * What synonyms need of a mapper (a structural type: this module is imported by instance state
 * and own-field adoption, below the mapper).
 */
interface SynonymOwner {
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly class_: Function;
  readonly columnPropsByKey: ReadonlyMap<string, unknown>;
}

/** Synonyms declared on each class, by prototype: synonym key → the key it names. */
const declared = new WeakMap<object, Map<string, string>>();

/**
 * @internal Records that `key` of the class of `proto` is another name for `target`, and installs
 * the accessor that forwards to it.
 */
export function declareSynonym(proto: object, key: string, target: string): void {
  let own = declared.get(proto);
  if (own === undefined) declared.set(proto, (own = new Map()));
  own.set(key, target);
  Object.defineProperty(proto, key, {
    configurable: true,
    enumerable: false,
    get(this: Record<string, unknown>): unknown {
      return this[target];
    },
    set(this: Record<string, unknown>, value: unknown): void {
      this[target] = value;
    },
  });
}

/** @internal Whether the class of `proto` itself declares `key` as a synonym. */
export function isOwnSynonym(proto: object, key: string): boolean {
  return declared.get(proto)?.has(key) ?? false;
}

/** The synonyms declared on `mapper`'s class and its ancestors: key → the key each names. */
function declaredOn(mapper: SynonymOwner): Map<string, string> {
  const out = new Map<string, string>();
  for (
    let p = mapper.class_.prototype as object | null;
    p !== null && p !== Object.prototype;
    p = Object.getPrototypeOf(p) as object | null
  ) {
    for (const [key, target] of declared.get(p) ?? []) if (!out.has(key)) out.set(key, target);
  }
  return out;
}

const resolved = new WeakMap<SynonymOwner, ReadonlyMap<string, string>>();

/**
 * The synonyms of a configured mapper, each resolved to the column attribute it names (through
 * synonyms of synonyms). A synonym naming no column attribute is a `ConfigurationError`.
 */
export function synonymsOf(mapper: SynonymOwner): ReadonlyMap<string, string> {
  let out = resolved.get(mapper);
  if (out !== undefined) return out;
  const names = declaredOn(mapper);
  const map = new Map<string, string>();
  for (const [key, first] of names) {
    let target = first;
    const seen = new Set([key]);
    while (names.has(target)) {
      if (seen.has(target)) {
        throw new ConfigurationError(`${mapper.name}.${key}: @Synonym names itself through ${target}`);
      }
      seen.add(target);
      target = names.get(target)!;
    }
    if (!mapper.columnPropsByKey.has(target)) {
      throw new ConfigurationError(
        `${mapper.name}.${key}: @Synonym('${first}') names no column attribute of ${mapper.name}`,
      );
    }
    map.set(key, target);
  }
  out = map;
  resolved.set(mapper, out);
  return out;
}

/** The attribute `key` stands for: the column attribute a synonym names, else `key` itself. */
export function resolveAttributeKey(mapper: SynonymOwner, key: string): string {
  return synonymsOf(mapper).get(key) ?? key;
}
