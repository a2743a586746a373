import type { Config } from './config/index.js'

export interface RunningServer {
  url: string
  close(): Promise<void>
}

/** Opens the site and serves it until closed. (Filled in by the server work.) */
export async function startServer(_config: Config): Promise<RunningServer> {
  throw new Error('not yet')
}
