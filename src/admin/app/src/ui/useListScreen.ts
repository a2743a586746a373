import { type FormEvent, type ReactNode, useCallback, useEffect, useState } from 'react'
import { errorMessage } from '../api'
import { useRouter } from '../router'
import { useSession } from '../session'

/** One page of a list as a screen shows it. */
export interface ListPage<T> {
  items: T[]
  total: number
  pages: number
}

type Change = string | number | null

interface Options<T> {
  /** The screen's address, e.g. `/admin/comments`. */
  path: string
  /** The document title's first part, e.g. "Comments". */
  title: string
  /** Values the address leaves out when a parameter is set to them (`paged: 1` always). */
  defaults?: Record<string, string | number>
  /**
   * Fetches what the address asks for. Runs again when it changes (memoise it on what it reads) and after
   * `act` or `refresh`; its signal aborts when a newer load starts.
   */
  load: (signal: AbortSignal) => Promise<ListPage<T>>
  /** Shows the spinner again while a new load runs, instead of the rows it replaces. */
  blankWhileLoading?: boolean
}

/** A REST list answer → a page (`X-WP-Total`, `X-WP-TotalPages`). */
export const pageOf = <T>({ data, headers }: { data: T[]; headers: Headers }): ListPage<T> => ({
  items: data,
  total: Number(headers.get('x-wp-total') ?? data.length),
  pages: Number(headers.get('x-wp-totalpages') ?? 1),
})

/** The search (`s`) and page (`paged`, from 1) a list's address asks for: what a screen's `load` reads with its filters. */
export function listAddress(params: URLSearchParams): { search: string; page: number } {
  return { search: params.get('s') ?? '', page: Math.max(1, Number(params.get('paged') ?? 1) || 1) }
}

/**
 * What the admin's list screens share: list state in the address (search `s`, page `paged`, filters), a page
 * fetched as it says, the search box that follows typing, the messages of actions, and the rows chosen for a
 * bulk action (cleared when new rows come).
 */
export function useListScreen<T extends { id: number }>({ path, title, defaults, load, blankWhileLoading = false }: Options<T>) {
  const { boot } = useSession()
  const { location, navigate } = useRouter()
  const params = location.search
  const { search, page } = listAddress(params)
  const [query, setQuery] = useState(search)
  const [result, setResult] = useState<ListPage<T> | null>(null)
  const [selected, setSelected] = useState<Set<number>>(new Set())
  const [error, setError] = useState('')
  const [message, setMessage] = useState<ReactNode>('')
  const [reload, setReload] = useState(0)
  const paramDefaults = JSON.stringify(defaults ?? {})

  /** Changes the address's list state (a parameter set to null, '' or its default leaves the address). */
  const go = useCallback(
    (changes: Record<string, Change>) => {
      const omit: Record<string, string | number> = { paged: 1, ...(JSON.parse(paramDefaults) as Record<string, string | number>) }
      const next = new URLSearchParams(params)
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === '' || v === omit[k]) next.delete(k)
        else next.set(k, String(v))
      }
      const qs = next.toString()
      navigate(`${path}${qs ? `?${qs}` : ''}`, { replace: true, keepKey: true })
    },
    [params, navigate, path, paramDefaults],
  )

  useEffect(() => {
    document.title = `${title} · ${boot.site.title}`
  }, [boot.site.title, title])

  useEffect(() => {
    const ctrl = new AbortController()
    if (blankWhileLoading) setResult(null)
    setError('')
    load(ctrl.signal).then(
      (next) => {
        setResult(next)
        setSelected(new Set())
      },
      (err: Error) => err.name !== 'AbortError' && setError(errorMessage(err)),
    )
    return () => ctrl.abort()
  }, [load, reload, blankWhileLoading])

  // Typing searches after a short pause; the address keeps the search so Back returns to it.
  useEffect(() => {
    if (query === search) return
    const t = setTimeout(() => go({ s: query.trim(), paged: 1 }), 350)
    return () => clearTimeout(t)
  }, [query, search, go])

  const submitSearch = (e: FormEvent) => {
    e.preventDefault()
    go({ s: query.trim(), paged: 1 })
  }

  const refresh = useCallback(() => setReload((n) => n + 1), [])

  /** Runs an action, then says `done` and loads the list again; says what went wrong instead. True when it worked. */
  const act = async (done: ReactNode, work: () => Promise<unknown>): Promise<boolean> => {
    setMessage('')
    setError('')
    try {
      await work()
      setMessage(done)
      refresh()
      return true
    } catch (err) {
      setError(errorMessage(err))
      return false
    }
  }

  const rows = result?.items ?? []
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id))
  const select = (id: number, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s)
      if (on) next.add(id)
      else next.delete(id)
      return next
    })
  const selectAll = (on: boolean) => setSelected(on ? new Set(rows.map((r) => r.id)) : new Set())

  return {
    params, search, page, go, query, setQuery, submitSearch,
    result, setResult, rows, refresh, reloads: reload, error, setError, message, setMessage, act,
    selected, select, selectAll, allSelected,
  }
}
