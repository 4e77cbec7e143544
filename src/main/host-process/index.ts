export {
  HostStartError,
  type HostExit,
  type HostLaunchHooks,
  type HostProcess,
  type HostProcessLauncher,
  type HostProcessOptions
} from './port'
export {
  describeExit,
  HOST_PROCESS_TIMEOUTS,
  superviseHostProcess,
  type ChildControl,
  type ChildEvents,
  type HostProcessTimeouts
} from './supervise'
