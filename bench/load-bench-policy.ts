import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import YAML from 'yaml'
import { loadConfig } from '../src/policy/load-config.js'
import type { Config } from '../src/policy/policy-schema.js'
import { BENCH_ROOT } from './bench-root.js'

/**
 * The example policy (examples/temoin.yaml) as the bench uses it: both purposes need consent,
 * like the peers' two purposes (so nothing is sent before a choice), and the server settings
 * given (a rate limit high enough for a load generator on one address).
 *
 * @example const config = await loadBenchPolicy({ rateLimitPerMinute: 1e9 })
 */
export async function loadBenchPolicy(server: Record<string, unknown> = {}): Promise<Config> {
  const dir = await mkdtemp(join(tmpdir(), 'temoin-bench-policy-'))
  try {
    const file = join(dir, 'temoin.yaml')
    await writeFile(file, YAML.stringify(await benchPolicyDocument(server)))
    return await loadConfig(file, () => undefined)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * The bench policy as a YAML document (for a `temoin serve --config` file).
 *
 * @example await writeFile(file, YAML.stringify(await benchPolicyDocument({ rateLimitPerMinute: 1e9 })))
 */
export async function benchPolicyDocument(
  server: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const policy = YAML.parse(
    await readFile(join(BENCH_ROOT, 'examples/temoin.yaml'), 'utf8'),
  ) as Record<string, unknown> & { purposes: Record<string, { basis: string }> }
  for (const purpose of Object.values(policy.purposes)) purpose.basis = 'consent'
  policy.server = { ...(policy.server as object), ...server }
  return policy
}
