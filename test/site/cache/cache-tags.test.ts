import { describe, expect, test } from 'vitest'
import type { CommentRow, MediaRow, PostRow, TermRow } from '../../../src/db/index.js'
import { tagsForEvent } from '../../../src/site/cache/cache-tags.js'

const post = (status: string, id = 7) => ({ id, status, type: 'post' }) as PostRow
const comment = (status: string, postId = 7) => ({ id: 3, post_id: postId, status }) as CommentRow
const term = { id: 2, taxonomy: 'category', name: 'News', slug: 'news' } as TermRow

describe('tagsForEvent', () => {
  test.each([
    ['a new published post', post('publish'), null],
    ['an edit of a published post', post('publish'), post('publish')],
    ['publishing a draft', post('publish'), post('draft')],
    ['a scheduled post going live', post('publish'), post('future')],
    ['unpublishing to a draft', post('draft'), post('publish')],
    ['trashing a published post', post('trash'), post('publish')],
    ['making a published post private', post('private'), post('publish')],
  ])('%s purges the post and the lists', (_name, saved, previous) => {
    expect(tagsForEvent({ type: 'post.saved', post: saved, previous })).toEqual(['post:7', 'lists'])
  })

  test.each([
    ['a new draft', post('draft'), null],
    ['a draft edited', post('draft'), post('draft')],
    ['a draft submitted for review', post('pending'), post('draft')],
    ['a draft scheduled', post('future'), post('draft')],
    ['a private post edited', post('private'), post('private')],
    ['a trashed draft', post('trash'), post('draft')],
  ])('%s purges nothing', (_name, saved, previous) => {
    expect(tagsForEvent({ type: 'post.saved', post: saved, previous })).toEqual([])
  })

  test('deleting a published post purges it and the lists; deleting one from the trash purges nothing', () => {
    expect(tagsForEvent({ type: 'post.deleted', post: post('publish', 12) })).toEqual(['post:12', 'lists'])
    expect(tagsForEvent({ type: 'post.deleted', post: post('trash', 12) })).toEqual([])
    expect(tagsForEvent({ type: 'post.deleted', post: post('draft', 12) })).toEqual([])
  })

  test.each([
    ['an approved new comment', comment('approved'), null],
    ['approving a held comment', comment('approved'), comment('pending')],
    ['editing an approved comment', comment('approved'), comment('approved')],
    ['marking an approved comment as spam', comment('spam'), comment('approved')],
    ['trashing an approved comment', comment('trash'), comment('approved')],
    ['unapproving a comment', comment('pending'), comment('approved')],
  ])('%s purges its post and the comments feed', (_name, saved, previous) => {
    expect(tagsForEvent({ type: 'comment.saved', comment: saved, previous })).toEqual(['post:7', 'comments-feed'])
  })

  test.each([
    ['a comment held for moderation', comment('pending'), null],
    ['a comment caught as spam', comment('spam'), null],
    ['spam moved to the trash', comment('trash'), comment('spam')],
  ])('%s purges nothing', (_name, saved, previous) => {
    expect(tagsForEvent({ type: 'comment.saved', comment: saved, previous })).toEqual([])
  })

  test('deleting a comment purges only when it was shown', () => {
    expect(tagsForEvent({ type: 'comment.deleted', comment: comment('approved', 40) })).toEqual(['post:40', 'comments-feed'])
    expect(tagsForEvent({ type: 'comment.deleted', comment: comment('spam', 40) })).toEqual([])
  })

  test('terms and settings show on every page: they purge all', () => {
    expect(tagsForEvent({ type: 'term.saved', term, previous: null })).toEqual(['all'])
    expect(tagsForEvent({ type: 'term.saved', term: { ...term, name: 'World' }, previous: term })).toEqual(['all'])
    expect(tagsForEvent({ type: 'term.deleted', term })).toEqual(['all'])
    expect(tagsForEvent({ type: 'settings.saved', keys: ['title'] })).toEqual(['all'])
  })

  test('a changed Read Also list purges the pages that show it', () => {
    expect(tagsForEvent({ type: 'related.changed', postIds: [4, 9] })).toEqual(['post:4', 'post:9'])
    expect(tagsForEvent({ type: 'related.changed', postIds: [] })).toEqual([])
  })

  test('a media upload purges nothing', () => {
    expect(tagsForEvent({ type: 'media.saved', media: { id: 1 } as MediaRow })).toEqual([])
  })

  test('a deleted media item purges the posts that showed it and the lists (featured images), or nothing', () => {
    expect(tagsForEvent({ type: 'media.deleted', media: { id: 1 } as MediaRow, postIds: [3, 8] })).toEqual(['post:3', 'post:8', 'lists'])
    expect(tagsForEvent({ type: 'media.deleted', media: { id: 1 } as MediaRow, postIds: [] })).toEqual([])
  })
})
