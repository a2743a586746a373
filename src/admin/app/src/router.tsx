import { type AnchorHTMLAttributes, createContext, type MouseEvent, type ReactNode, useCallback, useContext, useEffect, useState } from 'react'

interface Location {
  path: string
  search: URLSearchParams
  /** A fresh key for each visit (kept by `keepKey`), so a screen can start over when revisited. */
  key: string
}

interface RouterValue {
  location: Location
  navigate: (to: string, options?: { replace?: boolean; keepKey?: boolean }) => void
}

const read = (): Location => ({
  path: window.location.pathname.replace(/\/+$/, '') || '/',
  search: new URLSearchParams(window.location.search),
  key: String((window.history.state as { key?: string } | null)?.key ?? 'initial'),
})
let visits = 0
const RouterContext = createContext<RouterValue | null>(null)

/** A small history router: the admin has a handful of screens and needs no routing library. */
export function Router({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(read)
  useEffect(() => {
    const onPop = () => setLocation(read())
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [])
  const navigate = useCallback((to: string, { replace = false, keepKey = false } = {}) => {
    const state = { key: keepKey ? read().key : `v${++visits}` }
    if (replace) window.history.replaceState(state, '', to)
    else window.history.pushState(state, '', to)
    setLocation(read())
    if (!replace) window.scrollTo(0, 0)
  }, [])
  return <RouterContext.Provider value={{ location, navigate }}>{children}</RouterContext.Provider>
}

export function useRouter(): RouterValue {
  const value = useContext(RouterContext)
  if (!value) throw new Error('useRouter outside <Router>')
  return value
}

/** Matches `/admin/posts/:id` against a path; returns the named parts, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const names: string[] = []
  const re = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, n: string) => (names.push(n), '([^/]+)'))}$`)
  const m = re.exec(path)
  if (!m) return null
  return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]))
}

export function Link({ to, onClick, children, ...rest }: { to: string; children: ReactNode } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const { navigate } = useRouter()
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e)
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || rest.target) return
    e.preventDefault()
    navigate(to)
  }
  return (
    <a href={to} onClick={handle} {...rest}>
      {children}
    </a>
  )
}
