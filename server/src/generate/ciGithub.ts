// .github/workflows/nix.yml: on every push and pull request, install Nix,
// restore the store, `nix flake check`, `nix build` every package, and load the
// OCI image when the flake has one; on the default branch, push that image to
// the GitHub container registry from a separate job, the only one allowed to
// write packages. The token is read-only everywhere else.
import { flakeCheckLine, installable, type CiFacts } from './ciFacts';
import { PINS, usesOf, type ActionPin } from './ciPins';
import { yamlDocument, yblock, ykv, ykvTrail, ymap, type YamlEntry, type YamlMap, type YamlValue } from './ciYaml';

export const GITHUB_WORKFLOW_PATH = '.github/workflows/nix.yml';

const action = (name: string, pin: ActionPin, withArgs?: YamlEntry[]): YamlMap =>
  ymap([ykv('name', name), ykvTrail('uses', usesOf(pin), pin.tag), withArgs?.length ? ykv('with', ymap(withArgs)) : undefined]);
const run = (name: string, lines: string[], env?: YamlEntry[]): YamlMap =>
  ymap([ykv('name', name), env?.length ? ykv('env', ymap(env)) : undefined, ykv('run', lines.length === 1 ? lines[0]! : yblock(lines))]);

/** Shell lines that `nix build` every package: the known list, or whatever the flake exposes for this system. */
export function buildLines(f: CiFacts): string[] {
  if (f.packages) return [`nix build --print-build-logs ${f.packages.map((p) => shellWord(installable(f, p))).join(' ')}`];
  return [
    'system=$(nix eval --impure --raw --expr builtins.currentSystem)',
    `for p in $(nix eval --raw "${installable(f, 'packages.$system')}" --apply 'ps: builtins.concatStringsSep " " (builtins.attrNames ps)'); do`,
    `  nix build --print-build-logs "${installable(f, 'packages.$system.$p')}"`,
    'done',
  ];
}

/** A word the shell reads back unchanged: bare when it is only safe characters, else single-quoted. */
export function shellWord(s: string): string {
  return /^[\w@%+=:,./#-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function setupSteps(f: CiFacts, save: boolean): YamlValue[] {
  const steps: YamlValue[] = [
    action('Check out', PINS.checkout, [
      ykv('persist-credentials', false, 'Nothing here pushes to git: do not leave the token in .git/config.'),
      ...(f.submodules ? [ykv('submodules', 'recursive')] : []),
    ]),
    action('Install Nix', PINS.installNix),
  ];
  if (f.cache.kind === 'actions') {
    steps.push(
      action('Restore and save the Nix store', PINS.cacheNix, [
        ykv('primary-key', "nix-${{ runner.os }}-${{ hashFiles('**/*.nix', '**/flake.lock', '**/Cargo.lock') }}", 'A new cache entry whenever the packaging or the locks change.'),
        ykv('restore-prefixes-first-match', 'nix-${{ runner.os }}-', 'Otherwise start from the newest one.'),
        ykv('gc-max-store-size-linux', '5G', 'Collect garbage down to this size before saving (the cache holds 10 GB per repository).'),
        ...(save ? [] : [ykv('save', false)]),
      ]),
    );
  } else if (f.cache.kind === 'cachix') {
    steps.push(
      action('Use the Cachix cache', PINS.cachix, [
        ykv('name', f.cache.name),
        ykv('authToken', '${{ secrets.CACHIX_AUTH_TOKEN }}', 'Repository secret CACHIX_AUTH_TOKEN; without it (pull requests from forks) the cache is read-only.'),
      ]),
    );
  }
  return steps;
}

export function githubWorkflow(f: CiFacts): string {
  const steps: YamlValue[] = [
    ...setupSteps(f, true),
    run('Check the flake', [flakeCheckLine(f, shellWord)]),
    run(f.packages ? `Build ${f.packages.length === 1 ? 'the package' : 'every package'}` : 'Build every package of the flake', buildLines(f)),
  ];
  if (f.dockerAttr) {
    steps.push(run('Build the container image and load it', [`nix build --print-build-logs ${shellWord(installable(f, f.dockerAttr))} --out-link container-image`, './container-image | docker load']));
  }
  const jobs: YamlEntry[] = [
    ykv(
      'nix',
      ymap([ykv('runs-on', 'ubuntu-latest'), ykv('timeout-minutes', 120, 'A first run without a cache compiles every dependency (and, with crane, clippy, docs and tests).'), ykv('steps', steps)]),
    ),
  ];
  if (f.dockerAttr) {
    jobs.push(
      ykv(
        'publish-image',
        ymap([
          ykv('needs', 'nix'),
          ykv('if', "github.event_name == 'push' && github.ref_name == github.event.repository.default_branch"),
          ykv('runs-on', 'ubuntu-latest'),
          ykv('timeout-minutes', 120),
          ykv('permissions', ymap([ykv('contents', 'read'), ykv('packages', 'write', 'Push to ghcr.io/OWNER/REPO.')])),
          ykv('steps', [
            ...setupSteps(f, false),
            run(
              'Push the image to the GitHub container registry',
              [
                `nix build --print-build-logs ${shellWord(installable(f, f.dockerAttr))} --out-link container-image`,
                "image=$(./container-image | docker load | sed -n 's/^Loaded image: //p')",
                'target="ghcr.io/${GITHUB_REPOSITORY,,}"',
                'echo "$REGISTRY_TOKEN" | docker login ghcr.io --username "$GITHUB_ACTOR" --password-stdin',
                'docker tag "$image" "$target:${image##*:}"',
                'docker tag "$image" "$target:latest"',
                'docker push --all-tags "$target"',
              ],
              [ykv('REGISTRY_TOKEN', '${{ secrets.GITHUB_TOKEN }}')],
            ),
          ]),
        ]),
        'On the default branch only: the image tagged with its own tag (the version) and latest.',
      ),
    );
  }
  const cacheNote =
    f.cache.kind === 'actions'
      ? 'The Nix store is kept in the GitHub Actions cache (nix-community/cache-nix-action): no secret to set.'
      : f.cache.kind === 'cachix'
        ? `Built paths are pushed to the Cachix cache "${f.cache.name}": add the repository secret CACHIX_AUTH_TOKEN (a write token).`
        : 'No store cache: every run builds from the binary cache of nixpkgs up.';
  const header = [
    `Nix CI for ${f.name}, written by Nixify.`,
    `nix flake check, then nix build of ${f.packages ? f.packages.map((p) => `.#${p}`).join(' ') : "every package the flake exposes for the runner's system"}${f.dockerAttr ? `, and the container image .#${f.dockerAttr}` : ''}.`,
    cacheNote,
    'Actions are pinned to commits; the comment after each names its release.',
  ].join('\n');
  const doc = ymap([
    ykv('name', 'Nix'),
    ykv('on', ymap([ykv('push', ymap([])), ykv('pull_request', ymap([])), ykv('workflow_dispatch', ymap([]))])),
    ykv('permissions', ymap([ykv('contents', 'read')]), 'Least privilege: the jobs read the repository; only publish-image writes packages.'),
    ykv(
      'concurrency',
      ymap([ykv('group', '${{ github.workflow }}-${{ github.ref }}'), ykv('cancel-in-progress', "${{ github.event_name == 'pull_request' }}")]),
      'A new push to a pull request cancels its previous run.',
    ),
    ykv('jobs', ymap(jobs)),
  ]);
  return yamlDocument(doc, header);
}
