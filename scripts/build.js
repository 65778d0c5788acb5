#!/usr/bin/env node
/**
 * `npm run build` (and `npm pack`, through prepack): dist/ from scratch — tsc's CommonJS output
 * and declarations for lib/, then the ES module wrappers of the entry points.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
execFileSync(process.execPath, [path.join(__dirname, 'esm-entries.js'), 'dist'], {
  cwd: root,
  stdio: 'inherit',
});
