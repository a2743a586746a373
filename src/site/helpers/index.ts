import type { Theme } from '../theme/theme.js'
import { asset } from './asset.js'
import { bodyClass } from './body-class.js'
import { compare } from './compare.js'
import { date } from './date.js'
import { encode } from './encode.js'
import { excerpt } from './excerpt.js'
import { foot } from './foot.js'
import { foreach } from './foreach.js'
import { head } from './head.js'
import { imgUrl } from './img-url.js'
import { is } from './is.js'
import { keep } from './keep.js'
import { navigation } from './navigation.js'
import { pagination } from './pagination.js'
import { plural } from './plural.js'
import { postClass } from './post-class.js'
import { readingTime } from './reading-time.js'
import { translate } from './translate.js'
import type { Hbs } from './types.js'

const ALL = [asset, bodyClass, compare, date, encode, excerpt, foot, foreach, head, imgUrl, is, keep, navigation, pagination, plural, postClass, readingTime, translate]

/** Every theme helper, named as Ghost names them where the meaning is the same. */
export function registerHelpers(hbs: Hbs, theme: Theme): void {
  for (const install of ALL) install(hbs, theme)
}
