import { DomainError, invalid } from '../shared/errors.js'

export const postNotFound = (id: number | string) => new DomainError('not_found', 'post_not_found', `Post ${id} not found.`, { id })
export const termNotFound = (id: number | string) => new DomainError('not_found', 'term_not_found', `Term ${id} not found.`, { id })
export const invalidStatus = (status: string) =>
  invalid('invalid_status', `Unknown status "${status}": use draft, pending, publish, future or private.`, { status })
export const invalidTransition = (from: string, to: string, why: string) =>
  invalid('invalid_status_transition', `A ${from} post cannot become ${to}: ${why}`, { from, to })
