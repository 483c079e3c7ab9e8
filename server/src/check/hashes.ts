// Hashes that will fail the build: a git dependency without an outputHashes
// entry (cargoLock mode), and a cargoHash computed for an older Cargo.lock.
import { createHash } from 'node:crypto';
import { callKind } from '../builders';
import { addOutputHash, fakeHashExpr, replaceValue } from '../fixes/nixEdits';
import { gitPackages } from '../model/cargoLock';
import type { Check, Finding } from './types';

export const lockDigest = (text: string) => createHash('sha256').update(text).digest('hex');

export const gitDepsWithoutHash: Check = ({ ws, nixFiles }) => {
  if (!ws.lock) return [];
  const git = gitPackages(ws.lock);
  if (!git.length) return [];
  const findings: Finding[] = [];
  for (const file of nixFiles) {
    for (const call of file.model.calls) {
      const cl = call.cargoLock;
      if (!callKind(call.kind).cargoLockVendoring || !cl?.lockFile) continue;
      if (call.bindings.some((b) => b.name === 'cargoLock.allowBuiltinFetchGit' && b.text.trim() === 'true')) continue;
      const have = new Set((cl.outputHashes?.entries ?? []).map((e) => e.name.slice('cargoLock.outputHashes.'.length).replace(/^"|"$/g, '')));
      // One hash per fetched git revision: crates of one repository at one commit share it.
      const byCommit = new Map<string, typeof git>();
      for (const g of git) byCommit.set(g.commit ?? g.source, [...(byCommit.get(g.commit ?? g.source) ?? []), g]);
      for (const group of byCommit.values()) {
        if (group.some((g) => have.has(g.key))) continue;
        const first = group[0]!;
        findings.push({
          code: 'git-dep-no-hash',
          severity: 'error',
          file: file.path,
          range: (cl.outputHashes?.binding ?? cl.lockFile ?? cl.binding).range,
          message: `Cargo.lock has the git dependency ${first.name} ${first.version} (${first.url}) but cargoLock.outputHashes has no "${first.key}" entry: importCargoLock cannot fetch it.`,
          fixes: [
            {
              title: `Add outputHashes."${first.key}" (lib.fakeHash; the next build reports the real hash)`,
              edits: [{ path: file.path, edits: addOutputHash(file.text, call, first.key, fakeHashExpr(file.text)) }],
              preferred: true,
            },
          ],
        });
      }
    }
  }
  return findings;
};

export const staleCargoHash: Check = ({ ws, nixFiles, fs, state }) => {
  // Hashing the lock costs milliseconds on a big one: only when some file was built before. Reading it
  // too: the server's open lock is joined into a new copy of its text by the read (textDocument.ts).
  if (!state?.lockDigestAtLastBuild.size) return [];
  const lock = fs.readFile('Cargo.lock');
  if (!lock) return [];
  const digest = lockDigest(lock);
  const findings: Finding[] = [];
  for (const file of nixFiles) {
    const before = state.lockDigestAtLastBuild.get(file.path);
    if (!before || before === digest) continue;
    for (const call of file.model.calls) {
      const h = call.cargoHash;
      if (!h) continue;
      const git = ws.lock ? gitPackages(ws.lock) : [];
      const lockAttr = git.length
        ? `cargoLock = {\n    lockFile = ./Cargo.lock;\n    outputHashes = {\n${git.map((g) => `      "${g.key}" = ${fakeHashExpr(file.text)};`).join('\n')}\n    };\n  };`
        : 'cargoLock.lockFile = ./Cargo.lock;';
      findings.push({
        code: 'stale-cargo-hash',
        severity: 'warning',
        file: file.path,
        range: h.valueRange,
        message: 'Cargo.lock changed since the last successful build of this derivation, so cargoHash is likely stale: the build will fail with a hash mismatch.',
        fixes: [
          { title: 'Switch to cargoLock.lockFile (no hash to refresh on lock changes)', edits: [{ path: file.path, edits: [{ range: h.range, newText: lockAttr }] }] },
          { title: 'Reset cargoHash to lib.fakeHash (the next build reports the new hash)', edits: [{ path: file.path, edits: [replaceValue(h, fakeHashExpr(file.text))] }] },
        ],
      });
    }
  }
  return findings;
};
