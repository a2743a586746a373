import type { JsonType, Schema } from './args.js'

/** Item schemas as WordPress publishes them: which fields exist, their types, and in which contexts they show. */
type ItemSchema = Schema & { $schema: string; title: string }

const ALL = ['view', 'edit', 'embed'] as const
const VE = ['view', 'edit'] as const
const EDIT = ['edit'] as const

const p = (type: JsonType | readonly JsonType[], context: readonly string[], description: string, extra: Partial<Schema> = {}): Schema => ({ description, type, context, ...extra })
const ro = (type: JsonType | readonly JsonType[], context: readonly string[], description: string, extra: Partial<Schema> = {}) => p(type, context, description, { readonly: true, ...extra })
const rendered = (what: string, context: readonly string[], renderedContext: readonly string[], extra: Record<string, Schema> = {}): Schema =>
  p('object', context, `The ${what} for the object.`, {
    properties: {
      raw: p('string', EDIT, `${cap(what)} for the object, as it exists in the database.`),
      rendered: ro('string', renderedContext, `HTML ${what} for the object, transformed for display.`),
      ...extra,
    },
  })
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1)
const item = (title: string, properties: Record<string, Schema>): ItemSchema => ({ $schema: 'http://json-schema.org/draft-04/schema#', title, type: 'object', properties })

export const POST_STATUS_ENUM = ['publish', 'future', 'draft', 'pending', 'private'] as const

function postProperties(type: 'post' | 'page' | 'attachment'): Record<string, Schema> {
  const base: Record<string, Schema> = {
    date: p(['string', 'null'], ALL, "The date the object was published, in the site's timezone.", { format: 'date-time' }),
    date_gmt: p(['string', 'null'], VE, 'The date the object was published, as GMT.', { format: 'date-time' }),
    guid: ro('object', VE, 'The globally unique identifier for the object.', {
      properties: { raw: ro('string', EDIT, 'GUID for the object, as it exists in the database.'), rendered: ro('string', VE, 'GUID for the object, transformed for display.') },
    }),
    id: ro('integer', ALL, 'Unique identifier for the object.'),
    link: ro('string', ALL, 'URL to the object.', { format: 'uri' }),
    modified: ro('string', VE, "The date the object was last modified, in the site's timezone.", { format: 'date-time' }),
    modified_gmt: ro('string', VE, 'The date the object was last modified, as GMT.', { format: 'date-time' }),
    slug: p('string', ALL, 'An alphanumeric identifier for the object unique to its type.'),
    status: p('string', VE, 'A named status for the object.', { enum: POST_STATUS_ENUM }),
    type: ro('string', ALL, 'Type of post.'),
  }
  if (type === 'attachment') {
    return {
      ...base,
      permalink_template: ro('string', EDIT, 'Permalink template for the object.'),
      generated_slug: ro('string', EDIT, 'Slug automatically generated from the object title.'),
      title: rendered('title', ALL, ALL),
      author: p('integer', ALL, 'The ID for the author of the object.'),
      comment_status: p('string', VE, 'Whether or not comments are open on the object.', { enum: ['open', 'closed'] }),
      ping_status: p('string', VE, 'Whether or not the object can be pinged.', { enum: ['open', 'closed'] }),
      meta: p('object', VE, 'Meta fields.', { properties: {} }),
      template: p('string', VE, 'The theme file to use to display the object.'),
      alt_text: p('string', ALL, 'Alternative text to display when attachment is not displayed.'),
      caption: rendered('caption', ALL, ALL),
      description: rendered('description', VE, VE),
      media_type: ro('string', ALL, 'Attachment type.', { enum: ['image', 'file'] }),
      mime_type: ro('string', ALL, 'The attachment MIME type.'),
      media_details: ro('object', ALL, 'Details about the media file, specific to its type.', { properties: {} }),
      post: p('integer', VE, 'The ID for the associated post of the attachment.'),
      source_url: ro('string', ALL, 'URL to the original attachment file.', { format: 'uri' }),
      missing_image_sizes: ro('array', EDIT, 'List of the missing image sizes of the attachment.', { items: { type: 'string' } }),
    }
  }
  const props: Record<string, Schema> = {
    ...base,
    password: p('string', EDIT, 'A password to protect access to the content and excerpt.'),
    permalink_template: ro('string', EDIT, 'Permalink template for the object.'),
    generated_slug: ro('string', EDIT, 'Slug automatically generated from the object title.'),
    ...(type === 'page' ? { parent: p('integer', VE, 'The ID for the parent of the object.') } : {}),
    title: rendered('title', ALL, ALL),
    content: rendered('content', VE, VE, {
      block_version: ro('integer', EDIT, 'Version of the content block format used by the object.'),
      protected: ro('boolean', ALL, 'Whether the content is protected with a password.'),
    }),
    author: p('integer', ALL, 'The ID for the author of the object.'),
    excerpt: rendered('excerpt', ALL, ALL, { protected: ro('boolean', ALL, 'Whether the excerpt is protected with a password.') }),
    featured_media: p('integer', ALL, 'The ID of the featured media for the object.'),
    comment_status: p('string', VE, 'Whether or not comments are open on the object.', { enum: ['open', 'closed'] }),
    ping_status: p('string', VE, 'Whether or not the object can be pinged.', { enum: ['open', 'closed'] }),
    ...(type === 'page' ? { menu_order: p('integer', VE, 'The order of the object in relation to other object of its type.') } : {}),
    ...(type === 'post'
      ? {
          format: p('string', VE, 'The format for the object.', { enum: ['standard', 'aside', 'chat', 'gallery', 'link', 'image', 'quote', 'status', 'video', 'audio'] }),
          meta: p('object', VE, 'Meta fields.', { properties: {} }),
          sticky: p('boolean', VE, 'Whether or not the object should be treated as sticky.'),
        }
      : { meta: p('object', VE, 'Meta fields.', { properties: {} }) }),
    template: p('string', VE, 'The theme file to use to display the object.'),
    ...(type === 'post'
      ? {
          categories: p('array', VE, 'The terms assigned to the object in the category taxonomy.', { items: { type: 'integer' } }),
          tags: p('array', VE, 'The terms assigned to the object in the post_tag taxonomy.', { items: { type: 'integer' } }),
          related: ro('array', VE, 'The IDs of the "Read Also" posts: published posts most related to this one, best first.', { items: { type: 'integer' } }),
        }
      : {}),
  }
  return props
}

export const postSchema = item('post', postProperties('post'))
export const pageSchema = item('page', postProperties('page'))
export const mediaSchema = item('attachment', postProperties('attachment'))

export const revisionSchema = item('post-revision', {
  author: p('integer', ALL, 'The ID for the author of the revision.'),
  date: p('string', ALL, "The date the revision was published, in the site's timezone.", { format: 'date-time' }),
  date_gmt: p('string', VE, 'The date the revision was published, as GMT.', { format: 'date-time' }),
  guid: p('object', VE, 'GUID for the revision, as it exists in the database.', { properties: { raw: ro('string', EDIT, 'GUID for the object.'), rendered: ro('string', VE, 'GUID for the object, transformed for display.') } }),
  id: p('integer', ALL, 'Unique identifier for the revision.'),
  modified: p('string', VE, "The date the revision was last modified, in the site's timezone.", { format: 'date-time' }),
  modified_gmt: p('string', VE, 'The date the revision was last modified, as GMT.', { format: 'date-time' }),
  parent: p('integer', ALL, 'The ID for the parent of the revision.'),
  slug: p('string', ALL, 'An alphanumeric identifier for the revision unique to its type.'),
  title: rendered('title', ALL, ALL),
  content: rendered('content', ALL, ALL),
  excerpt: rendered('excerpt', ALL, ALL),
})

function termProperties(hierarchical: boolean): Record<string, Schema> {
  return {
    id: ro('integer', ALL, 'Unique identifier for the term.'),
    count: ro('integer', VE, 'Number of published posts for the term.'),
    description: p('string', VE, 'HTML description of the term.'),
    link: ro('string', ALL, 'URL of the term.', { format: 'uri' }),
    name: p('string', ALL, 'HTML title for the term.', { required: true }),
    slug: p('string', ALL, 'An alphanumeric identifier for the term unique to its type.'),
    taxonomy: ro('string', ALL, 'Type attribution for the term.', { enum: [hierarchical ? 'category' : 'post_tag'] }),
    ...(hierarchical ? { parent: p('integer', VE, 'The parent term ID.') } : {}),
    meta: p('object', VE, 'Meta fields.', { properties: {} }),
  }
}
export const categorySchema = item('category', termProperties(true))
export const tagSchema = item('tag', termProperties(false))

const avatarUrls = ro('object', ALL, 'Avatar URLs for the object.', { properties: { 24: { type: 'string', format: 'uri' }, 48: { type: 'string', format: 'uri' }, 96: { type: 'string', format: 'uri' } } })

export const userSchema = item('user', {
  id: ro('integer', ALL, 'Unique identifier for the user.'),
  username: p('string', EDIT, 'Login name for the user.', { required: true }),
  name: p('string', ALL, 'Display name for the user.'),
  first_name: p('string', EDIT, 'First name for the user.'),
  last_name: p('string', EDIT, 'Last name for the user.'),
  email: p('string', EDIT, 'The email address for the user.', { format: 'email', required: true }),
  url: p('string', ALL, 'URL of the user.', { format: 'uri' }),
  description: p('string', ALL, 'Description of the user.'),
  link: ro('string', ALL, 'Author URL of the user.', { format: 'uri' }),
  locale: p('string', EDIT, 'Locale for the user.', { enum: ['', 'en_US'] }),
  nickname: p('string', EDIT, 'The nickname for the user.'),
  slug: p('string', ALL, 'An alphanumeric identifier for the user.'),
  registered_date: ro('string', EDIT, 'Registration date for the user.', { format: 'date-time' }),
  roles: p('array', EDIT, 'Roles assigned to the user.', { items: { type: 'string' } }),
  password: p('string', [], 'Password for the user (never included).', { required: true }),
  capabilities: ro('object', EDIT, 'All capabilities assigned to the user.'),
  extra_capabilities: ro('object', EDIT, 'Any extra capabilities assigned to the user.'),
  avatar_urls: avatarUrls,
  meta: p('object', VE, 'Meta fields.', { properties: {} }),
})

export const COMMENT_STATUS_ENUM = ['approved', 'hold', 'spam', 'trash'] as const
export const commentSchema = item('comment', {
  id: ro('integer', ALL, 'Unique identifier for the comment.'),
  author: p('integer', ALL, 'The ID of the user object, if author was a user.'),
  author_email: p('string', EDIT, 'Email address for the comment author.', { format: 'email' }),
  author_ip: p('string', EDIT, 'IP address for the comment author.', { format: 'ip' }),
  author_name: p('string', ALL, 'Display name for the comment author.'),
  author_url: p('string', ALL, 'URL for the comment author.', { format: 'uri' }),
  author_user_agent: p('string', EDIT, 'User agent for the comment author.'),
  content: rendered('content', ALL, ALL),
  date: p('string', ALL, "The date the comment was published, in the site's timezone.", { format: 'date-time' }),
  date_gmt: p('string', VE, 'The date the comment was published, as GMT.', { format: 'date-time' }),
  link: ro('string', ALL, 'URL to the comment.', { format: 'uri' }),
  parent: p('integer', ALL, 'The ID for the parent of the comment.', { default: 0 }),
  post: p('integer', VE, 'The ID of the associated post object.', { default: 0 }),
  status: p('string', VE, 'State of the comment.'),
  type: ro('string', ALL, 'Type of the comment.'),
  author_avatar_urls: avatarUrls,
  meta: p('object', VE, 'Meta fields.', { properties: {} }),
})

export const typeSchema = item('type', {
  capabilities: ro('object', EDIT, 'All capabilities used by the post type.'),
  description: ro('string', VE, 'A human-readable description of the post type.'),
  hierarchical: ro('boolean', VE, 'Whether or not the post type should have children.'),
  viewable: ro('boolean', EDIT, 'Whether or not the post type can be viewed.'),
  labels: ro('object', EDIT, 'Human-readable labels for the post type for various contexts.'),
  name: ro('string', ALL, 'The title for the post type.'),
  slug: ro('string', ALL, 'An alphanumeric identifier for the post type.'),
  supports: ro('object', EDIT, 'All features, supported by the post type.'),
  has_archive: ro(['string', 'boolean'], VE, 'If the value is a string, the value will be used as the archive slug.'),
  taxonomies: ro('array', VE, 'Taxonomies associated with post type.', { items: { type: 'string' } }),
  rest_base: ro('string', ALL, 'REST base route for the post type.'),
  rest_namespace: ro('string', ALL, 'REST route\'s namespace for the post type.'),
  visibility: ro('object', EDIT, 'The visibility settings for the post type.'),
  icon: ro(['string', 'null'], ALL, 'The icon for the post type.'),
})

export const taxonomySchema = item('taxonomy', {
  capabilities: ro('object', EDIT, 'All capabilities used by the taxonomy.'),
  description: ro('string', VE, 'A human-readable description of the taxonomy.'),
  hierarchical: ro('boolean', VE, 'Whether or not the taxonomy should have children.'),
  labels: ro('object', EDIT, 'Human-readable labels for the taxonomy for various contexts.'),
  name: ro('string', ALL, 'The title for the taxonomy.'),
  slug: ro('string', ALL, 'An alphanumeric identifier for the taxonomy.'),
  show_cloud: ro('boolean', EDIT, 'Whether or not the term cloud should be displayed.'),
  types: ro('array', VE, 'Types associated with the taxonomy.', { items: { type: 'string' } }),
  rest_base: ro('string', ALL, 'REST base route for the taxonomy.'),
  rest_namespace: ro('string', ALL, 'REST namespace route for the taxonomy.'),
  visibility: ro('object', EDIT, 'The visibility settings for the taxonomy.'),
})

export const statusSchema = item('status', {
  name: ro('string', ALL, 'The title for the status.'),
  private: ro('boolean', EDIT, 'Whether posts with this status should be private.'),
  protected: ro('boolean', EDIT, 'Whether posts with this status should be protected.'),
  public: ro('boolean', VE, 'Whether posts of this status should be shown in the front end of the site.'),
  queryable: ro('boolean', VE, 'Whether posts with this status should be publicly-queryable.'),
  show_in_list: ro('boolean', EDIT, 'Whether to include posts in the edit listing for their post type.'),
  slug: ro('string', ALL, 'An alphanumeric identifier for the status.'),
  date_floating: ro('boolean', VE, 'Whether posts of this status may have floating published dates.'),
})

export const searchSchema = item('search-result', {
  id: ro(['integer', 'string'], ALL, 'Unique identifier for the object.'),
  title: ro('string', ALL, 'The title for the object.'),
  url: ro('string', ALL, 'URL to the object.', { format: 'uri' }),
  type: ro('string', ALL, 'Object type.', { enum: ['post', 'term', 'post-format'] }),
  subtype: ro('string', ALL, 'Object subtype.', { enum: ['post', 'page', 'category', 'post_tag'] }),
})

/** The settings WordPress's `/wp/v2/settings` shows (no contexts: the route is for administrators alone). */
const setting = (type: JsonType | readonly JsonType[], description: string, extra: Partial<Schema> = {}): Schema => ({ type, description, ...extra })
export const settingsSchema = item('settings', {
  title: setting('string', 'Site title.'),
  description: setting('string', 'Site tagline.'),
  url: setting('string', 'Site URL.', { format: 'uri' }),
  email: setting('string', 'This address is used for admin purposes, like new user notification.', { format: 'email' }),
  timezone: setting('string', 'A city in the same timezone as you.'),
  date_format: setting('string', 'A date format for all date strings.'),
  time_format: setting('string', 'A time format for all time strings.'),
  start_of_week: setting('integer', 'A day number of the week that the week should start on.'),
  language: setting('string', 'WordPress locale code.'),
  use_smilies: setting('boolean', 'Convert emoticons like :-) and :-P to graphics on display.'),
  default_category: setting('integer', 'Default post category.'),
  default_post_format: setting('string', 'Default post format.'),
  posts_per_page: setting('integer', 'Blog pages show at most.'),
  show_on_front: setting('string', 'What to show on the front page'),
  page_on_front: setting('integer', 'The ID of the page that should be displayed on the front page'),
  page_for_posts: setting('integer', 'The ID of the page that should display the latest posts'),
  default_ping_status: setting('string', 'Allow link notifications from other blogs (pingbacks and trackbacks) on new articles.', { enum: ['open', 'closed'] }),
  default_comment_status: setting('string', 'Allow people to submit comments on new posts.', { enum: ['open', 'closed'] }),
  site_logo: setting('integer', 'Site logo.'),
  site_icon: setting('integer', 'Site icon.'),
})
