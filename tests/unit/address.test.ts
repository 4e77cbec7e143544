import { describe, expect, it } from 'vitest'
import { formatAddress, parseAddress } from '../../src/shared/address'
import { DEFAULT_PORT } from '../../src/shared/limits'

describe('parseAddress', () => {
  it.each([
    ['192.168.0.12', { host: '192.168.0.12', port: DEFAULT_PORT }],
    ['192.168.0.12:5000', { host: '192.168.0.12', port: 5000 }],
    ['  10.0.0.7:4748 ', { host: '10.0.0.7', port: 4748 }],
    ['http://192.168.0.12:4747/', { host: '192.168.0.12', port: 4747 }],
    ['sala-3.local', { host: 'sala-3.local', port: DEFAULT_PORT }],
    ['LAPTOP-ANA:4800', { host: 'LAPTOP-ANA', port: 4800 }],
    ['::1', { host: '::1', port: DEFAULT_PORT }],
    ['[::1]:4800', { host: '::1', port: 4800 }],
    ['[fe80::1%eth0]', null],
    ['fd00::12', { host: 'fd00::12', port: DEFAULT_PORT }]
  ])('%s', (input, expected) => {
    expect(parseAddress(input)).toEqual(expected)
  })

  it.each([
    '',
    '   ',
    '192.168.0',
    '192.168.0.256',
    '1.2.3.4:0',
    '1.2.3.4:65536',
    '1.2.3.4:',
    '1.2.3.4:abc',
    'a b',
    'host/path',
    'user@host',
    '-bad-.local',
    ':::1::2',
    '1:2:3'
  ])('rejects %j', (input) => {
    expect(parseAddress(input)).toBeNull()
  })

  it('formats IPv6 in brackets so the port stays readable', () => {
    expect(formatAddress({ host: '::1', port: 4747 })).toBe('[::1]:4747')
    expect(formatAddress({ host: '192.168.0.12', port: 4747 })).toBe('192.168.0.12:4747')
  })
})
