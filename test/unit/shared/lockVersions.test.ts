import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { newestLockRead, READS_EVERY_LOCK, rustReadingLock } from '../../../shared/src/lockVersions';

describe('which cargo reads which Cargo.lock version', () => {
  it('version 3 from 1.47 (not 1.53, when cargo began writing it), version 4 from 1.78', () => {
    assert.equal(rustReadingLock(3), '1.47');
    assert.equal(rustReadingLock(4), '1.78');
    assert.equal(rustReadingLock(5), undefined);
    assert.equal(READS_EVERY_LOCK, '1.78');
  });

  it('the newest version a cargo reads, at each boundary', () => {
    assert.deepEqual(
      [37, 38, 46, 47, 77, 78, 95].map((m) => newestLockRead(m)),
      [1, 2, 2, 3, 3, 4, 4],
    );
  });
});
