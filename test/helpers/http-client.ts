import { type IncomingHttpHeaders, request } from 'node:http'

export interface HttpRequest {
  method?: string
  /** The path and query, as the request line carries it. */
  url: string
  headers?: Record<string, string>
  /** A string or bytes go as they are; anything else as JSON, with `Content-Type: application/json` unless given. */
  payload?: string | Buffer | object
  /**
   * The local address the connection leaves from: the server's `req.ip`. Any of 127.0.0.0/8 reaches a server on
   * 127.0.0.1 under Linux, so tests can be several clients without a proxy header (the app trusts none).
   */
  from?: string
}

/** What the server sent, read off the socket. */
export interface HttpResponse {
  statusCode: number
  headers: IncomingHttpHeaders
  /** The bytes as they came (still compressed if the server compressed them). */
  rawPayload: Buffer
  payload: string
  body: string
  json<T = any>(): T
}

/**
 * One request over a fresh connection to `base` (`http://127.0.0.1:port`) with node:http, which adds nothing but Host,
 * Connection and the body's length: no Accept-Encoding, no decompression, no redirects followed.
 */
export function httpRequest(base: string, opts: HttpRequest | string): Promise<HttpResponse> {
  const { method = 'GET', url, headers = {}, payload, from = '127.0.0.1' } = typeof opts === 'string' ? { url: opts } : opts
  const sent: Record<string, string> = { ...headers }
  let body: Buffer | undefined
  if (typeof payload === 'string' || Buffer.isBuffer(payload)) body = Buffer.from(payload)
  else if (payload !== undefined) {
    body = Buffer.from(JSON.stringify(payload))
    if (!Object.keys(sent).some((name) => name.toLowerCase() === 'content-type')) sent['content-type'] = 'application/json'
  }
  if (body && !Object.keys(sent).some((name) => name.toLowerCase() === 'content-length')) sent['content-length'] = String(body.length)
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(base)
    // The path as given, not normalised by URL parsing.
    const req = request({ host: hostname, port, path: url, method, headers: sent, localAddress: from, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => {
        const rawPayload = Buffer.concat(chunks)
        const text = rawPayload.toString('utf8')
        resolve({ statusCode: res.statusCode!, headers: res.headers, rawPayload, payload: text, body: text, json: () => JSON.parse(text) })
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}
