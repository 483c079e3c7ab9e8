// nixpkgs' program data (data/nixpkgsPrograms.json) and the rule's own table: the table keeps only rows the data does
// not give as they are, and the data is what the generator makes from the files it names (when they are in .cache).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import data from '../../../server/src/data/nixpkgsPrograms.json';
import { nixpkgsProgramAttr } from '../../../server/src/diagnose/nixpkgsPrograms';
import { TOOL_ATTR } from '../../../server/src/diagnose/rules/tables';
import { programAttr } from '../../../server/src/diagnose/scriptPanic';

const repo = join(__dirname, '..', '..', '..');

describe('nixpkgs program data', () => {
  it('every entry is a program name mapped to an attribute path', () => {
    for (const [program, attr] of Object.entries(data.programs as Record<string, string>)) {
      assert.match(program, /^[\w.+-]+$/, program);
      assert.match(attr, /^[A-Za-z_][\w'-]*(?:\.[A-Za-z_][\w'-]*)*$/, `${program}: ${attr}`);
    }
  });

  it('the rule’s table holds no row the data gives the same (it keeps only what nixpkgs’ files cannot say)', () => {
    const same = Object.entries(TOOL_ATTR).filter(([p, a]) => nixpkgsProgramAttr(p) === a);
    assert.deepEqual(same, []);
  });

  it('the table is read first, the data after it, and an object’s own property names are no program', () => {
    assert.equal(programAttr('auto-patchelf'), 'autoPatchelfHook');
    // by-name packages come only all at once (--tree): none is picked by the programs a log names.
    assert.equal(programAttr('crate2nix'), undefined);
    assert.equal(programAttr('column'), 'unixtools.column');
    assert.equal(nixpkgsProgramAttr('constructor'), undefined);
  });

  it('is what the generator writes from the files it names, when they are saved in .cache/nixpkgs', (t) => {
    const list = JSON.parse(readFileSync(join(repo, 'scripts', 'diagnose', 'nixpkgs-program-sources.json'), 'utf8')) as { files: { path: string; commit: string }[] };
    if (!list.files.every((f) => existsSync(join(repo, '.cache', 'nixpkgs', f.commit, f.path)))) return t.skip('the nixpkgs files are not in .cache/nixpkgs');
    // Written aside: the committed file is never rewritten by a test (another test may be reading it).
    const dir = mkdtempSync(join(tmpdir(), 'nixpkgs-programs-'));
    try {
      const out = join(dir, 'nixpkgsPrograms.json');
      execFileSync(process.execPath, [join(repo, 'scripts', 'diagnose', 'gen-nixpkgs-programs.mjs'), '--out', out]);
      assert.equal(readFileSync(out, 'utf8'), readFileSync(join(repo, 'server', 'src', 'data', 'nixpkgsPrograms.json'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
