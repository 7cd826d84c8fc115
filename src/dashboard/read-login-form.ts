import { readAtMost } from '../collector/read-at-most.js'
import { AppError } from '../lib/app-error.js'
import { err, ok, type Result } from '../lib/result.js'

/** A login form is one field; 4 KiB is ample and bounds what a client can make us read. */
const LIMIT_BYTES = 4096

/**
 * The `secret` field of the login form (`application/x-www-form-urlencoded`, at most 4 KiB,
 * counted while read).
 *
 * @example
 * const form = await readLoginForm(req)
 * if (!form.ok) return showError(form.error)
 */
export async function readLoginForm(req: Request): Promise<Result<string, AppError>> {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded') {
    return err(
      new AppError('CONTENT_TYPE', 'The login form is sent as application/x-www-form-urlencoded.', {
        where: 'Content-Type',
      }),
    )
  }
  const bytes = await readAtMost(req, LIMIT_BYTES)
  if (bytes === null) {
    return err(
      new AppError('BODY_TOO_LARGE', `The login form is larger than ${LIMIT_BYTES} bytes.`, {
        where: 'body',
      }),
    )
  }
  const secret = new URLSearchParams(new TextDecoder().decode(bytes)).get('secret')
  if (secret === null || secret === '') {
    return err(new AppError('LOGIN_FAILED', 'Type the admin secret.', { where: 'secret' }))
  }
  return ok(secret)
}
