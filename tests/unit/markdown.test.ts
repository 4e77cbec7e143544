import { describe, expect, it } from 'vitest'
import { parseMessage } from '../../src/shared/markdown'

describe('message markdown, parsed', () => {
  it('leaves snake_case, e-mail addresses and lone markers alone', () => {
    expect(parseMessage('my_var_name e ana@escola.br 2 * 3 * 4')).toEqual([
      { t: 'text', v: 'my_var_name e ana@escola.br 2 * 3 * 4' }
    ])
  })
})
