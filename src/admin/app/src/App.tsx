import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react'
import { ApiError, request, setTokens, whenSignedOut } from './api'
import { LostPassword } from './auth/LostPassword'
import { Login } from './auth/Login'
import { Setup } from './auth/Setup'
import { type Boot, can } from './boot'
import { Dashboard } from './dashboard/Dashboard'
import { MediaLibrary } from './media/MediaLibrary'
import { PostsList } from './posts/PostsList'
import { CommentsScreen } from './comments/CommentsScreen'
import { UsersScreen } from './users/UsersScreen'
import { ProfileScreen } from './users/ProfileScreen'
import { ResetPassword } from './users/ResetPassword'
import { match, Router, useRouter } from './router'
import { SessionContext, type SessionValue } from './session'
import { Shell } from './shell/Shell'
import { Forbidden, NotFound } from './shell/Missing'
import { TermsScreen } from './terms/TermsScreen'
import { Tools } from './tools/Tools'
import { Spinner } from './ui/Notice'

// The editor (TipTap and ProseMirror) is the heaviest part: it loads only when someone opens a post.
const EditorScreen = lazy(() => import('./editor/EditorScreen'))
const SettingsScreen = lazy(() => import('./settings/SettingsScreen'))

export function App({ initial }: { initial: Boot }) {
  return (
    <Router>
      <Screens initial={initial} />
    </Router>
  )
}

function Screens({ initial }: { initial: Boot }) {
  const [boot, setBoot] = useState(initial)
  const { location, navigate } = useRouter()
  setTokens({ nonce: boot.nonce, csrf: boot.csrf })

  const signedIn = useCallback(
    (next: Boot) => {
      setTokens({ nonce: next.nonce, csrf: next.csrf })
      setBoot(next)
      const to = location.search.get('redirect_to')
      navigate(to && to.startsWith('/admin') && !to.startsWith('//') ? to : '/admin', { replace: true })
    },
    [location.search, navigate],
  )

  const signOut = useCallback(async () => {
    try {
      await request('/admin/api/logout', { method: 'POST' })
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err
    }
    setBoot((b) => ({ ...b, user: null, nonce: null }))
    setTokens({ nonce: null })
    navigate('/admin/login?signed_out=1', { replace: true })
  }, [navigate])

  useEffect(() => {
    whenSignedOut(() => {
      setBoot((b) => ({ ...b, user: null, nonce: null }))
      navigate(`/admin/login?redirect_to=${encodeURIComponent(window.location.pathname)}`, { replace: true })
    })
  }, [navigate])

  const path = location.path
  useEffect(() => {
    if (!boot.installed && path !== '/admin/setup') navigate('/admin/setup', { replace: true })
    else if (boot.installed && !boot.user && !['/admin/login', '/admin/lost-password', '/admin/reset-password'].includes(path)) navigate('/admin/login', { replace: true })
    else if (boot.user && ['/admin/login', '/admin/setup'].includes(path)) navigate('/admin', { replace: true })
  }, [boot, path, navigate])

  const updateSite = useCallback((changes: Partial<Boot['site']>) => setBoot((b) => ({ ...b, site: { ...b.site, ...changes } })), [])
  const session = useMemo<SessionValue | null>(() => (boot.user ? { boot, user: boot.user, signOut, updateSite } : null), [boot, signOut, updateSite])

  if (!boot.installed) return <Setup boot={boot} onDone={signedIn} />
  if (path === '/admin/reset-password') return <ResetPassword boot={boot} />
  if (!session) {
    if (path === '/admin/lost-password') return <LostPassword boot={boot} />
    return <Login boot={boot} onDone={signedIn} />
  }
  return (
    <SessionContext.Provider value={session}>
      <Shell>
        <Suspense fallback={<Spinner />}>{screenFor(path, location.key, session)}</Suspense>
      </Shell>
    </SessionContext.Provider>
  )
}

function screenFor(path: string, key: string, { user }: SessionValue) {
  if (path === '/admin') return <Dashboard />
  if (path === '/admin/media') return can(user, 'upload_files') ? <MediaLibrary /> : <Forbidden />
  if (path === '/admin/categories' || path === '/admin/tags') return can(user, 'manage_categories') ? <TermsScreen key={path} taxonomy={path === '/admin/tags' ? 'post_tag' : 'category'} /> : <Forbidden />
  if (path === '/admin/settings' || path.startsWith('/admin/settings/')) return can(user, 'manage_options') ? <SettingsScreen path={path} /> : <Forbidden />
  if (path === '/admin/comments') return can(user, 'edit_published_posts') ? <CommentsScreen /> : <Forbidden />
  if (path === '/admin/users') return can(user, 'list_users') ? <UsersScreen /> : <Forbidden />
  if (path === '/admin/profile') return <ProfileScreen />
  if (path === '/admin/tools') return can(user, 'import') || can(user, 'export') ? <Tools /> : <Forbidden />
  for (const type of ['post', 'page'] as const) {
    const base = type === 'post' ? '/admin/posts' : '/admin/pages'
    const allowed = can(user, type === 'post' ? 'edit_posts' : 'edit_pages')
    if (path === base) return allowed ? <PostsList key={type} type={type} /> : <Forbidden />
    if (path === `${base}/new`) return allowed ? <EditorScreen key={key} type={type} id={null} /> : <Forbidden />
    const edit = match(`${base}/:id`, path)
    if (edit && /^\d+$/.test(edit.id ?? '')) return allowed ? <EditorScreen key={key} type={type} id={Number(edit.id)} /> : <Forbidden />
  }
  return <NotFound />
}
