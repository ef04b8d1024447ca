/**
 * One row of the bad-input table: an export, whether it is constructed, and its parameters.
 */
import type { Kind } from './kinds.js';

export interface Param {
  readonly name: string;
  readonly kind: Kind;
  readonly optional?: boolean;
  /** Other names a message may start with for this argument (the documented name, a path pattern). */
  readonly names?: readonly (string | RegExp)[];
  /** A valid value, when the kind's sample is not the right one here. */
  readonly sample?: () => unknown;
  /** Values valid here beyond the kind's (e.g. null where the signature allows it). */
  readonly alsoValid?: (x: unknown) => boolean;
}

export interface Entry {
  readonly pkg: 'core' | 'io';
  readonly name: string;
  readonly construct?: boolean;
  readonly params: readonly Param[];
}

export const p = (name: string, kind: Kind, extra: Partial<Omit<Param, 'name' | 'kind'>> = {}): Param => ({ name, kind, ...extra });
export const opt = (name: string, kind: Kind, extra: Partial<Omit<Param, 'name' | 'kind'>> = {}): Param => ({ name, kind, optional: true, ...extra });
