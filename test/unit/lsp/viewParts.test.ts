// The view hovers and lenses are answered from crosses threads in parts
// (viewParts.ts). After random manifest and lock edits on real workspaces, the
// view the request thread puts together from every part it was sent, in order,
// must read byte for byte as the whole view made from scratch of the same
// analysis (what was sent whole before the parts), and so must a call's reply
// kept among them.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AnalysisHost } from '../../../server/src/lsp/analysisHost';
import type { FromAnalysis } from '../../../server/src/lsp/analysisMessages';
import { ViewMaker, ViewStore } from '../../../server/src/lsp/viewParts';
import { HEAD_PART, INFERRED_PART, memberPart, memberView, workspaceView, type SentView } from '../../../server/src/lsp/workspaceView';
import { rng } from '../../seededRandom';

const CORPUS = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'crates');
const WORKSPACES = ['nushell', 'alacritty', 'jujutsu'];

/** Edits of one manifest's text: ones that move its ranges, change its dependencies, or break it. */
const EDITS: ((t: string, r: () => number) => string)[] = [
  (t) => `# a comment at the top\n${t}`,
  (t) => `${t}\n# a comment at the end\n`,
  (t) => t.replace(/^\[dependencies\]\n/m, '[dependencies]\nserde = "1"\n'),
  (t, r) => {
    const lines = t.split('\n');
    const deps = lines.flatMap((l, i) => (/^[A-Za-z0-9_-]+\s*=/.test(l) ? [i] : []));
    if (deps.length) lines.splice(deps[Math.floor(r() * deps.length)]!, 1);
    return lines.join('\n');
  },
  (t) => t.replace('[package]', '[package'),
  (t) => t.replace('[package', '[package]').replace('[package]]', '[package]'),
];

describe('a view sent in parts', () => {
  it('has a member part of the fields sameMemberView compares', () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const m = { path: 'Cargo.toml', ranges: { package: range }, dependencies: [{ name: 'a', package: 'a', kind: 'normal', range, features: [] }] };
    const view = memberView(m as unknown as Parameters<typeof memberView>[0]);
    // A field added here must be compared there too, or an edit that changes only it sends nothing.
    assert.deepEqual(Object.keys(view), ['path', 'package', 'dependencies']);
    assert.deepEqual(Object.keys(view.dependencies[0]!), ['name', 'package', 'kind', 'range']);
  });

  it('keeps the latest made of each part when an older view arrives late', () => {
    const range = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 9 } });
    const dep = (name: string, line: number) => ({ name, package: name, kind: 'normal', range: range(line), features: [] });
    const member = (path: string, line: number, deps: string[]) => ({ path, ranges: { package: range(line) }, dependencies: deps.map((d, i) => dep(d, line + 2 + i)) });
    const entry = (members: ReturnType<typeof member>[]) =>
      ({ root: '/ws', generation: 0, ws: { rootManifest: { path: 'Cargo.toml', ranges: { workspace: range(0) }, dependencies: [] }, members } }) as unknown as Parameters<ViewMaker['make']>[0];
    const maker = new ViewMaker();
    const e1 = entry([member('a/Cargo.toml', 0, ['x']), member('b/Cargo.toml', 0, [])]);
    const e2 = entry([member('a/Cargo.toml', 1, ['x', 'y']), member('b/Cargo.toml', 0, [])]);
    const e3 = entry([member('a/Cargo.toml', 2, ['y']), member('b/Cargo.toml', 3, ['z'])]);
    const e4 = entry([member('a/Cargo.toml', 2, ['y'])]);
    const [v1, v2, v3, v4] = [e1, e2, e3, e4].map((e) => maker.make(e, undefined, false)!);
    const whole = (e: Parameters<ViewMaker['make']>[0]) => JSON.stringify(workspaceView(e, undefined));
    const keptInOrder = (...views: SentView[]) => {
      const store = new ViewStore();
      for (const v of views) store.keep(v);
      return JSON.stringify(store.view());
    };
    assert.deepEqual([v1.seq, v2.seq, v3.seq, v4.seq], [1, 2, 3, 4]);
    assert.deepEqual(
      v2.parts.map(([k]) => k),
      [memberPart('a/Cargo.toml')],
    );
    // A part numbered 2, then the older view 1 (every part, a's among them) arriving late: a stays 2's.
    assert.equal(keptInOrder(v2, v1), whole(e2));
    // Views 1 and 3 first, then 2 late: a's part from 3, not 2.
    assert.equal(keptInOrder(v1, v3, v2), whole(e3));
    // b dropped by the head of 4, then 3's part of b late: b stays out of the view.
    assert.equal(keptInOrder(v1, v2, v4, v3), whole(e4));
    assert.equal(keptInOrder(v1, v2, v3, v4), whole(e4));
  });

  for (const name of WORKSPACES) {
    const src = join(CORPUS, name);
    it(`puts together to the whole view after edits on ${name}`, { skip: !existsSync(join(src, 'Cargo.toml')) && 'the corpus is not beside the checkout' }, async () => {
      const root = mkdtempSync(join(tmpdir(), 'nixify-parts-'));
      try {
        cpSync(src, root, { recursive: true });
        const posted: FromAnalysis[] = [];
        let arrived: (() => void) | undefined;
        const host = new AnalysisHost((m) => {
          posted.push(m);
          arrived?.();
        });
        const store = new ViewStore();
        const next = async (t: FromAnalysis['t']) => {
          const seen = posted.length;
          while (!posted.slice(seen).some((m) => m.t === t)) await new Promise<void>((r) => (arrived = r));
          const m = posted.slice(seen).find((x) => x.t === t)!;
          if (m.t === 'diagnostics' && m.view) store.keep(m.view);
          return m;
        };
        const same = (what: string) => {
          const e = host.index.get(root);
          const whole = JSON.stringify(workspaceView(e, e.ws ? host.index.inferred(root) : undefined));
          assert.equal(JSON.stringify(store.view()), whole, what);
        };
        const texts = new Map<string, string>();
        const versions = new Map<string, number>();
        const open = (path: string) => {
          texts.set(path, readFileSync(path, 'utf8'));
          versions.set(path, 1);
          host.handle({ t: 'open', uri: `file://${path}`, path, languageId: 'toml', version: 1, text: texts.get(path)! });
        };
        const change = (path: string, text: string) => {
          versions.set(path, versions.get(path)! + 1);
          const old = texts.get(path)!;
          const lines = old.split('\n');
          const end = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
          texts.set(path, text);
          host.handle({ t: 'change', path, version: versions.get(path)!, changes: [{ range: { start: { line: 0, character: 0 }, end }, text }] });
        };

        let analysed = next('diagnostics');
        host.handle({ t: 'trust', trusted: false });
        open(join(root, 'Cargo.toml'));
        await analysed;
        same('first');
        const members = host.index.get(root).ws!.members.map((m) => join(root, m.path));
        const r = rng(7);
        let calls = 0;
        let memberEdits = 0;
        /** Each member's MemberView JSON in the whole view now, by path. */
        const memberJsons = () => {
          const e = host.index.get(root);
          return new Map(workspaceView(e, undefined).members.map((v) => [v.path, JSON.stringify(v)]));
        };
        /**
         * After an edit of a member's manifest alone, the workspace loaded before and after: the parts
         * sent are the members' whose view changed (and the head or inference when they did), never every member's.
         */
        const onlyChanged = (path: string, before: Map<string, string>, m: FromAnalysis, what: string) => {
          const after = memberJsons();
          if (path === join(root, 'Cargo.toml') || !path.endsWith('Cargo.toml') || before.size !== members.length || after.size !== members.length) return;
          const parts = (m.t === 'diagnostics' && m.view?.parts.map(([k]) => k)) || [];
          assert.ok(parts.length < members.length, `${what} of ${path} sent ${parts.length} parts for ${members.length} members`);
          const changed = [...after.keys()].filter((k) => before.get(k) !== after.get(k));
          assert.deepEqual(parts.filter((k) => k !== HEAD_PART && k !== INFERRED_PART).sort(), changed.map(memberPart).sort(), `${what} of ${path}`);
          memberEdits++;
        };
        // Edits of members' manifests alone first, while the workspace loads (a random edit may break it for the rest).
        for (const path of [...new Set([members[1], members[Math.floor(members.length / 2)], members[members.length - 1]])]) {
          if (!path || path === join(root, 'Cargo.toml')) continue;
          for (const edit of [EDITS[0]!, EDITS[2]!]) {
            if (!texts.has(path)) open(path);
            const before = memberJsons();
            analysed = next('diagnostics');
            change(path, edit(texts.get(path)!, r));
            const m = await analysed;
            same(`after a member edit of ${path}`);
            onlyChanged(path, before, m, 'a member edit');
          }
        }
        for (let i = 0; i < 24; i++) {
          // The root manifest half the time, else a member's, else the lock.
          const k = r();
          const path = k < 0.5 ? join(root, 'Cargo.toml') : k < 0.9 ? members[Math.floor(r() * members.length)]! : join(root, 'Cargo.lock');
          if (!texts.has(path)) open(path);
          const text = texts.get(path)!;
          const before = memberJsons();
          analysed = next('diagnostics');
          if (path.endsWith('.lock')) change(path, `# edit ${i}\n${text.replace(/^version = "(\d+)/m, (_, v) => `version = "${Number(v) + 1}`)}`);
          else change(path, EDITS[Math.floor(r() * EDITS.length)]!(text, r));
          const m = await analysed;
          same(`after edit ${i} of ${path}`);
          onlyChanged(path, before, m, `edit ${i}`);
          if (i % 6 === 5) {
            // A call's reply (every part, made later) kept among the diagnostics' parts.
            const id = ++calls;
            const replied = next('reply');
            host.handle({ t: 'call', id, name: 'view', args: [root] });
            await replied;
            const reply = posted.find((m) => m.t === 'reply' && m.id === id) as { result: SentView };
            store.keep(reply.result);
            same(`after call ${id}`);
          }
        }
        assert.ok(memberEdits > 0, 'the seeded edits reach a member manifest');
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
