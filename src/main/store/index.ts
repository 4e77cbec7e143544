export {
  openChatStore,
  type ChangesPage,
  type ChatStore,
  type HistoryQuery,
  type NewNotice,
  type NewRoom,
  type NewText,
  type NewUser,
  type SearchQuery,
  type StoreOptions,
  type StoredHit,
  type StoredUser
} from './chat-store'
export type {
  AttachmentFiles,
  FileTables,
  NewAttachment,
  NewUpload,
  StoredFile,
  StoredUpload
} from './file-tables'
