import type { Command } from 'commander'
import { systemActor } from '../../users/index.js'
import { cliConfig, withSite } from '../context.js'
import type { CliIo } from '../io.js'
import { printJson, println, printTable } from '../output.js'

export function registerAppPasswordCommands(program: Command, io: CliIo): void {
  const appPassword = program.command('app-password').description('manage application passwords (HTTP Basic auth for the REST API)')

  appPassword
    .command('create')
    .description('create an application password and print it once')
    .requiredOption('--user <user>', 'the owner: id, login or email')
    .requiredOption('--name <label>', 'what it is for, e.g. "Publishing bot"')
    .option('--json', 'print {"password", "uuid", "name"} as JSON')
    .action(async (opts: { user: string; name: string; json?: boolean }, cmd: Command) => {
      const { user, password, info } = await withSite(cliConfig(io, cmd), async (services) => {
        const owner = await services.users.find(opts.user)
        return { user: owner, ...(await services.appPasswords.create(owner.id, opts.name, systemActor)) }
      })
      if (opts.json) return printJson(io, { password, uuid: info.uuid, name: info.name, user: user.login })
      println(io, `Created application password "${info.name}" (${info.uuid}) for ${user.login}.`)
      println(io, `Password: ${password}  (shown only this once)`)
    })

  appPassword
    .command('list')
    .description("list a user's application passwords (never the passwords themselves)")
    .requiredOption('--user <user>', 'the owner: id, login or email')
    .option('--json', 'print JSON')
    .action(async (opts: { user: string; json?: boolean }, cmd: Command) => {
      const list = await withSite(cliConfig(io, cmd), async (services) =>
        services.appPasswords.list((await services.users.find(opts.user)).id, systemActor),
      )
      if (opts.json) return printJson(io, list)
      if (!list.length) return println(io, 'No application passwords.')
      printTable(io, ['UUID', 'NAME', 'CREATED', 'LAST USED'], list.map((p) => [p.uuid, p.name, p.created_at, p.last_used_at ?? 'never']))
    })

  appPassword
    .command('revoke')
    .description('revoke an application password')
    .requiredOption('--user <user>', 'the owner: id, login or email')
    .argument('<uuid>', 'the password\'s UUID (see "app-password list")')
    .action(async (uuid: string, opts: { user: string }, cmd: Command) => {
      await withSite(cliConfig(io, cmd), async (services) => services.appPasswords.revoke((await services.users.find(opts.user)).id, uuid, systemActor))
      println(io, `Revoked application password ${uuid}.`)
    })
}
