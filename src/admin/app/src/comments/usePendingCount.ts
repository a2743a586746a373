import { useEffect, useState } from 'react'
import { get } from '../api'
import { type CommentCounts, COMMENTS_CHANGED, PENDING_SEEN } from './types'

/** How many comments wait for moderation, for the nav badge; null for those who moderate nothing. */
export function usePendingCount(enabled: boolean): number | null {
  const [pending, setPending] = useState<number | null>(null)
  useEffect(() => {
    if (!enabled) return
    let alive = true
    const load = () => get<CommentCounts>('/admin/api/comment-counts').then((c) => alive && setPending(c.pending), () => {})
    const seen = (e: Event) => setPending((e as CustomEvent<number>).detail)
    void load()
    window.addEventListener(COMMENTS_CHANGED, load)
    window.addEventListener(PENDING_SEEN, seen)
    return () => {
      alive = false
      window.removeEventListener(COMMENTS_CHANGED, load)
      window.removeEventListener(PENDING_SEEN, seen)
    }
  }, [enabled])
  return pending
}
