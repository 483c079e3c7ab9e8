// The diagnosis rules, in the order they see each line: specific rules first,
// rustc's errors and the eval-error fallback last (they skip claimed lines).
// Adding a rule = one module here (match, explanation, placement, fix) + its tests.
import type { DiagnosisRule } from '../rule';
import type { Category } from '../types';
import { cargoLockRule } from './cargoLock';
import { evalErrorRule } from './evalError';
import { flakeAttrMissingRule } from './flakeAttrMissing';
import { flakeExperimentalRule } from './flakeExperimental';
import { flakeUntrackedRule } from './flakeUntracked';
import { gitDepsRule } from './gitDeps';
import { hashMismatchRule } from './hashMismatch';
import { homeNotWritableRule } from './homeNotWritable';
import { missingToolRule } from './missingTool';
import { networkSandboxRule } from './networkSandbox';
import { opensslRule } from './openssl';
import { pkgconfigLibRule } from './pkgconfigLib';
import { rustCompileErrorRule } from './rustCompileError';
import { rustcTooOldRule } from './rustcTooOld';
import { rustTargetMissingRule } from './rustTargetMissing';
import { sqlxOfflineRule } from './sqlxOffline';
import { testFailureRule } from './testFailure';
import { toolVersionRule } from './toolVersion';

export const RULES: readonly DiagnosisRule[] = [
  opensslRule,
  pkgconfigLibRule,
  hashMismatchRule,
  gitDepsRule,
  cargoLockRule,
  flakeUntrackedRule,
  flakeExperimentalRule,
  flakeAttrMissingRule,
  homeNotWritableRule,
  sqlxOfflineRule,
  rustTargetMissingRule,
  toolVersionRule,
  missingToolRule,
  rustcTooOldRule,
  testFailureRule,
  networkSandboxRule,
  rustCompileErrorRule,
  evalErrorRule,
];

const BY_CATEGORY = new Map<Category, DiagnosisRule>(RULES.map((r) => [r.category, r]));

/** The rule of a category; undefined for `other` (the failing-step finding: no rule, no fix). */
export function ruleOf(category: Category): DiagnosisRule | undefined {
  return BY_CATEGORY.get(category);
}
