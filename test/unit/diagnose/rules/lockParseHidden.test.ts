// Cargo's `failed to parse lock file` whose reason cargo itself hid behind `To learn more, run the command again with
// --verbose.` (cargo before 1.4x, round139 xh03): cargo shows every lock-version sentence it has (`invalid serialized
// PackageId …` under 1.37, `lock file version `N` was found …` under real cargo 1.95), so the hidden reason is no lock
// version — the file is malformed (cargo-lock, regenerate), not newer than the build's cargo (rustc-too-old).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const chain = (after: string[]) =>
  ['error: failed to sync', '', 'Caused by:', '  failed to load pkg lockfile', '', 'Caused by:', '  failed to parse lock file at: /build/source/Cargo.lock', '', ...after].join('\n');

describe('cargo-lock: a lock parse failure whose reason cargo hid', () => {
  it('round139 xh03 → cargo-lock with `cargo generate-lockfile`, no rustc-too-old', () => {
    const ds = diagnoseText(heldout(139, 'xh03.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.confidence, d.fixes.map((f) => (f.kind === 'run' ? f.argv.join(' ') : f.kind))]),
      [['cargo-lock', 'likely', ['cargo generate-lockfile']]],
    );
    // The build's cargo is old: the regenerated lock must be one it reads, which a current cargo writes only when told
    // the Rust it is for (real cargo 1.95: version 4 without `rust-version`, an older version with `rust-version = "1.60"`).
    assert.match(ds[0]!.message, /version 4 unless Cargo\.toml's `rust-version`/);
  });

  it('the same chain cut before any reason (no --verbose sentence) → still the lock-version reading', () => {
    assert.deepEqual(
      diagnoseText(chain([])).map((d) => d.category),
      ['rustc-too-old'],
    );
  });

  it('the reason shown (a lock version) → rustc-too-old, whatever follows', () => {
    const ds = diagnoseText(chain(['Caused by:', '  lock file version `5` was found, but this version of Cargo does not understand this lock file, perhaps Cargo needs to be updated?']));
    assert.deepEqual(
      ds.map((d) => d.category),
      ['rustc-too-old'],
    );
  });
});
