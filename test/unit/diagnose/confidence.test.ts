// Each finding's confidence, set by its rule from the kind of evidence it read, on real logs (Nix 2.8 runs, held-out
// pastes, the tools' own wordings); how a possible cause is told (the editor, the CLI, its fixes); and how
// bench:diagnose counts what the user is told.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { chooseThreshold } from '../../../bench/diagnose/firstRuns';
import { CLASS_CONFIDENCE, evidenceClass } from '../../../bench/diagnose/evidenceClass';
import { count, judge, noClaims, type Claims } from '../../../bench/diagnose/judge';
import { CLAIM_THRESHOLD, asTold, atLeast, isClaim } from '../../../server/src/diagnose/confidence';
import { diagnoseText } from '../../../server/src/diagnose/diagnoser';
import { fixesFor } from '../../../server/src/diagnose/toFixes';
import type { Confidence, Diagnostic } from '../../../server/src/diagnose/types';
import { toLspDiagnostic } from '../../../server/src/lsp/build';
import { initParsers } from '../../../server/src/parse/treeSitter';
import { diagnoseLog, diagnosisWorkspace } from '../../../server/src/pipeline/diagnose';
import { Readable } from 'node:stream';
import { logsUnder } from './logFiles';

const LOGS = join(__dirname, '..', '..', 'fixtures', 'logs');
const CORPUS = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'logs');
const WS = join(LOGS, 'workspaces', 'crate');

const found = (log: string) => diagnoseText(readFileSync(join(LOGS, log), 'utf8'), { failingStep: true });

before(async () => {
  await initParsers();
});

describe('confidence per finding', () => {
  it('every finding of every rule on every log we have carries one (the failing step, which claims no cause, none)', () => {
    const missing: string[] = [];
    for (const log of [...logsUnder(LOGS), ...logsUnder(CORPUS)])
      for (const d of diagnoseText(readFileSync(log, 'utf8'), { failingStep: true })) if (d.kind === 'failing-step' ? d.confidence : !d.confidence) missing.push(`${log}: ${d.category}`);
    assert.deepEqual(missing, []);
  });

  // [log, category, confidence, why] — each rule's kinds of evidence on real logs.
  const cases: [string, string, Confidence, string][] = [
    ['2.8-rust-openssl-no-pkg-config.log', 'openssl', 'certain', "openssl-sys' own panic (real Nix 2.8)"],
    ['2.8-nix-build-fod-hash-mismatch.log', 'hash-mismatch', 'certain', "Nix's mismatch with specified and got (real Nix 2.8)"],
    ['2.8-rust-compile-error.L.log', 'rust-compile-error', 'certain', "rustc's error with its span (real Nix 2.8)"],
    ['2.8-rust-link-error.log', 'pkgconfig-lib', 'likely', 'the linker names a library no nixpkgs attribute is known to provide (real Nix 2.8)'],
    ['build-script/2.8-build-script-spawn-git.L.log', 'missing-tool', 'likely', "std's NotFound unwrapped, the program not named (real Nix 2.8)"],
    ['wordings/x23-hash-mismatch-cut-before-got.log', 'hash-mismatch', 'likely', 'the hash Nix got is cut off'],
    ['heldout/round21/l01.log', 'eval-error', 'likely', "Nix's trace, the log ending before its message"],
    ['heldout/round24/o08.log', 'eval-error', 'likely', "Nix's suggestion after the excerpt, the message before the view"],
    ['heldout/round16/g11-test-failure-cargo-raze-darwin-one-summary-line.log', 'test-failure', 'likely', "libtest's summary, no test named"],
    ['heldout/round24/o07.log', 'openssl', 'possible', "the vendored build's failure, its cause cut"],
    ['heldout/round5/v01-openssl-cut-norgolith-nixos.log', 'openssl', 'possible', "only openssl-sys' build script failing, its reason cut"],
    ['heldout/round24/o11.log', 'pkgconfig-lib', 'possible', 'the module probed last, the reason cut'],
    ['wordings/sources/s43-rustc-e0658-nightly-window-cut.log', 'rust-compile-error', 'possible', "cargo's closing line alone (a bin target)"],
    ['heldout/round27/r09.log', 'rust-compile-error', 'possible', 'a member cargo cannot load, the reason cut'],
    ['heldout/round40/m03.log', 'rustc-too-old', 'possible', "a lock cargo cannot parse, cargo's reason cut"],
    ['heldout/round19/j08-test-failure-cargo-check-aarch64-darwin-nix-darwin-paneru-cut.log', 'test-failure', 'likely', "the log ends inside libtest's output of a builder that exited 101"],
    ['heldout/round14/e12-missing-tool-naersk-fenix-do-check-doctest-rustdoc-not-executed.log', 'missing-tool', 'possible', "rustdoc's silence before a cut `Caused by:`"],
    ['wordings/sources/s84-rustup-toolchain-install-no-network.log', 'network-sandbox', 'possible', "rustup's progress line, no failure of its own"],
    ['wordings/sources/s33-tool-pathless-permission-denied.log', 'home-not-writable', 'possible', 'a bare `Permission denied`, no path'],
  ];
  for (const [log, category, confidence, why] of cases)
    it(`${category} ${confidence}: ${why}`, () => {
      const ds = found(log).filter((d) => d.category === category);
      assert.ok(ds.length, `${log}: no ${category}`);
      assert.deepEqual([...new Set(ds.map((d) => d.confidence))], [confidence]);
    });
});

describe('what the user is told', () => {
  const possible = found('heldout/round24/o07.log').find((d) => d.category === 'openssl')!;
  const certain = found('2.8-rust-openssl-no-pkg-config.log').find((d) => d.category === 'openssl')!;

  it('the threshold: likely and certain are claims, possible is not; a finding with none counts at the threshold', () => {
    assert.equal(CLAIM_THRESHOLD, 'likely');
    assert.deepEqual(
      (['possible', 'likely', 'certain'] as const).map((c) => isClaim({ confidence: c })),
      [false, true, true],
    );
    assert.equal(isClaim({}), true);
    assert.equal(isClaim({ kind: 'failing-step', confidence: 'certain' }), false);
    assert.equal(atLeast('certain', 'possible'), true);
    assert.equal(atLeast('possible', 'likely'), false);
  });

  it('a possible cause is worded as one, a step lower; a claim is left as found', () => {
    const told = asTold(possible);
    assert.equal(told.severity, 'warning');
    assert.match(told.message, /^Possible cause \(the log does not show it for certain\): openssl-sys 0\.9\.90 builds its own OpenSSL/);
    assert.equal(asTold(certain), certain);
    assert.equal(asTold({ ...possible, severity: 'warning' }).severity, 'info');
  });

  it('the editor: a possible cause a warning saying so, a claim an error; the data keeps the finding as found', () => {
    const data = { kind: 'build' as const, root: WS, installable: '.#default', logPath: '/dev/null' };
    const lp = toLspDiagnostic(possible, data);
    assert.equal(lp.severity, DiagnosticSeverity.Warning);
    assert.match(String(lp.message), /^Possible cause/);
    assert.equal((lp.data as { diagnostic: Diagnostic }).diagnostic.message, possible.message);
    const lc = toLspDiagnostic(certain, data);
    assert.equal(lc.severity, DiagnosticSeverity.Error);
    assert.equal(lc.message, certain.message);
  });

  it("a possible cause's fixes are offered, none preferred; the same finding claimed keeps the rule's preferred fix", async () => {
    const ws = diagnosisWorkspace(WS);
    const log = readFileSync(join(LOGS, '2.8-rust-openssl-no-pkg-config.L.log'), 'utf8');
    const [d] = (await diagnoseLog(Readable.from([log]), ws, { root: WS })).diagnostics.filter((x) => x.category === 'openssl');
    assert.equal(d!.confidence, 'certain');
    const claimed = fixesFor(d!, ws.nixFiles, ws.files, { root: WS });
    assert.ok(claimed.some((f) => f.preferred));
    const weak = fixesFor({ ...d!, confidence: 'possible' }, ws.nixFiles, ws.files, { root: WS });
    assert.deepEqual(
      weak.map((f) => f.title),
      claimed.map((f) => f.title),
    );
    assert.ok(!weak.some((f) => f.preferred));
  });
});

describe("bench:diagnose's two counts", () => {
  const told = (category: string, confidence: Confidence) => ({ category, confidence, fixes: [] });
  const tally = (threshold: Confidence, logs: [string, ReturnType<typeof told>[]][]): Claims => {
    const c = noClaims();
    for (const [label, ds] of logs)
      count(
        c,
        judge(
          { file: 'x.log', category: label },
          ds.filter((d) => atLeast(d.confidence, threshold)),
        ),
      );
    return c;
  };
  const logs: [string, ReturnType<typeof told>[]][] = [
    ['other', [told('rust-compile-error', 'possible')]],
    ['openssl', [told('openssl', 'possible')]],
    ['missing-tool', [told('openssl', 'possible')]],
    ['eval-error', [told('eval-error', 'likely')]],
    ['other', [told('test-failure', 'certain')]],
  ];

  it('every claim, and only claims at or above the threshold (a possible cause counts as nothing said)', () => {
    const every = tally('possible', logs);
    assert.deepEqual([every.found, every.under, every.over, every.wrong], [2, 0, 2, 1]);
    const shown = tally('likely', logs);
    assert.deepEqual([shown.found, shown.under, shown.over, shown.wrong], [2, 2, 1, 0]);
  });

  it('the threshold chosen: most right by category, then fewest misleading, then the lower', () => {
    const by = new Map<Confidence, Claims>((['possible', 'likely', 'certain'] as const).map((t) => [t, tally(t, logs)]));
    // possible and likely both 2 right; likely misleads on 1, possible on 3.
    assert.equal(chooseThreshold(by), 'likely');
  });

  it("the first runs' kinds of evidence, read from what a finding recorded", () => {
    const rec = (category: string, evidence: string[], extra: { message?: string; details?: Record<string, string>; fixes?: { kind: string; tests?: string[] }[] } = {}) =>
      CLASS_CONFIDENCE[evidenceClass({ category, message: extra.message ?? '', details: extra.details, evidence, fixes: extra.fixes ?? [] })];
    assert.equal(rec('rust-compile-error', ['error: could not compile `x` (lib) due to 1 previous error']), 'possible');
    assert.equal(rec('rust-compile-error', ['error[E0425]: cannot find value `y` in this scope', '--> src/main.rs:2:5']), 'certain');
    assert.equal(rec('rust-compile-error', ['error[E0308]: mismatched types', '--> /build/source/target/release/build/x-0123456789abcdef/out/gen.rs:1:26']), 'possible');
    assert.equal(rec('openssl', ['error: failed to run custom build command for `openssl-sys v0.9.90`']), 'possible');
    assert.equal(rec('eval-error', ["… while evaluating attribute 'x'"]), 'likely');
    assert.equal(rec('network-sandbox', ["info: syncing channel updates for 'stable'"]), 'possible');
    assert.equal(rec('pkgconfig-lib', ['ld: cannot find -lfoo'], { details: { library: 'foo' } }), 'likely');
    assert.equal(rec('test-failure', ['test result: FAILED. 0 passed; 1 failed'], { fixes: [] }), 'likely');
    assert.equal(rec('test-failure', ['test result: FAILED. 0 passed; 1 failed'], { fixes: [{ kind: 'skip-tests', tests: ['a::b'] }] }), 'certain');
  });
});
