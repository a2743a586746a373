#!/usr/bin/env node
// The `pressroom` command runs the built CLI (npm install builds it through the `prepare` script).
// The server's V8 settings go first: the young generation grows while the CLI's modules load.
import { applyServerV8Flags } from '../dist/cli/v8-flags.js'

applyServerV8Flags(process.argv.slice(2), process.execArgv, process.env.NODE_OPTIONS)
const { main } = await import('../dist/cli/main.js')
process.exitCode = await main(process.argv.slice(2))
