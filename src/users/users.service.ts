import { z } from 'zod'
import type { Clock } from '../shared/clock.js'
import type { Events } from '../shared/events.js'
import { toIso } from '../shared/clock.js'
import { DomainError, invalid } from '../shared/errors.js'
import type { UserRow } from '../db/index.js'
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

export function createUsersService({ repo, clock, events }: { repo: UsersRepo; clock: Clock; events?: Events }) {
  async function create(input: NewUser, actor: Actor): Promise<User> {
    requireCapability(actor, 'create_users')
    return toUser(await insertUser(input))
  }

  async function insertUser(input: NewUser): Promise<UserRow> {
    const email = input.email.trim().toLowerCase()
    if (!emailSchema.safeParse(email).success) throw invalid('invalid_email', `"${input.email}" is not a valid email address.`, { email: input.email })
    const displayName = input.displayName.trim()
    if (!displayName) throw invalid('invalid_display_name', 'A name is required.')
    if (displayName.length > 250) throw invalid('invalid_display_name', 'The name is longer than 250 characters.')
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

  /** Renames a user (themselves, or anyone with `edit_users`); their posts show, and are found by, the new name. */
  async function rename(id: number, displayName: string, actor: Actor): Promise<User> {
    if (actorUserId(actor) !== id) requireCapability(actor, 'edit_users')
    const previous = await repo.findById(id)
    if (!previous) throw userNotFound(id)
    const name = displayName.trim()
    if (!name) throw invalid('invalid_display_name', 'A name is required.')
    if (name.length > 250) throw invalid('invalid_display_name', 'The name is longer than 250 characters.')
    if (name === previous.display_name) return toUser(previous)
    const user = await repo.update(id, { display_name: name, updated_at: toIso(clock.now()) })
    await events?.emit({ type: 'user.saved', user: { id, display_name: user.display_name }, previous: { id, display_name: previous.display_name } })
    return toUser(user)
  }

  async function setPassword(id: number, password: string, actor: Actor): Promise<User> {
    if (actorUserId(actor) !== id) requireCapability(actor, 'edit_users')
    if (!(await repo.findById(id))) throw userNotFound(id)
    const password_hash = await hashPassword(checkPassword(password))
    return toUser(await repo.update(id, { password_hash, updated_at: toIso(clock.now()) }))
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
    rename,
    setPassword,
    authenticate,
    count: () => repo.count(),
    /** Authors of published content, whom anyone may see (WordPress's public user list). */
    listPublished: async (): Promise<User[]> => (await repo.findWithPublishedPosts()).map(toUser),
    canEditUsers: (actor: Actor) => can(actor, 'edit_users'),
  }
}

function checkPassword(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH) throw invalid('weak_password', `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`)
  if (password.length > MAX_PASSWORD_LENGTH) throw invalid('invalid_password', `The password is longer than ${MAX_PASSWORD_LENGTH} characters.`)
  return password
}

export type UsersService = ReturnType<typeof createUsersService>
export type { Role }
