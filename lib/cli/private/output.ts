/**
 * The output folder of `synth --out DIR`: atomic, owned, locked.
 *
 * - **Owned**: the kit records every file it writes in `DIR/.pa-cloud-kit-manifest.json`. It
 *   replaces only what an earlier run recorded there; a non-empty folder without that manifest,
 *   or with entries the manifest does not list, is refused (exit 2) unless `--force`.
 * - **Atomic**: everything (synthesis, checks, reports, manifest) is built in a staging folder
 *   beside DIR (`.DIR.pa-cloud-kit-staging-<pid>`, same file system) and moved in only when all
 *   of it succeeded. The swap moves the previous kit entries to a backup folder beside DIR and
 *   the new ones in, manifest last, with a journal beside DIR; a run killed during the swap is
 *   rolled back to the previous output by the next run, before it does anything else. DIR has a
 *   manifest only when its content is complete.
 * - **Locked**: `.DIR.pa-cloud-kit.lock` beside DIR (created exclusively) holds the pid and host of
 *   the run; another run is refused while that process is alive, and a lock whose process is gone
 *   (killed run) is taken over.
 * - **Symlinks**: a DIR that is a symbolic link is refused (give the real folder); nothing inside
 *   DIR is ever followed: entries are moved and removed, never their targets.
 *
 * Every file-system call goes through {@link outputFs}, so tests can inject failures (no space,
 * no permission) at any step.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from './errors';
import { userFacingIoError } from './io-errors';

/** The file-system calls of the output folder: a seam for tests to inject failures. */
export const outputFs = {
  lstatSync: (p: string): fs.Stats | undefined => fs.lstatSync(p, { throwIfNoEntry: false }),
  readdirSync: (p: string): string[] => fs.readdirSync(p),
  readFileSync: (p: string): string => fs.readFileSync(p, 'utf8'),
  writeFileSync: (p: string, data: string, flag: 'w' | 'wx' = 'w'): void => fs.writeFileSync(p, data, { flag }),
  mkdirSync: (p: string): void => { fs.mkdirSync(p, { recursive: true }); },
  renameSync: (from: string, to: string): void => fs.renameSync(from, to),
  linkSync: (from: string, to: string): void => fs.linkSync(from, to),
  rmSync: (p: string): void => fs.rmSync(p, { recursive: true, force: true }),
  fsyncDir: (p: string): void => {
    let fd: number | undefined;
    try {
      fd = fs.openSync(p, 'r');
      fs.fsyncSync(fd);
    } catch {
      // Best effort: some file systems cannot fsync a folder.
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  },
};

/** The manifest of the kit's files in the output folder. */
export const MANIFEST_FILE = '.pa-cloud-kit-manifest.json';

interface Manifest {
  readonly tool: 'pa-cloud-kit';
  readonly manifestVersion: 1;
  /** Every file the kit wrote, relative to the folder, with `/` separators, sorted. */
  readonly files: readonly string[];
}

interface Journal {
  /** Top-level entries of the previous output, moved to `backup` during the swap. */
  readonly previous: readonly string[];
  /** Top-level entries of the new output, moved in from the staging folder. */
  readonly next: readonly string[];
  readonly backup: string;
}

/** Options of {@link OutputFolder.open}. */
export interface OpenOutputOptions {
  /** `--out` as the user wrote it, for messages. */
  readonly label: string;
  /** Take over a non-empty folder the kit does not own (`--force`). @default false */
  readonly force?: boolean;
  /** Renders an absolute path for messages. @default - the path itself */
  readonly show?: (p: string) => string;
}

/** A locked output folder with its staging folder; {@link commit} or {@link abort}, then {@link release}. */
export class OutputFolder {
  /**
   * Checks the folder (not a symbolic link, a folder, owned by the kit unless `force`), takes the
   * lock, rolls back a swap a killed run left halfway, removes the leftovers of killed runs, and
   * creates an empty staging folder.
   *
   * @throws UsageError naming the folder and what is wrong (the CLI exits 2)
   */
  public static open(dir: string, options: OpenOutputOptions): OutputFolder {
    const target = path.resolve(dir);
    const show = options.show ?? ((p: string) => p);
    const label = options.label;
    if (path.dirname(target) === target) throw new UsageError(`--out ${label}: cannot write into the root of the file system; give a folder of its own`);
    const io = <T>(what: string, p: string, fn: () => T): T => {
      try {
        return fn();
      } catch (e) {
        throw userFacingIoError(e, what, p, show);
      }
    };
    const parent = path.dirname(target);
    const base = path.basename(target);
    const parentStat = io('--out: cannot read', parent, () => outputFs.lstatSync(parent));
    if (parentStat && !fs.statSync(parent).isDirectory()) {
      throw new UsageError(`--out ${label}: ${show(parent)} is a file, not a folder (ENOTDIR)`);
    }
    if (!parentStat) io('--out: cannot create the folder', parent, () => outputFs.mkdirSync(parent));

    const folder = new OutputFolder(target, parent, base, label, show, Boolean(options.force));
    folder.lock();
    try {
      folder.recover();
      folder.checkTarget();
      io('cannot create the staging folder', folder.staging, () => {
        outputFs.rmSync(folder.staging);
        outputFs.mkdirSync(folder.staging);
      });
      return folder;
    } catch (e) {
      folder.release();
      throw e;
    }
  }

  /** The absolute output folder. */
  public readonly dir: string;
  /** The staging folder beside it, where the run writes everything. */
  public readonly staging: string;
  private readonly lockFile: string;
  private readonly journalFile: string;
  private readonly backup: string;
  private locked = false;
  /** The top-level entries the previous output owns (from its manifest), or the kit's names under `--force`. */
  private previous: string[] = [];

  private constructor(
    dir: string,
    private readonly parent: string,
    private readonly base: string,
    private readonly label: string,
    private readonly show: (p: string) => string,
    private readonly force: boolean,
  ) {
    this.dir = dir;
    this.staging = path.join(parent, `.${base}.pa-cloud-kit-staging-${process.pid}`);
    this.lockFile = path.join(parent, `.${base}.pa-cloud-kit.lock`);
    this.journalFile = path.join(parent, `.${base}.pa-cloud-kit-journal.json`);
    this.backup = path.join(parent, `.${base}.pa-cloud-kit-previous`);
  }

  /**
   * Records every file of the staging folder in its manifest and moves the new output in place of
   * the previous one (see the module comment). Throws a user-facing error naming the path when the
   * file system refuses; the previous output is then put back.
   */
  public commit(): void {
    // Files may have been added to the folder while the run synthesized: look again just before the swap.
    this.checkTarget();
    const files = this.io('cannot list', this.staging, () => listFiles(this.staging));
    const manifest: Manifest = { tool: 'pa-cloud-kit', manifestVersion: 1, files: [...files, MANIFEST_FILE].sort() };
    this.io('cannot write', path.join(this.staging, MANIFEST_FILE), () => outputFs.writeFileSync(path.join(this.staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`));
    const next = this.io('cannot list', this.staging, () => outputFs.readdirSync(this.staging));
    // The manifest leaves first and comes back last: the folder has one only when it is complete.
    const order = (names: readonly string[]) => [...names.filter((n) => n === MANIFEST_FILE), ...names.filter((n) => n !== MANIFEST_FILE).sort()];
    const previous = order(this.previous.filter((n) => outputFs.lstatSync(path.join(this.dir, n)) !== undefined));
    const incoming = order(next).reverse();
    const journal: Journal = { previous, next: incoming, backup: this.backup };
    this.io('cannot create the folder', this.dir, () => outputFs.mkdirSync(this.dir));
    this.io('cannot write', this.journalFile, () => writeAtomically(this.journalFile, `${JSON.stringify(journal)}\n`));
    try {
      this.io('cannot create', this.backup, () => {
        outputFs.rmSync(this.backup);
        outputFs.mkdirSync(this.backup);
      });
      for (const name of previous) {
        const from = path.join(this.dir, name);
        if (outputFs.lstatSync(from)) this.io('cannot move the previous', from, () => outputFs.renameSync(from, path.join(this.backup, name)));
      }
      for (const name of incoming) {
        const to = path.join(this.dir, name);
        this.io('cannot move the new output to', to, () => outputFs.renameSync(path.join(this.staging, name), to));
      }
      outputFs.fsyncDir(this.dir);
    } catch (e) {
      this.rollBack(journal);
      throw e;
    }
    // Committed: the journal goes first, then the leftovers.
    this.io('cannot remove', this.journalFile, () => outputFs.rmSync(this.journalFile));
    this.io('cannot remove', this.backup, () => outputFs.rmSync(this.backup));
    this.io('cannot remove', this.staging, () => outputFs.rmSync(this.staging));
  }

  /** Removes the staging folder: the previous output stays as it was. Never throws. */
  public abort(): void {
    try {
      outputFs.rmSync(this.staging);
    } catch {
      // A leftover staging folder is removed by the next run.
    }
  }

  /** Releases the lock. Never throws. */
  public release(): void {
    if (!this.locked) return;
    this.locked = false;
    try {
      outputFs.rmSync(this.lockFile);
    } catch {
      // A lock whose process is gone is taken over by the next run.
    }
  }

  private io<T>(what: string, p: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw userFacingIoError(e, what, p, this.show);
    }
  }

  /**
   * Creates the lock file exclusively. A lock of a process that no longer runs on this host is
   * taken over (renamed away, then checked it is still the stale one).
   */
  private lock(): void {
    const mine = `${JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() })}\n`;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        outputFs.writeFileSync(this.lockFile, mine, 'wx');
        this.locked = true;
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw userFacingIoError(e, '--out: cannot create the lock', this.lockFile, this.show);
      }
      let text: string;
      try {
        text = outputFs.readFileSync(this.lockFile);
      } catch {
        continue; // released meanwhile
      }
      const holder = parseLock(text);
      if (holder && isAlive(holder)) {
        throw new UsageError(`--out ${this.label}: another pa-cloud-kit synth (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}) `
          + `is writing this folder; wait for it to finish (the lock is ${this.show(this.lockFile)}; delete it only if that process no longer runs)`);
      }
      // Stale (its process is gone) or unreadable: take it over without removing a fresh lock of another run.
      const aside = `${this.lockFile}.stale-${process.pid}`;
      try {
        outputFs.renameSync(this.lockFile, aside);
        const moved = outputFs.readFileSync(aside);
        if (moved !== text) {
          // Another run took it over meanwhile: put its lock back and look again.
          try { outputFs.linkSync(aside, this.lockFile); } catch { /* it already has one */ }
        }
        outputFs.rmSync(aside);
      } catch {
        // Someone else is taking it over: try again.
      }
    }
    throw new UsageError(`--out ${this.label}: could not take the lock ${this.show(this.lockFile)}: other runs keep taking it; try again`);
  }

  /** Rolls back a swap a killed run left halfway, and removes the leftovers of killed runs. */
  private recover(): void {
    const journalText = this.io('cannot read', this.journalFile, () => (outputFs.lstatSync(this.journalFile) ? outputFs.readFileSync(this.journalFile) : undefined));
    if (journalText !== undefined) {
      let journal: Journal | undefined;
      try {
        journal = JSON.parse(journalText) as Journal;
      } catch {
        journal = undefined;
      }
      if (journal && Array.isArray(journal.previous) && Array.isArray(journal.next)) this.rollBack({ ...journal, backup: this.backup });
      this.io('cannot remove', this.journalFile, () => outputFs.rmSync(this.journalFile));
    }
    // Under the lock no other run writes here: staging folders, backups and temporary files are leftovers of killed runs.
    const base = this.base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const leftover = new RegExp(`^\\.${base}\\.pa-cloud-kit(-staging-\\d+|-previous|-journal\\.json\\.tmp-\\d+|\\.lock\\.stale-\\d+)$`);
    const leftovers = this.io('cannot list', this.parent, () => outputFs.readdirSync(this.parent)).filter((n) => leftover.test(n));
    for (const name of leftovers) this.io('cannot remove', path.join(this.parent, name), () => outputFs.rmSync(path.join(this.parent, name)));
  }

  /** Puts the previous output back: new entries out, backed-up entries in. */
  private rollBack(journal: Journal): void {
    this.io('cannot restore the previous output in', this.dir, () => {
      for (const name of journal.next) {
        if (journal.previous.includes(name)) continue;
        outputFs.rmSync(path.join(this.dir, name));
      }
      for (const name of [...journal.previous].reverse()) {
        const saved = path.join(journal.backup, name);
        if (!outputFs.lstatSync(saved)) continue; // never moved: the folder still has the previous one
        outputFs.rmSync(path.join(this.dir, name));
        outputFs.renameSync(saved, path.join(this.dir, name));
      }
    });
  }

  /**
   * The folder must be missing, empty, or hold only what the kit's manifest lists; with `force`,
   * any folder (the kit then replaces only its own top-level names).
   */
  private checkTarget(): void {
    const stat = this.io('--out: cannot read', this.dir, () => outputFs.lstatSync(this.dir));
    if (!stat) return;
    if (stat.isSymbolicLink()) {
      let real = '';
      try { real = fs.realpathSync(this.dir); } catch { real = ''; }
      throw new UsageError(`--out ${this.label}: is a symbolic link${real ? ` to ${this.show(real)}` : ''}; give the real folder as --out (the kit never writes through a link)`);
    }
    if (!stat.isDirectory()) throw new UsageError(`--out ${this.label}: is a file, not a folder (ENOTDIR); give a folder, or a path that does not exist yet`);
    const entries = this.io('--out: cannot list', this.dir, () => outputFs.readdirSync(this.dir));
    if (entries.length === 0) return;
    const manifest = this.readManifest();
    if (!manifest) {
      if (this.force) {
        this.previous = [...KIT_ENTRIES];
        return;
      }
      const why = entries.includes(MANIFEST_FILE) ? `its ${MANIFEST_FILE} is not one the kit writes` : `no ${MANIFEST_FILE}`;
      throw new UsageError(`--out ${this.label}: the folder is not empty and pa-cloud-kit did not write it (${why}; it holds ${sample(entries)}); `
        + 'give an empty or new folder, or --force to let the kit replace its own entries (aws/, openstack/, report.html, report.md) there');
    }
    const owned = new Set(manifest.files);
    const foreign = this.io('--out: cannot list', this.dir, () => listEntries(this.dir)).filter((e) => !owned.has(e.file) && !(e.dir && [...owned].some((f) => f.startsWith(`${e.file}/`))));
    if (foreign.length > 0 && !this.force) {
      throw new UsageError(`--out ${this.label}: holds files pa-cloud-kit did not write: ${sample(foreign.map((f) => f.file))}; `
        + 'move them elsewhere, or use --force to keep them and replace only the kit\'s own entries');
    }
    this.previous = [...new Set([...manifest.files.map((f) => f.split('/')[0]), ...(this.force ? KIT_ENTRIES : [])])];
  }

  private readManifest(): Manifest | undefined {
    const file = path.join(this.dir, MANIFEST_FILE);
    const stat = outputFs.lstatSync(file);
    if (!stat || !stat.isFile()) return undefined;
    try {
      const m = JSON.parse(this.io('cannot read', file, () => outputFs.readFileSync(file))) as Manifest;
      // Only names the kit writes: a manifest claiming anything else (e.g. `lib/`) is not the kit's.
      if (m.tool === 'pa-cloud-kit' && Array.isArray(m.files)
        && m.files.every((f) => typeof f === 'string' && isSafeRelative(f) && KIT_ENTRIES.includes(f.split('/')[0]))) return m;
    } catch (e) {
      if (e instanceof UsageError) throw e;
    }
    return undefined;
  }
}

/** The top-level entries the kit writes. */
const KIT_ENTRIES = ['aws', 'openstack', 'report.html', 'report.md', '.pa-cloud-kit-state', MANIFEST_FILE];

/** A relative path without `..`, absolute parts or backslashes: a manifest cannot point outside the folder. */
function isSafeRelative(f: string): boolean {
  return f.length > 0 && !f.startsWith('/') && !f.includes('\\') && f.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

function sample(names: readonly string[]): string {
  const shown = names.slice(0, 5).join(', ');
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}

/** Every file (not folder) under `dir`, relative with `/`; symbolic links are listed, not followed. */
function listFiles(dir: string): string[] {
  return listEntries(dir).filter((e) => !e.dir).map((e) => e.file);
}

function listEntries(dir: string): Array<{ file: string; dir: boolean }> {
  const out: Array<{ file: string; dir: boolean }> = [];
  const walk = (abs: string, rel: string) => {
    for (const name of outputFs.readdirSync(abs).sort()) {
      const childAbs = path.join(abs, name);
      const childRel = rel ? `${rel}/${name}` : name;
      const stat = outputFs.lstatSync(childAbs);
      const isDir = Boolean(stat?.isDirectory());
      out.push({ file: childRel, dir: isDir });
      if (isDir) walk(childAbs, childRel);
    }
  };
  walk(dir, '');
  return out;
}

/** Writes a file through a temporary name and a rename, so it is never seen half-written. */
export function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  outputFs.writeFileSync(tmp, text);
  outputFs.renameSync(tmp, file);
}

function parseLock(text: string): { pid: number; host: string; startedAt: string } | undefined {
  try {
    const v = JSON.parse(text) as { pid?: unknown; host?: unknown; startedAt?: unknown };
    if (typeof v.pid === 'number' && Number.isInteger(v.pid) && v.pid > 0 && typeof v.host === 'string') {
      return { pid: v.pid, host: v.host, startedAt: typeof v.startedAt === 'string' ? v.startedAt : 'an unknown time' };
    }
  } catch {
    // unreadable: stale
  }
  return undefined;
}

/** The holder runs (on another host we cannot tell: it counts as running). */
function isAlive(holder: { pid: number; host: string }): boolean {
  if (holder.host !== os.hostname()) return true;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
