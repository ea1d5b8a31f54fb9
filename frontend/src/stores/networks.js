import { defineStore } from 'pinia'
import { networksApi } from '../api/resources'
import { errorMessage } from '../api/errors'

// What the server says about each network (GET /api/v1/networks/): label, how an
// account is connected, text and media rules, per-account options, caption and
// trend support. Loaded once after login; the SPA names no network itself.
let pending = null

class ShapeError extends Error {}

export const useNetworks = defineStore('networks', {
  state: () => ({ list: [], loaded: false, loading: false, error: '' }),
  getters: {
    byName: (state) => Object.fromEntries(state.list.map((network) => [network.name, network])),
    /** Networks connected through the authorize-URL flow. */
    oauth: (state) => state.list.filter((network) => network.connect === 'oauth'),
    /** Networks whose accounts are added with a handle only. */
    direct: (state) => state.list.filter((network) => network.connect === 'direct'),
    captionTargets: (state) => state.list.filter((network) => network.captions),
    /** Networks posts are published to (not the trends-only ones). */
    publishing: (state) => state.list.filter((network) => network.publishes),
    trendSources: (state) => state.list.filter((network) => network.trends),
  },
  actions: {
    /** Loads the list unless it is already there; concurrent calls share one request. */
    load({ force = false } = {}) {
      if (this.loaded && !force) return Promise.resolve(this.list)
      if (pending) return pending
      this.loading = true
      this.error = ''
      const request = networksApi
        .list()
        .then((data) => {
          if (!Array.isArray(data)) throw new ShapeError('The server described the networks in an unexpected shape.')
          if (pending !== request) return this.list // reset() while in flight: a newer session owns the store
          this.list = data
          this.loaded = true
          return data
        })
        .catch((failure) => {
          if (pending === request) this.error = failure instanceof ShapeError ? failure.message : errorMessage(failure, 'Could not load the networks.')
          throw failure
        })
        .finally(() => {
          if (pending === request) {
            this.loading = false
            pending = null
          }
        })
      pending = request
      return request
    },
    /** Resolves once the list is loaded (false if loading failed), for code outside templates. */
    async ready() {
      try {
        await this.load()
        return true
      } catch {
        return false
      }
    },
    reset() {
      pending = null
      this.$reset()
    },
    spec(name) {
      return this.byName[name] ?? null
    },
    /** The network's label; its name while the list is unknown. */
    label(name) {
      return this.byName[name]?.label ?? name ?? ''
    },
    trendLabel(name) {
      return this.byName[name]?.trends?.label ?? this.label(name)
    },
  },
})
