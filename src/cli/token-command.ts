import { randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import { createApiToken, listApiTokens, revokeApiToken } from '../auth/token-file.js'
import { AppError } from '../lib/app-error.js'
import { systemClock } from '../lib/clock.js'
import { dataPaths } from './data-dir.js'
import type { Io } from './io.js'
import { parseCommandArgs } from './run.js'

/**
 * `temoin token create --name NAME | list | revoke NAME`: API tokens for scripts reading the
 * stats API (`Authorization: Bearer <token>`). A token is printed once; the data folder keeps
 * its SHA-256 only (`tokens.json`, mode 0600). A running server re-reads the file when it
 * changes, so a token works — and a revoked one stops working — from its next request on.
 *
 * @example await tokenCommand(['create', '--name', 'ci', '--data', '.data'], io)
 */
export async function tokenCommand(args: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'create') {
    const { values, common } = parseCommandArgs(rest, { name: { type: 'string' } }, io)
    if (typeof values.name !== 'string') {
      throw new AppError('USAGE', 'temoin token create needs --name NAME (e.g. --name ci)')
    }
    const paths = dataPaths(resolve(io.cwd, common.data))
    await mkdir(paths.dir, { recursive: true, mode: 0o700 })
    const { token } = await createApiToken({
      file: paths.tokens,
      name: values.name,
      clock: systemClock,
      randomBytes: (n) => randomBytes(n),
    })
    io.stdout.write(
      [
        `API token "${values.name}" (shown this once; only its hash is kept in ${paths.tokens}):`,
        '',
        `    ${token}`,
        '',
        'Send it as: Authorization: Bearer <token>   e.g.',
        `    curl -H "Authorization: Bearer ${token}" "http://127.0.0.1:8080/api/stats/summary?site=…"`,
        `Revoke it with: temoin token revoke ${values.name}`,
        '',
      ].join('\n'),
    )
    return 0
  }
  if (sub === 'list') {
    const { common } = parseCommandArgs(rest, {}, io)
    const tokens = await listApiTokens(dataPaths(resolve(io.cwd, common.data)).tokens)
    if (tokens.length === 0) io.stdout.write('no API tokens\n')
    for (const t of tokens) io.stdout.write(`${t.name}\tcreated ${t.created}\n`)
    return 0
  }
  if (sub === 'revoke') {
    const { positionals, common } = parseCommandArgs(rest, {}, io, 1)
    const name = positionals[0]
    if (name === undefined) throw new AppError('USAGE', 'temoin token revoke needs the token name')
    await revokeApiToken({ file: dataPaths(resolve(io.cwd, common.data)).tokens, name })
    io.stdout.write(`revoked API token "${name}"\n`)
    return 0
  }
  throw new AppError(
    'USAGE',
    `unknown token command "${sub ?? ''}"; try: temoin token create --name NAME, temoin token list, temoin token revoke NAME`,
  )
}
