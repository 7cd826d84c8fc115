import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'yaml'
import { ROOT } from './server-process.js'

/** The demo's policy file, as `npm start` serves it. */
export const DEMO_POLICY = join(ROOT, 'examples/temoin.yaml')

/**
 * Builds the demo site (examples/site, Eleventy with the temoin plugin) into `out`, the way
 * `npm run demo:build` does; with `policy`, from that policy file instead of the demo's own
 * (TEMOIN_CONFIG, which examples/site/eleventy.config.js reads like the CLI does), with a copy of
 * the demo's legal-versions.json beside it.
 *
 * @example await buildDemoSite('/tmp/site', '/tmp/temoin-v2.yaml')
 */
export async function buildDemoSite(out: string, policy = DEMO_POLICY): Promise<void> {
  // The history of the demo's legal pages travels with its policy file (the plugin reads it next
  // to the policy): a copy beside another policy, so that a build never writes the demo's own.
  const history = join(dirname(policy), 'legal-versions.json')
  if (policy !== DEMO_POLICY && !existsSync(history))
    await copyFile(join(ROOT, 'examples/legal-versions.json'), history)
  const eleventy = join(ROOT, 'node_modules/@11ty/eleventy/cmd.cjs')
  await promisify(execFile)(process.execPath, [eleventy, `--output=${out}`, '--quiet'], {
    cwd: join(ROOT, 'examples/site'),
    env: { ...process.env, TEMOIN_CONFIG: policy },
  })
}

/**
 * The demo's policy as an object, for a test that serves its own pages with it: without the
 * demo's legal pages (`legal`), which only the demo site has and whose announced change would be
 * shown on those pages too.
 */
export async function readDemoPolicy(): Promise<Record<string, unknown>> {
  const policy = parse(await readFile(DEMO_POLICY, 'utf8')) as Record<string, unknown>
  delete policy.legal
  return policy
}
