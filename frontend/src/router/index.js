import { createRouter, createWebHistory } from 'vue-router'
import { useAuth } from '../stores/auth'
import { failedRoute, reportChunkError } from '../lib/chunks'

// Guests see only the public pages; everything else needs a session.
export const routes = [
  { path: '/login', name: 'login', component: () => import('../views/LoginView.vue'), meta: { guest: true, title: 'Log in' } },
  { path: '/register', name: 'register', component: () => import('../views/RegisterView.vue'), meta: { guest: true, title: 'Create an account' } },
  { path: '/', name: 'dashboard', component: () => import('../views/DashboardView.vue'), meta: { title: 'Dashboard' } },
  { path: '/schedule', name: 'schedule', component: () => import('../views/ScheduleView.vue'), meta: { title: 'Schedule' } },
  { path: '/posts', name: 'posts', component: () => import('../views/PostsView.vue'), meta: { title: 'Posts' } },
  { path: '/queue/:account(\\d+)?', name: 'queue', component: () => import('../views/QueueView.vue'), meta: { title: 'Queue' } },
  { path: '/posts/:id(\\d+)', name: 'post', component: () => import('../views/PostDetailView.vue'), meta: { title: 'Post' } },
  { path: '/upload', name: 'upload', component: () => import('../views/UploadView.vue'), meta: { title: 'Media' } },
  { path: '/trends/:id(\\d+)?', name: 'trends', component: () => import('../views/TrendsView.vue'), meta: { title: 'Trends' } },
  { path: '/caption', name: 'caption', component: () => import('../views/CaptionView.vue'), meta: { title: 'AI Caption' } },
  { path: '/accounts', name: 'accounts', component: () => import('../views/AccountsView.vue'), meta: { title: 'Accounts' } },
  { path: '/notifications', name: 'notifications', component: () => import('../views/NotificationsView.vue'), meta: { title: 'Notifications' } },
  { path: '/settings', name: 'settings', component: () => import('../views/SettingsView.vue'), meta: { title: 'Settings' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('../views/NotFoundView.vue'), meta: { public: true, title: 'Not found' } },
]

export function installGuards(router, pinia) {
  router.beforeEach(async (to) => {
    const auth = useAuth(pinia)
    await auth.bootstrap()
    if (to.meta.public) return true
    if (to.meta.guest) return auth.isAuthenticated ? { name: 'dashboard' } : true
    if (!auth.isAuthenticated) return { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} }
    return true
  })
  // A page whose code fails to load (a new deploy, a dropped connection) is said so (App.vue).
  router.onError((error, to) => {
    // Any other error is logged as vue-router would without a listener.
    if (!reportChunkError(error, to)) console.error(error)
  })
  router.afterEach((to, from, failure) => {
    if (!failure) failedRoute.value = ''
    document.title = to.meta.title ? `${to.meta.title} · SocialTrend` : 'SocialTrend'
  })
}

export function createAppRouter(pinia) {
  const router = createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior: () => ({ top: 0 }),
  })
  installGuards(router, pinia)
  return router
}
