import { describe, expect, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import { createBridgeDispatcher } from '../../src/main/session/bridge-dispatcher'
import { createBridgeHandlers } from '../../src/main/session/bridge-handlers'
import {
  bridgeArgSchemas,
  type BridgeArgs,
  type BridgeHandlers,
  type BridgeMethod,
  type BridgeResults,
  type HostMethod,
  type LocalMethod,
  type PapoBridge,
  type ParsedBridgeArgs
} from '../../src/shared/bridge'
import { ok, type Result } from '../../src/shared/result'
import type {
  RequestName,
  RequestPayload,
  ResponseData,
  RoomJoined
} from '../../src/shared/wire/protocol'
import { DEFAULT_PREFS } from '../../src/main/session/prefs'

// The bridge is derived, not kept in step: one list of methods (the argument schemas), a result
// type for each (the host's own answer for a host method), one handler for each. The type-level
// checks here run under `tsc -p tsconfig.test.json` (expectTypeOf and the @ts-expect-error
// lines: an error that stops happening fails the compile); the runtime ones under vitest.

describe('the bridge contract, at the type level', () => {
  it('has exactly one result type per method, and no result without a method', () => {
    expectTypeOf<keyof BridgeResults>().toEqualTypeOf<BridgeMethod>()
    expectTypeOf<keyof BridgeHandlers>().toEqualTypeOf<BridgeMethod>()
    expectTypeOf<LocalMethod | HostMethod>().toEqualTypeOf<BridgeMethod>()
    // A local method may not shadow a host one (the spread would hide it).
    expectTypeOf<Extract<LocalMethod, HostMethod>>().toBeNever()
  })

  it('passes host methods through with the wire request and response types', () => {
    expectTypeOf<HostMethod>().toExtend<RequestName>()
    expectTypeOf<{ [K in HostMethod]: ParsedBridgeArgs<K> }>().toEqualTypeOf<{
      [K in HostMethod]: RequestPayload<K>
    }>()
    expectTypeOf<Pick<BridgeResults, HostMethod>>().toEqualTypeOf<{
      [K in HostMethod]: ResponseData<K>
    }>()
    expectTypeOf<BridgeResults['room:join']>().toEqualTypeOf<RoomJoined>()
  })

  it('gives the renderer the result type the handler returns', () => {
    const bridge = {} as PapoBridge
    expectTypeOf(bridge.invoke<'room:create'>).returns.toEqualTypeOf<
      ReturnType<BridgeHandlers['room:create']>
    >()
    expectTypeOf(bridge.invoke<'session:get'>).returns.toEqualTypeOf<
      ReturnType<BridgeHandlers['session:get']>
    >()
    expectTypeOf(bridge.invoke<'message:send'>)
      .parameter(1)
      .toEqualTypeOf<z.input<(typeof bridgeArgSchemas)['message:send']>>()
  })

  it('the main side is one object literal of type BridgeHandlers', () => {
    expectTypeOf(createBridgeHandlers).returns.toEqualTypeOf<BridgeHandlers>()
  })

  it('a handler set that lacks a method, has one too many or answers the wrong type does not compile', () => {
    const complete = {} as BridgeHandlers
    const { 'badge:set': _dropped, ...lacking } = complete

    // @ts-expect-error a method without its handler
    const missing: BridgeHandlers = lacking

    const extra: BridgeHandlers = {
      ...complete,
      // @ts-expect-error a handler without its method
      'room:pin': async () => ok({})
    }

    const wrong: BridgeHandlers = {
      ...complete,
      // @ts-expect-error a handler that answers another method's result
      'room:create': async () => ok({ members: [] })
    }

    expect([missing, extra, wrong]).toHaveLength(3)
  })

  it('a schema without its result type does not compile (the rule bridge.ts applies)', () => {
    const schemas = {
      ...bridgeArgSchemas,
      // @ts-expect-error a method with an argument schema but no result type
      'room:pin': z.object({ roomId: z.string() })
    } satisfies { [M in keyof BridgeResults]: z.ZodType }
    expect(Object.keys(schemas)).toContain('room:pin')
  })
})

/** Every method answered by a handler that records what it got. */
function recordingHandlers(calls: { method: BridgeMethod; args: unknown }[]): BridgeHandlers {
  const record =
    <M extends BridgeMethod>(method: M, result: BridgeResults[M]) =>
    async (args: ParsedBridgeArgs<M>): Promise<Result<BridgeResults[M]>> => {
      calls.push({ method, args })
      return ok(result)
    }
  const room = {
    id: 'r1',
    code: 'ABC234',
    name: 'Sala',
    isLobby: false,
    createdBy: 'u1',
    createdAt: 0,
    lastSeq: 0,
    lastReadSeq: 0,
    unread: 0,
    memberCount: 1,
    isDirect: false,
    lastChange: 0,
    peer: null
  }
  const joined: RoomJoined = { room, members: [], history: { messages: [], hasMore: false } }
  const prefs = {
    ...DEFAULT_PREFS,
    language: null,
    lastNickname: '',
    lastAddress: ''
  }
  return {
    'app:info': record('app:info', { version: '0', platform: 'linux', systemLocale: 'en', prefs }),
    'prefs:set': record('prefs:set', prefs),
    'session:host': record('session:host', null as never),
    'session:join': record('session:join', null as never),
    'session:leave': record('session:leave', {}),
    'session:get': record('session:get', null),
    'session:restart-host': record('session:restart-host', {}),
    'session:cancel-join': record('session:cancel-join', {}),
    'session:set-status': record('session:set-status', { chosen: 'dnd', shown: 'dnd' }),
    'host:identify': record('host:identify', null as never),
    'hosts:known': record('hosts:known', { hosts: [] }),
    'hosts:forget': record('hosts:forget', {}),
    'activity:export': record('activity:export', { path: null }),
    'discovery:list': record('discovery:list', {
      state: { status: 'searching', since: 0 },
      hosts: []
    }),
    'doctor:join': record('doctor:join', { address: '10.0.0.2', steps: [] }),
    'doctor:host': record('doctor:host', {
      platform: 'linux',
      port: 4747,
      interfaces: [],
      checks: []
    }),
    'invite:take': record('invite:take', null),
    'room:create': record('room:create', joined),
    'room:join': record('room:join', joined),
    'room:leave': record('room:leave', {}),
    'room:members': record('room:members', { members: [] }),
    'room:history': record('room:history', { messages: [], hasMore: false }),
    'room:read': record('room:read', {}),
    'message:send': record('message:send', null as never),
    'message:edit': record('message:edit', null as never),
    'message:delete': record('message:delete', null as never),
    'message:react': record('message:react', null as never),
    'dm:open': record('dm:open', joined),
    search: record('search', { hits: [], hasMore: false }),
    'typing:set': record('typing:set', {}),
    'member:remove': record('member:remove', {}),
    'member:readmit': record('member:readmit', {}),
    'host:removed': record('host:removed', { removed: [] }),
    'host:knocks': record('host:knocks', { knocks: [] }),
    'host:answer-knock': record('host:answer-knock', {}),
    'host:activity': record('host:activity', { entries: [] }),
    'room:new-code': record('room:new-code', { roomId: 'r1', code: 'DEF345' }),
    'shell:open-external': record('shell:open-external', {}),
    'notify:show': record('notify:show', {}),
    'badge:set': record('badge:set', {}),
    'file:send': record('file:send', null as never),
    'file:download': record('file:download', null as never),
    'file:cancel': record('file:cancel', {}),
    'file:retry': record('file:retry', null as never),
    'file:transfers': record('file:transfers', { transfers: [] }),
    'file:preview': record('file:preview', { type: 'image/png', base64: '' }),
    'file:show': record('file:show', {}),
    'file:open': record('file:open', {}),
    'file:limits': record('file:limits', null)
  }
}

describe('the bridge dispatcher', () => {
  const validArgs: { [M in BridgeMethod]: BridgeArgs<M> } = {
    'app:info': {},
    'prefs:set': { language: 'en' },
    'session:host': { nickname: 'Ana' },
    'session:join': { nickname: 'Ana', address: '10.0.0.2' },
    'session:leave': {},
    'session:get': {},
    'session:restart-host': {},
    'session:cancel-join': {},
    'session:set-status': { status: 'dnd' },
    'host:identify': { address: '10.0.0.2' },
    'hosts:known': {},
    'hosts:forget': { address: '10.0.0.2:4747' },
    'activity:export': { entries: [] },
    'discovery:list': {},
    'doctor:join': { address: '10.0.0.2', fingerprint: 'K7MQ-2XAB-9TCE-R4WN' },
    'doctor:host': {},
    'invite:take': {},
    'room:create': { name: 'Sala' },
    'room:join': { code: 'ABC234' },
    'room:leave': { roomId: 'r1' },
    'room:members': { roomId: 'r1' },
    'room:history': { roomId: 'r1', beforeSeq: 10 },
    'room:read': { roomId: 'r1', seq: 3 },
    'message:send': { roomId: 'r1', text: 'oi', clientId: 'c1', replyTo: 'm0' },
    'message:edit': { messageId: 'm1', text: 'oi!' },
    'message:delete': { messageId: 'm1' },
    'message:react': { messageId: 'm1', emoji: '👍', on: true },
    'dm:open': { userId: 'u2' },
    search: { query: 'voce', roomId: 'r1' },
    'typing:set': { roomId: 'r1', typing: true },
    'member:remove': { userId: 'u2' },
    'member:readmit': { userId: 'u2' },
    'host:removed': {},
    'host:knocks': {},
    'host:answer-knock': { knockId: 'k1', admit: true },
    'host:activity': { limit: 10 },
    'room:new-code': { roomId: 'r1' },
    'shell:open-external': { url: 'https://example.org' },
    'notify:show': { title: 'Ana', body: 'oi', roomId: 'r1' },
    'badge:set': { count: 2 },
    'file:send': {
      roomId: 'r1',
      source: { kind: 'bytes', name: 'notes.txt', base64: 'b2k=' },
      caption: 'oi'
    },
    'file:download': { messageId: 'm1' },
    'file:cancel': { transferId: 't1' },
    'file:retry': { transferId: 't1' },
    'file:transfers': {},
    'file:preview': { messageId: 'm1', thumb: true },
    'file:show': { transferId: 't1' },
    'file:open': { transferId: 't1' },
    'file:limits': {}
  }

  it('runs each method by its own handler, with the arguments as parsed', async () => {
    const calls: { method: BridgeMethod; args: unknown }[] = []
    const dispatch = createBridgeDispatcher(recordingHandlers(calls))
    const methods = Object.keys(bridgeArgSchemas) as BridgeMethod[]
    for (const method of methods) {
      const result = await dispatch(method, validArgs[method])
      expect(result.ok, method).toBe(true)
    }
    expect(calls.map((c) => c.method)).toEqual(methods)
    expect(calls.map((c) => c.args)).toEqual(methods.map((m) => validArgs[m]))
  })

  it('refuses an unknown method and bad arguments before any handler runs', async () => {
    const calls: { method: BridgeMethod; args: unknown }[] = []
    const dispatch = createBridgeDispatcher(recordingHandlers(calls))
    const code = (r: Result<unknown>): string => (r.ok ? 'ok' : r.error.code)
    expect(code(await dispatch('no:such-method', {}))).toBe('BAD_REQUEST')
    expect(code(await dispatch('toString', {}))).toBe('BAD_REQUEST')
    expect(code(await dispatch(42, {}))).toBe('BAD_REQUEST')
    expect(code(await dispatch('badge:set', { count: -1 }))).toBe('BAD_REQUEST')
    expect(code(await dispatch('room:leave', { roomId: '' }))).toBe('BAD_REQUEST')
    expect(calls).toEqual([])
  })

  it('answers INTERNAL when a handler throws', async () => {
    const logged: string[] = []
    const handlers: BridgeHandlers = {
      ...recordingHandlers([]),
      'app:info': async () => {
        throw new Error('boom')
      }
    }
    const dispatch = createBridgeDispatcher(handlers, (line) => logged.push(line))
    const result = await dispatch('app:info', {})
    expect(result.ok ? 'ok' : result.error.code).toBe('INTERNAL')
    expect(logged.join('\n')).toContain('boom')
  })
})
