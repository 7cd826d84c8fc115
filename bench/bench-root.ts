import { fileURLToPath } from 'node:url'

/** The package root (with a trailing slash), whatever the working directory. */
export const BENCH_ROOT = fileURLToPath(new URL('..', import.meta.url))
