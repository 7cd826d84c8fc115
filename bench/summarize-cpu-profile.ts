/** The fields of a V8 .cpuprofile this module reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number
    readonly callFrame: {
      readonly functionName: string
      readonly url: string
      readonly lineNumber: number
    }
  }[]
  /** Node id of each sample. */
  readonly samples: readonly number[]
  /** µs since the previous sample. */
  readonly timeDeltas: readonly number[]
}

/** A share of the profile's time. */
export interface ProfileShare {
  readonly name: string
  /** Share of all samples, 0–1. */
  readonly share: number
}

/**
 * Where a process spent its time, from a V8 CPU profile (`node --cpu-prof`): self time grouped
 * by where the code lives (an npm package, a file of ours, Node's internals, native code such
 * as DuckDB's, idle, garbage collection), and the heaviest functions. Shares of the total.
 *
 * @example summarizeCpuProfile(JSON.parse(await readFile('CPU.cpuprofile', 'utf8'))).byPlace[0] // { name: 'idle', share: 0.31 }
 */
export function summarizeCpuProfile(
  profile: CpuProfile,
  top = 12,
): { readonly byPlace: ProfileShare[]; readonly byFunction: ProfileShare[] } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]))
  const byPlace = new Map<string, number>()
  const byFunction = new Map<string, number>()
  let total = 0
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)
    const dt = profile.timeDeltas[i] ?? 0
    if (!frame || dt <= 0) return
    total += dt
    const place = placeOf(frame.url, frame.functionName)
    byPlace.set(place, (byPlace.get(place) ?? 0) + dt)
    const fn = `${frame.functionName || '(anonymous)'} (${place}${frame.url ? `:${frame.lineNumber + 1}` : ''})`
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt)
  })
  const shares = (m: Map<string, number>) =>
    [...m]
      .map(([name, t]) => ({ name, share: total > 0 ? t / total : 0 }))
      .sort((a, b) => b.share - a.share)
      .slice(0, top)
  return { byPlace: shares(byPlace), byFunction: shares(byFunction) }
}

/** An npm package, a source file of the project, or a kind of time V8 names itself. */
function placeOf(url: string, functionName: string): string {
  if (url === '') {
    // V8's own pseudo-frames: (idle), (garbage collector), (program) = native code and the loop.
    return functionName.startsWith('(') ? functionName.slice(1, -1) : 'native'
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg) return pkg[1]!
  if (url.startsWith('node:')) return 'node internals'
  const own = /\/(?:dist|src)\/(.+?)(?:\.js|\.ts)?$/.exec(url)
  return own ? `temoin ${own[1]}` : url
}
