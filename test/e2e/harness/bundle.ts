// The extension-host suites are TypeScript; the extension host loads plain
// CommonJS. Bundled into the run dir, inside the repo, so `mocha` resolves
// from the repo's node_modules at run time.
import { join } from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from '../../../scripts/e2e/codeServer';

export async function bundleExthostTests(outdir: string): Promise<string> {
  await build({
    entryPoints: [join(repoRoot, 'test/e2e/exthost/index.ts'), join(repoRoot, 'test/e2e/exthost/extension.suite.ts')],
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha', 'mocha/*'],
    logLevel: 'warning',
  });
  return join(outdir, 'index.js');
}
