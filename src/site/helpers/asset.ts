import type { HelperInstaller } from './types.js'

/** `{{asset "css/style.css"}}`: the content-hashed URL of a theme file, cacheable for a year. */
export const asset: HelperInstaller = (hbs, theme) => {
  hbs.registerHelper('asset', (file: unknown) => theme.assetPath(String(file)))
}
