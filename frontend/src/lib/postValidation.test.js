import { describe, expect, it } from 'vitest'
import specs from '../test/networks-fixture.json'
import { validatePost } from './postValidation'

const specOf = (account) => specs.find((spec) => spec.name === account.network)
const NOW = new Date('2030-06-01T10:00:00Z')
const base = { caption: 'Hello', mediaIds: [], accountIds: [], variants: {}, options: {}, when: 'now', date: '', time: '' }
const check = (form, accounts, media = []) => validatePost({ form: { ...base, ...form }, accounts, specOf, media, timeZone: 'Europe/Paris', now: NOW })
const x = { id: 3, handle: 'brand-x', network: 'x' }
const instagram = { id: 4, handle: 'brand-ig', network: 'instagram' }
const linkedin = { id: 2, handle: 'brand-in', network: 'linkedin' }
const reddit = { id: 1, handle: 'brand', network: 'reddit' }

describe('validatePost', () => {
  it('passes a post every chosen network takes', () => {
    expect(check({}, [x, linkedin])).toEqual({})
  })

  it('counts as X does, and puts a variant\'s problem on the variant', () => {
    expect(check({ caption: '日'.repeat(141) }, [x])).toEqual({ caption: 'X (Twitter) allows 280 characters; this text counts 282.' })
    expect(check({ caption: '日'.repeat(141), variants: { 3: 'Short' } }, [x])).toEqual({})
    expect(check({ variants: { 3: 'a'.repeat(300) } }, [x, linkedin])).toEqual({ 'variants.3': 'X (Twitter) allows 280 characters; this text counts 300.' })
    // A variant left blank is no variant: the caption is what goes out.
    expect(check({ caption: 'a'.repeat(281), variants: { 3: '  ' } }, [x])).toHaveProperty('caption')
  })

  it('applies the media rules of each network', () => {
    const image = { kind: 'image' }
    const video = { kind: 'video' }
    expect(check({}, [instagram])).toEqual({ media_ids: 'Instagram needs at least one media item.' })
    expect(check({}, [x], [image, image, image, image, image])).toEqual({ media_ids: 'X (Twitter) allows 4 media items; this post has 5.' })
    expect(check({}, [linkedin], [image, video])).toEqual({ media_ids: 'LinkedIn takes images or one video, not both.' })
    expect(check({ caption: '' }, [linkedin], [image])).toEqual({})
    expect(check({ caption: '' }, [linkedin])).toEqual({ caption: 'Write a caption or attach at least one media item.' })
  })

  it('counts hashtags where a network limits them', () => {
    const tags = Array.from({ length: 31 }, (_, i) => `#tag${i}`).join(' ')
    expect(check({ caption: tags }, [instagram], [{ kind: 'image' }])).toEqual({ caption: 'Instagram allows 30 hashtags; this text has 31.' })
  })

  it('asks for required options and checks their length and kind', () => {
    expect(check({ options: { 1: { subreddit: '', title: ' ', url: '' } } }, [reddit])).toEqual({
      'options.1.subreddit': 'Subreddit is required for @brand.',
      'options.1.title': 'Title is required for @brand.',
    })
    expect(check({ options: { 1: { subreddit: 'coffee', title: 't'.repeat(301), url: 'example.com' } } }, [reddit])).toEqual({
      'options.1.title': 'Title allows 300 characters; this one has 301.',
      'options.1.url': 'Enter a full link starting with http:// or https://.',
    })
  })

  it('needs an account, and a date and time in the future when scheduled', () => {
    expect(check({}, [])).toEqual({ account_ids: 'Choose at least one account.' })
    expect(check({ when: 'schedule' }, [x])).toEqual({ date: 'Choose a date, or save the post as a draft.', time: 'Choose a time.' })
    // 12:00 in Paris in June is 10:00 UTC: now, so already passed.
    expect(check({ when: 'schedule', date: '2030-06-01', time: '12:00' }, [x])).toEqual({ scheduled_at: 'This time has passed: choose a later time, or publish now.' })
    expect(check({ when: 'schedule', date: '2030-06-01', time: '12:01' }, [x])).toEqual({})
    expect(check({ when: 'draft' }, [x])).toEqual({})
  })
})
