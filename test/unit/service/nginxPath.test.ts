// --nginx-path: what nginx could not parse is refused before anything is written.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeSubpath } from '../../../server/src/generate/nginx';

describe('normalizeSubpath', () => {
  it('writes every spelling of a path as one location ending in /', () => {
    assert.equal(normalizeSubpath('/'), '/');
    assert.equal(normalizeSubpath(''), '/');
    assert.equal(normalizeSubpath('forum'), '/forum/');
    assert.equal(normalizeSubpath('/forum'), '/forum/');
    assert.equal(normalizeSubpath(' /apps//forum/ '), '/apps/forum/');
  });

  it('refuses a space, naming it', () => {
    assert.throws(() => normalizeSubpath('/my forum/'), /contains a space/);
    assert.throws(() => normalizeSubpath('/my\tforum/'), /contains a space/);
  });

  it('refuses what ends or changes an nginx token: ; { } # quotes $ \\', () => {
    for (const c of [';', '{', '}', '#', '"', "'", '$', '\\', '?', '%'])
      assert.throws(
        () => normalizeSubpath(`/a${c}b/`),
        (e: Error) => e.message.includes(`contains ${JSON.stringify(c)}`),
        c,
      );
  });

  it('refuses . and .. segments, which nginx normalises away', () => {
    assert.throws(() => normalizeSubpath('/../'), /"\." and "\.\." segments/);
    assert.throws(() => normalizeSubpath('/a/./b'), /segments/);
  });
});
