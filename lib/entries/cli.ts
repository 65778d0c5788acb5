#!/usr/bin/env node
/**
 * The `athanor` executable (package.json `bin`): registers the dialects and runs the migrations
 * command line on the process's arguments.
 */
import './built-in-dialects';
import { runCli } from '../migrations/cli/program';

void runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  interactive: process.stdin.isTTY === true,
}).then((code) => {
  process.exitCode = code;
});
