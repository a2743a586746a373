export { commentsSite, type CommentsSiteOptions, COMMENTER_COOKIE, HONEYPOT_FIELD, TOKEN_FIELD, HELD_MARKER } from './comments-site.routes.js'
