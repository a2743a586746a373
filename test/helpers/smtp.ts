import type { AddressInfo } from 'node:net'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/** A real SMTP server in the test process: what nodemailer sends arrives here, parsed. */
export async function startSmtp() {
  const received: ParsedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream).then((mail) => {
        received.push(mail)
        done()
      }, done)
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** Waits until `count` mails have arrived in all (and a moment more, to catch any extra). */
    async until(count: number): Promise<ParsedMail[]> {
      const deadline = Date.now() + 10_000
      while (received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      await new Promise((r) => setTimeout(r, 150))
      return received
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export const recipients = (mail: ParsedMail) => [mail.to].flat().flatMap((a) => a?.value.map((v) => v.address) ?? []).sort()

/** The set-your-password link in a mail. */
export function resetLink(mail: ParsedMail): URL {
  const m = /https?:\/\/\S+\/admin\/reset-password\?\S+/.exec(mail.text ?? '')
  if (!m) throw new Error(`No reset link in: ${mail.text}`)
  return new URL(m[0])
}
