export {
  openChatStore,
  type ChatStore,
  type HistoryQuery,
  type NewNotice,
  type NewRoom,
  type NewText,
  type NewUser,
  type StoreOptions,
  type StoredUser
} from './chat-store'
