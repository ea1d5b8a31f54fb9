// Runs the reference Bluesky PDS with its PLC directory on loopback, for the Bluesky tests:
// `@atproto/dev-env`'s network without an AppView (nothing here serves app.bsky.* reads).
// Prints the PDS's URL as one line once it listens, then runs until SIGTERM or SIGINT.
// Usage: node start.mjs   (with this folder's node_modules/.bin first on PATH, for Node 22)
import http from 'node:http'
import { TestNetworkNoAppView } from '@atproto/dev-env'

// The servers listen on a port alone, which means every interface: keep them to this machine.
const listen = http.Server.prototype.listen
http.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1')
  return listen.apply(this, args)
}

const network = await TestNetworkNoAppView.create({})
process.stdout.write(`${network.pds.url}\n`)

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  await network.close()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
// The servers keep the event loop alive; stdin closing means the test run that started us ended.
process.stdin.on('end', stop)
process.stdin.resume()
