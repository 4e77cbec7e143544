export { openChatStore, type ChatStore, type HistoryQuery, type StoredUser } from './chat-store'
