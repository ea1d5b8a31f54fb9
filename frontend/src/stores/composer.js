import { defineStore } from 'pinia'

// A post being prepared elsewhere (the caption page, a calendar click) and
// handed to the composer on the schedule page.
export const useComposer = defineStore('composer', {
  state: () => ({ open: false, caption: '', wall: '' }),
  actions: {
    start({ caption = '', wall = '' } = {}) {
      this.caption = caption
      this.wall = wall
      this.open = true
    },
    close() {
      this.open = false
      this.caption = ''
      this.wall = ''
    },
  },
})
