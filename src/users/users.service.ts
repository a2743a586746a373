import { z } from 'zod'
import type { Clock } from '../shared/clock.js'
import { toIso } from '../shared/clock.js'
import { DomainError, invalid } from '../shared/errors.js'
import type { UserRow } from '../db/index.js'
import type { Events } from '../shared/events.js'
import { type Actor, actorUserId, can, isRole, requireCapability, type Role } from './capabilities.js'
import { emailTaken, loginTaken, unknownRole, userNotFound } from './errors.js'
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js'
import type { UsersRepo } from './users.repo.js'

export interface NewUser {
  email: string
  displayName: string
  role: string
  login?: string
  /** Without one the user cannot sign in until a password is set (imported authors, invitations). */
  password?: string | null
  url?: string
}

/** A user as the rest of the application sees it: never the password hash. */
export type User = Omit<UserRow, 'password_hash'> & { has_password: boolean }

const emailSchema = z.email()

export function toUser({ password_hash, ...rest }: UserRow): User {
  return { ...rest, has_password: !!password_hash }
}

export interface ProfileChanges {
  displayName?: string
  email?: string
  url?: string
}

export function createUsersService({ repo, clock, events }: { repo: UsersRepo; clock: Clock; events?: Events }) {
  async function create(input: NewUser, actor: Actor): Promise<User> {
    requireCapability(actor, 'create_users')
    return toUser(await insertUser(input))
  }

  async function insertUser(input: NewUser): Promise<UserRow> {
    const email = checkEmail(input.email)
    const displayName = checkDisplayName(input.displayName)
    if (!isRole(input.role)) throw unknownRole(input.role)
    const login = (input.login ?? (await freeLogin(email))).trim()
    if (!/^[\p{L}\p{N}_.@-]{1,60}$/u.test(login)) {
      throw invalid('invalid_username', `The login "${login}" may use only letters, digits and _ . @ - (at most 60).`, { login })
    }
    if (await repo.findByEmail(email)) throw emailTaken(email)
    if (await repo.findByLogin(login)) throw loginTaken(login)
    const now = toIso(clock.now())
    return repo.insert({
      login,
      email,
      display_name: displayName,
      role: input.role,
      password_hash: input.password == null ? null : await hashPassword(checkPassword(input.password)),
      url: input.url ?? '',
      description: '',
      registered_at: now,
      updated_at: now,
    })
  }

  /** A login from the email's local part, numbered when taken. */
  async function freeLogin(email: string): Promise<string> {
    const base = (email.split('@')[0] ?? 'user').replace(/[^\p{L}\p{N}_.-]/gu, '').slice(0, 50) || 'user'
    for (let n = 1; ; n++) {
      const login = n === 1 ? base : `${base}${n}`
      if (!(await repo.findByLogin(login))) return login
    }
  }

  /** The site's first administrator, as WordPress's install page creates it: only while there are no users. */
  async function createFirstAdministrator(input: Omit<NewUser, 'role'>): Promise<User> {
    if ((await repo.count()) > 0) throw new DomainError('conflict', 'already_installed', 'This site already has users: sign in instead.')
    if (!input.password) throw invalid('invalid_password', 'A password is required.')
    return toUser(await insertUser({ ...input, role: 'administrator' }))
  }

  async function get(id: number): Promise<User> {
    const row = await repo.findById(id)
    if (!row) throw userNotFound(id)
    return toUser(row)
  }

  async function find(ref: string): Promise<User> {
    const row = /^\d+$/.test(ref) ? await repo.findById(Number(ref)) : await repo.findByLoginOrEmail(ref)
    if (!row) throw userNotFound(ref)
    return toUser(row)
  }

  async function list(actor: Actor): Promise<User[]> {
    requireCapability(actor, 'list_users')
    return (await repo.findAll()).map(toUser)
  }

  async function setRole(id: number, role: string, actor: Actor): Promise<User> {
    requireCapability(actor, 'promote_users')
    if (!isRole(role)) throw unknownRole(role)
    const user = await repo.findById(id)
    if (!user) throw userNotFound(id)
    if (user.role === 'administrator' && role !== 'administrator' && (await repo.countByRole('administrator')) <= 1) {
      throw new DomainError('conflict', 'last_administrator', 'This is the only administrator: make someone else an administrator first.')
    }
    return toUser(await repo.update(id, { role, updated_at: toIso(clock.now()) }))
  }

  async function setPassword(id: number, password: string, actor: Actor): Promise<User> {
    if (actorUserId(actor) !== id) requireCapability(actor, 'edit_users')
    if (!(await repo.findById(id))) throw userNotFound(id)
    const password_hash = await hashPassword(checkPassword(password))
    return toUser(await repo.update(id, { password_hash, updated_at: toIso(clock.now()) }))
  }

  /** Name, email and web address: a person's own, or anyone's for those who may edit users. Emails stay unique. */
  async function update(id: number, changes: ProfileChanges, actor: Actor): Promise<User> {
    if (actorUserId(actor) !== id) requireCapability(actor, 'edit_users')
    const user = await repo.findById(id)
    if (!user) throw userNotFound(id)
    const set: Partial<UserRow> = {}
    if (changes.displayName !== undefined) set.display_name = checkDisplayName(changes.displayName)
    if (changes.email !== undefined) {
      const email = checkEmail(changes.email)
      const owner = await repo.findByEmail(email)
      if (owner && owner.id !== id) throw emailTaken(email)
      set.email = email
    }
    if (changes.url !== undefined) {
      const url = changes.url.trim()
      if (url && !/^https?:\/\/[^\s]+$/i.test(url)) throw invalid('invalid_url', `"${url}" is not a web address (http:// or https://).`)
      set.url = url.slice(0, 200)
    }
    if (!Object.keys(set).length) return toUser(user)
    const updated = toUser(await repo.update(id, { ...set, updated_at: toIso(clock.now()) }))
    // Bylines and author pages show the name and web address, and search finds posts by the name: cached pages
    // and kept authors go, posts are re-indexed (when the name changed).
    if ((set.display_name !== undefined && set.display_name !== user.display_name) || (set.url !== undefined && set.url !== user.url)) {
      await events?.emit({ type: 'user.saved', user: { id, display_name: updated.display_name }, previous: { id, display_name: user.display_name } })
    }
    return updated
  }

  /** A person changing their own password proves they know the current one (a borrowed session is not enough). */
  async function changeOwnPassword(id: number, current: string, next: string, actor: Actor): Promise<User> {
    if (actorUserId(actor) !== id) throw new DomainError('forbidden', 'not_your_account', 'You can change only your own password here.')
    const user = await repo.findById(id)
    if (!user) throw userNotFound(id)
    if (!(await verifyPassword(user.password_hash, current))) throw invalid('incorrect_password', 'The current password is not right.', { field: 'current_password' })
    return setPassword(id, next, actor)
  }

  /**
   * Deletes a user, giving their posts, pages and media to `reassignTo` (WordPress's `reassign`). Nobody deletes
   * themselves or the last administrator; a user with content needs someone to give it to.
   */
  async function remove(id: number, reassignTo: number | null, actor: Actor): Promise<User> {
    requireCapability(actor, 'delete_users')
    if (actorUserId(actor) === id) throw new DomainError('conflict', 'cannot_delete_self', 'You cannot delete your own account: ask another administrator.')
    return repo.transaction(async (r) => {
      const user = await r.findById(id)
      if (!user) throw userNotFound(id)
      if (user.role === 'administrator' && (await r.countByRole('administrator')) <= 1) {
        throw new DomainError('conflict', 'last_administrator', 'This is the only administrator: make someone else an administrator first.')
      }
      if (reassignTo !== null) {
        if (reassignTo === id) throw invalid('invalid_reassign', 'The posts cannot be given to the user being deleted.', { reassign: reassignTo })
        if (!(await r.findById(reassignTo))) throw invalid('invalid_reassign', `There is no user ${reassignTo} to give the posts to.`, { reassign: reassignTo })
        await r.reassignContent(id, reassignTo)
      } else if ((await r.countContentOf(id)) > 0) {
        throw invalid('reassign_required', `${user.display_name} has posts or media: choose a user to give them to.`)
      }
      await r.delete(id)
      return toUser(user)
    }).then(async (user) => {
      await events?.emit({ type: 'external.changed' })
      // The posts now carry another byline: search re-indexes the one who received them.
      if (reassignTo !== null) {
        const heir = await repo.findById(reassignTo)
        if (heir) await events?.emit({ type: 'user.saved', user: { id: heir.id, display_name: heir.display_name }, previous: null })
      }
      return user
    })
  }

  /** Published (and private) posts per user, for the users list. */
  async function postCounts(actor: Actor): Promise<Record<number, number>> {
    requireCapability(actor, 'list_users')
    return Object.fromEntries(await repo.countPostsByAuthor())
  }

  /** The user whose login or email and password match, or null: callers must not say which part was wrong. */
  async function authenticate(loginOrEmail: string, password: string): Promise<User | null> {
    const row = await repo.findByLoginOrEmail(loginOrEmail.trim())
    if (!row || !(await verifyPassword(row.password_hash, password))) return null
    return toUser(row)
  }

  return {
    create,
    createFirstAdministrator,
    get,
    find,
    list,
    setRole,
    setPassword,
    update,
    changeOwnPassword,
    remove,
    postCounts,
    authenticate,
    count: () => repo.count(),
    /** Authors of published content, whom anyone may see (WordPress's public user list). */
    listPublished: async (): Promise<User[]> => (await repo.findWithPublishedPosts()).map(toUser),
    /** Everyone who may write (not subscribers), for the editor's author choice: `users?who=authors` as in WordPress. */
    listAuthors: async (actor: Actor): Promise<User[]> => (requireCapability(actor, 'edit_posts'), (await repo.findAll()).filter((u) => u.role !== 'subscriber').map(toUser)),
    canEditUsers: (actor: Actor) => can(actor, 'edit_users'),
  }
}

function checkEmail(value: string): string {
  const email = value.trim().toLowerCase()
  if (!emailSchema.safeParse(email).success) throw invalid('invalid_email', `"${value}" is not a valid email address.`, { email: value })
  return email
}

function checkDisplayName(value: string): string {
  const displayName = value.trim()
  if (!displayName) throw invalid('invalid_display_name', 'A name is required.')
  if (displayName.length > 250) throw invalid('invalid_display_name', 'The name is longer than 250 characters.')
  return displayName
}

function checkPassword(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH) throw invalid('weak_password', `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`)
  if (password.length > MAX_PASSWORD_LENGTH) throw invalid('invalid_password', `The password is longer than ${MAX_PASSWORD_LENGTH} characters.`)
  return password
}

export type UsersService = ReturnType<typeof createUsersService>
export type { Role }
