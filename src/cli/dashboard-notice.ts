import type { AdminSecret } from '../auth/admin-secret.js'

/**
 * What `serve` and `demo` print about the dashboard: its URL and, only on the start that made
 * it, the admin secret, with how to use it and how to replace it (it is never shown again).
 *
 * @example io.stdout.write(dashboardNotice(server.url, server.adminSecret, paths.adminSecret))
 */
export function dashboardNotice(url: string, secret: AdminSecret, secretFile: string): string {
  const lines = [`Dashboard: ${url}/dashboard`]
  if (secret.source === 'created') {
    lines.push(
      '',
      'Admin secret for the dashboard (shown this once; only its scrypt hash is kept):',
      '',
      `    ${secret.secret}`,
      '',
      `Log in at ${url}/dashboard/login with it. To use your own instead, set TEMOIN_ADMIN_SECRET`,
      `(16+ characters; it takes precedence over ${secretFile}); to make a new one, delete`,
      'that file and restart. Scripts use API tokens: temoin token create --name NAME',
      '',
    )
  } else if (secret.source === 'env') {
    lines.push('  (log in with the secret in TEMOIN_ADMIN_SECRET)')
  }
  return `${lines.join('\n')}\n`
}
