import { useEffect, useState } from 'react'
import { get } from '../api'
import { type CommentCounts, COMMENTS_CHANGED } from './types'

/** How many comments wait for moderation, for the nav badge; null for those who moderate nothing. */
export function usePendingCount(enabled: boolean): number | null {
  const [pending, setPending] = useState<number | null>(null)
  useEffect(() => {
    if (!enabled) return
    let alive = true
    const load = () => get<CommentCounts>('/admin/api/comment-counts').then((c) => alive && setPending(c.pending), () => {})
    void load()
    window.addEventListener(COMMENTS_CHANGED, load)
    return () => {
      alive = false
      window.removeEventListener(COMMENTS_CHANGED, load)
    }
  }, [enabled])
  return pending
}
