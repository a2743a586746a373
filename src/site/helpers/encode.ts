import type { HelperInstaller } from './types.js'

/** `{{encode title}}`: a value made safe inside a URL (share links). */
export const encode: HelperInstaller = (hbs) => {
  hbs.registerHelper('encode', (value: unknown) => encodeURIComponent(String(value ?? '')))
}
