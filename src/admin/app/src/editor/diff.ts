/** One run of words in a diff: kept, added (only in the newer text) or removed (only in the older). */
export interface DiffPart {
  kind: 'same' | 'added' | 'removed'
  text: string
}

/** Words and the spaces between them, so that joining the parts gives the text back. */
const tokens = (text: string) => text.match(/\s+|[^\s]+/g) ?? []

/** The longest common subsequence table is at most this many cells; past that the middle is shown as replaced. */
const MAX_CELLS = 4_000_000

/**
 * A word diff of two texts (what changed from `before` to `after`): the common start and end are cut off, and
 * the middle is compared word by word (longest common subsequence), as WordPress's revisions screen shows.
 */
export function diffWords(before: string, after: string): DiffPart[] {
  const a = tokens(before)
  const b = tokens(after)
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) (endA--, endB--)
  const out: DiffPart[] = []
  const push = (kind: DiffPart['kind'], text: string) => {
    if (!text) return
    const last = out[out.length - 1]
    if (last && last.kind === kind) last.text += text
    else out.push({ kind, text })
  }
  push('same', a.slice(0, start).join(''))
  const midA = a.slice(start, endA)
  const midB = b.slice(start, endB)
  if ((midA.length + 1) * (midB.length + 1) > MAX_CELLS) {
    push('removed', midA.join(''))
    push('added', midB.join(''))
  } else {
    const n = midA.length
    const m = midB.length
    const lcs = new Uint32Array((n + 1) * (m + 1))
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * (m + 1) + j] = midA[i] === midB[j] ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!)
      }
    }
    let i = 0
    let j = 0
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) (push('same', midA[i++]!), j++)
      // What went comes before what replaced it, as diffs are read.
      else if (i < n && (j === m || lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!)) push('removed', midA[i++]!)
      else push('added', midB[j++]!)
    }
  }
  push('same', a.slice(endA).join(''))
  return out
}

/** The words of post HTML, one line per block, for a diff a person can read. */
export function textOfHtml(html: string, parse: (html: string) => string): string {
  const spaced = html.replace(/<\/(p|h[1-6]|li|blockquote|figcaption|pre|tr|figure)>/gi, '$&\n').replace(/<br\s*\/?>/gi, '\n').replace(/<\/t[dh]>/gi, '$& ')
  return parse(spaced).replace(/[ \t]+\n/g, '\n').replace(/\n{2,}/g, '\n').trim()
}

/** Words added and removed, for a summary such as "+12 −3 words". */
export function countChanges(parts: readonly DiffPart[]): { added: number; removed: number } {
  const words = (t: string) => t.split(/\s+/).filter(Boolean).length
  return {
    added: parts.filter((p) => p.kind === 'added').reduce((n, p) => n + words(p.text), 0),
    removed: parts.filter((p) => p.kind === 'removed').reduce((n, p) => n + words(p.text), 0),
  }
}
