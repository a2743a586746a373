import { init } from './0001-init.js'
import { comments } from './0002-comments.js'
import { wxr } from './0003-wxr.js'
import { search } from './0005-search.js'
import { autosaves } from './0007-autosaves.js'
import { termNames } from './0009-term-names.js'
import { searchTermsVector } from './0010-search-terms-vector.js'
import { sitemapIndex } from './0012-sitemap-index.js'
import { listingHeads } from './0013-listing-heads.js'
import { relatedLists } from './0014-related-lists.js'
import type { Migration } from './migration.js'

export type { Migration }

/** Every migration, in order. A new one goes at the end; a released one is never edited. */
export const migrations: readonly Migration[] = [init, comments, wxr, search, autosaves, termNames, searchTermsVector, sitemapIndex, listingHeads, relatedLists]
