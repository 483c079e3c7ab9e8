// The derivation's inputs against what the build compiles: a -sys crate whose
// library or tool is missing fails minutes into `nix build`; an input nothing
// needs any more only costs closure size (a faded hint).
import { callKind } from '../builders';
import { addInputs, setEnv } from '../fixes/nixEdits';
import type { InferredInput } from '../infer/types';
import { KNOWN_ATTRS } from '../infer/table';
import type { BuilderCall } from '../model/nixTypes';
import type { Range, Workspace } from '../model/types';
import type { Check, Finding, NixFile } from './types';

const norm = (t: string) => t.replace(/^pkgs\./, '').trim();
const key = (r: Range) => `${r.start.line}:${r.start.character}`;

function calleeRange(call: BuilderCall): Range {
  return { start: call.range.start, end: { line: call.range.start.line, character: call.range.start.character + call.callee.length } };
}

/** The Cargo.toml dependency a member wrote that leads to the crate. */
function origin(ws: Workspace, i: { via: string[] }) {
  for (const m of ws.members) {
    const d = m.dependencies.find((x) => x.package === i.via[0] && x.range);
    if (d) return { file: m.path, range: d.range!, name: d.name };
  }
  return undefined;
}

export const nativeInputs: Check = ({ ws, inferred, nixFiles }) => {
  if (!ws.lock) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const needed = new Set([...inferred.nativeBuildInputs, ...inferred.buildInputs].map((i) => i.attr));
  for (const file of nixFiles) {
    for (const call of file.model.calls) {
      if (!callKind(call.kind).compiles) continue;
      const declared = new Set([...(call.nativeBuildInputs?.items ?? []), ...(call.buildInputs?.items ?? [])].map((i) => norm(i.text)));
      const declaredEnv = new Set(call.env.map((e) => e.name.replace(/^env\./, '')));
      const missingNative = inferred.nativeBuildInputs.filter((i) => !declared.has(i.attr));
      const missingBuild = inferred.buildInputs.filter((i) => !declared.has(i.attr));
      const missingEnv = inferred.env.filter((e) => !declaredEnv.has(e.name));
      const where = (missingBuild.length ? call.buildInputs : undefined) ?? call.nativeBuildInputs ?? call.buildInputs;
      const range = where ? where.binding.range : calleeRange(call);
      const dedupe = `${file.path}:${key(range)}:${key(where?.range ?? call.argsRange)}`;
      if ((missingNative.length || missingBuild.length || missingEnv.length) && !seen.has(dedupe)) {
        seen.add(dedupe);
        findings.push(...missingFindings(ws, file, call, range, missingNative, missingBuild, missingEnv));
      }
      for (const list of [call.nativeBuildInputs, call.buildInputs]) {
        for (const item of list?.items ?? []) {
          const attr = norm(item.text);
          const k = `${file.path}:unused:${key(item.range)}`;
          if (!KNOWN_ATTRS.has(attr) || needed.has(attr) || seen.has(k)) continue;
          seen.add(k);
          findings.push({
            code: 'unused-native-input',
            severity: 'hint',
            file: file.path,
            range: item.range,
            message: `Nothing the build compiles needs ${attr} any more (no crate in Cargo.lock that the Linux build uses implies it).`,
            unnecessary: true,
            fixes: [{ title: `Remove ${attr}`, edits: [{ path: file.path, edits: [{ range: widen(file.text, item.range), newText: '' }] }] }],
          });
        }
      }
    }
  }
  return findings;
};

function missingFindings(ws: Workspace, file: NixFile, call: BuilderCall, range: Range, native: InferredInput[], build: InferredInput[], env: { name: string; nix: string; because: string; via: string[] }[]): Finding[] {
  const parts: string[] = [];
  if (build.length) parts.push(`${build.map((i) => i.attr).join(', ')} in buildInputs`);
  if (native.length) parts.push(`${native.map((i) => i.attr).join(', ')} in nativeBuildInputs`);
  if (env.length) parts.push(`env ${env.map((e) => e.name).join(', ')}`);
  const reasons = [...new Set([...build, ...native].map((i) => i.because).concat(env.map((e) => e.because)))];
  const edits = [...addInputs(file.text, call, { nativeBuildInputs: native.map((i) => i.attr), buildInputs: build.map((i) => i.attr) }), ...setEnv(file.text, call, env)];
  const related = [...build, ...native].map((i) => ({ i, o: origin(ws, i) })).filter((x) => x.o);
  const out: Finding[] = [
    {
      code: 'missing-native-input',
      severity: build.length || native.length ? 'error' : 'warning',
      file: file.path,
      range,
      message: `The build needs ${parts.join(' and ')}: ${reasons.join('; ')}.`,
      related: related.map(({ i, o }) => ({ file: o!.file, range: o!.range, message: `${o!.name} pulls in ${i.crate.replace('@', ' ')}` })),
      // A bare-path argument (`naersk.buildPackage ./.`) has no attrset to add to.
      fixes: call.pathArg ? [] : [{ title: `Add ${[...build, ...native].map((i) => i.attr).concat(env.map((e) => `env.${e.name}`)).join(', ')}`, edits: [{ path: file.path, edits }], preferred: true }],
    },
  ];
  // And on the dependency that pulled the crate in, where the person reading Cargo.toml looks.
  const byOrigin = new Map<string, { file: string; range: Range; name: string; attrs: string[] }>();
  for (const { i, o } of related) {
    const k = `${o!.file}:${key(o!.range)}`;
    const cur = byOrigin.get(k) ?? { ...o!, attrs: [] };
    cur.attrs.push(i.attr);
    byOrigin.set(k, cur);
  }
  for (const o of byOrigin.values()) {
    out.push({
      code: 'missing-native-input',
      severity: 'hint',
      file: o.file,
      range: o.range,
      message: `${o.name} needs ${[...new Set(o.attrs)].join(', ')} in the Nix build, and ${file.path} does not provide ${o.attrs.length > 1 ? 'them' : 'it'}.`,
      fixes: call.pathArg ? [] : [{ title: `Add ${[...new Set(o.attrs)].join(', ')} to ${file.path}`, edits: [{ path: file.path, edits }] }],
    });
  }
  return out;
}

/** Removing a list item takes the whitespace before it along. */
function widen(text: string, r: Range): Range {
  const line = text.split('\n')[r.start.line] ?? '';
  const before = line.slice(0, r.start.character);
  if (/^\s*$/.test(before) && r.start.line > 0) {
    const prev = text.split('\n')[r.start.line - 1] ?? '';
    return { start: { line: r.start.line - 1, character: prev.length }, end: r.end };
  }
  const ws = /\s*$/.exec(before)![0].length;
  return { start: { line: r.start.line, character: r.start.character - ws }, end: r.end };
}
