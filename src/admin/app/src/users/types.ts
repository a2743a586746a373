export interface WpUser {
  id: number
  username: string
  name: string
  email: string
  roles: string[]
}

export const ROLES = [
  { slug: 'administrator', name: 'Administrator' },
  { slug: 'editor', name: 'Editor' },
  { slug: 'author', name: 'Author' },
  { slug: 'contributor', name: 'Contributor' },
  { slug: 'subscriber', name: 'Subscriber' },
] as const

export const roleName = (slug: string | undefined) => ROLES.find((r) => r.slug === slug)?.name ?? slug ?? ''
