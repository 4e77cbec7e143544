/**
 * The renderer's Content-Security-Policy, the same as the meta tag in src/renderer/index.html
 * (tests/unit/electron-guards.test.ts holds the two together). `blob:` images are the object URLs
 * the renderer makes from a picture's bytes (file previews), so no image ever comes from a URL on
 * the network.
 */
export const RENDERER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'"

/**
 * The same policy sent as a response header: it is in force before the first byte of the page is
 * parsed (a meta tag only from where it stands), and it can carry what a meta tag cannot:
 * `frame-ancestors`, so no other page can frame the app.
 */
export const RENDERER_CSP_HEADER = `${RENDERER_CSP}; frame-ancestors 'none'`

const CSP = 'content-security-policy'

/**
 * The response headers with our policy added. A policy the response already carries stays:
 * every policy sent is enforced, so adding never loosens anything.
 */
export function withCspHeader(
  headers: Record<string, string[]> | undefined
): Record<string, string[]> {
  const result: Record<string, string[]> = {}
  const existing: string[] = []
  for (const [name, values] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === CSP) existing.push(...values)
    else result[name] = values
  }
  result['Content-Security-Policy'] = [...existing, RENDERER_CSP_HEADER]
  return result
}
