import { excerptSource, markedBlocks, occursIn, readmeExcerpts, runBySuite } from './excerpts';

/**
 * Every `ts` block of the README is tested: a program compiled and run by compiled-usage.spec.ts,
 * the packed-install spec's application, or an excerpt of a file the suite compiles and runs,
 * whose lines this spec finds in that file. Cheap: no build.
 */
describe('the README code blocks', () => {
  it('are all marked, and the excerpts name files the suite runs', () => {
    const excerpts = readmeExcerpts();
    expect(excerpts.map((e) => e.file)).toEqual([
      'spec/compiled/fixtures/esm-app/post.ts',
      'examples/express/app.ts',
      'examples/nestjs/app.module.ts',
      'examples/nestjs/blog.service.ts',
      'spec/replication/replica-scenarios.ts',
      'spec/replication/replica-scenarios.ts',
      'spec/replication/nest-replica-app.ts',
      'spec/replication/replica-scenarios.ts',
      'spec/context/transactional-retry-nestjs.spec.ts',
    ]);
    for (const { file, line } of excerpts)
      expect({ line, file, run: runBySuite(file) }).toEqual({ line, file, run: true });
  });

  it('quote their files: the lines in order, `// …` standing for lines left out', () => {
    for (const { file, line, code } of readmeExcerpts())
      expect({ line, file, found: occursIn(code, excerptSource(file)) }).toEqual({ line, file, found: true });
  });

  it('refuses a block without a marker', () => {
    const block = '```ts\nconst a = 1;\n```\n';
    expect(() => markedBlocks(`Text\n\n${block}`, 'X.md')).toThrow('X.md:3: a ts block without');
    expect(markedBlocks(`<!-- spec: x -->\n\n${block}`, 'X.md')).toEqual([]);
    expect(markedBlocks(`<!-- excerpt: examples/a.ts -->\n${block}`, 'X.md')).toEqual([
      { file: 'examples/a.ts', line: 2, code: 'const a = 1;' },
    ]);
  });

  it('tells an excerpt from lines that are not in the file, or not in that order', () => {
    const source = 'a();\n  b();\n\nc();\nd();\n';
    expect(occursIn('b();\nc();', source)).toBe(true);
    expect(occursIn('a();\n// …\nd();', source)).toBe(true);
    expect(occursIn('a();\nc();', source)).toBe(false);
    expect(occursIn('c();\n// …\nb();', source)).toBe(false);
    expect(occursIn('e();', source)).toBe(false);
  });

  it('counts as run only files the suite compiles and runs', () => {
    expect(runBySuite('examples/quick-start.ts')).toBe(false);
    expect(runBySuite('examples/express/missing.ts')).toBe(false);
    expect(runBySuite('spec/support/dialects.ts')).toBe(false);
    expect(runBySuite('spec/compiled/fixtures/integrations/call.ts')).toBe(false);
    expect(runBySuite('spec/replication/nest-replica-app.ts')).toBe(true);
  });
});
