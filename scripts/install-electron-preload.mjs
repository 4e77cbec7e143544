// Loaded into electron's own installer (`node --import`) by scripts/install-electron.ts. The
// installer prints only its error's stack, which drops the network error under `fetch failed`
// (ENOTFOUND, ECONNREFUSED…) and the URL; this reports each fetch on one marked stderr line
// that the wrapper reads and keeps out of sight. It changes nothing about the fetch itself.
const MARKER = '@@papo-install-electron '
const original = globalThis.fetch

function report(event) {
  process.stderr.write(`${MARKER}${JSON.stringify(event)}\n`)
}

if (typeof original === 'function') {
  globalThis.fetch = async function fetchReported(input, init) {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    report({ type: 'request', url })
    try {
      const response = await original(input, init)
      if (!response.ok) {
        report({ type: 'response', url, status: response.status, statusText: response.statusText })
      }
      return response
    } catch (err) {
      const cause = err && typeof err === 'object' ? err.cause : undefined
      const code = cause && typeof cause === 'object' ? cause.code : undefined
      report({
        type: 'error',
        url,
        message: err instanceof Error ? err.message : String(err),
        ...(typeof code === 'string' ? { code } : {}),
        ...(cause instanceof Error ? { cause: cause.message } : {})
      })
      throw err
    }
  }
}
