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
    starting: 'Starting…',
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
    USER_NOT_FOUND: 'That person is not on this host.',
    FORBIDDEN: 'Only the person hosting can do that.',
    REMOVED:
      'The person hosting removed you from this chat. You can join again once they host again.',
    CANNOT_LEAVE_LOBBY: 'Everyone stays in the lobby.',
    RATE_LIMITED: 'Too many tries in a short time. Wait a minute and try again.',
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
    lobbyHint: 'Everyone on this host is here.',
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
    host: 'host',
    remove: 'Remove {{name}}',
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
    emptyRoom: 'No messages yet. Say hi!',
    emptyRoomShare: 'No messages yet. Share the code {{code}} so others can join, or say hi!'
  },
  composer: {
    placeholder: 'Message {{room}}',
    send: 'Send',
    hint: 'Enter sends · Shift+Enter for a new line',
    tooLong: '{{count}} characters over the limit'
  },
  message: {
    sending: 'Sending…',
    failed: 'Not sent.',
    failedCount_one: '{{count}} message not sent.',
    failedCount_other: '{{count}} messages not sent.',
    retryAll: 'Retry all',
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
    created: '{{name}} created the room',
    removed: 'The host removed {{name}}'
  },
  typing: {
    one: '{{a}} is typing…',
    two: '{{a}} and {{b}} are typing…',
    many: 'Several people are typing…'
  },
  connection: {
    connecting: 'Connecting…',
    reconnecting: 'Connection lost. Reconnecting…',
    hostGone: 'The host is not answering. Papo keeps trying and rejoins when it is back.',
    hostStopped:
      'The host stopped the chat. Papo rejoins by itself when it is back; you can keep writing.',
    hostChanged:
      'A different Papo host answers at this address now. Papo waits for the one you were in.',
    offline: 'Disconnected from the host.',
    reconnected: 'Back online.',
    logout: 'Log out and go back to the start'
  },
  hosting: {
    crashed: 'Hosting stopped unexpectedly.',
    restart: 'Restart hosting',
    restarting: 'Restarting…',
    restartFailed: 'Could not restart: {{reason}}'
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
    removeTitle: 'Remove {{name}}?',
    removeBody:
      '{{name}} is disconnected from every room and cannot come back until you host again.',
    remove: 'Remove',
    settingsTitle: 'Settings',
    language: 'Language',
    languageSystem: 'System default',
    version: 'Papo {{version}}'
  },
  ended: {
    title: 'You left the chat',
    removedTitle: 'Removed from the chat',
    logout: 'You logged out.',
    'logged-out-elsewhere': 'You logged out in another window.',
    removed: 'The person hosting removed you. You can join again once they host again.',
    back: 'Back to start'
  }
} as const

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }
export type Dictionary = Widen<typeof en>
