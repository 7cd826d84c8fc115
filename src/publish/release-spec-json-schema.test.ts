import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { RELEASE_SCHEMA_FILE, renderReleaseSchemaFile } from '../../scripts/gen-policy-schema.js'
import { RELEASE_SCHEMA_ID, toReleaseSpecJsonSchema } from './release-spec-json-schema.js'

// The descriptions of release-spec.ts are what an editor shows on hover: the committed file
// carries every one of them, so a changed word shows here.
describe('schema/release.schema.json', () => {
  it('is what `npm run gen:schema` writes (run it after changing release-spec.ts)', async () => {
    const committed = await readFile(RELEASE_SCHEMA_FILE, 'utf8')
    expect(committed).toBe(await renderReleaseSchemaFile())
  })

  it('has an id, a title, the keys a spec must give, and help for every key of a table', () => {
    const schema = toReleaseSpecJsonSchema() as {
      $id: string
      title: string
      required: string[]
      properties: Record<
        string,
        { items?: { properties: Record<string, { description?: string }> } }
      >
    }
    expect(schema.$id).toBe(RELEASE_SCHEMA_ID)
    expect(schema.title).toContain('release.yaml')
    expect(schema.required).toEqual(['name', 'site', 'period', 'tables'])
    const table = schema.properties['tables']?.items?.properties ?? {}
    for (const [key, property] of Object.entries(table))
      expect(property.description, `tables[].${key}`).toMatch(/\w/)
  })
})
