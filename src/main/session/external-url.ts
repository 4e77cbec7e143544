/** Only these leave the app for the system: anything else (file:, javascript:, custom schemes) could run code. */
const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:'])

export function safeExternalUrl(input: string): string | null {
  let url: URL
  try {
    url = new URL(input)
  } catch {
    return null
  }
  return ALLOWED_PROTOCOLS.has(url.protocol) ? url.toString() : null
}
