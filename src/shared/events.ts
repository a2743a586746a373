import type { CommentRow, MediaRow, PostRow, TermRow, UserRow } from '../db/tables.js'

/** What changed, told after the change is committed: caches, search and other app servers listen. */
export type ContentEvent =
  | { type: 'post.saved'; post: PostRow; previous: PostRow | null }
  | { type: 'post.deleted'; post: PostRow }
  | { type: 'term.saved'; term: TermRow; previous: TermRow | null }
  | { type: 'term.deleted'; term: TermRow }
  | { type: 'comment.saved'; comment: CommentRow; previous: CommentRow | null }
  | { type: 'comment.deleted'; comment: CommentRow }
  | { type: 'media.saved'; media: MediaRow }
  /** A media item deleted for good; `postIds` showed it (as featured image or in their content). */
  | { type: 'media.deleted'; media: MediaRow; postIds: number[] }
  /** A user's profile changed (their display name is shown on, and indexed with, their posts); `previous` is null when they are new or were given someone else's posts. */
  | { type: 'user.saved'; user: Pick<UserRow, 'id' | 'display_name'>; previous: Pick<UserRow, 'id' | 'display_name'> | null }
  | { type: 'settings.saved'; keys: string[] }
  /** Posts whose stored "Read Also" list changed: their pages show other posts now. */
  | { type: 'related.changed'; postIds: number[] }
  /** Another process changed the database in ways not told here: every in-memory copy must be dropped. */
  | { type: 'external.changed' }
  /**
   * Another process changed what lists show (it purged `lists`: a post published, unpublished or deleted there):
   * what is kept here about lists as a whole (their totals) must be dropped.
   */
  | { type: 'lists.changed' }

export type ContentListener = (event: ContentEvent) => void | Promise<void>

export interface Events {
  on(listener: ContentListener): () => void
  emit(event: ContentEvent): Promise<void>
}

/**
 * A small in-process event bus. A listener's failure is reported, never thrown back into the write that
 * already succeeded.
 */
export function createEvents(onError: (err: unknown, event: ContentEvent) => void = () => {}): Events {
  const listeners = new Set<ContentListener>()
  return {
    on(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async emit(event) {
      for (const listener of listeners) {
        try {
          await listener(event)
        } catch (err) {
          onError(err, event)
        }
      }
    },
  }
}
