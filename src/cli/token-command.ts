import { randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import { createApiToken, listApiTokens, revokeApiToken } from '../auth/token-file.js'
import { AppError } from '../lib/app-error.js'
import { systemClock } from '../lib/clock.js'
import { loadConfig } from '../policy/load-config.js'
import { dataPaths } from './data-dir.js'
import type { Io } from './io.js'
import type { CommonOptions } from './options.js'

/**
 * `temoin token create --name NAME [--site DOMAIN]…`: API tokens for scripts reading the stats
 * API (`Authorization: Bearer <token>`), for every site or, with `--site`, for those sites of the
 * policy only (checked against the policy file). A token is printed once; the data folder keeps
 * its SHA-256 only (`tokens.json`, mode 0600). A running server re-reads the file when it
 * changes, so a token works — and a revoked one stops working — from its next request on.
 *
 * @example await tokenCreateCommand({ name: 'client-a', sites: ['example.org'] }, { config: 'temoin.yaml', data: '.data' }, io)
 */
export async function tokenCreateCommand(
  wanted: { readonly name: string; readonly sites?: readonly string[] },
  common: CommonOptions,
  io: Io,
): Promise<number> {
  const { name } = wanted
  const sites = wanted.sites?.map((s) => s.toLowerCase())
  if (sites !== undefined) {
    const domains = (await loadConfig(resolve(io.cwd, common.config))).policy.sites.map(
      (s) => s.domain,
    )
    const unknown = sites.find((s) => !domains.includes(s))
    if (unknown !== undefined)
      throw new AppError('USAGE', `"${unknown}" is not a site of ${common.config}.`, {
        where: '--site',
        details: [`Its sites: ${domains.join(', ')}.`],
      })
  }
  const paths = dataPaths(resolve(io.cwd, common.data))
  await mkdir(paths.dir, { recursive: true, mode: 0o700 })
  const { token } = await createApiToken({
    file: paths.tokens,
    name,
    clock: systemClock,
    randomBytes: (n) => randomBytes(n),
    ...(sites === undefined ? {} : { sites }),
  })
  io.stdout.write(
    [
      `API token "${name}" for ${sites === undefined ? 'every site' : sites.join(', ')} (shown this once; only its hash is kept in ${paths.tokens}):`,
      '',
      `    ${token}`,
      '',
      'Send it as: Authorization: Bearer <token>   e.g.',
      `    curl -H "Authorization: Bearer ${token}" "http://127.0.0.1:8080/api/stats/summary?site=…"`,
      `Revoke it with: temoin token revoke ${name}`,
      '',
    ].join('\n'),
  )
  return 0
}

/** `temoin token list`: each token's name, creation date and sites, never the token. */
export async function tokenListCommand(
  common: Pick<CommonOptions, 'data'>,
  io: Io,
): Promise<number> {
  const tokens = await listApiTokens(dataPaths(resolve(io.cwd, common.data)).tokens)
  if (tokens.length === 0) io.stdout.write('no API tokens\n')
  for (const t of tokens)
    io.stdout.write(
      `${t.name}\tcreated ${t.created}\treads ${t.sites === undefined ? 'every site' : t.sites.join(', ')}\n`,
    )
  return 0
}

/** `temoin token revoke NAME`: refused from its next request on. */
export async function tokenRevokeCommand(
  name: string,
  common: Pick<CommonOptions, 'data'>,
  io: Io,
): Promise<number> {
  await revokeApiToken({ file: dataPaths(resolve(io.cwd, common.data)).tokens, name })
  io.stdout.write(`revoked API token "${name}"\n`)
  return 0
}
