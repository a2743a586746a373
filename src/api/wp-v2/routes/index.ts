import type { Services } from '../../../services.js'
import { createKeptLists } from '../../../site/kept-lists.js'
import type { RouteDef } from '../rest.js'
import { createPostSerializer } from '../serializers/post.js'
import { appPasswordRoutes } from './app-passwords.routes.js'
import { commentRoutes } from './comments.routes.js'
import { indexRoutes } from './index.routes.js'
import { mediaRoutes } from './media.routes.js'
import { revisionRoutes, searchRoutes, settingsRoutes } from './misc.routes.js'
import { postTypeRoutes } from './posts.routes.js'
import { registryRoutes } from './registries.routes.js'
import { termRoutes } from './terms.routes.js'
import { userRoutes } from './users.routes.js'

const MAX_TOTALS_KEPT = 1000

/** Every route of the API, in the order WordPress lists them. */
export function allRoutes(services: Services): RouteDef[] {
  const posts = createPostSerializer(services)
  // Totals of readers' lists of posts and pages, by query (a few filters each: most clients ask the same few).
  const totals = createKeptLists<number>(services.events, MAX_TOTALS_KEPT)
  const routes: RouteDef[] = []
  routes.push(
    ...indexRoutes(() => routes),
    ...postTypeRoutes('post', posts, totals),
    ...revisionRoutes('post'),
    ...postTypeRoutes('page', posts, totals),
    ...revisionRoutes('page'),
    ...mediaRoutes(),
    ...registryRoutes(),
    ...termRoutes('category'),
    ...termRoutes('post_tag'),
    ...userRoutes(),
    ...appPasswordRoutes(),
    ...commentRoutes(),
    ...searchRoutes(),
    ...settingsRoutes(),
  )
  return routes
}
