import { createHash, randomBytes } from 'node:crypto'

/** The argon2 binding, loaded on first use (a sign-in or a new password): ~12 MB of RSS a reader-only server never needs. */
const argon2 = () => import('@node-rs/argon2')

/** argon2id with the library's defaults (19 MiB, 2 passes: OWASP's recommendation). */
export const hashPassword = async (password: string): Promise<string> => (await argon2()).hash(password, { algorithm: 2 /* Algorithm.Argon2id: a const enum the library does not export at run time */ })

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) return false
  try {
    return await (await argon2()).verify(stored, password)
  } catch {
    return false
  }
}

const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** A random password of `length` characters without look-alikes (l/1, O/0). */
export function generatePassword(length = 20): string {
  const bytes = randomBytes(length * 2)
  let out = ''
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i]!
    if (b < 256 - (256 % ALPHABET.length)) out += ALPHABET[b % ALPHABET.length]
  }
  return out.length === length ? out : generatePassword(length)
}

/**
 * Tokens and application passwords are long random secrets, so a fast hash is enough to make a stolen table
 * useless, and it keeps each API request from paying argon2's deliberate 20 ms.
 */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url')

export const MIN_PASSWORD_LENGTH = 8
export const MAX_PASSWORD_LENGTH = 1024
