import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import YAML from 'yaml'
import { inspectConfigText } from '../../src/policy/load-config.js'
import type { Policy } from '../../src/policy/policy-schema.js'

const EXAMPLE = fileURLToPath(new URL('../../examples/temoin.yaml', import.meta.url))

/**
 * The example policy (examples/temoin.yaml) with some top-level keys replaced, checked by the
 * policy's own rules. Unlike the collector harness, it opens no store: the parser tests that use
 * it run thousands of times in a mutation run, so they import only what they test.
 *
 * @example const policy = examplePolicy({ purposes: { … } })
 */
export function examplePolicy(replace: Record<string, unknown> = {}): Policy {
  const doc = { ...(YAML.parse(readFileSync(EXAMPLE, 'utf8')) as object), ...replace }
  const { config, problems } = inspectConfigText(YAML.stringify(doc), 'example policy')
  if (!config) throw new Error(`example policy invalid: ${JSON.stringify(problems)}`)
  return config.policy
}
