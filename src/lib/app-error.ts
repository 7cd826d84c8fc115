/**
 * The error catalogue. Every error Témoin reports — over HTTP, on the command line, in a log —
 * has a code from this list, a message saying what was wrong and where, and a next step.
 * `docs/errors.md` documents every code; `test/errors-doc.test.ts` fails when the two drift.
 */
export const ERROR_CATALOGUE = {
  // Policy file
  POLICY_NOT_FOUND: {
    status: 500,
    fix: 'Check the path given to --config, or create temoin.yaml from examples/temoin.yaml.',
  },
  POLICY_SYNTAX: { status: 500, fix: 'Fix the YAML syntax at the line and column given.' },
  POLICY_NOT_ANNOUNCED: {
    status: 500,
    fix: 'Announce the change as the policy promises (a history entry published notice.days before its effective date; `temoin policy check FILE --previous OLD` says what is missing), and start on it from its effective date; until then, run the previous version.',
  },
  POLICY_VERSIONS_INVALID: {
    status: 500,
    fix: 'Restore policy-versions.json in the data folder from a backup; deleting it makes the next start a first one, which then checks nothing against the versions run before.',
  },
  POLICY_INVALID: {
    status: 500,
    fix: 'Correct each key listed, then run `temoin policy check FILE` again.',
  },
  // Requests to the collector
  BODY_TOO_LARGE: { status: 413, fix: 'Send a smaller body; the limits are in docs/api.md.' },
  BODY_NOT_JSON: {
    status: 400,
    fix: 'Send one JSON object as the body (Content-Type text/plain or application/json).',
  },
  CONTENT_TYPE: { status: 415, fix: 'Send the body as text/plain or application/json.' },
  TEXT_INVALID: {
    status: 400,
    fix: 'Send text as valid Unicode: no lone surrogate, control character or noncharacter (docs/api.md, "Text").',
  },
  REQUEST_INCOMPLETE: {
    status: 400,
    fix: 'Send the whole request at once: headers and a body of exactly its Content-Length, within the time limits in docs/api.md.',
  },
  REQUEST_MALFORMED: {
    status: 400,
    fix: 'Send well-formed HTTP/1.1 (request line, headers under 16 KiB, a Host header); docs/api.md has the limits.',
  },
  EVENT_INVALID: {
    status: 400,
    fix: 'Correct the field named; the event format is in docs/api.md.',
  },
  CONSENT_INVALID: {
    status: 400,
    fix: 'Correct the field named; the consent format is in docs/api.md.',
  },
  POLICY_VERSION_UNKNOWN: {
    status: 409,
    fix: 'Reload the page so that the script asks with the current policy version.',
  },
  ORIGIN_FORBIDDEN: {
    status: 403,
    fix: 'Add the site to `sites` in the policy file, or send from one of its pages.',
  },
  SITE_UNKNOWN: { status: 403, fix: 'Add the host to `sites` in the policy file.' },
  VISITOR_INVALID: {
    status: 400,
    fix: 'A visitor id is "<first deposit, unix seconds>.<32 hex digits>"; drop the cookie and let the script make a new one.',
  },
  VISITOR_EXPIRED: {
    status: 403,
    fix: 'The visitor id outlived the cookie lifetime; drop it and ask for consent again.',
  },
  RATE_LIMITED: {
    status: 429,
    fix: 'Wait for the number of seconds in Retry-After, then try again.',
  },
  NOT_FOUND: { status: 404, fix: 'Check the path; the API is described in docs/api.md.' },
  METHOD_NOT_ALLOWED: { status: 405, fix: 'Use the method listed in the Allow header.' },
  UNAUTHORIZED: {
    status: 401,
    fix: 'Send the admin token (Authorization: Bearer …) found in the data folder.',
  },
  // Dashboard and stats API authentication
  AUTH_REQUIRED: {
    status: 401,
    fix: 'Log in at /dashboard/login, or send Authorization: Bearer <token> (made by `temoin token create`).',
  },
  TOKEN_INVALID: {
    status: 401,
    fix: 'Send Authorization: Bearer <token> with a token from `temoin token create`; `temoin token list` shows the live ones.',
  },
  TOKEN_SCOPE: {
    status: 403,
    fix: 'Use a token made for this site (`temoin token create --name NAME --site DOMAIN`), or one for every site; `temoin token list` shows each token’s sites.',
  },
  LOGIN_FAILED: {
    status: 401,
    fix: 'Type the admin secret printed at the first start (or TEMOIN_ADMIN_SECRET); docs/dashboard.md says how to make a new one.',
  },
  LOGIN_RATE_LIMITED: {
    status: 429,
    fix: 'Wait for the number of seconds in Retry-After; five wrong secrets in 15 minutes lock a client out for the rest of them.',
  },
  LOGIN_BUSY: {
    status: 503,
    fix: 'Try again after the seconds in Retry-After; the server checks a few logins at a time, whatever their client, and was at its limit.',
  },
  CROSS_SITE_REFUSED: {
    status: 403,
    fix: "Send the form from the dashboard's own page; scripts use an API token instead of the login.",
  },
  ADMIN_SECRET_WEAK: {
    status: 500,
    fix: 'Set TEMOIN_ADMIN_SECRET to 16 characters or more (e.g. `openssl rand -base64 24`), or unset it to let the server make one.',
  },
  ADMIN_SECRET_INVALID: {
    status: 500,
    fix: 'Delete admin-secret.json in the data folder (the link itself, for a link): the next start makes and prints a new secret. Or point the link at the stored secret.',
  },
  TOKEN_FILE_INVALID: {
    status: 500,
    fix: 'Restore tokens.json in the data folder from a backup, or delete it and make the tokens again.',
  },
  TOKEN_UNKNOWN: {
    status: 404,
    fix: 'Run `temoin token list` for the names of the existing tokens.',
  },
  // Consent records
  RECEIPTS_QUERY_INVALID: {
    status: 400,
    fix: 'Correct the parameter named in `where`; docs/consent-records.md lists them.',
  },
  RECEIPTS_EXPORT_BROKEN: {
    status: 500,
    fix: 'Do not use this copy as proof: export the receipts again from the server (`temoin receipts export`), and compare the digest with the one printed at the export.',
  },
  // Stats API
  STATS_QUERY_INVALID: {
    status: 400,
    fix: 'Correct the parameter named in `where`; the stats API and its parameters are in docs/api.md.',
  },
  STATS_RATE_LIMITED: {
    status: 429,
    fix: 'Wait for the number of seconds in Retry-After; server.dashboard.rateLimitPerMinute sets the budget of each client (a dashboard page spends the 16 or 17 queries it makes).',
  },
  STATS_BUSY: {
    status: 503,
    fix: 'Try again after the seconds in Retry-After; if it happens often, raise server.dashboard.queryQueue (or make fewer sites public).',
  },
  // Store and server
  STORE_LOCKED: {
    status: 503,
    fix: 'Another process (usually `temoin serve`) holds the data folder; stop it, or run the command through the server.',
  },
  STORE_TOO_NEW: {
    status: 500,
    fix: 'The data folder was written by a newer Témoin; upgrade Témoin before opening it.',
  },
  ERASURE_PENDING: {
    status: 503,
    fix: 'The erasure goes on in the background: GET /api/visitor/:id shows what is left; send the same DELETE again (it is safe) until it answers 200.',
  },
  MIGRATION_LOCKED: {
    status: 503,
    fix: 'Another process is migrating the ClickHouse schema; wait for it. If none runs, remove the lock it left (DROP TABLE schema_lock in Témoin’s database) and start again.',
  },
  STORE_FAILED: {
    status: 503,
    fix: 'The event was not stored; the client may retry. Check the server log and the disk.',
  },
  STORE_MISCONFIGURED: {
    status: 500,
    fix: "The ClickHouse store's settings do not fit its server or database; the message says which, and what to change (store.clickhouse in the configuration file, docs/clickhouse.md). Nothing was written.",
  },
  STORE_UNREACHABLE: {
    status: 503,
    fix: "Nothing was acknowledged. Check that the ClickHouse server answers (its /ping), and the store's URL, database, user and password; the collector recovers by itself once it does.",
  },
  MIGRATE_MISMATCH: {
    status: 409,
    fix: 'Copy into a new ClickHouse database (temoin migrate --to clickhouse://host/NEWDB), with temoin serve stopped until the copy ends; nothing was deleted from either store.',
  },
  MIGRATE_STOPPED: {
    status: 503,
    fix: 'Run the same temoin migrate command again: it goes on after the rows already copied, without copying any twice.',
  },
  SHUTTING_DOWN: {
    status: 503,
    fix: 'The server is stopping; retry against another collector or after the restart.',
  },
  BUILD_MISSING: {
    status: 500,
    fix: 'Build Témoin first (`npm run build`; `npm ci` does it), then start again.',
  },
  // The Eleventy plugin
  TEMPLATE_TEXT_MISSING: {
    status: 500,
    fix: 'Give the words in the page\'s language to the shortcode, e.g. {% temoinObjection "de", "Ich widerspreche der Reichweitenmessung", "Vermerkt: Ihre Besuche werden nicht mehr gezählt." %} (docs/eleventy.md).',
  },
  TEMPLATE_VALUE_UNKNOWN: {
    status: 500,
    fix: 'Use one of the keys or sections listed (docs/eleventy.md, "Shortcodes"), e.g. {% temoinValue "cookies.lifetime" %}.',
  },
  PRIVACY_PAGE_CONTRADICTS: {
    status: 500,
    fix: 'Correct each line listed so that the page says what the policy does, or write the value with {% temoinValue %}; `temoin policy check FILE --page PAGE` checks the page without a build.',
  },
  LEGAL_PAGE_MISSING: {
    status: 500,
    fix: "Give in `legal[].source` the page's path inside the site's input folder, published as a page (not `permalink: false`), and for a privacy page at the address of banner.privacyUrl in its language.",
  },
  LEGAL_VERSIONS_INVALID: {
    status: 500,
    fix: "Restore legal-versions.json from the site's repository (git checkout legal-versions.json): it is the history of the legal pages, which the build only adds to.",
  },
  // Publication (temoin publish)
  RELEASE_INVALID: {
    status: 400,
    fix: 'Correct each key listed in the release spec (docs/publish.md), then run temoin publish again.',
  },
  BUDGET_EXCEEDED: {
    status: 409,
    fix: "Lower the tables' epsilon or delta, wait for the next budget window, or re-publish a release already made (it costs nothing).",
  },
  DISCLOSURE_RISK: {
    status: 409,
    fix: 'Follow the change suggested for the cell named (coarser dimensions, a longer period, fewer tables), or publish with mechanism: dp.',
  },
  LEDGER_INVALID: {
    status: 500,
    fix: 'The publication ledger in the data folder was changed or damaged; restore it from a backup — never delete it, it is what keeps the budget.',
  },
  LEDGER_BUSY: {
    status: 409,
    fix: 'Another temoin publish is running on this data folder; wait for it, or remove publications/ledger.lock if no publish runs.',
  },
  // Command line
  USAGE: { status: 400, fix: 'Run `temoin help` for the commands and their options.' },
  INTERNAL: { status: 500, fix: 'This is a bug in Témoin: report it with the server log.' },
} as const satisfies Record<string, { status: number; fix: string }>

/** Every error code Témoin can report. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE

/**
 * An error with a code from the catalogue, a message (what was wrong, and where) and an optional
 * `where` (the key, field or file position at fault).
 *
 * @example
 * throw new AppError('POLICY_INVALID', 'cookies.lifetimeMonths is 14; the CNIL maximum is 13.', { where: 'cookies.lifetimeMonths' })
 */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly where: string | undefined
  readonly details: readonly string[]

  constructor(
    code: ErrorCode,
    message: string,
    options: { where?: string; details?: readonly string[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'AppError'
    this.code = code
    this.where = options.where
    this.details = options.details ?? []
  }

  /** The HTTP status this error answers with. */
  get status(): number {
    return ERROR_CATALOGUE[this.code].status
  }

  /** What to do about it. */
  get fix(): string {
    return ERROR_CATALOGUE[this.code].fix
  }

  /** The JSON body of an HTTP error response: code, message, where — never a stack. */
  toJSON(): { code: ErrorCode; message: string; where?: string; fix: string } {
    return {
      code: this.code,
      message: this.message,
      ...(this.where === undefined ? {} : { where: this.where }),
      fix: this.fix,
    }
  }
}

/** @example if (isAppError(e) && e.code === 'STORE_LOCKED') … */
export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError
}
