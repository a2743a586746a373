import { InvalidArgumentError } from 'commander'

/** A database id: a positive whole number. */
export function parseId(value: string): number {
  const id = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(id) || id < 1) throw new InvalidArgumentError('It must be a positive whole number.')
  return id
}

export function parsePort(value: string): number {
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('It must be a whole number from 0 to 65535.')
  return port
}

/** For options given several times: `--tag a --tag b`. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value]
