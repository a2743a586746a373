// Apostrophes may stay as typed in text: WordPress's messages ("you've") then read the same in the page source.
const escapeText = (text: string) => text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
const escapeAttr = (text: string) => escapeText(text).replace(/"/g, '&quot;')

/** WordPress's "Comment Submission Failure" page: what went wrong, and the way back to the article. */
export function commentErrorPage(code: string, message: string, back: string | null): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>Comment Submission Failure</title>` +
    `<style>body{font:17px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}a{color:#0b57d0}</style></head>` +
    `<body><main><h1>Your comment was not posted</h1><p class="error" data-code="${escapeAttr(code)}"><strong>Error:</strong> ${escapeText(message)}</p>` +
    `<p>${back ? `<a href="${escapeAttr(back)}">Back to the article</a>` : '<a href="/">Go to the home page</a>'}</p></main></body></html>`
  )
}
