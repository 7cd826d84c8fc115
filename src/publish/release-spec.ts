import { z } from 'zod'
import { TABLE_DIMENSIONS } from '../store/group-counts.js'

/**
 * The release spec (`release.yaml`, given to `temoin publish --spec`): which tables to publish,
 * about which site and period, and how they are protected. The budget cap and the smallest group
 * are promises to visitors, so they live in the policy (`publication`); the spec spends within
 * them. docs/publish.md documents every key.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD')
const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and "-", at most 64 characters')

/** Bounded dimensions whose values are known without looking at the data. */
export const DEVICE_CLASSES = ['desktop', 'mobile', 'tablet', 'other'] as const

export const tableSpecSchema = z
  .object({
    name: name.describe("The table's name: its file is NAME.csv."),
    metric: z
      .enum(['pageviews', 'events', 'visitors'])
      .describe(
        '"pageviews": page views; "events": custom events (of `event` when given); "visitors": distinct visitors with an id (differential privacy only).',
      ),
    event: z.string().min(1).max(200).optional().describe('Only custom events of this name.'),
    dimensions: z
      .array(z.enum(TABLE_DIMENSIONS))
      .max(4)
      .default([])
      .describe('What the table breaks the metric down by: month, country, device, path…'),
    values: z
      .partialRecord(z.enum(TABLE_DIMENSIONS), z.array(z.string().max(2048)).min(1).max(10_000))
      .default({})
      .describe(
        'The public list of values of a dimension (e.g. country: [FR, BE]): the dimension becomes bounded — every value is published, zeros included, others dropped.',
      ),
    groups: z
      .partialRecord(
        z.enum(TABLE_DIMENSIONS),
        z.record(z.string().min(1).max(200), z.array(z.string().max(2048)).min(1).max(10_000)),
      )
      .default({})
      .describe(
        'Exact mode: a hierarchy over the listed values of a dimension, as named groups (e.g. country: { Benelux: [BE, NL, LU] }); a group may hold other groups (region → department). Each group is published as a figure of its own, beside the values and the total.',
      ),
    epsilon: z
      .number()
      .positive()
      .max(10)
      .optional()
      .describe('Differential privacy: the privacy loss ε this table spends.'),
    delta: z
      .number()
      .min(0)
      .max(1e-3)
      .default(0)
      .describe(
        'Differential privacy: the δ this table spends (needed by open dimensions and Gaussian noise).',
      ),
    noise: z
      .enum(['laplace', 'gaussian'])
      .default('laplace')
      .describe('Differential privacy: discrete Laplace (pure ε) or discrete Gaussian (ε, δ).'),
    bounds: z
      .object({
        cellsPerVisitor: z.number().int().min(1).max(1000).default(4),
        eventsPerCell: z.number().int().min(1).max(1000).default(2),
      })
      .strict()
      .default({ cellsPerVisitor: 4, eventsPerCell: 2 })
      .describe(
        'Differential privacy: each visitor counts in at most cellsPerVisitor cells, for at most eventsPerCell events in each.',
      ),
    threshold: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe(
        'Differential privacy: noisy values below it are shown as "< threshold" (post-processing; costs nothing).',
      ),
  })
  .strict()

export const releaseSpecSchema = z
  .object({
    name: name.describe("The release's name, recorded in the ledger."),
    site: z.string().min(1).describe("The site (a domain of the policy's `sites`)."),
    period: z
      .object({
        from: isoDate.describe('First day (UTC), included.'),
        to: isoDate.describe('Day after the last one (UTC), excluded.'),
      })
      .strict(),
    mechanism: z
      .enum(['dp', 'exact'])
      .default('dp')
      .describe(
        '"dp": differentially private noisy counts (the default); "exact": true counts with suppression and an LP audit.',
      ),
    anonymousHits: z
      .enum(['include', 'exclude'])
      .default('include')
      .describe(
        'Hits without a visitor id: "include" counts each as its own unit (a weaker guarantee for a person who made several, stated in the output); "exclude" leaves them out.',
      ),
    protectionRange: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        'Exact mode: how far the audit must leave each suppressed figure uncertain, both ways (default: half of publication.minGroupSize, rounded up).',
      ),
    tables: z.array(tableSpecSchema).min(1).max(50),
  })
  .strict()
  .describe('What `temoin publish` releases, about which data, with which protection.')

export type ReleaseSpec = z.infer<typeof releaseSpecSchema>
export type TableSpec = z.infer<typeof tableSpecSchema>
