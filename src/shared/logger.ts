import { pino, type Logger } from 'pino'

export type { Logger }

/** Cookies, passwords and tokens never reach the logs. */
export const redactPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.pass',
]

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: redactPaths, censor: '[redacted]' } })
}
