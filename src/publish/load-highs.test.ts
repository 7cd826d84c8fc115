import { expect, it } from 'vitest'
import { loadHighs } from './load-highs.js'

// Loading the WebAssembly solver takes about 0.3 s: every release of a process shares one.
it('loads the solver once per process, and it solves', async () => {
  const [a, b] = await Promise.all([loadHighs(), loadHighs()])
  expect(a).toBe(b)
  expect(await loadHighs()).toBe(a)
  const result = a.solve('Maximize\n obj: x\nSubject To\n c: x + y = 3\nEnd')
  expect(result).toMatchObject({ Status: 'Optimal', ObjectiveValue: 3 })
})
