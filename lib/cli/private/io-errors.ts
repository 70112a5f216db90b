/**
 * File-system failures as user-facing errors: the path and the cause in words (no space, no
 * permission, not a folder...), never "internal error".
 */
import { UsageError } from './errors';

/** The causes a user can act on, by `errno` code. */
const CAUSES: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder, not a file',
  EEXIST: 'already exists',
  ENOENT: 'no such file or folder',
  ENOTEMPTY: 'folder not empty',
  EXDEV: 'on another file system',
  EBUSY: 'busy (a mount point or in use)',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
};

/** A Node.js file-system error (it has an `errno` code). */
export function isFsError(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  // Duck-typed: errors of Node's core may come from another realm (vm contexts, test runners).
  return typeof e === 'object' && e !== null && typeof (e as NodeJS.ErrnoException).message === 'string'
    && typeof (e as NodeJS.ErrnoException).code === 'string' && /^E[A-Z0-9]+$/.test((e as NodeJS.ErrnoException).code!);
}

/** `no space left on the device (ENOSPC)`. */
export function causeOf(e: NodeJS.ErrnoException): string {
  const code = e.code ?? 'EUNKNOWN';
  return `${CAUSES[code] ?? e.message.replace(/^[A-Z0-9]+: /, '').replace(/, \w+ '.*'$/, '')} (${code})`;
}

/**
 * Turns a file-system error into `<what> <path>: <cause> (<CODE>)`; any other error is returned as
 * it is. `show` renders a path for the message (relative to the working directory, or with the
 * staging folder mapped back to the output folder).
 */
export function userFacingIoError(e: unknown, what: string, fallbackPath: string, show: (p: string) => string = (p) => p): unknown {
  if (!isFsError(e)) return e;
  const where = e.path ?? fallbackPath;
  return new UsageError(`${what} ${show(where)}: ${causeOf(e)}`);
}
