import { type ReactNode, useEffect, useRef, useState } from 'react'
import { can } from '../boot'
import { Link, useRouter } from '../router'
import { useSession } from '../session'
import { Icon } from '../ui/Icon'
import { navFor } from './nav'
import { usePendingCount } from '../comments/usePendingCount'

/** The frame of every signed-in screen: navigation by role, the user menu, and a skip link. */
export function Shell({ children }: { children: ReactNode }) {
  const { boot, user, signOut } = useSession()
  const { location } = useRouter()
  const [menuOpen, setMenuOpen] = useState(false)
  const [signingOut, setSigningOut] = useState(false)
  const mainRef = useRef<HTMLElement>(null)
  const shownKey = useRef(location.key)

  // After client-side navigation to another screen, move focus to it so keyboard and screen reader users follow.
  // An address that changes under the same screen (a new post's first save gives it its /posts/ID address) keeps
  // the visit's key: the writer's caret stays where it is.
  useEffect(() => {
    setMenuOpen(false)
    if (shownKey.current === location.key) return
    shownKey.current = location.key
    mainRef.current?.focus({ preventScroll: true })
  }, [location.path, location.key])

  useEffect(() => {
    if (!menuOpen) return
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setMenuOpen(false)
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [menuOpen])

  const items = navFor(user)
  const pending = usePendingCount(can(user, 'edit_published_posts'))
  const editor = /^\/admin\/(posts|pages)\/(new|\d+)$/.test(location.path)
  const initials = user.name.split(/\s+/).map((w) => w[0] ?? '').join('').slice(0, 2).toUpperCase()

  return (
    <div className={`shell${menuOpen ? ' menu-open' : ''}${editor ? ' shell-editor' : ''}`}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button type="button" className="icon-btn" aria-expanded={menuOpen} aria-controls="sidebar" onClick={() => setMenuOpen(!menuOpen)}>
          <Icon name={menuOpen ? 'close' : 'menu'} size={20} />
          <span className="visually-hidden">{menuOpen ? 'Close menu' : 'Menu'}</span>
        </button>
        <span className="topbar-title">{boot.site.title}</span>
        {can(user, 'edit_posts') && (
          <Link to="/admin/posts/new" className="icon-btn" aria-label="New post">
            <Icon name="plus" size={20} />
          </Link>
        )}
      </header>
      <nav className="sidebar" id="sidebar" aria-label="Admin">
        <div className="sidebar-head">
          <span className="brand-mark" aria-hidden="true">
            {boot.site.title.slice(0, 1).toUpperCase() || 'P'}
          </span>
          <span className="sidebar-site">{boot.site.title}</span>
        </div>
        {can(user, 'edit_posts') && (
          <Link to="/admin/posts/new" className="btn btn-primary btn-block sidebar-new">
            <Icon name="plus" size={16} /> New post
          </Link>
        )}
        <ul className="nav-list">
          {items.map((item) => (
            <li key={item.to}>
              <Link to={item.to} className="nav-item" aria-current={item.active(location.path) ? 'page' : undefined}>
                <Icon name={item.icon} />
                {item.label}
                {item.badge === 'comments' && !!pending && <span className="nav-badge">{pending}<span className="visually-hidden"> awaiting moderation</span></span>}
              </Link>
            </li>
          ))}
          <li>
            <a href="/" className="nav-item" target="_blank" rel="noopener">
              <Icon name="external" />
              View site
            </a>
          </li>
        </ul>
        <div className="sidebar-user">
          <span className="avatar" aria-hidden="true">
            {initials}
          </span>
          <div className="sidebar-user-text">
            <strong>{user.name}</strong>
            <span>{user.role_name} · <Link to="/admin/profile" aria-current={location.path === '/admin/profile' ? 'page' : undefined}>Your profile</Link></span>
          </div>
          <button
            type="button"
            className="icon-btn"
            disabled={signingOut}
            onClick={() => {
              setSigningOut(true)
              signOut().catch(() => setSigningOut(false))
            }}
          >
            <Icon name="logout" />
            <span className="visually-hidden">Sign out</span>
          </button>
        </div>
      </nav>
      {menuOpen && <div className="scrim" onClick={() => setMenuOpen(false)} aria-hidden="true" />}
      <main className="main" id="main" ref={mainRef} tabIndex={-1}>
        {children}
      </main>
    </div>
  )
}
