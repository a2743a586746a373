import { type HelperInstaller } from './types.js'

interface PostView {
  id?: number
  type?: string
  sticky?: boolean
  feature_image?: unknown
  categories?: { slug: string }[]
  tags?: { slug: string }[]
}

/** `{{post_class}}` inside a post: post-ID, type, sticky, has-post-thumbnail, category-x, tag-y. */
export const postClass: HelperInstaller = (hbs) => {
  hbs.registerHelper('post_class', function (this: PostView) {
    const classes = ['post', `post-${this.id}`, `type-${this.type ?? 'post'}`]
    if (this.sticky) classes.push('sticky')
    if (this.feature_image) classes.push('has-post-thumbnail')
    for (const c of this.categories ?? []) classes.push(`category-${c.slug}`)
    for (const t of this.tags ?? []) classes.push(`tag-${t.slug}`)
    return classes.join(' ')
  })
}
