// The line scanner must agree with the TOML parser on every lock Cargo writes,
// and step aside (undefined) on anything else.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseCargoLock, parseCargoLockToml } from '../../../server/src/model/cargoLock';
import { fastCargoLock } from '../../../server/src/model/cargoLockFast';

const repoRoot = join(__dirname, '..', '..', '..');

function locks(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    if (e === 'node_modules' || e === 'target' || e.startsWith('.')) continue;
    const p = join(dir, e);
    if (statSync(p).isDirectory()) locks(p, out);
    else if (e === 'Cargo.lock') out.push(p);
  }
  return out;
}

const SRC = 'registry+https://github.com/rust-lang/crates.io-index';
const pkg = (name: string, extra = '') => `[[package]]\nname = "${name}"\nversion = "1.0.0"\nsource = "${SRC}"\n${extra}`;

describe('Cargo.lock fast path', () => {
  it('agrees with the TOML parser on every lock in the repository', () => {
    const files = [...locks(join(repoRoot, 'test', 'fixtures')), ...locks(join(repoRoot, 'examples'))];
    let fast = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const a = fastCargoLock(text);
      if (!a) continue;
      fast++;
      assert.deepEqual(a, parseCargoLockToml(text, f), f);
    }
    assert.ok(fast >= 10, `${fast} of ${files.length} locks took the fast path`);
  });

  it('reads v1 [metadata] checksums, v4 headers, CRLF and empty dependency lists like TOML does', () => {
    const cases = [
      `${pkg('a')}\n[metadata]\n"checksum a 1.0.0 (${SRC})" = "abcd"\n`,
      `${pkg('a')}\n[metadata]\n"checksum a 1.0.0 (${SRC})" = "<none>"\n`,
      `# generated\nversion = 4\n\n${pkg('a', 'checksum = "00"\ndependencies = [\n "b",\n "c 2.0.0",\n "d 1.0.0 (git+https://x/y#abc)",\n]\n')}\n${pkg('b', 'dependencies = []\n')}`,
      `version = 3\r\n\r\n${pkg('a', 'dependencies = [\n "b",\n]\n').replace(/\n/g, '\r\n')}`,
      `version = 3\n\n[[package]]\nname = "local"\nversion = "0.1.0"\n`,
      '',
    ];
    for (const text of cases) {
      const a = fastCargoLock(text);
      assert.ok(a, JSON.stringify(text));
      assert.deepEqual(a, parseCargoLockToml(text), JSON.stringify(text));
    }
  });

  it('steps aside on anything Cargo does not write, and the TOML parser decides', () => {
    const aside = [
      `${pkg('a')}name = "again"\n`, // duplicate key: invalid TOML
      `${pkg('esc\\u0041')}`, // escapes
      `${pkg('a', 'dependencies = ["b"]\n')}`, // inline array
      `${pkg('a')}\n[[patch.unused]]\nname = "p"\nversion = "1.0.0"\n`,
      `version = 3\nversion = 3\n`,
      `[[package]]\nname = "a"\n`, // no version: TOML path names the package
      `${pkg('a', 'dependencies = [\n "b",\n')}`, // unterminated
      `  ${pkg('a')}`,
      `${pkg('a')}checksum = "x" # comment\n`,
    ];
    for (const text of aside) assert.equal(fastCargoLock(text), undefined, JSON.stringify(text));
    assert.throws(() => parseCargoLock('[[package]]\nname = "a"\n'), /lacks a name or version/);
    assert.throws(() => parseCargoLock(`${pkg('a')}name = "again"\n`), /Cargo\.lock/);
    assert.equal(parseCargoLock(`${pkg('a')}checksum = "x" # comment\n`).packages[0]!.checksum, 'x');
  });
});
