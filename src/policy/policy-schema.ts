import { z } from 'zod'

/**
 * The policy file's schema: what the site promises, in the shape the code obeys. Structure and
 * defaults live here; the CNIL limits and the rules between keys live in `check-policy-rules.ts`
 * so that each problem names its rule and its fix. `schema/policy.schema.json` (for editors) is
 * generated from this file by `npm run gen:schema`, and a test keeps the two in step.
 */

/** A text in each of the policy's languages: `{ fr: '…', en: '…' }`. */
const text = z.record(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/), z.string().min(1)).describe('A text per language code, e.g. { fr: "…", en: "…" }.')

const months = (what: string) => z.number().int().positive().describe(`${what}, in calendar months.`)

const purposeId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, 'a purpose id is lower-case letters, digits and "-", starting with a letter, at most 32 characters')

export const purposeSchema = z
  .object({
    basis: z.enum(['consent', 'exempt']).describe('"consent": asked for; "exempt": the CNIL audience-measurement exemption (statistics only).'),
    title: text,
    description: text,
  })
  .strict()

export const recipientSchema = z
  .object({
    name: z.string().min(1),
    role: z.enum(['processor', 'controller']).describe('"processor" acts on the publisher\'s behalf; "controller" uses the data for its own ends.'),
    purposes: z.array(purposeId).min(1),
    country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as FR').describe('Where the recipient processes the data.'),
    url: z.url().optional(),
  })
  .strict()

export const siteSchema = z
  .object({
    domain: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, 'a lower-case host name such as example.org, without scheme, port or path'),
    name: z.string().min(1).optional(),
    /** Also accept hits from sub-domains (www.example.org…). */
    subdomains: z.boolean().default(false),
  })
  .strict()

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD')

export const historyEntrySchema = z
  .object({
    version: z.string().min(1).max(64),
    published: isoDate,
    effective: isoDate,
    summary: text,
  })
  .strict()

export const policySchema = z
  .object({
    version: z.string().min(1).max(64).describe('This version of the policy; consent records it.'),
    effective: isoDate.describe('Date this version takes effect (YYYY-MM-DD).'),
    languages: z.array(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/)).min(1).default(['fr', 'en']),
    controller: z
      .object({
        name: z.string().min(1),
        contact: z.string().min(3).describe('An e-mail address or URL where visitors exercise their rights.'),
        address: z.string().optional(),
      })
      .strict(),
    sites: z.array(siteSchema).min(1),
    purposes: z.record(purposeId, purposeSchema),
    cookies: z
      .object({ lifetimeMonths: months('Lifetime of every cookie, counted from its first deposit').default(13) })
      .strict()
      .default({ lifetimeMonths: 13 }),
    consent: z
      .object({
        validityMonths: months('How long a consent is valid, from the first deposit').default(13),
        refusalMonths: months('How long a refusal is remembered before asking again').default(6),
      })
      .strict()
      .default({ validityMonths: 13, refusalMonths: 6 }),
    retention: z
      .object({
        eventsMonths: months('How long raw events are kept').default(13),
        receiptsMonths: months('How long consent receipts (proofs) are kept').default(60),
      })
      .strict()
      .default({ eventsMonths: 13, receiptsMonths: 60 }),
    collection: z
      .object({
        queryKeys: z
          .array(z.string().min(1).max(64))
          .default(['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'ref'])
          .describe('Query-string keys kept from page URLs; every other key is dropped before storage.'),
      })
      .strict()
      .default({ queryKeys: ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'ref'] }),
    recipients: z.array(recipientSchema).default([]),
    publication: z
      .object({
        minGroupSize: z.number().int().positive().default(10).describe('No published figure describes fewer than this many distinct visitors.'),
      })
      .strict()
      .default({ minGroupSize: 10 }),
    history: z.array(historyEntrySchema).default([]),
  })
  .strict()

/** The operational settings of `temoin serve` (not promises to visitors). */
export const serverSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    /** Read the client address from X-Forwarded-For (only behind a proxy you run). */
    trustProxy: z.boolean().default(false),
    /** Requests per minute allowed from one client before 429. */
    rateLimitPerMinute: z.number().int().positive().default(600),
    /** How often the server deletes what retention no longer allows. */
    purgeEveryMinutes: z.number().int().positive().default(60),
  })
  .strict()

/** The whole file: the policy's keys, plus an optional `server` section. */
export const configFileSchema = policySchema.extend({ server: serverSchema.default(serverSchema.parse({})) })

export type Policy = z.infer<typeof policySchema>
export type Purpose = z.infer<typeof purposeSchema>
export type Recipient = z.infer<typeof recipientSchema>
export type Site = z.infer<typeof siteSchema>
export type ServerSettings = z.infer<typeof serverSchema>
/** A parsed, valid configuration file. */
export interface Config {
  readonly policy: Policy
  readonly server: ServerSettings
}
