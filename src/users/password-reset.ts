import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Db } from '../db/index.js'
import type { Clock } from '../shared/clock.js'
import { invalid } from '../shared/errors.js'
import { type Actor, actorUserId, requireCapability, systemActor } from './capabilities.js'
import { userNotFound } from './errors.js'
import type { User, UsersService } from './users.service.js'

/** Kept beside the settings (which ignore keys they do not define), as the comments' secret is. */
const SECRET_KEY = 'secret:users'
const HOUR = 60 * 60 * 1000
export const RESET_HOURS = 24
export const INVITE_HOURS = 7 * 24

/**
 * Links that set a password (a reset, or an invitation's first password), like WordPress's activation key but
 * without storing one: the key is an HMAC of the user, an expiry and their current password hash, so it works
 * once (setting the password changes the hash) and only until it expires.
 */
export function createPasswordResets({ db, clock, users }: { db: Db; clock: Clock; users: UsersService }) {
  let secret: Promise<Buffer> | null = null

  async function load(): Promise<Buffer> {
    const find = async () => (await db.selectFrom('settings').select('value').where('key', '=', SECRET_KEY).executeTakeFirst())?.value
    let value = await find()
    if (value === undefined) {
      await db.insertInto('settings').values({ key: SECRET_KEY, value: JSON.stringify(randomBytes(32).toString('hex')) }).onConflict((oc) => oc.column('key').doNothing()).execute()
      value = await find()
    }
    return Buffer.from(JSON.parse(value!) as string, 'hex')
  }

  async function mac(userId: number, expires: number): Promise<string> {
    secret ??= load().catch((err: unknown) => {
      secret = null
      throw err
    })
    const row = await db.selectFrom('users').select(['id', 'email', 'password_hash']).where('id', '=', userId).executeTakeFirst()
    if (!row) throw userNotFound(userId)
    return createHmac('sha256', await secret).update(`reset\u0000${row.id}\u0000${expires}\u0000${row.email}\u0000${row.password_hash ?? ''}`).digest('base64url').slice(0, 32)
  }

  /** A key for `userId`'s link: for those who may edit users, or the person themselves. */
  async function keyFor(userId: number, actor: Actor, hours = RESET_HOURS): Promise<{ user: User; key: string; expiresAt: Date }> {
    if (actorUserId(actor) !== userId) requireCapability(actor, 'edit_users')
    const user = await users.get(userId)
    const expires = clock.now().getTime() + hours * HOUR
    return { user, key: `${expires.toString(36)}.${await mac(userId, expires)}`, expiresAt: new Date(expires) }
  }

  /** Sets the password a link's key allows; a wrong, used or expired key changes nothing. */
  async function reset(login: string, key: string, password: string): Promise<User> {
    const refused = () => invalid('invalid_key', 'This link is not valid any more: it was used, it expired, or it was copied wrong. Ask for a new one.')
    const [stamp = '', signature = ''] = key.split('.')
    const expires = parseInt(stamp, 36)
    if (!Number.isSafeInteger(expires) || expires < clock.now().getTime()) throw refused()
    let user: User
    try {
      user = await users.find(login)
    } catch {
      throw refused()
    }
    const expected = Buffer.from(await mac(user.id, expires))
    const given = Buffer.from(signature)
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused()
    const updated = await users.setPassword(user.id, password, systemActor)
    // A reset ends every session: whoever knew the old password is signed out.
    await db.deleteFrom('sessions').where('user_id', '=', user.id).execute()
    return updated
  }

  return { keyFor, reset }
}

export type PasswordResets = ReturnType<typeof createPasswordResets>
