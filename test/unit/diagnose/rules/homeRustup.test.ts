// rustup (its cargo proxy, `rustup` itself) inside a Nix build cannot create its home, ~/.rustup under the sandbox's
// HOME: the labelling guide's home-not-writable row (rustup included), fixed by replacing rustup with nixpkgs' cargo and
// rustc — a writable HOME would only let rustup try to download a toolchain without network next. Round15 f01 and real
// rustup 1.29's cargo proxy run with HOME=/proc/homeless-shelter (which even root cannot create).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const read = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes]);
const FIX = [{ kind: 'replace-input', from: 'rustup', to: ['cargo', 'rustc'] }, { kind: 'rust-toolchain' }];

describe('home-not-writable: rustup unable to create ~/.rustup', () => {
  it('round15 f01 (a mkDerivation with rustup in buildInputs, Permission denied) → home-not-writable, rustup replaced', () => {
    assert.deepEqual(read(heldout(15, 'f01-network-sandbox-rustup-mkderivation-homeless-shelter-rustup-blog.log')), [['home-not-writable', FIX]]);
  });

  it('real rustup 1.29’s proxy (`cargo --version`, HOME=/proc/homeless-shelter), `-L` framed → the same, once', () => {
    const line = "error: could not create home directory: '/proc/homeless-shelter/.rustup': No such file or directory (os error 2)";
    const log = ["building '/nix/store/5z875zd45044gw8zmv8rl7wpf4dkpl4f-axum-forum-0.1.0.drv'...", `axum-forum> ${line}`, `axum-forum> ${line}`].join('\n');
    assert.deepEqual(read(log), [['home-not-writable', FIX]]);
  });

  it('rustup that could write its home and failed on the network (wordings/sources s84) stays network-sandbox', () => {
    const s84 =
      "info: syncing channel updates for stable-x86_64-unknown-linux-gnu\nerror: could not download file from 'http://127.0.0.1:9/dist/channel-rust-stable.toml.sha256' to '/homeless-shelter/.rustup/tmp/rchh7l0s21euful9_file': error downloading file: error sending request for url (http://127.0.0.1:9/dist/channel-rust-stable.toml.sha256): client error (Connect): tcp connect error: Connection refused (os error 111)\n";
    assert.deepEqual(
      diagnoseText(s84).map((d) => d.category),
      ['network-sandbox'],
    );
  });
});
