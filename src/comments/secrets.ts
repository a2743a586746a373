import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { CommentsRepo } from './comments.repo.js'

/** Kept beside the settings (which ignore keys they do not define), so backups and restores carry it. */
const SECRET_KEY = 'secret:comments'

/**
 * The site's own secret for what comments sign: form timestamps, the link to a held comment, avatar hashes.
 * Made on first use; concurrent first uses (several app servers) agree on whichever row was stored first.
 */
export function createCommentSecrets(repo: Pick<CommentsRepo, 'findHidden' | 'insertHidden'>) {
  let secret: Promise<Buffer> | null = null

  async function load(): Promise<Buffer> {
    let value = await repo.findHidden(SECRET_KEY)
    if (value === undefined) {
      await repo.insertHidden(SECRET_KEY, JSON.stringify(randomBytes(32).toString('hex')))
      value = await repo.findHidden(SECRET_KEY)
    }
    return Buffer.from(JSON.parse(value!) as string, 'hex')
  }

  const key = () => {
    secret ??= load().catch((err: unknown) => {
      secret = null
      throw err
    })
    return secret
  }

  async function sign(purpose: string, message: string, bytes = 16): Promise<string> {
    return createHmac('sha256', await key()).update(`${purpose}\u0000${message}`).digest().subarray(0, bytes).toString('hex')
  }

  async function verify(purpose: string, message: string, signature: string, bytes = 16): Promise<boolean> {
    const expected = Buffer.from(await sign(purpose, message, bytes))
    const given = Buffer.from(signature)
    return given.length === expected.length && timingSafeEqual(given, expected)
  }

  return {
    sign,
    verify,
    /** Forgets the cached secret, after a restore replaced the database. */
    forget: () => {
      secret = null
    },
  }
}

export type CommentSecrets = ReturnType<typeof createCommentSecrets>

/**
 * The hash an avatar is drawn from: keyed with the site's secret, so it cannot be looked up in a table of
 * known emails' MD5 or SHA-256 (Gravatar's) hashes.
 */
export const avatarHash = (secrets: CommentSecrets, identity: string) => secrets.sign('avatar', identity.trim().toLowerCase())

/** The `moderation-hash` of WordPress's `?unapproved=ID&moderation-hash=…` link to a held comment. */
export const moderationHash = (secrets: CommentSecrets, comment: { id: number; created_at: string }) =>
  secrets.sign('held', `${comment.id}:${comment.created_at}`)

export const checkModerationHash = (secrets: CommentSecrets, comment: { id: number; created_at: string }, hash: string) =>
  secrets.verify('held', `${comment.id}:${comment.created_at}`, hash)

/** A form's signed timestamp: `<issued ms>.<post id>.<signature>`. */
export async function formToken(secrets: CommentSecrets, postId: number, issuedAt: Date): Promise<string> {
  const ms = issuedAt.getTime()
  return `${ms}.${postId}.${await secrets.sign('form', `${postId}:${ms}`)}`
}

export type FormTokenCheck = { kind: 'missing' } | { kind: 'invalid' } | { kind: 'valid'; issuedAt: Date }

export async function readFormToken(secrets: CommentSecrets, token: string | null | undefined, postId: number): Promise<FormTokenCheck> {
  if (!token) return { kind: 'missing' }
  const match = /^(\d{1,15})\.(\d{1,15})\.([0-9a-f]{32})$/.exec(token.trim())
  if (!match || Number(match[2]) !== postId) return { kind: 'invalid' }
  const ms = Number(match[1])
  if (!(await secrets.verify('form', `${postId}:${ms}`, match[3]!))) return { kind: 'invalid' }
  return { kind: 'valid', issuedAt: new Date(ms) }
}
