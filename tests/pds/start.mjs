// Runs the reference Bluesky PDS with its PLC directory on loopback, for the Bluesky tests:
// `@atproto/dev-env`'s network without an AppView (nothing here serves app.bsky.* reads).
// Prints the PDS's URL as one line once it listens, then runs until SIGTERM or SIGINT.
// Usage: node start.mjs   (with this folder's node_modules/.bin first on PATH, for Node 22)
import { TestNetworkNoAppView } from '@atproto/dev-env'

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
