import { useCallback, useEffect, useId, useState } from 'react'
import { ApiError, del, errorMessage, get, post, request, wp } from '../api'
import { can } from '../boot'
import { useRouter } from '../router'
import { useSession } from '../session'
import { Dialog } from '../ui/Dialog'
import { Icon } from '../ui/Icon'
import { Notice, Spinner } from '../ui/Notice'
import { listAddress, pageOf, useListScreen } from '../ui/useListScreen'
import { AddUser } from './AddUser'
import { ROLES, roleName, type WpUser } from './types'
import '../comments/comments.css'
import './users.css'

const PER_PAGE = 20

/** Users: list by role and search; add, change role, send a password reset, delete with their posts given to someone else. */
export function UsersScreen() {
  const { user: me } = useSession()
  const { location } = useRouter()
  const role = location.search.get('role') ?? ''
  const { search, page } = listAddress(location.search)
  const [summary, setSummary] = useState<{ post_counts: Record<string, number>; mail: boolean }>({ post_counts: {}, mail: false })
  const [everyone, setEveryone] = useState<WpUser[]>([])
  const [adding, setAdding] = useState(false)
  const [removing, setRemoving] = useState<WpUser | null>(null)
  const [reassign, setReassign] = useState('')
  const ids = { search: useId(), role: useId(), reassign: useId() }

  const load = useCallback(
    (signal: AbortSignal) => {
      get<typeof summary>('/admin/api/users/summary', signal).then(setSummary, () => {})
      return request<WpUser[]>(wp('/users', { context: 'edit', roles: role, search, page, per_page: PER_PAGE, orderby: 'name' }), { signal }).then(pageOf)
    },
    [role, search, page],
  )
  const { go, query, setQuery, submitSearch, result, rows: users, refresh, error, setError, message, setMessage, act } = useListScreen({ path: '/admin/users', title: 'Users', load })

  const sendReset = async (u: WpUser) => {
    setMessage('')
    setError('')
    try {
      await post(`/admin/api/users/${u.id}/password-reset`)
      setMessage(`A link to choose a new password was sent to ${u.email}.`)
    } catch (err) {
      const command = err instanceof ApiError ? (err.data.command as string | undefined) : undefined
      if (!command) return setError(errorMessage(err))
      setMessage(
        <>
          This site does not send email, so no link can be sent to {u.name}. On the server, run <code>{command}</code>: it prints a new password to give them.
        </>,
      )
    }
  }

  const openDelete = async (u: WpUser) => {
    setRemoving(u)
    setReassign('')
    try {
      setEveryone(await get<WpUser[]>(wp('/users', { context: 'edit', per_page: 100, orderby: 'name', exclude: u.id })))
    } catch (err) {
      setError(errorMessage(err))
    }
  }

  const owns = (u: WpUser) => summary.post_counts[u.id] ?? 0

  return (
    <div className="page users-page">
      <header className="page-head">
        <h1>Users</h1>
        {can(me, 'create_users') && !adding && (
          <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
            <Icon name="plus" size={16} /> Add user
          </button>
        )}
      </header>
      {adding && (
        <AddUser
          mail={summary.mail}
          onCancel={() => setAdding(false)}
          onCreated={(u, invited) => {
            setAdding(false)
            setMessage(`${u.name} was added as ${roleName(u.roles[0]).toLowerCase()}.${invited ? ` An invitation to choose a password was sent to ${u.email}.` : ''}`)
            refresh()
          }}
        />
      )}
      <div className="toolbar-row">
        <div className="field field-inline">
          <label htmlFor={ids.role}>Role</label>
          <select id={ids.role} value={role} onChange={(e) => go({ role: e.target.value, paged: 1 })}>
            <option value="">All roles</option>
            {ROLES.map((r) => (
              <option key={r.slug} value={r.slug}>{r.name}s</option>
            ))}
          </select>
        </div>
        <form className="search" role="search" onSubmit={submitSearch}>
          <label htmlFor={ids.search} className="visually-hidden">Search users</label>
          <Icon name="search" size={16} />
          <input id={ids.search} type="search" placeholder="Search users" value={query} onChange={(e) => setQuery(e.target.value)} />
        </form>
      </div>
      {message && <Notice kind="success">{message}</Notice>}
      {error && <Notice>{error}</Notice>}
      {!result && !error && <Spinner label="Loading users" />}
      {result && users.length === 0 && (
        <div className="empty card">
          <h2>{search ? `No users match “${search}”` : 'No users with this role'}</h2>
        </div>
      )}
      {users.length > 0 && (
        <table className="table users-table">
          <caption className="visually-hidden">Users by name</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col" className="cell-num">Posts</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <UserRow key={u.id} user={u} self={u.id === me.id} posts={owns(u)} canPromote={can(me, 'promote_users')} canEdit={can(me, 'edit_users')} canDelete={can(me, 'delete_users')}
                onRole={(r) => act(`${u.name} is now ${roleName(r).toLowerCase()}.`, () => post(`/wp-json/wp/v2/users/${u.id}`, { roles: [r] }))}
                onReset={() => sendReset(u)}
                onDelete={() => openDelete(u)}
              />
            ))}
          </tbody>
        </table>
      )}
      {result && result.pages > 1 && (
        <nav className="pagination" aria-label="Pages of users">
          <span className="muted">{result.total} users · page {page} of {result.pages}</span>
          <button type="button" className="btn" disabled={page <= 1} onClick={() => go({ paged: page - 1 })}>Previous</button>
          <button type="button" className="btn" disabled={page >= result.pages} onClick={() => go({ paged: page + 1 })}>Next</button>
        </nav>
      )}
      <Dialog
        open={removing !== null}
        title={`Delete ${removing?.name ?? ''}?`}
        onClose={() => setRemoving(null)}
        actions={
          <>
            <button type="button" className="btn" onClick={() => setRemoving(null)}>Cancel</button>
            <button
              type="button"
              className="btn btn-danger"
              disabled={!reassign}
              onClick={() => {
                const u = removing!
                const to = everyone.find((x) => String(x.id) === reassign)
                setRemoving(null)
                void act(`${u.name} was deleted; their posts now belong to ${to?.name ?? 'the user you chose'}.`, () => del(`/wp-json/wp/v2/users/${u.id}?force=true&reassign=${reassign}`))
              }}
            >
              Delete user
            </button>
          </>
        }
      >
        <div className="stack">
          <p>Their sessions and application passwords end. Their posts, pages and media are not deleted: choose who gets them.</p>
          <div className="field">
            <label htmlFor={ids.reassign}>Give their content to</label>
            <select id={ids.reassign} value={reassign} onChange={(e) => setReassign(e.target.value)}>
              <option value="">Choose a user…</option>
              {everyone.map((x) => (
                <option key={x.id} value={x.id}>{x.name} ({x.username})</option>
              ))}
            </select>
          </div>
        </div>
      </Dialog>
    </div>
  )
}

interface RowProps {
  user: WpUser
  self: boolean
  posts: number
  canPromote: boolean
  canEdit: boolean
  canDelete: boolean
  onRole: (role: string) => void
  onReset: () => void
  onDelete: () => void
}

function UserRow({ user: u, self, posts, canPromote, canEdit, canDelete, onRole, onReset, onDelete }: RowProps) {
  const id = useId()
  const current = u.roles[0] ?? 'subscriber'
  const [role, setRole] = useState(current)
  useEffect(() => setRole(current), [current])
  return (
    <tr>
      <td className="cell-title">
        <strong className="row-title">{u.name}</strong>
        {self && <span className="badge">You</span>}
        <span className="muted small user-login">{u.username}</span>
        <div className="row-actions">
          {canEdit && !self && (
            <button type="button" className="link-btn" onClick={onReset}>
              Send password reset<span className="visually-hidden"> to {u.name}</span>
            </button>
          )}
          {canDelete && !self && (
            <button type="button" className="link-btn danger" onClick={onDelete}>
              Delete<span className="visually-hidden"> {u.name}</span>
            </button>
          )}
        </div>
      </td>
      <td data-label="Email" className="cell-email">
        <a href={`mailto:${u.email}`}>{u.email}</a>
      </td>
      <td data-label="Role">
        {canPromote && !self ? (
          <form className="role-form" onSubmit={(e) => (e.preventDefault(), onRole(role))}>
            <label htmlFor={`${id}-role`} className="visually-hidden">Role of {u.name}</label>
            <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value)}>
              {ROLES.map((r) => (
                <option key={r.slug} value={r.slug}>{r.name}</option>
              ))}
            </select>
            {role !== current && (
              <button type="submit" className="btn btn-small">
                Change<span className="visually-hidden"> the role of {u.name}</span>
              </button>
            )}
          </form>
        ) : (
          roleName(current)
        )}
      </td>
      <td data-label="Posts" className="cell-num">
        {posts}
      </td>
    </tr>
  )
}
