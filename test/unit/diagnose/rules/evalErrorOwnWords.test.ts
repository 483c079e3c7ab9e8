// Messages only an evaluation prints, read without the position or --show-trace hint that usually marks them:
// the module system's throws, Nix's stack guard, a file the expression reads that is not there; the same words
// quoted in an issue's running text; a Nix 2.3 chain cut before its message. Rounds 25 and 26 (after their first
// run) and the outputs of real Nix 2.8 and 2.26 (the 2.26 chroot of ../shared/oracles with the real nixpkgs lib),
// recorded here as printed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const found = (log: string) => diagnoseText(log).map((d) => [d.category, d.message, d.fixes]);

describe('eval-error: messages only an evaluation prints', () => {
  it("the module system's `is used but not defined`, quoted alone (round26 q07) → eval-error, no fix", () => {
    assert.deepEqual(found(heldout(26, 'q07.log')), [['eval-error', "The option `perSystem.x86_64-linux.nci.outputs.my-project.packages' is used but not defined.", []]]);
  });

  it("today's lib wording (real Nix 2.8 with the real lib: message then the hint; one line; 2.26's trace block)", () => {
    const msg = "The option `perSystem.packages' was accessed but has no value defined. Try setting the option.";
    assert.deepEqual(found(`error: ${msg}\n(use '--show-trace' to show detailed location information)\n`), [['eval-error', msg, []]]);
    assert.deepEqual(found(`error: ${msg}\n`), [['eval-error', msg, []]]);
    const n226 = [
      'error:',
      "       … while evaluating the option `a.b':",
      '',
      "       (stack trace truncated; use '--show-trace' to show the full, detailed trace)",
      '',
      "       error: The option `a.b' was accessed but has no value defined. Try setting the option.",
    ].join('\n');
    assert.deepEqual(
      found(n226).map((d) => d[0]),
      ['eval-error'],
    );
    // A definition of the wrong type, lib/modules.nix's other throw shape.
    assert.deepEqual(
      found("error: A definition for option `services.demo.port' is not of type `16 bit unsigned integer; between 0 and 65535 (both inclusive)'. Definition values:\n").map((d) => d[0]),
      ['eval-error'],
    );
  });

  it("Nix's stack guard: 2.8's line alone (real), 2.26's call-depth limit, and the words quoted in prose (round25 p01)", () => {
    assert.deepEqual(found('error: stack overflow (possible infinite recursion)\n'), [['eval-error', 'stack overflow (possible infinite recursion)', []]]);
    assert.deepEqual(
      found('error: stack overflow; max-call-depth exceeded\n').map((d) => d[0]),
      ['eval-error'],
    );
    assert.deepEqual(found(heldout(25, 'p01.log')), [['eval-error', 'stack overflow (possible infinite recursion)', []]]);
    // rustc's own overflow is another program's: not these words.
    assert.deepEqual(
      found("thread 'rustc' has overflowed its stack\nfatal runtime error: stack overflow\n").filter((d) => d[0] === 'eval-error'),
      [],
    );
  });

  it('a file the expression reads that is not there: real Nix 2.8 (bare), 2.26 (in its trace), quoted inline in an issue (round25 p04)', () => {
    const msg = "opening file '/app/.nixpacks/rust-toolchain.toml': No such file or directory";
    assert.deepEqual(found(`error: ${msg}\n`), [['eval-error', msg, []]]);
    const n226 = [
      'error:',
      "       … while calling the 'readFile' builtin",
      '         at «string»:1:1:',
      '            1| builtins.readFile /app/.nixpacks/rust-toolchain.toml',
      '             | ^',
      '',
      `       error: ${msg}`,
    ].join('\n');
    assert.deepEqual(
      found(n226).map((d) => [d[0], d[1]]),
      [['eval-error', msg]],
    );
    assert.deepEqual(found(heldout(25, 'p04.log')), [['eval-error', msg, []]]);
  });

  it("Nix's own files and other I/O stay no evaluation error, bare or quoted", () => {
    assert.deepEqual(found("error: opening file '/nix/var/nix/db/big-lock': No such file or directory\n"), []);
    assert.deepEqual(found("error: opening file '/home/user/demo/x.toml': Permission denied\n"), []);
    assert.deepEqual(found('The build gives `error: unable to download https://example.org/x.tar.gz: HTTP error 404` every time.\n'), []);
    assert.deepEqual(found('It fails with `error: builder for /nix/store/0k4q7d3m9x2v6b1n5c8z4p7r2s6t3w9y-demo.drv failed with exit code 1`.\n'), []);
  });

  it("a builder's own output (Nix's `name> ` prefix) naming a missing file or quoting those words is not the evaluation's", () => {
    const build = (lines: string[]) =>
      ["building '/nix/store/4ni9d1nj9i29fnjy6l4q9mri2knrk910-demo.drv'...", ...lines.map((x) => `demo> ${x}`), 'demo> test result: ok. 3 passed; 0 failed'].join('\n') + '\n';
    assert.deepEqual(found(build(["error: opening file '/build/source/tests/data/missing.toml': No such file or directory", 'test config::missing ... ok'])), []);
    assert.deepEqual(found(build(["test parse::undefined ... ok (expected `error: undefined variable 'foo'`)"])), []);
    assert.deepEqual(found(build(['test deep ... ok (stack overflow (possible infinite recursion) caught)'])), []);
    // The same words as Nix's own line (no prefix) are still the evaluation's.
    assert.equal(found("error: opening file '/home/user/demo/rust-toolchain.toml': No such file or directory\n")[0]?.[0], 'eval-error');
  });
});

describe('eval-error: words other tools print too, quoted in prose', () => {
  it("bash's, a parser's, a runtime's `error: …` in a code span are not the evaluation's; Nix's own line with them still is", () => {
    assert.deepEqual(found('the script dies with `error: syntax error near unexpected token` under bash\n'), []);
    assert.deepEqual(found('cargo build fails with `error: expected a literal` in my proc macro\n'), []);
    assert.deepEqual(found('serde gives `error: cannot convert value to string` at runtime\n'), []);
    assert.equal(found("It fails with `error: undefined variable 'pkgs'` on every system.\n")[0]?.[0], 'eval-error');
    assert.equal(found("error: syntax error, unexpected '}', expecting ';'\n       at /home/u/p/flake.nix:3:1:\n")[0]?.[0], 'eval-error');
  });
});

describe('eval-error: a Nix 2.3 chain cut before its message', () => {
  it("rust-overlay's getComponents frames, the paste cut after them (round26 q14) → eval-error, no fix", () => {
    const ds = diagnoseText(heldout(26, 'q14.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      [['eval-error', []]],
    );
    assert.match(ds[0]!.message, /log ends inside its trace.*getComponents/);
  });

  it('a lone first line says nothing of where the chain went; a message after the frames is read as before', () => {
    assert.deepEqual(diagnoseText("error: while evaluating the attribute 'src' of the derivation 'demo-0.1.0' at /home/user/demo/default.nix:4:3:\n"), []);
    const chain = [
      "error: while evaluating the attribute 'buildInputs' of the derivation 'demo-0.1.0' at /home/user/demo/default.nix:5:3:",
      "while evaluating 'optionals' at /nix/store/5x7k2m4p6r8t0v2x4z6b8d0f2h4j6l8n-nixpkgs/lib/lists.nix:286:5, called from /home/user/demo/default.nix:6:17:",
    ];
    assert.deepEqual(
      diagnoseText(chain.join('\n')).map((d) => d.category),
      ['eval-error'],
    );
    assert.deepEqual(
      diagnoseText([...chain, "undefined variable 'opensll' at /home/user/demo/default.nix:6:40"].join('\n')).map((d) => d.message),
      ["undefined variable 'opensll'"],
    );
  });
});

describe("eval-error: a view starting inside Nix's code excerpt, at its suggestion", () => {
  // Real Nix 2.8: `nix-instantiate --eval` of an overlay-like file reading `platform.rust.rustcTarget` of a platform without `rust`.
  const real = [
    "error: attribute 'rust' missing",
    '',
    '       at /home/user/demo/ov.nix:3:18:',
    '',
    '            2| {',
    '            3|   toRustTarget = platform.rust.rustcTarget;',
    '             |                  ^',
    '            4|',
    '       Did you mean rustc?',
    "(use '--show-trace' to show detailed location information)",
  ];

  it('the whole error: its message, once', () => {
    assert.deepEqual(
      found(real.join('\n')).map((d) => [d[0], d[1]]),
      [['eval-error', "attribute 'rust' missing"]],
    );
  });

  it('cut above the excerpt (round24 o08, a deployment prefix on every line; the real output cut the same way) → eval-error, no fix', () => {
    assert.deepEqual(
      found(heldout(24, 'o08.log')).map((d) => [d[0], d[2]]),
      [['eval-error', []]],
    );
    const cut = found(real.slice(5).join('\n'));
    assert.deepEqual(
      cut.map((d) => d[0]),
      ['eval-error'],
    );
    assert.match(cut[0]![1] as string, /Nix suggests rustc/);
  });

  it('a suggestion after rustc’s caret (its source line `1 |`, after its `-->` span) is not Nix’s', () => {
    // Real rustc 1.95's unlabeled caret (E0554), its span shortened to one character as Nix's caret is.
    const rustc = ['error[E0554]: `#![feature]` may not be used on the stable release channel', ' --> b.rs:1:1', '  |', '1 | #', '  | ^'];
    for (const line of ['  Did you mean never_type?', '       Did you mean `never_type`?']) {
      assert.ok(!diagnoseText([...rustc, line].join('\n')).some((d) => /Nix suggests/.test(d.message)), line);
    }
    // Nix's own excerpt ending at its caret (the file's last line): still Nix's.
    assert.match(found([real[5]!, real[6]!, real[8]!].join('\n'))[0]![1] as string, /Nix suggests rustc/);
  });

  it('suggestions after no caret (a flake without the attribute, cargo) and Python’s inline one are not this', () => {
    assert.deepEqual(
      diagnoseText("error: flake 'git+file:///home/user/demo' does not provide attribute 'packages.x86_64-linux.demo'\n       Did you mean default?\n").filter((d) => /Nix suggests/.test(d.message)),
      [],
    );
    assert.deepEqual(found("  File \"/build/x.py\", line 3, in <module>\n    platfrom.rust\n    ^^^^^^^^\nNameError: name 'platfrom' is not defined. Did you mean: 'platform'?\n"), []);
  });
});
