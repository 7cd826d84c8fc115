import { z } from 'zod'
import { CNIL_LIMITS } from './check-policy-rules.js'
import { configFileSchema } from './policy-schema.js'

/**
 * Where the published schema lives: the npm package ships `schema/`, so unpkg serves it. Editors
 * that cannot read a relative path (`$schema=../schema/policy.schema.json`) can use this URL.
 */
export const POLICY_SCHEMA_ID = 'https://unpkg.com/temoin/schema/policy.schema.json'

/**
 * The JSON Schema of `temoin.yaml`, for editors (completion, hover help, red squiggles): the
 * input side of `configFileSchema` (keys with a default are optional), plus the CNIL limits as
 * `maximum`s so that an editor flags a 14-month cookie before `temoin policy check` does.
 * `npm run gen:schema` writes it to schema/policy.schema.json; a test keeps the file in step.
 *
 * @example writeFile('schema/policy.schema.json', JSON.stringify(toPolicyJsonSchema(), null, 2))
 */
export function toPolicyJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(configFileSchema, { io: 'input', target: 'draft-2020-12' })
  const { $schema, ...rest } = generated
  const schema: Record<string, unknown> = {
    $schema,
    $id: POLICY_SCHEMA_ID,
    title: 'Témoin policy file (temoin.yaml)',
    ...rest,
    description:
      'What a site promises visitors about cookies, consent, statistics and published figures, in the form Témoin enforces. Every key is documented in docs/policy.md.',
  }
  const limits: [string, string, number][] = [
    ['cookies', 'lifetimeMonths', CNIL_LIMITS.cookieLifetimeMonths],
    ['consent', 'validityMonths', CNIL_LIMITS.consentValidityMonths],
    ['consent', 'refusalMonths', CNIL_LIMITS.refusalMonthsMax],
    ['retention', 'eventsMonths', CNIL_LIMITS.eventsRetentionMonths],
  ]
  for (const [section, key, maximum] of limits) {
    const property = propertyAt(schema, section, key)
    if (property === undefined)
      throw new Error(`toPolicyJsonSchema: no ${section}.${key} in the schema`)
    property.maximum = maximum
  }
  return schema
}

function propertyAt(
  schema: Record<string, unknown>,
  section: string,
  key: string,
): Record<string, unknown> | undefined {
  const child = (node: unknown, name: string): unknown =>
    typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[name] : undefined
  const property = child(child(child(child(schema, 'properties'), section), 'properties'), key)
  return typeof property === 'object' && property !== null
    ? (property as Record<string, unknown>)
    : undefined
}
