import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ROOT } from './server-process.js'

/** The demo's policy file, as `npm start` serves it. */
export const DEMO_POLICY = join(ROOT, 'examples/temoin.yaml')

/**
 * Builds the demo site (examples/site, Eleventy with the temoin plugin) into `out`, the way
 * `npm run demo:build` does; with `policy`, from that policy file instead of the demo's own
 * (TEMOIN_CONFIG, which examples/site/eleventy.config.js reads like the CLI does).
 *
 * @example await buildDemoSite('/tmp/site', '/tmp/temoin-v2.yaml')
 */
export async function buildDemoSite(out: string, policy = DEMO_POLICY): Promise<void> {
  const eleventy = join(ROOT, 'node_modules/@11ty/eleventy/cmd.cjs')
  await promisify(execFile)(process.execPath, [eleventy, `--output=${out}`, '--quiet'], {
    cwd: join(ROOT, 'examples/site'),
    env: { ...process.env, TEMOIN_CONFIG: policy },
  })
}
