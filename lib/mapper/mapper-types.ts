/**
 * The mapper's class as the modules below mapper.ts name it. A `Mapper` names its relationships
 * and makes its objects' states, and each of them names its `Mapper`: the types are mutually
 * recursive, while the modules must form a chain (mapper.ts imports instance-state.ts, not the
 * reverse). A structural interface cannot stand in for the class either way, since `Mapper` and
 * `InstanceState` have private members. So mapper.ts adds its class to `MapperClasses` (declaration
 * merging: `declare module './mapper-types'`), and instance-state.ts, relationship-property.ts and
 * mapper-lookup.ts read it from here: `MapperOf<E>` is exactly `Mapper<E>`. Empty here on
 * purpose: its one member, `mapper`, is declared in mapper.ts.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
export interface MapperClasses<E extends object> {}

/** The class `Mapper<E>` (declared in mapper.ts, merged into `MapperClasses`). */
export type MapperOf<E extends object> = MapperClasses<E>['mapper'];
