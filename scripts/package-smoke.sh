#!/usr/bin/env bash
# Packaging smoke test without the real Electron binary (it cannot be downloaded here): builds the
# unpacked Linux app around a stand-in executable, checks what went into app.asar and reads back the
# fuses packaging flipped in the executable.
set -euo pipefail
cd "$(dirname "$0")/.."

stand_in=$(mktemp -d)
trap 'rm -rf "$stand_in"' EXIT
# @electron/fuses finds the fuse wire in the binary by a sentinel string followed by the wire's
# version (1), its length and one byte per fuse ('0' off, '1' on). The stand-in carries such a
# wire after its script, with Electron's defaults: RunAsNode on, cookie encryption off,
# NODE_OPTIONS on, --inspect on, ASAR integrity off, only-from-ASAR off, browser V8 snapshot off,
# file:// extra privileges on (the eight fuses the installed @electron/fuses names). Packaging must
# flip it (electronFuses in electron-builder.yml) exactly as a real binary's.
fuse_sentinel=dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX
stand_in_wire=10110001
{
  printf '#!/bin/sh\necho "stand-in electron"\nexit 0\n'
  printf '%s\001' "$fuse_sentinel"
  printf "\\$(printf '%03o' "${#stand_in_wire}")"
  printf '%s' "$stand_in_wire"
} > "$stand_in/electron"
chmod +x "$stand_in/electron"
version=$(node -p "require('electron/package.json').version")
echo "v$version" > "$stand_in/version"

rm -rf release/linux-unpacked
npx electron-builder --linux dir --publish never \
  --config.electronDist="$stand_in" --config.electronVersion="$version"

app=release/linux-unpacked
asar="$app/resources/app.asar"
[ -f "$asar" ] || { echo "missing $asar"; exit 1; }
listing=$(npx asar list "$asar")
# The entry package.json names ("main") is the bundle electron-vite builds from the Electron shell
# (src/main/electron/main.ts: the lifecycle, window, IPC and desktop, with the plain-Node session).
main_entry=$(node -p "'/' + require('./package.json').main.replace(/^\.\//, '')")
# The host process the shell forks as a utilityProcess when the person hosts
# (src/main/host-process/child.ts, the main build's second input).
host_entry=/out/main/host-process.js
for entry in "$main_entry" /out/main/index.js "$host_entry" /out/preload/index.js /out/renderer/index.html /package.json; do
  grep -qxF "$entry" <<<"$listing" || { echo "app.asar lacks $entry"; exit 1; }
done
node -e '
  const [asar, entry] = process.argv.slice(1)
  const main = require("@electron/asar").extractFile(asar, entry.slice(1)).toString()
  // The shell with its hardening (src/main/electron/hardening.ts, csp.ts): the app-wide guard,
  // both permission handlers and the CSP header.
  // …and the handler of papo: invite links (src/main/electron/invite-links.ts).
  for (const mark of ["requestSingleInstanceLock", "papo:invoke", "BrowserWindow", "web-contents-created",
    "setAsDefaultProtocolClient", "open-url", "second-instance",
    "setPermissionCheckHandler", "setPermissionRequestHandler", "onHeadersReceived", "frame-ancestors"]) {
    if (main.includes(mark)) continue
    console.log(`${entry} in app.asar is not the Electron shell (no ${mark})`)
    process.exit(1)
  }
  // The host runs in its own process now: the shell loads neither its server nor its database.
  for (const dep of ["socket.io", "libsql"]) {
    if (!main.includes(`require("${dep}")`)) continue
    console.log(`${entry} in app.asar loads ${dep}: the host should run in its own process`)
    process.exit(1)
  }
  // The host process: no Electron of its own, the parentPort protocol, the host itself.
  const host = require("@electron/asar").extractFile(asar, "out/main/host-process.js").toString()
  for (const mark of ["parentPort", "hosting on port", "socket.io", "libsql"]) {
    if (host.includes(mark)) continue
    console.log(`/out/main/host-process.js in app.asar is not the host process (no ${mark})`)
    process.exit(1)
  }
  if (host.includes("require(\"electron\")")) {
    console.log("/out/main/host-process.js requires electron: it must run as a plain Node utility process")
    process.exit(1)
  }
  // Every chunk the two main entries share must be packed beside them.
  const listing = require("@electron/asar").listPackage(asar).map((p) => p.replace(/\\/g, "/"))
  for (const [file, text] of [[entry.slice(1), main], ["out/main/host-process.js", host]]) {
    for (const [, chunk] of text.matchAll(/require\("\.\/(chunks\/[^"]+)"\)/g)) {
      if (listing.includes(`/out/main/${chunk}`)) continue
      console.log(`app.asar lacks /out/main/${chunk}, which ${file} requires`)
      process.exit(1)
    }
  }
' "$asar" "$main_entry"
grep -q '^/out/renderer/assets/.*\.js$' <<<"$listing" || { echo "app.asar lacks the renderer bundle"; exit 1; }
if grep -qE '^/(src|tests|docs)/' <<<"$listing"; then echo "app.asar carries sources"; exit 1; fi
# Runtime dependencies the main process requires at run time must be packed too.
for dep in socket.io socket.io-client zod libsql multicast-dns; do
  grep -qxF "/node_modules/$dep/package.json" <<<"$listing" || { echo "app.asar lacks $dep"; exit 1; }
done
# libsql's native binding must sit outside the archive to be loadable.
ls "$app"/resources/app.asar.unpacked/node_modules/@libsql/*/*.node >/dev/null \
  || { echo "libsql binding not unpacked"; exit 1; }
[ -x "$app/papo" ] || { echo "missing executable $app/papo"; exit 1; }
# The papo: scheme, read from the config the way packaging read it: electron-builder writes the
# Linux .desktop entry's MimeType=x-scheme-handler/papo, macOS's CFBundleURLTypes and the Windows
# installer's registry keys from `protocols` (the dir target writes none of them itself).
node -e '
  const path = require("node:path")
  const yaml = require(require.resolve("js-yaml", {
    paths: [path.dirname(require.resolve("app-builder-lib/package.json"))]
  }))
  const config = yaml.load(require("node:fs").readFileSync("electron-builder.yml", "utf8"))
  const schemes = [config.protocols ?? []].flat().flatMap((p) => [p.schemes ?? []].flat())
  if (!schemes.includes("papo")) {
    console.log("packaging does not register the papo: scheme (electron-builder.yml protocols)")
    process.exit(1)
  }
  console.log("  link scheme registered: papo:")
'
# The fuses, read back from the packaged binary: each one electron-builder.yml sets must be so,
# the five the hardening relies on must be among them, and the rest must be as Electron ships
# them. `npx electron-fuses read --app release/linux-unpacked/papo` prints the same.
node -e '
  const [binary, standInWire] = process.argv.slice(1)
  const path = require("node:path")
  const { getCurrentFuseWire, FuseV1Options } = require("@electron/fuses")
  // js-yaml is electron-builder'"'"'s own YAML reader: the config is read the way packaging read it.
  const yaml = require(require.resolve("js-yaml", {
    paths: [path.dirname(require.resolve("app-builder-lib/package.json"))]
  }))
  const configured = yaml.load(require("node:fs").readFileSync("electron-builder.yml", "utf8")).electronFuses ?? {}
  const required = {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true
  }
  let failed = false
  for (const [key, value] of Object.entries(required)) {
    if (configured[key] === value) continue
    console.log(`electron-builder.yml: electronFuses.${key} must be ${value}`)
    failed = true
  }
  getCurrentFuseWire(binary).then((wire) => {
    if (wire.version !== "1") throw new Error(`fuse wire version ${wire.version}, expected 1`)
    for (let i = 0; i < standInWire.length; i++) {
      const name = FuseV1Options[i] ?? `fuse ${i}`
      const key = name[0].toLowerCase() + name.slice(1)
      const expected = key in configured ? (configured[key] ? "1" : "0") : standInWire[i]
      const actual = String.fromCharCode(wire[i])
      const state = { "0": "off", "1": "on" }
      console.log(`  fuse ${name}: ${state[actual] ?? actual}`)
      if (actual === expected) continue
      console.log(`  ^ expected ${state[expected]}`)
      failed = true
    }
    if (failed) process.exit(1)
  }).catch((e) => { console.log(`could not read the fuses of ${binary}: ${e.message}`); process.exit(1) })
' "$app/papo" "$stand_in_wire"
echo "package smoke test passed: $(grep -c . <<<"$listing") entries in app.asar"
