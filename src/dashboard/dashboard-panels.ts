import type { DashboardQuery } from './dashboard-query.js'
import type { TablePanel } from './render-table.js'

/**
 * The table panels of the page, in order, for a query: the event-props panel appears when an
 * event is filtered on (clicking an event shows its properties).
 *
 * @example dashboardPanels(query).map((p) => p.endpoint)
 */
export function dashboardPanels(query: DashboardQuery): TablePanel[] {
  const event = query.filters.find(([dim]) => dim === 'event')?.[1]
  return [
    { endpoint: 'pages', title: 'Top pages', about: 'Pages viewed, by path.' },
    { endpoint: 'entries', title: 'Entry pages', about: 'The page each visit started on.' },
    {
      endpoint: 'referrers',
      title: 'Referrers',
      about: 'Where visits came from: the page of another site that linked here.',
    },
    {
      endpoint: 'campaigns',
      title: 'Campaigns',
      about: 'Visits by the UTM parameters of their first page (source, medium, campaign).',
    },
    {
      endpoint: 'countries',
      title: 'Countries',
      about: 'From the visitor’s address, which is then dropped (never stored).',
    },
    {
      endpoint: 'devices',
      title: 'Devices',
      about: 'Desktop, mobile, tablet or other, from the user agent.',
    },
    { endpoint: 'browsers', title: 'Browsers', about: 'Browser families, without versions.' },
    { endpoint: 'os', title: 'Operating systems', about: 'OS families, without versions.' },
    {
      endpoint: 'events',
      title: 'Custom events',
      about:
        'Events the site sends (downloads, outbound links, its own); click one for its properties.',
    },
    ...(event === undefined
      ? []
      : [
          {
            endpoint: 'event-props',
            title: 'Event properties',
            about: `The properties sent with the event “${event}”, and how often each value came.`,
            extra: { event },
          },
        ]),
    {
      endpoint: 'frequency',
      title: 'Visit frequency',
      about: 'How many visits each consenting visitor made in the period.',
    },
    {
      endpoint: 'recency',
      title: 'Days since the previous visit',
      about: 'For returning consenting visitors: days between a visit and the one before.',
    },
    {
      endpoint: 'consents',
      title: 'Consent by purpose',
      about:
        'Decisions recorded in the period, per purpose: granted, refused, and the share granted.',
    },
    {
      endpoint: 'consent-versions',
      title: 'Consent by policy version',
      about:
        'Receipts by the policy version they were given under, and the share granted per purpose.',
    },
  ]
}
