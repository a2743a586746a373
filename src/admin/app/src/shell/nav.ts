import { type AdminUser, can } from '../boot'

export interface NavItem {
  to: string
  label: string
  icon: string
  /** What a role needs to see the item: what it may not do is not shown. */
  capability: string
  /** Paths that light this item up. */
  active: (path: string) => boolean
  /** A count shown beside the label (`comments`: comments awaiting moderation). */
  badge?: 'comments'
}

const NAV: NavItem[] = [
  { to: '/admin', label: 'Dashboard', icon: 'dashboard', capability: 'read', active: (p) => p === '/admin' },
  { to: '/admin/posts', label: 'Posts', icon: 'posts', capability: 'edit_posts', active: (p) => p === '/admin/posts' || /^\/admin\/posts\/\d+$/.test(p) },
  { to: '/admin/categories', label: 'Categories', icon: 'folder', capability: 'manage_categories', active: (p) => p === '/admin/categories' },
  { to: '/admin/tags', label: 'Tags', icon: 'tag', capability: 'manage_categories', active: (p) => p === '/admin/tags' },
  { to: '/admin/media', label: 'Media', icon: 'image', capability: 'upload_files', active: (p) => p === '/admin/media' },
  { to: '/admin/pages', label: 'Pages', icon: 'pages', capability: 'edit_pages', active: (p) => p === '/admin/pages' || /^\/admin\/pages\/(\d+|new)$/.test(p) },
  // Authors moderate the comments on their own posts, as in WordPress.
  { to: '/admin/comments', label: 'Comments', icon: 'comment', capability: 'edit_published_posts', active: (p) => p === '/admin/comments', badge: 'comments' },
  { to: '/admin/users', label: 'Users', icon: 'user', capability: 'list_users', active: (p) => p === '/admin/users' },
  { to: '/admin/tools', label: 'Tools', icon: 'tools', capability: 'import', active: (p) => p === '/admin/tools' },
  { to: '/admin/settings/general', label: 'Settings', icon: 'settings', capability: 'manage_options', active: (p) => p === '/admin/settings' || p.startsWith('/admin/settings/') },
]

export const navFor = (user: AdminUser) => NAV.filter((item) => can(user, item.capability))
