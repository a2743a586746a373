import { smtpMailer } from '../comments/index.js'
import type { Services } from '../services.js'
import { DomainError } from '../shared/errors.js'
import { type Actor, INVITE_HOURS, RESET_HOURS, ROLE_NAMES, isRole, type User } from '../users/index.js'

/** The error that tells the screen mail is off, with the command that does the job on the server instead. */
export const mailNotConfigured = (user: Pick<User, 'email' | 'display_name'>) =>
  new DomainError('conflict', 'mail_not_configured', `This site does not send email yet (no SMTP server in the Mail settings). Run \`pressroom user reset-password ${user.email}\` on the server instead.`, {
    command: `pressroom user reset-password ${user.email}`,
  })

/**
 * Mail with a link that sets a password: a reset, or an invitation to a new account. Sent through the SMTP server
 * of the `mail_smtp_url` setting, as comment notifications are.
 */
export function createPasswordMail(services: Pick<Services, 'settings' | 'config' | 'passwordResets'>, mailerFor = smtpMailer) {
  async function send(user: User, kind: 'reset' | 'invite', actor: Actor, inviter = ''): Promise<void> {
    const all = await services.settings.all()
    if (!all.mail_smtp_url) throw mailNotConfigured(user)
    const hours = kind === 'invite' ? INVITE_HOURS : RESET_HOURS
    const { key } = await services.passwordResets.keyFor(user.id, actor, hours)
    const siteUrl = services.config.siteUrl
    const link = `${siteUrl}/admin/reset-password?login=${encodeURIComponent(user.login)}&key=${encodeURIComponent(key)}`
    const title = all.title.replace(/["\\\r\n]/g, '')
    const role = isRole(user.role) ? ROLE_NAMES[user.role].toLowerCase() : user.role
    const text =
      kind === 'invite'
        ? [`${inviter || 'An administrator'} added you to ${all.title} (${siteUrl}) as ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}.`, '', `Username: ${user.login}`, '', `Choose your password here (the link works once, for ${INVITE_HOURS / 24} days):`, link, '', `Then sign in at ${siteUrl}/admin`]
        : [`Someone asked for a new password for your account on ${all.title} (${siteUrl}).`, '', `Username: ${user.login}`, '', `To choose a new password, open this link (it works once, for ${RESET_HOURS} hours):`, link, '', 'If you did not ask for this, ignore this email: your password stays as it is.']
    const mailer = mailerFor(all.mail_smtp_url)
    try {
      await mailer.send({
        from: `"${title}" <${all.mail_from || `pressroom@${new URL(siteUrl).hostname}`}>`,
        to: [user.email],
        subject: kind === 'invite' ? `[${all.title}] You are invited to ${all.title}` : `[${all.title}] Password reset`,
        text: text.join('\n'),
      })
    } finally {
      mailer.close()
    }
  }
  return { send }
}
