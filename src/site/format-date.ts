const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

interface Parts {
  year: number
  month: number // 1–12
  day: number
  weekday: number // 0 = Sunday
  hour: number
  minute: number
  second: number
  offset: string // +01:00
}

const formatters = new Map<string, Intl.DateTimeFormat>()
const recent = new Map<string, Parts>()
const RECENT_SIZE = 5000

/** The wall-clock parts of an instant in a time zone; Intl is slow, so recent answers are kept. */
function partsIn(date: Date, timeZone: string): Parts {
  const key = `${timeZone}|${date.getTime()}`
  let parts = recent.get(key)
  if (!parts) {
    parts = computeParts(date, timeZone)
    if (recent.size >= RECENT_SIZE) recent.delete(recent.keys().next().value!)
    recent.set(key, parts)
  }
  return parts
}

function computeParts(date: Date, timeZone: string): Parts {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short',
      hour: 'numeric', minute: 'numeric', second: 'numeric', timeZoneName: 'longOffset',
    })
    formatters.set(timeZone, f)
  }
  const p: Record<string, string> = {}
  for (const part of f.formatToParts(date)) p[part.type] = part.value
  const offset = (p.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00'
  return {
    year: Number(p.year), month: Number(p.month), day: Number(p.day),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday!),
    hour: Number(p.hour) % 24, minute: Number(p.minute), second: Number(p.second), offset,
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')
const suffix = (d: number) => (d % 10 === 1 && d !== 11 ? 'st' : d % 10 === 2 && d !== 12 ? 'nd' : d % 10 === 3 && d !== 13 ? 'rd' : 'th')

/** PHP's date() format, as WordPress's date_format and time_format settings use it (`F j, Y`, `g:i a`). */
export function formatPhpDate(date: Date, format: string, timeZone: string): string {
  const p = partsIn(date, timeZone)
  const h12 = p.hour % 12 || 12
  let out = ''
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!
    if (c === '\\') {
      out += format[++i] ?? ''
      continue
    }
    switch (c) {
      case 'd': out += pad(p.day); break
      case 'D': out += DAYS[p.weekday]!.slice(0, 3); break
      case 'j': out += p.day; break
      case 'l': out += DAYS[p.weekday]; break
      case 'N': out += p.weekday || 7; break
      case 'S': out += suffix(p.day); break
      case 'w': out += p.weekday; break
      case 'F': out += MONTHS[p.month - 1]; break
      case 'm': out += pad(p.month); break
      case 'M': out += MONTHS[p.month - 1]!.slice(0, 3); break
      case 'n': out += p.month; break
      case 'Y': out += p.year; break
      case 'y': out += pad(p.year % 100); break
      case 'a': out += p.hour < 12 ? 'am' : 'pm'; break
      case 'A': out += p.hour < 12 ? 'AM' : 'PM'; break
      case 'g': out += h12; break
      case 'G': out += p.hour; break
      case 'h': out += pad(h12); break
      case 'H': out += pad(p.hour); break
      case 'i': out += pad(p.minute); break
      case 's': out += pad(p.second); break
      case 'P': out += p.offset; break
      case 'O': out += p.offset.replace(':', ''); break
      case 'e': out += timeZone; break
      case 'c': out += `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${p.offset}`; break
      case 'U': out += Math.floor(date.getTime() / 1000); break
      default: out += c
    }
  }
  return out
}

const MOMENT_TOKENS = /\[([^\]]*)\]|YYYY|YY|MMMM|MMM|MM|M|Do|DD|D|dddd|ddd|HH|H|hh|h|mm|m|ss|s|A|a|Z/g

/** Moment.js-style formats, as Ghost themes write them (`D MMMM YYYY`, `YYYY-MM-DD`). */
export function formatMomentDate(date: Date, format: string, timeZone: string): string {
  const p = partsIn(date, timeZone)
  const h12 = p.hour % 12 || 12
  return format.replace(MOMENT_TOKENS, (token, literal: string | undefined) => {
    if (literal !== undefined) return literal
    switch (token) {
      case 'YYYY': return String(p.year)
      case 'YY': return pad(p.year % 100)
      case 'MMMM': return MONTHS[p.month - 1]!
      case 'MMM': return MONTHS[p.month - 1]!.slice(0, 3)
      case 'MM': return pad(p.month)
      case 'M': return String(p.month)
      case 'Do': return `${p.day}${suffix(p.day)}`
      case 'DD': return pad(p.day)
      case 'D': return String(p.day)
      case 'dddd': return DAYS[p.weekday]!
      case 'ddd': return DAYS[p.weekday]!.slice(0, 3)
      case 'HH': return pad(p.hour)
      case 'H': return String(p.hour)
      case 'hh': return pad(h12)
      case 'h': return String(h12)
      case 'mm': return pad(p.minute)
      case 'm': return String(p.minute)
      case 'ss': return pad(p.second)
      case 's': return String(p.second)
      case 'A': return p.hour < 12 ? 'AM' : 'PM'
      case 'a': return p.hour < 12 ? 'am' : 'pm'
      case 'Z': return p.offset
      default: return token
    }
  })
}
