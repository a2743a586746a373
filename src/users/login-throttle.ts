import { DomainError } from '../shared/errors.js'
import type { Clock } from '../shared/clock.js'

export interface ThrottleLimits {
  perAccount: number
  perAddress: number
  windowMs: number
}

const DEFAULT_LIMITS: ThrottleLimits = { perAccount: 5, perAddress: 20, windowMs: 15 * 60 * 1000 }

/**
 * Failed sign-ins counted per account and per address in a sliding window: brute force is stopped before a
 * password is even checked. In memory: each app server counts its own, which only makes the limit per server.
 */
export function createLoginThrottle(clock: Clock, limits: ThrottleLimits = DEFAULT_LIMITS) {
  const failures = new Map<string, number[]>()

  function recent(key: string): number[] {
    const since = clock.now().getTime() - limits.windowMs
    const list = (failures.get(key) ?? []).filter((t) => t > since)
    if (list.length) failures.set(key, list)
    else failures.delete(key)
    return list
  }

  return {
    /** Throws a clear 429 when either the account or the address has failed too often lately. */
    check(account: string, address: string): void {
      const tooMany = recent(`a:${account.toLowerCase()}`).length >= limits.perAccount || recent(`ip:${address}`).length >= limits.perAddress
      if (tooMany) {
        const minutes = Math.ceil(limits.windowMs / 60000)
        throw new DomainError('too_many', 'too_many_login_attempts', `Too many failed sign-in attempts. Please wait ${minutes} minutes and try again, or reset your password.`)
      }
    },
    fail(account: string, address: string): void {
      const now = clock.now().getTime()
      for (const key of [`a:${account.toLowerCase()}`, `ip:${address}`]) failures.set(key, [...recent(key), now])
    },
    succeed(account: string): void {
      failures.delete(`a:${account.toLowerCase()}`)
    },
  }
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>
