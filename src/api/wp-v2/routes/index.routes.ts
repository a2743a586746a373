import { describeRoute } from '../dispatch.js'
import { READABLE, type RestContext, type RouteDef } from '../rest.js'

/** `GET /wp-json/` and `GET /wp-json/wp/v2`: what the site is and every route it answers, with arguments. */
export function indexRoutes(all: () => readonly RouteDef[]): RouteDef[] {
  const routesOf = (ctx: RestContext, namespace?: string) =>
    Object.fromEntries(all().filter((r) => !namespace || r.namespace === namespace).map((r) => [r.pattern, describeRoute(r, ctx.api)]))

  return [
    {
      pattern: '/',
      namespace: '',
      endpoints: [
        {
          methods: READABLE,
          args: { context: { default: 'view' } },
          handler: async (ctx) => {
            const settings = await ctx.services.settings.all()
            return {
              body: {
                name: settings.title,
                description: settings.tagline,
                url: ctx.siteUrl,
                home: ctx.siteUrl,
                gmt_offset: String(offsetHours(settings.timezone, ctx.services.clock.now())),
                timezone_string: settings.timezone,
                namespaces: [...new Set(all().map((r) => r.namespace).filter(Boolean))],
                authentication: [],
                routes: routesOf(ctx),
                site_logo: 0,
                site_icon: 0,
                site_icon_url: '',
                _links: { help: [{ href: 'https://developer.wordpress.org/rest-api/' }] },
              },
            }
          },
        },
      ],
    },
    {
      pattern: '/wp/v2',
      namespace: 'wp/v2',
      endpoints: [
        {
          methods: READABLE,
          args: { namespace: { default: 'wp/v2' }, context: { default: 'view' } },
          handler: async (ctx) => ({ body: { namespace: 'wp/v2', routes: routesOf(ctx, 'wp/v2'), _links: { up: [{ href: ctx.api('/') }] } } }),
        },
      ],
    },
  ]
}

/** Hours a time zone is ahead of UTC at `now` (5.5 for Asia/Kolkata). */
export function offsetHours(timeZone: string, now: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(now)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'))
  return Math.round((asUtc - Math.floor(now.getTime() / 60000) * 60000) / 36e5 * 100) / 100
}
