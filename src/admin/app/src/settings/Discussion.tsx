import { CheckField, Field, FormFrame, NumberField, Section, useSettingsForm } from './form'
import { loadSettings, only, saveSettings } from './api'

const KEYS = [
  'default_comment_status', 'require_name_email', 'comment_registration', 'close_comments_for_old_posts', 'close_comments_days_old',
  'thread_comments', 'thread_comments_depth', 'comments_notify', 'moderation_notify', 'comment_moderation', 'comment_previously_approved',
  'comment_max_links', 'moderation_keys', 'disallowed_keys', 'comment_flood_seconds', 'comment_min_fill_seconds', 'comment_rate_per_hour',
  'comment_post_rate_per_minute', 'show_avatars', 'avatar_gravatar',
] as const

/** Discussion: every rule of the comments module, grouped as WordPress's Discussion Settings are. */
export function Discussion() {
  const state = useSettingsForm(async () => only(KEYS)(await loadSettings()), async (c) => only(KEYS)(await saveSettings(c)))
  const { form } = state
  const open = form.values.default_comment_status === 'open'
  return (
    <FormFrame state={state} label="Discussion settings">
      <Section title="Default post settings">
        <div className="check-field">
          <label className="check" htmlFor={form.idFor('default_comment_status')}>
            <input id={form.idFor('default_comment_status')} type="checkbox" checked={open} onChange={(e) => form.set('default_comment_status', e.target.checked ? 'open' : 'closed')} />
            <span>Allow people to submit comments on new posts</span>
          </label>
          <p className="help check-help">Each post can still open or close its own comments.</p>
        </div>
      </Section>
      <Section title="Other comment settings">
        <CheckField form={form} name="require_name_email" label="Comment author must fill out name and email" />
        <CheckField form={form} name="comment_registration" label="Users must be registered and signed in to comment" />
        <CheckField form={form} name="close_comments_for_old_posts" label="Automatically close comments on old posts" />
        {!!form.values.close_comments_for_old_posts && <NumberField form={form} name="close_comments_days_old" label="Close comments on posts older than" min={1} suffix="days" />}
        <CheckField form={form} name="thread_comments" label="Enable threaded (nested) comments" />
        {!!form.values.thread_comments && (
          <Field form={form} name="thread_comments_depth" label="Nest replies up to">
            {(props) => (
              <select {...props} value={String(form.values.thread_comments_depth ?? 5)} onChange={(e) => form.set('thread_comments_depth', Number(e.target.value))}>
                {Array.from({ length: 9 }, (_, i) => i + 2).map((n) => (
                  <option key={n} value={n}>
                    {n} levels deep
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </Section>
      <Section title="Email me whenever">
        <CheckField form={form} name="comments_notify" label="Anyone posts a comment" help="Mail goes to the post’s author, when the server has a mail server configured." />
        <CheckField form={form} name="moderation_notify" label="A comment is held for moderation" help="Mail goes to the administration email address, and to the post’s author when they may moderate it." />
      </Section>
      <Section title="Before a comment appears">
        <CheckField form={form} name="comment_moderation" label="Comment must be manually approved" />
        <CheckField form={form} name="comment_previously_approved" label="Comment author must have a previously approved comment" />
      </Section>
      <Section title="Comment moderation">
        <NumberField form={form} name="comment_max_links" label="Hold a comment in the queue if it contains at least" min={0} suffix="links" help="A common sign of spam is a large number of links." />
        <Field form={form} name="moderation_keys" label="Hold for moderation when a comment contains any of these words" help="One word or IP address per line. It matches inside words, so “press” will match “WordPress”. The name, email, website, text, IP address and browser are checked.">
          {(props) => <textarea {...props} rows={5} value={String(form.values.moderation_keys ?? '')} onChange={(e) => form.set('moderation_keys', e.target.value)} />}
        </Field>
        <Field form={form} name="disallowed_keys" label="Disallowed comment keys" help="When a comment contains any of these words in the same places, it is put in the trash. One word or IP address per line.">
          {(props) => <textarea {...props} rows={5} value={String(form.values.disallowed_keys ?? '')} onChange={(e) => form.set('disallowed_keys', e.target.value)} />}
        </Field>
      </Section>
      <Section title="Spam defence" description="Pressroom’s own limits, without plugins. 0 turns a limit off.">
        <NumberField form={form} name="comment_flood_seconds" label="Wait between two comments from the same person" min={0} suffix="seconds" />
        <NumberField form={form} name="comment_min_fill_seconds" label="Refuse forms sent faster than" min={0} suffix="seconds after the page loaded" help="People take a few seconds to write; robots do not." />
        <NumberField form={form} name="comment_rate_per_hour" label="At most, from one address" min={0} suffix="comments an hour" />
        <NumberField form={form} name="comment_post_rate_per_minute" label="At most, on one post" min={0} suffix="comments a minute" />
      </Section>
      <Section title="Avatars">
        <CheckField form={form} name="show_avatars" label="Show avatars next to comments" help="Drawn on this server from a hash: no address leaves the site." />
        <CheckField form={form} name="avatar_gravatar" label="Use Gravatar pictures where people have one" help="The site fetches them from gravatar.com itself and passes them on, so readers’ browsers never contact Gravatar." />
      </Section>
    </FormFrame>
  )
}
