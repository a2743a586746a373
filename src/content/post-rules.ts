import type { PostRow } from '../db/index.js'
import { type Actor, actorUserId, can, type Capability } from '../users/index.js'

export const POST_TYPES = ['post', 'page'] as const
export type PostType = (typeof POST_TYPES)[number]
export const isPostType = (value: string): value is PostType => (POST_TYPES as readonly string[]).includes(value)

export const POST_STATUSES = ['draft', 'pending', 'publish', 'future', 'private', 'trash'] as const
export type PostStatus = (typeof POST_STATUSES)[number]
export const isPostStatus = (value: string): value is PostStatus => (POST_STATUSES as readonly string[]).includes(value)

/** Statuses a writer asks for; `trash` is reached only by trashing. */
export const WRITABLE_STATUSES = ['draft', 'pending', 'publish', 'future', 'private'] as const

/** Statuses that make a post public or scheduled: reaching one needs the publish capability. */
export const PUBLISHING_STATUSES: readonly string[] = ['publish', 'future', 'private']

type Action = 'edit' | 'edit_others' | 'edit_published' | 'edit_private' | 'publish' | 'delete' | 'delete_others' | 'delete_published' | 'delete_private' | 'read_private'

/** WordPress names capabilities per type: edit_posts for posts, edit_pages for pages. */
export function capabilityFor(type: string, action: Action): Capability {
  const plural = type === 'page' ? 'pages' : 'posts'
  if (action === 'edit_others') return `edit_others_${plural}`
  if (action === 'delete_others') return `delete_others_${plural}`
  if (action === 'edit_published') return `edit_published_${plural}`
  if (action === 'delete_published') return `delete_published_${plural}`
  if (action === 'edit_private') return `edit_private_${plural}`
  if (action === 'delete_private') return `delete_private_${plural}`
  if (action === 'read_private') return `read_private_${plural}`
  return `${action}_${plural}` as Capability
}

const isOwner = (actor: Actor, post: Pick<PostRow, 'author_id'>) => actor.kind === 'user' && post.author_id === actorUserId(actor)

/** WordPress's map_meta_cap for edit_post: own or others', draft or published. */
export function canEditPost(actor: Actor, post: Pick<PostRow, 'type' | 'author_id' | 'status'>): boolean {
  if (actor.kind === 'system') return true
  if (!can(actor, capabilityFor(post.type, 'edit'))) return false
  if (!isOwner(actor, post) && !can(actor, capabilityFor(post.type, 'edit_others'))) return false
  if (post.status === 'publish' || post.status === 'future') return can(actor, capabilityFor(post.type, 'edit_published'))
  if (post.status === 'private') return isOwner(actor, post) ? can(actor, capabilityFor(post.type, 'edit_published')) : can(actor, capabilityFor(post.type, 'edit_private'))
  return true
}

export function canDeletePost(actor: Actor, post: Pick<PostRow, 'type' | 'author_id' | 'status'>): boolean {
  if (actor.kind === 'system') return true
  if (!can(actor, capabilityFor(post.type, 'delete'))) return false
  if (!isOwner(actor, post) && !can(actor, capabilityFor(post.type, 'delete_others'))) return false
  if (post.status === 'publish' || post.status === 'future') return can(actor, capabilityFor(post.type, 'delete_published'))
  if (post.status === 'private') return isOwner(actor, post) ? can(actor, capabilityFor(post.type, 'delete_published')) : can(actor, capabilityFor(post.type, 'delete_private'))
  return true
}

/** Readers see what is published; private posts need read_private (or being the author); the rest needs edit rights. */
export function canReadPost(actor: Actor, post: Pick<PostRow, 'type' | 'author_id' | 'status'>): boolean {
  if (post.status === 'publish') return true
  if (post.status === 'private') return isOwner(actor, post) || can(actor, capabilityFor(post.type, 'read_private'))
  return canEditPost(actor, post)
}

/** The statuses an actor may list beyond `publish`, for queries that should show them their own work. */
export function readableStatuses(actor: Actor, type: string): { all: string[]; own: string[] } {
  if (actor.kind === 'anonymous') return { all: ['publish'], own: [] }
  const all = ['publish']
  if (can(actor, capabilityFor(type, 'read_private'))) all.push('private')
  if (can(actor, capabilityFor(type, 'edit_others'))) all.push('draft', 'pending', 'future')
  const own = can(actor, capabilityFor(type, 'edit')) ? ['draft', 'pending', 'future', 'private'] : ['private']
  return { all, own }
}
