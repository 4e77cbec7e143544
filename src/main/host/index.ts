export { createHost, HOST_DB_FILE, type HostOptions, type PapoHost } from './create-host'
export { PortInUseError } from './listen'
