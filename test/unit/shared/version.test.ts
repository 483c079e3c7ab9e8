import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareVersions, versionLt } from '../../../shared/src/version';

describe('compareVersions', () => {
  it('compares numerically, component by component', () => {
    assert.ok(compareVersions('0.9', '0.10') < 0, '0.9 < 0.10');
    assert.ok(compareVersions('0.9.104', '0.10.0') < 0);
    assert.ok(compareVersions('1.80', '1.80.1') < 0);
    assert.ok(compareVersions('1.81', '1.80.1') > 0);
    assert.equal(compareVersions('1.80', '1.80.0'), 0);
    assert.ok(compareVersions('2.26.3', '2.4') > 0, 'Nix 2.26 is newer than 2.4');
  });

  it('puts a pre-release below its release and ignores build metadata', () => {
    assert.ok(compareVersions('1.80.0-beta.1', '1.80.0') < 0);
    assert.ok(compareVersions('1.0.0-alpha', '1.0.0-alpha.1') < 0);
    assert.ok(compareVersions('1.0.0-alpha.2', '1.0.0-alpha.10') < 0);
    assert.ok(compareVersions('1.0.0-alpha.1', '1.0.0-beta') < 0);
    assert.equal(compareVersions('2.0.13+zstd.1.5.6', '2.0.13'), 0);
    assert.equal(versionLt('2.0.13+zstd.1.5.6', '2.0.5'), false);
  });

  it('sorts a list the way cargo orders versions', () => {
    assert.deepEqual(['0.10.1', '0.9.0', '0.10.0', '0.2.20', '1.0.0-rc.1', '1.0.0'].sort(compareVersions), ['0.2.20', '0.9.0', '0.10.0', '0.10.1', '1.0.0-rc.1', '1.0.0']);
  });
});
