// A workspace's view (workspaceView.ts) sent in parts: the analysis thread
// (ViewMaker) sends the parts whose JSON changed since the view it sent before,
// the request thread (ViewStore) keeps the latest made of each part and puts the
// view together, parsing only the parts that changed, when a hover or lens reads it.
import type { InferenceResult } from '../infer/types';
import type { CargoManifest, Range, Workspace } from '../model/types';
import type { WorkspaceEntry } from './workspaceIndex';
import { HEAD_PART, INFERRED_PART, inferredView, memberPart, memberView, type MemberView, type SentView, type ViewHead, type WorkspaceView } from './workspaceView';

const sameRange = (a: Range | undefined, b: Range | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character);

/**
 * Whether two loads of a member read as the same MemberView, field by field and without
 * allocating: a manifest edit loads every member anew, and only the edited one is told apart.
 */
function sameMemberView(a: CargoManifest, b: CargoManifest): boolean {
  if (a === b) return true;
  if (a.path !== b.path || !sameRange(a.ranges.package, b.ranges.package) || a.dependencies.length !== b.dependencies.length) return false;
  for (let i = 0; i < a.dependencies.length; i++) {
    const [x, y] = [a.dependencies[i]!, b.dependencies[i]!];
    if (x.name !== y.name || x.package !== y.package || x.kind !== y.kind || !sameRange(x.range, y.range)) return false;
  }
  return true;
}

/** Per root, what each part was last made of and its JSON as sent. */
interface RootParts {
  members?: Workspace['members'];
  rootManifest?: CargoManifest;
  inferred?: InferenceResult;
  head?: string;
  inferredJson?: string;
  memberOf: Map<string, { member: CargoManifest; json: string }>;
}

export class ViewMaker {
  private readonly roots = new Map<string, RootParts>();
  /** Views made so far: each view carries its number, so the request thread keeps the latest. */
  private views = 0;

  /**
   * The parts of `entry`'s view whose JSON changed since the last view of its root (every part when
   * `always`: a call asked for the whole view); undefined when none did and `always` is false.
   */
  make(entry: WorkspaceEntry, inferred: InferenceResult | undefined, always: boolean): SentView | undefined {
    const ws = entry.ws;
    let r = this.roots.get(entry.root);
    // A lock edit makes a new workspace object around the same manifests: nothing to look at.
    if (!always && r && r.members === ws?.members && r.rootManifest === ws?.rootManifest && r.inferred === inferred) return undefined;
    if (!r) this.roots.set(entry.root, (r = { memberOf: new Map() }));
    const inferredBefore = r.inferred;
    // A version bump maps the inference anew around the same manifests: only its part is looked at.
    const manifests = always || r.members !== ws?.members || r.rootManifest !== ws?.rootManifest || r.head === undefined;
    [r.members, r.rootManifest, r.inferred] = [ws?.members, ws?.rootManifest, inferred];
    const parts: [string, string][] = [];
    if (manifests) this.manifestParts(r, ws, always, parts);
    if (always || inferred !== inferredBefore || r.inferredJson === undefined) {
      const json = JSON.stringify(inferredView(inferred) ?? null);
      if (always || json !== r.inferredJson) parts.push([INFERRED_PART, json]);
      r.inferredJson = json;
    }
    return parts.length ? { seq: ++this.views, parts } : undefined;
  }

  /** The head's and the members' parts that changed (all when `always`), added to `parts`. */
  private manifestParts(r: RootParts, ws: Workspace | undefined, always: boolean, parts: [string, string][]): void {
    const members = ws?.members ?? [];
    const headView: ViewHead = { loaded: ws !== undefined, workspace: ws?.rootManifest.ranges.workspace, paths: members.map((m) => m.path) };
    const head = JSON.stringify(headView);
    if (always || head !== r.head) parts.push([HEAD_PART, head]);
    r.head = head;
    const memberOf = new Map<string, { member: CargoManifest; json: string }>();
    for (const m of members) {
      const old = r.memberOf.get(m.path);
      const json = old && sameMemberView(old.member, m) ? old.json : JSON.stringify(memberView(m));
      memberOf.set(m.path, { member: m, json });
      if (always || json !== old?.json) parts.push([memberPart(m.path), json]);
    }
    r.memberOf = memberOf;
  }
}

/** One workspace's parts on the request thread, each the latest made, parsed when first read. */
export class ViewStore {
  private readonly parts = new Map<string, { seq: number; json: string; parsed?: unknown }>();
  private assembled?: WorkspaceView;

  /** Keeps each part of `view` unless one made later is kept already. */
  keep(view: SentView): void {
    let head = false;
    for (const [key, json] of view.parts) {
      const old = this.parts.get(key);
      if (old && old.seq >= view.seq) continue;
      this.parts.set(key, { seq: view.seq, json });
      this.assembled = undefined;
      head ||= key === HEAD_PART;
    }
    // Members no longer listed are gone (a part and the head listing it come in the same message).
    if (head) {
      const listed = new Set(this.part<ViewHead>(HEAD_PART)!.paths.map(memberPart));
      for (const key of this.parts.keys()) if (key !== HEAD_PART && key !== INFERRED_PART && !listed.has(key)) this.parts.delete(key);
    }
  }

  private part<T>(key: string): T | undefined {
    const p = this.parts.get(key);
    if (p) p.parsed ??= JSON.parse(p.json);
    return p?.parsed as T | undefined;
  }

  /** The view the parts make (undefined before the first head). */
  view(): WorkspaceView | undefined {
    if (this.assembled) return this.assembled;
    const head = this.part<ViewHead>(HEAD_PART);
    if (!head) return undefined;
    this.assembled = {
      loaded: head.loaded,
      members: head.paths.flatMap((p) => this.part<MemberView>(memberPart(p)) ?? []),
      workspace: head.workspace,
      inferred: this.part<InferenceResult | null>(INFERRED_PART) ?? undefined,
    };
    return this.assembled;
  }
}
