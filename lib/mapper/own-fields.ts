/**
 * Mapped attributes live in prototype accessors (`instrumentation.ts`). With
 * `useDefineForClassFields` — the default from `target: ES2022` on — every class field becomes an
 * own property of the instance (`Object.defineProperty`, even `id!: number` without an
 * initializer), which hides those accessors: the ORM would never see the values. So own properties
 * of mapped attributes are adopted: removed, and their values (field initializers' or the
 * constructor's) assigned again through the accessors, exactly as the same class compiled without
 * the flag assigns them. This happens when the constructor returns (the class `@Table` returns
 * adopts on construction) and, for classes mapped otherwise, when the object first gets its state.
 */
import type { EntityDeclaration } from './declaration';
import { isOwnSynonym } from './synonym';

/**
 * Prototype of a mapped class → what the class declares: all that adoption needs to know, before
 * any mapper is configured. Kept here rather than read from the mappers, so that adoption depends
 * on declarations only.
 */
const declarations = new WeakMap<object, EntityDeclaration>();

/** @internal Called by `Registry.map()` for each class it maps. */
export function registerDeclaredFields(prototype: object, declaration: EntityDeclaration): void {
  declarations.set(prototype, declaration);
}

/** True when `key` is mapped by the class of `proto` or a mapped ancestor (nothing is configured). */
function isMappedKey(proto: object | null, key: string): boolean {
  for (let p = proto; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    const decl = declarations.get(p);
    if (
      decl !== undefined &&
      (decl.columns.has(key) || decl.relationships.has(key) || decl.expressions?.has(key) === true)
    )
      return true;
    if (isOwnSynonym(p, key)) return true;
  }
  return false;
}

/**
 * Moves the own properties of `obj` that shadow mapped attributes into the instrumented
 * attributes. `undefined` values (fields declared without an initializer) are only removed, so an
 * unset attribute stays unset, as without the flag. Cheap when there is nothing to adopt (objects
 * of classes compiled without the flag, hydrated objects): one `Object.keys` of an empty object.
 *
 * @example
 * class User { @Column() email = 'a@b'; } // compiled with useDefineForClassFields
 * adoptOwnFields(user); // Object.keys(user) → []; user.email → 'a@b', now in the instance state
 */
export function adoptOwnFields(obj: object): void {
  const own = Object.keys(obj);
  if (own.length === 0) return;
  const proto = Object.getPrototypeOf(obj) as object | null;
  const record = obj as Record<string, unknown>;
  let values: [string, unknown][] | undefined;
  for (const key of own) {
    if (!isMappedKey(proto, key)) continue;
    const value = record[key];
    // Every shadowing property goes before any is assigned: an assignment may create the
    // state, whose creation adopts again and must find nothing left.
    if (!Reflect.deleteProperty(record, key)) continue;
    if (value !== undefined) (values ??= []).push([key, value]);
  }
  if (values !== undefined) for (const [key, value] of values) record[key] = value;
}

/** Adopting class → the class it was made for. */
const originals = new WeakMap<object, object>();

/**
 * A subclass of `cls` with the same name whose constructor adopts the own properties that shadow
 * mapped attributes, so an object is fully instrumented as soon as `new` returns: setting a
 * relationship keeps the other side in sync, and an unset collection reads as an empty one, as
 * with the flag off. A subclass rather than a Proxy, so that metadata other libraries keep on the
 * original class (reflect-metadata, class-validator, class-transformer) is still found through the
 * prototype chain. What `@Table` returns.
 *
 * @example
 * const Mapped = adoptingClass(User); // new Mapped() instanceof User
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function adoptingClass<C extends Function>(cls: C): C {
  const Base = cls as unknown as new (...args: unknown[]) => object;
  const name = cls.name;
  const Adopting = {
    [name]: class extends Base {
      constructor(...args: unknown[]) {
        super(...args);
        adoptOwnFields(this);
      }
    },
  }[name]!;
  Object.defineProperty(Adopting, 'length', { value: cls.length });
  originals.set(Adopting, cls);
  return Adopting as unknown as C;
}

/** The class `adoptingClass()` was given for `cls`, or `cls` itself. @internal */
export function originalClass(cls: object): object {
  return originals.get(cls) ?? cls;
}
