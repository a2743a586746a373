import type { HelperInstaller } from './types.js'

/** `{{pressroom_foot}}` (also `{{ghost_foot}}`) before </body>: scripts the site adds to every page. */
export const foot: HelperInstaller = (hbs) => {
  const render = (...args: unknown[]) => {
    const options = args[args.length - 1] as { data: { root: { foot_html?: string } } }
    return new hbs.SafeString(options.data.root.foot_html ?? '')
  }
  hbs.registerHelper('pressroom_foot', render)
  hbs.registerHelper('ghost_foot', render)
}
