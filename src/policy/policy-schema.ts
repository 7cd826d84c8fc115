import { z } from 'zod'

/**
 * The policy file's schema: what the site promises, in the shape the code obeys. Structure and
 * defaults live here; the CNIL limits and the rules between keys live in `check-policy-rules.ts`
 * so that each problem names its rule and its fix. `schema/policy.schema.json` (for editors) is
 * generated from this file by `npm run gen:schema`, and a test keeps the two in step.
 */

/** A language code: ISO 639-1, optionally with a region (fr, en, fr-CA). */
const languageCode = z
  .string()
  .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'a language code such as fr, en or fr-CA')

/**
 * The usual Consent Mode v2 mapping, for `banner.consentMode: true`: each Google consent type
 * and the purpose whose grant allows it.
 */
export const CONSENT_MODE_TYPES: Readonly<Record<string, string>> = {
  analytics_storage: 'statistics',
  ad_storage: 'advertising',
  ad_user_data: 'advertising',
  ad_personalization: 'advertising',
  personalization_storage: 'personalisation',
  functionality_storage: 'personalisation',
}

/** A text in each of the policy's languages: `{ fr: '…', en: '…' }`. */
const text = z
  .record(languageCode, z.string().min(1))
  .describe('A text per language code, e.g. { fr: "…", en: "…" }.')

const months = (what: string) =>
  z.number().int().positive().describe(`${what}, in calendar months.`)

const purposeId = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,31}$/,
    'a purpose id: lower-case letters, digits and "-", starting with a letter, at most 32 characters',
  )

export const purposeSchema = z
  .object({
    basis: z
      .enum(['consent', 'exempt'])
      .describe(
        '"consent": asked for; "exempt": the CNIL audience-measurement exemption (statistics only).',
      ),
    title: text.describe('Short name of the purpose, shown on the banner, per language.'),
    description: text.describe(
      'What the purpose does with the data, shown on the banner and the policy page, per language.',
    ),
    cookies: z
      .array(
        z
          .string()
          .regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, 'a cookie name (a trailing * matches a prefix)'),
      )
      .default([])
      .describe(
        "The site's own cookies of this purpose (e.g. _ga*); temoin.js deletes them when the purpose is withdrawn.",
      ),
  })
  .strict()
  .describe('One reason for collecting data; the banner asks for each purpose separately.')

export const recipientSchema = z
  .object({
    name: z.string().min(1).describe('Who receives the data, as shown to visitors.'),
    role: z
      .enum(['processor', 'controller'])
      .describe(
        '"processor" acts on the publisher\'s behalf; "controller" uses the data for its own ends.',
      ),
    purposes: z
      .array(purposeId)
      .min(1)
      .describe('Ids of the purposes (keys of `purposes`) for which this recipient receives data.'),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as FR')
      .describe('Where the recipient processes the data.'),
    url: z.url().optional().describe("The recipient's privacy notice."),
  })
  .strict()
  .describe('Someone other than the publisher who receives data.')

const domainName = z
  .string()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/,
    'a lower-case host name such as example.org, without scheme, port or path',
  )

export const siteSchema = z
  .object({
    domain: domainName.describe('Host name of the site, lower-case, without scheme, port or path.'),
    name: z.string().min(1).optional().describe('Name of the site, for the dashboard.'),
    /** Also accept hits from sub-domains (www.example.org…). */
    subdomains: z
      .boolean()
      .default(false)
      .describe('Also accept pages of its sub-domains (www.example.org…).'),
  })
  .strict()
  .describe('A site whose pages may send events and consents.')

// The shape only: whether the day exists is the `calendar-date` rule (check-versions.ts).
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD')

export const historyEntrySchema = z
  .object({
    version: z.string().min(1).max(64).describe('The version this entry describes.'),
    published: isoDate.describe('Date the version was announced to visitors (YYYY-MM-DD).'),
    effective: isoDate.describe(
      'Date the version took effect (YYYY-MM-DD), on or after `published`.',
    ),
    summary: text.describe('What changed, per language; shown in the changelog.'),
    reconsent: z
      .array(z.string().min(1))
      .optional()
      .describe(
        "Purposes whose consent this version's lowering changes touch: asked again from `effective` (absent or empty: a minor version, shown as a notice only).",
      ),
    sites: z
      .array(domainName)
      .min(1)
      .optional()
      .describe(
        "Domains of `sites` whose visitors this version concerns (a change to those sites' own entries): only they see its notice and are asked again. Absent: every site.",
      ),
  })
  .strict()
  .describe('A version of the policy, for the changelog and to read consents given under it.')

/** The kinds of legal page a site keeps: its privacy policy, its legal notice, its terms of use. */
export const LEGAL_KINDS = ['privacy', 'legal-notice', 'terms'] as const

export const legalPageSchema = z
  .object({
    kind: z
      .enum(LEGAL_KINDS)
      .describe(
        '"privacy" (politique de confidentialité), "legal-notice" (mentions légales) or "terms" (CGU).',
      ),
    source: z
      .string()
      .regex(
        /^(?!\/)(?!.*(^|\/)\.\.?(\/|$))[^\\\0]+\.[A-Za-z0-9.]+$/,
        "a path inside the site's input folder, such as confidentialite.md or legal/cgu.md (no leading /, no ..)",
      )
      .describe(
        "The page's source file, relative to the Eleventy input folder (e.g. confidentialite.md); the author's front matter, layout and permalink are kept.",
      ),
    language: languageCode.describe('The language the page is written in (fr, en…).'),
    changes: z
      .array(
        z
          .object({
            published: isoDate.describe(
              'The day the new text was published: the date of its version in legal-versions.json (YYYY-MM-DD).',
            ),
            effective: isoDate.describe(
              'The day it takes effect (YYYY-MM-DD), at least `notice.days` after `published`.',
            ),
            summary: text
              .optional()
              .describe(
                'The notice\'s words, per language; default "Nos CGU changent le 1er février 2027 : voir les changements".',
              ),
          })
          .strict(),
      )
      .default([])
      .describe(
        'Substantial changes of the page: temoin.js tells returning visitors once, between `published` and `effective`, with a link to the comparison of the versions.',
      ),
  })
  .strict()
  .describe("One of the site's own legal pages, hand-written.")

/** The default cap of differential privacy spent on one site's data per window. */
export const DEFAULT_PRIVACY_BUDGET = { epsilon: 1, delta: 1e-7, windowMonths: 12 }

export const privacyBudgetSchema = z
  .object({
    epsilon: z
      .number()
      .positive()
      .max(10)
      .default(DEFAULT_PRIVACY_BUDGET.epsilon)
      .describe(
        "Most privacy loss (ε) all differentially private releases about one window of a site's data may spend together; smaller is stronger.",
      ),
    delta: z
      .number()
      .min(0)
      .max(1e-3)
      .default(DEFAULT_PRIVACY_BUDGET.delta)
      .describe(
        'Most probability (δ) of a release going beyond ε, all releases of a window together; keep it far below 1 / the number of visitors.',
      ),
    windowMonths: months('Length of a budget window of data (calendar months from January)')
      .max(120)
      .default(DEFAULT_PRIVACY_BUDGET.windowMonths),
  })
  .strict()
  .describe(
    'The privacy budget: what differentially private releases of one site may spend on each window of its data; temoin publish refuses a release past it.',
  )

export const policySchema = z
  .object({
    version: z.string().min(1).max(64).describe('This version of the policy; consent records it.'),
    effective: isoDate.describe('Date this version takes effect (YYYY-MM-DD).'),
    languages: z
      .array(languageCode)
      .min(1)
      .default(['fr', 'en'])
      .describe('Languages of the banner and policy page; every text is given in each.'),
    controller: z
      .object({
        name: z.string().min(1).describe('The publisher responsible for the processing.'),
        contact: z
          .string()
          .min(3)
          .describe('An e-mail address or URL where visitors exercise their rights.'),
        address: z.string().optional().describe('Postal address of the controller.'),
      })
      .strict()
      .describe('Who is responsible, and how visitors reach them.'),
    sites: z
      .array(siteSchema)
      .min(1)
      .describe('The sites this policy covers; hits from other hosts are refused.'),
    purposes: z
      .record(purposeId, purposeSchema)
      .describe('The purposes, by id; `statistics` may use the CNIL exemption.'),
    cookies: z
      .object({
        lifetimeMonths: months('Lifetime of every cookie, counted from its first deposit').default(
          13,
        ),
      })
      .strict()
      .describe('Cookies set by Témoin.')
      .default({ lifetimeMonths: 13 }),
    consent: z
      .object({
        validityMonths: months('How long a consent is valid, from the first deposit').default(13),
        refusalMonths: months('How long a refusal is remembered before asking again').default(6),
      })
      .strict()
      .describe('How long a choice holds before the banner asks again.')
      .default({ validityMonths: 13, refusalMonths: 6 }),
    retention: z
      .object({
        eventsMonths: months('How long raw events are kept').default(13),
        receiptsMonths: months('How long consent receipts (proofs) are kept').default(60),
      })
      .strict()
      .describe('How long the server keeps what it stores; it deletes the rest itself.')
      .default({ eventsMonths: 13, receiptsMonths: 60 }),
    collection: z
      .object({
        queryKeys: z
          .array(z.string().min(1).max(64))
          .default(['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'ref'])
          .describe(
            'Query-string keys kept from page URLs; every other key is dropped before storage.',
          ),
      })
      .strict()
      .describe('What is kept of each page view.')
      .default({
        queryKeys: ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'ref'],
      }),
    recipients: z
      .array(recipientSchema)
      .default([])
      .describe('Everyone other than the publisher who receives data.'),
    banner: z
      .object({
        privacyUrl: text
          .default({ fr: '/confidentialite.html', en: '/privacy.html' })
          .describe('Link to the privacy-policy page, per language.'),
        gpc: z
          .boolean()
          .default(true)
          .describe('Honour Global Privacy Control as a refusal of every purpose (and say so).'),
        consentMode: z
          .union([z.boolean(), z.record(z.string().regex(/^[a-z_]+$/), purposeId)])
          .default(false)
          .describe(
            'Emit Google Consent Mode v2 signals (default denied, update on each choice): true for the usual mapping, or a mapping of each Consent Mode type to the purpose that grants it.',
          ),
        texts: z
          .record(z.string(), z.record(z.string(), z.string().min(1)))
          .default({})
          .describe(
            'Overrides of the banner\'s texts per language, e.g. { fr: { accept: "J\'accepte" } }; other languages too.',
          ),
      })
      .strict()
      .default({
        privacyUrl: { fr: '/confidentialite.html', en: '/privacy.html' },
        gpc: true,
        consentMode: false,
        texts: {},
      })
      .describe('How temoin.js presents the choices.'),
    publication: z
      .object({
        minGroupSize: z
          .number()
          .int()
          .positive()
          .default(10)
          .describe('No published figure describes fewer than this many distinct visitors.'),
        budget: privacyBudgetSchema.default(DEFAULT_PRIVACY_BUDGET),
      })
      .strict()
      .describe('Guarantees on published aggregated figures.')
      .default({ minGroupSize: 10, budget: DEFAULT_PRIVACY_BUDGET }),
    notice: z
      .object({
        days: z
          .number()
          .int()
          // DESIGN rule 5: a lowering version is announced *before* it applies, so never 0 days.
          .min(1)
          .default(30)
          .describe(
            'Days between announcing a version that lowers confidentiality (`history[].published`) and its taking effect.',
          ),
      })
      .strict()
      .describe('How far ahead a change that lowers confidentiality is announced.')
      .default({ days: 30 }),
    legal: z
      .array(legalPageSchema)
      .default([])
      .describe(
        "The site's own legal pages (privacy policy, legal notice, terms), hand-written: a privacy page is checked against this policy at build time and replaces the generated one in its language.",
      ),
    history: z
      .array(historyEntrySchema)
      .default([])
      .describe('Earlier versions (and optionally this one), for the changelog.'),
  })
  .strict()
  .describe('The privacy policy of a site, as Témoin enforces it.')

const DASHBOARD_DEFAULTS = {
  publicSites: [],
  sessionHours: 12,
  secureCookie: false,
  rateLimitPerMinute: 600,
  queryConcurrency: 4,
  queryQueue: 256,
}

/** Who may read the dashboard and the stats API, and how its sessions behave. */
export const dashboardSchema = z
  .object({
    publicSites: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Domains of `sites` whose dashboard and stats API anyone may read without logging in (read-only).',
      ),
    sessionHours: z
      .number()
      .int()
      .min(1)
      .max(720)
      .default(12)
      .describe('How long a dashboard login lasts, from the login (never extended by use).'),
    secureCookie: z
      .boolean()
      .default(false)
      .describe(
        'Always mark the session cookie Secure (e.g. behind a TLS proxy without trustProxy), and send Strict-Transport-Security on the dashboard and the stats API; the cookie is Secure anyway on HTTPS.',
      ),
    rateLimitPerMinute: z
      .number()
      .int()
      // A dashboard page costs up to 17 queries: a smaller budget could never show one.
      .min(20)
      .default(600)
      .describe(
        'Statistics queries per minute allowed from one client on /api/stats and /dashboard before 429 (a dashboard page counts as the 16 or 17 queries it makes).',
      ),
    queryConcurrency: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(4)
      .describe(
        'Statistics queries run at once, server-wide, whatever their clients (the embedded store reads on three connections: more only wait there).',
      ),
    queryQueue: z
      .number()
      .int()
      // A dashboard page makes up to 17 queries at once: a shorter line could never show one.
      .min(16)
      .max(100_000)
      .default(256)
      .describe(
        'Statistics queries that may wait for a free slot, server-wide; past them a query is refused at once with 503 STATS_BUSY and Retry-After.',
      ),
  })
  .strict()
  .describe('The dashboard at /dashboard and the stats API.')

/** How long a client may take: what a slow client can hold, it holds for no longer. */
export const timeoutsSchema = z
  .object({
    // At least a second each: Node takes 0 (what a tiny value rounds to) as "no limit".
    headersSeconds: z
      .number()
      .min(1)
      .max(300)
      .default(10)
      .describe(
        'Seconds a client has to send the headers of a request, from its first byte; then 400 REQUEST_INCOMPLETE and the connection is closed.',
      ),
    requestSeconds: z
      .number()
      .min(1)
      .max(3600)
      .default(30)
      .describe(
        'Seconds a client has to send a whole request, headers and body (a Content-Length larger than the body sent waits for no longer); then 400 REQUEST_INCOMPLETE and the connection is closed.',
      ),
    keepAliveSeconds: z
      .number()
      .min(1)
      .max(300)
      .default(5)
      .describe('Seconds an idle keep-alive connection is kept open for its next request.'),
  })
  .strict()
  .describe('Time limits of every request, whatever its route.')

/** The operational settings of `temoin serve` (not promises to visitors). */
export const serverSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1').describe('Address to listen on.'),
    port: z
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(8080)
      .describe('Port to listen on (0: any free port).'),
    /** Read the client address from X-Forwarded-For (only behind a proxy you run). */
    trustProxy: z
      .boolean()
      .default(false)
      .describe('Read the client address from X-Forwarded-For (only behind a proxy you run).'),
    /** Requests per minute allowed from one client before 429. */
    rateLimitPerMinute: z
      .number()
      .int()
      .positive()
      .default(600)
      .describe('Requests per minute allowed from one client before 429.'),
    /** How often the server deletes what retention no longer allows. */
    purgeEveryMinutes: z
      .number()
      .int()
      .positive()
      // A day at most: retention is counted in months, and timers past 2^31 ms fire at once.
      .max(1440)
      .default(60)
      .describe('How often the server deletes what retention no longer allows.'),
    dashboard: dashboardSchema.default(DASHBOARD_DEFAULTS),
    timeouts: timeoutsSchema.default({
      headersSeconds: 10,
      requestSeconds: 30,
      keepAliveSeconds: 5,
    }),
    maxConnections: z
      .number()
      .int()
      .min(16)
      .max(100_000)
      // Under the usual limit of 1024 open files per process, with room for the store's files.
      .default(512)
      .describe(
        'Connections held at once, server-wide; past them a new connection is closed at once.',
      ),
  })
  .strict()
  .describe('Settings of `temoin serve` (not promises to visitors).')

/** Where the events and receipts are stored, when not in the data folder's DuckDB file. */
export const storeSchema = z
  .object({
    clickhouse: z
      .object({
        url: z
          .string()
          .regex(
            /^https?:\/\/[^\s/?#@]+(\/)?$/,
            'an http:// or https:// address, without a path, user or password',
          )
          .describe("The server's HTTP interface, e.g. http://127.0.0.1:8123."),
        database: z
          .string()
          .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and _, starting with a letter or _')
          .default('temoin')
          .describe("The database of Témoin's tables, created if missing."),
        username: z.string().min(1).default('default').describe('The ClickHouse user.'),
        cluster: z
          .string()
          .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and _, starting with a letter or _')
          .optional()
          .describe(
            "The cluster of the servers' remote_servers that holds the tables: replicated on every shard, read and written through Distributed tables (docs/clickhouse.md). Absent: the tables are on the one server of url.",
          ),
        insertQuorum: z
          .number()
          .int()
          .min(1)
          .max(16)
          .default(1)
          .describe(
            'On a cluster, how many replicas of a shard hold an insert before the collector acknowledges it (ClickHouse insert_quorum): 1 answers once one replica has it, 2 or more survive the loss of a replica but refuse inserts while fewer replicas are up.',
          ),
      })
      .strict()
      .describe(
        'A ClickHouse server (docs/clickhouse.md). Its password comes from the environment (TEMOIN_CLICKHOUSE_PASSWORD), never from this file.',
      ),
  })
  .strict()
  .describe(
    'Where events and receipts are stored: the embedded DuckDB file of the data folder when absent.',
  )

/** The whole file: the policy's keys, plus optional `server` and `store` sections. */
export const configFileSchema = policySchema.extend({
  server: serverSchema.default(serverSchema.parse({})),
  store: storeSchema.optional(),
})

export type Policy = z.infer<typeof policySchema>
export type Purpose = z.infer<typeof purposeSchema>
export type Recipient = z.infer<typeof recipientSchema>
export type Site = z.infer<typeof siteSchema>
export type ServerSettings = z.infer<typeof serverSchema>
export type StoreSettings = z.infer<typeof storeSchema>
export type DashboardSettings = z.infer<typeof dashboardSchema>
export type TimeoutSettings = z.infer<typeof timeoutsSchema>
/** A parsed, valid configuration file. */
export interface Config {
  readonly policy: Policy
  readonly server: ServerSettings
  /** Absent: the data folder's DuckDB file. */
  readonly store?: StoreSettings
}
