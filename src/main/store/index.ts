export {
  openChatStore,
  type ChatStore,
  type HistoryQuery,
  type StoreOptions,
  type StoredUser
} from './chat-store'
