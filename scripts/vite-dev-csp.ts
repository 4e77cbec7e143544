import type { Plugin } from 'vite'

/**
 * `npm run dev` only: @vitejs/plugin-react injects its Fast Refresh preamble as an inline
 * script, which the renderer's strict Content-Security-Policy (script-src 'self') blocks, and
 * the app would throw "can't detect preamble" on first render. This loosens script-src on the
 * dev server's page alone; the built index.html (what ships and what the e2e tests load) keeps
 * the strict policy, byte for byte.
 */
export function devCspForReactRefresh(): Plugin {
  return {
    name: 'papo:dev-csp-react-refresh',
    apply: 'serve',
    transformIndexHtml: {
      order: 'pre',
      handler: (html) => relaxScriptSrc(html)
    }
  }
}

export function relaxScriptSrc(html: string): string {
  return html.replace(/script-src 'self'(?! 'unsafe-inline')/, "script-src 'self' 'unsafe-inline'")
}
