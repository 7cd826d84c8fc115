import { z } from 'zod'
import { releaseSpecSchema } from './release-spec.js'

/** Where the published schema of release specs lives (the npm package ships `schema/`). */
export const RELEASE_SCHEMA_ID = 'https://unpkg.com/temoin/schema/release.schema.json'

/**
 * The JSON Schema of a release spec (`release.yaml`), for editors: the input side of
 * `releaseSpecSchema` (keys with a default are optional), with every key's description as its
 * hover help. `npm run gen:schema` writes it to schema/release.schema.json; a test keeps the file
 * in step.
 *
 * @example writeFile('schema/release.schema.json', JSON.stringify(toReleaseSpecJsonSchema(), null, 2))
 */
export function toReleaseSpecJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(releaseSpecSchema, {
    io: 'input',
    target: 'draft-2020-12',
  })
  return {
    $schema,
    $id: RELEASE_SCHEMA_ID,
    title: 'Témoin release spec (release.yaml, for temoin publish)',
    ...rest,
  }
}
