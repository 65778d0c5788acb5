/**
 * The private slot that holds each mapped object's `InstanceState` (instance-state.ts types what
 * it holds: here it is any object).
 */

/**
 * Lets a derived constructor run on an existing object: a base constructor that returns `obj`
 * makes `obj` the `this` of the subclass constructor, so its private field is added to `obj`.
 */
class Receiver {
  constructor(obj: object) {
    return obj;
  }
}

/**
 * Holds each mapped object's state in a private field. Private fields are invisible to
 * `Object.keys`, spreads, `Object.assign` and JSON, like the non-enumerable property used before,
 * but adding one is a plain in-object store where `Object.defineProperty` took a runtime call per
 * object (about 1 ms per 10,000 hydrated rows).
 */
export class StateSlot extends Receiver {
  #state: object;

  private constructor(obj: object, state: object) {
    super(obj);
    this.#state = state;
  }

  static read(obj: object): object | undefined {
    return #state in obj ? obj.#state : undefined;
  }

  static write(obj: object, state: object): void {
    if (#state in obj) obj.#state = state;
    else new StateSlot(obj, state);
  }
}
