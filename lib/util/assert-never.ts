/** Exhaustiveness check for `switch` over discriminated unions. @internal */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
