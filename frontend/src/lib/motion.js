// Light motion for @motionone/vue, switched off when the user asks for less.
const reduced = () => typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches

export function fadeUp(distance = 6) {
  if (reduced()) return { initial: false, animate: { opacity: 1 }, transition: { duration: 0 } }
  return {
    initial: { opacity: 0, y: distance },
    animate: { opacity: 1, y: 0 },
    transition: { duration: 0.18, easing: 'ease-out' },
  }
}
