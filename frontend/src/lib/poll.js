// Follow work a worker does (a caption request, a webhook test): load it again every
// `intervalMs` until `done(value)` or the deadline; resolves with the last value.
export async function pollUntil(load, done, { first, intervalMs = 1000, timeoutMs = 300000 } = {}) {
  let value = first === undefined ? await load() : first
  const deadline = Date.now() + timeoutMs
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
    value = await load()
  }
  return value
}
