/**
 * Watches the service directory for `sls apigateway serve` and reports changes in debounced
 * batches: a change to code (`.js`, `.mjs`, `.cjs`, `.ts`…) needs fresh function workers only; a
 * change to anything else (the service config `serverless.yml|yaml|json|js|ts`, or a file it may
 * reference: mapping templates, schemas, `.env`…) needs the service packaged again. Classifying
 * every non-code file as config is deliberately broad: a file the config references cannot be
 * told apart from one it does not without resolving the config, and packaging again is correct
 * either way.
 *
 * One `fs.watch` per directory rather than `{ recursive: true }`: on Linux, Node's recursive mode
 * walks and watches every file below the root, `node_modules` included (tens of thousands of
 * watches, read synchronously at start), and it cannot be told to skip a directory. Here
 * `node_modules` and dot-directories (`.serverless`, `.git`, `.serverless_plugins`…) are never
 * entered, and the number of directories watched is bounded.
 *
 * Batches are delivered one at a time: changes that arrive while one is handled (a package run
 * takes seconds) are merged into a single next batch, so a burst of edits costs at most one more
 * run, never a queue.
 */
import { readdirSync, statSync, watch, type Dirent, type FSWatcher } from 'node:fs';
import path from 'node:path';

/** `code`: fresh function workers; `config`: package the service again (which includes them). */
export type ChangeKind = 'code' | 'config';

export interface ServiceChange {
  kind: ChangeKind;
  /** The first changed file of that kind, relative to the service directory (`/` separators). */
  file: string;
}

const CODE_FILE = /\.(?:[cm]?js|[cm]?ts|jsx|tsx|map)$/i;
const SERVICE_CONFIG = /^serverless\.(?:ya?ml|json|[cm]?js|ts)$/i;
/** `.env`, `.env.dev`: read by the framework (`useDotenv`), so a config change. */
const DOTENV = /^\.env(?:\..+)?$/;
/** Editors' swap, backup and probe files (vim writes `4913` to test a directory). */
const EDITOR_ARTEFACT = /(?:~|\.sw[a-p]|\.tmp|\.kate-swp)$|^4913$|^#.*#$/i;

export const DEFAULT_DEBOUNCE_MS = 200;
export const DEFAULT_MAX_DIRECTORIES = 2000;

function isIgnoredDirectory(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

/** What a change to this path (relative to the service directory) needs; undefined: ignored. */
export function classifyChange(relativePath: string): ChangeKind | undefined {
  const segments = relativePath.split(/[\\/]/).filter((segment) => segment !== '');
  const name = segments.pop();
  if (name === undefined || segments.some(isIgnoredDirectory)) return undefined;
  if (DOTENV.test(name)) return 'config';
  if (isIgnoredDirectory(name) || EDITOR_ARTEFACT.test(name)) return undefined;
  if (SERVICE_CONFIG.test(name)) return 'config';
  return CODE_FILE.test(name) ? 'code' : 'config';
}

export interface WatchOptions {
  debounceMs?: number;
  maxDirectories?: number;
  /** Something the watcher cannot do (too many directories, a handler that threw). */
  warn?: (message: string) => void;
}

export class ServiceWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private pending: ServiceChange | undefined;
  private timer: NodeJS.Timeout | undefined;
  private handling = false;
  private closed = false;
  private warnedFull = false;
  private readonly debounceMs: number;
  private readonly maxDirectories: number;
  private readonly warn: (message: string) => void;

  constructor(
    private readonly root: string,
    private readonly onChange: (change: ServiceChange) => Promise<void>,
    options: WatchOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.maxDirectories = options.maxDirectories ?? DEFAULT_MAX_DIRECTORIES;
    this.warn = options.warn ?? (() => undefined);
    this.watchTree(root);
  }

  /** The directories watched (for tests and the bound). */
  get directories(): string[] {
    return [...this.watchers.keys()];
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private watchTree(directory: string): void {
    if (this.closed || this.watchers.has(directory)) return;
    if (this.watchers.size >= this.maxDirectories) {
      if (!this.warnedFull) {
        this.warnedFull = true;
        this.warn(
          `Watching the first ${this.maxDirectories} directories of the service only; changes below ${path.relative(this.root, directory) || '.'} and further ones are not seen`,
        );
      }
      return;
    }
    let watcher: FSWatcher;
    try {
      watcher = watch(directory, (_event, filename) => {
        if (filename) this.changed(path.join(directory, filename.toString()));
      });
    } catch {
      return; // Removed meanwhile, or not readable: nothing to watch.
    }
    // A watched directory that is removed ends its watcher; it must not throw in the process.
    watcher.on('error', () => this.unwatch(directory));
    this.watchers.set(directory, watcher);
    let entries: Dirent[] = [];
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries)
      if (entry.isDirectory() && !isIgnoredDirectory(entry.name))
        this.watchTree(path.join(directory, entry.name));
  }

  private unwatch(directory: string): void {
    for (const [watched, watcher] of this.watchers)
      if (watched === directory || watched.startsWith(`${directory}${path.sep}`)) {
        watcher.close();
        this.watchers.delete(watched);
      }
  }

  private changed(file: string): void {
    if (this.closed) return;
    const relative = path.relative(this.root, file).split(path.sep).join('/');
    const kind = classifyChange(relative);
    if (kind === undefined) return;
    let isDirectory = false;
    try {
      isDirectory = statSync(file).isDirectory();
    } catch {
      this.unwatch(file); // Gone: a removed directory's watchers go with it.
    }
    if (isDirectory) {
      // A new directory: its files are watched from now on; creating it changes nothing yet.
      this.watchTree(file);
      return;
    }
    if (!this.pending || (kind === 'config' && this.pending.kind === 'code'))
      this.pending = { kind, file: relative };
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.debounceMs);
  }

  private async flush(): Promise<void> {
    // While a batch is handled, changes gather in `pending`; it is flushed when that one ends.
    if (this.handling || this.closed || !this.pending) return;
    const change = this.pending;
    this.pending = undefined;
    this.handling = true;
    try {
      await this.onChange(change);
    } catch (error) {
      this.warn(`Reloading after ${change.file} failed: ${String(error)}`);
    } finally {
      this.handling = false;
    }
    if (this.pending && !this.closed) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.flush(), this.debounceMs);
    }
  }
}
