import { ConfigurationError } from '../../lib/errors';
import { createEngine, type IsolationLevel } from '../../lib/drivers';

const HOSTILE = [
  `SERIALIZABLE'); DROP TABLE victims; --`,
  'SERIALIZABLE; DROP TABLE victims',
  'read committed',
];

describe('isolation levels are one of the four SQL levels', () => {
  it.each(HOSTILE)('%j as isolationLevel is a ConfigurationError naming the option', (payload) => {
    const level = payload as IsolationLevel;
    expect(() => createEngine('sqlite://', { isolationLevel: level })).toThrow(
      /createEngine\(\): isolationLevel .* is not one of READ UNCOMMITTED/,
    );
  });

  it('begin({ isolationLevel }) refuses an unknown level before anything is sent', async () => {
    const engine = createEngine('sqlite://');
    const sent: string[] = [];
    engine.on('beforeExecute', (e) => sent.push(e.sql));
    const conn = await engine.connect();
    try {
      await expect(conn.begin({ isolationLevel: `SERIALIZABLE; ${'x'}` as IsolationLevel })).rejects.toThrow(
        ConfigurationError,
      );
      expect(sent).toEqual([]);
    } finally {
      await conn.close();
      await engine.dispose();
    }
  });
});
