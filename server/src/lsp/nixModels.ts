// Nix file models by path, re-parsed only when the text changed.
import { parseNixFile } from '../model/nix';
import type { NixFileModel } from '../model/nixTypes';

export class NixModelCache {
  private readonly byPath = new Map<string, { text: string; model: NixFileModel }>();

  model(absPath: string, text: string, relPath = absPath): NixFileModel {
    const hit = this.byPath.get(absPath);
    if (hit && hit.text === text) return hit.model;
    const model = parseNixFile(text, relPath);
    this.byPath.set(absPath, { text, model });
    return model;
  }
}
