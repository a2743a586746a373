import type { ReactNode } from 'react'

/** Under a list of the library: how many items show out of how many, and a button for the next page while there are more. */
export function LoadMore({ shown, total, status, loading, onMore, className = 'muted' }: {
  shown: number
  total: number
  /** What the status line says, e.g. "Showing 40 of 120 media items". */
  status: ReactNode
  loading: boolean
  onMore: () => void
  className?: string
}) {
  return (
    <div className="load-more">
      <p className={className} role="status">
        {status}
      </p>
      {shown < total && (
        <button type="button" className="btn" disabled={loading} onClick={onMore}>
          {loading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </div>
  )
}
