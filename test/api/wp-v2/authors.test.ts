import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DIALECTS } from '../../helpers/databases.js'
import { openApi, type TestApi } from './helpers.js'

/** `users?who=authors`: the people a post may be attributed to, for those who write (the editor's Author field). */
describe.each(DIALECTS)('users who may write (%s)', (dialect) => {
  let api: TestApi
  beforeAll(async () => {
    api = await openApi(dialect)
  })
  afterAll(() => api.close())

  const names = async (role: Parameters<TestApi['as']>[0]) => {
    const res = await api.as(role, { method: 'GET', url: '/wp-json/wp/v2/users?who=authors&per_page=100' })
    expect(res.statusCode).toBe(200)
    return (res.json() as { id: number }[]).map((u) => u.id).sort((a, b) => a - b)
  }

  test('an editor sees every user who can write, even one who has published nothing; never subscribers', async () => {
    const writers = ['administrator', 'editor', 'author', 'contributor'].map((r) => api.users[r as 'editor'].id).sort((a, b) => a - b)
    expect(await names('editor')).toEqual(writers)
    expect(await names('editor')).not.toContain(api.users.subscriber.id)
  })

  test('readers still see only people with published posts', async () => {
    const anonymous = await names('anonymous')
    expect(anonymous).not.toContain(api.users.contributor.id)
    expect(await names('subscriber')).toEqual(anonymous)
  })
})
