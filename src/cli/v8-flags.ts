import { setFlagsFromString } from 'node:v8'

/**
 * How V8 manages the heap of `pressroom serve`, a long-running process whose garbage is almost all short-lived
 * (one request's objects). `--heap-growing-percent=50`: after each full collection the old generation may grow by
 * half of what survived before the next one. V8's own factor, chosen from allocation speed, is 4 on a machine with
 * this much memory: a server with ~30 MB of live data let promoted request garbage pile up to ~115 MB of old
 * generation before its first full collection under load (bench peak RSS 210–270 MB). Full collections of a
 * ~30 MB heap take a few ms of (mostly concurrent) marking every few seconds. It does not cap the heap: a server
 * whose kept data grows keeps growing its heap.
 *
 * Not set here: a young generation kept at its initial 2 × 1 MB (`--semi-space-growth-factor=1`) made the uncached
 * search page cost 30–50 % more CPU (docs/performance.md, Memory); its upper bound is SERVER_NODE_OPTIONS.
 *
 * Set before the CLI's modules are loaded (bin/pressroom.js), so that the collections at start-up use it too.
 * A flag the operator gave (NODE_OPTIONS or node's own arguments) wins.
 */
export const SERVER_V8_FLAGS: readonly string[] = ['--heap-growing-percent=50']

/**
 * Options of node itself for the server, which V8 reads only when the process starts (set later, they do
 * nothing): `npm start` gives them, and so should any other way of starting `pressroom serve` (node's arguments
 * or NODE_OPTIONS). `--max-semi-space-size=4`: the young generation grows to 2 × 4 MB instead of 2 × 16 MB,
 * which V8 reaches while the modules load and keeps resident for the life of the process. Peak RSS of the
 * 10,000-post bench 175–178 → 145–147 MB with the page cache on, 208–211 → 161–165 MB with it off; CPU per
 * request within the noise on every page but the uncached search (+6–9 %), two A/B pairs (docs/performance.md).
 */
export const SERVER_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=4']

/** The flags `serverV8Flags` would set for this command line that the operator did not set already. */
export function serverV8Flags(argv: readonly string[], nodeArgs: readonly string[], nodeOptions = ''): string[] {
  if (commandOf(argv) !== 'serve') return []
  const given = [...nodeArgs, ...nodeOptions.split(/\s+/)].map((a) => a.replace(/_/g, '-'))
  return SERVER_V8_FLAGS.filter((flag) => {
    const name = flag.slice(0, flag.indexOf('='))
    return !given.some((a) => a === name || a.startsWith(`${name}=`))
  })
}

/** Sets the server's V8 flags when the command is `serve` (call before loading anything else). */
export function applyServerV8Flags(argv: readonly string[], nodeArgs: readonly string[], nodeOptions?: string): void {
  for (const flag of serverV8Flags(argv, nodeArgs, nodeOptions)) setFlagsFromString(flag)
}

/** The command: the first argument that is not an option (nor the value of the global `--data`). */
function commandOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--data') i++
    else if (!arg.startsWith('-')) return arg
  }
  return undefined
}
