import { DomainError } from '../shared/errors.js'

export const ROLES = ['administrator', 'editor', 'author', 'contributor', 'subscriber'] as const
export type Role = (typeof ROLES)[number]

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value)

const SUBSCRIBER = ['read'] as const
const CONTRIBUTOR = [...SUBSCRIBER, 'edit_posts', 'delete_posts'] as const
const AUTHOR = [...CONTRIBUTOR, 'upload_files', 'edit_published_posts', 'publish_posts', 'delete_published_posts'] as const
const EDITOR = [
  ...AUTHOR,
  'moderate_comments', 'manage_categories', 'manage_links', 'unfiltered_html',
  'edit_others_posts', 'delete_others_posts', 'edit_private_posts', 'read_private_posts', 'delete_private_posts',
  'edit_pages', 'edit_others_pages', 'edit_published_pages', 'publish_pages', 'delete_pages',
  'delete_others_pages', 'delete_published_pages', 'delete_private_pages', 'edit_private_pages', 'read_private_pages',
] as const
const ADMINISTRATOR = [
  ...EDITOR,
  'manage_options', 'list_users', 'create_users', 'edit_users', 'delete_users', 'promote_users',
  'switch_themes', 'edit_theme_options', 'import', 'export', 'edit_dashboard',
] as const

export type Capability = (typeof ADMINISTRATOR)[number]

/** WordPress's default roles and their capabilities. */
export const ROLE_CAPABILITIES: Readonly<Record<Role, ReadonlySet<Capability>>> = {
  administrator: new Set(ADMINISTRATOR),
  editor: new Set(EDITOR),
  author: new Set(AUTHOR),
  contributor: new Set(CONTRIBUTOR),
  subscriber: new Set(SUBSCRIBER),
}

export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  administrator: 'Administrator',
  editor: 'Editor',
  author: 'Author',
  contributor: 'Contributor',
  subscriber: 'Subscriber',
}

/**
 * Who is acting. `user` is a signed-in person; `system` is the site's operator at the command line, who holds
 * every capability (as WP-CLI does); `anonymous` is a reader.
 */
export type Actor =
  | { readonly kind: 'user'; readonly userId: number; readonly role: Role; readonly name: string }
  | { readonly kind: 'system' }
  | { readonly kind: 'anonymous' }

export const systemActor: Actor = Object.freeze({ kind: 'system' })
export const anonymousActor: Actor = Object.freeze({ kind: 'anonymous' })
export const userActor = (user: { id: number; role: string; display_name: string }): Actor => ({
  kind: 'user',
  userId: user.id,
  role: isRole(user.role) ? user.role : 'subscriber',
  name: user.display_name,
})

export function can(actor: Actor, capability: Capability): boolean {
  if (actor.kind === 'system') return true
  if (actor.kind === 'anonymous') return false
  return ROLE_CAPABILITIES[actor.role].has(capability)
}

export const actorUserId = (actor: Actor): number | null => (actor.kind === 'user' ? actor.userId : null)

export function requireCapability(actor: Actor, capability: Capability, message?: string): void {
  if (can(actor, capability)) return
  if (actor.kind === 'anonymous') {
    throw new DomainError('unauthenticated', 'not_signed_in', message ?? 'You must be signed in to do that.', { capability })
  }
  throw new DomainError('forbidden', 'insufficient_capability', message ?? `Sorry, you are not allowed to do that (it needs ${capability}).`, { capability })
}
