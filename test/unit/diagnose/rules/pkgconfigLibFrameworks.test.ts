// Apple's frameworks and libraries missing from a darwin link, in every linker's words (ld64, Xcode 15's ld-prime,
// LLVM's ld64.lld, cctools' ld), in a reporter's sentence, or quoted without the name; the attribute from nixpkgs'
// own SDK framework lists (data/darwinFrameworks.json), by era.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { frameworkAttr, isSdkFramework } from '../../../../server/src/diagnose/rules/darwinFrameworks';
import { heldout } from './helpers';

const read = (text: string) => diagnoseText(text).map((d) => [d.category, d.confidence, d.fixes.map((f) => JSON.stringify(f)).join()]);
const inputs = (attr: string) => JSON.stringify({ kind: 'add-inputs', buildInputs: [attr] });

describe('pkgconfig-lib: darwin frameworks', () => {
  it("nixpkgs' SDK lists: the 10.12 SDK's attribute first, the 11.0 SDK's for a framework only it has, none for other names", () => {
    assert.equal(frameworkAttr('Security'), 'darwin.apple_sdk.frameworks.Security');
    assert.equal(frameworkAttr('UniformTypeIdentifiers'), 'darwin.apple_sdk_11_0.frameworks.UniformTypeIdentifiers');
    assert.equal(frameworkAttr('Electron'), undefined);
    assert.ok(isSdkFramework('SystemConfiguration') && !isSdkFramework('Widgets'));
  });

  for (const line of [
    '          ld: framework not found SystemConfiguration',
    "ld: framework 'SystemConfiguration' not found",
    'ld64.lld: error: framework not found for -framework SystemConfiguration',
    "/usr/bin/ld: can't locate framework for: -framework SystemConfiguration",
  ]) {
    it(`${line.trim()} → certain, darwin.apple_sdk.frameworks.SystemConfiguration`, () => {
      assert.deepEqual(read(line), [['pkgconfig-lib', 'certain', inputs('darwin.apple_sdk.frameworks.SystemConfiguration')]]);
    });
  }

  it("lld's warning for an object's auto-linked framework → nothing", () => {
    assert.deepEqual(read('ld64.lld: warning: foo.o: auto-linked framework not found for -framework Foo'), []);
  });

  it("a framework no nixpkgs SDK packages (a build's own) → named, likely, no attribute", () => {
    assert.deepEqual(read('ld: framework not found for -framework Electron'), [['pkgconfig-lib', 'likely', '']]);
  });

  it('a framework newer than both pre-24.11 SDK lists → no claim that nixpkgs lacks it, no darwin.apple_sdk advice', () => {
    // ScreenCaptureKit (macOS 12.3) is in no 10.12 or 11.0 list, but in the apple-sdk_N of nixpkgs 24.11 and later.
    const [d] = diagnoseText('ld: framework not found ScreenCaptureKit');
    assert.equal(d?.category, 'pkgconfig-lib');
    assert.doesNotMatch(d!.message, /no nixpkgs|darwin\.apple_sdk/);
    assert.match(d!.message, /24\.11/);
  });

  it("ld-prime's `ld: library 'iconv' not found` → the library's attribute", () => {
    const [d] = diagnoseText("  = note: ld: library 'iconv' not found\n          clang: error: linker command failed with exit code 1 (use -v to see invocation)");
    assert.equal(d?.category, 'pkgconfig-lib');
    assert.match(d!.message, /-liconv/);
  });

  it('round110 we04: `Problem linking to CoreFoundation on darwin` over build progress → CoreFoundation, likely', () => {
    assert.deepEqual(read(heldout(110, 'we04.log')), [['pkgconfig-lib', 'likely', inputs('darwin.apple_sdk.frameworks.CoreFoundation')]]);
  });

  it('round101 vv05: `"framework not found"` quoted in a title, no name → possible, no fix', () => {
    assert.deepEqual(read(heldout(101, 'vv05.log')), [['pkgconfig-lib', 'possible', '']]);
  });

  for (const prose of ['error: linking with `cc` failed: exit status: 1', 'Problem linking to Python on darwin', 'we link against Widgets here', 'a framework not found in any docs is fine']) {
    it(`${prose} → no framework read`, () => {
      assert.ok(!diagnoseText(prose).some((d) => d.category === 'pkgconfig-lib'));
    });
  }
});
