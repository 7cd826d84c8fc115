import uPlot from 'uplot'

/** The JSON the page carries in #series-data. */
interface SeriesData {
  readonly interval: string
  /** The label of the time axis, in the page's language. */
  readonly timeLabel: string
  readonly times: readonly number[]
  readonly series: readonly { key: string; label: string; values: readonly (number | null)[] }[]
}

/** The three lines' colours, read from the stylesheet so that dark mode changes them. */
const COLOR_VARS = ['--series-1', '--series-2', '--series-3']

/**
 * Draws the time series with uPlot from the page's JSON, sized to its box; redrawn when the box
 * is resized or the colour scheme changes (the colours come from CSS custom properties).
 *
 * @example drawSeries(document)
 */
export function drawSeries(root: Document): void {
  const box = root.getElementById('series-chart')
  const json = root.getElementById('series-data')?.textContent
  if (!box || !json) return
  const data = JSON.parse(json) as SeriesData
  let chart: uPlot | undefined
  const draw = () => {
    chart?.destroy()
    const style = getComputedStyle(box)
    const color = (name: string) => style.getPropertyValue(name).trim() || 'currentColor'
    const axis = {
      stroke: color('--text'),
      grid: { stroke: color('--grid') },
      ticks: { stroke: color('--grid') },
    }
    const width = Math.max(240, box.clientWidth)
    chart = new uPlot(
      {
        width,
        height: width < 500 ? 200 : 280,
        // Times are UTC days or hours: shown in UTC, like every date on the page.
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        scales: { x: { time: true } },
        axes: [axis, axis],
        series: [
          { label: data.timeLabel },
          ...data.series.map((s, i) => ({
            label: s.label,
            stroke: color(COLOR_VARS[i] ?? '--text'),
            width: 2,
            points: { show: data.times.length < 60 },
          })),
        ],
      },
      [data.times as number[], ...data.series.map((s) => s.values as (number | null)[])],
      box,
    )
  }
  draw()
  let pending = 0
  new ResizeObserver(() => {
    cancelAnimationFrame(pending)
    pending = requestAnimationFrame(() => {
      if (chart && Math.abs(chart.width - box.clientWidth) > 4) draw()
    })
  }).observe(box)
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', draw)
}
