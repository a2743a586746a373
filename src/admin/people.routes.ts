import type { FastifyPluginAsync } from 'fastify'
import type { Services } from '../services.js'
import { DomainError } from '../shared/errors.js'
import type { AdminGuard } from './admin-guard.js'
import { privateJson } from './admin-guard.js'

const str = (v: unknown, max = 5000) => (typeof v === 'string' ? v.slice(0, max) : '')

/** The users screen's post counts and mail status, and a person's own password change (which asks for the current one). */
export const peopleRoutes: FastifyPluginAsync<{ services: Services; guard: AdminGuard }> = async (app, { services, guard }) => {
  const mailConfigured = async () => (await services.settings.all()).mail_smtp_url !== ''

  app.get('/users/summary', async (req, reply) => {
    const { actor } = await guard.signedIn(req, 'list_users')
    return privateJson(reply).send({ post_counts: await services.users.postCounts(actor), mail: await mailConfigured() })
  })

  /** Without mail, the person who runs the site resets a password with the `pressroom` command. */
  app.post('/users/:id/password-reset', async (req, reply) => {
    await guard.signedIn(req, 'edit_users')
    const user = await services.users.get(Number((req.params as { id: string }).id) || 0)
    if (!(await mailConfigured())) {
      throw new DomainError('conflict', 'mail_not_configured', `This site does not send email yet. Run \`pressroom user reset-password ${user.email}\` on the server, or set a password for ${user.display_name} here.`, { command: `pressroom user reset-password ${user.email}` })
    }
    throw new DomainError('conflict', 'mail_not_supported', 'Password reset links by email are not available yet.', { command: `pressroom user reset-password ${user.email}` })
  })

  app.post('/profile/password', async (req, reply) => {
    const { user, actor } = await guard.signedIn(req)
    const body = (req.body ?? {}) as Record<string, unknown>
    await services.users.changeOwnPassword(user.id, str(body.current_password), str(body.password), actor)
    return reply.status(204).send()
  })
}
