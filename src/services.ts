import { createCommentsService } from './comments/index.js'
import type { Config } from './config/index.js'
import { createPermalinks, createPostsService, createTermsService } from './content/index.js'
import type { DatabaseHandle } from './db/index.js'
import { createLocalStorage, createMediaService } from './media/index.js'
import { createSearchService } from './search/index.js'
import { createSettingsService } from './settings/index.js'
import { type Clock, systemClock } from './shared/clock.js'
import { createEvents } from './shared/events.js'
import { createAppPasswordsService, createSessionsService, createUsersRepo, createUsersService } from './users/index.js'

/** Every domain service, wired once: the server, the CLI and the tests all build them here. */
export function createServices({ handle, config, clock = systemClock }: { handle: DatabaseHandle; config: Config; clock?: Clock }) {
  const { db } = handle
  const events = createEvents()
  const settings = createSettingsService({ db, events })
  const terms = createTermsService({ db, events })
  const posts = createPostsService({ db, clock, settings, terms, events })
  return {
    config,
    clock,
    handle,
    events,
    settings,
    terms,
    posts,
    permalinks: createPermalinks({ db, settings, siteUrl: config.siteUrl }),
    users: createUsersService({ repo: createUsersRepo(db), clock, events }),
    sessions: createSessionsService({ db, clock }),
    appPasswords: createAppPasswordsService({ db, clock }),
    comments: createCommentsService({ db, clock, settings, events }),
    media: createMediaService({ db, clock, storage: createLocalStorage(config.uploadsDir), events }),
    search: createSearchService({ db, dialect: handle.dialect, clock, settings, events }),
  }
}

export type Services = ReturnType<typeof createServices>
