import { DEFINE_CLASS_FIELDS, fieldsMode } from './entities';

/** An unmapped class: what the compiler made of its field is plain JavaScript semantics. */
class Probe {
  field?: number;
}

describe(`this project compiles class fields with ${fieldsMode}`, () => {
  it(DEFINE_CLASS_FIELDS ? 'as own properties' : 'as assignments', () => {
    expect(Object.prototype.hasOwnProperty.call(new Probe(), 'field')).toBe(DEFINE_CLASS_FIELDS);
  });
});
