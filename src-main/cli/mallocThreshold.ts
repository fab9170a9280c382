/**
 * glibc's malloc raises its mmap threshold to the size of each large block freed (up to 32 MiB)
 * and from then on serves every block below it from per-thread arenas, which keep what is freed
 * in them. An import frees blocks of many MiB on three threads (packed batches, encrypted
 * segments, compression buffers), so the arenas filled up: an import of 1 M events peaked at
 * 317 MB, and re-importing the file in the same process at 360–381 MB. With the threshold fixed
 * at glibc's own default, 128 KiB: 287–293 MB and 319–320 MB, at the same speed (bench import
 * child, 2026-12-08). glibc reads the setting only when a process starts.
 */
export const MALLOC_THRESHOLD_ENV = 'MALLOC_MMAP_THRESHOLD_';
export const MALLOC_THRESHOLD_BYTES = 128 * 1024;

/** The environment a process that imports should start with: the caller's, with the threshold fixed unless it sets one itself. */
export function withFixedMallocThreshold(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return env[MALLOC_THRESHOLD_ENV] === undefined ? { ...env, [MALLOC_THRESHOLD_ENV]: String(MALLOC_THRESHOLD_BYTES) } : env;
}

/**
 * On Linux, starts this process again with the threshold fixed, unless it already is: same
 * process id, arguments and environment otherwise (`process.execve`, Node 22.15). Call it
 * before any thread or handle exists; elsewhere, or when already set, it returns.
 */
export function restartWithFixedMallocThreshold(): void {
  if (process.platform !== 'linux' || process.env[MALLOC_THRESHOLD_ENV] !== undefined || typeof process.execve !== 'function') return;
  process.execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], withFixedMallocThreshold(process.env));
}
