import type { HelperInstaller } from './types.js'

/**
 * `{{pressroom_head}}` (also `{{ghost_head}}`) in the layout's <head>: canonical, description, OpenGraph,
 * Twitter card, JSON-LD, feed links and rel=prev/next, prepared for the page by the site.
 */
export const head: HelperInstaller = (hbs) => {
  const render = (...args: unknown[]) => {
    const options = args[args.length - 1] as { data: { root: { head_html?: string } } }
    return new hbs.SafeString(options.data.root.head_html ?? '')
  }
  hbs.registerHelper('pressroom_head', render)
  hbs.registerHelper('ghost_head', render)
}
