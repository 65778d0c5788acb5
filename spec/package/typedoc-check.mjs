// Runs TypeDoc over the options of typedoc.json (merged with the JSON object given as the first
// argument, if any) without writing anything, and prints a JSON report: every warning and error
// it logged, and the exported functions whose signatures have no doc comment (a check of its own,
// so that a fixture's options need not require documentation of every kind).
// An ES module because TypeDoc is one; spec/package/typedoc.spec.ts runs it with node.
import { Application, Logger, LogLevel, ReflectionKind } from 'typedoc';

class CapturingLogger extends Logger {
  messages = [];
  log(message, level) {
    super.log(message, level);
    if (level >= LogLevel.Warn) this.messages.push(`${LogLevel[level]}: ${message}`);
  }
}

const overrides = process.argv[2] === undefined ? {} : JSON.parse(process.argv[2]);
const app = await Application.bootstrapWithPlugins({ ...overrides, emit: 'none' });
const logger = new CapturingLogger();
app.logger = logger;
const project = await app.convert();
const undocumentedFunctions = [];
if (project !== undefined) {
  app.validate(project);
  for (const fn of project.getReflectionsByKind(ReflectionKind.Function)) {
    if (fn.comment === undefined && !(fn.signatures ?? []).some((s) => s.comment !== undefined))
      undocumentedFunctions.push(fn.getFriendlyFullName());
  }
}
process.stdout.write(
  JSON.stringify({ converted: project !== undefined, messages: logger.messages, undocumentedFunctions }),
);
