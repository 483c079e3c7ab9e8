// The nix-log grammar's rules, run with JavaScript's regex engine (its syntax
// here is the common subset of Oniguruma and JS) on real log lines.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

interface Rule {
  match?: string;
  name?: string;
  captures?: Record<string, { name?: string }>;
}
const grammar = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'syntaxes', 'nix-log.tmLanguage.json'), 'utf8')) as {
  scopeName: string;
  patterns: { include: string }[];
  repository: Record<string, Rule>;
};

/** Scopes the first matching top-level rule gives a line, with the text each covers. */
function scopes(line: string): Record<string, string> {
  for (const p of grammar.patterns) {
    const rule = grammar.repository[p.include.slice(1)]!;
    const m = new RegExp(rule.match!).exec(line);
    if (!m) continue;
    const out: Record<string, string> = {};
    if (rule.name) out[rule.name] = m[0];
    for (const [i, c] of Object.entries(rule.captures ?? {})) if (c.name && m[Number(i)] !== undefined) out[c.name] = m[Number(i)]!;
    return out;
  }
  return {};
}

describe('nix-log grammar', () => {
  it('compiles every rule', () => {
    for (const [k, r] of Object.entries(grammar.repository)) assert.doesNotThrow(() => new RegExp(r.match!), k);
    assert.equal(grammar.scopeName, 'text.log.nix-build');
  });

  it('marks Nix errors and warnings', () => {
    assert.equal(scopes("error: builder for '/nix/store/bjsc9zvcz0xqgrnm7njbwad8gkh1wgsd-demo.drv' failed with exit code 3")['invalid.illegal.error.nix-log markup.bold'], 'error');
    assert.equal(scopes("warning: Git tree '/src' is dirty")['markup.changed.warning.nix-log'], 'warning');
  });

  it('marks rustc errors with their code and the source location', () => {
    const e = scopes('ossl-demo> error[E0425]: cannot find value `y` in this scope');
    assert.equal(e['constant.other.error-code.rustc.nix-log'], '[E0425]');
    const loc = scopes('ossl-demo>  --> src/main.rs:7:26');
    assert.equal(loc['markup.underline.link.path.nix-log'], 'src/main.rs');
    assert.equal(loc['constant.numeric.line.nix-log'], '7');
  });

  it('marks hashes, phases, derivation prefixes and store paths', () => {
    assert.equal(scopes('         got:    sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM=')['constant.other.hash.nix-log'], 'sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM=');
    assert.equal(scopes('ossl-demo> Running phase: buildPhase')['entity.name.section.phase.nix-log'], 'buildPhase');
    assert.equal(scopes('ossl-demo> compiling')['entity.name.type.derivation.nix-log'], 'ossl-demo');
    assert.equal(scopes('  /nix/store/bjsc9zvcz0xqgrnm7njbwad8gkh1wgsd-demo-1.0.drv')['entity.name.type.derivation.nix-log'], 'demo-1.0');
  });
});
