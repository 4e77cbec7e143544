/** English. Every key here must exist in pt-BR.ts too (the type and a test make sure of it). */
export const en = {
  app: { name: 'Papo', tagline: 'Chat with people on your network. No account, no cloud.' },
  start: {
    nickname: 'Your nickname',
    nicknamePlaceholder: 'e.g. Ana',
    hostTitle: 'Host a chat',
    hostHint: 'Others on your network join you by your address.',
    hostButton: 'Host a room',
    advanced: 'Advanced',
    port: 'Port',
    portHint: 'Empty: 4747, or the next free port.',
    joinTitle: 'Join a chat',
    joinHint: 'Type the address the host shows, e.g. 192.168.0.12:4747.',
    address: 'Host address',
    addressPlaceholder: '192.168.0.12:4747',
    joinButton: 'Join',
    working: 'Connecting…',
    portInvalid: 'A port is a number from 1 to 65535.'
  },
  errors: {
    BAD_REQUEST: 'That request was not understood.',
    TOO_LONG: 'That is too long.',
    NICKNAME_INVALID: 'Pick a nickname of 1 to 32 characters.',
    NICKNAME_TAKEN: 'Someone on this host already uses that nickname. Pick another.',
    ROOM_NOT_FOUND: 'No room has that code. Check it and try again.',
    NOT_A_MEMBER: 'You are not in that room any more.',
    CANNOT_LEAVE_LOBBY: 'Everyone stays in the lobby.',
    RATE_LIMITED: 'You are sending too fast. Wait a few seconds.',
    PROTOCOL_MISMATCH: 'This host runs another version of Papo. Update Papo on both computers.',
    UNAUTHORIZED: 'The host did not let you in.',
    INTERNAL: 'Something went wrong. Try again.',
    TIMEOUT: 'The host did not answer in time.',
    NOT_CONNECTED: 'Not connected to the host right now.',
    ADDRESS_INVALID: 'Type an address like 192.168.0.12 or 192.168.0.12:4747.',
    HOST_NOT_FOUND: 'No computer has that name on this network.',
    HOST_UNREACHABLE:
      'Nobody answered at that address. Check it, and that the host’s firewall allows Papo.',
    HOST_REFUSED: 'That computer refused the connection: nothing is hosting on that port.',
    NOT_A_PAPO_HOST: 'Something answers there, but it is not a Papo host.',
    PORT_IN_USE: 'That port is in use by another program. Pick another one.',
    ALREADY_IN_SESSION: 'You are already in a chat.'
  },
  chat: {
    rooms: 'Rooms',
    lobby: 'Lobby',
    createRoom: 'New room',
    joinRoom: 'Join room',
    shareTitle: 'Others join at',
    copy: 'Copy',
    copied: 'Copied',
    code: 'Code',
    copyCode: 'Copy code',
    leaveRoom: 'Leave room',
    members: 'Members',
    showMembers: 'Show members',
    hideMembers: 'Hide members',
    online: 'Online',
    offline: 'Offline',
    you: 'you',
    unread_one: '{{count}} unread message',
    unread_other: '{{count}} unread messages',
    logout: 'Log out',
    settings: 'Settings',
    hostedBy: 'Hosted on {{name}}',
    youAreHosting: 'You are hosting',
    loadingMessages: 'Loading messages…',
    loadWhenBack: 'The messages load when the connection is back.',
    loadFailed: 'Could not load the messages: {{reason}}',
    tryAgain: 'Try again',
    loadingOlder: 'Loading older messages…',
    beginning: 'This is the beginning of the room.',
    newMessages: 'New messages',
    jumpToLatest: 'Jump to latest',
    emptyRoom: 'No messages yet. Say hi!'
  },
  composer: {
    placeholder: 'Message {{room}}',
    send: 'Send',
    hint: 'Enter sends · Shift+Enter for a new line',
    tooLong: '{{count}} characters over the limit',
    disabledOffline: 'You can write again when the connection to the host is back.'
  },
  message: {
    sending: 'Sending…',
    failed: 'Not sent.',
    retry: 'Retry',
    discard: 'Discard',
    today: 'Today',
    yesterday: 'Yesterday'
  },
  notice: {
    joined: '{{name}} joined',
    left: '{{name}} left',
    online: '{{name}} is online',
    offline: '{{name}} went offline',
    created: '{{name}} created the room'
  },
  typing: {
    one: '{{a}} is typing…',
    two: '{{a}} and {{b}} are typing…',
    many: 'Several people are typing…'
  },
  connection: {
    connecting: 'Connecting…',
    reconnecting: 'Connection lost. Reconnecting…',
    hostGone: 'The host seems to be gone. Still trying to reconnect…',
    offline: 'Disconnected from the host.',
    reconnected: 'Back online.'
  },
  dialogs: {
    cancel: 'Cancel',
    close: 'Close',
    createTitle: 'New room',
    roomName: 'Room name',
    roomNamePlaceholder: 'e.g. Physics group',
    create: 'Create',
    joinTitle: 'Join a room',
    roomCode: 'Room code',
    roomCodeHint: 'Six letters and digits, e.g. K7M-Q2X.',
    roomCodeInvalid: 'A room code is six letters and digits, e.g. K7M-Q2X.',
    join: 'Join',
    leaveTitle: 'Leave “{{room}}”?',
    leaveBody: 'You will stop receiving its messages. You can come back with its code.',
    leave: 'Leave',
    logoutTitle: 'Log out?',
    logoutBodyHost: 'You are hosting: logging out ends the chat for everyone connected.',
    logoutBody: 'Every Papo window of yours on this host will be logged out.',
    settingsTitle: 'Settings',
    language: 'Language',
    languageSystem: 'System default',
    version: 'Papo {{version}}'
  },
  ended: {
    title: 'You left the chat',
    logout: 'You logged out.',
    'logged-out-elsewhere': 'You logged out in another window.',
    'host-stopped': 'The host stopped the chat.',
    back: 'Back to start'
  }
} as const

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }
export type Dictionary = Widen<typeof en>
