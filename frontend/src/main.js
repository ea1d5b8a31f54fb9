import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createAppRouter } from './router'
import { setSessionEndedHandler } from './api/http'
import { useAuth } from './stores/auth'
import { useToasts } from './stores/toasts'
import './style.css'

const pinia = createPinia()
const router = createAppRouter(pinia)

setSessionEndedHandler(() => {
  const auth = useAuth(pinia)
  if (!auth.user) return
  auth.sessionEnded()
  useToasts(pinia).info('Your session has ended. Please log in again.')
  const current = router.currentRoute.value
  router.push({ name: 'login', query: { next: current.fullPath } })
})

createApp(App).use(pinia).use(router).mount('#app')
