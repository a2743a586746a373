import type { Command } from 'commander'
import { isSettingKey, parseSettingInput, SETTING_KEYS, type SettingKey } from '../../settings/index.js'
import { invalid } from '../../shared/errors.js'
import { systemActor } from '../../users/index.js'
import { cliConfig, withSite } from '../context.js'
import type { CliIo } from '../io.js'
import { formatValue, printJson, println, printTable } from '../output.js'

function checkKey(key: string): SettingKey {
  if (!isSettingKey(key)) throw invalid('unknown_setting', `Unknown setting "${key}". Known settings: ${SETTING_KEYS.join(', ')}.`, { key })
  return key
}

export function registerSettingCommands(program: Command, io: CliIo): void {
  const setting = program.command('setting').description('read and change site settings')

  setting
    .command('get')
    .description('print a setting (objects as JSON)')
    .argument('<key>', 'the setting, e.g. title or posts_per_page (see "setting list")')
    .option('--json', 'print the value as JSON, strings included')
    .action(async (key: string, opts: { json?: boolean }, cmd: Command) => {
      const name = checkKey(key)
      const value = await withSite(cliConfig(io, cmd), (services) => services.settings.get(name))
      println(io, opts.json ? JSON.stringify(value, null, 2) : formatValue(value))
    })

  setting
    .command('set')
    .description('change a setting (numbers, true/false and JSON where the setting wants them)')
    .argument('<key>', 'the setting, e.g. title or posts_per_page')
    .argument('<value>', 'the new value')
    .action(async (key: string, text: string, _opts: unknown, cmd: Command) => {
      const value = parseSettingInput(key, text)
      const saved = await withSite(cliConfig(io, cmd), async (services) => (await services.settings.set(key, value, systemActor))[checkKey(key)])
      println(io, `${key} = ${formatValue(saved)}`)
    })

  setting
    .command('list')
    .description('list every setting with its value')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const all = await withSite(cliConfig(io, cmd), (services) => services.settings.all())
      if (opts.json) return printJson(io, all)
      printTable(io, ['KEY', 'VALUE'], Object.entries(all))
    })
}
