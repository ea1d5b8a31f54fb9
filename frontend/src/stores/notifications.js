// The bell's unread count, polled while signed in; pages that change notifications refresh it.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { notificationsApi } from '../api/resources'

export const POLL_MS = 30000

export const useNotifications = defineStore('notifications', () => {
  const unread = ref(0)
  let timer = null

  async function refresh() {
    try {
      unread.value = (await notificationsApi.unreadCount()).unread
    } catch {
      // The bell keeps its last count; the next poll tries again.
    }
  }

  function start() {
    stop()
    refresh()
    timer = setInterval(refresh, POLL_MS)
  }

  function stop() {
    clearInterval(timer)
    timer = null
  }

  return { unread, refresh, start, stop }
})
