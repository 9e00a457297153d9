/**
 * Readers for core's provider settings in the shapes core itself accepts. Core 3.40 validates its
 * config with ajv's `coerceTypes: 'array'`, which rewrites `'true'`/`'false'` to booleans, numeric
 * strings to numbers and a single value to a one-item list before any plugin reads them; services
 * packaged without that step (tests, other frameworks) can still hold the written form. A value no
 * reader understands is reported at its config path (never a TypeError later in packaging).
 */
import type { ConfigIssue } from './issues';

export type Loose = Record<string, unknown>;

/** Collects the settings that cannot be read, with their paths. */
export class SettingsReader {
  readonly issues: ConfigIssue[] = [];

  refuse(path: string, message: string): undefined {
    this.issues.push({ path, message });
    return undefined;
  }

  /**
   * A settings object. Absent, `null` and `false` mean none (core reads `x && x.y`); any other
   * non-object is refused: core would read none of the keys the user meant to set.
   */
  object(value: unknown, path: string, meant: string): Loose {
    if (value === undefined || value === null || value === false) return {};
    if (typeof value === 'object' && !Array.isArray(value)) return value as Loose;
    this.refuse(
      path,
      `${JSON.stringify(value)} is not read by Serverless, which reads an object here (${meant}); nothing under it takes effect. Write it as an object`,
    );
    return {};
  }

  /** `true`/`false`, or the strings `'true'`/`'false'` that core's validation turns into them. */
  boolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    return this.refuse(path, `${JSON.stringify(value)} is not true or false`);
  }

  /** A number, or a numeric string (core's validation turns it into the number). */
  number(value: unknown, path: string): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
      return Number(value);
    return this.refuse(path, `${JSON.stringify(value)} is not a number`);
  }

  string(value: unknown, path: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    return this.refuse(path, `${JSON.stringify(value)} is not a string`);
  }

  /** A list of strings; a single string is a list of one (core's validation makes it one). */
  stringList(value: unknown, path: string): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    const list = Array.isArray(value) ? (value as unknown[]) : [value];
    if (list.every((item) => typeof item === 'string')) return list as string[];
    return this.refuse(path, `${JSON.stringify(value)} is not a list of strings`);
  }

  /** One of `allowed`, in any letter case (core upper-cases these settings before use). */
  upperCaseChoice(value: unknown, path: string, allowed: readonly string[]): string | undefined {
    const text = this.string(value, path);
    if (text === undefined) return undefined;
    if (allowed.includes(text.toUpperCase())) return text;
    return this.refuse(path, `${JSON.stringify(text)} is not one of ${allowed.join(', ')}`);
  }

  /** One of `allowed`, exactly (core passes these to API Gateway as written). */
  choice<T extends string>(value: unknown, path: string, allowed: readonly T[]): T | undefined {
    const text = this.string(value, path);
    if (text === undefined) return undefined;
    if ((allowed as readonly string[]).includes(text)) return text as T;
    return this.refuse(
      path,
      `${JSON.stringify(text)} is not one of ${allowed.join(', ')} (upper case, as API Gateway expects)`,
    );
  }
}
