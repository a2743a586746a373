import { z } from 'zod'

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}, 'must be an IANA time zone such as UTC or Europe/Paris')

const permalinkStructure = z
  .string()
  .max(200)
  .refine((s) => s === '' || s.startsWith('/'), 'must start with / (and usually end with /)')
  .refine((s) => s === '' || /%(postname|post_id)%/.test(s), 'must contain %postname% or %post_id%')
  .refine((s) => (s.match(/%[a-z_]+%/g) ?? []).every((tag) => PERMALINK_TAGS.includes(tag)), {
    message: 'uses an unknown tag: the known ones are %year% %monthnum% %day% %hour% %minute% %second% %postname% %post_id% %category% %author%',
  })
  .refine((s) => !/[\s?#\\]/.test(s), 'may not contain spaces, ?, # or \\')

export const PERMALINK_TAGS = ['%year%', '%monthnum%', '%day%', '%hour%', '%minute%', '%second%', '%postname%', '%post_id%', '%category%', '%author%']

const menuItem: z.ZodType<MenuItem> = z.lazy(() =>
  z.object({
    label: z.string().min(1).max(200),
    type: z.enum(['page', 'category', 'tag', 'url', 'home']),
    target: z.union([z.string(), z.number()]).optional(),
    children: z.array(menuItem).optional(),
  }),
)
export interface MenuItem {
  label: string
  type: 'page' | 'category' | 'tag' | 'url' | 'home'
  target?: string | number | undefined
  children?: MenuItem[] | undefined
}

const count = (min: number, max: number) => z.number().int().min(min).max(max)
const words = z.string().max(100_000)

/** Every site setting with its type and default: WordPress's option names where WordPress has one. */
export const SETTINGS = {
  // General
  title: z.string().max(200).default('Pressroom'),
  tagline: z.string().max(500).default('Just another Pressroom site'),
  timezone: timeZone.default('UTC'),
  date_format: z.string().min(1).max(50).default('F j, Y'),
  time_format: z.string().min(1).max(50).default('g:i a'),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or en-GB').default('en'),
  admin_email: z.union([z.literal(''), z.email()]).default(''),
  /** 0 is Sunday, 1 Monday… as WordPress's `start_of_week`. */
  start_of_week: count(0, 6).default(1),
  // Reading
  posts_per_page: count(1, 100).default(10),
  posts_per_feed: count(1, 100).default(10),
  feed_use_excerpt: z.boolean().default(false),
  show_on_front: z.enum(['posts', 'page']).default('posts'),
  page_on_front: count(0, Number.MAX_SAFE_INTEGER).default(0),
  page_for_posts: count(0, Number.MAX_SAFE_INTEGER).default(0),
  related_posts_count: count(0, 20).default(4),
  /** False asks search engines not to index the site (robots meta and robots.txt), as WordPress's `blog_public`. */
  blog_public: z.boolean().default(true),
  // Permalinks
  /** Empty is WordPress's "plain": `/?p=123`. */
  permalink_structure: permalinkStructure.default('/%year%/%monthnum%/%day%/%postname%/'),
  category_base: z.string().regex(/^[a-z0-9-]+$/).default('category'),
  tag_base: z.string().regex(/^[a-z0-9-]+$/).default('tag'),
  // Appearance
  theme: z.string().regex(/^[a-z0-9-]+$/, 'must be a theme folder name').default('default'),
  menus: z.record(z.string(), z.array(menuItem)).default({ primary: [] }),
  // Discussion
  default_comment_status: z.enum(['open', 'closed']).default('open'),
  require_name_email: z.boolean().default(true),
  comment_registration: z.boolean().default(false),
  close_comments_for_old_posts: z.boolean().default(false),
  close_comments_days_old: count(1, 100_000).default(14),
  thread_comments: z.boolean().default(true),
  thread_comments_depth: count(1, 10).default(5),
  comment_moderation: z.boolean().default(false),
  comment_previously_approved: z.boolean().default(true),
  comment_max_links: count(0, 1000).default(2),
  moderation_keys: words.default(''),
  disallowed_keys: words.default(''),
  comment_flood_seconds: count(0, 86_400).default(15),
  comment_min_fill_seconds: count(0, 3600).default(3),
  comment_rate_per_hour: count(0, 100_000).default(30),
  comment_post_rate_per_minute: count(0, 100_000).default(60),
  comments_notify: z.boolean().default(true),
  moderation_notify: z.boolean().default(true),
  show_avatars: z.boolean().default(true),
  avatar_gravatar: z.boolean().default(false),
  // Mail (comment notifications): off until an SMTP server is named, e.g. smtps://user:password@mail.example.com
  mail_smtp_url: z.union([z.literal(''), z.string().regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL')]).default(''),
  mail_from: z.union([z.literal(''), z.email()]).default(''),
} as const

export type SettingKey = keyof typeof SETTINGS
export type Settings = { [K in SettingKey]: z.output<(typeof SETTINGS)[K]> }

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[]

export const isSettingKey = (key: string): key is SettingKey => Object.hasOwn(SETTINGS, key)

export function defaultSettings(): Settings {
  return Object.fromEntries(SETTING_KEYS.map((key) => [key, SETTINGS[key].parse(undefined)])) as Settings
}
