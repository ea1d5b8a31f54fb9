import { defineStore } from 'pinia'

// A post being prepared elsewhere (the caption page, a calendar click) and
// handed to the composer on the schedule page; or an existing post (a draft,
// a scheduled post) opened in it to be edited.
export const useComposer = defineStore('composer', {
  state: () => ({ open: false, caption: '', wall: '', post: null }),
  actions: {
    start({ caption = '', wall = '', post = null } = {}) {
      this.caption = caption
      this.wall = wall
      this.post = post
      this.open = true
    },
    close() {
      this.open = false
      this.caption = ''
      this.wall = ''
      this.post = null
    },
  },
})
