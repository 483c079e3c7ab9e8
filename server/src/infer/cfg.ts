// Evaluates Cargo `cfg(...)` expressions and target triples for the targets a
// Nix package builds on Linux (x86_64 and aarch64, glibc). A dependency counts
// when its table applies to either Linux target.

type Cfg = { kind: 'all' | 'any'; args: Cfg[] } | { kind: 'not'; arg: Cfg } | { kind: 'name'; name: string } | { kind: 'kv'; key: string; value: string };

function parse(src: string): Cfg {
  let i = 0;
  const ws = () => {
    while (i < src.length && /\s/.test(src[i]!)) i++;
  };
  const ident = () => {
    ws();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (!m) throw new Error(`cfg: expected a name at ${i} in ${src}`);
    i += m[0].length;
    return m[0];
  };
  const expr = (): Cfg => {
    const name = ident();
    ws();
    if (src[i] === '(') {
      i++;
      const args: Cfg[] = [];
      ws();
      while (src[i] !== ')') {
        args.push(expr());
        ws();
        if (src[i] === ',') i++;
        ws();
        if (i >= src.length) throw new Error(`cfg: unclosed ( in ${src}`);
      }
      i++;
      if (name === 'not') return { kind: 'not', arg: args[0] ?? { kind: 'any', args: [] } };
      if (name === 'all' || name === 'any') return { kind: name, args };
      throw new Error(`cfg: unknown predicate ${name}()`);
    }
    if (src[i] === '=') {
      i++;
      ws();
      const m = /^"([^"]*)"/.exec(src.slice(i));
      if (!m) throw new Error(`cfg: expected a string after ${name} =`);
      i += m[0].length;
      return { kind: 'kv', key: name, value: m[1]! };
    }
    return { kind: 'name', name };
  };
  return expr();
}

export interface TargetInfo {
  triple: string;
  arch: string;
  os: string;
  family?: string;
  env: string;
  vendor: string;
  pointerWidth: string;
  /** `target_feature`s rustc turns on for the triple by default (no -C target-cpu in a Nix build). */
  features?: string[];
}

export const LINUX_TARGETS: TargetInfo[] = [
  { triple: 'x86_64-unknown-linux-gnu', arch: 'x86_64', os: 'linux', family: 'unix', env: 'gnu', vendor: 'unknown', pointerWidth: '64', features: ['fxsr', 'sse', 'sse2'] },
  { triple: 'aarch64-unknown-linux-gnu', arch: 'aarch64', os: 'linux', family: 'unix', env: 'gnu', vendor: 'unknown', pointerWidth: '64', features: ['neon', 'fp-armv8'] },
];

/** The targets a build for `triple` compiles: the Linux hosts by default, or one wasm32 target. */
export function targetsFor(triple: string | undefined): TargetInfo[] {
  if (!triple || !triple.startsWith('wasm32-')) return LINUX_TARGETS;
  const os = triple === 'wasm32-unknown-emscripten' ? 'emscripten' : triple.startsWith('wasm32-wasi') ? 'wasi' : 'unknown';
  return [{ triple, arch: 'wasm32', os, family: 'wasm', env: triple.includes('p1') || triple.includes('p2') ? triple.split('-').pop()! : '', vendor: 'unknown', pointerWidth: '32' }];
}

function holds(c: Cfg, t: TargetInfo): boolean {
  switch (c.kind) {
    case 'all':
      return c.args.every((a) => holds(a, t));
    case 'any':
      return c.args.some((a) => holds(a, t));
    case 'not':
      return !holds(c.arg, t);
    case 'name':
      // `test`, `debug_assertions`, `docsrs`, `feature`-less flags: off in a release package build.
      return c.name === t.family;
    case 'kv': {
      const v = c.value;
      switch (c.key) {
        case 'target_os':
          return v === t.os;
        case 'target_family':
          return v === t.family;
        case 'target_arch':
          return v === t.arch;
        case 'target_env':
          return v === t.env;
        case 'target_vendor':
          return v === t.vendor;
        case 'target_pointer_width':
          return v === t.pointerWidth;
        case 'target_endian':
          return v === 'little';
        case 'target_has_atomic':
          return ['8', '16', '32', '64', 'ptr'].includes(v);
        case 'panic':
          return v === 'unwind';
        case 'target_feature':
          return t.features?.includes(v) ?? false;
        // `feature = "…"` in a target table never holds (Cargo rejects it there);
        // target_abi and unknown keys are off for plain x86_64/aarch64 gnu builds.
        default:
          return false;
      }
    }
  }
}

/** Whether a `[target.X.dependencies]` table applies to a Linux build (or `targets`). Unparseable specs count (never silently drop a dependency). */
export function targetApplies(spec: string, targets: TargetInfo[] = LINUX_TARGETS): boolean {
  const s = spec.trim();
  if (s.startsWith('cfg(')) {
    let tree: Cfg;
    try {
      tree = parse(s.slice(4, -1));
    } catch {
      return true;
    }
    return targets.some((t) => holds(tree, t));
  }
  return targets.some((t) => t.triple === s);
}
