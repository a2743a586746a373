import { createContext, useContext } from 'react'
import type { AdminUser, Boot } from './boot'

export interface SessionValue {
  boot: Boot
  user: AdminUser
  signOut: () => Promise<void>
  /** Changes what the screens show of the site (its title after Settings → General is saved). */
  updateSite: (changes: Partial<Boot['site']>) => void
}

export const SessionContext = createContext<SessionValue | null>(null)

export function useSession(): SessionValue {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession outside a signed-in screen')
  return value
}
