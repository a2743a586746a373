/**
 * Block-editor content (serialized blocks): HTML with comment delimiters such as
 * `<!-- wp:image {"id":5} -->…<!-- /wp:image -->` and `<!-- wp:spacer /-->`. The HTML between them is
 * already final, so conversion removes the delimiters and leaves everything else byte for byte.
 *
 * As in WordPress, content with blocks is not run through wpautop() (do_blocks() unhooks it), except the
 * inside of a core/shortcode block, whose render callback autops its text.
 *
 * Deliberate difference: dynamic blocks (latest posts, archives…) have no stored HTML and render nothing.
 */
import { WS } from './html.js'
import { wpautop } from './wpautop.js'

// WP_Block_Parser's delimiter regex. The attribute JSON runs to the first `}` followed by `\s+/?-->`
// (WordPress's serializer escapes `--` inside it), which keeps the match linear without possessive loops.
const ATTRS = `\\{(?:[^}]|\\}(?!${WS}+/?-->))*\\}${WS}+`
const DELIMITER = new RegExp(
  `<!--${WS}+(/)?wp:([a-z][a-z0-9_-]*/)?([a-z][a-z0-9_-]*)${WS}+(?:${ATTRS})?(/)?-->`,
  'g',
)
// A delimiter that ends its line takes the line break and any blank lines after it, so the blocks'
// HTML ends up one per line instead of separated by the gaps the delimiters leave.
const DELIMITER_AND_LINE_BREAK = new RegExp(`${DELIMITER.source}(?:[ \\t]*\\r?\\n)*`, 'g')
const SHORTCODE_BLOCK = new RegExp(
  `<!--${WS}+wp:(?:core/)?shortcode${WS}+(?:${ATTRS})?-->([\\s\\S]*?)<!--${WS}+/wp:(?:core/)?shortcode${WS}+-->`,
  'g',
)

/** WordPress's has_blocks() for a string. */
export function hasBlocks(content: string): boolean {
  return content.includes('<!-- wp:')
}

/** Removes every block delimiter, keeping the blocks' inner HTML untouched. */
export function stripBlockDelimiters(content: string): string {
  return content.replace(DELIMITER_AND_LINE_BREAK, '')
}

/** The core/shortcode block renders its text through wpautop(); the delimiters go with it. */
export function autopShortcodeBlocks(content: string): string {
  return content.replace(SHORTCODE_BLOCK, (_, inner: string) => wpautop(inner))
}

