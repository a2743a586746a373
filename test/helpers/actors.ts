import type { Services } from '../../src/services.js'
import { type Actor, type Role, systemActor, userActor } from '../../src/users/index.js'

/** One user per role (created through the users service), and the actor each one acts as. */
export async function usersByRole(services: Services): Promise<Record<Role, { id: number; actor: Actor }>> {
  const out = {} as Record<Role, { id: number; actor: Actor }>
  for (const role of ['administrator', 'editor', 'author', 'contributor', 'subscriber'] as const) {
    const user = await services.users.create({ email: `${role}@example.com`, displayName: `The ${role}`, role, password: null }, systemActor)
    out[role] = { id: user.id, actor: userActor(user) }
  }
  return out
}
