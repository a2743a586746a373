export interface DayActivity {
  day: string
  posts: number
  comments: number
}

import { useEffect, useRef, useState } from 'react'

const H = 170
const PAD = { top: 12, right: 8, bottom: 22, left: 28 }

/** Posts per day as bars and comments per day as a line, over 30 days: plain SVG, with a text summary for screen readers. */
export function ActivityChart({ data }: { data: DayActivity[] }) {
  // Drawn at the width it is shown, so text and lines keep their size on any screen.
  const ref = useRef<HTMLElement>(null)
  const [W, setW] = useState(600)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const observer = new ResizeObserver(([entry]) => entry && setW(Math.max(240, Math.round(entry.contentRect.width))))
    observer.observe(el)
    return () => observer.disconnect()
  }, [])
  const max = Math.max(1, ...data.map((d) => Math.max(d.posts, d.comments)))
  const top = niceMax(max)
  const innerW = W - PAD.left - PAD.right
  const innerH = H - PAD.top - PAD.bottom
  const step = innerW / Math.max(data.length, 1)
  const y = (v: number) => PAD.top + innerH - (v / top) * innerH
  const totalPosts = data.reduce((s, d) => s + d.posts, 0)
  const totalComments = data.reduce((s, d) => s + d.comments, 0)
  const line = data.map((d, i) => `${i ? 'L' : 'M'}${(PAD.left + step * i + step / 2).toFixed(1)},${y(d.comments).toFixed(1)}`).join(' ')
  const label = `Over the last ${data.length} days: ${totalPosts} post${totalPosts === 1 ? '' : 's'} published and ${totalComments} comment${totalComments === 1 ? '' : 's'} received.`
  const ticks = [0, top / 2, top]
  const dayLabel = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' })
  return (
    <figure className="chart" ref={ref}>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={label}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="chart-grid" />
            <text x={PAD.left - 6} y={y(t) + 4} className="chart-axis" textAnchor="end">
              {Number.isInteger(t) ? t : t.toFixed(1)}
            </text>
          </g>
        ))}
        {data.map((d, i) => {
          const h = (d.posts / top) * innerH
          return (
            <rect key={d.day} x={PAD.left + step * i + step * 0.18} y={PAD.top + innerH - h} width={step * 0.64} height={Math.max(h, 0)} rx={2} className="chart-bar">
              <title>{`${dayLabel(d.day)}: ${d.posts} posts, ${d.comments} comments`}</title>
            </rect>
          )
        })}
        <path d={line} className="chart-line" />
        {data.length > 0 && (
          <>
            <text x={PAD.left} y={H - 6} className="chart-axis">{dayLabel(data[0]!.day)}</text>
            <text x={W - PAD.right} y={H - 6} className="chart-axis" textAnchor="end">{dayLabel(data[data.length - 1]!.day)}</text>
          </>
        )}
      </svg>
      <figcaption className="chart-legend">
        <span><i className="key key-bar" aria-hidden="true" /> Posts published ({totalPosts})</span>
        <span><i className="key key-line" aria-hidden="true" /> Comments ({totalComments})</span>
      </figcaption>
    </figure>
  )
}

function niceMax(max: number): number {
  if (max <= 4) return 4
  const magnitude = 10 ** Math.floor(Math.log10(max))
  for (const m of [1, 2, 2.5, 5, 10]) if (m * magnitude >= max) return m * magnitude
  return 10 * magnitude
}
