/**
 * Writes schema/policy.schema.json from the zod schema (`npm run gen:schema`). The file is
 * formatted with the repository's Prettier settings so that `prettier --check .` accepts it, and
 * src/policy/policy-json-schema.test.ts fails when the committed file differs from this output.
 */
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { format, resolveConfig } from 'prettier'
import { toPolicyJsonSchema } from '../src/policy/policy-json-schema.js'

/** Path of the generated file. @example await readFile(POLICY_SCHEMA_FILE, 'utf8') */
export const POLICY_SCHEMA_FILE = fileURLToPath(
  new URL('../schema/policy.schema.json', import.meta.url),
)

/**
 * The exact text of schema/policy.schema.json.
 *
 * @example await writeFile(POLICY_SCHEMA_FILE, await renderPolicySchemaFile())
 */
export async function renderPolicySchemaFile(): Promise<string> {
  const options = (await resolveConfig(POLICY_SCHEMA_FILE)) ?? {}
  return format(JSON.stringify(toPolicyJsonSchema(), null, 2), { ...options, parser: 'json' })
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(POLICY_SCHEMA_FILE, await renderPolicySchemaFile())
  console.log(`wrote ${POLICY_SCHEMA_FILE}`)
}
