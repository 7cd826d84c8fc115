import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { Presets, SingleBar } from 'cli-progress'
import { AppError, isAppError } from '../lib/app-error.js'
import { loadReleaseSpec } from '../publish/load-release-spec.js'
import { publishRelease } from '../publish/publish-release.js'
import type { PublishProgress, PublishResult } from '../publish/publish-release.js'
import { writeReleaseFiles } from '../publish/write-release-files.js'
import type { Store } from '../store/store.js'
import { callAdminApi } from './call-admin-api.js'
import { dataPaths, openDataStore } from './data-dir.js'
import type { Io } from './io.js'
import { loadCommandConfig } from './store-option.js'
import type { CommonOptions } from './options.js'

/**
 * `temoin publish --spec release.yaml [--out DIR]`: publishes the release the spec describes
 * (docs/publish.md) from the data folder, records it in the ledger (`<data>/publications`) and
 * writes its CSV, Parquet, sidecar and figures page into DIR (default `figures/<name>`). A spec
 * already published is re-served, costing nothing. A refusal (budget, disclosure risk, bad spec)
 * says which cell or key, which rule and what to change. While `temoin serve` holds the data
 * folder (DuckDB lets one process open the file), the server publishes it through its admin API
 * (with its policy and the folder's ledger), and the files are written here.
 *
 * @example await publishCommand({ config: 'temoin.yaml', data: '.data', spec: 'release.yaml' }, io)
 */
export async function publishCommand(
  options: CommonOptions & { readonly spec: string; readonly out?: string },
  io: Io,
): Promise<number> {
  const common = options
  const values = options
  const config = await loadCommandConfig(common, io)
  const spec = await loadReleaseSpec(resolve(io.cwd, values.spec), config.policy)
  const paths = dataPaths(resolve(io.cwd, common.data))
  const outOption = typeof values.out === 'string' ? values.out : undefined
  let store: Store
  try {
    store = await openDataStore(paths.dir, config.store, io.env, (line) =>
      io.stderr.write(`${line}\n`),
    )
  } catch (e) {
    if (!isAppError(e) || e.code !== 'STORE_LOCKED') throw e
    // The server holds the data folder: it publishes, with its policy and the folder's ledger.
    io.stderr.write(`temoin publish: the server holds ${paths.dir}; publishing through it…\n`)
    const { url, answer } = await callAdminApi(paths.serverInfo, e, '/api/admin/publish', {
      spec: await readFile(resolve(io.cwd, values.spec), 'utf8'),
      source: values.spec,
    })
    const body = answer as Partial<PublishResult>
    if (!body.release || typeof body.reServed !== 'boolean')
      throw new AppError('INTERNAL', `the server at ${url} answered without the release`)
    const result = {
      release: body.release,
      reServed: body.reServed,
      ...(Array.isArray(body.budgetNow) ? { budgetNow: body.budgetNow } : {}),
    }
    return report(io, result, ` through the running server (${url})`, outOption, spec.name)
  }
  const bar = io.stderr.isTTY
    ? new SingleBar(
        { format: '{step} [{bar}] {value}/{total}', stream: io.stderr as NodeJS.WriteStream },
        Presets.shades_classic,
      )
    : undefined
  let started = false
  const onProgress = (p: PublishProgress) => {
    if (!bar) return
    if (!started) bar.start(p.total, p.done, { step: p.step })
    started = true
    bar.setTotal(p.total)
    bar.update(p.done, { step: p.step })
  }
  let result: PublishResult
  try {
    result = await publishRelease(store, spec, {
      policy: config.policy,
      ledgerDir: paths.publications,
      onProgress,
    })
  } finally {
    bar?.stop()
    await store.close()
  }
  return report(io, result, '', outOption, spec.name)
}

/** Writes the release's files and says what was published. */
async function report(
  io: Io,
  result: Pick<PublishResult, 'release' | 'reServed' | 'budgetNow'>,
  via: string,
  outOption: string | undefined,
  name: string,
): Promise<number> {
  const { release, reServed } = result
  const out = resolve(io.cwd, outOption ?? `figures/${name}`)
  const files = await writeReleaseFiles(release, reServed, out)
  io.stdout.write(
    reServed
      ? `${release.name}: re-served from the ledger${via} (published ${release.createdAt}); no budget spent\n`
      : `${release.name}: published${via} (${release.mechanism === 'dp' ? 'differential privacy' : 'exact counts, audited'})\n`,
  )
  for (const t of release.tables) {
    const withheld = t.cells.filter((c) => c.value === null).length
    io.stdout.write(
      `  ${t.name}: ${t.cells.length} cells${withheld ? `, ${withheld} withheld` : ''}\n`,
    )
  }
  // A re-served release spent nothing now: the budget shown is what is left today.
  for (const w of result.budgetNow ?? release.budget?.windows ?? [])
    io.stdout.write(
      `  budget ${w.window}${reServed ? ' now' : ''}: ε ${w.epsilonSpent} spent, ${w.epsilonLeft} left; δ ${w.deltaSpent} spent\n`,
    )
  if (release.audit)
    io.stdout.write(
      `  audit: ${release.audit.primary} primary, ${release.audit.secondary} secondary suppressions, ${release.audit.solves} LPs, linked to ${release.audit.linkedReleases.length} earlier release(s)\n`,
    )
  io.stdout.write(`  files: ${files.join(', ')}\n`)
  return 0
}
