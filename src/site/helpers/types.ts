import type Handlebars from 'handlebars'
import type { Theme } from '../theme/theme.js'

export type Hbs = typeof Handlebars
/** Registers one helper on a theme's own Handlebars environment. */
export type HelperInstaller = (hbs: Hbs, theme: Theme) => void

export interface HelperOptions {
  fn?: (context: unknown, options?: { data?: unknown; blockParams?: unknown[] }) => string
  inverse?: (context: unknown) => string
  hash: Record<string, unknown>
  data: { root: Record<string, unknown>; site?: Record<string, unknown>; [key: string]: unknown }
}

/** The last argument Handlebars passes to every helper. */
export const optionsOf = (args: unknown[]): HelperOptions => args[args.length - 1] as HelperOptions
export const valuesOf = (args: unknown[]): unknown[] => args.slice(0, -1)
