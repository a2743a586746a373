import { expect, test } from 'vitest'
import { contextClasses, templateCandidates } from './template-hierarchy.js'

test('each kind of page tries WordPress template names from specific to general, ending with index', () => {
  expect(templateCandidates({ kind: 'single', type: 'post', slug: 'hello', id: 7 })).toEqual(['single-post-hello', 'single-post', 'single', 'singular', 'index'])
  expect(templateCandidates({ kind: 'single', type: 'page', slug: 'about', id: 3 })).toEqual(['page-about', 'page-3', 'page', 'singular', 'index'])
  expect(templateCandidates({ kind: 'category', slug: 'news', id: 2 })).toEqual(['category-news', 'category-2', 'category', 'archive', 'index'])
  expect(templateCandidates({ kind: 'tag', slug: 'x', id: 9 })).toEqual(['tag-x', 'tag-9', 'tag', 'archive', 'index'])
  expect(templateCandidates({ kind: 'author', login: 'ann', id: 4 })).toEqual(['author-ann', 'author-4', 'author', 'archive', 'index'])
  expect(templateCandidates({ kind: 'date' })).toEqual(['date', 'archive', 'index'])
  expect(templateCandidates({ kind: 'search' })).toEqual(['search', 'index'])
  expect(templateCandidates({ kind: 'home', paged: false })).toEqual(['front-page', 'home', 'index'])
  expect(templateCandidates({ kind: 'home', paged: true })).toEqual(['home', 'index'])
  expect(templateCandidates({ kind: 'error', status: 404 })).toEqual(['404', 'error-404', 'error-4xx', 'error', 'index'])
})

test('body classes follow WordPress', () => {
  expect(contextClasses({ kind: 'single', type: 'post', slug: 'a', id: 5 })).toEqual(['single', 'single-post', 'postid-5', 'singular'])
  expect(contextClasses({ kind: 'category', slug: 'news', id: 1 })).toEqual(['archive', 'category', 'category-news'])
  expect(contextClasses({ kind: 'error', status: 404 })).toEqual(['error404', 'error404'])
})
