import type { Services } from '../services.js'
import { systemActor } from '../users/index.js'

/** A banner drawn here, so the welcome post has a real image without fetching one. */
const BANNER_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900" viewBox="0 0 1600 900">
  <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#1d3557"/><stop offset="1" stop-color="#457b9d"/></linearGradient></defs>
  <rect width="1600" height="900" fill="url(#sky)"/>
  <g fill="#f1faee" opacity="0.95">
    <rect x="260" y="250" width="1080" height="520" rx="18"/>
  </g>
  <g fill="#1d3557">
    <rect x="330" y="310" width="940" height="70" rx="6"/>
    <rect x="330" y="420" width="440" height="290" rx="6" fill="#e63946"/>
    <rect x="820" y="420" width="450" height="22" rx="5" opacity="0.8"/>
    <rect x="820" y="470" width="420" height="22" rx="5" opacity="0.6"/>
    <rect x="820" y="520" width="440" height="22" rx="5" opacity="0.6"/>
    <rect x="820" y="570" width="380" height="22" rx="5" opacity="0.6"/>
    <rect x="820" y="620" width="430" height="22" rx="5" opacity="0.6"/>
    <rect x="820" y="670" width="300" height="22" rx="5" opacity="0.6"/>
  </g>
  <circle cx="1360" cy="170" r="70" fill="#f4a261"/>
</svg>`

/** A second picture for the body of the post: a small chart, so the story shows an inline figure too. */
const CHART_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="700" viewBox="0 0 1200 700">
  <rect width="1200" height="700" fill="#f6f1e7"/>
  <g stroke="#d8cfbf" stroke-width="2">${[150, 250, 350, 450, 550].map((y) => `<line x1="120" x2="1120" y1="${y}" y2="${y}"/>`).join('')}</g>
  <g fill="#b1261d">${[320, 260, 380, 300, 420, 360, 470].map((h, i) => `<rect x="${170 + i * 135}" y="${600 - h}" width="80" height="${h}" rx="6"/>`).join('')}</g>
  <rect x="120" y="598" width="1000" height="4" fill="#16181d"/>
</svg>`

const CONTENT = (img: { src: string; width: number; height: number; alt: string; caption: string; id: number }) => `<p>Welcome to Pressroom. This is your first post: edit it or delete it, then start writing. It shows what a story can hold, so you can see how your theme presents each part.</p>

<h2>Write the way a newsroom writes</h2>
<p>Headlines, subheadings, photographs with captions, quotes and lists are all first-class. Straight "quotes" and apostrophes -- like these -- become typographic ones when the page is shown, and code stays exactly as you typed it: <code>"quotes" stay straight here</code>.</p>

<figure id="attachment_${img.id}" class="wp-caption aligncenter"><img src="${img.src}" alt="${img.alt}" width="${img.width}" height="${img.height}" /><figcaption class="wp-caption-text">${img.caption}</figcaption></figure>

<h3>What comes with it</h3>
<ul>
<li>A fast public site with feeds, a sitemap and permalinks like WordPress's.</li>
<li>The WordPress REST API, so the tools you know keep working.</li>
<li>Import from a WordPress export, and comments with moderation built in.</li>
</ul>

<blockquote><p>Freedom of the press is not just important to democracy, it is democracy.</p><cite>Walter Cronkite</cite></blockquote>

<p>To get started, open the admin and create your account. Happy publishing!</p>`

/** What a brand-new site holds: the default category and a welcome post with a captioned image. */
export async function seedNewSite(services: Services): Promise<void> {
  const { terms, posts, media } = services
  const { default: sharp } = await import('sharp')
  const existing = await terms.list('category')
  if (!existing.some((t) => t.slug === 'uncategorized')) await terms.create('category', { name: 'Uncategorized', slug: 'uncategorized' }, systemActor)
  const banner = await media.upload(
    {
      data: await sharp(Buffer.from(BANNER_SVG)).jpeg({ quality: 82, mozjpeg: true }).toBuffer(),
      filename: 'welcome-to-pressroom.jpg',
      title: 'Welcome to Pressroom',
      altText: 'An illustration of a news page: a headline bar, a red photograph and lines of text, under a blue sky',
      caption: 'Pressroom: write, publish, serve and discuss.',
    },
    systemActor,
  )
  const data = await sharp(Buffer.from(CHART_SVG)).png().toBuffer()
  const image = await media.upload(
    {
      data,
      filename: 'readers-this-week.png',
      title: 'Readers this week',
      altText: 'A bar chart of readers per day over a week, rising towards Sunday',
      caption: 'Every image carries alt text for readers who cannot see it, and a caption for everyone.',
    },
    systemActor,
  )
  await posts.create(
    {
      title: 'Welcome to Pressroom',
      slug: 'welcome-to-pressroom',
      content: CONTENT({
        src: `/uploads/${image.file}`,
        width: image.width ?? 1200,
        height: image.height ?? 700,
        alt: image.alt_text,
        caption: image.caption,
        id: image.id,
      }),
      excerpt: 'Your first post: what a Pressroom story can hold — headings, a captioned image, a quote and a list.',
      status: 'publish',
      featuredMediaId: banner.id,
    },
    systemActor,
  )
}
