import { DomainError, invalid } from '../shared/errors.js'

/** WordPress's own words where WordPress has them: scripts and people who know its messages keep working. */
export const DUPLICATE_MESSAGE = "Duplicate comment detected; it looks as though you've already said that!"
export const FLOOD_MESSAGE = 'You are posting comments too quickly. Slow down.'

export const commentNotFound = (id: number) => new DomainError('not_found', 'comment_not_found', `Comment ${id} not found.`, { id })

/** A required field left empty: `field` is the form field's name (author, email, comment), and the message says it. */
export const missingField = (field: 'author' | 'email' | 'comment') =>
  field === 'comment'
    ? invalid('empty_comment', 'Please type your comment: the "comment" field is empty.', { field })
    : invalid('require_name_email', `Please fill in ${field === 'author' ? 'your name: the "author"' : 'your email address: the "email"'} field is required.`, { field })

export const commentsClosed = () => new DomainError('forbidden', 'comments_closed', 'Sorry, comments are closed for this item.')

export const registrationRequired = () => new DomainError('unauthenticated', 'comment_login_required', 'Sorry, you must be signed in to comment.')

export const duplicateComment = (existingId: number) => new DomainError('conflict', 'comment_duplicate', DUPLICATE_MESSAGE, { existing: existingId })

/** Too many comments too fast: `retryAfter` (seconds) tells the client when it may try again. */
export const tooMany = (code: 'comment_flood' | 'comment_rate_limited' | 'comment_post_busy', message: string, retryAfter: number) =>
  new DomainError('too_many', code, message, { retryAfter: Math.max(1, Math.ceil(retryAfter)) })

export const tooFast = (retryAfter: number) =>
  new DomainError('invalid', 'comment_too_fast', 'That was quicker than anyone can type: please wait a few seconds, then send your comment again.', {
    retryAfter: Math.max(1, Math.ceil(retryAfter)),
  })
