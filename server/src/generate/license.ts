// Cargo's SPDX `license` expression → `lib.licenses.*`. nixpkgs writes both
// "MIT OR Apache-2.0" and "MIT AND Apache-2.0" as a list. An id without a known
// nixpkgs attribute yields a comment, never a wrong license.

const SPDX: Record<string, string> = {
  'MIT': 'mit', 'MIT-0': 'mit0', 'Apache-2.0': 'asl20', 'Apache-1.1': 'asl11', 'BSD-2-Clause': 'bsd2', 'BSD-3-Clause': 'bsd3',
  'BSD-3-Clause-Clear': 'bsd3Clear', 'BSD-4-Clause': 'bsdOriginal', '0BSD': 'bsd0', 'ISC': 'isc', 'Zlib': 'zlib', 'Unlicense': 'unlicense',
  'MPL-2.0': 'mpl20', 'MPL-1.1': 'mpl11', 'GPL-2.0-only': 'gpl2Only', 'GPL-2.0-or-later': 'gpl2Plus', 'GPL-3.0-only': 'gpl3Only',
  'GPL-3.0-or-later': 'gpl3Plus', 'GPL-2.0': 'gpl2Only', 'GPL-3.0': 'gpl3Only', 'GPL-2.0+': 'gpl2Plus', 'GPL-3.0+': 'gpl3Plus',
  'LGPL-2.1-only': 'lgpl21Only', 'LGPL-2.1-or-later': 'lgpl21Plus', 'LGPL-2.1': 'lgpl21Only', 'LGPL-2.1+': 'lgpl21Plus',
  'LGPL-3.0-only': 'lgpl3Only', 'LGPL-3.0-or-later': 'lgpl3Plus', 'LGPL-3.0': 'lgpl3Only', 'LGPL-3.0+': 'lgpl3Plus',
  'AGPL-3.0-only': 'agpl3Only', 'AGPL-3.0-or-later': 'agpl3Plus', 'AGPL-3.0': 'agpl3Only', 'CC0-1.0': 'cc0', 'BSL-1.0': 'boost',
  'EPL-2.0': 'epl20', 'EPL-1.0': 'epl10', 'EUPL-1.2': 'eupl12', 'Artistic-2.0': 'artistic2', 'WTFPL': 'wtfpl',
  'Unicode-DFS-2016': 'unicode-dfs-2016', 'Unicode-3.0': 'unicode-30', 'CC-BY-4.0': 'cc-by-40', 'CC-BY-SA-4.0': 'cc-by-sa-40', 'OpenSSL': 'openssl',
  'PostgreSQL': 'postgresql', 'NCSA': 'ncsa', 'BlueOak-1.0.0': 'blueOak100', 'UPL-1.0': 'upl', 'OFL-1.1': 'ofl', 'CDDL-1.0': 'cddl',
  'Python-2.0': 'psfl', 'Zlib-acknowledgement': 'zlib', 'curl': 'curl', 'X11': 'x11', 'HPND': 'hpnd', 'AFL-2.0': 'afl20', 'AFL-3.0': 'afl3',
};

export interface LicenseResult {
  /** Nix code: `lib.licenses.mit` or a list of them; undefined when nothing maps. */
  expr?: string[];
  /** Ids we could not map, for a comment. */
  unknown: string[];
}

/** Splits an SPDX expression into its license ids (OR/AND/WITH/parentheses, and the legacy `/`). */
export function spdxIds(expr: string): { ids: string[]; exceptions: string[] } {
  const tokens = expr.replace(/[()]/g, ' ').split(/\s+|\//).filter(Boolean);
  const ids: string[] = [];
  const exceptions: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (/^(OR|AND|or|and)$/.test(t)) continue;
    if (/^(WITH|with)$/.test(t)) {
      if (tokens[i + 1]) exceptions.push(tokens[++i]!);
      continue;
    }
    ids.push(t);
  }
  return { ids: [...new Set(ids)], exceptions };
}

export function nixLicense(spdx: string | undefined): LicenseResult {
  if (!spdx) return { unknown: [] };
  const { ids, exceptions } = spdxIds(spdx);
  const known: string[] = [];
  const unknown: string[] = [];
  for (const id of ids) {
    const attr = id === 'Apache-2.0' && exceptions.includes('LLVM-exception') ? 'asl20-llvm' : SPDX[id];
    if (attr) known.push(`lib.licenses.${/^[A-Za-z_][A-Za-z0-9_']*$/.test(attr) ? attr : `"${attr}"`}`);
    else unknown.push(id);
  }
  return { expr: known.length ? known : undefined, unknown };
}
