import { DomainError } from '../shared/errors.js'
import { ROLES } from './capabilities.js'

export const userNotFound = (ref: string | number) => new DomainError('not_found', 'user_not_found', `No user ${typeof ref === 'number' ? `with id ${ref}` : `"${ref}"`}.`, { user: ref })
export const unknownRole = (role: string) =>
  new DomainError('invalid', 'invalid_role', `Unknown role "${role}": choose one of ${ROLES.join(', ')}.`, { role })
export const emailTaken = (email: string) => new DomainError('conflict', 'existing_user_email', `A user with the email ${email} already exists.`, { email })
export const loginTaken = (login: string) => new DomainError('conflict', 'existing_user_login', `A user with the login "${login}" already exists.`, { login })
