import { randomUUID } from 'node:crypto'
import type { Db } from '../db/index.js'
import type { Clock } from '../shared/clock.js'
import { toIso } from '../shared/clock.js'
import { DomainError, invalid } from '../shared/errors.js'
import { type Actor, actorUserId, requireCapability } from './capabilities.js'
import { userNotFound } from './errors.js'
import { generatePassword, hashToken, randomToken } from './passwords.js'
import { toUser, type User } from './users.service.js'

const DAY = 24 * 60 * 60 * 1000
export const SESSION_DAYS = { short: 2, remember: 14 } as const

export interface SessionMeta {
  ip?: string
  userAgent?: string
  remember?: boolean
}

/** Sign-in sessions: the cookie holds a random token, the database only its hash. */
export function createSessionsService({ db, clock }: { db: Db; clock: Clock }) {
  async function start(userId: number, meta: SessionMeta = {}): Promise<{ token: string; expiresAt: Date }> {
    const token = randomToken()
    const now = clock.now()
    const expiresAt = new Date(now.getTime() + (meta.remember ? SESSION_DAYS.remember : SESSION_DAYS.short) * DAY)
    await db
      .insertInto('sessions')
      .values({
        id: hashToken(token),
        user_id: userId,
        created_at: toIso(now),
        expires_at: toIso(expiresAt),
        last_seen_at: toIso(now),
        ip: meta.ip ?? '',
        user_agent: (meta.userAgent ?? '').slice(0, 500),
      })
      .execute()
    return { token, expiresAt }
  }

  async function resolve(token: string): Promise<User | null> {
    if (!token) return null
    const row = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .where('sessions.id', '=', hashToken(token))
      .where('sessions.expires_at', '>', toIso(clock.now()))
      .executeTakeFirst()
    return row ? toUser(row) : null
  }

  async function end(token: string): Promise<void> {
    await db.deleteFrom('sessions').where('id', '=', hashToken(token)).execute()
  }

  async function endAllFor(userId: number): Promise<void> {
    await db.deleteFrom('sessions').where('user_id', '=', userId).execute()
  }

  async function purgeExpired(): Promise<number> {
    const result = await db.deleteFrom('sessions').where('expires_at', '<=', toIso(clock.now())).executeTakeFirst()
    return Number(result.numDeletedRows)
  }

  return { start, resolve, end, endAllFor, purgeExpired }
}

export interface AppPasswordInfo {
  uuid: string
  name: string
  created_at: string
  last_used_at: string | null
  last_ip: string | null
}

/** WordPress's Application Passwords: 24 characters shown once in groups of four, used with HTTP Basic auth. */
export function createAppPasswordsService({ db, clock }: { db: Db; clock: Clock }) {
  function requireOwnerOrEditor(actor: Actor, userId: number) {
    if (actorUserId(actor) !== userId) requireCapability(actor, 'edit_users')
  }

  async function create(userId: number, name: string, actor: Actor): Promise<{ password: string; info: AppPasswordInfo }> {
    requireOwnerOrEditor(actor, userId)
    const label = name.trim()
    if (!label) throw invalid('application_password_empty_name', 'An application password needs a name.')
    if (label.length > 200) throw invalid('application_password_invalid_name', 'The name is longer than 200 characters.')
    if (!(await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst())) throw userNotFound(userId)
    const existing = await db.selectFrom('app_passwords').select('id').where('user_id', '=', userId).where('name', '=', label).executeTakeFirst()
    if (existing) throw new DomainError('conflict', 'application_password_duplicate_name', `An application password named "${label}" already exists.`)
    const raw = generatePassword(24)
    const info = { uuid: randomUUID(), name: label, created_at: toIso(clock.now()), last_used_at: null, last_ip: null }
    await db.insertInto('app_passwords').values({ ...info, user_id: userId, password_hash: hashToken(raw) }).execute()
    return { password: raw.replace(/(.{4})(?!$)/g, '$1 '), info }
  }

  /** The user that `login` names when `password` is one of their application passwords (spaces ignored). */
  async function authenticate(login: string, password: string, ip = ''): Promise<User | null> {
    const row = await db
      .selectFrom('app_passwords')
      .innerJoin('users', 'users.id', 'app_passwords.user_id')
      .selectAll('users')
      .select('app_passwords.id as app_password_id')
      .where('app_passwords.password_hash', '=', hashToken(password.replace(/\s+/g, '')))
      .executeTakeFirst()
    if (!row || (row.login !== login && row.email !== login.toLowerCase())) return null
    await db.updateTable('app_passwords').set({ last_used_at: toIso(clock.now()), last_ip: ip }).where('id', '=', row.app_password_id).execute()
    const { app_password_id: _, ...user } = row
    return toUser(user)
  }

  async function list(userId: number, actor: Actor): Promise<AppPasswordInfo[]> {
    requireOwnerOrEditor(actor, userId)
    return db
      .selectFrom('app_passwords')
      .select(['uuid', 'name', 'created_at', 'last_used_at', 'last_ip'])
      .where('user_id', '=', userId)
      .orderBy('id')
      .execute()
  }

  async function revoke(userId: number, uuid: string, actor: Actor): Promise<void> {
    requireOwnerOrEditor(actor, userId)
    const result = await db.deleteFrom('app_passwords').where('user_id', '=', userId).where('uuid', '=', uuid).executeTakeFirst()
    if (!Number(result.numDeletedRows)) throw new DomainError('not_found', 'application_password_not_found', 'No such application password.')
  }

  async function get(userId: number, uuid: string, actor: Actor): Promise<AppPasswordInfo> {
    const found = (await list(userId, actor)).find((p) => p.uuid === uuid)
    if (!found) throw new DomainError('not_found', 'application_password_not_found', 'No such application password.')
    return found
  }

  async function rename(userId: number, uuid: string, name: string, actor: Actor): Promise<AppPasswordInfo> {
    const current = await get(userId, uuid, actor)
    const label = name.trim()
    if (!label) throw invalid('application_password_empty_name', 'An application password needs a name.')
    if (label.length > 200) throw invalid('application_password_invalid_name', 'The name is longer than 200 characters.')
    if (label === current.name) return current
    const clash = await db.selectFrom('app_passwords').select('id').where('user_id', '=', userId).where('name', '=', label).executeTakeFirst()
    if (clash) throw new DomainError('conflict', 'application_password_duplicate_name', `An application password named "${label}" already exists.`)
    await db.updateTable('app_passwords').set({ name: label }).where('user_id', '=', userId).where('uuid', '=', uuid).execute()
    return { ...current, name: label }
  }

  /** Revokes every application password of the user; answers how many there were. */
  async function revokeAll(userId: number, actor: Actor): Promise<number> {
    requireOwnerOrEditor(actor, userId)
    if (!(await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst())) throw userNotFound(userId)
    const result = await db.deleteFrom('app_passwords').where('user_id', '=', userId).executeTakeFirst()
    return Number(result.numDeletedRows)
  }

  return { create, authenticate, list, get, rename, revoke, revokeAll }
}

export type SessionsService = ReturnType<typeof createSessionsService>
export type AppPasswordsService = ReturnType<typeof createAppPasswordsService>
