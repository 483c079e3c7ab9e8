// Nix's fromTOML failing at evaluation (importCargoLock, crane and naersk read Cargo.lock and Cargo.toml with
// it): `while parsing a TOML string: …` (2.4–2.2x; 2.3 adds `at <pos>`), `while parsing TOML: …` (2.2x+, after
// the trace block). Real Nix 2.8 and 2.26 output on a Cargo.lock with a merge conflict's markers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';

const source = (name: string) => readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings', 'sources', name), 'utf8');

describe('eval-error: a TOML file Nix cannot parse', () => {
  for (const [log, words] of [
    ['n28-eval-fromtoml-cargo-lock-conflict.log', /^while parsing a TOML string: \[error\] toml::parse_key: an invalid key appeared\.$/],
    ['n226-eval-fromtoml-cargo-lock-conflict.log', /^while parsing TOML: \[error\] toml::parse_simple_key: invalid key/],
  ] as const)
    it(`${log} → eval-error with Nix's message (fromTOML's own words, no frame)`, () => {
      const ds = diagnoseText(source(log));
      assert.deepEqual(
        ds.map((d) => [d.category, d.fixes]),
        [['eval-error', []]],
      );
      assert.match(ds[0]!.message, words);
    });

  it("Nix 2.3's wording with the position inside the sentence", () => {
    const ds = diagnoseText('error: while parsing a TOML string at /home/user/demo/lock.nix:2:1: Dotted key expected\n');
    assert.deepEqual(
      ds.map((d) => d.category),
      ['eval-error'],
    );
  });
});
