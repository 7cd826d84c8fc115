import { AppError } from '../lib/app-error.js'
import { CONSENT_COOKIE, VISITOR_COOKIE } from '../protocol/consent-cookie.js'
import type { Policy } from '../policy/policy-schema.js'
import { escapeHtml } from './escape-html.js'
import { formatManageButton, manageLabel } from './manage-button.js'
import { policyPageTexts, type PolicyPageTexts } from './policy-page-texts.js'
import { formatObjectionControl } from './objection-control.js'
import { formatVisitorDataControls } from './visitor-data-controls.js'

/** The European Economic Area: the EU's 27 members, Iceland, Liechtenstein and Norway. */
const EEA = new Set(
  'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IS IT LI LT LU LV MT NL NO PL PT RO SE SI SK'.split(
    ' ',
  ),
)

/**
 * The privacy-policy page in `language`, as HTML to put inside the site's layout: who is
 * responsible, the purposes and their legal bases, what is recorded, every cookie with its
 * lifetime counted from the first deposit, how long a choice holds, retention, recipients, the
 * publication commitment, the visitor's rights with working controls (manage, object, see, erase), the
 * change commitment and the version history. Every sentence is generated from the policy's
 * values, and every value is escaped. Throws when the page is not written in `language`
 * (see {@link policyPageTexts}).
 *
 * @example
 * const html = renderPolicyPage(policy, 'fr', 'https://stats.example.org')
 * // '<div class="temoin-policy" lang="fr">…<h2 id="cookies">Cookies et stockage sur votre appareil</h2>…'
 */
export function renderPolicyPage(policy: Policy, language: string, collector: string): string {
  const { intro, sections } = policySections(policy, language, collector)
  return wrapPolicy(language, intro + POLICY_SECTIONS.map((id) => sections[id]).join(''))
}

/** The sections of the generated page, in order; `{% temoinPolicy %}` writes any of them. */
export const POLICY_SECTIONS = [
  'controller',
  'purposes',
  'data',
  'cookies',
  'choice',
  'retention',
  'recipients',
  'publication',
  'rights',
  'changes',
  'history',
] as const
export type PolicySection = (typeof POLICY_SECTIONS)[number]

/**
 * Sections of the generated page, for a hand-written one: `{% temoinPolicy "history" %}` writes
 * the version history as the generated page has it (with the ids and classes it styles). Throws
 * TEMPLATE_VALUE_UNKNOWN on an unknown section, naming the known ones.
 *
 * @example renderPolicySections(policy, 'fr', '', ['history'], '/confidentialite.html') // '<div class="temoin-policy" lang="fr">\n<section aria-labelledby="temoin-history">…'
 */
export function renderPolicySections(
  policy: Policy,
  language: string,
  collector: string,
  wanted: readonly unknown[],
  where: string,
): string {
  const { sections } = policySections(policy, language, collector)
  const known: readonly string[] = POLICY_SECTIONS
  const unknown = wanted.find((id) => typeof id !== 'string' || !known.includes(id))
  if (wanted.length === 0 || unknown !== undefined)
    throw new AppError(
      'TEMPLATE_VALUE_UNKNOWN',
      `temoin/eleventy: {% temoinPolicy ${wanted.map((w) => JSON.stringify(w)).join(', ')} %} in ${where} names no section of the privacy page; known: ${POLICY_SECTIONS.join(', ')}.`,
    )
  return wrapPolicy(language, wanted.map((id) => sections[id as PolicySection]).join(''))
}

function wrapPolicy(language: string, html: string): string {
  return `<div class="temoin-policy" lang="${escapeHtml(language)}">\n${html}</div>\n`
}

/** The generated page's introduction and each of its sections ('' where it has nothing to say). */
function policySections(
  policy: Policy,
  language: string,
  collector: string,
): { intro: string; sections: Record<PolicySection, string> } {
  const t = policyPageTexts(language)
  if (t === undefined) {
    throw new TypeError(`The privacy page is written in French and English, not "${language}".`)
  }
  const local = (text: Readonly<Record<string, string>>): string =>
    escapeHtml(
      text[language] ??
        text[language.slice(0, 2)] ??
        Object.values(text)[0] ?? // a history summary may lack a language (a warning only)
        '',
    )
  const purposes = Object.entries(policy.purposes)
  const title = (id: string): string => {
    const purpose = policy.purposes[id]
    return t.quote(purpose === undefined ? escapeHtml(id) : local(purpose.title))
  }
  const controller = escapeHtml(policy.controller.name)
  const contact = formatContact(policy.controller.contact, t)
  const manage = t.quote(escapeHtml(manageLabel(policy, language)))
  const statistics = policy.purposes.statistics !== undefined
  const exempt = policy.purposes.statistics?.basis === 'exempt'
  const section = (id: string, heading: string, body: string): string =>
    `<section aria-labelledby="temoin-${id}">\n<h2 id="temoin-${id}">${heading}</h2>\n${body}</section>\n`
  const p = (html: string): string => `<p>${html}</p>\n`

  const purposesHtml = purposes
    .map(([id, purpose]) => {
      const recipients = policy.recipients.filter((r) => r.purposes.includes(id))
      const basis = purpose.basis === 'exempt' ? t.basisExempt(title(id)) : t.basisConsent
      return (
        `<h3>${local(purpose.title)}</h3>\n` +
        p(local(purpose.description)) +
        p(`<strong>${t.basisLabel}</strong> ${basis}`) +
        (recipients.length === 0
          ? ''
          : p(t.purposeRecipients(t.list(recipients.map((r) => escapeHtml(r.name))))))
      )
    })
    .join('')

  // Name (HTML), what it is for, lifetime: everything Témoin or the site may keep on the device.
  const cookieRows: [string, string, string][] = [
    [code(CONSENT_COOKIE), t.consentCookie, t.lifetime(policy.consent.validityMonths)],
  ]
  if (statistics) {
    cookieRows.push([
      code(VISITOR_COOKIE),
      t.visitorCookie(title('statistics')),
      t.visitorLifetime(policy.cookies.lifetimeMonths),
    ])
  }
  for (const [id, purpose] of purposes) {
    for (const name of purpose.cookies) {
      const cookie = name.endsWith('*') ? t.cookiePrefix(escapeHtml(name.slice(0, -1))) : code(name)
      cookieRows.push([
        cookie,
        t.purposeCookie(title(id)),
        t.lifetime(policy.cookies.lifetimeMonths),
      ])
    }
  }
  // temoin.js keeps the pages read in localStorage under personalisation only (docs/browser.md).
  if (policy.purposes.personalisation !== undefined) {
    cookieRows.push([
      code('temoin_history'),
      t.historyStorage(title('personalisation')),
      t.historyDuration(title('personalisation')),
    ])
  }

  const recipientsHtml =
    policy.recipients.length === 0
      ? p(t.noRecipients(controller))
      : p(t.recipientsIntro(controller)) +
        table(
          t.recipientColumns,
          policy.recipients.map((r) => [
            escapeHtml(r.name) +
              (r.url === undefined
                ? ''
                : ` (<a href="${escapeHtml(r.url)}">${t.privacyNotice}</a>)`),
            t.role(r.role, controller),
            escapeHtml(countryName(r.country, language)) +
              (EEA.has(r.country) ? '' : ` (${t.outsideEea})`),
            t.list(r.purposes.map(title)),
          ]),
        )

  const history = [...policy.history].sort((a, b) => b.effective.localeCompare(a.effective))
  const historyHtml =
    history.length === 0
      ? p(t.noHistory)
      : table(
          t.historyColumns,
          history.map((h) => [
            escapeHtml(h.version),
            escapeHtml(t.date(h.published)),
            escapeHtml(t.date(h.effective)),
            h.sites === undefined
              ? local(h.summary)
              : `${local(h.summary)} ${escapeHtml(t.historySites(h.sites.join(', ')))}`,
          ]),
        )

  const sections: Record<PolicySection, string> = {
    controller: section(
      'controller',
      t.controllerHeading,
      p(
        t.controller(
          controller,
          policy.controller.address === undefined
            ? undefined
            : escapeHtml(policy.controller.address),
          contact,
        ),
      ),
    ),
    purposes: section('purposes', t.purposesHeading, p(t.purposesIntro) + purposesHtml),
    data: statistics
      ? section(
          'data',
          t.dataHeading,
          p(t.dataIntro) +
            list(
              t.dataItems(
                policy.collection.queryKeys.map((k) => `<code>${escapeHtml(k)}</code>`),
                title('statistics'),
              ),
            ) +
            p(t.dataNote),
        )
      : '',
    cookies: section(
      'cookies',
      t.cookiesHeading,
      p(t.cookiesIntro) + table(t.cookieColumns, cookieRows) + p(t.firstParty),
    ),
    choice: section(
      'choice',
      t.choiceHeading,
      t
        .choice(policy.consent.validityMonths, policy.consent.refusalMonths, manage)
        .map(p)
        .join('') +
        p(t.receipts) +
        (policy.banner.gpc ? p(t.gpc(manage)) : ''),
    ),
    retention: section(
      'retention',
      t.retentionHeading,
      (statistics ? p(t.retentionEvents(policy.retention.eventsMonths)) : '') +
        p(t.retentionReceipts(policy.retention.receiptsMonths)),
    ),
    recipients: section('recipients', t.recipientsHeading, recipientsHtml),
    publication: section(
      'publication',
      t.publicationHeading,
      t.publication(controller, policy.publication.minGroupSize).map(p).join(''),
    ),
    rights: section(
      'rights',
      t.rightsHeading,
      p(t.rights(contact)) +
        p(`${t.manageIntro} ${formatManageButton(policy, language)}`) +
        // The exempt measurement needs no consent, but an objection as easy as a click (CNIL).
        (exempt
          ? p(t.objection(title('statistics'), policy.banner.gpc)) +
            formatObjectionControl(t) +
            '\n'
          : '') +
        (statistics
          ? p(t.dataControlsIntro) +
            formatVisitorDataControls(t, language, collector) +
            '\n' +
            p(t.dataControlsNote(title('statistics')))
          : '') +
        p(t.complaint),
    ),
    changes: section('changes', t.changesHeading, t.changes.map(p).join('')),
    history: section('history', t.historyHeading, historyHtml),
  }
  const version = t.version(escapeHtml(policy.version), escapeHtml(t.date(policy.effective)))
  return { intro: p(t.intro) + p(version), sections }
}

/** The contact as a link: `mailto:` for an address, the page itself for an http(s) URL. */
function formatContact(contact: string, t: PolicyPageTexts): string {
  const isUrl = /^https?:\/\//i.test(contact)
  const isEmail = !isUrl && /^[^\s@]+@[^\s@]+$/.test(contact)
  const text = escapeHtml(contact)
  const html = isUrl
    ? `<a href="${text}">${text}</a>`
    : isEmail
      ? `<a href="mailto:${text}">${text}</a>`
      : text
  return t.contactAt(html, isUrl)
}

function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code
  } catch {
    return code
  }
}

function list(items: readonly string[]): string {
  return `<ul>\n${items.map((item) => `<li>${item}</li>\n`).join('')}</ul>\n`
}

function code(name: string): string {
  return `<code>${escapeHtml(name)}</code>`
}

/** A table with a header row; cells are HTML already. */
function table(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = `<thead><tr>${columns.map((c) => `<th scope="col">${c}</th>`).join('')}</tr></thead>\n`
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>\n`).join('')
  return `<table>\n${head}<tbody>\n${body}</tbody>\n</table>\n`
}
