import { useMemo, useState } from 'react'
import { get, post, wp } from '../api'
import { formatPhpDate } from '../../../../site/format-date'
import { useSession } from '../session'
import { Field, FormFrame, Section, TextField, useSettingsForm, type Form, type Values } from './form'
import { zoneGroups, zoneLabel } from './timezones'

const DATE_FORMATS = ['F j, Y', 'Y-m-d', 'm/d/Y', 'd/m/Y', 'j F Y']
const TIME_FORMATS = ['g:i a', 'g:i A', 'H:i']
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
/** WordPress's names for what Pressroom calls tagline and admin email; field errors come back under Pressroom's. */
const RENAME = { tagline: 'description', admin_email: 'email' }

/** General: title, tagline, address, e-mail, time zone, date and time formats, first day of the week (`/wp/v2/settings`). */
export function General() {
  const { boot, updateSite } = useSession()
  const state = useSettingsForm(
    async () => pick(await get<Values>(wp('/settings'))),
    async (changes) => {
      const saved = pick(await post<Values>(wp('/settings'), changes))
      updateSite({ title: String(saved.title ?? ''), tagline: String(saved.description ?? '') })
      return saved
    },
    RENAME,
  )
  const { form } = state
  return (
    <FormFrame state={state} label="General settings">
      <Section title="Site">
        <TextField form={form} name="title" label="Site title" />
        <TextField form={form} name="description" label="Tagline" help="In a few words, what this site is about." />
        <Field form={form} name="url" label="Site address (URL)" help="Set where the server is configured (PRESSROOM_URL or siteUrl in pressroom.config.json), so that links never break by accident.">
          {(props) => <input {...props} type="url" value={boot.site.url} readOnly />}
        </Field>
        <TextField form={form} name="email" type="email" label="Administration email address" help="Where the site sends notices for its administrators." autoComplete="email" />
      </Section>
      <Section title="Dates and times">
        <TimeZonePicker form={form} />
        <FormatChoice form={form} name="date_format" legend="Date format" presets={DATE_FORMATS} />
        <FormatChoice form={form} name="time_format" legend="Time format" presets={TIME_FORMATS} />
        <Field form={form} name="start_of_week" label="Week starts on">
          {(props) => (
            <select {...props} value={String(form.values.start_of_week ?? 1)} onChange={(e) => form.set('start_of_week', Number(e.target.value))}>
              {DAYS.map((day, i) => (
                <option key={day} value={i}>
                  {day}
                </option>
              ))}
            </select>
          )}
        </Field>
      </Section>
    </FormFrame>
  )
}

const pick = (s: Values): Values => ({
  title: s.title,
  description: s.description,
  email: s.email,
  timezone: s.timezone,
  date_format: s.date_format,
  time_format: s.time_format,
  start_of_week: s.start_of_week,
})

/** A searchable list of zones: type to narrow it, pick with the arrow keys or a click. */
function TimeZonePicker({ form }: { form: Form }) {
  const groups = useMemo(zoneGroups, [])
  const [filter, setFilter] = useState('')
  const value = String(form.values.timezone ?? 'UTC')
  const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean)
  const shown = groups
    .map((g) => ({ ...g, zones: g.zones.filter((z) => z.value === value || words.every((w) => `${g.label} ${z.label} ${z.value}`.toLowerCase().includes(w))) }))
    .filter((g) => g.zones.length)
  const count = shown.reduce((n, g) => n + g.zones.length, 0)
  const now = new Date()
  let local = ''
  try {
    local = formatPhpDate(now, `${String(form.values.date_format || 'F j, Y')} ${String(form.values.time_format || 'g:i a')}`, value)
  } catch {
    local = ''
  }
  const id = form.idFor('timezone')
  return (
    <Field form={form} name="timezone" label="Time zone" help={<>Chosen: <strong>{zoneLabel(value)}</strong>{local && <> · local time there is <span className="nowrap">{local}</span></>}. Choose a city in the same time zone as you, or a UTC offset.</>}>
      {(props) => (
        <div className="tz-picker">
          <input type="search" className="tz-filter" aria-label="Filter time zones" aria-controls={id} placeholder="Filter: Paris, New York, UTC+2…" value={filter} onChange={(e) => setFilter(e.target.value)} />
          <select {...props} size={7} value={value} onChange={(e) => form.set('timezone', e.target.value)}>
            {shown.map((g) => (
              <optgroup key={g.label} label={g.label}>
                {g.zones.map((z) => (
                  <option key={z.value} value={z.value}>
                    {z.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <span className="visually-hidden" aria-live="polite">
            {filter ? `${count} time zones match` : ''}
          </span>
        </div>
      )}
    </Field>
  )
}

/** WordPress's presets as radio buttons with today's date in each, then a custom format with a live preview. */
function FormatChoice({ form, name, legend, presets }: { form: Form; name: string; legend: string; presets: string[] }) {
  const value = String(form.values[name] ?? '')
  const [custom, setCustom] = useState(() => !presets.includes(value))
  const timeZone = String(form.values.timezone ?? 'UTC')
  const now = new Date()
  const sample = (format: string) => {
    try {
      return formatPhpDate(now, format, timeZone)
    } catch {
      return ''
    }
  }
  const id = form.idFor(name)
  const error = form.errors[name]
  return (
    <fieldset className="fieldset format-choice">
      <legend>{legend}</legend>
      {presets.map((format) => (
        <label key={format} className="check">
          <input type="radio" name={id} checked={!custom && value === format} onChange={() => (setCustom(false), form.set(name, format))} />
          <span className="format-sample">{sample(format)}</span>
          <code>{format}</code>
        </label>
      ))}
      <div className="format-custom">
        <label className="check" htmlFor={`${id}-radio`}>
          <input id={`${id}-radio`} type="radio" name={id} checked={custom} onChange={() => setCustom(true)} />
          <span>Custom:</span>
        </label>
        <input
          id={id}
          aria-label={`Custom ${legend.toLowerCase()}`}
          className="format-input"
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-preview${error ? ` ${id}-error` : ''}`}
          onFocus={() => setCustom(true)}
          onChange={(e) => (setCustom(true), form.set(name, e.target.value))}
        />
      </div>
      <p className="help" id={`${id}-preview`} aria-live="polite">
        Preview: <strong>{sample(value) || '—'}</strong> · <a href="https://wordpress.org/documentation/article/customize-date-and-time-format/" target="_blank" rel="noopener noreferrer">Format characters</a> are WordPress’s (PHP’s).
      </p>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  )
}
