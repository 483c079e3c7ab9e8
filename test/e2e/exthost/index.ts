// extensionTestsPath entry: the extension host require()s the bundle of this
// file and awaits run(); its promise becomes the exit code the workbench
// reports (window.codeAutomationExit in code-server, the process exit code in
// @vscode/test-electron).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import type MochaType from 'mocha';

// The CommonJS build: the package's main is ESM, the extension host's loader is require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Mocha = require('mocha/lib/mocha.cjs') as typeof MochaType;

export function run(): Promise<void> {
  // Prefixed so the browser-side driver can pick mocha's report out of the workbench console.
  (Mocha.reporters.Base as unknown as { consoleLog: (...a: unknown[]) => void }).consoleLog = (...a: unknown[]) => console.log(`[mocha] ${format(...a)}`);
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  mocha.addFile(join(__dirname, 'extension.suite.js'));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const out = process.env.NIXIFY_E2E_EXTHOST_RESULT;
      if (out) writeFileSync(out, JSON.stringify({ failures, stats: runner.stats }, null, 2));
      if (failures) reject(new Error(`${failures} extension host tests failed`));
      else resolve();
    });
  });
}
