import { defineStore } from 'pinia'

let nextId = 1

export const useToasts = defineStore('toasts', {
  state: () => ({ items: [] }),
  actions: {
    push(kind, message, { timeout = 5000 } = {}) {
      const id = nextId++
      this.items.push({ id, kind, message })
      if (timeout) setTimeout(() => this.dismiss(id), timeout)
      return id
    },
    success(message, options) {
      return this.push('success', message, options)
    },
    error(message, options) {
      return this.push('error', message, { timeout: 8000, ...options })
    },
    info(message, options) {
      return this.push('info', message, options)
    },
    dismiss(id) {
      this.items = this.items.filter((toast) => toast.id !== id)
    },
  },
})
