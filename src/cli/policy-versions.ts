import type { RunVersion } from '../policy/admit-policy.js'
import { AppError } from '../lib/app-error.js'
import { readPrivateJson, writePrivateJson } from '../lib/private-json-file.js'

/**
 * The versions of the policy a server ran on this data folder, oldest first (`policy-versions.json`);
 * none when the file does not exist yet.
 *
 * @example const versions = await readRunVersions('.data/policy-versions.json')
 */
export async function readRunVersions(file: string): Promise<RunVersion[]> {
  const read = await readPrivateJson(file)
  if (read === undefined) return []
  const parsed = read.value
  const isVersion = (v: unknown): v is RunVersion => {
    const r = v as Partial<Record<keyof RunVersion, unknown>> | null
    return (
      typeof r === 'object' &&
      r !== null &&
      typeof r.version === 'string' &&
      typeof r.firstRun === 'string' &&
      typeof r.policy === 'object' &&
      r.policy !== null
    )
  }
  if (!Array.isArray(parsed) || !parsed.every(isVersion))
    throw new AppError('POLICY_VERSIONS_INVALID', `${file} is not a list of policy versions.`, {
      where: file,
    })
  return parsed
}

/**
 * Writes the list of versions run (mode 0600, replaced atomically: a crash leaves the old list or
 * the new one, never half of one).
 *
 * @example await writeRunVersions('.data/policy-versions.json', [...versions, next])
 */
export async function writeRunVersions(
  file: string,
  versions: readonly RunVersion[],
): Promise<void> {
  await writePrivateJson(file, versions)
}
