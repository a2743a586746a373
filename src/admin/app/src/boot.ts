/** What the server puts in the page (see src/admin/session.ts): the same shape the session endpoints answer. */
export interface AdminUser {
  id: number
  name: string
  email: string
  login: string
  role: string
  role_name: string
  capabilities: string[]
}

export interface Boot {
  installed: boolean
  csrf: string
  site: { title: string; tagline: string; url: string; timezone: string; permalink_structure: string }
  user: AdminUser | null
  nonce: string | null
}

export function readBoot(): Boot {
  const el = document.getElementById('pressroom-boot')
  if (!el?.textContent) throw new Error('The page carries no boot data: is the server running the admin?')
  return JSON.parse(el.textContent) as Boot
}

export const can = (user: AdminUser | null, capability: string) => !!user && user.capabilities.includes(capability)
