// A manifest edit that changes only comments and blank lines (tomlTrivia.ts)
// keeps the last load and takes the edited manifest's positions from its new
// text (manifestPositions.ts). Held to the real parser and to a full load: every
// edit the check calls trivia reads the same values in smol-toml, and the
// workspace it gives equals, positions included, a load of the edited texts.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'smol-toml';
import { withManifestPositions } from '../../../server/src/model/manifestPositions';
import { onlyTriviaLinesDiffer } from '../../../server/src/model/tomlTrivia';
import { loadWorkspaceAt, newParseCache, nodeFs, type WorkspaceFs } from '../../../server/src/model/workspace';
import { rng } from '../../seededRandom';

const REPO = join(__dirname, '..', '..', '..');
const CORPUS = join(REPO, '..', 'shared', 'corpus', 'crates');

const lineStarts = (t: string) => [0, ...[...t.matchAll(/\n/g)].map((m) => m.index! + 1)];

/** Lines that read as nothing, and some that read as something or break the file. */
const TRIVIA = ['# a comment\n', '\n', ' \t \n', '#[dependencies]\n', '# “quoted” ünïcode\n', '#\r\n'];
const NOT_TRIVIA = ['x = 1\n', '# bell \u0007\n', '# del \u007f\n', '"\n', '[t]\n', '#\r# cr\n'];

function values(text: string): unknown {
  try {
    return parse(text);
  } catch (e) {
    return `error: ${(e as Error).message.split('\n')[0]}`;
  }
}

describe('trivia-only TOML edits', () => {
  it('calls an edit trivia only when smol-toml reads the same values, both ways', () => {
    const texts = [
      'a = 1\nb = [\n  1,\n  2,\n]\nc = { d = 1,\n e = 2 }\n\n[t]\nx = "#not"\n',
      's = """\nline\n# in a string\n"""\nafter = 1\n',
      "l = '''\nx\n'''\n[u]\nk = 'v'\n",
      'x = 1\r\ny = 2\r\n',
    ];
    const r = rng(7);
    let trivia = 0;
    for (const base of texts) {
      for (let k = 0; k < 300; k++) {
        const starts = lineStarts(base);
        const at = starts[Math.floor(r() * starts.length)]!;
        const add = r() < 0.7 ? TRIVIA[Math.floor(r() * TRIVIA.length)]! : NOT_TRIVIA[Math.floor(r() * NOT_TRIVIA.length)]!;
        // Inserted at a line start, or (now and then) in the middle of a line.
        const where = r() < 0.85 ? at : Math.floor(r() * base.length);
        const edited = base.slice(0, where) + add + base.slice(where);
        for (const [a, b] of [
          [base, edited],
          [edited, base],
        ] as const) {
          if (!onlyTriviaLinesDiffer(a, b)) continue;
          trivia++;
          assert.deepEqual(values(b), values(a), JSON.stringify([a, b]));
        }
      }
    }
    // Most insertions at a line start outside a multi-line string are trivia.
    assert.ok(trivia > 500, String(trivia));
    assert.equal(onlyTriviaLinesDiffer('x = 1\n', 'x = 1 # c\n'), false);
    assert.equal(onlyTriviaLinesDiffer('x=1\n# c\ny=2\n', 'x=1\n# cy=2\n'), false);
    assert.equal(onlyTriviaLinesDiffer('s = """\na\n"""\n', 's = """\n# a\na\n"""\n'), false);
  });

  it('keeps a byte order mark where TOML reads one: at the start', () => {
    // A line put before the mark leaves it inside the file, where smol-toml (and cargo) refuse it.
    const bom = '\uFEFF[package]\nname = "a"\n';
    for (const line of ['# c\n', '\n', '\r\n']) {
      assert.match(String(values(line + bom)), /^error/);
      assert.equal(onlyTriviaLinesDiffer(bom, line + bom), false, JSON.stringify(line));
      assert.equal(onlyTriviaLinesDiffer(line + bom, bom), false, JSON.stringify(line));
    }
    // After it, a comment line is trivia as anywhere else.
    assert.equal(onlyTriviaLinesDiffer(bom, bom.replace('\n', '\n# c\n')), true);
  });
});

/** The workspace's files, one manifest's text replaced. */
function overlay(root: string, rel: string, text: string): WorkspaceFs {
  const disk = nodeFs(root);
  return { ...disk, readFile: (p) => (p === rel ? text : disk.readFile(p)) };
}

describe('a manifest edit of comments and blank lines', () => {
  for (const name of ['nushell', 'zizmor', 'lact']) {
    const root = join(CORPUS, name);
    it(`keeps the load and equals a full load of the edited text (${name})`, { skip: !existsSync(root) && `../shared/corpus/crates/${name} not found` }, () => {
      const cache = newParseCache();
      const ws = loadWorkspaceAt(root, { cache, skipScan: true });
      const manifests = [...new Set([ws.rootManifest, ...ws.members, ...(ws.pathCrates ?? [])].map((m) => m.path))];
      const r = rng(11);
      for (let k = 0; k < 40; k++) {
        const rel = manifests[k % 3 === 0 ? 0 : Math.floor(r() * manifests.length)]!;
        const text = readFileSync(join(root, rel), 'utf8');
        const starts = lineStarts(text);
        const at = starts[Math.floor(r() * starts.length)]!;
        const edited = text.slice(0, at) + TRIVIA[Math.floor(r() * TRIVIA.length)]! + text.slice(at);
        if (!onlyTriviaLinesDiffer(text, edited)) continue;
        const kept = withManifestPositions(ws, rel, edited, cache);
        const full = loadWorkspaceAt(root, { fs: overlay(root, rel, edited), skipScan: true });
        assert.deepEqual(kept, full, `${name} ${rel} at ${at}`);
        // Only the edited manifest's objects are new.
        for (const [i, m] of ws.members.entries()) if (m.path !== rel) assert.equal(kept!.members[i], m);
        // The parse cache holds the new text: a full load through it reads the same.
        assert.deepEqual(loadWorkspaceAt(root, { fs: overlay(root, rel, edited), cache, skipScan: true }), full);
      }
    });
  }
});
