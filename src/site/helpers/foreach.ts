import { type HelperInstaller, optionsOf } from './types.js'

/**
 * Ghost's `{{#foreach posts limit="3" from="2" columns="3"}}`: like `each`, with @first, @last, @odd, @even,
 * @number, @rowStart and @rowEnd, and `{{else}}` for an empty list. As in Ghost, `from` and `to` count from 1 and
 * include `to`; @index and @number are positions in the whole list (so `from="2"` starts at @number 2); the first
 * item of the list is @odd; rows of `columns` are counted from the start of the list.
 */
export const foreach: HelperInstaller = (hbs) => {
  hbs.registerHelper('foreach', function (this: unknown, list: unknown, ...rest: unknown[]) {
    const options = optionsOf(rest)
    const items = Array.isArray(list) ? list : list && typeof list === 'object' ? Object.values(list) : []
    const from = Math.max(Number(options.hash.from ?? 1), 1) - 1
    const limit = Number(options.hash.limit ?? items.length)
    const to = Math.min(options.hash.to !== undefined ? Number(options.hash.to) : items.length, from + limit, items.length)
    const columns = Number(options.hash.columns ?? 0)
    if (to <= from) return options.inverse ? options.inverse(this) : ''
    let out = ''
    for (let i = from; i < to; i++) {
      const data = hbs.createFrame(options.data)
      Object.assign(data, {
        index: i, number: i + 1, first: i === from, last: i === to - 1, odd: i % 2 === 0, even: i % 2 === 1,
        rowStart: columns > 0 && i % columns === 0, rowEnd: columns > 0 && i % columns === columns - 1,
      })
      out += options.fn!(items[i], { data, blockParams: [items[i], i] })
    }
    return out
  })
}
