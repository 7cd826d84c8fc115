/** The languages of the dashboard, the first being the default. */
export const DASHBOARD_LANGUAGES = ['en', 'fr'] as const

/** A language of the dashboard. */
export type DashboardLanguage = (typeof DASHBOARD_LANGUAGES)[number]

/** The panel texts: a title and what its figures mean. */
interface PanelText {
  readonly title: string
  readonly about: string
}

/** Every word the dashboard's pages show, in one language. */
export interface DashboardTexts {
  readonly lang: DashboardLanguage
  /** The language's own name, for the link that switches to it. */
  readonly name: string
  readonly dashboard: string
  readonly login: {
    readonly title: string
    readonly secret: string
    readonly submit: string
    readonly hint: string
    readonly hintTokens: string
  }
  readonly logOut: string
  readonly logIn: string
  readonly backToDashboard: string
  readonly footer: string
  readonly languages: string
  readonly realtime: (minutes: number) => string
  readonly visitsWord: string
  readonly pageviewsWord: string
  readonly summary: {
    readonly everyone: string
    readonly everyoneAbout: string
    readonly consenting: string
    readonly consentingAbout: string
    readonly before: (figure: string) => string
    readonly compared: (from: string, to: string) => string
  }
  readonly change: {
    readonly none: string
    readonly same: string
    readonly fromZero: string
  }
  readonly series: {
    readonly title: string
    readonly bucketSize: string
    readonly csvOf: string
    readonly chart: (interval: string) => string
    readonly figuresPer: (interval: string) => string
    readonly start: string
    readonly lines: Readonly<Record<'visits' | 'pageviews' | 'visitors', string>>
  }
  readonly intervals: Readonly<Record<'hour' | 'day' | 'week' | 'month', string>>
  readonly table: {
    readonly csvOf: (title: string) => string
    readonly region: (title: string) => string
    readonly empty: string
    readonly consentingTag: string
    readonly consentingLegend: string
  }
  readonly panels: Readonly<Record<string, PanelText>>
  readonly eventProps: (event: string) => PanelText
  readonly controls: {
    readonly site: string
    readonly show: string
    readonly period: string
    readonly presets: readonly [string, string, string, string, string]
    readonly from: string
    readonly to: string
    readonly showPeriod: string
    readonly activeFilters: string
    readonly filteredBy: string
    readonly remove: string
    readonly removeFilter: (name: string) => string
    readonly removeAll: string
  }
  readonly filters: Readonly<Record<string, string>>
  /** Column labels by `panel.key`, then by `key` alone; absent: the API's own (English) label. */
  readonly columns: Readonly<Record<string, string>>
  /** The label of a consent-versions `rate_<purpose>` column. */
  readonly shareGranted: (purpose: string) => string
  readonly metrics: Readonly<Record<string, string>>
  /** A cell that is text: the empty value, and booleans. */
  readonly cells: { readonly none: string; readonly yes: string; readonly no: string }
  /** The consent records view (`/dashboard/consent-records`). */
  readonly records: {
    readonly title: string
    readonly about: string
    readonly search: string
    readonly searchHint: string
    readonly from: string
    readonly to: string
    readonly purpose: string
    readonly anyPurpose: string
    readonly decision: string
    readonly granted: string
    readonly refused: string
    readonly submit: string
    readonly csv: string
    readonly digest: string
    readonly count: (n: number) => string
    readonly columns: readonly [string, string, string, string, string, string, string]
    readonly notSearchable: string
  }
  /** The policy versions view (`/dashboard/policy-versions`). */
  readonly versions: {
    readonly title: string
    readonly about: string
    readonly columns: readonly [string, string, string, string, string]
    /** The first version this data folder ran. */
    readonly first: string
    readonly minor: string
    /** A lowering version: the keys that lower confidentiality. */
    readonly lowers: (keys: string) => string
    readonly everySite: string
  }
}

const EN: DashboardTexts = {
  lang: 'en',
  name: 'English',
  dashboard: 'Témoin dashboard',
  login: {
    title: 'Log in',
    secret: 'Admin secret',
    submit: 'Log in',
    hint: 'The secret was printed when the server first started, or is the one in',
    hintTokens: 'Scripts use an API token instead:',
  },
  logOut: 'Log out',
  logIn: 'Log in',
  backToDashboard: 'Back to the dashboard',
  footer: 'figures from the stats API (/api/stats/*, docs/api.md) · every time is UTC',
  languages: 'Language',
  realtime: (minutes) => `Last ${minutes} minutes`,
  visitsWord: 'visits',
  pageviewsWord: 'page views',
  summary: {
    everyone: 'Everyone',
    everyoneAbout:
      'Every visit and page view, with or without consent (anonymous measurement included).',
    consenting: 'Consenting visitors only',
    consentingAbout:
      'Only visitors who consented to statistics carry an identifier: unique, new and returning visitors are counted among them alone.',
    before: (figure) => `(${figure} before)`,
    compared: (from, to) => `Compared with ${from} – ${to}.`,
  },
  change: { none: 'no comparison', same: 'unchanged', fromZero: 'new (0 before)' },
  series: {
    title: 'Over time',
    bucketSize: 'Bucket size',
    csvOf: ' of the figures over time',
    chart: (interval) =>
      `Visits, page views and consenting visitors per ${interval}; the figures are in the table below.`,
    figuresPer: (interval) => `The figures, per ${interval}`,
    start: 'Start (UTC)',
    lines: { visits: 'Visits', pageviews: 'Page views', visitors: 'Visitors (consenting)' },
  },
  intervals: { hour: 'hour', day: 'day', week: 'week', month: 'month' },
  table: {
    csvOf: (title) => ` of ${title}`,
    region: (title) => `${title}: table`,
    empty: 'Nothing in this period.',
    consentingTag: 'consenting',
    consentingLegend: 'counts only visitors who consented to statistics.',
  },
  panels: {
    pages: { title: 'Top pages', about: 'Pages viewed, by path.' },
    entries: { title: 'Entry pages', about: 'The page each visit started on.' },
    referrers: {
      title: 'Referrers',
      about: 'Where visits came from: the page of another site that linked here.',
    },
    campaigns: {
      title: 'Campaigns',
      about: 'Visits by the UTM parameters of their first page (source, medium, campaign).',
    },
    countries: {
      title: 'Countries',
      about: 'From the visitor’s address, which is then dropped (never stored).',
    },
    devices: { title: 'Devices', about: 'Desktop, mobile, tablet or other, from the user agent.' },
    browsers: { title: 'Browsers', about: 'Browser families, without versions.' },
    os: { title: 'Operating systems', about: 'OS families, without versions.' },
    events: {
      title: 'Custom events',
      about:
        'Events the site sends (downloads, outbound links, its own); click one for its properties.',
    },
    frequency: {
      title: 'Visit frequency',
      about: 'How many visits each consenting visitor made in the period.',
    },
    recency: {
      title: 'Days since the previous visit',
      about: 'For returning consenting visitors: days between a visit and the one before.',
    },
    consents: {
      title: 'Consent by purpose',
      about:
        'Decisions recorded in the period, per purpose: granted, refused, and the share granted.',
    },
    'consent-versions': {
      title: 'Consent by policy version',
      about:
        'Receipts by the policy version they were given under, and the share granted per purpose.',
    },
  },
  eventProps: (event) => ({
    title: 'Event properties',
    about: `The properties sent with the event “${event}”, and how often each value came.`,
  }),
  controls: {
    site: 'Site',
    show: 'Show',
    period: 'Period',
    presets: ['Today', '7 days', '30 days', '90 days', '12 months'],
    from: 'From',
    to: 'To',
    showPeriod: 'Show period',
    activeFilters: 'Active filters',
    filteredBy: 'Filtered by',
    remove: 'Remove',
    removeFilter: (name) => ` the ${name} filter`,
    removeAll: 'Remove all filters',
  },
  filters: {
    page: 'Page',
    entry: 'Entry page',
    referrer: 'Referrer',
    utm_source: 'Campaign source',
    utm_medium: 'Campaign medium',
    utm_campaign: 'Campaign',
    country: 'Country',
    device: 'Device',
    browser: 'Browser',
    os: 'OS',
    event: 'Event',
  },
  // English is the API's own language: its labels are shown as they come.
  columns: {},
  shareGranted: (purpose) => `Share granted: ${purpose}`,
  metrics: {},
  records: {
    title: 'Consent records',
    about:
      'Every decision made on the banner, as stored before the browser got its answer. Search a receipt id (from the visitor’s temoin_consent cookie) or a visitor id, or list by period, purpose and decision; the CSV carries a digest chain (docs/consent-records.md).',
    search: 'Receipt id or visitor id',
    searchHint: '32 hexadecimal digits, or a visitor id (10 digits, a dot, 32 hexadecimal digits)',
    from: 'From',
    to: 'To',
    purpose: 'Purpose',
    anyPurpose: 'any',
    decision: 'Decision',
    granted: 'granted',
    refused: 'refused',
    submit: 'Show',
    csv: 'Download as CSV (with its digest chain)',
    digest: 'Digest of these receipts',
    count: (n) => `${n} receipt${n === 1 ? '' : 's'}`,
    columns: [
      'Time (UTC)',
      'Receipt id',
      'Policy version',
      'Granted',
      'Refused',
      'Visitor id',
      'GPC',
    ],
    notSearchable: 'This is neither a receipt id nor a visitor id.',
  },
  versions: {
    title: 'Policy versions',
    about:
      'Every version of the policy this server ran, with the day it first ran it. A version that lowers confidentiality starts only once announced with the notice the policy promises (docs/policy.md, “The server remembers”).',
    columns: ['Version', 'First run', 'Announced', 'Change from the previous', 'Sites concerned'],
    first: 'first version run',
    minor: 'minor',
    lowers: (keys) => `lowers confidentiality: ${keys}`,
    everySite: 'every site',
  },

  cells: { none: '(none)', yes: 'yes', no: 'no' },
}

const FR: DashboardTexts = {
  lang: 'fr',
  name: 'Français',
  dashboard: 'Tableau de bord Témoin',
  login: {
    title: 'Connexion',
    secret: 'Secret d’administration',
    submit: 'Se connecter',
    hint: 'Le secret a été affiché au premier démarrage du serveur, ou c’est celui de',
    hintTokens: 'Les scripts utilisent plutôt un jeton d’API :',
  },
  logOut: 'Se déconnecter',
  logIn: 'Se connecter',
  backToDashboard: 'Retour au tableau de bord',
  footer:
    'chiffres de l’API de statistiques (/api/stats/*, docs/api.md) · toutes les heures sont en UTC',
  languages: 'Langue',
  realtime: (minutes) => `${minutes} dernières minutes`,
  visitsWord: 'visites',
  pageviewsWord: 'pages vues',
  summary: {
    everyone: 'Tout le monde',
    everyoneAbout:
      'Toutes les visites et pages vues, avec ou sans consentement (mesure anonyme comprise).',
    consenting: 'Visiteurs consentants seulement',
    consentingAbout:
      'Seuls les visiteurs qui ont consenti aux statistiques portent un identifiant : les visiteurs uniques, nouveaux et connus ne sont comptés que parmi eux.',
    before: (figure) => `(${figure} avant)`,
    compared: (from, to) => `Comparé à la période du ${from} au ${to}.`,
  },
  change: { none: 'pas de comparaison', same: 'inchangé', fromZero: 'nouveau (0 avant)' },
  series: {
    title: 'Dans le temps',
    bucketSize: 'Pas de temps',
    csvOf: ' des chiffres dans le temps',
    chart: (interval) =>
      `Visites, pages vues et visiteurs consentants par ${interval} ; les chiffres sont dans le tableau ci-dessous.`,
    figuresPer: (interval) => `Les chiffres, par ${interval}`,
    start: 'Début (UTC)',
    lines: { visits: 'Visites', pageviews: 'Pages vues', visitors: 'Visiteurs (consentants)' },
  },
  intervals: { hour: 'heure', day: 'jour', week: 'semaine', month: 'mois' },
  table: {
    csvOf: (title) => ` de ${title}`,
    region: (title) => `${title} : tableau`,
    empty: 'Rien sur cette période.',
    consentingTag: 'consentants',
    consentingLegend: 'ne compte que les visiteurs qui ont consenti aux statistiques.',
  },
  panels: {
    pages: { title: 'Pages les plus vues', about: 'Pages vues, par chemin.' },
    entries: { title: 'Pages d’entrée', about: 'La page où chaque visite a commencé.' },
    referrers: {
      title: 'Sites référents',
      about: 'D’où venaient les visites : la page d’un autre site qui menait ici.',
    },
    campaigns: {
      title: 'Campagnes',
      about: 'Visites selon les paramètres UTM de leur première page (source, support, campagne).',
    },
    countries: {
      title: 'Pays',
      about: 'Déduit de l’adresse du visiteur, qui est ensuite oubliée (jamais enregistrée).',
    },
    devices: {
      title: 'Appareils',
      about: 'Ordinateur, mobile, tablette ou autre, d’après l’agent utilisateur.',
    },
    browsers: { title: 'Navigateurs', about: 'Familles de navigateurs, sans version.' },
    os: { title: 'Systèmes d’exploitation', about: 'Familles de systèmes, sans version.' },
    events: {
      title: 'Événements personnalisés',
      about:
        'Événements envoyés par le site (téléchargements, liens sortants, les siens) ; cliquez-en un pour ses propriétés.',
    },
    frequency: {
      title: 'Fréquence des visites',
      about: 'Combien de visites chaque visiteur consentant a faites sur la période.',
    },
    recency: {
      title: 'Jours depuis la visite précédente',
      about:
        'Pour les visiteurs consentants qui reviennent : jours entre une visite et la précédente.',
    },
    consents: {
      title: 'Consentement par finalité',
      about:
        'Décisions enregistrées sur la période, par finalité : acceptées, refusées, et la part acceptée.',
    },
    'consent-versions': {
      title: 'Consentement par version de la politique',
      about:
        'Preuves de consentement selon la version de la politique sous laquelle elles ont été données, et la part acceptée par finalité.',
    },
  },
  eventProps: (event) => ({
    title: 'Propriétés de l’événement',
    about: `Les propriétés envoyées avec l’événement « ${event} », et combien de fois chaque valeur est venue.`,
  }),
  controls: {
    site: 'Site',
    show: 'Afficher',
    period: 'Période',
    presets: ['Aujourd’hui', '7 jours', '30 jours', '90 jours', '12 mois'],
    from: 'Du',
    to: 'Au',
    showPeriod: 'Afficher la période',
    activeFilters: 'Filtres actifs',
    filteredBy: 'Filtré par',
    remove: 'Retirer',
    removeFilter: (name) => ` le filtre ${name}`,
    removeAll: 'Retirer tous les filtres',
  },
  filters: {
    page: 'Page',
    entry: 'Page d’entrée',
    referrer: 'Référent',
    utm_source: 'Source de campagne',
    utm_medium: 'Support de campagne',
    utm_campaign: 'Campagne',
    country: 'Pays',
    device: 'Appareil',
    browser: 'Navigateur',
    os: 'Système',
    event: 'Événement',
  },
  columns: {
    'entries.page': 'Page d’entrée',
    'frequency.visits': 'Visites sur la période',
    'recency.days': 'Jours depuis la visite précédente',
    'event-props.count': 'Événements',
    'events.count': 'Événements',
    page: 'Page',
    pageviews: 'Pages vues',
    visits: 'Visites',
    visitors: 'Visiteurs',
    referrer: 'Référent',
    utm_campaign: 'Campagne',
    utm_source: 'Source',
    utm_medium: 'Support',
    country: 'Pays',
    device: 'Appareil',
    browser: 'Navigateur',
    os: 'Système',
    event: 'Événement',
    property: 'Propriété',
    value: 'Valeur',
    purpose: 'Finalité',
    granted: 'Acceptés',
    refused: 'Refusés',
    rate: 'Part acceptée',
    version: 'Version de la politique',
    receipts: 'Preuves',
    time: 'Heure',
  },
  shareGranted: (purpose) => `Part acceptée : ${purpose}`,
  metrics: {
    visits: 'Visites',
    pageviews: 'Pages vues',
    events: 'Événements personnalisés',
    visitors: 'Visiteurs uniques',
    new_visitors: 'Nouveaux visiteurs',
    returning_visitors: 'Visiteurs connus',
  },
  records: {
    title: 'Preuves de consentement',
    about:
      'Chaque décision prise dans le bandeau, telle qu’enregistrée avant la réponse au navigateur. Cherchez un identifiant de reçu (dans le cookie temoin_consent du visiteur) ou un identifiant de visiteur, ou listez par période, finalité et décision ; le CSV porte une chaîne d’empreintes (docs/consent-records.md).',
    search: 'Identifiant de reçu ou de visiteur',
    searchHint:
      '32 chiffres hexadécimaux, ou un identifiant de visiteur (10 chiffres, un point, 32 chiffres hexadécimaux)',
    from: 'Du',
    to: 'Au',
    purpose: 'Finalité',
    anyPurpose: 'toutes',
    decision: 'Décision',
    granted: 'acceptée',
    refused: 'refusée',
    submit: 'Afficher',
    csv: 'Télécharger en CSV (avec sa chaîne d’empreintes)',
    digest: 'Empreinte de ces reçus',
    count: (n) => `${n} reçu${n > 1 ? 's' : ''}`,
    columns: [
      'Date (UTC)',
      'Identifiant du reçu',
      'Version de la politique',
      'Acceptées',
      'Refusées',
      'Identifiant de visiteur',
      'GPC',
    ],
    notSearchable: 'Ce n’est ni un identifiant de reçu ni un identifiant de visiteur.',
  },
  versions: {
    title: 'Versions de la politique',
    about:
      'Chaque version de la politique que ce serveur a appliquée, avec le premier jour où il l’a fait. Une version qui abaisse la confidentialité ne démarre qu’annoncée avec le préavis que la politique promet (docs/policy.md).',
    columns: ['Version', 'Appliquée depuis', 'Annoncée le', 'Changement', 'Sites concernés'],
    first: 'première version appliquée',
    minor: 'mineur',
    lowers: (keys) => `abaisse la confidentialité : ${keys}`,
    everySite: 'tous les sites',
  },

  cells: { none: '(aucun)', yes: 'oui', no: 'non' },
}

/**
 * The texts of every dashboard language. Kept here, apart from the consent banner's texts
 * (src/browser/, which the server never imports): the dashboard is read by the site's owner,
 * the banner by its visitors.
 *
 * @example DASHBOARD_TEXTS.fr.summary.everyone // 'Tout le monde'
 */
export const DASHBOARD_TEXTS: Readonly<Record<DashboardLanguage, DashboardTexts>> = {
  en: EN,
  fr: FR,
}

/**
 * A table column's label in the page's language: the language's word for this panel's column,
 * else for the key, else the API's own label (English).
 *
 * @example columnLabel(DASHBOARD_TEXTS.fr, 'entries', { key: 'page', label: 'Entry page' }) // 'Page d’entrée'
 */
export function columnLabel(
  t: DashboardTexts,
  panel: string,
  column: { readonly key: string; readonly label: string },
): string {
  const purpose = /^rate_(.+)$/.exec(column.key)?.[1]
  if (t.lang === 'en') return column.label
  return (
    t.columns[`${panel}.${column.key}`] ??
    t.columns[column.key] ??
    (purpose === undefined ? column.label : t.shareGranted(purpose))
  )
}
