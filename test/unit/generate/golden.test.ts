// Golden files for representative crates: what `nixify init` writes, byte for
// byte. UPDATE_GOLDEN=1 rewrites them after an intended change (review the diff).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { defaultInitOptions, planInit, type InitOptions } from '../../../server/src/generate/plan';
import { infer } from '../../../server/src/infer/infer';
import { loadWorkspace } from '../../../server/src/model/workspace';
import { ensureParser, initParsers } from '../../../server/src/parse/treeSitter';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const golden = join(fixtures, 'generate', 'golden');
// Pinned so the rustc estimate (and so the toolchain choice) does not move with the calendar.
const today = new Date(Date.UTC(2026, 10, 1));

const CASES: { name: string; crate: string; opts: Partial<InitOptions> }[] = [
  { name: 'single-bin', crate: 'infer/reqwest-rustls', opts: { builder: 'buildRustPackage' } },
  { name: 'openssl-service', crate: 'lsp/service', opts: { builder: 'buildRustPackage' } },
  { name: 'openssl-service-crane', crate: 'lsp/service', opts: { builder: 'crane' } },
  { name: 'workspace', crate: 'model/ws', opts: { builder: 'crane' } },
  { name: 'workspace-brp', crate: 'model/ws', opts: { builder: 'buildRustPackage' } },
  { name: 'git-deps-toolchain', crate: 'model/single', opts: { builder: 'buildRustPackage' } },
  { name: 'wasm-member', crate: 'generate/cases/wasm', opts: { builder: 'crane' } },
  { name: 'naersk', crate: 'lsp/service', opts: { builder: 'naersk' } },
  { name: 'crate2nix', crate: 'model/ws', opts: { builder: 'crate2nix' } },
];

before(() => Promise.all([initParsers(), ensureParser('rust')]));

describe('golden output', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const root = join(fixtures, c.crate);
      const ws = loadWorkspace(root);
      const plan = planInit(ws, infer(ws), { ...defaultInitOptions(ws), flake: true, today, ...c.opts } as InitOptions, (p) => existsSync(join(root, p)));
      const dir = join(golden, c.name);
      const files = [...plan.files.map((f) => ({ path: f.path, content: f.content })), { path: 'warnings.txt', content: plan.warnings.map((w) => `${w}\n`).join('') }];
      for (const f of files) {
        const p = join(dir, f.path);
        if (process.env.UPDATE_GOLDEN === '1') {
          mkdirSync(dir, { recursive: true });
          writeFileSync(p, f.content);
        }
        assert.ok(existsSync(p), `missing golden file ${c.name}/${f.path} (run with UPDATE_GOLDEN=1)`);
        assert.equal(f.content, readFileSync(p, 'utf8'), `${c.name}/${f.path} differs from its golden file`);
      }
    });
  }
});
