/**
 * Writes schema/policy.schema.json and schema/release.schema.json from the zod schemas (`npm run
 * gen:schema`). The files are formatted with the repository's Prettier settings so that
 * `prettier --check .` accepts them, and src/policy/policy-json-schema.test.ts and
 * src/publish/release-spec-json-schema.test.ts fail when a committed file differs from this output.
 */
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { format, resolveConfig } from 'prettier'
import { toPolicyJsonSchema } from '../src/policy/policy-json-schema.js'
import { toReleaseSpecJsonSchema } from '../src/publish/release-spec-json-schema.js'

/** Path of the generated file. @example await readFile(POLICY_SCHEMA_FILE, 'utf8') */
export const POLICY_SCHEMA_FILE = fileURLToPath(
  new URL('../schema/policy.schema.json', import.meta.url),
)

/** Path of the release specs' generated schema. */
export const RELEASE_SCHEMA_FILE = fileURLToPath(
  new URL('../schema/release.schema.json', import.meta.url),
)

/**
 * The exact text of schema/policy.schema.json.
 *
 * @example await writeFile(POLICY_SCHEMA_FILE, await renderPolicySchemaFile())
 */
export function renderPolicySchemaFile(): Promise<string> {
  return renderSchemaFile(POLICY_SCHEMA_FILE, toPolicyJsonSchema())
}

/**
 * The exact text of schema/release.schema.json.
 *
 * @example await writeFile(RELEASE_SCHEMA_FILE, await renderReleaseSchemaFile())
 */
export function renderReleaseSchemaFile(): Promise<string> {
  return renderSchemaFile(RELEASE_SCHEMA_FILE, toReleaseSpecJsonSchema())
}

async function renderSchemaFile(file: string, schema: Record<string, unknown>): Promise<string> {
  const options = (await resolveConfig(file)) ?? {}
  return format(JSON.stringify(schema, null, 2), { ...options, parser: 'json' })
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(POLICY_SCHEMA_FILE, await renderPolicySchemaFile())
  await writeFile(RELEASE_SCHEMA_FILE, await renderReleaseSchemaFile())
  console.log(`wrote ${POLICY_SCHEMA_FILE} and ${RELEASE_SCHEMA_FILE}`)
}
