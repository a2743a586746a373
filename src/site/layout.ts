import { escapeHtml } from '../shared/html.js'

/**
 * The plain server-rendered frame used until the theme system serves pages: readable, accessible, no JavaScript.
 */
export function layout({ title, siteTitle, tagline, body, lang = 'en' }: { title: string; siteTitle: string; tagline: string; body: string; lang?: string }): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
:root{color-scheme:light;--ink:#1a1a1a;--muted:#555;--accent:#0b57d0;--rule:#e3e3e3}
*{box-sizing:border-box}body{margin:0;font:18px/1.6 Georgia,'Times New Roman',serif;color:var(--ink);background:#fff}
a{color:var(--accent)}a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
header.site{border-bottom:1px solid var(--rule);padding:1.25rem 1rem}header.site p{margin:.25rem 0 0;color:var(--muted);font-family:system-ui,sans-serif;font-size:.95rem}
header.site .site-title{font:700 1.8rem/1.2 system-ui,sans-serif;margin:0;color:var(--ink)}.site-title a{color:var(--ink);text-decoration:none}
main{max-width:44rem;margin:0 auto;padding:1.5rem 1rem 4rem}
article{border-bottom:1px solid var(--rule);padding:1rem 0 1.5rem}article:last-child{border:0}
h1,h2,h3{font-family:system-ui,sans-serif;line-height:1.25}
.meta{font:.9rem system-ui,sans-serif;color:var(--muted)}
img{max-width:100%;height:auto}figure{margin:1.5rem 0}figcaption{font:.9rem system-ui,sans-serif;color:var(--muted);margin-top:.4rem}
blockquote{border-left:4px solid var(--accent);margin:1.5rem 0;padding:.25rem 1rem;color:#333}
code{font-size:.9em;background:#f4f4f4;padding:.1em .3em;border-radius:3px}
form.stack{display:grid;gap:.9rem;font-family:system-ui,sans-serif}form.stack label{display:grid;gap:.3rem;font-weight:600}
input,button{font:inherit;padding:.55rem .7rem;border:1px solid #8a8a8a;border-radius:6px}
button{background:var(--accent);color:#fff;border-color:var(--accent);cursor:pointer;font-weight:600}
.notice{background:#fdf3d8;border:1px solid #e8c76a;padding:.75rem 1rem;border-radius:6px;font-family:system-ui,sans-serif}
.error{background:#fde7e9;border-color:#e8a0a6}
</style>
</head>
<body>
<a class="skip" href="#content">Skip to content</a>
<header class="site"><p class="site-title"><a href="/">${escapeHtml(siteTitle)}</a></p><p>${escapeHtml(tagline)}</p></header>
<main id="content">
${body}
</main>
</body>
</html>`
}
