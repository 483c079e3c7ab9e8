import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { parseNixFile } from '../../../server/src/model/nix';
import { NixDocument } from '../../../server/src/model/nixDocument';
import { initParsers, parserSync } from '../../../server/src/parse/treeSitter';

const BASE = `{ lib, rustPlatform, pkg-config }:
# héllo — unicode before ranges: 😀
rustPlatform.buildRustPackage (finalAttrs: {
  pname = "demo";
  version = "0.1.0";
  cargoLock.lockFile = ./Cargo.lock;
  nativeBuildInputs = [ pkg-config ];
  env.FOO = "\${finalAttrs.pname}";
})
`;

before(() => initParsers());

describe('incremental Nix documents', () => {
  it('gives the same tree and model after random edits as a fresh parse', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.nat(8), fc.string({ unit: fc.constantFrom('a', ' ', '\n', '"', '{', '}', ';', '=', '[', ']', 'é', '😀', '$'), maxLength: 6 })), { minLength: 1, maxLength: 12 }),
        (edits) => {
          const doc = new NixDocument(BASE, 'package.nix');
          let text = BASE;
          for (const [at, del, ins] of edits) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + ins + text.slice(i + del);
            doc.update(text);
          }
          const fresh = parserSync('nix').parse(text)!;
          assert.equal(doc.sexp(), fresh.rootNode.toString());
          fresh.delete();
          assert.deepEqual(doc.model, parseNixFile(text, 'package.nix'));
          doc.dispose();
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it('keeps ranges in UTF-16 columns after a unicode line', () => {
    const doc = new NixDocument(BASE, 'package.nix');
    doc.update(BASE.replace('"demo"', '"démo-😀"'));
    const pname = doc.model.calls[0]!.pname!;
    assert.equal(pname.stringValue, 'démo-😀');
    assert.deepEqual(pname.valueRange, { start: { line: 3, character: 10 }, end: { line: 3, character: 19 } });
  });
});
