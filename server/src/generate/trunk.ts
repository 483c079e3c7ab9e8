// Trunk apps: a member with an index.html that trunk turns into a web app
// (the crate built for wasm32, wasm-bindgen's glue, the page's CSS/SCSS/
// Tailwind and copied assets in dist/). Such a member is a browser program,
// not a host binary: no builder should package it as one.
//
// Found from the crate itself: an index.html next to its Cargo.toml and one of
// trunk's own signals — `<link data-trunk …>` asset directives in that page, a
// Trunk.toml, or a UI framework built for the browser (yew/leptos with `csr`,
// dioxus with `web`, sycamore). The page's directives also say which files the
// build reads and which tools it runs.
import type { CargoManifest, Workspace } from '../model/types';
import type { SrcEntry } from './src';

export interface TrunkApp {
  member: CargoManifest;
  /** The page, root-relative. */
  index: string;
  /** Trunk.toml trunk reads (the member's, else the workspace root's). */
  config?: string;
  /** nixpkgs tools the page's pipelines run, with why. */
  tools: { attr: string; because: string }[];
  /** Files the page names (root-relative), for src. */
  sources: SrcEntry[];
  /** Why this is a trunk app. */
  because: string;
}

/** `<link data-trunk rel="…" href="…">` and `<script data-trunk src="…">`: each directive's kind and path. */
export function trunkDirectives(html: string): { rel: string; href?: string }[] {
  const out: { rel: string; href?: string }[] = [];
  // Comments hold examples, not directives.
  const text = html.replace(/<!--[\s\S]*?-->/g, '');
  for (const m of text.matchAll(/<(link|script)\b([^>]*)>/gi)) {
    // A self-closing `/>` is not part of the last value.
    const attrs = m[2]!.replace(/\/\s*$/, '');
    if (!/(^|\s)data-trunk(\s|=|\/|$)/i.test(attrs)) continue;
    const attr = (n: string) => new RegExp(`(?:^|\\s)${n}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(attrs);
    const val = (n: string) => {
      const a = attr(n);
      return a ? (a[1] ?? a[2] ?? a[3]) : undefined;
    };
    if (m[1]!.toLowerCase() === 'script') out.push({ rel: 'script', href: val('src') });
    else out.push({ rel: (val('rel') ?? '').toLowerCase(), href: val('href') });
  }
  return out;
}

/** The tool a directive's pipeline runs (nixpkgs attribute), if any. */
const TOOLS: Record<string, { attr: string; because: string }> = {
  scss: { attr: 'dart-sass', because: "trunk compiles the page's SCSS with sass" },
  sass: { attr: 'dart-sass', because: "trunk compiles the page's Sass with sass" },
  'tailwind-css': { attr: 'tailwindcss', because: "trunk runs the Tailwind CLI on the page's CSS" },
};

/** The UI framework dependency that renders in the browser, if any. */
export function browserFramework(m: CargoManifest): string | undefined {
  for (const d of m.dependencies) {
    if (d.kind !== 'normal') continue;
    const f = d.features;
    if ((d.package === 'yew' || d.package === 'leptos') && f.includes('csr')) return `${d.package} with the csr feature`;
    if (d.package === 'dioxus' && f.includes('web')) return 'dioxus with the web feature';
    if (d.package === 'dioxus-web' || d.package === 'sycamore') return d.package;
  }
  return undefined;
}

/** A path the page names, resolved against its folder; undefined when it leaves the workspace or is a URL. */
function resolve(dir: string, href: string): string | undefined {
  if (/^[a-z]+:|^\/\//i.test(href)) return undefined;
  const parts = (dir ? dir.split('/') : []).concat(href.split(/[?#]/)[0]!.split('/'));
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (!out.length) return undefined;
      out.pop();
    } else out.push(p);
  }
  return out.join('/') || undefined;
}

/** The workspace's trunk apps. `read` returns a root-relative file's text (undefined when absent). */
export function trunkApps(ws: Workspace, exists: (rel: string) => boolean, read: (rel: string) => string | undefined): TrunkApp[] {
  const apps: TrunkApp[] = [];
  for (const m of ws.members) {
    if (!m.package) continue;
    const base = m.dir ? `${m.dir}/` : '';
    const index = `${base}index.html`;
    if (!exists(index)) continue;
    const html = read(index) ?? '';
    const directives = trunkDirectives(html);
    const config = [`${base}Trunk.toml`, 'Trunk.toml'].find((p) => exists(p));
    const framework = browserFramework(m);
    const because = directives.length ? `${index} has trunk asset directives (data-trunk)` : config ? `${config} configures trunk for ${index}` : framework ? `${index} and ${framework}` : undefined;
    if (!because) continue;
    const tools: TrunkApp['tools'] = [];
    const sources: SrcEntry[] = [{ path: index, because: 'the page trunk builds' }];
    if (config) sources.push({ path: config, because: "trunk's configuration" });
    for (const d of directives) {
      const tool = TOOLS[d.rel];
      if (tool && !tools.some((t) => t.attr === tool.attr)) tools.push(tool);
      // rel="rust" names the crate (Cargo files are in src already).
      if (!d.href || d.rel === 'rust') continue;
      const p = resolve(m.dir, d.href);
      if (p && exists(p)) sources.push({ path: p, because: `${index} includes it (data-trunk rel="${d.rel}")` });
    }
    if (tools.some((t) => t.attr === 'tailwindcss')) {
      for (const c of ['tailwind.config.js', 'tailwind.config.cjs', 'tailwind.config.mjs', 'tailwind.config.ts']) {
        const p = `${base}${c}`;
        if (exists(p)) sources.push({ path: p, because: 'the Tailwind CLI reads it' });
      }
    }
    apps.push({ member: m, index, config, tools, sources, because });
  }
  return apps;
}

/** A shell word (member folders may hold spaces). */
export const shellWord = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * How trunk runs for the app: from its folder (`cd`, and `up` back to the source root), with the
 * workspace root's Trunk.toml passed explicitly when the app's folder has none.
 */
export function trunkRun(t: TrunkApp): { cd?: string; up: string; config?: string } {
  const dir = t.member.dir;
  if (!dir) return { up: '.' };
  const up = dir
    .split('/')
    .map(() => '..')
    .join('/');
  return { cd: shellWord(dir), up, config: t.config && !t.config.includes('/') ? `${up}/${t.config}` : undefined };
}

/**
 * buildPhase/installPhase running trunk in a stdenv-style derivation (buildRustPackage), as
 * nixpkgs' own trunk packages do: the tools come from nativeBuildInputs (trunk finds them on
 * PATH; --offline forbids downloads), the vendored crates from cargoSetupHook (--frozen), and
 * dist/ becomes $out.
 */
export function trunkPhases(t: TrunkApp): { buildPhase: string; installPhase: string } {
  const run = trunkRun(t);
  const lines = ['runHook preBuild'];
  if (run.cd) lines.push(`cd ${run.cd}`);
  lines.push(`trunk${run.config ? ` --config ${run.config}` : ''} build --offline --frozen --release`, 'runHook postBuild');
  return { buildPhase: `${lines.join('\n')}\n`, installPhase: 'runHook preInstall\ncp -r dist $out\nrunHook postInstall\n' };
}
