export type ErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'too_many'

/** The one error type domain code throws: a stable `code` for machines, a `message` for people. */
export class DomainError extends Error {
  override name = 'DomainError'
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

export const isDomainError = (err: unknown): err is DomainError => err instanceof DomainError

export const invalid = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('invalid', code, message, details)
