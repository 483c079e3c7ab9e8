// The settings the code reads are the ones package.json declares, with the same defaults.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SECTION, SETTINGS, settingId } from '../../../client/src/settings';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const declared: Record<string, { default: unknown }> = pkg.contributes.configuration.properties;

describe('settings', () => {
  it('declares in package.json exactly the settings the code reads, with the same defaults', () => {
    assert.deepEqual(
      Object.keys(declared).sort(),
      Object.values(SETTINGS)
        .map((s) => `${SECTION}.${s.key}`)
        .sort(),
    );
    for (const name of Object.keys(SETTINGS) as (keyof typeof SETTINGS)[]) assert.deepEqual(declared[settingId(name)]!.default, SETTINGS[name].default, name);
  });

  it('restricts the settings that choose what runs in an untrusted workspace', () => {
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.sort(), [settingId('extraArgs'), settingId('nixPath')].sort());
  });
});
