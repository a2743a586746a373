/** Small WXR documents for tests and the import benchmark, written the way WordPress writes them. */

export interface ItemSpec {
  id: number
  title?: string
  type?: string
  status?: string
  name?: string
  content?: string
  excerpt?: string
  date?: string
  dateGmt?: string
  parent?: number
  menuOrder?: number
  creator?: string
  password?: string
  sticky?: boolean
  commentStatus?: string
  link?: string
  guid?: string
  attachmentUrl?: string
  terms?: { domain: string; slug: string; name: string }[]
  meta?: Record<string, string>
  comments?: CommentSpec[]
}

export interface CommentSpec {
  id: number
  author?: string
  email?: string
  date?: string
  dateGmt?: string
  content?: string
  approved?: string
  parent?: number
  type?: string
  /** The old site's id of the registered user who wrote it. */
  userId?: number
}

export const cdata = (text: string) => `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`
const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

export const SITE = 'https://old.example.com'

export function wxrHeader({ version = '1.2', site = SITE, extra = '' }: { version?: string; site?: string; extra?: string } = {}): string {
  const ns = `http://wordpress.org/export/${version}/`
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="${ns}excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="${ns}">
<channel>
\t<title>Old site</title>
\t<link>${site}</link>
\t<description>Just another WordPress site</description>
\t<language>en</language>
\t<wp:wxr_version>${version}</wp:wxr_version>
\t<wp:base_site_url>${site}</wp:base_site_url>
\t<wp:base_blog_url>${site}</wp:base_blog_url>
\t<wp:author><wp:author_id>1</wp:author_id><wp:author_login>${cdata('editor')}</wp:author_login><wp:author_email>${cdata('editor@old.example.com')}</wp:author_email><wp:author_display_name>${cdata('Ed Itor')}</wp:author_display_name><wp:author_first_name>${cdata('Ed')}</wp:author_first_name><wp:author_last_name>${cdata('Itor')}</wp:author_last_name></wp:author>
${extra}`
}

export const wxrFooter = () => '</channel>\n</rss>\n'

export function wxrItem(spec: ItemSpec): string {
  const type = spec.type ?? 'post'
  const date = spec.date ?? '2024-03-05 10:00:00'
  const link = spec.link ?? `${SITE}/?p=${spec.id}`
  const terms = (spec.terms ?? []).map((t) => `\t\t<category domain="${t.domain}" nicename="${esc(t.slug)}">${cdata(t.name)}</category>\n`).join('')
  const meta = Object.entries(spec.meta ?? {}).map(([k, v]) => `\t\t<wp:postmeta><wp:meta_key>${cdata(k)}</wp:meta_key><wp:meta_value>${cdata(v)}</wp:meta_value></wp:postmeta>\n`).join('')
  const comments = (spec.comments ?? []).map((c) => `\t\t<wp:comment>
\t\t\t<wp:comment_id>${c.id}</wp:comment_id>
\t\t\t<wp:comment_author>${cdata(c.author ?? 'Reader')}</wp:comment_author>
\t\t\t<wp:comment_author_email>${cdata(c.email ?? 'reader@example.com')}</wp:comment_author_email>
\t\t\t<wp:comment_author_url></wp:comment_author_url>
\t\t\t<wp:comment_author_IP>${cdata('192.0.2.1')}</wp:comment_author_IP>
\t\t\t<wp:comment_date>${cdata(c.date ?? date)}</wp:comment_date>
\t\t\t<wp:comment_date_gmt>${cdata(c.dateGmt ?? c.date ?? date)}</wp:comment_date_gmt>
\t\t\t<wp:comment_content>${cdata(c.content ?? 'A comment.')}</wp:comment_content>
\t\t\t<wp:comment_approved>${cdata(c.approved ?? '1')}</wp:comment_approved>
\t\t\t<wp:comment_type>${cdata(c.type ?? 'comment')}</wp:comment_type>
\t\t\t<wp:comment_parent>${c.parent ?? 0}</wp:comment_parent>
\t\t\t<wp:comment_user_id>${c.userId ?? 0}</wp:comment_user_id>
\t\t</wp:comment>\n`).join('')
  return `\t<item>
\t\t<title>${cdata(spec.title ?? `Item ${spec.id}`)}</title>
\t\t<link>${esc(link)}</link>
\t\t<pubDate>Tue, 05 Mar 2024 10:00:00 +0000</pubDate>
\t\t<dc:creator>${cdata(spec.creator ?? 'editor')}</dc:creator>
\t\t<guid isPermaLink="false">${esc(spec.guid ?? `${SITE}/?p=${spec.id}`)}</guid>
\t\t<description></description>
\t\t<content:encoded>${cdata(spec.content ?? '')}</content:encoded>
\t\t<excerpt:encoded>${cdata(spec.excerpt ?? '')}</excerpt:encoded>
\t\t<wp:post_id>${spec.id}</wp:post_id>
\t\t<wp:post_date>${cdata(date)}</wp:post_date>
\t\t<wp:post_date_gmt>${cdata(spec.dateGmt ?? date)}</wp:post_date_gmt>
\t\t<wp:post_modified>${cdata(date)}</wp:post_modified>
\t\t<wp:post_modified_gmt>${cdata(spec.dateGmt ?? date)}</wp:post_modified_gmt>
\t\t<wp:comment_status>${cdata(spec.commentStatus ?? 'open')}</wp:comment_status>
\t\t<wp:ping_status>${cdata('open')}</wp:ping_status>
\t\t<wp:post_name>${cdata(spec.name ?? `item-${spec.id}`)}</wp:post_name>
\t\t<wp:status>${cdata(spec.status ?? (type === 'attachment' ? 'inherit' : 'publish'))}</wp:status>
\t\t<wp:post_parent>${spec.parent ?? 0}</wp:post_parent>
\t\t<wp:menu_order>${spec.menuOrder ?? 0}</wp:menu_order>
\t\t<wp:post_type>${cdata(type)}</wp:post_type>
\t\t<wp:post_password>${cdata(spec.password ?? '')}</wp:post_password>
\t\t<wp:is_sticky>${spec.sticky ? 1 : 0}</wp:is_sticky>
${spec.attachmentUrl ? `\t\t<wp:attachment_url>${cdata(spec.attachmentUrl)}</wp:attachment_url>\n` : ''}${terms}${meta}${comments}\t</item>
`
}

export const wxrDocument = (items: ItemSpec[], header: Parameters<typeof wxrHeader>[0] = {}) => wxrHeader(header) + items.map(wxrItem).join('') + wxrFooter()
