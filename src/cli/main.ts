import { readFileSync } from 'node:fs'
import { Command } from 'commander'
import { registerAppPasswordCommands } from './commands/app-password.js'
import { registerBackupCommands } from './commands/backup.js'
import { registerCommentCommands } from './commands/comment.js'
import { registerExportCommands } from './commands/export.js'
import { registerImportCommands } from './commands/import.js'
import { registerMigrateCommand } from './commands/migrate.js'
import { registerPostCommands } from './commands/post.js'
import { registerSearchCommands } from './commands/search.js'
import { registerServeCommand } from './commands/serve.js'
import { registerSettingCommands } from './commands/setting.js'
import { registerUserCommands } from './commands/user.js'
import { EXIT, oneLine, reportError } from './errors.js'
import { type CliIo, type CliOptions, processIo } from './io.js'

export type { CliIo, CliOptions } from './io.js'

/**
 * Runs the `pressroom` command and resolves to its exit code; it never exits the process, so tests run it in
 * process. Whatever `options` leaves out comes from the real process (argv without node and the script).
 */
export async function main(argv: string[], options: CliOptions = {}): Promise<number> {
  const io = processIo(options)
  try {
    await buildProgram(io).parseAsync(argv, { from: 'user' })
    return EXIT.ok
  } catch (err) {
    return reportError(err, io)
  }
}

/** A fresh command tree per run: commander keeps parsed values on its command objects. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('pressroom')
    .description('Run and manage a Pressroom site.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--data <dir>', 'the site\'s data folder (default: $PRESSROOM_DATA or ./data)')
    .helpOption('-h, --help', 'show help for a command')
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // Commander puts "did you mean" suggestions on a second line: errors here are always one line.
      outputError: (message, write) => write(`${oneLine(message)}\n`),
    })
  program.addHelpText('after', '\nRun "pressroom <command> --help" for the options of a command.')
  registerServeCommand(program, io)
  registerMigrateCommand(program, io)
  registerUserCommands(program, io)
  registerAppPasswordCommands(program, io)
  registerPostCommands(program, io)
  registerSearchCommands(program, io)
  registerCommentCommands(program, io)
  registerSettingCommands(program, io)
  registerBackupCommands(program, io)
  registerImportCommands(program, io)
  registerExportCommands(program, io)
  return program
}

function packageVersion(): string {
  try {
    // src/cli/ and dist/cli/ are both two levels below the package.
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }
    return pkg.version ?? '0.0.0'
  } catch {
    return '0.0.0'
  }
}
