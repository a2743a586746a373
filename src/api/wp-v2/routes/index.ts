import type { Services } from '../../../services.js'
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

/** Every route of the API, in the order WordPress lists them. */
export function allRoutes(services: Services): RouteDef[] {
  const posts = createPostSerializer(services)
  const routes: RouteDef[] = []
  routes.push(
    ...indexRoutes(() => routes),
    ...postTypeRoutes('post', posts),
    ...revisionRoutes('post'),
    ...postTypeRoutes('page', posts),
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
