import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TXT_KEYS } from '../../src/shared/discovery'
import { WIRE_ERROR_CODES } from '../../src/shared/errors'
import { NOTICE_TYPES } from '../../src/shared/models'
import { PUSH_NAMES, REQUEST_NAMES } from '../../src/shared/wire/protocol'

// docs/protocol.md is meant to be enough to write a client from; whatever the contract in
// src/shared gains, the document has to name too.

const doc = readFileSync(join(__dirname, '../../docs/protocol.md'), 'utf8')

describe('docs/protocol.md', () => {
  it.each(REQUEST_NAMES)('has a section for the request %s', (name) => {
    expect(doc).toContain(`### \`${name}\``)
  })
  it.each(PUSH_NAMES)('lists the push %s', (name) => {
    expect(doc).toMatch(new RegExp(`\\| \`${name}\` +\\|`))
  })
  it.each(WIRE_ERROR_CODES)('explains the error code %s', (code) => {
    expect(doc).toContain(`\`${code}\``)
  })
  it.each(NOTICE_TYPES)('describes the notice %s', (notice) => {
    expect(doc).toContain(`"${notice}"`)
  })
  it.each(Object.values(TXT_KEYS))('explains the announcement TXT key %s', (key) => {
    expect(doc).toMatch(new RegExp(`\\| \`${key}\` +\\|`))
  })
  it('documents the service type and the invite link', () => {
    expect(doc).toContain('`_papo._tcp.local`')
    expect(doc).toContain('papo://join?host=')
  })
})
