/**
 * User errors about where tiersim writes: one message, exit code 2. File-system failures while
 * preparing or writing an output (a part of the path is a file, no permission, a read-only or
 * special file system, a name too long, ...) are turned into such errors, naming the path.
 */

/** A problem the user can act on: the CLI prints `userMessage` alone (no stack) and exits with 2. */
export class UserError extends Error {
  readonly userMessage: string;
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
    this.userMessage = message;
  }
}

/** An output that tiersim will not or cannot write. */
export class OutputError extends UserError {}

/** A path as shown in a message: very long ones are shortened in the middle. */
export function shown(path: string): string {
  return path.length <= 240 ? path : `${path.slice(0, 120)}...${path.slice(-80)} (${path.length} characters)`;
}

/** What a file-system error code means, in words. */
const REASONS: Record<string, string> = {
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENAMETOOLONG: 'the path, or a name in it, is too long',
  EEXIST: 'something else is already there',
  EINVAL: 'the file system does not allow this here',
  ENOENT: 'no such file or folder, or nothing can be created there',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EISDIR: 'it is a folder',
  ELOOP: 'too many symbolic links on the path',
  EBUSY: 'it is busy (in use, or a mount point)',
  EXDEV: 'it is on another file system',
  ENOTEMPTY: 'the folder is not empty',
  EMFILE: 'too many open files',
  EIO: 'an input/output error',
};

/** A Node.js file-system error: it has a string `code`. */
export function isFsError(err: unknown): err is NodeJS.ErrnoException {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string'
    && /^E[A-Z]+$/.test((err as { code: string }).code);
}

/**
 * The user error for a file-system error met while doing `action` (e.g. "create the folder") on
 * `path`; any other error is returned unchanged.
 */
export function fsFailure(err: unknown, action: string, path: string): unknown {
  if (err instanceof OutputError || !isFsError(err)) return err;
  const reason = REASONS[err.code!] ?? err.message;
  const where = typeof err.path === 'string' && err.path !== path ? ` (at ${shown(err.path)})` : '';
  return new OutputError(`cannot ${action} ${shown(path)}: ${reason}${where} [${err.code}]`);
}
