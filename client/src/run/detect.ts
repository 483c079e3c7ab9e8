// Which tasks a folder offers: from the flake's evaluated outputs when we may
// evaluate (trusted workspace), else from which files exist.
import { compareText } from '../../../shared/src/textOrder';
import type { NixTaskDefinition } from './command';

export interface DetectedTask {
  definition: NixTaskDefinition;
  /** Build / Test / none: how VS Code groups the task. */
  group?: 'build' | 'test';
  detail?: string;
}

/** The Nix system string of this machine (`x86_64-linux`, `aarch64-darwin`). */
export function currentSystem(arch: string = process.arch, platform: string = process.platform): string {
  const cpu = arch === 'x64' ? 'x86_64' : arch === 'arm64' ? 'aarch64' : arch === 'ia32' ? 'i686' : arch;
  return `${cpu}-${platform === 'darwin' ? 'darwin' : 'linux'}`;
}

/** Tasks that need no evaluation: what the presence of flake.nix / default.nix implies. */
export function staticTasks(files: { flake: boolean; defaultNix: boolean }): DetectedTask[] {
  const out: DetectedTask[] = [];
  if (files.flake) {
    out.push(
      { definition: { command: 'build', installable: '.#default' }, group: 'build' },
      { definition: { command: 'run', installable: '.#default' } },
      { definition: { command: 'flake-check', installable: '.' }, group: 'test' },
      { definition: { command: 'develop', installable: '.#default' } },
    );
  }
  if (files.defaultNix) out.push({ definition: { command: 'build', installable: 'default.nix' }, group: 'build', detail: 'nix-build' });
  return out;
}

type Outputs = Record<string, unknown>;

const names = (o: unknown, system: string): string[] => {
  const per = (o as Record<string, unknown> | undefined)?.[system];
  return per && typeof per === 'object' ? Object.keys(per).sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : compareText(a, b))) : [];
};

/** Tasks from `nix flake show --json`: packages, apps, checks and devShells of this system. */
export function tasksFromFlakeShow(show: Outputs, system: string, files: { defaultNix: boolean } = { defaultNix: false }): DetectedTask[] {
  const out: DetectedTask[] = [];
  const detail = (kind: string, n: string, o: unknown) => {
    const d = (o as Record<string, Record<string, { name?: string; description?: string }>> | undefined)?.[system]?.[n];
    return [kind, d?.name, d?.description].filter(Boolean).join(' · ');
  };
  for (const n of names(show.packages, system)) {
    out.push({ definition: { command: 'build', installable: `.#${n}` }, group: 'build', detail: detail('package', n, show.packages) });
  }
  const apps = names(show.apps, system);
  for (const n of apps) out.push({ definition: { command: 'run', installable: `.#${n}` }, detail: detail('app', n, show.apps) });
  // Without apps, `nix run` runs a package's mainProgram.
  if (!apps.length && names(show.packages, system).includes('default')) out.push({ definition: { command: 'run', installable: '.#default' } });
  const checks = names(show.checks, system);
  if (checks.length || Object.keys(show).length) out.push({ definition: { command: 'flake-check', installable: '.' }, group: 'test', detail: checks.length ? `${checks.length} checks` : undefined });
  for (const n of checks) out.push({ definition: { command: 'build', installable: `.#checks.${system}.${n}` }, group: 'test', detail: detail('check', n, show.checks) });
  for (const n of names(show.devShells, system)) out.push({ definition: { command: 'develop', installable: `.#${n}` }, detail: detail('dev shell', n, show.devShells) });
  if (files.defaultNix) out.push({ definition: { command: 'build', installable: 'default.nix' }, group: 'build', detail: 'nix-build' });
  return out;
}
