// .gitlab-ci.yml: the same pipeline on GitLab, in the official Nix image:
// `nix flake check`, `nix build` every package, build the OCI image when the
// flake has one and, on the default branch, copy it to the project's container
// registry with skopeo (no Docker daemon needed). GitLab's cache only keeps
// files inside the project directory, so the store is cached through Cachix
// when a cache name is given, else not at all.
import { flakeCheckLine, installable, type CiFacts } from './ciFacts';
import { buildLines, shellWord } from './ciGithub';
import { NIX_IMAGE } from './ciPins';
import { yamlDocument, yblock, ykv, ymap, type YamlEntry, type YamlValue } from './ciYaml';

export const GITLAB_CI_PATH = '.gitlab-ci.yml';

/** Runs `lines` so that Cachix pushes what they build when the token is there (not in fork pipelines). */
function withCache(f: CiFacts, lines: string[]): string[] {
  if (f.cache.kind !== 'cachix') return lines;
  const name = shellWord(f.cache.name);
  return [
    `nix run --inputs-from . nixpkgs#cachix -- use ${name}`,
    ...lines.map((l, i) => (i === 0 && lines.length === 1 ? `if [ -n "\${CACHIX_AUTH_TOKEN:-}" ]; then nix run --inputs-from . nixpkgs#cachix -- watch-exec ${name} -- ${l}; else ${l}; fi` : l)),
  ];
}

/** The every-package loop, each build pushed to Cachix when there is a cache and a token. */
function cachedLoop(f: CiFacts): YamlValue[] {
  const lines = buildLines(f);
  if (f.cache.kind !== 'cachix') return [yblock(lines)];
  const [use] = withCache(f, []);
  const wrap = (l: string) => {
    const indent = /^\s*/.exec(l)![0];
    return indent + withCache(f, [l.trimStart()])[1]!;
  };
  return [use!, yblock(lines.map((l) => (l.trimStart().startsWith('nix build') ? wrap(l) : l)))];
}

export function gitlabCi(f: CiFacts): string {
  const script = (lines: YamlValue[]): YamlValue => lines;
  const jobs: YamlEntry[] = [
    ykv('flake-check', ymap([ykv('stage', 'check'), ykv('script', script(withCache(f, [flakeCheckLine(f, shellWord)])))])),
    ykv('build', ymap([ykv('stage', 'build'), ykv('script', script(f.packages ? withCache(f, buildLines(f)) : cachedLoop(f)))])),
  ];
  if (f.dockerAttr) {
    const attr = shellWord(installable(f, f.dockerAttr));
    jobs.push(
      ykv('container-image', ymap([ykv('stage', 'build'), ykv('script', script(withCache(f, [`nix build --print-build-logs ${attr} --out-link container-image`])))])),
      ykv(
        'publish-image',
        ymap([
          ykv('stage', 'publish'),
          ykv('needs', ['container-image'], 'Built again here from the store (a store path cannot travel as an artifact).'),
          ykv('rules', [ymap([ykv('if', '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH')])]),
          ykv(
            'script',
            script([
              `nix build ${attr} --out-link container-image`,
              './container-image > image.tar',
              'nix run --inputs-from . nixpkgs#skopeo -- --insecure-policy copy --dest-creds "$CI_REGISTRY_USER:$CI_REGISTRY_PASSWORD" docker-archive:image.tar "docker://$CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA"',
              'nix run --inputs-from . nixpkgs#skopeo -- --insecure-policy copy --dest-creds "$CI_REGISTRY_USER:$CI_REGISTRY_PASSWORD" docker-archive:image.tar "docker://$CI_REGISTRY_IMAGE:latest"',
            ]),
          ),
        ]),
        "On the default branch only: the image, tagged with the commit and latest, in this project's container registry.",
      ),
    );
  }
  const cacheNote =
    f.cache.kind === 'cachix'
      ? `Built paths are pushed to the Cachix cache "${f.cache.name}": add the CI/CD variable CACHIX_AUTH_TOKEN (masked, protected).`
      : "No store cache (GitLab's cache only keeps files inside the project): pass a Cachix cache name to keep built paths between pipelines.";
  const header = [
    `Nix CI for ${f.name}, written by Nixify.`,
    `nix flake check, then nix build of ${f.packages ? f.packages.map((p) => `.#${p}`).join(' ') : "every package the flake exposes for the runner's system"}${f.dockerAttr ? `, and the container image .#${f.dockerAttr}` : ''}.`,
    cacheNote,
    `The image is the official Nix image at the Nix release Nixify pins (${NIX_IMAGE}).`,
  ].join('\n');
  const doc = ymap([
    ykv('stages', ['check', 'build', ...(f.dockerAttr ? ['publish'] : [])]),
    ykv('default', ymap([ykv('image', NIX_IMAGE), ykv('interruptible', true, 'A newer pipeline on the same branch cancels this one.')])),
    ykv(
      'variables',
      ymap([
        ykv('NIX_CONFIG', 'experimental-features = nix-command flakes', "Flakes and the nix command, whatever the image's nix.conf says."),
        ...(f.submodules ? [ykv('GIT_SUBMODULE_STRATEGY', 'recursive')] : []),
      ]),
    ),
    ...jobs,
  ]);
  return yamlDocument(doc, header);
}
