import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../../src/users/index.js'
import { DIALECTS } from '../../helpers/databases.js'
import { openApi, type TestApi } from './helpers.js'

describe.each(DIALECTS)('rendered post bodies kept between requests (%s)', (dialect) => {
  let api: TestApi
  beforeAll(async () => {
    api = await openApi(dialect)
  })
  afterAll(() => api?.close())

  const rendered = async (id: number) => {
    const res = await api.request(`/wp-json/wp/v2/posts?include=${id}&_fields=content,excerpt`)
    const [post] = res.json() as { content: { rendered: string }; excerpt: { rendered: string } }[]
    return post!
  }

  test('are made again after the post is edited, and after an image it shows changes in the library', async () => {
    const data = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#1d3557' } }).jpeg().toBuffer()
    const photo = await api.services.media.upload({ data, filename: 'bridge.jpg', altText: 'The old bridge' }, systemActor)
    const post = await api.services.posts.create({ title: 'Bridge', content: `<p>First words.</p><p><img src="/uploads/${photo.file}"></p>`, status: 'publish' }, systemActor)
    expect((await rendered(post.id)).content.rendered).toContain('alt="The old bridge"')
    expect((await rendered(post.id)).content.rendered).toContain('First words.') // now kept
    await api.services.posts.update(post.id, { content: `<p>Second words.</p><p><img src="/uploads/${photo.file}"></p>`, excerpt: 'A new summary.' }, systemActor)
    const edited = await rendered(post.id)
    expect(edited.content.rendered).toContain('Second words.')
    expect(edited.excerpt.rendered).toContain('A new summary.')
    await api.services.media.update(photo.id, { altText: 'The new bridge' }, systemActor)
    expect((await rendered(post.id)).content.rendered).toContain('alt="The new bridge"')
  })
})
