import { PaCloudKitError } from '../../core';
import { PathSegment } from './source';

/** A mistake found by the semantic checks. */
export interface SemanticProblem {
  readonly field: string;
  readonly message: string;
  readonly control?: string;
  /** Where to point when it is not the field itself (a value inherited from a default). */
  readonly pointTo?: readonly PathSegment[];
}

/** Runs a check; a kit error becomes a problem (as it is, or as `adjust` rewrites it) and the result is undefined. */
export type Attempt = <T>(fn: () => T, adjust?: (e: PaCloudKitError) => SemanticProblem) => T | undefined;

/** The problems found so far, and how to add to them. */
export interface Problems {
  readonly list: SemanticProblem[];
  readonly attempt: Attempt;
  /** Adds a kit error as a problem. */
  add(e: PaCloudKitError, change?: ProblemChange): void;
}

/** What {@link fromError} may change of an error. */
export interface ProblemChange {
  readonly field?: string;
  readonly rule?: string;
  readonly value?: unknown;
  readonly pointTo?: readonly PathSegment[];
}

/** A collector of problems: every check runs, and every mistake is reported at once. */
export function collectProblems(): Problems {
  const list: SemanticProblem[] = [];
  const attempt: Attempt = (fn, adjust) => {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof PaCloudKitError)) throw e;
      list.push(adjust ? adjust(e) : fromError(e));
      return undefined;
    }
  };
  return { list, attempt, add: (e, change) => list.push(fromError(e, change)) };
}

/** A problem from a core error, optionally with another field, rule or position. */
export function fromError(e: PaCloudKitError, change: ProblemChange = {}): SemanticProblem {
  const field = change.field ?? e.field;
  const changed = change.field !== undefined || change.rule !== undefined || 'value' in change;
  const value = 'value' in change ? change.value : e.value;
  const message = changed ? new PaCloudKitError({ field, value, rule: change.rule ?? e.rule, control: e.control }).message : e.message;
  return { field, message, control: e.control, pointTo: change.pointTo };
}
