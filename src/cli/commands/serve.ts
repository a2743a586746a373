import type { Command } from 'commander'
import { cliConfig, withSite } from '../context.js'
import type { CliIo } from '../io.js'
import { println } from '../output.js'
import { parsePort } from '../parsers.js'

export function registerServeCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('start the web server (stops on Ctrl+C or SIGTERM)')
    .option('-p, --port <port>', 'the port to listen on (default: $PORT or 8080)', parsePort)
    .option('--host <host>', 'the address to listen on (default: $HOST or 127.0.0.1)')
    .action(async (opts: { port?: number; host?: string }, cmd: Command) => {
      const config = cliConfig(io, cmd, { port: opts.port, host: opts.host })
      const server = await io.startServer(config)
      try {
        const users = await withSite(config, (services) => services.users.count())
        println(io, `Pressroom is running at ${server.url}`)
        println(io, users === 0 ? `Create the first administrator account at ${server.url}/admin/setup` : `Admin: ${server.url}/admin`)
        println(io, 'Press Ctrl+C to stop.')
        const reason = await io.untilStopped()
        println(io, `Stopping (${reason})…`)
      } finally {
        await server.close()
      }
      println(io, 'Stopped.')
    })
}
