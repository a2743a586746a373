import { useEffect, useState } from 'react'
import { decodeEntities } from '../format'
import { Field, FormFrame, NumberField, Section, CheckField, useSettingsForm, type Form } from './form'
import { loadSettings, only, type PageOption, publishedPages, saveSettings } from './api'

const KEYS = ['show_on_front', 'page_on_front', 'page_for_posts', 'posts_per_page', 'posts_per_feed', 'feed_use_excerpt', 'related_posts_count', 'blog_public'] as const

/** Reading: what the front page shows, how many posts a page, a feed and "Read Also" carry, and search engines. */
export function Reading() {
  const state = useSettingsForm(async () => only(KEYS)(await loadSettings()), async (c) => only(KEYS)(await saveSettings(c)))
  const [pages, setPages] = useState<PageOption[]>([])
  useEffect(() => {
    publishedPages().then(setPages, () => setPages([]))
  }, [])
  const { form } = state
  const staticFront = form.values.show_on_front === 'page'
  return (
    <FormFrame state={state} label="Reading settings">
      <Section title="Your homepage displays">
        <fieldset className="fieldset">
          <legend className="visually-hidden">Your homepage displays</legend>
          <label className="check">
            <input type="radio" name="show_on_front" checked={!staticFront} onChange={() => form.set('show_on_front', 'posts')} />
            Your latest posts
          </label>
          <label className="check">
            <input type="radio" name="show_on_front" checked={staticFront} onChange={() => form.set('show_on_front', 'page')} />
            A static page (choose below)
          </label>
        </fieldset>
        {staticFront && (
          <div className="indent stack">
            <PageSelect form={form} name="page_on_front" label="Homepage" pages={pages} />
            <PageSelect form={form} name="page_for_posts" label="Posts page" pages={pages} help="The page at whose address the latest posts are listed." />
          </div>
        )}
      </Section>
      <Section title="Posts and feeds">
        <NumberField form={form} name="posts_per_page" label="Blog pages show at most" min={1} max={100} suffix="posts" />
        <NumberField form={form} name="posts_per_feed" label="Syndication feeds show the most recent" min={1} max={100} suffix="items" />
        <fieldset className="fieldset">
          <legend>For each post in a feed, include</legend>
          <label className="check">
            <input type="radio" name="feed_use_excerpt" checked={!form.values.feed_use_excerpt} onChange={() => form.set('feed_use_excerpt', false)} />
            Full text
          </label>
          <label className="check">
            <input type="radio" name="feed_use_excerpt" checked={!!form.values.feed_use_excerpt} onChange={() => form.set('feed_use_excerpt', true)} />
            Excerpt
          </label>
        </fieldset>
        <NumberField form={form} name="related_posts_count" label="“Read Also” under each post shows" min={0} max={20} suffix="related posts" help="The published stories most like it, best first. 0 hides the block." />
      </Section>
      <Section title="Search engine visibility">
        <CheckField form={form} name="blog_public" invert label="Discourage search engines from indexing this site" help="Pages then carry a “noindex” robots tag and robots.txt asks crawlers to stay away. It is up to search engines to honour the request." />
      </Section>
    </FormFrame>
  )
}

function PageSelect({ form, name, label, pages, help }: { form: Form; name: string; label: string; pages: PageOption[]; help?: string }) {
  return (
    <Field form={form} name={name} label={label} help={help}>
      {(props) => (
        <select {...props} value={String(form.values[name] ?? 0)} onChange={(e) => form.set(name, Number(e.target.value))}>
          <option value="0">— Select —</option>
          {pages.map((p) => (
            <option key={p.id} value={p.id}>
              {decodeEntities(p.title.rendered) || `(no title) #${p.id}`}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}
