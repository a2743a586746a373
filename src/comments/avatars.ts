/**
 * Avatars drawn here from a hash, as identicons: a 5×5 pattern mirrored left to right, in one colour picked by the
 * hash. No request leaves the site, and the hash is the salted one (`avatarHash`), never the email's own.
 */
export function identiconSvg(hash: string): string {
  const hex = /^[0-9a-f]{16,}$/.test(hash) ? hash : '0'.repeat(32)
  const nibble = (i: number) => parseInt(hex[i % hex.length]!, 16)
  const hue = Math.round((parseInt(hex.slice(-6), 16) / 0xffffff) * 360)
  const fill = `hsl(${hue} 55% 45%)`
  const cells: string[] = []
  for (let row = 0; row < 5; row++) {
    for (let col = 0; col < 3; col++) {
      if (nibble(row * 3 + col) % 2 !== 0) continue
      cells.push(`M${col + 1} ${row + 1}h1v1h-1z`)
      if (col < 2) cells.push(`M${5 - col} ${row + 1}h1v1h-1z`)
    }
  }
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 7 7" width="64" height="64" shape-rendering="crispEdges">' +
    `<rect width="7" height="7" fill="hsl(${hue} 40% 93%)"/><path fill="${fill}" d="${cells.join('')}"/></svg>`
  )
}

/** The avatar of a comment without anyone's address to draw from: a plain silhouette. */
export const DEFAULT_AVATAR_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64"><rect width="64" height="64" fill="#dfe3e8"/>' +
  '<circle cx="32" cy="25" r="12" fill="#9aa3ad"/><path d="M10 60c2-13 11-20 22-20s20 7 22 20z" fill="#9aa3ad"/></svg>'

export const isAvatarHash = (value: string) => /^[0-9a-f]{32}$/.test(value)
