// Nix file models by path. A file is re-parsed only when its text changed, and
// then incrementally (tree.edit) from its previous tree.
import { NixDocument } from '../model/nixDocument';
import type { NixFileModel } from '../model/nixTypes';

export class NixModelCache {
  private readonly byPath = new Map<string, NixDocument>();

  model(absPath: string, text: string, relPath = absPath): NixFileModel {
    return this.document(absPath, text, relPath).model;
  }

  /** The document itself, its tree up to date with `text`. */
  document(absPath: string, text: string, relPath = absPath): NixDocument {
    let doc = this.byPath.get(absPath);
    if (!doc) {
      doc = new NixDocument(text, relPath);
      this.byPath.set(absPath, doc);
    } else doc.update(text);
    return doc;
  }

  forget(absPath: string) {
    this.byPath.get(absPath)?.dispose();
    this.byPath.delete(absPath);
  }
}
