#!/usr/bin/env node
// The `pressroom` command runs the built CLI (npm install builds it through the `prepare` script).
import { main } from '../dist/cli/main.js'

process.exitCode = await main(process.argv.slice(2))
