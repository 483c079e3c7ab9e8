// openssl-src prints each command before it runs it (`println!("running {:?}", command)`) and then unwraps
// `command.status()`: a panic on `called \`Result::unwrap()\`` right after stdout's last `running "perl" "./Configure" …`
// is std's spawn error — perl not on PATH — not OpenSSL missing (the vendored build asks for no installed OpenSSL).
// Round19 j03 (naersk's deps build, the panic cut mid-word, Rust < 1.73's one-line panic) and a real cargo 1.95 build
// whose build script follows openssl-src's run_command without perl on PATH (1.73+'s two-line panic).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const SOURCES = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings', 'sources');
const REAL = readFileSync(join(SOURCES, 's83-openssl-src-pattern-perl-spawn-unwrap.log'), 'utf8');
const PERL = [['missing-tool', 'perl', [{ kind: 'add-inputs', nativeBuildInputs: ['perl'] }]]];
const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.details?.tool, d.fixes]);

describe('missing-tool: a build script’s `running "<program>"` then its spawn unwrapped', () => {
  it('round19 j03 (vendored openssl-sys, the panic cut) → perl, and no openssl', () => {
    assert.deepEqual(summary(heldout(19, 'j03-missing-tool-openssl-src-vendored-perl-configure-panic-naersk-dummy-src.log')), PERL);
  });

  it('real cargo 1.95 (two-line panic), whole and under Nix’s `name> ` prefix → perl', () => {
    assert.deepEqual(summary(REAL), PERL);
    assert.deepEqual(
      summary(
        REAL.split('\n')
          .map((l) => `demo> ${l}`)
          .join('\n'),
      ),
      PERL,
    );
  });

  it('the program ran (its output after the command line), or a panic that is no unwrap, is not this', () => {
    const ls = REAL.split('\n');
    const at = ls.findIndex((l) => l.includes('running "perl"'));
    const ran = [...ls.slice(0, at + 1), '  Configuring OpenSSL version 1.1.1q (0x1010111fL) for linux-x86_64', ...ls.slice(at + 1)].join('\n');
    assert.ok(
      summary(ran).every(([, tool]) => tool !== 'perl'),
      JSON.stringify(summary(ran)),
    );
    const other = REAL.replace(/called `Result::unwrap\(\)` on an `Err` value: .*/, "don't know how to configure OpenSSL for x86_64-unknown-none");
    assert.ok(
      summary(other).every(([, tool]) => tool !== 'perl'),
      JSON.stringify(summary(other)),
    );
  });

  it('openssl-sys that looks for an installed OpenSSL still gets openssl (no `running "perl" "./Configure"`)', () => {
    const text = [
      'error: failed to run custom build command for `openssl-sys v0.9.75`',
      '',
      'Caused by:',
      "  process didn't exit successfully: `/build/source/target/release/build/openssl-sys-4e4eb3d5fcef2aa7/build-script-main` (exit status: 101)",
      '  --- stdout',
      '  X86_64_UNKNOWN_LINUX_GNU_OPENSSL_DIR unset',
      '  OPENSSL_DIR unset',
      '  --- stderr',
      "  thread 'main' panicked at 'called `Result::unwrap()` on an `Err` value: ...'",
    ].join('\n');
    assert.deepEqual(
      diagnoseText(text).map((d) => d.category),
      ['openssl'],
    );
  });
});
