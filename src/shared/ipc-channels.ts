/** IPC channel names, in a file of their own so the sandboxed preload bundles nothing else. */
export const IPC_INVOKE = 'papo:invoke'
export const IPC_EVENT = 'papo:event'
