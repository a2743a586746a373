import type { Command } from 'commander'
import { generatePassword, ROLES, systemActor } from '../../users/index.js'
import { cliConfig, withSite } from '../context.js'
import type { CliIo } from '../io.js'
import { printJson, println, printTable } from '../output.js'

const USER_REF = 'USER is an id, a login or an email address.'

export function registerUserCommands(program: Command, io: CliIo): void {
  const user = program.command('user').description('manage user accounts')

  user
    .command('create')
    .description('create a user (prints a generated password once when none is given)')
    .requiredOption('--email <email>', 'email address')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--login <login>', 'sign-in name (default: from the email address)')
    .option('--password <password>', 'password (default: a generated one)')
    .action(async (opts: { email: string; name: string; role: string; login?: string; password?: string }, cmd: Command) => {
      const password = opts.password ?? generatePassword()
      const created = await withSite(cliConfig(io, cmd), (services) =>
        services.users.create({ email: opts.email, displayName: opts.name, role: opts.role, login: opts.login, password }, systemActor),
      )
      println(io, `Created user ${created.id} (${created.login}, ${created.email}) as ${created.role}.`)
      if (opts.password === undefined) println(io, `Password: ${password}  (shown only this once)`)
    })

  user
    .command('list')
    .description('list users')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const users = await withSite(cliConfig(io, cmd), (services) => services.users.list(systemActor))
      if (opts.json) return printJson(io, users)
      if (!users.length) return println(io, 'No users yet.')
      printTable(io, ['ID', 'LOGIN', 'EMAIL', 'NAME', 'ROLE', 'REGISTERED'], users.map((u) => [u.id, u.login, u.email, u.display_name, u.role, u.registered_at]))
    })

  user
    .command('set-role')
    .description(`change a user's role. ${USER_REF}`)
    .argument('<user>', 'id, login or email')
    .argument('<role>', ROLES.join(', '))
    .action(async (ref: string, role: string, _opts: unknown, cmd: Command) => {
      const updated = await withSite(cliConfig(io, cmd), async (services) => {
        const found = await services.users.find(ref)
        return services.users.setRole(found.id, role, systemActor)
      })
      println(io, `User ${updated.id} (${updated.login}) is now ${updated.role}.`)
    })

  user
    .command('reset-password')
    .description(`set a new password and sign the user out everywhere. ${USER_REF}`)
    .argument('<user>', 'id, login or email')
    .option('--password <password>', 'the new password (default: a generated one, printed once)')
    .action(async (ref: string, opts: { password?: string }, cmd: Command) => {
      const password = opts.password ?? generatePassword()
      const updated = await withSite(cliConfig(io, cmd), async (services) => {
        const found = await services.users.find(ref)
        const result = await services.users.setPassword(found.id, password, systemActor)
        await services.sessions.endAllFor(found.id)
        return result
      })
      println(io, `Password of user ${updated.id} (${updated.login}) changed; their sessions have ended.`)
      if (opts.password === undefined) println(io, `Password: ${password}  (shown only this once)`)
    })
}
