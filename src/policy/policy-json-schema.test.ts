import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { POLICY_SCHEMA_FILE, renderPolicySchemaFile } from '../../scripts/gen-policy-schema.js'
import { POLICY_SCHEMA_ID, toPolicyJsonSchema } from './policy-json-schema.js'

describe('schema/policy.schema.json', () => {
  it('is what `npm run gen:schema` writes (run it after changing policy-schema.ts)', async () => {
    const committed = await readFile(POLICY_SCHEMA_FILE, 'utf8')
    expect(committed).toBe(await renderPolicySchemaFile())
  })

  it('has an id, a title and the CNIL limits as maximums', () => {
    const schema = toPolicyJsonSchema() as {
      $id: string
      title: string
      required: string[]
      properties: Record<
        string,
        { properties?: Record<string, { maximum?: number; default?: unknown }> }
      >
    }
    expect(schema.$id).toBe(POLICY_SCHEMA_ID)
    expect(schema.title).toContain('temoin.yaml')
    // Keys with a default are optional for the editor.
    expect(schema.required).toEqual(['version', 'effective', 'controller', 'sites', 'purposes'])
    expect(schema.properties['cookies']?.properties?.['lifetimeMonths']).toMatchObject({
      maximum: 13,
      default: 13,
    })
    expect(schema.properties['retention']?.properties?.['eventsMonths']?.maximum).toBe(25)
  })
})
