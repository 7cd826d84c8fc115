import type { PolicyPageTexts } from './policy-page-texts.js'

const DAY = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' })

/**
 * The English privacy-policy page (see {@link PolicyPageTexts}).
 *
 * @example POLICY_PAGE_EN.months(1) // '1\u00a0month'
 */
export const POLICY_PAGE_EN: PolicyPageTexts = {
  title: 'Privacy policy',
  intro:
    'This page explains what data this site collects, why, how long it keeps it and how to exercise your rights. It is generated from the policy file that the site itself applies: what it says is what the code does.',
  version: (version, effective) => `Version ${version}, in effect from ${effective}.`,
  months: (n) => `${n}\u00a0${n === 1 ? 'month' : 'months'}`,
  date: (iso) => DAY.format(new Date(`${iso}T00:00:00Z`)),
  list: (items) =>
    items.length < 2
      ? items.join('')
      : `${items.slice(0, -1).join(', ')}${items.length > 2 ? ',' : ''} and ${items.at(-1)}`,
  quote: (text) => `“${text}”`,

  controllerHeading: 'Who is responsible',
  controller: (name, address, contact) =>
    `The data controller is <strong>${name}</strong>${address === undefined ? '' : `, ${address}`}. For any question about your data, ${contact}.`,
  contactAt: (contact, isUrl) => (isUrl ? `go to ${contact}` : `write to ${contact}`),

  purposesHeading: 'Purposes and legal bases',
  purposesIntro: 'Your data is used only for the following purposes.',
  basisLabel: 'Legal basis:',
  basisConsent:
    'your consent (Article 6(1)(a) GDPR and Article 82 of the French Data Protection Act). Nothing is collected or stored for this purpose before you accept it; you can withdraw your consent at any time, as easily as you gave it.',
  basisExempt: (statistics) =>
    `audience measurement exempt from consent under the conditions set by the CNIL, the French data protection authority (Article 82 of the French Data Protection Act), based on the publisher’s legitimate interest in measuring visits to its site (Article 6(1)(f) GDPR). Without your consent, the site only counts anonymous visits, and none at all if you object (section ${POLICY_PAGE_EN.quote('Your rights')}): no measurement cookie is stored, no identifier is sent, and the statistics serve the publisher alone. If you accept ${statistics}, a visitor identifier is stored so that your later visits are recognised (see ${POLICY_PAGE_EN.quote('Cookies and storage on your device')}): only your consent allows that.`,
  purposeRecipients: (names) => `Recipients: ${names}.`,

  dataHeading: 'What is recorded when you visit',
  dataIntro: 'For each page you read, the site records:',
  dataItems: (queryKeys, statistics) => [
    `the address of the page, without what follows the “#”; of its parameters, ${
      queryKeys.length === 0 ? 'none is kept' : `only ${POLICY_PAGE_EN.list(queryKeys)} are kept`
    };`,
    'the page you came from, reduced to its site and path;',
    'the date and time, and the operations the site measures (downloading a file, for example);',
    'your country, derived from your IP address; the IP address itself is never recorded;',
    'the type of device (computer, mobile, tablet) and the families of your browser and operating system, without their versions;',
    `the visitor identifier, only if you accepted ${statistics}.`,
  ],
  dataNote:
    'This information contains neither your name nor your IP address. Without the visitor identifier, the records cannot be linked to one another.',

  cookiesHeading: 'Cookies and storage on your device',
  cookiesIntro:
    'Until you make a choice, nothing is stored on your device. This is everything the site may keep there:',
  cookieColumns: ['Name', 'What it is for', 'Lifetime'],
  consentCookie:
    'Remembers your choice: the date of its first deposit, the date of your decision, the version of the policy, the purposes accepted and refused, and the number of your consent’s receipt if you accepted something. If you refuse everything, it holds no identifier.',
  visitorCookie: (statistics) =>
    `A random visitor identifier, so that your later visits are recognised. Stored only if you accept ${statistics}; deleted as soon as you withdraw that consent.`,
  purposeCookie: (title) =>
    `Purpose ${title}: stored only if you accept it, deleted as soon as you withdraw it.`,
  cookiePrefix: (prefix) => `cookies whose name starts with <code>${prefix}</code>`,
  lifetime: (months) =>
    `${POLICY_PAGE_EN.months(months)} from its first deposit; your visits do not extend it`,
  visitorLifetime: (months) =>
    `${POLICY_PAGE_EN.lifetime(months)}, and never beyond the validity of your choice`,
  historyStorage: (personalisation) =>
    `The browser’s local storage, not a cookie: the last 20 pages you read, to personalise the display. Only if you accept ${personalisation}; the site never sends it anywhere.`,
  historyDuration: (personalisation) =>
    `As long as ${personalisation} is accepted; erased as soon as you withdraw it`,
  firstParty:
    'These cookies are set by the site itself (first-party) and no other site reads them.',

  choiceHeading: 'How long your choice holds',
  choice: (validity, refusal, manage) => [
    `Your consent is valid for ${POLICY_PAGE_EN.months(validity)} from the day you first gave it; your visits do not extend it. After that, the banner asks for your choice again.`,
    `If you refuse everything, the refusal is remembered for ${POLICY_PAGE_EN.months(refusal)}; after that, the banner asks for your choice again.`,
    `You can change or withdraw your choice at any time with the ${manage} button, on this page (section ${POLICY_PAGE_EN.quote('Your rights')}).`,
  ],
  receipts:
    'Each decision is recorded as a receipt (date, version of the policy, purposes accepted and refused), so that your consent can be proven. A refusal is recorded without any link to you.',
  gpc: (manage) =>
    `If your browser sends the Global Privacy Control (GPC) signal, the site treats it as a refusal of every purpose and an objection to the audience measurement, even after an earlier acceptance: the banner is not shown, the visitor identifier and the data of the refused purposes are erased from your device, and no visit is counted, not even anonymously. The ${manage} button shows this choice.`,

  retentionHeading: 'How long data is kept',
  retentionEvents: (months) =>
    `Visit data is kept for ${POLICY_PAGE_EN.months(months)}, then deleted automatically by the server.`,
  retentionReceipts: (months) =>
    `The receipts of your choices are kept for ${POLICY_PAGE_EN.months(months)}, as proof. If you erase your data, they are kept but detached from your identifier.`,

  recipientsHeading: 'Recipients',
  recipientsIntro: (controller) => `Besides ${controller}, the following receive data:`,
  noRecipients: (controller) => `Your data is passed to no one other than ${controller}.`,
  recipientColumns: ['Recipient', 'Role', 'Country', 'Purposes'],
  role: (role, controller) =>
    role === 'processor'
      ? `processor: acts only on behalf of ${controller} and on its instructions`
      : 'controller: uses the data for its own purposes',
  outsideEea: 'outside the European Economic Area',
  privacyNotice: 'its privacy notice',

  publicationHeading: 'Publication of aggregated statistics',
  publication: (controller, minGroupSize) => [
    `${controller} may publish and use aggregated information — about all visitors, or about groups or categories of visitors, combined so that no visitor can be identified or singled out — and non-personal information, for industry and market analysis, demographic profiling of its audience, promotion, advertising and other commercial purposes.`,
    `Every published figure describes at least ${minGroupSize} distinct visitors: a figure that would describe fewer is not published. No individual data is published.`,
  ],

  rightsHeading: 'Your rights',
  rights: (contactAt) =>
    `You have the right to access, rectify and erase your data, to object to and restrict its processing, and to data portability, and you can withdraw your consent at any time. To exercise these rights, ${contactAt}.`,
  manageIntro: 'Change or withdraw your choice:',
  objection: (statistics, gpc) =>
    `You can object to the audience measurement, even anonymous: the site will no longer count any of your visits in this browser. Refusing ${statistics} in the banner${gpc ? ', or turning on Global Privacy Control in your browser,' : ''} does the same.`,
  objectLabel: 'I object to audience measurement',
  objected: 'Noted: your visits are no longer counted in this browser.',
  dataControlsIntro: 'See or erase the data linked to this browser:',
  dataControlsNote: (statistics) =>
    `These buttons use the visitor identifier kept in this browser (the <code>temoin_id</code> cookie) and show only what is linked to it. Without that identifier (if you did not accept ${statistics}), no data is linked to you. Erasing deletes your visit data and the identifier; the receipts of your choices are kept as proof, with no link to you.`,
  seeLabel: 'See my data',
  eraseLabel: 'Erase my data',
  noScript: 'These buttons need JavaScript. You can also exercise your rights in writing.',
  complaint:
    'If, after contacting us, you consider that your rights are not respected, you can lodge a complaint with the CNIL (<a href="https://www.cnil.fr/en/home">www.cnil.fr</a>) or with the data protection authority of your country.',
  script: {
    none: 'This browser keeps no visitor identifier: no data is linked to it.',
    seen: 'Page views and events recorded: {events}; receipts of your choices: {receipts}.',
    erased:
      'Done. Page views and events erased: {events}; receipts kept as proof, with no link to you: {receipts}. If audience measurement stays accepted, a new identifier will be made on your next visit.',
    failed: 'The request failed:',
    confirm: 'Erase the visit data linked to this browser? This cannot be undone.',
    download: 'Download this data (JSON)',
  },

  changesHeading: 'Changes to this policy',
  changes: [
    'We inform you of any substantial change to this policy: the banner announces it before it takes effect, with a summary and a link to this page.',
    'We never lower the level of confidentiality (a longer lifetime, a new purpose, a new recipient, a weaker publication threshold…) without informing you beforehand and obtaining your consent: from the date it takes effect, you are asked again for the purposes concerned.',
  ],

  historyHeading: 'Version history',
  historyColumns: ['Version', 'Published', 'In effect from', 'Changes'],
  noHistory: 'No earlier version.',
  historySites: (domains) => `Concerns: ${domains}.`,
}
