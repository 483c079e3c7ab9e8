// The prefilter skips lines without decoding them, and feeds the rest to
// the rules their markers name: diagnosing bytes through it must find exactly
// what decoding every line finds (the text path), on every real log we have,
// in any chunking. The scanner itself must find every marker a naive search finds.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Diagnoser, diagnoseText, RULES } from '../../../server/src/diagnose/diagnoser';
import type { Matcher } from '../../../server/src/diagnose/rule';
import { MarkerScanner } from '../../../server/src/diagnose/prefilter';
import { logsUnder } from './logFiles';
import { rng } from '../../seededRandom';

const REPO = join(__dirname, '..', '..', '..');
const CORPUS = join(REPO, '..', 'shared', 'corpus', 'logs');

function viaBytes(text: string, r: () => number): ReturnType<typeof diagnoseText> {
  const bytes = Buffer.from(text);
  const d = new Diagnoser();
  for (let i = 0; i < bytes.length;) {
    const n = 1 + Math.floor(r() * (r() < 0.5 ? 64 : 1 << 16));
    d.push(bytes.subarray(i, i + n));
    i += n;
  }
  return d.end();
}

/** viaBytes with every chunk pushed from one buffer, scribbled over once push returns (as logFile.ts reuses its buffer). */
function viaOneBuffer(text: string, r: () => number, opts: { failingStep?: boolean }): ReturnType<typeof diagnoseText> {
  const bytes = Buffer.from(text);
  const buf = Buffer.alloc(1 << 16);
  const d = new Diagnoser(opts);
  for (let i = 0; i < bytes.length;) {
    const n = Math.min(buf.length, 1 + Math.floor(r() * (r() < 0.5 ? 64 : 1 << 16)));
    const k = bytes.copy(buf, 0, i, i + n);
    d.push(buf.subarray(0, k));
    buf.fill(0x0a).fill(0x78, 0, 8);
    i += n;
  }
  return d.end();
}

/** The lines the decoder hands the engine's (private) line reader, counted, for the text's bytes; and what is found. */
function decodedLines(text: string, failingStep: boolean): { n: number; found: ReturnType<typeof diagnoseText> } {
  const d = new Diagnoser({ failingStep });
  const own = d as unknown as { line: (l: unknown) => void };
  const line = own.line.bind(d);
  let n = 0;
  own.line = (l) => (n++, line(l));
  d.push(Buffer.from(text));
  return { n, found: d.end() };
}

describe('diagnose prefilter', () => {
  it('finds what decoding every line finds, on every log of test/fixtures and the corpus, in random chunks', (t) => {
    const files = [...logsUnder(join(REPO, 'test', 'fixtures', 'logs')), ...logsUnder(CORPUS)];
    if (!existsSync(CORPUS)) t.diagnostic('../shared/corpus/logs not found: fixtures only');
    assert.ok(files.length >= 20, `${files.length} logs`);
    const r = rng(5);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      assert.deepEqual(viaBytes(text, r), diagnoseText(text), f);
    }
  });

  it('keeps nothing of a chunk once push returns: one buffer refilled for every chunk finds the same', () => {
    const files = [...logsUnder(join(REPO, 'test', 'fixtures', 'logs')), ...logsUnder(CORPUS)];
    const r = rng(11);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const failingStep of [false, true]) assert.deepEqual(viaOneBuffer(text, r, { failingStep }), diagnoseText(text, { failingStep }), `${f}${failingStep ? ' (failing step)' : ''}`);
    }
  });

  it('does so on logs made of many logs (state carried from one failure into the next, plain and JSON framing mixed)', () => {
    const files = [...logsUnder(join(REPO, 'test', 'fixtures', 'logs')), ...logsUnder(CORPUS)];
    const r = rng(9);
    for (let round = 0; round < 6; round++) {
      const parts: string[] = [];
      for (let i = 0; i < 12; i++) parts.push(readFileSync(files[Math.floor(r() * files.length)]!, 'utf8'));
      // Progress a long build prints between failures, the framing's fast path among it.
      parts.splice(
        3,
        0,
        `building '/nix/store/${'a'.repeat(32)}-dep-1.0.drv'...\n`.repeat(50),
        "building '/nix/store/x.drv' with ünïcode\n",
        "building '/nix/store/y.drv'\r\n",
        "building '/nix/store/z.drv\n",
        "building '/nix/store/.drv'\n",
      );
      const text = parts.join('\n');
      assert.deepEqual(viaBytes(text, r), diagnoseText(text), `round ${round}`);
    }
  });

  it("gives a rule the lines of its listen markers only while it listens (pkgconfig-lib's OpenSSL words after pkg-config was found missing)", () => {
    const log = (late: string) =>
      [
        "error: builder for '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-demo-0.1.0.drv' failed with exit code 101;",
        '       last 12 log lines:',
        '       > The pkg-config command could not be found.',
        '       >',
        '       > Most likely, you need to install a pkg-config package for your OS.',
        ...['', 'one', 'two', 'three'].map((x) => `       > ${x}`.trimEnd()),
        `       >   ${late}`,
        "       For full logs, run 'nix log /nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-demo-0.1.0.drv'.",
        '',
      ].join('\n');
    const categories = (text: string) => viaBytes(text, rng(1)).map((d) => d.category);
    // OpenSSL named five lines on (past the look-back `bare` starts with): the failure is the openssl rule's, not pkg-config's alone.
    const openssl = log('Make sure you also have the development packages of openssl installed.');
    assert.deepEqual(categories(openssl), []);
    assert.deepEqual(viaBytes(openssl, rng(1)), diagnoseText(openssl));
    assert.deepEqual(categories(log('Make sure you also have the development packages installed.')), ['pkgconfig-lib']);
    // Not listening (no pkg-config absence yet), OpenSSL's words alone do not reach the rule.
    const d = new Diagnoser();
    const i = RULES.findIndex((r) => r.category === 'pkgconfig-lib');
    const m = (d as unknown as { matchers: Matcher[] }).matchers[i]!;
    let read = 0;
    const line = m.line.bind(m);
    m.line = (l, ctx) => (read++, line(l, ctx));
    d.push(Buffer.from('   Compiling openssl-sys v0.9.80\n  cargo:rerun-if-env-changed=OPENSSL_DIR\n  OPENSSL_DIR unset\n'));
    d.end();
    assert.equal(read, 0);
  });

  it('decodes a line whose only markers are the failing step’s closing or error words only when the failing step is asked for, and its phase headers never', () => {
    // A long build's own lines (phase headers, the cargo hooks): only the failing step reads them, on their bytes.
    const phases = 'Running phase: buildPhase\nExecuting cargoBuildHook\nconfiguring\nprog> installing\n';
    const decoded = (failingStep: boolean, text: string) => decodedLines(text, failingStep);
    // A tool's error no rule reads, then a phase header.
    const text = `${phases}Error: quota\nRunning phase: checkPhase\n`;
    const off = decoded(false, text);
    assert.equal(off.n, 0);
    assert.deepEqual(off.found, diagnoseText(text, { noPrefilter: true }));
    const onPhases = decoded(true, phases);
    assert.equal(onPhases.n, 0);
    assert.deepEqual(onPhases.found, diagnoseText(phases, { noPrefilter: true, failingStep: true }));
    assert.match(onPhases.found[0]!.message, /ends in its install phase; the last lines it printed: Executing cargoBuildHook ⏎ configuring ⏎ installing\./);
    const on = decoded(true, text);
    assert.equal(on.n, 1);
    assert.deepEqual(on.found, diagnoseText(text, { noPrefilter: true, failingStep: true }));
    assert.equal(on.found[0]!.details?.phase, 'checkPhase');
  });

  it('stops decoding the failing step’s lines at a rule’s first finding (its own finding is said only when there is none)', () => {
    const decoded = (text: string) => decodedLines(text, true);
    const cause = readFileSync(join(REPO, 'test', 'fixtures', 'logs', '2.8-nix-build-fod-hash-mismatch.log'), 'utf8');
    const quota = 'Error: quota\n'.repeat(3);
    const before = decoded(quota);
    assert.equal(before.n, 3);
    const alone = decoded(cause);
    assert.ok(alone.found.length);
    const after = decoded(cause + quota);
    assert.equal(after.n, alone.n);
    assert.deepEqual(after.found, diagnoseText(cause + quota, { noPrefilter: true, failingStep: true }));
  });

  it('reads a `building` line without decoding it only when decoding would read the same', () => {
    const hash = 'a'.repeat(32);
    const variants = [
      `building '/nix/store/${hash}-foo-1.0.drv'...`,
      `building '/nix/store/${hash}-foo-1.0.drv`,
      `building '/nix/store/${hash}-foo-1.0.drvX`,
      `building '/nix/store/${hash}-foo-1.0.drvx'`,
      "building '/nix/store/.drv'",
      `building '/nix/store/${hash}-föo-1.0.drv'`,
      `building '/nix/store/${hash}-foo-1.0.drv'\r`,
      `building '/nix/store/${hash}-foo-1.0.drv'\rbuilding '/nix/store/${hash}-bar-1.0.drv'`,
      `building '/tmp/${hash}-foo-1.0.drv'`,
      `  building '/nix/store/${hash}-foo-1.0.drv'`,
    ];
    // A compiler error in `nix build -L` output after it: its prefix names the build, if the line started one.
    const error = [
      'error[E0425]: cannot find value `x` in this scope',
      ' --> src/main.rs:3:5',
      '  |',
      '3 |     x',
      '  |     ^ not found in this scope',
      '',
      'error: could not compile `foo` (bin "foo") due to 1 previous error',
    ]
      .map((l) => `foo-1.0> ${l}\n`)
      .join('');
    for (const v of variants) {
      const text = `${v}\n${error}`;
      const want = diagnoseText(text);
      assert.deepEqual(viaBytes(text, rng(1)), want, JSON.stringify(v));
      assert.ok(want.length, 'the error is found');
    }
    assert.equal(diagnoseText(`${variants[0]}\n${error}`)[0]!.drv, `/nix/store/${hash}-foo-1.0.drv`, 'the build it belongs to is known');
  });

  it('keeps a tail line as bytes only when the look-back reads it as the decoder would', () => {
    const drv = `/nix/store/${'b'.repeat(32)}-foo-1.0.drv`;
    // The out-of-date rule quotes the two lines before its own as evidence.
    const variants = ['plain text', 'ünïcode', 'carriage\r', '', 'line\u2028separator', '\ttabbed', 'nbsp\u00a0'];
    const prefixes = ['       > ', '  > ', '\t> ', '       >', ' \v> ', '       >x ', '\u00a0> '];
    for (const v of variants) {
      for (const p of prefixes) {
        const text = [
          `error: builder for '${drv}' failed with exit code 1;`,
          '       last 10 log lines:',
          `${p}${v}`,
          `${p}${v} again`,
          '       > ERROR: cargoHash is out of date',
          `       For full logs, run 'nix log ${drv}'.`,
          '',
        ].join('\n');
        const want = diagnoseText(text);
        assert.deepEqual(viaBytes(text, rng(2)), want, JSON.stringify([p, v]));
      }
    }
    assert.deepEqual(diagnoseText(`       last 10 log lines:\n       > one\n       > two\n       > ERROR: cargoHash is out of date\n`)[0]!.evidence, ['one', 'two', 'ERROR: cargoHash is out of date']);
  });

  it('leaves a tail line without markers undecoded while the rules waiting read no such text (blank, indented), and only then', () => {
    const drv = `/nix/store/${'b'.repeat(32)}-foo-1.0.drv`;
    // eval-error's trace block, once it holds three lines, waits only for lines that are not indented (readsIndented).
    const block = (v: string) =>
      [
        `error: builder for '${drv}' failed with exit code 1;`,
        '       last 10 log lines:',
        '       > error:',
        "       >        … while evaluating the attribute 'x'",
        '       >          at /build/a.nix:1:1:',
        `       >${v}`,
        `       >${v} again`,
        '       >',
        "       >        error: undefined variable 'y'",
        `       For full logs, run 'nix log ${drv}'.`,
        '',
      ].join('\n');
    const variants = ['             1| { x = 1; }', ' \tindented', ' ', '  ünïcode', '  carriage\r', ' not indented after the space', '\tx'];
    for (const v of variants) {
      const text = block(v);
      assert.deepEqual(viaBytes(text, rng(3)), diagnoseText(text), JSON.stringify(v));
    }
    // The two indented ASCII lines are left out (the blank one is, in both); a line with a non-ASCII byte is decoded.
    assert.equal(decodedLines(block('             1| { x = 1; }'), false).n, decodedLines(block('  ünïcode'), false).n - 2);
  });

  it('reads an internal-json result record on its bytes only when decoding it would read the same', () => {
    const drv = `/nix/store/${'c'.repeat(32)}-openssl-sys-0.9.80.drv`;
    const start = `@nix {"action":"start","fields":["${drv}","",1,1],"id":42,"level":3,"parent":0,"text":"building","type":105}`;
    const fields = [
      '["Could not find directory of OpenSSL installation"]',
      '["error: linker `cc` not found"]',
      '["\\"openssl\\" not found"]',
      '["openssl\\nerror: linker"]',
      '["caf\u00e9 openssl"]',
      '["tab\topenssl"]',
      '["openssl\u001b[0m"]',
      '[""]',
      '[]',
      '[1,2,3,-4]',
      '[01]',
      '[-0,0]',
      '["a","b openssl"]',
      '[1,"openssl"]',
    ];
    const tails = [
      ',"id":42,"type":101}',
      ',"id":42,"type":107}',
      ',"id":42,"type":104}',
      ',"id":042,"type":101}',
      ',"id":42,"type":0101}',
      ',"id":43,"type":101}',
      ',"id":42,"type":101} ',
      ',"id":42,"type":101}\r',
      ', "id":42,"type":101}',
      ',"id":42,"type":101',
    ];
    const lines: string[] = [start];
    for (const f of fields) for (const t of tails) lines.push(`@nix {"action":"result","fields":${f}${t}`);
    // Each record alone after the start record, and all of them in one log.
    for (const l of lines.slice(1)) {
      const text = `${start}\n${l}\n`;
      assert.deepEqual(viaBytes(text, rng(6)), diagnoseText(text), JSON.stringify(l));
    }
    const all = `${lines.join('\n')}\n`;
    assert.deepEqual(viaBytes(all, rng(6)), diagnoseText(all));
    assert.ok(diagnoseText(all).length, 'the records are read as log lines');
    assert.ok(lines.includes(`@nix {"action":"result","fields":["Could not find directory of OpenSSL installation"],"id":42,"type":101}`));
  });

  it('reads internal-json start and stop records on their bytes only when decoding them would read the same', () => {
    // Which activity a result belongs to decides its derivation: a start or stop misread shows in the diagnostics' drv.
    const drv = `/nix/store/${'d'.repeat(32)}-openssl-sys-0.9.80.drv`;
    const build = (id: string) => `@nix {"action":"start","fields":["${drv}","",1,1],"id":${id},"level":3,"parent":0,"text":"building","type":105}`;
    const line = (id: string) => `@nix {"action":"result","fields":["Could not find directory of OpenSSL installation"],"id":${id},"type":101}`;
    const starts = [
      '@nix {"action":"start","id":7,"level":0,"text":"","type":102}',
      '@nix {"action":"start","id":7,"level":-1,"parent":42,"text":"copying \'x\'","type":100}',
      '@nix {"action":"start","id":7,"level":0,"parent":0,"text":"plain text","type":104}',
      '@nix {"action":"start","id":7,"level":0,"parent":-0,"text":"caf\u00e9","type":104}',
      '@nix {"action":"start","id":7,"level":0,"text":"café","type":104}',
      '@nix {"action":"start","id":07,"level":0,"text":"","type":102}',
      '@nix {"action":"start","id":7,"level":00,"text":"","type":102}',
      '@nix {"action":"start","id":7,"level":0,"text":"","type":102} ',
      '@nix {"action":"start","id":7,"level":0,"text":"","type":102}\r',
      '@nix {"action":"start","id":7,"level":0,"text":"","type":102',
      '@nix {"action":"start","id":7,"level":0,"text":"a\tb","type":102}',
      '@nix {"action":"start","id":7,"level":0,"text":"a	b","type":102}',
      '@nix {"action":"start","id":7,"level":0,"text":"","type":"102"}',
      '@nix {"action":"start","id":7,"level":0,"parent":1,"text":"","type":102,"x":1}',
      '@nix {"action":"start", "id":7,"level":0,"text":"","type":102}',
    ];
    const stops = [
      '@nix {"action":"stop","id":42}',
      '@nix {"action":"stop","id":042}',
      '@nix {"action":"stop","id":42} ',
      '@nix {"action":"stop","id":42}\r',
      '@nix {"action":"stop","id":"42"}',
      '@nix {"action":"stop","id":42',
    ];
    const cases: string[] = [];
    for (const st of starts) {
      // A start reusing the build's id replaces its derivation, or does not when it is not read as a start.
      cases.push([build('7'), st, line('7')].join('\n'));
      cases.push([st, line('7')].join('\n'));
    }
    for (const sp of stops) cases.push([build('42'), line('42'), sp, line('42')].join('\n'));
    for (const c of cases) {
      const text = `${c.replace(/\\r/g, '\r')}\n`;
      assert.deepEqual(viaBytes(text, rng(7)), diagnoseText(text), JSON.stringify(c));
    }
    const all = `${cases.join('\n')}\n`;
    assert.deepEqual(viaBytes(all, rng(7)), diagnoseText(all));
    assert.ok(diagnoseText(`${build('42')}\n${line('42')}\n`)[0]?.drv === drv, "the result is read as the build's line");
  });

  it('leaves out markers of an -L prefix only when the decoder strips that prefix', () => {
    const lines = [
      'ossl-demo-no-pkg-config>    Compiling libc v0.2.139',
      'ossl-demo-no-pkg-config>    Compiling pkg-config v0.3.25',
      'openssl-sys-0.9.80> error: could not find system library',
      'error> pkg-config was not found',
      'trace> openssl',
      '_openssl> x',
      '-openssl> x',
      'openssl>x',
      'openssl>',
      'openssl> ',
      'openssl> a\rb',
      'openssl> a\u2028b',
      'openssl> \u00e9',
      'openssl> \x1b[31mred',
      'openssl-sys-0.9.80> OPENSSL_DIR unset',
      `${'x'.repeat(300)}-openssl> y`,
    ];
    const text = [...lines, 'ERROR: cargoHash is out of date', ...lines.map((l) => `${l}\n`), ''].join('\n');
    assert.deepEqual(viaBytes(text, rng(4)), diagnoseText(text));
    for (const l of lines) assert.deepEqual(viaBytes(`${l}\n`, rng(4)), diagnoseText(`${l}\n`), JSON.stringify(l));
  });

  it('finds every marker a naive search finds, in bytes and in decoded text', () => {
    const markers = ['error', 'error[E0463]', 'test ', "building '", '@nix ', 'pkg-config', 'Package ', 'ns error'].map((text, i) => ({ text, mask: 1 << i }));
    const sc = new MarkerScanner(markers, 1 << 20);
    const r = rng(3);
    const alphabet = ['e', 'r', 'o', ' ', 't', 's', 'E', '[', '0', 'ü', 'é', '\n', 'a', 'g', 'k', 'n', 'i', "'", 'b', 'd', 'u', 'l', 'P', 'c', '-', 'f', '\x1b'];
    for (let round = 0; round < 300; round++) {
      let text = '';
      const n = Math.floor(r() * 400);
      for (let i = 0; i < n; i++) text += r() < 0.05 ? markers[Math.floor(r() * markers.length)]!.text : alphabet[Math.floor(r() * alphabet.length)]!;
      const bytes = Buffer.from(text);
      // Every marker start and ESC in a sub-range, as a naive search finds them.
      const from = Math.floor(r() * 8);
      const to = Math.max(from, bytes.length - Math.floor(r() * 8));
      const all: [number, number][] = [];
      for (let i = from; i < to; i++) {
        let mask = bytes[i] === 27 ? 1 << 20 : 0;
        for (const m of markers) if (i + m.text.length <= to && bytes.subarray(i, i + m.text.length).equals(Buffer.from(m.text))) mask |= m.mask;
        if (mask) all.push([i, mask]);
      }
      const count = sc.all(bytes, from, to);
      assert.deepEqual(
        Array.from({ length: count }, (_, k) => [sc.hits[k], sc.hitMasks[k]]),
        all,
        JSON.stringify([text, from, to]),
      );
      for (const line of text.split('\n')) {
        const naive = markers.reduce((acc, m) => (line.includes(m.text) ? acc | m.mask : acc), 0);
        assert.equal(sc.masksIn(line), naive, JSON.stringify(line));
      }
    }
  });
});
