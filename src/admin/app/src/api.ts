/** The one way the app talks to the server: the REST API and the admin API, with the session's nonce. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly data: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

const tokens = { nonce: null as string | null, csrf: '' }
let onSignedOut: () => void = () => {}

export function setTokens(next: { nonce?: string | null; csrf?: string }) {
  if (next.nonce !== undefined) tokens.nonce = next.nonce
  if (next.csrf !== undefined) tokens.csrf = next.csrf
}
/** The session's current nonce, for requests made without fetch (an XHR upload that reports progress). */
export const currentNonce = () => tokens.nonce
export const whenSignedOut = (fn: () => void) => {
  onSignedOut = fn
}

export interface ApiResponse<T> {
  data: T
  headers: Headers
  status: number
}

interface RequestOptions {
  method?: string
  body?: unknown
  signal?: AbortSignal
  /** Sign-in and setup carry the double-submit token: there is no session for a nonce yet. */
  csrf?: boolean
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  try {
    return await send<T>(path, options)
  } catch (err) {
    // A nonce lives 12–24 hours: a tab left open longer fetches a fresh one for its session and tries once more.
    if (!(err instanceof ApiError) || err.code !== 'rest_cookie_invalid_nonce' || !tokens.nonce) throw err
    const session = await send<{ nonce: string | null; csrf: string }>('/admin/api/session', {})
    if (!session.data.nonce) {
      onSignedOut()
      throw err
    }
    setTokens({ nonce: session.data.nonce, csrf: session.data.csrf })
    return send<T>(path, options)
  }
}

async function send<T>(path: string, { method = 'GET', body, signal, csrf }: RequestOptions): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (tokens.nonce) headers['x-wp-nonce'] = tokens.nonce
  if (csrf) headers['x-csrf-token'] = tokens.csrf
  let payload: BodyInit | undefined
  if (body instanceof FormData) payload = body
  else if (body !== undefined) {
    headers['content-type'] = 'application/json'
    payload = JSON.stringify(body)
  }
  let res: Response
  try {
    res = await fetch(path, { method, headers, body: payload, signal, credentials: 'same-origin' })
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err
    throw new ApiError('The server could not be reached. Check your connection and try again.', 'network_error', 0)
  }
  const fresh = res.headers.get('x-wp-nonce')
  if (fresh) tokens.nonce = fresh
  const text = res.status === 204 ? '' : await res.text()
  let data: unknown = null
  try {
    data = text ? JSON.parse(text) : null
  } catch {
    data = null
  }
  if (!res.ok) {
    const problem = (data ?? {}) as { code?: string; message?: string; data?: Record<string, unknown> }
    if (res.status === 401 && problem.code === 'rest_not_logged_in') onSignedOut()
    throw new ApiError(problem.message ?? `The server answered ${res.status}.`, problem.code ?? 'http_error', res.status, problem.data ?? {})
  }
  return { data: data as T, headers: res.headers, status: res.status }
}

export const get = async <T>(path: string, signal?: AbortSignal) => (await request<T>(path, { signal })).data
export const post = async <T>(path: string, body?: unknown) => (await request<T>(path, { method: 'POST', body })).data
export const del = async <T>(path: string) => (await request<T>(path, { method: 'DELETE' })).data

export const wp = (path: string, query: Record<string, string | number | boolean | undefined> = {}) => {
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') qs.set(k, String(v))
  const s = qs.toString()
  return `/wp-json/wp/v2${path}${s ? `?${s}` : ''}`
}

export const errorMessage = (err: unknown) => (err instanceof Error ? err.message : 'Something went wrong.')

/** A file the server sends as a download (an export), fetched with the session's nonce, saved under its name. */
export async function download(path: string): Promise<string> {
  const headers: Record<string, string> = {}
  if (tokens.nonce) headers['x-wp-nonce'] = tokens.nonce
  let res: Response
  try {
    res = await fetch(path, { headers, credentials: 'same-origin' })
  } catch {
    throw new ApiError('The server could not be reached. Check your connection and try again.', 'network_error', 0)
  }
  if (!res.ok) {
    const problem = ((await res.json().catch(() => null)) ?? {}) as { code?: string; message?: string; data?: Record<string, unknown> }
    if (res.status === 401 && problem.code === 'rest_not_logged_in') onSignedOut()
    throw new ApiError(problem.message ?? `The server answered ${res.status}.`, problem.code ?? 'http_error', res.status, problem.data ?? {})
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'download'
  const url = URL.createObjectURL(await res.blob())
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return name
}
