import { type AdminUser, can } from '../boot'

export interface NavItem {
  to: string
  label: string
  icon: string
  /** What a role needs to see the item: what it may not do is not shown. */
  capability: string
  /** Paths that light this item up. */
  active: (path: string) => boolean
}

const NAV: NavItem[] = [
  { to: '/admin', label: 'Dashboard', icon: 'dashboard', capability: 'read', active: (p) => p === '/admin' },
  { to: '/admin/posts', label: 'Posts', icon: 'posts', capability: 'edit_posts', active: (p) => p === '/admin/posts' || /^\/admin\/posts\/\d+$/.test(p) },
  { to: '/admin/pages', label: 'Pages', icon: 'pages', capability: 'edit_pages', active: (p) => p === '/admin/pages' || /^\/admin\/pages\/(\d+|new)$/.test(p) },
  { to: '/admin/tools', label: 'Tools', icon: 'tools', capability: 'import', active: (p) => p === '/admin/tools' },
]

export const navFor = (user: AdminUser) => NAV.filter((item) => can(user, item.capability))
