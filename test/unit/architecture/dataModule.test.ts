// The bundled form of the data tables (scripts/dataModule.mjs): evaluated as Node evaluates the chunk, every
// crate of the crate tables reads back as the committed JSON, and the other tables whole.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
// @ts-expect-error an ES module of the build, without types
import { dataModule } from '../../../scripts/dataModule.mjs';

const data = join(__dirname, '..', '..', '..', 'server', 'src', 'data');
const dir = mkdtempSync(join(tmpdir(), 'nixify-data-module-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function bundled(name: string): Promise<{ table: any; written: string[] }> {
  const path = join(data, name);
  const written: string[] = [];
  const text = dataModule(path, JSON.parse(readFileSync(path, 'utf8')), (file: string, content: string) => {
    written.push(file);
    writeFileSync(join(dir, file), content);
  });
  const mod = join(dir, `${name}.mjs`);
  writeFileSync(mod, text);
  return { table: (await import(pathToFileURL(mod).href)).default, written };
}

describe('the data tables as bundled', () => {
  for (const name of ['crateManifests.json', 'crateManifestsUpstream.json']) {
    it(`${name}: each crate's entries from its line of the entries file, the rest as committed`, async () => {
      const source = JSON.parse(readFileSync(join(data, name), 'utf8'));
      const { table, written } = await bundled(name);
      assert.deepEqual(written, [name.replace(/\.json$/, '.entries')]);
      const { crates, entry, ...rest } = table;
      const { crates: sourceCrates, ...sourceRest } = source;
      assert.deepEqual(rest, sourceRest);
      assert.deepEqual(Object.keys(crates), Object.keys(sourceCrates));
      for (const [crate, at] of Object.entries(crates)) assert.deepEqual(JSON.parse(entry(at)), sourceCrates[crate], crate);
    });
  }

  it('another table: the committed JSON whole, no file beside it', async () => {
    const { table, written } = await bundled('sysCrates.json');
    assert.deepEqual(table, JSON.parse(readFileSync(join(data, 'sysCrates.json'), 'utf8')));
    assert.deepEqual(written, []);
  });
});
