export { createCommentsService, COMMENT_STATUSES, isCommentStatus, commentNotFound, type CommentsService, type CommentInput, type CommentStatus } from './comments.service.js'
