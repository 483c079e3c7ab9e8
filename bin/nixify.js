#!/usr/bin/env node
// The `nixify` command: a thin launcher for the bundled CLI (npm run build makes it).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('nixify: dist/cli.js is missing; run `npm run build` first\n');
  process.exit(2);
}
// `nixify infer | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
require(cli)
  .runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd() })
  .then((code) => {
    process.exitCode = code;
  });
